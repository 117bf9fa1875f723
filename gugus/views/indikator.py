"""Indikator: each indicator's status and what it was judged on, the week, the trend and the year to date; and one
indicator's detail (its weekly series, its year to date against the target, its areas)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from gugus import charts, exports, indicators, labels, suppression
from gugus.weeks import Week

TREND = "Tren 12 minggu"
_BARS = "▁▂▃▄▅▆▇█"


def spark_text(values: list[float]) -> str:
    """Weekly values as a line of bars, lowest to highest (``·`` where a week is not reported), so a
    trend reads in a plain table cell."""
    known = [v for v in values if not indicators.is_missing(v)]
    if not known:
        return "–"
    low, high = min(known), max(known)
    span = high - low
    return "".join("·" if indicators.is_missing(v) else _BARS[0 if span == 0 else round((v - low) / span * (len(_BARS) - 1))] for v in values)


def table_view(frame: pd.DataFrame, week: Week, k: int) -> pd.DataFrame:
    """The indicator table as shown: formatted text, small counts suppressed, sparkline with gaps."""
    rows = []
    for r in frame.itertuples(index=False):
        sensitive = bool(r.sensitive)
        values = pd.Series([np.nan if v is None else v for v in r.spark], dtype="float64")
        if indicators.counts_people(r.kind, sensitive) and any(suppression.is_small(v, k) for v in values):
            spark = suppression.PROTECTED  # a trend with holes where counts are hidden would still hint at them
        else:
            spark = spark_text(list(values))
        d = indicators.definition_of(r)
        rows.append(
            {
                "Kode": r.code,
                "Indikator": f"{r.name} ({r.unit})" if r.unit != "%" else r.name,
                "Status": labels.INDICATOR_STATUS[r.status],
                "Capaian": indicators.capaian(r, k),
                "Dasar penilaian": indicators.basis(r, week, k),
                "Minggu ini": indicators.number(r.value, r.kind, sensitive, k, "%" if r.unit == "%" else None),
                TREND: spark,
                "Sejak awal tahun": indicators.number(r.ytd, r.kind, sensitive, k, "%" if r.unit == "%" else None),
                "Target": indicators.target_text(d),
            }
        )
    return pd.DataFrame(
        rows, columns=["Kode", "Indikator", "Status", "Capaian", "Dasar penilaian", "Minggu ini", TREND, "Sejak awal tahun", "Target"]
    )


def styled(view: pd.DataFrame, statuses: Iterable[str]):
    """The indicator table with its status cells coloured (by status code, never by label)."""
    fills = [f"background-color: {labels.INDICATOR_STATUS_FILL[s]}" for s in statuses]
    return view.style.apply(lambda column: fills, subset=["Status"], axis=0).map(
        lambda v: "color: #1F4E79; font-size: 0.8em; letter-spacing: -0.05em; white-space: nowrap", subset=[TREND]
    )


def area_view(
    frame: pd.DataFrame, d: indicators.Definition, k: int, week_total: float | None = None, ytd_total: float | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The breakdown by area as shown, and the same numbers for a chart (None where hidden).

    For counts of people the areas are protected against the indicator's value and year to date,
    which the table above shows (``week_total``, ``ytd_total``): one hidden area alone could otherwise
    be recovered by subtraction.
    """
    shown = frame.rename(columns={"name": "Wilayah", "value": "Minggu ini", "ytd": "Sejak awal tahun"})
    shown = shown[["Wilayah", "Minggu ini", "Sejak awal tahun"]].copy()
    plot = shown.copy()
    unit = "%" if d.unit == "%" else None
    for col, total in (("Minggu ini", week_total), ("Sejak awal tahun", ytd_total)):
        values = list(shown[col])
        hidden = [False] * len(values)
        if indicators.counts_people(d.kind, d.sensitive):
            hidden, _ = suppression.protect_parts(total, values, k)
            if d.kind == "stock" or total is None:  # no sum to protect against: only the small ones
                hidden = [h or suppression.is_small(v, k) for h, v in zip(hidden, values, strict=True)]
        shown[col] = [suppression.PROTECTED if h else indicators.number(v, d.kind, False, k, unit) for v, h in zip(values, hidden, strict=True)]
        plot[col] = [None if h else v for v, h in zip(values, hidden, strict=True)]
    return shown, plot


# ---- what the Indikator page draws, built once per data version ---------------------------------


@dataclass
class TableView:
    frame: pd.DataFrame  # the query result (for codes, names, kinds and status codes)
    view: pd.DataFrame  # the table as shown, small counts suppressed
    csv: bytes  # the same for download, ";"-separated for Excel in Indonesian locale
    counts: dict[str, int]  # hijau, kuning, merah, pantau, kosong: how many indicators have each status
    badge: str


@dataclass
class Detail:
    definition: indicators.Definition
    explanation: str  # how the numbers are read (kind, combination, target, direction)
    series_figure: object
    year_figure: object | None  # the year to date against the target to date; None when not drawn (see year_note)
    year_note: str | None  # why the year-to-date chart is not drawn, with the figure as the table shows it
    areas: pd.DataFrame  # by area, as shown
    area_figure: object | None
    area_level: str | None  # kecamatan or kabkota


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    statuses = list(statuses)
    return {code: statuses.count(code) for code in labels.INDICATOR_STATUS}


def table_page(con: duckdb.DuckDBPyConnection, week: Week, pillar: str | None, k: int) -> TableView:
    frame = indicators.for_readers(indicators.table(con, week, pillar), k)
    view = table_view(frame, week, k)
    return TableView(frame, view, exports.csv_bytes(view.drop(columns=[TREND])), status_counts(frame["status"]), indicators.badge(frame["status"]))


def detail_page(con: duckdb.DuckDBPyConnection, code: str, week: Week, k: int) -> Detail:
    d = indicators.definitions(con)[code]
    raw = indicators.series(con, code, week, d=d)
    row = raw.iloc[-1]  # the chosen week: its value and year to date, as the table has them
    shown = indicators.series_view(raw, d.sensitive, k, year=week.year, kind=d.kind)
    this_year = shown[[Week.of(day.date()).year == week.year for day in shown["week_start"]]]
    ytd_text = indicators.number(row["ytd"], d.kind, d.sensitive, k, "%" if d.unit == "%" else d.unit)
    year_figure, year_note = None, None
    if d.kind == "stock":
        year_note = (
            f"Indikator ini berupa posisi pada akhir minggu, jadi tidak dijumlahkan sepanjang tahun: posisi terakhir "
            f"{ytd_text}. Grafik di samping menunjukkan posisinya setiap minggu."
        )
    elif this_year["ytd"].isna().all() and this_year["week_start"].size and not pd.isna(row["ytd"]):
        year_note = (
            f"Garis sejak awal tahun tidak digambar: ada minggu dengan angka yang {suppression.PROTECTED}, dan "
            f"langkah garisnya akan membuka angka itu. Sejak awal tahun: {ytd_text}."
        )
    else:
        year_figure = charts.year_to_date(this_year, d.short_name, d.unit, d.judged)
    weekly = charts.weekly_series(shown, d.short_name, d.unit)
    areas = indicators.by_area(con, code, week)
    if areas.empty:
        return Detail(d, indicators.describe(d), weekly, year_figure, year_note, areas, None, None)
    table_shown, plot = area_view(areas, d, k, indicators.as_float(row["value"]), indicators.as_float(row["ytd"]))
    level = "kecamatan" if (areas["level"] == "kecamatan").any() else "kabkota"
    return Detail(
        d, indicators.describe(d), weekly, year_figure, year_note, table_shown, charts.area_bars(plot, d.short_name, "Sejak awal tahun"), level
    )
