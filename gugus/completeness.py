"""Completeness and history: who reported which week, on time or late, and every upload and refusal.

A week's workbook is due ``deadline_hours`` after the week ends (Monday 00:00 WIB), by default
Monday 12:00 WIB. A week counts as reported by its first upload that was not withdrawn.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
from babel.dates import format_datetime

from gugus import ran, settings
from gugus.weeks import Week


def matrix(con: duckdb.DuckDBPyConnection, last: Week, weeks: int = 12) -> pd.DataFrame:
    """One row per pillar × week of the ``weeks`` ending with ``last``.

    Columns: pillar, pillar_name, pillar_no, week_start, week, deadline, first_at, state
    (tepat | terlambat | belum | belum-jatuh-tempo | sebelum-mulai: due before the database went live, see
    :func:`live_since`, and not reported by its deadline — a week loaded later is not judged late), hours_late.
    """
    params = {
        "first": (last - (weeks - 1)).monday,
        "last": last.monday,
        "tz": settings.TIMEZONE,
        "hours": float(settings.get("deadline_hours")),
        "live": live_since(con),
    }
    sql = """
    WITH all_weeks AS (
        SELECT unnest(generate_series($first::DATE, $last::DATE, INTERVAL 7 DAY))::DATE AS week_start),
    grid AS (
        SELECT p.slug AS pillar, p.name_id AS pillar_name, p.no AS pillar_no, w.week_start,
               w.week_start + INTERVAL 7 DAY + to_microseconds(CAST($hours * 3600e6 AS BIGINT)) AS deadline
        FROM pillar p CROSS JOIN all_weeks w),
    firsts AS (
        SELECT pillar, week_start, min(timezone($tz, uploaded_at)) AS first_at
        FROM upload WHERE status <> 'withdrawn' AND week_start BETWEEN $first AND $last
        GROUP BY pillar, week_start)
    SELECT g.pillar, g.pillar_name, g.pillar_no, g.week_start,
           strftime(g.week_start, '%G-W%V') AS week, g.deadline, f.first_at,
           CASE WHEN f.first_at IS NULL AND g.deadline > timezone($tz, now()) THEN 'belum-jatuh-tempo'
                WHEN g.deadline < $live::TIMESTAMP AND (f.first_at IS NULL OR f.first_at > g.deadline) THEN 'sebelum-mulai'
                WHEN f.first_at IS NULL THEN 'belum'
                WHEN f.first_at <= g.deadline THEN 'tepat'
                ELSE 'terlambat' END AS state,
           CASE WHEN f.first_at > g.deadline THEN date_diff('hour', g.deadline, f.first_at) END AS hours_late
    FROM grid g LEFT JOIN firsts f USING (pillar, week_start)
    ORDER BY g.pillar_no, g.week_start"""
    return con.execute(sql, params).df()


def live_since(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When this real database was set up (``etl init``), in WIB: a week due before it was never expected from the
    dashboard (its workbook may still be loaded late, and then counts). None for the demo and older databases."""
    row = con.execute("SELECT value FROM meta WHERE key = 'live_since'").fetchone()
    if row is None:
        return None
    return dt.datetime.fromisoformat(row[0]).astimezone(ZoneInfo(settings.TIMEZONE)).replace(tzinfo=None)


def timeliness(frame: pd.DataFrame) -> pd.DataFrame:
    """Per pillar from a :func:`matrix`: weeks due, on time, late, missing and the on-time rate."""
    due = frame[~frame["state"].isin(["belum-jatuh-tempo", "sebelum-mulai"])]
    counts = due.pivot_table(index=["pillar_no", "pillar_name"], columns="state", values="week", aggfunc="count", fill_value=0)
    for state in ("tepat", "terlambat", "belum"):
        if state not in counts:
            counts[state] = 0
    every = frame[["pillar_no", "pillar_name"]].drop_duplicates()  # a pillar with no week due yet keeps its row
    counts = every.merge(counts.reset_index(), how="left", on=["pillar_no", "pillar_name"]).fillna(0)
    for state in ("tepat", "terlambat", "belum"):
        counts[state] = counts[state].astype(int)
    counts["due"] = counts["tepat"] + counts["terlambat"] + counts["belum"]
    counts["rate"] = counts["tepat"] / counts["due"].where(counts["due"] > 0)
    return counts.sort_values("pillar_no")[["pillar_name", "due", "tepat", "terlambat", "belum", "rate"]]


def upload_log(con: duckdb.DuckDBPyConnection, pillar: str | None = None, limit: int = 200) -> pd.DataFrame:
    """The latest uploads, newest first: one row per upload.

    Columns: id, pillar, pillar_name, week, file_name, uploaded_by, uploaded_at (WIB), rows, n_warning,
    status, withdrawn_by.
    """
    return con.execute(
        """SELECT u.id, u.pillar, p.name_id AS pillar_name, u.week, u.file_name, u.uploaded_by,
                  timezone($tz, u.uploaded_at) AS uploaded_at,
                  coalesce(u.n_indicator, 0) + coalesce(u.n_case, 0) + coalesce(u.n_service, 0)
                      + coalesce(u.n_ran, 0) AS rows,
                  u.n_warning, u.status, u.withdrawn_by
           FROM upload u JOIN pillar p ON p.slug = u.pillar
           WHERE $pillar IS NULL OR u.pillar = $pillar
           ORDER BY u.id DESC LIMIT $limit""",
        {"tz": settings.TIMEZONE, "pillar": pillar, "limit": limit},
    ).df()


def rejections(con: duckdb.DuckDBPyConnection, pillar: str | None = None, limit: int = 50) -> list[dict]:
    """The latest refused files, newest first, each with its list of issues (dicts as in ``--json``)."""
    rows = con.execute(
        """SELECT id, file_name, pillar, week, uploaded_by, timezone($tz, uploaded_at), n_error, issues
           FROM rejection WHERE $pillar IS NULL OR pillar = $pillar ORDER BY id DESC LIMIT $limit""",
        {"tz": settings.TIMEZONE, "pillar": pillar, "limit": limit},
    ).fetchall()
    keys = ("id", "file_name", "pillar", "week", "uploaded_by", "uploaded_at", "n_error", "issues")
    return [dict(zip(keys, (*r[:-1], json.loads(r[-1])), strict=True)) for r in rows]


@dataclass
class PillarWeek:
    """What a pillar lead has to do for one week: the deadline, whether it was met, what is loaded, what is missing."""

    pillar: str
    pillar_name: str
    week: Week
    deadline: object  # datetime, WIB
    state: str  # labels.REPORTING_STATE
    current: dict | None  # the upload in force: id, file_name, uploaded_by, uploaded_at
    indicators: pd.DataFrame  # code, name, reported (bool), in sheet order of the template
    actions: pd.DataFrame  # the pillar's RAN actions as :func:`gugus.ran.actions`, plus this_week (bool)

    @property
    def missing(self) -> list[str]:
        """Names of the indicators without a value this week."""
        return list(self.indicators.loc[~self.indicators["reported"], "name"])

    @property
    def open_actions(self) -> pd.DataFrame:
        """Actions not done yet: the ones to report on."""
        return self.actions[self.actions["status"] != "selesai"]

    def deadline_text(self) -> str:
        return deadline_text(self.deadline)

    @property
    def partial(self) -> bool:
        """Reported, but with indicators still empty."""
        return self.current is not None and bool(self.missing)


def deadline(week: Week):
    """When ``week``'s workbook is due (WIB): ``deadline_hours`` after the week ends, as :func:`matrix` reckons it."""
    return dt.datetime.combine(week.sunday + dt.timedelta(days=1), dt.time()) + dt.timedelta(hours=float(settings.get("deadline_hours")))


DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def deadline_rule(hours: float | None = None) -> str:
    """The deadline as a rule: ``hari Senin pukul 12.00 WIB setelah minggu berakhir`` (``deadline_hours`` by default)."""
    hours = float(settings.get("deadline_hours")) if hours is None else float(hours)
    due = dt.datetime(2000, 1, 3) + dt.timedelta(hours=hours)  # a Monday 00:00: the end of a reporting week
    later = " sepekan kemudian" if hours >= 168 else ""
    return f"hari {DAYS[due.weekday()]}{later} pukul {due:%H.%M} WIB setelah minggu berakhir"


def deadline_caveat(week: Week, now: dt.datetime | None = None) -> str:
    """What a summary of ``week`` says while its upload deadline has not passed: its figures may still change."""
    due = deadline(week)
    moment = (now or dt.datetime.now(ZoneInfo(settings.TIMEZONE))).replace(tzinfo=None)
    if moment >= due:
        return ""
    return (
        f"Batas unggah minggu ini ({deadline_text(due)}) belum lewat: pilar yang belum lapor masih dapat mengunggah, "
        "jadi angkanya masih dapat berubah."
    )


def deadline_text(moment) -> str:
    """``Senin, 23 Nov 2026 pukul 12.00 WIB``."""
    return format_datetime(moment, "EEEE, d MMM y 'pukul' HH.mm", locale="id") + " WIB"


def pillar_week(con: duckdb.DuckDBPyConnection, pillar: str, week: Week) -> PillarWeek:
    """The lead's week of ``pillar``: due when, reported or not, which indicators and actions are still open."""
    [row] = matrix(con, week, 1).query("pillar == @pillar").to_dict("records")
    current = con.execute(
        """SELECT id, file_name, uploaded_by, uploaded_at FROM upload_current
                             WHERE pillar = ? AND week = ?""",
        [pillar, str(week)],
    ).fetchone()
    indicators = con.execute(
        """SELECT i.code, i.name_id AS name,
                  EXISTS (SELECT 1 FROM indicator_value_current v WHERE v.indicator = i.code AND v.week = ?) AS reported
           FROM indicator i WHERE i.pillar = ? ORDER BY i.code""",
        [str(week), pillar],
    ).df()
    actions = ran.actions(con, week)
    actions = actions[actions["pillar"] == pillar].copy()
    reported = {a for (a,) in con.execute("SELECT action FROM ran_update_current WHERE pillar = ? AND week = ?", [pillar, str(week)]).fetchall()}
    actions["this_week"] = actions["code"].isin(reported)
    return PillarWeek(
        pillar,
        row["pillar_name"],
        week,
        row["deadline"],
        row["state"],
        dict(zip(("id", "file_name", "uploaded_by", "uploaded_at"), current, strict=True)) if current else None,
        indicators,
        actions.reset_index(drop=True),
    )
