"""A real client round trip: the blank and the pre-filled templates, filled in, then opened and saved again by
LibreOffice Calc (headless, Debian's ``libreoffice-calc-nogui``), validate and load with the same values as the
workbooks before the re-save, and keep their drop-downs, number checks and protection."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from etl.load import Incoming, load_files
from etl.template import build_workbook, reference_rows, workbook_bytes
from gugus import db as gdb
from tests.conftest import WEEK, sample_bytes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# .ci/run installs LibreOffice and sets GUGUS_REQUIRE_OFFICE: there the round trip runs, never skips.
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("GUGUS_REQUIRE_OFFICE"), reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui)"
)


def resaved(data: bytes, folder: Path, name: str) -> bytes:
    """``data`` opened and saved as .xlsx by LibreOffice Calc, as an officer without Excel would."""
    assert SOFFICE, "LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-calc-nogui"
    source, out = folder / "asli" / name, folder / "lo"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    profile = (folder / "profil").as_uri()  # its own profile: runs in parallel never share one
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / name).read_bytes()


def _fill(data: bytes, values: dict[str, float]) -> bytes:
    """Type ``values`` into Nilai of the rows with those indicator codes (every row of the code)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Indikator"]
    header = [c.value for c in ws[1]]
    value = header.index("Nilai") + 1
    for r in range(2, ws.max_row + 1):
        if (code := ws.cell(r, 1).value) in values:
            ws.cell(r, value, values[code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _stored(db: Path) -> dict[str, list[tuple]]:
    with gdb.connect(db) as con:
        return {
            "indicator": con.execute("""SELECT week, indicator, area, value, numerator, denominator, note
                                        FROM indicator_value_current ORDER BY ALL""").fetchall(),
            "ran": con.execute("SELECT week, action, status, progress, evidence FROM ran_update_current ORDER BY ALL").fetchall(),
            "upload": con.execute("SELECT pillar, week, agency, officer, simulated FROM upload_current ORDER BY ALL").fetchall(),
        }


def _load_both(original: bytes, again: bytes, tmp_path: Path, empty: Path, name: str, before: bytes | None = None):
    """Load ``original`` into a copy of the ``empty`` database and LibreOffice's ``again`` into another copy,
    each after ``before``."""
    stored = []
    for label, data in (("asli", original), ("lo", again)):
        db = tmp_path / f"{name}-{label}" / "gugus.duckdb"
        db.parent.mkdir()
        shutil.copy(empty, db)
        if before is not None:
            [first] = load_files([Incoming("minggu-lalu.xlsx", before)], db=db, today=(WEEK + 3).monday)
            assert first.status == "loaded", [i.message for i in first.report.errors]
        [result] = load_files([Incoming(f"{name}.xlsx", data)], db=db, today=(WEEK + 3).monday)
        assert result.status == "loaded", [i.message for i in result.report.errors]
        stored.append((result, _stored(db)))
    return stored


def _protection_and_lists_survive(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Daftar"].sheet_state == "hidden"
    for name in ("Identitas", "Indikator", "Aksi RAN"):
        assert book[name].protection.sheet, name
    ws = book["Indikator"]
    header = [c.value for c in ws[1]]
    value, previous = header.index("Nilai") + 1, header.index("Nilai minggu lalu") + 1
    assert ws.cell(2, value).protection.locked is False and ws.cell(2, previous).protection.locked
    assert ws.cell(2, 1).protection.locked and ws.cell(ws.max_row, 1).protection.locked is False
    kinds = {(dv.type, str(dv.formula1)) for dv in ws.data_validations.dataValidation}
    assert any(kind == "list" and "Daftar" in formula for kind, formula in kinds)
    assert ("decimal", "0") in kinds  # Nilai: a number, 0 or more
    assert any(dv.type == "list" for dv in book["Identitas"].data_validations.dataValidation)


def test_the_blank_template_filled_in_and_resaved_by_libreoffice_loads_the_same(ref, db, tmp_path):
    blank = workbook_bytes(build_workbook("kerja-sama", ref, identity={"week": str(WEEK), "agency": "Bappeda", "officer": "Kabid Sosbud"}))
    codes = [c for c, r in ref.indicators.items() if r["pillar"] == "kerja-sama"]
    filled = _fill(blank, {code: 10 + i for i, code in enumerate(codes)})
    again = resaved(filled, tmp_path, "kerja-sama.xlsx")
    assert again != filled
    (_, original), (result, from_lo) = _load_both(filled, again, tmp_path, db, "kosong")
    assert from_lo == original and len(original["indicator"]) == len(codes)
    assert not [i for i in result.report.all_issues() if i.code != "value-missing"]
    _protection_and_lists_survive(again)


def test_the_prefilled_template_resaved_by_libreoffice_loads_the_same(ref, db, tmp_path):
    empty = tmp_path / "kosong.duckdb"
    shutil.copy(db, empty)
    last_week = sample_bytes(ref, "pencegahan", WEEK)
    [loaded] = load_files([Incoming("minggu-lalu.xlsx", last_week)], db=db)
    assert loaded.status == "loaded"
    with gdb.connect(db) as con:
        rows = reference_rows(con, "pencegahan", WEEK, ref)
        percents = {r["indicator"] for r in rows["Indikator"] if ref.indicators[r["indicator"]]["kind"] == "percent"}
    prefilled = workbook_bytes(
        build_workbook("pencegahan", ref, identity={"week": str(WEEK + 1), "agency": "DP3AP2KB", "officer": "Kasi Perlindungan"}, rows=rows)
    )
    codes = {r["indicator"] for r in rows["Indikator"]}
    filled = _fill(prefilled, {code: 50 if code in percents else 3 for code in codes})
    again = resaved(filled, tmp_path, "pencegahan.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(again))
    header = [c.value for c in book["Indikator"][1]]
    shown = [row[header.index("Nilai minggu lalu")] for row in book["Indikator"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert any(v is not None for v in shown)  # last week's values are still there to read
    (_, original), (_, from_lo) = _load_both(filled, again, tmp_path, empty, "berisi", before=last_week)
    assert from_lo == original
    this_week = [r for r in original["indicator"] if r[0] == str(WEEK + 1)]
    assert this_week and all(r[3] == (50 if r[1] in percents else 3) for r in this_week)
    _protection_and_lists_survive(again)
