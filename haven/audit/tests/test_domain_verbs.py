"""Domain audit verbs (decision 0013): every domain event is written with its own typed verb and
a payload its schema accepts, by the real service; a payload that does not match is refused and
nothing is written; rows written before the typed verbs still verify."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import AgencyType, Role, TeamFunction
from haven.accounts.services import (
    agency_add,
    agency_senior_officers_set,
    api_token_create,
    api_token_revoke,
    password_reset_complete,
    password_reset_email_send,
    team_create,
    user_create,
    user_reset_two_factor,
    user_set_active,
    user_update,
)
from haven.accounts.tests.factories import UserFactory
from haven.actions.models import Task, TaskStatus
from haven.actions.services import (
    cross_border_record_outbound,
    escalate_overdue_tasks,
    reunification_record,
    task_assign,
    task_complete,
    task_decide_not_needed,
    task_mark_not_needed,
)
from haven.audit.models import AuditChainHead, AuditEvent, Verb
from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_record
from haven.audit.verbs import (
    DOMAIN_VERBS,
    GENERIC_VERBS,
    PAYLOADS,
    RETIRED_VERBS,
    VERB_GROUPS,
    AuditPayloadError,
    Payload,
)
from haven.audit.versioning import StaleVersionError
from haven.case_audits.services import audit_complete
from haven.case_audits.tests.support import an_audit, grade
from haven.cases.models import BreakGlassOutcome, Case, ConcernStatus
from haven.cases.selectors import case_for_break_glass
from haven.cases.services import (
    break_glass_decide,
    break_glass_open,
    break_glass_review,
    case_allocate,
    case_close,
    case_note_add,
    case_share_revoke,
    case_summary_pdf,
    case_transfer_decline,
    case_transfer_request,
    case_transfer_withdraw,
)
from haven.cases.tests.factories import CaseFactory
from haven.cases.tests.world import (
    World,
    date_of_birth_for_age,
    make_child,
    open_case,
    raise_concern,
    share,
)
from haven.documents.models import DocumentKind
from haven.documents.selectors import document_download_for_user
from haven.documents.services import document_upload, document_withdraw
from haven.documents.tests.files import PDF, upload
from haven.intelligence import groups as intelligence_groups
from haven.intelligence import services as intelligence_services
from haven.intelligence.exports import network_export_for_user
from haven.intelligence.hotspots import hotspot_check_entity
from haven.intelligence.tests.factories import EntityFactory, LinkFactory
from haven.investigations import services as investigation_services
from haven.investigations.tests.scenario import investigation_scene
from haven.matching.models import DuplicateCandidate
from haven.matching.services import (
    candidate_agree_merge,
    candidate_reject,
    duplicates_find,
    people_unmerge,
)
from haven.meetings.models import InvitationStatus
from haven.meetings.services import (
    NamedAttendee,
    information_shared_add,
    invitation_decide,
    meeting_apologies_record,
    meeting_attendee_add,
    meeting_attendee_remove,
    meeting_minutes_pdf,
)
from haven.missing.services import episode_police_update
from haven.missing.tests.support import bring_back
from haven.missing.tests.support import report as report_missing
from haven.nrm.models import GuardianSupport
from haven.nrm.rules import NrmState, UnderAge
from haven.nrm.selectors import duty_to_notify_export_for_user, referral_export_for_user
from haven.nrm.services import duty_to_notify_record, nrm_decision_record, nrm_referral_update
from haven.people.services import (
    address_add,
    alias_add,
    identifier_add,
    person_update,
    phone_add,
    relationship_add,
)
from haven.philomena.selectors import photograph_file_for_user, profile_get_for_user
from haven.philomena.services import grab_pack_pdf, photograph_upload, profile_save
from haven.philomena.tests.images import png, profile_for
from haven.placements.models import SafeHouseEscalation
from haven.placements.services import escalation_acknowledge
from haven.placements.tests.support import place, senior_officers
from haven.reporting.ctdc import anonymised_dataset
from haven.screening.models import Circumstance, ScreeningTrigger
from haven.screening.services import screening_override_record
from haven.strategy.models import Priority, Rag
from haven.strategy.services import (
    action_plan_create,
    action_progress_record,
    board_commentary_record,
    board_report_export_record,
    dashboard_export_record,
    national_figures_record,
    plan_action_add,
)
from haven.strategy.services import (
    anonymised_dataset_exported as record_anonymised_dataset_exported,
)
from haven.strategy.tasks import count_dashboard_trend
from haven.strategy.tests.records import STATEMENTS, a_course, a_session, an_attendee_answering
from haven.workflows import operational_groups
from haven.workflows.case_audits import audit_action_add
from haven.workflows.case_transfer import case_transfer_accept
from haven.workflows.front_door import concern_decide
from haven.workflows.htcds import htcds_export_for_user
from haven.workflows.missing_episodes import return_interview_record
from haven.workflows.new_information import case_information_record, circumstance_record
from haven.workflows.nrm import ictg_referral_record, nrm_referral_start, nrm_referral_submit
from haven.workflows.placements import safety_plan_record_completing_task
from haven.workflows.screening_overrides import screening_override_decide
from haven.workflows.strategy_meetings import meeting_record_outcome, meeting_schedule

pytestmark = pytest.mark.django_db

REASON = "Child found in Runcorn overnight, need history to safeguard now."
# The verbs that record changes without saying which: no service writes them for a domain event.
UNTYPED_CHANGES = {Verb.CREATED, Verb.UPDATED, Verb.DELETED}


@dataclass
class Expect:
    """What a scenario's event must be about, and plain payload values it must carry."""

    target: models.Model | tuple[str, Any]
    values: dict[str, Any] = field(default_factory=dict)


def _target(target) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target[0], str(target[1])
    return target._meta.label_lower, str(target.pk)


# Scenarios: each performs the real service (pages and the API call the same ones) -------------


def concern_raised(world: World, settings) -> Expect:
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    return Expect(concern)


def front_door_decided_accept(world, settings) -> Expect:
    case = open_case(world)
    return Expect(case.concerns.get(), {"decision": "accept"})


def front_door_decided_with_version(world, settings) -> Expect:
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    concern = concern_decide(
        actor=world.la("warrington").manager,
        concern=concern,
        decision=ConcernStatus.NO_FURTHER_ACTION,
        reason="Known family, support already in place.",
        expected_version=concern.version,
    )
    return Expect(concern, {"decision": "no_further_action"})


def case_opened(world, settings) -> Expect:
    return Expect(open_case(world))


def case_closed(world, settings) -> Expect:
    case = open_case(world)
    case_close(
        actor=world.la("warrington").manager,
        case=case,
        reason="Child safe, plan complete.",
        expected_version=case.version,
    )
    return Expect(case)


def case_note_added(world, settings) -> Expect:
    case = open_case(world)
    note = case_note_add(
        actor=world.la("warrington").practitioner, case=case, text="Home visit: child well."
    )
    return Expect(note)


def share_granted(world, settings) -> Expect:
    return Expect(share(world, open_case(world), world.school, ["chronology"]))


def share_revoked(world, settings) -> Expect:
    granted = share(world, open_case(world), world.school, ["chronology"])
    case_share_revoke(actor=world.la("warrington").manager, share=granted)
    return Expect(granted)


def reunification_recorded(world, settings) -> Expect:
    case = open_case(world)
    manager = world.la("warrington").manager
    for task in Task.objects.filter(case=case, code="family_role_established", status="open"):
        task_complete(
            actor=manager, task=task, note="Mother not involved.", expected_version=task.version
        )
    reunification_record(actor=manager, case=case, note="Returning to mother on Friday.")
    return Expect(case)


def case_summary_exported(world, settings) -> Expect:
    case = open_case(world)
    case_summary_pdf(
        actor=world.la("warrington").manager, case=case, html="<p>OFFICIAL-SENSITIVE</p>"
    )
    return Expect(case, {"format": "pdf"})


def case_allocated(world, settings) -> Expect:
    case = open_case(world)
    warrington = world.la("warrington")
    case_allocate(
        actor=warrington.manager,
        case=case,
        practitioner_id=warrington.practitioner.pk,
        expected_version=case.version,
    )
    return Expect(case)


def _transfer_to_halton(world):
    return case_transfer_request(
        actor=world.la("warrington").manager,
        case=open_case(world),
        to_team_id=world.la("halton").team.pk,
        reason="The child has moved to Runcorn to live with her aunt.",
    )


def case_transfer_requested(world, settings) -> Expect:
    return Expect(_transfer_to_halton(world))


def case_transfer_accepted(world, settings) -> Expect:
    transfer = _transfer_to_halton(world)
    case_transfer_accept(actor=world.la("halton").manager, transfer=transfer)
    return Expect(transfer.case, {"transfer": transfer.pk})


def case_transfer_declined(world, settings) -> Expect:
    transfer = _transfer_to_halton(world)
    case_transfer_decline(
        actor=world.la("halton").manager,
        transfer=transfer,
        reason="The aunt lives in Warrington, not Halton.",
    )
    return Expect(transfer)


def case_transfer_withdrawn(world, settings) -> Expect:
    transfer = _transfer_to_halton(world)
    case_transfer_withdraw(actor=world.la("warrington").manager, transfer=transfer)
    return Expect(transfer)


def break_glass_used(world, settings) -> Expect:
    case = open_case(world)
    user = world.la("halton").practitioner
    break_glass_open(actor=user, case=case, reason=REASON)
    return Expect(case, {"requested_by": user.pk})


def _over_the_limit(world, settings):
    settings.HAVEN_BREAK_GLASS_DAILY_LIMIT = 0
    case = open_case(world)
    user = world.la("halton").practitioner
    return case, user, break_glass_open(actor=user, case=case, reason=REASON)


def break_glass_requested(world, settings) -> Expect:
    case, _user, _access = _over_the_limit(world, settings)
    return Expect(case)


def break_glass_approved(world, settings) -> Expect:
    _case, user, access = _over_the_limit(world, settings)
    break_glass_decide(actor=world.la("halton").manager, access=access, approve=True)
    return Expect(access, {"requested_by": user.pk})


def break_glass_request_refused(world, settings) -> Expect:
    _case, user, access = _over_the_limit(world, settings)
    break_glass_decide(actor=world.la("halton").manager, access=access, approve=False)
    return Expect(access, {"requested_by": user.pk})


def break_glass_refused(world, settings) -> Expect:
    case = open_case(world)
    with pytest.raises(Http404):
        case_for_break_glass(
            user=world.la("halton").practitioner, reference=case.reference, case_id=case.pk
        )
    return Expect(case)


def break_glass_reviewed(world, settings) -> Expect:
    case = open_case(world)
    access = break_glass_open(actor=world.la("halton").practitioner, case=case, reason=REASON)
    break_glass_review(
        actor=world.auditor,
        access=access,
        outcome=BreakGlassOutcome.JUSTIFIED,
        note="Out of hours, child at risk: justified.",
    )
    return Expect(access, {"review_outcome": "justified"})


def task_created(world, settings) -> Expect:
    case = open_case(world)
    return Expect(Task.objects.get(case=case, code="strategy_meeting"))


def task_moved_to_case(world, settings) -> Expect:
    case = open_case(world)
    # A task made while the concern waited at the front door, moved when it was accepted.
    return Expect(Task.objects.filter(case=case, concern__isnull=False).order_by("pk").first())


def task_moved_to_team(world, settings) -> Expect:
    transfer = _transfer_to_halton(world)
    task = Task.objects.get(case=transfer.case, code="strategy_meeting")
    case_transfer_accept(actor=world.la("halton").manager, transfer=transfer)
    return Expect(task)


def task_completed(world, settings) -> Expect:
    task = Task.objects.get(case=open_case(world), code="strategy_meeting")
    task_complete(
        actor=world.la("warrington").practitioner,
        task=task,
        note="Meeting held with police.",
        expected_version=task.version,
    )
    return Expect(task, {"by_haven": False})


def task_completed_by_haven(world, settings) -> Expect:
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    task = Task.objects.get(concern=concern, code="refer_childrens_social_care")
    assert task.status == TaskStatus.DONE
    return Expect(task, {"by_haven": True})


def _not_needed_requested(world) -> Task:
    task = Task.objects.get(case=open_case(world), code="nrm_referral")
    return task_mark_not_needed(
        actor=world.la("warrington").practitioner,
        task=task,
        reason="Police raised the concern themselves.",
        expected_version=task.version,
    )


def task_not_needed_requested(world, settings) -> Expect:
    return Expect(_not_needed_requested(world))


def task_not_needed_approved(world, settings) -> Expect:
    task = _not_needed_requested(world)
    task_decide_not_needed(
        actor=world.la("warrington").manager, task=task, approve=True, expected_version=task.version
    )
    return Expect(task, {"by_override": False})


def task_not_needed_approved_by_override(world, settings) -> Expect:
    case = open_case(world)
    first = world.la("warrington").manager
    override = screening_override_record(
        actor=first,
        case=case,
        outcome="trafficking_not_indicated",
        reason="Enquiries show no exploitation; NRM not appropriate here.",
        actions_removed=["nrm_referral"],
    )
    second = UserFactory(agency=first.agency, team=first.team, role=Role.MANAGER)
    screening_override_decide(actor=second, override=override, approve=True)
    return Expect(Task.objects.get(case=case, code="nrm_referral"), {"by_override": True})


def task_not_needed_rejected(world, settings) -> Expect:
    task = _not_needed_requested(world)
    task_decide_not_needed(
        actor=world.la("warrington").manager,
        task=task,
        approve=False,
        expected_version=task.version,
    )
    return Expect(task)


def task_escalated(world, settings) -> Expect:
    task = Task.objects.get(case=open_case(world), code="strategy_meeting")
    Task.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(hours=1))
    escalate_overdue_tasks()
    return Expect(task)


def task_assigned(world, settings) -> Expect:
    task = Task.objects.get(case=open_case(world), code="strategy_meeting")
    warrington = world.la("warrington")
    task_assign(
        actor=warrington.manager,
        task=task,
        owner_id=warrington.practitioner.pk,
        expected_version=task.version,
    )
    return Expect(task, {"owner": {"before": None, "after": warrington.practitioner.pk}})


def cross_border_notified(world, settings) -> Expect:
    case = open_case(world)
    manager = world.la("warrington").manager
    circumstance_record(
        actor=manager,
        case=case,
        name=Circumstance.AREAS_INVOLVED,
        value=["outside_cheshire"],
        rescreen_trigger=ScreeningTrigger.NEW_INFORMATION,
    )
    task = Task.objects.get(case=case, code="notify_cross_border")
    record = cross_border_record_outbound(
        actor=manager,
        task=task,
        area_name="Liverpool",
        contact_details="Merseyside Police MASH 0151 000 0000.",
    )
    return Expect(record)


def screening_recorded(world, settings) -> Expect:
    concern = raise_concern(world.police.practitioner, make_child(world.police.practitioner))
    return Expect(concern.screenings.get(), {"trigger": {"before": None, "after": "concern_saved"}})


def circumstance_recorded(world, settings) -> Expect:
    case = open_case(world)
    case_information_record(
        actor=world.la("warrington").manager,
        case=case,
        flags={Circumstance.ARRESTED_OR_SUSPECTED_OFFENCE: True},
    )
    return Expect(case.circumstances.get())


def screening_override_requested(world, settings) -> Expect:
    override = screening_override_record(
        actor=world.la("warrington").manager,
        case=open_case(world),
        outcome="trafficking_not_indicated",
        reason="Enquiries show no exploitation; NRM not appropriate here.",
        actions_removed=["nrm_referral"],
    )
    return Expect(override)


def screening_overridden_at_once(world, settings) -> Expect:
    override = screening_override_record(
        actor=world.la("warrington").manager,
        case=open_case(world),
        outcome="trafficking_not_indicated",
        reason="Taxi was arranged by the child's aunt; no exploitation found on enquiry.",
    )
    return Expect(override, {"approved_by_second_manager": False})


def _override_decided(world, approve: bool):
    first = world.la("warrington").manager
    override = screening_override_record(
        actor=first,
        case=open_case(world),
        outcome="trafficking_not_indicated",
        reason="Enquiries show no exploitation; NRM not appropriate here.",
        actions_removed=["nrm_referral"],
    )
    second = UserFactory(agency=first.agency, team=first.team, role=Role.MANAGER)
    return screening_override_decide(actor=second, override=override, approve=approve)


def screening_overridden_approved(world, settings) -> Expect:
    return Expect(_override_decided(world, True), {"approved_by_second_manager": True})


def screening_override_rejected(world, settings) -> Expect:
    return Expect(_override_decided(world, False))


def _meeting(world):
    return meeting_schedule(
        actor=world.la("warrington").manager,
        case=open_case(world),
        scheduled_for=timezone.now() + timedelta(days=1),
        location="Warrington Town Hall, room 2",
    )


def meeting_scheduled(world, settings) -> Expect:
    return Expect(_meeting(world))


def meeting_invitation_decided(world, settings) -> Expect:
    invitation = _meeting(world).invitations.filter(status=InvitationStatus.SUGGESTED).first()
    invitation_decide(
        actor=world.la("warrington").manager,
        invitation=invitation,
        invite=False,
        reason="No involvement; to be updated after.",
    )
    return Expect(invitation, {"invited": False})


def meeting_information_added(world, settings) -> Expect:
    meeting = _meeting(world)
    item = information_shared_add(
        actor=world.la("warrington").manager,
        meeting=meeting,
        agency=world.la("warrington").agency,
        text="Two missing episodes this month.",
    )
    return Expect(item)


def _interpreter(world, meeting):
    return meeting_attendee_add(
        actor=world.la("warrington").manager,
        meeting=meeting,
        named=NamedAttendee(
            name="Farah Siddiqui", organisation="Cheshire Interpreting", job_title="Interpreter"
        ),
    )


def meeting_attendee_added(world, settings) -> Expect:
    meeting = _meeting(world)
    _interpreter(world, meeting)
    return Expect(meeting, {"attendee": "Farah Siddiqui, Cheshire Interpreting"})


def meeting_attendee_removed(world, settings) -> Expect:
    meeting = _meeting(world)
    meeting_attendee_remove(
        actor=world.la("warrington").manager, attendee=_interpreter(world, meeting)
    )
    return Expect(meeting, {"attendee": "Farah Siddiqui, Cheshire Interpreting"})


def meeting_apologies_recorded(world, settings) -> Expect:
    meeting = _meeting(world)
    practitioner = world.la("warrington").practitioner
    meeting_apologies_record(actor=practitioner, meeting=meeting, note="Sent a report.")
    return Expect(meeting, {"attendee": f"{practitioner.full_name}, {practitioner.agency.name}"})


def meeting_outcome_recorded(world, settings) -> Expect:
    meeting = _meeting(world)
    with time_machine.travel(meeting.scheduled_for + timedelta(hours=1), tick=True):
        meeting_record_outcome(
            actor=world.la("warrington").manager,
            meeting=meeting,
            expected_version=meeting.version,
            attended={i.pk: True for i in meeting.invitations.all()},
            ratings={
                "harm": ("high", "Sexual exploitation ongoing."),
                "abduction": ("low", "No attempts to collect her."),
                "missing": ("medium", "Two missing episodes this month."),
            },
            decisions={"section_47_enquiry": True},
        )
    return Expect(meeting)


def minutes_exported(world, settings) -> Expect:
    meeting = _meeting(world)
    meeting_minutes_pdf(
        actor=world.la("warrington").manager, meeting=meeting, html="<p>Minutes</p>"
    )
    return Expect(meeting, {"format": "pdf"})


def _document(world):
    return document_upload(
        actor=world.la("warrington").practitioner,
        case=open_case(world),
        file=upload("age-assessment.pdf", PDF),
        kind=DocumentKind.AGE_ASSESSMENT,
        title="Age assessment report",
    )


def _placement(world):
    la = world.la("warrington")
    senior_officers(la)
    return place(la.manager, open_case(world))


def placement_recorded(world, settings) -> Expect:
    return Expect(_placement(world), {"out_of_area": False})


def placement_ended(world, settings) -> Expect:
    first = _placement(world)
    place(world.la("warrington").manager, first.case, placement_type="foster_care")
    return Expect(first)


def safety_plan_recorded(world, settings) -> Expect:
    placement = _placement(world)
    plan = safety_plan_record_completing_task(
        actor=world.la("warrington").manager,
        placement=placement,
        risks_told="Told of the network.",
        abduction_measures="No unplanned visitors.",
        missing_prevention="Hourly checks at night.",
        who_to_call="The emergency duty team.",
        review_date=timezone.localdate() + timedelta(days=28),
        contact_restrictions=[("Dean Carter", "Suspected exploiter")],
    )
    return Expect(plan, {"contact_restrictions": 1})


def escalation_raised(world, settings) -> Expect:
    placement = _placement(world)
    return Expect(SafeHouseEscalation.objects.get(case=placement.case), {"offices_missing": []})


def escalation_acknowledged(world, settings) -> Expect:
    placement = _placement(world)
    escalation = SafeHouseEscalation.objects.get(case=placement.case)
    escalation_acknowledge(
        actor=world.la("warrington").agency.head_of_service, escalation=escalation
    )
    return Expect(escalation, {"office": "head_of_service"})


def document_uploaded(world, settings) -> Expect:
    return Expect(_document(world))


def document_downloaded(world, settings) -> Expect:
    document = _document(world)
    download = document_download_for_user(
        user=world.la("warrington").manager, case_id=document.case_id, document_id=document.pk
    )
    download.file.close()
    return Expect(document, {"sha256": document.sha256})


def document_withdrawn(world, settings) -> Expect:
    document = _document(world)
    document_withdraw(
        actor=world.la("warrington").manager,
        document=document,
        reason="Uploaded to the wrong child's case.",
    )
    return Expect(document)


def national_figures_recorded(world, settings) -> Expect:
    figures = national_figures_record(
        actor=world.strategic_lead,
        year=2016,
        child_referrals=1575,
        source="NRM statistics for 2016",
    )
    return Expect(figures)


def dashboard_exported(world, settings) -> Expect:
    dashboard_export_record(
        actor=world.strategic_lead,
        figure="concerns_raised",
        area="halton",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        format="xlsx",
        content=b"the file",
    )
    return Expect(("dashboard", "concerns_raised"), {"format": "xlsx", "area": "halton"})


def dashboard_trend_counted(world, settings) -> Expect:
    # The daily job: every figure's past quarters (the trend's and the periods'), counted
    # through reporting, stored.
    with time_machine.travel(datetime(2026, 11, 17, 3, 0, tzinfo=UTC), tick=False):
        stored = count_dashboard_trend.call()
    return Expect(
        ("dashboard", "trend"),
        {
            "counts": stored["trend"],
            "kept": stored["periods"],
            "counted_at": "2026-11-17T03:00:00+00:00",
        },
    )


def board_commentary_recorded(world, settings) -> Expect:
    commentary = board_commentary_record(
        actor=world.strategic_lead,
        area="halton",
        quarter_start=date(2026, 1, 1),
        text="Referrals rose after the awareness campaign.",
    )
    board_commentary_record(
        actor=world.strategic_lead,
        area="halton",
        quarter_start=date(2026, 1, 1),
        text="Referrals from schools rose after the awareness campaign.",
        expected_version=commentary.version,
    )
    return Expect(commentary)


def board_report_exported(world, settings) -> Expect:
    board_report_export_record(
        actor=world.strategic_lead, area="halton", quarter="2026-Q1", content=b"%PDF-1.7"
    )
    return Expect(("board_report", "halton:2026-Q1"), {"format": "pdf", "quarter": "2026-Q1"})


def _referral(world):
    return nrm_referral_start(actor=world.la("warrington").practitioner, case=open_case(world))


def _referral_ready(world):
    referral = _referral(world)
    return nrm_referral_update(
        actor=world.la("warrington").practitioner,
        referral=referral,
        expected_version=referral.version,
        what_happened="Taken by taxi to addresses in Crewe by adults who gave her alcohol.",
    )


def _referral_submitted(world, submitted_on: date):
    return nrm_referral_submit(
        actor=world.la("warrington").practitioner,
        referral=_referral_ready(world),
        submitted_on=submitted_on,
        home_office_reference="NRM-2026-0042",
    )


def nrm_referral_started(world, settings) -> Expect:
    return Expect(_referral(world), {"state": NrmState.DRAFT, "under_age": UnderAge.YES})


def nrm_referral_updated(world, settings) -> Expect:
    referral = _referral_ready(world)
    return Expect(
        referral,
        {"fields": ["what_happened"], "version": {"before": 1, "after": referral.version}},
    )


def nrm_referral_submitted(world, settings) -> Expect:
    referral = _referral_submitted(world, timezone.localdate())
    return Expect(referral, {"state": NrmState.SUBMITTED, "home_office_reference": "NRM-2026-0042"})


def nrm_decision_recorded(world, settings) -> Expect:
    today = timezone.localdate()
    referral = _referral_submitted(world, today - timedelta(days=14))
    nrm_decision_record(
        actor=world.la("warrington").practitioner,
        referral=referral,
        decision=NrmState.REASONABLE_GROUNDS_POSITIVE,
        decided_on=today,
    )
    return Expect(referral, {"state": NrmState.REASONABLE_GROUNDS_POSITIVE})


def nrm_referral_exported(world, settings) -> Expect:
    referral = _referral_ready(world)
    referral_export_for_user(
        user=world.la("warrington").manager, referral_id=referral.pk, format="pdf"
    )
    return Expect(referral, {"format": "pdf"})


def case_htcds_exported(world, settings) -> Expect:
    case = open_case(world)
    htcds_export_for_user(user=world.la("warrington").manager, case_id=case.pk)
    return Expect(case, {"format": "json"})


def anonymised_dataset_exported(world, settings) -> Expect:
    open_case(world)
    dataset = anonymised_dataset(k=11)
    record_anonymised_dataset_exported(
        actor=world.strategic_lead,
        k=dataset.report.k,
        rows=dataset.report.rows_out,
        suppressed=dataset.report.suppressed,
    )
    return Expect(
        ("reporting.anonymised_dataset", "pan_cheshire"), {"k": 11, "rows": 0, "suppressed": 1}
    )


def _duty_to_notify(world):
    return duty_to_notify_record(
        actor=world.police.practitioner,
        gender="male",
        nationality="Vietnamese",
        exploitation_types=["labour"],
        what_happened="Found working unpaid in a nail bar; his passport held by the owner.",
        cooperates_with_police=False,
    )


def duty_to_notify_recorded(world, settings) -> Expect:
    return Expect(
        _duty_to_notify(world), {"exploitation_types": ["labour"], "cooperates_with_police": False}
    )


def duty_to_notify_exported(world, settings) -> Expect:
    duty = _duty_to_notify(world)
    duty_to_notify_export_for_user(user=world.police.practitioner, duty_id=duty.pk)
    return Expect(duty, {"format": "json"})


def ictg_referral_recorded(world, settings) -> Expect:
    referral = ictg_referral_record(
        actor=world.la("warrington").practitioner,
        case=open_case(world),
        referred_on=timezone.localdate(),
        support=GuardianSupport.DIRECT,
        guardian_name="Sam Okafor",
    )
    return Expect(referral, {"support": GuardianSupport.DIRECT})


def _returned_episode(world):
    case = open_case(world)
    episode = report_missing(world.police.practitioner, case.person)
    return bring_back(world.police.practitioner, episode)


def missing_reported(world, settings) -> Expect:
    episode = report_missing(world.police.practitioner, open_case(world).person)
    return Expect(episode, {"status": {"before": None, "after": "missing"}})


def missing_police_updated(world, settings) -> Expect:
    episode = report_missing(world.police.practitioner, open_case(world).person)
    episode_police_update(
        actor=world.police.practitioner,
        episode=episode,
        expected_version=episode.version,
        reported_to_police_at=timezone.now() - timedelta(hours=1),
        police_reference="CH-2026-1234",
        police_risk_level="high",
    )
    return Expect(episode, {"police_reference": {"before": "", "after": "CH-2026-1234"}})


def missing_return_recorded(world, settings) -> Expect:
    episode = _returned_episode(world)
    return Expect(episode, {"status": {"before": "missing", "after": "returned"}})


def _interview(world, **fields):
    episode = _returned_episode(world)
    return return_interview_record(
        actor=world.la("warrington").practitioner,
        episode=episode,
        offered_at=episode.returned_at + timedelta(minutes=10),
        offered_by_me=True,
        independent_of_placement=True,
        response="accepted",
        held_at=episode.returned_at + timedelta(minutes=30),
        held_by="Return interview worker",
        **fields,
    )


def return_interview_recorded(world, settings) -> Expect:
    return Expect(_interview(world), {"response": {"before": None, "after": "accepted"}})


def interview_disclosure_raised(world, settings) -> Expect:
    interview = _interview(
        world,
        disclosure="Driven to Manchester by an older man.",
        disclosure_indicator_codes=["ind.transport_arranged_by_adult"],
    )
    return Expect(interview, {"concern": interview.disclosure_concern_id})


def _profile(world):
    return profile_for(world.la("warrington").practitioner, open_case(world).person)


def philomena_profile_started(world, settings) -> Expect:
    return Expect(_profile(world))


def philomena_profile_viewed(world, settings) -> Expect:
    profile = _profile(world)
    profile_get_for_user(user=world.la("warrington").manager, person_id=profile.person_id)
    return Expect(profile)


def philomena_profile_updated(world, settings) -> Expect:
    profile = _profile(world)
    profile_save(
        actor=world.la("warrington").manager,
        person=profile.person,
        expected_version=profile.version,
        hair="Short, dyed red",
    )
    return Expect(profile)


def philomena_photo_uploaded(world, settings) -> Expect:
    profile = _profile(world)
    user = world.la("warrington").practitioner
    return Expect(photograph_upload(actor=user, profile=profile, file=upload("face.png", png())))


def philomena_photo_viewed(world, settings) -> Expect:
    profile = _profile(world)
    user = world.la("warrington").practitioner
    photograph = photograph_upload(actor=user, profile=profile, file=upload("face.png", png()))
    photograph_file_for_user(user=user, person_id=profile.person_id).file.close()
    return Expect(photograph, {"sha256": photograph.sha256})


def grab_pack_exported(world, settings) -> Expect:
    profile = _profile(world)
    grab_pack_pdf(
        actor=world.la("warrington").manager,
        profile=profile,
        html="<p>Grab pack</p>",
        missing_now=False,
    )
    return Expect(profile, {"format": "pdf", "missing_now": False})


def investigation_opened(world, settings) -> Expect:
    return Expect(investigation_scene(world).investigation)


def _investigation_closed(world):
    investigation = investigation_scene(world).investigation
    return investigation_services.investigation_update(
        actor=world.police.practitioner,
        investigation=investigation,
        expected_version=investigation.version,
        status="closed",
        closed_on=timezone.localdate(),
        closed_reason="The suspect was charged.",
    )


def investigation_closed(world, settings) -> Expect:
    investigation = _investigation_closed(world)
    return Expect(investigation, {"version": {"before": 1, "after": 2}})


def investigation_updated(world, settings) -> Expect:
    investigation = _investigation_closed(world)
    investigation_services.investigation_update(
        actor=world.police.practitioner,
        investigation=investigation,
        expected_version=investigation.version,
        status="open",
    )
    return Expect(investigation, {"version": {"before": 2, "after": 3}})


def suspect_added(world, settings) -> Expect:
    scene = investigation_scene(world)
    return Expect(scene.suspect, {"person": scene.adult.pk})


def _cawn(world):
    scene = investigation_scene(world)
    return investigation_services.order_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        order_type="cawn",
        suspect_id=scene.suspect.pk,
        issued_on=timezone.localdate(),
        address_line_1="12 Orford Lane",
        postcode="WA2 7AA",
    )


def order_recorded(world, settings) -> Expect:
    order = _cawn(world)
    return Expect(order, {"suspect": order.suspect_id})


def order_breach_recorded(world, settings) -> Expect:
    order = _cawn(world)
    breach = investigation_services.order_breach_record(
        actor=world.police.practitioner, order=order, breached_on=timezone.localdate()
    )
    return Expect(breach, {"order": order.pk})


def suspect_outcome_recorded(world, settings) -> Expect:
    scene = investigation_scene(world)
    outcome = investigation_services.outcome_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        suspect_id=scene.suspect.pk,
        outcome="charged",
        decided_on=timezone.localdate(),
    )
    return Expect(outcome, {"suspect": scene.suspect.pk})


def _child_offence(world):
    scene = investigation_scene(world)
    return investigation_services.child_offence_record(
        actor=world.police.practitioner,
        investigation=scene.investigation,
        offence="mda1971_s4_3",
        arrested_on=timezone.localdate(),
        linked_to_exploitation="Carrying drugs for the suspect.",
    )


def child_offence_recorded(world, settings) -> Expect:
    return Expect(_child_offence(world))


def non_criminalisation_reviewed(world, settings) -> Expect:
    offence = investigation_services.non_criminalisation_review_record(
        actor=world.police.practitioner,
        child_offence=_child_offence(world),
        section_45_considered=True,
        trained_interviewer=True,
        out_of_hours_informed=True,
        reviewed_on=timezone.localdate(),
    )
    return Expect(offence)


def victim_update_recorded(world, settings) -> Expect:
    scene = investigation_scene(world)
    update = investigation_services.victim_update_record(
        actor=world.la("warrington").practitioner,
        investigation=scene.investigation,
        given_on=timezone.localdate(),
        given_to="child",
        summary="Told her the suspect was charged.",
    )
    return Expect(update)


def training_course_added(world, settings) -> Expect:
    return Expect(a_course(world.strategic_lead), {"statements": STATEMENTS})


def training_session_recorded(world, settings) -> Expect:
    return Expect(a_session(world.strategic_lead, a_course(world.strategic_lead)))


def _attendee(world):
    session = a_session(world.strategic_lead, a_course(world.strategic_lead))
    return an_attendee_answering(
        world.strategic_lead, session, world.police.agency, "Ali Khan", (2, 3), (4, 4)
    )


def training_attendee_added(world, settings) -> Expect:
    return Expect(_attendee(world))


def self_assessment_recorded(world, settings) -> Expect:
    return Expect(_attendee(world), {"stage": "after", "scores": {"1": 4, "2": 4}})


def _plan_action(world):
    plan = action_plan_create(actor=world.strategic_lead, area="halton", title="Halton plan")
    return plan_action_add(
        actor=world.strategic_lead,
        plan=plan,
        priority=Priority.PROTECT,
        description="Commission specialist foster placements",
        due_on=timezone.localdate(),
        owner_user=world.la("halton").manager,
    )


def action_plan_created(world, settings) -> Expect:
    return Expect(_plan_action(world).plan)


def plan_action_added(world, settings) -> Expect:
    return Expect(_plan_action(world))


def action_progress_recorded(world, settings) -> Expect:
    action = _plan_action(world)
    action_progress_record(
        actor=world.la("halton").manager,
        action=action,
        written_on=timezone.localdate(),
        note="Two carers approved",
        rag=Rag.GREEN,
    )
    return Expect(action, {"rag": {"before": "amber", "after": "green"}})


def _sampled(world):
    case = open_case(world)
    return case, an_audit(world.auditor, size=1, seed=7).sampled.get()


def audit_sample_drawn(world, settings) -> Expect:
    case, sampled = _sampled(world)
    return Expect(sampled.audit, {"method": "random", "seed": 7, "cases": [case.pk]})


def case_audit_graded(world, settings) -> Expect:
    _, sampled = _sampled(world)
    return Expect(grade(world.auditor, sampled, "inadequate"), {"grade": "inadequate"})


def audit_action_added(world, settings) -> Expect:
    _, sampled = _sampled(world)
    action = audit_action_add(
        actor=world.auditor,
        sampled=sampled,
        description="Hold the strategy meeting within 3 working days",
        team=world.la("warrington").team,
        due_on=timezone.localdate(),
    )
    return Expect(action, {"team": world.la("warrington").team.pk})


def audit_completed(world, settings) -> Expect:
    _, sampled = _sampled(world)
    grade(world.auditor, sampled, "good")
    audit = audit_complete(actor=world.auditor, audit=sampled.audit)
    grades = {"outstanding": 0, "good": 1, "requires_improvement": 0, "inadequate": 0}
    return Expect(audit, {"grades": grades})


def person_created(world, settings) -> Expect:
    return Expect(make_child(world.police.practitioner))


def person_updated(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    person_update(
        actor=world.police.practitioner,
        person=person,
        expected_version=person.version,
        given_name="Amirah",
    )
    return Expect(person)


def alias_added(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    return Expect(alias_add(actor=world.police.practitioner, person=person, given_name="Mimi"))


def identifier_added(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    identifier = identifier_add(
        actor=world.police.practitioner, person=person, kind="police_reference", value="CC-1"
    )
    return Expect(identifier)


def address_added(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    address = address_add(
        actor=world.police.practitioner, person=person, line_1="1 High Street", postcode="wa1 1aa"
    )
    return Expect(address)


def phone_added(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    return Expect(phone_add(actor=world.police.practitioner, person=person, number="07700900123"))


def relationship_added(world, settings) -> Expect:
    person = make_child(world.police.practitioner)
    sister = make_child(world.police.practitioner, given_name="Lina")
    relationship = relationship_add(
        actor=world.police.practitioner, person=person, other=sister, kind="sibling"
    )
    return Expect(relationship)


def _duplicate_pair(world) -> DuplicateCandidate:
    """A Halton case for Muhammad Aly and a police record of Mohamad Ali: the same phone."""
    assigned = date_of_birth_for_age(16, month=1, day=1)
    case = open_case(
        world,
        area="halton",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=assigned,
        dob_assigned_by_age_assessment=True,
        nationalities=["SD"],
        gender="male",
    )
    phone_add(actor=world.la("halton").practitioner, person=case.person, number="07700 900123")
    ali = make_child(
        world.police.practitioner,
        given_name="Mohamad",
        family_name="Ali",
        date_of_birth=date(assigned.year, 6, 1),
        dob_precision="estimated",
        nationalities=["SD"],
        gender="male",
    )
    phone_add(actor=world.police.practitioner, person=ali, number="07700900123")
    raise_concern(world.police.practitioner, ali, home_area="halton")
    duplicates_find()
    return DuplicateCandidate.objects.get()


def duplicate_rejected(world, settings) -> Expect:
    candidate = _duplicate_pair(world)
    candidate_reject(
        actor=world.la("halton").manager, candidate=candidate, note="Different boys: checked."
    )
    return Expect(candidate)


def _merged(world):
    candidate = _duplicate_pair(world)
    survivor = Case.objects.get(lead_agency=world.la("halton").agency).person
    candidate_agree_merge(
        actor=world.police.manager, candidate=candidate, survivor=survivor, reason="Same boy."
    )
    merge = candidate_agree_merge(
        actor=world.la("halton").manager,
        candidate=candidate,
        survivor=survivor,
        reason="Same phone, same boy.",
    )
    return candidate, survivor, merge


def merge_agreed(world, settings) -> Expect:
    candidate, survivor, _merge = _merged(world)
    return Expect(candidate, {"survivor": survivor.pk, "agency": world.police.agency.pk})


def people_merged(world, settings) -> Expect:
    _candidate, survivor, merge = _merged(world)
    return Expect(merge, {"survivor": survivor.pk})


def people_unmerged(world, settings) -> Expect:
    _candidate, survivor, merge = _merged(world)
    people_unmerge(actor=world.la("halton").manager, merge=merge, reason="They are brothers.")
    return Expect(merge, {"survivor": survivor.pk})


def _partnership_admin(world):
    warrington = world.la("warrington")
    return UserFactory(agency=warrington.agency, team=warrington.team, role=Role.PARTNERSHIP_ADMIN)


def agency_created(world, settings) -> Expect:
    agency, _team = agency_add(
        actor=_partnership_admin(world),
        team_name="Safeguarding",
        team_function=TeamFunction.SAFEGUARDING,
        name="Fire and rescue",
        slug="fire",
        agency_type=AgencyType.HOUSING,
    )
    return Expect(agency)


def senior_officers_set(world, settings) -> Expect:
    warrington = world.la("warrington")
    agency_senior_officers_set(
        actor=world.admin,
        agency=warrington.agency,
        head_of_service=warrington.manager,
        operational_director=None,
        chief_executive=None,
    )
    return Expect(
        warrington.agency,
        {"head_of_service": {"before": None, "after": warrington.manager.pk}},
    )


def team_created(world, settings) -> Expect:
    team = team_create(
        actor=_partnership_admin(world),
        agency=world.school.agency,
        name="Pastoral",
        function=TeamFunction.SAFEGUARDING,
    )
    return Expect(team)


def user_created(world, settings) -> Expect:
    user = user_create(
        actor=world.admin,
        email="new@warrington.test",
        password=None,
        full_name="New Person",
        role=Role.PRACTITIONER,
        team=world.la("warrington").team,
    )
    return Expect(user)


def user_updated(world, settings) -> Expect:
    warrington = world.la("warrington")
    user = UserFactory(agency=warrington.agency, team=warrington.team)
    user_update(
        actor=world.admin, user=user, full_name="Jo Smith", team=warrington.team, role="manager"
    )
    return Expect(user)


def user_deactivated(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    user_set_active(actor=world.admin, user=user, active=False, reason="Left the agency")
    return Expect(user)


def user_reactivated(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    user_set_active(actor=world.admin, user=user, active=False, reason="Left the agency")
    user_set_active(actor=world.admin, user=user, active=True, reason="Came back")
    return Expect(user)


def two_factor_reset(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    user_reset_two_factor(actor=world.admin, user=user, reason="Phone lost")
    return Expect(user, {"devices_removed": 0})


def api_token_created(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    token, _secret = api_token_create(actor=user, user=user, name="feed")
    return Expect(token)


def api_token_revoked(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    token, _secret = api_token_create(actor=user, user=user, name="feed")
    api_token_revoke(actor=user, token=token)
    return Expect(token)


def password_reset_sent(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    password_reset_email_send(user=user, by=world.admin)
    return Expect(user, {"by_administrator": True})


def password_reset_completed(world, settings) -> Expect:
    user = world.la("warrington").practitioner
    password_reset_complete(user=user, password="a-new-long-passphrase-2026")
    return Expect(user)


def _intelligence_analyst(world):
    return UserFactory(
        email="analyst@police.test",
        agency=world.police.agency,
        team=world.police.team,
        role=Role.ANALYST,
    )


def entity_recorded(world, settings) -> Expect:
    entity, _ = intelligence_services.entity_record(
        actor=world.police.practitioner, entity_type="vehicle", values={"registration": "ab12cde"}
    )
    return Expect(entity, {"entity_type": "vehicle", "registration": "AB12CDE"})


def link_recorded(world, settings) -> Expect:
    analyst = _intelligence_analyst(world)
    owner, _ = intelligence_services.entity_record(
        actor=analyst, entity_type="person_of_concern", values={"name": "Dean K"}
    )
    car, _ = intelligence_services.entity_record(
        actor=analyst, entity_type="vehicle", values={"registration": "AB12CDE"}
    )
    link, _ = intelligence_services.link_record(
        actor=analyst,
        from_entity=owner,
        to_entity=car,
        link_type="owns",
        occurred_on=timezone.localdate(),
        source="police_record",
        source_evaluation="1",
        intelligence_assessment="B",
        handling_code="P",
    )
    return Expect(link, {"from": f"entity:{owner.pk}", "to": f"entity:{car.pk}", "grading": "1BP"})


def hotspot_detected(world, settings) -> Expect:
    halton = world.la("halton")
    flat = EntityFactory()
    for _ in range(3):
        LinkFactory(
            from_case=CaseFactory(lead_agency=halton.agency, lead_team=halton.team),
            to_entity=flat,
        )
    hotspot = hotspot_check_entity(flat.pk).new[0]
    return Expect(hotspot, {"change": "new", "children": 3, "areas": ["halton"]})


def _entity_merge(world):
    analyst = _intelligence_analyst(world)
    kept, _ = intelligence_services.entity_record(
        actor=analyst, entity_type="group", values={"name": "The Firm"}
    )
    duplicate, _ = intelligence_services.entity_record(
        actor=analyst, entity_type="group", values={"name": "Firm, The"}
    )
    merge = intelligence_services.entity_merge(
        actor=analyst, kept=kept, duplicate=duplicate, reason="One group, two spellings"
    )
    return analyst, merge


def entities_merged(world, settings) -> Expect:
    _, merge = _entity_merge(world)
    return Expect(merge, {"kept": merge.kept_id, "duplicate": merge.duplicate_id, "moved": 0})


def entities_unmerged(world, settings) -> Expect:
    analyst, merge = _entity_merge(world)
    intelligence_services.entity_unmerge(actor=analyst, merge=merge)
    return Expect(merge, {"kept": merge.kept_id, "duplicate": merge.duplicate_id})


def _group_meeting(world):
    analyst = _intelligence_analyst(world)
    meeting = intelligence_groups.group_meeting_schedule(
        actor=analyst,
        area="pan_cheshire",
        scheduled_for=timezone.now() + timedelta(days=7),
        chair=analyst,
    )
    return analyst, meeting


def _group_subject(world):
    analyst, meeting = _group_meeting(world)
    place, _ = intelligence_services.entity_record(
        actor=analyst,
        entity_type="address",
        values={"line": "Flat 2, 1 Mill Lane", "postcode": "WA1 1AA"},
    )
    subject = intelligence_groups.group_subject_add(actor=analyst, meeting=meeting, entity=place)
    return analyst, subject


def group_meeting_scheduled(world, settings) -> Expect:
    analyst, meeting = _group_meeting(world)
    return Expect(meeting, {"area": "pan_cheshire", "chair": analyst.pk})


def group_attendee_added(world, settings) -> Expect:
    analyst, meeting = _group_meeting(world)
    health = world.health.practitioner
    intelligence_groups.group_attendee_add(actor=analyst, meeting=meeting, user=health)
    return Expect(meeting, {"user": health.pk, "attendance": "expected"})


def group_attendance_recorded(world, settings) -> Expect:
    analyst, meeting = _group_meeting(world)
    attendee = meeting.attendees.get(user=analyst)
    intelligence_groups.group_attendance_record(
        actor=analyst, attendee=attendee, attendance="attended"
    )
    return Expect(meeting, {"user": analyst.pk, "attendance": "attended"})


def group_subject_added(world, settings) -> Expect:
    _, subject = _group_subject(world)
    return Expect(subject, {"subject": f"entity:{subject.entity_id}"})


def group_information_shared(world, settings) -> Expect:
    analyst, subject = _group_subject(world)
    information = intelligence_groups.group_information_share(
        actor=analyst,
        subject=subject,
        text="Children seen arriving late at night",
        source_evaluation="2",
        intelligence_assessment="C",
        handling_code="P",
    )
    return Expect(information, {"grading": "2CP", "agency": analyst.agency_id})


def disruption_action_added(world, settings) -> Expect:
    analyst, subject = _group_subject(world)
    action = operational_groups.disruption_action_add(
        actor=analyst,
        subject=subject,
        title="Ask the landlord about the tenancy",
        owner_team=world.police.team,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    return Expect(action, {"owner_team": world.police.team.pk})


def group_minutes_exported(world, settings) -> Expect:
    analyst, meeting = _group_meeting(world)
    intelligence_groups.group_minutes_pdf(
        actor=analyst, meeting=meeting, subjects=[], html="<p>Minutes</p>"
    )
    return Expect(meeting, {"format": "pdf"})


def network_exported(world, settings) -> Expect:
    analyst = _intelligence_analyst(world)
    car, _ = intelligence_services.entity_record(
        actor=analyst, entity_type="vehicle", values={"registration": "AB12CDE"}
    )
    network_export_for_user(analyst, f"entity:{car.pk}", format="graphml")
    root = f"entity:{car.pk}"
    return Expect(("intelligence.network", root), {"root": root, "format": "graphml", "nodes": 1})


SCENARIOS = [
    (Verb.CONCERN_RAISED, concern_raised),
    (Verb.FRONT_DOOR_DECIDED, front_door_decided_accept),
    (Verb.FRONT_DOOR_DECIDED, front_door_decided_with_version),
    (Verb.CASE_OPENED, case_opened),
    (Verb.CASE_CLOSED, case_closed),
    (Verb.CASE_NOTE_ADDED, case_note_added),
    (Verb.SHARE_GRANTED, share_granted),
    (Verb.SHARE_REVOKED, share_revoked),
    (Verb.REUNIFICATION_RECORDED, reunification_recorded),
    (Verb.CASE_SUMMARY_EXPORTED, case_summary_exported),
    (Verb.CASE_ALLOCATED, case_allocated),
    (Verb.CASE_TRANSFER_REQUESTED, case_transfer_requested),
    (Verb.CASE_TRANSFER_ACCEPTED, case_transfer_accepted),
    (Verb.CASE_TRANSFER_DECLINED, case_transfer_declined),
    (Verb.CASE_TRANSFER_WITHDRAWN, case_transfer_withdrawn),
    (Verb.BREAK_GLASS_USED, break_glass_used),
    (Verb.BREAK_GLASS_REQUESTED, break_glass_requested),
    (Verb.BREAK_GLASS_APPROVED, break_glass_approved),
    (Verb.BREAK_GLASS_REQUEST_REFUSED, break_glass_request_refused),
    (Verb.BREAK_GLASS_REFUSED, break_glass_refused),
    (Verb.BREAK_GLASS_REVIEWED, break_glass_reviewed),
    (Verb.TASK_CREATED, task_created),
    (Verb.TASK_MOVED_TO_CASE, task_moved_to_case),
    (Verb.TASK_MOVED_TO_TEAM, task_moved_to_team),
    (Verb.TASK_COMPLETED, task_completed),
    (Verb.TASK_COMPLETED, task_completed_by_haven),
    (Verb.TASK_NOT_NEEDED_REQUESTED, task_not_needed_requested),
    (Verb.TASK_NOT_NEEDED_APPROVED, task_not_needed_approved),
    (Verb.TASK_NOT_NEEDED_APPROVED, task_not_needed_approved_by_override),
    (Verb.TASK_NOT_NEEDED_REJECTED, task_not_needed_rejected),
    (Verb.TASK_ESCALATED, task_escalated),
    (Verb.TASK_ASSIGNED, task_assigned),
    (Verb.CROSS_BORDER_NOTIFIED, cross_border_notified),
    (Verb.SCREENING_RECORDED, screening_recorded),
    (Verb.CIRCUMSTANCE_RECORDED, circumstance_recorded),
    (Verb.SCREENING_OVERRIDE_REQUESTED, screening_override_requested),
    (Verb.SCREENING_OVERRIDDEN, screening_overridden_at_once),
    (Verb.SCREENING_OVERRIDDEN, screening_overridden_approved),
    (Verb.SCREENING_OVERRIDE_REJECTED, screening_override_rejected),
    (Verb.MEETING_SCHEDULED, meeting_scheduled),
    (Verb.MEETING_INVITATION_DECIDED, meeting_invitation_decided),
    (Verb.MEETING_INFORMATION_ADDED, meeting_information_added),
    (Verb.MEETING_ATTENDEE_ADDED, meeting_attendee_added),
    (Verb.MEETING_ATTENDEE_REMOVED, meeting_attendee_removed),
    (Verb.MEETING_APOLOGIES_RECORDED, meeting_apologies_recorded),
    (Verb.MEETING_OUTCOME_RECORDED, meeting_outcome_recorded),
    (Verb.MINUTES_EXPORTED, minutes_exported),
    (Verb.DOCUMENT_UPLOADED, document_uploaded),
    (Verb.DOCUMENT_DOWNLOADED, document_downloaded),
    (Verb.DOCUMENT_WITHDRAWN, document_withdrawn),
    (Verb.NATIONAL_FIGURES_RECORDED, national_figures_recorded),
    (Verb.NRM_REFERRAL_STARTED, nrm_referral_started),
    (Verb.NRM_REFERRAL_UPDATED, nrm_referral_updated),
    (Verb.NRM_REFERRAL_SUBMITTED, nrm_referral_submitted),
    (Verb.NRM_DECISION_RECORDED, nrm_decision_recorded),
    (Verb.NRM_REFERRAL_EXPORTED, nrm_referral_exported),
    (Verb.CASE_HTCDS_EXPORTED, case_htcds_exported),
    (Verb.ANONYMISED_DATASET_EXPORTED, anonymised_dataset_exported),
    (Verb.NRM_REFERRAL_EXPORTED, duty_to_notify_exported),
    (Verb.DUTY_TO_NOTIFY_RECORDED, duty_to_notify_recorded),
    (Verb.ICTG_REFERRAL_RECORDED, ictg_referral_recorded),
    (Verb.MISSING_EPISODE_REPORTED, missing_reported),
    (Verb.MISSING_EPISODE_POLICE_UPDATED, missing_police_updated),
    (Verb.MISSING_EPISODE_RETURN_RECORDED, missing_return_recorded),
    (Verb.RETURN_INTERVIEW_RECORDED, return_interview_recorded),
    (Verb.RETURN_INTERVIEW_DISCLOSURE_RAISED, interview_disclosure_raised),
    (Verb.PLACEMENT_RECORDED, placement_recorded),
    (Verb.PLACEMENT_ENDED, placement_ended),
    (Verb.SAFETY_PLAN_RECORDED, safety_plan_recorded),
    (Verb.ESCALATION_RAISED, escalation_raised),
    (Verb.ESCALATION_ACKNOWLEDGED, escalation_acknowledged),
    (Verb.PHILOMENA_PROFILE_STARTED, philomena_profile_started),
    (Verb.PHILOMENA_PROFILE_VIEWED, philomena_profile_viewed),
    (Verb.PHILOMENA_PROFILE_UPDATED, philomena_profile_updated),
    (Verb.PHILOMENA_PHOTO_UPLOADED, philomena_photo_uploaded),
    (Verb.PHILOMENA_PHOTO_VIEWED, philomena_photo_viewed),
    (Verb.GRAB_PACK_EXPORTED, grab_pack_exported),
    (Verb.INVESTIGATION_OPENED, investigation_opened),
    (Verb.INVESTIGATION_UPDATED, investigation_updated),
    (Verb.INVESTIGATION_CLOSED, investigation_closed),
    (Verb.SUSPECT_ADDED, suspect_added),
    (Verb.ORDER_RECORDED, order_recorded),
    (Verb.ORDER_BREACH_RECORDED, order_breach_recorded),
    (Verb.SUSPECT_OUTCOME_RECORDED, suspect_outcome_recorded),
    (Verb.CHILD_OFFENCE_RECORDED, child_offence_recorded),
    (Verb.NON_CRIMINALISATION_REVIEWED, non_criminalisation_reviewed),
    (Verb.VICTIM_UPDATE_RECORDED, victim_update_recorded),
    (Verb.TRAINING_COURSE_ADDED, training_course_added),
    (Verb.TRAINING_SESSION_RECORDED, training_session_recorded),
    (Verb.TRAINING_ATTENDEE_ADDED, training_attendee_added),
    (Verb.SELF_ASSESSMENT_RECORDED, self_assessment_recorded),
    (Verb.ACTION_PLAN_CREATED, action_plan_created),
    (Verb.PLAN_ACTION_ADDED, plan_action_added),
    (Verb.ACTION_PROGRESS_RECORDED, action_progress_recorded),
    (Verb.AUDIT_SAMPLE_DRAWN, audit_sample_drawn),
    (Verb.CASE_AUDIT_GRADED, case_audit_graded),
    (Verb.AUDIT_ACTION_ADDED, audit_action_added),
    (Verb.AUDIT_COMPLETED, audit_completed),
    (Verb.DASHBOARD_EXPORTED, dashboard_exported),
    (Verb.BOARD_COMMENTARY_RECORDED, board_commentary_recorded),
    (Verb.BOARD_REPORT_EXPORTED, board_report_exported),
    (Verb.DASHBOARD_TREND_COUNTED, dashboard_trend_counted),
    (Verb.PERSON_CREATED, person_created),
    (Verb.PERSON_UPDATED, person_updated),
    (Verb.ALIAS_ADDED, alias_added),
    (Verb.IDENTIFIER_ADDED, identifier_added),
    (Verb.ADDRESS_ADDED, address_added),
    (Verb.PHONE_ADDED, phone_added),
    (Verb.RELATIONSHIP_ADDED, relationship_added),
    (Verb.DUPLICATE_REJECTED, duplicate_rejected),
    (Verb.MERGE_AGREED, merge_agreed),
    (Verb.PEOPLE_MERGED, people_merged),
    (Verb.PEOPLE_UNMERGED, people_unmerged),
    (Verb.ENTITY_RECORDED, entity_recorded),
    (Verb.LINK_RECORDED, link_recorded),
    (Verb.ENTITIES_MERGED, entities_merged),
    (Verb.ENTITIES_UNMERGED, entities_unmerged),
    (Verb.HOTSPOT_DETECTED, hotspot_detected),
    (Verb.GROUP_MEETING_SCHEDULED, group_meeting_scheduled),
    (Verb.GROUP_ATTENDEE_ADDED, group_attendee_added),
    (Verb.GROUP_ATTENDANCE_RECORDED, group_attendance_recorded),
    (Verb.GROUP_SUBJECT_ADDED, group_subject_added),
    (Verb.GROUP_INFORMATION_SHARED, group_information_shared),
    (Verb.DISRUPTION_ACTION_ADDED, disruption_action_added),
    (Verb.GROUP_MINUTES_EXPORTED, group_minutes_exported),
    (Verb.NETWORK_EXPORTED, network_exported),
    (Verb.AGENCY_CREATED, agency_created),
    (Verb.AGENCY_SENIOR_OFFICERS_SET, senior_officers_set),
    (Verb.TEAM_CREATED, team_created),
    (Verb.USER_CREATED, user_created),
    (Verb.USER_UPDATED, user_updated),
    (Verb.USER_DEACTIVATED, user_deactivated),
    (Verb.USER_REACTIVATED, user_reactivated),
    (Verb.TWO_FACTOR_RESET, two_factor_reset),
    (Verb.API_TOKEN_CREATED, api_token_created),
    (Verb.API_TOKEN_REVOKED, api_token_revoked),
    (Verb.PASSWORD_RESET_SENT, password_reset_sent),
    (Verb.PASSWORD_RESET_COMPLETED, password_reset_completed),
]


@pytest.mark.parametrize(
    ("verb", "scenario"), [pytest.param(v, s, id=s.__name__) for v, s in SCENARIOS]
)
def test_each_domain_event_is_written_with_its_typed_verb_and_payload(
    world, settings, verb, scenario
):
    expect = scenario(world, settings)
    target_type, target_id = _target(expect.target)
    events = list(
        AuditEvent.objects.filter(verb=verb, target_type=target_type, target_id=target_id)
    )
    assert events, f"no {verb.value!r} event on {target_type} {target_id}"
    schema = PAYLOADS[verb]
    for event in events:
        assert schema.required <= set(event.changes) <= schema.allowed
    assert any(
        all(event.changes.get(key) == value for key, value in expect.values.items())
        for event in events
    ), [event.changes for event in events]
    # Nothing the journey did was recorded as a bare "created" or "updated", or a retired verb.
    written = set(AuditEvent.objects.values_list("verb", flat=True))
    assert not written & (UNTYPED_CHANGES | RETIRED_VERBS)
    assert audit_chain_verify().ok


def test_every_domain_verb_has_a_scenario_above():
    assert {verb for verb, _ in SCENARIOS} == set(DOMAIN_VERBS)


def test_every_verb_is_generic_retired_or_has_a_schema_and_a_heading_on_the_page():
    assert set(Verb) == GENERIC_VERBS | RETIRED_VERBS | set(PAYLOADS)
    assert not GENERIC_VERBS & set(PAYLOADS) and not RETIRED_VERBS & set(PAYLOADS)
    grouped = [verb for _, verbs in VERB_GROUPS for verb in verbs]
    assert sorted(grouped) == sorted(Verb)
    assert all(len(verb.value) <= AuditEvent._meta.get_field("verb").max_length for verb in Verb)


# The schema is checked when written ---------------------------------------------------------


def _rows() -> tuple[int, int]:
    head = AuditChainHead.objects.filter(id=1).first()
    return AuditEvent.objects.count(), head.event_count if head else 0


def test_a_missing_payload_key_is_refused_naming_the_verb_and_the_key():
    user = UserFactory()
    before = _rows()
    with pytest.raises(AuditPayloadError, match=r"'case_closed'.*missing 'closed_reason'"):
        audit_record(
            actor=user,
            verb=Verb.CASE_CLOSED,
            target=("cases.case", 1),
            changes={"status": {"before": "open", "after": "closed"}, "version": {}},
        )
    assert _rows() == before


def test_an_unknown_payload_key_is_refused_naming_the_verb_and_the_key():
    user = UserFactory()
    before = _rows()
    with pytest.raises(AuditPayloadError, match=r"'task_completed'.*unknown key\(s\) 'colour'"):
        audit_record(
            actor=user,
            verb="task_completed",
            target=("actions.task", 1),
            changes={"status": {}, "by_haven": False, "version": {}, "colour": "red"},
        )
    assert _rows() == before


def test_a_retired_verb_is_refused_for_new_rows():
    before = _rows()
    for verb in RETIRED_VERBS:
        with pytest.raises(AuditPayloadError, match="kept only for older rows"):
            audit_record(actor=None, verb=verb, actor_email="system")
    assert _rows() == before


def test_a_refused_payload_rolls_back_the_change_it_records(world, monkeypatch):
    """The audit row is written in the service's transaction: when it is refused, the case is
    not closed either."""
    case = open_case(world)
    monkeypatch.setitem(PAYLOADS, Verb.CASE_CLOSED, Payload(required=frozenset({"why"})))
    version, before = case.version, _rows()
    with pytest.raises(AuditPayloadError, match="missing 'why'"):
        case_close(
            actor=world.la("warrington").manager,
            case=case,
            reason="Child safe, plan complete.",
            expected_version=case.version,
        )
    case.refresh_from_db()
    assert (case.status, case.version) == ("open", version)
    assert _rows() == before


def test_generic_verbs_take_any_payload():
    event = audit_record(actor=None, verb=Verb.VIEWED, actor_email="x", changes={"any": 1})
    assert event.changes == {"any": 1}


# Old rows -----------------------------------------------------------------------------------


def _write_as_before(**fields) -> AuditEvent:
    """A row as audit_record wrote it before the typed verbs (a retired or generic verb, free
    payload): written past the schema, through the same chaining."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("haven.audit.services.payload_check", lambda verb, changes: None)
        return audit_record(**fields)


def test_rows_written_before_the_typed_verbs_still_verify_and_display(world, verified_client):
    case = open_case(world)
    manager = world.la("warrington").manager
    old = [
        _write_as_before(
            actor=manager,
            verb=Verb.UPDATED,
            target=case,
            person_id=case.person_id,
            changes={
                "status": {"before": "open", "after": "closed"},
                "version": {"before": 1, "after": 2},
            },
        ),
        _write_as_before(
            actor=manager,
            verb=Verb.DECIDED,
            target=case,
            changes={"agreed_to_merge": {"survivor": 1, "merged": 2}},
        ),
        _write_as_before(actor=manager, verb=Verb.MERGED, target=case, changes={"survivor": 1}),
        _write_as_before(actor=manager, verb=Verb.BREAK_GLASS, target=case),
        _write_as_before(actor=manager, verb=Verb.ACCESS_REVOKED, target=case),
    ]
    # New typed rows follow them on the same chain.
    case_close(
        actor=manager,
        case=case,
        reason="Child safe, plan complete.",
        expected_version=case.version,
    )
    report = audit_chain_verify()
    assert report.ok, report.problem
    assert report.checked == AuditEvent.objects.count()
    stored = {e.pk: e.verb for e in AuditEvent.objects.filter(pk__in=[e.pk for e in old])}
    assert stored == {e.pk: e.verb for e in old}

    partnership = UserFactory(agency=manager.agency, role=Role.PARTNERSHIP_AUDITOR)
    page = verified_client(partnership).get(reverse("audit:event_list"), {"verb": "decided"})
    assert page.status_code == 200
    assert [e.pk for e in page.context["page_obj"]] == [old[1].pk]
    assert "Decision recorded (older rows)" in page.content.decode()


def test_a_version_conflict_names_the_change_whatever_its_verb(world):
    """changes_since reads every row with a version step: the typed verbs, and "updated" rows
    written before them."""
    task = Task.objects.get(case=open_case(world), code="strategy_meeting")
    stale_version = task.version
    _write_as_before(
        actor=world.la("warrington").manager,
        verb=Verb.UPDATED,
        target=task,
        changes={
            "owner": {"before": None, "after": 7},
            "version": {"before": stale_version, "after": stale_version + 1},
        },
    )
    task_complete(
        actor=world.la("warrington").practitioner,
        task=task,
        note="Meeting held with police.",
        expected_version=stale_version,
    )
    stale = Task.objects.get(pk=task.pk)
    stale.status = TaskStatus.OPEN
    with pytest.raises(StaleVersionError) as error:
        task_mark_not_needed(
            actor=world.la("warrington").practitioner,
            task=stale,
            reason="Not needed after all, sorry.",
            expected_version=stale_version,
        )
    changed = [sorted(change.fields) for change in error.value.changes]
    assert changed == [["owner"], ["completion_note", "status"]]  # not the by_haven marker


# The auditors' page filters by the typed verbs ----------------------------------------------


def test_filtering_by_case_closed_returns_exactly_the_closes(world, verified_client):
    manager = world.la("warrington").manager
    closed = [open_case(world, given_name=name) for name in ("Amira", "Lina")]
    still_open = open_case(world, given_name="Sara")
    for case in closed:
        case_close(
            actor=manager, case=case, reason="Child safe, plan complete.", expected_version=1
        )
    case_note_add(actor=manager, case=still_open, text="Home visit: all well.")
    page = verified_client(world.auditor).get(reverse("audit:event_list"), {"verb": "case_closed"})
    assert page.status_code == 200
    events = list(page.context["page_obj"])
    assert sorted(int(e.target_id) for e in events) == sorted(c.pk for c in closed)
    assert {(e.verb, e.target_type) for e in events} == {(Verb.CASE_CLOSED, "cases.case")}
    body = page.content.decode()
    assert "Case closed" in body and "closed_reason, status changed" in body


def test_the_verb_filter_lists_the_typed_verbs_under_plain_headings(world, verified_client):
    body = verified_client(world.auditor).get(reverse("audit:event_list")).content.decode()
    for heading, verbs in VERB_GROUPS:
        assert f'<optgroup label="{heading}">'.replace("'", "&#x27;") in body
        for verb in verbs:
            assert f'<option value="{verb.value}"' in body
    assert "Task not needed: refused by a manager" in body


def test_plain_payload_markers_show_on_the_page(world, verified_client):
    task_completed_by_haven(world, None)  # by the police practitioner who raised the concern
    auditor = UserFactory(agency=world.police.agency, role=Role.AUDITOR)
    page = verified_client(auditor).get(reverse("audit:event_list"), {"verb": "task_completed"})
    assert "By haven: yes" in page.content.decode()
