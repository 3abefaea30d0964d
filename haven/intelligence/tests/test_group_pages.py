"""Operational group pages: schedule, the meeting page as each viewer may see it, subjects,
information, actions and the minutes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.cases.tests.factories import CaseFactory
from haven.intelligence import groups
from haven.intelligence.models import DisruptionAction, GroupInformation, OperationalGroupMeeting
from haven.intelligence.tests.factories import EntityFactory, LinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(world):
    return UserFactory(
        email="analyst@police.test",
        full_name="Ann Analyst",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


@pytest.fixture
def meeting(world, analyst):
    return groups.group_meeting_schedule(
        actor=analyst,
        area="halton",
        scheduled_for=timezone.now() + timedelta(days=3),
        chair=analyst,
    )


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_an_analyst_schedules_a_meeting(world, analyst, verified_client):
    client = verified_client(analyst)
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("intelligence:group_schedule"),
        {"area": "pan_cheshire", **_date("date", day), "time": "10:00", "chair": analyst.pk},
    )
    meeting = OperationalGroupMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intelligence:group", args=[meeting.pk])
    assert (
        reverse("intelligence:group", args=[meeting.pk])
        in client.get(reverse("intelligence:groups")).content.decode()
    )


def test_a_missing_date_is_explained_in_govuk_style(world, analyst, verified_client):
    response = verified_client(analyst).post(
        reverse("intelligence:group_schedule"), {"area": "halton", "time": "10:00"}
    )
    assert response.status_code == 200
    assert "Enter the date of the meeting" in response.content.decode()
    assert not OperationalGroupMeeting.objects.exists()


def test_a_practitioner_cannot_schedule_and_a_stranger_gets_not_found(
    world, meeting, verified_client
):
    practitioner = verified_client(world.la("halton").practitioner)
    assert practitioner.get(reverse("intelligence:group_schedule")).status_code == 403
    assert practitioner.get(reverse("intelligence:group", args=[meeting.pk])).status_code == 404
    admin = verified_client(world.admin)
    assert admin.get(reverse("intelligence:groups")).status_code == 403


def test_the_meeting_page_shows_a_child_only_to_those_who_see_the_case(
    world, analyst, meeting, verified_client
):
    halton = world.la("halton")
    case = CaseFactory(lead_agency=halton.agency, lead_team=halton.team)
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=halton.manager)
    # The halton manager runs nothing here: the analyst chairs and adds the child for them.
    meeting.chair = halton.manager
    meeting.save(update_fields=["chair"])
    chair = verified_client(halton.manager)
    picker = chair.get(reverse("intelligence:group_subject_add", args=[meeting.pk]))
    assert case.person.full_name in picker.content.decode()
    chair.post(
        reverse("intelligence:group_subject_add", args=[meeting.pk]),
        {"step": "case", "case": case.pk},
    )
    assert meeting.subjects.get().case == case
    url = reverse("intelligence:group", args=[meeting.pk])
    seen = chair.get(url).content.decode()
    assert case.person.full_name in seen
    hidden = verified_client(analyst).get(url).content.decode()
    assert case.person.full_name not in hidden and "Restricted subject" in hidden


def test_subject_information_and_action_pages(world, analyst, meeting, verified_client):
    client = verified_client(analyst)
    address = EntityFactory(line="Flat 9, 3 Canal Street")
    LinkFactory(to_entity=address, from_case=CaseFactory())
    found = client.get(reverse("intelligence:group_subject_add", args=[meeting.pk]), {"q": "canal"})
    assert "Flat 9, 3 Canal Street" in found.content.decode()
    client.post(
        reverse("intelligence:group_subject_add", args=[meeting.pk]),
        {"step": "entity", "entity": address.pk},
    )
    subject = meeting.subjects.get()
    response = client.post(
        reverse("intelligence:group_information_add", args=[meeting.pk, subject.pk]),
        {
            "text": "Several children seen entering late",
            "source_evaluation": "2",
            "intelligence_assessment": "B",
            "handling_code": "C",
        },
    )
    assert response.status_code == 200
    assert "Enter the conditions" in response.content.decode()
    assert not GroupInformation.objects.exists()
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        reverse("intelligence:group_action_add", args=[meeting.pk, subject.pk]),
        {"title": "Visit the landlord", "owner_team": world.police.team.pk, **_date("due_on", due)},
    )
    assert response.status_code == 302
    assert DisruptionAction.objects.get().title == "Visit the landlord"
    assert not Task.objects.exists()


def test_a_health_attendee_records_information_but_adds_no_action(
    world, analyst, meeting, verified_client
):
    health = world.health.practitioner
    groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)
    client = verified_client(health)
    assert (
        client.get(reverse("intelligence:group_subject_add", args=[meeting.pk])).status_code == 403
    )
    assert client.get(reverse("intelligence:group", args=[meeting.pk])).status_code == 200


def test_minutes_download_as_pdf_and_is_audited(world, analyst, meeting, verified_client):
    response = verified_client(analyst).get(
        reverse("intelligence:group_minutes_pdf", args=[meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb=Verb.GROUP_MINUTES_EXPORTED, actor=analyst).exists()
