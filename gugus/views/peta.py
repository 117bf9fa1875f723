"""Peta Kasus: the case map of one period and choice of filters, its charts, and the sentence above it."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import cartography, mapfigure
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
