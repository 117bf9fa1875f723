"""Ringkasan: the chair's weekly review — scorecards, headline figures, who has not reported,
what turned red, overdue RAN actions — and the same as a short text for a WhatsApp group."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import completeness, indicators, labels, ran, suppression
from gugus.i18n import fmt_number
from gugus.weeks import Week, format_day

UNCHANGED = "sama dengan minggu lalu"
# Headline figures: counts of people and cases the chair asks about first.
HEADLINES = ["PGH-02", "PGH-04", "PCG-07", "RSO-01", "PCG-02"]


@dataclass
class WeekSummary:
    week: Week
    scorecards: pd.DataFrame  # pillar, pillar_name, judged, hijau, kuning, merah, pantau, kosong, badge
    headlines: pd.DataFrame  # code, name, short_name, unit, kind, sensitive, value, previous
    reporting: pd.DataFrame  # the completeness rows of this week: pillar_name, state, first_at, hours_late
    turned_red: pd.DataFrame  # code, name, pillar_name, basis columns (see indicators.table)
    overdue: pd.DataFrame  # code, pillar_name, activity, due, lead_agency, status, progress
    has_data: bool
    table: pd.DataFrame  # indicators.table for every pillar (the source of every number above)


def overdue_actions(con: duckdb.DuckDBPyConnection, week: Week) -> pd.DataFrame:
    """RAN actions late at the end of ``week`` (status computed in :mod:`gugus.ran`), by due date.

    Columns: code, pillar, pillar_name, activity, due, lead_agency, status, progress.
    """
    frame = ran.actions(con, week)
    late = frame[frame["status"] == "terlambat"]
    return (
        late[["code", "pillar", "pillar_name", "activity", "due", "lead_name", "reported_status", "progress"]]
        .rename(columns={"lead_name": "lead_agency", "reported_status": "status"})
        .fillna({"status": "belum-mulai"})
        .reset_index(drop=True)
    )


def scorecards(table: pd.DataFrame, pillars: pd.DataFrame) -> pd.DataFrame:
    """Per pillar, how many indicators have each status, and the badge (its worst judged indicator)."""
    cards = pillars.copy()
    for state in labels.INDICATOR_STATUS:
        cards[state] = cards["pillar"].map(table[table["status"] == state].groupby("pillar").size()).fillna(0).astype(int)
    cards["judged"] = cards[["hijau", "kuning", "merah"]].sum(axis=1)
    cards["badge"] = [indicators.badge(table.loc[table["pillar"] == p, "status"]) for p in cards["pillar"]]
    return cards


def week_summary(con: duckdb.DuckDBPyConnection, week: Week, k: int) -> WeekSummary:
    """Everything the Ringkasan page shows for ``week`` to readers with threshold ``k``, from one connection."""
    table = indicators.for_readers(indicators.table(con, week), k)
    pillars = con.execute("SELECT slug AS pillar, name_id AS pillar_name, no FROM pillar ORDER BY no").df()
    table = table.merge(pillars, on="pillar")
    heads = table.set_index("code").loc[HEADLINES, ["name", "short_name", "unit", "kind", "sensitive", "value", "previous"]].reset_index()
    reporting = completeness.matrix(con, week, weeks=1)
    red = table[(table["status"] == "merah") & (table["status_previous"] != "merah")]
    has_data = bool(table["value"].notna().any())
    return WeekSummary(week, scorecards(table, pillars), heads, reporting, red.reset_index(drop=True), overdue_actions(con, week), has_data, table)


def headline_text(h, k: int) -> str:
    """A headline figure as shown on Ringkasan and in the WhatsApp text: ``<3 orang``, ``12 kasus``."""
    return indicators.number(h.value, h.kind, bool(h.sensitive), k, h.unit)


def change_text(value: float | None, previous: float | None, sensitive: bool, k: int) -> str | None:
    """``+3 dari minggu lalu`` — or why there is none (last week protected), or nothing when a side is missing
    or this week is protected."""
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    if sensitive and suppression.is_small(value, k):
        return None
    if sensitive and suppression.is_small(previous, k):
        return f"minggu lalu {suppression.PROTECTED}"  # said, so a missing comparison is not a puzzle
    diff = value - previous
    if diff == 0:
        return UNCHANGED
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff)} dari minggu lalu"


def whatsapp_text(summary: WeekSummary, k: int) -> str:
    """A short plain-text summary in Bahasa Indonesia, ready to paste into a WhatsApp group."""
    w = summary.week
    lines = ["*Ringkasan Gugus Tugas TPPO Kota Singkawang*", w.label(), ""]
    lines.append("*Status pilar* (warna = indikator terburuk):")
    for c in summary.scorecards.itertuples():
        lines.append(
            f"{labels.INDICATOR_STATUS_ICON[c.badge]} {c.pillar_name}: {labels.INDICATOR_STATUS[c.badge]} — "
            f"{c.hijau} hijau, {c.kuning} kuning, {c.merah} merah dari {c.judged} dinilai"
        )
    lines.append("")
    lines.append("*Angka utama minggu ini:*")
    for h in summary.headlines.itertuples():
        change = change_text(h.value, h.previous, bool(h.sensitive), k)
        lines.append(f"- {h.short_name}: {headline_text(h, k)}" + (f" ({change})" if change else ""))
    missing = summary.reporting[summary.reporting["state"] == "belum"]["pillar_name"].tolist()
    late = summary.reporting[summary.reporting["state"] == "terlambat"]["pillar_name"].tolist()
    lines.append("")
    lines.append("*Pelaporan:* " + ("semua pilar sudah lapor." if not missing else "belum lapor: " + ", ".join(missing) + "."))
    if late:
        lines.append("Terlambat: " + ", ".join(late) + ".")
    if not summary.turned_red.empty:
        lines.append("")
        lines.append("*Indikator yang menjadi merah:*")
        for r in summary.turned_red.itertuples():
            lines.append(f"- {r.code} {r.short_name}: {indicators.basis(r, w, k)}")
    if not summary.overdue.empty:
        lines.append("")
        lines.append(
            f"*Aksi RAN lewat tenggat:* {len(summary.overdue)} aksi, antara lain "
            + "; ".join(f"{r.code} ({r.lead_agency}, tenggat {format_day(r.due)})" for r in summary.overdue.head(3).itertuples())
            + "."
        )
    lines.append("")
    lines.append(suppression.notice(k))
    return "\n".join(lines)
