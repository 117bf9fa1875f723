"""Ringkasan: the chair's week as tables — who has not reported, which indicators turned red and on what they were
judged, which RAN actions are overdue. The numbers come from :func:`gugus.summary.week_summary`."""

from __future__ import annotations

import pandas as pd

from gugus import indicators, labels
from gugus.weeks import Week, format_day


def reporting_table(reporting: pd.DataFrame) -> pd.DataFrame:
    """The pillars that have not reported, or reported late, this week (indexed by pillar name)."""
    missing = reporting[reporting["state"].isin(["belum", "terlambat"])]
    return pd.DataFrame(
        {
            "Pilar": missing["pillar_name"],
            "Keadaan": missing["state"].map(labels.REPORTING_STATE),
            "Jam terlambat": missing["hours_late"].map(lambda h: "–" if pd.isna(h) else f"{int(h)}"),
        }
    ).set_index("Pilar")


def turned_red_table(red: pd.DataFrame, week: Week, k: int) -> pd.DataFrame:
    """Indicators that turned red this week, with what each was judged on (indexed by code)."""
    return pd.DataFrame(
        {
            "Kode": red["code"],
            "Indikator": red["name"],
            "Pilar": red["pillar_name"],
            "Dasar penilaian": [indicators.basis(r, week, k) for r in red.itertuples()],
        }
    ).set_index("Kode")


def overdue_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Overdue RAN actions: who, by when, how far (indexed by code)."""
    return pd.DataFrame(
        {
            "Kode": frame["code"],
            "Kegiatan": frame["activity"],
            "Penanggung jawab": frame["lead_agency"],
            "Tenggat": frame["due"].map(format_day),
            "Progres": frame["progress"].map(lambda p: f"{p:.0f} %"),
            "Pilar": frame["pillar_name"],
        }
    ).set_index("Kode")
