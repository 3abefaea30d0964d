"""Part 1 of the profile: who keeps it, structured lists normalised, a stale edit refused, the
review date and when a profile goes out of date."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.accounts.tests.factories import AgencyFactory, TeamFactory, UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.audit.verbs import PHILOMENA_PROFILE_FIELDS
from haven.audit.versioning import StaleVersionError
from haven.cases.tests.world import make_child, open_case, share
from haven.philomena.models import PROFILE_FIELDS
from haven.philomena.selectors import profile_get_for_user
from haven.philomena.services import PHONE_WRONG, POSTCODE_WRONG, profile_save
from haven.philomena.tests.images import profile_for

pytestmark = pytest.mark.django_db


def _carer_agency():
    agency = AgencyFactory(name="Northern Foster Care Partners", agency_type=AgencyType.NGO)
    team = TeamFactory(agency=agency, name="Fostering team")
    return UserFactory(email="carer@fostering.test", agency=agency, team=team)


def test_associates_places_and_phones_are_kept_structured_and_normalised(world):
    case = open_case(world)
    profile = profile_for(
        world.la("warrington").practitioner,
        case.person,
        associates=[{"name": " Dean ", "relationship": "older 'boyfriend'", "details": ""}, {}],
        places=[{"description": "Takeaway", "address": "12 Bridge Street", "postcode": "wa14ab"}],
        phones=[{"number": "07700 900982", "whose": "her own"}, {"number": "", "whose": ""}],
    )
    assert profile.associates == [
        {"name": "Dean", "relationship": "older 'boyfriend'", "details": ""}
    ]
    assert profile.places[0]["postcode"] == "WA1 4AB"
    assert profile.phones == [{"number": "+447700900982", "whose": "her own"}]


def test_a_wrong_postcode_or_phone_is_refused_and_nothing_saved(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as refused:
        profile_for(
            world.la("warrington").practitioner,
            case.person,
            places=[{"description": "Park", "postcode": "NOT A CODE"}],
            phones=[{"number": "12"}],
            associates=[{"relationship": "cousin"}],
        )
    assert refused.value.message_dict == {
        "places.0.postcode": [POSTCODE_WRONG],
        "phones.0.number": [PHONE_WRONG],
        "associates.0.name": ["Enter the associate's name"],
    }
    assert not case.person.philomena_profiles.exists()


def test_a_stale_edit_is_refused_not_lost(world):
    case = open_case(world)
    practitioner, manager = world.la("warrington").practitioner, world.la("warrington").manager
    profile = profile_for(practitioner, case.person, hair="Long, dark brown")
    profile_save(actor=manager, person=case.person, expected_version=1, hair="Dyed red, short")
    with pytest.raises(StaleVersionError) as stale:
        profile_save(actor=practitioner, person=case.person, expected_version=1, eyes="Brown")
    assert "hair" in str(stale.value)
    profile.refresh_from_db()
    assert (profile.hair, profile.eyes, profile.version) == ("Dyed red, short", "", 2)


def test_saving_unchanged_records_a_review_by_whoever_saved(world):
    case = open_case(world)
    practitioner, manager = world.la("warrington").practitioner, world.la("warrington").manager
    profile = profile_for(practitioner, case.person, hair="Brown")
    with time_machine.travel(timezone.now() + timedelta(days=100)):
        view = profile_get_for_user(user=manager, person_id=case.person.pk)
        assert view.stale
        profile_save(actor=manager, person=case.person, expected_version=1, hair="Brown")
        view = profile_get_for_user(user=manager, person_id=case.person.pk)
        assert not view.stale
        assert view.profile.reviewed_by == manager
    event = AuditEvent.objects.get(verb=Verb.PHILOMENA_PROFILE_UPDATED, target_id=str(profile.pk))
    assert set(event.changes) == {"reviewed_at", "reviewed_by", "version"}


def test_out_of_date_after_the_configured_days(world, settings):
    settings.HAVEN_PHILOMENA_REVIEW_DAYS = 30
    case = open_case(world)
    user = world.la("warrington").practitioner
    profile_for(user, case.person)
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert not profile_get_for_user(user=user, person_id=case.person.pk).stale
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert profile_get_for_user(user=user, person_id=case.person.pk).stale


def test_who_keeps_a_profile_through_the_case(world):
    case = open_case(world)
    profile_for(world.la("warrington").practitioner, case.person)
    person_id = case.person.pk
    for user in (world.la("warrington").manager,):
        assert profile_get_for_user(user=user, person_id=person_id).profile is not None
    # A share of the missing section lets its agency keep it; other sections do not.
    share(world, case, world.school, ["chronology", "notes"])
    with pytest.raises(Http404):
        profile_get_for_user(user=world.school.practitioner, person_id=person_id)
    share(world, case, world.health, ["missing"])
    assert profile_get_for_user(user=world.health.practitioner, person_id=person_id)
    # The police recorded the child but see no missing section; roles without case work never.
    for user in (world.police.practitioner, world.admin, world.auditor, world.strategic_lead):
        with pytest.raises(Http404):
            profile_get_for_user(user=user, person_id=person_id)
    assert not AuditEvent.objects.filter(
        verb=Verb.PHILOMENA_PROFILE_VIEWED, actor=world.police.practitioner
    ).exists()


def test_without_a_case_the_authority_that_recorded_the_child_starts_it_with_a_carer(world):
    warrington = world.la("warrington")
    child = make_child(warrington.practitioner)
    carer = _carer_agency()
    # Before the profile names the carer's agency, its staff cannot see it.
    with pytest.raises(Http404):
        profile_get_for_user(user=carer, person_id=child.pk)
    profile = profile_for(warrington.practitioner, child, carer_agency=carer.agency)
    assert profile.responsible_agency == warrington.agency
    assert profile_get_for_user(user=carer, person_id=child.pk).profile == profile
    profile_save(actor=carer, person=child, expected_version=1, transport="Buses to Chester")
    # Another authority, and a police officer, still get "not found".
    for user in (world.la("halton").manager, world.police.practitioner):
        with pytest.raises(Http404):
            profile_get_for_user(user=user, person_id=child.pk)
    with pytest.raises(PermissionDenied):
        profile_save(actor=world.la("halton").manager, person=child, expected_version=2)


def test_a_child_with_an_open_case_gets_the_lead_authority_as_responsible(world):
    case = open_case(world, area="halton")
    profile = profile_for(world.la("halton").practitioner, case.person)
    assert profile.responsible_agency == case.lead_agency


def test_the_audited_fields_are_the_profile_fields():
    assert set(PHILOMENA_PROFILE_FIELDS) == {*PROFILE_FIELDS, "reviewed_by"}
