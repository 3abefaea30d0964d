"""One source for each rule: a rule the service enforces reads the same on the page as in the
API, because the page shows the service's own message (``GovukForm.add_service_errors``)
rather than a copy of the rule in the form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.cases.access import break_glass_reference
from haven.cases.models import CaseShare, Concern, ConcernStatus
from haven.cases.tests.world import make_child, open_case, raise_concern
from haven.core.tests.support import api_message, page_text
from haven.people.models import Person

pytestmark = pytest.mark.django_db


def concern_page_data(when, **changes) -> dict:
    return {
        "description": "Seen getting into a taxi arranged by an unrelated adult after school.",
        "occurred_on_day": when.day,
        "occurred_on_month": when.month,
        "occurred_on_year": when.year,
        "occurred_time": f"{when:%H:%M}",
        "location": "Warrington bus station",
        "indicator_codes": ["ind.transport_arranged_by_adult"],
        "immediate_danger": "False",
        "home_area": "warrington",
        **changes,
    }


def concern_api_body(when, **changes) -> dict:
    return {
        "description": "Seen getting into a taxi arranged by an unrelated adult after school.",
        "occurred_at": when.isoformat(),
        "indicator_codes": ["ind.transport_arranged_by_adult"],
        "home_area": "warrington",
        **changes,
    }


NEW_PERSON_PAGE = {
    "kind": "child",
    "given_name": "Lena",
    "family_name": "Novak",
    "date_of_birth_day": "",
    "date_of_birth_month": "",
    "date_of_birth_year": "",
    "dob_precision": "unknown",
    "dob_assigned_by_age_assessment": "False",
    "gender": "female",
    "nationality": "AL",
    "other_nationality": "",
    "first_language": "Albanian",
    "interpreter_needed": "True",
}


def test_a_concern_in_the_future(world, verified_client, verified_api_client):
    user = world.police.practitioner
    person = make_child(user)
    tomorrow = timezone.localtime() + timedelta(days=1)
    api = verified_api_client(user).post(
        "/api/v1/concerns/", concern_api_body(tomorrow, person_id=person.pk), format="json"
    )
    message = api_message(api, "occurred_at")
    assert message == "When it happened must be in the past."
    page = verified_client(user).post(
        reverse("cases:concern_create", args=[person.pk]), concern_page_data(tomorrow)
    )
    assert message in page_text(page)
    assert not Concern.objects.exists()


def test_a_front_door_decision_without_a_reason(world, verified_client, verified_api_client):
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    manager = world.la("warrington").manager
    api = verified_api_client(manager).post(
        f"/api/v1/concerns/{concern.pk}/decision/",
        {"decision": "information_only", "reason": "too short", "version": concern.version},
        format="json",
    )
    message = api_message(api, "reason")
    assert message == "Enter the reason for your decision."
    page = verified_client(manager).post(
        reverse("cases:concern_decide", args=[concern.pk]),
        {"decision": "information_only", "reason": "too short", "version": concern.version},
    )
    assert message in page_text(page)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING_DECISION


def _share_page_data(world, until, **changes) -> dict:
    return {
        "agency": world.school.agency.pk,
        "team": "",
        "sections": ["chronology"],
        "reason": "The school supports the child's safety plan.",
        "lawful_basis": "safeguarding_children",
        "until_day": until.day,
        "until_month": until.month,
        "until_year": until.year,
        **changes,
    }


def _share_api_body(world, expires_at, **changes) -> dict:
    return {
        "agency_id": world.school.agency.pk,
        "sections": ["chronology"],
        "reason": "The school supports the child's safety plan.",
        "lawful_basis": "safeguarding_children",
        "expires_at": expires_at.isoformat(),
        **changes,
    }


def test_sharing_with_a_team_of_another_agency(world, verified_client, verified_api_client):
    case = open_case(world)
    lead = world.la("warrington").manager
    soon = timezone.now() + timedelta(days=10)
    api = verified_api_client(lead).post(
        f"/api/v1/cases/{case.pk}/shares/",
        _share_api_body(world, soon, team_id=world.health.team.pk),
        format="json",
    )
    message = api_message(api, "team_id")
    assert message == "The team must belong to the chosen agency."
    page = verified_client(lead).post(
        reverse("cases:share", args=[case.pk]),
        _share_page_data(world, timezone.localdate(soon), team=world.health.team.pk),
    )
    assert message in page_text(page)
    assert not CaseShare.objects.exists()


def test_sharing_until_a_day_gone_by(world, verified_client, verified_api_client):
    case = open_case(world)
    lead = world.la("warrington").manager
    yesterday = timezone.localtime() - timedelta(days=1)
    api = verified_api_client(lead).post(
        f"/api/v1/cases/{case.pk}/shares/", _share_api_body(world, yesterday), format="json"
    )
    message = api_message(api, "expires_at")
    assert message == "The end date must be in the future."
    page = verified_client(lead).post(
        reverse("cases:share", args=[case.pk]), _share_page_data(world, yesterday.date())
    )
    assert message in page_text(page)
    assert not CaseShare.objects.exists()


def test_sharing_until_today_is_allowed(world, verified_client):
    case = open_case(world)
    response = verified_client(world.la("warrington").manager).post(
        reverse("cases:share", args=[case.pk]), _share_page_data(world, timezone.localdate())
    )
    assert response.status_code == 302
    assert timezone.localdate(CaseShare.objects.get().expires_at) == timezone.localdate()


def test_a_short_break_glass_reason(world, verified_client, verified_api_client):
    case = open_case(world)
    user = world.la("halton").practitioner
    reference = break_glass_reference(user, case)
    api = verified_api_client(user).post(
        f"/api/v1/cases/{case.pk}/break-glass/",
        {"reference": reference, "reason": "urgent"},
        format="json",
    )
    message = api_message(api, "reason")
    assert message == "Describe the urgent safeguarding reason (at least 20 characters)."
    page = verified_client(user).post(
        reverse("cases:break_glass", args=[case.pk]), {"reference": reference, "reason": "urgent"}
    )
    assert message in page_text(page)


def test_a_new_persons_phone_number(world, verified_client, verified_api_client):
    user = world.police.practitioner
    yesterday = timezone.localtime() - timedelta(days=1)
    person = {"given_name": "Lena", "family_name": "Novak", "phones": ["call me"]}
    api = verified_api_client(user).post(
        "/api/v1/concerns/", concern_api_body(yesterday, person=person), format="json"
    )
    message = api_message(api, "person.phones.0")
    assert message == "Enter a phone number, like 01632 960 001 or +44 7700 900 982"
    page = verified_client(user).post(
        reverse("people:add_phone", args=[make_child(user).pk]), {"number": "call me"}
    )
    assert message in page_text(page)
    assert not Person.objects.filter(given_name="Lena").exists()


def test_a_new_persons_alias_without_a_name(world, verified_client, verified_api_client):
    user = world.police.practitioner
    yesterday = timezone.localtime() - timedelta(days=1)
    person = {"given_name": "Lena", "aliases": [{"note": "street name"}]}
    api = verified_api_client(user).post(
        "/api/v1/concerns/", concern_api_body(yesterday, person=person), format="json"
    )
    message = api_message(api, "person.aliases.0")
    page = verified_client(user).post(
        reverse("people:add_alias", args=[make_child(user).pk]),
        {"given_name": "", "family_name": "", "note": "street name"},
    )
    assert message in page_text(page)


def test_a_new_persons_precision_without_a_date_of_birth(
    world, verified_client, verified_api_client
):
    user = world.police.practitioner
    yesterday = timezone.localtime() - timedelta(days=1)
    person = {"given_name": "Lena", "date_of_birth": None, "dob_precision": "estimated"}
    api = verified_api_client(user).post(
        "/api/v1/concerns/", concern_api_body(yesterday, person=person), format="json"
    )
    message = api_message(api, "person.dob_precision")
    page = verified_client(user).post(
        reverse("cases:concern_create_new_person"),
        {**concern_page_data(yesterday), **NEW_PERSON_PAGE, "dob_precision": "estimated"},
    )
    text = page_text(page)
    assert message in text
    # Next to the precision question (the service's "person.dob_precision"), not only in the
    # error summary.
    assert 'id="id_dob_precision_error"' in text
    assert not Person.objects.filter(given_name="Lena").exists()
