"""One registry of issue codes (etl.issues.ISSUE_TYPES): every code the code can raise is in it, every code has its
message in the catalogue, and every code is produced by at least one test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from etl.issues import ISSUE_TYPES, UNREADABLE, Report
from gugus.i18n import CATALOGUE, t

ROOT = Path(__file__).resolve().parents[2]
RAISERS = {"add", "CellError", "_row_fail", "problem", "PydanticCustomError", "_issue"}


def _raised_codes() -> dict[str, str]:
    """Every code given as a literal to a call that makes an issue, in etl/ and gugus/, with where."""
    found = {}
    for package in ("etl", "gugus"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                first = node.args[0]
                if name in RAISERS and isinstance(first, ast.Constant) and isinstance(first.value, str) and "-" in first.value:
                    found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_the_code_raises_is_registered():
    raised = _raised_codes()
    assert len(raised) > 40  # the walk finds them (report.add, CellError, row failures, plan problems)
    assert {code: where for code, where in raised.items() if code not in ISSUE_TYPES} == {}


def test_every_registered_code_has_its_message_and_every_message_its_code():
    keys = {key.removeprefix("issue.") for key in CATALOGUE if key.startswith("issue.")}
    assert keys == set(ISSUE_TYPES)
    for issue_type in ISSUE_TYPES.values():
        assert CATALOGUE[issue_type.key][0].strip(), issue_type.code


def test_severity_and_unusable_come_from_the_registry():
    warnings = {c for c, t in ISSUE_TYPES.items() if t.severity == "warning"}
    assert warnings == {"value-missing", "sheet-dimension-ignored", "text-control-removed", "percent-format-read", "report-date-far"}
    assert "file-macro" in UNREADABLE
    assert "type-number" not in UNREADABLE
    report = Report("x.xlsx")
    report.add("value-missing", sheet="Indikator", row=4, col=5, indicator="PCG-01")
    report.add("type-number", sheet="Indikator", row=5, col=5, value="banyak")
    assert [(i.code, i.severity) for i in report.issues] == [("value-missing", "warning"), ("type-number", "error")]
    assert report.issues[1].message == t("issue.type-number", value="banyak", header="", sheet="Indikator")


def test_an_unregistered_code_is_a_defect_not_a_message():
    with pytest.raises(KeyError):
        Report("x.xlsx").add("kode-tak-dikenal")


def _expected_in_tests() -> set[str]:
    """Every string a test expects: in an assert, in a table of cases at module level, or in a parametrize list
    (a code merely mentioned elsewhere, say in a helper, does not count)."""

    def strings(node) -> set[str]:
        return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}

    found = set()
    for path in (ROOT / "tests").rglob("*.py"):
        if path.name == Path(__file__).name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found |= set().union(*(strings(n) for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                found |= strings(node)
            elif isinstance(node, ast.FunctionDef):
                found |= set().union(set(), *(strings(d) for d in node.decorator_list))
    return found


QUOTED = _expected_in_tests()


@pytest.mark.parametrize("code", sorted(ISSUE_TYPES))
def test_every_code_is_produced_by_a_test(code):
    assert code in QUOTED
