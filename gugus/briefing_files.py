"""The briefing pack as files: made in each format, written safely, with the making in the audit trail; and the
Monday outbox a scheduler calls — one folder per audience, a pack made from the same data never made again, a file
changed by hand never lost. See :mod:`gugus.briefing` for what a pack holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import portalocker

from gugus import audit, briefing_pdf, briefing_slides, settings
from gugus import db as gdb
from gugus.briefing import AUDIENCES, FORMATS, BriefingError, Pack, build
from gugus.errors import os_reason
from gugus.i18n import t
from gugus.weeks import Week, current_week

STEPS = {"pdf": "Menyusun PDF (A4)…", "pptx": "Menyusun salindia PowerPoint (16:9)…"}
LOCK = ".bahan-rapat.lock"
MANIFEST = ".bahan-rapat.json"  # per audience folder: what the outbox made there (data version, sha256)


class BriefingTargetError(BriefingError):
    """A pack that cannot be written where asked (a missing folder, a folder in the file's place, no permission)."""

    exit_code = 2
    code = "briefing-target"


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


def make(
    week: Week, audience: str, formats: tuple[str, ...], *, db: str | Path | None = None, on_progress: Callable[[str], None] | None = None
) -> tuple[Pack, dict[str, bytes]]:
    """The pack in each format, not yet recorded (see :func:`record`). ``on_progress`` hears each step, in words."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise BriefingError(t("briefing.format", fmt=fmt))
    path = existing_database(db)
    say = on_progress or (lambda step: None)
    say("Mengumpulkan angka minggu ini dari semua halaman…")
    with gdb.connect(path) as con:
        pack = build(con, week, audience)
    files = {}
    for fmt in formats:
        say(STEPS[fmt])
        files[fmt] = render(pack, fmt)
    return pack, files


def existing_database(db: str | Path | None) -> Path:
    """The database a pack is made from; a mistyped path is refused (it would otherwise become a new, empty database)."""
    path = settings.db_path(db)
    if not path.is_file():
        raise BriefingTargetError(t("briefing.no-database", path=str(path)))
    return path


def record(
    pack: Pack, formats: tuple[str, ...], *, db: str | Path | None = None, by: str | None = None, source: str = "cli", target: str | None = None
) -> None:
    """The making in the audit trail: who, which week, which audience, which formats, from which data version, and where
    it was written (``target``; by default the names the app and the outbox give)."""
    with gdb.connect(db, write=True) as con:
        detail = {"minggu": str(pack.week), "untuk": pack.audience, "format": list(formats), "versi_data": pack.data_version}
        names = target or ", ".join(file_name(pack.week, pack.audience, f) for f in formats)
        audit.record(con, by, "bahan-rapat", names, detail, source)


def generate(
    week: Week,
    audience: str,
    formats: tuple[str, ...] = ("pdf", "pptx"),
    *,
    db: str | Path | None = None,
    by: str | None = None,
    source: str = "app",
    on_progress: Callable[[str], None] | None = None,
) -> tuple[Pack, dict[str, bytes]]:
    """Make the pack and record the making: for a pack handed over at once (the app's download)."""
    pack, files = make(week, audience, formats, db=db, on_progress=on_progress)
    record(pack, formats, db=db, by=by, source=source)
    return pack, files


def check_target(path: str | Path) -> Path:
    """The file a pack will be written to, checked before the pack is made: the path itself, or the file a link names."""
    path = Path(path)
    try:
        target = path.resolve(strict=False) if path.is_symlink() else path
    except (RuntimeError, OSError):  # a link that leads back to itself
        raise BriefingTargetError(t("briefing.target", path=str(path), reason="tautan itu berputar kembali ke dirinya sendiri")) from None
    reason = None
    if target.is_dir():
        reason = "itu sebuah folder"
    elif target.parent.exists() and not target.parent.is_dir():
        reason = f"{target.parent} sebuah berkas, bukan folder"
    elif not target.parent.is_dir():
        reason = f"folder {target.parent} tidak ada"
    elif not os.access(target.parent, os.W_OK):
        reason = f"folder {target.parent} tidak boleh ditulisi"
    elif target.exists() and not os.access(target, os.W_OK):
        reason = "berkas yang sudah ada di sana hanya boleh dibaca"
    if reason:
        raise BriefingTargetError(t("briefing.target", path=str(path), reason=reason))
    return target


def _new_file_mode() -> int:
    """The permissions a new file gets under this process's umask (read without changing it for good)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder, so a reader (or a sync client) never sees half a file. A file
    that is replaced keeps its permissions; a new one gets those of the umask, as a file saved by hand would."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _new_file_mode()
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    except OSError as exc:
        raise BriefingTargetError(t("briefing.target", path=str(path), reason=os_reason(exc))) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise BriefingTargetError(t("briefing.target", path=str(path), reason=os_reason(exc))) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(path: str | Path, content: bytes) -> Path:
    """Write a pack where a user asked (``-o``), through a link to the file it names; returns the file written."""
    target = check_target(path)
    write_atomic(target, content)
    return target


@dataclass
class OutboxFile:
    path: Path
    week: Week
    audience: str
    format: str
    # ditulis: new (or deleted since) · diperbarui: the data changed since · diganti: the file there was not the one made
    # (changed by hand, or unknown), kept beside it as ``kept`` · tetap: unchanged, nothing written
    status: str
    kept: Path | None = None

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "week": str(self.week),
            "audience": self.audience,
            "format": self.format,
            "status": self.status,
            "kept": str(self.kept) if self.kept else None,
        }


@dataclass
class _Manifest:
    """What the outbox made in one folder: per file, the data version and the sha256 of what was written."""

    path: Path
    entries: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> _Manifest:
        if path.is_dir():
            raise BriefingTargetError(t("briefing.target", path=str(path), reason="di tempat berkas catatan itu ada sebuah folder; hapus folder itu"))
        try:
            found = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            found = {}  # damaged: made again from what is in the folder (a file not vouched for is kept, see _state)
        entries = {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}
        return cls(path, entries)

    def state(self, path: Path, version: int) -> str:
        entry = self.entries.get(path.name)
        if not path.exists():
            return "ditulis"
        if entry is None or entry.get("sha256") != hashlib.sha256(path.read_bytes()).hexdigest():
            return "diganti"
        return "tetap" if entry.get("data_version") == version else "diperbarui"

    def note(self, path: Path, content: bytes, version: int) -> None:
        self.entries[path.name] = {"data_version": version, "sha256": hashlib.sha256(content).hexdigest()}

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode())


def _keep(path: Path) -> Path:
    """Move a file the outbox did not make (or that was changed since) aside, dated, instead of overwriting it."""
    stamp = dt.datetime.now(ZoneInfo(settings.TIMEZONE)).strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.diubah-{stamp}{path.suffix}")
    os.replace(path, kept)
    return kept


def outbox(
    folder: str | Path,
    *,
    db: str | Path | None = None,
    by: str | None = None,
    week: Week | None = None,
    audiences: tuple[str, ...] = tuple(AUDIENCES),
) -> list[OutboxFile]:
    """Each audience's pack, both formats, of the last complete week (or ``week``) into ``folder/<audience>/`` — one
    folder per audience, so each can be shared with its own readers only.

    Idempotent: a pack made from the same data version, unchanged since, is left alone, so a scheduler may call this
    every hour; a late upload (a new data version) makes the week's packs again. A file that is not the one made (changed
    by hand) is kept beside the new one. Runs at the same time take turns on a lock file in the folder.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BriefingTargetError(t("briefing.target", path=str(folder), reason="itu sebuah berkas, bukan folder"))
    week = week or current_week() - 1
    with gdb.connect(existing_database(db)) as con:
        version = gdb.data_version(con)
    done: list[OutboxFile] = []
    for audience in audiences:
        place = folder / audience
        paths = {fmt: place / file_name(week, audience, fmt) for fmt in FORMATS}
        manifest = _Manifest.read(place / MANIFEST)
        if all(manifest.state(p, version) == "tetap" for p in paths.values()):
            done += [OutboxFile(p, week, audience, fmt, "tetap") for fmt, p in paths.items()]
            continue
        pack, files = make(week, audience, tuple(FORMATS), db=db)  # before any folder is made: no data, no folder
        try:
            place.mkdir(parents=True, exist_ok=True)
            lock = portalocker.Lock(place / LOCK, mode="a", timeout=300)
        except OSError as exc:
            raise BriefingTargetError(t("briefing.target", path=str(place), reason=os_reason(exc))) from exc
        with lock:
            manifest = _Manifest.read(place / MANIFEST)  # again, under the lock: another run may have written meanwhile
            written = []
            for fmt, path in paths.items():
                status = manifest.state(path, pack.data_version)
                kept = _keep(path) if status == "diganti" else None
                if status != "tetap":
                    write_atomic(path, files[fmt])
                    manifest.note(path, files[fmt], pack.data_version)
                    written.append(fmt)
                done.append(OutboxFile(path, week, audience, fmt, status, kept))
            if written:
                manifest.save()
                record(pack, tuple(written), db=db, by=by, source="outbox")
    return done
