"""One registry of settings: name, default, help, and the environment variable that overrides it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gugus.errors import UserError
from gugus.i18n import t

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
TIMEZONE = "Asia/Pontianak"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    bounds: tuple[float, float] | None = None  # the values allowed (from the environment or the app)
    editable: bool = False  # the chair may change it in the app (Pengaturan); the environment variable still wins

    @property
    def stored(self) -> bool:
        """Whether the app may change it (kept in the database; the environment variable still wins)."""
        return self.editable

    @property
    def env(self) -> str:
        return "GUGUS_" + self.name.upper()


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("db", str(PROJECT_ROOT / "data" / "gugus.duckdb"), "Path of the DuckDB database file."),
        Setting("lock_timeout", 30.0, "Seconds to wait for the database before giving up with a clear message."),
        Setting("write_breath", 1.0, "Seconds a batch load may hold the database before letting readers in."),
        Setting("max_file_mb", 10.0, "Largest workbook accepted, in MB, checked before parsing."),
        Setting("max_uncompressed_mb", 50.0, "Largest total uncompressed size of a workbook's parts, in MB."),
        Setting("max_compression_ratio", 200.0, "Largest compression ratio of a workbook part (zip bomb guard)."),
        Setting("max_sheet_rows", 10_000, "Highest row a sheet's cells may reach (checked before reading)."),
        Setting("max_sheet_columns", 100, "Highest column a sheet's cells may reach (100 = column CV)."),
        Setting("max_sheet_cells", 500_000, "Largest grid (rows x columns up to the farthest cell) read from one sheet."),
        Setting("reader_memory_mb", 1024.0, "Memory limit of the process that reads workbooks, in MB."),
        Setting("reader_timeout", 30.0, "Seconds the reading process may take for one workbook."),
        Setting("max_text_length", 1000, "Longest text accepted in one cell, in characters."),
        Setting("max_issues", 1000, "Issues listed per validation; the rest are counted."),
        Setting("city_code", "61.72", "Kemendagri code of the kabupaten/kota this instance serves (its exported aggregates' city)."),
        Setting("k_internal", 3, "Smallest count of victims or cases shown to internal roles.", (2, 1000)),
        Setting("k_strict", 5, "Smallest count shown to the mayor's office and in meeting mode (at least k_internal).", (2, 1000)),
        Setting("status_green", 0.9, "Share of the target from which an indicator is on track (green).", (0.05, 1.0), True),
        Setting("status_amber", 0.6, "Share of the target from which an indicator is at risk (amber); below is red.", (0.0, 0.95), True),
        Setting("deadline_hours", 12.0, "Hours after a week ends (Monday 00:00 WIB) by which its workbook is due.", (0.0, 168.0), True),
        Setting("spark_weeks", 12, "Weeks shown in an indicator's sparkline."),
        Setting("idle_minutes", 30.0, "Minutes without activity after which a login ends (also after a reload)."),
        Setting("session_secret", "", "Key that signs login tokens; empty: a random key kept in data/.session-key."),
        Setting("stall_weeks", 3, "Weeks without reported progress after which a running RAN action is 'macet'.", (1, 26), True),
        Setting("demo", "", "1: on first start with no database, build the demo at once instead of asking (the first-run screen)."),
    ]
}


_stored: dict[str, str] = {}  # the values kept in the open database (table app_setting), see use_stored


def use_stored(values: dict[str, str]) -> None:
    """Take the values the database keeps for the settings the app may change (called by :func:`gugus.db.connect`:
    a process serves one database, and each unit of work reads its values)."""
    global _stored
    _stored = {name: value for name, value in values.items() if name in SETTINGS and SETTINGS[name].stored}


def source(name: str) -> str:
    """Where a setting's value comes from: ``env`` (the server's environment wins), ``stored`` (changed in the app),
    or ``default``."""
    if os.environ.get(SETTINGS[name].env, "") != "":
        return "env"
    return "stored" if name in _stored else "default"


class SettingError(UserError, ValueError):
    """A value the server's environment gives a setting that cannot be used; the message names the variable."""


def get(name: str) -> Any:
    """Return a setting's value: the environment variable GUGUS_<NAME> if set, else the value changed in the app
    (for the few that may be), else the default. A value that is no number where one is needed, or outside the
    range the app itself allows, is refused with a message naming the variable (never used as it is)."""
    setting = SETTINGS[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        raw = _stored.get(name)
    if raw is None or raw == "":
        return setting.default
    try:
        value = type(setting.default)(raw)
    except ValueError:
        kind = "bilangan bulat" if isinstance(setting.default, int) else "angka (titik sebagai pemisah desimal)"
        raise SettingError(t("settings.invalid", env=setting.env, value=raw, kind=kind)) from None
    if setting.bounds and not setting.bounds[0] <= value <= setting.bounds[1]:
        raise SettingError(t("settings.out-of-range", env=setting.env, value=raw, low=setting.bounds[0], high=setting.bounds[1]))
    return value


def problems() -> list[str]:
    """What is wrong with the settings as the server gives them (for the health check): unusable values, and an amber
    threshold not below the green one."""
    found = []
    for name in SETTINGS:
        try:
            get(name)
        except SettingError as exc:
            found.append(str(exc))
    for check in (check_thresholds, check_k):
        try:
            check()
        except SettingError as exc:
            found.append(str(exc))
    return list(dict.fromkeys(found))  # a value wrong on its own and in a pair is said once


def check_k() -> tuple[int, int]:
    """(internal, strict) suppression thresholds, or a SettingError when the strict one is below the internal one
    (the mayor's office and meeting screens would then see less protected counts than the task force)."""
    internal, strict = int(get("k_internal")), int(get("k_strict"))
    if strict < internal:
        raise SettingError(t("settings.k-order", strict=strict, internal=internal))
    return internal, strict


def check_thresholds() -> tuple[float, float]:
    """(green, amber), or a SettingError when amber is not below green (between them an indicator is amber)."""
    green, amber = float(get("status_green")), float(get("status_amber"))
    if amber >= green:
        raise SettingError(t("settings.thresholds", amber=amber, green=green))
    return green, amber


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: ``explicit`` if given, else GUGUS_DB, else ``data/gugus.duckdb``."""
    return Path(explicit) if explicit else Path(get("db"))
