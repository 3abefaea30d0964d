"""The demo case data set: loaded through the services, idempotent, and covering what the
demos need. Loaded once for the module inside a transaction that is rolled back afterwards, on
DEMO_DAY, the day the data files' ages are written for, so the exact dates of birth they
check are the files' own (on any other day the loader moves them to keep each age)."""

from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.test.utils import override_settings
from django.utils import timezone

from haven.accounts.models import Agency, AgencyType, Area, Role, User
from haven.accounts.selectors import senior_offices_missing
from haven.actions.models import OPEN_STATUSES, Task
from haven.audit.models import AuditEvent, Verb
from haven.case_audits.models import AuditAction, AuditStatus, CaseAudit, SampledCase
from haven.case_audits.selectors import audit_grade_counts
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseNote,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    ChronologyEntry,
    Concern,
    ConcernStatus,
    TransferStatus,
)
from haven.cases.tests.world import DEMO_DAY
from haven.demo.loader import demo_case_counts, demo_people, load_demo
from haven.intelligence.models import (
    DisruptionAction,
    GroupInformation,
    Hotspot,
    Link,
    OperationalGroupMeeting,
)
from haven.investigations.models import Investigation, OrderBreach, SuspectOutcome
from haven.matching.engine import POSSIBLE_MATCH_THRESHOLD
from haven.matching.models import CandidateStatus, DuplicateCandidate
from haven.matching.selectors import review_queue_for_user
from haven.meetings.models import Attendance, MeetingAttendee, StrategyMeeting
from haven.missing.models import (
    EpisodeStatus,
    InterviewResponse,
    MissingEpisode,
    ReturnHomeInterview,
)
from haven.missing.selectors import interview_state
from haven.notifications.models import Notification
from haven.nrm.models import DutyToNotify, IctgReferral, NrmDecision, NrmReferral
from haven.nrm.rules import NrmState
from haven.people.models import (
    Address,
    Alias,
    Identifier,
    ImmigrationStatus,
    Person,
    PersonKind,
    Phone,
    Relationship,
    RelationshipKind,
)
from haven.philomena.models import PhilomenaProfile, ProfilePhotograph
from haven.philomena.selectors import current_photograph, is_stale
from haven.placements.models import EscalationAcknowledgement, Placement, SafetyPlan
from haven.reporting.board_report import board_report, board_report_html
from haven.reporting.dashboard import last_complete_quarter
from haven.reporting.training import training_results_published
from haven.screening.models import CircumstanceRecord, Screening
from haven.strategy.models import (
    ActionPlan,
    BoardCommentary,
    PlanAction,
    Priority,
    Rag,
    TrainingSession,
)
from haven.workflows.home import home_page_for_user
from haven.workflows.missing_episodes import case_flags

pytestmark = pytest.mark.django_db

COUNTED = (
    Person,
    Alias,
    Identifier,
    Phone,
    Address,
    Relationship,
    Concern,
    Case,
    CaseNote,
    CaseShare,
    BreakGlassAccess,
    ChronologyEntry,
    Screening,
    CircumstanceRecord,
    Task,
    Notification,
    MeetingAttendee,
    MissingEpisode,
    ReturnHomeInterview,
    PhilomenaProfile,
    ProfilePhotograph,
    NrmReferral,
    NrmDecision,
    DutyToNotify,
    IctgReferral,
    SampledCase,
    AuditAction,
    BoardCommentary,
    AuditEvent,
)


def _model_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@dataclass
class Loaded:
    first_lines: list[str]
    second_lines: list[str]
    second_printed: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]
    demo_counts_first: dict[str, int]
    demo_counts_second: dict[str, int]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The travel lasts until the module's last test: they compare the demo's clocks with now.
    with (
        time_machine.travel(DEMO_DAY, tick=True),
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        now = timezone.now()
        first = load_demo()
        counts_first, demo_first = _model_counts(), demo_case_counts(now=now)
        # The second time as `make run` loads it: the command, which prints the log-ins.
        printed = StringIO()
        call_command("load_demo", stdout=printed)
        counts_second, demo_second = _model_counts(), demo_case_counts(now=now)
        yield Loaded(
            first.lines,
            printed.getvalue().splitlines()[: len(first.lines)],
            printed.getvalue(),
            counts_first,
            counts_second,
            demo_first,
            demo_second,
        )
        transaction.set_rollback(True)


def test_loading_twice_adds_nothing(demo):
    assert demo.counts_after_second == demo.counts_after_first
    assert demo.demo_counts_second == demo.demo_counts_first
    assert "already loaded" in demo.second_lines[1]
    assert demo.second_lines[2:] == demo.first_lines[2:]


def test_the_command_prints_the_log_ins(demo):
    assert "manager@warrington.demo" in demo.second_printed
    assert "Backup code" in demo.second_printed
    assert "partnership_admin@cheshire-west-and-chester.demo" in demo.second_printed
    assert User.objects.filter(email="practitioner@cheshire-constabulary.demo").exists()
    assert User.objects.filter(email="strategic_lead@halton.demo").exists()


def test_at_least_forty_children_across_all_four_areas(demo):
    children = Person.objects.filter(kind=PersonKind.CHILD)
    assert children.count() >= 40
    areas = set(Concern.objects.filter(person__in=children).values_list("home_area", flat=True))
    assert areas >= set(Area.values)
    for area in Area.values:
        assert demo.demo_counts_first[f"area:{area}"] >= 8
        assert Case.objects.filter(lead_agency__area_code=area).exists()


def test_aliases_were_recorded_by_the_recording_agency_or_a_lead_authority(demo):
    # Issue: insider threats, point 11: agencies a case is only shared with do not add to the
    # record; what the police knew of a child Halton recorded was passed to Halton.
    for alias in Alias.objects.exclude(recorded_by_agency=F("person__recorded_by_agency")):
        assert alias.person.cases.filter(lead_agency=alias.recorded_by_agency).exists()


def test_an_unaccompanied_child_has_an_assigned_first_of_january_birth_date(demo):
    assigned = Person.objects.filter(
        kind=PersonKind.CHILD,
        dob_assigned_by_age_assessment=True,
        date_of_birth__month=1,
        date_of_birth__day=1,
        interpreter_needed=True,
        immigration_status__in=[ImmigrationStatus.ASYLUM_SEEKER, ImmigrationStatus.UASC_LEAVE],
    )
    assert assigned.exists()
    assert Person.objects.filter(dob_precision="estimated", date_of_birth__day=1).exists()


def test_placements_have_confidential_addresses_held_by_the_lead_authority(demo):
    confidential = Address.objects.filter(is_confidential=True).select_related("held_by_team")
    assert confidential.count() == Placement.objects.count() > 0
    for placement in Placement.objects.select_related("address__held_by_team", "case"):
        address = placement.address
        assert address.is_confidential
        assert address.held_by_team.agency_id == placement.case.lead_agency_id
        assert placement.case.lead_practitioner in address.named_users.all()


def test_placements_of_every_kind_with_safety_plans_and_a_late_review(demo):
    placements = Placement.objects.select_related("case")
    kinds = set(placements.values_list("placement_type", flat=True))
    assert {"foster_care", "residential", "specialist_foster_care", "safe_house"} <= kinds
    away = placements.get(placement_type="specialist_foster_care")
    assert away.out_of_area and away.receiving_area
    assert Task.objects.filter(case=away.case, code="notify_cross_border").exists()
    safe_house = placements.get(placement_type="safe_house")
    assert safe_house.address.named_users.count() == 2
    assert safe_house.safety_plan.contact_restrictions.exists()
    assert SafetyPlan.objects.filter(review_date__lt=timezone.localdate()).count() == 1
    # Recording a safety plan completed the task; a placement without one keeps it open.
    assert placements.filter(safety_plan__isnull=True).exists()
    for placement in placements.filter(safety_plan__isnull=False):
        assert not Task.objects.filter(
            case=placement.case, code="placement_safety_plan", status__in=OPEN_STATUSES
        ).exists()


def test_each_authority_has_its_senior_officers_and_one_acknowledgement_is_outstanding(demo):
    for agency in Agency.objects.filter(agency_type=AgencyType.LOCAL_AUTHORITY):
        assert senior_offices_missing(agency) == []
        assert agency.chief_executive.email == f"chief-executive@{agency.slug}.demo"
    [waiting] = EscalationAcknowledgement.objects.filter(
        officer__isnull=False, acknowledged_at__isnull=True
    )
    assert waiting.office == "chief_executive"
    safe_house = Placement.objects.get(placement_type="safe_house")
    assert waiting.escalation.case_id == safe_house.case_id
    assert AuditEvent.objects.filter(verb=Verb.AGENCY_SENIOR_OFFICERS_SET).count() == 4


def test_some_tasks_are_overdue_and_managers_were_told(demo):
    now = timezone.now()
    overdue = Task.objects.filter(status="open", due_at__lt=now)
    assert overdue.exists()
    assert overdue.filter(escalation_level__gte=1).exists()
    assert Notification.objects.filter(subject="Overdue safeguarding task").exists()
    assert Task.objects.filter(status="done").exists()
    assert Task.objects.filter(code="return_home_interview", status__in=OPEN_STATUSES).exists()


def test_the_front_door_has_overdue_and_fresh_concerns(demo):
    awaiting = Concern.objects.filter(status=ConcernStatus.AWAITING_DECISION)
    assert awaiting.filter(decision_due_at__lt=timezone.now()).exists()
    assert awaiting.filter(decision_due_at__gte=timezone.now()).exists()
    for status in (
        ConcernStatus.INFORMATION_ONLY,
        ConcernStatus.REFERRED_ELSEWHERE,
        ConcernStatus.NO_FURTHER_ACTION,
        ConcernStatus.ADULT_ROUTES_RECORDED,
    ):
        assert Concern.objects.filter(status=status).exists(), status


def test_shares_include_the_school_and_an_expired_one(demo):
    school = CaseShare.objects.get(agency__slug="bridgewater-high-school")
    assert school.case.lead_agency.slug == "warrington"
    assert sorted(school.sections) == ["chronology", "meetings"]
    assert CaseShare.objects.filter(agency__slug="cheshire-health").exists()
    assert CaseShare.objects.filter(expires_at__lt=timezone.now()).exists()


def test_a_halton_break_glass_on_a_warrington_case_awaits_review(demo):
    pending = BreakGlassAccess.objects.get(reviewed_at__isnull=True)
    assert pending.user.email == "practitioner@halton.demo"
    assert pending.case.lead_agency.slug == "warrington"
    assert BreakGlassAccess.objects.filter(reviewed_at__isnull=False).exists()


def test_muhammad_aly_is_known_to_halton(demo):
    mo = Person.objects.get(given_name="Muhammad", family_name="Aly")
    assert mo.gender == "male"
    assert mo.date_of_birth == date(2009, 1, 1)
    assert mo.dob_assigned_by_age_assessment
    assert [str(code) for code in mo.nationalities] == ["SD"]
    alias = mo.aliases.get(given_name="Mo")
    # The name he gave to officers, passed by the police to Halton, who recorded him.
    assert alias.recorded_by_agency.slug == "halton"
    case = mo.cases.get(status=CaseStatus.OPEN)
    assert case.lead_agency.slug == "halton"


@pytest.mark.parametrize(
    ("names", "reviewers"),
    [
        # Practitioner trial, issue 8 point 6: the hourly job must propose this pair.
        (
            {("Muhammad", "Aly"), ("Mohamed", "Ali")},
            {"manager@halton.demo", "manager@cheshire-constabulary.demo"},
        ),
        ({("Ibrahim", "Abakar"), ("Ibraheem", "Abakar")}, {"manager@warrington.demo"}),
    ],
)
def test_two_agencies_records_of_one_boy_wait_for_their_managers(demo, names, reviewers):
    [pair] = [
        candidate
        for candidate in DuplicateCandidate.objects.filter(status=CandidateStatus.PROPOSED)
        if {
            (person.given_name, person.family_name)
            for person in (candidate.person_a, candidate.person_b)
        }
        == names
    ]
    assert pair.person_a.recorded_by_agency_id != pair.person_b.recorded_by_agency_id
    assert pair.probability >= POSSIBLE_MATCH_THRESHOLD
    managers = User.objects.filter(role=Role.MANAGER)
    assert {
        manager.email
        for manager in managers
        if review_queue_for_user(user=manager).filter(pk=pair.pk).exists()
    } == reviewers


def test_relationships_link_exploiters_siblings_and_parents(demo):
    exploiters = (
        Relationship.objects.filter(kind=RelationshipKind.SUSPECTED_EXPLOITER)
        .values("person")
        .annotate(children=Count("other"))
        .filter(children__gte=3)
    )
    assert exploiters.exists()
    assert Relationship.objects.filter(
        kind=RelationshipKind.PARENT, person__kind=PersonKind.PARENT_OR_CARER
    ).exists()
    # Parents thought complicit: every other child in the household has an assessment task.
    assert Task.objects.filter(code="assess_household_children", parent__isnull=False).exists()


def test_every_demo_case_is_screened_and_one_is_closed(demo):
    people = demo_people()
    cases = Case.objects.filter(person__in=people.values())
    assert cases.count() == demo.demo_counts_first["cases"] > 0
    assert not cases.annotate(n=Count("screenings")).filter(n=0).exists()
    assert cases.filter(status=CaseStatus.CLOSED).count() == 1


def test_the_audit_chain_holds(demo):
    call_command("audit_verify")


def test_past_strategy_meetings_with_decisions_feed_screening(demo):
    held = StrategyMeeting.objects.filter(status="held")
    assert held.count() >= 5
    assert StrategyMeeting.objects.filter(status="scheduled").exists()
    high = held.filter(abduction_risk="high").first()
    assert high is not None
    assert Task.objects.filter(case=high.case, code="safe_house_escalation").exists()
    assert len({m.case.lead_agency_id for m in held}) == 4


def test_held_meetings_name_who_attended_and_who_sent_apologies(demo):
    held = StrategyMeeting.objects.filter(status="held")
    for meeting in held:
        attended = meeting.attendees.filter(attendance=Attendance.ATTENDED)
        assert attended.filter(user=meeting.chair).exists()
        assert not meeting.attendees.filter(attendance=Attendance.EXPECTED).exists()
    apologies = MeetingAttendee.objects.filter(
        meeting__in=held, attendance=Attendance.APOLOGIES
    ).exclude(apologies_note="")
    # Sent by the invitees themselves, before the meeting.
    assert apologies.exists()
    assert all(a.added_by == a.user for a in apologies)
    assert MeetingAttendee.objects.filter(
        meeting__in=held, user=None, attendance=Attendance.ATTENDED
    ).exists()
    upcoming = StrategyMeeting.objects.filter(status="scheduled")
    assert MeetingAttendee.objects.filter(
        meeting__in=upcoming, attendance=Attendance.APOLOGIES
    ).exists()


def _home(email: str):
    return home_page_for_user(user=User.objects.get(email=email))


def test_every_casework_role_has_real_work_on_its_home_page(demo):
    """Practitioners own tasks (some overdue) and lead cases, front doors have a queue and
    unassigned tasks, the police and the school see their referrals with the front door's
    decisions and were told them."""
    for area in ("cheshire-east", "cheshire-west-and-chester", "halton", "warrington"):
        practitioner = _home(f"practitioner@{area}.demo")
        assert practitioner.my_tasks and practitioner.my_cases, area
        manager = _home(f"manager@{area}.demo")
        assert manager.front_door.counts.waiting and manager.team_tasks, area
    assert "overdue" in [row.clock for row in _home("practitioner@warrington.demo").my_tasks]
    assert _home("practitioner@cheshire-constabulary.demo").my_tasks
    for referrer in ("cheshire-constabulary", "bridgewater-high-school"):
        email = f"practitioner@{referrer}.demo"
        statuses = {row.concern.status for row in _home(email).referrals}
        assert ConcernStatus.ACCEPTED in statuses, referrer
        assert statuses & {
            ConcernStatus.INFORMATION_ONLY,
            ConcernStatus.REFERRED_ELSEWHERE,
            ConcernStatus.NO_FURTHER_ACTION,
        }, referrer
        assert Notification.objects.filter(
            recipient__email=email, subject="The front door has decided on your concern"
        ).exists()


def test_most_cases_are_allocated_to_a_practitioner_of_the_lead_team(demo):
    open_cases = Case.objects.filter(status=CaseStatus.OPEN).select_related("lead_practitioner")
    allocated = [c for c in open_cases if c.lead_practitioner.role == Role.PRACTITIONER]
    assert len(allocated) > open_cases.count() * 3 / 4
    assert all(c.lead_practitioner.team_id == c.lead_team_id for c in allocated)
    # Allocated through the service: audited, and each practitioner was told.
    assert AuditEvent.objects.filter(verb=Verb.CASE_ALLOCATED).count() >= len(allocated) - 2
    for area in Area.values:
        practitioner = next(c for c in allocated if c.lead_agency.area_code == area)
        assert Notification.objects.filter(
            recipient=practitioner.lead_practitioner, subject="A case has been allocated to you"
        ).exists()
    assert demo.demo_counts_first["cases_allocated"] == len(allocated)


def test_a_transfer_waits_for_warrington_to_accept(demo):
    [transfer] = CaseTransfer.objects.filter(status=TransferStatus.PENDING)
    assert transfer.from_agency.area_code == Area.HALTON
    assert transfer.to_agency.area_code == Area.WARRINGTON
    assert transfer.case.lead_agency == transfer.from_agency
    assert Notification.objects.filter(
        recipient__agency=transfer.to_agency,
        recipient__role=Role.MANAGER,
        link=f"/transfers/{transfer.pk}/",
    ).exists()


def test_missing_histories_with_a_repeat_missing_child_and_late_interviews(demo):
    episodes = MissingEpisode.objects.select_related("person")
    children = {episode.person.given_name for episode in episodes}
    assert len(children) >= 5
    assert episodes.filter(status=EpisodeStatus.MISSING).count() == 1
    repeat = [
        case
        for case in Case.objects.filter(missing_episodes__isnull=False).distinct()
        if "repeat_missing" in case_flags(case=case)
    ]
    assert [case.person.given_name for case in repeat] == ["Ruby"]
    # Recorded for screening, whose rule table asks for the strategy meeting.
    assert CircumstanceRecord.objects.filter(
        case=repeat[0], name="repeat_missing", value=True
    ).exists()
    clocks = [interview_state(episode).value for episode in episodes]
    assert {"met", "late", "due"} <= set(clocks)
    interviews = ReturnHomeInterview.objects.all()
    assert interviews.filter(response=InterviewResponse.DECLINED).count() == 1
    disclosed = interviews.get(disclosure_concern__isnull=False)
    assert disclosed.disclosure_concern.status == ConcernStatus.AWAITING_DECISION


def test_looked_after_children_have_philomena_profiles_one_photographed_one_out_of_date(demo):
    people = demo_people()
    profiles = {p.person_id: p for p in PhilomenaProfile.objects.all()}
    ellie, mo = profiles[people["ellie"].pk], profiles[people["mo"].pk]
    assert len(profiles) >= 2
    photograph = current_photograph(ellie)
    assert photograph is not None and (photograph.width, photograph.height) == (300, 400)
    assert not is_stale(ellie) and is_stale(mo)
    # Written through the service: normalised and audited.
    assert ellie.places[0]["postcode"] == "CW1 2PZ" and ellie.phones[0]["number"].startswith("+44")
    assert AuditEvent.objects.filter(verb=Verb.PHILOMENA_PHOTO_UPLOADED).count() == (
        ProfilePhotograph.objects.count()
    )
    assert any(
        "Philomena Protocol profiles: 3 (2 with a photograph, 1 out of date)" in line
        for line in demo.first_lines
    )


def test_police_investigations_with_orders_outcomes_and_updates(demo):
    assert Investigation.objects.count() == 2
    assert set(Investigation.objects.values_list("orders__order_type", flat=True)) == {
        "cawn",
        "stro",
    }
    assert OrderBreach.objects.exists()
    assert set(SuspectOutcome.objects.values_list("outcome", flat=True)) == {"charged", "ongoing"}
    assert Investigation.objects.filter(victim_updates__isnull=False).exists()
    assert Investigation.objects.filter(child_offences__reviewed_on__isnull=False).exists()


def test_nrm_referrals_at_each_stage_a_duty_to_notify_and_a_guardian(demo):
    states = set(NrmReferral.objects.values_list("state", flat=True))
    assert {
        NrmState.DRAFT,
        NrmState.SUBMITTED,
        NrmState.REASONABLE_GROUNDS_POSITIVE,
        NrmState.CONCLUSIVE_GROUNDS_POSITIVE,
        NrmState.RECONSIDERATION_REQUESTED,
    } <= states
    # One waits past the reasonable grounds target, on Cheshire East's practitioner's home page.
    [overdue] = _home("practitioner@cheshire-east.demo").nrm_overdue
    assert overdue.referral.case.person.given_name == "Ellie-Mae"
    duty = DutyToNotify.objects.get()
    assert (duty.state, duty.given_name, duty.date_of_birth) == (NrmState.SUBMITTED, "", None)
    assert IctgReferral.objects.get().case.person.given_name == "Selam"
    assert any(line.startswith("Demo NRM referrals:") for line in demo.first_lines)


def test_training_over_six_quarters_shows_results_in_every_area(demo):
    held = TrainingSession.objects.values_list("held_on", flat=True)
    assert (max(held) - min(held)).days >= 6 * 91 - 30
    results = training_results_published()
    assert len(results) == 2 and all(result.has_results for result in results)
    assert all(s.mean_change > 0 for result in results for s in result.statements)
    assert {session.area for session in TrainingSession.objects.all()} == set(Area)


def test_the_last_quarters_board_reports_have_commentary_and_figures(demo):
    quarter = last_complete_quarter(timezone.localdate())
    written = BoardCommentary.objects.filter(quarter_start=quarter.start)
    assert {"halton", "pan_cheshire"} <= set(written.values_list("area", flat=True))
    for area in ("halton", "pan_cheshire"):
        report = board_report(area=area, quarter=quarter)
        assert report.commentary is not None and report.commentary.written_by.role == (
            "strategic_lead"
        )
        html = board_report_html(report, user=report.commentary.written_by)
        assert report.commentary.text.splitlines()[0] in html
        assert report.dashboard.figure("children_screened").value not in (0, "c")
        assert report.training


def test_the_action_plans_have_overdue_and_complete_actions(demo):
    assert ActionPlan.objects.count() == 5
    today = timezone.localdate()
    assert PlanAction.objects.filter(due_on__lt=today).exclude(rag=Rag.COMPLETE).exists()
    assert PlanAction.objects.filter(rag=Rag.COMPLETE).exists()
    assert set(PlanAction.objects.values_list("priority", flat=True)) == set(Priority)


def test_a_small_network_with_one_hotspot_and_one_c_link(demo):
    hotspot = Hotspot.objects.get(active=True, entity__postcode="WA7 1AB")
    assert hotspot.children == 3 and hotspot.areas == ["halton", "warrington"]
    conditioned = Link.objects.get(handling_code="C")
    assert conditioned.handling_conditions and conditioned.from_entity.name == "Dean Hollis"
    # The returns from missing linked where each child was found.
    assert Link.objects.filter(source="missing_episode", link_type="found_at").count() > 3


def test_an_operational_group_discusses_a_place_a_person_a_group_and_a_child(demo):
    meeting = OperationalGroupMeeting.objects.get()
    kinds = {s.entity.entity_type for s in meeting.subjects.exclude(entity=None)}
    assert kinds == {"address", "person_of_concern", "group"}
    child = meeting.subjects.get(case__isnull=False)
    # The action about the child is a task on the child's case; the one about the address is not.
    assert DisruptionAction.objects.get(subject=child).task.case == child.case
    assert DisruptionAction.objects.filter(subject__entity__isnull=False, task=None).exists()
    assert GroupInformation.objects.filter(handling_code="C").exists()


def test_a_completed_halton_audit_with_grades_and_actions_that_are_tasks(demo):
    audit = CaseAudit.objects.get()
    assert audit.status == AuditStatus.COMPLETED
    assert audit.auditor.email == "auditor@halton.demo" and audit.seed == 2016
    assert not audit.sampled.filter(grade="").exists()
    assert {
        case.lead_agency.area_code
        for case in Case.objects.filter(pk__in=audit.sampled.values("case_id"))
    } == {"halton"}
    assert AuditAction.objects.filter(task__isnull=False).count() == 2
    today = timezone.localdate()
    counts = audit_grade_counts(area="halton", start=today, end=today)
    assert counts.total == audit.sampled.count() == 3
