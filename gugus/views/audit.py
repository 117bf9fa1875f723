"""Jejak Audit: the trail as shown and downloaded, and the sentence above it."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from gugus.audit import ACTIONS
from gugus.weeks import format_moment


def view(frame: pd.DataFrame) -> pd.DataFrame:
    """The trail as shown and downloaded."""
    return pd.DataFrame(
        {
            "Waktu (WIB)": frame["happened_at"].map(lambda t: format_moment(t, seconds=True)),
            "Oleh": frame["actor"].fillna("–"),
            "Tindakan": frame["action"].map(lambda a: ACTIONS.get(a, a)),
            "Data": frame["target"].fillna("–"),
            "Keterangan": frame["detail"].fillna(""),
            "Lewat": frame["source"],
        }
    )


def sentence(frame: pd.DataFrame, actor: str | None, since: dt.date, until: dt.date, limit: int = 500) -> str:
    """``12 kejadian oleh ani, 01/11/2026–28/11/2026`` — what the table shows."""
    return (
        f"{len(frame)} kejadian"
        + (f" oleh {actor}" if actor else "")
        + f", {since:%d/%m/%Y}–{until:%d/%m/%Y}"
        + (f" ({limit} terbaru)" if len(frame) == limit else "")
    )
