"""The NRM pages and API: the First Responder rule on both, the API contract, Duty to Notify
anonymity in the API, page and exports, and the audited exports."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import date_of_birth_for_age, open_case, share
from haven.nrm.models import DutyToNotify, NrmReferral
from haven.nrm.rules import NrmState

pytestmark = pytest.mark.django_db


def start(api_client, case) -> dict:
    response = api_client.post(f"/api/v1/cases/{case.pk}/nrm-referrals/", {}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_the_referral_api_contract(world, verified_api_client):
    case = open_case(world)
    share(world, case, world.school, ["nrm"])
    social_worker = verified_api_client(world.la("warrington").practitioner)
    body = start(social_worker, case)
    assert (body["case_id"], body["state"]) == (case.pk, "draft")
    assert body["given_name"] == "Amira"
    url = f"/api/v1/nrm-referrals/{body['id']}/"
    stale = social_worker.patch(url, {"what_happened": "x", "version": 99}, format="json")
    assert stale.status_code == 409
    changed = social_worker.patch(
        url,
        {"what_happened": "Taken to Crewe by taxi.", "version": body["version"]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    school = verified_api_client(world.school.practitioner)
    assert school.get(url).status_code == 200
    submit = {"submitted_on": timezone.localdate().isoformat(), "home_office_reference": "HO-1"}
    refused = school.post(url + "submit/", submit, format="json")
    assert refused.status_code == 403
    [message] = refused.json()["errors"]["non_field_errors"]
    assert "Only a First Responder organisation can submit" in message
    assert "Warrington children's social care" in message
    assert NrmReferral.objects.get().state == NrmState.DRAFT
    done = social_worker.post(url + "submit/", submit, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "submitted"
    early = social_worker.post(
        url + "decisions/",
        {"decision": "conclusive_grounds_positive", "decided_on": submit["submitted_on"]},
        format="json",
    )
    assert early.status_code == 400
    assert "submitted" in early.json()["errors"]["decision"][0]
    decided = social_worker.post(
        url + "decisions/",
        {"decision": "reasonable_grounds_positive", "decided_on": submit["submitted_on"]},
        format="json",
    )
    assert decided.status_code == 201
    assert decided.json()["state"] == "reasonable_grounds_positive"
    exported = social_worker.get(url + "export.json").json()
    assert exported["pv-under-age"] == "yes"
    assert exported["pv-name-first-name"] == "Amira"
    assert exported["pv-dob"] == case.person.date_of_birth.isoformat()
    assert exported["types-of-exploitation-prostitution"] is True
    assert "reported-to-police-crime-reference" in exported
    assert AuditEvent.objects.filter(verb=Verb.NRM_REFERRAL_EXPORTED).count() == 1


def test_the_page_tells_a_school_why_it_cannot_submit(world, verified_client):
    case = open_case(world)
    share(world, case, world.school, ["nrm"])
    social_worker = verified_client(world.la("warrington").practitioner)
    assert social_worker.post(reverse("nrm:start", args=[case.pk])).status_code == 302
    referral = NrmReferral.objects.get()
    school = verified_client(world.school.practitioner)
    page = school.get(reverse("nrm:referral", args=[referral.pk])).content.decode()
    assert "Bridgewater Park High School is not a First Responder" in page
    assert reverse("nrm:submit", args=[referral.pk]) not in page
    refused = school.post(
        reverse("nrm:submit", args=[referral.pk]),
        {"home_office_reference": "HO-1"},
    )
    assert refused.status_code == 403
    assert "It can be submitted by Warrington children" in refused.content.decode()
    assert NrmReferral.objects.get().state == NrmState.DRAFT
    pdf = social_worker.get(reverse("nrm:pdf", args=[referral.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_duty_to_notify_never_shows_an_identifier(world, verified_api_client, verified_client):
    police = world.police.practitioner
    api = verified_api_client(police)
    body = {
        "gender": "female",
        "nationality": "Albanian",
        "exploitation_types": ["sexual"],
        "what_happened": "Brought to Chester and made to work in a brothel.",
        "cooperates_with_police": False,
    }
    named = api.post(
        "/api/v1/duty-to-notify/",
        {**body, "given_name": "Ana", "date_of_birth": date_of_birth_for_age(25).isoformat()},
        format="json",
    )
    assert named.status_code == 400
    assert set(named.json()["errors"]) == {"given_name", "date_of_birth"}
    assert not DutyToNotify.objects.exists()
    created = api.post("/api/v1/duty-to-notify/", body, format="json")
    assert created.status_code == 201
    duty_id = created.json()["id"]
    shown = api.get(f"/api/v1/duty-to-notify/{duty_id}/").json()
    assert not {"given_name", "family_name", "date_of_birth"} & set(shown)
    exported = api.get(f"/api/v1/duty-to-notify/{duty_id}/export.json").json()
    assert exported["NRMOrDuty"] == "DTN"
    assert not [key for key in exported if "name" in key or key == "pv-dob"]
    page = verified_client(police).get(reverse("nrm:duty", args=[duty_id])).content.decode()
    assert "Ana" not in page and ">Name<" not in page
    school = verified_api_client(world.school.practitioner)
    refused = school.post("/api/v1/duty-to-notify/", body, format="json")
    assert refused.status_code == 403
    assert "First Responder" in refused.json()["errors"]["non_field_errors"][0]
