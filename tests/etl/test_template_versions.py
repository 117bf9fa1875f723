"""Templates evolve without breaking the field: a workbook of the previous version still validates and loads
(the new fields empty), the current one carries the new column and sheet, and Petunjuk says what changed."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from etl import workbook as wb
from etl.load import Incoming, load_files
from etl.sample import sample_identity, sample_rows
from etl.template import build_workbook, workbook_bytes
from etl.validate import validate_bytes
from gugus import db as gdb
from tests.conftest import WEEK

CASE = {
    "case_ref": "LP/B/7/V/2026/SPKT",
    "reported_date": WEEK.monday,
    "origin_area": "61.01.09",
    "modus": "pengantin-pesanan",
    "victims_female_adult": 2,
    "victims_total": 2,
    "stage": "laporan",
    "service_points": "paspor; Dokumen kependudukan (umur/identitas dipalsukan)",
}


def _book(ref, pillar: str, version: int, rows: dict) -> bytes:
    identity = sample_identity(pillar, WEEK, ref, WEEK.sunday)
    return workbook_bytes(build_workbook(pillar, ref, identity=identity, rows={"Indikator": [], "Aksi RAN": [], **rows}, version=version))


def test_a_version_1_workbook_has_neither_new_column_nor_sheet():
    assert wb.SHEET_FOLLOWUP not in wb.sheets_for("kerja-sama", 1)
    assert wb.SHEET_FOLLOWUP in wb.sheets_for("kerja-sama")
    assert "Titik layanan bermasalah" not in wb.headers(wb.CaseRow, 1)
    assert "Titik layanan bermasalah" in wb.headers(wb.CaseRow)


def test_version_1_workbooks_still_load_with_the_new_fields_empty(db, ref):
    ph = _book(ref, "penegakan-hukum", 1, {"Kasus": [{k: v for k, v in CASE.items() if k != "service_points"}]})
    ks = _book(ref, "kerja-sama", 1, {"Indikator": sample_rows("kerja-sama", WEEK, ref)["Indikator"]})
    book = openpyxl.load_workbook(io.BytesIO(ph))
    assert book["Identitas"]["B8"].value == "TPPO-SKW/penegakan-hukum/v1"
    assert [c.value for c in book["Kasus"][1]][-1] == "Bujur lokasi kejadian"  # the old last column
    results = load_files([Incoming("ph-v1.xlsx", ph), Incoming("ks-v1.xlsx", ks)], db=db, today=dt.date(2026, 12, 31))
    assert [r.status for r in results] == ["loaded", "loaded"], [r.report.issues for r in results]
    with gdb.connect(db) as con:
        assert con.execute("SELECT case_ref, service_points FROM case_report").fetchall() == [("LP/B/7/V/2026/SPKT", None)]
        assert con.execute("SELECT template_version FROM upload ORDER BY id").fetchall() == [
            ("TPPO-SKW/penegakan-hukum/v1",),
            ("TPPO-SKW/kerja-sama/v1",),
        ]


def test_the_current_version_stores_several_service_points_per_case(db, ref):
    [result] = load_files(
        [Incoming("ph.xlsx", _book(ref, "penegakan-hukum", wb.TEMPLATE_VERSION, {"Kasus": [CASE]}))], db=db, today=dt.date(2026, 12, 31)
    )
    assert result.status == "loaded", result.report.issues
    with gdb.connect(db) as con:
        assert con.execute("SELECT service_points FROM case_report").fetchone()[0] == ["paspor", "dokumen-kependudukan"]


def test_a_current_kerja_sama_workbook_without_its_follow_up_sheet_is_refused_at_the_sheet(ref):
    data = _book(ref, "kerja-sama", wb.TEMPLATE_VERSION, {"Indikator": sample_rows("kerja-sama", WEEK, ref)["Indikator"]})
    book = openpyxl.load_workbook(io.BytesIO(data))
    del book[wb.SHEET_FOLLOWUP]
    out = io.BytesIO()
    book.save(out)
    result = validate_bytes(out.getvalue(), "ks.xlsx", ref)
    assert [(i.sheet, i.code) for i in result.report.errors] == [(wb.SHEET_FOLLOWUP, "sheet-missing")]


@pytest.mark.parametrize("version", [1, 2])
def test_petunjuk_says_what_changed_up_to_its_version(ref, version):
    guide = openpyxl.load_workbook(io.BytesIO(_book(ref, "penegakan-hukum", version, {})))["Petunjuk"]
    text = "\n".join(str(c.value) for c in guide["A"] if c.value)
    assert f"TPPO-SKW/penegakan-hukum/v{version}" in text
    assert ("Yang berubah pada versi 2:" in text) == (version >= 2)
    assert ("Titik layanan bermasalah" in text) == (version >= 2)


def test_an_in_app_ran_update_keeps_the_service_points_and_the_follow_ups(db, ref):
    from etl.ranedit import save_ran_progress

    followup = {"case_ref": CASE["case_ref"], "service_point": "paspor", "agency": "IMIGRASI", "sent_date": WEEK.monday, "status": "dikirim"}
    books = [
        Incoming("ph.xlsx", _book(ref, "penegakan-hukum", wb.TEMPLATE_VERSION, {"Kasus": [CASE]})),
        Incoming("ks.xlsx", _book(ref, "kerja-sama", wb.TEMPLATE_VERSION, {"Tindak Lanjut Layanan": [followup]})),
    ]
    assert [r.status for r in load_files(books, db=db, today=dt.date(2026, 12, 31))] == ["loaded", "loaded"]
    for pillar in ("penegakan-hukum", "kerja-sama"):
        action = next(code for code, a in ref.actions.items() if a["pillar"] == pillar)
        result = save_ran_progress(pillar, WEEK, ref, action=action, status="berjalan", progress=40, evidence="Rapat", by="tester", db=db)
        assert result.status == "loaded", result.report.issues
    with gdb.connect(db) as con:
        kept = con.execute("SELECT service_points FROM case_report c JOIN upload_current u ON u.id = c.upload_id").fetchall()
        follow = con.execute(
            "SELECT f.service_point, f.agency, f.status FROM service_followup f JOIN upload_current u ON u.id = f.upload_id"
        ).fetchall()
    assert kept == [(["paspor", "dokumen-kependudukan"],)]
    assert follow == [("paspor", "IMIGRASI", "dikirim")]


def test_an_older_workbook_carrying_the_newer_column_and_sheet_keeps_what_they_hold(db, ref):
    followup = {"case_ref": CASE["case_ref"], "service_point": "paspor", "agency": "IMIGRASI", "sent_date": WEEK.monday, "status": "dikirim"}

    def stamped_v1(data: bytes, pillar: str) -> bytes:
        book = openpyxl.load_workbook(io.BytesIO(data))
        book["Identitas"]["B8"] = f"TPPO-SKW/{pillar}/v1"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    ph = stamped_v1(_book(ref, "penegakan-hukum", 2, {"Kasus": [CASE]}), "penegakan-hukum")
    ks = stamped_v1(_book(ref, "kerja-sama", 2, {"Tindak Lanjut Layanan": [followup]}), "kerja-sama")
    results = load_files([Incoming("ph.xlsx", ph), Incoming("ks.xlsx", ks)], db=db, today=dt.date(2026, 12, 31))
    assert [r.status for r in results] == ["loaded", "loaded"], [r.report.issues for r in results]
    with gdb.connect(db) as con:
        assert con.execute("SELECT service_points FROM case_report").fetchone()[0] == ["paspor", "dokumen-kependudukan"]
        assert con.execute("SELECT service_point FROM service_followup").fetchall() == [("paspor",)]


def test_an_older_workbook_replacing_a_week_asks_before_the_service_points_go(db, ref):
    first = load_files([Incoming("ph-v2.xlsx", _book(ref, "penegakan-hukum", 2, {"Kasus": [CASE]}))], db=db, today=dt.date(2026, 12, 31))
    assert first[0].status == "loaded"
    old = _book(ref, "penegakan-hukum", 1, {"Kasus": [{k: v for k, v in CASE.items() if k != "service_points"}]})
    [result] = load_files([Incoming("ph-v1.xlsx", old)], db=db, today=dt.date(2026, 12, 31))
    assert result.status == "rejected"
    [issue] = result.report.errors
    assert issue.code == "values-removed"
    assert (
        "LP/B/7/V/2026/SPKT · titik layanan bermasalah: Dokumen kependudukan (umur/identitas dipalsukan), Penerbitan / wawancara paspor"
        in issue.message
    )


def test_service_points_on_separate_lines_of_one_cell_are_separate_choices(ref):
    typed = "Penerbitan / wawancara paspor\nTransportasi (bandara / pelabuhan)"  # Alt+Enter in Excel
    result = validate_bytes(_book(ref, "penegakan-hukum", 2, {"Kasus": [{**CASE, "service_points": typed}]}), "ph.xlsx", ref)
    assert result.ok, result.report.errors
    assert result.workbook.rows["Kasus"][0][1].service_points == ("paspor", "transportasi")


def test_a_follow_up_retyped_in_lower_case_is_not_a_removal(db, ref):
    followup = {"case_ref": CASE["case_ref"], "service_point": "paspor", "agency": "IMIGRASI", "sent_date": WEEK.monday, "status": "dikirim"}
    first = _book(ref, "kerja-sama", 2, {"Tindak Lanjut Layanan": [followup]})
    again = _book(ref, "kerja-sama", 2, {"Tindak Lanjut Layanan": [{**followup, "case_ref": CASE["case_ref"].lower(), "letter": "Surat 2"}]})
    results = load_files([Incoming("ks1.xlsx", first), Incoming("ks2.xlsx", again)], db=db, today=dt.date(2026, 12, 31))
    assert [r.status for r in results] == ["loaded", "loaded"], [r.report.issues for r in results]


def test_an_officers_own_column_given_twice_is_no_problem_but_a_read_one_is(ref):
    def with_headers(*pairs):
        book = openpyxl.load_workbook(io.BytesIO(_book(ref, "penegakan-hukum", 2, {"Kasus": [CASE]})))
        for cell, header in pairs:
            book["Kasus"][cell] = header
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    own = validate_bytes(with_headers(("T1", "Keterangan tambahan"), ("U1", "Keterangan tambahan")), "ph.xlsx", ref)
    assert own.ok, own.report.errors
    read = validate_bytes(with_headers(("T1", "Tersangka")), "ph.xlsx", ref)
    assert [(i.sheet, i.row, i.column, i.code) for i in read.report.errors] == [("Kasus", 1, "T", "column-duplicate")]
