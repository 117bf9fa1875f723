"""The layers, read from the source: no import cycle (imports inside functions included), figure builders that
read no database, imports inside functions only where starting up would otherwise cost, and pages that only draw."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gugus", "etl", "ui")
FIGURE_BUILDERS = ("gugus.charts", "gugus.cartography", "gugus.mapfigure", "gugus.printmap", "gugus.briefing_plots")
# Imports inside a function, each with the reason it is there. Nothing else may import late.
LATE = {
    ("etl.cli", "gugus.geo"): "geopandas only for `etl boundaries`: every other command starts quickly",
    ("etl.cli", "gugus.briefing"): "charts, maps and typesetting only for `etl briefing`: every other command starts quickly",
    ("etl.cli", "gugus.briefing_files"): "charts, maps and typesetting only for `etl briefing`: every other command starts quickly",
    ("gugus.bootstrap", "gugus.geo"): "geopandas only when a database still lacks its shapes",
    ("gugus.instance", "gugus.geo"): "geopandas only where the set-up checklist is drawn: `etl health` and the other commands start quickly",
    ("etl.read_worker", "etl.reader"): "the reader process limits its memory before it imports the reader",
    ("etl.read_worker", "etl.annotate"): "the reader process limits its memory before it imports the reader",
    ("etl.read_worker", "etl.validate"): "the reader process limits its memory before it imports the reader",
    ("etl.read_worker", "etl.styles"): "openpyxl only when a plan's cell colours are read",
    ("gugus.reference", "pandas"): "the reader processes validate with the reference data, never its CSVs: they start without pandas",
}


def _modules() -> dict[str, Path]:
    """Every module of the packages, and the pages and app.py as modules of their own ("pages.peta", "app")."""
    found = {"app": ROOT / "app.py"}
    for package in (*PACKAGES, "pages"):
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(imported project module, inside a function?) for every import statement of one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    late_nodes = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) for n in ast.walk(f)}
    out = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        out += [(t, id(node) in late_nodes) for t in targets if t in MODULES and t != name]
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target, _ in GRAPH[node]:
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(GRAPH):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_walk_sees_imports_inside_functions():
    assert ("gugus.geo", True) in GRAPH["etl.cli"]
    assert ("gugus.db", False) in GRAPH["gugus.bootstrap"]


def test_no_module_imports_itself_back_through_others():
    assert _cycle() is None


def test_the_cycle_check_finds_a_cycle(monkeypatch):
    monkeypatch.setitem(GRAPH, "gugus.settings", [*GRAPH["gugus.settings"], ("gugus.db", True)])
    cycle = _cycle()
    assert set(cycle) == {"gugus.db", "gugus.settings"}
    assert cycle[0] == cycle[-1]


def test_imports_inside_functions_are_only_the_listed_ones():
    late = {(name, target) for name, targets in GRAPH.items() for target, inside in targets if inside}
    assert late == {pair for pair in LATE if pair[1] in MODULES}  # of the project's own modules


def _reads_the_database(name: str) -> bool:
    source = MODULES[name].read_text(encoding="utf-8")
    return "import duckdb" in source or ".execute(" in source or name == "gugus.db"


@pytest.mark.parametrize("builder", FIGURE_BUILDERS)
def test_figure_builders_take_plain_data_and_read_no_database(builder):
    reached, todo = set(), [builder]
    while todo:
        for target, _ in GRAPH[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert sorted(m for m in reached | {builder} if _reads_the_database(m)) == []


PAGES = sorted((ROOT / "pages").glob("*.py"))
# Table work a page leaves to gugus/views: renaming, reshaping, counting, building frames. (A page may still pick
# one row to draw, with .loc.)
RESHAPING = {"rename", "assign", "groupby", "merge", "pivot", "pivot_table", "melt", "concat", "DataFrame", "value_counts", "apply", "unique"}


def _table_work(source: str) -> list[str]:
    """The private helpers a page calls and the table work it does itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_") and not node.attr.startswith("__"):
            found.append(f"{node.value.id}.{node.attr}")
        if isinstance(node, ast.Attribute) and node.attr in RESHAPING:
            found.append(node.attr)
    return found


def test_the_page_check_sees_table_work_and_private_helpers():
    source = "frame = data.rename(columns={'a': 'A'})\ncounts = frame['x'].value_counts()\nx = indicators._number(1)\n"
    assert sorted(_table_work(source)) == ["indicators._number", "rename", "value_counts"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_pages_call_no_private_helper_and_reshape_no_table(page):
    """Pages only draw: column renames and table shapes are set in gugus/views, rules in the core."""
    assert _table_work(page.read_text(encoding="utf-8")) == []


def test_pages_import_late_nothing():
    late = {(name, target) for name, targets in GRAPH.items() if name.startswith("pages.") or name == "app" for target, inside in targets if inside}
    assert late == set()


def test_no_other_import_sits_inside_a_function_not_even_the_standard_library():
    found = set()
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    found |= {(name, a.name) for a in node.names}
                elif isinstance(node, ast.ImportFrom):
                    found |= {(name, f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module) for a in node.names}
    assert found == set(LATE)


def test_every_page_the_menu_knows_has_its_script_and_every_script_is_in_the_menu():
    from gugus import labels

    assert {p.stem for p in PAGES} == set(labels.PAGES)
