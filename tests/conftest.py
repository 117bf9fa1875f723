"""Shared fixtures: reference data, a fresh database per test, sample workbooks to spoil."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from etl.demo import build_demo
from etl.load import reference
from etl.plan import ensure_example_plan
from etl.sample import sample_workbook
from gugus import bootstrap
from gugus import db as gdb
from gugus.reference import Reference
from gugus.weeks import Week, current_week, week_range

ROOT = Path(__file__).resolve().parents[1]
YEAR_WEEKS = 52  # a year of demo data ending this week
WEEK = Week(2026, 20)  # 11–17 May 2026: RAN actions are running


@pytest.fixture(scope="session")
def ref(fresh_database) -> Reference:
    """The reference data of ``fresh_database`` (and so of ``db``): the example plan's actions included."""
    return reference(fresh_database)


@pytest.fixture(scope="session")
def fresh_database(tmp_path_factory) -> Path:
    """One new database (migrated, reference data, shipped boundaries, example plan), made once."""
    path = tmp_path_factory.mktemp("fresh") / "gugus.duckdb"
    bootstrap.ensure_database(path)
    ensure_example_plan(path)  # the RAN sheets of sample workbooks refer to its actions
    return path


@pytest.fixture
def db(tmp_path, monkeypatch, fresh_database) -> Path:
    """A fresh, migrated database (a copy of ``fresh_database``); GUGUS_DB points at it so every layer uses it."""
    path = tmp_path / "data" / "gugus.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fresh_database, path)
    monkeypatch.setenv("GUGUS_DB", str(path))
    return path


_SAMPLES: dict[tuple[str, str, int], bytes] = {}


def sample_bytes(ref: Reference, pillar: str, week: Week = WEEK, seed: int = 7) -> bytes:
    key = (pillar, str(week), seed)
    if key not in _SAMPLES:
        _SAMPLES[key] = sample_workbook(pillar, week, ref, seed=seed)
    return _SAMPLES[key]


def edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    """The workbook ``data`` after ``change`` was applied to it with openpyxl."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_value(ref: Reference, value: object, indicator: str = "PCG-06") -> bytes:
    """The Pencegahan sample workbook with ``indicator``'s Nilai cell set to ``value``."""

    def change(book):
        ws = book["Indikator"]
        ws[f"F{row_of(ws, indicator)}"] = value

    return edit(sample_bytes(ref, "pencegahan"), change)


def workbook_cells(data: bytes) -> dict:
    """Everything an officer sees of a workbook, sheet by sheet: state and protection, every cell's value, number
    format, lock and fill, the drop-downs and number checks, merged cells and column widths (not the file's timestamps)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in book.worksheets:
        cells = {
            c.coordinate: (c.value, c.number_format, c.protection.locked, c.fill.fgColor.rgb, c.comment.text if c.comment else None)
            for row in ws.iter_rows()
            for c in row
        }
        checks = sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.error) for dv in ws.data_validations.dataValidation)
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        out[ws.title] = (ws.sheet_state, ws.protection.sheet, ws.freeze_panes, sorted(map(str, ws.merged_cells.ranges)), widths, checks, cells)
    return out


def row_of(ws, value: str, column: int = 1) -> int:
    """The first Excel row whose cell in ``column`` equals ``value``."""
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == value:
            return row
    raise LookupError(value)


def cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    """``python -m etl ARGS`` as a real process (text output piped), with ``env`` added to this one's."""
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def etl(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``python -m etl ARGS`` run in this process (its own code, without the seconds a new process costs): the exit
    code it would end with, what it printed, and ``stdin`` as the pipe it would read a password from."""
    from etl.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _stdin(stdin):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse, or a bad --week: what the process would exit with
            code = exc.code
    return subprocess.CompletedProcess(["etl", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _stdin(text: str):
    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def table_counts(path: Path) -> dict[str, int]:
    with gdb.connect(path) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("upload", "indicator_value", "case_report", "victim_service", "ran_update")
        }


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "gugus.duckdb"
    build_demo(path, weeks=16)
    return path


@pytest.fixture(scope="session")
def demo_year_template(tmp_path_factory) -> tuple[Path, Week]:
    """The demo from week 1 of a year (of this year once 13 weeks of it have passed, else of last year), and at least
    a year of it, and the week to judge it at: the figures "since the start of the year" are complete there. The same
    build serves the browser tests' year of data (tests/e2e/conftest.py map_server): one year-long build, not two."""
    now = current_week()
    judged = now if now.week >= 13 else Week(now.year - 1, 52)
    path = tmp_path_factory.mktemp("demo-year") / "gugus.duckdb"
    build_demo(path, weeks=max(YEAR_WEEKS, len([w for w in week_range(now, 120) if w >= Week(judged.year, 1)])))
    return path, judged


@pytest.fixture
def demo_year(demo_year_template, tmp_path, monkeypatch) -> tuple[Path, Week]:
    template, judged = demo_year_template
    path = tmp_path / "data" / "gugus.duckdb"
    path.parent.mkdir(parents=True)
    shutil.copy(template, path)
    monkeypatch.setenv("GUGUS_DB", str(path))
    return path, judged


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "data" / "gugus.duckdb"
    path.parent.mkdir(parents=True)
    shutil.copy(demo_template, path)
    monkeypatch.setenv("GUGUS_DB", str(path))
    return path
