"""Peta Kasus: the case map of one period and choice of filters, its charts, and the sentence above it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import cartography, mapfigure, suppression
from gugus.mapdata import MapData
from gugus.maps import map_data
from gugus.weeks import Week


@dataclass
class MapPage:
    """What the Peta Kasus page draws for one choice of period, filters and view."""

    data: MapData
    figure: object
    countries: object
    sankey: object
    drawing: cartography.Plan  # what the figure was painted from (legend, frame, labels)


def page(
    con: duckdb.DuckDBPyConnection,
    first: Week,
    last: Week,
    k: int,
    modus: tuple[str, ...],
    stages: tuple[str, ...],
    view: str,
    meeting: bool,
    phone: bool = False,
) -> MapPage:
    data = map_data(con, first, last, k, modus, stages)
    drawing = cartography.plan(data, view, meeting, cartography.PHONE_LABEL_HEIGHT if phone else None)
    figure = mapfigure.case_map(drawing, meeting, cartography.PHONE_HEIGHT if phone else None)
    return MapPage(data, figure, mapfigure.countries_chart(data, meeting), mapfigure.sankey_chart(data), drawing)


def outside_table(data: MapData) -> pd.DataFrame:
    """Origins outside Singkawang and Sambas, as shown beside the map."""
    return data.outside.rename(columns={"name": "Asal", "cases": "Kasus"})


def filter_words(choices: dict[str, dict[str, str]], modus: list[str], stages: list[str]) -> str:
    """`` · modus: Kerja paksa · tahap: Penyidikan`` — the chosen filters in words, empty when none is chosen."""
    words = f" · modus: {', '.join(choices['modus'][c] for c in modus)}" if modus else ""
    return words + (f" · tahap: {', '.join(choices['tahap'][c] for c in stages)}" if stages else "")


def sentence(data: MapData, period_name: str, filters: str) -> str:
    """The sentence above the map: the totals, the period and its dates, the filters."""
    return f"{mapfigure.totals(data)}; {period_name.lower()}: {data.period}{filters}"


def no_cases_text(filtered: bool) -> str:
    """The empty state when the period (and filters) hold no case: what is still drawn, and what to change."""
    return (
        "Tidak ada kasus dengan tanggal laporan dalam periode ini"
        + (" yang cocok dengan saringan modus/tahap" if filtered else "")
        + ". Peta tetap menampilkan wilayah, titik lintas dan rute. Pilih periode yang lebih panjang"
        + (" atau hapus saringan." if filtered else ".")
    )


def no_flows_text(filtered: bool) -> str:
    """Why the origin → crossing → destination chart is not drawn, and what to change."""
    return (
        "Alur asal → titik lintas → tujuan tidak digambar: tidak ada alur yang bisa ditampilkan untuk periode dan "
        f"saringan ini (belum ada kasus, atau semuanya {suppression.PROTECTED}). Pilih periode yang lebih panjang"
        + (" atau hapus saringan modus/tahap." if filtered else ".")
    )
