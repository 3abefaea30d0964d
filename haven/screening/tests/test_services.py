"""Screening in the case: stored with inputs and vocabulary version, re-screened on new
information, overrides that never drop a statutory action without a second manager."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task, TaskStatus
from haven.cases.tests.world import learn, make_child, open_case, raise_concern, share
from haven.screening.models import Circumstance, OverrideStatus, Screening, ScreeningTrigger
from haven.screening.selectors import screening_summary_for_case
from haven.screening.services import case_rescreen, screening_override_record
from haven.screening.vocabulary import load_vocabulary
from haven.workflows.new_information import case_information_record
from haven.workflows.screening_overrides import screening_override_decide

pytestmark = pytest.mark.django_db


def test_concern_is_screened_when_saved_with_inputs_and_vocabulary_version(world):
    child = make_child(world.police.practitioner)
    concern = raise_concern(world.police.practitioner, child)
    screening = concern.screenings.get()
    assert screening.outcome == "potential_victim"
    assert screening.vocabulary_version == load_vocabulary().version
    assert screening.inputs["codes"] == sorted(concern.indicator_codes)
    assert screening.person_status == "child"
    codes = set(Task.objects.filter(concern=concern).values_list("code", flat=True))
    assert {"refer_childrens_social_care", "strategy_meeting", "nrm_referral"} <= codes


def test_referral_task_is_done_at_once_by_the_front_door_routing(world):
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    task = Task.objects.get(concern=concern, code="refer_childrens_social_care")
    assert task.status == TaskStatus.DONE
    assert "front door" in task.completion_note


def test_accepting_into_a_case_moves_tasks_and_rescreens_the_case(world):
    case = open_case(world)
    assert case.screenings.filter(trigger=ScreeningTrigger.ACCEPTED_INTO_CASE).exists()
    task = Task.objects.get(case=case, code="strategy_meeting")
    assert task.team == case.lead_team


def test_new_information_rescreens_and_adds_actions_without_duplicates(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    before = Task.objects.filter(case=case).count()
    learn(manager, case, Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE, True)
    assert Task.objects.filter(case=case, code="non_criminalisation_review").count() == 1
    case_rescreen(actor=manager, case=case, trigger=ScreeningTrigger.NEW_INFORMATION)
    assert Task.objects.filter(case=case).count() == before + 1


def test_missing_return_creates_a_return_home_interview_per_episode(world):
    case = open_case(world)
    manager = world.la("warrington").manager
    for hours_ago in (30, 2):
        returned = timezone.now() - timezone.timedelta(hours=hours_ago)
        learn(
            manager,
            case,
            Circumstance.RETURNED_FROM_MISSING_AT,
            returned,
            trigger=ScreeningTrigger.MISSING_EPISODE,
        )
    assert Task.objects.filter(case=case, code="return_home_interview").count() == 2


def test_summary_shows_current_outcome_and_history(world):
    case = open_case(world)
    summary = screening_summary_for_case(case=case)
    assert summary.outcome == "potential_victim"
    assert summary.history[0] == summary.current
    assert Screening.objects.filter(case=case).count() == len(summary.history)


class TestOverrides:
    def test_override_without_removing_actions_is_in_force_at_once(self, world):
        case = open_case(world)
        override = screening_override_record(
            actor=world.la("warrington").manager,
            case=case,
            outcome="trafficking_not_indicated",
            reason="Taxi was arranged by the child's aunt; no exploitation found on enquiry.",
        )
        assert override.status == OverrideStatus.IN_FORCE
        assert screening_summary_for_case(case=case).outcome == "trafficking_not_indicated"
        assert Task.objects.filter(case=case, code="nrm_referral", status="open").exists()

    def test_removing_a_statutory_action_needs_a_second_manager(self, world):
        case = open_case(world)
        first = world.la("warrington").manager
        override = screening_override_record(
            actor=first,
            case=case,
            outcome="trafficking_not_indicated",
            reason="Enquiries show no exploitation; NRM not appropriate here.",
            actions_removed=["nrm_referral"],
        )
        assert override.status == OverrideStatus.AWAITING_APPROVAL
        assert Task.objects.get(case=case, code="nrm_referral").status == "open"
        with pytest.raises(ValidationError, match="second manager"):
            screening_override_decide(actor=first, override=override, approve=True)

        second = UserFactory(agency=first.agency, team=first.team, role="manager")
        screening_override_decide(actor=second, override=override, approve=True)
        assert Task.objects.get(case=case, code="nrm_referral").status == "not_needed"

    def test_practitioners_cannot_override(self, world):
        case = open_case(world)
        with pytest.raises(PermissionDenied):
            screening_override_record(
                actor=world.la("warrington").practitioner,
                case=case,
                outcome="insufficient_information",
                reason="x" * 30,
            )


class TestNewInformation:
    def test_return_from_missing_creates_the_72_hour_interview(self, world):
        case = open_case(world)
        returned = timezone.now() - timezone.timedelta(hours=5)
        screening = case_information_record(
            actor=world.la("warrington").manager, case=case, returned_from_missing_at=returned
        )
        assert screening.trigger == ScreeningTrigger.MISSING_EPISODE
        task = Task.objects.get(case=case, code="return_home_interview")
        assert task.due_at == returned + timezone.timedelta(hours=72)

    def test_nothing_new_and_bad_values_are_refused(self, world):
        case = open_case(world)
        before = Screening.objects.count()
        with pytest.raises(ValidationError):
            case_information_record(actor=world.la("warrington").manager, case=case)
        with pytest.raises(ValidationError) as error:
            case_information_record(
                actor=world.la("warrington").manager,
                case=case,
                returned_from_missing_at=timezone.now() + timezone.timedelta(days=1),
                abduction_risk="extreme",
                areas_involved=["mars"],
            )
        assert {"returned_from_missing_at", "abduction_risk", "areas_involved"} <= set(
            error.value.message_dict
        )
        assert Screening.objects.count() == before

    def test_shared_agencies_cannot_record(self, world):
        case = open_case(world)
        share(world, case, world.school, ["screening", "chronology"])
        with pytest.raises(PermissionDenied):
            case_information_record(
                actor=world.school.practitioner, case=case, flags={"criminal_network": True}
            )

    def test_page_and_api(self, world, verified_client, verified_api_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").practitioner)
        url = reverse("screening:information", args=[case.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"criminal_network": "yes"})
        assert response.status_code == 302
        assert Task.objects.filter(case=case, code="safe_house_escalation").exists()
        assert "There is a problem" in client.post(url, {}).content.decode()
        api = verified_api_client(world.la("warrington").practitioner)
        response = api.post(
            f"/api/v1/cases/{case.pk}/information/",
            {"arrested_or_suspected_offence": True},
            format="json",
        )
        assert response.status_code == 201
        assert "non_criminalisation_review" in [
            a["code"] for a in response.json()["required_actions"]
        ]
        outsider = verified_api_client(world.la("halton").practitioner)
        assert (
            outsider.post(
                f"/api/v1/cases/{case.pk}/information/", {"accommodated": True}, format="json"
            ).status_code
            == 404
        )
