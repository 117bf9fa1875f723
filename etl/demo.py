"""The demo database: a year of synthetic weekly workbooks for all five pillars, loaded through ``load``.

Built in a side file and moved into place at the end, so nobody sees a half-built demo. A
database holding real (non-SIMULASI) uploads is never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from etl.load import Incoming, load_files, reference
from etl.plan import ensure_example_plan
from etl.sample import sample_identity, sample_rows
from etl.template import build_workbook, workbook_bytes
from gugus import auth, bootstrap, instance, settings
from gugus import db as gdb
from gugus.errors import UserError
from gugus.i18n import t
from gugus.weeks import Week, current_week, week_range

LATE_PILLAR = "rehab-kesehatan"  # reports late often, and once missed a month and caught up
CORRECTED_PILLAR = "pencegahan"  # sent corrected files for two weeks (superseded versions)

Progress = Callable[[int, int, str], None]


class DemoRefused(UserError, RuntimeError):
    """The database holds real data; the demo would replace it."""


def _is_city_database(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a database is (or may be) the city's: anything but the demo that holds an account, an upload or an
    imported plan — made by ``etl init``, by ``users add``, or before databases were marked. Only the demo, or a
    database nothing was ever put in, may become the demo (a database is demo or real for life)."""
    if gdb.is_demo(con):
        return False
    used = """SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM upload)
                     + (SELECT count(*) FROM plan_version WHERE NOT example)
                     + (SELECT count(*) FROM meta WHERE key = 'initialized')"""
    return con.execute(used).fetchone()[0] > 0


def _has_real_data(path: Path) -> bool:
    if not path.exists():
        return False
    bootstrap.ensure_database(path)
    with gdb.connect(path) as con:
        return _is_city_database(con)


def _handed_in(week: Week, pillar: str, last: Week, rng: random.Random, now: dt.datetime) -> dt.datetime:
    tz = ZoneInfo(settings.TIMEZONE)
    at = dt.datetime.combine(week.sunday, dt.time(8), tz) - dt.timedelta(hours=rng.randint(0, 60))
    if pillar == LATE_PILLAR:
        if last - 14 <= week <= last - 11:
            at = dt.datetime.combine((last - 10).monday + dt.timedelta(days=2), dt.time(10), tz)
        elif rng.random() < 0.35:
            at = dt.datetime.combine(week.sunday + dt.timedelta(days=rng.randint(2, 5)), dt.time(14), tz)
    elif rng.random() < 0.08:
        at = dt.datetime.combine(week.sunday + dt.timedelta(days=1), dt.time(15), tz)  # just past the deadline
    return min(at, now - dt.timedelta(minutes=5))


def demo_sources(weeks: int = 52, seed: int = 7, last: Week | None = None, ref=None) -> list[Incoming]:
    """Every synthetic workbook of the demo, in the order they were handed in."""
    ref = ref or reference()
    last = last or current_week()
    now = dt.datetime.now(ZoneInfo(settings.TIMEZONE))
    sources = []
    for week in week_range(last, weeks):
        for pillar in ref.pillars:
            rng = random.Random(f"{seed}-{pillar}-{week}-at")
            at = _handed_in(week, pillar, last, rng, now)
            rows = sample_rows(pillar, week, ref, seed)
            identity = sample_identity(pillar, week, ref, at.date())
            data = workbook_bytes(build_workbook(pillar, ref, identity=identity, rows=rows))
            sources.append(Incoming(f"{pillar}-{week}.xlsx", data, at))
            if pillar == CORRECTED_PILLAR and week in (last - 9, last - 5):
                first = rows["Indikator"][0]
                first["value"] = (first.get("value") or 0) + 2
                first["note"] = "Koreksi: sesi tambahan belum tercatat"
                corrected_at = min(at + dt.timedelta(days=2), now - dt.timedelta(minutes=1))
                data = workbook_bytes(build_workbook(pillar, ref, identity={**identity, "report_date": corrected_at.date()}, rows=rows))
                sources.append(Incoming(f"{pillar}-{week}-koreksi.xlsx", data, corrected_at))
    return sorted(sources, key=lambda s: s.at)


def build_demo(db: str | Path | None = None, weeks: int = 52, seed: int = 7, on_progress: Progress | None = None) -> dict:
    """Build the demo database at ``db`` from synthetic workbooks; returns the load summary."""
    path = settings.db_path(db)
    if _has_real_data(path):
        raise DemoRefused(t("demo.refused", path=str(path)))
    side = path.with_name(path.name + ".building")
    for leftover in (side, side.with_name(side.name + ".wal"), side.with_name(side.name + ".lock")):
        leftover.unlink(missing_ok=True)
    bootstrap.ensure_database(side)
    with gdb.connect(side, write=True) as con:
        gdb.set_meta(con, "demo", "1")
        auth.add_demo_accounts(con)
    ensure_example_plan(side)
    ref = reference(side)
    report = on_progress or (lambda done, total, message: None)
    report(0, weeks * 5, "Menyusun buku kerja simulasi")
    sources = demo_sources(weeks, seed, ref=ref)
    done = 0

    def tick(result) -> None:
        nonlocal done
        done += 1
        report(done, len(sources), f"Memuat {result.file}")

    results = load_files(sources, db=side, by="demo", ref=ref, on_result=tick)
    rejected = [r for r in results if r.status == "rejected"]
    if rejected:  # a generator bug, never the user's fault: keep the real database untouched
        raise RuntimeError(f"demo workbook rejected: {rejected[0].file}: {rejected[0].report.issues[:3]}")
    taken = False
    with gdb.locked(path, write=True):  # no reader has the old file open while it is replaced
        if path.exists():  # asked again: the city's database may have been made while the demo was being built
            con = duckdb.connect(str(path), read_only=True)
            try:
                taken = _is_city_database(con)
            finally:
                con.close()
        if not taken:
            path.with_name(path.name + ".wal").unlink(missing_ok=True)
            os.replace(side, path)
    if taken:  # the demo gives up, and takes its workbooks with it (unless the city's database loaded one too)
        for leftover in (*instance.own_archive(side), side, side.with_name(side.name + ".wal"), side.with_name(side.name + ".lock")):
            leftover.unlink(missing_ok=True)
        raise DemoRefused(t("demo.refused", path=str(path)))
    side.with_name(side.name + ".lock").unlink(missing_ok=True)
    return {"files": len(results), "loaded": sum(r.status == "loaded" for r in results)}
