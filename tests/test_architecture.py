"""The layers hold: imports point down, no face imports another, no import circle (docs/architecture.md).

Every module's imports are read with `ast` (none is run). `ALLOWED` is exactly what the code
imports today; an edge may be added to it only if it points down (`test_the_table_points_down`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import ROOT

#: Lower number, lower layer: graph at the bottom, the rule packs (data) over it, the core over them,
#: the service layer over the core, the faces over the service layer, and `server` (the one app
#: `thbgraph serve` runs) over the API and the web app.
LAYER = {
    "graph": 0,
    "rules": 1,
    "ingest": 2, "queries": 2, "resolve": 2,
    "service": 3,
    "api": 4, "web": 4, "cli": 4, "analyst": 4,
    "server": 5,
}
FACES = {"api", "web", "cli", "analyst"}
#: Each top-level package and the top-level packages it may import (exactly those it does).
ALLOWED: dict[str, set[str]] = {
    "graph": set(),
    "rules": {"graph"},
    "ingest": {"graph", "rules"},
    "queries": {"graph", "rules"},
    "resolve": {"graph"},
    "service": {"graph", "ingest", "queries", "resolve", "rules"},
    "api": {"graph", "ingest", "queries", "rules", "service"},
    "web": {"graph", "queries", "service"},
    "cli": {"graph", "ingest", "queries", "resolve", "rules", "service"},
    "analyst": {"graph", "ingest", "queries", "service"},
    "server": {"api", "web", "service"},
}
#: Inside queries/: the families and the families each may import.
FAMILIES: dict[str, set[str]] = {
    "network": set(),
    "options": {"network"},
    "key_persons": {"network", "options"},
    "plans": {"network", "options", "key_persons"},
    "library": set(),
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for top in LAYER for p in sorted((root / top).rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(source: str, module: str, is_package: bool = False) -> Iterator[tuple[str, bool]]:
    """(imported name, type-only) for every import in a module, wherever it stands (in a function too).
    `from a import b` yields `a.b` (a module or a name in `a`); type-only: under `if TYPE_CHECKING:`."""
    def walk(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                yield from ((alias.name, typing_only) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:  # relative: resolved against this module's package
                    package = module.split(".") if is_package else module.split(".")[:-1]
                    package = package[:len(package) - child.level + 1]
                    base = ".".join([*package, base] if base else package)
                yield from ((f"{base}.{alias.name}", typing_only) for alias in child.names)
            else:
                yield from walk(child, typing_only or (isinstance(child, ast.If) and _type_checking(child)))

    yield from walk(ast.parse(source), False)


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name lives in (None outside the project)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def layer_violations(module: str, targets: list[str]) -> list[str]:
    """Imports of `module` that point up, across faces, or to a family of queries/ it may not use."""
    top = module.split(".")[0]
    found = []
    for target in targets:
        other = target.split(".")[0]
        if other in LAYER and other != top and other not in ALLOWED[top]:
            kind = "across faces" if top in FACES and other in FACES else (
                "up" if LAYER[other] >= LAYER[top] else "not in ALLOWED")
            found.append(f"{module} imports {target} ({kind})")
        parts, other_parts = module.split("."), target.split(".")
        if top == other == "queries" and len(parts) > 2 and len(other_parts) > 2 and parts[1] != other_parts[1]:
            if other_parts[1] not in FAMILIES.get(parts[1], set()):
                found.append(f"{module} imports {target} (queries/{parts[1]} may not use queries/{other_parts[1]})")
    return found


def import_graph(modules: dict[str, Path]) -> tuple[dict[str, set[str]], list[str]]:
    """The modules each module imports at run time, and every layering violation (type-only imports too)."""
    graph: dict[str, set[str]] = {}
    violations: list[str] = []
    for module, path in modules.items():
        found = [(t, typing_only) for name, typing_only in imports(path.read_text(encoding="utf-8"), module,
                                                                   path.name == "__init__.py")
                 if (t := _target(name, modules)) is not None and t != module]
        violations += layer_violations(module, [t for t, _ in found])
        graph[module] = {t for t, typing_only in found if not typing_only}
    return graph, violations


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles (strongly connected parts of more than one module), Tarjan's way."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_top_level_package_has_a_layer():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(LAYER)


def test_the_table_points_down():
    for top, allowed in ALLOWED.items():
        for other in allowed:
            assert LAYER[other] < LAYER[top], f"{top} -> {other} does not point down"
            assert not (top in FACES and other in FACES), f"{top} -> {other}: a face imports a face"


@pytest.fixture(scope="module")
def project() -> tuple[dict[str, set[str]], list[str]]:
    return import_graph(project_modules())


def test_imports_point_down_and_never_across_faces(project):
    _, violations = project
    assert violations == []


def test_no_import_circle(project):
    graph, _ = project
    assert circles(graph) == []


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("web.pages", "from api.deps import Viewer", "across faces"),
    ("queries.options.flags", "def f():\n    from service.views import key_persons", "up"),
    ("graph.db", "import queries.network.model", "up"),
    ("queries.network.model", "from queries.plans.model import Plan", "may not use queries/plans"),
])
def test_the_check_finds_a_bad_import(module, source, expected):
    modules = project_modules()
    targets = [t for name, _ in imports(source, module) if (t := _target(name, modules))]
    assert any(expected in v for v in layer_violations(module, targets))


def test_the_check_finds_a_circle():
    assert circles({"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}) == [["a.x", "a.y", "a.z"]]


def test_the_architecture_page_names_every_package():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for top in LAYER:
        assert f"| `{top}/` |" in page, top
    for family in FAMILIES:
        assert f"| `queries/{family}/` |" in page, family
