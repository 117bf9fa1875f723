"""Ringkasan: the chair's weekly review — scorecards, headline figures, who has not reported,
what turned red, overdue RAN actions — and the same as a short text for a WhatsApp group."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import completeness, indicators, ran, settings, suppression
from gugus.i18n import fmt_number
from gugus.weeks import Week

UNCHANGED = "sama dengan minggu lalu"
# Headline figures: counts of people and cases the chair asks about first.
HEADLINES = ["PGH-02", "PGH-04", "PCG-07", "RSO-01", "PCG-02"]


@dataclass
class WeekSummary:
    week: Week
    scorecards: pd.DataFrame  # pillar, pillar_name, judged, green, amber, red, share, rag
    headlines: pd.DataFrame  # code, name, unit, sensitive, value, previous
    reporting: pd.DataFrame  # the completeness rows of this week: pillar_name, state, first_at, hours_late
    turned_red: pd.DataFrame  # code, name, pillar_name
    overdue: pd.DataFrame  # code, pillar_name, activity, due, lead_agency, status, progress
    has_data: bool


def rag(share: float | None) -> str:
    """Colour of a pillar's scorecard from the share of its judged indicators that are on track."""
    if share is None or pd.isna(share):
        return "kosong"
    if share >= float(settings.get("status_green")):
        return "hijau"
    return "kuning" if share >= float(settings.get("status_amber")) else "merah"


def overdue_actions(con: duckdb.DuckDBPyConnection, week: Week) -> pd.DataFrame:
    """RAN actions late at the end of ``week`` (status computed in :mod:`gugus.ran`), by due date.

    Columns: code, pillar, pillar_name, activity, due, lead_agency, status, progress.
    """
    frame = ran.actions(con, week)
    late = frame[frame["status"] == "terlambat"]
    return late[["code", "pillar", "pillar_name", "activity", "due", "lead_name", "reported_status", "progress"]].rename(
        columns={"lead_name": "lead_agency", "reported_status": "status"}).fillna({"status": "belum-mulai"}).reset_index(drop=True)


def week_summary(con: duckdb.DuckDBPyConnection, week: Week) -> WeekSummary:
    """Everything the Ringkasan page shows for ``week``, from one connection."""
    table = indicators.table(con, week)
    pillars = con.execute("SELECT slug AS pillar, name_id AS pillar_name, no FROM pillar ORDER BY no").df()
    table = table.merge(pillars, on="pillar")
    judged = table[table["status"].isin(["hijau", "kuning", "merah"])]
    cards = pillars.copy()
    for state in ("hijau", "kuning", "merah"):
        cards[state] = cards["pillar"].map(judged[judged["status"] == state].groupby("pillar").size()).fillna(0).astype(int)
    cards["judged"] = cards[["hijau", "kuning", "merah"]].sum(axis=1)
    cards["share"] = cards["hijau"] / cards["judged"].where(cards["judged"] > 0)
    cards["rag"] = cards["share"].map(rag)
    heads = table.set_index("code").loc[HEADLINES, ["name", "unit", "sensitive", "value", "previous"]].reset_index()
    reporting = completeness.matrix(con, week, weeks=1)
    red = table[(table["status"] == "merah") & (table["status_previous"] != "merah")][["code", "name", "pillar_name"]]
    has_data = bool(table["value"].notna().any())
    return WeekSummary(week, cards, heads, reporting, red.reset_index(drop=True), overdue_actions(con, week), has_data)


def change_text(value: float | None, previous: float | None, sensitive: bool, k: int) -> str | None:
    """``+3 dari minggu lalu`` — or nothing when either side is missing or suppressed."""
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    if sensitive and (suppression.is_small(value, k) or suppression.is_small(previous, k)):
        return None
    diff = value - previous
    if diff == 0:
        return UNCHANGED
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff)} dari minggu lalu"


def whatsapp_text(summary: WeekSummary, k: int) -> str:
    """A short plain-text summary in Bahasa Indonesia, ready to paste into a WhatsApp group."""
    w = summary.week
    lines = ["*Ringkasan Gugus Tugas TPPO Kota Singkawang*", w.label(), ""]
    lines.append("*Capaian indikator per pilar* (sesuai target / dinilai):")
    icon = {"hijau": "🟢", "kuning": "🟡", "merah": "🔴", "kosong": "⚪"}
    for c in summary.scorecards.itertuples():
        lines.append(f"{icon[c.rag]} {c.pillar_name}: {c.hijau}/{c.judged}")
    lines.append("")
    lines.append("*Angka utama minggu ini:*")
    for h in summary.headlines.itertuples():
        shown = suppression.label(h.value, k) if h.sensitive else indicators._number(h.value, "count", False, k)
        change = change_text(h.value, h.previous, bool(h.sensitive), k)
        lines.append(f"- {h.name}: {shown} {h.unit}" + (f" ({change})" if change else ""))
    missing = summary.reporting[summary.reporting["state"] == "belum"]["pillar_name"].tolist()
    late = summary.reporting[summary.reporting["state"] == "terlambat"]["pillar_name"].tolist()
    lines.append("")
    lines.append("*Pelaporan:* " + ("semua pilar sudah lapor." if not missing else "belum lapor: " + ", ".join(missing) + "."))
    if late:
        lines.append("Terlambat: " + ", ".join(late) + ".")
    if not summary.turned_red.empty:
        lines.append("")
        lines.append("*Indikator yang menjadi merah:* " + "; ".join(f"{r.code} {r.name}" for r in summary.turned_red.itertuples()))
    if not summary.overdue.empty:
        lines.append("")
        lines.append(f"*Aksi RAN lewat tenggat:* {len(summary.overdue)} aksi, antara lain "
                     + "; ".join(f"{r.code} ({r.lead_agency})" for r in summary.overdue.head(3).itertuples()) + ".")
    return "\n".join(lines)
