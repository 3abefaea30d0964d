"""The factories of every app make valid rows, whatever day the tests run on."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from haven.accounts.models import AgencyType
from haven.cases.models import CaseStatus, ConcernStatus
from haven.cases.tests.factories import CaseFactory, ConcernFactory
from haven.core.tests.support import model_factories
from haven.matching.tests.factories import DuplicateCandidateFactory
from haven.people.age import age_on
from haven.people.models import PersonKind
from haven.people.tests.factories import PersonFactory, RelationshipFactory
from haven.screening.tests.factories import ScreeningFactory

pytestmark = pytest.mark.django_db

# The models the domain tests build rows of (issue: architecture, point 10).
DOMAIN_MODELS = {
    "people.person",
    "people.alias",
    "people.identifier",
    "people.address",
    "people.phone",
    "people.relationship",
    "cases.concern",
    "cases.case",
    "cases.casenote",
    "cases.caseshare",
    "actions.task",
    "screening.screening",
    "meetings.strategymeeting",
    "matching.duplicatecandidate",
    "notifications.notification",
}


def test_every_domain_model_has_a_factory():
    have = {model._meta.label_lower for model in model_factories()}
    assert sorted(DOMAIN_MODELS - have) == []


@pytest.mark.parametrize(
    "model_factory",
    sorted(model_factories().values(), key=lambda f: f._meta.model._meta.label_lower),
    ids=lambda f: f._meta.model._meta.label_lower,
)
def test_each_factory_makes_a_valid_row(model_factory):
    row = model_factory()
    row.full_clean()
    assert type(row)._default_manager.filter(pk=row.pk).exists()


def test_rows_hang_together():
    concern = ConcernFactory(accepted=True)
    assert concern.status == ConcernStatus.ACCEPTED
    assert concern.case.person == concern.person
    assert concern.decided_by.agency == concern.case.lead_agency
    assert concern.raised_by_agency.agency_type == AgencyType.POLICE
    screening = ScreeningFactory(case=concern.case)
    assert screening.person == concern.person
    assert screening.outcome == "potential_victim"
    assert screening.person_status == "child"
    closed = CaseFactory(closed=True)
    closed.full_clean()
    assert closed.status == CaseStatus.CLOSED
    parent = RelationshipFactory()
    assert parent.person.kind == PersonKind.PARENT_OR_CARER
    assert parent.recorded_by_agency == parent.person.recorded_by_agency


def test_a_pair_is_stored_in_id_order_whichever_comes_first():
    first, second = PersonFactory(), PersonFactory()
    pair = DuplicateCandidateFactory(person_a=second, person_b=first)
    assert (pair.person_a, pair.person_b) == (first, second)


def test_cases_are_led_by_the_world_s_warrington_front_door(world):
    case = CaseFactory()
    assert case.lead_agency == world.la("warrington").agency
    assert case.lead_team == world.la("warrington").team


class TestWhateverTheDay(HypothesisTestCase):
    @settings(max_examples=25)
    @given(today=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
    def test_a_child_is_14_and_an_adult_34_on_any_day(self, today):
        noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
        with time_machine.travel(noon, tick=False):
            child, adult = PersonFactory(), PersonFactory(adult=True)
            for person in (child, adult):
                person.full_clean()
            assert age_on(child.date_of_birth, timezone.localdate()) == 14
            assert age_on(adult.date_of_birth, timezone.localdate()) == 34
            assert (child.date_of_birth.month, child.date_of_birth.day) != (2, 29)
            concern = ConcernFactory(person=child)
            assert concern.occurred_at < concern.referred_at < concern.decision_due_at
