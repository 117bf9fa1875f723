"""A pillar lead's in-app update of RAN actions: saved as a new version of the week's workbook, through the same
validation and versioning as a file, and written to the audit trail."""

from __future__ import annotations

from pathlib import Path

from etl.load import Incoming, LoadResult, load_files
from etl.template import edited_workbook
from gugus import audit, settings
from gugus import db as gdb
from gugus.reference import Reference
from gugus.weeks import Week


def save_ran_edit(pillar: str, week: Week, ref: Reference, rows: list[dict], by: str, *, db: str | Path | None = None) -> LoadResult:
    """Save a pillar lead's in-app update of RAN actions (``rows``: action, status, progress, evidence) for
    ``week``: the week's workbook as loaded with those actions changed, through the same validation and
    versioning as a file. Every other row stays as it was (:func:`etl.template.edited_workbook`), so the only
    thing a confirmation could be about is these actions, lowered on purpose: none is asked."""
    with gdb.connect(settings.db_path(db)) as con:
        workbook = edited_workbook(con, pillar, week, ref, rows, by)
    [result] = load_files(
        [Incoming(f"aksi-ran-{pillar}-{week}-aplikasi.xlsx", workbook)], db=db, by=by, expected_pillar=pillar, ref=ref, allow_removal=True
    )
    return result


def save_ran_progress(
    pillar: str,
    week: Week,
    ref: Reference,
    *,
    action: str,
    status: str,
    progress: int,
    evidence: str | None,
    by: str,
    db: str | Path | None = None,
    source: str = "app",
) -> LoadResult:
    """Save one action's status, progress and evidence for ``week`` (the Laporan Saya form); a saved change is an
    ``ubah-aksi-ran`` event in the audit trail. A rejected one returns its issues and writes nothing."""
    change = [{"action": action, "status": status, "progress": progress, "evidence": (evidence or "").strip() or None}]
    result = save_ran_edit(pillar, week, ref, change, by, db=db)
    if result.status != "rejected":
        with gdb.connect(settings.db_path(db), write=True) as con:
            audit.record(con, by, "ubah-aksi-ran", f"{pillar} {week}", f"unggahan #{result.upload_id}: {action}", source)
    return result
