"""Rantai Layanan: per point of the public-service chain, the cases that name it over time, the agencies concerned
and the follow-up of the findings sent to them — for the chair and the Ombudsman liaison (Kerja Sama), with every
count suppressed for the reader's k. The lists of findings and of cases not yet followed up are work lists (case
references only): the chair and the pillar leads see them, the mayor's office does not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import chain, charts, exports, suppression
from gugus.mapdata import period_phrase, period_start
from gugus.views.alur import protected_chart_note
from gugus.weeks import Week, format_day, today


def protect_point(row: dict, quarters: list[float], k: int) -> set:
    """Which of one service point's counts to hide. ``row`` has cases, followed, unanswered, earlier, replied, closed
    (see :func:`gugus.chain.summary`); the quarters are parts of the cases, so are followed + unanswered + earlier
    (earlier is never shown), and followed ⊇ replied ⊇ closed. Returns the hidden names ("q0", "q1", … for quarters)."""
    values = {name: float(row[name]) for name in ("cases", "followed", "unanswered", "earlier", "replied", "closed")}
    values.update({"not-replied": values["followed"] - values["replied"], "open": values["replied"] - values["closed"]})
    values.update({f"q{i}": float(v) for i, v in enumerate(quarters)})
    groups = [
        suppression.Group("cases", tuple(f"q{i}" for i in range(len(quarters))), closed=True, cascade=True),
        suppression.Group("cases", ("followed", "unanswered", "earlier"), closed=True, cascade=True),
        suppression.Group("followed", ("replied", "not-replied"), closed=True, cascade=True),
        suppression.Group("replied", ("closed", "open"), closed=True, cascade=True),
    ]
    return suppression.protect(values, {}, groups, k, unshown=frozenset({"earlier", "not-replied", "open"}))


@dataclass
class RantaiPage:
    """What the Rantai Layanan page draws for one period and reader."""

    period: str
    has_cases: bool
    table: pd.DataFrame
    figure: object | None
    followups: pd.DataFrame | None = None  # work lists: None for the mayor's office
    unanswered: pd.DataFrame | None = None
    csv: bytes | None = None
    followups_since: dt.date | None = None  # the first week Kerja Sama recorded follow-ups
    chart_note: str = ""


def page(con: duckdb.DuckDBPyConnection, week: Week, weeks: int, k: int, role: str) -> RantaiPage:
    until = min(week.sunday, today())
    first = period_start(week, weeks).monday
    points = chain.points(con)
    named = chain.case_points(con, first, until)
    found = chain.followups(con, until)
    since = chain.followup_start(con)
    mine = chain.of_cases(named, found)
    summary = chain.summary(named, mine, points, since)
    quarters = chain.quarterly(named)
    rows, bars = [], []
    columns = {
        "cases": "Kasus",
        "followed": "Temuan dikirim (kasus)",
        "replied": "Sudah dibalas (kasus)",
        "closed": "Selesai (kasus)",
        "unanswered": "Belum ditindaklanjuti (kasus)",
    }
    for s in summary.to_dict("records"):
        months = quarters[quarters["point"] == s["point"]]
        hidden = protect_point(s, list(months["cases"]), k)
        row = {"Titik layanan": s["label"], "Instansi terkait": s["agencies"]}
        row.update({title: suppression.PROTECTED if name in hidden else suppression.label(s[name], k) for name, title in columns.items()})
        rows.append(row)
        for i, m in enumerate(months.itertuples()):
            bars.append({"quarter": m.quarter, "label": s["label"], "cases": None if f"q{i}" in hidden else m.cases})
    frame = pd.DataFrame(bars, columns=["quarter", "label", "cases"])
    result = RantaiPage(
        period=f"{format_day(first)} – {format_day(until)}",
        has_cases=not named.empty,
        table=pd.DataFrame(rows).set_index("Titik layanan"),
        figure=charts.chain_quarters(frame) if frame["cases"].notna().any() else None,
        chart_note=protected_chart_note(k),
    )
    if role in ("ketua", "pilar"):
        labels = dict(con.execute("SELECT code, label_id FROM choice WHERE list = 'status-tindak-lanjut'").fetchall())
        point_names = dict(zip(points["point"], points["label"], strict=True))
        result.followups = followup_table(mine, labels, point_names)
        result.unanswered = unanswered_table(chain.unanswered(named, found, since), point_names)
        result.followups_since = since
        result.csv = exports.csv_bytes(result.followups)
    return result


def followup_table(found: pd.DataFrame, status_labels: dict[str, str], point_names: dict[str, str]) -> pd.DataFrame:
    """Every finding and what became of it, the longest open first."""
    ordered = found.sort_values(["days_open", "sent_date"], ascending=[False, True], na_position="last")
    return pd.DataFrame(
        {
            "Kode kasus": ordered["case_ref"].fillna("(temuan umum)"),
            "Titik layanan": ordered["point"].map(point_names),
            "Instansi dituju": ordered["agency_name"].fillna(ordered["agency"]),
            "Status": ordered["status"].map(status_labels),
            "Terbuka (hari)": ordered["days_open"].map(lambda d: "–" if pd.isna(d) else f"{int(d)}"),
            "Dikirim": ordered["sent_date"].map(lambda d: format_day(pd.Timestamp(d).date())),
            "Dibalas": ordered["reply_date"].map(lambda d: "–" if pd.isna(d) else format_day(pd.Timestamp(d).date())),
            "Surat / temuan": ordered["letter"].fillna("–"),
            "Baris buku kerja": [f"{f}, baris {r}" for f, r in zip(ordered["file_name"], ordered["sheet_row"], strict=True)],
        }
    )


def unanswered_table(left: pd.DataFrame, point_names: dict[str, str]) -> pd.DataFrame:
    """Cases of the period that name a service point for which no finding has been sent."""
    return pd.DataFrame(
        {
            "Kode kasus": left["case_ref"],
            "Tanggal lapor": left["reported_date"].map(lambda d: format_day(pd.Timestamp(d).date())),
            "Titik layanan": left["point"].map(point_names),
        }
    )


def unanswered_note(result: RantaiPage) -> str:
    """Which cases the list of cases not followed up can speak of."""
    if result.followups_since is None:
        return (
            'Pilar Kerja Sama belum pernah melaporkan dengan lembar "Tindak Lanjut Layanan" (templat versi 2), jadi belum '
            "bisa dilihat kasus mana yang belum ditindaklanjuti."
        )
    return f"Kasus yang dilaporkan sejak {format_day(result.followups_since)}, minggu pertama tindak lanjut dicatat."


def sentence(result: RantaiPage, weeks: int) -> str:
    """The sentence above the page."""
    return (
        f"Titik layanan publik yang disebut kasus yang dilaporkan {period_phrase(weeks)} ({result.period}), dan tindak lanjut "
        "temuannya; semua dihitung dalam kasus."
    )
