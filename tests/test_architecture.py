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


# ── no import cycles ─────────────────────────────────────────────────────────
#
# Every import counts — at module level and inside functions (a lazy import that closes a
# loop only hides the cycle until someone moves it up). Edges: ``import a.b`` → ``a.b``;
# ``from a import b`` → ``a`` (it runs and reads the package's ``__init__``: a submodule
# importing from its own package's ``__init__`` that imports the submodule back is a cycle
# too), and ``a.b`` as well when ``a/b`` is a module; relative imports resolved.

PACKAGES = ("geo", "layers", "ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for pkg in PACKAGES:
        for path in sorted((REPO / pkg).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def import_graph(modules: dict[str, Path] | None = None) -> dict[str, set[str]]:
    """module → the in-repo modules it imports (anywhere in its body)."""
    modules = _modules() if modules is None else modules
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_pkg = path.name == "__init__.py"
        here = name if is_pkg else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base]
                for alias in node.names:
                    sub = f"{base}.{alias.name}" if base else alias.name
                    if sub in modules:
                        targets.append(sub)
            else:
                continue
            for t in targets:
                while t and t not in modules:  # `import geo.x.y` where only geo.x is ours
                    t = t.rpartition(".")[0]
                if t and t != name:
                    edges.add(t)
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each as a cycle
    path through them."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(_path(graph, sorted(comp)) + [f"(all of {', '.join(sorted(comp))})"])

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _path(graph, comp: list[str]) -> list[str]:
    """One cycle through the component's first module, for the error message."""
    members, start = set(comp), comp[0]
    prev, todo = {start: None}, [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return [start] + path[::-1][1:] + [start] if len(path) > 1 else [start, v, start]
            if w not in prev:
                prev[w] = v
                todo.append(w)
    return comp


def test_the_cycle_finder_sees_lazy_and_package_cycles(tmp_path):
    pkg = tmp_path / "p"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from p.a import f\n")
    (pkg / "a.py").write_text("def f():\n    from p import g\n")          # lazy, via __init__
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "x.py").write_text("from . import y\n")
    (pkg / "sub" / "y.py").write_text("def h():\n    import p.sub.x\n")
    (pkg / "c").mkdir()                                                 # submodule ↔ __init__
    (pkg / "c" / "__init__.py").write_text("from p.c.m import k\n")
    (pkg / "c" / "m.py").write_text("from p.c import _t\n")
    (pkg / "c" / "_t.py").write_text("")
    mods = {}
    for path in sorted(pkg.rglob("*.py")):
        parts = list(path.relative_to(tmp_path).with_suffix("").parts)
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    cycles = find_cycles(import_graph(mods))
    assert sorted(sorted(set(c[:-1])) for c in cycles) == [["p", "p.a"], ["p.c", "p.c.m"],
                                                               ["p.sub.x", "p.sub.y"]]


def test_no_import_cycles():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles (counting imports inside functions):\n" + "\n".join(
        " → ".join(c) for c in cycles)


# ── package direction: layers → geo ──────────────────────────────────────────
#
# geo/ is the engine; layers/ declares the layers as data and builds the Folium map from the
# engine. So layers/ may import geo/, and geo/ may not import layers/ (lazy imports included):
# the static map and the KML read the layer styles as data (geo.registry, geo.legend,
# geo.export.mpl_style), and the CLI gets its html map from layers.cli (geo.cli.context).


def layer_imports(root: Path) -> list[tuple[str, int, str]]:
    """``(file, line, module)`` of every import of ``layers`` under ``root/geo``."""
    found = []
    for path in sorted((root / "geo").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "layers":
                names = [f"layers.{a.name}" for a in node.names]     # from layers import legend
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [(path.relative_to(root).as_posix(), node.lineno, name) for name in names
                      if name.split(".")[0] == "layers"]
    return found


def test_the_direction_check_sees_lazy_imports(tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "a.py").write_text("import os\n\ndef f():\n    from layers.registry import x\n")
    (tmp_path / "geo" / "b.py").write_text("from layers import legend\nimport layers.encoding\n")
    assert sorted(layer_imports(tmp_path)) == [("geo/a.py", 4, "layers.registry"),
                                               ("geo/b.py", 1, "layers.legend"),
                                               ("geo/b.py", 2, "layers.encoding")]


def test_geo_does_not_import_layers():
    found = [f"{f}:{line} imports {mod}" for f, line, mod in layer_imports(REPO)]
    assert not found, ("geo/ is the engine and may not import layers/ (the arrow is layers → geo; "
                       "read the style as data or move the renderer up):\n" + "\n".join(found))
