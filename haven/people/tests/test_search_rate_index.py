"""The search rate limit (against an insider probing records: a burst of searches is refused
and the auditors told, ``tests/security/test_insider_threats.py``) runs on
every person search and possible-match lookup. It must read only the searcher's own last few
minutes, through the index of each actor's audit events by time, however many searches the
audit trail holds: through the index on the verb alone it read every search ever recorded
(2,532 rows for one lookup after three load runs; millions in a year at national size)."""

import pytest
from django.db import connection
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.people.selectors import recent_searches

pytestmark = pytest.mark.django_db


def _searched(user, times: int) -> None:
    for _ in range(times):
        audit_record(actor=user, verb=Verb.SEARCHED, target=("people.person", ""))


def test_the_rate_limit_reads_the_searchers_recent_events_by_the_actor_and_time_index():
    searcher, others = UserFactory(), UserFactory.create_batch(4)
    for other in others:
        _searched(other, 60)
    _searched(searcher, 3)
    searches = recent_searches(user=searcher, now=timezone.now()).exclude(
        changes__has_key="refused"
    )
    assert searches.count() == 3
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            # A table this small is cheapest to read whole; at scale it is not. Which index
            # the planner takes over the other is what is tested.
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = searches.explain()
    assert "audit_actor_when" in plan, plan
    assert "auditevent_verb" not in plan, plan  # the index of the verb alone
