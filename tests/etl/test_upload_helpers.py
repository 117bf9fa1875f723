"""What the upload page relies on: the refusal log, the change preview, the annotated workbook,
and the template pre-filled with last week's values."""

from __future__ import annotations

import io

import openpyxl

from etl.annotate import annotated_workbook
from etl.load import Incoming, load_files, preview
from etl.template import build_workbook, current_rows, last_identity, reference_rows, workbook_bytes
from etl.validate import validate_bytes
from gugus import completeness
from gugus import db as gdb
from tests.conftest import WEEK, edit, row_of, with_value


def test_a_refused_file_is_logged_with_its_issues_but_not_its_content(db, ref):
    [result] = load_files([Incoming("salah.xlsx", with_value(ref, "banyak"))], db=db, by="budi")
    assert result.status == "rejected" and result.pillar == "pencegahan"
    with gdb.connect(db) as con:
        [logged] = completeness.rejections(con)
        uploads = con.execute("SELECT count(*) FROM upload").fetchone()[0]
    assert uploads == 0
    assert (logged["file_name"], logged["pillar"], logged["week"], logged["uploaded_by"]) == ("salah.xlsx", "pencegahan", str(WEEK), "budi")
    assert logged["n_error"] == 1 and logged["issues"][0]["sheet"] == "Indikator"
    assert "bukan angka" in logged["issues"][0]["message"]


def test_dry_run_logs_no_refusal(db, ref):
    load_files([Incoming("salah.xlsx", with_value(ref, "banyak"))], db=db, dry_run=True)
    with gdb.connect(db) as con:
        assert completeness.rejections(con) == []


def test_preview_tells_new_changed_and_unchanged_values(db, ref):
    with gdb.connect(db) as con:
        first = preview(con, validate_bytes(with_value(ref, 30), "a.xlsx", ref), ref)
    assert {c["change"] for c in first.changes} == {"baru"} and first.replaces is None
    [loaded] = load_files([Incoming("a.xlsx", with_value(ref, 30))], db=db, by="budi")
    with gdb.connect(db) as con:
        second = preview(con, validate_bytes(with_value(ref, 45), "b.xlsx", ref), ref)
    changed = [c for c in second.changes if c["change"] == "berubah"]
    assert [(c["indicator"], c["name"], c["current"], c["new"]) for c in changed] == [("PCG-06", "Pas Lintas Batas (PLB) diterbitkan", 30, 45)]
    assert all(c["change"] == "sama" for c in second.changes if c["indicator"] != "PCG-06")
    assert (second.replaces["id"], second.replaces["uploaded_by"]) == (loaded.upload_id, "budi")  # said before loading
    counts = second.counts()
    assert (counts["berubah"], counts["baru"], counts["hapus"]) == (1, 0, 0) and counts["sama"] == len(second.changes) - 1


def _without(data: bytes, *codes: str) -> bytes:
    """The workbook ``data`` with the Indikator rows of ``codes`` deleted."""

    def change(book):
        ws = book["Indikator"]
        for code in codes:
            ws.delete_rows(row_of(ws, code))

    return edit(data, change)


def test_a_blank_workbook_for_a_loaded_week_is_refused_and_writes_nothing(db, ref):
    load_files([Incoming("a.xlsx", with_value(ref, 30))], db=db)
    blank = workbook_bytes(build_workbook("pencegahan", ref, identity={"week": str(WEEK)}))  # the "Templat kosong"
    [result] = load_files([Incoming("kosong.xlsx", blank)], db=db, allow_removal=True)  # not even with the flag
    assert result.status == "rejected" and [i.code for i in result.report.errors] == ["week-emptied"]
    assert "mengosongkan minggu ini" in result.report.errors[0].message
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM upload WHERE status = 'loaded'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM indicator_value_current").fetchone()[0] > 0
        assert "week-emptied" in {i["code"] for i in completeness.rejections(con)[0]["issues"]}  # and the refusal is logged


def test_a_workbook_that_removes_values_says_which_and_needs_a_confirmation(db, ref):
    load_files([Incoming("a.xlsx", with_value(ref, 30))], db=db)
    partial = _without(with_value(ref, 30), "PCG-06", "PCG-07")
    with gdb.connect(db) as con:
        shown = preview(con, validate_bytes(partial, "b.xlsx", ref), ref)
    assert [(c["indicator"], c["change"]) for c in shown.changes if c["change"] == "hapus"] == [("PCG-06", "hapus"), ("PCG-07", "hapus")]
    assert shown.counts()["hapus"] == 2 and len(shown.loss.removed) == 2
    [refused] = load_files([Incoming("b.xlsx", partial)], db=db)
    assert refused.status == "rejected" and [i.code for i in refused.report.errors] == ["values-removed"]
    assert "menghapus 2 isian" in refused.report.errors[0].message and "PCG-06" in refused.report.errors[0].message
    [loaded] = load_files([Incoming("b.xlsx", partial)], db=db, allow_removal=True)
    assert loaded.status == "loaded" and loaded.superseded
    with gdb.connect(db) as con:
        codes = {c for (c,) in con.execute("SELECT indicator FROM indicator_value_current").fetchall()}
    assert "PCG-06" not in codes and "PCG-01" in codes


def test_removed_victim_services_need_the_same_confirmation(db, ref):
    from tests.conftest import sample_bytes

    full = sample_bytes(ref, "rehab-sosial")
    [first] = load_files([Incoming("a.xlsx", full)], db=db)
    assert first.status == "loaded"
    with gdb.connect(db) as con:
        stored = con.execute("SELECT count(*) FROM victim_service").fetchone()[0]
    assert stored >= 2

    def keep_one(book):
        ws = book["Layanan Korban"]
        ws.delete_rows(3, ws.max_row)

    partial = edit(full, keep_one)
    [refused] = load_files([Incoming("b.xlsx", partial)], db=db)
    assert refused.status == "rejected" and [i.code for i in refused.report.errors] == ["values-removed"]
    assert f"menghapus {stored - 1} isian" in refused.report.errors[0].message
    with gdb.connect(db) as con:
        shown = preview(con, validate_bytes(partial, "b.xlsx", ref), ref)
        assert con.execute("SELECT count(*) FROM victim_service").fetchone()[0] == stored
    assert [r["sheet"] for r in shown.loss.removed] == ["Layanan Korban"] * (stored - 1)
    [loaded] = load_files([Incoming("b.xlsx", partial)], db=db, allow_removal=True)
    assert loaded.status == "loaded"


def test_an_empty_workbook_is_never_a_report(db, ref):
    blank = workbook_bytes(build_workbook("kerja-sama", ref, identity={"week": str(WEEK)}))
    [result] = load_files([Incoming("kosong.xlsx", blank)], db=db)
    assert result.status == "rejected" and [i.code for i in result.report.errors] == ["workbook-empty"]
    assert "tidak dihitung sebagai laporan" in result.report.errors[0].message
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
        grid = completeness.matrix(con, WEEK, 1)
    assert grid.loc[grid["pillar"] == "kerja-sama", "state"].item() != "tepat"


def test_the_cli_refuses_a_removal_unless_told(db, ref, tmp_path, capsys):
    from etl.cli import main

    load_files([Incoming("a.xlsx", with_value(ref, 30))], db=db)
    path = tmp_path / "b.xlsx"
    path.write_bytes(_without(with_value(ref, 30), "PCG-06"))
    assert main(["--db", str(db), "load", str(path)]) == 1
    assert "--allow-removal" in capsys.readouterr().out
    assert main(["--db", str(db), "load", str(path), "--allow-removal"]) == 0


def test_the_officers_workbook_comes_back_with_the_bad_cell_marked(ref):
    bad = with_value(ref, "banyak")
    validation = validate_bytes(bad, "salah.xlsx", ref)
    marked = openpyxl.load_workbook(io.BytesIO(annotated_workbook(bad, validation.report.issues)))
    assert marked.sheetnames[0] == "Daftar Masalah"
    ws = marked["Indikator"]
    cell = ws[f"F{row_of(ws, 'PCG-06')}"]
    assert cell.value == "banyak" and cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "bukan angka" in cell.comment.text
    listed = [r for r in marked["Daftar Masalah"].iter_rows(min_row=2, values_only=True)]
    assert listed == [("Indikator", cell.coordinate, "Nilai", "Kesalahan", validation.report.issues[0].message)]
    assert annotated_workbook(b"bukan excel", validation.report.issues) is None


def test_the_prefilled_template_shows_last_week_as_reference_and_leaves_nilai_empty(db, ref):
    load_files([Incoming("a.xlsx", with_value(ref, 77))], db=db)
    with gdb.connect(db) as con:
        rows = reference_rows(con, "pencegahan", WEEK, ref)
        identity = last_identity(con, "pencegahan", WEEK + 1, ref)
        stored = dict(con.execute("SELECT indicator || ' ' || area, value FROM indicator_value_current").fetchall())
    data = workbook_bytes(build_workbook("pencegahan", ref, identity=identity, rows=rows))
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Indikator"]
    header = [c.value for c in ws[1]]
    previous, value = header.index("Nilai minggu lalu") + 1, header.index("Nilai") + 1
    assert previous + 1 == value  # the reference stands right beside the cell to fill
    filled = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    shown = {f"{ws.cell(r, 1).value} {ref.areas.find(ws.cell(r, 4).value).code}": ws.cell(r, previous).value for r in filled}
    assert {k: v for k, v in shown.items() if v is not None} == stored  # every stored value, breakdowns included
    assert 77 in shown.values()
    assert all(ws.cell(r, value).value is None for r in filled)  # Nilai is this week's, and empty
    for r in filled:
        ref_cell, input_cell = ws.cell(r, previous), ws.cell(r, value)
        assert ref_cell.protection.locked and ref_cell.fill.fgColor.rgb.endswith("EDEDED")
        assert input_cell.protection.locked is False
    actions = book["Aksi RAN"]
    evidence = [c.value for c in actions["G"][1:] if c.value]
    progress = [c.value for c in actions["F"][1:] if c.value is not None]
    assert not evidence and progress  # states carry over, one week's evidence does not
    assert (book["Identitas"]["B4"].value, book["Identitas"]["B5"].value) == (identity["agency"], identity["officer"])
    assert identity["agency"] and identity["officer"]
    # Sent back untouched, the pre-filled workbook puts nothing of last week into this week
    load_files([Incoming("next.xlsx", data)], db=db, today=(WEEK + 2).monday)
    with gdb.connect(db) as con:
        assert con.execute("SELECT count(*) FROM indicator_value_current WHERE week = ?", [str(WEEK + 1)]).fetchone()[0] == 0


def test_a_value_typed_into_the_prefilled_template_loads_for_the_next_week(db, ref):
    load_files([Incoming("a.xlsx", with_value(ref, 77))], db=db)
    with gdb.connect(db) as con:
        rows = reference_rows(con, "pencegahan", WEEK, ref)
    for row in rows["Indikator"]:
        if row["indicator"] == "PCG-06":
            row["value"] = 80
    book = build_workbook("pencegahan", ref, identity={"week": str(WEEK + 1), "agency": "DP3AP2KB", "officer": "Operator"}, rows=rows)
    [result] = load_files([Incoming("next.xlsx", workbook_bytes(book))], db=db, today=(WEEK + 2).monday)
    assert result.status == "loaded", result.report.issues
    with gdb.connect(db) as con:
        loaded = con.execute("SELECT indicator, value FROM indicator_value_current WHERE week = ?", [str(WEEK + 1)]).fetchall()
    assert loaded == [("PCG-06", 80.0)]


def test_the_in_app_edit_starts_from_the_same_weeks_values_with_evidence(db, ref):
    load_files([Incoming("a.xlsx", with_value(ref, 77))], db=db)  # the sample: evidence "Laporan kegiatan minggu 20"
    with gdb.connect(db) as con:
        rows = current_rows(con, "pencegahan", WEEK, ref)
    assert any(r.get("evidence") for r in rows["Aksi RAN"])  # an edit of the same week keeps its evidence
    assert next(r for r in rows["Indikator"] if r["indicator"] == "PCG-06")["value"] == 77
    assert not any(r.get("previous") for r in rows["Indikator"])  # no "last week" column in a same-week edit


def test_a_workbook_carrying_an_older_ran_state_needs_a_confirmation(db, ref):
    from etl.template import edited_workbook

    load_files([Incoming("a.xlsx", with_value(ref, 30))], db=db)
    with gdb.connect(db) as con:
        before = workbook_bytes(
            build_workbook("pencegahan", ref, identity={"week": str(WEEK), "agency": "DP3AP2KB"}, rows=current_rows(con, "pencegahan", WEEK, ref))
        )  # downloaded before the edit
        progress = con.execute("SELECT progress FROM ran_update_current WHERE action = 'PCG-A01'").fetchone()[0]
        edit_ = edited_workbook(
            con, "pencegahan", WEEK, ref, [{"action": "PCG-A01", "status": "selesai", "progress": 100, "evidence": "Laporan akhir"}], "lead"
        )
    assert progress < 100
    [saved] = load_files([Incoming("app.xlsx", edit_)], db=db)
    assert saved.status == "loaded"
    with gdb.connect(db) as con:
        shown = preview(con, validate_bytes(before, "lama.xlsx", ref), ref)
    assert [(r["key"], r["value"], r["new"]) for r in shown.loss.lowered] == [("PCG-A01", 100, progress)]
    assert shown.loss.confirm == 1 and not shown.loss.removed
    [refused] = load_files([Incoming("lama.xlsx", before)], db=db)
    assert refused.status == "rejected" and [i.code for i in refused.report.errors] == ["progress-lowered"]
    assert "PCG-A01 100 % → " in refused.report.errors[0].message
    with gdb.connect(db) as con:
        assert con.execute("SELECT progress FROM ran_update_current WHERE action = 'PCG-A01'").fetchone()[0] == 100
        rows = reference_rows(con, "pencegahan", WEEK - 1, ref)  # the next template for WEEK: today's state, not last week's
    a01 = next(r for r in rows["Aksi RAN"] if r["action"] == "PCG-A01")
    assert (a01["status"], a01["progress"], a01["evidence"]) == ("Selesai", 100, "Laporan akhir")
    [forced] = load_files([Incoming("lama.xlsx", before)], db=db, allow_removal=True)
    assert forced.status == "loaded"


def test_the_upload_check_logs_a_refusal_once_and_a_good_file_not_at_all(db, ref):
    from etl.load import check_upload

    bad = check_upload(with_value(ref, "banyak"), "salah.xlsx", ref, by="budi", db=db)
    good = check_upload(with_value(ref, 12), "benar.xlsx", ref, by="budi", db=db)
    assert not bad.ok
    assert good.ok
    with gdb.connect(db) as con:
        assert [r["file_name"] for r in completeness.rejections(con)] == ["salah.xlsx"]
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0  # a check loads nothing


def test_saving_one_ran_action_makes_a_new_version_and_an_audit_event(db, ref):
    from etl.ranedit import save_ran_progress
    from tests.conftest import sample_bytes

    [first] = load_files([Incoming("pcg.xlsx", sample_bytes(ref, "pencegahan"))], db=db, by="budi", ref=ref)
    action = next(code for code, a in ref.actions.items() if a["pillar"] == "pencegahan")
    saved = save_ran_progress("pencegahan", WEEK, ref, action=action, status="berjalan", progress=40, evidence="  Surat 12/2026 ", by="budi", db=db)
    assert saved.status == "loaded"
    assert saved.superseded == first.upload_id
    with gdb.connect(db) as con:
        progress, evidence = con.execute(
            "SELECT progress, evidence FROM ran_update_current WHERE action = ? AND week = ?", [action, str(WEEK)]
        ).fetchone()
        events = con.execute("SELECT actor, target, detail FROM audit_event WHERE action = 'ubah-aksi-ran'").fetchall()
    assert (progress, evidence) == (40, "Surat 12/2026")
    assert events == [("budi", f"pencegahan {WEEK}", f"unggahan #{saved.upload_id}: {action}")]


def test_a_refused_ran_save_writes_nothing(db, ref):
    from etl.ranedit import save_ran_progress
    from tests.conftest import sample_bytes

    [first] = load_files([Incoming("pcg.xlsx", sample_bytes(ref, "pencegahan"))], db=db, by="budi", ref=ref)
    action = next(code for code, a in ref.actions.items() if a["pillar"] == "pencegahan")
    refused = save_ran_progress("pencegahan", WEEK, ref, action=action, status="berjalan", progress=140, evidence=None, by="budi", db=db)
    assert refused.status == "rejected"
    with gdb.connect(db) as con:
        assert con.execute("SELECT id FROM upload_current").fetchall() == [(first.upload_id,)]
        assert con.execute("SELECT count(*) FROM audit_event WHERE action = 'ubah-aksi-ran'").fetchone()[0] == 0
