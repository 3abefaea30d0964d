"""Hostile input (penetration test, issue 9 points 8 and 10), each attack performed as the testers
did, on the API and the pages.

Point 8, one request can freeze the service: a concern with 10,000 aliases took 15 seconds and
locked the database for everyone else. Every list and text field now has a documented limit,
checked before anything is saved, and bodies over 1 MiB are refused with 413 before they are read.

Point 10, server errors: a search for "0000", a chronology filter beyond a 64-bit integer,
deeply nested JSON, and any error page shown to a user of a personal API token all answered 500.
Under /api/ every error is JSON in the API's error shape, never an HTML page.
"""

import json
from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from haven.cases.forms import ConcernForm, NoteForm, ShareForm
from haven.cases.models import CaseSection, Concern
from haven.cases.tests.test_views import NEW_PERSON, concern_data
from haven.core.context_processors import shell
from haven.core.tests.support import bearer, text
from haven.meetings.forms import ScheduleForm
from haven.people.forms import AliasForm, PersonSearchForm
from haven.people.models import Alias, Person
from haven.screening.forms import CaseInformationForm

pytestmark = pytest.mark.django_db

FREE_TEXT_MAX = 15_000  # the documented limit (haven.core.limits), like the Home Office NRM form
ONE_MIB = 1024 * 1024
TOO_BIG = 10 * ONE_MIB  # what the testers sent
NESTED = "[" * 10_000 + "]" * 10_000

# Each case section at most once.
SECTIONS = len(CaseSection.values)


@pytest.fixture
def practitioner(scene):
    """Warrington's practitioner: raises concerns, searches, works the case and its chronology."""
    return scene.world.la("warrington").practitioner


@pytest.fixture
def partner_api(practitioner) -> APIClient:
    """The practitioner's API token in a partner system's client."""
    return bearer(practitioner, name="Partner system", raise_request_exception=False)


@pytest.fixture
def page(practitioner, verified_client) -> Client:
    client = verified_client(practitioner)
    client.raise_request_exception = False
    return client


def errors(response) -> dict[str, list[str]]:
    """The API's error shape: {"errors": {field: [messages]}}, and nothing else."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) >= {"errors"}
    assert all(
        isinstance(messages, list) and all(isinstance(m, str) for m in messages)
        for messages in body["errors"].values()
    )
    return body["errors"]


def concern_body(**changes) -> dict:
    return {
        "person": {"given_name": "Ana", "family_name": "Lungu"},
        "description": "Found at a cannabis farm, isolated, speaks no English.",
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "indicator_codes": ["ind.cannabis_farm_or_drug_running"],
        "home_area": "warrington",
        **changes,
    }


def person(**changes) -> dict:
    return {"given_name": "Ana", "family_name": "Lungu", **changes}


# --- Point 8: one request can freeze the service --------------------------------------------


class TestOneRequestCannotFreezeTheService:
    def test_a_concern_with_10000_aliases_is_refused_before_anything_is_saved(self, partner_api):
        aliases = [{"given_name": f"Alias{i}", "family_name": "X"} for i in range(10_000)]
        people_before = Person.objects.count()

        response = partner_api.post(
            "/api/v1/concerns/", concern_body(person=person(aliases=aliases)), format="json"
        )

        assert response.status_code == 400
        assert errors(response) == {"person.aliases": ["Enter 20 aliases or fewer"]}
        assert Person.objects.count() == people_before
        assert not Alias.objects.filter(given_name="Alias0").exists()

    def test_20_aliases_is_still_fine(self, partner_api):
        aliases = [{"given_name": f"Alias{i}"} for i in range(20)]
        response = partner_api.post(
            "/api/v1/concerns/", concern_body(person=person(aliases=aliases)), format="json"
        )
        assert response.status_code == 201, response.content
        assert Alias.objects.filter(given_name__startswith="Alias").count() == 20

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            (
                {"person": person(identifiers=[{"kind": "other", "value": "A1"}] * 21)},
                "person.identifiers",
                "Enter 20 identifiers or fewer",
            ),
            (
                {"person": person(phones=["01632 960 001"] * 11)},
                "person.phones",
                "Enter 10 phone numbers or fewer",
            ),
            (
                {"person": person(nationalities=["GB"] * 11)},
                "person.nationalities",
                "Enter 10 nationalities or fewer",
            ),
            (
                {"indicator_codes": ["ind.missing_episodes"] * 10_000},
                "indicator_codes",
                "Enter 47 indicator codes or fewer",
            ),
            (
                {"description": "x" * (FREE_TEXT_MAX + 1)},
                "description",
                "The description must be 15,000 characters or less",
            ),
            (
                {"person": person(given_name="A" * 101)},
                "person.given_name",
                "Given name must be 100 characters or less",
            ),
            (
                {"person": person(aliases=[{"family_name": "B" * 101}])},
                "person.aliases.0.family_name",
                "Family name must be 100 characters or less",
            ),
            (
                {"indicator_codes": ["c" * 101]},
                "indicator_codes.0",
                "A code must be 100 characters or less",
            ),
        ],
    )
    def test_every_list_and_text_of_a_concern_is_bounded(
        self, partner_api, changes, field, message
    ):
        response = partner_api.post("/api/v1/concerns/", concern_body(**changes), format="json")
        assert response.status_code == 400
        assert errors(response)[field] == [message]
        assert not Concern.objects.filter(description__startswith="Found at").exists()

    def test_case_notes_shares_and_decisions_are_bounded(self, partner_api, scene):
        case = scene.case
        note = partner_api.post(
            f"/api/v1/cases/{case.pk}/notes/", {"text": "n" * (FREE_TEXT_MAX + 1)}, format="json"
        )
        assert errors(note) == {"text": ["The note must be 15,000 characters or less"]}

        share = partner_api.post(
            f"/api/v1/cases/{case.pk}/shares/",
            {
                "agency": "health",
                "sections": ["notes"] * 1000,
                "reason": "r" * (FREE_TEXT_MAX + 1),
                "lawful_basis": "safeguarding_children",
                "expires_at": (timezone.now() + timedelta(days=7)).isoformat(),
            },
            format="json",
        )
        assert errors(share) == {
            "sections": [f"Enter {SECTIONS} sections or fewer"],
            "reason": ["The reason must be 15,000 characters or less"],
        }

        decision = partner_api.post(
            f"/api/v1/concerns/{scene.pending_concern.pk}/decision/",
            {"decision": "no_further_action", "reason": "r" * (FREE_TEXT_MAX + 1), "version": 1},
            format="json",
        )
        assert decision.status_code == 400
        assert errors(decision)["reason"] == ["The reason must be 15,000 characters or less"]

    def test_screening_lists_are_bounded(self, partner_api):
        response = partner_api.post(
            "/api/v1/screening/assess",
            {
                "codes": ["ind.missing_episodes"] * 10_000,
                "circumstances": {"areas_involved": ["halton"] * 6},
            },
            format="json",
        )
        assert response.status_code == 400
        found = errors(response)
        assert found["codes"] == ["Enter 47 codes or fewer"]
        assert found["circumstances.areas_involved"] == ["Enter 5 areas or fewer"]

    @pytest.mark.parametrize(
        ("make_form", "data", "field", "message"),
        [
            (
                lambda data: ConcernForm(data),
                {"description": "x" * (FREE_TEXT_MAX + 1)},
                "description",
                "What you saw or were told must be 15,000 characters or less",
            ),
            (
                lambda data: ConcernForm(data),
                {"location": "x" * 301},
                "location",
                "Where it happened must be 300 characters or less",
            ),
            (
                lambda data: NoteForm(data, lead=True),
                {"text": "x" * (FREE_TEXT_MAX + 1)},
                "text",
                "Note must be 15,000 characters or less",
            ),
            (
                lambda data: AliasForm(data),
                {"given_name": "x" * 101, "family_name": "Lungu"},
                "given_name",
                "Given names must be 100 characters or less",
            ),
            (
                lambda data: PersonSearchForm(data),
                {"q": "x" * 201},
                "q",
                "What you search for must be 200 characters or less",
            ),
            (
                lambda data: ScheduleForm(data),
                {"call_link": "https://example.org/" + "x" * 200},
                "call_link",
                "Call link must be 200 characters or less",
            ),
            (
                lambda data: CaseInformationForm(data),
                {"areas_involved": ["halton"] * 6},
                "areas_involved",
                "Enter 5 areas or fewer",
            ),
        ],
    )
    def test_page_forms_are_bounded_with_govuk_messages(self, make_form, data, field, message):
        form = make_form(data)
        assert not form.is_valid()
        assert form.errors[field] == [message]

    def test_the_share_page_form_bounds_its_sections(self, scene):
        sections = ["notes"] * (SECTIONS + 1)
        form = ShareForm({"sections": sections}, case=scene.case)
        assert not form.is_valid()
        assert form.errors["sections"] == [f"Enter {SECTIONS} parts of the case or fewer"]

    def test_the_concern_page_shows_the_limit_and_saves_nothing(self, page):
        response = page.post(
            reverse("cases:concern_create_new_person"),
            {**concern_data(description="x" * (FREE_TEXT_MAX + 1)), **NEW_PERSON},
        )
        assert response.status_code == 200
        assert "What you saw or were told must be 15,000 characters or less" in text(response)
        assert not Concern.objects.filter(description__startswith="xxx").exists()


class TestBodiesOverOneMebibyteAre413:
    def test_api_refuses_a_10_mb_json_body_with_a_json_413(self, partner_api):
        body = json.dumps(concern_body(description="x" * TOO_BIG))
        response = partner_api.post("/api/v1/concerns/", body, content_type="application/json")
        assert response.status_code == 413
        assert errors(response) == {
            "detail": ["The request is too large: send a body of at most 1 MiB (1,048,576 bytes)."]
        }
        assert not Concern.objects.filter(description__startswith="xxx").exists()

    def test_api_refuses_a_10_mb_form_body_with_a_json_413(self, partner_api):
        response = partner_api.post(
            "/api/v1/screening/assess",
            "codes=" + "x" * TOO_BIG,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 413
        assert "detail" in errors(response)

    def test_a_session_user_gets_the_same_json_413(self, practitioner, verified_api_client):
        api = verified_api_client(practitioner)
        api.raise_request_exception = False
        response = api.post(
            "/api/v1/screening/assess", "{" + " " * ONE_MIB + "}", content_type="application/json"
        )
        assert response.status_code == 413
        assert "detail" in errors(response)

    def test_a_body_of_exactly_the_limit_is_read(self, partner_api):
        # 1 MiB of JSON padding around a valid body: not refused for its size.
        body = json.dumps({"codes": []})
        padded = body[:-1] + " " * (ONE_MIB - len(body)) + "}"
        assert len(padded) == ONE_MIB
        response = partner_api.post(
            "/api/v1/screening/assess", padded, content_type="application/json"
        )
        assert response.status_code == 200

    def test_a_page_refuses_a_10_mb_form_with_a_govuk_413_page(self, page):
        response = page.post(
            reverse("cases:concern_create_new_person"),
            "description=" + "x" * TOO_BIG,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 413
        assert response["Content-Type"].startswith("text/html")
        body = text(response)
        assert "What you sent is too large" in body
        assert "1 MiB (1,048,576 bytes)" in body
        assert "govuk-template" in body
        assert (
            not Concern.objects.exists()
            or not Concern.objects.filter(description__startswith="xxx").exists()
        )

    def test_too_many_form_fields_is_a_json_400_for_the_api(self, partner_api):
        # Django refuses more than 1,000 fields (DATA_UPLOAD_MAX_NUMBER_FIELDS).
        fields = "&".join(f"f{i}=1" for i in range(2000))
        response = partner_api.post(
            "/api/v1/concerns/", fields, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 400
        assert list(errors(response)) == ["detail"]


# --- Point 10: server errors ------------------------------------------------------------------


class TestSearchingForTheYear0000:
    def test_api(self, partner_api):
        response = partner_api.get("/api/v1/people/search/", {"q": "0000"})
        assert response.status_code == 400
        assert errors(response) == {"q": ["There is no year 0000: enter a year of birth like 2011"]}

    @pytest.mark.parametrize("query", ["Amira 0000", "\u0660\u0660\u0660\u0660"])
    def test_api_with_other_terms_and_other_digits(self, partner_api, query):
        response = partner_api.get("/api/v1/people/search/", {"q": query})
        assert response.status_code == 400

    def test_page(self, page):
        response = page.get(reverse("people:search"), {"q": "0000"})
        assert response.status_code == 200
        body = text(response)
        assert "There is a problem" in body
        assert "There is no year 0000: enter a year of birth like 2011" in body

    def test_the_concern_start_page(self, page):
        response = page.get(reverse("cases:concern_start"), {"q": "0000"})
        assert response.status_code == 200
        assert "There is no year 0000: enter a year of birth like 2011" in text(response)

    def test_a_real_year_still_searches(self, partner_api, scene):
        response = partner_api.get(
            "/api/v1/people/search/", {"q": str(scene.person.date_of_birth.year)}
        )
        assert response.status_code == 200


class TestADateOfBirthMoreThan130YearsAgo:
    def test_api_refuses_it(self, partner_api):
        response = partner_api.post(
            "/api/v1/concerns/",
            concern_body(person=person(date_of_birth="1800-01-01")),
            format="json",
        )
        assert response.status_code == 400
        assert list(errors(response)) == ["person.date_of_birth"]
        assert not Person.objects.filter(date_of_birth__year=1800).exists()

    def test_page_refuses_it(self, page):
        response = page.post(
            reverse("cases:concern_create_new_person"),
            {
                **concern_data(),
                **NEW_PERSON,
                "date_of_birth_day": "1",
                "date_of_birth_month": "1",
                "date_of_birth_year": "1800",
                "dob_precision": "exact",
            },
        )
        assert response.status_code == 200
        assert "There is a problem" in text(response)
        assert not Person.objects.filter(date_of_birth__year=1800).exists()


class TestNumbersBeyondADatabaseId:
    def test_chronology_agency_filter_beyond_64_bits(self, partner_api, scene):
        response = partner_api.get(
            f"/api/v1/cases/{scene.case.pk}/chronology/", {"agency": "99999999999999999999"}
        )
        assert response.status_code == 400
        assert errors(response) == {
            "agency": ["The agency id must be a whole number from 1 to 9,223,372,036,854,775,807"]
        }

    def test_chronology_agency_filter_of_the_largest_id_is_an_empty_page(self, partner_api, scene):
        response = partner_api.get(
            f"/api/v1/cases/{scene.case.pk}/chronology/", {"agency": str(2**63 - 1)}
        )
        assert response.status_code == 200
        assert response.json()["results"] == []

    def test_the_chronology_page_with_the_same_filter(self, page, scene):
        response = page.get(
            reverse("cases:chronology", args=[scene.case.pk]), {"agency": "99999999999999999999"}
        )
        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("field", "value"),
        [("person_id", 10**20), ("person_id", -(10**20))],
    )
    def test_ids_in_a_body_beyond_64_bits(self, partner_api, field, value):
        body = concern_body()
        del body["person"]
        response = partner_api.post("/api/v1/concerns/", {**body, field: value}, format="json")
        assert response.status_code == 400
        assert field in errors(response)

    def test_a_decision_naming_a_case_beyond_64_bits(self, partner_api, scene):
        response = partner_api.post(
            f"/api/v1/concerns/{scene.pending_concern.pk}/decision/",
            {"decision": "accept", "case_id": 10**20, "version": 1},
            format="json",
        )
        assert response.status_code == 400
        assert "case_id" in errors(response)

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/cases/99999999999999999999/",
            "/api/v1/people/99999999999999999999/",
            "/api/v1/concerns/99999999999999999999/",
            "/api/v1/cases/99999999999999999999/chronology/",
        ],
    )
    def test_ids_in_the_address_beyond_64_bits_are_not_found(self, partner_api, url):
        response = partner_api.get(url)
        assert response.status_code == 404
        assert errors(response) == {"detail": ["Not found."]}

    def test_a_page_address_beyond_64_bits_is_not_found(self, page):
        response = page.get("/cases/99999999999999999999/")
        assert response.status_code == 404
        assert "Page not found" in text(response)


class TestDeeplyNestedJson:
    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("post", "/api/v1/concerns/"),
            ("post", "/api/v1/screening/assess"),
            ("post", "/api/v1/people/possible-matches/"),
            ("patch", "/api/v1/people/{person}/"),
            ("patch", "/api/v1/cases/{case}/"),
            ("post", "/api/v1/cases/{case}/notes/"),
            ("post", "/api/v1/cases/{case}/information/"),
        ],
    )
    def test_10000_nested_arrays_are_a_400_not_a_crash(self, partner_api, scene, method, url):
        url = url.format(person=scene.person.pk, case=scene.case.pk)
        response = getattr(partner_api, method)(url, NESTED, content_type="application/json")
        assert response.status_code == 400
        assert errors(response) == {
            "detail": [
                "The JSON body is nested too deeply: arrays and objects may nest at most 32 levels."
            ]
        }

    def test_nesting_inside_a_field_is_refused_too(self, partner_api):
        body = '{"codes": ' + "[" * 5000 + "]" * 5000 + "}"
        response = partner_api.post(
            "/api/v1/screening/assess", body, content_type="application/json"
        )
        assert response.status_code == 400

    def test_brackets_inside_strings_do_not_count(self, partner_api):
        body = json.dumps({"codes": [], "nationality": "[" * 200})
        response = partner_api.post(
            "/api/v1/screening/assess", body, content_type="application/json"
        )
        # Refused by the screening rules (not a country), not by the nesting check.
        assert response.status_code == 400
        assert "nationality" in errors(response)
        assert "detail" not in errors(response)


class TestErrorPagesForTokenUsers:
    def test_the_api_docs_open_with_a_token(self, partner_api):
        response = partner_api.get("/api/docs/")
        assert response.status_code == 200
        assert "swagger" in response.content.decode().lower()

    def test_an_unexpected_error_in_an_api_view_is_a_json_500(
        self, partner_api, scene, monkeypatch
    ):
        def fail(**kwargs):
            raise RuntimeError("the database went away")

        monkeypatch.setattr("haven.cases.api.case_detail_for_user", fail)
        response = partner_api.get(f"/api/v1/cases/{scene.case.pk}/")
        assert response.status_code == 500
        assert errors(response) == {
            "detail": ["Sorry, there is a problem with the service. Try again later."]
        }

    def test_the_shell_does_not_assume_a_verified_session(self, practitioner):
        # What Django REST framework leaves on the request after a token log-in: the bare
        # user, without the is_verified() that the two-factor middleware adds to sessions.
        request = RequestFactory().get("/api/v1/me/")
        request.user = type(practitioner).objects.get(pk=practitioner.pk)
        assert not hasattr(request.user, "is_verified")
        assert shell(request) == {"service_navigation": [], "unread_notifications": 0}

    def test_a_page_error_for_a_session_user_still_renders(self, page):
        response = page.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in text(response)


class TestApiErrorsAreJson:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/cases/abc/",
            "/api/v1/people/abc/",
            "/api/v1/concerns/abc/",
            "/api/v1/concerns/1.5/decision/",
            "/api/v1/no-such-thing/",
        ],
    )
    def test_non_integer_ids_are_a_json_404(self, partner_api, url):
        response = partner_api.get(url)
        assert response.status_code == 404
        assert errors(response) == {"detail": ["Not found."]}

    def test_without_credentials_too(self):
        response = Client().get("/api/v1/cases/abc/")
        assert response.status_code == 404
        assert errors(response) == {"detail": ["Not found."]}

    @pytest.mark.parametrize("page_number", ["0", "-1", "abc", "99999999999999999999"])
    def test_a_page_that_does_not_exist_is_a_json_404(self, partner_api, page_number):
        response = partner_api.get("/api/v1/cases/", {"page": page_number})
        assert response.status_code == 404
        assert errors(response) == {
            "detail": ["There is no such page: pages are numbered from 1 to the last page."]
        }


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


class TestTheSchemaDocumentsTheLimitsAndErrors:
    def properties(self, schema, component: str) -> dict:
        return schema["components"]["schemas"][component]["properties"]

    def test_lists_and_texts_have_their_limits(self, schema):
        person_input = self.properties(schema, "PersonInputRequest")
        assert person_input["aliases"]["maxItems"] == 20
        assert person_input["identifiers"]["maxItems"] == 20
        assert person_input["phones"]["maxItems"] == 10
        assert person_input["nationalities"]["maxItems"] == 10
        assert person_input["given_name"]["maxLength"] == 100
        concern = self.properties(schema, "ConcernInputRequest")
        assert concern["description"]["maxLength"] == 15_000
        assert concern["indicator_codes"]["maxItems"] == 47
        assert concern["person_id"]["maximum"] == 2**63 - 1
        assert self.properties(schema, "CaseNoteInputRequest")["text"]["maxLength"] == 15_000
        share = self.properties(schema, "CaseShareInputRequest")
        assert share["sections"]["maxItems"] == SECTIONS
        assert share["reason"]["maxLength"] == 15_000
        screening = self.properties(schema, "ScreeningInputRequest")
        assert screening["codes"]["maxItems"] == 47
        chronology = schema["paths"]["/api/v1/cases/{case_id}/chronology/"]["get"]
        agency = next(p for p in chronology["parameters"] if p["name"] == "agency")
        assert agency["schema"]["maximum"] == 2**63 - 1

    def test_every_operation_documents_its_errors(self, schema):
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                codes = set(operation["responses"])
                assert {"401", "403"} <= codes, (method, path)
                if "requestBody" in operation:
                    assert {"400", "413"} <= codes, (method, path)
                if "{" in path:
                    assert "404" in codes, (method, path)

    def test_paginated_lists_document_the_missing_page(self, schema):
        cases = schema["paths"]["/api/v1/cases/"]["get"]
        assert "404" in cases["responses"]
        page = next(p for p in cases["parameters"] if p["name"] == "page")
        assert "from 1" in page["description"]

    def test_the_body_limit_is_in_the_description(self, schema):
        assert "1 MiB (1,048,576 bytes)" in schema["info"]["description"]
        assert "413" in schema["info"]["description"]
