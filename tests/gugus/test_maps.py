"""Case maps: layers, coordinates, widths ordered by counts, and no suppressed number anywhere in
the figure the browser receives."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from etl.load import Incoming, load_files
from etl.sample import sample_identity
from etl.template import build_workbook, workbook_bytes
from gugus import db as gdb
from gugus import mapfigure, maps
from tests.conftest import WEEK


def _case(ref_no: int, origin: str, route: str | None, crossing: str | None, country: str, victims: int = 1,
          lat: float | None = None, lon: float | None = None) -> dict:
    return {"case_ref": f"LP/B/{ref_no}/V/2026/SPKT", "reported_date": WEEK.monday, "origin_area": origin,
            "modus": "pmi-nonprosedural", "exploitation": "kerja-paksa", "route": route, "crossing": crossing,
            "destination_country": country, "victims_female_adult": victims, "victims_total": victims, "suspects": 1,
            "stage": "laporan",
            "stage_date": WEEK.monday, "lat": lat, "lon": lon}


@pytest.fixture
def cases_db(db, ref):
    """Pemangkat: 6 cases via Aruk; Tebas: 4 via Temajuk; Paloh: 1 (small) via the informal Aruk path."""
    cases = ([_case(i, "61.01.05", "R-ARUK", "PLBN-ARUK", "MY", 2) for i in range(6)]
             + [_case(10 + i, "61.01.04", "R-TEMAJUK", "POS-TEMAJUK", "MY") for i in range(4)]
             + [_case(20, "61.01.08", "R-ARUK-TIKUS", "JALUR-ARUK", "MY", 7)])
    identity = sample_identity("penegakan-hukum", WEEK, ref, WEEK.sunday)
    data = workbook_bytes(build_workbook("penegakan-hukum", ref, identity=identity,
                                         rows={"Indikator": [], "Kasus": cases, "Aksi RAN": []}))
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


def test_no_suppressed_number_anywhere_in_the_figures(cases_db):
    data = _map(cases_db, k=5)
    figures = [mapfigure.case_map(data, view, plain, meeting) for view in maps.VIEWS for plain in (False, True)
               for meeting in (False, True)] + [mapfigure.countries_chart(data), mapfigure.sankey_chart(data)]
    # Paloh has 1 case with 7 victims; Tebas 4 cases with 4 victims: all below k=5 or their complements.
    for fig in figures:
        text = fig.to_json()
        assert "Paloh: 1" not in text and "Tebas: 4" not in text
        numbers = {t for t in re.findall(r"(\d+) kasus", text)}
        assert numbers <= {"0", "5", "6", "11"}, numbers  # zero is not small; 5 is the pool of the two hidden areas (>= k)
        for trace in json.loads(text)["data"]:
            if trace.get("name", "").startswith("Kecamatan: dilindungi"):
                assert "z" not in trace or set(trace["z"]) == {0}
                assert isinstance(trace.get("marker", {}).get("size", 7), (int, float))  # one fixed size, not a count


def test_route_widths_follow_case_counts(cases_db):
    data = _map(cases_db, k=1)  # nothing hidden: widths must order like counts
    fig = mapfigure.case_map(data)
    widths = {t.name.split(" — ")[0]: t.line.width for t in fig.data if t.legendgroup == "rute"}
    assert all(len(t.lat) <= 6 for t in fig.data if t.legendgroup == "rute")  # one point per stop, however many cases
    assert widths["Singkawang – Sambas – PLBN Aruk – Kuching"] > widths["Sambas – Paloh – Temajuk – Telok Melano"]
    assert widths["Sambas – Paloh – Temajuk – Telok Melano"] > widths["Sambas – jalur tidak resmi Aruk – Lundu"]


def test_layers_and_coordinates_stay_in_the_region(cases_db):
    fig = mapfigure.case_map(_map(cases_db), "Perbatasan")
    names = {t.name for t in fig.data}
    assert {"PLBN (pos lintas batas negara)", "Bandara", "Pelabuhan", "Zona jalur tidak resmi (perkiraan)"} <= names
    assert "PLBN Jagoi Babang (perkiraan)" in {x for t in fig.data if t.name == "PLBN (pos lintas batas negara)" for x in t.text}
    for trace in fig.data:
        if trace.type == "scattermap" and trace.legendgroup != "rute" and trace.legendgroup != "tempat":
            assert all(-1.0 < lat < 3.0 for lat in trace.lat) and all(108.0 < lon < 112.0 for lon in trace.lon)
    border = [t for t in fig.data if t.name == "PLBN (pos lintas batas negara)"][0]
    assert all(0.9 < lat < 1.7 and 109.6 < lon < 110.4 for lat, lon in zip(border.lat, border.lon, strict=True))
    assert fig.layout.map.style == mapfigure.STYLE_TILES
    assert mapfigure.case_map(_map(cases_db), plain=True).layout.map.style == mapfigure.STYLE_PLAIN


def test_downloads_work_without_a_browser(cases_db):
    data = _map(cases_db)
    html = mapfigure.standalone_html(mapfigure.case_map(data)).decode()
    assert "Plotly.newPlot" in html and 'src="http' not in html and len(html) > 3_000_000  # plotly.js inside: offline
    png = mapfigure.static_image(data, "png")
    pdf = mapfigure.static_image(data, "pdf")
    assert png.startswith(b"\x89PNG") and pdf.startswith(b"%PDF") and len(png) > 20_000


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
    fig = mapfigure.case_map(strict)
    assert "Kecamatan lain, digabung per kabupaten/kota" in {t.name for t in fig.data}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Tebas", "Paloh", "Sambas", "Jawai"]), st.sampled_from(["Aruk", "Temajuk", "Supadio"]),
                          st.sampled_from(["Malaysia", "Taiwan"]), st.integers(min_value=1, max_value=9)),
                min_size=1, max_size=12, unique_by=lambda t: t[:3]),
       st.integers(min_value=2, max_value=6))
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
