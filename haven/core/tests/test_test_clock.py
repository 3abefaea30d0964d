"""The tests' own clock: ``HAVEN_TEST_NOW`` (root conftest.py) and the dates that tests derive
from the clock they run at (docs/how-to/testing.md)."""

import os
import time
from datetime import UTC, date, datetime, timedelta

import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.tests.world import DEMO_DAY, date_of_birth_for_age
from haven.people.age import age_on


def test_every_test_starts_at_haven_test_now_when_it_is_set():
    text = os.environ.get("HAVEN_TEST_NOW")
    start = timezone.now()
    if not text:
        assert not time_machine.escape_hatch.is_travelling()
        return
    assert timedelta(0) <= start - datetime.fromisoformat(text) < timedelta(seconds=30)
    time.sleep(0.01)
    assert timezone.now() > start, "time ticks on from HAVEN_TEST_NOW"


def test_a_tests_own_travel_wins(time_machine):
    time_machine.move_to(DEMO_DAY, tick=False)
    assert timezone.now() == DEMO_DAY
    assert timezone.localdate() == date(2026, 11, 24)


@given(
    today=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)),
    age=st.integers(min_value=0, max_value=100),
)
def test_date_of_birth_for_age_gives_that_age_on_any_day(today, age):
    noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    with time_machine.travel(noon, tick=False):
        born = date_of_birth_for_age(age)
        assigned = date_of_birth_for_age(age, month=1, day=1)
    assert age_on(born, today) == age
    assert born < today
    assert (born.month, born.day) != (2, 29)
    assert age_on(assigned, today) == age
    assert (assigned.month, assigned.day) == (1, 1)
