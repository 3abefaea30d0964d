"""Operational group meetings (decision 0030): the partnership's multi-agency exploitation
meetings, for an area or Pan Cheshire.

- Analysts, and managers of a police force or a local authority, schedule and chair them
  (``may_run_groups``); the chair and whoever scheduled it run the meeting (attendees,
  subjects, actions). Each attendee records what their own agency shares.
- The meeting exists only for its chair, whoever scheduled it and its named attendees: for
  everyone else it is "not found".
- A subject is shown as the viewer may see it: an entity through
  ``selectors.entity_ids_visible_to``, a child's case through the door (its ``intelligence``
  section). Anything else is "restricted", with nothing said about it, its information or
  its actions.
- Information is graded 3x5x2 and handled as a link is: handled ``C`` it exists only for the
  sharing agency and the agencies named (``information_visible_to``), on the page and in the
  minutes alike.

What a disruption action becomes in the tasks app is the workflow's:
``haven.workflows.operational_groups``. Reads first, then writes."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import Agency, AgencyType, Team
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.models import Case
from haven.core.areas import Area
from haven.core.limits import FREE_TEXT_MAX
from haven.core.pdf import pdf_from_html
from haven.intelligence import rules
from haven.intelligence.models import (
    PAN_CHESHIRE,
    SUBJECT_ENTITY_TYPES,
    DisruptionAction,
    Entity,
    GroupAttendance,
    GroupAttendee,
    GroupInformation,
    GroupSubject,
    HandlingCode,
    OperationalGroupMeeting,
)
from haven.intelligence.selectors import (
    case_for_links,
    entity_ids_visible_to,
    intelligence_case_ids,
    is_analyst,
    live_entity,
    may_use_intelligence,
)

GROUP_AREAS: tuple[tuple[str, str], ...] = ((PAN_CHESHIRE, "Pan Cheshire"), *Area.choices)
RUNNING_AGENCY_TYPES = (AgencyType.POLICE, AgencyType.LOCAL_AUTHORITY)
NOT_RUNNER = (
    "Only the meeting's chair, or whoever scheduled it, adds attendees, subjects and actions."
)


# --------------------------------------------------------------------------------- reading


def may_run_groups(user) -> bool:
    """Analysts, and managers of a police force or a local authority, schedule and chair
    operational group meetings."""
    if not user.is_authenticated or user.agency_id is None or not user.is_active:
        return False
    if is_analyst(user):
        return True
    return (
        user.has_role_permission(roles.SCHEDULE_MEETING)
        and user.agency.agency_type in RUNNING_AGENCY_TYPES
    )


def chair_candidates() -> QuerySet:
    """Who may chair: active analysts, and managers of the police and local authorities."""
    analysts = [r for r in roles.Role if roles.role_grants(r, roles.VIEW_INTELLIGENCE)]
    managers = [r for r in roles.Role if roles.role_grants(r, roles.SCHEDULE_MEETING)]
    return (
        get_user_model()
        .objects.filter(is_active=True, agency__isnull=False)
        .filter(
            Q(role__in=analysts)
            | Q(role__in=managers, agency__agency_type__in=RUNNING_AGENCY_TYPES)
        )
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )


def attendee_candidates(*, meeting: OperationalGroupMeeting) -> QuerySet:
    """Analysts and those who work cases, not named at the meeting yet (no other role sees
    intelligence)."""
    using = [
        r
        for r in roles.Role
        if roles.role_grants(r, roles.VIEW_INTELLIGENCE) or roles.role_grants(r, roles.WORK_CASES)
    ]
    return (
        get_user_model()
        .objects.filter(is_active=True, agency__isnull=False, role__in=using)
        .exclude(pk__in=meeting.attendees.values("user"))
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )


def meetings_for_user(user) -> QuerySet[OperationalGroupMeeting]:
    """The meetings ``user`` chairs, scheduled or is named at, latest first."""
    if not user.is_authenticated:
        return OperationalGroupMeeting.objects.none()
    named = GroupAttendee.objects.filter(user=user).values("meeting_id")
    return OperationalGroupMeeting.objects.filter(
        Q(chair=user) | Q(scheduled_by=user) | Q(pk__in=named)
    ).select_related("chair")


def runs_meeting(user, meeting: OperationalGroupMeeting) -> bool:
    return user.pk in (meeting.chair_id, meeting.scheduled_by_id) and may_run_groups(user)


def meeting_get_for_user(*, user, meeting_id: int) -> OperationalGroupMeeting:
    """A meeting ``user`` chairs, scheduled or is named at, or "not found"."""
    meeting = (
        meetings_for_user(user)
        .select_related("scheduled_by")
        .prefetch_related("attendees__agency")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("Not found")
    return meeting


def information_visible_to(user) -> QuerySet[GroupInformation]:
    """Information that exists for ``user``'s agency: ``P``, and ``C`` its agency shared or is
    named in (the same rule as ``selectors.links_visible_to``)."""
    if not user.is_authenticated or user.agency_id is None:
        return GroupInformation.objects.none()
    named = GroupInformation.shared_with_agencies.through.objects.filter(agency_id=user.agency_id)
    return GroupInformation.objects.filter(
        Q(handling_code=HandlingCode.PERMITTED)
        | Q(agency_id=user.agency_id)
        | Q(pk__in=named.values("groupinformation_id"))
    )


@dataclass(frozen=True)
class SubjectSeen:
    """A subject as one viewer may see it: ``restricted`` says nothing else is shown."""

    subject: GroupSubject
    restricted: bool
    entity: Entity | None = None
    case: Case | None = None
    information: list[GroupInformation] = field(default_factory=list)
    actions: list[DisruptionAction] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """How the audit trail names it."""
        return subject_reference(self.subject)


def subject_reference(subject: GroupSubject) -> str:
    return f"case:{subject.case_id}" if subject.case_id else f"entity:{subject.entity_id}"


def _visible_subject_ids(user, subjects: Iterable[GroupSubject]) -> set[int]:
    subjects = list(subjects)
    entities = entity_ids_visible_to(user, {s.entity_id for s in subjects if s.entity_id})
    cases = intelligence_case_ids(user, {s.case_id for s in subjects if s.case_id})
    return {
        s.pk for s in subjects if (s.entity_id in entities if s.entity_id else s.case_id in cases)
    }


def subjects_seen_by(
    user, meeting: OperationalGroupMeeting, *, record_view: bool = True
) -> list[SubjectSeen]:
    """The meeting's subjects as ``user`` may see each one. The view of the meeting is audited,
    and each child shown as a view of their case."""
    subjects = list(meeting.subjects.select_related("entity", "case__person", "case__lead_agency"))
    visible = _visible_subject_ids(user, subjects)
    information: dict[int, list[GroupInformation]] = {}
    for item in (
        information_visible_to(user)
        .filter(subject_id__in=visible)
        .select_related("agency", "shared_by")
        .prefetch_related("shared_with_agencies")
        .order_by("pk")
    ):
        information.setdefault(item.subject_id, []).append(item)
    actions: dict[int, list[DisruptionAction]] = {}
    for action in DisruptionAction.objects.filter(subject_id__in=visible).select_related(
        "owner_team__agency"
    ):
        actions.setdefault(action.subject_id, []).append(action)
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=meeting)
    seen = []
    for subject in subjects:
        if subject.pk not in visible:
            seen.append(SubjectSeen(subject=subject, restricted=True))
            continue
        if subject.case_id and record_view:
            audit_record(
                actor=user, verb=Verb.VIEWED, target=meeting, person_id=subject.case.person_id
            )
        seen.append(
            SubjectSeen(
                subject=subject,
                restricted=False,
                entity=live_entity(subject.entity) if subject.entity_id else None,
                case=subject.case,
                information=information.get(subject.pk, []),
                actions=actions.get(subject.pk, []),
            )
        )
    return seen


def subject_get_for_user(
    *, user, meeting: OperationalGroupMeeting, subject_id: int
) -> GroupSubject:
    """A subject of ``meeting`` that ``user`` may see, or "not found"."""
    subject = (
        meeting.subjects.select_related("entity", "case__person").filter(pk=subject_id).first()
    )
    if subject is None or subject.pk not in _visible_subject_ids(user, [subject]):
        raise Http404("Not found")
    return subject


def entities_for_subjects(user, search: str) -> list[Entity]:
    """Live persons of interest, locations and groups ``user`` may see whose name, line or
    postcode contains ``search`` (at most 20)."""
    search = search.strip()
    if not search:
        return []
    found = list(
        Entity.objects.filter(merged_into__isnull=True, entity_type__in=SUBJECT_ENTITY_TYPES)
        .filter(
            Q(name__icontains=search) | Q(line__icontains=search) | Q(postcode__icontains=search)
        )
        .order_by("entity_type", "name", "line", "pk")[:200]
    )
    visible = entity_ids_visible_to(user, {e.pk for e in found})
    return [e for e in found if e.pk in visible][:20]


# --------------------------------------------------------------------------------- writing


def _require_runs(actor, meeting: OperationalGroupMeeting) -> None:
    if not runs_meeting(actor, meeting):
        raise PermissionDenied(NOT_RUNNER)


def _text_errors(errors: dict, name: str, text: str, label: str, *, limit: int) -> None:
    if not text.strip():
        errors[name] = f"Enter {label}"
    elif len(text) > limit:
        errors[name] = f"{label[0].upper()}{label[1:]} must be {limit:,} characters or fewer"


def _attendee(meeting, user, attendance: str = GroupAttendance.EXPECTED, note: str = ""):
    return GroupAttendee.objects.create(
        meeting=meeting,
        user=user,
        agency_id=user.agency_id,
        name=user.full_name or user.email,
        attendance=attendance,
        apologies_note=note if attendance == GroupAttendance.APOLOGIES else "",
    )


@transaction.atomic
def group_meeting_schedule(
    *, actor, area: str, scheduled_for: datetime | None, chair, location: str = ""
) -> OperationalGroupMeeting:
    """Schedule a meeting; its chair (and whoever scheduled it) are its first attendees."""
    if not may_run_groups(actor):
        raise PermissionDenied(
            "Only analysts, and managers in the police or a local authority, schedule "
            "operational group meetings."
        )
    errors = {}
    if area not in dict(GROUP_AREAS):
        errors["area"] = "Choose Pan Cheshire or the area the group meets for"
    if scheduled_for is None:
        errors["scheduled_for"] = "Enter the date of the meeting"
    if chair is None or not may_run_groups(chair):
        errors["chair"] = (
            "Choose a chair who is an analyst, or a manager in the police or a local authority"
        )
    if len(location) > 300:
        errors["location"] = "Where it is held must be 300 characters or fewer"
    if errors:
        raise ValidationError(errors)
    meeting = OperationalGroupMeeting.objects.create(
        area=area,
        scheduled_for=scheduled_for,
        location=location.strip(),
        chair=chair,
        scheduled_by=actor,
    )
    for user in {chair.pk: chair, actor.pk: actor}.values():
        _attendee(meeting, user)
    audit_record(
        actor=actor,
        verb=Verb.GROUP_MEETING_SCHEDULED,
        target=meeting,
        changes={
            "area": area,
            "scheduled_for": scheduled_for,
            "chair": chair.pk,
            **({"location": meeting.location} if meeting.location else {}),
        },
    )
    return meeting


def _attendance_errors(attendance: str, note: str) -> dict[str, str]:
    errors = {}
    if attendance not in GroupAttendance.values:
        errors["attendance"] = "Choose whether they attended"
    if len(note) > FREE_TEXT_MAX:
        errors["apologies_note"] = f"Apologies must be {FREE_TEXT_MAX:,} characters or fewer"
    return errors


@transaction.atomic
def group_attendee_add(
    *,
    actor,
    meeting: OperationalGroupMeeting,
    user,
    attendance: str = GroupAttendance.EXPECTED,
    apologies_note: str = "",
) -> GroupAttendee:
    """Name a Haven user of a partnership agency at the meeting: they then see it."""
    _require_runs(actor, meeting)
    errors = _attendance_errors(attendance, apologies_note)
    if user is None or not may_use_intelligence(user) or not user.is_active:
        errors["user"] = "Choose an analyst, or someone who works cases, in a partnership agency"
    elif meeting.attendees.filter(user=user).exists():
        errors["user"] = "This person is already named at the meeting"
    if errors:
        raise ValidationError(errors)
    attendee = _attendee(meeting, user, attendance, apologies_note.strip())
    audit_record(
        actor=actor,
        verb=Verb.GROUP_ATTENDEE_ADDED,
        target=meeting,
        changes={"user": user.pk, "agency": user.agency_id, "attendance": attendance},
    )
    return attendee


@transaction.atomic
def group_attendance_record(
    *, actor, attendee: GroupAttendee, attendance: str, apologies_note: str = ""
) -> GroupAttendee:
    """Whether a named attendee came, or their apologies."""
    _require_runs(actor, attendee.meeting)
    errors = _attendance_errors(attendance, apologies_note)
    if errors:
        raise ValidationError(errors)
    attendee.attendance = attendance
    attendee.apologies_note = (
        apologies_note.strip() if attendance == GroupAttendance.APOLOGIES else ""
    )
    attendee.save(update_fields=["attendance", "apologies_note"])
    audit_record(
        actor=actor,
        verb=Verb.GROUP_ATTENDANCE_RECORDED,
        target=attendee.meeting,
        changes={"user": attendee.user_id, "attendance": attendance},
    )
    return attendee


@transaction.atomic
def group_subject_add(
    *,
    actor,
    meeting: OperationalGroupMeeting,
    entity: Entity | None = None,
    case: Case | None = None,
) -> GroupSubject:
    """A person of interest, location or group the actor may see, or a child's case whose
    intelligence the actor may see (anything else is "not found")."""
    _require_runs(actor, meeting)
    if (entity is None) == (case is None):
        raise ValidationError({"subject": "Choose a person, place or group, or a child"})
    if entity is not None:
        entity = live_entity(entity)
        if not entity_ids_visible_to(actor, {entity.pk}):
            raise Http404("Not found")
        if entity.entity_type not in SUBJECT_ENTITY_TYPES:
            raise ValidationError(
                {"subject": "Choose a person of concern, an address, a business or a group"}
            )
        taken = meeting.subjects.filter(entity=entity).exists()
    else:
        case = case_for_links(actor, case.pk)
        taken = meeting.subjects.filter(case=case).exists()
    if taken:
        raise ValidationError({"subject": "This subject is already on the meeting"})
    subject = GroupSubject.objects.create(meeting=meeting, entity=entity, case=case, added_by=actor)
    audit_record(
        actor=actor,
        verb=Verb.GROUP_SUBJECT_ADDED,
        target=subject,
        person_id=case.person_id if case is not None else None,
        changes={"meeting": meeting.pk, "subject": subject_reference(subject)},
    )
    return subject


@transaction.atomic
def group_information_share(
    *,
    actor,
    subject: GroupSubject,
    text: str,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    handling_conditions: str = "",
    shared_with_agency_ids: Iterable[int] = (),
) -> GroupInformation:
    """What the actor's agency shared about a subject they may see, as one of the meeting's
    attendees, graded 3x5x2."""
    meeting = meeting_get_for_user(user=actor, meeting_id=subject.meeting_id)
    subject = subject_get_for_user(user=actor, meeting=meeting, subject_id=subject.pk)
    errors = {}
    _text_errors(errors, "text", text, "what was shared", limit=FREE_TEXT_MAX)
    errors |= rules.grading_problems(
        source_evaluation, intelligence_assessment, handling_code, handling_conditions
    )
    shared_ids = sorted(set(shared_with_agency_ids) - {actor.agency_id})
    if handling_code != HandlingCode.CONDITIONS:
        shared_ids = []
    if len(shared_ids) != Agency.objects.filter(pk__in=shared_ids).count():
        errors["shared_with_agency_ids"] = "Choose agencies of the partnership"
    if errors:
        raise ValidationError(errors)
    information = GroupInformation.objects.create(
        subject=subject,
        shared_by=actor,
        agency_id=actor.agency_id,
        text=text.strip(),
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        handling_conditions=(
            handling_conditions.strip() if handling_code == HandlingCode.CONDITIONS else ""
        ),
    )
    information.shared_with_agencies.set(shared_ids)
    audit_record(
        actor=actor,
        verb=Verb.GROUP_INFORMATION_SHARED,
        target=information,
        person_id=subject.case.person_id if subject.case_id else None,
        changes={
            "subject": subject_reference(subject),
            "agency": actor.agency_id,
            "grading": information.grading,
            **({"shared_with": shared_ids} if shared_ids else {}),
        },
    )
    return information


@transaction.atomic
def disruption_action_add(
    *, actor, subject: GroupSubject, title: str, owner_team: Team | None, due_on: date | None
) -> DisruptionAction:
    """An action the group agreed about a subject the actor may see, owned by a team."""
    _require_runs(actor, subject.meeting)
    subject = subject_get_for_user(user=actor, meeting=subject.meeting, subject_id=subject.pk)
    errors = {}
    _text_errors(errors, "title", title, "what must be done", limit=200)
    if owner_team is None:
        errors["owner_team"] = "Choose the team that owns the action"
    if due_on is None:
        errors["due_on"] = "Enter the date the action is due"
    elif due_on < timezone.localdate():
        errors["due_on"] = "The date the action is due must be today or in the future"
    if errors:
        raise ValidationError(errors)
    action = DisruptionAction.objects.create(
        subject=subject, title=title.strip(), owner_team=owner_team, due_on=due_on, added_by=actor
    )
    audit_record(
        actor=actor,
        verb=Verb.DISRUPTION_ACTION_ADDED,
        target=action,
        person_id=subject.case.person_id if subject.case_id else None,
        changes={
            "subject": subject_reference(subject),
            "title": action.title,
            "owner_team": owner_team.pk,
            "due_on": due_on,
        },
    )
    return action


def disruption_action_task_record(*, action: DisruptionAction, task) -> DisruptionAction:
    """Note the task an action became (its creation is the tasks app's audited write)."""
    action.task = task
    action.save(update_fields=["task"])
    return action


def group_minutes_pdf(
    *, actor, meeting: OperationalGroupMeeting, subjects: list[SubjectSeen], html: str
) -> bytes:
    """The minutes as ``actor`` was shown them, as a PDF; the export is audited, once for the
    meeting and once for each child in them."""
    pdf = pdf_from_html(html)
    children = [seen.case.person_id for seen in subjects if seen.case is not None]
    for person_id in [None, *children]:
        audit_record(
            actor=actor,
            verb=Verb.GROUP_MINUTES_EXPORTED,
            target=meeting,
            person_id=person_id,
            reason="Operational group minutes exported as PDF",
            changes={"format": "pdf"},
        )
    return pdf
