"""The briefing pack as files: made in each format with the making in the audit trail, and the Monday outbox that a
scheduler calls (idempotent: a pack made from the same data is not made again). See :mod:`gugus.briefing`."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gugus import audit, briefing_pdf, briefing_slides
from gugus import db as gdb
from gugus.briefing import AUDIENCES, FORMATS, MANIFEST, BriefingError, Pack, build
from gugus.i18n import t
from gugus.weeks import Week, current_week


def file_name(week: Week, audience: str, fmt: str) -> str:
    """``2026-11-16_bahan-rapat_2026-W47_ketua.pdf``: dated by the week's Monday, so a folder sorts by week."""
    return f"{week.monday:%Y-%m-%d}_bahan-rapat_{week}_{audience}.{fmt}"


def render(pack: Pack, fmt: str) -> bytes:
    """The pack as a PDF or a slide deck."""
    if fmt == "pdf":
        return briefing_pdf.pdf(pack)
    if fmt == "pptx":
        return briefing_slides.deck(pack)
    raise BriefingError(t("briefing.format", fmt=fmt))


STEPS = {"pdf": "Menyusun PDF (A4)…", "pptx": "Menyusun salindia PowerPoint (16:9)…"}


def generate(
    week: Week,
    audience: str,
    formats: tuple[str, ...] = ("pdf", "pptx"),
    *,
    db: str | Path | None = None,
    by: str | None = None,
    source: str = "cli",
    on_progress: Callable[[str], None] | None = None,
) -> tuple[Pack, dict[str, bytes]]:
    """Make the pack in each format and write the making to the audit trail (who, which week, which audience).
    ``on_progress`` hears each step as it starts, in words."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise BriefingError(t("briefing.format", fmt=fmt))
    say = on_progress or (lambda step: None)
    say("Mengumpulkan angka minggu ini dari semua halaman…")
    with gdb.connect(db) as con:
        pack = build(con, week, audience)
    files = {}
    for fmt in formats:
        say(STEPS[fmt])
        files[fmt] = render(pack, fmt)
    with gdb.connect(db, write=True) as con:
        detail = {"minggu": str(week), "untuk": audience, "format": list(formats), "versi_data": pack.data_version}
        audit.record(con, by, "bahan-rapat", ", ".join(file_name(week, audience, f) for f in formats), detail, source)
    return pack, files


@dataclass
class OutboxFile:
    path: Path
    week: Week
    audience: str
    format: str
    status: str  # ditulis (new) | diperbarui (the data changed since) | tetap (unchanged: nothing written)

    def as_dict(self) -> dict:
        return {"path": str(self.path), "week": str(self.week), "audience": self.audience, "format": self.format, "status": self.status}


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def write_atomic(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder: a reader (or a sync client) never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)  # readable by the others sharing the folder, as a file saved by hand would be
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def outbox(folder: str | Path, *, db: str | Path | None = None, by: str | None = None, week: Week | None = None) -> list[OutboxFile]:
    """The packs for both audiences, both formats, of the last complete week (or ``week``), into ``folder``.

    Idempotent: a pack already there, made from the same data version and not changed since, is left alone, so a
    scheduler may call this every hour; a late upload (a new data version) makes the week's packs again.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    week = week or current_week() - 1
    manifest_path = folder / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    with gdb.connect(db) as con:
        version = gdb.data_version(con)
    done: list[OutboxFile] = []
    for audience in AUDIENCES:
        paths = {fmt: folder / file_name(week, audience, fmt) for fmt in FORMATS}
        current = all(
            manifest.get(p.name, {}).get("data_version") == version and manifest[p.name].get("sha256") == _digest(p) for p in paths.values()
        )
        if current:
            done += [OutboxFile(p, week, audience, fmt, "tetap") for fmt, p in paths.items()]
            continue
        _, files = generate(week, audience, tuple(FORMATS), db=db, by=by, source="outbox")
        for fmt, path in paths.items():
            status = "diperbarui" if path.exists() else "ditulis"
            write_atomic(path, files[fmt])
            manifest[path.name] = {"data_version": version, "sha256": hashlib.sha256(files[fmt]).hexdigest()}
            done.append(OutboxFile(path, week, audience, fmt, status))
        write_atomic(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return done
