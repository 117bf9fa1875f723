"""Ringkasan: the chair's weekly review — scorecards, headline figures, who has not reported,
what turned red, overdue RAN actions — and the same as a short text for a WhatsApp group."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from gugus import completeness, indicators, journey, labels, ran
from gugus import db as gdb
from gugus.weeks import Week, today

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
    dropouts: pd.DataFrame  # journey.dropout_groups at the end of the week: stage, pending, after, pillar, cases, longest
    simulated: bool = False  # figures of the year to date (or last week) come from simulated data
    stalled: pd.DataFrame = field(default_factory=pd.DataFrame)  # as overdue, for the actions stalled at the end of the week


def actions_with(frame: pd.DataFrame, status: str) -> pd.DataFrame:
    """The RAN actions of :func:`gugus.ran.actions` that have one computed ``status`` (``terlambat``, ``macet``), by due date.

    Columns: code, pillar, pillar_name, activity, due, lead_agency, status (as reported), progress, weeks_since_change.
    """
    chosen = frame[frame["status"] == status]
    return (
        chosen[["code", "pillar", "pillar_name", "activity", "due", "lead_name", "reported_status", "progress", "weeks_since_change"]]
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


def simulated(con: duckdb.DuckDBPyConnection, first: Week, last: Week) -> bool:
    """Whether figures of weeks ``first``..``last`` come from simulated data: a demo database, or a workbook marked
    SIMULASI in force for one of those weeks."""
    if gdb.is_demo(con):
        return True
    row = con.execute("SELECT bool_or(simulated) FROM upload_current WHERE week_start BETWEEN ? AND ?", [first.monday, last.monday]).fetchone()
    return bool(row and row[0])


def week_summary(con: duckdb.DuckDBPyConnection, week: Week, k: int) -> WeekSummary:
    """Everything the Ringkasan page shows for ``week`` to readers with threshold ``k``, from one connection."""
    table = indicators.for_readers(indicators.table(con, week), k)
    pillars = con.execute("SELECT slug AS pillar, name_id AS pillar_name, no FROM pillar ORDER BY no").df()
    table = table.merge(pillars, on="pillar")
    heads = table.set_index("code").loc[HEADLINES, ["name", "short_name", "unit", "kind", "sensitive", "value", "previous"]].reset_index()
    reporting = completeness.matrix(con, week, weeks=1)
    red = table[(table["status"] == "merah") & (table["status_previous"] != "merah")]
    has_data = bool(table["value"].notna().any())
    j = journey.journey(con, min(week.sunday, today()))
    drops = journey.dropout_groups(journey.dropouts(j), j.stages)
    actions = ran.actions(con, week)
    return WeekSummary(
        week,
        scorecards(table, pillars),
        heads,
        reporting,
        red.reset_index(drop=True),
        actions_with(actions, "terlambat"),
        has_data,
        table,
        drops,
        simulated(con, min(Week(week.year, 1), week - 1), week),
        actions_with(actions, "macet").sort_values(["weeks_since_change", "code"], ascending=[False, True], ignore_index=True),
    )
