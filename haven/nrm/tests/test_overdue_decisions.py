"""The team's referrals waiting past the reasonable grounds target, as its home page lists
them: the oldest few read, all of them counted in the database."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.nrm import rules
from haven.nrm.models import NrmReferral
from haven.nrm.rules import NrmState
from haven.nrm.selectors import overdue_decisions_for_team
from haven.workflows import nrm as workflow

TODAY = date(2026, 12, 14)


@given(
    today=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    back=st.integers(min_value=-5, max_value=40),
)
def test_a_referral_is_overdue_exactly_when_submitted_by_the_latest_overdue_day(today, back):
    submitted = today - timedelta(days=back)
    overdue = rules.reasonable_grounds_overdue(
        state=NrmState.SUBMITTED, submitted_on=submitted, today=today
    )
    assert overdue == (submitted <= rules.latest_overdue_submission(today))


def test_the_latest_overdue_day_over_christmas():
    # Submitted on 23 December 2026 the target's last day is 4 January 2027 (25, 26 and 28
    # December and 1 January are holidays): overdue from the 5th.
    assert rules.latest_overdue_submission(date(2027, 1, 4)) < date(2026, 12, 23)
    assert rules.latest_overdue_submission(date(2027, 1, 5)) == date(2026, 12, 23)


def _submitted(referral: NrmReferral, days: list[date], state=NrmState.SUBMITTED) -> None:
    for day in days:
        referral.pk = None
        referral.save()
        NrmReferral.objects.filter(pk=referral.pk).update(state=state, submitted_on=day)


@pytest.mark.django_db
def test_the_oldest_overdue_are_listed_and_every_one_counted(world):
    warrington = world.la("warrington")
    case = open_case(world)
    first = workflow.nrm_referral_start(actor=warrington.practitioner, case=case)
    last_overdue = rules.latest_overdue_submission(TODAY)
    overdue_days = [last_overdue - timedelta(days=3 * n) for n in range(12)]
    _submitted(first, overdue_days)
    _submitted(first, [last_overdue + timedelta(days=1), TODAY])  # still in time
    _submitted(
        first, [last_overdue - timedelta(days=60)], state=NrmState.REASONABLE_GROUNDS_POSITIVE
    )
    # Another team's case: never on Warrington's list.
    _submitted(
        workflow.nrm_referral_start(
            actor=world.la("halton").practitioner, case=open_case(world, area="halton")
        ),
        [last_overdue],
    )

    listed = overdue_decisions_for_team(user=warrington.practitioner, today=TODAY, shown=5)
    assert [row.referral.submitted_on for row in listed.oldest] == sorted(overdue_days)[:5]
    assert all(
        row.due == rules.reasonable_grounds_due(row.referral.submitted_on) for row in listed.oldest
    )
    assert listed.total == 12
    assert AuditEvent.objects.filter(verb=Verb.VIEWED, target_id="overdue_for_team").count() == 1

    every = overdue_decisions_for_team(user=warrington.practitioner, today=TODAY, shown=20)
    assert (len(every.oldest), every.total) == (12, 12)
    halton = overdue_decisions_for_team(user=world.la("halton").practitioner, today=TODAY)
    assert (len(halton.oldest), halton.total) == (1, 1)


@pytest.mark.django_db
def test_nothing_overdue_is_nothing_listed_and_nothing_audited(world):
    warrington = world.la("warrington")
    first = workflow.nrm_referral_start(actor=warrington.practitioner, case=open_case(world))
    _submitted(first, [TODAY])
    listed = overdue_decisions_for_team(user=warrington.practitioner, today=TODAY)
    assert (listed.oldest, listed.total) == ([], 0)
    assert not AuditEvent.objects.filter(target_id="overdue_for_team").exists()
    # Someone who does not work cases (the police raise concerns) has no such list.
    police = overdue_decisions_for_team(user=world.police.practitioner, today=TODAY)
    assert (police.oldest, police.total) == ([], 0)
