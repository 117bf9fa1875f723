"""Aksi RAN: the actions that pass the page's filters, their table and timeline, the agency scorecard, one action's
progress beside its indicators, and the coordination gaps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import charts, indicators, labels, ran
from gugus.i18n import fmt_number
from gugus.weeks import Week, format_day


def indicator_trends(con: duckdb.DuckDBPyConnection, codes: list[str], week: Week, k: int, weeks: int = 26) -> dict[str, pd.DataFrame]:
    """Weekly series of the indicators an action should move, small counts of people hidden."""
    defs = indicators.definitions(con)
    return {
        code: indicators.series_view(indicators.series(con, code, week, weeks, d=defs[code]), defs[code].sensitive, k, kind=defs[code].kind)
        for code in codes
        if code in defs
    }


def action_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The action list as shown and filtered on the page."""
    return pd.DataFrame(
        {  # the columns that carry the decision first: who, by when, where it stands
            "Kode": frame["code"],
            "Kegiatan": frame["activity"],
            "Penanggung jawab": frame["lead_name"],
            "Tenggat": frame["due"].map(format_day),
            "Status": frame["status"].map(labels.RAN_STATUS),
            "Progres": frame["progress"].astype(float),
            "Pilar": frame["pillar_name"],
            "Anggaran": [budget_text(src, amount) for src, amount in zip(frame["budget_source"], frame["budget_amount"], strict=True)],
            "Bukti terakhir": frame["evidence"].fillna("–"),
            "Laporan terakhir": frame["last_report"].map(lambda d: "belum pernah" if pd.isna(d) else format_day(d)),
        }
    )


def budget_text(source: object, amount: object) -> str:
    """``APBD · Rp 15.000.000``, either part alone, or ``–``."""
    parts = [str(source)] if isinstance(source, str) and source else []
    if amount is not None and not pd.isna(amount):
        parts.append(f"Rp {fmt_number(float(amount), decimals=0)}")
    return " · ".join(parts) or "–"


def styled(table: pd.DataFrame, statuses: pd.Series):
    """The action list with progress as text and each status in its colour (by status code)."""
    shown = table.assign(Progres=table["Progres"].map(lambda p: f"{p:.0f} %"))
    colours = [f"color: {labels.RAN_STATUS_COLOUR[s]}; font-weight: 600" for s in statuses]
    return shown.style.apply(lambda column: colours, subset=["Status"], axis=0)


def agency_scorecard(frame: pd.DataFrame) -> pd.DataFrame:
    """Per lead agency from :func:`gugus.ran.actions`: actions, done on time, done late, overdue, stalled, share with evidence."""
    grouped = frame.groupby("lead_name", dropna=False)
    out = (
        pd.DataFrame(
            {
                "Aksi": grouped.size(),
                "Selesai tepat waktu": grouped.apply(
                    lambda g: int(((g["status"] == "selesai") & ~g["done_late"].fillna(False)).sum()), include_groups=False
                ),
                "Selesai terlambat": grouped.apply(
                    lambda g: int(((g["status"] == "selesai") & g["done_late"].fillna(False)).sum()), include_groups=False
                ),
                "Terlambat": grouped.apply(lambda g: int((g["status"] == "terlambat").sum()), include_groups=False),
                "Macet": grouped.apply(lambda g: int((g["status"] == "macet").sum()), include_groups=False),
                "Dengan bukti (%)": grouped.apply(lambda g: round(100 * g["evidence"].notna().mean()), include_groups=False),
                "Anggaran (Rp)": grouped.apply(
                    lambda g: fmt_number(float(g["budget_amount"].sum()), decimals=0) if g["budget_amount"].notna().any() else "–",
                    include_groups=False,
                ),
            }
        )
        .reset_index()
        .rename(columns={"lead_name": "Instansi penanggung jawab"})
    )
    return out.sort_values(["Terlambat", "Macet"], ascending=False).reset_index(drop=True)


def describe(frame: pd.DataFrame, pillars: list[str], agencies: list[str], statuses: list[str], due_weeks: int) -> str:
    """``14 aksi, pilar Pencegahan, status terlambat, tenggat dalam 8 minggu`` — what the table shows."""
    parts = [f"{len(frame)} aksi"]
    if pillars:
        parts.append("pilar " + ", ".join(pillars))
    if agencies:
        parts.append("penanggung jawab " + ", ".join(agencies))
    if statuses:
        parts.append("status " + ", ".join(labels.RAN_STATUS[s].lower() for s in statuses))
    if due_weeks:
        parts.append(f"tenggat dalam {due_weeks} minggu")
    return ", ".join(parts)


def filtered(frame: pd.DataFrame, week: Week, pillars: list[str], agencies: list[str], statuses: list[str], due_weeks: int) -> pd.DataFrame:
    """The actions that pass the page's filters (names as shown; due within ``due_weeks`` of the week's end)."""
    keep = pd.Series(True, index=frame.index)
    if pillars:
        keep &= frame["pillar_name"].isin(pillars)
    if agencies:
        keep &= frame["lead_name"].isin(agencies)
    if statuses:
        keep &= frame["status"].isin(statuses)
    if due_weeks:
        horizon = pd.Timestamp(week.sunday) + pd.Timedelta(weeks=due_weeks)
        keep &= pd.to_datetime(frame["due"]) <= horizon
    return frame[keep]


@dataclass
class FilterChoices:
    pillars: list[str]  # pillar names with actions
    agencies: list[str]  # lead agencies with actions
    own: list[str]  # preselected: a pillar lead's own pillar


def filter_choices(frame: pd.DataFrame, own_pillar: str | None = None) -> FilterChoices:
    """What the page's filters offer, from every action of the week; ``own_pillar`` (a lead's slug) is preselected."""
    own = sorted(frame.loc[frame["pillar"] == own_pillar, "pillar_name"].unique()) if own_pillar else []
    return FilterChoices(sorted(frame["pillar_name"].unique()), sorted(frame["lead_name"].dropna().unique()), own)


@dataclass
class RanPage:
    """What the Aksi RAN page draws for one week and one choice of filters, built once per data version."""

    frame: pd.DataFrame  # every action (for the filter choices, the scorecard and the export)
    shown: pd.DataFrame  # the filtered actions
    table: pd.DataFrame
    sentence: str
    timeline: object | None
    scorecard: pd.DataFrame

    @property
    def counts(self) -> dict[str, int]:
        """How many of the shown actions have each status (every status, 0 included), in labels.RAN_STATUS order."""
        return {status: int((self.shown["status"] == status).sum()) for status in labels.RAN_STATUS}

    def action(self, code: str) -> pd.Series:
        """One action's row (owner, deadline, evidence…), with no evidence given as "–"."""
        row = self.frame.set_index("code").loc[code].copy()
        row["evidence"] = row["evidence"] if isinstance(row["evidence"], str) and row["evidence"] else "–"
        return row


def page(
    con: duckdb.DuckDBPyConnection, week: Week, pillars: tuple[str, ...], agencies: tuple[str, ...], statuses: tuple[str, ...], due_weeks: int
) -> RanPage:
    frame = ran.actions(con, week)
    shown = filtered(frame, week, list(pillars), list(agencies), list(statuses), due_weeks)
    return RanPage(
        frame,
        shown,
        action_table(shown),
        describe(shown, list(pillars), list(agencies), list(statuses), due_weeks),
        charts.ran_timeline(shown, week.sunday) if not shown.empty else None,
        agency_scorecard(shown),
    )


def detail_figure(con: duckdb.DuckDBPyConnection, code: str, week: Week, k: int) -> object:
    """One action's progress beside the indicators it should move."""
    trends = indicator_trends(con, ran.indicator_codes(con, code), week, k)
    return charts.progress_with_indicators(ran.progress_series(con, code, week), trends)


def gaps_table(gaps: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """The coordination gaps of the actions ``codes`` (those the filters pass), as shown."""
    gaps = gaps[gaps["code"].isin(list(codes))]
    return pd.DataFrame(
        {
            "Kode": gaps["code"],
            "Kegiatan": gaps["activity"],
            "Instansi": gaps["agency"],
            "Peran": gaps["role"],
            "Terakhir melapor": gaps["last_seen"].map(lambda d: "belum pernah" if pd.isna(d) else format_day(d)),
        }
    )


def removed_table(removed: pd.DataFrame) -> pd.DataFrame:
    """Actions of earlier plan versions left out of the current one, as shown."""
    return removed.rename(columns={"code": "Kode", "activity": "Kegiatan", "pillar": "Pilar", "last_version": "Versi rencana terakhir"})
