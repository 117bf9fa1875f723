"""Files people take away (CSV): safe to open in Excel, in the form Indonesian Excel expects."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """Text that Excel would run as a formula gets a leading apostrophe; everything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``;``-separated UTF-8 with BOM (opens correctly in Excel set to Indonesian), formula-safe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(safe_text)
    return safe.to_csv(index=False, sep=";").encode("utf-8-sig")
