"""Small-cell suppression, including the complementary kind."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from gugus import suppression


def test_counts_from_one_to_k_minus_one_are_hidden():
    assert [suppression.label(v, 3) for v in (0, 1, 2, 3, 12)] == ["0", "dilindungi", "dilindungi", "3", "12"]
    assert suppression.label(None, 3) == "–"
    assert suppression.hide(4, 5) is None and suppression.hide(5, 5) == 5


def test_one_hidden_part_beside_a_total_takes_the_smallest_other_part_with_it():
    hidden, all_hidden = suppression.protect_parts(19, [2, 10, 7, 0], 3)
    assert hidden == [True, False, True, False] and not all_hidden


def test_parts_that_are_all_ones_take_a_zero_with_them():
    # four weeks of 1 beside a year to date of 4: each is 1 unless a 0 week hides with them
    hidden, _ = suppression.protect_parts(4, [1, 1, 0, 1, 1], 3)
    assert hidden == [True, True, True, True, True]


def test_a_lone_part_that_cannot_be_protected_takes_every_part_with_it():
    hidden, all_hidden = suppression.protect_parts(2, [2], 3)
    assert hidden == [True] and all_hidden


@hsettings(deadline=None)  # brute force: slow on a loaded machine, never flaky
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=7), st.integers(min_value=3, max_value=6))
def test_no_hidden_part_can_be_worked_out_from_its_total(parts, k):
    """Brute force: every assignment of the hidden parts (each 0 or more, or 1 or more when a reader may
    assume it) that adds up to the total; a small hidden part must have two or more possible values."""
    total = sum(parts)
    hidden, all_hidden = suppression.protect_parts(total, parts, k)
    if suppression.is_small(total, k):
        return  # the total is itself hidden wherever it is shown: nothing to subtract from
    assert not any(suppression.is_small(v, k) for v, h in zip(parts, hidden, strict=True) if not h)
    unknown = [i for i, h in enumerate(hidden) if h]
    rest = total - sum(v for v, h in zip(parts, hidden, strict=True) if not h)
    # When every part goes, zeros go too: a reader can no longer assume each hidden part is 1 or more (the
    # rare case of a year of weeks of exactly 1 victim each, with no week of 0 to hide beside them).
    for lowest in (0,) if all_hidden else (0, 1):
        options = {i: _values_a_reader_allows(i, unknown, rest, lowest) for i in unknown}
        if lowest == 1 and not all(options.values()):
            continue
        for i in unknown:
            if suppression.is_small(parts[i], k):
                assert len(options[i]) >= 2, (parts, k, hidden, lowest, options)


def _values_a_reader_allows(i: int, unknown: list[int], rest: int, lowest: int) -> range:
    """The values hidden part ``i`` can take when the hidden parts, each ``lowest`` or more, add up to ``rest``: beside
    others, from ``lowest`` to what the others leave at their least; alone, the rest itself. (Counted, not enumerated: enumerating every assignment of
    seven hidden parts over a rest of 80 took hours whenever Hypothesis drew such a case.)"""
    others = len(unknown) - 1
    if rest < lowest * len(unknown):
        return range(0)  # the assumption cannot hold
    if others == 0:
        return range(rest, rest + 1)  # alone, it is the rest
    return range(lowest, rest - lowest * others + 1)


@pytest.mark.parametrize(("rest", "n", "lowest"), [(r, n, low) for r in range(0, 7) for n in range(1, 4) for low in (0, 1)])
def test_the_counted_values_are_those_every_assignment_gives(rest, n, lowest):
    unknown = list(range(n))
    enumerated = {i: set() for i in unknown}
    for combo in itertools.product(range(lowest, rest + 1), repeat=n):
        if sum(combo) == rest:
            for i, v in zip(unknown, combo, strict=True):
                enumerated[i].add(v)
    assert {i: set(_values_a_reader_allows(i, unknown, rest, lowest)) for i in unknown} == enumerated


# ---- the map page's counts protected together: nothing small can be worked out ------------------

import numpy as np  # noqa: E402

from gugus import maps  # noqa: E402

AREAS = [("a1", "A"), ("a2", "A"), ("a3", "A"), ("b1", "B"), ("b2", "B"), ("o1", None)]  # o1: an origin outside
ROUTES = {"r1": "c1", "r2": "c1", "r3": "c2"}  # the country each route leads to


def _feasible(values: dict, hidden: set, k: int, exclusive: dict, lowest: int) -> dict:
    """Every value each hidden count can take given all that the page shows: the visible counts, the
    pools shown with a number, and how the counts add up. Every hidden count reads "dilindungi"; a
    reader may assume each is at least ``lowest`` (0, or 1 when that fits what is shown). Brute force."""
    unknown = [key for key in values if key in hidden and key[0] != "pool"]
    top = values[("T",)] + k  # wide enough that the bound itself tells nothing
    ranges = [range(lowest, top + 1) for _ in unknown]
    grid = np.array(list(itertools.product(*ranges)), dtype=int).reshape(-1, len(unknown)) if unknown else np.zeros((1, 0), int)

    def column(key):
        return grid[:, unknown.index(key)] if key in unknown else np.full(len(grid), values[key])

    def cells(prefix):
        return [key for key in values if key[0] == prefix]

    def total(keys):
        return sum((column(key) for key in keys), np.zeros(len(grid), int))

    grand = column(("T",))
    ok = (grand == total(cells("area") + cells("out"))) & (grand >= total(cells("country"))) & (grand >= total(cells("route")))
    for country in cells("country"):
        ok &= column(country) >= total([("route", r) for r, c in exclusive.items() if c == country[1]])
    families = {
        ("area", "A"): [("area", "a1"), ("area", "a2"), ("area", "a3")],
        ("area", "B"): [("area", "b1"), ("area", "b2")],
        ("out",): [("out", "o1")],
        ("country",): cells("country"),
        ("route",): cells("route"),
    }
    for family, members in families.items():
        inside = [m for m in members if m in hidden]
        if inside and suppression.pool_label([values[m] for m in inside], k, exact=("pool", family) not in hidden) != "dilindungi":
            ok &= total(inside) == sum(values[m] for m in inside)
    return {key: set(grid[ok, unknown.index(key)].tolist()) for key in unknown}


@hsettings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([a for a, _ in AREAS]), st.sampled_from(["r1", "r2", "r3", None, "none"])), min_size=1, max_size=9),
    st.integers(min_value=3, max_value=5),
)  # k = 2 would make "<2" mean exactly 1: k is 3 or more in practice
def test_no_small_count_on_the_map_page_can_be_worked_out(cases, k):
    """Cases (origin, route; "none": no destination) → the map's counts → hidden ones: for every hidden
    count below k, what the page shows leaves at least two possible values."""
    origins = pd.Series([o for o, _ in cases])
    parent = dict(AREAS)
    areas = pd.DataFrame({"code": [a for a, p in AREAS if p], "parent": [p for _, p in AREAS if p]})
    areas["cases"] = [int((origins == a).sum()) for a in areas["code"]]
    outside = pd.DataFrame({"name": ["o1"], "cases": [int((origins == "o1").sum())]})
    country_of = [ROUTES.get(r) if r in ROUTES else (None if r == "none" else "c1") for _, r in cases]
    countries = pd.Series([c for c in country_of if c]).value_counts()
    countries = pd.DataFrame({"country": list(countries.index), "cases": [int(v) for v in countries]})
    routes = pd.DataFrame({"code": list(ROUTES), "cases": [sum(1 for _, r in cases if r == code) for code in ROUTES]})
    exclusive = {r: c for r, c in ROUTES.items() if (routes.set_index("code").loc[r, "cases"] > 0)}
    values, hidden = maps.protect_counts(len(cases), areas, outside, countries, routes, exclusive, k)
    assert not any(suppression.is_small(v, k) for key, v in values.items() if key not in hidden), "a small count is shown"
    if len([key for key in hidden if key[0] != "pool"]) > 4:
        return  # beyond what brute force checks quickly; smaller cases cover every rule
    for lowest in (0, 1):  # a careful reader assumes each hidden count is at least 1 whenever that fits
        possible = _feasible(values, hidden, k, exclusive, lowest)
        if lowest == 1 and not all(possible.values()):
            continue  # a hidden 0 among them: the assumption does not fit, the reader is back to 0
        for key, options in possible.items():
            assert values[key] in options or lowest == 1
            if suppression.is_small(values[key], k):
                assert len(options) >= 2, (lowest, key, values[key], options, sorted(hidden, key=str), values, parent)
