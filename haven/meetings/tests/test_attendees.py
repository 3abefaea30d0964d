"""Named attendees and apologies at strategy meetings (practitioner trial, issue 8 point 5): the
chair names people (Haven users of invited agencies, or people without an account) before and
when recording the outcome, an invitee sends their own apologies, and the meeting page and the
minutes list who attended, who sent apologies and who did not attend."""

import html
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.audit.models import AuditEvent, Verb
from haven.audit.versioning import StaleVersionError
from haven.cases.tests.world import share
from haven.core.tests.support import audit_rows, page_text
from haven.meetings import views
from haven.meetings.models import (
    Attendance,
    Attendee,
    MeetingAttendee,
    MeetingStatus,
    StrategyMeeting,
)
from haven.meetings.selectors import attendee_candidates, meeting_attendance, meeting_get_for_user
from haven.meetings.services import (
    NamedAttendee,
    invitation_decide,
    meeting_apologies_record,
    meeting_attendee_add,
    meeting_attendee_remove,
)
from haven.workflows.strategy_meetings import meeting_record_outcome

pytestmark = pytest.mark.django_db

INTERPRETER = NamedAttendee(
    name="Farah Siddiqui", organisation="Cheshire Interpreting Service", job_title="Interpreter"
)


@pytest.fixture
def chair(world):
    return world.la("warrington").manager


@pytest.fixture
def invited(world, chair, meeting):
    """The police and health are invited; education is still only suggested."""
    for role in (Attendee.POLICE, Attendee.HEALTH):
        invitation_decide(
            actor=chair, invitation=meeting.invitations.get(attendee_role=role), invite=True
        )
    return meeting


@pytest.fixture
def detective(world):
    """A second police officer: several people may come for one agency."""
    police = world.police
    return UserFactory(
        email="detective@cheshire-constabulary.test",
        full_name="Dana Okafor",
        agency=police.agency,
        team=police.team,
        job_title="Detective constable",
    )


def fresh(meeting) -> StrategyMeeting:
    return StrategyMeeting.objects.get(pk=meeting.pk)


def record(chair, meeting, **attendance):
    """The outcome, an hour after the meeting began."""
    meeting = fresh(meeting)
    with time_machine.travel(meeting.scheduled_for + timedelta(hours=1), tick=True):
        return meeting_record_outcome(
            actor=chair,
            meeting=meeting,
            expected_version=meeting.version,
            ratings={
                "harm": ("high", "Sexual exploitation ongoing."),
                "abduction": ("low", "No attempts to collect her."),
                "missing": ("medium", "Two missing episodes this month."),
            },
            decisions={"section_47_enquiry": True},
            **attendance,
        )


def lines(rows) -> list[tuple[str, str, str]]:
    return [(row.name, row.organisation, row.job_title) for row in rows]


# ---------------------------------------------------------------------------------------------
# Naming people


class TestNamingPeople:
    def test_the_chair_names_users_of_an_invited_agency_as_they_are_now(
        self, world, chair, invited, detective
    ):
        before = fresh(invited).version
        first = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=world.police.practitioner)
        )
        second = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=detective)
        )
        assert (second.name, second.organisation, second.job_title) == (
            "Dana Okafor",
            "Cheshire Constabulary",
            "Detective constable",
        )
        assert second.agency == world.police.agency and second.user == detective
        # A user without a job title is shown with their role.
        assert first.job_title == "Practitioner"
        assert first.attendance == second.attendance == Attendance.EXPECTED
        # The minutes keep the name the person had at the meeting.
        detective.full_name = "Dana Smith"
        detective.save()
        assert MeetingAttendee.objects.get(pk=second.pk).name == "Dana Okafor"
        # Each change steps the meeting's version and is audited on the meeting.
        assert fresh(invited).version == before + 2
        event = (
            AuditEvent.objects.filter(verb=Verb.MEETING_ATTENDEE_ADDED, target_id=str(invited.pk))
            .order_by("id")
            .last()
        )
        assert event.actor == chair
        assert event.person_id == invited.case.person_id
        assert event.changes["attendee"] == "Dana Okafor, Cheshire Constabulary"
        assert event.changes["user"] == detective.pk
        assert event.changes["version"] == {"before": before + 1, "after": before + 2}

    def test_someone_without_a_haven_account_is_named_with_organisation_and_role(
        self, chair, invited
    ):
        attendee = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        assert attendee.user is None and attendee.agency is None
        assert str(attendee) == "Farah Siddiqui, Cheshire Interpreting Service"
        assert attendee.job_title == "Interpreter"

    def test_the_chair_may_record_apologies_when_naming_someone(self, world, chair, invited):
        attendee = meeting_attendee_add(
            actor=chair,
            meeting=invited,
            named=NamedAttendee(
                user=world.health.practitioner,
                attendance=Attendance.APOLOGIES,
                apologies_note="Sent a report on her last appointment.",
            ),
        )
        assert attendee.attendance == Attendance.APOLOGIES
        assert attendee.apologies_note == "Sent a report on her last appointment."

    @pytest.mark.parametrize(
        ("who", "field", "message"),
        [
            (
                "school",
                "user",
                "Choose someone who works on cases in an agency invited to the meeting.",
            ),
            (
                "inactive",
                "user",
                "Choose someone who works on cases in an agency invited to the meeting.",
            ),
            (
                "admin",
                "user",
                "Choose someone who works on cases in an agency invited to the meeting.",
            ),
            ("named", "user", "is already named at this meeting."),
            ("nameless", "name", "Enter the person's full name."),
            ("no_organisation", "organisation", "Enter the organisation they work for."),
            ("no_role", "job_title", "Enter their role or job title."),
            ("note_without_apologies", "apologies_note", "Only apologies take a note"),
        ],
    )
    def test_who_cannot_be_named(self, world, chair, invited, who, field, message):
        meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=world.police.manager)
        )
        inactive = UserFactory(agency=world.police.agency, is_active=False)
        named = {
            # Education is suggested, not invited.
            "school": NamedAttendee(user=world.school.practitioner),
            "inactive": NamedAttendee(user=inactive),
            # Warrington is invited, but its administrator does not work cases.
            "admin": NamedAttendee(user=world.admin),
            "named": NamedAttendee(user=world.police.manager),
            "nameless": NamedAttendee(name=" ", organisation="Language Line", job_title="Interp"),
            "no_organisation": NamedAttendee(name="Farah Siddiqui", job_title="Interpreter"),
            "no_role": NamedAttendee(name="Farah Siddiqui", organisation="Language Line"),
            "note_without_apologies": NamedAttendee(
                user=world.police.practitioner, apologies_note="Sent a report."
            ),
        }[who]
        before = (MeetingAttendee.objects.count(), audit_rows(), fresh(invited).version)
        with pytest.raises(ValidationError) as error:
            meeting_attendee_add(actor=chair, meeting=invited, named=named)
        assert field in error.value.message_dict
        assert message in " ".join(error.value.message_dict[field])
        assert (MeetingAttendee.objects.count(), audit_rows(), fresh(invited).version) == before

    def test_only_the_chair_names_or_removes_people(self, world, chair, invited):
        attendee = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        # The lead's practitioner and an invited agency's manager see the meeting but do not
        # run it; nor does a manager of an agency the meetings are shared with.
        share(world, invited.case, world.school, ["meetings"])
        before = (MeetingAttendee.objects.count(), audit_rows())
        for user in (
            world.la("warrington").practitioner,
            world.police.manager,
            world.school.manager,
        ):
            with pytest.raises(PermissionDenied):
                meeting_attendee_add(actor=user, meeting=invited, named=INTERPRETER)
            with pytest.raises(PermissionDenied):
                meeting_attendee_remove(actor=user, attendee=attendee)
        assert (MeetingAttendee.objects.count(), audit_rows()) == before

    def test_the_chair_removes_someone_named(self, chair, invited):
        attendee = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        meeting_attendee_remove(actor=chair, attendee=attendee)
        assert not MeetingAttendee.objects.filter(pk=attendee.pk).exists()
        assert AuditEvent.objects.filter(
            verb=Verb.MEETING_ATTENDEE_REMOVED,
            target_id=str(invited.pk),
            changes__attendee="Farah Siddiqui, Cheshire Interpreting Service",
        ).exists()

    def test_once_the_outcome_is_recorded_who_attended_is_fixed(self, world, chair, invited):
        attendee = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        record(chair, invited, attendance={attendee.pk: (Attendance.ATTENDED, "")})
        held = fresh(invited)
        for change in (
            lambda: meeting_attendee_add(actor=chair, meeting=held, named=INTERPRETER),
            lambda: meeting_attendee_remove(
                actor=chair, attendee=MeetingAttendee.objects.get(pk=attendee.pk)
            ),
            lambda: meeting_apologies_record(actor=world.police.practitioner, meeting=held),
        ):
            with pytest.raises(ValidationError, match="can no longer be changed"):
                change()
        assert MeetingAttendee.objects.filter(meeting=invited).count() == 1

    def test_the_page_offers_active_case_workers_of_invited_agencies_not_named_yet(
        self, world, chair, invited, detective
    ):
        UserFactory(agency=world.police.agency, is_active=False)
        meeting_attendee_add(actor=chair, meeting=invited, named=NamedAttendee(user=detective))
        offered = set(attendee_candidates(meeting=invited))
        warrington = world.la("warrington")
        assert offered == {
            warrington.practitioner,
            warrington.manager,
            world.police.practitioner,
            world.police.manager,
            world.health.practitioner,
            world.health.manager,
        }


# ---------------------------------------------------------------------------------------------
# Apologies sent by an invitee


class TestApologies:
    def test_an_invitee_sends_their_own_apologies_and_is_named(self, world, invited):
        police = world.police.practitioner
        attendee = meeting_apologies_record(actor=police, meeting=invited, note=" Sent a report. ")
        assert (attendee.user, attendee.name, attendee.organisation) == (
            police,
            police.full_name,
            "Cheshire Constabulary",
        )
        assert attendee.attendance == Attendance.APOLOGIES
        assert attendee.apologies_note == "Sent a report."
        assert attendee.added_by == police
        event = AuditEvent.objects.get(verb=Verb.MEETING_APOLOGIES_RECORDED)
        assert event.actor == police
        assert event.target_id == str(invited.pk)
        assert event.changes["attendance"] == {"before": None, "after": "apologies"}
        assert event.changes["apologies_note"] == {"before": None, "after": "Sent a report."}

    def test_someone_named_already_sends_apologies_without_a_note(self, world, chair, invited):
        named = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=world.health.manager)
        )
        attendee = meeting_apologies_record(actor=world.health.manager, meeting=invited)
        assert attendee.pk == named.pk
        assert attendee.attendance == Attendance.APOLOGIES and attendee.apologies_note == ""
        assert MeetingAttendee.objects.filter(meeting=invited).count() == 1

    def test_only_someone_from_an_invited_agency_sends_apologies(self, world, invited):
        # The school sees the meetings through a share, but education is not invited.
        share(world, invited.case, world.school, ["meetings"])
        meeting_get_for_user(user=world.school.practitioner, meeting_id=invited.pk)
        before = (MeetingAttendee.objects.count(), audit_rows())
        for user in (world.school.practitioner, world.la("halton").manager, world.admin):
            with pytest.raises(PermissionDenied):
                meeting_apologies_record(actor=user, meeting=invited, note="Cannot come.")
        assert (MeetingAttendee.objects.count(), audit_rows()) == before

    def test_apologies_sent_while_the_chair_records_the_outcome_are_not_overwritten(
        self, world, chair, invited
    ):
        named = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=world.police.practitioner)
        )
        opened = fresh(invited)  # the chair opens the outcome form
        meeting_apologies_record(actor=world.police.practitioner, meeting=invited)
        with (
            time_machine.travel(opened.scheduled_for + timedelta(hours=1), tick=True),
            pytest.raises(StaleVersionError) as stale,
        ):
            meeting_record_outcome(
                actor=chair,
                meeting=opened,
                expected_version=opened.version,
                attendance={named.pk: (Attendance.ABSENT, "")},
                ratings=dict.fromkeys(("harm", "abduction", "missing"), ("low", "Nothing new.")),
                decisions={},
            )
        assert "attendance" in str(stale.value)
        assert MeetingAttendee.objects.get(pk=named.pk).attendance == Attendance.APOLOGIES
        assert fresh(invited).status == MeetingStatus.SCHEDULED


# ---------------------------------------------------------------------------------------------
# The outcome and the attendance it records


class TestOutcome:
    def test_each_person_named_is_recorded_and_invited_agencies_follow_them(
        self, world, chair, invited, detective
    ):
        police = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=detective)
        )
        interpreter = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        record(
            chair,
            invited,
            attendance={
                police.pk: (Attendance.ATTENDED, ""),
                interpreter.pk: (Attendance.ABSENT, ""),
            },
            new_attendees=[
                NamedAttendee(user=chair, attendance=Attendance.ATTENDED),
                NamedAttendee(
                    user=world.health.practitioner,
                    attendance=Attendance.APOLOGIES,
                    apologies_note="Sent a report.",
                ),
            ],
        )
        meeting = meeting_get_for_user(user=chair, meeting_id=invited.pk, record_view=False)
        attended = {i.attendee_role: i.attended for i in meeting.invitations.all()}
        assert attended[Attendee.POLICE] is True
        assert attended[Attendee.CHILDRENS_SOCIAL_CARE] is True
        # Apologies are not attendance.
        assert attended[Attendee.HEALTH] is False
        assert attended[Attendee.EDUCATION] is None  # never invited
        attendance = meeting_attendance(meeting)
        assert lines(attendance.present) == [
            ("Dana Okafor", "Cheshire Constabulary", "Detective constable"),
            (chair.full_name, "Warrington children's social care", "Manager"),
        ]
        assert lines(attendance.apologies) == [
            (world.health.practitioner.full_name, "Health trust", "Practitioner")
        ]
        assert attendance.apologies[0].note == "Sent a report."
        assert lines(attendance.absent) == [
            ("Farah Siddiqui", "Cheshire Interpreting Service", "Interpreter")
        ]
        event = AuditEvent.objects.get(verb=Verb.MEETING_OUTCOME_RECORDED)
        assert (
            "Dana Okafor, Cheshire Constabulary: attended" in event.changes["attendance"]["after"]
        )
        assert (
            "Dana Okafor, Cheshire Constabulary: expected" in event.changes["attendance"]["before"]
        )

    def test_an_invited_agency_that_sends_no_one_and_no_apologies_did_not_attend(
        self, world, chair, invited
    ):
        record(
            chair,
            invited,
            new_attendees=[NamedAttendee(user=chair, attendance=Attendance.ATTENDED)],
        )
        attendance = meeting_attendance(
            meeting_get_for_user(user=chair, meeting_id=invited.pk, record_view=False)
        )
        assert lines(attendance.absent) == [
            ("", "Cheshire Constabulary", "Police"),
            ("", "Health trust", "Health"),
        ]

    def test_before_the_meeting_invited_agencies_no_one_is_named_for_are_listed(
        self, world, chair, invited
    ):
        meeting_apologies_record(actor=world.police.practitioner, meeting=invited)
        attendance = meeting_attendance(
            meeting_get_for_user(user=chair, meeting_id=invited.pk, record_view=False)
        )
        assert not attendance.held and attendance.present == []
        assert [row.organisation for row in attendance.absent] == [
            "Warrington children's social care",
            "Health trust",
        ]

    def test_an_agency_given_in_attended_alone_attended_with_no_one_named(self, chair, invited):
        # The API's first contract: invitation ids only.
        police = invited.invitations.get(attendee_role=Attendee.POLICE)
        record(chair, invited, attended={police.pk: True})
        attendance = meeting_attendance(
            meeting_get_for_user(user=chair, meeting_id=invited.pk, record_view=False)
        )
        assert lines(attendance.present) == [("", "Cheshire Constabulary", "Police")]
        assert [row.organisation for row in attendance.absent] == [
            "Warrington children's social care",
            "Health trust",
        ]

    def test_everyone_named_must_have_attended_sent_apologies_or_not_attended(
        self, world, chair, invited
    ):
        interpreter = meeting_attendee_add(actor=chair, meeting=invited, named=INTERPRETER)
        before = (audit_rows(), fresh(invited).version)
        for attendance in (
            {},
            {interpreter.pk: (Attendance.EXPECTED, "")},
            {interpreter.pk: (Attendance.ATTENDED, "Sent a report.")},
            {interpreter.pk + 1000: (Attendance.ATTENDED, "")},
        ):
            with pytest.raises(ValidationError) as error:
                record(chair, invited, attendance=attendance)
            assert list(error.value.message_dict) == ["attendees"]
        with pytest.raises(ValidationError, match="New attendee 1: Enter the person's full name"):
            record(
                chair,
                invited,
                attendance={interpreter.pk: (Attendance.ATTENDED, "")},
                new_attendees=[NamedAttendee(attendance=Attendance.ATTENDED)],
            )
        assert (audit_rows(), fresh(invited).version) == before
        assert fresh(invited).status == MeetingStatus.SCHEDULED


# ---------------------------------------------------------------------------------------------
# Pages and minutes


class TestPages:
    def test_the_chair_names_people_and_removes_one_through_the_page(
        self, world, chair, invited, detective, verified_client
    ):
        client = verified_client(chair)
        url = reverse("meetings:detail", args=[invited.pk])
        assert "Add someone with a Haven account" in page_text(client.get(url))
        response = client.post(url, {"step": "attendee_user", "user": detective.pk})
        assert response.status_code == 302
        response = client.post(
            url,
            {
                "step": "attendee_other",
                "name": "Farah Siddiqui",
                "organisation": "Cheshire Interpreting Service",
                "job_title": "Interpreter",
                "apologies": "on",
                "apologies_note": "Booked for the next meeting instead.",
            },
        )
        assert response.status_code == 302
        page = page_text(client.get(url))
        assert "Dana Okafor" in page and "Detective constable" in page
        assert "Booked for the next meeting instead." in page
        interpreter = MeetingAttendee.objects.get(name="Farah Siddiqui")
        assert interpreter.attendance == Attendance.APOLOGIES
        response = client.post(url, {"step": "attendee_remove", "attendee": interpreter.pk})
        assert response.status_code == 302
        assert list(MeetingAttendee.objects.values_list("name", flat=True)) == ["Dana Okafor"]

    def test_the_page_explains_what_is_missing(self, chair, invited, verified_client):
        url = reverse("meetings:detail", args=[invited.pk])
        response = verified_client(chair).post(url, {"step": "attendee_other", "name": "Farah"})
        page = page_text(response)
        assert "There is a problem" in page
        assert "Enter their organisation" in page and "Enter their role or job title" in page
        assert not MeetingAttendee.objects.exists()

    def test_an_invitee_sends_apologies_from_the_page_others_may_not(
        self, world, invited, verified_client
    ):
        url = reverse("meetings:detail", args=[invited.pk])
        police = verified_client(world.police.practitioner)
        assert "Send your apologies" in page_text(police.get(url))
        assert "Add someone with a Haven account" not in page_text(police.get(url))
        response = police.post(url, {"step": "apologies", "apologies_note": "Sent a report."})
        assert response.status_code == 302
        page = page_text(police.get(url))
        assert "You have sent your apologies. Your note: Sent a report." in page
        # An invitee may send apologies, not run the meeting.
        response = police.post(
            url,
            {"step": "attendee_other", "name": "Farah", "organisation": "Cheshire Interpreting"},
        )
        assert response.status_code == 403
        # A share of the meetings section shows the meeting, but is not an invitation.
        share(world, invited.case, world.school, ["meetings"])
        school = verified_client(world.school.practitioner)
        assert "Send your apologies" not in page_text(school.get(url))
        assert school.post(url, {"step": "apologies"}).status_code == 403
        assert list(MeetingAttendee.objects.values_list("user", flat=True)) == [
            world.police.practitioner.pk
        ]

    def test_the_chair_records_each_person_s_attendance_on_the_outcome_form(
        self, world, chair, invited, verified_client
    ):
        attendee = meeting_attendee_add(
            actor=chair, meeting=invited, named=NamedAttendee(user=world.police.practitioner)
        )
        StrategyMeeting.objects.filter(pk=invited.pk).update(
            scheduled_for=timezone.now() - timedelta(hours=1)
        )
        client = verified_client(chair)
        url = reverse("meetings:detail", args=[invited.pk])
        data = {
            "step": "outcome",
            "version": fresh(invited).version,
            "harm_risk": "high",
            "harm_rationale": "Ongoing exploitation.",
            "abduction_risk": "low",
            "abduction_rationale": "Settled at placement.",
            "missing_risk": "low",
            "missing_rationale": "Settled at placement.",
        }
        page = page_text(client.post(url, data))
        assert f"Say whether {world.police.practitioner.full_name} attended" in page
        response = client.post(
            url,
            {
                **data,
                f"attendance_{attendee.pk}": "apologies",
                f"apologies_note_{attendee.pk}": "Sent a report.",
            },
        )
        assert response.status_code == 302
        attendee.refresh_from_db()
        assert (attendee.attendance, attendee.apologies_note) == ("apologies", "Sent a report.")


def test_the_minutes_list_who_attended_sent_apologies_and_did_not_attend(
    world, chair, invited, detective, verified_client, monkeypatch
):
    """The PDF is made from the minutes template the meeting page shares its lists with."""
    named = meeting_attendee_add(actor=chair, meeting=invited, named=NamedAttendee(user=detective))
    meeting_apologies_record(
        actor=world.health.practitioner, meeting=invited, note="Sent a report on her health."
    )
    record(
        chair,
        invited,
        attendance={named.pk: (Attendance.ATTENDED, "")},
        new_attendees=[replace(INTERPRETER, attendance=Attendance.ATTENDED)],
    )
    exported = []
    real = views.services.meeting_minutes_pdf

    def keep_html(*, html, **kwargs):
        exported.append(html)
        return real(html=html, **kwargs)

    monkeypatch.setattr(views.services, "meeting_minutes_pdf", keep_html)
    response = verified_client(world.police.practitioner).get(
        reverse("meetings:minutes_pdf", args=[invited.pk])
    )
    assert response.content.startswith(b"%PDF")
    minutes = html.unescape(exported[0])
    page = page_text(
        verified_client(world.police.practitioner).get(
            reverse("meetings:detail", args=[invited.pk])
        )
    )
    for text in (minutes, page):
        attended = text[text.index('id="attendees"') : text.index('id="apologies"')]
        apologies = text[text.index('id="apologies"') : text.index('id="absent"')]
        absent = text[text.index('id="absent"') :]
        absent = absent[: absent.index("</table>")]
        assert "Dana Okafor" in attended and "Detective constable" in attended
        assert "Farah Siddiqui" in attended and "Cheshire Interpreting Service" in attended
        assert world.health.practitioner.full_name in apologies
        assert "Sent a report on her health." in apologies
        # Warrington sent no one and no apologies.
        assert "Warrington children's social care" in absent
        assert "Dana Okafor" not in absent
