"""Backups: a consistent copy of the database with its checksum, listed with dates; restore checks
the checksum, keeps a copy of what it replaces, and moves the data version forward so no cache
serves the replaced data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from gugus import audit, bootstrap, settings
from gugus import db as gdb
from gugus.errors import UserError
from gugus.i18n import t


class BackupError(UserError, ValueError):
    """A backup that cannot be restored; the message says why."""


@dataclass
class Backup:
    path: Path
    created: dt.datetime
    sha256: str
    size: int
    reason: str


def backup_dir(db: Path) -> Path:
    return db.parent / "backups"


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def create(db: str | Path | None = None, *, reason: str = "manual", by: str | None = None, source: str = "cli") -> Backup:
    """Copy the database under the write lock (after a checkpoint, so the copy is complete on its own). A missing
    database is refused, never made empty to be copied (a moved file and a nightly backup would leave one in its place)."""
    if not settings.db_path(db).exists():
        raise BackupError(t("backup.no-database", path=str(settings.db_path(db))))
    path = bootstrap.ensure_database(db)
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(ZoneInfo(settings.TIMEZONE))
    target = folder / f"gugus-{now:%Y%m%d-%H%M%S-%f}.duckdb"
    with gdb.connect(path, write=True) as con:
        audit.record(con, by, "cadangan", target.name, reason, source)
    gdb.copy_consistent(path, target)
    backup = Backup(target, now, _digest(target), target.stat().st_size, reason)
    info = {"created": now.isoformat(), "sha256": backup.sha256, "size": backup.size, "reason": reason, "db": path.name}
    target.with_suffix(".json").write_text(json.dumps(info))
    return backup


def listing(db: str | Path | None = None) -> list[Backup]:
    """Every backup of the database, newest first (the folder beside it may hold other databases' too)."""
    path = settings.db_path(db)
    folder = backup_dir(path)
    out = []
    for meta in sorted(folder.glob("gugus-*.json"), reverse=True):
        info = json.loads(meta.read_text())
        if info.get("db", path.name) != path.name:  # another database's (a backup made before names were kept counts)
            continue
        out.append(
            Backup(meta.with_suffix(".duckdb"), dt.datetime.fromisoformat(info["created"]), info["sha256"], info["size"], info.get("reason", ""))
        )
    return out


def is_demo_file(file: Path) -> bool:
    con = duckdb.connect(str(file), read_only=True)
    try:
        return gdb.is_demo(con)
    finally:
        con.close()


def restore(file: str | Path, db: str | Path | None = None, *, by: str | None = None, source: str = "cli") -> Backup:
    """Replace the database with a backup whose checksum matches; the current database is backed up first."""
    file = Path(file)
    meta = file.with_suffix(".json")
    if not file.exists() or not meta.exists():
        raise BackupError(t("backup.missing", file=str(file)))
    info = json.loads(meta.read_text())
    if _digest(file) != info["sha256"]:
        raise BackupError(t("backup.checksum", name=file.name))
    path = bootstrap.ensure_database(db)
    with gdb.connect(path) as con:
        version_before = gdb.data_version(con)
        real = gdb.get_meta(con, "demo") != "1"
    if real and is_demo_file(file):  # a database is demo or real for life
        raise BackupError(t("backup.demo-into-real", name=file.name))
    if not real and not is_demo_file(file):
        raise BackupError(t("backup.real-into-demo", name=file.name))
    safety = create(path, reason=f"sebelum pemulihan dari {file.name}", by=by, source=source)
    with gdb.locked(path, write=True):
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        shutil.copy2(file, path.with_name(path.name + ".restoring"))
        os.replace(path.with_name(path.name + ".restoring"), path)
    bootstrap.ensure_database(path)  # an older backup may predate a migration
    with gdb.connect(path, write=True) as con:
        gap = version_before - gdb.data_version(con) + 1
        if gap > 0:  # the version must move forward, or caches would keep serving the replaced data
            con.execute(
                """INSERT INTO meta VALUES ('data_version', CAST(? AS TEXT)) ON CONFLICT (key) DO UPDATE
                           SET value = CAST(CAST(meta.value AS BIGINT) + ? AS TEXT)""",
                [gap, gap],
            )
        audit.record(con, by, "pemulihan", file.name, f"cadangan keadaan sebelumnya: {safety.path.name}", source)
    return safety
