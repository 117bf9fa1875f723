"""Small-cell suppression: the one place that decides whether a count of victims or cases is shown.

A count from 1 to k−1 is shown as ``dilindungi`` (:data:`PROTECTED`), the one wording used on every
page, export and text — also for a larger count hidden so that a small one cannot be worked out, so
that the two cannot be told apart. Where parts are shown beside their total, hiding one part
alone would let a reader subtract it back out, so a second part (the smallest visible non-zero one)
is hidden too; when no such part exists, the total is hidden instead (complementary suppression).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gugus.i18n import fmt_number

PROTECTED = "dilindungi"


def notice(k: int) -> str:
    """The sentence that explains the wording, for every page and file that may show it."""
    return (f"Jumlah korban atau kasus dari 1 sampai {k - 1}, dan angka lain yang bisa dipakai untuk menghitungnya, "
            f"ditulis “{PROTECTED}” untuk melindungi korban.")


def is_small(value: float | None, k: int) -> bool:
    """True for a count that must not be shown: more than zero and less than ``k``."""
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and 0 < value < k


def hide(value: float | None, k: int) -> float | None:
    """The value for a chart or a computation: None where it must not be shown."""
    return None if is_small(value, k) else value


def label(value: float | None, k: int, decimals: int = 0) -> str:
    """The value as text: ``dilindungi`` when suppressed, ``–`` when missing, else in Indonesian format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if is_small(value, k):
        return PROTECTED
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
        out[name] = [PROTECTED if hidden.iat[r, c] else label(values.iat[r, c], k) for r in range(len(frame))]
    if row_total:
        out[row_total] = [PROTECTED if total_hidden.iloc[r] else label(totals.iloc[r], k) for r in range(len(frame))]
    return out


@dataclass(frozen=True)
class Group:
    """A shown total and the shown parts it is made of. ``closed``: the parts add up to the total exactly
    (otherwise an unshown remainder may exist). ``cascade``: when the total is hidden, its parts are
    hidden too (a visible part would bound the hidden total)."""

    total: Hashable
    parts: tuple[Hashable, ...]
    closed: bool
    cascade: bool = False


def protect(values: Mapping[Hashable, float], families: Mapping[Hashable, Hashable], groups: Sequence[Group],
            k: int) -> set[Hashable]:
    """Which cells of a page to hide so that no count from 1 to k−1 shows or can be worked out.

    ``values`` holds every count shown on one page (totals and parts); ``families`` puts each part in
    the family its hidden members are pooled into ("3 kecamatan lain: 9 kasus"), so a pool is shown
    only when it has two or more members and is at least k. Every count below k is hidden; then, until
    nothing changes, for each group with a visible total the hidden remainder (total minus visible
    parts and visible pools) must be 0, or at least k and more than the number of hidden parts in it
    (each is 1 or more), and, in a closed group, never one single hidden part; otherwise the smallest
    visible part is hidden too (preferably one whose family already has a
    hidden member, so it joins that pool), else the smallest visible pool loses its number (the key
    ``("pool", family)`` is then in the result), else the total.
    """
    hidden = {key for key, v in values.items() if is_small(v, k)}
    members: dict[Hashable, list[Hashable]] = {}
    for key, family in families.items():
        members.setdefault(family, []).append(key)

    def pooled(family: Hashable) -> list[Hashable]:
        return [m for m in members[family] if m in hidden and values[m]]

    def pool_visible(family: Hashable) -> bool:
        return ("pool", family) not in hidden and sum_may_show([values[m] for m in pooled(family)], k)

    def hide_one(candidates: list[Hashable]) -> bool:
        candidates = [c for c in candidates if c not in hidden and values[c]]
        if not candidates:
            return False
        hidden.add(min(candidates, key=lambda c: (not pooled(families[c]) if c in families else True, values[c])))
        return True

    changed = True
    while changed:
        changed = False
        for family in members:
            inside = pooled(family)
            if len(inside) == 1 and not is_small(values[inside[0]], k):
                changed |= hide_one(members[family])  # a pool of one would show that one
        for group in groups:
            if group.total in hidden:
                if group.cascade:
                    for part in group.parts:
                        if part not in hidden and values[part]:
                            hidden.add(part)
                            changed = True
                continue
            parts = set(group.parts)
            visible = sum(values[p] for p in group.parts if p not in hidden)
            atoms = [p for p in group.parts if p in hidden and values[p]]
            for family in {families[p] for p in group.parts if p in families}:
                if set(members[family]) <= parts and pool_visible(family):
                    inside = pooled(family)
                    visible += sum(values[m] for m in inside)
                    atoms = [a for a in atoms if a not in inside]
            unknown = values[group.total] - visible
            if unknown <= 0 or (unknown >= max(k, len(atoms) + 1) and not (group.closed and len(atoms) == 1)):
                continue
            if not hide_one(list(group.parts)):
                pools = [f for f in {families[p] for p in group.parts if p in families}
                         if set(members[f]) <= parts and pool_visible(f)]
                if pools:
                    hidden.add(("pool", min(pools, key=lambda f: sum(values[m] for m in pooled(f)))))
                else:
                    hidden.add(group.total)
            changed = True
    return hidden


def sum_may_show(values: Sequence[float], k: int) -> bool:
    """Whether the sum of hidden counts may be shown: two or more of them, the sum at least k, and more
    than their number (each hidden count is known to be 1 or more: ``n`` counts adding up to ``n``
    would all be 1)."""
    parts = [v for v in values if v]
    return len(parts) >= 2 and sum(parts) >= max(k, len(parts) + 1)


def pool_label(values: Sequence[float], k: int, unit: str = "kasus", exact: bool = True) -> str:
    """A pool of hidden counts as text: the sum when it has two or more members, is at least k and may
    be ``exact`` (see :func:`protect`); else ``dilindungi`` (never a single member's number)."""
    if exact and sum_may_show(values, k):
        return f"{fmt_number(sum(v for v in values if v))} {unit}".strip()
    return PROTECTED
