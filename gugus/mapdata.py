"""What a case map shows, as plain data: the map's numbers after suppression, its places and its base map.

Built by :mod:`gugus.maps` (the queries) and drawn by :mod:`gugus.cartography`, :mod:`gugus.mapfigure` and
:mod:`gugus.printmap`, which import nothing that reads the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from gugus.weeks import Week

POOLED = "digabung"  # a pool of hidden elements; each hidden element itself says suppression.PROTECTED

PLACE_KINDS = {
    "plbn": "PLBN (pos lintas batas negara)",
    "pos_lintas_batas": "Pos lintas batas tradisional",
    "bandara": "Bandara",
    "pelabuhan": "Pelabuhan",
    "kota_tujuan": "Kota tujuan",
    "kota": "Kota",
    "jalur_informal": "Zona jalur tidak resmi (perkiraan)",
}
# Period choices for the map: weeks back from the chosen week, 0 = from week 1 of its year (as the
# indicators' year to date counts).
PERIODS = {0: "Sejak awal tahun", 4: "4 minggu", 13: "3 bulan", 26: "6 bulan", 52: "1 tahun", 156: "3 tahun"}
# The period each page opens with (weeks, a key of PERIODS).
DEFAULT_PERIOD = {"peta": 0, "alur": 26, "rantai": 52}
COUNTRIES = {
    "MY": "Malaysia",
    "CN": "Tiongkok",
    "TW": "Taiwan",
    "MM": "Myanmar",
    "KH": "Kamboja",
    "ID": "Indonesia (dalam negeri)",
    "TH": "Thailand",
    "SG": "Singapura",
    "HK": "Hong Kong",
    "SA": "Arab Saudi",
}


@dataclass(frozen=True)
class Basemap:
    """What every map draws under the data, from shipped files: land by country, and the border."""

    land: gpd.GeoDataFrame  # negara (ID, MY), nama, geometry
    border: gpd.GeoDataFrame  # the Indonesia–Malaysia land border (lines)


@dataclass
class MapData:
    """One period's case map, aggregated and suppressed for one k."""

    k: int
    period: str
    total_cases: str  # display text, suppressed when small
    total_victims: str
    areas: pd.DataFrame  # code, name, lat, lon, cases, victims (None where hidden), label, protected
    outside: pd.DataFrame  # origins outside Singkawang/Sambas: name, cases label
    routes: pd.DataFrame  # code, name, cases (None where hidden), label, protected, lats, lons
    places: pd.DataFrame  # code, name, kind, kind_label, lat, lon, approximate, radius_km
    countries: pd.DataFrame  # country, name, cases (visible only)
    country_pool: str | None = None  # "7 kasus" or "dilindungi": the hidden countries together
    route_pool: str | None = None  # "2 rute lain: 7 kasus": the hidden routes together
    sankey: pd.DataFrame = field(default_factory=pd.DataFrame)  # source, target, cases (only links >= k)
    pooled_links: int = 0  # small flows pooled as "Asal lain (digabung)" or left out
    merged: pd.DataFrame = field(default_factory=pd.DataFrame)  # hidden kecamatan pooled per kabupaten/kota
    boundaries: gpd.GeoDataFrame | None = None  # kecamatan shapes with the same visible counts
    outlines: gpd.GeoDataFrame | None = None  # kab/kota shapes (area_code, name, geometry), for outlines and names
    basemap: Basemap | None = None  # land and border, shipped with the project
    simulated: bool = False  # a demo database, or a case of the period from a workbook marked SIMULASI
    credit: str = ""  # where the boundaries and the base map come from (shipped files or official ones)


def period_phrase(weeks: int) -> str:
    """A period of :data:`PERIODS` inside a sentence: ``dalam 4 minggu terakhir``, ``sejak awal tahun``."""
    return PERIODS[weeks].lower() if weeks == 0 else f"dalam {PERIODS[weeks]} terakhir"


def period_start(week: Week, weeks: int) -> Week:
    """The first week of a map period: week 1 of the year for 0 ("Sejak awal tahun"), else ``weeks`` back."""
    return Week(week.year, 1) if weeks == 0 else week - (weeks - 1)


def circle(lat: float, lon: float, radius_km: float, points: int = 48) -> tuple[list[float], list[float]]:
    """A closed ring of ``radius_km`` around a point, for approximate zones (never exact paths)."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * math.cos(math.radians(lat)))
    angles = [2 * math.pi * i / points for i in range(points + 1)]
    return [lat + dlat * math.sin(a) for a in angles], [lon + dlon * math.cos(a) for a in angles]
