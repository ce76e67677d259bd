"""ISO 8601 dates as the annotation schema writes them, checked against the calendar.

The schema's pattern only checks the shape; "2023-02-30" and "--13" have the shape and are no date. A value
is a calendar date at its own precision (YYYY, YYYY-MM, YYYY-MM-DD, --MM, --MM-DD) or an interval a/b of two
such dates where a does not begin after b ends.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# The schema's iso_date shapes: YYYY[-MM[-DD]] or --MM[-DD].
_DATE = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
    r"|--(?P<month_only>[0-9]{2})(?:-(?P<day_only>[0-9]{2}))?"
)
_LEAP_YEAR = 2000  # a yearless --02-29 is a real day in some year
# Fixed English names: `calendar.month_name` follows the locale, and messages must not.
_MONTHS = (
    "",
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


@dataclass(frozen=True)
class _Date:
    year: int | None
    month: int | None
    day: int | None

    def first(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 1, self.day or 1)

    def last(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year or _LEAP_YEAR, month)[1]
        return (self.year or 0, month, day)


class _NotADate(ValueError):
    pass


def date_problem(value: str) -> str | None:
    """Why `value` is no calendar date, or None when it is one (or is not date-shaped: the schema says so)."""
    halves = value.split("/")
    if len(halves) > 2 or not all(_DATE.fullmatch(half) for half in halves):
        return None
    try:
        dates = [_parse(half) for half in halves]
    except _NotADate as error:
        return f"{value!r} is not a calendar date ({error})"
    if len(dates) == 2:
        return _interval_problem(value, dates[0], dates[1])
    return None


def _parse(text: str) -> _Date:
    match = _DATE.fullmatch(text)
    assert match is not None  # date_problem parses only what matched
    year, month, day = (
        _number(match.group("year")),
        _number(match.group("month") or match.group("month_only")),
        _number(match.group("day") or match.group("day_only")),
    )
    if month is not None and not 1 <= month <= 12:
        raise _NotADate(f"there is no month {month:02d}")
    if day is not None and month is not None:
        days = calendar.monthrange(year if year is not None else _LEAP_YEAR, month)[1]
        if not 1 <= day <= days:
            if year is None:
                raise _NotADate(f"{_MONTHS[month]} has at most {days} days")
            raise _NotADate(f"{_MONTHS[month]} {year} has {days} days")
    return _Date(year, month, day)


def _number(digits: str | None) -> int | None:
    return int(digits) if digits is not None else None


def _interval_problem(value: str, start: _Date, end: _Date) -> str | None:
    if (start.year is None) != (end.year is None):
        return f"{value!r} mixes a date with a year and one without; give both ends the same form"
    if start.first() > end.last():
        return f"{value!r} is an interval whose start is after its end"
    return None
