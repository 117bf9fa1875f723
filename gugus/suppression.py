"""Small-cell suppression: the one place that decides whether a count of victims or cases is shown.

A count from 1 to k−1 is shown as ``<k``. Where parts are shown beside their total, hiding one part
alone would let a reader subtract it back out, so a second part (the smallest visible non-zero one)
is hidden too; when no such part exists, the total is hidden instead (complementary suppression).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from gugus.i18n import fmt_number


def is_small(value: float | None, k: int) -> bool:
    """True for a count that must not be shown: more than zero and less than ``k``."""
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and 0 < value < k


def hide(value: float | None, k: int) -> float | None:
    """The value for a chart or a computation: None where it must not be shown."""
    return None if is_small(value, k) else value


def label(value: float | None, k: int, decimals: int = 0) -> str:
    """The value as text: ``<k`` when suppressed, ``–`` when missing, else in Indonesian format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if is_small(value, k):
        return f"<{k}"
    return fmt_number(value, decimals=decimals)


def mask_parts(parts: Sequence[float | None], k: int, total_shown: bool = True) -> tuple[list[bool], bool]:
    """Which parts to hide, and whether the total must be hidden too.

    Returns ``(hidden, hide_total)``. With a visible total, never exactly one hidden part.
    """
    hidden = [is_small(v, k) for v in parts]
    hide_total = False
    if total_shown and sum(hidden) == 1:
        others = [(v, i) for i, v in enumerate(parts) if not hidden[i] and v]
        if others:
            hidden[min(others)[1]] = True
        else:
            hide_total = True
    return hidden, hide_total


def suppress_frame(frame: pd.DataFrame, columns: Sequence[str], k: int, *, row_total: str | None = None,
                   column_totals: bool = False) -> pd.DataFrame:
    """``frame`` with ``columns`` (counts) turned into display text, small cells as ``<k``.

    ``row_total`` names a column holding each row's total of ``columns``; ``column_totals`` says a
    total row is shown under the table. Both make the suppression complementary, in both directions,
    until nothing can be recovered by subtraction.
    """
    values = frame[list(columns)].astype("float64")
    hidden = values.apply(lambda col: col.map(lambda v: is_small(v, k)))
    totals = frame[row_total].astype("float64") if row_total else None
    total_hidden = totals.map(lambda v: is_small(v, k)) if totals is not None else None
    changed = True
    while changed:
        changed = False
        if row_total:
            for r in range(len(frame)):
                if total_hidden.iloc[r]:
                    continue
                row = [None if hidden.iat[r, c] else values.iat[r, c] for c in range(len(columns))]
                n_hidden = sum(hidden.iloc[r])
                if n_hidden == 1:
                    others = [(v, c) for c, v in enumerate(row) if v]
                    if others:
                        hidden.iat[r, min(others)[1]] = True
                    else:
                        total_hidden.iloc[r] = True
                    changed = True
        if column_totals:
            for c in range(len(columns)):
                if sum(hidden.iloc[:, c]) == 1:
                    others = [(values.iat[r, c], r) for r in range(len(frame)) if not hidden.iat[r, c] and values.iat[r, c]]
                    if others:
                        hidden.iat[min(others)[1], c] = True
                        changed = True
    out = frame.copy()
    for c, name in enumerate(columns):
        out[name] = [f"<{k}" if hidden.iat[r, c] else label(values.iat[r, c], k) for r in range(len(frame))]
    if row_total:
        out[row_total] = [f"<{k}" if total_hidden.iloc[r] else label(totals.iloc[r], k) for r in range(len(frame))]
    return out
