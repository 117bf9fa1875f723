"""Indicators: the one definition of what each indicator's numbers mean, and its progress against target.

Every page, export and text reads indicator numbers through this module. The definition of an
indicator is its row in ``data/reference/indicators.csv`` read with these rules:

* **kind** — how values combine over weeks and areas:
  ``count``   events in the week (sessions, victims rescued): summed;
  ``percent`` numerator ÷ denominator: Σnumerator ÷ Σdenominator, never a mean of percentages
              (rows that give only a percentage, without the two, are averaged as a last resort);
  ``average`` a mean such as days from referral to service: weighted by the row's denominator
              (the number of victims averaged), 1 where none is given;
  ``stock``   a level at the end of the week (cases open, budget realised so far): areas added,
              the latest reported week taken.
* **direction** — ``up`` higher is better, ``down`` lower is better, ``monitor`` no target and no verdict.
* **target_period** — ``year``: the target is for the whole year (a count's total, a stock's level at
  year end) and is pro-rated to the week: target × week ÷ weeks in the year; ``level``: the target
  holds in any period (a percentage, an average).
* The **year to date** runs from ISO week 1 of the week's year and starts again every year.

**Status** is judged on the year to date against the target up to that week:
achievement = judged ÷ target (``up``) or target ÷ judged (``down``); ``hijau`` from
``status_green``, ``kuning`` from ``status_amber``, ``merah`` below. A pillar's **badge** is its
worst judged indicator.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import settings, suppression
from gugus.i18n import fmt_number
from gugus.weeks import Week, weeks_in_year

STATUS_ORDER = ["merah", "kuning", "hijau"]  # worst first: a badge is the first of these any indicator has


@dataclass(frozen=True)
class Definition:
    code: str
    pillar: str
    name: str
    short_name: str
    unit: str
    kind: str  # count | percent | average | stock
    direction: str  # up | down | monitor
    target_period: str | None  # year | level
    target: float | None
    sensitive: bool
    definition: str

    @property
    def judged(self) -> bool:
        return self.direction != "monitor" and self.target is not None


def definitions(con: duckdb.DuckDBPyConnection, pillar: str | None = None) -> dict[str, Definition]:
    """Every indicator's definition (of ``pillar``, or all), by code in code order."""
    rows = con.execute(
        """SELECT code, pillar, name_id, coalesce(short_name, name_id), unit, kind, direction, target_period, target,
                  coalesce(sensitive, false), coalesce(definition, '')
           FROM indicator WHERE $pillar IS NULL OR pillar = $pillar ORDER BY code""",
        {"pillar": pillar},
    ).fetchall()
    return {r[0]: Definition(*r) for r in rows}


# ---- the rules, in Python so that every page states and checks the same thing -----------------


def thresholds() -> tuple[float, float]:
    """(green, amber) shares of the target, from settings (refused when amber is not below green)."""
    return settings.check_thresholds()


def is_missing(value: float | None) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def achievement(direction: str, judged: float | None, target: float | None) -> float | None:
    """Share of the target reached: judged ÷ target (up) or target ÷ judged (down); None without a verdict."""
    if direction == "monitor" or is_missing(judged) or is_missing(target):
        return None
    if direction == "down":
        return math.inf if judged <= 0 else target / judged
    return None if target <= 0 else judged / target


def status(direction: str, judged: float | None, target: float | None) -> str:
    """``hijau`` / ``kuning`` / ``merah`` from the achievement; ``pantau`` without a target; ``kosong`` without data."""
    if direction == "monitor" or is_missing(target):
        return "pantau"
    if is_missing(judged):
        return "kosong"
    share = achievement(direction, judged, target)
    if share is None:
        return "hijau"  # an 'up' target of zero is met by anything
    green, amber = thresholds()
    return "hijau" if share >= green else "kuning" if share >= amber else "merah"


def badge(statuses: Iterable[str]) -> str:
    """A pillar's colour: its worst judged indicator (``kosong`` when none is judged)."""
    present = set(statuses)
    return next((s for s in STATUS_ORDER if s in present), "kosong")


def legend() -> str:
    """The rules above in a few sentences, with the thresholds as set, for every page that shows a status."""
    green, amber = thresholds()
    g, a = fmt_number(100 * green, decimals=0), fmt_number(100 * amber, decimals=0)
    return (
        f"Status dinilai atas angka **sejak awal tahun** (mulai lagi setiap minggu 1) terhadap target sampai minggu "
        f"yang dipilih, dengan angka seperti tertulis di kolom Dasar penilaian: target tahunan dibagi rata per minggu, "
        f"target persentase atau rata-rata berlaku setiap minggu. **Capaian** = nilai ÷ target, dibulatkan ke bawah. "
        f"**Hijau**: capaian ≥ {g} %; **Kuning**: {a} % sampai di bawah {g} %; **Merah**: di bawah {a} %. "
        f"Untuk indikator *makin kecil makin baik* (hari sampai layanan) kolom Capaian menunjukkan selisih dengan target, "
        f"dan batasnya tertulis di Dasar penilaian: Hijau bila nilai ≤ target ÷ {fmt_number(green, decimals=2)}, Kuning bila "
        f"≤ target ÷ {fmt_number(amber, decimals=2)}, selebihnya Merah. **Dipantau**: tanpa target, tanpa penilaian. "
        f"**Tidak ada data**: belum ada nilai tahun ini. **Dilindungi**: angkanya jumlah korban/kasus yang terlalu kecil untuk "
        f"ditampilkan, jadi tidak dinilai. Warna pilar = status terburuk di antara indikator yang dinilai (Hijau, Kuning, Merah)."
    )


def describe(d: Definition) -> str:
    """How this indicator's numbers are read, from its definition: kind, combination, target, direction."""
    combine = {
        "count": "Jumlah kejadian per minggu: dijumlahkan antarminggu dan antarwilayah; angka sejak awal tahun = jumlah sejak minggu 1.",
        "percent": "Persentase: pembilang dan penyebut dijumlahkan dulu, lalu dibagi (Σ pembilang ÷ Σ penyebut), bukan "
        "rata-rata persentase; angka sejak awal tahun = Σ sejak minggu 1.",
        "average": "Rata-rata: digabung tertimbang dengan penyebut (jumlah korban yang dirata-ratakan); angka sejak awal "
        "tahun = rata-rata tertimbang sejak minggu 1.",
        "stock": "Posisi pada akhir minggu (bukan kejadian baru): antarwilayah dijumlahkan, antarminggu diambil minggu "
        "terakhir yang dilaporkan; angka sejak awal tahun = posisi terakhir.",
    }[d.kind]
    if not d.judged:
        target = "Dipantau tanpa target: tidak diberi status."
    elif d.target_period == "year":
        target = (
            f"Target {_amount(d.target, d)} per tahun"
            + (" (posisi akhir tahun)" if d.kind == "stock" else "")
            + ", dibagi rata per minggu untuk menilai capaian sampai minggu ini."
        )
    else:
        target = f"Target {'paling banyak' if d.direction == 'down' else 'paling sedikit'} {_amount(d.target, d)} setiap minggu."
    better = {"up": " Makin besar makin baik.", "down": " Makin kecil makin baik.", "monitor": ""}[d.direction]
    return f"{d.definition} {combine} {target}{better}".strip()


# ---- queries -------------------------------------------------------------------------------------


def _combine(where: str) -> str:
    """SQL combining raw rows ``v`` of one indicator ``i`` that pass ``where``, by the indicator's kind."""
    f = f"FILTER (WHERE {where})"
    ratio = f"FILTER (WHERE {where} AND v.denominator > 0)"
    return f"""CASE any_value(i.kind)
        WHEN 'count' THEN sum(v.value) {f}
        WHEN 'percent' THEN coalesce(100.0 * sum(v.numerator) {ratio} / nullif(sum(v.denominator) {ratio}, 0), avg(v.value) {f})
        WHEN 'average' THEN sum(v.value * coalesce(v.denominator, 1)) {f}
                            / nullif(sum(coalesce(v.denominator, 1)) FILTER (WHERE {where} AND v.value IS NOT NULL), 0)
        ELSE arg_max(v.value, v.week_start) {f} END"""


def running(con: duckdb.DuckDBPyConnection, first: Week, last: Week, pillar: str | None = None, code: str | None = None) -> pd.DataFrame:
    """One row per indicator (of ``pillar``, or ``code``, or all) and week ``first``..``last``: the week's
    value, the year to date at the end of that week, and the target up to that week.

    Columns: code, week_start, value, ytd, ytd_num, ytd_den, target_to_date. ``ytd_num``/``ytd_den``
    are the Σnumerator and Σdenominator behind a percentage's year to date.
    """
    start = Week(first.year, 1).monday  # the year to date of the first week needs that year from week 1
    params = {"start": start, "first": first.monday, "last": last.monday, "pillar": pillar, "code": code}
    sql = f"""
    WITH ind AS (SELECT * FROM indicator WHERE ($pillar IS NULL OR pillar = $pillar) AND ($code IS NULL OR code = $code)),
    weeks AS (SELECT unnest(generate_series($start::DATE, $last::DATE, INTERVAL 7 DAY))::DATE AS week_start),
    raw AS (
        SELECT v.indicator AS code, v.week_start, {_combine("true")} AS value,
               sum(v.value) AS total,
               sum(v.numerator) FILTER (WHERE v.denominator > 0) AS num,
               sum(v.denominator) FILTER (WHERE v.denominator > 0) AS den,
               avg(v.value) AS mean,
               sum(v.value * coalesce(v.denominator, 1)) AS wsum,
               sum(coalesce(v.denominator, 1)) FILTER (WHERE v.value IS NOT NULL) AS wn,
               count(v.value) AS n
        FROM indicator_value_current v JOIN ind i ON i.code = v.indicator
        WHERE v.week_start BETWEEN $start AND $last
        GROUP BY v.indicator, v.week_start),
    run AS (
        SELECT i.code, i.kind, i.target_period, i.target, w.week_start, r.value,
               sum(r.total) OVER y AS y_total, sum(r.num) OVER y AS y_num, sum(r.den) OVER y AS y_den,
               avg(r.mean) OVER y AS y_mean, sum(r.wsum) OVER y AS y_wsum, sum(r.wn) OVER y AS y_wn,
               coalesce(sum(r.n) OVER y, 0) AS y_n, last_value(r.value IGNORE NULLS) OVER y AS y_last
        FROM ind i CROSS JOIN weeks w LEFT JOIN raw r ON r.code = i.code AND r.week_start = w.week_start
        WINDOW y AS (PARTITION BY i.code, isoyear(w.week_start) ORDER BY w.week_start
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT code, week_start, value,
           CASE WHEN y_n = 0 THEN NULL
                WHEN kind = 'count' THEN y_total
                WHEN kind = 'percent' THEN coalesce(100.0 * y_num / nullif(y_den, 0), y_mean)
                WHEN kind = 'average' THEN y_wsum / nullif(y_wn, 0)
                ELSE y_last END AS ytd,
           CASE WHEN kind = 'percent' THEN y_num END AS ytd_num, CASE WHEN kind = 'percent' THEN y_den END AS ytd_den,
           CASE WHEN target_period = 'year' THEN target * week(week_start) / week(make_date(isoyear(week_start), 12, 28))
                ELSE target END AS target_to_date
    FROM run WHERE week_start >= $first
    ORDER BY code, week_start"""
    return con.execute(sql, params).df()


def table(con: duckdb.DuckDBPyConnection, week: Week, pillar: str | None = None) -> pd.DataFrame:
    """One row per indicator (of ``pillar``, or all) for ``week``: the definition, the week's and the
    previous week's value, the year to date and the target up to the week, the achievement and the
    status (also as of the previous week), and the ``spark_weeks`` weekly values ending with ``week``.

    Columns: code, pillar, name, short_name, unit, kind, direction, target_period, target, sensitive,
    value, previous, ytd, ytd_num, ytd_den, target_to_date, achievement, status, status_previous, spark.
    """
    spark_weeks = int(settings.get("spark_weeks"))
    defs = definitions(con, pillar)
    run = running(con, week - (spark_weeks - 1), week, pillar=pillar)
    rows = []
    for code, group in run.groupby("code", sort=True):
        d = defs[code]
        by_week = group.set_index("week_start")
        now, before = by_week.loc[pd.Timestamp(week.monday)], by_week.loc[pd.Timestamp((week - 1).monday)]
        value, ytd = as_float(now["value"]), as_float(now["ytd"])
        target_now = as_float(now["target_to_date"])
        # a status is judged on the numbers as they are shown (rounded as the table rounds them), so a
        # reader who checks it against the thresholds always comes to the same colour
        judged, target_shown = shown(ytd, d.kind), shown(target_now, "percent")
        rows.append(
            {
                "code": code,
                "pillar": d.pillar,
                "name": d.name,
                "short_name": d.short_name,
                "unit": d.unit,
                "kind": d.kind,
                "direction": d.direction,
                "target_period": d.target_period,
                "target": d.target,
                "sensitive": d.sensitive,
                "value": value,
                "previous": as_float(before["value"]),
                "ytd": ytd,
                "ytd_num": as_float(now["ytd_num"]),
                "ytd_den": as_float(now["ytd_den"]),
                "target_to_date": target_now,
                "achievement": achievement(d.direction, judged, target_shown),
                "status": status(d.direction, judged, target_shown),
                "status_previous": status(d.direction, shown(as_float(before["ytd"]), d.kind), shown(as_float(before["target_to_date"]), "percent")),
                "spark": [as_float(v) for v in group["value"]],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "code",
            "pillar",
            "name",
            "short_name",
            "unit",
            "kind",
            "direction",
            "target_period",
            "target",
            "sensitive",
            "value",
            "previous",
            "ytd",
            "ytd_num",
            "ytd_den",
            "target_to_date",
            "achievement",
            "status",
            "status_previous",
            "spark",
        ],
    )


def as_float(value) -> float | None:
    return None if is_missing(value) else float(value)


def shown(value: float | None, kind: str) -> float | None:
    """A value rounded as the tables show it: counts whole, everything else to one decimal."""
    return None if is_missing(value) else round(value, 0 if kind == "count" else 1)


def series(con: duckdb.DuckDBPyConnection, code: str, week: Week, weeks: int = 52, d: Definition | None = None) -> pd.DataFrame:
    """One row per week of the ``weeks`` ending with ``week``: the week's value, the year to date at
    the end of that week (starting again at week 1), the target up to that week, and the line a
    week's value is compared with (a level target; a yearly target pro-rated for a stock; a yearly
    count target divided by the weeks of the year).

    Columns: week_start, value, ytd, target_to_date, target_line. ``d``: the definition, when already read.
    """
    d = d or definitions(con)[code]
    frame = running(con, week - (weeks - 1), week, code=code).drop(columns=["code", "ytd_num", "ytd_den"])
    if not d.judged:
        frame["target_line"] = None
    elif d.target_period == "year" and d.kind == "count":
        frame["target_line"] = [d.target / weeks_in_year(Week.of(day.date()).year) for day in frame["week_start"]]
    else:
        frame["target_line"] = frame["target_to_date"]
    return frame


def by_area(con: duckdb.DuckDBPyConnection, code: str, week: Week) -> pd.DataFrame:
    """One row per area reported for indicator ``code`` this year: the week's value and the year to
    date, combined by the indicator's kind as everywhere else.

    Columns: area, name, level, value, ytd.
    """
    params = {"code": code, "week": week.monday, "year_start": Week(week.year, 1).monday}
    sql = f"""
    SELECT v.area, any_value(a.name) AS name, any_value(a.level) AS level,
           {_combine("v.week_start = $week")} AS value, {_combine("true")} AS ytd
    FROM indicator_value_current v JOIN indicator i ON i.code = v.indicator
    LEFT JOIN area a ON a.code = v.area
    WHERE v.indicator = $code AND v.week_start BETWEEN $year_start AND $week
    GROUP BY v.area ORDER BY ytd DESC NULLS LAST, v.area"""
    return con.execute(sql, params).df()


# ---- presentation: numbers to display text, through suppression -------------------------------


def _decimals(kind: str) -> int:
    return 0 if kind == "count" else 1


def counts_people(kind: str, sensitive: bool) -> bool:
    """Whether an indicator's values are counts of victims or cases (suppressed when small); a sensitive
    percentage is not a count, but its numerator and denominator are."""
    return sensitive and kind in ("count", "stock")


def parts_hidden(numerator: float | None, denominator: float | None, k: int) -> bool:
    """Whether the numerator and denominator of a percentage of people must not be shown: when either, or the
    people it leaves out (denominator − numerator), is a small count."""
    if not denominator:
        return False
    return any(suppression.is_small(v, k) for v in (numerator, denominator - (numerator or 0), denominator))


def number(value: float | None, kind: str, sensitive: bool, k: int, unit: str | None = None) -> str:
    """A value as shown: ``dilindungi`` for a small count of people, ``–`` when missing, Indonesian
    format; a percentage with ``%``, and ``unit`` after anything else when given."""
    if counts_people(kind, sensitive):
        text = suppression.label(value, k)
    elif is_missing(value):
        return "–"
    else:
        text = fmt_number(value, decimals=1 if kind != "count" else 2)
    if text in ("–", suppression.PROTECTED):
        return text
    if unit == "%":
        return f"{text} %"
    return f"{text} {unit}" if unit else text


def target_text(d: Definition) -> str:
    if not d.judged:
        return "– (dipantau)"
    amount = _amount(d.target, d)
    if d.target_period == "year":
        return f"{amount} {'akhir tahun' if d.kind == 'stock' else 'per tahun'}"
    return f"{'≤' if d.direction == 'down' else '≥'} {amount}"


def _amount(value: float | None, d: Definition, decimals: int | None = None) -> str:
    text = fmt_number(value, decimals=_decimals(d.kind) if decimals is None else decimals)
    return f"{text} %" if d.unit == "%" else f"{text} {d.unit}"


def hides_judged(row, k: int) -> bool:
    """True when the year to date behind a status is a small count of people, so no number may show it."""
    return counts_people(row.kind, bool(row.sensitive)) and suppression.is_small(row.ytd, k)


def capaian(row, k: int) -> str:
    """The 'Capaian' cell: % of the target to date; for lower-is-better, the gap to the target."""
    if row.status in ("pantau", "kosong", "dilindungi") or hides_judged(row, k):
        return "–"
    if row.direction == "down":
        gap = round(shown(row.ytd, row.kind) - shown(row.target_to_date, "percent"), 1)
        if gap == 0:
            return "tepat target"
        return f"{'+' if gap > 0 else '−'}{fmt_number(abs(gap), decimals=1)} {row.unit} dari target"
    if row.achievement is None:
        return "–"
    return f"{fmt_number(math.floor(100 * row.achievement + 1e-9))} %"  # 89,9 % reads 89 %: never above its colour


def basis(row, week: Week, k: int) -> str:
    """What the status was judged on, in one short phrase a reader can check against the thresholds."""
    if row.status == "pantau":
        return "Dipantau, tanpa target"
    if row.status == "dilindungi":
        return f"Angka sejak awal tahun {suppression.PROTECTED}: tidak dinilai agar tidak membuka angkanya"
    if row.status == "kosong":
        return "Belum ada nilai tahun ini"
    d = definition_of(row)
    judged = number(row.ytd, row.kind, bool(row.sensitive), k, row.unit)
    if row.direction == "down":
        green, amber = thresholds()
        mean = "rata-rata " if row.kind == "average" else ""
        return (
            f"{mean}{judged} sejak awal tahun; target ≤ {_amount(row.target_to_date, d)} "
            f"(hijau ≤ {fmt_number(row.target_to_date / green, decimals=2)}, "
            f"kuning ≤ {fmt_number(row.target_to_date / amber, decimals=2)})"
        )
    if row.kind == "percent":
        parts = f" ({fmt_number(row.ytd_num)} dari {fmt_number(row.ytd_den)})" if row.ytd_den else ""
        if row.sensitive and parts_hidden(row.ytd_num, row.ytd_den, k):
            parts = ""  # victims counted in the numerator or left out of it: a small number of either shows nothing
        return f"{judged} sejak awal tahun{parts}; target ≥ {_amount(row.target_to_date, d)}"
    if row.kind == "average":
        return f"rata-rata {judged} sejak awal tahun; target ≥ {_amount(row.target_to_date, d)}"
    to_date = _amount(row.target_to_date, d, decimals=1)
    if row.kind == "stock":
        return f"posisi {judged}; target s.d. minggu {week.week}: {to_date}"
    return f"{judged} sejak awal tahun; target s.d. minggu {week.week}: {to_date}"


def definition_of(row) -> Definition:
    return Definition(
        row.code, row.pillar, row.name, row.short_name, row.unit, row.kind, row.direction, row.target_period, row.target, bool(row.sensitive), ""
    )


def for_readers(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """The table as readers with threshold ``k`` may see it: a status judged on a count of people too
    small to show would narrow the count down, so it is not given (``dilindungi``, not judged)."""
    hidden = [
        counts_people(kind, bool(sensitive)) and suppression.is_small(ytd, k)
        for kind, sensitive, ytd in zip(frame["kind"], frame["sensitive"], frame["ytd"], strict=True)
    ]
    out = frame.copy()
    out["status"] = ["dilindungi" if h and s in STATUS_ORDER else s for s, h in zip(frame["status"], hidden, strict=True)]
    out["achievement"] = [None if h else a for a, h in zip(frame["achievement"], hidden, strict=True)]
    return out


def series_view(frame: pd.DataFrame, sensitive: bool, k: int, year: int | None = None, kind: str = "count") -> pd.DataFrame:
    """An indicator's weekly series for charts, counts of people that must not show set to None.

    A small weekly count is hidden. When ``year`` is given its year to date is shown beside the weeks
    (the Indikator page): the weeks of that year are protected against it together, and the year to
    date line is left out whenever a week of that year is hidden (its steps would give the week away).
    """
    if not counts_people(kind, sensitive):
        return frame
    out = frame.copy()
    hidden = [suppression.is_small(v, k) for v in out["value"]]
    in_year = [year is not None and Week.of(day.date()).year == year for day in out["week_start"]]
    if year is not None and kind == "count" and any(in_year):
        rows = [i for i, inside in enumerate(in_year) if inside]
        total = out["ytd"].iloc[rows[-1]]
        parts, _ = suppression.protect_parts(total, [out["value"].iloc[i] for i in rows], k)
        for i, h in zip(rows, parts, strict=True):
            hidden[i] = h
    out["value"] = [None if h else v for v, h in zip(out["value"], hidden, strict=True)]
    if kind == "stock":
        out["ytd"] = out["value"]  # a stock's year to date is its latest level
    elif any(h for h, inside in zip(hidden, in_year, strict=True) if inside):
        out["ytd"] = None
    else:
        out["ytd"] = [suppression.hide(v, k) for v in out["ytd"]]
    return out
