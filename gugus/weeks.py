"""ISO reporting weeks (Monday start) in the Asia/Pontianak time zone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval

from gugus.settings import TIMEZONE

_WEEK_RE = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[wW]\s*(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week, written ``2025-W47``."""

    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> Week:
        """Parse ``2025-W47`` (also ``2025W47``, ``2025 w47``); raise ValueError otherwise."""
        match = _WEEK_RE.match(text)
        if not match:
            raise ValueError(text)
        year, week = int(match[1]), int(match[2])
        dt.date.fromisocalendar(year, week, 1)  # raises ValueError for a week the year does not have
        return cls(year, week)

    @classmethod
    def of(cls, day: dt.date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def __add__(self, weeks: int) -> Week:
        return Week.of(self.monday + dt.timedelta(weeks=weeks))

    def __sub__(self, weeks: int) -> Week:
        return self + (-weeks)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def label(self, locale: str = "id") -> str:
        """``Minggu 47 (17–23 Nov 2025)``."""
        word = "Minggu" if locale == "id" else "Week"
        span = format_interval(self.monday, self.sunday, "yMMMd", locale=locale)
        return f"{word} {self.week} ({span})"


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO weeks of ``year`` (28 December is always in its last week)."""
    return dt.date(year, 12, 28).isocalendar().week


def today() -> dt.date:
    """Today's date in Asia/Pontianak."""
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def current_week() -> Week:
    return Week.of(today())


def week_range(last: Week, count: int) -> list[Week]:
    """The ``count`` weeks ending with ``last``, oldest first."""
    return [last - i for i in range(count - 1, -1, -1)]


def format_day(day: dt.date, locale: str = "id") -> str:
    """``17 Nov 2025``."""
    return format_date(day, "d MMM y", locale=locale)


def format_moment(moment: dt.datetime | None, seconds: bool = False, locale: str = "id") -> str:
    """``17 Nov 2025 14.05`` — a time of day in WIB (converted when the moment carries a zone)."""
    if moment is None or moment != moment:  # pandas' missing time (NaT) is not equal to itself
        return "–"
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(TIMEZONE))
    return format_datetime(moment, "d MMM y HH.mm" + (".ss" if seconds else ""), locale=locale)
