"""The audit trail: every login (and failed login), upload, rollback, plan import, RAN edit, export and
account change, with who, when, what and which record. Only ever appended to."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from gugus import settings

ACTIONS = {
    "masuk": "Masuk",
    "gagal-masuk": "Gagal masuk",
    "keluar": "Keluar",
    "unggah": "Unggah buku kerja",
    "unggah-ditolak": "Unggahan ditolak",
    "tarik-unggahan": "Tarik unggahan",
    "impor-rencana": "Impor rencana aksi",
    "ubah-aksi-ran": "Ubah progres aksi RAN",
    "unduh": "Unduh / ekspor",
    "unduh-ditolak": "Unduhan ditolak (akses dicabut)",
    "akun-dibuat": "Akun dibuat",
    "akun-dinonaktifkan": "Akun dinonaktifkan",
    "sandi-direset": "Kata sandi direset",
    "sandi-diganti": "Kata sandi diganti",
    "akun-terkunci": "Akun terkunci",
    "cadangan": "Cadangan dibuat",
    "pemulihan": "Basis data dipulihkan",
    "batas-wilayah": "Batas wilayah dimuat",
    "bahan-rapat": "Bahan rapat dibuat",
    "basis-data-dibuat": "Basis data resmi disiapkan",
    "pengaturan-diubah": "Pengaturan diubah",
}


def record(
    con: duckdb.DuckDBPyConnection, actor: str | None, action: str, target: str | None = None, detail: object = None, source: str = "app"
) -> None:
    """Append one event. Call it inside the change's own transaction where there is one."""
    text = detail if isinstance(detail, str) or detail is None else json.dumps(detail, ensure_ascii=False, default=str)
    con.execute("INSERT INTO audit_event (actor, action, target, detail, source) VALUES (?, ?, ?, ?, ?)", [actor, action, target, text, source])


def default_period(now: dt.datetime | None = None, days: int = 30) -> tuple[dt.date, dt.date]:
    """The trail's default date range: the last ``days`` days up to today in WIB, the time zone of its dates
    (the server's own clock runs on UTC, a day behind from 17:00 UTC)."""
    today = (now or dt.datetime.now(ZoneInfo(settings.TIMEZONE))).astimezone(ZoneInfo(settings.TIMEZONE)).date()
    return today - dt.timedelta(days=days), today


def entries(
    con: duckdb.DuckDBPyConnection,
    actor: str | None = None,
    actions: tuple[str, ...] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The trail, newest first. Columns: happened_at (WIB), actor, action, target, detail, source."""
    return con.execute(
        """SELECT timezone($tz, happened_at) AS happened_at, actor, action, target, detail, source FROM audit_log
           WHERE ($actor IS NULL OR actor = $actor) AND (len($actions) = 0 OR list_contains($actions, action))
             AND ($since IS NULL OR CAST(timezone($tz, happened_at) AS DATE) >= $since)
             AND ($until IS NULL OR CAST(timezone($tz, happened_at) AS DATE) <= $until)
           ORDER BY happened_at DESC LIMIT $limit""",
        {"tz": settings.TIMEZONE, "actor": actor, "actions": list(actions), "since": since, "until": until, "limit": limit},
    ).df()
