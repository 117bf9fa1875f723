"""Alur Penanganan Korban: the victims of each case followed across the pillars, by case reference only.

A case's victims are rescued (the Kasus sheet of Penegakan Hukum) and then reach the stages of
``journey_stage`` (reference data: the order of Permen PPPA 8/2021, each stage's services, its responsible
pillar and its time standard with the standard's source) through the Layanan Korban sheets of the two
rehabilitation pillars. Pillars write a case reference in their own way ("LP/B/501" and "lp/b/501"), so
references are joined by :func:`gugus.reference.normalize`. Everything is read "as of" a day: a service
recorded later does not exist yet for that day.

Rules, each in one place:

* a stage is reached on the first day any of its services is given; the victims it reached are the most any
  of its rows served, never more than the case rescued (more is a disagreement, see :func:`reconciliation`);
* the days of a stage are counted from the latest earlier stage the case reached; a stage given on the same
  day as or before that one (services given together) counts 0 days;
* a **drop-out** is a victim group waiting too long: the stage after the last one its case reached, when that
  last stage was reached more than the next stage's standard days ago (a stage skipped on the way, with later
  stages reached, is not waiting); its pillar is the stage's pillar. A previous stage reached before that pillar's first report is
  not one: what happened before a pillar started reporting is not in the data (a city starting mid-year, or
  an old case restated by Penegakan Hukum), and a missing record there is not a missed service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus.reference import normalize

HORIZON_WEEKS = 26  # drop-outs are looked for among cases reported this many weeks before the day


def stages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The journey's stages in order. Columns: code, seq, label, pillar, pillar_name, services (list), pending,
    after, standard_days (NaN for the first), source, confidence."""
    return con.execute(
        """SELECT s.code, s.seq, s.label_id AS label, s.pillar, p.name_id AS pillar_name, s.services, s.pending_id AS pending,
                  s.after_id AS after, s.standard_days, s.source, s.confidence
           FROM journey_stage s LEFT JOIN pillar p ON p.slug = s.pillar ORDER BY s.seq"""
    ).df()


def cases(con: duckdb.DuckDBPyConnection, until: dt.date) -> pd.DataFrame:
    """Every case reported by ``until``, in its latest restatement among the weeks up to ``until`` (a workbook of a
    later week is not known yet on that day). One row per case. Columns: case_ref, key, reported_date, origin_area,
    modus, victims_total, children, agency (its short name), file_name, sheet_row."""
    frame = con.execute(
        """SELECT c.case_ref, c.reported_date, c.origin_area, c.modus, c.victims_total,
                  coalesce(c.victims_male_child, 0) + coalesce(c.victims_female_child, 0) AS children,
                  coalesce(a.short, u.agency) AS agency, u.file_name, c.sheet_row
           FROM case_report c JOIN upload_current u ON u.id = c.upload_id LEFT JOIN agency a ON a.code = u.agency
           WHERE c.reported_date <= ? AND u.week_start <= ?
           QUALIFY row_number() OVER (PARTITION BY c.case_ref ORDER BY c.week_start DESC, c.upload_id DESC) = 1
           ORDER BY c.reported_date, c.case_ref""",
        [until, until],
    ).df()
    frame.insert(1, "key", frame["case_ref"].map(normalize))
    return frame.drop_duplicates("key", keep="last")  # two restatements typed differently are one case


def services(con: duckdb.DuckDBPyConnection, until: dt.date) -> pd.DataFrame:
    """Every service given by ``until`` and reported in a week up to it. One row per Layanan Korban row. Columns:
    case_ref, key, pillar, service, service_date, victims, children, agency (its short name), file_name, sheet_row."""
    frame = con.execute(
        """SELECT s.case_ref, s.pillar, s.service, s.service_date, s.victims, s.children, coalesce(a.short, u.agency) AS agency,
                  u.file_name, s.sheet_row
           FROM victim_service s JOIN upload_current u ON u.id = s.upload_id LEFT JOIN agency a ON a.code = u.agency
           WHERE s.service_date <= ? AND u.week_start <= ? ORDER BY s.service_date, s.pillar, s.sheet_row""",
        [until, until],
    ).df()
    frame.insert(1, "key", frame["case_ref"].map(normalize))
    return frame


def events(case_frame: pd.DataFrame, service_frame: pd.DataFrame, stage_frame: pd.DataFrame) -> pd.DataFrame:
    """Each stage each case reached. One row per case × stage reached. Columns: key, case_ref, stage, seq, day,
    victims, agency, days (since the latest earlier stage reached; NaN for the first stage)."""
    service_stage = {service: row.code for row in stage_frame.itertuples() for service in (list(row.services) if row.services is not None else [])}
    seq = dict(zip(stage_frame["code"], stage_frame["seq"], strict=True))
    first = stage_frame.iloc[0]["code"]
    rescued = case_frame.assign(stage=first, day=case_frame["reported_date"], victims=case_frame["victims_total"])
    rescued = rescued[["key", "case_ref", "stage", "day", "victims", "agency"]]
    served = service_frame.assign(stage=service_frame["service"].map(service_stage)).dropna(subset=["stage"])
    served = served[served["key"].isin(set(case_frame["key"]))].sort_values(["service_date", "sheet_row"])
    if served.empty:
        reached = rescued
    else:
        grouped = served.groupby(["key", "stage"], sort=False).agg(
            day=("service_date", "min"), victims=("victims", "max"), agency=("agency", "first")
        )
        grouped = grouped.reset_index().merge(case_frame[["key", "case_ref", "victims_total"]], on="key")
        grouped["victims"] = grouped[["victims", "victims_total"]].min(axis=1)
        reached = pd.concat([rescued, grouped[rescued.columns]], ignore_index=True)
    reached["seq"] = reached["stage"].map(seq)
    reached["day"] = pd.to_datetime(reached["day"])
    reached = reached.sort_values(["key", "seq"]).reset_index(drop=True)
    latest_before = pd.to_datetime(reached.groupby("key")["day"].cummax().groupby(reached["key"]).shift())
    reached["days"] = (reached["day"] - latest_before).dt.days.clip(lower=0)
    return reached


@dataclass
class Journey:
    """The journey of every case as of ``until``: the stages, the cases, their services and the stages reached."""

    until: dt.date
    stages: pd.DataFrame
    cases: pd.DataFrame
    services: pd.DataFrame
    events: pd.DataFrame
    starts: dict[str, pd.Timestamp]  # per pillar, the first week it reported

    def cohort(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        """The stages reached by the cases reported from ``first`` to ``last``."""
        keys = set(self.cases.loc[self.cases["reported_date"].between(pd.Timestamp(first), pd.Timestamp(last)), "key"])
        return self.events[self.events["key"].isin(keys)]


def journey(con: duckdb.DuckDBPyConnection, until: dt.date) -> Journey:
    """Everything the journey pages are computed from, read once."""
    stage_frame, case_frame, service_frame = stages(con), cases(con, until), services(con, until)
    starts = {p: pd.Timestamp(w) for p, w in con.execute("SELECT pillar, min(week_start) FROM upload_current GROUP BY pillar").fetchall()}
    return Journey(until, stage_frame, case_frame, service_frame, events(case_frame, service_frame, stage_frame), starts)


def funnel(j: Journey, first: dt.date, last: dt.date) -> pd.DataFrame:
    """How many victims and cases of the cases reported from ``first`` to ``last`` reached each stage.
    One row per stage. Columns: stage, label, pillar_name, victims, cases."""
    reached = j.cohort(first, last).groupby("stage").agg(victims=("victims", "sum"), cases=("key", "nunique"))
    out = j.stages[["code", "label", "pillar_name"]].rename(columns={"code": "stage"}).set_index("stage").join(reached)
    return out.fillna({"victims": 0, "cases": 0}).astype({"victims": int, "cases": int}).reset_index()


def durations(j: Journey, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Days from the previous stage, per stage after the first, against its standard. One row per stage.
    Columns: stage, label, pillar_name, standard_days, source, confidence, measured (cases), median, slowest,
    within (cases within the standard), over (cases over it)."""
    cohort = j.cohort(first, last).dropna(subset=["days"])
    rows = []
    for s in j.stages.iloc[1:].itertuples():
        days = cohort.loc[cohort["stage"] == s.code, "days"]
        over = int((days > s.standard_days).sum()) if pd.notna(s.standard_days) else 0
        rows.append(
            {
                "stage": s.code,
                "label": s.label,
                "pillar_name": s.pillar_name,
                "standard_days": s.standard_days,
                "source": s.source,
                "confidence": s.confidence,
                "measured": len(days),
                "median": float(days.median()) if len(days) else None,
                "slowest": float(days.max()) if len(days) else None,
                "within": len(days) - over,
                "over": over,
            }
        )
    return pd.DataFrame(rows)


def dropouts(j: Journey, day: dt.date | None = None) -> pd.DataFrame:
    """Stages not reached within their standard as of ``day`` (default: the journey's day), among cases reported in
    the HORIZON_WEEKS before it. One row per case × missing stage, longest wait first. Columns: case_ref, stage,
    label, pending, after (the previous stage, in words), pillar, pillar_name, since (the previous stage's day),
    waiting (days), standard_days."""
    day = day or j.until
    columns = ["case_ref", "stage", "label", "pending", "after", "pillar", "pillar_name", "since", "waiting", "standard_days"]
    recent = set(j.cases.loc[j.cases["reported_date"] > pd.Timestamp(day - dt.timedelta(weeks=HORIZON_WEEKS)), "key"])
    reached = j.events[j.events["key"].isin(recent) & (j.events["day"] <= pd.Timestamp(day))]
    last = reached.sort_values(["key", "seq"]).groupby("key").tail(1)  # the last stage each case reached
    stages = j.stages.reset_index(drop=True)
    following = stages.shift(-1).assign(stage=stages["code"], after=stages["after"]).dropna(subset=["code"])  # stage → the next one
    out = last.merge(following, on="stage").rename(columns={"day": "since_day"})
    out = out[out["standard_days"].notna()]
    start = out["pillar"].map(j.starts)  # no report of the pillar yet, or the last stage before it: nothing can be said
    out = out[start.notna() & (out["since_day"] >= start)]
    out = out.assign(waiting=(pd.Timestamp(day) - out["since_day"]).dt.days)
    out = out[out["waiting"] > out["standard_days"]]
    frame = pd.DataFrame(
        {
            "case_ref": out["case_ref"],
            "stage": out["code"],
            "label": out["label"],
            "pending": out["pending"],
            "after": out["after"],
            "pillar": out["pillar"],
            "pillar_name": out["pillar_name"],
            "since": out["since_day"].dt.date,
            "waiting": out["waiting"].astype(int),
            "standard_days": out["standard_days"].astype(int),
        },
        columns=columns,
    )
    return frame.sort_values(["waiting", "case_ref"], ascending=[False, True], ignore_index=True)


def dropout_groups(drops: pd.DataFrame, stage_frame: pd.DataFrame) -> pd.DataFrame:
    """Drop-outs as actions: one row per missing stage with any, in journey order. Columns: stage, pending, after,
    pillar, pillar_name, cases, longest (days), standard_days."""
    if drops.empty:
        return pd.DataFrame(columns=["stage", "pending", "after", "pillar", "pillar_name", "cases", "longest", "standard_days"])
    grouped = drops.groupby("stage", sort=False).agg(
        pending=("pending", "first"),
        after=("after", "first"),
        pillar=("pillar", "first"),
        pillar_name=("pillar_name", "first"),
        cases=("case_ref", "nunique"),
        longest=("waiting", "max"),
        standard_days=("standard_days", "first"),
    )
    order = {code: i for i, code in enumerate(stage_frame["code"])}
    return grouped.reset_index().sort_values("stage", key=lambda s: s.map(order), ignore_index=True)


def dropout_trend(j: Journey, weeks: list) -> pd.DataFrame:
    """Open drop-outs at the end of each of ``weeks`` (ISO weeks). One row per week × stage with any. Columns: week,
    week_start, stage, label, cases."""
    rows = []
    for week in weeks:
        drops = dropouts(j, min(week.sunday, j.until))
        for stage, group in drops.groupby("stage"):
            rows.append(
                {"week": str(week), "week_start": week.monday, "stage": stage, "label": group["label"].iloc[0], "cases": group["case_ref"].nunique()}
            )
    return pd.DataFrame(rows, columns=["week", "week_start", "stage", "label", "cases"])


def case_table(j: Journey, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Each case of the period with the day, agency and days of each stage it reached. One row per case × stage
    (reached or not). Columns: case_ref, reported_date, stage, label, day (NaT when not reached), agency, days,
    standard_days. No victim count: beside the funnel's totals one case's number could be worked out."""
    cohort = j.cases[j.cases["reported_date"].between(pd.Timestamp(first), pd.Timestamp(last))][["key", "case_ref", "reported_date"]]
    grid = cohort.merge(j.stages[["code", "seq", "label", "standard_days"]].rename(columns={"code": "stage"}), how="cross")
    reached = j.events[["key", "stage", "day", "agency", "days"]]
    out = grid.merge(reached, on=["key", "stage"], how="left").sort_values(["reported_date", "case_ref", "seq"], ignore_index=True)
    return out.drop(columns=["key", "seq"])
