"""Training (issue 15 point 3; decision 0025): courses with fixed self-assessment statements,
sessions, attendees by agency and role, answers before and after, and results per course and
agency type computed in the database and published through disclosure control."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import AgencyType
from haven.audit.models import AuditEvent, Verb
from haven.core.areas import Area
from haven.core.tests.support import assert_error_summary_in_page_order, page_text, text
from haven.reporting.disclosure import Symbol
from haven.reporting.training import training_results_published
from haven.strategy.models import SelfAssessmentAnswer, Stage, TrainingCourse
from haven.strategy.selectors import training_attendance, training_results
from haven.strategy.services import (
    self_assessment_record,
    training_attendee_add,
    training_course_add,
)
from haven.strategy.tests.records import STATEMENTS, a_course, a_session, an_attendee_answering

pytestmark = pytest.mark.django_db


def test_a_course_keeps_its_statements_in_order_and_is_audited(world):
    course = a_course(world.strategic_lead)
    assert [s.text for s in course.statements.all()] == STATEMENTS
    event = AuditEvent.objects.get(verb=Verb.TRAINING_COURSE_ADDED)
    assert event.changes["statements"] == STATEMENTS
    assert event.changes["title"]["after"] == course.title


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["Only one"], "Enter between 2 and 10 statements"),
        (["Same", "Same"], "Each statement must be different"),
        ([f"Statement {n}" for n in range(11)], "Enter between 2 and 10 statements"),
    ],
)
def test_a_course_needs_two_to_ten_different_statements(world, statements, message):
    with pytest.raises(ValidationError) as refused:
        training_course_add(actor=world.strategic_lead, title="A course", statements=statements)
    assert message in refused.value.message_dict["statements"][0]
    assert not TrainingCourse.objects.exists()


def test_two_courses_cannot_share_a_title(world):
    a_course(world.strategic_lead)
    with pytest.raises(ValidationError) as refused:
        a_course(world.strategic_lead, title="multi-agency child trafficking awareness")
    assert "There is already a course called" in refused.value.message_dict["title"][0]


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_only_those_who_record_training_record_it(world, role):
    with pytest.raises(PermissionDenied):
        a_course(getattr(world, role))
    course = a_course(world.strategic_lead)
    with pytest.raises(PermissionDenied):
        a_session(world.la("halton").manager, course)


def test_a_haven_user_attends_with_their_own_agency_and_job_title(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    manager = world.la("halton").manager
    attendee = training_attendee_add(actor=world.strategic_lead, session=session, user=manager)
    assert (attendee.full_name, attendee.agency) == (manager.full_name, manager.agency)
    assert attendee.job_role
    with pytest.raises(ValidationError) as twice:
        training_attendee_add(actor=world.strategic_lead, session=session, user=manager)
    assert "already recorded as attending" in twice.value.message_dict["user"][0]
    event = AuditEvent.objects.get(verb=Verb.TRAINING_ATTENDEE_ADDED)
    assert event.changes["user"] == {"before": None, "after": manager.pk}


def test_a_named_attendee_needs_an_agency(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    with pytest.raises(ValidationError) as refused:
        training_attendee_add(
            actor=world.strategic_lead, session=session, full_name="Sam Lee", job_role="Nurse"
        )
    assert refused.value.message_dict["agency"] == ["Select the attendee's agency"]


def test_answers_after_the_course_wait_until_it_is_held(world):
    tomorrow = a_session(world.strategic_lead, a_course(world.strategic_lead), days_ago=-1)
    with pytest.raises(ValidationError) as refused:
        an_attendee_answering(
            world.strategic_lead, tomorrow, world.police.agency, "Ali Khan", (2, 2), (4, 4)
        )
    assert "once it has been held" in refused.value.message_dict["stage"][0]
    # The answers before it were kept; only those after wait.
    assert SelfAssessmentAnswer.objects.filter(stage=Stage.BEFORE).count() == 2
    assert not SelfAssessmentAnswer.objects.filter(stage=Stage.AFTER).exists()


def test_every_statement_is_scored_from_1_to_5_and_each_stage_once(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    attendee = an_attendee_answering(
        world.strategic_lead, session, world.police.agency, "Ali Khan", (2, 3), None
    )
    first, second = session.course.statements.all()
    with pytest.raises(ValidationError) as refused:
        self_assessment_record(
            actor=world.strategic_lead, attendee=attendee, stage=Stage.AFTER, scores={first.pk: 6}
        )
    errors = refused.value.message_dict
    assert errors[f"statement_{first.pk}"] == [f"The score for '{first.text}' must be from 1 to 5"]
    assert errors[f"statement_{second.pk}"] == [f"Select a score for '{second.text}'"]
    with pytest.raises(ValidationError) as again:
        self_assessment_record(
            actor=world.strategic_lead,
            attendee=attendee,
            stage=Stage.BEFORE,
            scores={first.pk: 3, second.pk: 3},
        )
    assert "before the course are already recorded" in again.value.message_dict["stage"][0]
    event = AuditEvent.objects.get(verb=Verb.SELF_ASSESSMENT_RECORDED)
    assert event.changes == {"stage": "before", "scores": {"1": 2, "2": 3}}


def _six_police_and_two_health(world, session):
    for n in range(6):
        an_attendee_answering(
            world.strategic_lead, session, world.police.agency, f"Officer {n}", (2, 1), (4, 4)
        )
    an_attendee_answering(
        world.strategic_lead, session, world.health.agency, "Nurse A", (3, 3), (4, 5)
    )
    an_attendee_answering(
        world.strategic_lead, session, world.health.agency, "Nurse B", (1, 1), None
    )


def test_results_are_the_mean_change_of_those_who_answered_both_per_agency_type(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    _six_police_and_two_health(world, session)
    rows = {(r.agency_type, r.position): r for r in training_results()}
    police = rows[(AgencyType.POLICE, 1)]
    assert (police.respondents, police.mean_before, police.mean_after) == (6, 2.0, 4.0)
    assert rows[(AgencyType.POLICE, 2)].mean_change == 3.0
    # Nurse B answered only before: she is not among the respondents.
    assert rows[(AgencyType.HEALTH, 2)].respondents == 1
    overall = {r.position: r for r in training_results(by_agency=False)}
    assert overall[2].respondents == 7
    assert overall[2].mean_change == pytest.approx((6 * 3 + 2) / 7)
    assert training_attendance() == {
        (session.course_id, AgencyType.POLICE): 6,
        (session.course_id, AgencyType.HEALTH): 2,
    }


def test_results_follow_the_area_and_dates_of_the_sessions(world):
    course = a_course(world.strategic_lead)
    halton = a_session(world.strategic_lead, course, days_ago=100)
    warrington = a_session(world.strategic_lead, course, days_ago=10, area=Area.WARRINGTON)
    an_attendee_answering(world.strategic_lead, halton, world.police.agency, "A", (1, 1), (5, 5))
    an_attendee_answering(
        world.strategic_lead, warrington, world.police.agency, "B", (3, 3), (4, 4)
    )
    today = timezone.localdate()
    [only] = training_results(area=Area.HALTON, by_agency=False)[:1]
    assert only.mean_change == 4.0
    recent = training_results(date_from=today - timedelta(days=50), date_to=today)
    assert {r.mean_change for r in recent} == {1.0}
    assert len(training_results(area="pan_cheshire", by_agency=False)) == 2  # two statements
    assert training_results(date_to=today - timedelta(days=200)) == []


def test_published_results_hide_small_counts_and_the_means_built_on_them(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    _six_police_and_two_health(world, session)
    [result] = training_results_published()
    police, health = sorted(result.by_agency_type, key=lambda r: r.label, reverse=True)
    assert (health.label, health.attended, health.answered) == ("Health", Symbol.CONFIDENTIAL, "c")
    assert health.changes == (Symbol.CONFIDENTIAL, Symbol.CONFIDENTIAL)
    # Health's count would follow from the total, so police's is hidden too.
    assert police.answered == Symbol.CONFIDENTIAL
    assert police.changes == (Symbol.CONFIDENTIAL, Symbol.CONFIDENTIAL)
    assert (result.attended, result.answered) == (8, 7)
    assert result.has_results
    assert [str(s.mean_change) for s in result.statements] == ["1.9", "2.9"]  # 13 / 7, 20 / 7


def test_a_course_with_too_few_answers_shows_no_results(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    for n in range(3):
        an_attendee_answering(
            world.strategic_lead, session, world.police.agency, f"Officer {n}", (2, 2), (4, 4)
        )
    [result] = training_results_published()
    assert result.answered == Symbol.CONFIDENTIAL and not result.has_results
    assert {s.mean_change for s in result.statements} == {Symbol.CONFIDENTIAL}


# Pages ---------------------------------------------------------------------------------------


def test_the_training_page_shows_published_results_to_a_strategic_lead(world, verified_client):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    _six_police_and_two_health(world, session)
    content = page_text(verified_client(world.strategic_lead).get(reverse("strategy:training")))
    assert "Attended: 8. Answered before and after: 7." in content
    assert "+2.9" in content
    response = verified_client(world.strategic_lead).get(
        reverse("strategy:training"), {"area": Area.WARRINGTON}
    )
    assert "No one attended a course in this area and period." in text(response)


def test_recording_a_session_and_answers_through_the_pages(world, verified_client):
    client = verified_client(world.strategic_lead)
    response = client.post(
        reverse("strategy:course_add"),
        {"title": "Awareness", "statements": "I can spot it\nI know who to call\n"},
    )
    course = TrainingCourse.objects.get()
    assert response.url == reverse("strategy:course", args=[course.pk])
    held = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("strategy:session_add", args=[course.pk]),
        {
            "held_on_day": held.day,
            "held_on_month": held.month,
            "held_on_year": held.year,
            "area": Area.HALTON,
            "venue": "Widnes",
            "trainer": "Barnardo's",
        },
    )
    session = course.sessions.get()
    assert response.status_code == 302
    client.post(
        reverse("strategy:attendee_add", args=[session.pk]),
        {"full_name": "Jo Bloggs", "agency": world.school.agency.pk, "job_role": "Teacher"},
    )
    attendee = session.attendees.get()
    url = reverse("strategy:questionnaire", args=[attendee.pk, "before"])
    first, second = course.statements.all()
    response = client.post(url, {f"statement_{first.pk}": "2"})
    assert f"Select a score for &#x27;{second.text}&#x27;" in response.content.decode()
    assert_error_summary_in_page_order(response)
    response = client.post(url, {f"statement_{first.pk}": "2", f"statement_{second.pk}": "3"})
    assert response.status_code == 302
    assert "Jo Bloggs's answers before the course recorded." in page_text(client.get(response.url))


def test_training_records_are_for_those_who_record_training(world, verified_client):
    course = a_course(world.strategic_lead)
    for user in (world.admin, world.la("halton").manager):
        client = verified_client(user)
        assert client.get(reverse("strategy:training")).status_code == 403
        assert client.get(reverse("strategy:course", args=[course.pk])).status_code == 403


# API -----------------------------------------------------------------------------------------


def test_the_api_records_and_publishes_training(world, verified_api_client):
    api = verified_api_client(world.strategic_lead)
    course = api.post(
        "/api/v1/training/courses/",
        {"title": "Awareness", "statements": STATEMENTS},
        format="json",
    ).json()
    held = (timezone.localdate() - timedelta(days=2)).isoformat()
    session = api.post(
        f"/api/v1/training/courses/{course['id']}/sessions/",
        {"held_on": held, "area": Area.HALTON, "venue": "Runcorn", "trainer": "ECPAT UK"},
        format="json",
    ).json()
    ids = [s["id"] for s in course["statements"]]
    for n in range(6):
        attendee = api.post(
            f"/api/v1/training/sessions/{session['id']}/attendees/",
            {"full_name": f"Officer {n}", "agency": world.police.agency.pk, "job_role": "PC"},
            format="json",
        ).json()
        for stage, score in (("before", 2), ("after", 4)):
            response = api.post(
                f"/api/v1/training/attendees/{attendee['id']}/self-assessments/",
                {"stage": stage, "scores": {str(i): score for i in ids}},
                format="json",
            )
            assert response.status_code == 201, response.json()
    assert response.json()["answered_after"] is True
    [result] = api.get("/api/v1/training/results/", {"area": "halton"}).json()
    assert (result["attended"], result["answered_before_and_after"]) == (6, 6)
    assert result["statements"][0]["mean_change"] == 2.0
    assert api.get("/api/v1/training/results/", {"area": "wales"}).status_code == 400
    assert api.get("/api/v1/training/results/", {"area": "warrington"}).json() == []
