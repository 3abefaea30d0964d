"""Preparing and submitting an NRM referral, decisions, Duty to Notify and guardian referrals:
who may, the form's own rules, what is stored, audited and completed."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import date_of_birth_for_age, open_case, share
from haven.nrm import services
from haven.nrm.models import DutyToNotify, NrmReferral
from haven.nrm.rules import NrmState, UnderAge
from haven.nrm.selectors import referral_get_for_user, submit_refusal
from haven.nrm.services import NotFirstResponder
from haven.workflows import nrm as workflow

pytestmark = pytest.mark.django_db


def ready(referral, actor):
    """Fill what submission needs."""
    return services.nrm_referral_update(
        actor=actor,
        referral=referral,
        expected_version=referral.version,
        what_happened="Taken by taxi to addresses in Crewe by adults who gave her alcohol.",
        # Someone who does not see the screening gets no types prefilled.
        exploitation_types=referral.exploitation_types or ["child_exploitation"],
    )


def test_a_referral_starts_prefilled_from_the_case_and_its_screening(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    referral = workflow.nrm_referral_start(actor=practitioner, case=case)
    assert referral.state == NrmState.DRAFT
    assert (referral.given_name, referral.family_name) == ("Amira", "Haddad")
    assert referral.under_age == UnderAge.YES
    assert referral.nationality == "United Kingdom"
    assert "prostitution" in referral.exploitation_types
    assert "child_exploitation" in referral.exploitation_types
    # The concern's indicators, in words, never as codes.
    assert referral.indicators_seen and "ind." not in referral.indicators_seen
    assert referral.local_authority_name == case.lead_agency.name
    assert referral.responder_email == practitioner.email
    event = AuditEvent.objects.get(verb=Verb.NRM_REFERRAL_STARTED)
    assert event.person_id == case.person_id


def test_not_sure_is_a_child_so_no_consent_question(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    referral = workflow.nrm_referral_start(
        actor=practitioner, case=case, under_age=UnderAge.NOT_SURE
    )
    with pytest.raises(ValidationError) as refused:
        services.nrm_referral_update(
            actor=practitioner,
            referral=referral,
            expected_version=referral.version,
            adult_consents=False,
        )
    assert "A child needs no consent" in refused.value.message_dict["adult_consents"][0]
    # Without a consent answer a child's referral is submitted.
    referral = ready(referral, practitioner)
    workflow.nrm_referral_submit(
        actor=practitioner,
        referral=referral,
        submitted_on=timezone.localdate(),
        home_office_reference="NRM-1",
    )


def test_an_adult_needs_consent_to_be_submitted(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    referral = ready(
        workflow.nrm_referral_start(actor=practitioner, case=case, under_age=UnderAge.NO),
        practitioner,
    )
    with pytest.raises(ValidationError) as refused:
        services.nrm_referral_submit(
            actor=practitioner,
            referral=referral,
            submitted_on=timezone.localdate(),
            home_office_reference="NRM-2",
        )
    assert "Duty to Notify" in refused.value.message_dict["adult_consents"][0]


def test_the_forms_rules(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    referral = workflow.nrm_referral_start(actor=practitioner, case=case)
    today = timezone.localdate()
    cases = {
        "date_of_birth": (today, "Date of birth must be in the past"),
        "what_happened": ("x" * 15_001, "15,000 characters or fewer"),
    }
    for field, (value, message) in cases.items():
        with pytest.raises(ValidationError) as refused:
            services.nrm_referral_update(
                actor=practitioner,
                referral=referral,
                expected_version=referral.version,
                **{field: value},
            )
        assert message in refused.value.message_dict[field][0]
    with pytest.raises(ValidationError) as refused:
        services.nrm_referral_update(
            actor=practitioner,
            referral=referral,
            expected_version=referral.version,
            date_of_birth=today.replace(year=1900, month=1, day=1),
        )
    assert "after 1 January 1900" in refused.value.message_dict["date_of_birth"][0]
    services.nrm_referral_update(
        actor=practitioner,
        referral=referral,
        expected_version=referral.version,
        what_happened="x" * 15_000,
        date_of_birth=date_of_birth_for_age(15),
    )
    referral.refresh_from_db()
    referral = services.nrm_referral_update(
        actor=practitioner,
        referral=referral,
        expected_version=referral.version,
        exploitation_types=[],
    )
    with pytest.raises(ValidationError) as refused:
        services.nrm_referral_submit(
            actor=practitioner, referral=referral, submitted_on=today, home_office_reference="X"
        )
    assert refused.value.message_dict["exploitation_types"] == [
        "Select at least one type of exploitation"
    ]


def test_only_a_first_responder_submits_and_the_refusal_says_who_can(world):
    case = open_case(world)
    share(world, case, world.school, ["nrm"])
    practitioner = world.la("warrington").practitioner
    school = world.school.practitioner
    referral = ready(workflow.nrm_referral_start(actor=school, case=case), school)
    assert referral_get_for_user(user=school, referral_id=referral.pk)
    message = submit_refusal(school, case)
    assert "Bridgewater Park High School is not a First Responder" in message
    assert "It can be submitted by Warrington children's social care." in message
    with pytest.raises(NotFirstResponder):
        workflow.nrm_referral_submit(
            actor=school,
            referral=referral,
            submitted_on=timezone.localdate(),
            home_office_reference="NRM-3",
        )
    referral.refresh_from_db()
    assert referral.state == NrmState.DRAFT
    task = Task.objects.get(case=case, code="nrm_referral")
    assert task.status == TaskStatus.OPEN
    workflow.nrm_referral_submit(
        actor=practitioner,
        referral=referral,
        submitted_on=timezone.localdate(),
        home_office_reference="NRM-3",
    )
    referral.refresh_from_db()
    assert (referral.state, referral.home_office_reference) == (NrmState.SUBMITTED, "NRM-3")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_someone_without_the_nrm_section_does_not_see_the_referral(world):
    case = open_case(world)
    share(world, case, world.school, ["chronology"])
    referral = workflow.nrm_referral_start(actor=world.la("warrington").practitioner, case=case)
    with pytest.raises(Http404):
        referral_get_for_user(user=world.school.practitioner, referral_id=referral.pk)


def test_decisions_follow_the_states_with_the_clock(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    referral = ready(workflow.nrm_referral_start(actor=practitioner, case=case), practitioner)
    today = timezone.localdate()
    submitted = today - timedelta(days=14)
    workflow.nrm_referral_submit(
        actor=practitioner, referral=referral, submitted_on=submitted, home_office_reference="R"
    )
    with pytest.raises(ValidationError) as refused:
        services.nrm_decision_record(
            actor=practitioner,
            referral=referral,
            decision=NrmState.CONCLUSIVE_GROUNDS_POSITIVE,
            decided_on=today,
        )
    assert "the referral is submitted" in refused.value.message_dict["decision"][0]
    services.nrm_decision_record(
        actor=practitioner,
        referral=referral,
        decision=NrmState.REASONABLE_GROUNDS_POSITIVE,
        decided_on=today,
    )
    referral = NrmReferral.objects.get(pk=referral.pk)
    assert referral.state == NrmState.REASONABLE_GROUNDS_POSITIVE
    decision = referral.decisions.get()
    assert decision.working_days_from_submission >= 8  # 14 days: at least 8 working days


def test_a_duty_to_notify_is_anonymous_unless_the_adult_cooperates(world):
    police = world.police.practitioner
    base = {
        "gender": "male",
        "nationality": "Vietnamese",
        "exploitation_types": ["labour"],
        "what_happened": "Found working in a nail bar, unpaid, passport held by the owner.",
    }
    with pytest.raises(ValidationError) as refused:
        services.duty_to_notify_record(
            actor=police, cooperates_with_police=False, given_name="Minh", **base
        )
    assert "given_name" in refused.value.message_dict
    assert not DutyToNotify.objects.exists()
    duty = services.duty_to_notify_record(actor=police, cooperates_with_police=False, **base)
    assert (duty.given_name, duty.family_name, duty.date_of_birth) == ("", "", None)
    event = AuditEvent.objects.get(verb=Verb.DUTY_TO_NOTIFY_RECORDED)
    assert event.person_id is None
    named = services.duty_to_notify_record(
        actor=police, cooperates_with_police=True, given_name="Minh", family_name="Tran", **base
    )
    assert named.given_name == "Minh"
    # No audit payload ever names the adult.
    payloads = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert "Minh" not in payloads and "Tran" not in payloads


def test_only_a_first_responder_makes_a_duty_to_notify(world):
    with pytest.raises(NotFirstResponder):
        services.duty_to_notify_record(
            actor=world.school.practitioner,
            gender="female",
            nationality="Albanian",
            exploitation_types=["sexual"],
            what_happened="",
            cooperates_with_police=False,
        )


def test_a_guardian_referral_completes_the_task(world):
    case = open_case(world)
    practitioner = world.la("warrington").practitioner
    assert workflow.ictg_area_covered(case)
    workflow.ictg_referral_record(
        actor=practitioner,
        case=case,
        referred_on=timezone.localdate(),
        support="direct",
        guardian_name="Sam Guardian",
        guardian_contact="ictg@barnardos.test",
    )
    tasks = Task.objects.filter(case=case, code="ictg_referral")
    assert tasks.exists()
    assert all(task.status == TaskStatus.DONE for task in tasks)
