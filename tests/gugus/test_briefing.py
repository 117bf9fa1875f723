"""The weekly briefing pack: the PDF's words and the deck's slides and notes say what the pages say for the same week
and audience; the outbox is idempotent; every making is audited; the CLI keeps its exit codes and JSON shape."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader

from etl import workbook as wb
from etl.cli import build_parser, main
from etl.load import Incoming, load_files
from etl.sample import sample_identity, sample_rows
from etl.template import build_workbook, workbook_bytes
from gugus import audit, auth, briefing, briefing_files, briefing_pdf, mapfigure, maps, suppression
from gugus import db as gdb
from gugus.mapdata import period_start
from gugus.summary import week_summary
from gugus.views import ringkasan
from gugus.weeks import Week, current_week
from tests.pages.conftest import USERS, page_test

SLIDES = [
    "Bahan Rapat Mingguan",
    "Status pilar",
    "Angka utama minggu ini",
    "Pelaporan pilar",
    "Indikator yang menjadi merah",
    "Aksi RAN lewat tenggat dan macet",
    "Alur penanganan korban",
    "Rantai layanan publik",
    "Peta kasus",
]


def flat(text: str) -> str:
    """Words with single spaces: a table cell or a sentence may wrap anywhere in a PDF."""
    return " ".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def deck_texts(data: bytes) -> list[tuple[str, str, str]]:
    """(title, every other word on the slide, speaker notes) per slide."""
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        words = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [cell.text for row in shape.table.rows for cell in row.cells]
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        out.append((slide.shapes.title.text if slide.shapes.title else "", "\n".join(words), notes))
    return out


@pytest.fixture(scope="module")
def made(demo_template, tmp_path_factory):
    """Both audiences' packs of the last complete week, made once from a copy of the demo database."""
    path = tmp_path_factory.mktemp("briefing") / "gugus.duckdb"
    shutil.copy(demo_template, path)
    week = current_week() - 1
    return path, week, {audience: briefing_files.generate(week, audience, db=path, by="uji") for audience in briefing.AUDIENCES}


@pytest.mark.parametrize("audience", list(briefing.AUDIENCES))
def test_the_pdf_says_what_ringkasan_says_for_the_same_week_and_role(made, audience, monkeypatch):
    path, week, packs = made
    _, files = packs[audience]
    pages = pdf_pages(files["pdf"])
    text = " ".join(pages)
    k = auth.User("x", audience).k
    assert week.label() in pages[0] and briefing.AUDIENCES[audience] in pages[0]
    assert "DATA SIMULASI" in pages[0] and flat(suppression.notice(k)) in pages[0]  # the demo is marked; the note has the audience's k
    with gdb.connect(path) as con:
        pillars = [name for (name,) in con.execute("SELECT name_id FROM pillar ORDER BY no").fetchall()]
    assert all(name in text for name in pillars)
    # the headline figures and their change, as the Ringkasan page shows them to this role for this week
    monkeypatch.setenv("GUGUS_DB", str(path))
    app = page_test("ringkasan", USERS[audience], state={"pilihan_minggu": week})
    assert len(app.metric) == 5
    for metric in app.metric:  # the name (its longer wording may follow it), then the figure and its change
        shown = re.escape(metric.label) + r"( [^|]{0,120})? " + re.escape(f"{metric.value} {metric.delta or '–'}")
        assert re.search(shown, text), (metric.label, metric.value, metric.delta)
    for i, page in enumerate(pages, start=1):  # the page number and the making time on every page
        assert f"Halaman {i} dari {len(pages)}" in page and re.search(r"Dibuat \d{1,2} \w{3} \d{4} \d{2}\.\d{2} WIB", page)
    assert "Peta Kasus TPPO" in pages[-1]  # the print map, on the last (landscape) page
    box = PdfReader(io.BytesIO(files["pdf"])).pages[-1].mediabox
    assert box.width > box.height  # landscape for the map; A4 portrait before it
    first = PdfReader(io.BytesIO(files["pdf"])).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)


def test_the_pdf_names_every_pillars_badge_and_its_reason(made):
    path, week, packs = made
    pack, files = packs["ketua"]
    text = " ".join(pdf_pages(files["pdf"]))
    with gdb.connect(path) as con:
        summary = week_summary(con, week, pack.k)
    for card in summary.scorecards.itertuples():
        reason = briefing.badge_reason(summary.table, card.pillar, card.badge)
        assert flat(f"{card.pillar_name} {pack.cards[card.Index].status} {pack.cards[card.Index].counts} {reason}") in text
    for line in pack.dropouts:  # the journey's drop-outs, as Alur Korban words them
        assert flat(line) in text


@pytest.mark.parametrize("audience", list(briefing.AUDIENCES))
def test_the_deck_has_its_slides_titles_and_the_whatsapp_text_as_notes(made, audience):
    path, week, packs = made
    pack, files = packs[audience]
    deck = Presentation(io.BytesIO(files["pptx"]))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slides = deck_texts(files["pptx"])
    assert [title for title, _, _ in slides] == SLIDES
    with gdb.connect(path) as con:
        summary = week_summary(con, week, pack.k)
    assert slides[0][2] == ringkasan.whatsapp_text(summary, pack.k)  # the whole text on the cover
    sections = ringkasan.whatsapp_sections(summary, pack.k)
    assert slides[1][2] == "\n".join(sections["status"]) and slides[2][2] == "\n".join(sections["angka"])
    assert all(notes for _, _, notes in slides)
    assert all(card.pillar in slides[1][1] and card.reason[:120] in slides[1][1] for card in pack.cards)
    assert all(h.value in slides[2][1] for h in pack.headlines)
    assert pack.week.label() in slides[0][1] or pack.week.label() in Presentation(io.BytesIO(files["pptx"])).slides[0].placeholders[1].text
    pictures = [s for s in deck.slides[8].shapes if s.shape_type == 13]  # the print map as an image
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"


def test_every_making_is_in_the_audit_trail(made):
    path, week, _ = made
    with gdb.connect(path) as con:
        events = audit.entries(con, actor="uji", actions=("bahan-rapat",))
    assert len(events) == 2
    details = [json.loads(d) for d in events["detail"]]
    assert {d["untuk"] for d in details} == set(briefing.AUDIENCES) and {d["minggu"] for d in details} == {str(week)}
    assert all(d["format"] == ["pdf", "pptx"] for d in details)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.p*")) if not p.name.startswith(".")}


def _made(db: Path) -> int:
    with gdb.connect(db) as con:
        return len(audit.entries(con, actor="penjadwal", actions=("bahan-rapat",)))


def test_the_outbox_writes_each_audience_into_its_own_folder_once(demo_db, tmp_path):
    folder = tmp_path / "kotak-keluar"
    week = current_week() - 1
    first = briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    assert {(f.audience, f.format) for f in first} == {(a, f) for a in briefing.AUDIENCES for f in briefing.FORMATS}
    assert all(f.status == "ditulis" and f.week == week and f.path.parent == folder / f.audience for f in first)
    assert all(f.path.name == f"{week.monday:%Y-%m-%d}_bahan-rapat_{week}_{f.audience}.{f.format}" for f in first)
    assert all(PdfReader(io.BytesIO((folder / a / briefing_files.file_name(week, a, "pdf")).read_bytes())).pages for a in briefing.AUDIENCES)
    before = _files(folder)
    assert len(before) == 4 and _made(demo_db) == 2
    second = briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    assert [f.status for f in second] == ["tetap"] * 4
    assert _files(folder) == before and _made(demo_db) == 2  # nothing written, nothing made


def test_the_outbox_makes_again_what_changed_and_keeps_what_was_edited_by_hand(demo_db, tmp_path):
    folder = tmp_path / "kotak-keluar"
    week = current_week() - 1
    briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    with gdb.connect(demo_db, write=True) as con:  # a late upload or a rollback: the data version grows
        gdb.set_meta(con, "data_version", str(int(gdb.get_meta(con, "data_version", "0")) + 1))
    assert [f.status for f in briefing_files.outbox(folder, db=demo_db, by="penjadwal")] == ["diperbarui"] * 4
    deck = folder / "ketua" / briefing_files.file_name(week, "ketua", "pptx")
    deck.write_bytes(deck.read_bytes() + b"catatan ketua")  # the chair edits the deck in the shared folder
    (folder / "pimpinan" / briefing_files.file_name(week, "pimpinan", "pdf")).unlink()  # and a file is deleted
    third = {(f.audience, f.format): f for f in briefing_files.outbox(folder, db=demo_db, by="penjadwal")}
    assert {key: f.status for key, f in third.items()} == {
        ("ketua", "pdf"): "tetap",
        ("ketua", "pptx"): "diganti",
        ("pimpinan", "pdf"): "ditulis",
        ("pimpinan", "pptx"): "tetap",
    }
    kept = third[("ketua", "pptx")].kept
    assert kept.parent == deck.parent and kept.read_bytes().endswith(b"catatan ketua") and deck.read_bytes().startswith(b"PK")
    with gdb.connect(demo_db) as con:
        latest = audit.entries(con, actor="penjadwal", actions=("bahan-rapat",)).head(2)
    assert sorted(json.loads(d)["format"] for d in latest["detail"]) == [["pdf"], ["pptx"]]  # only what was written


def test_a_damaged_outbox_record_is_made_again_without_losing_a_file(demo_db, tmp_path):
    folder = tmp_path / "kotak-keluar"
    briefing_files.outbox(folder, db=demo_db, by="penjadwal", audiences=("pimpinan",))
    assert [p.name for p in folder.iterdir()] == ["pimpinan"]  # --for pimpinan: the chair's folder is not made
    (folder / "pimpinan" / briefing_files.MANIFEST).write_text('{"rusak": 5', encoding="utf-8")
    again = briefing_files.outbox(folder, db=demo_db, by="penjadwal", audiences=("pimpinan",))
    assert [f.status for f in again] == ["diganti"] * 2 and all(f.kept.exists() for f in again)  # not vouched for: kept
    assert [f.status for f in briefing_files.outbox(folder, db=demo_db, by="penjadwal", audiences=("pimpinan",))] == ["tetap"] * 2


def test_the_cli_keeps_its_exit_codes_and_json_shape(demo_db, tmp_path, capsys):
    audiences = next(a for a in build_parser()._subparsers._group_actions[0].choices["briefing"]._actions if a.dest == "audience")
    assert audiences.choices == list(briefing.AUDIENCES)  # the parser names the audiences without importing the pack
    week = current_week() - 1
    out = tmp_path / "rapat.pdf"
    assert main(["--db", str(demo_db), "briefing", "--week", str(week), "--for", "pimpinan", "-o", str(out), "--by", "uji"]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "Pimpinan daerah" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "briefing", "--week", str(week), "--for", "ketua", "-o", str(tmp_path / "rapat.docx")]) == 2
    assert ".pdf atau .pptx" in capsys.readouterr().err
    assert main(["--db", str(demo_db), "briefing", "--week", "minggu-lalu", "--for", "ketua", "-o", str(out)]) == 2
    assert main(["--db", str(demo_db), "briefing", "--for", "ketua"]) == 2
    capsys.readouterr()
    empty = Week(2019, 5)
    assert main(["--db", str(demo_db), "briefing", "--week", str(empty), "--for", "ketua", "-o", str(tmp_path / "x.pptx"), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and answer["briefings"] == [] and not (tmp_path / "x.pptx").exists()
    issue = answer["issues"][0]
    assert set(issue) == {"file", "sheet", "row", "column", "header", "value", "code", "severity", "message"}
    assert issue["code"] == "briefing-no-data" and empty.label() in issue["message"]


def test_ringkasan_makes_the_pack_for_the_roles_own_audience(demo_db):
    week = current_week() - 1
    chair = page_test("ringkasan", USERS["ketua"], state={"pilihan_minggu": week})
    assert chair.radio(key="bahan_peserta").options == list(briefing.AUDIENCES.values())
    chair.radio(key="bahan_peserta").set_value("pimpinan")
    chair.button(key="bahan_siapkan").click().run()
    assert not chair.exception
    made = chair.session_state["bahan_rapat"][(str(week), "pimpinan")]
    assert made["pdf"].startswith(b"%PDF") and made["pptx"].startswith(b"PK")
    assert "Pimpinan daerah" in " ".join(pdf_pages(made["pdf"]))
    mayor = page_test("ringkasan", USERS["pimpinan"], state={"pilihan_minggu": week})
    assert not mayor.get("radio")  # the mayor's office makes its own pack only
    with gdb.connect(demo_db) as con:
        events = audit.entries(con, actions=("bahan-rapat",))
    assert list(events["actor"]) == ["ketua"] and list(events["source"]) == ["app"]


def test_a_role_cannot_make_another_audiences_pack():
    assert briefing.audiences_for("pimpinan") == ["pimpinan"] and briefing.audiences_for("pilar") == ["ketua"]
    assert briefing.audiences_for("admin") == []
    with pytest.raises(briefing.BriefingError, match="tidak dikenal"):
        briefing.audience_k("walikota")


def test_text_that_looks_like_typst_markup_is_printed_as_written(made):
    """Every word reaches the layout as JSON: a value is set as text, never evaluated."""
    pack = made[2]["ketua"][0]
    sly = '#panic("x") *tebal* $x^2$ <label> @ref [a](b) \\ // komentar'
    cards = [dataclasses.replace(pack.cards[0], reason=sly), *pack.cards[1:]]
    text = " ".join(pdf_pages(briefing_pdf.pdf(dataclasses.replace(pack, cards=cards))))
    assert flat(sly) in text


def _load(db, ref, pillar: str, week: Week, simulated: bool) -> None:
    identity = {**sample_identity(pillar, week, ref, week.sunday), "data_kind": wb.SIMULATION_MARK if simulated else wb.REAL_MARK}
    data = workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=sample_rows(pillar, week, ref)))
    assert [r.status for r in load_files([Incoming(f"{pillar}.xlsx", data)], db=db)] == ["loaded"]


def test_a_simulated_workbook_marks_the_pack_of_a_real_database(db, ref):
    """Not only the demo: a workbook marked SIMULASI in force for a week the pack reads makes it DATA SIMULASI."""
    week = current_week() - 1
    _load(db, ref, "penegakan-hukum", week, simulated=False)
    with gdb.connect(db) as con:
        assert briefing.build(con, week, "pimpinan").simulated is False
    _load(db, ref, "pencegahan", week - 3, simulated=True)
    with gdb.connect(db) as con:
        pack = briefing.build(con, week, "pimpinan")
    assert pack.simulated is True
    assert "DATA SIMULASI" in " ".join(pdf_pages(briefing_pdf.pdf(pack)))


def test_a_pack_that_cannot_be_written_says_where_and_records_nothing(demo_db, tmp_path, capsys):
    week = current_week() - 1
    (tmp_path / "folder.pdf").mkdir()
    for target in (tmp_path / "tidak-ada" / "rapat.pdf", tmp_path / "folder.pdf"):
        assert main(["--db", str(demo_db), "briefing", "--week", str(week), "--for", "ketua", "-o", str(target), "--json"]) == 2
        issue = json.loads(capsys.readouterr().out)["issues"][0]
        assert issue["code"] == "briefing-target" and str(target) in issue["message"] and ".tmp-" not in issue["message"]
    with gdb.connect(demo_db) as con:
        assert audit.entries(con, actions=("bahan-rapat",)).empty  # nothing was made for anyone
    assert main(["--db", str(tmp_path / "salah-ketik.duckdb"), "briefing", "--week", str(week), "--for", "ketua", "-o", str(tmp_path / "a.pdf")]) == 2
    assert "tidak ada" in capsys.readouterr().err and not (tmp_path / "salah-ketik.duckdb").exists()
    assert main(["--db", str(demo_db), "briefing", "--week", str(current_week() + 2), "--for", "ketua", "-o", str(tmp_path / "a.pdf")]) == 1
    assert "belum tiba" in capsys.readouterr().err


def test_a_case_written_after_the_week_changes_neither_the_map_nor_the_funnel_of_its_pack(db, ref):
    """Every section reads the cases as known at the end of the week: a case reported in week 47 but first written in
    week 48's workbook would otherwise be the difference between the map's total and the funnel's."""
    week = current_week() - 2
    _load(db, ref, "penegakan-hukum", week, simulated=False)
    with gdb.connect(db) as con:
        before = briefing.build(con, week, "ketua")
    rows = sample_rows("penegakan-hukum", week + 1, ref)
    late = {**rows[wb.SHEET_CASES][0], "case_ref": "LP/B/999/XI/2026/SPKT", "reported_date": week.monday, "victims_total": 2}
    late.update(victims_female_adult=2, victims_male_adult=0, victims_female_child=0, victims_male_child=0, stage_date=week.monday)
    rows[wb.SHEET_CASES].append(late)
    identity = {**sample_identity("penegakan-hukum", week + 1, ref, (week + 1).sunday), "data_kind": wb.REAL_MARK}
    data = workbook_bytes(build_workbook("penegakan-hukum", ref, identity=identity, rows=rows))
    assert [r.status for r in load_files([Incoming("pgh-48.xlsx", data)], db=db)] == ["loaded"]
    with gdb.connect(db) as con:
        pack = briefing.build(con, week, "ketua")
        page_map = maps.map_data(con, period_start(week, briefing.PERIOD), week, pack.k)  # the page: the latest state
    shown = re.search(r"([\d.]+) korban", pack.map_totals)[1]
    assert shown == pack.funnel.iloc[0]["text"] and pack.map_totals == before.map_totals  # the week's pack stays as it was
    assert int(re.search(r"([\d.]+) korban", mapfigure.totals(page_map))[1]) >= int(shown) + 2  # the page shows the latest


def test_the_whatsapp_text_says_when_it_is_simulated_or_may_still_change(demo_db):
    with gdb.connect(demo_db) as con:
        now, last = current_week(), current_week() - 1
        text = ringkasan.whatsapp_text(week_summary(con, now, 3), 3)
        assert "DATA SIMULASI" in text.splitlines()[2]  # forwarded, it still says so
        assert "belum lewat" in text  # the week runs on: its figures may change
        assert "belum lewat" not in ringkasan.whatsapp_text(week_summary(con, last - 1, 3), 3)


def test_the_outbox_refuses_a_database_that_does_not_exist(tmp_path):
    with pytest.raises(briefing_files.BriefingTargetError, match="tidak ada"):
        briefing_files.outbox(tmp_path / "kotak", db=tmp_path / "salah.duckdb")
    assert not (tmp_path / "salah.duckdb").exists() and not (tmp_path / "kotak").exists()
