"""One source for each rule about a person's record: the page shows the service's message,
the API gives the same one, and a rule the form used to hold alone is the service's now."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.cases.tests.world import date_of_birth_for_age, make_child
from haven.core.tests.support import api_message, page_text
from haven.people.models import Address, Person, Phone
from haven.people.services import address_add, person_update, phone_add
from haven.people.tests.test_views import person_form_data

pytestmark = pytest.mark.django_db


def service_message(error: pytest.ExceptionInfo, field: str) -> str:
    [message] = error.value.message_dict[field]
    return message


@pytest.mark.parametrize(
    ("page_changes", "api_body"),
    [
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            {"date_of_birth": None, "dob_precision": "exact"},
        ),
        ({"dob_precision": "unknown"}, {"dob_precision": "unknown"}),
    ],
    ids=["precision-without-a-date", "a-date-whose-precision-is-unknown"],
)
def test_the_date_of_birth_and_its_precision(
    world, verified_client, verified_api_client, page_changes, api_body
):
    user = world.police.practitioner
    child = make_child(user)
    api = verified_api_client(user).patch(
        f"/api/v1/people/{child.pk}/", {**api_body, "version": child.version}, format="json"
    )
    message = api_message(api, "dob_precision")
    page = verified_client(user).post(
        reverse("people:edit", args=[child.pk]), person_form_data(child, **page_changes)
    )
    text = page_text(page)
    assert message in text
    assert 'id="id_dob_precision_error"' in text
    assert Person.objects.get(pk=child.pk).version == child.version


def test_a_date_of_birth_without_a_precision_is_exact_in_the_api(world, verified_api_client):
    """The API may leave the precision out when it gives a date: it is then exact."""
    user = world.police.practitioner
    response = verified_api_client(user).post(
        "/api/v1/concerns/",
        {
            "description": "Seen getting into a taxi arranged by an unrelated adult.",
            "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "home_area": "warrington",
            "person": {
                "given_name": "Lena",
                "date_of_birth": date_of_birth_for_age(14).isoformat(),
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get(given_name="Lena").dob_precision == "exact"


def test_a_phone_number_is_the_services_rule(world):
    child = make_child(world.police.practitioner)
    with pytest.raises(ValidationError) as refused:
        phone_add(actor=world.police.practitioner, person=child, number="call me")
    assert "Enter a phone number" in service_message(refused, "number")
    assert not Phone.objects.exists()


ADDRESS_PAGE = {
    "kind": "placement",
    "line_1": "2 Hidden Road",
    "town": "Warrington",
    "postcode": "wa1 1aa",
    "is_confidential": "False",
}


@pytest.mark.parametrize(
    ("page", "service", "field"),
    [
        (
            {"is_confidential": "True"},
            {"is_confidential": True, "named_users": "la"},
            "held_by_team",
        ),
        (
            {"is_confidential": "True", "held_by_team": "la"},
            {"is_confidential": True, "held_by_team": "la"},
            "named_users",
        ),
        (
            {
                "from_date_day": "2",
                "from_date_month": "3",
                "from_date_year": "2024",
                "to_date_day": "1",
                "to_date_month": "3",
                "to_date_year": "2024",
            },
            {"from_date": date(2024, 3, 2), "to_date": date(2024, 3, 1)},
            "to_date",
        ),
    ],
    ids=["confidential-without-a-team", "confidential-without-named-people", "ends-first"],
)
def test_an_address(world, verified_client, page, service, field):
    """No API adds addresses: the page says what the service says."""
    la = world.la("warrington")
    child = make_child(la.practitioner)
    resolve = {"held_by_team": la.team, "named_users": [la.practitioner]}
    service = {name: resolve[name] if value == "la" else value for name, value in service.items()}
    with pytest.raises(ValidationError) as refused:
        address_add(
            actor=la.practitioner,
            person=child,
            line_1="2 Hidden Road",
            kind="placement",
            **service,
        )
    message = service_message(refused, field)
    ids = {"held_by_team": la.team.pk, "named_users": la.practitioner.pk}
    page = {name: ids[name] if value == "la" else value for name, value in page.items()}
    response = verified_client(la.practitioner).post(
        reverse("people:add_address", args=[child.pk]), {**ADDRESS_PAGE, **page}
    )
    text = page_text(response)
    assert message in text
    assert f'id="id_{field}_error"' in text or f'id="id_{field}_day_error"' in text
    assert not Address.objects.exists()


def test_a_confidential_address_is_held_and_seen_within_the_agency(world):
    """The page offers only the user's own agency's teams and people; the service holds it."""
    la = world.la("warrington")
    child = make_child(la.practitioner)
    with pytest.raises(ValidationError) as refused:
        address_add(
            actor=la.practitioner,
            person=child,
            line_1="2 Hidden Road",
            is_confidential=True,
            held_by_team=world.health.team,
            named_users=[world.health.practitioner],
        )
    assert set(refused.value.message_dict) == {"held_by_team", "named_users"}
    assert not Address.objects.exists()


def test_changing_only_other_details_keeps_an_older_record_editable(world):
    """The precision rule is checked when the date of birth or its precision is written."""
    child = make_child(world.police.practitioner)
    Person.objects.filter(pk=child.pk).update(dob_precision="unknown")
    child.refresh_from_db()
    person_update(
        actor=world.police.practitioner,
        person=child,
        expected_version=child.version,
        first_language="Arabic",
    )
    assert Person.objects.get(pk=child.pk).first_language == "Arabic"
