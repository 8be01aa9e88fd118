"""The engine stays pure: nothing under geo/ imports streamlit or the ui package."""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = ("streamlit", "streamlit_folium", "ui")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((REPO / "geo").rglob("*.py")) + sorted((REPO / "layers").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_engine_and_layers_import_no_streamlit(path):
    bad = _imports(path) & set(FORBIDDEN)
    assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"
