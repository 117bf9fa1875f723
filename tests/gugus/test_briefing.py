"""The weekly briefing pack: the PDF's words and the deck's slides and notes say what the pages say for the same week
and audience; the outbox is idempotent; every making is audited; the CLI keeps its exit codes and JSON shape."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil

import pytest
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader

from etl.cli import build_parser, main
from gugus import audit, auth, briefing, briefing_files, briefing_pdf, suppression
from gugus import db as gdb
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
    assert all(card.pillar in slides[1][1] and card.reason in slides[1][1] for card in pack.cards)
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


def test_the_outbox_writes_both_audiences_once_and_again_only_when_the_data_change(demo_db, tmp_path):
    folder = tmp_path / "kotak-keluar"
    week = current_week() - 1
    first = briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    assert {(f.audience, f.format) for f in first} == {(a, f) for a in briefing.AUDIENCES for f in briefing.FORMATS}
    assert all(f.status == "ditulis" and f.week == week and f.path.name.startswith(f"{week.monday:%Y-%m-%d}_") for f in first)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    second = briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    assert [f.status for f in second] == ["tetap"] * 4
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before  # nothing new written
    with gdb.connect(demo_db) as con:
        assert len(audit.entries(con, actor="penjadwal", actions=("bahan-rapat",))) == 2  # the second run made nothing
    with gdb.connect(demo_db, write=True) as con:  # a late upload or a rollback: the data version grows
        gdb.set_meta(con, "data_version", str(int(gdb.get_meta(con, "data_version", "0")) + 1))
    (folder / first[0].path.name).write_bytes(b"diubah tangan")  # and a pack changed by hand is made again too
    third = briefing_files.outbox(folder, db=demo_db, by="penjadwal")
    assert [f.status for f in third] == ["diperbarui"] * 4
    assert (folder / first[0].path.name).read_bytes().startswith(b"%PDF")


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
