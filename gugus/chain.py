"""Rantai Layanan: where along the public-service chain cases show the service misused or failed, and the
follow-up of each finding with the agency concerned.

A case names its service points in the Kasus sheet (column "Titik layanan bermasalah", template v2); the Kerja
Sama pillar records each finding sent to an agency, the reply and the status in its "Tindak Lanjut Layanan"
sheet. A case and a follow-up are joined by the normalised case reference and the service point.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from gugus.reference import normalize


def points(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The service points in chain order. Columns: point, seq, label, agencies (the agencies' short names,
    joined), catatan."""
    return con.execute(
        """SELECT s.code AS point, s.seq, s.label_id AS label,
                  string_agg(a.short, ', ' ORDER BY list_position(s.agencies, a.code)) AS agencies, s.catatan
           FROM service_point s LEFT JOIN agency a ON list_contains(s.agencies, a.code)
           GROUP BY ALL ORDER BY s.seq"""
    ).df()


def case_points(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> pd.DataFrame:
    """The service points named by the cases reported from ``first`` to ``last``, each case as its latest workbook up
    to ``last`` states it (as the journey reads it). One row per case × point. Columns: case_ref, key, reported_date,
    quarter (its first day), point."""
    frame = con.execute(
        """WITH latest AS (
               SELECT c.case_ref, c.reported_date, c.service_points FROM case_report c JOIN upload_current u ON u.id = c.upload_id
               WHERE c.reported_date BETWEEN ? AND ? AND u.week_start <= ?
               QUALIFY row_number() OVER (PARTITION BY c.case_ref ORDER BY c.week_start DESC, c.upload_id DESC) = 1)
           SELECT case_ref, reported_date, date_trunc('quarter', reported_date)::DATE AS quarter, unnest(service_points) AS point
           FROM latest WHERE len(service_points) > 0 ORDER BY reported_date, case_ref""",
        [first, last, last],
    ).df()
    frame.insert(1, "key", frame["case_ref"].map(normalize))
    return frame.drop_duplicates(["key", "point"])


def followups(con: duckdb.DuckDBPyConnection, until: dt.date) -> pd.DataFrame:
    """Every finding sent by ``until``, in its latest state as of that day. One row per finding (case × point ×
    agency). Columns: case_ref, key, point, agency, agency_name, sent_date, letter, reply_date, status, days_open
    (days since it was sent, while not closed), file_name, sheet_row."""
    frame = con.execute(
        """SELECT f.case_ref, f.service_point AS point, f.agency, a.short AS agency_name, f.sent_date, f.letter,
                  f.reply_date, f.status, u.file_name, f.sheet_row
           FROM service_followup f JOIN upload_current u ON u.id = f.upload_id LEFT JOIN agency a ON a.code = f.agency
           WHERE f.sent_date <= ? AND u.week_start <= ?
           ORDER BY f.week_start DESC, f.upload_id DESC""",
        [until, until],
    ).df()
    frame.insert(1, "key", frame["case_ref"].map(lambda r: normalize(r) if isinstance(r, str) else ""))
    # a finding restated in a later week is one finding, however its case reference was typed: its latest row counts
    frame = frame.drop_duplicates(["key", "point", "agency"]).sort_values(["sent_date", "case_ref"], ignore_index=True)
    open_ = frame["status"] != "selesai"
    frame["days_open"] = ((pd.Timestamp(until) - pd.to_datetime(frame["sent_date"])).dt.days).where(open_)
    return frame


def followup_start(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The first week the Kerja Sama pillar reported with a template that records follow-ups (version 2 on); None
    before it ever has. A case reported earlier may have been followed up outside the data."""
    row = con.execute(
        """SELECT min(week_start) FROM upload_current
           WHERE pillar = 'kerja-sama' AND coalesce(template_version, '') NOT LIKE '%/v1'"""
    ).fetchone()
    return row[0] if row else None


def unanswered(named: pd.DataFrame, found: pd.DataFrame, since: dt.date | None) -> pd.DataFrame:
    """The cases naming a service point for which no finding was sent, among those reported since follow-ups are
    recorded (none before). One row per case × point; the columns of :func:`case_points`."""
    if since is None:
        return named.iloc[0:0]
    followed = set(zip(found["key"], found["point"], strict=True))
    fresh = named[pd.to_datetime(named["reported_date"]) >= pd.Timestamp(since)]
    mask = [(k, p) not in followed for k, p in zip(fresh["key"], fresh["point"], strict=True)]
    return fresh.loc[pd.Series(mask, index=fresh.index, dtype=bool)]


def of_cases(named: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """The findings about the cases of ``named`` (same case and point), and general findings (no case) sent in the
    span of ``named``'s report dates: the findings that belong to one period. Columns of :func:`followups`."""
    pairs = set(zip(named["key"], named["point"], strict=True))
    about = [(k, p) in pairs for k, p in zip(found["key"], found["point"], strict=True)]
    general = found["key"] == ""
    if not named.empty:
        span = pd.to_datetime(found["sent_date"]).between(pd.to_datetime(named["reported_date"]).min(), pd.Timestamp.max)
        general &= span
    return found[pd.Series(about, index=found.index, dtype=bool) | general]


def summary(named: pd.DataFrame, found: pd.DataFrame, point_frame: pd.DataFrame, since: dt.date | None) -> pd.DataFrame:
    """Per service point, the cases of the period naming it and what became of them, all counted in cases so that
    the columns add up: cases = followed (a finding was sent) + unanswered (none, since follow-ups are recorded) +
    earlier (none, reported before that: not known either way); followed ⊇ replied ⊇ closed. One row per point, chain
    order. Columns: point, label, agencies, cases, followed, unanswered, earlier, replied, closed."""
    left = unanswered(named, found, since)
    best = found.assign(rank=found["status"].map({"dikirim": 0, "dibalas": 1, "ditindaklanjuti": 1, "selesai": 2}).fillna(0))
    state = best.groupby(["key", "point"])["rank"].max().to_dict()
    rows = []
    for p in point_frame.itertuples():
        keys = named.loc[named["point"] == p.point, "key"].unique()
        ranks = [state[(k, p.point)] for k in keys if (k, p.point) in state]
        waiting = left.loc[left["point"] == p.point, "key"].nunique()
        rows.append(
            {
                "point": p.point,
                "label": p.label,
                "agencies": p.agencies,
                "cases": len(keys),
                "followed": len(ranks),
                "unanswered": waiting,
                "earlier": len(keys) - len(ranks) - waiting,
                "replied": sum(r >= 1 for r in ranks),
                "closed": sum(r >= 2 for r in ranks),
            }
        )
    return pd.DataFrame(rows)


def quarterly(named: pd.DataFrame) -> pd.DataFrame:
    """Cases naming each service point per quarter (a month would hold too few cases to show any). One row per
    point × quarter with any. Columns: point, quarter, cases."""
    if named.empty:
        return pd.DataFrame(columns=["point", "quarter", "cases"])
    return named.groupby(["point", "quarter"]).agg(cases=("key", "nunique")).reset_index()
