"""The strategy meetings API: a case's meetings, scheduling, one meeting and its outcome, with
the pages' access rules and services. Dates come from the clock the test runs at, or from a
clock it moves to (the meeting's start)."""

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from haven.actions.models import Task, TaskStatus
from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Case
from haven.cases.tests.world import share
from haven.core.tests.support import (
    NOT_FOUND,
    OFFSET_DATETIME,
    assert_like_missing,
    audit_rows,
    missing_id,
)
from haven.meetings.models import (
    Attendance,
    InvitationStatus,
    MeetingAttendee,
    MeetingStatus,
    StrategyMeeting,
)
from haven.meetings.serializers import MeetingOutcomeInputSerializer
from haven.meetings.services import (
    DECISION_FIELDS,
    RISK_FIELDS,
    NamedAttendee,
    invitation_decide,
    meeting_apologies_record,
    meeting_attendee_add,
)

pytestmark = pytest.mark.django_db


def invite(world, meeting, *roles):
    """The chair confirms the suggested attendee of each role (with the agency suggested)."""
    for role in roles:
        invitation_decide(
            actor=world.la("warrington").manager,
            invitation=meeting.invitations.get(attendee_role=role),
            invite=True,
        )


# ---------------------------------------------------------------------------------------------
# GET /api/v1/cases/{id}/meetings/


class TestCaseMeetings:
    def test_the_lead_sees_the_case_s_meetings_and_the_read_is_audited(
        self, world, api, case, meeting
    ):
        practitioner = world.la("warrington").practitioner
        response = api(practitioner).get(f"/api/v1/cases/{case.pk}/meetings/")
        assert response.status_code == 200, response.content
        [item] = response.json()
        assert item["id"] == meeting.pk
        assert item["case_id"] == case.pk
        assert item["status"] == "scheduled"
        assert item["scheduled_for"] == timezone.localtime(meeting.scheduled_for).isoformat()
        assert OFFSET_DATETIME.match(item["scheduled_for"])
        assert item["location"] == "Warrington Town Hall, room 2"
        assert item["version"] == meeting.version
        assert item["links"]["self"] == f"/api/v1/meetings/{meeting.pk}/"
        assert item["links"]["outcome"] == f"/api/v1/meetings/{meeting.pk}/outcome/"
        assert AuditEvent.objects.filter(
            actor=practitioner,
            verb=Verb.VIEWED,
            target_type="meetings.strategymeeting",
            target_id=f"case:{case.pk}",
            person_id=case.person_id,
        ).exists()

    def test_a_share_of_the_meetings_section_sees_every_meeting(self, world, api, case, meeting):
        # The access door: a share of a section sees that section (decision 0012).
        share(world, case, world.school, ["meetings"])
        listed = api(world.school.practitioner).get(f"/api/v1/cases/{case.pk}/meetings/").json()
        assert [m["id"] for m in listed] == [meeting.pk]

    def test_an_invited_agency_without_the_section_sees_its_meetings(
        self, world, api, case, meeting
    ):
        share(world, case, world.school, ["chronology"])
        client = api(world.school.practitioner)
        assert client.get(f"/api/v1/cases/{case.pk}/meetings/").json() == NOT_FOUND
        invite(world, meeting, "education")
        listed = client.get(f"/api/v1/cases/{case.pk}/meetings/").json()
        assert [m["id"] for m in listed] == [meeting.pk]

    def test_without_the_meetings_section_it_is_404(self, world, api, case, meeting):
        share(world, case, world.school, ["chronology"])
        client = api(world.school.practitioner)
        assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
        before = audit_rows()
        assert client.get(f"/api/v1/cases/{case.pk}/meetings/").json() == NOT_FOUND
        assert audit_rows() == before

    def test_another_agency_gets_exactly_what_a_missing_case_gives(self, world, api, case, meeting):
        client = api(world.la("halton").manager)
        before = audit_rows()
        hidden = client.get(f"/api/v1/cases/{case.pk}/meetings/")
        missing = client.get(f"/api/v1/cases/{missing_id(Case)}/meetings/")
        assert_like_missing(hidden, missing)
        assert audit_rows() == before


# ---------------------------------------------------------------------------------------------
# POST /api/v1/cases/{id}/meetings/


class TestSchedule:
    def body(self, **overrides) -> dict:
        tomorrow = timezone.localdate() + timedelta(days=1)
        return {
            "date": tomorrow.isoformat(),
            "time": "14:30",
            "location": "Warrington Town Hall, room 2",
            **overrides,
        }

    def test_a_lead_manager_schedules_it_with_the_suggested_attendees(self, world, api, case):
        manager = world.la("warrington").manager
        body = self.body(call_link="https://meet.example.org/abc")
        response = api(manager).post(f"/api/v1/cases/{case.pk}/meetings/", body, format="json")
        assert response.status_code == 201, response.content
        data = response.json()
        meeting = StrategyMeeting.objects.get(pk=data["id"])
        assert response["Location"] == f"/api/v1/meetings/{meeting.pk}/"
        expected = timezone.make_aware(
            dt.datetime.combine(dt.date.fromisoformat(body["date"]), dt.time(14, 30))
        )
        assert meeting.scheduled_for == expected
        assert data["scheduled_for"] == timezone.localtime(expected).isoformat()
        assert data["scheduled_for"].startswith(f"{body['date']}T14:30:00")
        assert meeting.chair == manager
        assert data["chair"]["id"] == manager.pk
        assert data["call_link"] == "https://meet.example.org/abc"
        roles = {i["attendee_role"]: i for i in data["invitations"]}
        assert roles["childrens_social_care"]["status"] == "invited"
        assert {"police", "health", "referrer", "education"} <= set(roles)
        assert AuditEvent.objects.filter(
            actor=manager,
            verb=Verb.MEETING_SCHEDULED,
            target_type="meetings.strategymeeting",
            target_id=str(meeting.pk),
        ).exists()

    def test_the_time_defaults_to_10_as_on_the_page(self, world, api, case):
        body = self.body()
        del body["time"]
        response = api(world.la("warrington").manager).post(
            f"/api/v1/cases/{case.pk}/meetings/", body, format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["scheduled_for"].startswith(f"{body['date']}T10:00:00")

    @pytest.mark.parametrize(
        ("overrides", "field", "contains"),
        [
            ({"location": "", "call_link": ""}, "location", "place or a call link"),
            ({"date": "2000-01-01"}, "date", "in the past"),
            ({"date": "tomorrow"}, "date", "format"),
            ({"time": "25:00"}, "time", "format"),
            ({"call_link": "not a link"}, "call_link", "valid URL"),
            ({"location": "x" * 301}, "location", "300 characters or less"),
            ({"room": "2"}, "room", "Unknown field"),
        ],
        ids=["nowhere", "past", "bad-date", "bad-time", "bad-link", "long-place", "unknown"],
    )
    def test_bad_input_is_400_and_nothing_is_saved(
        self, world, api, case, overrides, field, contains
    ):
        client = api(world.la("warrington").manager)
        before = (StrategyMeeting.objects.count(), audit_rows())
        response = client.post(
            f"/api/v1/cases/{case.pk}/meetings/", self.body(**overrides), format="json"
        )
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert list(errors) == [field]
        assert contains in " ".join(errors[field])
        assert (StrategyMeeting.objects.count(), audit_rows()) == before

    def test_a_practitioner_gets_403_as_on_the_page(self, world, api, case):
        response = api(world.la("warrington").practitioner).post(
            f"/api/v1/cases/{case.pk}/meetings/", self.body(), format="json"
        )
        assert response.status_code == 403
        assert not StrategyMeeting.objects.exists()

    def test_a_manager_of_a_sharing_agency_gets_403_whatever_the_body(self, world, api, case):
        share(world, case, world.school, ["meetings"])
        client = api(world.school.manager)
        for body in (self.body(), {}):
            response = client.post(f"/api/v1/cases/{case.pk}/meetings/", body, format="json")
            assert response.status_code == 403
        assert not StrategyMeeting.objects.exists()

    def test_another_authority_gets_exactly_what_a_missing_case_gives(self, world, api, case):
        client = api(world.la("halton").manager)
        hidden = client.post(f"/api/v1/cases/{case.pk}/meetings/", self.body(), format="json")
        missing = client.post(
            f"/api/v1/cases/{missing_id(Case)}/meetings/", self.body(), format="json"
        )
        assert_like_missing(hidden, missing)
        assert not StrategyMeeting.objects.exists()


# ---------------------------------------------------------------------------------------------
# GET /api/v1/meetings/{id}/


class TestMeetingDetail:
    def test_the_meeting_as_its_page_shows_it_and_the_view_is_audited(self, world, api, meeting):
        invite(world, meeting, "police")
        police = world.police.practitioner
        response = api(police).get(f"/api/v1/meetings/{meeting.pk}/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["id"] == meeting.pk
        assert body["chair"]["full_name"] == world.la("warrington").manager.full_name
        assert body["status"] == "scheduled"
        assert {d: body[d] for d in DECISION_FIELDS} == dict.fromkeys(DECISION_FIELDS)
        invited = [i for i in body["invitations"] if i["status"] == "invited"]
        assert {i["agency"]["slug"] for i in invited} == {"warrington", "cheshire-constabulary"}
        assert body["information_shared"] == [] and body["actions"] == []
        assert AuditEvent.objects.filter(
            actor=police,
            verb=Verb.VIEWED,
            target_type="meetings.strategymeeting",
            target_id=str(meeting.pk),
            person_id=meeting.case.person_id,
        ).exists()

    def test_it_lists_the_people_named_with_their_attendance_and_apologies(
        self, world, api, meeting
    ):
        invite(world, meeting, "police")
        chair = world.la("warrington").manager
        version = meeting.version
        interpreter = meeting_attendee_add(
            actor=chair,
            meeting=meeting,
            named=NamedAttendee(
                name="Farah Siddiqui", organisation="Cheshire Interpreting", job_title="Interpreter"
            ),
        )
        police = world.police.practitioner
        meeting_apologies_record(actor=police, meeting=meeting, note="Sent a report.")
        body = api(police).get(f"/api/v1/meetings/{meeting.pk}/").json()
        assert body["attendees"] == [
            {
                "id": interpreter.pk,
                "user": None,
                "agency": None,
                "name": "Farah Siddiqui",
                "organisation": "Cheshire Interpreting",
                "job_title": "Interpreter",
                "attendance": "expected",
                "apologies_note": "",
            },
            {
                "id": MeetingAttendee.objects.get(user=police).pk,
                "user": {"id": police.pk, "full_name": police.full_name},
                "agency": {
                    "id": world.police.agency.pk,
                    "slug": "cheshire-constabulary",
                    "name": "Cheshire Constabulary",
                },
                "name": police.full_name,
                "organisation": "Cheshire Constabulary",
                "job_title": "Practitioner",
                "attendance": "apologies",
                "apologies_note": "Sent a report.",
            },
        ]
        # Each change to the attendees stepped the meeting's version.
        assert body["version"] == version + 2

    def test_an_agency_not_invited_gets_exactly_what_a_missing_meeting_gives(
        self, world, api, meeting
    ):
        share(world, meeting.case, world.school, ["chronology"])
        for user in (world.la("halton").manager, world.school.practitioner):
            client = api(user)
            before = audit_rows()
            hidden = client.get(f"/api/v1/meetings/{meeting.pk}/")
            missing = client.get(f"/api/v1/meetings/{missing_id(StrategyMeeting)}/")
            assert_like_missing(hidden, missing)
            assert audit_rows() == before

    def test_roles_that_do_not_work_cases_get_403_as_on_the_page(self, world, api, meeting):
        for user in (world.admin, world.auditor, world.strategic_lead):
            assert api(user).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 403


# ---------------------------------------------------------------------------------------------
# POST /api/v1/meetings/{id}/outcome/


class TestOutcome:
    def body(self, meeting, **overrides) -> dict:
        return {
            "version": meeting.version,
            "attended": [
                i.pk
                for i in meeting.invitations.filter(
                    status=InvitationStatus.INVITED, agency__isnull=False
                )
            ],
            "harm_risk": "high",
            "harm_rationale": "Sexual exploitation ongoing.",
            "abduction_risk": "high",
            "abduction_rationale": "Adults have tried to collect her from placement.",
            "missing_risk": "medium",
            "missing_rationale": "Two missing episodes this month.",
            "section_47_enquiry": True,
            "nrm_referral": True,
            "safe_house": None,
            **overrides,
        }

    @pytest.fixture
    def post(self, api):
        """``post(user, meeting, body)``, an hour after the meeting began, when its outcome can
        be recorded (signed in then: a session from the day before would have expired)."""

        def post(user, meeting, body, url=None):
            with time_machine.travel(meeting.scheduled_for + timedelta(hours=1), tick=True):
                return api(user).post(
                    url or f"/api/v1/meetings/{meeting.pk}/outcome/", body, format="json"
                )

        return post

    def test_the_chair_records_it_and_the_case_is_rescreened(self, world, post, meeting):
        invite(world, meeting, "police", "health")
        health = meeting.invitations.get(attendee_role="health")
        body = self.body(meeting)
        body["attended"].remove(health.pk)
        manager = world.la("warrington").manager
        response = post(manager, meeting, body)
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["status"] == "held"
        assert data["version"] == meeting.version + 1
        assert OFFSET_DATETIME.match(data["held_at"])
        assert (data["harm_risk"], data["abduction_risk"], data["missing_risk"]) == (
            "high",
            "high",
            "medium",
        )
        assert data["section_47_enquiry"] is True and data["safe_house"] is None
        assert data["links"]["outcome"] is None
        attended = {i["id"]: i["attended"] for i in data["invitations"]}
        assert attended[health.pk] is False
        police = meeting.invitations.get(attendee_role="police")
        assert attended[police.pk] is True
        case = meeting.case
        assert Task.objects.filter(case=case, code="safe_house_escalation").exists()
        assert Task.objects.get(case=case, code="strategy_meeting").status == TaskStatus.DONE

    def test_a_stale_version_is_409_and_nothing_changes(self, world, post, meeting):
        manager = world.la("warrington").manager
        first = post(manager, meeting, self.body(meeting, abduction_risk="low"))
        assert first.status_code == 200
        before = (audit_rows(), Task.objects.count())
        response = post(manager, meeting, self.body(meeting))
        assert response.status_code == 409, response.content
        body = response.json()
        assert list(body["errors"]) == ["version"]
        assert body["current_version"] == meeting.version + 1
        assert body["changes"][0]["by"] == manager.email
        assert (audit_rows(), Task.objects.count()) == before
        meeting.refresh_from_db()
        assert meeting.abduction_risk == "low"
        assert not Task.objects.filter(case=meeting.case, code="safe_house_escalation").exists()

    def test_a_missing_version_is_400_and_nothing_changes(self, world, post, meeting):
        body = self.body(meeting)
        del body["version"]
        before = audit_rows()
        response = post(world.la("warrington").manager, meeting, body)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["version"]
        assert audit_rows() == before
        assert StrategyMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    def test_before_the_meeting_starts_the_service_refuses_it(self, world, api, meeting):
        response = api(world.la("warrington").manager).post(
            f"/api/v1/meetings/{meeting.pk}/outcome/", self.body(meeting), format="json"
        )
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert list(errors) == ["non_field_errors"]
        assert "once it has started" in errors["non_field_errors"][0]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"harm_rationale": "bad"}, "harm_rationale"),  # the service: 5+ characters
            ({"abduction_risk": "extreme"}, "abduction_risk"),
            ({"missing_rationale": "x" * 15_001}, "missing_rationale"),
            ({"attended": [999_999_999]}, "attended"),
            ({"attended": list(range(1, 9))}, "attended"),
            ({"safe_house": "maybe"}, "safe_house"),
            ({"held": True}, "held"),
        ],
        ids=[
            "short-rationale",
            "bad-level",
            "long-rationale",
            "not-invited",
            "too-many",
            "bad-decision",
            "unknown",
        ],
    )
    def test_bad_input_is_400_and_nothing_changes(self, world, post, meeting, overrides, field):
        before = audit_rows()
        response = post(world.la("warrington").manager, meeting, self.body(meeting, **overrides))
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
        assert audit_rows() == before
        assert StrategyMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    def test_a_suggested_attendee_not_yet_invited_cannot_be_marked_attended(
        self, world, post, meeting
    ):
        suggested = meeting.invitations.filter(status=InvitationStatus.SUGGESTED).first()
        body = self.body(meeting, attended=[suggested.pk])
        response = post(world.la("warrington").manager, meeting, body)
        assert response.status_code == 400
        assert str(suggested.pk) in response.json()["errors"]["attended"][0]

    def test_the_chair_records_who_attended_and_names_more_people(self, world, post, meeting):
        invite(world, meeting, "police", "health")
        chair = world.la("warrington").manager
        police = meeting_attendee_add(
            actor=chair, meeting=meeting, named=NamedAttendee(user=world.police.practitioner)
        )
        meeting = StrategyMeeting.objects.get(pk=meeting.pk)
        body = self.body(
            meeting,
            attendees=[
                {"id": police.pk, "attendance": "attended"},
                {"user_id": chair.pk, "attendance": "attended"},
                {
                    "user_id": world.health.practitioner.pk,
                    "attendance": "apologies",
                    "apologies_note": "Sent a report.",
                },
                {
                    "name": "Farah Siddiqui",
                    "organisation": "Cheshire Interpreting",
                    "job_title": "Interpreter",
                    "attendance": "absent",
                },
            ],
        )
        del body["attended"]
        response = post(chair, meeting, body)
        assert response.status_code == 200, response.content
        data = response.json()
        assert [(a["name"], a["attendance"], a["apologies_note"]) for a in data["attendees"]] == [
            (world.police.practitioner.full_name, "attended", ""),
            (chair.full_name, "attended", ""),
            (world.health.practitioner.full_name, "apologies", "Sent a report."),
            ("Farah Siddiqui", "absent", ""),
        ]
        # An invited agency attended when someone named from it attended; apologies are not
        # attendance.
        attended = {i["attendee_role"]: i["attended"] for i in data["invitations"]}
        assert attended["childrens_social_care"] is True
        assert attended["police"] is True
        assert attended["health"] is False

    def test_the_attended_list_alone_still_records_which_agencies_attended(
        self, world, post, meeting
    ):
        """The first contract, from before people were named: invitation ids only."""
        invite(world, meeting, "police", "health")
        police = meeting.invitations.get(attendee_role="police")
        body = self.body(meeting, attended=[police.pk])
        response = post(world.la("warrington").manager, meeting, body)
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["attendees"] == []
        attended = {i["attendee_role"]: i["attended"] for i in data["invitations"]}
        assert attended == {
            "childrens_social_care": False,
            "police": True,
            "health": False,
            "referrer": None,
            "education": None,
        }

    @pytest.mark.parametrize(
        ("attendees", "contains"),
        [
            ([{"attendance": "attended"}], "Give id (someone named already)"),
            ([{"id": 1, "user_id": 1, "attendance": "attended"}], "Give id"),
            ([{"user_id": 999_999_999, "attendance": "attended"}], "No Haven user has the id"),
            ([{"name": "Farah", "attendance": "expected"}], "is not a valid choice"),
            ([{"id": 999_999_999, "attendance": "attended"}], "Give only people named"),
            ([{"name": "Farah", "attendance": "attended"}], "Enter the organisation"),
            ([{"attendance": "attended", "id": 1}] * 51, "Enter 50 attendees or fewer"),
        ],
        ids=["nobody", "two-people", "no-such-user", "expected", "not-named", "half", "too-many"],
    )
    def test_bad_attendees_are_400_and_nothing_changes(
        self, world, post, meeting, attendees, contains
    ):
        before = audit_rows()
        response = post(
            world.la("warrington").manager, meeting, self.body(meeting, attendees=attendees)
        )
        assert response.status_code == 400, response.content
        # Errors in one person's entry are named by its place: attendees.0.attendance.
        [(field, messages)] = response.json()["errors"].items()
        assert field.startswith("attendees")
        assert contains in " ".join(messages)
        assert audit_rows() == before
        assert StrategyMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    def test_someone_named_and_left_expected_is_400(self, world, post, meeting):
        chair = world.la("warrington").manager
        meeting_attendee_add(actor=chair, meeting=meeting, named=NamedAttendee(user=chair))
        meeting = StrategyMeeting.objects.get(pk=meeting.pk)
        response = post(chair, meeting, self.body(meeting))
        assert response.status_code == 400
        assert chair.full_name in response.json()["errors"]["attendees"][0]
        assert MeetingAttendee.objects.get().attendance == Attendance.EXPECTED

    def test_an_invited_agency_sees_it_but_gets_403_whatever_the_body(
        self, world, api, post, meeting
    ):
        invite(world, meeting, "police")
        manager = world.police.manager
        assert api(manager).get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200
        for body in (self.body(meeting), {}):
            assert post(manager, meeting, body).status_code == 403
        assert StrategyMeeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED

    def test_another_agency_gets_exactly_what_a_missing_meeting_gives(self, world, post, meeting):
        halton = world.la("halton").manager
        hidden = post(halton, meeting, self.body(meeting))
        missing_url = f"/api/v1/meetings/{missing_id(StrategyMeeting)}/outcome/"
        missing = post(halton, meeting, self.body(meeting), url=missing_url)
        assert_like_missing(hidden, missing)

    def test_roles_that_do_not_work_cases_get_403(self, world, post, meeting):
        assert post(world.admin, meeting, self.body(meeting)).status_code == 403


def test_the_outcome_fields_are_the_service_s():
    fields = set(MeetingOutcomeInputSerializer().fields)
    assert set(DECISION_FIELDS) <= fields
    assert {f"{name}_{part}" for name in RISK_FIELDS for part in ("risk", "rationale")} <= fields
