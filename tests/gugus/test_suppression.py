"""Small-cell suppression, including the complementary kind."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gugus import suppression


def test_counts_from_one_to_k_minus_one_are_hidden():
    assert [suppression.label(v, 3) for v in (0, 1, 2, 3, 12)] == ["0", "<3", "<3", "3", "12"]
    assert suppression.label(None, 3) == "–"
    assert suppression.hide(4, 5) is None and suppression.hide(5, 5) == 5


def test_one_hidden_part_beside_a_total_takes_the_smallest_other_part_with_it():
    hidden, hide_total = suppression.mask_parts([2, 10, 7, 0], 3)
    assert hidden == [True, False, True, False] and not hide_total


def test_one_hidden_part_with_no_other_part_hides_the_total():
    hidden, hide_total = suppression.mask_parts([2, 0, 0], 3)
    assert hidden == [True, False, False] and hide_total


def test_frame_rows_with_a_row_total_never_leave_one_hidden_cell():
    frame = pd.DataFrame({"area": ["A", "B"], "laki": [1, 6], "perempuan": [5, 8], "jumlah": [6, 14]})
    out = suppression.suppress_frame(frame, ["laki", "perempuan"], 3, row_total="jumlah")
    assert list(out.loc[0, ["laki", "perempuan", "jumlah"]]) == ["<3", "<3", "6"]
    assert list(out.loc[1, ["laki", "perempuan", "jumlah"]]) == ["6", "8", "14"]


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=8), st.integers(min_value=2, max_value=11))
def test_no_hidden_cell_can_be_recovered_from_the_visible_total(parts, k):
    frame = pd.DataFrame({"wilayah": [f"w{i}" for i in range(len(parts))], "n": parts})
    out = suppression.suppress_frame(frame, ["n"], k, column_totals=True)
    hidden = [i for i, v in enumerate(out["n"]) if v == f"<{k}"]
    # One hidden cell alone is the total minus the visible ones — unless the total is itself small,
    # and so hidden wherever it is shown.
    assert len(hidden) != 1 or suppression.is_small(sum(parts), k)
    assert all(v != f"<{k}" for i, v in enumerate(out["n"]) if 0 < parts[i] < k and i not in hidden)
