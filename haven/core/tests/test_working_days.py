"""Working days: weekends and English bank holidays skipped, Europe/London time."""

from datetime import date, datetime

import pytest
import time_machine

from haven.core import working_days
from haven.core.working_days import (
    LONDON,
    add_working_days,
    end_of_same_working_day,
    is_working_day,
)
from haven.screening.tests.builders import london


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 24), True),  # Tuesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas Day, Friday
        (date(2026, 12, 28), False),  # Boxing Day falls on Saturday: substitute Monday
        (date(2026, 12, 29), True),
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 8, 31), False),  # Summer bank holiday (England, not Scotland)
        (date(2026, 11, 30), True),  # St Andrew's Day is a Scottish holiday only
        (date(2027, 1, 4), True),  # 2 January holiday (Scotland) does not apply
    ],
)
def test_working_days_are_english_weekdays_without_bank_holidays(day, working):
    assert is_working_day(day=day) is working


def test_three_working_days_from_tuesday_is_end_of_friday():
    due = add_working_days(start=london("2026-11-24T10:00:00+00:00"), days=3)
    assert due.isoformat() == "2026-11-27T23:59:59+00:00"


def test_assessment_day_is_day_zero_whatever_the_time():
    for time_of_day in ("00:00:01", "23:59:00"):
        due = add_working_days(start=london(f"2026-11-24T{time_of_day}+00:00"), days=1)
        assert due.isoformat() == "2026-11-25T23:59:59+00:00"


def test_weekend_is_skipped():
    friday = london("2026-11-27T16:00:00+00:00")
    assert add_working_days(start=friday, days=1).isoformat() == "2026-11-30T23:59:59+00:00"
    saturday = london("2026-11-28T09:00:00+00:00")
    assert add_working_days(start=saturday, days=1).isoformat() == "2026-11-30T23:59:59+00:00"


def test_christmas_and_boxing_day_2026_are_skipped():
    christmas_eve = london("2026-12-24T12:00:00+00:00")
    # Friday 25 (Christmas), weekend, Monday 28 (Boxing Day substitute): Tuesday 29.
    assert add_working_days(start=christmas_eve, days=1).isoformat() == (
        "2026-12-29T23:59:59+00:00"
    )
    friday_before = london("2026-12-18T12:00:00+00:00")
    # 21, 22, 23, 24, then 29 December.
    assert add_working_days(start=friday_before, days=5).isoformat() == (
        "2026-12-29T23:59:59+00:00"
    )


def test_british_summer_time_dates_end_at_2359_bst():
    wednesday = london("2026-06-10T10:00:00+01:00")
    due = add_working_days(start=wednesday, days=3)
    assert due.isoformat() == "2026-06-15T23:59:59+01:00"
    assert due.utcoffset().total_seconds() == 3600


def test_day_of_assessment_is_the_london_date_not_the_utc_date():
    # 23:30 UTC on Wednesday 10 June is 00:30 BST on Thursday 11 June.
    late = datetime.fromisoformat("2026-06-10T23:30:00+00:00")
    assert add_working_days(start=late, days=1).isoformat() == "2026-06-12T23:59:59+01:00"


def test_clock_changes_are_crossed_correctly():
    before_autumn_change = london("2026-10-23T10:00:00+01:00")  # Friday, BST
    assert add_working_days(start=before_autumn_change, days=1).isoformat() == (
        "2026-10-26T23:59:59+00:00"
    )
    before_spring_change = london("2026-03-27T10:00:00+00:00")  # Friday, GMT
    assert add_working_days(start=before_spring_change, days=1).isoformat() == (
        "2026-03-30T23:59:59+01:00"
    )


def test_end_of_same_working_day():
    tuesday = london("2026-11-24T10:00:00+00:00")
    assert end_of_same_working_day(at=tuesday).isoformat() == "2026-11-24T23:59:59+00:00"
    saturday = london("2026-11-28T10:00:00+00:00")
    assert end_of_same_working_day(at=saturday).isoformat() == "2026-11-30T23:59:59+00:00"
    christmas = london("2026-12-25T10:00:00+00:00")
    assert end_of_same_working_day(at=christmas).isoformat() == "2026-12-29T23:59:59+00:00"


def test_results_are_timezone_aware_in_london():
    due = add_working_days(start=london("2026-11-24T10:00:00+00:00"), days=5)
    assert due.tzinfo == LONDON


def test_naive_datetimes_and_non_positive_days_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        add_working_days(start=datetime(2026, 11, 24, 10, 0), days=1)
    with pytest.raises(ValueError, match="no time zone"):
        end_of_same_working_day(at=datetime(2026, 11, 24, 10, 0))
    with pytest.raises(ValueError, match="1 or more"):
        add_working_days(start=london("2026-11-24T10:00:00+00:00"), days=0)


def test_warming_keeps_last_this_and_next_years_bank_holidays():
    # A web worker's warmer (decision 0054): its first page reads no bank holidays.
    working_days._bank_holidays.cache_clear()
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=working_days.LONDON)):
        working_days.warm()
    assert working_days._bank_holidays.cache_info().currsize == 3
    for year in (2025, 2026, 2027):
        working_days._bank_holidays(year)
    assert working_days._bank_holidays.cache_info().misses == 3
    assert date(2027, 1, 1) in working_days._bank_holidays(2027)
