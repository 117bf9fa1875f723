"""Loading validated workbooks, every upload kept as a version: validated in parallel, written in few
transactions, each file whole or not at all.

A newer file for the same pillar and week supersedes the older one; the same file again
(same sha256) is a no-op; ``rollback`` withdraws an upload and makes the one before it current.
Accepted files are archived under ``<database folder>/uploads/<sha256>.xlsx``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa

from etl import sandbox
from etl import workbook as wb
from etl.issues import Report
from etl.validate import ParsedWorkbook, Validation, validate_in_reader
from gugus import audit, backup, bootstrap, settings
from gugus import db as gdb
from gugus.db import DatabaseBusy
from gugus.errors import UserError, os_reason
from gugus.i18n import fmt_number, t
from gugus.reference import Reference, normalize
from gugus.reference import refresh as refresh_reference
from gugus.weeks import format_day

# Test hook: when set to a path, a load writes that file and waits just before COMMIT, so a test
# can kill the process mid-transaction and check that nothing was written.
FAULT_ENV = "GUGUS_FAULT_BEFORE_COMMIT"

# Most files written in one transaction: a batch that fails is written again file by file.
BATCH_FILES = 200

FACT_TABLES = {
    wb.SHEET_INDICATORS: "indicator_value",
    wb.SHEET_CASES: "case_report",
    wb.SHEET_SERVICES: "victim_service",
    wb.SHEET_RAN: "ran_update",
    wb.SHEET_FOLLOWUP: "service_followup",
}
_DROP = {"indicator_value": {"description", "unit", "value"}, "ran_update": {"activity", "due"}}


@dataclass
class LoadResult:
    """What happened to one file. ``status``: loaded, already-loaded, valid (dry run) or rejected."""

    file: str
    status: str
    report: Report
    upload_id: int | None = None
    pillar: str | None = None
    week: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    superseded: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "status": self.status,
            "upload_id": self.upload_id,
            "pillar": self.pillar,
            "week": self.week,
            "rows": self.rows,
            "superseded": self.superseded,
        }


def reference(db: str | Path | None = None, *, ensure: bool = True) -> Reference:
    """Reference data for validation: the database's own when it exists; else exactly what a new database starts with
    (the reference CSVs, no action plan, not the demo) — the database a load or ``init`` would create there — so a
    file checked before the database exists gets the answer the load will give. Nothing is created.

    ``ensure=False`` skips the migration check for a caller that has just run it.
    """
    path = settings.db_path(db)
    if path.exists():
        if ensure:
            bootstrap.ensure_database(path)
        with gdb.connect(path) as con:
            return Reference.load(con)
    con = duckdb.connect(":memory:")
    try:
        gdb.migrate(con)
        refresh_reference(con)
        return Reference.load(con)
    finally:
        con.close()


def reference_used(db: str | Path | None = None) -> dict:
    """Which reference a check of ``db`` uses: the database (its plan version and actions, demo or real), or — when it
    does not exist yet — the reference data a new database starts with. The ``reference`` of the CLI's JSON."""
    path = settings.db_path(db)
    out = {"database": str(path), "exists": path.exists(), "demo": False, "plan_version": None, "actions": 0}
    if path.exists():
        with gdb.connect(path) as con:
            out["demo"] = gdb.is_demo(con)
            out["plan_version"] = (con.execute("SELECT max(id) FROM plan_version").fetchone() or (None,))[0]
            out["actions"] = con.execute("SELECT count(*) FROM ran_action").fetchone()[0]
    return out


def _frames(parsed: ParsedWorkbook, upload_id: int) -> dict[str, pa.Table]:
    frames = {}
    week, week_start = str(parsed.week), parsed.week.monday
    for sheet, rows in parsed.rows.items():
        if not rows:
            continue
        table = FACT_TABLES[sheet]
        drop = _DROP.get(table, ())
        columns: dict[str, list] = {name: [] for name in wb.stored_fields(type(rows[0][1])) if name not in drop}
        for _, row in rows:
            fields = row.__dict__  # the validated values; cheaper than model_dump() for flat rows
            for name, values in columns.items():
                values.append(fields[name])
        if table == "indicator_value":
            columns["value"] = [row.reported_value for _, row in rows]
        if table == "case_report":
            columns["service_points"] = [list(v) if v else None for v in columns["service_points"]]
        if table == "victim_service":
            columns["pillar"] = [parsed.pillar] * len(rows)
        columns.update(
            upload_id=[upload_id] * len(rows), sheet_row=[r for r, _ in rows], week=[week] * len(rows), week_start=[week_start] * len(rows)
        )
        frames[table] = pa.Table.from_pydict(columns)
    return frames


def _archive(folder: Path, digest: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}.xlsx"
    if not target.exists():
        tmp = target.with_suffix(".tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk leaves no empty part-file behind
            raise


@dataclass
class _Known:
    """What the writer knows of the upload table. Read when the write lock is taken; while the lock is
    held no other process can change it, so each file needs no lookup of its own."""

    by_sha: dict[str, int]
    current: dict[tuple[str, str], int]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> _Known:
        by_sha = dict(con.execute("SELECT sha256, min(id) FROM upload WHERE status <> 'withdrawn' GROUP BY sha256").fetchall())
        current = {
            (p, w): i for p, w, i in con.execute("SELECT pillar, week, max(id) FROM upload WHERE status = 'loaded' GROUP BY pillar, week").fetchall()
        }
        return cls(by_sha, current)


@dataclass
class Loss:
    """What loading a workbook would take away from its pillar's week: ``emptied`` when the week has
    values and the workbook has none at all; ``removed`` the values the current upload holds that the
    workbook does not (sheet, what, current value as text)."""

    replaces: int | str | None  # the current upload's number (or, in a check, words naming an earlier file of it)
    emptied: bool
    removed: list[dict]
    lowered: list[dict] = field(default_factory=list)  # RAN actions whose progress would go down or leave "selesai"
    unfilled: bool = False  # ``emptied`` by a workbook holding only the RAN states already stored (a template left unfilled)

    @property
    def refusal(self) -> tuple[str, dict]:
        """The issue (code, parameters) that refuses an ``emptied`` workbook: the one wording for every door."""
        if self.unfilled:
            return "workbook-unfilled", {}
        if self.replaces is None:
            return "workbook-empty", {}
        return "week-emptied", {"upload": upload_words(self.replaces)}

    @property
    def confirm(self) -> int:
        """How many stored entries the load would remove or lower: the number a confirmation speaks of."""
        return len(self.removed) + len(self.lowered)


def loss(con: duckdb.DuckDBPyConnection, parsed: ParsedWorkbook, replaces: int | None) -> Loss:
    """Compare a valid workbook with the current upload ``replaces`` of its pillar and week. A workbook without a
    single row is ``emptied`` whether or not the week has data: it would empty the week, or count as a report of
    nothing. Every stored row it does not carry again is ``removed``: indicator values, cases, victim services and
    RAN updates."""
    if not any(parsed.rows.values()):
        return Loss(replaces, True, [])
    if _carried_only(con, parsed):
        return Loss(replaces, True, [], unfilled=True)
    if replaces is None:
        return Loss(None, False, [])
    new_values = {(r.indicator, r.area) for _, r in parsed.rows.get(wb.SHEET_INDICATORS, [])}
    # case references compare as validation compares them ("LP/B/501" and "lp/b/501" are one case)
    new_cases = {normalize(r.case_ref): set(r.service_points or ()) for _, r in parsed.rows.get(wb.SHEET_CASES, [])}
    new_actions = {r.action for _, r in parsed.rows.get(wb.SHEET_RAN, [])}
    removed = [  # named as a pillar lead knows the area: "PCG-01 · Singkawang Barat"
        {"sheet": wb.SHEET_INDICATORS, "key": f"{code} · {name}", "value": value}
        for code, area, name, value in con.execute(
            """SELECT v.indicator, v.area, coalesce(a.name, v.area), v.value FROM indicator_value v LEFT JOIN area a ON a.code = v.area
               WHERE v.upload_id = ? ORDER BY v.indicator, v.area""",
            [replaces],
        ).fetchall()
        if (code, area) not in new_values
    ]
    stored_cases = con.execute(
        """SELECT c.case_ref, list(p.label_id ORDER BY p.seq) FILTER (WHERE p.code IS NOT NULL),
                  list(p.code) FILTER (WHERE p.code IS NOT NULL)
           FROM case_report c LEFT JOIN service_point p ON list_contains(c.service_points, p.code)
           WHERE c.upload_id = ? GROUP BY c.case_ref ORDER BY c.case_ref""",
        [replaces],
    ).fetchall()
    removed += [{"sheet": wb.SHEET_CASES, "key": ref_, "value": None} for ref_, _, _ in stored_cases if normalize(ref_) not in new_cases]
    removed += [  # a workbook of an older version, or a cleared cell, would take the service points away
        {"sheet": wb.SHEET_CASES, "key": f"{ref_} · titik layanan bermasalah: {', '.join(names)}", "value": None}
        for ref_, names, codes in stored_cases
        if normalize(ref_) in new_cases and codes and set(codes) - new_cases[normalize(ref_)]
    ]
    new_services = {(r.case_ref, r.service, r.service_date) for _, r in parsed.rows.get(wb.SHEET_SERVICES, [])}
    removed += [
        {"sheet": wb.SHEET_SERVICES, "key": f"{ref_} · {service} · {format_day(day)}", "value": victims}
        for ref_, service, day, victims in con.execute(
            """SELECT case_ref, service, service_date, victims FROM victim_service WHERE upload_id = ?
                       ORDER BY case_ref, service_date, service""",
            [replaces],
        ).fetchall()
        if (ref_, service, day) not in new_services
    ]
    new_followups = {(normalize(r.case_ref or ""), r.service_point, r.agency) for _, r in parsed.rows.get(wb.SHEET_FOLLOWUP, [])}
    removed += [
        {"sheet": wb.SHEET_FOLLOWUP, "key": " · ".join(p for p in (ref_, point_name, agency_name) if p), "value": None}
        for ref_, point, agency, point_name, agency_name in con.execute(
            """SELECT f.case_ref, f.service_point, f.agency, coalesce(p.label_id, f.service_point), coalesce(a.short, f.agency)
               FROM service_followup f LEFT JOIN service_point p ON p.code = f.service_point LEFT JOIN agency a ON a.code = f.agency
               WHERE f.upload_id = ? ORDER BY f.sheet_row""",
            [replaces],
        ).fetchall()
        if (normalize(ref_ or ""), point, agency) not in new_followups
    ]
    removed += [
        {"sheet": wb.SHEET_RAN, "key": action, "value": progress}
        for action, progress in con.execute("SELECT action, progress FROM ran_update WHERE upload_id = ? ORDER BY action", [replaces]).fetchall()
        if action not in new_actions
    ]
    # A RAN update the week already holds (often saved in the app after the workbook was downloaded) must not be
    # undone by a workbook carrying an older state: progress that goes down, or a finished action reopened.
    incoming_ran = {r.action: r for _, r in parsed.rows.get(wb.SHEET_RAN, [])}
    lowered = [
        {"sheet": wb.SHEET_RAN, "key": action, "value": progress, "new": new.progress, "status": status, "new_status": new.status}
        for action, status, progress in con.execute(
            "SELECT action, status, progress FROM ran_update WHERE upload_id = ? ORDER BY action", [replaces]
        ).fetchall()
        if (new := incoming_ran.get(action)) is not None
        and ((new.progress or 0) < (progress or 0) or (status == "selesai" and new.status != "selesai"))
    ]
    return Loss(replaces, False, removed, lowered)


def upload_words(replaces: int | str) -> str:
    """How a refusal names what a workbook would replace: "unggahan #12", or already words (an earlier file of a check)."""
    return t("load.upload-no", upload=replaces) if isinstance(replaces, int) else replaces


def _carried_only(con: duckdb.DuckDBPyConnection | None, parsed: ParsedWorkbook) -> bool:
    """Whether the workbook holds nothing but RAN rows that say what is stored already (each action's latest status
    and progress, no evidence): a pre-filled template nobody filled in, which is no report of the week."""
    ran = parsed.rows.get(wb.SHEET_RAN, [])
    if con is None or not ran or any(rows for sheet, rows in parsed.rows.items() if sheet != wb.SHEET_RAN):
        return False
    if any(r.evidence for _, r in ran):
        return False
    latest = {
        action: (status, progress)
        for action, status, progress in con.execute(
            """SELECT action, arg_max(status, week_start), arg_max(progress, week_start) FROM ran_update_current
               WHERE pillar = ? AND week_start <= ? GROUP BY action""",
            [parsed.pillar, parsed.week.monday],
        ).fetchall()
    }
    return all((r.status is None and r.progress is None) or latest.get(r.action) == (r.status, r.progress) for _, r in ran)


def refuse_loss(report: Report, found: Loss, allow_removal: bool) -> bool:
    """Add the issue that stops a load which would empty or shrink a week; True if it must stop."""
    if found.emptied:  # its warnings (every row left empty) would only say the same again
        report.issues.clear()
        code, params = found.refusal
        report.refuse(code, **params)
        return True
    if allow_removal or not found.confirm:
        return False
    if found.removed:
        listed = "; ".join(r["key"] for r in found.removed[:8]) + (f"; dan {len(found.removed) - 8} lagi" if len(found.removed) > 8 else "")
        report.refuse("values-removed", count=len(found.removed), upload=upload_words(found.replaces), listed=listed)
    if found.lowered:
        report.refuse(
            "progress-lowered",
            count=len(found.lowered),
            upload=upload_words(found.replaces),
            listed="; ".join(f"{r['key']} {fmt_number(r['value'] or 0)} % → {fmt_number(r['new'] or 0)} %" for r in found.lowered),
        )
    return True


@dataclass
class _Entry:
    """A file waiting in a batch: written (``write``), or only its refusal logged."""

    validation: Validation
    result: LoadResult
    by: str | None
    at: dt.datetime
    write: bool
    own: tuple = ()  # the issues its report had when it came (and how many not listed): a write tried again starts there
    hidden: int = 0

    def restart(self) -> Report:
        """The file's report as it came, without what an earlier try of its write added or took away."""
        report = self.validation.report
        report.issues[:], report.not_shown = list(self.own), self.hidden
        return report


class _BatchWriter:
    """Writes files in as few transactions as correctness allows, every file whole or not at all.

    Each file is written as it comes, into a transaction kept open for the next ones; the transaction commits when
    it holds ``BATCH_FILES`` files, when it has kept the database ``write_breath`` seconds (readers are let in
    between), or at :meth:`flush`. The batch's rows go in with one statement per table. When a write fails, the
    transaction is rolled back and each file of it is written again in a transaction of its own: the one that
    fails alone is refused ("write-failed") and the others land. A result is final, and ``on_result`` told of it,
    once committed.
    """

    def __init__(
        self,
        path: Path,
        *,
        archive_dir: Path | None = None,
        allow_removal: bool = False,
        on_result: Callable[[LoadResult], None] | None = None,
    ):
        self.path = path
        self.archive_dir = archive_dir or path.parent / "uploads"
        self.allow_removal = allow_removal
        self.on_result = on_result
        self.stack: contextlib.ExitStack | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.known: _Known | None = None
        self.opened = 0.0
        self.pending: list[_Entry] = []  # written in the open transaction, not yet committed
        self.started: float | None = None  # when the open transaction got its first file
        self.uploads: dict[int, dict] = {}  # upload rows of the transaction, inserted together (ids from the sequence)
        self.frames: dict[str, list[pa.Table]] = {}  # rows of the transaction's uploads, inserted together
        self.staged: set[int] = set()  # uploads of the open transaction whose rows are in ``frames``

    def _open(self) -> None:
        if self.con is None:
            self.stack = contextlib.ExitStack()
            self.con = self.stack.enter_context(gdb.connect(self.path, write=True))
            self.known = _Known.read(self.con)
            self.opened = time.monotonic()

    def breath_left(self) -> float:
        """Seconds the open transaction may still wait for files before it must commit, letting readers in."""
        if self.started is None:
            return float("inf")
        return float(settings.get("write_breath")) - (time.monotonic() - self.started)

    def add(self, validation: Validation, result: LoadResult | None = None, *, by: str | None, at: dt.datetime) -> None:
        """Write a valid file, or (with its ``result``) log a refused one, in the open transaction."""
        write = result is None
        if write:
            parsed = validation.workbook
            result = LoadResult(validation.file_name, "loaded", validation.report, pillar=parsed.pillar, week=str(parsed.week))
        entry = _Entry(validation, result, by, at, write, tuple(validation.report.issues), validation.report.not_shown)
        try:
            self._begin()
            self._stage(entry)
        except DatabaseBusy:
            raise
        except Exception:  # noqa: BLE001 - a write error of any kind: each file alone finds out which one it was
            entries, self.pending = [*self.pending, entry], []
            self._abort()
            self._one_by_one(entries)
            return
        self.pending.append(entry)
        if len(self.pending) >= BATCH_FILES or self.breath_left() <= 0:
            self.flush()

    def flush(self) -> None:
        """Commit the open transaction; close the connection when it has been held ``write_breath`` seconds."""
        entries, self.pending = self.pending, []
        if entries:
            try:
                self._commit(entries)
            except DatabaseBusy:
                raise
            except Exception:  # noqa: BLE001 - as in add(): the files are written again one by one
                self._abort()
                self._one_by_one(entries)
            else:
                self._settle(entries)
        if self.con is not None and time.monotonic() - self.opened > float(settings.get("write_breath")):
            self.close()

    def _one_by_one(self, entries: list[_Entry]) -> None:
        for entry in entries:
            try:
                self._begin()
                self._stage(entry)
                self._commit([entry])
            except DatabaseBusy:
                raise
            except Exception as exc:  # noqa: BLE001 - refused with the reason; the other files land
                self._abort()
                report = entry.restart()
                report.add("write-failed", detail=os_reason(exc) if isinstance(exc, OSError) else type(exc).__name__)
                entry.result = LoadResult(entry.result.file, "rejected", report, pillar=entry.result.pillar, week=entry.result.week)
        self._settle(entries)

    def _settle(self, entries: list[_Entry]) -> None:
        if self.on_result:
            for entry in entries:
                self.on_result(entry.result)

    def _begin(self) -> None:
        if self.started is None:
            self._open()
            self.con.execute("BEGIN")
            self.started = time.monotonic()

    def _commit(self, entries: list[_Entry]) -> None:
        self._insert_frames()
        if marker := os.environ.get(FAULT_ENV):
            Path(marker).write_text(" ".join(str(e.result.upload_id) for e in entries))
            time.sleep(600)
        self.con.execute("COMMIT")
        self.started, self.staged = None, set()

    def _abort(self) -> None:
        """Roll the open transaction back and drop the connection: what it knew of the uploads may hold rolled-back ones."""
        if self.con is not None and self.started is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
        self.close()

    def _insert_frames(self) -> None:
        """Insert the rows waiting in this batch: its uploads, then their facts, one statement per table."""
        if self.uploads:
            incoming = pa.Table.from_pylist(list(self.uploads.values()))  # DuckDB reads it by name
            self.con.execute("INSERT INTO upload BY NAME SELECT * FROM incoming")
            self.uploads = {}
        for table, parts in self.frames.items():
            incoming = pa.concat_tables(parts, promote_options="permissive")  # noqa: F841 - DuckDB reads it by name
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
        self.frames = {}

    def _stage(self, entry: _Entry) -> None:
        """Write one file inside the open transaction: a valid one, unless it would empty its pillar's week or —
        without ``allow_removal`` — take values away from it; the refusal of any other, to the log."""
        if entry.write:
            self._write(entry)
        if entry.result.status == "rejected":
            self._log_refusal(entry.validation, by=entry.by, at=entry.at)

    def _write(self, entry: _Entry) -> None:
        con, known, validation = self.con, self.known, entry.validation
        parsed = validation.workbook
        week = str(parsed.week)
        entry.restart()  # a write tried again starts from the file's own issues
        result = entry.result = LoadResult(validation.file_name, "loaded", validation.report, pillar=parsed.pillar, week=week)
        if existing := known.by_sha.get(validation.sha256):
            result.status, result.upload_id = "already-loaded", existing
            return
        previous = known.current.get((parsed.pillar, week))
        if previous in self.staged:
            self._insert_frames()  # the comparison below reads the rows of the upload this one replaces
        if refuse_loss(validation.report, loss(con, parsed, previous), self.allow_removal):
            result.status = "rejected"
            return
        result.rows = {FACT_TABLES[sheet]: len(rows) for sheet, rows in parsed.rows.items() if rows}
        (upload_id,) = con.execute("SELECT nextval('upload_id_seq')").fetchone()
        self.uploads[upload_id] = {
            "id": upload_id,
            "pillar": parsed.pillar,
            "week": week,
            "week_start": parsed.week.monday,
            "file_name": validation.file_name,
            "sha256": validation.sha256,
            "uploaded_by": entry.by,
            "uploaded_at": entry.at,
            "status": "loaded",
            "simulated": parsed.simulated,
            "template_version": wb.stamp(parsed.pillar, parsed.version),
            "agency": parsed.agency,
            "officer": parsed.officer,
            "report_date": parsed.report_date,
            "n_indicator": result.rows.get("indicator_value", 0),
            "n_case": result.rows.get("case_report", 0),
            "n_service": result.rows.get("victim_service", 0),
            "n_ran": result.rows.get("ran_update", 0),
            "n_warning": len(validation.report.issues),
        }
        for table, frame in _frames(parsed, upload_id).items():
            self.frames.setdefault(table, []).append(frame)
        self.staged.add(upload_id)
        if previous in self.uploads:
            self.uploads[previous]["status"] = "superseded"  # written with this batch, still waiting here
        elif previous:
            con.execute("UPDATE upload SET status = 'superseded' WHERE id = ?", [previous])
        result.superseded = previous
        _archive(self.archive_dir, validation.sha256, validation.data)
        known.by_sha[validation.sha256] = known.current[parsed.pillar, week] = result.upload_id = upload_id

    def _log_refusal(self, validation: Validation, *, by: str | None, at: dt.datetime) -> None:
        """Log a refused file (its issues, never its content) so the officer and the chair can see why."""
        parsed = validation.workbook
        issues = [i.as_dict() for i in validation.report.all_issues()]
        self.con.execute(
            """INSERT INTO rejection (file_name, sha256, pillar, week, uploaded_by, uploaded_at, n_error, issues)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                validation.file_name,
                validation.sha256,
                parsed.pillar if parsed else None,
                str(parsed.week) if parsed and parsed.week.year > 1 else None,
                by,
                at,
                sum(i["severity"] == "error" for i in issues),
                json.dumps(issues, default=str),
            ],
        )

    def close(self) -> None:
        """Let the database go; a transaction still open is rolled back with it (an interrupted load)."""
        if self.stack is not None:
            self.stack.close()
        self.stack, self.con, self.known = None, None, None
        self.started, self.uploads, self.frames, self.staged = None, {}, {}, set()


@dataclass
class Incoming:
    """A workbook that is not (only) a file on disk: an upload, or a generated sample."""

    name: str
    data: bytes
    at: dt.datetime | None = None  # when it was handed in; default: now


Source = str | os.PathLike | Incoming


@dataclass
class Progress:
    """How far a load is: files done of ``total`` (None when the sources were not counted), and seconds since it began."""

    done: int
    total: int | None
    elapsed: float

    @property
    def rate(self) -> float:
        """Files per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def remaining(self) -> float | None:
        """Seconds still to go at the rate so far; None while unknown."""
        if self.total is None or not self.done:
            return None
        return (self.total - self.done) / self.rate if self.rate else None

    def text(self) -> str:
        """One line in Bahasa Indonesia: "120/260 berkas · 85,3 berkas/detik · sisa ± 2 detik"."""
        done = f"{fmt_number(self.done)}/{fmt_number(self.total)}" if self.total is not None else fmt_number(self.done)
        parts = [f"{done} berkas", f"{fmt_number(self.rate, decimals=1)} berkas/detik"]
        if (left := self.remaining) is not None and self.done < (self.total or 0):
            parts.append(f"sisa ± {fmt_number(max(1, round(left)))} detik")
        return " · ".join(parts)


def _checked_ahead(
    sources: Iterable[Source], ref: Reference, *, expected_pillar: str | None, today: dt.date | None
) -> Iterator[tuple[str, bytes, dt.datetime | None, Future]]:
    """(name, bytes, when handed in, the future of its validation) of each source, in order. Files are read and
    validated in the reader processes, as many at once as there are; a few more wait ahead, bounding memory."""

    def opened(source: Source) -> tuple[str, bytes, dt.datetime | None]:
        if isinstance(source, Incoming):
            return source.name, source.data, source.at
        return Path(source).name, Path(source).read_bytes(), None

    with ThreadPoolExecutor(max_workers=sandbox.READERS, thread_name_prefix="periksa-berkas") as pool:
        waiting: deque = deque()
        for source in sources:
            name, data, handed_in = opened(source)
            future = pool.submit(validate_in_reader, data, name, ref, expected_pillar=expected_pillar, today=today)
            waiting.append((name, data, handed_in, future))
            if len(waiting) > 2 * sandbox.READERS:
                yield waiting.popleft()
        while waiting:
            yield waiting.popleft()


class _DryRun:
    """What a load would answer for each file, writing nothing: the writer's own checks — loaded before, a week
    emptied, values removed or progress lowered — against the database as it stands and, for a pillar's week that an
    earlier file of the same run would have loaded, against that file (as the load, which writes it first, would).
    A missing database is the empty one a load creates. Only the new upload numbers are not known before writing."""

    def __init__(self, path: Path, allow_removal: bool) -> None:
        self.path, self.allow_removal = path, allow_removal
        self.known = _Known({}, {})
        if path.exists():
            with gdb.connect(path) as con:
                self.known = _Known.read(con)
        self.passed: dict[tuple[str, str], ParsedWorkbook] = {}  # per pillar and week, the last file that would load
        self.names: dict[tuple[str, str], str] = {}
        self.shas: set[str] = set()

    def answer(self, validation: Validation) -> LoadResult:
        parsed = validation.workbook
        key = (parsed.pillar, str(parsed.week))
        result = LoadResult(validation.file_name, "valid", validation.report, pillar=parsed.pillar, week=key[1])
        if validation.sha256 in self.known.by_sha or validation.sha256 in self.shas:
            result.status, result.upload_id = "already-loaded", self.known.by_sha.get(validation.sha256)
            return result
        if refuse_loss(validation.report, self._loss(key, parsed), self.allow_removal):
            result.status = "rejected"
            return result
        result.rows = {FACT_TABLES[sheet]: len(rows) for sheet, rows in parsed.rows.items() if rows}
        self.passed[key], self.names[key] = parsed, validation.file_name
        self.shas.add(validation.sha256)
        return result

    def _loss(self, key: tuple[str, str], parsed: ParsedWorkbook) -> Loss:
        if key in self.passed:  # compared with the earlier file of this run, held in a scratch database of its own
            with contextlib.closing(duckdb.connect(":memory:")) as con:
                gdb.migrate(con)
                refresh_reference(con)
                for table, frame in _frames(self.passed[key], 0).items():  # noqa: B007 - DuckDB reads frame by name
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
                found = loss(con, parsed, 0)
            found.replaces = t("load.earlier-file", file=self.names[key])
            return found
        if not self.path.exists():
            return loss(None, parsed, None)
        with gdb.connect(self.path) as con:
            return loss(con, parsed, self.known.current.get(key))


def load_files(
    sources: Iterable[Source],
    *,
    db: str | Path | None = None,
    by: str | None = None,
    dry_run: bool = False,
    expected_pillar: str | None = None,
    at: dt.datetime | None = None,
    today: dt.date | None = None,
    ref: Reference | None = None,
    allow_removal: bool = False,
    on_result: Callable[[LoadResult], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> list[LoadResult]:
    """Validate each source (a path or an :class:`Incoming`) and load the valid ones, in the order given.

    Files are validated in parallel (one reader process per core) and written in few transactions, while each keeps
    its contract: loaded whole or not at all, and a rejected or failed file never affects another. A file that
    would leave its week empty is refused; one that would remove values of the current upload is refused unless
    ``allow_removal`` (the upload page's confirmation, the CLI's flag). ``on_result`` hears of each file once its
    result is final (committed), in order; ``on_progress`` after each file is checked and written.
    """
    sandbox.warm()  # the reader processes start while the database and reference data are opened
    path = settings.db_path(db)
    if not dry_run:
        bootstrap.ensure_database(path)
    ref = ref or reference(path, ensure=dry_run)
    checker = _DryRun(path, allow_removal) if dry_run else None
    total = len(sources) if isinstance(sources, Sized) else None
    began = time.monotonic()
    results: list[LoadResult] = []
    processed = 0

    def settled(result: LoadResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    writer = _BatchWriter(path, archive_dir=path.parent / "uploads", allow_removal=allow_removal, on_result=settled)
    try:
        for name, _, handed_in, future in _checked_ahead(sources, ref, expected_pillar=expected_pillar, today=today):
            if writer.pending and not future.done():
                with contextlib.suppress(FutureTimeout):  # a long check ahead: the waiting batch is written first,
                    future.result(timeout=max(writer.breath_left(), 0))  # so the app and other loads get in meanwhile
                if not future.done():
                    writer.flush()
                    writer.close()
            validation = future.result()
            when = handed_in or at or dt.datetime.now(ZoneInfo(settings.TIMEZONE))
            if not validation.ok:
                result = LoadResult(name, "rejected", validation.report)
                if validation.workbook:
                    result.pillar, result.week = validation.workbook.pillar, str(validation.workbook.week)
                if dry_run:
                    settled(result)
                else:
                    writer.add(validation, result, by=by, at=when)
            elif dry_run:
                settled(checker.answer(validation))
            else:
                writer.add(validation, by=by, at=when)
            processed += 1
            if on_progress:  # checked and, unless a dry run, written into the open transaction
                on_progress(Progress(processed, total, time.monotonic() - began))
        writer.flush()
    finally:
        writer.close()
    return results


def check_upload(
    data: bytes, file_name: str, ref: Reference, *, expected_pillar: str | None = None, by: str | None = None, db: str | Path | None = None
) -> Validation:
    """Check a file a user gave (the upload page's check, before any load): validated once — in a reader process, as
    every command checks a file, so that the same time limit and the same answer hold and a crafted file cannot tie
    up the app — and a refusal logged once, from that same check, so Kelengkapan lists it with its issues. Nothing of
    the file is stored."""
    validation = validate_in_reader(data, file_name, ref, expected_pillar=expected_pillar)
    if not validation.ok:
        record_refusal(validation, db=db, by=by)
    return validation


def record_refusal(validation: Validation, *, db: str | Path | None = None, by: str | None = None) -> None:
    """Log a file already found unfit (its issues, never its content), without checking it again."""
    writer = _BatchWriter(settings.db_path(db))
    try:
        writer._open()
        writer._log_refusal(validation, by=by, at=dt.datetime.now(ZoneInfo(settings.TIMEZONE)))
    finally:
        writer.close()


class RollbackRefused(UserError):
    """An upload that cannot be withdrawn: unknown, or withdrawn already. Nothing was changed."""


@dataclass
class RollbackResult:
    message: str
    restored: int | None = None


def rollback(
    upload_id: int,
    *,
    db: str | Path | None = None,
    by: str | None = None,
    at: dt.datetime | None = None,
    source: str = "cli",
    reason: str | None = None,
) -> RollbackResult:
    """Withdraw an upload; if it was current, the latest earlier version of that pillar-week is current again.
    ``reason`` is kept in the audit trail with it. Raises :class:`RollbackRefused` for an unknown upload or one
    withdrawn already (nothing changes)."""
    path = settings.db_path(db)
    bootstrap.ensure_database(path)
    when = at or dt.datetime.now(ZoneInfo(settings.TIMEZONE))
    with gdb.connect(path) as con:
        known = con.execute("SELECT status FROM upload WHERE id = ?", [upload_id]).fetchone()
    if known and known[0] != "withdrawn":
        backup.create(path, reason=f"otomatis sebelum menarik unggahan #{upload_id}", by=by, source=source)
    with gdb.connect(path, write=True) as con:
        con.execute("BEGIN")
        row = con.execute("SELECT pillar, week, status FROM upload WHERE id = ?", [upload_id]).fetchone()
        if row is None:
            con.execute("ROLLBACK")
            raise RollbackRefused(t("rollback.unknown", upload=upload_id))
        pillar, week, status = row
        if status == "withdrawn":
            con.execute("ROLLBACK")
            raise RollbackRefused(t("rollback.withdrawn", upload=upload_id))
        con.execute("UPDATE upload SET status = 'withdrawn', withdrawn_by = ?, withdrawn_at = ? WHERE id = ?", [by, when, upload_id])
        restored = None
        if status == "loaded":
            prev = con.execute(
                """SELECT id FROM upload WHERE pillar = ? AND week = ? AND status = 'superseded' AND id < ?
                   ORDER BY id DESC LIMIT 1""",
                [pillar, week, upload_id],
            ).fetchone()
            if prev:
                restored = prev[0]
                con.execute("UPDATE upload SET status = 'loaded' WHERE id = ?", [restored])
        detail = "; ".join(
            part
            for part in (f"alasan: {reason.strip()}" if reason and reason.strip() else None, f"versi #{restored} berlaku lagi" if restored else None)
            if part
        )
        audit.record(con, by, "tarik-unggahan", f"#{upload_id} {pillar} {week}", detail or None, source)
        con.execute("COMMIT")
    if restored:
        message = t("rollback.restored", upload=upload_id, restored=restored, pillar=pillar, week=week)
    elif status == "loaded":
        message = t("rollback.emptied", upload=upload_id, pillar=pillar, week=week)
    else:
        message = t("rollback.old", upload=upload_id)
    return RollbackResult(message, restored)


def status(db: str | Path | None = None) -> dict:
    """What is loaded: per pillar the weeks with a current upload and the count of uploads by status.

    Returns ``{"data_version", "demo", "pillars": [{"pillar", "name", "weeks", "first_week", "last_week",
    "loaded", "superseded", "withdrawn"}]}``, one entry per pillar in pillar order.
    """
    path = settings.db_path(db)
    bootstrap.ensure_database(path)
    with gdb.connect(path) as con:
        return status_of(con)


def status_of(con: duckdb.DuckDBPyConnection) -> dict:
    """:func:`status` on an open connection."""
    rows = con.execute(
        """SELECT p.slug, p.name_id,
                  count(DISTINCT u.week) FILTER (WHERE u.status = 'loaded'),
                  min(u.week) FILTER (WHERE u.status = 'loaded'),
                  max(u.week) FILTER (WHERE u.status = 'loaded'),
                  count(u.id) FILTER (WHERE u.status = 'loaded'),
                  count(u.id) FILTER (WHERE u.status = 'superseded'),
                  count(u.id) FILTER (WHERE u.status = 'withdrawn')
           FROM pillar p LEFT JOIN upload u ON u.pillar = p.slug
           GROUP BY p.slug, p.name_id, p.no ORDER BY p.no"""
    ).fetchall()
    version = gdb.data_version(con)
    demo = gdb.is_demo(con)
    keys = ("pillar", "name", "weeks", "first_week", "last_week", "loaded", "superseded", "withdrawn")
    return {"data_version": version, "demo": demo, "pillars": [dict(zip(keys, r, strict=True)) for r in rows]}


@dataclass
class Preview:
    """What loading a valid workbook would do to its pillar's week, said before it is loaded."""

    replaces: dict | None  # the current upload it would replace: id, file_name, uploaded_by, uploaded_at
    changes: list[dict]  # per indicator × area: indicator, name, area, current, new, change (baru | berubah | sama | hapus)
    loss: Loss  # the week emptied, or values of other sheets removed
    already: int | None = None  # the upload that loaded this very file before (a load changes nothing), as load says

    def counts(self) -> dict[str, int]:
        return {c: sum(x["change"] == c for x in self.changes) for c in ("baru", "berubah", "sama", "hapus")}


def preview(con: duckdb.DuckDBPyConnection, validation: Validation, ref: Reference) -> Preview:
    """The preview of a valid workbook: the upload it replaces, every indicator value new, changed,
    unchanged or removed (with names), and whether it would empty the week or remove other rows."""
    parsed = validation.workbook
    row = con.execute(
        """SELECT id, file_name, uploaded_by, uploaded_at FROM upload_current WHERE pillar = ? AND week = ?
                         ORDER BY id DESC LIMIT 1""",
        [parsed.pillar, str(parsed.week)],
    ).fetchone()
    replaces = dict(zip(("id", "file_name", "uploaded_by", "uploaded_at"), row, strict=True)) if row else None
    current = {
        (code, area): value
        for code, area, value in con.execute(
            "SELECT indicator, area, value FROM indicator_value_current WHERE pillar = ? AND week = ?", [parsed.pillar, str(parsed.week)]
        ).fetchall()
    }

    def entry(code: str, area: str, old, new, change: str) -> dict:
        return {
            "indicator": code,
            "name": ref.indicators.get(code, {}).get("name_id", code),
            "area": ref.areas.rows.get(area, {}).get("name", area),
            "current": old,
            "new": new,
            "change": change,
        }

    out, seen = [], set()
    for _, r in parsed.rows.get(wb.SHEET_INDICATORS, []):
        key = (r.indicator, r.area)
        seen.add(key)
        new, old = r.reported_value, current.get(key)
        out.append(entry(r.indicator, r.area, old, new, "baru" if key not in current else ("sama" if old == new else "berubah")))
    out += [entry(code, area, old, None, "hapus") for (code, area), old in sorted(current.items()) if (code, area) not in seen]
    already = _Known.read(con).by_sha.get(validation.sha256)  # the writer's own rule, so the page answers as load does
    return Preview(replaces, out, loss(con, parsed, replaces["id"] if replaces else None), already)
