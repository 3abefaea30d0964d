"""Multi-agency strategy meetings: suggested attendees, outcome feeding screening, minutes
visible to invitees only and every export audited."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.world import open_case
from haven.meetings.models import Attendee, InvitationStatus, MeetingStatus
from haven.meetings.services import DECISION_FIELDS, information_shared_add, invitation_decide
from haven.screening.selectors import screening_summary_for_case
from haven.workflows.strategy_meetings import (
    meeting_action_add,
    meeting_record_outcome,
)

pytestmark = pytest.mark.django_db


def invite_all(world, meeting):
    for invitation in meeting.invitations.filter(status=InvitationStatus.SUGGESTED):
        invitation_decide(
            actor=world.la("warrington").manager,
            invitation=invitation,
            invite=True,
            agency=invitation.agency or world.school.agency,
        )


def record(world, meeting, abduction="high", **decisions):
    """The outcome, recorded an hour after the meeting began."""
    with time_machine.travel(meeting.scheduled_for + timedelta(hours=1), tick=True):
        return _record(world, meeting, abduction=abduction, **decisions)


def _record(world, meeting, abduction="high", **decisions):
    return meeting_record_outcome(
        actor=world.la("warrington").manager,
        meeting=meeting,
        expected_version=meeting.version,
        attended={i.pk: True for i in meeting.invitations.all()},
        ratings={
            "harm": ("high", "Sexual exploitation ongoing."),
            "abduction": (abduction, "Adults have tried to collect her from placement."),
            "missing": ("medium", "Two missing episodes this month."),
        },
        decisions={"section_47_enquiry": True, "nrm_referral": True, **decisions},
    )


def test_schedule_suggests_the_domain_attendees(world, meeting):
    roles = set(meeting.invitations.values_list("attendee_role", flat=True))
    assert {
        Attendee.CHILDRENS_SOCIAL_CARE,
        Attendee.POLICE,
        Attendee.HEALTH,
        Attendee.REFERRER,
        Attendee.EDUCATION,
    } <= roles
    lead = meeting.invitations.get(attendee_role=Attendee.CHILDRENS_SOCIAL_CARE)
    assert lead.status == InvitationStatus.INVITED
    assert meeting.invitations.filter(status=InvitationStatus.SUGGESTED).exists()


def test_not_inviting_a_suggested_attendee_needs_a_reason(world, meeting):
    health = meeting.invitations.get(attendee_role=Attendee.HEALTH)
    with pytest.raises(ValidationError):
        invitation_decide(actor=world.la("warrington").manager, invitation=health, invite=False)
    invitation_decide(
        actor=world.la("warrington").manager,
        invitation=health,
        invite=False,
        reason="No health involvement; GP to be updated after.",
    )
    health.refresh_from_db()
    assert health.status == InvitationStatus.NOT_INVITED


def test_high_abduction_risk_requires_safe_house_escalation(world, meeting):
    invite_all(world, meeting)
    record(world, meeting, abduction="high")
    case = meeting.case
    assert Task.objects.filter(case=case, code="safe_house_escalation").exists()
    assert Task.objects.get(case=case, code="strategy_meeting").status == TaskStatus.DONE
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert screening_summary_for_case(case=case).current.trigger == "meeting_decision"


def test_low_abduction_risk_adds_no_safe_house_task(world, meeting):
    record(world, meeting, abduction="low")
    assert not Task.objects.filter(case=meeting.case, code="safe_house_escalation").exists()


def test_ratings_need_a_level_and_rationale(world, meeting):
    with pytest.raises(ValidationError) as error:
        meeting_record_outcome(
            actor=world.la("warrington").manager,
            meeting=meeting,
            expected_version=meeting.version,
            attended={},
            ratings={
                "harm": ("extreme", ""),
                "abduction": ("low", ""),
                "missing": ("low", "ok fine"),
            },
            decisions={},
        )
    assert {"harm_risk", "abduction_rationale"} <= set(error.value.message_dict)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_information_and_actions_are_recorded(world, meeting):
    invite_all(world, meeting)
    information_shared_add(
        actor=world.la("warrington").manager,
        meeting=meeting,
        agency=world.police.agency,
        text="Vehicle seen at the school gates.",
    )
    task = meeting_action_add(
        actor=world.la("warrington").manager,
        meeting=meeting,
        title="Police to check vehicle registration",
        team=world.police.team,
        due=timezone.localdate() + timedelta(days=2),
    )
    assert task.meeting == meeting and task.team == world.police.team


class TestMeetingPages:
    def test_invitees_see_the_meeting_others_get_404(self, world, meeting, verified_client):
        invite_all(world, meeting)
        url = reverse("meetings:detail", args=[meeting.pk])
        assert verified_client(world.police.practitioner).get(url).status_code == 200
        assert verified_client(world.la("halton").manager).get(url).status_code == 404
        assert verified_client(world.admin).get(url).status_code == 403

    def test_minutes_pdf_is_exported_and_audited(self, world, meeting, verified_client):
        invite_all(world, meeting)
        record(world, meeting)
        client = verified_client(world.police.practitioner)
        response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert AuditEvent.objects.filter(
            verb=Verb.MINUTES_EXPORTED, actor=world.police.practitioner, target_id=str(meeting.pk)
        ).exists()
        outsider = verified_client(world.la("halton").manager)
        assert outsider.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).status_code == 404

    def test_chair_records_the_outcome_through_the_page(self, world, meeting, verified_client):
        client = verified_client(world.la("warrington").manager)
        url = reverse("meetings:detail", args=[meeting.pk])
        assert "You can record the outcome once the meeting has started" in (
            client.get(url).content.decode()
        )
        # The meeting has begun: its outcome can be recorded.
        type(meeting).objects.filter(pk=meeting.pk).update(
            scheduled_for=timezone.now() - timedelta(hours=1)
        )
        page = client.get(url)
        assert page.status_code == 200
        data = {
            "step": "outcome",
            "version": meeting.version,
            "harm_risk": "high",
            "harm_rationale": "Ongoing exploitation.",
            "abduction_risk": "high",
            "abduction_rationale": "Approached at placement.",
            "missing_risk": "low",
            "missing_rationale": "Settled at placement.",
            "section_47_enquiry": "yes",
        }
        response = client.post(url, data)
        assert response.status_code == 302
        assert Task.objects.filter(case=meeting.case, code="safe_house_escalation").exists()

    def test_bad_outcome_shows_errors_and_saves_nothing(self, world, meeting, verified_client):
        client = verified_client(world.la("warrington").manager)
        url = reverse("meetings:detail", args=[meeting.pk])
        response = client.post(url, {"step": "outcome", "version": meeting.version})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SCHEDULED

    def test_schedule_page_refuses_a_meeting_without_place(self, world, verified_client):
        case = open_case(world)
        client = verified_client(world.la("warrington").manager)
        response = client.post(
            reverse("meetings:schedule", args=[case.pk]),
            {"date": (timezone.localdate() + timedelta(days=1)).isoformat(), "time": "10:00"},
        )
        assert response.status_code == 200
        assert "Give a place or a call link" in response.content.decode()
        assert not case.meetings.exists()


def test_an_outcome_cannot_be_recorded_before_the_meeting_time(world, meeting):
    """A meeting scheduled for tomorrow is not "held" today, and its statutory task stays open."""
    with pytest.raises(ValidationError, match="record its outcome once it has started"):
        _record(world, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    task = Task.objects.get(case=meeting.case, code="strategy_meeting")
    assert task.status == TaskStatus.OPEN


def test_the_minutes_carry_every_decision_the_page_shows(world, meeting, verified_client):
    """Practitioner trial: the PDF left out accommodated, criminal network, parents complicit
    and reunification. Page and minutes now list the same decisions from one template."""
    decided = dict.fromkeys(DECISION_FIELDS, True)
    meeting = record(world, meeting, **decided)
    page = verified_client(world.la("warrington").manager).get(
        reverse("meetings:detail", args=[meeting.pk])
    )
    minutes = render_to_string(
        "meetings/minutes.html", {"meeting": meeting, "user": world.la("warrington").manager}
    )
    for label in (
        "Section 47 enquiry",
        "NRM referral",
        "accommodated: yes",
        "Safety plan",
        "Safe house",
        "Police investigation",
        "Criminal network",
        "Parents or carers complicit",
        "Reunification planned",
    ):
        assert label in page.content.decode(), label
        assert label in minutes, label


def test_only_who_may_schedule_sees_the_schedule_button(world, verified_client):
    case = open_case(world)
    url = reverse("cases:case_detail", args=[case.pk])
    button = "Schedule a strategy meeting"
    assert button in verified_client(world.la("warrington").manager).get(url).content.decode()
    practitioner = verified_client(world.la("warrington").practitioner)
    assert button not in practitioner.get(url).content.decode()
