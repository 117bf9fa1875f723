"""Indicator progress: weekly values against targets, year to date, status, and one indicator's detail.

Status rules (thresholds from settings ``status_green`` / ``status_amber``):

* ``monitor`` indicators get no verdict (``pantau``): they show a trend.
* *Level* indicators — percentages, and ``down`` indicators such as days to service — are judged on
  the week's value against the target (for ``down``, lower is better).
* *Cumulative* indicators — counts that should go up — are judged on the year to date against the
  annual target pro-rated to the week, so a quiet week in a good year is not called red.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from gugus import exports, settings, suppression
from gugus.i18n import fmt_number
from gugus.weeks import Week

STATUS_LABEL = {"hijau": "Sesuai target", "kuning": "Perlu perhatian", "merah": "Di bawah target",
                "pantau": "Dipantau", "kosong": "Tidak ada data"}
STATUS_COLOUR = {"Sesuai target": "#C8E6C9", "Perlu perhatian": "#FFF3C4", "Di bawah target": "#FFCDD2",
                 "Dipantau": "#ECEFF1", "Tidak ada data": "#FFFFFF"}


def _weeks_in_year(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar().week


def _status_sql(judged: str, target: str) -> str:
    """SQL for one status, from a judged value and its target (both column expressions)."""
    return f"""CASE WHEN direction = 'monitor' OR {target} IS NULL THEN 'pantau'
                    WHEN {judged} IS NULL THEN 'kosong'
                    WHEN direction = 'down' THEN CASE WHEN {judged} <= {target} / $green THEN 'hijau'
                                                      WHEN {judged} <= {target} / $amber THEN 'kuning' ELSE 'merah' END
                    WHEN {judged} >= {target} * $green THEN 'hijau'
                    WHEN {judged} >= {target} * $amber THEN 'kuning' ELSE 'merah' END"""


_WEEKLY = """
    weekly AS (
        SELECT v.indicator, v.week_start,
               CASE WHEN any_value(i.kind) = 'percent' AND sum(v.denominator) > 0
                        THEN 100.0 * sum(v.numerator) / sum(v.denominator)
                    WHEN any_value(i.kind) = 'percent' OR any_value(i.direction) = 'down' THEN avg(v.value)
                    ELSE sum(v.value) END AS value,
               sum(v.numerator) AS num, sum(v.denominator) AS den
        FROM indicator_value_current v JOIN ind i ON i.code = v.indicator
        WHERE v.week_start BETWEEN $first AND $week
        GROUP BY v.indicator, v.week_start)"""


def table(con: duckdb.DuckDBPyConnection, week: Week, pillar: str | None = None) -> pd.DataFrame:
    """One row per indicator (of ``pillar``, or all): the week's value and the previous week's,
    the target, % of target, the year to date against the annual target, the status this week and
    last week, and the ``spark_weeks`` weekly values ending with ``week`` (None where not reported).

    Columns: code, pillar, name, unit, kind, direction, sensitive, value, previous, target, pct_target,
    ytd, annual_target, ytd_pct, status, status_previous, spark.
    """
    spark_weeks = int(settings.get("spark_weeks"))
    year_start = Week(week.year, 1).monday
    first = min(year_start, (week - (spark_weeks - 1)).monday)
    params = {"week": week.monday, "previous": (week - 1).monday, "first": first, "year_start": year_start,
              "spark_from": (week - (spark_weeks - 1)).monday, "pillar": pillar,
              "elapsed": week.week / _weeks_in_year(week.year),
              "elapsed_previous": max(week.week - 1, 0) / _weeks_in_year(week.year),
              "green": float(settings.get("status_green")), "amber": float(settings.get("status_amber"))}
    sql = f"""
    WITH ind AS (SELECT * FROM indicator WHERE $pillar IS NULL OR pillar = $pillar),
    {_WEEKLY},
    spark_weeks AS (SELECT unnest(generate_series($spark_from::DATE, $week::DATE, INTERVAL 7 DAY))::DATE AS week_start),
    spark AS (
        SELECT i.code, list(w.value ORDER BY s.week_start) AS spark
        FROM ind i CROSS JOIN spark_weeks s LEFT JOIN weekly w ON w.indicator = i.code AND w.week_start = s.week_start
        GROUP BY i.code),
    agg AS (
        SELECT i.code,
               any_value(w.value) FILTER (WHERE w.week_start = $week) AS value,
               any_value(w.value) FILTER (WHERE w.week_start = $previous) AS previous,
               CASE WHEN any_value(i.kind) = 'percent' THEN
                        coalesce(100.0 * sum(w.num) FILTER (WHERE w.week_start >= $year_start)
                                 / nullif(sum(w.den) FILTER (WHERE w.week_start >= $year_start), 0),
                                 avg(w.value) FILTER (WHERE w.week_start >= $year_start))
                    WHEN any_value(i.direction) = 'down' THEN avg(w.value) FILTER (WHERE w.week_start >= $year_start)
                    ELSE sum(w.value) FILTER (WHERE w.week_start >= $year_start) END AS ytd,
               CASE WHEN any_value(i.kind) = 'percent' OR any_value(i.direction) = 'down' THEN NULL
                    ELSE coalesce(sum(w.value) FILTER (WHERE w.week_start >= $year_start AND w.week_start < $week), 0)
                    END AS ytd_previous
        FROM ind i LEFT JOIN weekly w ON w.indicator = i.code
        GROUP BY i.code),
    judged AS (
        SELECT i.*, a.value, a.previous, a.ytd, a.ytd_previous, s.spark,
               (i.kind = 'percent' OR i.direction = 'down') AS level,
               CASE WHEN i.kind = 'percent' OR i.direction = 'down' THEN coalesce(i.weekly_target, i.annual_target)
                    ELSE i.weekly_target END AS target,
               coalesce(i.annual_target, i.weekly_target * 52) AS annual
        FROM ind i JOIN agg a ON a.code = i.code JOIN spark s ON s.code = i.code)
    SELECT code, pillar, name_id AS name, unit, kind, direction, sensitive, value, previous, target,
           CASE WHEN target > 0 AND value IS NOT NULL THEN value / target END AS pct_target,
           ytd, CASE WHEN level THEN annual ELSE annual END AS annual_target,
           CASE WHEN annual > 0 AND ytd IS NOT NULL THEN ytd / annual END AS ytd_pct,
           CASE WHEN level THEN {_status_sql("value", "target")}
                ELSE {_status_sql("ytd", "annual * $elapsed")} END AS status,
           CASE WHEN level THEN {_status_sql("previous", "target")}
                ELSE {_status_sql("ytd_previous", "annual * $elapsed_previous")} END AS status_previous,
           spark
    FROM judged
    ORDER BY code"""
    return con.execute(sql, params).df()


def series(con: duckdb.DuckDBPyConnection, code: str, week: Week, weeks: int = 52) -> pd.DataFrame:
    """One row per week of the ``weeks`` ending with ``week``: value, target, and the cumulative
    value within each year with the annual target pro-rated to that week.

    Columns: week_start, value, target, cumulative, pace.
    """
    params = {"code": code, "first": (week - (weeks - 1)).monday, "week": week.monday}
    sql = f"""
    WITH ind AS (SELECT * FROM indicator WHERE code = $code),
    {_WEEKLY},
    all_weeks AS (SELECT unnest(generate_series($first::DATE, $week::DATE, INTERVAL 7 DAY))::DATE AS week_start)
    SELECT a.week_start, w.value,
           CASE WHEN i.kind = 'percent' OR i.direction = 'down' THEN coalesce(i.weekly_target, i.annual_target)
                ELSE i.weekly_target END AS target,
           sum(coalesce(w.value, 0)) OVER (PARTITION BY isoyear(a.week_start) ORDER BY a.week_start) AS cumulative,
           coalesce(i.annual_target, i.weekly_target * 52) * week(a.week_start)
               / week(make_date(isoyear(a.week_start), 12, 28)) AS pace
    FROM all_weeks a CROSS JOIN ind i LEFT JOIN weekly w ON w.week_start = a.week_start
    ORDER BY a.week_start"""
    return con.execute(sql, params).df()


def by_area(con: duckdb.DuckDBPyConnection, code: str, week: Week) -> pd.DataFrame:
    """One row per area reported for indicator ``code``: the week's value and the year to date.

    Columns: area, name, level, value, ytd. Percentages are weighted by their denominators.
    """
    params = {"code": code, "week": week.monday, "year_start": Week(week.year, 1).monday}
    sql = """
    SELECT v.area, any_value(a.name) AS name, any_value(a.level) AS level,
           CASE WHEN any_value(i.kind) = 'percent' THEN
                    coalesce(100.0 * sum(v.numerator) FILTER (WHERE v.week_start = $week)
                             / nullif(sum(v.denominator) FILTER (WHERE v.week_start = $week), 0),
                             avg(v.value) FILTER (WHERE v.week_start = $week))
                ELSE sum(v.value) FILTER (WHERE v.week_start = $week) END AS value,
           CASE WHEN any_value(i.kind) = 'percent' THEN
                    coalesce(100.0 * sum(v.numerator) / nullif(sum(v.denominator), 0), avg(v.value))
                WHEN any_value(i.direction) = 'down' THEN avg(v.value)
                ELSE sum(v.value) END AS ytd
    FROM indicator_value_current v JOIN indicator i ON i.code = v.indicator
    LEFT JOIN area a ON a.code = v.area
    WHERE v.indicator = $code AND v.week_start BETWEEN $year_start AND $week
    GROUP BY v.area ORDER BY ytd DESC NULLS LAST, v.area"""
    return con.execute(sql, params).df()


# ---- presentation: numbers to display text, through suppression -------------------------------

def _number(value: float | None, kind: str, sensitive: bool, k: int) -> str:
    if sensitive:
        return suppression.label(value, k)
    if value is None or pd.isna(value):
        return "–"
    return fmt_number(value, decimals=1 if kind == "percent" else 2) + (" %" if kind == "percent" else "")


def _share(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else fmt_number(100 * value, decimals=0) + " %"


def table_view(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The indicator table as shown: formatted text, small counts suppressed, sparkline with gaps."""
    rows = []
    for r in frame.itertuples(index=False):
        sensitive = bool(r.sensitive)
        values = pd.Series([np.nan if v is None or v is np.ma.masked else v for v in r.spark], dtype="float64")
        if sensitive and any(suppression.is_small(v, k) for v in values):
            spark = []  # a trend with holes where counts are hidden would still hint at them
        else:
            spark = [float(v) for v in values.fillna(0.0)]
        rows.append({
            "Kode": r.code, "Indikator": r.name, "Status": STATUS_LABEL[r.status], "Satuan": r.unit,
            "Minggu ini": _number(r.value, r.kind, sensitive, k),
            "Minggu lalu": _number(r.previous, r.kind, sensitive, k),
            "Target mingguan": _number(r.target, r.kind, False, k),
            "% target": _share(r.pct_target) if not sensitive or not suppression.is_small(r.value, k) else "–",
            "Tren": spark,
            "Sejak awal tahun": _number(r.ytd, r.kind, sensitive, k),
            "Target tahunan": _number(r.annual_target, r.kind, False, k),
            "% target tahunan": _share(r.ytd_pct) if not sensitive or not suppression.is_small(r.ytd, k) else "–",
        })
    return pd.DataFrame(rows)


def series_view(frame: pd.DataFrame, sensitive: bool, k: int) -> pd.DataFrame:
    """An indicator's weekly series for charts, with small counts of people hidden (None)."""
    if not sensitive:
        return frame
    out = frame.copy()
    for col in ("value", "cumulative"):
        out[col] = [suppression.hide(v, k) for v in out[col]]
    return out


def styled(view: pd.DataFrame):
    """The indicator table with its status cells coloured."""
    return view.style.map(lambda v: f"background-color: {STATUS_COLOUR.get(v, '#FFFFFF')}", subset=["Status"])


def area_view(frame: pd.DataFrame, kind: str, sensitive: bool, k: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The breakdown by area as shown, and the same numbers for a chart (None where hidden).

    For counts of people, small cells and their complements are hidden: the year-to-date total
    appears in the indicator table, so one hidden area alone could be recovered by subtraction.
    """
    shown = frame.rename(columns={"name": "Wilayah", "value": "Minggu ini", "ytd": "Sejak awal tahun"})
    shown = shown[["Wilayah", "Minggu ini", "Sejak awal tahun"]]
    plot = shown.copy()
    if sensitive:
        shown = suppression.suppress_frame(shown, ["Minggu ini", "Sejak awal tahun"], k, column_totals=True)
        for col in ("Minggu ini", "Sejak awal tahun"):
            plot[col] = plot[col].where(shown[col] != f"<{k}", None)
        return shown, plot
    for col in ("Minggu ini", "Sejak awal tahun"):
        shown[col] = [_number(v, kind, False, k) for v in shown[col]]
    return shown, plot


# ---- what the Indikator page draws, built once per data version ---------------------------------

@dataclass
class TableView:
    frame: pd.DataFrame  # the query result (for codes, names and kinds)
    view: pd.DataFrame  # the table as shown, small counts suppressed
    csv: bytes  # the same for download, ";"-separated for Excel in Indonesian locale


@dataclass
class Detail:
    sensitive: bool
    series_figure: object
    cumulative_figure: object | None  # None for level indicators, which are not summed over the year
    areas: pd.DataFrame  # by area, as shown
    area_figure: object | None
    area_level: str | None  # kecamatan or kabkota


def table_page(con: duckdb.DuckDBPyConnection, week: Week, pillar: str, k: int) -> TableView:
    frame = table(con, week, pillar)
    view = table_view(frame, k)
    return TableView(frame, view, exports.csv_bytes(view.drop(columns=["Tren"])))


def detail_page(con: duckdb.DuckDBPyConnection, code: str, week: Week, k: int) -> Detail:
    from gugus import charts

    meta = con.execute("SELECT unit, kind, direction, sensitive FROM indicator WHERE code = ?", [code]).fetchone()
    unit, kind, direction, sensitive = meta
    shown_series = series_view(series(con, code, week), sensitive, k)
    cumulative_figure = (charts.cumulative(shown_series, code, unit) if direction == "up" and kind == "count" else None)
    areas = by_area(con, code, week)
    if areas.empty:
        return Detail(sensitive, charts.weekly_series(shown_series, code, unit), cumulative_figure, areas, None, None)
    shown, plot = area_view(areas, kind, sensitive, k)
    level = "kecamatan" if (areas["level"] == "kecamatan").any() else "kabkota"
    return Detail(sensitive, charts.weekly_series(shown_series, code, unit), cumulative_figure, shown,
                  charts.area_bars(plot, code, "Sejak awal tahun"), level)
