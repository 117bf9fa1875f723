"""The briefing pack as a 16:9 slide deck (python-pptx): the PDF's story in nine slides, with editable titles
(title placeholders), native tables, the charts and the print map as images, and speaker notes holding the WhatsApp
text — the whole text on the cover, each slide's own part on the slide."""

from __future__ import annotations

import datetime as dt
import io
import re

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from gugus import briefing_plots, labels, printmap
from gugus.briefing import BODY, MAP_VIEW, PRIVACY, SIMULATED, TITLE, Pack, Table

WIDE, HIGH = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK, MUTED, ALARM, HEADER_FILL, RULE = "1B2A38", "5A6775", "B71C1C", "E8EEF4", "C9D2DB"
CELL_CHARACTERS = 80  # a longer cell is cut on a slide, so a row stays within two or three lines
MAX_ROWS = 7  # table rows on one slide (two lines each fit); the rest is said in a line above the footer


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, lines: list[str], size: int = 14, colour: str = INK, bold: bool = False, align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)
    return box


def _slide(deck, pack: Pack, title: str, notes: list[str]):
    """A content slide: its title in the layout's title placeholder (editable, in the outline), the footer, and notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    head = slide.shapes.title
    head.left, head.top, head.width, head.height = MARGIN, Inches(0.3), WIDE - 2 * MARGIN, Inches(0.8)
    head.text = title
    para = head.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    para.runs[0].font.size, para.runs[0].font.bold, para.runs[0].font.color.rgb = Pt(28), True, _rgb(INK)
    footer = f"{TITLE} — {pack.week.label()} — {pack.audience_short} — dibuat {pack.generated_text}"
    _text(slide, MARGIN, HIGH - Inches(0.45), Inches(10.5), Inches(0.3), [footer], size=9, colour=MUTED)
    if pack.simulated:
        _text(slide, WIDE - MARGIN - Inches(2.2), HIGH - Inches(0.45), Inches(2.2), Inches(0.3), ["DATA SIMULASI"], 10, ALARM, True, PP_ALIGN.RIGHT)
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    return slide


def _table(
    slide,
    table: Table,
    top,
    widths: list[float],
    size: int = 11,
    fills: list[str] | None = None,
    more: str = "",
    hidden: int = 0,
    cut: int = 0,
    limit: int = MAX_ROWS,
) -> None:
    """A native table of up to ``limit`` rows (:data:`MAX_ROWS` unless said); the rest (and ``hidden`` rows left out before) is counted in a
    line above the footer. With ``cut``, a longer cell is cut there (the PDF has the whole text). ``fills``: one
    background per row for the second column (a status)."""
    if not table.rows:
        _text(slide, MARGIN, top, WIDE - 2 * MARGIN, Inches(0.6), [table.empty], size=16, colour=MUTED)
        return
    rows = table.rows[:limit]
    shape = slide.shapes.add_table(len(rows) + 1, len(table.columns), MARGIN, top, Inches(sum(widths)), Inches(0.4) * (len(rows) + 1))
    grid = shape.table
    for i, width in enumerate(widths):
        grid.columns[i].width = Inches(width)
    for r, values in enumerate([table.columns, *rows]):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value if not cut or len(value) <= cut else value[: cut - 1].rstrip() + "…"
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            font = cell.text_frame.paragraphs[0].runs[0].font if cell.text_frame.paragraphs[0].runs else None
            if font:
                font.size, font.bold, font.color.rgb = Pt(size), r == 0, _rgb(INK)
            cell.fill.solid()
            colour = HEADER_FILL if r == 0 else (fills[r - 1] if fills and c == 1 else "FFFFFF")
            cell.fill.fore_color.rgb = _rgb(colour)
    left = len(table.rows) - len(rows) + hidden
    if left:  # at a fixed place above the footer: rows that wrap grow the table downwards
        bottom = HIGH - Inches(0.95)
        _text(slide, MARGIN, bottom, WIDE - 2 * MARGIN, Inches(0.4), [f"… dan {left} baris lainnya{more}."], size=11, colour=MUTED)


def _picture(slide, image: bytes, left, top, width=None, height=None, alt: str = "") -> None:
    """A picture with its alternative text (read aloud by a screen reader, shown when the image cannot be)."""
    picture = slide.shapes.add_picture(io.BytesIO(image), left, top, width=width, height=height)
    picture._element.nvPicPr.cNvPr.set("descr", alt)


def _cover(deck, pack: Pack) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])  # "Title Slide"
    slide.shapes.title.left, slide.shapes.title.top = MARGIN, Inches(1.2)
    slide.shapes.title.width, slide.shapes.title.height = WIDE - 2 * MARGIN, Inches(1.2)
    slide.shapes.title.text = TITLE
    title = slide.shapes.title.text_frame.paragraphs[0]
    title.alignment = PP_ALIGN.LEFT
    title.runs[0].font.size, title.runs[0].font.bold, title.runs[0].font.color.rgb = Pt(44), True, _rgb(INK)
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = MARGIN, Inches(2.5), WIDE - 2 * MARGIN, Inches(1.6)
    sub.text_frame.text = pack.week.label()
    for line in (BODY, f"Untuk: {pack.audience_name}"):
        sub.text_frame.add_paragraph().text = line
    for i, para in enumerate(sub.text_frame.paragraphs):
        para.alignment = PP_ALIGN.LEFT
        para.runs[0].font.size, para.runs[0].font.color.rgb = Pt(26 if i == 0 else 16), _rgb(INK if i == 0 else MUTED)
    top = Inches(4.4)
    if pack.simulated:
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, MARGIN, top, Inches(7.5), Inches(0.95))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb("FFF3CD")
        box.line.color.rgb = _rgb("E0A800")
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = "DATA SIMULASI"
        frame.paragraphs[0].runs[0].font.size, frame.paragraphs[0].runs[0].font.bold = Pt(20), True
        frame.paragraphs[0].runs[0].font.color.rgb = _rgb(ALARM)
        note = frame.add_paragraph()
        note.text = SIMULATED
        note.runs[0].font.size, note.runs[0].font.color.rgb = Pt(11), _rgb(ALARM)
        top += Inches(1.15)
    lines = ["Perlindungan korban: " + pack.protection + " " + PRIVACY] + ([pack.caveat] if pack.caveat else [])
    _text(slide, MARGIN, top, Inches(12), Inches(1.2), lines, size=12, colour=MUTED)
    _text(slide, MARGIN, HIGH - Inches(0.6), Inches(10), Inches(0.3), [f"Dibuat {pack.generated_text}, versi data {pack.data_version}"], 10, MUTED)
    slide.notes_slide.notes_text_frame.text = pack.whatsapp_text


def _headlines(deck, pack: Pack) -> None:
    """One card per headline figure; the name, the figure, its change and its longer wording each at the same height on
    every card, so the figures line up across the slide."""
    slide = _slide(deck, pack, "Angka utama minggu ini", pack.whatsapp.get("angka", []))
    gap = Inches(0.25)
    width = Emu(int((WIDE - 2 * MARGIN - gap * (len(pack.headlines) - 1)) / len(pack.headlines)))
    inner = width - Inches(0.3)
    for i, h in enumerate(pack.headlines):
        left = MARGIN + (width + gap) * i
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.5), width, Inches(4.2))
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb("F4F7FA")
        box.line.color.rgb = _rgb(RULE)
        x = left + Inches(0.15)
        _text(slide, x, Inches(1.65), inner, Inches(0.9), [h.name], size=16, bold=True)
        _text(slide, x, Inches(2.6), inner, Inches(0.8), [h.value], size=24 if len(h.value) <= 9 else 18, bold=True)
        _text(slide, x, Inches(3.5), inner, Inches(0.8), [h.change or "–"], size=13, colour=MUTED)
        if h.help != h.name:
            _text(slide, x, Inches(4.4), inner, Inches(1.2), [h.help], size=11, colour=MUTED)


def _ran(deck, pack: Pack) -> None:
    """Overdue actions, then stalled ones, in one table: the stalled keep a place of their own however many are overdue."""
    stall_lines = [f"Aksi RAN macet: {len(pack.stalled.rows)} aksi." if pack.stalled.rows else pack.stalled.empty]
    slide = _slide(deck, pack, "Aksi RAN lewat tenggat dan macet", [*(pack.whatsapp.get("ran") or [pack.overdue.empty]), *stall_lines])
    stalled = min(len(pack.stalled.rows), max(MAX_ROWS - len(pack.overdue.rows), 2))
    overdue = min(len(pack.overdue.rows), MAX_ROWS - stalled)
    rows = [[*r[:5], "Lewat tenggat"] for r in pack.overdue.rows[:overdue]] + [[*r[:5], f"Macet ({r[5]})"] for r in pack.stalled.rows[:stalled]]
    hidden = len(pack.overdue.rows) - overdue + len(pack.stalled.rows) - stalled
    table = Table(["Kode", "Kegiatan", "Penanggung jawab", "Tenggat", "Progres", "Keadaan"], rows, f"{pack.overdue.empty} {pack.stalled.empty}")
    _table(
        slide, table, Inches(1.3), [1.2, 5.2, 2.0, 1.5, 1.0, 1.4], size=13, hidden=hidden, cut=CELL_CHARACTERS, more=" di PDF dan halaman Aksi RAN"
    )


def deck(pack: Pack) -> bytes:
    """The pack as a 16:9 deck: cover, pillar status, headline figures, reporting, indicators turned red, RAN actions,
    the victim journey, the service chain, the case map."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE, HIGH
    deck.core_properties.title = f"{TITLE} — {pack.week.label()}"
    deck.core_properties.author = BODY
    _cover(deck, pack)

    slide = _slide(deck, pack, "Status pilar", pack.whatsapp.get("status", []))
    cards = Table(["Pilar", "Status", "Indikator", "Alasan"], [[c.pillar, c.status, c.counts, c.reason] for c in pack.cards])
    _table(
        slide,
        cards,
        Inches(1.3),
        [2.6, 1.3, 3.6, 4.8],
        size=14,
        fills=[labels.INDICATOR_STATUS_FILL[c.badge] for c in pack.cards],
        cut=CELL_CHARACTERS * 2,
    )

    _headlines(deck, pack)

    slide = _slide(deck, pack, "Pelaporan pilar", pack.whatsapp.get("pelaporan", []))
    _text(slide, MARGIN, Inches(1.15), Inches(12), Inches(0.4), [pack.reporting_note], size=13, colour=MUTED)
    _table(slide, pack.reporting, Inches(1.7), [3.4, 2.3, 2.6, 1.6, 2.4], size=16)

    slide = _slide(deck, pack, "Indikator yang menjadi merah", pack.whatsapp.get("merah", []) or [pack.turned_red.empty])
    _table(slide, pack.turned_red, Inches(1.3), [1.2, 3.8, 2.6, 4.7], size=13, cut=CELL_CHARACTERS * 2, more=" di PDF dan halaman Indikator")

    _ran(deck, pack)

    slide = _slide(deck, pack, "Alur penanganan korban", [pack.journey_sentence, *pack.whatsapp.get("korban", [])])
    _text(slide, MARGIN, Inches(1.1), Inches(12.3), Inches(0.6), [pack.journey_sentence], size=13, colour=MUTED)
    funnel = briefing_plots.funnel_chart(pack.funnel, "png", size=(6.4, 3.6))
    _picture(
        slide,
        funnel,
        MARGIN,
        Inches(1.8),
        width=Inches(6.6),
        alt="Korban yang mencapai tiap tahap: " + "; ".join(f"{r.label} {r.text}" for r in pack.funnel.itertuples()),
    )
    waiting = ["Korban menunggu layanan melebihi standar:", *(f"• {line}" for line in pack.dropouts)] if pack.dropouts else []
    _text(slide, Inches(7.4), Inches(1.8), Inches(5.4), Inches(4.6), waiting or ["Tidak ada korban yang menunggu melebihi standar."], size=12)
    notes = [n for n in (pack.funnel_note, *pack.journey_notes) if n]
    if notes:
        _text(slide, MARGIN, Inches(6.35), Inches(12.3), Inches(0.5), notes, size=10, colour=MUTED)

    slide = _slide(deck, pack, "Rantai layanan publik", [pack.chain_note])
    _table(slide, pack.chain, Inches(1.2), [2.9, 2.6, 1.25, 1.4, 1.4, 1.25, 1.5], size=12, limit=len(pack.chain.rows))  # every point
    _text(slide, MARGIN, Inches(6.45), Inches(12.3), Inches(0.5), [pack.chain_note], size=10, colour=MUTED)

    slide = _slide(deck, pack, "Peta kasus", [f"{pack.map_period}: {pack.map_totals}."])
    image = printmap.print_map(pack.map_data, MAP_VIEW, pack.map_period, "png", pack.generated, printmap.SLIDE)
    height = Inches(6.0)
    left = Emu(int((WIDE - height * 16 / 9) / 2))
    _picture(slide, image, left, Inches(1.0), height=height, alt=f"Peta kasus, {pack.map_period.lower()}: {pack.map_totals}")

    _indonesian(deck)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _indonesian(deck) -> None:
    """Every run marked Indonesian (so PowerPoint checks the spelling in the right language), the slide size recorded
    as 16:9 and the file's properties as this project's, not the python-pptx template's."""
    for slide in deck.slides:
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame]
        frames += [cell.text_frame for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
        frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for para in frame.paragraphs:
                for run in para.runs:
                    run.font.language_id = MSO_LANGUAGE_ID.INDONESIAN
    deck.part._element.find(qn("p:sldSz")).attrib.pop("type", None)
    props = deck.core_properties
    props.last_modified_by, props.comments, props.language = BODY, "Dibuat dari dasbor Gugus Tugas TPPO.", "id-ID"
    props.subject, props.keywords, props.revision = "Bahan rapat mingguan", "TPPO; bahan rapat", 1
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = now
    for part in deck.part.package.iter_parts():  # the template's own statistics, which no viewer recomputes
        if str(part.partname) == "/docProps/app.xml":
            app = part.blob.decode("utf-8")
            app = re.sub(r"<PresentationFormat>[^<]*</PresentationFormat>", "<PresentationFormat>Widescreen</PresentationFormat>", app)
            app = re.sub(r"<Application>[^<]*</Application>", "<Application>Gugus Tugas TPPO (python-pptx)</Application>", app)
            part._blob = (
                app.replace("<Slides>0</Slides>", f"<Slides>{len(deck.slides)}</Slides>")
                .replace("<Notes>0</Notes>", f"<Notes>{len(deck.slides)}</Notes>")
                .encode("utf-8")
            )
