"""Cell parsers that accept what officers really type, raising CellError with an issue code otherwise."""

from __future__ import annotations

import datetime as dt
import math
import re

from gugus.weeks import Week


class CellError(ValueError):
    """A cell that cannot be read as the column expects; ``code`` names the issue."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "pebruari": 2,
    "peb": 2,
    "february": 2,
    "mar": 3,
    "maret": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "ags": 8,
    "agustus": 8,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "nop": 11,
    "november": 11,
    "nopember": 11,
    "des": 12,
    "desember": 12,
    "dec": 12,
    "december": 12,
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_NUMBER = 1e12  # above any count, percentage or rupiah amount a city reports: beyond it is a typo or an attack
YEARS = range(2000, 2101)  # dates outside these years are typing errors (TPPO law dates from 2007)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})[\s\-.]+([A-Za-z]+)\.?[\s\-.]+(\d{4})$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3}){2,}(\.\d+)?$")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: object) -> str:
    """Text with stray spaces removed; whole numbers lose their ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_number(value: object) -> float:
    """``1234``, ``1.234``, ``1.234,5``, ``12,5``, ``12,5%``, ``Rp 1.000.000`` and Excel numbers."""
    if isinstance(value, bool):
        raise CellError("type-number")
    if isinstance(value, (int, float)):
        return _bounded(float(value))
    if not isinstance(value, str):
        raise CellError("type-number")
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"^(rp\.?)", "", text, flags=re.IGNORECASE)
    text = text.removesuffix("%")
    negative = text.startswith("-") or text.startswith("−")
    text = text.lstrip("-−+")
    if not text or not re.fullmatch(r"[\d.,]+", text) or not any(ch.isdigit() for ch in text):
        raise CellError("type-number")
    if _THOUSANDS_DOT.match(text):  # Indonesian: 1.234.567,89
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(text):  # English: 1,234,567.89
        text = text.replace(",", "")
    elif "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif text.count(",") == 1:  # 12,5 is a decimal comma here
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CellError("type-number") from None
    return _bounded(-number if negative else number)


def _bounded(number: float) -> float:
    """Every number that enters the database is finite and within :data:`MAX_NUMBER`."""
    if not math.isfinite(number):
        raise CellError("number-not-finite")
    if abs(number) > MAX_NUMBER:
        raise CellError("number-too-large", limit="1.000.000.000.000")
    return number


def parse_integer(value: object) -> int:
    number = parse_number(value)
    if not float(number).is_integer():
        raise CellError("type-integer")
    return int(number)


def parse_date(value: object) -> dt.date:
    """Excel dates and serials, ``17/11/2025``, ``17-11-2025``, ``17 Nov 2025``, ``17 Nopember 2025``, ``2025-11-17``;
    years 2000–2100 only."""
    day = _any_date(value)
    if day.year not in YEARS:
        raise CellError("date-invalid")
    return day


def _any_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000 and float(value).is_integer():  # Excel serial: 1954..2119
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("type-date")
    if not isinstance(value, str):
        raise CellError("type-date")
    text = " ".join(value.split())
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_DATE.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if (m := _WORD_DATE.match(text)) and m[2].lower() in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    except ValueError:
        pass
    raise CellError("type-date")


def parse_week(value: object) -> Week:
    """``2025-W47`` or any date inside the week."""
    if isinstance(value, str):
        try:
            week = Week.parse(value)
        except ValueError:
            pass
        else:
            if week.year not in YEARS:
                raise CellError("week-invalid")
            return week
    try:
        return Week.of(parse_date(value))
    except CellError:
        raise CellError("week-invalid") from None
