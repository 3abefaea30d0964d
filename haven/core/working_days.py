"""Working-day arithmetic for statutory clocks, in Europe/London time.

A working day is Monday to Friday and not an English bank holiday. Clocks run to the end of a
day (23:59:59 local time), because a practitioner told "within 3 working days" has all of the
third day. The day of assessment is day 0 whatever time it is.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
END_OF_DAY = time(23, 59, 59)


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    # Cached per year as a frozenset: the holidays library fills its dict lazily, which is not
    # safe to share between threads.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def warm() -> None:
    """Keep last, this and next year's bank holidays before a web worker's first request
    (``HAVEN_WORKER_WARMERS``): the first read imports every country the holidays library
    knows, about 80 ms that a user's first page would otherwise wait for."""
    this_year = datetime.now(LONDON).year
    for year in (this_year - 1, this_year, this_year + 1):
        _bank_holidays(year)


def is_working_day(*, day: date) -> bool:
    """Monday to Friday and not an English bank holiday (substitute days included)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def london_date(*, at: datetime) -> date:
    """The calendar date in Europe/London at an aware instant."""
    _require_aware(at)
    return at.astimezone(LONDON).date()


def end_of_day(*, day: date) -> datetime:
    """23:59:59 Europe/London on ``day``, timezone-aware."""
    return datetime.combine(day, END_OF_DAY, tzinfo=LONDON)


def add_working_days(*, start: datetime, days: int) -> datetime:
    """The end of the ``days``-th working day after the London date of ``start``.

    The start day itself is day 0, so 1 working day from a Friday is the end of Monday (or of
    Tuesday after a bank holiday Monday).
    """
    if days < 1:
        raise ValueError(f"days must be 1 or more, got {days}")
    day = london_date(at=start)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day=day):
            counted += 1
    return end_of_day(day=day)


def end_of_same_working_day(*, at: datetime) -> datetime:
    """The end of the London date of ``at`` if it is a working day, else of the next one."""
    day = london_date(at=at)
    while not is_working_day(day=day):
        day += timedelta(days=1)
    return end_of_day(day=day)


def _require_aware(at: datetime) -> None:
    # A naive datetime would silently be read in the server's zone; clocks must not depend on it.
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at.isoformat()} has no time zone; pass an aware datetime")
