import datetime as dt

import pytest

from etl.parse import CellError, parse_date, parse_integer, parse_number, parse_week
from gugus.weeks import Week

NOV17 = dt.date(2025, 11, 17)


@pytest.mark.parametrize(
    "typed",
    [
        NOV17,
        dt.datetime(2025, 11, 17, 9, 30),
        45978.0,
        "17/11/2025",
        "17-11-2025",
        "17 Nov 2025",
        "17 Nopember 2025",
        "17 november 2025",
        "2025-11-17",
        " 17/11/25 ",
    ],
)
def test_dates_officers_type(typed):
    assert parse_date(typed) == NOV17


@pytest.mark.parametrize("typed", ["kemarin", "31/02/2025", "17 Nopem 2025", "", 3.5, True])
def test_bad_dates_raise_type_date(typed):
    with pytest.raises(CellError) as err:
        parse_date(typed)
    assert err.value.code == "type-date"


@pytest.mark.parametrize(
    "typed,expected",
    [
        (1234, 1234.0),
        (12.5, 12.5),
        ("1234", 1234.0),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("12,5%", 12.5),
        ("Rp 850.000.000", 850000000.0),
        (" 7 ", 7.0),
        ("1,234,567", 1234567.0),
        ("-3", -3.0),
        ("0,5", 0.5),
    ],
)
def test_numbers_officers_type(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["banyak", "1.2.3,4,5", "12 orang", "-", "%", True])
def test_bad_numbers_raise_type_number(typed):
    with pytest.raises(CellError) as err:
        parse_number(typed)
    assert err.value.code == "type-number"


def test_integer_refuses_decimals():
    assert parse_integer("1.234") == 1234
    with pytest.raises(CellError) as err:
        parse_integer("2,5")
    assert err.value.code == "type-integer"


@pytest.mark.parametrize("typed", ["2025-W47", "2025W47", "2025 w47", "17/11/2025", "23 Nov 2025", NOV17])
def test_week_as_code_or_any_date_inside(typed):
    assert parse_week(typed) == Week(2025, 47)


@pytest.mark.parametrize("typed", ["2025-W54", "minggu lalu", "47"])
def test_bad_weeks(typed):
    with pytest.raises(CellError) as err:
        parse_week(typed)
    assert err.value.code == "week-invalid"


def test_week_label_is_indonesian():
    assert Week(2025, 47).label() == "Minggu 47 (17–23 Nov 2025)"
    assert Week(2026, 1).label() == "Minggu 1 (29 Des 2025–4 Jan 2026)"
