"""Duty to Notify tracked like a referral (submitted, then the Home Office's decisions, on the
page and in the API, never naming the adult), guardian referrals on the page and in the API,
and what a referral takes from the case's linked people and addresses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Agency
from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import date_of_birth_for_age, open_case, share
from haven.core.tests.support import page_text
from haven.nrm import services
from haven.nrm.models import DutyToNotify, IctgReferral
from haven.nrm.rules import NrmState, reasonable_grounds_due
from haven.people.models import AddressKind, PersonKind, RelationshipKind
from haven.people.services import address_add, alias_add, person_create, relationship_add
from haven.workflows import nrm as workflow

pytestmark = pytest.mark.django_db

ANONYMOUS = {
    "gender": "male",
    "nationality": "Vietnamese",
    "exploitation_types": ["labour"],
    "what_happened": "Found working unpaid in a nail bar; his passport held by the owner.",
}


def anonymous_duty(world) -> DutyToNotify:
    return services.duty_to_notify_record(
        actor=world.police.practitioner, cooperates_with_police=False, **ANONYMOUS
    )


# --- Duty to Notify: submission and decisions ------------------------------------------------


def test_a_duty_to_notify_is_submitted_and_decided_on_its_pages(world, verified_client):
    police = verified_client(world.police.practitioner)
    recorded = police.post(
        reverse("nrm:duty_new"),
        {**ANONYMOUS, "exploitation_types": ["labour"], "cooperates_with_police": "False"},
    )
    assert recorded.status_code == 302
    duty = DutyToNotify.objects.get()
    listed = page_text(police.get(reverse("nrm:duties")))
    assert reverse("nrm:duty", args=[duty.pk]) in listed and "Not submitted yet" in listed

    page = page_text(police.get(reverse("nrm:duty", args=[duty.pk])))
    assert reverse("nrm:duty_submit", args=[duty.pk]) in page
    assert reverse("nrm:duty_decision", args=[duty.pk]) not in page
    today = timezone.localdate()
    submitted = police.post(
        reverse("nrm:duty_submit", args=[duty.pk]),
        {
            "submitted_on_day": today.day,
            "submitted_on_month": today.month,
            "submitted_on_year": today.year,
            "home_office_reference": "DTN-2041",
        },
    )
    assert submitted.status_code == 302
    page = page_text(police.get(reverse("nrm:duty", args=[duty.pk])))
    assert "DTN-2041" in page and "Submitted, awaiting a reasonable grounds decision" in page
    assert f"{reasonable_grounds_due(today):%-d %B %Y} (5 working days)" in page

    date = {"decided_on_day": today.day, "decided_on_month": today.month}
    date["decided_on_year"] = today.year
    early = police.post(
        reverse("nrm:duty_decision", args=[duty.pk]),
        {"decision": NrmState.CONCLUSIVE_GROUNDS_POSITIVE, **date},
    )
    assert early.status_code == 200
    assert "the referral is submitted, awaiting a reasonable grounds decision" in page_text(early)
    decided = police.post(
        reverse("nrm:duty_decision", args=[duty.pk]),
        {"decision": NrmState.REASONABLE_GROUNDS_POSITIVE, **date},
    )
    assert decided.status_code == 302
    duty.refresh_from_db()
    assert duty.state == NrmState.REASONABLE_GROUNDS_POSITIVE
    assert duty.decisions.get().working_days_from_submission == 0


def test_a_duty_to_notify_is_submitted_and_decided_through_the_api(world, verified_api_client):
    duty = anonymous_duty(world)
    api = verified_api_client(world.police.practitioner)
    url = f"/api/v1/duty-to-notify/{duty.pk}/"
    submitted_on = timezone.localdate() - timedelta(days=21)
    body = {"submitted_on": submitted_on.isoformat(), "home_office_reference": "DTN-7"}
    too_early = api.post(
        url + "decisions/",
        {"decision": "reasonable_grounds_positive", "decided_on": submitted_on.isoformat()},
        format="json",
    )
    assert too_early.status_code == 400
    assert "draft" in too_early.json()["errors"]["decision"][0]
    submitted = api.post(url + "submit/", body, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["clock"]["reasonable_grounds_overdue"] is True
    again = api.post(url + "submit/", body, format="json")
    assert again.status_code == 400
    decided = api.post(
        url + "decisions/",
        {"decision": "reasonable_grounds_negative", "decided_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["state"] == "reasonable_grounds_negative"
    [decision] = decided.json()["decisions"]
    assert decision["working_days_from_submission"] >= 13  # 21 days: at least 13 working days
    listed = api.get("/api/v1/duty-to-notify/").json()
    assert [item["id"] for item in listed] == [duty.pk]
    assert not {"given_name", "family_name", "date_of_birth"} & set(listed[0])
    # Another agency, even a First Responder, does not see it.
    other = verified_api_client(world.la("warrington").practitioner)
    assert other.post(url + "submit/", body, format="json").status_code == 404
    assert other.get("/api/v1/duty-to-notify/").json() == []
    verbs = AuditEvent.objects.filter(target_type="nrm.dutytonotify", target_id=str(duty.pk))
    assert {Verb.NRM_REFERRAL_SUBMITTED, Verb.NRM_DECISION_RECORDED} <= set(
        verbs.values_list("verb", flat=True)
    )
    assert not verbs.exclude(person_id__isnull=True).exists()


def test_a_named_duty_to_notify_shows_the_name_only_to_its_agency(world, verified_client):
    duty = services.duty_to_notify_record(
        actor=world.police.practitioner,
        cooperates_with_police=True,
        given_name="Minh",
        family_name="Tran",
        date_of_birth=date_of_birth_for_age(30),
        **ANONYMOUS,
    )
    assert "Minh Tran" in page_text(
        verified_client(world.police.practitioner).get(reverse("nrm:duty", args=[duty.pk]))
    )
    # The list names nobody, even when the adult cooperates.
    listed = page_text(verified_client(world.police.practitioner).get(reverse("nrm:duties")))
    assert "Minh" not in listed
    assert (
        verified_client(world.school.practitioner)
        .get(reverse("nrm:duty", args=[duty.pk]))
        .status_code
        == 404
    )


# --- Guardian referrals ------------------------------------------------------------------------


def test_a_guardian_referral_through_the_api_completes_the_task(world, verified_api_client):
    case = open_case(world)
    api = verified_api_client(world.la("warrington").practitioner)
    url = f"/api/v1/cases/{case.pk}/ictg-referrals/"
    future = api.post(
        url,
        {
            "referred_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "support": "direct",
        },
        format="json",
    )
    assert future.status_code == 400
    assert "today or in the past" in future.json()["errors"]["referred_on"][0]
    created = api.post(
        url,
        {
            "referred_on": timezone.localdate().isoformat(),
            "support": "indirect",
            "guardian_name": "Sam Okafor",
            "guardian_contact": "ictg@guardians.test",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["case_id"], created.json()["support"]) == (case.pk, "indirect")
    tasks = Task.objects.filter(case=case, code="ictg_referral")
    assert tasks.exists() and all(task.status == TaskStatus.DONE for task in tasks)
    listed = api.get(url).json()
    assert listed["area_covered"] is True
    assert [item["guardian_name"] for item in listed["results"]] == ["Sam Okafor"]
    assert AuditEvent.objects.filter(
        verb=Verb.VIEWED, target_type="nrm.ictgreferral", target_id=f"case:{case.pk}"
    ).exists()
    # A school the case is shared with, but not its NRM section, does not see them.
    share(world, case, world.school, ["tasks"])
    school = verified_api_client(world.school.practitioner)
    assert school.get(url).status_code == 404
    assert (
        school.post(url, {"referred_on": None, "support": "direct"}, format="json").status_code
        == 404
    )
    assert IctgReferral.objects.count() == 1


def test_the_guardian_page_says_whether_the_area_is_covered_and_records_it(world, verified_client):
    case = open_case(world)
    client = verified_client(world.la("warrington").practitioner)
    page = page_text(client.get(reverse("nrm:ictg", args=[case.pk])))
    assert "The Independent Child Trafficking Guardian service covers this area" in page
    today = timezone.localdate()
    recorded = client.post(
        reverse("nrm:ictg", args=[case.pk]),
        {
            "referred_on_day": today.day,
            "referred_on_month": today.month,
            "referred_on_year": today.year,
            "support": "direct",
            "guardian_name": "Sam Okafor",
        },
    )
    assert recorded.status_code == 302
    case_page = page_text(client.get(reverse("cases:case_detail", args=[case.pk])))
    assert f"Referred on {today:%-d %B %Y}: direct support" in case_page
    assert "Guardian: Sam Okafor" in case_page
    missing = client.post(reverse("nrm:ictg", args=[case.pk]), {"support": "direct"})
    assert missing.status_code == 200 and "Enter the date of the referral" in page_text(missing)

    Agency.objects.filter(pk=case.lead_agency_id).update(area_code="outside_cheshire")
    page = page_text(client.get(reverse("nrm:ictg", args=[case.pk])))
    assert "The Independent Child Trafficking Guardian service does not cover this area" in page


# --- What a referral takes from the case ---------------------------------------------------


def test_a_referral_names_the_linked_people_of_concern_as_exploiters(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    child = case.person

    def adult(given_name, family_name, kind):
        return person_create(
            actor=practitioner,
            given_name=given_name,
            family_name=family_name,
            kind=kind,
            date_of_birth=date_of_birth_for_age(34),
        )

    concern = adult("Dean", "Carter", PersonKind.ADULT_OF_CONCERN)
    relationship_add(
        actor=practitioner, person=concern, other=child, kind=RelationshipKind.ASSOCIATE
    )
    suspect = adult("Lee", "Mason", PersonKind.OTHER)
    relationship_add(
        actor=practitioner, person=suspect, other=child, kind=RelationshipKind.SUSPECTED_EXPLOITER
    )
    mother = adult("Nadia", "Haddad", PersonKind.PARENT_OR_CARER)
    relationship_add(actor=practitioner, person=mother, other=child, kind=RelationshipKind.PARENT)

    referral = workflow.nrm_referral_start(actor=practitioner, case=case)
    assert referral.who_exploited.splitlines() == ["Dean Carter", "Lee Mason"]


def test_a_referral_takes_towns_only_from_addresses_that_are_not_confidential(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    child = case.person
    address_add(actor=practitioner, person=child, line_1="4 Orford Lane", town="Warrington")
    address_add(
        actor=practitioner,
        person=child,
        line_1="1 Station Road",
        town="Crewe",
        kind=AddressKind.OTHER,
    )
    # A placement's address, confidential: even its named practitioner's referral leaves it out.
    address_add(
        actor=practitioner,
        person=child,
        line_1="The Willows",
        town="Nantwich",
        is_confidential=True,
        held_by_team=practitioner.team,
        named_users=[practitioner],
    )
    referral = workflow.nrm_referral_start(actor=practitioner, case=case)
    assert referral.locations_uk == "Crewe, Warrington"
    assert "Nantwich" not in referral.locations_uk


def test_a_referral_takes_the_child_s_other_names(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    alias_add(actor=practitioner, person=case.person, given_name="Mimi", note="street name")
    alias_add(actor=practitioner, person=case.person, given_name="Amy", family_name="Hadley")
    referral = workflow.nrm_referral_start(actor=practitioner, case=case)
    assert referral.nickname == "Mimi, Amy Hadley"


def test_a_malformed_authority_email_is_left_out_rather_than_stopping_the_referral(world):
    case = open_case(world)
    Agency.objects.filter(pk=case.lead_agency_id).update(email="csc@not_a_domain.test")
    case.lead_agency.refresh_from_db()
    referral = workflow.nrm_referral_start(actor=world.la("warrington").practitioner, case=case)
    assert referral.local_authority_email == ""
    assert referral.local_authority_name == case.lead_agency.name
