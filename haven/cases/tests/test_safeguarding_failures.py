"""The three safeguarding failures a practitioner trial found (issue: safe and usable for
practitioners, points 1 to 3), each performed as the trial did, on the page and the API."""

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from haven.cases.models import Concern, ConcernStatus
from haven.cases.tests.test_views import NEW_PERSON, concern_data
from haven.cases.tests.world import make_child, raise_concern
from haven.core.tests.support import text
from haven.people.models import Person
from haven.people.services import person_create

pytestmark = pytest.mark.django_db

# A Thursday in term time; every date below is relative to it.
TODAY = "2026-12-03T11:00:00+00:00"


@pytest.fixture(autouse=True)
def _today():
    """Every test here runs on TODAY: ages and the oldest date of birth depend on it. An autouse
    fixture is set up before the fixtures a test asks for, so the ``world`` is built on TODAY
    too."""
    with time_machine.travel(TODAY, tick=False):
        yield


def new_person(**changes) -> dict:
    return {**NEW_PERSON, **changes}


def dob(day: date) -> dict:
    return {
        "date_of_birth_day": str(day.day),
        "date_of_birth_month": str(day.month),
        "date_of_birth_year": str(day.year),
        "dob_precision": "exact",
    }


def api_concern(**person) -> dict:
    return {
        "person": {"given_name": "Ana", "family_name": "Lungu", **person},
        "description": "Found at a cannabis farm, isolated, speaks no English.",
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "indicator_codes": ["ind.cannabis_farm_or_drug_running", "ind.isolated_no_english"],
        "immediate_danger": False,
        "home_area": "warrington",
    }


# --- 1. A child cannot bypass the front door (DOMAIN §2 rule 3) ----------------------------


class TestTheDateOfBirthDecides:
    def test_page_refuses_an_adult_with_a_2015_date_of_birth(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create_new_person"),
            {**concern_data(), **new_person(kind="adult_of_concern", **dob(date(2015, 3, 12)))},
        )
        page = text(response)
        assert response.status_code == 200
        assert "You said the person is an adult, but the date of birth 12 March 2015" in page
        assert "makes them 11" in page
        assert not Concern.objects.exists() and not Person.objects.exists()

    def test_page_refuses_a_child_with_an_exact_1990_date_of_birth(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create_new_person"),
            {**concern_data(), **new_person(kind="child", **dob(date(1990, 5, 4)))},
        )
        assert "You said the person is a child, but the exact date of birth 4 May 1990" in text(
            response
        )
        assert not Concern.objects.exists()

    def test_api_refuses_an_adult_of_concern_with_a_2015_date_of_birth(
        self, world, verified_api_client
    ):
        api = verified_api_client(world.police.practitioner)
        body = api_concern(kind="adult_of_concern", date_of_birth="2015-03-12")
        response = api.post("/api/v1/concerns/", body, format="json")
        assert response.status_code == 400
        assert "makes them 11" in " ".join(response.json()["errors"]["person.kind"])
        assert not Concern.objects.exists()

    def test_a_parent_aged_16_goes_to_the_front_door(self, world):
        # "Parent or carer" is a role, not an age: the date of birth decides the route.

        parent = person_create(
            actor=world.police.practitioner,
            kind="parent_or_carer",
            given_name="Jade",
            family_name="Reilly",
            date_of_birth=date(2010, 8, 1),
            dob_precision="exact",
        )
        concern = raise_concern(world.police.practitioner, parent)
        assert concern.status == ConcernStatus.AWAITING_DECISION
        assert concern.referred_at is not None
        assert concern.adult_routes == []

    def test_an_adult_with_an_estimated_age_of_16_is_refused(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create_new_person"),
            {
                **concern_data(),
                **new_person(
                    kind="adult_of_concern",
                    **{**dob(date(2010, 1, 1)), "dob_precision": "estimated"},
                ),
            },
        )
        assert "makes them 16" in text(response)
        assert not Concern.objects.exists()

    def test_a_real_adult_follows_adult_routes(self, world):
        adult = person_create(
            actor=world.police.practitioner,
            kind="adult_of_concern",
            given_name="Pavel",
            family_name="Horak",
            date_of_birth=date(1990, 5, 4),
            dob_precision="exact",
        )
        concern = raise_concern(world.police.practitioner, adult)
        assert concern.status == ConcernStatus.ADULT_ROUTES_RECORDED
        assert "refer_childrens_social_care" not in concern.adult_routes


# --- 2. Screening never reads as reassurance (DOMAIN §3 and §4, revised) -------------------


def test_concern_page_says_consider_trafficking_and_what_to_ask(world, verified_client):
    client = verified_client(world.police.practitioner)
    child = make_child(world.police.practitioner, date_of_birth=date(2011, 6, 1))
    response = client.post(
        reverse("cases:concern_create", args=[child.pk]),
        concern_data(
            indicator_codes=["ind.cannabis_farm_or_drug_running", "ind.isolated_no_english"]
        ),
        follow=True,
    )
    page = text(response)
    assert "Consider trafficking" in page
    assert (
        "The definition is not yet met on what is recorded: no act. Trafficking must be "
        "considered." in page
    )
    assert "How did the child come to be there?" in page
    assert "Trafficking not indicated" not in page
    assert Concern.objects.get().screenings.get().result["finding"]["consider_trafficking"]


def test_the_act_is_asked_on_the_main_form(world, verified_client):
    client = verified_client(world.police.practitioner)
    page = text(client.get(reverse("cases:concern_create_new_person")))
    main_form = page.split("Record elements directly")[0]
    assert "How did the person come to be there?" in main_form
    assert 'value="act.transportation"' in main_form


# --- 3. Work is not lost ------------------------------------------------------------------


class TestNoWorkLost:
    def test_1890_date_of_birth_is_refused_on_the_page(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        response = client.post(
            reverse("cases:concern_create_new_person"),
            {**concern_data(), **new_person(**dob(date(1890, 1, 1)))},
        )
        assert response.status_code == 200
        assert "Date of birth must be after 3 December 1906" in text(response)
        assert not Concern.objects.exists()

    def test_1890_date_of_birth_is_400_on_the_api(self, world, verified_api_client):
        api = verified_api_client(world.police.practitioner)
        response = api.post(
            "/api/v1/concerns/", api_concern(date_of_birth="1890-01-01"), format="json"
        )
        assert response.status_code == 400
        assert response.json()["errors"]["person.date_of_birth"] == [
            "Date of birth must be after 3 December 1906: check the year (a person cannot be "
            "more than 120 years old)"
        ]

    def test_back_and_submit_again_records_one_concern(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        url = reverse("cases:concern_create_new_person")
        token = str(uuid.uuid4())
        data = {**concern_data(), **new_person(), "submission_token": token}
        first = client.post(url, data)
        again = client.post(url, data, follow=True)
        concern = Concern.objects.get()
        assert first.status_code == 302
        assert Person.objects.count() == 1
        assert again.redirect_chain[-1][0] == reverse("cases:concern_detail", args=[concern.pk])
        assert "It has not been recorded twice" in text(again)

    def test_each_form_page_carries_a_fresh_one_time_token(self, world, verified_client):
        client = verified_client(world.police.practitioner)
        url = reverse("cases:concern_create_new_person")
        tokens = {
            text(client.get(url)).split('name="submission_token" value="')[1][:36] for _ in range(2)
        }
        assert len(tokens) == 2

    def test_api_idempotency_key_records_once(self, world, verified_api_client):
        api = verified_api_client(world.police.practitioner)
        key = str(uuid.uuid4())
        first = api.post(
            "/api/v1/concerns/", api_concern(), format="json", HTTP_IDEMPOTENCY_KEY=key
        )
        again = api.post(
            "/api/v1/concerns/", api_concern(), format="json", HTTP_IDEMPOTENCY_KEY=key
        )
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        assert Concern.objects.count() == 1
        bad = api.post(
            "/api/v1/concerns/", api_concern(), format="json", HTTP_IDEMPOTENCY_KEY="not-a-uuid"
        )
        assert bad.status_code == 400
        assert "Idempotency-Key" in bad.json()["errors"]


def test_the_same_concern_sent_again_with_a_fresh_page_is_one_concern(world, verified_client):
    # Browsers differ in what they restore on "back": the page token may be new.
    client = verified_client(world.police.practitioner)
    url = reverse("cases:concern_create_new_person")
    data = {**concern_data(), **new_person()}
    client.post(url, {**data, "submission_token": str(uuid.uuid4())})
    again = client.post(url, {**data, "submission_token": str(uuid.uuid4())}, follow=True)
    assert Concern.objects.count() == 1
    assert "It has not been recorded twice" in text(again)
    # A different account of the same evening is a new concern.
    client.post(url, {**data, "description": "Seen again at 3am, now with a third man."})
    assert Concern.objects.count() == 2
