"""Action-plan import: header variants, merged strategy cells, cell-level errors, versions; the export."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from etl.load import Incoming, load_files
from etl.plan import REPORT_COLUMNS, import_plan, plan_workbook, read_plan, status_report
from gugus import db as gdb
from gugus import ran
from tests.conftest import WEEK


def _matrix(rows: list[list], header: list[str], title_rows: int = 2, merge_strategy: bool = True) -> bytes:
    """A plan typed the way offices type it: a title above, the header, strategy merged down its group."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Matriks RAD 2026"
    for i in range(title_rows):
        ws.append(["RENCANA AKSI DAERAH PENCEGAHAN DAN PENANGANAN TPPO KOTA SINGKAWANG" if i == 0 else None])
    ws.append(header)
    for row in rows:
        ws.append(row)
    if merge_strategy and len(rows) > 1:
        col = header.index(next(h for h in header if any(w in h.lower() for w in ("strategi", "program", "kebijakan")))) + 1
        ws.merge_cells(start_row=title_rows + 2, start_column=col, end_row=title_rows + 1 + len(rows), end_column=col)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = [
    "No",
    "Sub Gugus Tugas",
    "Strategi / Program",
    "Uraian Kegiatan",
    "Indikator Keluaran",
    "Target",
    "Satuan",
    "Penanggung Jawab",
    "Instansi Terkait",
    "Waktu Mulai",
    "Batas Waktu",
    "Indikator terkait",
]


def _rows() -> list[list]:
    return [
        [
            "A1",
            "Pencegahan",
            "Peningkatan kesadaran",
            "Sosialisasi di sekolah",
            "Sekolah",
            10,
            "sekolah",
            "DP3AP2KB",
            "Disdik; Kesbangpol",
            "05/01/2026",
            dt.date(2026, 6, 30),
            "PCG-03",
        ],
        [
            "A2",
            "Pencegahan",
            None,
            "Sosialisasi di kelurahan",
            "Kelurahan",
            "26",
            "kelurahan",
            "BP2MI",
            "Disnaker",
            dt.date(2026, 2, 1),
            "31/12/2026",
            "PCG-04; PCG-01",
        ],
    ]


def test_merged_strategy_and_header_wordings_import(db, ref):
    result = import_plan(_matrix(_rows(), HEADER), "rad.xlsx", db=db, by="ani")
    assert result.ok and result.version is not None, result.report.issues
    a1, a2 = result.actions
    assert a2["strategy"] == "Peningkatan kesadaran"  # carried down from the merged cell
    assert a2["lead_agency"] == "KP2MI"  # BP2MI: the agency's old name
    assert a1["related_agencies"] == ["DISDIK", "KESBANGPOL"] and a2["indicator_codes"] == ["PCG-04", "PCG-01"]
    assert a1["start"] == dt.date(2026, 1, 5) and a2["target"] == 26
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM ran_action").fetchone()[0] == 2


def test_errors_point_at_their_cells_and_nothing_is_written(db, ref):
    rows = _rows()
    rows[0][7] = "Dinas Entah"  # unknown agency
    rows[1][10] = "31/02/2026"  # no such date
    rows[1][1] = "Pilar Ketujuh"
    with gdb.connect(db) as con:
        before = con.execute("SELECT max(id) FROM plan_version").fetchone()[0]
    result = import_plan(_matrix(rows, HEADER), "rad.xlsx", db=db)
    assert result.version is None
    where = {(i.sheet, i.row, i.column, i.code) for i in result.report.issues}
    assert ("Matriks RAD 2026", 4, "H", "agency-unknown") in where
    assert ("Matriks RAD 2026", 5, "B", "plan-pillar-unknown") in where
    assert any(i.row == 5 and i.column == "K" for i in result.report.issues)
    with gdb.connect(db) as con:
        assert con.execute("SELECT max(id) FROM plan_version").fetchone()[0] == before


def test_missing_required_column_and_missing_header(db, ref):
    no_due = [h for h in HEADER if h != "Batas Waktu"]
    report, _ = read_plan(_matrix([r[:10] + r[11:] for r in _rows()], no_due), "x.xlsx", ref)
    assert [(i.code, i.header) for i in report.issues] == [("column-missing", "Tenggat")]
    report, _ = read_plan(_matrix([["a", "b"]], ["satu", "dua"], merge_strategy=False), "y.xlsx", ref)
    assert [i.code for i in report.issues] == ["plan-header-missing"]
    assert "Kode aksi" in report.issues[0].message


def test_a_revised_plan_supersedes_and_marks_removed_actions(db, ref):
    first = import_plan(_matrix(_rows(), HEADER), "rad-1.xlsx", db=db)
    second = import_plan(_matrix(_rows()[:1], HEADER, merge_strategy=False), "rad-2.xlsx", db=db)
    assert second.superseded == first.version and second.removed == ["A2"]
    with gdb.connect(db) as con:
        assert [r[0] for r in con.execute("SELECT code FROM ran_action").fetchall()] == ["A1"]
        assert "A2" in ran.removed_actions(con)["code"].tolist()  # beside the example plan's actions
        assert con.execute("SELECT count(*) FROM plan_action WHERE code = 'A2'").fetchone()[0] == 1  # history kept


def test_blank_template_round_trips_through_the_reader(ref):
    report, actions = read_plan(plan_workbook(ref), "templat.xlsx", ref)
    assert [i.code for i in report.issues] == ["plan-empty"] and actions == []


def test_export_rereads_with_status_and_no_formula(db, ref):
    rows = _rows()
    rows[0][3] = "-Sosialisasi di sekolah =lanjutan"  # a bullet typed by an officer: Excel would read it as a formula
    import_plan(_matrix(rows, HEADER), "rad.xlsx", db=db)
    with gdb.connect(db) as con:
        frame = ran.actions(con, WEEK)
    data = status_report(frame, WEEK.label(), {"DP3AP2KB": "DP3AP2KB"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    detail = book["Rincian aksi"]
    found = {r[0]: r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] in ("A1", "A2")}
    assert found["A1"][2] == "-Sosialisasi di sekolah =lanjutan"
    cell = next(c for c in detail["C"] if c.value and str(c.value).startswith("-Sosialisasi"))
    assert cell.data_type == "s"  # stored as text: Excel shows it, never runs it
    assert found["A2"][REPORT_COLUMNS.index("Status")] in ("Berjalan", "Belum mulai", "Macet", "Terlambat", "Selesai")
    summary = [r for r in book["Ringkasan"].iter_rows(values_only=True)]
    assert summary[-1][0] == "Jumlah" and summary[-1][1] == 2


def test_in_app_edit_goes_through_the_workbook_path_and_keeps_the_other_sheets(db, ref):
    from etl.template import edited_workbook
    from tests.conftest import sample_bytes

    load_files([Incoming("ph.xlsx", sample_bytes(ref, "penegakan-hukum"))], db=db)
    with gdb.connect(db) as con:
        cases_before = con.execute(
            "SELECT count(*) FROM case_current c JOIN upload_current u ON u.id = c.upload_id WHERE u.week = ?", [str(WEEK)]
        ).fetchone()[0]
        action = con.execute("SELECT code FROM ran_action WHERE pillar = 'penegakan-hukum' ORDER BY code LIMIT 1").fetchone()[0]
        data = edited_workbook(
            con, "penegakan-hukum", WEEK, ref, [{"action": action, "status": "berjalan", "progress": 55, "evidence": "Surat 12/2026"}], "budi"
        )
    [result] = load_files([Incoming("edit.xlsx", data)], db=db, by="budi", expected_pillar="penegakan-hukum")
    assert result.status == "loaded" and result.superseded, result.report.issues
    with gdb.connect(db) as con:
        assert con.execute("SELECT progress, evidence FROM ran_update_current WHERE action = ? AND week = ?", [action, str(WEEK)]).fetchone() == (
            55.0,
            "Surat 12/2026",
        )
        cases_after = con.execute(
            "SELECT count(*) FROM case_report c JOIN upload_current u ON u.id = c.upload_id WHERE u.week = ?", [str(WEEK)]
        ).fetchone()[0]
    assert cases_after >= 1 and cases_before >= 1


@pytest.mark.parametrize("bad_progress", [140, -5])
def test_in_app_edit_with_a_bad_value_is_refused(db, ref, bad_progress):
    from etl.template import edited_workbook

    with gdb.connect(db) as con:
        action = con.execute("SELECT code FROM ran_action WHERE pillar = 'pencegahan' ORDER BY code LIMIT 1").fetchone()[0]
        data = edited_workbook(con, "pencegahan", WEEK, ref, [{"action": action, "status": "berjalan", "progress": bad_progress}], "ani")
    [result] = load_files([Incoming("edit.xlsx", data)], db=db, expected_pillar="pencegahan")
    assert result.status == "rejected"
    assert [i.header for i in result.report.errors] == ["Progres (%)"]


def test_a_plan_holding_a_phone_number_is_refused_at_its_cell(db, ref):
    rows = _rows()
    rows[1][8] = "Disnaker; hubungi korban di 0812 3456 7890"
    result = import_plan(_matrix(rows, HEADER), "rad.xlsx", db=db)
    assert result.version is None
    assert ("Matriks RAD 2026", 5, "I", "identity-phone") in {(i.sheet, i.row, i.column, i.code) for i in result.report.issues}
    assert all("3456" not in i.message and "3456" not in (i.value or "") for i in result.report.issues)  # never echoed


def test_an_in_app_edit_of_one_action_keeps_every_other_stored_value(db, ref):
    """Breakdown rows by kecamatan and the other actions' progress survive an edit of one action (the
    edit used to rebuild the week from the template's one row per indicator, dropping the rest)."""
    from etl.template import edited_workbook
    from tests.conftest import sample_bytes

    load_files([Incoming("p.xlsx", sample_bytes(ref, "pencegahan"))], db=db)
    count = (
        "SELECT (SELECT count(*) FROM indicator_value_current WHERE week = $w), "
        "(SELECT count(*) FROM ran_update_current WHERE week = $w AND status IS NOT NULL)"
    )
    with gdb.connect(db) as con:
        before = con.execute(count, {"w": str(WEEK)}).fetchone()
        action, stored = con.execute(
            """SELECT action, progress FROM ran_update_current WHERE week = ? AND progress < 95
                                        ORDER BY action LIMIT 1""",
            [str(WEEK)],
        ).fetchone()
        data = edited_workbook(
            con, "pencegahan", WEEK, ref, [{"action": action, "status": "berjalan", "progress": stored + 5, "evidence": "Notulen 3/2026"}], "budi"
        )
    [result] = load_files([Incoming("edit.xlsx", data)], db=db, by="budi", expected_pillar="pencegahan")
    assert result.status == "loaded", result.report.issues  # nothing removed, so no confirmation needed
    with gdb.connect(db) as con:
        assert con.execute(count, {"w": str(WEEK)}).fetchone() == before
        assert con.execute("SELECT progress FROM ran_update_current WHERE action = ? AND week = ?", [action, str(WEEK)]).fetchone() == (stored + 5,)
        assert con.execute("SELECT count(DISTINCT area) FROM indicator_value_current WHERE indicator = 'PCG-01'").fetchone()[0] == 5


def test_a_deadline_before_its_start_is_refused_at_the_deadline(db, ref):
    rows = _rows()
    rows[0][10] = dt.date(2025, 12, 1)  # due before the start of 05/01/2026
    result = import_plan(_matrix(rows, HEADER), "rad.xlsx", db=db)
    assert result.version is None
    assert [(i.row, i.column, i.code) for i in result.report.errors] == [(4, "K", "plan-due-before-start")]


OFFICE_HEADERS = {
    "word order, punctuation and case": [
        "NO.",
        "SUB-GUGUS TUGAS",
        "PROGRAM / STRATEGI",
        "KEGIATAN (URAIAN)",
        "KELUARAN",
        "TARGET",
        "SATUAN",
        "PENANGGUNG JAWAB (OPD)",
        "INSTANSI-INSTANSI TERKAIT",
        "MULAI",
        "TENGGAT WAKTU",
        "KODE INDIKATOR",
    ],
    "abbreviations": [
        "No",
        "Pilar",
        "Strategi",
        "Rencana Kegiatan",
        "Indikator Kinerja",
        "Volume",
        "Satuan",
        "PJ",
        "Mitra",
        "Tgl Mulai",
        "Target Waktu",
        "Indikator yang didorong",
    ],
    "other offices' words": [
        "Kode Kegiatan",
        "Bidang",
        "Kebijakan",
        "Nama Kegiatan",
        "Output",
        "Target Tahunan",
        "Satuan Target",
        "Instansi Pelaksana",
        "Instansi Pendukung",
        "Awal",
        "Waktu Selesai",
        "Indikator terkait",
    ],
}


@pytest.mark.parametrize("variant", sorted(OFFICE_HEADERS))
def test_headers_are_matched_by_their_words_and_the_choice_is_reported(db, ref, variant):
    header = OFFICE_HEADERS[variant]
    result = import_plan(_matrix(_rows(), header), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [a["code"] for a in result.actions] == ["A1", "A2"]
    assert result.actions[0]["due"] == dt.date(2026, 6, 30) and result.actions[1]["lead_agency"] == "KP2MI"  # BP2MI, its old name
    assert [(m["label"], m["header"], m["column"]) for m in result.mapping] == [
        (label, header[i], chr(65 + i))
        for i, label in enumerate(
            [
                "Kode aksi",
                "Pilar",
                "Strategi/Program",
                "Kegiatan",
                "Indikator keluaran",
                "Target",
                "Satuan",
                "Instansi penanggung jawab",
                "Instansi terkait",
                "Mulai",
                "Tenggat",
                "Kode indikator",
            ]
        )
    ]


def test_columns_of_no_field_are_kept_with_each_action_and_said(db, ref, capsys):
    from etl.cli import main

    header = [*HEADER, "Lokasi", "Keterangan"]
    rows = [[*r, "Kec. Singkawang Barat", "lanjutan 2025" if i == 0 else None] for i, r in enumerate(_rows())]
    path = db.parent / "rad.xlsx"
    path.write_bytes(_matrix(rows, header))
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert 'Tenggat ← "Batas Waktu" (K)' in out and 'Kolom lain, disimpan apa adanya bersama tiap aksi: "Lokasi"; "Keterangan".' in out
    with gdb.connect(db) as con:
        stored = con.execute("SELECT code, extra FROM plan_action WHERE version_id = (SELECT max(id) FROM plan_version) ORDER BY code").fetchall()
    assert [(c, json.loads(e)) for c, e in stored] == [
        ("A1", {"Lokasi": "Kec. Singkawang Barat", "Keterangan": "lanjutan 2025"}),
        ("A2", {"Lokasi": "Kec. Singkawang Barat"}),
    ]
    assert main(["plan", "--json", str(path)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["extra_columns"] == ["Lokasi", "Keterangan"] and answer["columns"][0] == {
        "field": "code",
        "label": "Kode aksi",
        "column": "A",
        "header": "No",
        "sheet": "Matriks RAD 2026",
    }


NO_PILLAR = ["No", "Strategi / Program", "Kegiatan", "Penanggung Jawab", "Tenggat Waktu"]


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_without_a_pillar_column_section_rows_give_each_action_its_pillar_and_the_reason(db, ref):
    rows = [
        ["RENCANA AKSI DAERAH TPPO KOTA SINGKAWANG TAHUN 2026"],
        NO_PILLAR,
        ["I. BIDANG PENCEGAHAN"],
        ["1", "Edukasi", "Sosialisasi di sekolah", "Disdik", "30/06/2026"],
        ["2", None, "Sosialisasi di kelurahan", "KP2MI", "31/12/2026"],
        ["II. BIDANG KOORDINASI DAN KERJA SAMA"],
        ["3", "Jejaring", "Rapat lintas batas", "Imigrasi Singkawang", "30/09/2026"],
    ]
    result = import_plan(_book({"RAD": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["code"], a["pillar"], a["pillar_reason"]) for a in result.actions] == [
        ("1", "pencegahan", 'baris bagian "I. BIDANG PENCEGAHAN" (baris 3)'),
        ("2", "pencegahan", 'baris bagian "I. BIDANG PENCEGAHAN" (baris 3)'),  # KP2MI is in three pillars: the section decides
        ("3", "kerja-sama", 'baris bagian "II. BIDANG KOORDINASI DAN KERJA SAMA" (baris 6)'),
    ]


def test_one_sheet_per_pillar_and_then_the_strategy_and_then_the_lead_agency(db, ref):
    sheets = {
        "Pencegahan": [NO_PILLAR, ["P1", "Edukasi", "Sosialisasi", "KP2MI", "30/06/2026"]],
        "Lainnya": [
            NO_PILLAR,
            ["H1", "Penguatan penegakan hukum TPPO", "Pelatihan penyidik", "Imigrasi Singkawang", "30/06/2026"],
            ["H2", "Penanganan perkara", "Gelar perkara bersama", "Polres Singkawang", "30/09/2026"],
        ],
    }
    result = import_plan(_book(sheets), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["code"], a["pillar"], a["pillar_reason"]) for a in result.actions] == [
        ("P1", "pencegahan", 'nama lembar "Pencegahan"'),
        ("H1", "penegakan-hukum", 'strategi "Penguatan penegakan hukum TPPO"'),
        ("H2", "penegakan-hukum", "instansi penanggung jawab Polres Singkawang hanya di pilar Penegakan Hukum"),
    ]
    assert {m["sheet"] for m in result.mapping} == {"Pencegahan", "Lainnya"}


def test_a_pillar_that_cannot_be_told_is_an_issue_at_its_cell_and_nothing_is_written(db, ref):
    rows = [
        NO_PILLAR,
        ["1", "Umum", "Rapat koordinasi", "KP2MI", "30/06/2026"],  # three pillars, no other clue
        ["2", "Umum", "Rapat evaluasi", None, "30/06/2026"],  # no agency at all
        ["1", "Umum", "Kode yang sama di lembar lain", "Dinsos", "30/06/2026"],
    ]
    before = None
    with gdb.connect(db) as con:
        before = con.execute("SELECT count(*) FROM plan_version").fetchone()[0]
    result = import_plan(_book({"Umum": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is None
    found = {(i.code, i.row, i.column) for i in result.report.issues}
    assert ("plan-pillar-ambiguous", 2, "D") in found and ("plan-pillar-missing", 3, "C") in found and ("duplicate-key", 4, "A") in found
    ambiguous = next(i for i in result.report.issues if i.code == "plan-pillar-ambiguous")
    assert "KP2MI" in ambiguous.message and "Pencegahan, Kerja Sama dan Koordinasi, Rehabilitasi Sosial" in ambiguous.message
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM plan_version").fetchone()[0] == before


def test_quarter_columns_marked_with_an_x_give_start_and_deadline_in_the_year_of_the_title(db, ref):
    rows = [
        ["MATRIKS RENCANA AKSI DAERAH PENCEGAHAN DAN PENANGANAN TPPO TAHUN 2026"],
        ["No", "Pilar", "Kegiatan", "Instansi Pelaksana", "Waktu Pelaksanaan (Triwulan)", None, None, None],
        [None, None, None, None, "I", "II", "III", "IV"],
        ["A1", "Pencegahan", "Sosialisasi", "Disdik", "x", "x", None, None],
        ["A2", "Pencegahan", "Pelatihan", "Disnaker", None, "-", "v", "√"],
    ]
    result = import_plan(_book({"RAD": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["code"], a["start"], a["due"]) for a in result.actions] == [
        ("A1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("A2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),  # "-" marks nothing
    ]


def test_month_columns_and_dates_in_words(db, ref):
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    rows = [
        ["No", "Pilar", "Kegiatan", "PJ", "Tenggat", *months],
        ["M1", "Pencegahan", "Kampanye", "Disdik", None, *([None] * 2 + ["x"] * 3 + [None] * 7)],
        ["M2", "Pencegahan", "Monitoring", "Disdik", "30 September", *([None] * 12)],
        ["M3", "Pencegahan", "Evaluasi", "Disdik", "TW IV 2027", *([None] * 12)],
        ["M4", "Pencegahan", "Laporan", "Disdik", "Desember", *([None] * 12)],
    ]
    result = import_plan(_book({"RAD 2026": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["code"], a["start"], a["due"]) for a in result.actions] == [
        ("M1", dt.date(2026, 3, 1), dt.date(2026, 5, 31)),
        ("M2", None, dt.date(2026, 9, 30)),  # the year from the sheet's name
        ("M3", None, dt.date(2027, 12, 31)),
        ("M4", None, dt.date(2026, 12, 31)),
    ]


def test_a_schedule_without_a_plan_year_is_an_issue_at_its_row(db, ref):
    rows = [
        ["No", "Pilar", "Kegiatan", "PJ", "TW I", "TW II", "TW III"],
        ["A1", "Pencegahan", "Sosialisasi", "Disdik", "x", None, None],
    ]
    result = import_plan(_book({"RAD": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is None
    assert [(i.code, i.row) for i in result.report.errors] == [("plan-year-missing", 2)]


def test_budget_source_and_amount_are_stored_and_shown_on_the_page_the_scorecard_and_the_annual_export(db, ref):
    from gugus.views.aksi_ran import action_table, agency_scorecard

    header = [*HEADER, "Sumber Dana", "Anggaran (Rp)"]
    rows = [[*r, src, amount] for r, src, amount in zip(_rows(), ["APBD", "apbn"], ["Rp 15.000.000,-", 2_500_000], strict=True)]
    result = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["budget_source"], a["budget_amount"]) for a in result.actions] == [("APBD", 15_000_000), ("apbn", 2_500_000)]
    with gdb.connect(db) as con:
        frame = ran.actions(con, WEEK)
    table = action_table(frame).set_index("Kode")
    assert table.loc["A1", "Anggaran"] == "APBD · Rp 15.000.000" and table.loc["A2", "Anggaran"] == "apbn · Rp 2.500.000"
    card = agency_scorecard(frame).set_index("Instansi penanggung jawab")
    assert card["Anggaran (Rp)"].to_dict() == {"DP3AP2KB": "15.000.000", "KP2MI": "2.500.000"}
    detail = openpyxl.load_workbook(io.BytesIO(status_report(frame, WEEK.label(), {})))["Rincian aksi"]
    found = {r[0]: r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] in ("A1", "A2")}
    col = REPORT_COLUMNS.index("Anggaran (Rp)")
    assert (found["A1"][col - 1], found["A1"][col]) == ("APBD", 15_000_000)


def test_a_budget_that_is_not_an_amount_is_refused_at_its_cell(db, ref):
    header = [*HEADER, "Pagu Anggaran"]
    rows = [[*r, "lima belas juta"] for r in _rows()]
    result = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua")
    assert result.version is None
    assert {(i.code, i.column) for i in result.report.errors} == {("type-number", "M")}


def test_month_cells_shaded_instead_of_marked_count_as_the_schedule(db, ref):
    from openpyxl.styles import PatternFill

    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Matriks"
    ws.append(["RENCANA AKSI DAERAH TAHUN 2026"])
    ws.append(["No", "Pilar", "Kegiatan", "Penanggung Jawab", *months])
    ws.append(["S1", "Rehabilitasi Sosial", "Pendampingan korban", "Dinsos", *([None] * 12)])
    ws.append(["S2", "Rehabilitasi Sosial", "Reintegrasi", "Dinsos", *([None] * 12)])
    for col in range(5 + 3, 5 + 6):  # S1: April to June, coloured
        ws.cell(3, col).fill = PatternFill("solid", fgColor="FFC000")
    ws.cell(4, 5 + 10).fill = PatternFill("solid", fgColor="FFFFFF")  # white is no mark
    ws.cell(4, 5 + 11).value = "x"  # S2: December, typed
    out = io.BytesIO()
    book.save(out)
    result = import_plan(out.getvalue(), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [(a["code"], a["start"], a["due"]) for a in result.actions] == [
        ("S1", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("S2", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ]


def test_a_column_chosen_by_hand_overrides_the_detected_one(db, ref):
    header = [*HEADER[:10], "Batas Waktu", "Indikator terkait"]
    header[9] = "Tanggal Rapat"  # no start column; and a deadline the person knows is in another column
    rows = [[*r[:9], dt.date(2026, 3, 1), r[10], r[11]] for r in _rows()]
    detected = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua")
    assert [a["due"] for a in detected.actions] == [dt.date(2026, 6, 30), dt.date(2026, 12, 31)]
    assert "Tanggal Rapat" in detected.extra
    chosen = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua", chosen={"due": "Tanggal Rapat", "indicator_codes": None})
    assert [a["due"] for a in chosen.actions] == [dt.date(2026, 3, 1)] * 2
    assert [a["indicator_codes"] for a in chosen.actions] == [[], []] and "Indikator terkait" in chosen.extra
    assert {m["field"]: m["header"] for m in chosen.mapping}["due"] == "Tanggal Rapat"


def test_what_the_probe_found_an_office_matrix_holds(db, ref):
    """A highlighted row, "Ags", a section named by its own words, a numbered strategy heading, "No" beside "Kode",
    the row of column numbers, a recap sheet, "Indikator Keberhasilan", a Pilar cell in other words, awal/akhir/semester."""
    from openpyxl.styles import PatternFill

    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Ags", "Sep", "Okt", "Nov", "Des"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "RAD 2026"
    ws.append(["No", "Kode", "Kegiatan", "Instansi", "Indikator Keberhasilan", "Tenggat", *months])
    ws.append([f"({i})" for i in range(1, 19)])
    ws.append(["I. BIDANG PENCEGAHAN"])
    ws.append(["A. Peningkatan kesadaran masyarakat"])
    ws.append([1, "P-1", "Sosialisasi", "Disdik", "Meningkatnya pemahaman", None, *([None] * 6 + ["x", "x"] + [None] * 4)])
    ws.append([2, "P-2", "Kampanye", "Disdik", None, "akhir Juni", *([None] * 12)])
    ws.append(["II. BIDANG KERJA SAMA"])
    ws.append([1, "K-1", "MoU dengan KJRI Kuching", "KP2MI", None, "Semester II", *([None] * 12)])
    ws.append([2, "K-2", "Rapat lintas batas", "KP2MI", None, None, *([None] * 2 + ["x"] + [None] * 9)])
    for col in range(1, 19):  # K-2's whole row highlighted (a priority): its colours mark nothing, its "x" does
        ws.cell(9, col).fill = PatternFill("solid", fgColor="FFFF00")
    recap = book.create_sheet("Rekap")
    recap.append(["No", "Bidang", "Jumlah Kegiatan", "Jumlah Anggaran"])
    recap.append([1, "Pencegahan", 2, 15_000_000])
    out = io.BytesIO()
    book.save(out)
    result = import_plan(out.getvalue(), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    got = [(a["code"], a["pillar"], a["strategy"], a["start"], a["due"], a["indicator_codes"]) for a in result.actions]
    assert got == [
        ("P-1", "pencegahan", "A. Peningkatan kesadaran masyarakat", dt.date(2026, 7, 1), dt.date(2026, 8, 31), []),  # Jul and Ags
        ("P-2", "pencegahan", "A. Peningkatan kesadaran masyarakat", None, dt.date(2026, 6, 30), []),  # "akhir Juni"
        ("K-1", "kerja-sama", None, None, dt.date(2026, 12, 31), []),  # "II. BIDANG KERJA SAMA"; "Semester II"
        ("K-2", "kerja-sama", None, dt.date(2026, 3, 1), dt.date(2026, 3, 31), []),  # its "x" in Mar, not the highlight
    ]
    assert result.actions[0]["extra"] == {"No": "1", "Indikator Keberhasilan": "Meningkatnya pemahaman"}
    assert {m["sheet"] for m in result.mapping} == {"RAD 2026"}  # the recap sheet is no plan


def test_a_section_row_that_names_no_pillar_stops_the_import_at_its_cell(db, ref):
    rows = [
        NO_PILLAR,
        ["I. BIDANG PENCEGAHAN"],
        ["1", "Edukasi", "Sosialisasi", "KP2MI", "30/06/2026"],
        ["II. BIDANG PENGEMBANGAN NORMA"],
        ["2", "Regulasi", "Rancangan perwali", "KP2MI", "30/09/2026"],
    ]
    result = import_plan(_book({"RAD": rows}), "rad.xlsx", db=db, by="ketua")
    assert result.version is None
    issues = {(i.code, i.row, i.column) for i in result.report.errors}
    assert ("plan-section-unknown", 4, "A") in issues  # and action 2 is not taken as Pencegahan
    assert ("plan-pillar-ambiguous", 5, "D") in issues


def test_a_pillar_cell_may_use_the_pillar_s_own_words(db, ref):
    header = HEADER
    rows = _rows()
    rows[0][1], rows[1][1] = "Bidang Pencegahan", "Koordinasi dan Kerja Sama"
    result = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua")
    assert [a["pillar"] for a in result.actions] == ["pencegahan", "kerja-sama"], [i.message for i in result.report.issues]


def test_the_same_matrix_again_changes_nothing(db, ref, capsys):
    from etl.cli import main

    path = db.parent / "rad.xlsx"
    path.write_bytes(_matrix(_rows(), HEADER))
    assert main(["plan", str(path)]) == 0
    with gdb.connect(db) as con:
        versions = con.execute("SELECT count(*) FROM plan_version").fetchone()[0]
    capsys.readouterr()
    assert main(["plan", str(path)]) == 0
    assert "sama dengan rencana aksi versi" in capsys.readouterr().out
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM plan_version").fetchone()[0] == versions


def test_a_budget_in_billions_is_money_not_a_phone_number(db, ref):
    header = [*HEADER, "Anggaran (Rp)"]
    rows = [[*r, 8_500_000_000] for r in _rows()]  # Rp 8,5 miliar: ten digits starting with 8, like a phone number
    result = import_plan(_matrix(rows, header), "rad.xlsx", db=db, by="ketua")
    assert result.version is not None, [i.message for i in result.report.issues]
    assert [a["budget_amount"] for a in result.actions] == [8_500_000_000] * 2
    rows[0][3] = "Hubungi 081234567890"  # still refused anywhere else
    refused = import_plan(_matrix(rows, header), "rad2.xlsx", db=db, by="ketua")
    assert [(i.code, i.column) for i in refused.report.errors] == [("identity-phone", "D")]
