"""An inbox folder that a shared drive syncs the pillars' workbooks into.

Each workbook is loaded through the normal path. Accepted files move to ``sudah-dimuat/``
inside the inbox (they are also archived by hash beside the database); a rejected file stays
where it is with ``<name>.MASALAH.txt`` beside it, listing what to fix. A rejected file is
tried again when it changes, when a plan is imported after its refusal, and once a day.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from etl.load import LoadResult, Progress, load_files
from gugus import db as gdb
from gugus import settings

DONE_DIR = "sudah-dimuat"
REPORT_SUFFIX = ".MASALAH.txt"
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
TZ = ZoneInfo(settings.TIMEZONE)


def report_path(workbook: Path) -> Path:
    return workbook.with_name(workbook.name + REPORT_SUFFIX)


def pending(folder: Path, settle_seconds: float = 0.0, retry: bool = False, changed: float | None = None) -> list[Path]:
    """Workbooks waiting in ``folder``: not Excel's ``~$`` lock files, not still being written, and not rejected
    files that have not changed since their report (unless ``retry``: asked again, with a flag that may let them in).
    A refusal goes stale — the file is checked again — when the database's reference changed after it (``changed``:
    the time of the last plan import) or it was written on an earlier day (a week in the future has come since)."""
    now = time.time()
    today = dt.datetime.fromtimestamp(now, TZ).date()
    found = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in WORKBOOK_SUFFIXES or path.name.startswith("~$"):
            continue
        mtime = path.stat().st_mtime
        if now - mtime < settle_seconds:
            continue
        report = report_path(path)
        if not retry and report.exists() and report.stat().st_mtime >= mtime:
            written = report.stat().st_mtime
            if (changed is None or changed <= written) and dt.datetime.fromtimestamp(written, TZ).date() == today:
                continue
        found.append(path)
    return found


def _reference_changed(db: str | Path | None) -> float | None:
    """When what files are checked against last changed (the latest plan import), as a time stamp; None if never."""
    path = settings.db_path(db)
    if not path.exists():
        return None
    with gdb.connect(path) as con:
        (at,) = con.execute("SELECT max(imported_at) FROM plan_version").fetchone()
    return at.timestamp() if at else None


def write_report(path: Path, result: LoadResult) -> None:
    lines = [
        f"Berkas {path.name} DITOLAK pada {dt.datetime.now(TZ):%d/%m/%Y %H:%M} WIB. Tidak ada data yang dimuat.",
        "Perbaiki hal berikut, simpan berkas dengan nama yang sama, dan berkas akan diperiksa lagi otomatis.",
        "",
    ]
    for number, issue in enumerate(result.report.all_issues(), start=1):
        where = issue.where()
        lines.append(f"{number}. {where + ': ' if where else ''}{issue.message}")
    report_path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def process_folder(
    folder: str | Path,
    *,
    db: str | Path | None = None,
    by: str | None = None,
    settle_seconds: float = 0.0,
    on_result: Callable[[LoadResult], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    dry_run: bool = False,
    allow_removal: bool = False,
) -> list[LoadResult]:
    """Load every pending workbook of ``folder`` once. With ``dry_run`` they are only checked: nothing is written,
    moved or reported beside them."""
    folder = Path(folder)
    files = pending(folder, settle_seconds, retry=allow_removal, changed=_reference_changed(db))  # a dry run checks what a load would
    if not files:
        return []
    if dry_run:
        return load_files(files, db=db, by=by, dry_run=True, allow_removal=allow_removal, on_result=on_result, on_progress=on_progress)
    by_name = {path.name: path for path in files}

    def settle(result: LoadResult) -> None:
        """Move or report each file as soon as its result is known: a stop mid-batch leaves no loaded file behind."""
        path = by_name[result.file]
        if result.ok:
            done = folder / DONE_DIR
            done.mkdir(exist_ok=True)
            target = done / path.name
            if target.exists():
                target = done / f"{path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
            path.replace(target)
            report_path(path).unlink(missing_ok=True)
        else:
            write_report(path, result)
        if on_result:
            on_result(result)

    return load_files(files, db=db, by=by, allow_removal=allow_removal, on_result=settle, on_progress=on_progress)


def watch(folder: str | Path, *, interval: float = 10.0, rounds: int | None = None, settle_seconds: float = 2.0, **kwargs) -> None:
    """Keep processing ``folder`` every ``interval`` seconds (``rounds`` times, or until interrupted)."""
    done = 0
    while rounds is None or done < rounds:
        process_folder(folder, settle_seconds=settle_seconds, **kwargs)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(interval)
