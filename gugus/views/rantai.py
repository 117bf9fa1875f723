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
from gugus.mapdata import period_start
from gugus.weeks import Week, format_day, today


def protect_point(cases: float, months: list[float], unanswered: float, k: int) -> tuple[bool, list[bool], bool]:
    """One service point's counts: its cases in the period, per quarter (parts of it), and those not followed up
    (part of it too, beside the followed-up rest). Returns (cases hidden, quarters hidden, unanswered hidden)."""
    values: dict = {"T": float(cases), "U": float(unanswered), "rest": float(cases - unanswered)}
    values.update({("m", i): float(v) for i, v in enumerate(months)})
    groups = [
        suppression.Group("T", tuple(("m", i) for i in range(len(months))), closed=True, cascade=True),
        suppression.Group("T", ("U", "rest"), closed=True, cascade=True),
    ]
    hidden = suppression.protect(values, {}, groups, k)
    return "T" in hidden, [("m", i) in hidden for i in range(len(months))], "U" in hidden


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


def page(con: duckdb.DuckDBPyConnection, week: Week, weeks: int, k: int, role: str) -> RantaiPage:
    until = min(week.sunday, today())
    first = period_start(week, weeks).monday
    points = chain.points(con)
    named = chain.case_points(con, first, until)
    found = chain.followups(con, until)
    sent_in_period = found[pd.to_datetime(found["sent_date"]).between(pd.Timestamp(first), pd.Timestamp(until))]
    since = chain.followup_start(con)
    summary = chain.summary(named, found, points, since)
    quarters = chain.quarterly(named)
    rows, bars = [], []
    for s in summary.itertuples():
        months = quarters[quarters["point"] == s.point]
        sent = sent_in_period[sent_in_period["point"] == s.point]
        replied = int(sent["status"].isin(["dibalas", "ditindaklanjuti", "selesai"]).sum())
        closed = int((sent["status"] == "selesai").sum())
        total_hidden, month_hidden, unanswered_hidden = protect_point(s.cases, list(months["cases"]), s.unanswered, k)
        flow_hidden = suppression.protect_nested([len(sent), replied, closed], k)
        rows.append(
            {
                "Titik layanan": s.label,
                "Instansi terkait": s.agencies,
                "Kasus": suppression.PROTECTED if total_hidden else suppression.label(s.cases, k),
                "Belum ditindaklanjuti (kasus)": suppression.PROTECTED if unanswered_hidden else suppression.label(s.unanswered, k),
                "Temuan dikirim": suppression.PROTECTED if flow_hidden[0] else suppression.label(len(sent), k),
                "Sudah dibalas": suppression.PROTECTED if flow_hidden[1] else suppression.label(replied, k),
                "Selesai": suppression.PROTECTED if flow_hidden[2] else suppression.label(closed, k),
            }
        )
        for m, hidden in zip(months.itertuples(), month_hidden, strict=True):
            bars.append({"quarter": m.quarter, "label": s.label, "cases": None if hidden else m.cases})
    frame = pd.DataFrame(bars, columns=["quarter", "label", "cases"])
    result = RantaiPage(
        period=f"{format_day(first)} – {format_day(until)}",
        has_cases=not named.empty,
        table=pd.DataFrame(rows).set_index("Titik layanan"),
        figure=charts.chain_quarters(frame) if frame["cases"].notna().any() else None,
    )
    if role in ("ketua", "pilar"):
        labels = dict(con.execute("SELECT code, label_id FROM choice WHERE list = 'status-tindak-lanjut'").fetchall())
        point_names = dict(zip(points["point"], points["label"], strict=True))
        result.followups = followup_table(found, labels, point_names)
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


def sentence(result: RantaiPage, period_name: str) -> str:
    return f"Titik layanan publik yang disebut kasus yang dilaporkan pada {period_name.lower()} ({result.period}), dan tindak lanjutnya"
