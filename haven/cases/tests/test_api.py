"""The concerns, front door and cases API: happy paths, every refusal, and nothing saved on error.

Access for every role is covered cell by cell in tests/security/test_access_matrix.py; here each
endpoint's own behaviour is tested with the lead authority, a school it shares with and an
unrelated authority.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from haven.audit.models import AuditEvent, Verb
from haven.cases.access import break_glass_reference
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseNote,
    CaseShare,
    ChronologyEntry,
    Concern,
    ConcernStatus,
)
from haven.cases.services import case_close, case_note_add
from haven.cases.tests.world import (
    date_of_birth_for_age,
    make_child,
    open_case,
    raise_concern,
    share,
)
from haven.core.tests.support import NOT_FOUND, assert_refused, audit_rows, bearer
from haven.people.models import Alias, Identifier, Person

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Rows that a refused request must not add. Audit rows of the test client's own log-in
    (``verified_api_client`` logs in when called) are not about the record, so not counted."""
    found = {
        model.__name__: model.objects.count()
        for model in (Person, Alias, Identifier, Concern, Case, CaseShare, CaseNote)
    }
    found["AuditEvent"] = audit_rows()
    return found


def concern_body(**overrides) -> dict:
    body = {
        "person": {
            "given_name": "Mihai",
            "family_name": "Popescu",
            "date_of_birth": date_of_birth_for_age(16).isoformat(),
            "nationality": "ro",
            "first_language": "Romanian",
        },
        "description": "Found working in a car wash during school hours, says he owes money.",
        "occurred_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "location": "Car wash, Winwick Road",
        "indicator_codes": [
            "ind.moved_between_addresses",
            "ind.working_unpaid_or_underage",
            "ind.debt_bondage",
        ],
        "immediate_danger": False,
        "home_area": "warrington",
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------------------------------------
# POST /api/v1/concerns/


class TestConcernCreate:
    def test_new_child_is_recorded_screened_and_sent_to_the_front_door(self, world, api):
        client = api(world.police.practitioner)
        response = client.post("/api/v1/concerns/", concern_body(), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        concern = Concern.objects.get(pk=body["id"])
        assert response["Location"] == f"/api/v1/concerns/{concern.pk}/"
        assert body["person_id"] == concern.person_id
        assert body["status"] == "awaiting_decision"
        assert body["referred_at"] and body["decision_due_at"]
        assert body["adult_routes"] == []
        assert body["screening"]["outcome"] == "potential_victim"
        codes = {a["code"] for a in body["screening"]["required_actions"]}
        assert {"refer_childrens_social_care", "nrm_referral", "interpreter"} <= codes
        assert body["links"] == {
            "self": f"/api/v1/concerns/{concern.pk}/",
            "person": f"/api/v1/people/{concern.person_id}/",
            "case": None,
            "decision": f"/api/v1/concerns/{concern.pk}/decision/",
        }
        person = concern.person
        assert [str(c) for c in person.nationalities] == ["RO"]
        assert person.recorded_by_agency == world.police.agency

    def test_all_person_fields_aliases_and_identifiers_are_recorded(self, world, api):
        person = {
            "kind": "child",
            "given_name": "Lin",
            "family_name": "Chen",
            "date_of_birth": date_of_birth_for_age(17, month=1, day=1).isoformat(),
            "dob_precision": "estimated",
            "dob_assigned_by_age_assessment": False,
            "gender": "female",
            "nationalities": ["cn", "VN"],
            "first_language": "Mandarin",
            "interpreter_needed": True,
            "aliases": [{"given_name": "Lily", "note": "street name"}],
            "identifiers": [{"kind": "nhs_number", "value": "943 476 5919"}],
            "phones": ["07700 900123"],
        }
        response = api(world.health.practitioner).post(
            "/api/v1/concerns/", concern_body(person=person), format="json"
        )
        assert response.status_code == 201, response.content
        recorded = Person.objects.get(pk=response.json()["person_id"])
        assert [str(c) for c in recorded.nationalities] == ["CN", "VN"]
        assert recorded.dob_precision == "estimated"
        assert recorded.interpreter_needed
        assert [str(a) for a in recorded.aliases.all()] == ["Lily"]
        assert recorded.identifiers.get().value == "9434765919"
        assert recorded.phones.get().number == "07700 900123"

    def test_concern_about_a_known_person(self, world, api):
        child = make_child(world.police.practitioner)
        body = concern_body(person_id=child.pk)
        del body["person"]
        response = api(world.police.practitioner).post("/api/v1/concerns/", body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["person_id"] == child.pk
        assert Person.objects.count() == 1

    def test_the_addresses_and_phones_mentioned_are_taken_and_shown(self, world, api):
        child = make_child(world.police.practitioner)
        body = concern_body(
            person_id=child.pk,
            places_mentioned=[{"line": "2 High St", "postcode": "ch14ab"}],
            phones_mentioned=["07700 900982"],
        )
        del body["person"]
        client = api(world.police.practitioner)
        bad = client.post(
            "/api/v1/concerns/",
            {**body, "places_mentioned": [{"line": "2 High St", "postcode": "nope"}]},
            format="json",
        )
        assert_refused(bad, "places_mentioned", contains="real postcode")
        response = client.post("/api/v1/concerns/", body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["places_mentioned"] == [{"line": "2 High St", "postcode": "CH1 4AB"}]
        assert response.json()["phones_mentioned"] == ["+447700900982"]

    def test_adult_concern_records_the_adult_routes(self, world, api):
        adult = {"kind": "adult_of_concern", "given_name": "Ana", "date_of_birth": "1990-01-01"}
        response = api(world.police.practitioner).post(
            "/api/v1/concerns/",
            concern_body(person=adult, immediate_danger=True),
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "adult_routes_recorded"
        assert {"call_999", "adult_social_care_referral"} <= set(body["adult_routes"])
        assert body["referred_at"] is None
        assert body["links"]["decision"] is None

    @pytest.mark.parametrize(
        ("change", "field", "message"),
        [
            ({"indicator_codes": ["ind.made_up"]}, "indicator_codes", "ind.made_up"),
            ({"home_area": "narnia"}, "home_area", "Valid areas: cheshire_east"),
            ({"description": ""}, "description", "blank"),
            ({"description": "   "}, "description", "blank"),
            ({"description": None}, "description", "null"),
            ({"occurred_at": "yesterday"}, "occurred_at", "format"),
            (
                {"person": {"given_name": "Future", "date_of_birth": "2999-01-01"}},
                "person.date_of_birth",
                "must be in the past",
            ),
            (
                {"person": {"given_name": "X", "nationality": "XX"}},
                "person.nationality",
                '"XX" is not an ISO 3166-1 alpha-2 country code',
            ),
            (
                {"person": {"given_name": "X", "nationalities": ["GB", "GBR"]}},
                "person.nationalities.1",
                "alpha-2",
            ),
            (
                {"person": {"given_name": "X", "kind": "martian"}},
                "person.kind",
                "not a valid choice",
            ),
            (
                {
                    "person": {
                        "given_name": "X",
                        "identifiers": [{"kind": "nhs_number", "value": "9434765918"}],
                    }
                },
                "person.identifiers.0.value",
                "valid NHS number",
            ),
            (
                {"person": {"given_name": "X", "aliases": [{"note": "no name"}]}},
                "person.aliases.0",
                "given or family name",
            ),
            ({"immediate_dangr": True}, "immediate_dangr", 'Unknown field "immediate_dangr"'),
            (
                {"person": {"given_name": "X", "nationalty": "GB"}},
                "person.nationalty",
                "Unknown field",
            ),
            ({"person": None}, "person", "null"),
            ({"person_id": 1}, "person", "not both"),
        ],
        ids=lambda v: v if isinstance(v, str) else None,
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, world, api, change, field, message):
        client = api(world.police.practitioner)
        before = counts()
        response = client.post("/api/v1/concerns/", concern_body(**change), format="json")
        assert_refused(response, field, contains=message)
        assert counts() == before

    def test_neither_person_nor_person_id_is_refused(self, world, api):
        body = concern_body()
        del body["person"]
        before = counts()
        response = api(world.police.practitioner).post("/api/v1/concerns/", body, format="json")
        assert_refused(response, "person", contains="Give either")
        assert counts() == before

    def test_person_id_of_someone_the_caller_cannot_see_looks_like_an_unknown_id(self, world, api):
        hidden = make_child(world.health.practitioner)
        client = api(world.police.practitioner)
        before = counts()
        answers = []
        for person_id in (hidden.pk, hidden.pk + 1000):
            body = concern_body(person_id=person_id)
            del body["person"]
            response = client.post("/api/v1/concerns/", body, format="json")
            assert_refused(response, "person_id", contains="that you can see")
            answers.append(response.json())
        assert answers[0] == answers[1]
        assert counts() == before

    def test_several_errors_come_back_together_and_the_new_person_is_not_kept(self, world, api):
        before = counts()
        response = api(world.police.practitioner).post(
            "/api/v1/concerns/",
            concern_body(
                person={"given_name": "Z", "date_of_birth": "2999-01-01"},
                indicator_codes=["ind.nope"],
            ),
            format="json",
        )
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"person.date_of_birth", "indicator_codes"}
        assert counts() == before

    @pytest.mark.parametrize("who", ["strategic_lead", "auditor", "admin"])
    def test_roles_that_do_not_raise_concerns_get_403(self, world, api, who):
        before = counts()
        response = api(getattr(world, who)).post("/api/v1/concerns/", concern_body(), format="json")
        assert response.status_code == 403
        assert list(response.json()["errors"]) == ["detail"]
        assert counts() == before

    def test_token_authentication_works(self, world):
        response = bearer(world.school.practitioner).post(
            "/api/v1/concerns/", concern_body(), format="json"
        )
        assert response.status_code == 201, response.content

    def test_a_password_only_session_gets_403(self, world):
        client = APIClient()
        client.force_login(world.school.practitioner)
        before = counts()
        response = client.post("/api/v1/concerns/", concern_body(), format="json")
        assert response.status_code == 403
        assert counts() == before

    def test_anonymous_gets_401(self):
        response = APIClient().post("/api/v1/concerns/", concern_body(), format="json")
        assert response.status_code == 401
        assert list(response.json()["errors"]) == ["detail"]


# ---------------------------------------------------------------------------------------------
# GET /api/v1/concerns/{id}/ and the front door


class TestConcernRead:
    def test_raiser_sees_the_concern_with_its_screening_and_the_view_is_audited(self, world, api):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        response = api(world.police.practitioner).get(f"/api/v1/concerns/{concern.pk}/")
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == concern.pk
        assert body["screening"]["outcome"] == "potential_victim"
        assert AuditEvent.objects.filter(
            verb=Verb.VIEWED,
            target_type="cases.concern",
            target_id=str(concern.pk),
            person_id=concern.person_id,
            actor=world.police.practitioner,
        ).exists()

    def test_chronology_share_sees_the_concern_but_not_its_screening(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        concern = case.concerns.get()
        body = api(world.school.practitioner).get(f"/api/v1/concerns/{concern.pk}/").json()
        assert body["case_id"] == case.pk
        assert body["screening"] is None

    def test_front_door_sees_the_concern_but_no_link_to_a_record_it_cannot_open(self, world, api):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        client = api(world.la("warrington").manager)
        body = client.get(f"/api/v1/concerns/{concern.pk}/").json()
        assert body["person"]["given_name"] == "Amira"
        assert body["screening"]["outcome"] == "potential_victim"
        assert body["links"]["person"] is None
        assert body["links"]["decision"] == f"/api/v1/concerns/{concern.pk}/decision/"
        assert client.get(f"/api/v1/people/{concern.person_id}/").status_code == 404

    def test_other_agencies_get_404_exactly_like_a_missing_concern(self, world, api):
        concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
        client = api(world.la("halton").manager)
        assert client.get(f"/api/v1/concerns/{concern.pk}/").json() == NOT_FOUND
        assert client.get(f"/api/v1/concerns/{concern.pk + 99}/").json() == NOT_FOUND
        assert client.get(f"/api/v1/concerns/{concern.pk}/").status_code == 404


class TestFrontDoor:
    def test_queue_lists_waiting_concerns_most_urgent_first_within_a_query_budget(
        self, world, api, django_assert_max_num_queries
    ):
        police = world.police.practitioner
        for number in range(16):
            raise_concern(police, make_child(police, given_name=f"Child{number}"))
        raise_concern(police, make_child(police), home_area="halton")
        client = api(world.la("warrington").manager)
        with django_assert_max_num_queries(15):
            response = client.get("/api/v1/front-door/warrington/?page_size=50")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 16
        due = [item["decision_due_at"] for item in body["results"]]
        assert due == sorted(due)
        assert {item["home_area"] for item in body["results"]} == {"warrington"}
        assert body["results"][0]["links"]["decision"].endswith("/decision/")

    def test_queue_is_paginated(self, world, api):
        police = world.police.practitioner
        for _ in range(3):
            raise_concern(police, make_child(police))
        body = (
            api(world.la("warrington").manager)
            .get("/api/v1/front-door/warrington/?page_size=2")
            .json()
        )
        assert body["count"] == 3
        assert len(body["results"]) == 2
        assert body["next"]

    @pytest.mark.parametrize("area", ["halton", "narnia"])
    def test_another_or_unknown_front_door_is_404(self, world, api, area):
        response = api(world.la("warrington").manager).get(f"/api/v1/front-door/{area}/")
        assert response.status_code == 404
        assert response.json() == NOT_FOUND

    def test_non_front_door_roles_get_404(self, world, api):
        assert api(world.police.manager).get("/api/v1/front-door/warrington/").status_code == 404


# ---------------------------------------------------------------------------------------------
# POST /api/v1/concerns/{id}/decision/


class TestDecision:
    @pytest.fixture
    def concern(self, world):
        return raise_concern(world.police.practitioner, make_child(world.police.practitioner))

    def url(self, concern) -> str:
        return f"/api/v1/concerns/{concern.pk}/decision/"

    def test_accept_opens_a_case(self, world, api, concern):
        response = api(world.la("warrington").manager).post(
            self.url(concern), {"decision": "accept", "version": concern.version}, format="json"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "accepted"
        case = Case.objects.get(pk=body["case_id"])
        assert case.lead_agency == world.la("warrington").agency
        assert body["links"]["case"] == f"/api/v1/cases/{case.pk}/"
        assert body["links"]["decision"] is None

    def test_accept_into_an_existing_case_with_a_lead_practitioner(self, world, api):
        case = open_case(world)
        concern = raise_concern(world.health.practitioner, case.person)
        response = api(world.la("warrington").practitioner).post(
            self.url(concern),
            {"decision": "accept", "case_id": case.pk, "version": concern.version},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["case_id"] == case.pk
        assert case.concerns.count() == 2

    def test_new_case_gets_the_chosen_lead_practitioner(self, world, api, concern):
        lead = world.la("warrington").practitioner
        response = api(world.la("warrington").manager).post(
            self.url(concern),
            {"decision": "accept", "lead_practitioner_id": lead.pk, "version": concern.version},
            format="json",
        )
        assert response.status_code == 200
        assert Case.objects.get(pk=response.json()["case_id"]).lead_practitioner == lead

    def test_other_decision_with_reason(self, world, api, concern):
        response = api(world.la("warrington").manager).post(
            self.url(concern),
            {
                "decision": "referred_elsewhere",
                "reason": "Lives in Wigan: referred to Wigan.",
                "version": concern.version,
            },
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["status"] == "referred_elsewhere"
        assert response.json()["decision_reason"] == "Lives in Wigan: referred to Wigan."

    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [
            (
                {"decision": "information_only", "reason": ""},
                "reason",
                "Enter the reason for your decision",
            ),
            ({"decision": "maybe"}, "decision", "not a valid choice"),
            ({}, "decision", "required"),
            ({"decision": "accept", "case_id": 999999}, "case_id", "open case"),
            ({"decision": "accept", "lead_practitioner_id": 999999}, "lead_practitioner_id", ""),
            ({"decision": "accept", "version": 0}, "version", "greater than or equal to 1"),
        ],
        ids=[
            "no-reason",
            "bad-decision",
            "missing-decision",
            "unknown-case",
            "unknown-lead",
            "bad-version",
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(
        self, world, api, concern, body, field, message
    ):
        before = counts()
        body = {"version": concern.version, **body}
        response = api(world.la("warrington").manager).post(self.url(concern), body, format="json")
        assert_refused(response, field, contains=message)
        assert counts() == before
        concern.refresh_from_db()
        assert concern.status == ConcernStatus.AWAITING_DECISION

    def test_case_of_another_child_or_authority_is_refused(self, world, api, concern):
        other_case = open_case(world, given_name="Other")
        halton_case = open_case(world, area="halton", given_name="Halton")
        client = api(world.la("warrington").manager)
        for case in (other_case, halton_case):
            before = counts()
            response = client.post(
                self.url(concern),
                {"decision": "accept", "case_id": case.pk, "version": concern.version},
                format="json",
            )
            assert_refused(response, "case_id", contains="open case")
            assert counts() == before

    def test_lead_practitioner_outside_the_authority_is_refused(self, world, api, concern):
        response = api(world.la("warrington").manager).post(
            self.url(concern),
            {
                "decision": "accept",
                "lead_practitioner_id": world.la("halton").practitioner.pk,
                "version": concern.version,
            },
            format="json",
        )
        assert_refused(response, "lead_practitioner_id", contains="your authority")

    def test_stale_version_is_409_and_nothing_is_saved(self, world, api, concern):
        before = counts()
        response = api(world.la("warrington").manager).post(
            self.url(concern),
            {"decision": "accept", "version": concern.version + 1},
            format="json",
        )
        assert response.status_code == 409
        body = response.json()
        assert set(body) == {"errors", "current_version", "changes"}
        assert list(body["errors"]) == ["version"]
        assert body["current_version"] == concern.version
        assert counts() == before

    def test_a_decided_concern_cannot_be_decided_again(self, world, api, concern):
        client = api(world.la("warrington").manager)
        client.post(self.url(concern), {"decision": "accept", "version": 1}, format="json")
        concern.refresh_from_db()
        response = client.post(
            self.url(concern),
            {
                "decision": "no_further_action",
                "reason": "Changed my mind about this one.",
                "version": concern.version,
            },
            format="json",
        )
        assert_refused(response, "decision", contains="already been recorded")

    def test_raiser_sees_the_concern_but_may_not_decide(self, world, api, concern):
        before = counts()
        response = api(world.police.manager).post(
            self.url(concern), {"decision": "accept"}, format="json"
        )
        assert response.status_code == 403
        assert counts() == before

    def test_another_front_door_gets_404(self, world, api, concern):
        response = api(world.la("halton").manager).post(
            self.url(concern), {"decision": "accept"}, format="json"
        )
        assert response.json() == NOT_FOUND


# ---------------------------------------------------------------------------------------------
# Cases


class TestCaseList:
    def test_lists_visible_cases_filtered_by_status_within_a_query_budget(
        self, world, api, django_assert_max_num_queries
    ):
        cases = [open_case(world, given_name=f"Child{n}") for n in range(15)]
        open_case(world, area="halton", given_name="Elsewhere")

        manager = world.la("warrington").manager
        case_close(
            actor=manager, case=cases[0], reason="Family moved out of the area.", expected_version=1
        )
        client = api(manager)
        with django_assert_max_num_queries(13):
            response = client.get("/api/v1/cases/?page_size=50")
        assert response.status_code == 200
        assert response.json()["count"] == 15
        open_only = client.get("/api/v1/cases/?status=open&page_size=50").json()
        assert open_only["count"] == 14
        closed = client.get("/api/v1/cases/?status=closed").json()
        assert [c["id"] for c in closed["results"]] == [cases[0].pk]

    def test_shared_case_is_listed_for_the_school_only_while_the_share_lasts(self, world, api):
        case = open_case(world)
        grant = share(world, case, world.school, ["chronology"])
        client = api(world.school.practitioner)
        assert [c["id"] for c in client.get("/api/v1/cases/").json()["results"]] == [case.pk]
        CaseShare.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
        assert client.get("/api/v1/cases/").json()["results"] == []

    def test_unknown_status_is_400(self, world, api):
        response = api(world.la("warrington").manager).get("/api/v1/cases/?status=pending")
        assert_refused(response, "status", contains="not a valid choice")

    def test_token_authentication_works_and_password_only_session_gets_403(self, world):
        case = open_case(world)
        response = bearer(world.la("warrington").practitioner).get("/api/v1/cases/")
        assert [c["id"] for c in response.json()["results"]] == [case.pk]
        client = APIClient()
        client.force_login(world.la("warrington").practitioner)
        assert client.get("/api/v1/cases/").status_code == 403


class TestCaseDetail:
    def test_lead_sees_every_section_and_the_shares(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology", "notes"])
        response = api(world.la("warrington").practitioner).get(f"/api/v1/cases/{case.pk}/")
        assert response.status_code == 200
        body = response.json()
        assert body["version"] == case.version
        assert body["access"]["via"] == "lead"
        assert set(body["sections"]) == {"chronology", "people", "notes", "screening", "tasks"}
        assert body["sections"]["screening"]["current"]["outcome"] == "potential_victim"
        assert body["sections"]["tasks"]["items"]
        assert [s["agency"]["slug"] for s in body["shares"]] == ["school"]
        assert AuditEvent.objects.filter(
            verb=Verb.VIEWED,
            target_type="cases.case",
            target_id=str(case.pk),
            person_id=case.person_id,
        ).exists()

    def test_share_sees_only_its_sections_and_not_who_else_sees_the_case(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology", "notes"])
        case_note_add(
            actor=world.la("warrington").practitioner,
            case=case,
            text="Restricted: mother's disclosure.",
            sensitivity="restricted",
        )
        case_note_add(actor=world.la("warrington").practitioner, case=case, text="Visited school.")
        body = api(world.school.practitioner).get(f"/api/v1/cases/{case.pk}/").json()
        assert body["access"] == {"via": "share", "sections": ["chronology", "notes"]}
        assert set(body["sections"]) == {"chronology", "notes"}
        assert [n["text"] for n in body["sections"]["notes"]["recent"]] == ["Visited school."]
        assert body["shares"] is None

    def test_unrelated_and_expired_get_404(self, world, api):
        case = open_case(world)
        grant = share(world, case, world.health, ["chronology"])
        CaseShare.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
        for user in (world.la("halton").manager, world.health.practitioner, world.admin):
            assert api(user).get(f"/api/v1/cases/{case.pk}/").json() == NOT_FOUND


class TestCaseClose:
    def body(self, case, **overrides):
        return {
            "status": "closed",
            "closed_reason": "Family moved to Scotland; transferred.",
            "version": case.version,
            **overrides,
        }

    def test_lead_closes_the_case(self, world, api):
        case = open_case(world)
        response = api(world.la("warrington").manager).patch(
            f"/api/v1/cases/{case.pk}/", self.body(case), format="json"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == "closed"
        assert body["version"] == case.version + 1
        assert body["closed_reason"] == "Family moved to Scotland; transferred."

    def test_stale_version_is_409_and_says_what_changed(self, world, api):
        case = open_case(world)
        client = api(world.la("warrington").manager)
        client.patch(f"/api/v1/cases/{case.pk}/", self.body(case), format="json")
        before = counts()
        response = api(world.la("warrington").practitioner).patch(
            f"/api/v1/cases/{case.pk}/",
            self.body(case, closed_reason="Closing this again, by mistake."),
            format="json",
        )
        assert response.status_code == 409
        body = response.json()
        assert list(body["errors"]) == ["version"]
        assert body["current_version"] == case.version + 1
        assert body["changes"][0]["by"] == world.la("warrington").manager.email
        assert {"status", "closed_reason"} <= set(body["changes"][0]["fields"])
        assert counts() == before

    @pytest.mark.parametrize(
        ("override", "field", "message"),
        [
            ({"version": None}, "version", "null"),
            ({"closed_reason": "short"}, "closed_reason", "Give the reason"),
            ({"closed_reason": ""}, "closed_reason", "blank"),
            ({"status": "open"}, "status", "Only closing"),
        ],
        ids=["no-version", "short-reason", "blank-reason", "reopen"],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, world, api, override, field, message):
        case = open_case(world)
        before = counts()
        response = api(world.la("warrington").manager).patch(
            f"/api/v1/cases/{case.pk}/", self.body(case, **override), format="json"
        )
        assert_refused(response, field, contains=message)
        assert counts() == before
        case.refresh_from_db()
        assert case.status == "open"

    def test_missing_version_is_refused(self, world, api):
        case = open_case(world)
        body = self.body(case)
        del body["version"]
        response = api(world.la("warrington").manager).patch(
            f"/api/v1/cases/{case.pk}/", body, format="json"
        )
        assert_refused(response, "version", contains="required")

    def test_share_gets_403_and_others_404(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        response = api(world.school.manager).patch(
            f"/api/v1/cases/{case.pk}/", self.body(case), format="json"
        )
        assert response.status_code == 403
        response = api(world.la("halton").manager).patch(
            f"/api/v1/cases/{case.pk}/", self.body(case), format="json"
        )
        assert response.json() == NOT_FOUND
        case.refresh_from_db()
        assert case.status == "open"


class TestChronology:
    def test_paginated_filtered_and_audited_within_a_query_budget(
        self, world, api, django_assert_max_num_queries
    ):
        case = open_case(world)
        lead = world.la("warrington").practitioner
        for number in range(16):
            case_note_add(actor=lead, case=case, text=f"Visit {number}.")
        client = api(lead)
        # Session, user, device, case, access, audit (4), count, page, session save: no N+1.
        with django_assert_max_num_queries(15):
            response = client.get(f"/api/v1/cases/{case.pk}/chronology/?page_size=100")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == ChronologyEntry.objects.filter(case=case).count()
        notes = client.get(f"/api/v1/cases/{case.pk}/chronology/?kind=note&page_size=5").json()
        assert notes["count"] == 16
        assert len(notes["results"]) == 5
        assert {e["kind"] for e in notes["results"]} == {"note"}
        police = client.get(
            f"/api/v1/cases/{case.pk}/chronology/?agency={world.police.agency.pk}"
        ).json()
        assert [e["kind"] for e in police["results"]] == ["concern"]
        assert AuditEvent.objects.filter(
            verb=Verb.VIEWED,
            target_type="cases.chronology",
            target_id=str(case.pk),
            person_id=case.person_id,
        ).exists()

    def test_share_sees_only_entries_of_its_sections(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        body = api(world.school.practitioner).get(f"/api/v1/cases/{case.pk}/chronology/").json()
        assert body["results"]
        assert {e["section"] for e in body["results"]} == {"chronology"}

    def test_bad_filters_are_400(self, world, api):
        case = open_case(world)
        client = api(world.la("warrington").practitioner)
        response = client.get(f"/api/v1/cases/{case.pk}/chronology/?kind=gossip")
        assert_refused(response, "kind", contains="not a valid choice")
        response = client.get(f"/api/v1/cases/{case.pk}/chronology/?agency=police")
        assert_refused(response, "agency", contains="valid integer")

    def test_without_the_chronology_section_it_is_404(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["meetings"])
        client = api(world.school.practitioner)
        assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
        assert client.get(f"/api/v1/cases/{case.pk}/chronology/").json() == NOT_FOUND
        assert (
            api(world.la("halton").practitioner).get(f"/api/v1/cases/{case.pk}/chronology/").json()
            == NOT_FOUND
        )


class TestShares:
    def body(self, world, **overrides):
        return {
            "agency_id": world.school.agency.pk,
            "sections": ["chronology", "meetings"],
            "reason": "School supports the child's safety plan.",
            "lawful_basis": "safeguarding_children",
            "expires_at": (timezone.now() + timedelta(days=30)).isoformat(),
            **overrides,
        }

    def test_lead_shares_by_agency_id_or_slug_with_a_team(self, world, api):
        case = open_case(world)
        client = api(world.la("warrington").manager)
        response = client.post(f"/api/v1/cases/{case.pk}/shares/", self.body(world), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["agency"]["slug"] == "school"
        assert body["sections"] == ["chronology", "meetings"]
        assert body["revoked_at"] is None
        by_slug = self.body(world, agency="health", team_id=world.health.team.pk)
        del by_slug["agency_id"]
        response = client.post(f"/api/v1/cases/{case.pk}/shares/", by_slug, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["team"]["id"] == world.health.team.pk
        assert CaseShare.objects.filter(case=case).count() == 2

    @pytest.mark.parametrize(
        ("override", "field", "message"),
        [
            ({"sections": ["secrets"]}, "sections", "Choose at least one of"),
            ({"sections": []}, "sections", "Choose at least one of"),
            ({"reason": "because"}, "reason", "Say why"),
            ({"lawful_basis": "vibes"}, "lawful_basis", "not a valid choice"),
            ({"expires_at": "2000-01-01T00:00:00Z"}, "expires_at", "in the future"),
            ({"agency_id": 999999}, "agency_id", "No active agency"),
            ({"agency_id": None}, "agency_id", "null"),
            ({"team_id": 999999}, "team_id", "No team"),
        ],
        ids=[
            "bad-section",
            "no-section",
            "short-reason",
            "bad-basis",
            "past-expiry",
            "unknown-agency",
            "null-agency",
            "unknown-team",
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, world, api, override, field, message):
        case = open_case(world)
        before = counts()
        response = api(world.la("warrington").manager).post(
            f"/api/v1/cases/{case.pk}/shares/", self.body(world, **override), format="json"
        )
        assert_refused(response, field, contains=message)
        assert counts() == before

    def test_agency_given_neither_or_both_ways_is_refused(self, world, api):
        case = open_case(world)
        client = api(world.la("warrington").manager)
        neither = self.body(world)
        del neither["agency_id"]
        before = counts()
        assert_refused(
            client.post(f"/api/v1/cases/{case.pk}/shares/", neither, format="json"),
            "agency_id",
            contains="not both",
        )
        both = self.body(world, agency="school")
        assert_refused(
            client.post(f"/api/v1/cases/{case.pk}/shares/", both, format="json"),
            "agency_id",
            contains="not both",
        )
        unknown_slug = self.body(world, agency="nowhere")
        del unknown_slug["agency_id"]
        assert_refused(
            client.post(f"/api/v1/cases/{case.pk}/shares/", unknown_slug, format="json"),
            "agency",
            contains='"nowhere"',
        )
        assert counts() == before

    def test_rules_from_the_service_use_the_api_field_names(self, world, api):
        case = open_case(world)
        client = api(world.la("warrington").manager)
        before = counts()
        own = self.body(world, agency_id=world.la("warrington").agency.pk)
        assert_refused(
            client.post(f"/api/v1/cases/{case.pk}/shares/", own, format="json"),
            "agency_id",
            contains="already sees",
        )
        wrong_team = self.body(world, team_id=world.health.team.pk)
        assert_refused(
            client.post(f"/api/v1/cases/{case.pk}/shares/", wrong_team, format="json"),
            "team_id",
            contains="must belong",
        )
        assert counts() == before

    def test_share_gets_403_and_others_404(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        before = counts()
        body = self.body(world, agency_id=world.health.agency.pk)
        response = api(world.school.manager).post(
            f"/api/v1/cases/{case.pk}/shares/", body, format="json"
        )
        assert response.status_code == 403
        response = api(world.la("halton").manager).post(
            f"/api/v1/cases/{case.pk}/shares/", body, format="json"
        )
        assert response.json() == NOT_FOUND
        assert counts() == before

    def test_lead_revokes_and_others_get_404(self, world, api):
        case = open_case(world)
        grant = share(world, case, world.school, ["chronology"])
        url = f"/api/v1/cases/{case.pk}/shares/{grant.pk}/"
        assert api(world.school.manager).delete(url).json() == NOT_FOUND
        assert api(world.la("halton").manager).delete(url).json() == NOT_FOUND
        other_case = open_case(world, given_name="Other")
        wrong_case = f"/api/v1/cases/{other_case.pk}/shares/{grant.pk}/"
        assert api(world.la("warrington").manager).delete(wrong_case).status_code == 404
        grant.refresh_from_db()
        assert grant.revoked_at is None
        response = api(world.la("warrington").manager).delete(url)
        assert response.status_code == 204
        grant.refresh_from_db()
        assert grant.revoked_at is not None
        assert api(world.school.manager).get(f"/api/v1/cases/{case.pk}/").status_code == 404


class TestNotes:
    def test_lead_and_notes_share_add_notes(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["notes"])
        response = api(world.la("warrington").practitioner).post(
            f"/api/v1/cases/{case.pk}/notes/",
            {"text": "Home visit done.", "sensitivity": "restricted"},
            format="json",
        )
        assert response.status_code == 201, response.content
        assert response.json()["sensitivity"] == "restricted"
        response = api(world.school.practitioner).post(
            f"/api/v1/cases/{case.pk}/notes/", {"text": "Attended all week."}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["agency"]["slug"] == "school"
        assert CaseNote.objects.filter(case=case).count() == 2

    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [
            ({"text": ""}, "text", "blank"),
            ({}, "text", "required"),
            ({"text": "x", "sensitivity": "secret"}, "sensitivity", "not a valid choice"),
            ({"text": "Shared note.", "sensitivity": "restricted"}, "sensitivity", "lead"),
        ],
        ids=["blank", "missing", "bad-sensitivity", "share-cannot-restrict"],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, world, api, body, field, message):
        case = open_case(world)
        share(world, case, world.school, ["notes"])
        before = counts()
        response = api(world.school.practitioner).post(
            f"/api/v1/cases/{case.pk}/notes/", body, format="json"
        )
        assert_refused(response, field, contains=message)
        assert counts() == before

    def test_without_the_notes_section_it_is_404(self, world, api):
        case = open_case(world)
        share(world, case, world.school, ["chronology"])
        before = counts()
        for user in (world.school.practitioner, world.la("halton").practitioner):
            response = api(user).post(
                f"/api/v1/cases/{case.pk}/notes/", {"text": "Hello."}, format="json"
            )
            assert response.json() == NOT_FOUND
        assert counts() == before


class TestBreakGlass:
    REASON = "Child found in Runcorn overnight, need history to safeguard now."

    @staticmethod
    def body(user, case, **fields):
        """What a "known to" answer gave ``user`` for ``case``, and the reason."""
        return {"reference": break_glass_reference(user, case), **fields}

    def test_outsider_gets_time_limited_access(self, world, api):
        case = open_case(world)
        user = world.la("halton").practitioner
        client = api(user)
        assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
        response = client.post(
            f"/api/v1/cases/{case.pk}/break-glass/",
            self.body(user, case, reason=self.REASON),
            format="json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["case_id"] == case.pk
        assert body["expires_at"] > body["granted_at"]
        assert client.get(f"/api/v1/cases/{case.pk}/").json()["access"]["via"] == "break_glass"

    def test_bad_input_is_refused_and_nothing_is_saved(self, world, api):
        case = open_case(world)
        before = counts()
        user = world.la("halton").practitioner
        client = api(user)
        response = client.post(
            f"/api/v1/cases/{case.pk}/break-glass/",
            self.body(user, case, reason="urgent"),
            format="json",
        )
        assert_refused(response, "reason", contains="at least 20 characters")
        response = client.post(
            f"/api/v1/cases/{case.pk}/break-glass/", self.body(user, case), format="json"
        )
        assert_refused(response, "reason", contains="required")
        lead = world.la("warrington").practitioner
        response = api(lead).post(
            f"/api/v1/cases/{case.pk}/break-glass/",
            self.body(lead, case, reason=self.REASON),
            format="json",
        )
        assert_refused(response, "reason", contains="already see")
        assert counts() == before
        assert not BreakGlassAccess.objects.exists()

    def test_roles_without_break_glass_and_unknown_cases_get_404(self, world, api):
        case = open_case(world)
        for user in (world.admin, world.strategic_lead, world.auditor):
            response = api(user).post(
                f"/api/v1/cases/{case.pk}/break-glass/",
                self.body(user, case, reason=self.REASON),
                format="json",
            )
            assert response.json() == NOT_FOUND
        user = world.la("halton").practitioner
        response = api(user).post(
            f"/api/v1/cases/{case.pk + 999}/break-glass/",
            self.body(user, case, reason=self.REASON),
            format="json",
        )
        assert response.json() == NOT_FOUND
        assert not BreakGlassAccess.objects.exists()


def test_concern_in_the_future_is_refused_by_the_api(world, verified_api_client):
    api = verified_api_client(world.police.practitioner)
    response = api.post(
        "/api/v1/concerns/",
        {
            "person": {"given_name": "Lily", "family_name": "Ward"},
            "description": "Seen with an older man.",
            "occurred_at": (timezone.now() + timedelta(days=2)).isoformat(),
            "home_area": "warrington",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "occurred_at" in response.json()["errors"]
    assert not Concern.objects.exists()
