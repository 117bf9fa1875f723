"""Small-cell suppression: the one place that decides whether a count of victims or cases is shown.

A count from 1 to k−1 is shown as ``dilindungi`` (:data:`PROTECTED`), the one wording used on every
page, export and text — also for a larger count hidden so that a small one cannot be worked out, so
that the two cannot be told apart. Where counts are shown beside counts they add up to, one rule
(:func:`protect`) decides what else to hide. Where parts are shown beside their total, hiding one part
alone would let a reader subtract it back out, so a second part (the smallest visible non-zero one)
is hidden too; when no such part exists, the total is hidden instead (complementary suppression).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from gugus.i18n import fmt_number

PROTECTED = "dilindungi"


def notice(k: int) -> str:
    """The sentence that explains the wording, for every page and file that may show it."""
    return (
        f"Jumlah korban atau kasus dari 1 sampai {k - 1}, dan angka lain yang bisa dipakai untuk menghitungnya, "
        f"ditulis “{PROTECTED}” untuk melindungi korban."
    )


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


@dataclass(frozen=True)
class Group:
    """A shown total and the shown parts it is made of. ``closed``: the parts add up to the total exactly
    (otherwise an unshown remainder may exist). ``cascade``: when the total is hidden, its parts are
    hidden too (a visible part would bound the hidden total)."""

    total: Hashable
    parts: tuple[Hashable, ...]
    closed: bool
    cascade: bool = False


def protect(  # noqa: C901 - the rules of the docstring, applied together until nothing changes
    values: Mapping[Hashable, float],
    families: Mapping[Hashable, Hashable],
    groups: Sequence[Group],
    k: int,
    unshown: frozenset[Hashable] = frozenset(),
) -> set[Hashable]:
    """Which counts of one page to hide so that no count from 1 to k−1 shows or can be worked out.

    ``values`` holds every count the page shows (totals and parts); ``families`` puts each part in the
    family its hidden members are pooled into ("3 kecamatan digabung: 9 kasus"). Every count from 1 to
    k−1 is hidden; then, until nothing changes:

    * a family with exactly one hidden count of k or more hides another (a pool of one shows that one);
    * for each group with a visible total, what the visible parts and exact pools leave unexplained
      must be 0, or at least k and — since a reader may assume every hidden count is 1 or more — more
      than the number of hidden counts in it unless one of them is a hidden 0; and a closed group must
      never have exactly one hidden count.

    When a group fails with a single hidden count left over, the smallest pool shown with its number
    loses it (``("pool", family)`` is then in the result), so its members count as hidden too;
    otherwise the smallest visible non-zero part outside the shown pools is hidden (preferably one
    whose family already has a hidden member), else a visible 0 (a reader can then no longer assume
    each hidden count is at least 1), else any visible part, else a shown pool loses its number, else
    the total.

    ``unshown`` are parts the page never shows at all (a remainder with no column of its own): hidden from the start.
    """
    hidden = {key for key, v in values.items() if is_small(v, k)} | set(unshown)
    members: dict[Hashable, list[Hashable]] = {}
    for key, family in families.items():
        members.setdefault(family, []).append(key)

    def pooled(family: Hashable) -> list[Hashable]:
        return [m for m in members[family] if m in hidden]

    def pool_exact(family: Hashable) -> bool:
        return ("pool", family) not in hidden and sum_may_show([values[m] for m in pooled(family)], k)

    def hide_one(candidates: list[Hashable]) -> bool:
        visible = [c for c in candidates if c not in hidden]
        choice = [c for c in visible if values[c]] or visible
        if not choice:
            return False
        hidden.add(min(choice, key=lambda c: (not any(values[m] for m in pooled(families[c])) if c in families else True, values[c])))
        return True

    changed = True
    while changed:
        changed = False
        for family in members:
            inside = [m for m in pooled(family) if values[m]]
            if len(inside) == 1 and not is_small(values[inside[0]], k) and len(pooled(family)) == 1:
                changed |= hide_one(members[family])
        for group in groups:
            if group.total in hidden:
                if group.cascade:
                    for part in group.parts:
                        if part not in hidden and values[part]:
                            hidden.add(part)
                            changed = True
                continue
            parts = set(group.parts)
            inside_pools = [f for f in {families[p] for p in group.parts if p in families} if set(members[f]) <= parts]
            exact = [f for f in inside_pools if pool_exact(f)]
            covered = {m for f in exact for m in pooled(f)}
            visible = sum(values[p] for p in group.parts if p not in hidden) + sum(values[m] for m in covered)
            atoms = [p for p in group.parts if p in hidden and p not in covered]
            unknown = values[group.total] - visible
            if _unexplained_ok(unknown, [values[a] for a in atoms], k, group.closed):
                continue
            shown_parts = [p for p in group.parts if p not in hidden]
            # hiding a member of a family whose pool is shown only grows that pool: it explains nothing
            useful = [p for p in shown_parts if families.get(p) not in exact]
            lone = group.closed and len(atoms) == 1
            if lone and exact:
                hidden.add(("pool", min(exact, key=lambda f: sum(values[m] for m in pooled(f)))))
            elif not hide_one(useful) and not hide_one(shown_parts):
                if exact:
                    hidden.add(("pool", min(exact, key=lambda f: sum(values[m] for m in pooled(f)))))
                else:
                    hidden.add(group.total)
            changed = True
    return hidden


def _unexplained_ok(unknown: float, atoms: Sequence[float], k: int, closed: bool) -> bool:
    if not any(atoms) and unknown == 0:
        return True  # nothing hidden here but zeros
    nonzero, zeros = len([a for a in atoms if a]), len([a for a in atoms if not a])
    if closed and nonzero + zeros == 1:
        return False
    return unknown >= k and (unknown > nonzero or zeros > 0)


def sum_may_show(values: Sequence[float], k: int) -> bool:
    """Whether the sum of hidden counts may be shown: two or more of them, the sum at least k, and not
    only ones (n counts of 1 or more adding up to n would all be 1) unless a 0 is among them."""
    nonzero, zeros = len([v for v in values if v]), len([v for v in values if not v])
    total = sum(v for v in values if v)
    return nonzero + zeros >= 2 and total >= k and (total > nonzero or zeros > 0)


def pool_label(values: Sequence[float], k: int, unit: str = "kasus", exact: bool = True) -> str:
    """A pool of hidden counts as text: the sum when it has two or more members, is at least k and may
    be ``exact`` (see :func:`protect`); else ``dilindungi`` (never a single member's number)."""
    if exact and sum_may_show(list(values), k):
        return f"{fmt_number(sum(v for v in values if v))} {unit}".strip()
    return PROTECTED


def protect_parts(total: float | None, parts: Sequence[float | None], k: int) -> tuple[list[bool], bool]:
    """Parts shown beside their total (the weeks of a year beside its year to date, the areas of an
    indicator beside its value): which parts to hide, and whether they all must go because even the
    total alone would give them away. Missing parts count as 0."""
    values: dict[Hashable, float] = {("T",): 0 if total is None or total != total else float(total)}
    for i, v in enumerate(parts):
        values[i] = 0 if v is None or v != v else float(v)
    hidden = protect(values, {i: "parts" for i in range(len(parts))}, [Group(("T",), tuple(range(len(parts))), closed=True)], k)
    if ("T",) in hidden:
        return [True] * len(parts), True
    return [i in hidden for i in range(len(parts))], False


def protect_nested(counts: Sequence[float], k: int) -> list[bool]:
    """Counts where each is part of the one before (victims rescued, then examined, then sheltered; findings sent,
    then answered, then closed): which to hide. The difference of two neighbours is a count too (those who left
    between them), so each neighbour pair is a closed group; a count larger than the one before is not part of it
    (services given out of order) and forms no group."""
    values: dict[Hashable, float] = {i: float(v) for i, v in enumerate(counts)}
    groups = []
    for i in range(1, len(counts)):
        if counts[i] <= counts[i - 1]:
            values[("left", i)] = float(counts[i - 1] - counts[i])
            groups.append(Group(i - 1, (i, ("left", i)), closed=True))
    hidden = protect(values, {}, groups, k)
    return [i in hidden for i in range(len(counts))]
