"""Walk every page for every role, and every download, on a database seeded with counts of people that
must be hidden, and check that the hidden number reaches the browser nowhere: not in text, tables,
chart data (the JSON sent to the browser) or files."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader

from etl.load import Incoming, load_files
from etl.plan import status_report
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import briefing_files, cartography, mapfigure, maps, printmap, ran
from gugus import db as gdb
from gugus.views import alur, indikator, rantai
from gugus.weeks import Week
from tests.pages.conftest import PAGES, USERS, page_test

SECRET = 89  # every count of people seeded below; k is raised above it, so it must never show
TOKEN = re.compile(rf"(?<![\d.,/:-]){SECRET}(?![\d.,])")
WEEK = Week(2026, 20)


@pytest.fixture
def seeded(db, ref, monkeypatch):
    monkeypatch.setenv("GUGUS_K_INTERNAL", "97")
    monkeypatch.setenv("GUGUS_K_STRICT", "97")
    case = {
        "case_ref": "LP/B/1/V/2026/SPKT",
        "reported_date": WEEK.monday,
        "origin_area": "61.01.05",
        "modus": "pmi-nonprosedural",
        "route": "R-ARUK",
        "crossing": "PLBN-ARUK",
        "destination_country": "MY",
        "victims_female_adult": SECRET,
        "victims_total": SECRET,
        "suspects": 1,
        "stage": "laporan",
        "stage_date": WEEK.monday,
        "service_points": "paspor; pos-lintas-batas",
    }
    day = WEEK.monday + dt.timedelta(days=1)

    def service(name: str, victims: int = SECRET, ref_: str = case["case_ref"]) -> dict:
        return {"case_ref": ref_, "service_date": day, "service": name, "victims": victims, "victims_female": victims, "children": 0}

    books = {
        "penegakan-hukum": {
            "Indikator": [{"indicator": c, "area": "Kota Singkawang", "value": SECRET} for c in ("PGH-01", "PGH-03", "PGH-04")],
            "Kasus": [case],
            "Aksi RAN": [],
        },
        "rehab-sosial": {
            "Indikator": [{"indicator": c, "area": "Kota Singkawang", "value": SECRET} for c in ("RSO-01", "RSO-02")],
            "Layanan Korban": [service("rumah-aman"), service("psikososial")],
            "Aksi RAN": [],
        },
        "rehab-kesehatan": {  # the journey: an examination, and a service for a case reference nobody reported
            "Indikator": [{"indicator": "RKS-01", "area": "Kota Singkawang", "value": SECRET}],
            "Layanan Korban": [service("pemeriksaan-medis"), service("psikologis", SECRET, "LP/B/1/V/2026")],
            "Aksi RAN": [],
        },
        "kerja-sama": {
            "Indikator": [{"indicator": "KSK-01", "area": "Kota Singkawang", "value": 1}],
            "Tindak Lanjut Layanan": [
                {"case_ref": case["case_ref"], "service_point": "paspor", "agency": "IMIGRASI", "sent_date": day, "status": "dikirim"}
            ],
            "Aksi RAN": [],
        },
        "pencegahan": {"Indikator": [{"indicator": "PCG-07", "area": "Kota Singkawang", "value": SECRET}], "Aksi RAN": []},
    }
    sources = [
        Incoming(f"{p}.xlsx", workbook_bytes(build_workbook(p, ref, identity=sample_identity(p, WEEK, ref, WEEK.sunday), rows=rows)))
        for p, rows in books.items()
    ]
    results = load_files(sources, db=db, today=dt.date(2026, 12, 31))
    assert [r.status for r in results] == ["loaded"] * 5, [r.report.issues for r in results]
    return db


def _everything(app) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "code"):
        parts += [str(e.value) for e in getattr(app, kind)]
    parts += [f"{m.label} {m.value} {m.delta}" for m in app.metric]
    parts += [d.value.to_csv() for d in app.dataframe] + [t.value.to_csv() for t in app.table]
    parts += [chart.proto.spec for chart in app.get("plotly_chart")]
    return "\n".join(parts)


VARIANTS = {  # widget choices that bring the seeded indicators and the map's meeting mode on screen
    "indikator": [
        {"indikator_pilar": "penegakan-hukum", "indikator_kode": "PGH-04"},
        {"indikator_pilar": "rehab-sosial", "indikator_kode": "RSO-01"},
        {"indikator_pilar": "pencegahan", "indikator_kode": "PCG-07"},
    ],
    "peta": [{}, {"mode_rapat": True}],
    "alur": [{"alur_periode": weeks} for weeks in (4, 0)],
    "rantai": [{"rantai_periode": weeks} for weeks in (4, 52)],
}


@pytest.mark.parametrize("role", list(USERS))
def test_no_page_shows_a_suppressed_count(seeded, role):
    from streamlit.testing.v1 import AppTest  # noqa: F401 - page_test builds it

    user = USERS[role]
    checked = 0
    for page in PAGES:
        if not user.may_open(page):
            continue
        for state in VARIANTS.get(page, [{}]):
            app = page_test(page, user, state={"pilihan_minggu": WEEK, **state})
            assert not app.exception, (role, page, app.exception)
            shown = _everything(app)
            assert not TOKEN.search(shown), (role, page, state, shown[max(0, TOKEN.search(shown).start() - 200) :][:400])
            checked += 1
    assert checked >= 1


def test_no_download_carries_a_suppressed_count(seeded):
    with gdb.connect(seeded) as con:
        files = [indikator.table_page(con, WEEK, pillar, 97).csv.decode("utf-8-sig") for pillar in ("pencegahan", "penegakan-hukum", "rehab-sosial")]
        data = maps.map_data(con, WEEK - 3, WEEK, 97)
        for view in cartography.VIEWS:
            drawing = cartography.plan(data, view, large=True)
            figure = mapfigure.case_map(drawing, large=True)
            files.append(mapfigure.standalone_html(data, drawing, figure, "4 minggu").decode()[-400_000:])  # the figure, not plotly.js
            files += [figure.to_json(), mapfigure.legend_html(drawing.legend)]
        print_pdf = printmap.print_map(data, "Seluruh", "4 minggu", "pdf")
        files.append(PdfReader(io.BytesIO(print_pdf)).pages[0].extract_text())
        files += [mapfigure.sankey_chart(data).to_json(), mapfigure.countries_chart(data).to_json()]
        frame = ran.actions(con, WEEK)
        journey_page = alur.page(con, WEEK, 4, 97, "ketua", None)
        chain_page = rantai.page(con, WEEK, 4, 97, "ketua")
    files += [journey_page.csv.decode("utf-8-sig"), chain_page.csv.decode("utf-8-sig"), journey_page.funnel_figure.to_json()]
    files += [journey_page.reconciliation.to_csv(), chain_page.table.to_csv(), chain_page.figure.to_json() if chain_page.figure else ""]
    # the seeded victims are on the page, protected: rescued, examined, sheltered (the counselling was for an unknown case)
    assert list(journey_page.funnel["text"]) == ["dilindungi", "dilindungi", "0", "dilindungi", "0", "0"]
    assert "LP/B/1/V/2026" in journey_page.reconciliation["Kode kasus"].tolist()
    book = openpyxl.load_workbook(io.BytesIO(status_report(frame, WEEK.label(), {})))
    files.append("\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None))
    for text in files:
        assert not TOKEN.search(text), text[max(0, TOKEN.search(text).start() - 200) :][:400]
    assert "dilindungi" in files[1]  # the seeded counts are there, in the one wording


@pytest.mark.parametrize("audience", ["ketua", "pimpinan"])
def test_no_briefing_carries_a_suppressed_count_or_a_case_reference(seeded, audience):
    """Both formats of the pack, every page and slide, its tables and speaker notes (the charts are in the PDF as
    text, the same charts as the slides' pictures)."""
    pack, files = briefing_files.generate(WEEK, audience, db=seeded, by="uji")
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages]
    for slide in Presentation(io.BytesIO(files["pptx"])).slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
        texts.append(slide.notes_slide.notes_text_frame.text)
    everything = "\n".join(texts)
    assert not TOKEN.search(everything), everything[max(0, TOKEN.search(everything).start() - 200) :][:400]
    assert "LP/B/1" not in everything  # aggregates only: no case reference, whoever the audience
    assert [h.value for h in pack.headlines[1:4]] == ["dilindungi"] * 3 and "dilindungi" in texts[1]  # the seeded counts are there, protected
