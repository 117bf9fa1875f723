"""Kelengkapan & Riwayat: who reported on time (the pillar × week grid and the rates), every upload, and the
issues of a refused file as a table an officer can work through."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gugus import charts, completeness, labels
from gugus.weeks import Week, format_moment


def log_view(log: pd.DataFrame) -> pd.DataFrame:
    """The upload log as shown (and downloaded)."""
    return pd.DataFrame(
        {
            "No.": log["id"],
            "Pilar": log["pillar_name"],
            "Minggu": log["week"].map(lambda w: Week.parse(w).label()),
            "Berkas": log["file_name"],
            "Oleh": log["uploaded_by"].fillna("–"),
            "Waktu (WIB)": log["uploaded_at"].map(format_moment),
            "Baris": log["rows"],
            "Peringatan": log["n_warning"],
            "Status": log["status"].map(labels.UPLOAD_STATUS),
        }
    )


def upload_choices(log: pd.DataFrame) -> dict[int, str]:
    """Per upload id, ``#12 · Pencegahan, Minggu 47 (17–23 Nov 2025) · pencegahan.xlsx (Berlaku)`` for a choice list."""
    return {
        int(r.id): f"#{r.id} · {r.pillar_name}, {Week.parse(r.week).label()} · {r.file_name} ({labels.UPLOAD_STATUS[r.status]})"
        for r in log.itertuples()
    }


def issues_view(issues: list[dict]) -> pd.DataFrame:
    """Validation issues as a table an officer can work through, cell by cell."""
    return pd.DataFrame(
        {
            "Lembar": [i.get("sheet") or "–" for i in issues],
            "Sel": [f"{i['column']}{i['row']}" if i.get("column") and i.get("row") else (str(i["row"]) if i.get("row") else "–") for i in issues],
            "Kolom": [i.get("header") or "–" for i in issues],
            "Tingkat": ["Kesalahan" if i["severity"] == "error" else "Peringatan" for i in issues],
            "Yang perlu diperbaiki": [i["message"] for i in issues],
        }
    )


@dataclass
class CompletenessPage:
    """What the Kelengkapan & Riwayat page draws, built once per data version."""

    grid: pd.DataFrame
    figure: object  # plotly Figure of the pillar × week grid
    rates: pd.DataFrame
    log: pd.DataFrame  # raw upload log (ids and statuses for the rollback choice)
    log_table: pd.DataFrame  # the log as shown and downloaded


def page(con: duckdb.DuckDBPyConnection, last: Week, weeks: int = 12, log_limit: int = 300) -> CompletenessPage:
    """Everything the completeness page shows, from one connection."""
    grid = completeness.matrix(con, last, weeks)
    figure = charts.completeness_grid(grid)
    rates = completeness.timeliness(grid)
    rates_table = pd.DataFrame(
        {
            "Pilar": rates["pillar_name"],
            "Minggu jatuh tempo": rates["due"],
            "Tepat waktu": rates["tepat"],
            "Terlambat": rates["terlambat"],
            "Belum lapor": rates["belum"],
            "Ketepatan": 100 * rates["rate"],
        }
    )
    log = completeness.upload_log(con, None, log_limit)
    return CompletenessPage(grid, figure, rates_table, log, log_view(log))


def withdrawable(log: pd.DataFrame, pillar_name: str | None = None, week: str | None = None) -> pd.DataFrame:
    """The uploads of the log that may still be withdrawn, of one pillar (by name) and one week when given."""
    keep = log["status"] != "withdrawn"
    if pillar_name:
        keep &= log["pillar_name"] == pillar_name
    if week:
        keep &= log["week"] == week
    return log[keep]


def withdrawal_pillars(log: pd.DataFrame) -> list[str]:
    """The pillars (by name) with an upload that may still be withdrawn."""
    return sorted(withdrawable(log)["pillar_name"].unique())


def withdrawal_weeks(log: pd.DataFrame, pillar_name: str | None = None) -> list[str]:
    """The weeks (newest first) with an upload of ``pillar_name`` (or any) that may still be withdrawn."""
    return sorted(withdrawable(log, pillar_name)["week"].unique(), reverse=True)
