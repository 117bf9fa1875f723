"""Case maps: layers, coordinates, widths ordered by counts, and no suppressed number anywhere in
the figure the browser receives."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from etl.load import Incoming, load_files
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import cartography, mapfigure, maps, printmap, suppression
from gugus import db as gdb
from gugus.views import peta
from tests.conftest import WEEK


def _case(
    ref_no: int,
    origin: str,
    route: str | None,
    crossing: str | None,
    country: str,
    victims: int = 1,
    lat: float | None = None,
    lon: float | None = None,
) -> dict:
    return {
        "case_ref": f"LP/B/{ref_no}/V/2026/SPKT",
        "reported_date": WEEK.monday,
        "origin_area": origin,
        "modus": "pmi-nonprosedural",
        "exploitation": "kerja-paksa",
        "route": route,
        "crossing": crossing,
        "destination_country": country,
        "victims_female_adult": victims,
        "victims_total": victims,
        "suspects": 1,
        "stage": "laporan",
        "stage_date": WEEK.monday,
        "lat": lat,
        "lon": lon,
    }


@pytest.fixture
def cases_db(db, ref):
    """Pemangkat: 6 cases via Aruk; Tebas: 4 via Temajuk; Paloh: 1 (small) via the informal Aruk path."""
    cases = (
        [_case(i, "61.01.05", "R-ARUK", "PLBN-ARUK", "MY", 2) for i in range(6)]
        + [_case(10 + i, "61.01.04", "R-TEMAJUK", "POS-TEMAJUK", "MY") for i in range(4)]
        + [_case(20, "61.01.08", "R-ARUK-TIKUS", "JALUR-ARUK", "MY", 7)]
    )
    identity = sample_identity("penegakan-hukum", WEEK, ref, WEEK.sunday)
    data = workbook_bytes(build_workbook("penegakan-hukum", ref, identity=identity, rows={"Indikator": [], "Kasus": cases, "Aksi RAN": []}))
    [result] = load_files([Incoming("ph.xlsx", data)], db=db, today=dt.date(2026, 12, 31))
    assert result.status == "loaded", result.report.issues
    return db


def _map(db, k=3, **kwargs):
    with gdb.connect(db) as con:
        return maps.map_data(con, WEEK, WEEK, k, **kwargs)


def test_counts_by_origin_route_and_country(cases_db):
    data = _map(cases_db, k=1)  # k=1: nothing hidden
    by_area = data.areas.set_index("code")
    assert by_area.loc["61.01.05", "cases"] == 6 and by_area.loc["61.01.05", "victims"] == 12
    assert by_area.loc["61.01.04", "cases"] == 4
    assert data.total_cases == "11" and data.countries.set_index("country").loc["MY", "cases"] == 11


def test_small_area_and_route_are_protected_with_a_complement(cases_db):
    data = _map(cases_db)
    by_area = data.areas.set_index("code")
    assert by_area.loc["61.01.08", "protected"] and pd.isna(by_area.loc["61.01.08", "cases"])
    assert by_area.loc["61.01.08", "label"] == "dilindungi (digabung di Kabupaten Sambas)"
    assert by_area.loc["61.01.04", "protected"]  # the smallest other area hides with it: 11 − 6 − ? stays unknown
    routes = data.routes.set_index("code")
    assert routes.loc["R-ARUK-TIKUS", "label"] == "dilindungi"
    assert routes.loc["R-TEMAJUK", "protected"]  # complement: the total of 11 would give the hidden route away
    assert data.route_pool == "2 rute lain: 5 kasus" and data.merged["label"].tolist() == ["2 kecamatan digabung: 5 kasus"]


def _figures(data):
    """Every figure, legend and file the map page can produce for ``data``."""
    out = []
    for view in cartography.VIEWS:
        for large in (False, True):
            drawing = cartography.plan(data, view, large)
            fig = mapfigure.case_map(drawing, large)
            out += [fig.to_json(), mapfigure.legend_html(drawing.legend, large)]
        out.append(mapfigure.standalone_html(data, drawing, fig, "4 minggu").decode()[-400_000:])  # the figure, not plotly.js
    return out + [mapfigure.countries_chart(data).to_json(), mapfigure.sankey_chart(data).to_json()]


def test_no_suppressed_number_anywhere_in_the_figures(cases_db):
    data = _map(cases_db, k=5)
    # Paloh has 1 case with 7 victims; Tebas 4 cases with 4 victims: all below k=5 or their complements.
    for text in _figures(data):
        assert "Paloh: 1" not in text and "Tebas: 4" not in text and "Tebas: 1" not in text
        numbers = {t for t in re.findall(r"(\d+)(?:–\d+)? kasus", text)}
        assert numbers <= {"0", "5", "6", "11"}, numbers  # zero is not small; 5 is the pool of the two hidden areas (>= k)
    pdf = PdfReader(io.BytesIO(printmap.print_map(data, "Sambas", "4 minggu", "pdf"))).pages[0].extract_text()
    assert "Tebas: 4" not in pdf and "Paloh: 1" not in pdf and set(re.findall(r"(\d+) kasus", pdf)) <= {"0", "5", "6", "11"}


def test_route_widths_follow_case_counts(cases_db):
    data = _map(cases_db, k=1)  # nothing hidden: widths must order like counts
    drawing = cartography.plan(data, "Sambas")
    widths = {line.hover.split(":")[0]: line.width for line in drawing.routes}
    assert widths["Singkawang – Sambas – PLBN Aruk – Kuching"] > widths["Sambas – Paloh – Temajuk – Telok Melano"]
    assert widths["Sambas – Paloh – Temajuk – Telok Melano"] > widths["Sambas – jalur tidak resmi Aruk – Lundu"]
    fig = mapfigure.case_map(drawing)
    assert all(len(t.lat) <= 12 for t in fig.data if t.name == "Rute")  # per stop, however many cases


def test_the_map_is_complete_with_no_network(cases_db):
    drawing = cartography.plan(_map(cases_db), "Perbatasan")
    assert drawing.land and len(drawing.kecamatan) == 24 and drawing.border and drawing.outlines and drawing.zones
    fig = mapfigure.case_map(drawing)
    geo = fig.layout.geo
    assert not any([geo.showland, geo.showcoastlines, geo.showcountries, geo.showocean, geo.showlakes, geo.showrivers])  # no topojson
    assert {t.type for t in fig.data} == {"scattergeo"} and not any(t.locationmode for t in fig.data)  # nothing fetched by plotly.js
    assert "http" not in fig.to_json() and "mapbox" not in fig.to_json()
    names = {label.text for label in drawing.labels}
    assert {"PLBN Aruk", "Kuching (KCH)", "MALAYSIA (Sarawak)"} <= names


def test_routes_leaving_the_frame_end_at_its_edge_with_their_destination(cases_db):
    data = _map(cases_db, k=1)
    for view, (west, east, south, north) in cartography.VIEWS.items():
        drawing = cartography.plan(data, view)
        for line in drawing.routes:
            assert all(west - 1e-6 <= x <= east + 1e-6 for x in line.lons) and all(south - 1e-6 <= y <= north + 1e-6 for y in line.lats)
        for arrow in drawing.exits:
            assert min(abs(arrow.lon - west), abs(arrow.lon - east), abs(arrow.lat - south), abs(arrow.lat - north)) < 1e-6
    singkawang = cartography.plan(data, "Singkawang")
    texts = [label.text for label in singkawang.labels if label.text.startswith("ke ")]
    assert any("Taiwan" in t and "Bandara Soekarno-Hatta" in t for t in texts), texts  # the long-haul air routes, named
    assert any(t.startswith("ke Sambas") and "Malaysia" in t for t in texts), texts


def test_labels_never_overlap_and_stay_in_the_frame(cases_db):
    data = _map(cases_db, k=1)
    for view in cartography.VIEWS:
        for large in (False, True):
            drawing = cartography.plan(data, view, large)
            west, east, south, north = drawing.frame
            scale = cartography.LABEL_HEIGHT[large] / (north - south)
            boxes = [cartography.text_box(label, "middle center", scale) for label in drawing.labels]
            for i, a in enumerate(boxes):
                assert west <= a[0] and a[1] <= east and south <= a[2] and a[3] <= north, drawing.labels[i].text
                for b in boxes[i + 1 :]:
                    assert not (a[0] < b[1] - 1e-9 and b[0] < a[1] - 1e-9 and a[2] < b[3] - 1e-9 and b[2] < a[3] - 1e-9)


def test_the_legend_explains_classes_widths_and_symbols(cases_db):
    data = _map(cases_db, k=1)
    drawing = cartography.plan(data, "Seluruh")
    titles = [section.title for section in drawing.legend]
    assert titles == ["Kasus menurut kecamatan asal", "Rute (lebar = jumlah kasus)", "Titik lintas, bandara, pelabuhan, kota", "Peta dasar"]
    fills = [e.label for e in drawing.legend[0].entries]
    assert fills[:3] == ["1 kasus", "4 kasus", "6 kasus"] and "0 kasus" in fills
    routes = drawing.legend[1].entries
    assert routes[0].label == "Singkawang – Sambas – PLBN Aruk – Kuching — 6 kasus" and routes[0].size > routes[1].size
    html = mapfigure.legend_html(drawing.legend)
    assert "<script" not in html and "PLBN (pos lintas batas negara)" in html and "Batas negara" in html


def test_views_frame_their_own_area(cases_db):
    data = _map(cases_db, k=1)
    singkawang, border = cartography.plan(data, "Singkawang"), cartography.plan(data, "Perbatasan")
    assert "Singkawang Tengah" in {label.text for label in singkawang.labels}  # every Singkawang kecamatan is named there
    assert "PLBN Entikong" in {label.text for label in border.labels}
    assert "PLBN Entikong" not in {label.text for label in singkawang.labels}


def _real(db) -> None:
    """Mark the test's upload as real: its sample identity carries the SIMULASI mark."""
    with gdb.connect(db, write=True) as con:
        con.execute("UPDATE upload SET simulated = false")


def test_the_downloaded_html_is_a_complete_offline_map(cases_db, tmp_path):
    _real(cases_db)
    data = _map(cases_db, k=5)
    drawing = cartography.plan(data, "Perbatasan")
    html = mapfigure.standalone_html(data, drawing, mapfigure.case_map(drawing), "4 minggu").decode()
    assert "Plotly.newPlot" in html and 'src="http' not in html and "<link" not in html  # plotly.js inside: offline
    assert "Peta Kasus TPPO" in html and data.period in html and "11 kasus dilaporkan" in html
    assert suppression.notice(5).split("“")[0] in html and "peta-legenda" in html
    assert not data.simulated and "DATA SIMULASI" not in html
    with gdb.connect(cases_db, write=True) as con:
        gdb.set_meta(con, "demo", "1")
    demo = _map(cases_db, k=5)
    assert demo.simulated and "DATA SIMULASI" in mapfigure.standalone_html(demo, drawing, mapfigure.case_map(drawing), "4 minggu").decode()


def test_the_print_map_is_an_a4_landscape_map_of_the_chosen_view(cases_db):
    _real(cases_db)
    data = _map(cases_db, k=5)
    pdf = PdfReader(io.BytesIO(printmap.print_map(data, "Perbatasan", "4 minggu", "pdf")))
    [page] = pdf.pages
    assert abs(float(page.mediabox.width) - 841.9) < 1.5 and abs(float(page.mediabox.height) - 595.3) < 1.5  # A4 landscape
    text = " ".join(page.extract_text().split())
    assert "Peta Kasus TPPO" in text and "Tampilan Perbatasan" in text and data.period in text
    assert "11 kasus dilaporkan" in text and "korban" in text
    assert " ".join(suppression.notice(5).split())[:60] in text and "Legenda" in text and "km" in text  # scale bar
    assert "PLBN Aruk" in text and "Bujur" not in text and "DATA SIMULASI" not in text
    pngs = {view: printmap.print_map(data, view, "4 minggu", "png") for view in ("Singkawang", "Perbatasan")}
    assert pngs["Singkawang"] != pngs["Perbatasan"]
    assert all(png.startswith(b"\x89PNG") for png in pngs.values())
    width, height = int.from_bytes(pngs["Singkawang"][16:20], "big"), int.from_bytes(pngs["Singkawang"][20:24], "big")
    assert abs(width - 1754) <= 1 and abs(height - 1240) <= 1  # A4 landscape at 150 dpi
    with gdb.connect(cases_db, write=True) as con:
        con.execute("UPDATE upload SET simulated = true")  # a workbook marked SIMULASI in a real database marks the map too
    demo = PdfReader(io.BytesIO(printmap.print_map(_map(cases_db, k=5), "Perbatasan", "4 minggu", "pdf"))).pages[0].extract_text()
    assert "DATA SIMULASI" in demo


def test_filters_by_modus_and_stage(cases_db):
    assert _map(cases_db, modus=("online-scam",)).total_cases == "0"
    assert _map(cases_db, stages=("laporan",)).total_cases == "11"


def test_protected_kecamatan_are_pooled_into_their_kabupaten(cases_db):
    data = _map(cases_db, k=5)  # Tebas (4) and Paloh (1) are hidden; together 5 cases in Kabupaten Sambas
    [merged] = data.merged.to_dict("records")
    assert (merged["code"], merged["areas"], merged["cases"]) == ("61.01", 2, 5)
    assert "2 kecamatan digabung: 5 kasus" in merged["label"]
    strict = _map(cases_db, k=6)  # a pool of 5 under k=6 would be 11 − 6 = 5 by subtraction: Pemangkat joins it
    [merged] = strict.merged.to_dict("records")
    assert (merged["areas"], merged["cases"], merged["label"]) == (3, 11, "3 kecamatan digabung: 11 kasus")
    assert strict.areas.set_index("code").loc["61.01.05", "protected"]
    tiny = _map(cases_db, k=12)  # everything below k: the pool says only that
    assert tiny.merged["cases"].isna().all() and tiny.merged["label"].tolist() == ["3 kecamatan digabung: dilindungi"]
    assert tiny.total_cases == "dilindungi"
    drawing = cartography.plan(strict, "Sambas")
    assert "Kab. Sambas: 3 kecamatan digabung: 11 kasus" in {label.text for label in drawing.labels}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Tebas", "Paloh", "Sambas", "Jawai"]),
            st.sampled_from(["Aruk", "Temajuk", "Supadio"]),
            st.sampled_from(["Malaysia", "Taiwan"]),
            st.integers(min_value=1, max_value=9),
        ),
        min_size=1,
        max_size=12,
        unique_by=lambda t: t[:3],
    ),
    st.integers(min_value=2, max_value=6),
)
def test_sankey_never_leaves_a_small_remainder_against_any_total(flows, k):
    import pandas as pd

    links = pd.DataFrame(flows, columns=["origin", "crossing", "country", "cases"])
    shown, _ = maps._sankey(links, k)
    visible = shown[~shown["origin"].str.contains("digabung")]
    for key in ("origin", "crossing", "country"):
        for name, total in links.groupby(key)["cases"].sum().items():
            remainder = total - visible.loc[visible[key] == name, "cases"].sum()
            # a total below k is itself hidden wherever it is shown, so its remainder tells nothing
            assert remainder == 0 or remainder >= k or total < k, (key, name, total, remainder)
    pooled = shown[shown["origin"].str.contains("digabung")]
    assert (pooled["cases"] >= k).all()


def test_a_phone_gets_a_shorter_map_with_only_the_labels_that_fit(cases_db):
    with gdb.connect(cases_db) as con:
        screen = peta.page(con, WEEK, WEEK, 1, (), (), "Seluruh", False)
        phone = peta.page(con, WEEK, WEEK, 1, (), (), "Seluruh", False, phone=True)
    assert phone.figure.layout.height == cartography.PHONE_HEIGHT < screen.figure.layout.height
    assert 0 < len(phone.drawing.labels) < len(screen.drawing.labels)
    assert phone.drawing.labels[0].text == screen.drawing.labels[0].text  # the most important label stays
