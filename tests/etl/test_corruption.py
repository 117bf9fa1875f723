"""Random corruptions of a valid workbook give issues — never an exception, never a write."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load import Incoming, load_files
from etl.validate import validate_bytes
from tests.conftest import edit, sample_bytes, table_counts

SHEETS = {"Indikator": (2, 17, 6, 8), "Aksi RAN": (2, 8, 5, 6)}  # rows and columns that are validated
BAD_VALUES = st.one_of(
    st.sampled_from(["banyak", "-5", "1.2.3,4,5", "6172015708990003", "0812 3456 7890", "x" * 300]),
    st.integers(max_value=-1),
    st.floats(max_value=-0.01, allow_nan=False, allow_infinity=False),
    st.just(6172015708990003),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=st.sampled_from(sorted(SHEETS)), row_pick=st.integers(0, 100), col_pick=st.integers(0, 100), value=BAD_VALUES)
def test_spoiled_cell_is_reported_at_that_cell(ref, sheet, row_pick, col_pick, value):
    first, last, col_first, col_last = SHEETS[sheet]
    row = first + row_pick % (last - first + 1)
    col = col_first + col_pick % (col_last - col_first + 1)

    def change(book):
        book[sheet].cell(row, col, value)

    result = validate_bytes(edit(sample_bytes(ref, "pencegahan"), change), "rusak.xlsx", ref)
    assert not result.ok
    assert any(i.sheet == sheet and i.row == row for i in result.report.errors), result.report.errors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_never_raise_and_never_write(ref, db, data):
    original = sample_bytes(ref, "rehab-sosial")
    raw = bytearray(original)
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 3, len(raw)))
    before = table_counts(db)
    [result] = load_files([Incoming("rusak.xlsx", bytes(raw[:cut]))], db=db)
    if result.status == "rejected":
        assert result.report.errors and table_counts(db) == before
    else:  # a flip inside unused bytes may leave a valid file; it then loads as itself
        assert result.status in ("loaded", "already-loaded")
