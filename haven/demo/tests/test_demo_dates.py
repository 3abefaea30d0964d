"""The demo keeps its children's ages whatever day it is loaded: a child born, as written, on
1 January 2009 must not become an adult (and be refused as a "child") in 2027."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command

from haven.demo.loader import DEMO_AGES_ON, demo_date_of_birth
from haven.people.age import age_on
from haven.people.models import Person


@pytest.mark.parametrize(
    "today", [DEMO_AGES_ON, date(2027, 1, 2), date(2030, 6, 15), date(2028, 2, 29)]
)
def test_ages_are_those_of_the_demo_day(today):
    for written in (date(2009, 1, 1), date(2012, 3, 4), date(2008, 2, 29), date(1985, 6, 1)):
        moved = demo_date_of_birth(written, today=today)
        assert age_on(moved, today) == age_on(written, DEMO_AGES_ON)
    assert demo_date_of_birth(None, today=today) is None


# On SQLite only: test_demo loads the demo on PostgreSQL; what this adds is the date, and dates
# are worked out the same on both (decision 0055).
@pytest.mark.postgresql_repeat
@pytest.mark.django_db
def test_the_demo_loads_in_2030_with_its_children_still_children(capsys):
    with time_machine.travel(datetime(2030, 6, 15, 10, 0, tzinfo=UTC), tick=True):
        call_command("load_demo")
        mo = Person.objects.get(given_name="Muhammad", family_name="Aly")
        assert age_on(mo.date_of_birth, date(2030, 6, 15)) == 17
        call_command("load_demo")  # still idempotent
        assert Person.objects.filter(given_name="Muhammad", family_name="Aly").count() == 1
