"""Templates: sheets per pillar, prefilled rows, drop-downs from a hidden list sheet, protection, version."""

from __future__ import annotations

import openpyxl
import pytest

from etl import workbook as wb
from etl.cli import main
from etl.validate import validate_path

EXPECTED = {
    "pencegahan": ["Petunjuk", "Identitas", "Indikator", "Aksi RAN", "Daftar"],
    "penegakan-hukum": ["Petunjuk", "Identitas", "Indikator", "Kasus", "Aksi RAN", "Daftar"],
    "kerja-sama": ["Petunjuk", "Identitas", "Indikator", "Aksi RAN", "Daftar"],
    "rehab-kesehatan": ["Petunjuk", "Identitas", "Indikator", "Layanan Korban", "Aksi RAN", "Daftar"],
    "rehab-sosial": ["Petunjuk", "Identitas", "Indikator", "Layanan Korban", "Aksi RAN", "Daftar"],
}


@pytest.mark.parametrize("pillar", list(EXPECTED))
def test_template_layout(pillar, ref, tmp_path):
    path = tmp_path / f"{pillar}.xlsx"
    assert main(["--db", str(tmp_path / "none.duckdb"), "template", pillar, "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == EXPECTED[pillar]
    assert book["Daftar"].sheet_state == "hidden"
    assert book["Identitas"]["B8"].value == wb.stamp(pillar)
    assert book["Identitas"]["B2"].value == ref.pillars[pillar]["name_id"]
    codes = {book["Indikator"].cell(r, 1).value for r in range(2, book["Indikator"].max_row + 1)} - {None}
    assert codes == {c for c, r in ref.indicators.items() if r["pillar"] == pillar}
    actions = {book["Aksi RAN"].cell(r, 1).value for r in range(2, book["Aksi RAN"].max_row + 1)} - {None}
    assert actions == {c for c, r in ref.actions.items() if r["pillar"] == pillar}
    for name in EXPECTED[pillar][1:-1]:
        ws = book[name]
        assert ws.protection.sheet, name
        assert ws["A1"].protection.locked, name
        assert any(dv.formula1.startswith("=Daftar!") for dv in ws.data_validations.dataValidation), name
    ws = book["Indikator"]
    assert ws["E2"].protection.locked is False  # Nilai is an input cell
    assert ws["A2"].protection.locked  # the prefilled code is not


def test_blank_template_needs_only_a_week_and_values(ref, tmp_path):
    path = tmp_path / "t.xlsx"
    assert main(["--db", str(tmp_path / "none.duckdb"), "template", "kerja-sama", "-o", str(path)]) == 0
    codes = {i.code for i in validate_path(path, ref).report.issues}
    assert codes == {"week-missing", "value-missing"}


def test_the_guide_numbers_its_steps_in_order_for_every_pillar(ref):
    import re

    from etl import workbook as wb
    from etl.template import build_workbook

    for pillar in wb.PILLAR_SLUGS:
        guide = build_workbook(pillar, ref, identity={"week": "2026-W20"})[wb.SHEET_GUIDE]
        numbers = [int(m[1]) for c in guide["A"] if c.value and (m := re.match(r"(\d+)\. ", str(c.value)))]
        assert numbers == list(range(1, len(numbers) + 1)), (pillar, numbers)
