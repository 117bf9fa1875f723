"""RAN TPPO action tracking: each action's computed status, the agency scorecard, coordination gaps.

Status, computed here and only here, as of the end of a week:

* ``selesai``  the latest report says done (or 100 %); ``done_late`` when that came after the due date;
* ``terlambat`` past its due date and not done;
* ``macet``     started (by its start date) but no progress reported for ``stall_weeks`` weeks or more;
* ``berjalan``  progress reported; ``belum-mulai`` otherwise.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from gugus import settings
from gugus.weeks import Week


def finished(status: str | None, progress: float | None) -> bool:
    """Whether a reported state means the action is done: status "selesai", or progress at 100 %. The same rule
    as ``done_week`` in :func:`actions`."""
    return status == "selesai" or (progress or 0) >= 100


def actions(con: duckdb.DuckDBPyConnection, week: Week) -> pd.DataFrame:
    """One row per action of the current plan, as of the end of ``week``.

    Columns: code, pillar, pillar_name, strategy, activity, output, target, unit, lead_agency, lead_name,
    related_agencies, start, due, indicator_codes, example, reported_status, progress, evidence, last_report,
    last_change, done_week, status, done_late, weeks_since_change, budget_source, budget_amount (Rp).
    """
    params = {"week": week.monday, "day": week.sunday, "stall": int(settings.get("stall_weeks"))}
    return con.execute(
        """WITH upd AS (
               SELECT action, week_start, status, progress, evidence,
                      lag(progress) OVER (PARTITION BY action ORDER BY week_start) AS before
               FROM ran_update_current WHERE week_start <= $week),
           latest AS (
               SELECT action, arg_max(status, week_start) AS reported_status, arg_max(progress, week_start) AS progress,
                      arg_max(evidence, week_start) FILTER (WHERE evidence IS NOT NULL) AS evidence,
                      max(week_start) AS last_report,
                      max(week_start) FILTER (WHERE progress IS DISTINCT FROM before AND progress > 0) AS last_change,
                      min(week_start) FILTER (WHERE status = 'selesai' OR progress >= 100) AS done_week
               FROM upd GROUP BY action)
           SELECT a.code, a.pillar, p.name_id AS pillar_name, a.strategy, a.activity, a.output, a.target, a.unit,
                  a.lead_agency, g.short AS lead_name, a.related_agencies, a.start, a.due, a.indicator_codes, a.example,
                  l.reported_status, coalesce(l.progress, 0) AS progress, l.evidence, l.last_report, l.last_change,
                  l.done_week,
                  CASE WHEN l.done_week IS NOT NULL THEN 'selesai'
                       WHEN a.due < $day THEN 'terlambat'
                       WHEN a.start <= $day AND date_diff('week', coalesce(l.last_change, a.start), $week) >= $stall
                            THEN 'macet'
                       WHEN coalesce(l.progress, 0) > 0 OR l.reported_status = 'berjalan' THEN 'berjalan'
                       ELSE 'belum-mulai' END AS status,
                  l.done_week IS NOT NULL AND l.done_week + INTERVAL 6 DAY > a.due AS done_late,
                  date_diff('week', coalesce(l.last_change, a.start), $week) AS weeks_since_change,
                  a.budget_source, a.budget_amount
           FROM ran_action a JOIN pillar p ON p.slug = a.pillar LEFT JOIN agency g ON g.code = a.lead_agency
           LEFT JOIN latest l ON l.action = a.code
           ORDER BY a.due, a.code""",
        params,
    ).df()


def coordination_gaps(con: duckdb.DuckDBPyConnection, week: Week, weeks: int = 4) -> pd.DataFrame:
    """Shared actions (with related agencies) where an involved agency has gone quiet: its pillar sent no
    workbook in the last ``weeks`` weeks, or — for the lead — the action had no report in that time.

    One row per action × quiet agency. Columns: code, activity, agency, role, last_seen.
    """
    return con.execute(
        """WITH shared AS (
               SELECT code, activity, lead_agency, related_agencies FROM ran_action WHERE len(related_agencies) > 0),
           involved AS (
               SELECT code, activity, lead_agency AS agency, 'penanggung jawab' AS role FROM shared
               UNION ALL SELECT code, activity, unnest(related_agencies), 'terkait' FROM shared),
           pillar_seen AS (SELECT pillar, max(week_start) AS seen FROM upload_current WHERE week_start <= $week GROUP BY pillar),
           action_seen AS (SELECT action, max(week_start) AS seen FROM ran_update_current WHERE week_start <= $week GROUP BY action)
           SELECT i.code, i.activity, g.short AS agency, i.role,
                  CAST(CASE WHEN i.role = 'penanggung jawab' THEN s.seen ELSE max(ps.seen) END AS DATE) AS last_seen
           FROM involved i JOIN agency g ON g.code = i.agency
           LEFT JOIN action_seen s ON s.action = i.code
           LEFT JOIN pillar_seen ps ON list_contains(g.pillars, ps.pillar)
           GROUP BY i.code, i.activity, g.short, i.role, s.seen
           HAVING last_seen IS NULL OR last_seen < $since
           ORDER BY i.code, i.role""",
        {"week": week.monday, "since": (week - (weeks - 1)).monday},
    ).df()


def progress_series(con: duckdb.DuckDBPyConnection, code: str, week: Week, weeks: int = 26) -> pd.DataFrame:
    """Reported progress of one action per week (None where not reported). Columns: week_start, progress."""
    return con.execute(
        """WITH w AS (SELECT unnest(generate_series($first::DATE, $week::DATE, INTERVAL 7 DAY))::DATE AS week_start)
           SELECT w.week_start, r.progress FROM w LEFT JOIN ran_update_current r ON r.week_start = w.week_start AND r.action = $code
           ORDER BY w.week_start""",
        {"first": (week - (weeks - 1)).monday, "week": week.monday, "code": code},
    ).df()


def indicator_codes(con: duckdb.DuckDBPyConnection, code: str) -> list[str]:
    """The indicators action ``code`` should move (none for an unknown action)."""
    row = con.execute("SELECT indicator_codes FROM ran_action WHERE code = ?", [code]).fetchone()
    return list(row[0] or []) if row else []


def removed_actions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Actions of earlier plan versions left out of the current one (their history stays)."""
    return con.execute("SELECT code, activity, pillar, last_version FROM ran_action_removed ORDER BY code").df()


def plan_info(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The current plan version: id, file_name, imported_by, imported_at, n_actions, example."""
    row = con.execute("SELECT id, file_name, imported_by, imported_at, n_actions, example FROM plan_version ORDER BY id DESC LIMIT 1").fetchone()
    keys = ("id", "file_name", "imported_by", "imported_at", "n_actions", "example")
    return dict(zip(keys, row, strict=True)) if row else None
