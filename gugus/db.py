"""The DuckDB file: opening it safely beside other processes, migrations, the data version.

DuckDB lets one process write a file and refuses to open it while another process holds it,
even read-only. So no process keeps the file open: every reader and writer opens it for one
unit of work, and a lock file beside the database orders them (shared for readers, exclusive
for writers), waiting at most ``lock_timeout`` seconds before raising :class:`DatabaseBusy`
with a message a user can act on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb
import portalocker

from gugus import settings
from gugus.errors import UserError
from gugus.i18n import t


class DatabaseBusy(UserError, RuntimeError):
    """The database stayed locked by another process longer than the allowed wait."""

    def __init__(self, path: Path, waited: float):
        super().__init__(t("issue.db-busy", path=str(path), seconds=round(waited)))
        self.path = path
        self.seconds = round(waited)


def _lock_file(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _open_retrying(path: Path, read_only: bool, deadline: float, started: float) -> duckdb.DuckDBPyConnection:
    # Another program (a DuckDB CLI, a notebook) may hold the file without our lock file.
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise DatabaseBusy(path, time.monotonic() - started) from None
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def locked(path: Path | str | None = None, *, write: bool = False, timeout: float | None = None) -> Iterator[Path]:
    """Hold the database's lock file: shared for readers, exclusive for a writer.

    Raises DatabaseBusy after ``timeout`` seconds (default: the ``lock_timeout`` setting).
    """
    path = settings.db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    timeout = settings.get("lock_timeout") if timeout is None else timeout
    started = time.monotonic()
    flags = portalocker.LockFlags.EXCLUSIVE if write else portalocker.LockFlags.SHARED
    lock = portalocker.Lock(
        _lock_file(path), mode="a", timeout=timeout, check_interval=0.05, flags=flags | portalocker.LockFlags.NON_BLOCKING, fail_when_locked=False
    )
    try:
        lock.acquire()
    except portalocker.exceptions.LockException:
        raise DatabaseBusy(path, time.monotonic() - started) from None
    try:
        yield path
    finally:
        lock.release()


@contextlib.contextmanager
def connect(path: Path | str | None = None, *, write: bool = False, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database for one unit of work under its lock, and close it afterwards."""
    path = settings.db_path(path)
    timeout = settings.get("lock_timeout") if timeout is None else timeout
    started = time.monotonic()
    with locked(path, write=write, timeout=timeout):
        con = _open_retrying(path, not write, started + timeout, started)
        try:
            _read_settings(con)
            yield con
        finally:
            con.close()


def _read_settings(con: duckdb.DuckDBPyConnection) -> None:
    """Hand the settings this database keeps (changed in the app) to :mod:`gugus.settings`, for this unit of work."""
    try:
        values = dict(con.execute("SELECT name, value FROM app_setting").fetchall())
    except duckdb.CatalogException:  # a database not yet migrated keeps none
        values = {}
    settings.use_stored(values)


def copy_consistent(path: Path, target: Path, timeout: float | None = None) -> None:
    """Copy the database file to ``target`` under the write lock, after a checkpoint: a complete copy
    on its own (nothing left in the write-ahead log), never a half-written one."""
    timeout = settings.get("lock_timeout") if timeout is None else timeout
    started = time.monotonic()
    with locked(path, write=True, timeout=timeout):
        con = _open_retrying(path, False, started + timeout, started)
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
        partial = target.with_name(target.name + ".part")
        shutil.copy2(path, partial)
        os.replace(partial, target)


# ---- migrations -------------------------------------------------------------------------


def shipped_migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration shipped in gugus/migrations, in order."""
    found = []
    for entry in resources.files("gugus.migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Numbers of the migrations recorded as applied."""
    return [row[0] for row in con.execute("SELECT id FROM schema_migration ORDER BY id").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> list[int]:
    """Apply the migrations not yet recorded, each in its own transaction; return their numbers."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migration (id INTEGER PRIMARY KEY, name TEXT, applied_at TIMESTAMPTZ DEFAULT now())")
    done = set(applied_migrations(con))
    applied = []
    for number, name, sql in shipped_migrations():
        if number in done or (upto is not None and number > upto):
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migration (id, name) VALUES (?, ?)", [number, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


# ---- metadata ---------------------------------------------------------------------------


def get_meta(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database is the demo (``meta.demo = '1'``, set when ``etl demo`` builds it; for life)."""
    return get_meta(con, "demo") == "1"


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that grows with every change to facts or reference data; caches key on it.

    A load adds an upload row (its id only grows: uploads are never deleted) and a rollback withdraws
    one, so those two count themselves without an extra write; every other change bumps the counter.
    """
    return con.execute(
        """SELECT coalesce((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version'), 0)
                  + (SELECT coalesce(max(id), 0) FROM upload)
                  + (SELECT count(*) FROM upload WHERE status = 'withdrawn')"""
    ).fetchone()[0]


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    """Count one more change that is not a load or a rollback; run it inside the change's own transaction."""
    con.execute("""INSERT INTO meta VALUES ('data_version', '1')
                   ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)""")


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
