"""Templates: sheets per pillar, prefilled rows, drop-downs from a hidden list sheet, protection, version."""

from __future__ import annotations

import openpyxl
import pytest

from etl import workbook as wb
from etl.cli import main
from etl.validate import validate_bytes

EXPECTED = {
    "pencegahan": ["Petunjuk", "Identitas", "Indikator", "Aksi RAN", "Daftar"],
    "penegakan-hukum": ["Petunjuk", "Identitas", "Indikator", "Kasus", "Aksi RAN", "Daftar"],
    "kerja-sama": ["Petunjuk", "Identitas", "Indikator", "Tindak Lanjut Layanan", "Aksi RAN", "Daftar"],
    "rehab-kesehatan": ["Petunjuk", "Identitas", "Indikator", "Layanan Korban", "Aksi RAN", "Daftar"],
    "rehab-sosial": ["Petunjuk", "Identitas", "Indikator", "Layanan Korban", "Aksi RAN", "Daftar"],
}


@pytest.mark.parametrize("pillar", list(EXPECTED))
def test_template_layout(pillar, db, ref, tmp_path):
    path = tmp_path / f"{pillar}.xlsx"
    assert main(["--db", str(db), "template", pillar, "-o", str(path)]) == 0
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
    assert ws["F2"].protection.locked is False  # Nilai is an input cell
    assert ws["A2"].protection.locked  # the prefilled code is not


def test_blank_template_needs_only_a_week_and_values(ref, tmp_path):
    path = tmp_path / "t.xlsx"
    assert main(["--db", str(tmp_path / "none.duckdb"), "template", "kerja-sama", "-o", str(path)]) == 0
    codes = {i.code for i in validate_bytes(path.read_bytes(), path.name, ref).report.issues}
    assert codes == {"week-missing", "value-missing"}


def test_the_guide_numbers_its_steps_in_order_for_every_pillar(ref):
    import re

    from etl import workbook as wb
    from etl.template import build_workbook

    for pillar in wb.PILLAR_SLUGS:
        guide = build_workbook(pillar, ref, identity={"week": "2026-W20"})[wb.SHEET_GUIDE]
        numbers = [int(m[1]) for c in guide["A"] if c.value and (m := re.match(r"(\d+)\. ", str(c.value)))]
        assert numbers == list(range(1, len(numbers) + 1)), (pillar, numbers)


def _column(ws, header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(c.column for c in ws[1] if c.value == header))


def test_rows_below_the_prefilled_ones_are_open_for_a_breakdown(ref):
    from etl.template import INPUT_ROWS, build_workbook

    ws = build_workbook("pencegahan", ref, identity={"week": "2026-W20"})["Indikator"]
    first_free = next(r for r in range(2, ws.max_row + 2) if ws.cell(r, 1).value is None)
    last = first_free + INPUT_ROWS - 1
    for header in ("Kode indikator", "Wilayah", "Nilai", "Pembilang", "Penyebut", "Catatan"):
        letter = _column(ws, header)
        assert ws[f"{letter}{first_free}"].protection.locked is False, header
        assert ws[f"{letter}{last}"].protection.locked is False, header
    assert ws[f"A{first_free - 1}"].protection.locked  # a prefilled code stays as the template wrote it
    assert ws[f"{_column(ws, 'Nilai minggu lalu')}{first_free}"].protection.locked  # a reference is never input
    dropdowns = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert dropdowns[f"A2:A{last}"].startswith("=Daftar!") and dropdowns[f"D2:D{last}"].startswith("=Daftar!")


def test_the_area_list_is_ordered_by_level_and_every_name_is_unambiguous(ref):
    from etl.template import build_workbook

    book = build_workbook("pencegahan", ref, identity={"week": "2026-W20"})
    lists = book["Daftar"]
    column = next(c.column for c in lists[1] if c.value == "wilayah")
    names = [lists.cell(r, column).value for r in range(2, lists.max_row + 1) if lists.cell(r, column).value]
    codes = [ref.areas.find(name).code for name in names]
    assert None not in codes and len(set(codes)) == len(names) == len(set(names))  # each name finds its one area
    order = ["kabkota", "kecamatan", "kelurahan", "desa"]
    levels = [order.index(ref.areas.rows[c]["level"]) for c in codes]
    assert levels == sorted(levels)  # largest first
    assert "Kabupaten Sambas" in names and "Kecamatan Sambas" in names and "Sambas" not in names
    assert "Kecamatan Singkawang Tengah" in names and "Kelurahan Tengah (Singkawang Barat)" in names
    kecamatan = [n for n, lv in zip(names, levels, strict=True) if lv == 1]
    assert kecamatan == sorted(kecamatan)
    # what the template itself writes is in the list
    ws = book["Indikator"]
    assert {ws.cell(r, 4).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value} <= set(names)


def test_deadlines_are_dates_and_numbers_are_checked_inside_excel(ref):
    import datetime as dt

    from etl.template import build_workbook

    book = build_workbook("penegakan-hukum", ref, identity={"week": "2026-W20"})
    due = book["Aksi RAN"][f"{_column(book['Aksi RAN'], 'Tenggat')}2"]
    assert isinstance(due.value, dt.datetime | dt.date) and due.number_format == "DD/MM/YYYY"
    checks = {}
    for name in ("Indikator", "Kasus", "Aksi RAN"):
        ws = book[name]
        for dv in ws.data_validations.dataValidation:
            if dv.type in ("decimal", "whole"):
                header = ws[f"{str(dv.sqref).split(':')[0].rstrip('0123456789')}1"].value
                checks[(name, header)] = (dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle)
    assert checks[("Indikator", "Nilai")] == ("decimal", "greaterThanOrEqual", "0", None, "stop")
    assert checks[("Indikator", "Penyebut")][:3] == ("decimal", "greaterThanOrEqual", "0")
    assert checks[("Kasus", "Jumlah korban")] == ("whole", "between", "0", "100000", "stop")
    assert checks[("Aksi RAN", "Progres (%)")] == ("decimal", "between", "0", "100", "stop")
    assert ("Indikator", "Nilai minggu lalu") not in checks


def test_jenis_data_is_offered_as_resmi_and_cannot_be_left_blank(ref):
    from etl.template import build_workbook, workbook_bytes
    from etl.validate import validate_bytes

    book = build_workbook("kerja-sama", ref, identity={"week": "2026-W20"})
    assert book["Identitas"]["B7"].value == "RESMI"
    book["Identitas"]["B7"] = None
    codes = {i.code for i in validate_bytes(workbook_bytes(book), "x.xlsx", ref).report.errors}
    assert "data-kind-missing" in codes
