"""The database's life: real or demo (for life), the first set-up of a real one, the administrator's checklist,
the settings the chair may change, and the health check a monitor calls.

A database is marked when it is made: the demo (``etl demo``) with ``meta.demo = '1'``, a real one (``etl init``)
with ``'0'`` and ``meta.initialized``. The demo refuses a workbook of real data (validation says so); the only
way from the demo to real data is :func:`init` with ``replace_demo``, which deletes every simulated thing first.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from gugus import audit, auth, backup, bootstrap, completeness, labels, settings
from gugus import db as gdb
from gugus.errors import UserError
from gugus.i18n import fmt_number, t
from gugus.weeks import format_day

ADMIN = "admin"
BACKUP_DAYS = 2  # a daily backup is expected (cron): older than this, the checklist and the health check say so
DISK_FREE_GB = 1.0  # free space below this on the database's disk is a problem


class InstanceError(UserError, ValueError):
    """A set-up request that cannot be done; the message says why and what to do."""


is_demo = gdb.is_demo


def ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database can be logged in to: the demo, or one with an account (a database some other command made
    on a mistyped path has none: the app offers the set-up instead of a login nobody can pass)."""
    return is_demo(con) or con.execute("SELECT count(*) FROM app_user").fetchone()[0] > 0


def fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """A real database nobody has logged in to yet: the login screen shows the first steps."""
    return not is_demo(con) and con.execute("SELECT count(*) FROM app_user WHERE last_login IS NOT NULL").fetchone()[0] == 0


def _demo_at(path: Path) -> bool:
    with gdb.connect(path) as con:
        return is_demo(con)


@dataclass
class InitResult:
    path: Path
    created: bool  # a new database file
    admin: str | None = None  # the account made now, if one was
    password: str | None = None  # its temporary password, shown once
    wiped: dict[str, int] = field(default_factory=dict)  # what of the demo was deleted (replace_demo)
    checklist: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "ok": True,
            "db": str(self.path),
            "created": self.created,
            "admin": self.admin,
            "password": self.password,
            "wiped": self.wiped,
            "checklist": [asdict(i) for i in self.checklist],
        }


def _digests(path: Path) -> set[str]:
    with gdb.connect(path) as con:
        return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM upload").fetchall()}


def own_archive(path: Path) -> list[Path]:
    """The archived workbooks of the database at ``path`` that no other database in its folder loaded too (the
    archive, ``uploads/<sha256>.xlsx``, is shared by every database in the folder)."""
    others: set[str] = set()
    for other in path.parent.glob("*.duckdb"):
        if other != path:
            others |= _digests(other)
    archive = path.parent / "uploads"
    return [archive / f"{d}.xlsx" for d in sorted(_digests(path) - others) if (archive / f"{d}.xlsx").exists()]


def _demo_leftovers(path: Path) -> tuple[list[Path], list[Path]]:
    """What was made from the demo at ``path`` beside it: its own archived workbooks and the backups of a demo."""
    files = own_archive(path)
    backups = [b.path for b in backup.listing(path) if b.path.exists() and backup.is_demo_file(b.path)]
    return files, backups


def _still(path: Path, demo: bool) -> bool:
    """Under the path's write lock: whether it is still absent (``demo`` False) or still a demo (``demo`` True)."""
    if not path.exists():
        return not demo
    if not demo:
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        return gdb.is_demo(con)
    finally:
        con.close()


def _prepare(path: Path, replace_demo: bool) -> tuple[Path, dict, tuple[list[Path], list[Path]]]:
    """Where the real database is made (``path`` itself when a real one is there already, else a file beside it),
    and for a demo being replaced what it held and what was made from it."""
    target, wiped, leftovers = path.with_name(path.name + ".resmi"), {}, ([], [])
    if path.exists():
        bootstrap.ensure_database(path)
        demo = _demo_at(path)
        if demo and not replace_demo:
            raise InstanceError(t("init.demo", path=str(path)))
        if not demo and replace_demo:
            raise InstanceError(t("init.not-demo", path=str(path)))
        if not demo:
            return path, wiped, leftovers
        with gdb.connect(path) as con:
            wiped = {
                "uploads": con.execute("SELECT count(*) FROM upload").fetchone()[0],
                "accounts": con.execute("SELECT count(*) FROM app_user").fetchone()[0],
                "data_version": gdb.data_version(con),
            }
        leftovers = _demo_leftovers(path)
        wiped |= {"archived_files": len(leftovers[0]), "backups": len(leftovers[1])}
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    return target, wiped, leftovers


def _set_up(con: duckdb.DuckDBPyConnection, result: InitResult, admin: str, version: int | None, by: str | None, source: str) -> None:
    gdb.set_meta(con, "demo", "0")
    gdb.set_meta(con, "initialized", "1")
    if gdb.get_meta(con, "live_since") is None:  # weeks due before this were never expected from the dashboard
        gdb.set_meta(con, "live_since", dt.datetime.now(dt.UTC).isoformat())
    if result.created:
        audit.record(con, by, "basis-data-dibuat", str(result.path), "menggantikan basis data demo" if result.wiped else None, source)
    if version is not None:  # the version moves on from the demo's, or an app still running would serve its cached figures
        gdb.set_meta(con, "data_version", str(version + 1))
    if con.execute("SELECT count(*) FROM app_user WHERE role = 'admin' AND active").fetchone()[0] == 0:
        name = admin.strip().lower() or ADMIN
        if con.execute("SELECT 1 FROM app_user WHERE name = ?", [name]).fetchone():
            raise InstanceError(t("init.admin-taken", name=name))
        result.password = auth.temporary_password()
        result.admin = auth.add_user(con, name, "admin", result.password, must_change=True, by=by, source=source).name


def _swap(path: Path, target: Path, demo: bool, leftovers: tuple[list[Path], list[Path]]) -> None:
    """Put the new database in place in one step, only if the path is still what it was (nothing, or the same demo);
    then delete what was made from the demo."""
    with gdb.locked(path, write=True):
        moved = _still(path, demo)
        if moved:
            path.with_name(path.name + ".wal").unlink(missing_ok=True)
            os.replace(target, path)
    for made in (target, target.with_name(target.name + ".wal"), target.with_name(target.name + ".lock")):
        made.unlink(missing_ok=True)
    if not moved:
        raise InstanceError(t("init.raced", path=str(path)))
    for leftover in leftovers[0]:
        leftover.unlink(missing_ok=True)
    for made in leftovers[1]:
        made.unlink(missing_ok=True)
        made.with_suffix(".json").unlink(missing_ok=True)


def init(db: str | Path | None = None, admin: str = ADMIN, *, replace_demo: bool = False, by: str | None = None, source: str = "cli") -> InitResult:
    """Make the city's real database at ``db`` with a first administrator whose temporary password must be changed
    at the first login, and say what is still missing. On an existing real database: nothing is replaced; an
    administrator is made only if it has none. A demo database is refused unless ``replace_demo``. A new database
    is made beside the path and takes its place in one step, only if the path is still what it was (another process,
    say ``etl demo``, may have taken it meanwhile); for a demo, what was made from it (its own archived workbooks, its
    backups) is deleted then. A real database is never wiped."""
    path = settings.db_path(db)
    if wrong := settings.problems():  # before anything is made: a refusal later would lose the temporary password
        raise InstanceError(t("init.settings", problem=wrong[0]))
    target, wiped, leftovers = _prepare(path, replace_demo)
    version = wiped.pop("data_version", None)
    result = InitResult(path, target != path, wiped=wiped)
    bootstrap.ensure_database(target)
    with gdb.connect(target, write=True) as con:
        _set_up(con, result, admin, version, by, source)
    if target != path:
        _swap(path, target, bool(wiped), leftovers)
    with gdb.connect(path) as con:
        result.checklist = checklist(con, path)
    return result


# ---- the administrator's checklist -----------------------------------------------------------------


@dataclass
class Item:
    key: str
    label: str
    state: str  # "selesai" (done), "belum" (to do), "saran" (advice: works as it is), "info" (a value as set)
    detail: str
    page: str | None = None  # the page where it is fixed (a slug of labels.PAGES)
    command: str | None = None  # or the command on the server that fixes it


STATES = {"selesai": "Selesai", "belum": "Belum", "saran": "Saran", "info": "Ketentuan"}


def progress(items: list[Item]) -> tuple[int, int]:
    """(done, of): the items to do that are done or left as advice; the values as set are not tasks."""
    tasks = [i for i in items if i.state != "info"]
    return sum(i.state != "belum" for i in tasks), len(tasks)


def _when(moment) -> str:
    if moment is None:
        return "–"
    local = moment.astimezone(ZoneInfo(settings.TIMEZONE)) if moment.tzinfo else moment
    return f"{format_day(local.date())} {local:%H.%M}"


def _accounts(con: duckdb.DuckDBPyConnection) -> list[Item]:
    rows = con.execute("SELECT name, role, pillar, must_change, last_login FROM app_user WHERE active ORDER BY name").fetchall()
    items = []
    admins = [r for r in rows if r[1] == "admin"]
    changed = [r for r in admins if not r[3]]
    items.append(
        Item(
            "admin",
            "Administrator mengganti kata sandi sementara",
            "selesai" if changed else "belum",
            f"{changed[0][0]} sudah memakai kata sandinya sendiri"
            if changed
            else "masuk sebagai administrator dengan kata sandi sementara dari etl init, lalu ganti",
        )
    )
    pillars = con.execute("SELECT slug, name_id FROM pillar ORDER BY no").fetchall()
    wanted = [("ketua", None, labels.ROLES["ketua"]), *[("pilar", slug, f"Koordinator pilar {name}") for slug, name in pillars]]
    wanted.append(("pimpinan", None, labels.ROLES["pimpinan"]))
    for role, pillar, label in wanted:
        mine = [r for r in rows if r[1] == role and r[2] == pillar]
        used = [r for r in mine if r[4] is not None]
        if used:
            state, detail = "selesai", f"{', '.join(r[0] for r in mine)}; terakhir masuk {_when(max(r[4] for r in used))}"
        elif mine:
            state, detail = (
                ("saran" if role == "pimpinan" else "belum"),
                f"{', '.join(r[0] for r in mine)} dibuat, belum pernah masuk: sampaikan kata sandi sementaranya",
            )
        else:
            state, detail = ("saran" if role == "pimpinan" else "belum"), "belum ada akun"
        items.append(Item(f"akun-{pillar or role}", f"Akun {label}", state, detail, page="pengguna"))
    return items


def _plan(con: duckdb.DuckDBPyConnection) -> Item:
    row = con.execute("SELECT file_name, imported_at, n_actions, example FROM plan_version ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return Item(
            "rencana",
            "Rencana aksi (RAN/RAD) diimpor",
            "belum",
            "belum ada rencana aksi; sampai diimpor, templat pilar tidak memuat aksi RAN",
            page="aksi_ran",
        )
    if row[3]:
        return Item("rencana", "Rencana aksi (RAN/RAD) diimpor", "belum", "masih memakai rencana contoh; impor matriks resmi kota", page="aksi_ran")
    return Item(
        "rencana", "Rencana aksi (RAN/RAD) diimpor", "selesai", f"{row[0]}: {fmt_number(row[2])} aksi, diimpor {_when(row[1])}", page="aksi_ran"
    )


def _boundaries(con: duckdb.DuckDBPyConnection) -> Item:
    from gugus import geo  # geopandas only where the checklist is drawn: the other commands start quickly

    found = geo.sources(con)
    words = {"kecamatan": "kecamatan", "kabkota": "kabupaten/kota"}
    official = [f"{words[level]} dari {name}" for level, (name, shipped) in found.items() if not shipped]
    shipped = [words[level] for level, (_, is_shipped) in found.items() if is_shipped]
    if not found:
        return Item("batas", "Batas wilayah", "belum", "belum ada batas wilayah", command="uv run python -m etl boundaries BERKAS --level kecamatan")
    detail = "; ".join(
        official + ([f"{' dan '.join(shipped)}: batas bawaan proyek ({geo.SHIPPED_CREDIT}); muat batas resmi BIG/BPS bila ada"] if shipped else [])
    )
    return Item(
        "batas", "Batas wilayah", "saran" if shipped else "selesai", detail, command="uv run python -m etl boundaries BERKAS --level kecamatan"
    )


def _settings() -> list[Item]:
    items = []
    for name in EDITABLE:
        where = {"env": f"diatur server ({settings.SETTINGS[name].env})", "stored": "diubah di aplikasi", "default": "bawaan"}[settings.source(name)]
        items.append(Item(f"atur-{name}", SETTING_LABELS[name], "info", f"{setting_text(name, settings.get(name))} ({where})", page="pengaturan"))
    return items


def _backup(path: Path, now: dt.datetime) -> Item:
    found = backup.listing(path)
    command = "uv run python -m etl backup"
    if not found:
        return Item(
            "cadangan", "Cadangan terakhir", "belum", "belum pernah dicadangkan; jadwalkan cadangan harian lewat cron (README)", command=command
        )
    age = now - found[0].created
    days = age.total_seconds() / 86400
    text = f"{_when(found[0].created)} ({fmt_number(days, decimals=1)} hari lalu), {len(found)} cadangan"
    return Item("cadangan", "Cadangan terakhir", "selesai" if days <= BACKUP_DAYS else "belum", text, command=command)


def _disk(path: Path) -> Item:
    usage = shutil.disk_usage(path.parent)
    free = usage.free / 1e9
    text = f"{fmt_number(free, decimals=1)} GB bebas dari {fmt_number(usage.total / 1e9, decimals=0)} GB di disk basis data"
    return Item("disk", "Ruang disk", "selesai" if free >= DISK_FREE_GB else "belum", text)


def checklist(con: duckdb.DuckDBPyConnection, path: Path | str | None = None, now: dt.datetime | None = None) -> list[Item]:
    """What a real database still needs to serve the city, in the order to do it; each item says where it is fixed."""
    path = settings.db_path(path)
    now = now or dt.datetime.now(ZoneInfo(settings.TIMEZONE))
    items = []
    if is_demo(con):
        items.append(
            Item(
                "demo",
                "Basis data resmi",
                "belum",
                "ini basis data DEMO (DATA SIMULASI); data resmi tidak dimuat ke sini",
                command="uv run python -m etl init --replace-demo",
            )
        )
    items += _accounts(con)
    items.append(_plan(con))
    real = con.execute("SELECT count(*), max(uploaded_at) FROM upload WHERE NOT simulated").fetchone()
    items.append(
        Item(
            "unggahan",
            "Unggahan resmi pertama",
            "selesai" if real[0] else "belum",
            f"{fmt_number(real[0])} unggahan resmi, terakhir {_when(real[1])}"
            if real[0]
            else "belum ada: koordinator pilar mengunggah buku kerja mingguannya",
            page="kelengkapan",
        )
    )
    items.append(_boundaries(con))
    items += _settings()
    items.append(_backup(path, now))
    items.append(_disk(path))
    return items


# ---- the settings the chair owns --------------------------------------------------------------------

EDITABLE = [name for name, s in settings.SETTINGS.items() if s.stored]
SETTING_LABELS = {
    "deadline_hours": "Tenggat unggah (jam setelah minggu berakhir)",
    "status_green": "Ambang hijau (bagian dari target)",
    "status_amber": "Ambang kuning (bagian dari target)",
    "stall_weeks": "Aksi RAN macet setelah (minggu tanpa kemajuan)",
}


def setting_text(name: str, value) -> str:
    """A setting's value as a user reads it: 90% for a share, '12 jam' (Senin 12.00 WIB) for the deadline."""
    if name in ("status_green", "status_amber"):
        return f"{fmt_number(float(value) * 100, decimals=1)}%"
    if name == "deadline_hours":
        return f"{fmt_number(float(value))} jam ({completeness.deadline_rule(value)})"
    return f"{fmt_number(value)} minggu"


def change_settings(con: duckdb.DuckDBPyConnection, values: dict[str, float], *, by: str | None, source: str = "app") -> list[str]:
    """Keep new values of the chair's settings (checked together: amber below green), audited; return the names
    that changed. A setting the server's environment sets is refused: the change would not apply."""
    current = {name: settings.get(name) for name in EDITABLE}
    merged = dict(current)
    for name, value in values.items():
        setting = settings.SETTINGS.get(name)
        if setting is None or not setting.stored:
            raise InstanceError(t("settings.unknown", name=name, names=", ".join(EDITABLE)))
        low, high = setting.bounds
        if not low <= float(value) <= high:
            shown = (setting_text(name, low), setting_text(name, high))
            raise InstanceError(t("settings.range", label=SETTING_LABELS[name], low=shown[0], high=shown[1]))
        merged[name] = type(setting.default)(value)
    if merged["status_amber"] >= merged["status_green"]:
        raise InstanceError(
            t(
                "settings.amber-green",
                amber=setting_text("status_amber", merged["status_amber"]),
                green=setting_text("status_green", merged["status_green"]),
            )
        )
    changed = [name for name in values if merged[name] != current[name]]
    for name in changed:
        if settings.source(name) == "env":
            raise InstanceError(t("settings.env", label=SETTING_LABELS[name], env=settings.SETTINGS[name].env))
    if not changed:
        return []
    con.execute("BEGIN")
    try:
        for name in changed:
            con.execute(
                """INSERT INTO app_setting (name, value, changed_by) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, changed_at = now()""",
                [name, str(merged[name]), by],
            )
            audit.record(
                con,
                by,
                "pengaturan-diubah",
                SETTING_LABELS[name],
                f"{setting_text(name, current[name])} → {setting_text(name, merged[name])}",
                source,
            )
        gdb.bump_data_version(con)  # every status, deadline and stall computed before is stale
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    settings.use_stored(dict(con.execute("SELECT name, value FROM app_setting").fetchall()))
    return changed


# ---- the health check --------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def health(db: str | Path | None = None, now: dt.datetime | None = None) -> list[Check]:
    """What a monitor asks every few minutes: the database opens and answers, its schema is current, the disk has
    room, and the last backup is recent. Never writes (a missing database is reported, not made)."""
    path = settings.db_path(db)
    now = now or dt.datetime.now(ZoneInfo(settings.TIMEZONE))
    if not path.exists():
        return [Check("basis-data", False, f"{path} tidak ada: jalankan uv run python -m etl init")]
    checks = []
    try:
        with gdb.connect(path, timeout=10) as con:
            applied = set(gdb.applied_migrations(con))
            kind = "DEMO (DATA SIMULASI)" if is_demo(con) else "resmi"
            uploads = con.execute("SELECT count(*) FROM upload").fetchone()[0]
            admins = con.execute("SELECT count(*) FROM app_user WHERE role = 'admin' AND active").fetchone()[0]
    except Exception as exc:  # noqa: BLE001 - the check reports what it found; it never raises
        return [Check("basis-data", False, f"{path} tidak dapat dibuka: {exc}")]
    checks.append(Check("basis-data", True, f"{path}: basis data {kind}, {fmt_number(uploads)} unggahan"))
    wrong = settings.problems()
    checks.append(Check("pengaturan", not wrong, " ".join(wrong) or "semua nilai dapat dipakai"))
    checks.append(
        Check("akun", True, f"{fmt_number(admins)} administrator aktif")
        if admins
        else Check("akun", False, "tidak ada administrator aktif: uv run python -m etl init membuatnya")
    )
    pending = [n for n, _, _ in gdb.shipped_migrations() if n not in applied]
    checks.append(
        Check("skema", True, "terkini")
        if not pending
        else Check("skema", True, f"{len(pending)} migrasi menunggu; berjalan sendiri saat aplikasi mulai")
    )
    disk = _disk(path)
    checks.append(Check("disk", disk.state == "selesai", disk.detail))
    last = _backup(path, now)
    checks.append(Check("cadangan", last.state == "selesai", last.detail))
    return checks
