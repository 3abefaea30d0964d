"""Operational group meetings (decision 0030): who schedules, chairs and sees them, subjects as
each viewer may see them, information handled as links are, disruption actions that become
tasks once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseFactory
from haven.intelligence import groups
from haven.intelligence.models import DisruptionAction, GroupAttendance, GroupInformation
from haven.intelligence.tests.factories import EntityFactory, LinkFactory
from haven.workflows import operational_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(world):
    return UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


@pytest.fixture
def halton_case(world):
    halton = world.la("halton")
    return CaseFactory(lead_agency=halton.agency, lead_team=halton.team)


@pytest.fixture
def meeting(world, analyst):
    return groups.group_meeting_schedule(
        actor=analyst,
        area="pan_cheshire",
        scheduled_for=timezone.now() + timedelta(days=7),
        chair=world.la("halton").manager,
        location="Runcorn police station",
    )


def _share(actor, subject, **overrides):
    fields = {
        "text": "Seen collecting children in a silver car",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
    }
    fields.update(overrides)
    return groups.group_information_share(actor=actor, subject=subject, **fields)


def test_analysts_and_police_or_authority_managers_run_groups(world, analyst):
    assert groups.may_run_groups(analyst)
    assert groups.may_run_groups(world.la("halton").manager)
    assert groups.may_run_groups(world.police.manager)
    assert not groups.may_run_groups(world.health.manager)
    assert not groups.may_run_groups(world.la("halton").practitioner)
    with pytest.raises(PermissionDenied):
        groups.group_meeting_schedule(
            actor=world.health.manager,
            area="halton",
            scheduled_for=timezone.now(),
            chair=world.health.manager,
        )


def test_scheduling_checks_the_area_date_and_chair_and_names_the_first_attendees(
    world, analyst, meeting
):
    with pytest.raises(ValidationError) as refused:
        groups.group_meeting_schedule(
            actor=analyst, area="mars", scheduled_for=None, chair=world.health.manager
        )
    assert set(refused.value.message_dict) == {"area", "scheduled_for", "chair"}
    assert {a.user for a in meeting.attendees.all()} == {analyst, world.la("halton").manager}
    event = AuditEvent.objects.get(verb=Verb.GROUP_MEETING_SCHEDULED)
    assert event.changes["chair"] == world.la("halton").manager.pk


def test_only_the_chair_scheduler_and_attendees_see_the_meeting(world, analyst, meeting):
    health = world.health.practitioner
    with pytest.raises(Http404):
        groups.meeting_get_for_user(user=health, meeting_id=meeting.pk)
    assert meeting not in groups.meetings_for_user(health)
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)
    assert groups.meeting_get_for_user(user=health, meeting_id=meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        groups.group_attendee_add(actor=health, meeting=meeting, user=world.school.practitioner)


def test_an_attendee_is_named_once_and_their_apologies_recorded(world, analyst, meeting):
    health = world.health.practitioner
    attendee = groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)
    with pytest.raises(ValidationError) as refused:
        groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)
    assert "user" in refused.value.message_dict
    groups.group_attendance_record(
        actor=analyst,
        attendee=attendee,
        attendance=GroupAttendance.APOLOGIES,
        apologies_note="On leave",
    )
    attendee.refresh_from_db()
    assert (attendee.attendance, attendee.apologies_note) == ("apologies", "On leave")


def test_a_subject_must_be_one_the_runner_may_see(world, analyst, meeting, halton_case):
    address = EntityFactory()
    subject = groups.group_subject_add(actor=analyst, meeting=meeting, entity=address)
    assert subject.entity == address
    with pytest.raises(ValidationError):
        groups.group_subject_add(actor=analyst, meeting=meeting, entity=address)
    # An analyst never sees a child's case: the door says "not found".
    with pytest.raises(Http404):
        groups.group_subject_add(actor=analyst, meeting=meeting, case=halton_case)
    chair = world.la("halton").manager
    child = groups.group_subject_add(actor=chair, meeting=meeting, case=halton_case)
    assert child.case == halton_case
    # The chair sees only the entities linked to the cases they see.
    with pytest.raises(Http404):
        groups.group_subject_add(actor=chair, meeting=meeting, entity=EntityFactory())
    car = EntityFactory(entity_type="vehicle", registration="AB12CDE", line="", postcode="")
    with pytest.raises(ValidationError):
        groups.group_subject_add(actor=analyst, meeting=meeting, entity=car)


def test_subjects_are_shown_only_as_each_viewer_may_see_them(world, analyst, meeting, halton_case):
    chair = world.la("halton").manager
    address = EntityFactory()
    LinkFactory(from_case=halton_case, to_entity=address)
    place = groups.group_subject_add(actor=analyst, meeting=meeting, entity=address)
    child = groups.group_subject_add(actor=chair, meeting=meeting, case=halton_case)
    _share(chair, child)
    health = world.health.practitioner
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)

    seen = {s.subject.pk: s for s in groups.subjects_seen_by(health, meeting)}
    assert seen[place.pk].restricted and seen[child.pk].restricted
    assert seen[child.pk].information == [] and seen[child.pk].case is None
    by_chair = {s.subject.pk: s for s in groups.subjects_seen_by(chair, meeting)}
    assert not by_chair[place.pk].restricted and not by_chair[child.pk].restricted
    assert len(by_chair[child.pk].information) == 1
    # Seeing the child on the meeting is a view of their case.
    assert AuditEvent.objects.filter(
        verb=Verb.VIEWED, actor=chair, person_id=halton_case.person_id
    ).exists()
    with pytest.raises(Http404):
        _share(health, child)


def test_information_handled_c_exists_only_for_its_agency_and_those_named(world, analyst, meeting):
    subject = groups.group_subject_add(actor=analyst, meeting=meeting, entity=EntityFactory())
    with pytest.raises(ValidationError) as refused:
        _share(analyst, subject, handling_code="C")
    assert "handling_conditions" in refused.value.message_dict
    assert not GroupInformation.objects.exists()
    warrington = world.la("warrington")
    _share(
        analyst,
        subject,
        handling_code="C",
        handling_conditions="Not to be shared outside the police and Warrington",
        shared_with_agency_ids=[warrington.agency.pk],
    )
    other_analyst = UserFactory(
        agency=world.la("halton").agency, team=world.la("halton").team, role=Role.ANALYST
    )
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=other_analyst)
    assert [s.information for s in groups.subjects_seen_by(other_analyst, meeting)] == [[]]
    named = UserFactory(agency=warrington.agency, team=warrington.team, role=Role.ANALYST)
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=named)
    assert len(groups.subjects_seen_by(named, meeting)[0].information) == 1
    assert groups.information_visible_to(other_analyst).count() == 0


def test_an_action_about_a_child_becomes_a_task_of_the_owner_team_once(
    world, analyst, meeting, halton_case
):
    chair = world.la("halton").manager
    subject = groups.group_subject_add(actor=chair, meeting=meeting, case=halton_case)
    with pytest.raises(ValidationError) as refused:
        operational_groups.disruption_action_add(
            actor=chair,
            subject=subject,
            title="",
            owner_team=None,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"title", "owner_team", "due_on"}
    action = operational_groups.disruption_action_add(
        actor=chair,
        subject=subject,
        title="Visit the address with the police",
        owner_team=world.police.team,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    task = Task.objects.get()
    assert (action.task, task.case, task.team) == (task, halton_case, world.police.team)
    assert task.code == "disruption_action"
    operational_groups.disruption_action_task(actor=chair, action=action)
    assert Task.objects.count() == 1


def test_an_action_about_an_entity_stays_on_the_meeting(world, analyst, meeting):
    subject = groups.group_subject_add(actor=analyst, meeting=meeting, entity=EntityFactory())
    action = operational_groups.disruption_action_add(
        actor=analyst,
        subject=subject,
        title="Serve a closure notice",
        owner_team=world.police.team,
        due_on=timezone.localdate(),
    )
    assert action.task is None and not Task.objects.exists()
    assert DisruptionAction.objects.get().owner_team == world.police.team
    with pytest.raises(PermissionDenied):
        operational_groups.disruption_action_add(
            actor=world.health.practitioner,
            subject=subject,
            title="Anything",
            owner_team=world.police.team,
            due_on=timezone.localdate(),
        )


def test_minutes_export_is_audited(world, analyst, meeting):
    seen = groups.subjects_seen_by(analyst, meeting)
    pdf = groups.group_minutes_pdf(
        actor=analyst, meeting=meeting, subjects=seen, html="<p>Minutes</p>"
    )
    assert pdf.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb=Verb.GROUP_MINUTES_EXPORTED, actor=analyst).count() == 1
