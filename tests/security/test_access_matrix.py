"""Who may reach what: every page and API operation, as every role.

One row per endpoint or page, one column per role (``scene.ROLES``), one test per cell. A cell
is the status code expected, or for searches and lists what the caller must (not) learn:

- ``V`` (visible): the search shows the child in full; ``K`` (known to): only "known to
  <agency>, contact <team>", never an id, name or date of birth.
- ``L`` / ``U`` (listed / unlisted): the record is / is not in the list (the case in the
  caller's case list, the task in their team's list, the pair in their duplicate queue, the
  notification in theirs).
- ``B`` (back): sent back to one's own notifications with nothing opened, which is what opening
  someone else's notification and a missing one both give.

A record the caller may not see is 404, exactly as if it did not exist; 403 only answers a caller
who sees the record but may not do this to it (or whose role never does this at all). Every
successful view of a record leaves an audit row (verb ``viewed``, the record, the child; a
meeting's minutes PDF leaves ``minutes_exported``, a document's download ``document_downloaded``,
a case summary printed or as a PDF ``case_summary_exported``; a list, the queue or a search
leaves one naming no child); a "not found" leaves none. A row that writes says what it changes:
the change happens exactly when the cell is a success (2xx, or 302 for a page's form), and
never otherwise.

The rows cover the home page ("My work": tasks, cases led, referrals), people, concerns and the
front door, cases (their printed summary and PDF, allocation, and transfer to another team:
asking, the transfers list, accepting, declining, withdrawing), shares and break-glass
(requests, approvals, reviews), tasks (list, page, assign, take, complete, not needed,
approval), strategy meetings (schedule, page, invitations, named attendees, an invitee's
apologies, outcome, minutes), screening overrides (request, approval) and new information, the
duplicate queue (a pair side by side, agree to merge, reject, unmerge), notifications (open
one, mark all read), documents (add, download, withdraw), missing episodes (report a child
missing, the episode, the police report, the return, the return home interview, the case's
missing history), the Philomena Protocol profile (page, edit, photograph, grab pack; over the
API also its update), investigations (on a third case, Jade's: list, open, read, who is
suspected, orders and breaches, outcomes, the child's own arrest and its review, victim
updates, changing and closing it, with their pages; the Schedule 4 reference), NRM referrals,
placements, intelligence, case audits, the strategic pages, and the API. A row that acts on the
caller's own records only (marking all their notifications read) says what it must leave alone,
whoever calls (``others``).

The scene (``scene.build_matrix_scene``) holds a record of each kind; two of its columns see the
case another way than the lead authority: by break-glass, and by a share of the tasks, meetings
and documents sections. It is built once per module and test worker; each test runs in a
savepoint rolled back after it, so every cell starts from the same scene.

Where the code does not yet do what the rule says, the cell still says what the rule says and
is marked ``xfail(strict=True)`` with both (``KNOWN_GAPS``): fixing the code turns it into a
pass that must be unmarked. There are none today.

The administrators' pages, the auditors' page, personal API tokens and the national NRM figures
(strategic leads only; decision 0018) have their own matrix (``ADMIN_MATRIX``, at the end),
with two more columns: a partnership administrator and a partnership auditor. Those two roles
also take every row of ``MATRIX`` and must get exactly what an agency's administrator and
auditor get there (no case content), with one stated exception.

``test_every_url_and_api_operation_has_a_row`` walks every named URL and every operation of the
OpenAPI schema: each must have a row, or (for pages that touch no record) a line in
``NOT_RECORD_PAGES`` saying why. A new page or API operation without one fails it, by name.
``test_the_matrix_catches_a_task_shown_to_anyone`` makes the access bug the matrix once missed
and checks that cells fail.

Every cell runs on SQLite; on PostgreSQL each row runs once for each of its outcomes, by a role
taken in turn among those with that outcome (the others are marked ``matrix_repeat``;
decision 0055).
"""

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from haven.accounts.models import Agency, ApiToken, Role, User
from haven.accounts.tests.factories import UserFactory
from haven.actions import selectors as actions_selectors
from haven.actions.models import Task
from haven.audit.models import AuditEvent, Verb
from haven.case_audits.models import AuditAction, CaseAudit, Question, SampledCase
from haven.cases.access import break_glass_reference
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseNote,
    CaseShare,
    CaseTransfer,
    ChronologyEntry,
    Concern,
)
from haven.cases.tests.world import date_of_birth_for_age
from haven.documents.models import Document
from haven.documents.tests.files import PDF, upload
from haven.intelligence.models import (
    DisruptionAction,
    Entity,
    EntityMerge,
    GroupAttendee,
    GroupInformation,
    GroupSubject,
    Link,
    OperationalGroupMeeting,
)
from haven.investigations.models import (
    ChildOffence,
    Investigation,
    Order,
    OrderBreach,
    Suspect,
    SuspectOutcome,
    VictimUpdate,
)
from haven.matching.models import DuplicateCandidate, PersonMerge
from haven.meetings.models import Attendance, MeetingAttendee, MeetingInvitation, StrategyMeeting
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.notifications.models import Notification
from haven.nrm.models import DutyToNotify, IctgReferral, NrmReferral
from haven.people.models import Person
from haven.philomena.models import PhilomenaProfile, ProfilePhotograph
from haven.philomena.tests.images import png
from haven.placements.models import EscalationAcknowledgement, Placement, SafetyPlan
from haven.screening.api import EXAMPLE_REQUEST
from haven.screening.models import Screening, ScreeningOverride
from haven.strategy.models import (
    ActionPlan,
    BoardCommentary,
    NationalReferralFigures,
    PlanAction,
    ProgressUpdate,
    SelfAssessmentAnswer,
    TrainingAttendee,
    TrainingCourse,
    TrainingSession,
)
from tests.security.endpoints import Route, api_operations, routes
from tests.security.scene import ROLES, MatrixScene, build_matrix_scene, user_for

pytestmark = pytest.mark.django_db

VISIBLE, KNOWN_TO, LISTED, UNLISTED = "visible", "known-to", "listed", "unlisted"
V, K, L, U = VISIBLE, KNOWN_TO, LISTED, UNLISTED  # short forms for the table
# Sent back to one's own notifications, nothing opened: what someone else's notification and a
# missing one both give (the page never says which).
BACK = B = "back-to-own-list"
# A cell that succeeds, for a row that writes: the write must happen exactly then.
SUCCESS = (200, 201, 202, 204, 302)


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: Callable[[MatrixScene], str]
    body: Callable[[MatrixScene], dict] | None = None
    # A body that depends on who sends it (e.g. a break-glass reference is per user).
    user_body: Callable[[MatrixScene, object], dict] | None = None
    # The audit target of a successful read, given the scene and the caller: (target_type,
    # target_id, person_id or None).
    viewed: Callable[[MatrixScene, User], tuple[str, str, int | None]] | None = None
    verb: str = Verb.VIEWED
    page: bool = False
    # What the row may change, read before and after the request.
    state: Callable[[MatrixScene], object] | None = None
    # For L / U cells: whether the response lists the record (default: the scene's case).
    lists: Callable[[MatrixScene, object, str], bool] | None = None
    # For V / K cells (default: a people search for the scene's child).
    search: Callable[..., None] | None = None
    # How an API body is sent (a file upload is multipart/form-data).
    format: str = "json"
    # What the row must never change, whoever calls (other users' records), read before and
    # after the request.
    others: Callable[[MatrixScene, User], object] | None = None
    # The key a 403 explains itself under: "detail", or "non_field_errors" where the API says
    # why and who can (the NRM's First Responder rule).
    refusal_key: str = "detail"


def page(
    name: str, *args: Callable[[MatrixScene], object], query: str = ""
) -> Callable[[MatrixScene], str]:
    def url(scene: MatrixScene) -> str:
        return reverse(name, args=[arg(scene) for arg in args]) + query

    return url


def contains(url: Callable[[MatrixScene], str]) -> Callable[[MatrixScene, object, str], bool]:
    """A list shows a record when it links to it."""
    return lambda scene, response, content: url(scene) in content


def json_lists(record: Callable[[MatrixScene], int]) -> Callable[[MatrixScene, object, str], bool]:
    """An API list shows a record when one of its items (or results, paged) has its id."""

    def listed(scene, response, content) -> bool:
        body = response.json()
        items = body["results"] if isinstance(body, dict) else body
        return any(item["id"] == record(scene) for item in items)

    return listed


def network_viewed(s: MatrixScene, user=None):
    return ("intelligence.network", f"case:{s.case.pk}", s.person.pk)


def person_viewed(s: MatrixScene, user=None):
    return ("people.person", str(s.person.pk), s.person.pk)


def case_concern_viewed(s: MatrixScene, user=None):
    return ("cases.concern", str(s.case_concern.pk), s.person.pk)


def pending_viewed(s: MatrixScene, user=None):
    return ("cases.concern", str(s.pending_concern.pk), s.pending_concern.person_id)


def case_viewed(s: MatrixScene, user=None):
    return ("cases.case", str(s.case.pk), s.person.pk)


def chronology_viewed(s: MatrixScene, user=None):
    return ("cases.chronology", str(s.case.pk), s.person.pk)


def task_viewed(s: MatrixScene, user=None):
    return ("actions.task", str(s.task.pk), s.person.pk)


def referral_task_viewed(s: MatrixScene, user=None):
    return ("actions.task", str(s.referral_task.pk), s.person.pk)


def case_tasks_viewed(s: MatrixScene, user=None):
    return ("actions.task", f"case:{s.case.pk}", s.person.pk)


def case_meetings_viewed(s: MatrixScene, user=None):
    return ("meetings.strategymeeting", f"case:{s.case.pk}", s.person.pk)


def meeting_viewed(s: MatrixScene, user=None):
    return ("meetings.strategymeeting", str(s.meeting.pk), s.person.pk)


def case_documents_viewed(s: MatrixScene, user=None):
    return ("documents.document", f"case:{s.case.pk}", s.person.pk)


def nrm_viewed(s: MatrixScene, user=None):
    return ("nrm.nrmreferral", str(s.nrm_referral.pk), s.person.pk)


def nrm_submitted_viewed(s: MatrixScene, user=None):
    return ("nrm.nrmreferral", str(s.nrm_submitted.pk), s.person.pk)


def duty_viewed(s: MatrixScene, user=None):
    return ("nrm.dutytonotify", str(s.duty_to_notify.pk), None)


def duty_submitted_viewed(s: MatrixScene, user=None):
    return ("nrm.dutytonotify", str(s.duty_submitted.pk), None)


def duties_viewed(s: MatrixScene, user=None):
    return ("nrm.dutytonotify", "list", None)


def hotspots_viewed(s: MatrixScene, user=None):
    return ("intelligence.hotspot", "list", None)


def hotspot_viewed(s: MatrixScene, user=None):
    return ("intelligence.hotspot", str(s.hotspot.pk), None)


def document_viewed(s: MatrixScene, user=None):
    return ("documents.document", str(s.document.pk), s.person.pk)


def missing_episode_viewed(s: MatrixScene, user=None):
    return ("missing.missingepisode", str(s.missing_episode.pk), s.person.pk)


def returned_episode_viewed(s: MatrixScene, user=None):
    return ("missing.missingepisode", str(s.returned_episode.pk), s.person.pk)


def case_missing_viewed(s: MatrixScene, user=None):
    return ("missing.missingepisode", f"case:{s.case.pk}", s.person.pk)


def case_placements_viewed(s: MatrixScene, user=None):
    return ("placements.placement", f"case:{s.case.pk}", s.person.pk)


def placement_viewed(s: MatrixScene, user=None):
    return ("placements.placement", str(s.placement.pk), s.person.pk)


def escalation_viewed(s: MatrixScene, user=None):
    return ("placements.safehouseescalation", str(s.escalation.pk), s.person.pk)


def investigation_viewed(s: MatrixScene, user=None):
    return ("investigations.investigation", str(s.investigation.pk), s.investigation.case.person_id)


def case_investigations_viewed(s: MatrixScene, user=None):
    investigation = s.investigation
    return (
        "investigations.investigation",
        f"case:{investigation.case_id}",
        investigation.case.person_id,
    )


def _investigation_body(s: MatrixScene) -> dict:
    return {
        "officer_in_charge": "DS Tom Reilly",
        "offences": ["msa2015_s1"],
        "victim_statement": "not_given",
        "opened_on": timezone.localdate().isoformat(),
    }


def _order_body(s: MatrixScene) -> dict:
    return {
        "order_type": "stro",
        "suspect": s.investigation.suspects.get().pk,
        "issued_on": timezone.localdate().isoformat(),
    }


def _outcome_of_suspect(s: MatrixScene) -> dict:
    return {
        "suspect": s.investigation.suspects.get().pk,
        "outcome": "charged",
        "decided_on": timezone.localdate().isoformat(),
    }


def _review_body(s: MatrixScene) -> dict:
    return {
        "section_45_considered": True,
        "trained_interviewer": True,
        "out_of_hours_informed": True,
        "reviewed_on": timezone.localdate().isoformat(),
    }


def _victim_update_body(s: MatrixScene) -> dict:
    return {
        "given_on": timezone.localdate().isoformat(),
        "given_to": "child",
        "summary": "Told Jade the suspect has been given a warning notice.",
    }


def names_suspect(s: MatrixScene, response, content) -> bool:
    return "Marsh" in content


INVESTIGATION = lambda s: s.investigation.pk  # noqa: E731


def investigation_case_viewed(s: MatrixScene, user=None):
    return ("cases.case", str(s.investigation.case_id), s.investigation.case.person_id)


def _today() -> str:
    return timezone.localdate().isoformat()


def _investigation_page(name: str, *args) -> Callable[[MatrixScene], str]:
    return page(f"investigations:{name}", INVESTIGATION, *args)


def _investigation_form(s: MatrixScene) -> dict:
    return {
        "officer_in_charge": "DS Tom Reilly",
        "offences": ["msa2015_s1"],
        "victim_statement": "not_given",
        "opened_on": _today(),
    }


def _investigation_close_form(s: MatrixScene) -> dict:
    return {
        "officer_in_charge": s.investigation.officer_in_charge,
        "offences": s.investigation.offences,
        "victim_statement": s.investigation.victim_statement,
        "status": "closed",
        "closed_on": _today(),
        "closed_reason": "The suspect was charged; the file is with the CPS.",
        "version": s.investigation.version,
    }


def _investigation_close_body(s: MatrixScene) -> dict:
    return {
        "status": "closed",
        "closed_on": _today(),
        "closed_reason": "The suspect was charged; the file is with the CPS.",
        "version": s.investigation.version,
    }


def _suspect_of(s: MatrixScene) -> int:
    return s.investigation.suspects.get().pk


def _investigation_rows() -> dict[str, Endpoint]:
    """The investigation pages: each form's GET shows the investigation (a view of it, or of
    the case for opening one) and its POST records what the row's state counts."""
    order = lambda s: s.investigation_order.pk  # noqa: E731
    offence = lambda s: s.child_offence.pk  # noqa: E731
    forms = {
        # name: (url args, POST body, state)
        "edit": ((), _investigation_close_form, field(Investigation, INVESTIGATION, "status")),
        "suspect_add": (
            (),
            lambda s: {"person": s.investigation_candidate.pk},
            count(Suspect),
        ),
        "order_add": (
            (),
            lambda s: {"suspect_id": _suspect_of(s), "order_type": "stro", "issued_on": _today()},
            count(Order),
        ),
        "breach_add": ((order,), lambda s: {"breached_on": _today()}, count(OrderBreach)),
        "outcome_add": (
            (),
            lambda s: {"suspect_id": _suspect_of(s), "outcome": "charged", "decided_on": _today()},
            count(SuspectOutcome),
        ),
        "arrest_add": (
            (),
            lambda s: {
                "offence": "mda1971_s6",
                "arrested_on": _today(),
                "linked_to_exploitation": "Found tending plants at a cannabis farm.",
            },
            count(ChildOffence),
        ),
        "review_add": (
            (offence,),
            lambda s: {
                "section_45_considered": "True",
                "trained_interviewer": "True",
                "out_of_hours_informed": "False",
                "reviewed_on": _today(),
            },
            field(ChildOffence, lambda s: s.child_offence.pk, "reviewed_on"),
        ),
        "update_add": (
            (),
            lambda s: {
                "given_to": "child",
                "given_on": _today(),
                "summary": "Told Jade the suspect has been given a warning notice.",
            },
            count(VictimUpdate),
        ),
    }
    rows = {}
    for name, (args, body, state) in forms.items():
        url = _investigation_page(name, *args)
        rows[f"page.investigation.{name}"] = Endpoint(
            "get", url, viewed=investigation_viewed, page=True
        )
        rows[f"page.investigation.{name}.post"] = Endpoint(
            "post", url, body=body, page=True, state=state
        )
    return rows


# Lists and searches name children too: each read is recorded, about no one child.
def case_list_viewed(s: MatrixScene, user=None):
    return ("cases.case", "list", None)


def front_door_viewed(s: MatrixScene, user=None):
    return ("cases.concern", "front_door:warrington", None)


def team_tasks_viewed(s: MatrixScene, user):
    return ("actions.task", f"team:{user.team_id}", None)


def transfers_viewed(s: MatrixScene, user=None):
    return ("cases.casetransfer", "list", None)


def transfer_viewed(s: MatrixScene, user=None):
    return ("cases.casetransfer", str(s.transfer.pk), s.transfer.case.person_id)


def duplicate_queue_viewed(s: MatrixScene, user=None):
    return ("matching.duplicatecandidate", "review_queue", None)


def duplicate_viewed(s: MatrixScene, user=None):
    # Both records side by side: one row per person (Amira's is checked).
    return ("matching.duplicatecandidate", str(s.duplicate.pk), s.person.pk)


def searched(s: MatrixScene, user=None):
    return ("people.person", "", None)


def others_unread(s: MatrixScene, user) -> list[int]:
    """Everyone else's unread notifications."""
    unread = Notification.objects.filter(read_at__isnull=True).exclude(recipient=user)
    return sorted(unread.values_list("pk", flat=True))


def field(model, pk: Callable[[MatrixScene], int], name: str) -> Callable[[MatrixScene], object]:
    """A row's state: one field of one record, read afresh."""
    return lambda s: model.objects.filter(pk=pk(s)).values_list(name, flat=True).first()


def count(model, **lookups: Callable[[MatrixScene], object]) -> Callable[[MatrixScene], int]:
    return lambda s: model.objects.filter(**{k: v(s) for k, v in lookups.items()}).count()


def _nrm_submission(s) -> dict:
    return {"submitted_on": timezone.localdate().isoformat(), "home_office_reference": "HO-9"}


def _nrm_decision(s) -> dict:
    return {
        "decision": "reasonable_grounds_positive",
        "decided_on": timezone.localdate().isoformat(),
    }


def _concern_body(**person) -> dict:
    return {
        "description": "Seen with older men at the bus station late at night.",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "home_area": "warrington",
        "indicator_codes": ["ind.missing_episodes"],
        **person,
    }


def _task_form(
    action: str, task: Callable[[MatrixScene], Task], **fields
) -> Callable[[MatrixScene], dict]:
    return lambda s: {"action": action, "version": task(s).version, **fields}


def _ratings(s: MatrixScene) -> dict:
    ratings = {"version": s.meeting.version}
    for name in ("harm", "abduction", "missing"):
        ratings[f"{name}_risk"] = "high"
        ratings[f"{name}_rationale"] = "Adults unknown to the family collect her after school."
    return ratings


def _outcome_form(s: MatrixScene) -> dict:
    return {"step": "outcome", f"attendance_{s.attendee.pk}": "attended", **_ratings(s)}


def _outcome_body(s: MatrixScene) -> dict:
    return {"attendees": [{"id": s.attendee.pk, "attendance": "attended"}], **_ratings(s)}


def _schedule_body(s: MatrixScene) -> dict:
    day = timezone.localdate() + timedelta(days=2)
    return {"date": day.isoformat(), "time": "10:00", "location": "Warrington Town Hall"}


def _document_form(s: MatrixScene) -> dict:
    return {
        "file": upload("home-office-letter.pdf", PDF),
        "kind": "letter",
        "title": "Letter from the Home Office",
    }


def profile_viewed(s: MatrixScene, user=None):
    return ("philomena.philomenaprofile", str(s.philomena_profile.pk), s.person.pk)


def photograph_viewed(s: MatrixScene, user=None):
    return ("philomena.profilephotograph", str(s.photograph.pk), s.person.pk)


def _profile_form(s: MatrixScene) -> dict:
    return {"version": s.philomena_profile.version, "hair": "Short, dyed red"}


def _photograph_form(s: MatrixScene) -> dict:
    return {"file": upload("new-face.png", png())}


def _break_glass_review_form(s: MatrixScene) -> dict:
    prefix = f"review-{s.break_glass.pk}"
    return {
        f"{prefix}-outcome": "justified",
        f"{prefix}-note": "Called the emergency duty team first; the child was at risk.",
    }


def _possible_matches(s: MatrixScene) -> dict:
    person = s.person
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat(),
    }


def _local(hours_ago: float):
    return timezone.localtime(timezone.now() - timedelta(hours=hours_ago)).replace(
        second=0, microsecond=0
    )


def _moment_form(name: str, hours_ago: float) -> dict:
    """A page's date and time boxes (``<name>_on``, ``<name>_time``) ``hours_ago`` hours ago."""
    moment = _local(hours_ago)
    return {f"{name}_on": moment.date().isoformat(), f"{name}_time": f"{moment:%H:%M}"}


def _missing_report_form(s: MatrixScene) -> dict:
    return {
        **_moment_form("reported_missing", 1),
        "missing_from": "residential_home",
        "looked_after": "yes",
        "last_seen_place": "Orford Lane bus stop",
    }


def _missing_report_body(s: MatrixScene) -> dict:
    return {
        "person_id": s.person.pk,
        "reported_missing_at": _local(1).isoformat(),
        "missing_from": "residential_home",
        "looked_after": True,
        "last_seen_place": "Orford Lane bus stop",
    }


def _police_form(s: MatrixScene) -> dict:
    return {**_moment_form("reported_to_police", 5), "police_reference": "CH-20931"}


def _return_form(s: MatrixScene) -> dict:
    return {
        **_moment_form("returned", 1),
        "found_at_address": "14 Marsh Street",
        "found_at_postcode": "wa1 2ab",
        "found_with": "Dean Hollis",
    }


def _return_body(s: MatrixScene) -> dict:
    return {
        "returned_at": _local(1).isoformat(),
        "found_at_address": "14 Marsh Street",
        "found_at_postcode": "wa1 2ab",
        "found_with": "Dean Hollis",
        "version": s.missing_episode.version,
    }


def _interview_form(s: MatrixScene) -> dict:
    return {
        **_moment_form("offered", 2),
        **_moment_form("held", 1),
        "offered_by_me": "no",
        "offered_by_name": "Sam Okafor",
        "offered_by_organisation": "Catch22 return interviews",
        "independent_of_placement": "on",
        "response": "accepted",
        "held_by": "Sam Okafor",
    }


def _interview_body(s: MatrixScene) -> dict:
    return {
        "offered_at": _local(2).isoformat(),
        "offered_by_me": False,
        "offered_by_name": "Sam Okafor",
        "offered_by_organisation": "Catch22 return interviews",
        "independent_of_placement": True,
        "response": "accepted",
        "held_at": _local(1).isoformat(),
        "held_by": "Sam Okafor",
    }


CASE = lambda s: s.case.pk  # noqa: E731
PERSON = lambda s: s.person.pk  # noqa: E731
MISSING = lambda s: s.missing_episode.pk  # noqa: E731
RETURNED = lambda s: s.returned_episode.pk  # noqa: E731
PLACEMENT = lambda s: s.placement.pk  # noqa: E731
ESCALATION = lambda s: s.escalation.pk  # noqa: E731


def _placement_form(s: MatrixScene) -> dict:
    today = timezone.localdate()
    return {
        "placement_type": "residential",
        "provider": "Oak House",
        "start_date_day": today.day,
        "start_date_month": today.month,
        "start_date_year": today.year,
        "address_line": "9 Elm Road",
        "out_of_area": "False",
        "named_users": [s.world.la("warrington").manager.pk],
    }


def _placement_body(s: MatrixScene) -> dict:
    return {
        "placement_type": "residential",
        "provider": "Oak House",
        "start_date": timezone.localdate().isoformat(),
        "address_line": "9 Elm Road",
        "named_user_ids": [s.world.la("warrington").manager.pk],
    }


def _safety_plan_form(s: MatrixScene) -> dict:
    review = timezone.localdate() + timedelta(days=28)
    return {
        "risks_told": "Told of the network and how it recruits.",
        "abduction_measures": "No unplanned visitors.",
        "missing_prevention": "Hourly checks at night.",
        "who_to_call": "The emergency duty team out of hours.",
        "review_date_day": review.day,
        "review_date_month": review.month,
        "review_date_year": review.year,
    }


def _head_of_service_acknowledged(s: MatrixScene):
    return (
        EscalationAcknowledgement.objects.filter(escalation=s.escalation, office="head_of_service")
        .values_list("acknowledged_at", flat=True)
        .first()
    )


PROFILE = lambda s: s.philomena_profile.pk  # noqa: E731
NRM_DRAFT = lambda s: s.nrm_referral.pk  # noqa: E731
NRM_SUBMITTED = lambda s: s.nrm_submitted.pk  # noqa: E731
DUTY = lambda s: s.duty_to_notify.pk  # noqa: E731
HOTSPOT = lambda s: s.hotspot.pk  # noqa: E731
DUTY_SUBMITTED = lambda s: s.duty_submitted.pk  # noqa: E731
DOCUMENT = lambda s: s.document.pk  # noqa: E731
TASK = lambda s: s.task.pk  # noqa: E731
MEETING = lambda s: s.meeting.pk  # noqa: E731
TRANSFER = lambda s: s.transfer.pk  # noqa: E731


def _allocate_body(s: MatrixScene) -> dict:
    return {"practitioner": s.world.la("warrington").practitioner.pk, "version": s.case.version}


# A fixed quarter: the dashboard answers for any period, so the cells do not depend on today.
DASHBOARD_PERIOD = "date_from=2026-01-01&date_to=2026-03-31"
COURSE = lambda s: s.training_attendee.session.course_id  # noqa: E731
SESSION = lambda s: s.training_attendee.session_id  # noqa: E731
ATTENDEE = lambda s: s.training_attendee.pk  # noqa: E731
PLAN = lambda s: s.plan_action.plan_id  # noqa: E731
ACTION = lambda s: s.plan_action.pk  # noqa: E731
PLAN_PAGE = page("strategy:action_plan", PLAN)
SAMPLED = lambda s: s.sampled_case.pk  # noqa: E731
AUDIT = lambda s: s.sampled_case.audit_id  # noqa: E731
AUDIT_PAGE = page("case_audits:audit", AUDIT)
SAMPLED_PAGE = page("case_audits:grade", AUDIT, SAMPLED)


def case_audit_viewed(s: MatrixScene, user=None):
    return ("case_audits.caseaudit", str(AUDIT(s)), None)


def sampled_case_viewed(s: MatrixScene, user=None):
    return ("case_audits.sampledcase", str(SAMPLED(s)), s.sampled_case.case.person_id)


def _statement_ids(s: MatrixScene) -> list[int]:
    return list(s.training_attendee.session.course.statements.values_list("pk", flat=True))


ENTITY = lambda s: s.entity.pk  # noqa: E731
C_ENTITY = lambda s: s.c_entity.pk  # noqa: E731


def entity_viewed(s: MatrixScene, user=None):
    return ("intelligence.entity", str(ENTITY(s)), None)


def _link_body(start: str, entity_id: int) -> dict:
    return {
        "from": start,
        "to": f"entity:{entity_id}",
        "link_type": "visits",
        "occurred_on": timezone.localdate().isoformat(),
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
    }


def _link_form(s: MatrixScene) -> dict:
    today = timezone.localdate()
    return {
        "link_type": "contacted_by",
        "occurred_on_day": today.day,
        "occurred_on_month": today.month,
        "occurred_on_year": today.year,
        "source": "return_interview",
        "source_evaluation": "2",
        "intelligence_assessment": "C",
        "handling_code": "P",
    }


def GROUP(s: MatrixScene) -> int:
    return s.group_meeting.pk


GROUP_PAGE = page("intelligence:group", GROUP)


def GROUP_ATTENDEE(s: MatrixScene) -> int:
    return s.group_meeting.attendees.get(user=s.world.police.practitioner).pk


def GROUP_PLACE(s: MatrixScene) -> int:
    return s.group_meeting.subjects.get(entity__isnull=False).pk


def _group_viewed(s: MatrixScene, user=None):
    return ("intelligence.operationalgroupmeeting", str(s.group_meeting.pk), None)


def _date_boxes(prefix: str, day) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


ENDPOINTS: dict[str, Endpoint] = {
    # The home page, "My work": the team's unassigned tasks, the cases the caller leads (the
    # lead manager accepted the scene's case, so leads it), the concerns the caller raised.
    "page.home": Endpoint(
        "get", page("core:start"), page=True, lists=contains(page("actions:task_detail", TASK))
    ),
    "page.home.cases": Endpoint(
        "get",
        page("core:start"),
        page=True,
        lists=lambda s, response, content: f'data-case="{s.case.pk}"' in content,
    ),
    "page.home.referrals": Endpoint(
        "get",
        page("core:start"),
        page=True,
        lists=lambda s, response, content: f'data-concern="{s.case_concern.pk}"' in content,
    ),
    # People
    "api.person.get": Endpoint(
        "get", lambda s: f"/api/v1/people/{s.person.pk}/", viewed=person_viewed
    ),
    "api.person.patch": Endpoint(
        "patch",
        lambda s: f"/api/v1/people/{s.person.pk}/",
        body=lambda s: {"first_language": "Arabic", "version": s.person.version},
        state=field(Person, lambda s: s.person.pk, "first_language"),
    ),
    "api.people.search": Endpoint(
        "get",
        lambda s: "/api/v1/people/search/?q=Amira Haddad",
        viewed=searched,
        verb=Verb.SEARCHED,
    ),
    "api.people.possible_matches": Endpoint(
        "post",
        lambda s: "/api/v1/people/possible-matches/",
        body=_possible_matches,
        viewed=searched,
        verb=Verb.SEARCHED,
        search=lambda *args: _assert_possible_matches(*args),
    ),
    # Concerns and the front door
    "api.concern.create_new_person": Endpoint(
        "post",
        lambda s: "/api/v1/concerns/",
        body=lambda s: _concern_body(
            person={"given_name": "Dara", "date_of_birth": date_of_birth_for_age(15).isoformat()}
        ),
        state=count(Concern),
    ),
    "api.concern.create_known_person": Endpoint(
        "post",
        lambda s: "/api/v1/concerns/",
        body=lambda s: _concern_body(person_id=s.person.pk),
        state=count(Concern),
    ),
    "api.concern.get_in_case": Endpoint(
        "get", lambda s: f"/api/v1/concerns/{s.case_concern.pk}/", viewed=case_concern_viewed
    ),
    "api.concern.get_pending": Endpoint(
        "get", lambda s: f"/api/v1/concerns/{s.pending_concern.pk}/", viewed=pending_viewed
    ),
    "api.front_door.get": Endpoint(
        "get", lambda s: "/api/v1/front-door/warrington/", viewed=front_door_viewed
    ),
    "api.concern.decide": Endpoint(
        "post",
        lambda s: f"/api/v1/concerns/{s.pending_concern.pk}/decision/",
        body=lambda s: {"decision": "accept", "version": s.pending_concern.version},
        state=field(Concern, lambda s: s.pending_concern.pk, "status"),
    ),
    # Cases
    "api.cases.list": Endpoint("get", lambda s: "/api/v1/cases/", viewed=case_list_viewed),
    "api.case.get": Endpoint("get", lambda s: f"/api/v1/cases/{s.case.pk}/", viewed=case_viewed),
    # The case in HTCDS 2.0 field names (decision 0031): as the case, recorded as an export.
    "api.case.export_htcds": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/export/htcds/",
        viewed=case_viewed,
        verb=Verb.CASE_HTCDS_EXPORTED,
    ),
    "api.case.close": Endpoint(
        "patch",
        lambda s: f"/api/v1/cases/{s.case.pk}/",
        body=lambda s: {
            "status": "closed",
            "closed_reason": "Family moved away; case transferred.",
            "version": s.case.version,
        },
        state=field(Case, CASE, "status"),
    ),
    "api.case.chronology": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/chronology/", viewed=chronology_viewed
    ),
    "api.case.share": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/shares/",
        body=lambda s: {
            "agency_id": s.world.police.agency.pk,
            "sections": ["chronology"],
            "reason": "Police investigation of the adults involved.",
            "lawful_basis": "law_enforcement",
            "expires_at": (timezone.now() + timedelta(days=10)).isoformat(),
        },
        state=count(CaseShare, case_id=CASE),
    ),
    "api.case.revoke_share": Endpoint(
        "delete",
        lambda s: f"/api/v1/cases/{s.case.pk}/shares/{s.school_share.pk}/",
        state=field(CaseShare, lambda s: s.school_share.pk, "revoked_at"),
    ),
    "api.case.add_note": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/notes/",
        body=lambda s: {"text": "Spoke to the child at school today."},
        state=count(CaseNote, case_id=CASE),
    ),
    "api.case.break_glass": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/break-glass/",
        # Each caller brings the reference a "known to" answer would have given them.
        user_body=lambda s, user: {
            "reference": break_glass_reference(user, s.case),
            "reason": "Child found in Runcorn overnight, need history to safeguard.",
        },
        state=count(BreakGlassAccess, case_id=CASE),
    ),
    "api.case.allocate": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/allocate/",
        body=_allocate_body,
        state=field(Case, CASE, "lead_practitioner"),
    ),
    "api.case.information": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/information/",
        body=lambda s: {"criminal_network": True},
        state=count(Screening, case_id=CASE),
    ),
    # Who the caller is, and the stateless screening: no record either way.
    "api.me": Endpoint("get", lambda s: "/api/v1/me/"),
    "api.screening.assess": Endpoint(
        "post", lambda s: "/api/v1/screening/assess", body=lambda s: EXAMPLE_REQUEST
    ),
    # Pages (the HTML views)
    "page.person": Endpoint(
        "get", page("people:detail", lambda s: s.person.pk), viewed=person_viewed, page=True
    ),
    "page.people.search": Endpoint(
        "get",
        page("people:search", query="?q=Amira"),
        viewed=searched,
        verb=Verb.SEARCHED,
        page=True,
    ),
    "page.concern": Endpoint(
        "get",
        page("cases:concern_detail", lambda s: s.case_concern.pk),
        viewed=case_concern_viewed,
        page=True,
    ),
    "page.front_door": Endpoint(
        "get",
        page("cases:front_door_area", lambda s: "warrington"),
        viewed=front_door_viewed,
        page=True,
    ),
    "page.cases.list": Endpoint("get", page("cases:case_list"), viewed=case_list_viewed, page=True),
    "page.case": Endpoint("get", page("cases:case_detail", CASE), viewed=case_viewed, page=True),
    "page.case.chronology": Endpoint(
        "get", page("cases:chronology", CASE), viewed=chronology_viewed, page=True
    ),
    # The pages' forms (GET): each shows the record it acts on, so each is a view.
    **{
        f"page.person.{name}": Endpoint(
            "get", page(f"people:{name}", lambda s: s.person.pk), viewed=person_viewed, page=True
        )
        for name in (
            "edit",
            "add_alias",
            "add_identifier",
            "add_phone",
            "add_address",
            "add_relationship",
        )
    },
    "page.concern.start": Endpoint("get", page("cases:concern_start"), page=True),
    "page.concern.new_person": Endpoint("get", page("cases:concern_create_new_person"), page=True),
    "page.concern.known_person": Endpoint(
        "get", page("cases:concern_create", lambda s: s.person.pk), page=True
    ),
    "page.concern.decide": Endpoint(
        "get",
        page("cases:concern_decide", lambda s: s.pending_concern.pk),
        viewed=pending_viewed,
        page=True,
    ),
    "page.front_door.start": Endpoint("get", page("cases:front_door"), page=True),
    "page.case.add_note": Endpoint(
        "get", page("cases:note_add", CASE), viewed=case_viewed, page=True
    ),
    "page.case.share": Endpoint("get", page("cases:share", CASE), viewed=case_viewed, page=True),
    "page.case.revoke_share": Endpoint(
        "post",
        page("cases:share_revoke", CASE, lambda s: s.school_share.pk),
        page=True,
        state=field(CaseShare, lambda s: s.school_share.pk, "revoked_at"),
    ),
    "page.case.close": Endpoint(
        "get", page("cases:case_close", CASE), viewed=case_viewed, page=True
    ),
    # The case at a glance printed and as a PDF (each recorded as an export), allocation to a
    # lead practitioner, and transfer to another team (the scene's transfer: Leila's case, to
    # Halton).
    "page.case.summary": Endpoint(
        "get",
        page("cases:case_summary", CASE),
        viewed=case_viewed,
        verb=Verb.CASE_SUMMARY_EXPORTED,
        page=True,
    ),
    "page.case.summary_pdf": Endpoint(
        "get",
        page("cases:case_summary_pdf", CASE),
        viewed=case_viewed,
        verb=Verb.CASE_SUMMARY_EXPORTED,
        page=True,
    ),
    "page.case.allocate": Endpoint(
        "get", page("cases:case_allocate", CASE), viewed=case_viewed, page=True
    ),
    "page.case.allocate.post": Endpoint(
        "post",
        page("cases:case_allocate", CASE),
        body=_allocate_body,
        page=True,
        state=field(Case, CASE, "lead_practitioner"),
    ),
    "page.case.transfer": Endpoint(
        "get", page("cases:case_transfer", CASE), viewed=case_viewed, page=True
    ),
    "page.case.transfer.post": Endpoint(
        "post",
        page("cases:case_transfer", CASE),
        body=lambda s: {
            "to_team": s.world.la("cheshire_east").team.pk,
            "reason": "Amira has moved to Crewe to live with her father.",
        },
        page=True,
        state=count(CaseTransfer, case_id=CASE),
    ),
    "page.transfers": Endpoint(
        "get",
        page("cases:transfer_list"),
        viewed=transfers_viewed,
        page=True,
        lists=contains(page("cases:transfer_detail", TRANSFER)),
    ),
    "page.transfer": Endpoint(
        "get", page("cases:transfer_detail", TRANSFER), viewed=transfer_viewed, page=True
    ),
    "page.transfer.accept": Endpoint(
        "post",
        page("cases:transfer_detail", TRANSFER),
        body=lambda s: {"action": "accept"},
        page=True,
        state=field(CaseTransfer, TRANSFER, "status"),
    ),
    "page.transfer.decline": Endpoint(
        "post",
        page("cases:transfer_detail", TRANSFER),
        body=lambda s: {"action": "decline", "reason": "Her grandmother lives in Widnes: ask us."},
        page=True,
        state=field(CaseTransfer, TRANSFER, "status"),
    ),
    "page.transfer.withdraw": Endpoint(
        "post",
        page("cases:transfer_withdraw", TRANSFER),
        page=True,
        state=field(CaseTransfer, TRANSFER, "status"),
    ),
    # Break-glass: the forms, a manager's approval beyond the daily limit, the auditors' review.
    "page.case.break_glass": Endpoint("get", page("cases:break_glass", CASE), page=True),
    "page.break_glass.start": Endpoint("get", page("cases:break_glass_start"), page=True),
    "page.break_glass.reviews": Endpoint("get", page("cases:break_glass_reviews"), page=True),
    "page.break_glass.review": Endpoint(
        "post",
        page("cases:break_glass_review", lambda s: s.break_glass.pk),
        body=_break_glass_review_form,
        page=True,
        state=field(BreakGlassAccess, lambda s: s.break_glass.pk, "reviewed_at"),
    ),
    "page.break_glass.approvals": Endpoint("get", page("cases:break_glass_approvals"), page=True),
    "page.break_glass.approve": Endpoint(
        "post",
        page("cases:break_glass_approval", lambda s: s.break_glass_request.pk),
        body=lambda s: {f"bg-{s.break_glass_request.pk}-approve": "True"},
        page=True,
        state=field(BreakGlassAccess, lambda s: s.break_glass_request.pk, "status"),
    ),
    # Tasks
    "page.tasks": Endpoint(
        "get",
        page("actions:task_list"),
        viewed=team_tasks_viewed,
        page=True,
        lists=contains(page("actions:task_detail", TASK)),
    ),
    "page.tasks.unassigned": Endpoint(
        "get",
        page("actions:task_list", query="?owner=none"),
        viewed=team_tasks_viewed,
        page=True,
        lists=contains(page("actions:task_detail", TASK)),
    ),
    "page.task": Endpoint("get", page("actions:task_detail", TASK), viewed=task_viewed, page=True),
    "page.task.assign": Endpoint(
        "post",
        page("actions:task_detail", TASK),
        body=lambda s: {
            "action": "assign",
            "version": s.task.version,
            "owner": s.second_manager.pk,
        },
        page=True,
        state=field(Task, TASK, "owner"),
    ),
    "page.task.take": Endpoint(
        "post",
        page("actions:task_detail", TASK),
        body=_task_form("take", lambda s: s.task),
        page=True,
        state=field(Task, TASK, "owner"),
    ),
    "page.task.referral": Endpoint(
        "get",
        page("actions:task_detail", lambda s: s.referral_task.pk),
        viewed=referral_task_viewed,
        page=True,
    ),
    "page.task.complete": Endpoint(
        "post",
        page("actions:task_detail", TASK),
        body=_task_form(
            "complete", lambda s: s.task, note="Reported to Cheshire Police, reference 4471."
        ),
        page=True,
        state=field(Task, TASK, "status"),
    ),
    "page.task.not_needed": Endpoint(
        "post",
        page("actions:task_detail", TASK),
        body=_task_form(
            "not_needed", lambda s: s.task, reason="The police raised the concern themselves."
        ),
        page=True,
        state=field(Task, TASK, "status"),
    ),
    "page.task.approve_not_needed": Endpoint(
        "post",
        page("actions:task_detail", lambda s: s.pending_task.pk),
        body=_task_form("decide", lambda s: s.pending_task, approve="yes"),
        page=True,
        state=field(Task, lambda s: s.pending_task.pk, "status"),
    ),
    "page.case.reunification": Endpoint(
        "get", page("actions:reunification", CASE), viewed=case_viewed, page=True
    ),
    "page.case.reunification.post": Endpoint(
        "post",
        page("actions:reunification", CASE),
        body=lambda s: {"note": "Returns to her aunt, with the safety plan agreed."},
        page=True,
        state=count(ChronologyEntry, case_id=CASE, summary__startswith=lambda s: "Reunification"),
    ),
    # Strategy meetings
    "page.meeting.schedule": Endpoint(
        "get", page("meetings:schedule", CASE), viewed=case_viewed, page=True
    ),
    "page.meeting.schedule.post": Endpoint(
        "post",
        page("meetings:schedule", CASE),
        body=lambda s: {
            "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
            "time": "10:00",
            "location": "Warrington Town Hall, room 3",
        },
        page=True,
        state=count(StrategyMeeting, case_id=CASE),
    ),
    "page.meeting": Endpoint(
        "get", page("meetings:detail", MEETING), viewed=meeting_viewed, page=True
    ),
    "page.meeting.invitation": Endpoint(
        "post",
        page("meetings:detail", MEETING),
        body=lambda s: {
            "step": "invitation",
            "invitation": s.education_invitation.pk,
            "invite": "yes",
            "agency": s.world.school.agency.pk,
        },
        page=True,
        state=field(MeetingInvitation, lambda s: s.education_invitation.pk, "status"),
    ),
    "page.meeting.attendee": Endpoint(
        "post",
        page("meetings:detail", MEETING),
        body=lambda s: {
            "step": "attendee_other",
            "name": "Sam Baker",
            "organisation": "Foster Care Partners",
            "job_title": "Supervising social worker",
        },
        page=True,
        state=count(MeetingAttendee, meeting_id=MEETING),
    ),
    "page.meeting.attendee.remove": Endpoint(
        "post",
        page("meetings:detail", MEETING),
        body=lambda s: {"step": "attendee_remove", "attendee": s.attendee.pk},
        page=True,
        state=count(MeetingAttendee, meeting_id=MEETING),
    ),
    # An invitee's own apologies (the chair's authority and the police are invited).
    "page.meeting.apologies": Endpoint(
        "post",
        page("meetings:detail", MEETING),
        body=lambda s: {"step": "apologies", "apologies_note": "Sent a report."},
        page=True,
        state=count(MeetingAttendee, meeting_id=MEETING, attendance=lambda s: Attendance.APOLOGIES),
    ),
    "page.meeting.outcome": Endpoint(
        "post",
        page("meetings:detail", MEETING),
        body=_outcome_form,
        page=True,
        state=field(StrategyMeeting, MEETING, "status"),
    ),
    "page.meeting.minutes": Endpoint(
        "get",
        page("meetings:minutes_pdf", MEETING),
        viewed=meeting_viewed,
        verb=Verb.MINUTES_EXPORTED,
        page=True,
    ),
    # Screening: a professional override, its approval, and new information on the case
    "page.screening.override": Endpoint(
        "get", page("screening:override", CASE), viewed=case_viewed, page=True
    ),
    "page.screening.override.post": Endpoint(
        "post",
        page("screening:override", CASE),
        body=lambda s: {
            "outcome": "potential_victim",
            "reason": "The strategy meeting agreed the police lead this; she is safe tonight.",
            "actions_removed": ["strategy_meeting"],
        },
        page=True,
        state=count(ScreeningOverride, case_id=CASE),
    ),
    "page.screening.override_decide": Endpoint(
        "post",
        page("screening:override_decide", lambda s: s.override.pk),
        body=lambda s: {"approve": "yes"},
        page=True,
        state=field(ScreeningOverride, lambda s: s.override.pk, "status"),
    ),
    "page.case.information": Endpoint(
        "get", page("screening:information", CASE), viewed=case_viewed, page=True
    ),
    "page.case.information.post": Endpoint(
        "post",
        page("screening:information", CASE),
        body=lambda s: {"criminal_network": "yes"},
        page=True,
        state=count(Screening, case_id=CASE),
    ),
    # The duplicate review queue and merges
    "page.duplicates": Endpoint(
        "get",
        page("matching:review_queue"),
        viewed=duplicate_queue_viewed,
        page=True,
        lists=contains(page("matching:candidate", lambda s: s.duplicate.pk)),
    ),
    "page.duplicate": Endpoint(
        "get",
        page("matching:candidate", lambda s: s.duplicate.pk),
        viewed=duplicate_viewed,
        page=True,
    ),
    "page.duplicates.agree_merge": Endpoint(
        "post",
        page("matching:decide", lambda s: s.duplicate.pk),
        body=lambda s: {"decision": "merge_into_a", "note": "Same girl: the police agree."},
        page=True,
        state=field(DuplicateCandidate, lambda s: s.duplicate.pk, "status"),
    ),
    "page.duplicates.reject": Endpoint(
        "post",
        page("matching:decide", lambda s: s.duplicate.pk),
        body=lambda s: {"decision": "reject", "note": "Different girls: checked with school."},
        page=True,
        state=field(DuplicateCandidate, lambda s: s.duplicate.pk, "status"),
    ),
    "page.duplicates.unmerge": Endpoint(
        "post",
        page("matching:unmerge", lambda s: s.merge.pk),
        body=lambda s: {"reason": "Their school says these are two brothers."},
        page=True,
        state=field(PersonMerge, lambda s: s.merge.pk, "unmerged_at"),
    ),
    # Notifications
    "page.notifications": Endpoint(
        "get",
        page("notifications:list"),
        page=True,
        lists=contains(page("notifications:open", lambda s: s.notification.pk)),
    ),
    "page.notification.open": Endpoint(
        "post",
        page("notifications:open", lambda s: s.notification.pk),
        page=True,
        state=field(Notification, lambda s: s.notification.pk, "read_at"),
    ),
    "page.notifications.read_all": Endpoint(
        "post", page("notifications:mark_all_read"), page=True, others=others_unread
    ),
    # Tasks, strategy meetings and notifications in the API (as their pages)
    "api.case.tasks": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/tasks/", viewed=case_tasks_viewed
    ),
    "api.tasks": Endpoint(
        "get",
        lambda s: "/api/v1/tasks/?team=mine",
        viewed=team_tasks_viewed,
        lists=json_lists(TASK),
    ),
    "api.task.complete": Endpoint(
        "post",
        lambda s: f"/api/v1/tasks/{s.task.pk}/complete/",
        body=lambda s: {"version": s.task.version, "note": "Reported to Cheshire Police, 4471."},
        state=field(Task, TASK, "status"),
    ),
    "api.task.assign": Endpoint(
        "post",
        lambda s: f"/api/v1/tasks/{s.task.pk}/assign/",
        body=lambda s: {"owner": s.second_manager.pk, "version": s.task.version},
        state=field(Task, TASK, "owner"),
    ),
    "api.task.take": Endpoint(
        "post",
        lambda s: f"/api/v1/tasks/{s.task.pk}/assign/",
        user_body=lambda s, user: {"owner": user.pk, "version": s.task.version},
        state=field(Task, TASK, "owner"),
    ),
    "api.case.meetings": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/meetings/", viewed=case_meetings_viewed
    ),
    "api.case.meetings.schedule": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/meetings/",
        body=_schedule_body,
        state=count(StrategyMeeting, case=CASE),
    ),
    "api.meeting.get": Endpoint(
        "get", lambda s: f"/api/v1/meetings/{s.meeting.pk}/", viewed=meeting_viewed
    ),
    "api.meeting.outcome": Endpoint(
        "post",
        lambda s: f"/api/v1/meetings/{s.meeting.pk}/outcome/",
        body=_outcome_body,
        state=field(StrategyMeeting, lambda s: s.meeting.pk, "status"),
    ),
    # Documents
    "page.case.documents.add": Endpoint(
        "get", page("documents:add", CASE), viewed=case_viewed, page=True
    ),
    "page.case.documents.add.post": Endpoint(
        "post",
        page("documents:add", CASE),
        body=_document_form,
        page=True,
        state=count(Document, case_id=CASE),
    ),
    "page.document.download": Endpoint(
        "get",
        page("documents:download", CASE, DOCUMENT),
        viewed=document_viewed,
        verb=Verb.DOCUMENT_DOWNLOADED,
        page=True,
    ),
    "page.document.withdraw": Endpoint(
        "get", page("documents:withdraw", CASE, DOCUMENT), viewed=document_viewed, page=True
    ),
    "page.document.withdraw.post": Endpoint(
        "post",
        page("documents:withdraw", CASE, DOCUMENT),
        body=lambda s: {"reason": "The assessment is about another child."},
        page=True,
        state=field(Document, DOCUMENT, "withdrawn_at"),
    ),
    "api.case.documents": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/documents/", viewed=case_documents_viewed
    ),
    "api.case.documents.upload": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/documents/",
        body=_document_form,
        format="multipart",
        state=count(Document, case_id=CASE),
    ),
    "api.document.download": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/documents/{s.document.pk}/download/",
        viewed=document_viewed,
        verb=Verb.DOCUMENT_DOWNLOADED,
    ),
    # Missing episodes: the scene's two, reported by the police practitioner (the police's team
    # owns them). The missing one is still missing (police report, return); the returned one
    # waits for its return home interview.
    "page.missing.report": Endpoint(
        "get", page("missing:report", PERSON), viewed=person_viewed, page=True
    ),
    "page.missing.report.post": Endpoint(
        "post",
        page("missing:report", PERSON),
        body=_missing_report_form,
        page=True,
        state=count(MissingEpisode, person_id=PERSON),
    ),
    "page.missing.episode": Endpoint(
        "get", page("missing:episode", MISSING), viewed=missing_episode_viewed, page=True
    ),
    "page.missing.police": Endpoint(
        "get", page("missing:police", MISSING), viewed=missing_episode_viewed, page=True
    ),
    "page.missing.police.post": Endpoint(
        "post",
        page("missing:police", MISSING),
        body=lambda s: {**_police_form(s), "version": s.missing_episode.version},
        page=True,
        state=field(MissingEpisode, MISSING, "police_reference"),
    ),
    "page.missing.return": Endpoint(
        "get", page("missing:return", MISSING), viewed=missing_episode_viewed, page=True
    ),
    "page.missing.return.post": Endpoint(
        "post",
        page("missing:return", MISSING),
        body=lambda s: {**_return_form(s), "version": s.missing_episode.version},
        page=True,
        state=field(MissingEpisode, MISSING, "status"),
    ),
    "page.missing.interview": Endpoint(
        "get", page("missing:interview", RETURNED), viewed=returned_episode_viewed, page=True
    ),
    "page.missing.interview.post": Endpoint(
        "post",
        page("missing:interview", RETURNED),
        body=_interview_form,
        page=True,
        state=count(ReturnHomeInterview, episode_id=RETURNED),
    ),
    "api.missing.report": Endpoint(
        "post",
        lambda s: "/api/v1/missing-episodes/",
        body=_missing_report_body,
        state=count(MissingEpisode, person_id=PERSON),
    ),
    "api.missing.get": Endpoint(
        "get",
        lambda s: f"/api/v1/missing-episodes/{s.missing_episode.pk}/",
        viewed=missing_episode_viewed,
    ),
    "api.missing.police": Endpoint(
        "patch",
        lambda s: f"/api/v1/missing-episodes/{s.missing_episode.pk}/",
        body=lambda s: {"police_reference": "CH-20931", "version": s.missing_episode.version},
        state=field(MissingEpisode, MISSING, "police_reference"),
    ),
    "api.missing.return": Endpoint(
        "post",
        lambda s: f"/api/v1/missing-episodes/{s.missing_episode.pk}/return/",
        body=_return_body,
        state=field(MissingEpisode, MISSING, "status"),
    ),
    "api.missing.interview": Endpoint(
        "post",
        lambda s: f"/api/v1/missing-episodes/{s.returned_episode.pk}/return-interview/",
        body=_interview_body,
        state=count(ReturnHomeInterview, episode_id=RETURNED),
    ),
    "api.case.missing": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/missing-episodes/",
        viewed=case_missing_viewed,
    ),
    # Placements, safety plans and safe-house escalations
    "page.case.placements.add": Endpoint(
        "get", page("placements:add", CASE), viewed=case_viewed, page=True
    ),
    "page.case.placements.add.post": Endpoint(
        "post",
        page("placements:add", CASE),
        body=_placement_form,
        page=True,
        state=count(Placement, case_id=CASE),
    ),
    "page.placement": Endpoint(
        "get", page("placements:detail", PLACEMENT), viewed=placement_viewed, page=True
    ),
    "page.placement.safety_plan": Endpoint(
        "get", page("placements:safety_plan", PLACEMENT), viewed=placement_viewed, page=True
    ),
    "page.placement.safety_plan.post": Endpoint(
        "post",
        page("placements:safety_plan", PLACEMENT),
        body=_safety_plan_form,
        page=True,
        state=count(SafetyPlan, placement_id=PLACEMENT),
    ),
    "page.escalation": Endpoint(
        "get", page("placements:escalation", ESCALATION), viewed=escalation_viewed, page=True
    ),
    "page.escalation.acknowledge": Endpoint(
        "post",
        page("placements:acknowledge", ESCALATION),
        page=True,
        state=_head_of_service_acknowledged,
    ),
    "api.case.placements": Endpoint(
        "get", lambda s: f"/api/v1/cases/{s.case.pk}/placements/", viewed=case_placements_viewed
    ),
    "api.case.placements.create": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/placements/",
        body=_placement_body,
        state=count(Placement, case_id=CASE),
    ),
    "api.placement.get": Endpoint(
        "get", lambda s: f"/api/v1/placements/{s.placement.pk}/", viewed=placement_viewed
    ),
    # The Philomena Protocol profile (decision 0021)
    "page.philomena.profile": Endpoint(
        "get",
        page("philomena:profile", PERSON),
        viewed=profile_viewed,
        verb=Verb.PHILOMENA_PROFILE_VIEWED,
        page=True,
    ),
    "page.philomena.edit": Endpoint(
        "get",
        page("philomena:edit", PERSON),
        viewed=profile_viewed,
        verb=Verb.PHILOMENA_PROFILE_VIEWED,
        page=True,
    ),
    "page.philomena.edit.post": Endpoint(
        "post",
        page("philomena:edit", PERSON),
        body=_profile_form,
        page=True,
        state=field(PhilomenaProfile, PROFILE, "version"),
    ),
    "page.philomena.photograph_upload": Endpoint(
        "get",
        page("philomena:photograph_upload", PERSON),
        viewed=profile_viewed,
        verb=Verb.PHILOMENA_PROFILE_VIEWED,
        page=True,
    ),
    "page.philomena.photograph_upload.post": Endpoint(
        "post",
        page("philomena:photograph_upload", PERSON),
        body=_photograph_form,
        page=True,
        state=count(ProfilePhotograph, profile_id=PROFILE),
    ),
    "page.philomena.photograph": Endpoint(
        "get",
        page("philomena:photograph", PERSON),
        viewed=photograph_viewed,
        verb=Verb.PHILOMENA_PHOTO_VIEWED,
        page=True,
    ),
    "page.philomena.grab_pack": Endpoint(
        "get",
        page("philomena:grab_pack", PERSON),
        viewed=profile_viewed,
        verb=Verb.GRAB_PACK_EXPORTED,
        page=True,
    ),
    "api.philomena.profile": Endpoint(
        "get",
        lambda s: f"/api/v1/people/{s.person.pk}/philomena-profile/",
        viewed=profile_viewed,
        verb=Verb.PHILOMENA_PROFILE_VIEWED,
    ),
    "api.philomena.profile.patch": Endpoint(
        "patch",
        lambda s: f"/api/v1/people/{s.person.pk}/philomena-profile/",
        body=_profile_form,
        state=field(PhilomenaProfile, PROFILE, "hair"),
    ),
    "api.philomena.photograph": Endpoint(
        "get",
        lambda s: f"/api/v1/people/{s.person.pk}/philomena-profile/photograph.jpg",
        viewed=photograph_viewed,
        verb=Verb.PHILOMENA_PHOTO_VIEWED,
    ),
    "api.philomena.grab_pack": Endpoint(
        "get",
        lambda s: f"/api/v1/people/{s.person.pk}/philomena-profile/grab-pack.pdf",
        viewed=profile_viewed,
        verb=Verb.GRAB_PACK_EXPORTED,
    ),
    # Investigations (on Jade's case: see the scene)
    "api.case.investigations": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.investigation.case_id}/investigations/",
        viewed=case_investigations_viewed,
    ),
    "api.case.investigations.create": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.investigation.case_id}/investigations/",
        body=_investigation_body,
        state=count(Investigation),
    ),
    "api.investigation.get": Endpoint(
        "get",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/",
        viewed=investigation_viewed,
    ),
    "api.investigation.suspects": Endpoint(
        "get", lambda s: f"/api/v1/investigations/{s.investigation.pk}/", lists=names_suspect
    ),
    "api.investigation.close": Endpoint(
        "patch",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/",
        body=_investigation_close_body,
        state=field(Investigation, INVESTIGATION, "status"),
    ),
    "api.investigation.orders": Endpoint(
        "post",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/orders/",
        body=_order_body,
        state=count(Order),
    ),
    "api.investigation.breaches": Endpoint(
        "post",
        lambda s: (
            f"/api/v1/investigations/{s.investigation.pk}/orders/"
            f"{s.investigation_order.pk}/breaches/"
        ),
        body=lambda s: {"breached_on": timezone.localdate().isoformat()},
        state=count(OrderBreach),
    ),
    "api.investigation.outcomes": Endpoint(
        "post",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/outcomes/",
        body=_outcome_of_suspect,
        state=count(SuspectOutcome),
    ),
    "api.investigation.arrests": Endpoint(
        "post",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/child-offences/",
        body=lambda s: {
            "offence": "mda1971_s6",
            "arrested_on": timezone.localdate().isoformat(),
            "linked_to_exploitation": "Found tending plants at a cannabis farm.",
        },
        state=count(ChildOffence),
    ),
    "api.investigation.review": Endpoint(
        "post",
        lambda s: (
            f"/api/v1/investigations/{s.investigation.pk}/child-offences/"
            f"{s.child_offence.pk}/review/"
        ),
        body=_review_body,
        state=field(ChildOffence, lambda s: s.child_offence.pk, "reviewed_on"),
    ),
    "api.investigation.updates": Endpoint(
        "post",
        lambda s: f"/api/v1/investigations/{s.investigation.pk}/victim-updates/",
        body=_victim_update_body,
        state=count(VictimUpdate),
    ),
    "api.reference.schedule_4": Endpoint(
        "get", lambda s: "/api/v1/reference/schedule-4/?q=robbery"
    ),
    # Investigation pages (Jade's case): the investigation, who is suspected on it, opening one
    # from the case, and the forms that record on one.
    "page.investigation": Endpoint(
        "get", _investigation_page("detail"), viewed=investigation_viewed, page=True
    ),
    "page.investigation.suspects": Endpoint(
        "get", _investigation_page("detail"), page=True, lists=names_suspect
    ),
    "page.case.investigation.open": Endpoint(
        "get",
        page("investigations:open", lambda s: s.investigation.case_id),
        viewed=investigation_case_viewed,
        page=True,
    ),
    "page.case.investigation.open.post": Endpoint(
        "post",
        page("investigations:open", lambda s: s.investigation.case_id),
        body=_investigation_form,
        page=True,
        state=count(Investigation),
    ),
    **_investigation_rows(),
    # NRM referrals, guardians and Duty to Notify
    "page.nrm.start": Endpoint("get", page("nrm:start", CASE), viewed=case_viewed, page=True),
    "page.nrm.start.post": Endpoint(
        "post", page("nrm:start", CASE), page=True, state=count(NrmReferral, case_id=CASE)
    ),
    "page.nrm.referral": Endpoint(
        "get", page("nrm:referral", NRM_DRAFT), viewed=nrm_viewed, page=True
    ),
    "page.nrm.edit": Endpoint("get", page("nrm:edit", NRM_DRAFT), viewed=nrm_viewed, page=True),
    "page.nrm.submit": Endpoint("get", page("nrm:submit", NRM_DRAFT), viewed=nrm_viewed, page=True),
    "page.nrm.submit.post": Endpoint(
        "post",
        page("nrm:submit", NRM_DRAFT),
        body=_nrm_submission,
        page=True,
        state=field(NrmReferral, NRM_DRAFT, "state"),
    ),
    "page.nrm.decision": Endpoint(
        "get", page("nrm:decision", NRM_SUBMITTED), viewed=nrm_submitted_viewed, page=True
    ),
    "page.nrm.decision.post": Endpoint(
        "post",
        page("nrm:decision", NRM_SUBMITTED),
        body=_nrm_decision,
        page=True,
        state=field(NrmReferral, NRM_SUBMITTED, "state"),
    ),
    "page.nrm.pdf": Endpoint(
        "get",
        page("nrm:pdf", NRM_DRAFT),
        viewed=nrm_viewed,
        verb=Verb.NRM_REFERRAL_EXPORTED,
        page=True,
    ),
    "page.nrm.ictg": Endpoint("get", page("nrm:ictg", CASE), viewed=case_viewed, page=True),
    "page.nrm.ictg.post": Endpoint(
        "post",
        page("nrm:ictg", CASE),
        body=lambda s: {"referred_on": timezone.localdate().isoformat(), "support": "direct"},
        page=True,
        state=count(IctgReferral, case_id=CASE),
    ),
    "page.nrm.duty_new": Endpoint("get", page("nrm:duty_new"), page=True),
    "page.nrm.duty": Endpoint("get", page("nrm:duty", DUTY), viewed=duty_viewed, page=True),
    "page.nrm.duties": Endpoint(
        "get",
        page("nrm:duties"),
        viewed=duties_viewed,
        page=True,
        lists=contains(page("nrm:duty", DUTY)),
    ),
    "page.nrm.duty_submit": Endpoint(
        "get", page("nrm:duty_submit", DUTY), viewed=duty_viewed, page=True
    ),
    "page.nrm.duty_submit.post": Endpoint(
        "post",
        page("nrm:duty_submit", DUTY),
        body=_nrm_submission,
        page=True,
        state=field(DutyToNotify, DUTY, "state"),
    ),
    "page.nrm.duty_decision": Endpoint(
        "get", page("nrm:duty_decision", DUTY_SUBMITTED), viewed=duty_submitted_viewed, page=True
    ),
    "page.nrm.duty_decision.post": Endpoint(
        "post",
        page("nrm:duty_decision", DUTY_SUBMITTED),
        body=_nrm_decision,
        page=True,
        state=field(DutyToNotify, DUTY_SUBMITTED, "state"),
    ),
    "api.case.nrm_referrals.create": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/nrm-referrals/",
        body=lambda s: {},
        state=count(NrmReferral, case_id=CASE),
    ),
    "api.case.ictg_referrals": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/ictg-referrals/",
        viewed=lambda s, user=None: ("nrm.ictgreferral", f"case:{s.case.pk}", s.person.pk),
    ),
    "api.case.ictg_referrals.create": Endpoint(
        "post",
        lambda s: f"/api/v1/cases/{s.case.pk}/ictg-referrals/",
        body=lambda s: {"referred_on": timezone.localdate().isoformat(), "support": "indirect"},
        state=count(IctgReferral, case_id=CASE),
    ),
    "api.nrm_referral.get": Endpoint(
        "get", lambda s: f"/api/v1/nrm-referrals/{s.nrm_referral.pk}/", viewed=nrm_viewed
    ),
    "api.nrm_referral.patch": Endpoint(
        "patch",
        lambda s: f"/api/v1/nrm-referrals/{s.nrm_referral.pk}/",
        body=lambda s: {"crime_reference": "CC-1234", "version": s.nrm_referral.version},
        state=field(NrmReferral, NRM_DRAFT, "crime_reference"),
    ),
    "api.nrm_referral.submit": Endpoint(
        "post",
        lambda s: f"/api/v1/nrm-referrals/{s.nrm_referral.pk}/submit/",
        body=_nrm_submission,
        state=field(NrmReferral, NRM_DRAFT, "state"),
        refusal_key="non_field_errors",
    ),
    "api.nrm_referral.decisions": Endpoint(
        "post",
        lambda s: f"/api/v1/nrm-referrals/{s.nrm_submitted.pk}/decisions/",
        body=_nrm_decision,
        state=field(NrmReferral, NRM_SUBMITTED, "state"),
        refusal_key="non_field_errors",
    ),
    "api.nrm_referral.export": Endpoint(
        "get",
        lambda s: f"/api/v1/nrm-referrals/{s.nrm_referral.pk}/export.json",
        viewed=nrm_viewed,
        verb=Verb.NRM_REFERRAL_EXPORTED,
    ),
    "api.duty_to_notify.create": Endpoint(
        "post",
        lambda s: "/api/v1/duty-to-notify/",
        body=lambda s: {
            "gender": "female",
            "nationality": "Albanian",
            "exploitation_types": ["sexual"],
            "what_happened": "Brought to Chester and made to work in a brothel.",
            "cooperates_with_police": False,
        },
        state=count(DutyToNotify),
        refusal_key="non_field_errors",
    ),
    "api.duty_to_notify.list": Endpoint(
        "get",
        lambda s: "/api/v1/duty-to-notify/",
        viewed=duties_viewed,
        lists=json_lists(DUTY),
    ),
    "api.duty_to_notify.get": Endpoint(
        "get", lambda s: f"/api/v1/duty-to-notify/{s.duty_to_notify.pk}/", viewed=duty_viewed
    ),
    "api.duty_to_notify.submit": Endpoint(
        "post",
        lambda s: f"/api/v1/duty-to-notify/{s.duty_to_notify.pk}/submit/",
        body=_nrm_submission,
        state=field(DutyToNotify, DUTY, "state"),
    ),
    "api.duty_to_notify.decisions": Endpoint(
        "post",
        lambda s: f"/api/v1/duty-to-notify/{s.duty_submitted.pk}/decisions/",
        body=_nrm_decision,
        state=field(DutyToNotify, DUTY_SUBMITTED, "state"),
    ),
    "api.duty_to_notify.export": Endpoint(
        "get",
        lambda s: f"/api/v1/duty-to-notify/{s.duty_to_notify.pk}/export.json",
        viewed=duty_viewed,
        verb=Verb.NRM_REFERRAL_EXPORTED,
    ),
    "api.duplicates": Endpoint(
        "get",
        lambda s: "/api/v1/duplicates/",
        viewed=duplicate_queue_viewed,
        lists=json_lists(lambda s: s.duplicate.pk),
    ),
    "api.duplicate.get": Endpoint(
        "get", lambda s: f"/api/v1/duplicates/{s.duplicate.pk}/", viewed=duplicate_viewed
    ),
    "api.notifications": Endpoint(
        "get",
        lambda s: "/api/v1/notifications/",
        lists=json_lists(lambda s: s.notification.pk),
    ),
    "api.notification.read": Endpoint(
        "post",
        lambda s: f"/api/v1/notifications/{s.notification.pk}/read/",
        state=field(Notification, lambda s: s.notification.pk, "read_at"),
    ),
    "api.notifications.read_all": Endpoint(
        "post", lambda s: "/api/v1/notifications/mark-all-read/", others=others_unread
    ),
    # Training (decision 0025): records for those who record training (strategic leads),
    # published results for those who see aggregates. No case content.
    "page.training": Endpoint("get", page("strategy:training"), page=True),
    "page.training.course_add": Endpoint("get", page("strategy:course_add"), page=True),
    "page.training.course_add.post": Endpoint(
        "post",
        page("strategy:course_add"),
        body=lambda s: {"title": "Exploitation", "statements": "I can spot it\nI can act"},
        page=True,
        state=count(TrainingCourse),
    ),
    "page.training.course": Endpoint("get", page("strategy:course", COURSE), page=True),
    "page.training.session_add": Endpoint("get", page("strategy:session_add", COURSE), page=True),
    "page.training.session": Endpoint("get", page("strategy:session", SESSION), page=True),
    "page.training.attendee_add.post": Endpoint(
        "post",
        page("strategy:attendee_add", SESSION),
        body=lambda s: {
            "full_name": "Jo Bloggs",
            "agency": s.world.school.agency.pk,
            "job_role": "Teacher",
        },
        page=True,
        state=count(TrainingAttendee),
    ),
    "page.training.questionnaire": Endpoint(
        "get", page("strategy:questionnaire", ATTENDEE, lambda s: "after"), page=True
    ),
    "page.training.questionnaire.post": Endpoint(
        "post",
        page("strategy:questionnaire", ATTENDEE, lambda s: "after"),
        body=lambda s: {f"statement_{pk}": "4" for pk in _statement_ids(s)},
        page=True,
        state=count(SelfAssessmentAnswer),
    ),
    "api.training.courses": Endpoint("get", lambda s: "/api/v1/training/courses/"),
    "api.training.courses.create": Endpoint(
        "post",
        lambda s: "/api/v1/training/courses/",
        body=lambda s: {"title": "Exploitation", "statements": ["I can spot it", "I can act"]},
        state=count(TrainingCourse),
    ),
    "api.training.sessions": Endpoint(
        "get", lambda s: f"/api/v1/training/courses/{COURSE(s)}/sessions/"
    ),
    "api.training.sessions.create": Endpoint(
        "post",
        lambda s: f"/api/v1/training/courses/{COURSE(s)}/sessions/",
        body=lambda s: {
            "held_on": timezone.localdate().isoformat(),
            "area": "halton",
            "venue": "Widnes",
            "trainer": "ECPAT UK",
        },
        state=count(TrainingSession),
    ),
    "api.training.attendees": Endpoint(
        "get", lambda s: f"/api/v1/training/sessions/{SESSION(s)}/attendees/"
    ),
    "api.training.attendees.create": Endpoint(
        "post",
        lambda s: f"/api/v1/training/sessions/{SESSION(s)}/attendees/",
        body=lambda s: {"full_name": "Jo", "agency": s.world.school.agency.pk, "job_role": "PE"},
        state=count(TrainingAttendee),
    ),
    "api.training.answers.create": Endpoint(
        "post",
        lambda s: f"/api/v1/training/attendees/{ATTENDEE(s)}/self-assessments/",
        body=lambda s: {"stage": "after", "scores": {str(pk): 4 for pk in _statement_ids(s)}},
        state=count(SelfAssessmentAnswer),
    ),
    "api.training.results": Endpoint("get", lambda s: "/api/v1/training/results/"),
    # The anonymised dataset (decision 0031): strategic leads only; the CSV is audited.
    "page.anonymised_dataset": Endpoint("get", page("strategy:anonymised_dataset"), page=True),
    "api.exports.anonymised": Endpoint(
        "get",
        lambda s: "/api/v1/exports/anonymised/?k=11",
        viewed=lambda s, user=None: ("reporting.anonymised_dataset", "pan_cheshire", None),
        verb=Verb.ANONYMISED_DATASET_EXPORTED,
    ),
    "api.exports.anonymised.report": Endpoint(
        "get", lambda s: "/api/v1/exports/anonymised/report/?k=11"
    ),
    # The strategic dashboards (decision 0033): published figures for strategic leads, any
    # authority or Pan Cheshire; each chart's download is audited as an export.
    "page.dashboard": Endpoint("get", page("reporting:dashboard"), page=True),
    "page.dashboard.pan_cheshire": Endpoint(
        "get",
        page("reporting:dashboard", query=f"?area=pan_cheshire&{DASHBOARD_PERIOD}"),
        page=True,
    ),
    "page.dashboard.download": Endpoint(
        "get",
        page(
            "reporting:dashboard_download",
            lambda s: "concerns_raised",
            lambda s: "xlsx",
            query=f"?area=halton&{DASHBOARD_PERIOD}",
        ),
        page=True,
        viewed=lambda s, user: ("dashboard", "concerns_raised", None),
        verb=Verb.DASHBOARD_EXPORTED,
    ),
    "api.dashboard": Endpoint(
        "get", lambda s: "/api/v1/dashboard/?area=warrington&from=2026-01-01&to=2026-03-31"
    ),
    # The Boards' quarterly reports (decision 0034): the PDF for whoever sees the dashboards,
    # every download audited; the commentary written by strategic leads.
    "page.dashboard.board_report": Endpoint(
        "get",
        page("reporting:board_report", query="?area=halton&quarter=2026-Q1"),
        page=True,
        viewed=lambda s, user: ("board_report", "halton:2026-Q1", None),
        verb=Verb.BOARD_REPORT_EXPORTED,
    ),
    "api.dashboard.board_report": Endpoint(
        "get",
        lambda s: "/api/v1/dashboard/report.pdf?area=pan_cheshire&quarter=2026-Q1",
        viewed=lambda s, user: ("board_report", "pan_cheshire:2026-Q1", None),
        verb=Verb.BOARD_REPORT_EXPORTED,
    ),
    "page.board_commentary": Endpoint(
        "get", page("strategy:board_commentary", lambda s: "halton", lambda s: "2026-Q1"), page=True
    ),
    "page.board_commentary.post": Endpoint(
        "post",
        page("strategy:board_commentary", lambda s: "halton", lambda s: "2026-Q1"),
        body=lambda s: {"text": "Referrals rose after the awareness campaign."},
        page=True,
        state=count(BoardCommentary),
    ),
    # Action plans (decision 0025): every plan for strategic leads; a plan for whoever owns
    # one of its actions (Warrington's managers own the scene's). The plan's owner (the
    # strategic lead) adds actions; the action's owner and the plan's owner record progress.
    "page.action_plans": Endpoint(
        "get", page("strategy:action_plans"), page=True, lists=contains(PLAN_PAGE)
    ),
    "page.action_plan_add": Endpoint("get", page("strategy:action_plan_add"), page=True),
    "page.action_plan_add.post": Endpoint(
        "post",
        page("strategy:action_plan_add"),
        body=lambda s: {"area": "pan_cheshire", "title": "Pan Cheshire action plan"},
        page=True,
        state=count(ActionPlan),
    ),
    "page.action_plan": Endpoint("get", PLAN_PAGE, page=True),
    "page.plan_action_add": Endpoint("get", page("strategy:plan_action_add", PLAN), page=True),
    "page.plan_action": Endpoint("get", page("strategy:plan_action", ACTION), page=True),
    "page.plan_action.progress": Endpoint(
        "post",
        page("strategy:plan_action", ACTION),
        body=lambda s: {
            "written_on_day": timezone.localdate().day,
            "written_on_month": timezone.localdate().month,
            "written_on_year": timezone.localdate().year,
            "rag": "green",
            "note": "Half the managers trained.",
        },
        page=True,
        state=count(ProgressUpdate),
    ),
    "api.action_plans": Endpoint("get", lambda s: "/api/v1/action-plans/", lists=json_lists(PLAN)),
    "api.action_plans.create": Endpoint(
        "post",
        lambda s: "/api/v1/action-plans/",
        body=lambda s: {"area": "pan_cheshire", "title": "Pan Cheshire action plan"},
        state=count(ActionPlan),
    ),
    "api.action_plan": Endpoint("get", lambda s: f"/api/v1/action-plans/{PLAN(s)}/"),
    "api.action_plan.actions.create": Endpoint(
        "post",
        lambda s: f"/api/v1/action-plans/{PLAN(s)}/actions/",
        body=lambda s: {
            "priority": "prevent",
            "description": "Run the communications campaign",
            "due_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
            "owner_user": s.world.strategic_lead.pk,
        },
        state=count(PlanAction),
    ),
    "api.plan_action.progress": Endpoint(
        "get", lambda s: f"/api/v1/plan-actions/{ACTION(s)}/progress/"
    ),
    "api.plan_action.progress.create": Endpoint(
        "post",
        lambda s: f"/api/v1/plan-actions/{ACTION(s)}/progress/",
        body=lambda s: {
            "written_on": timezone.localdate().isoformat(),
            "note": "Half the managers trained.",
            "rag": "green",
        },
        state=count(ProgressUpdate),
    ),
    # Intelligence on Amira's case (see the scene): the flat (a P link), the phone (a C link for
    # Warrington alone), a police analyst's merge. Analysts are no column: their own pages and
    # searches are tested in haven/intelligence/tests.
    "api.intelligence.entities": Endpoint(
        "get",
        lambda s: "/api/v1/intelligence/entities/?q=wa12aa",
        lists=json_lists(ENTITY),
    ),
    "api.intelligence.entities.c_link": Endpoint(
        "get",
        lambda s: "/api/v1/intelligence/entities/?q=07700900777",
        lists=json_lists(C_ENTITY),
    ),
    "api.intelligence.entities.create": Endpoint(
        "post",
        lambda s: "/api/v1/intelligence/entities/",
        body=lambda s: {"entity_type": "vehicle", "registration": "xy51 abc"},
        state=count(Entity),
    ),
    "api.intelligence.entity": Endpoint(
        "get", lambda s: f"/api/v1/intelligence/entities/{ENTITY(s)}/", viewed=entity_viewed
    ),
    "api.intelligence.links.create": Endpoint(
        "post",
        lambda s: "/api/v1/intelligence/links/",
        body=lambda s: _link_body(f"case:{s.case.pk}", ENTITY(s)),
        state=count(Link),
    ),
    "api.intelligence.links.between": Endpoint(
        "post",
        lambda s: "/api/v1/intelligence/links/",
        body=lambda s: _link_body(f"entity:{C_ENTITY(s)}", ENTITY(s)),
        state=count(Link),
    ),
    "api.case.intelligence_links": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/intelligence/links/",
        viewed=lambda s, user=None: ("intelligence.link", f"case:{s.case.pk}", s.person.pk),
    ),
    "api.case.intelligence_links.c_link": Endpoint(
        "get",
        lambda s: f"/api/v1/cases/{s.case.pk}/intelligence/links/",
        lists=lambda s, response, content: any(
            item["to"]["id"] == f"entity:{C_ENTITY(s)}" for item in response.json()
        ),
    ),
    "page.intel.workspace": Endpoint("get", page("intelligence:workspace"), page=True),
    "page.intel.search": Endpoint(
        "get",
        page("intelligence:entity_search", query="?q=WA1+2AA"),
        page=True,
        lists=contains(page("intelligence:entity_detail", ENTITY)),
    ),
    "page.intel.entity": Endpoint(
        "get", page("intelligence:entity_detail", ENTITY), viewed=entity_viewed, page=True
    ),
    "page.intel.entity.c_link": Endpoint(
        "get",
        page("intelligence:entity_detail", C_ENTITY),
        viewed=lambda s, user=None: ("intelligence.entity", str(C_ENTITY(s)), None),
        page=True,
    ),
    "page.intel.entity_new": Endpoint("get", page("intelligence:entity_new"), page=True),
    "page.intel.entity_new.post": Endpoint(
        "post",
        page("intelligence:entity_new"),
        body=lambda s: {"entity_type": "vehicle"},
        page=True,
    ),
    "page.intel.entity_new_details": Endpoint(
        "get", page("intelligence:entity_new_details", lambda s: "vehicle"), page=True
    ),
    "page.intel.entity_new_details.post": Endpoint(
        "post",
        page("intelligence:entity_new_details", lambda s: "vehicle"),
        body=lambda s: {"registration": "XY51 ABC"},
        page=True,
        state=count(Entity),
    ),
    "page.intel.entity_link_new": Endpoint(
        "get", page("intelligence:entity_link_new", ENTITY), page=True
    ),
    "page.intel.entity_link_details": Endpoint(
        "get", page("intelligence:entity_link_details", ENTITY, lambda s: "phone"), page=True
    ),
    "page.intel.entity_link_details.post": Endpoint(
        "post",
        page("intelligence:entity_link_details", ENTITY, lambda s: "phone"),
        body=lambda s: {"number": "07700 900888", **_link_form(s)},
        page=True,
        state=count(Link),
    ),
    "page.intel.entity_merge": Endpoint(
        "get", page("intelligence:entity_merge", ENTITY), page=True
    ),
    "page.intel.entity_merge.post": Endpoint(
        "post",
        page("intelligence:entity_merge", lambda s: s.entity_merge.kept_id),
        body=lambda s: {"duplicate": C_ENTITY(s), "reason": "The same."},
        page=True,
        state=count(EntityMerge),
    ),
    "page.intel.merge_reverse": Endpoint(
        "get", page("intelligence:merge_reverse", lambda s: s.entity_merge.pk), page=True
    ),
    "page.intel.merge_reverse.post": Endpoint(
        "post",
        page("intelligence:merge_reverse", lambda s: s.entity_merge.pk),
        page=True,
        state=field(EntityMerge, lambda s: s.entity_merge.pk, "unmerged_at"),
    ),
    "page.case.intel_link_new": Endpoint(
        "get", page("intelligence:case_link_new", CASE), viewed=case_viewed, page=True
    ),
    "page.case.intel_link_new.post": Endpoint(
        "post",
        page("intelligence:case_link_new", CASE),
        body=lambda s: {"entity_type": "phone"},
        page=True,
    ),
    "page.case.intel_link": Endpoint(
        "get",
        page("intelligence:case_link_details", CASE, lambda s: "phone"),
        viewed=case_viewed,
        page=True,
    ),
    "page.case.intel_link.post": Endpoint(
        "post",
        page("intelligence:case_link_details", CASE, lambda s: "phone"),
        body=lambda s: {"number": "07700 900888", **_link_form(s)},
        page=True,
        state=count(Link),
    ),
    # Intelligence hotspots (decision 0028): the flat Amira and two Halton children were found
    # at. Listed for whoever sees the intelligence section of one of those cases (Halton's
    # manager leads the other two); roles that work no cases are refused.
    "page.intelligence.hotspots": Endpoint(
        "get",
        page("intelligence:hotspots"),
        viewed=hotspots_viewed,
        page=True,
        lists=contains(page("intelligence:hotspot", HOTSPOT)),
    ),
    "page.intelligence.hotspot": Endpoint(
        "get", page("intelligence:hotspot", HOTSPOT), viewed=hotspot_viewed, page=True
    ),
    "api.intelligence.hotspots": Endpoint(
        "get", page("api-intelligence-hotspots"), viewed=hotspots_viewed, lists=json_lists(HOTSPOT)
    ),
    # Operational group meetings (decision 0030): the chair (Warrington's manager) runs it;
    # the police practitioner named at it reads it (its subjects restricted for them); for
    # everyone else it does not exist. Analysts and managers of the police or
    # a local authority schedule them.
    "page.groups": Endpoint(
        "get", page("intelligence:groups"), page=True, lists=contains(GROUP_PAGE)
    ),
    "page.group_schedule": Endpoint("get", page("intelligence:group_schedule"), page=True),
    "page.group_schedule.post": Endpoint(
        "post",
        page("intelligence:group_schedule"),
        user_body=lambda s, user: {
            "area": "pan_cheshire",
            **_date_boxes("date", timezone.localdate() + timedelta(days=7)),
            "time": "10:00",
            "chair": user.pk,
        },
        page=True,
        state=count(OperationalGroupMeeting),
    ),
    "page.group": Endpoint("get", GROUP_PAGE, page=True, viewed=_group_viewed),
    "page.group_attendee_add": Endpoint(
        "get", page("intelligence:group_attendee_add", GROUP), page=True
    ),
    "page.group_attendee_add.post": Endpoint(
        "post",
        page("intelligence:group_attendee_add", GROUP),
        body=lambda s: {"user": s.world.school.practitioner.pk, "attendance": "expected"},
        page=True,
        state=count(GroupAttendee),
    ),
    "page.group_attendance": Endpoint(
        "get", page("intelligence:group_attendance", GROUP, GROUP_ATTENDEE), page=True
    ),
    "page.group_attendance.post": Endpoint(
        "post",
        page("intelligence:group_attendance", GROUP, GROUP_ATTENDEE),
        body=lambda s: {"attendance": "apologies", "apologies_note": "In court"},
        page=True,
        state=lambda s: GroupAttendee.objects.get(pk=GROUP_ATTENDEE(s)).attendance,
    ),
    "page.group_subject_add": Endpoint(
        "get", page("intelligence:group_subject_add", GROUP), page=True
    ),
    "page.group_subject_add.post": Endpoint(
        "post",
        page("intelligence:group_subject_add", GROUP),
        body=lambda s: {
            "step": "entity",
            "entity": Entity.objects.get(line="Unit 4, Canal Yard").pk,
        },
        page=True,
        state=count(GroupSubject),
    ),
    "page.group_information_add": Endpoint(
        "get", page("intelligence:group_information_add", GROUP, GROUP_PLACE), page=True
    ),
    "page.group_information_add.post": Endpoint(
        "post",
        page("intelligence:group_information_add", GROUP, GROUP_PLACE),
        body=lambda s: {
            "text": "Children seen going in late at night",
            "source_evaluation": "2",
            "intelligence_assessment": "B",
            "handling_code": "P",
        },
        page=True,
        state=count(GroupInformation),
    ),
    "page.group_action_add": Endpoint(
        "get", page("intelligence:group_action_add", GROUP, GROUP_PLACE), page=True
    ),
    "page.group_action_add.post": Endpoint(
        "post",
        page("intelligence:group_action_add", GROUP, GROUP_PLACE),
        body=lambda s: {
            "title": "Visit the landlord",
            "owner_team": s.world.police.team.pk,
            **_date_boxes("due_on", timezone.localdate() + timedelta(days=14)),
        },
        page=True,
        state=count(DisruptionAction),
    ),
    "page.group_minutes_pdf": Endpoint(
        "get",
        page("intelligence:group_minutes_pdf", GROUP),
        page=True,
        viewed=_group_viewed,
        verb=Verb.GROUP_MINUTES_EXPORTED,
    ),
    # Case audits (decision 0032): the audit is its auditor's (Warrington's); its sample holds
    # Leila's case.
    "page.case_audits": Endpoint(
        "get", page("case_audits:list"), page=True, lists=contains(AUDIT_PAGE)
    ),
    "page.case_audit_start": Endpoint("get", page("case_audits:start"), page=True),
    "page.case_audit_start.post": Endpoint(
        "post",
        page("case_audits:start"),
        body=lambda s: {"title": "Second audit", "method": "criteria", "sample_size": "2"},
        page=True,
        state=count(CaseAudit),
    ),
    "page.case_audit": Endpoint("get", AUDIT_PAGE, page=True, viewed=case_audit_viewed),
    "page.case_audit.grade": Endpoint("get", SAMPLED_PAGE, page=True, viewed=sampled_case_viewed),
    "page.case_audit.grade.post": Endpoint(
        "post",
        SAMPLED_PAGE,
        body=lambda s: {
            **dict.fromkeys(Question.values, "met"),
            "grade": "outstanding",
        },
        page=True,
        state=field(SampledCase, SAMPLED, "grade"),
    ),
    "page.case_audit.action_add": Endpoint(
        "get", page("case_audits:action_add", AUDIT, SAMPLED), page=True
    ),
    "page.case_audit.action_add.post": Endpoint(
        "post",
        page("case_audits:action_add", AUDIT, SAMPLED),
        body=lambda s: {
            "description": "Record Leila's own words at every visit",
            "team": s.world.la("warrington").team.pk,
            "due_on_day": (timezone.localdate() + timedelta(days=14)).day,
            "due_on_month": (timezone.localdate() + timedelta(days=14)).month,
            "due_on_year": (timezone.localdate() + timedelta(days=14)).year,
        },
        page=True,
        state=count(AuditAction),
    ),
    "page.case_audit.complete": Endpoint("get", page("case_audits:complete", AUDIT), page=True),
    "page.case_audit.complete.post": Endpoint(
        "post",
        page("case_audits:complete", AUDIT),
        body=lambda s: {"summary": "Practice was good."},
        page=True,
        state=field(CaseAudit, AUDIT, "status"),
    ),
    # The intelligence network around the case (decision 0029): whoever sees its intelligence
    # section (the lead authority, break-glass); roles that never use intelligence 403.
    "page.intelligence.network": Endpoint(
        "get",
        lambda s: reverse("intelligence:network") + f"?root=case:{s.case.pk}&hops=2",
        viewed=network_viewed,
        page=True,
    ),
    "page.intelligence.network_export": Endpoint(
        "get",
        lambda s: reverse("intelligence:network_export") + f"?root=case:{s.case.pk}&format=ftm",
        viewed=network_viewed,
        verb=Verb.NETWORK_EXPORTED,
        page=True,
    ),
    "api.network": Endpoint(
        "get", lambda s: f"/api/v1/network/?root=case:{s.case.pk}&hops=2", viewed=network_viewed
    ),
    "api.intelligence.export": Endpoint(
        "get",
        lambda s: f"/api/v1/intelligence/export/?root=case:{s.case.pk}&format=graphml",
        viewed=network_viewed,
        verb=Verb.NETWORK_EXPORTED,
    ),
}

# The analysts' own work (no column is an analyst): refused to every role here.
ANALYSTS_ONLY = (403,) * len(ROLES)

# fmt: off
# Columns, in ROLES order: lead practitioner, lead manager, school (live share of chronology and
# notes), health (share expired), Halton manager (unrelated to Amira's case; asked to take over
# Leila's), police raiser, admin, strategic lead, auditor, Cheshire East practitioner
# (break-glass), youth justice manager (live share of tasks and meetings).
MATRIX: dict[str, tuple] = {
    #                                   lprc lmgr schl expd hltn polc admn strt audt bgls yjs
    "page.home":                       (L,   L,   U,   U,   U,   U,   U,   U,   U,   U,   U),
    "page.home.cases":                 (U,   L,   U,   U,   U,   U,   U,   U,   U,   U,   U),
    "page.home.referrals":             (U,   U,   U,   U,   U,   L,   U,   U,   U,   U,   U),
    "api.person.get":                  (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.person.patch":                (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.people.search":               (V,   V,   K,   K,   K,   V,   403, 403, 403, V,   K),
    "api.people.possible_matches":     (V,   V,   K,   K,   K,   V,   403, 403, 403, V,   K),
    "api.concern.create_new_person":   (201, 201, 201, 201, 201, 201, 403, 403, 403, 201, 201),
    "api.concern.create_known_person": (201, 201, 400, 400, 400, 201, 403, 403, 403, 201, 400),
    "api.concern.get_in_case":         (200, 200, 200, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.concern.get_pending":         (200, 200, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "api.front_door.get":              (200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api.concern.decide":              (200, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "api.cases.list":                  (L,   L,   L,   U,   U,   U,   403, 403, 403, L,   L),
    "api.case.get":                    (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.case.export_htcds":           (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.case.close":                  (200, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "api.case.chronology":             (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.share":                  (201, 201, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "api.case.revoke_share":           (204, 204, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api.case.add_note":               (201, 201, 201, 404, 404, 404, 404, 404, 404, 201, 404),
    "api.case.break_glass":            (400, 400, 404, 404, 201, 201, 404, 404, 404, 400, 404),
    "api.case.information":            (201, 201, 403, 404, 404, 404, 404, 404, 404, 201, 403),
    "api.case.allocate":               (403, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "api.me":                          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api.screening.assess":            (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "page.person":                     (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.people.search":              (V,   V,   K,   K,   K,   V,   403, 403, 403, V,   K),
    "page.concern":                    (200, 200, 200, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.front_door":                 (200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "page.cases.list":                 (L,   L,   L,   U,   U,   U,   403, 403, 403, L,   L),
    "page.case":                       (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.case.chronology":            (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.person.edit":                (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.person.add_alias":           (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.person.add_identifier":      (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.person.add_phone":           (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.person.add_address":         (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.person.add_relationship":    (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.concern.start":              (200, 200, 200, 200, 200, 200, 403, 403, 403, 200, 200),
    "page.concern.new_person":         (200, 200, 200, 200, 200, 200, 403, 403, 403, 200, 200),
    "page.concern.known_person":       (200, 200, 404, 404, 404, 200, 403, 403, 403, 200, 404),
    "page.concern.decide":             (200, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.front_door.start":           (302, 302, 200, 200, 302, 200, 403, 403, 403, 302, 200),
    "page.case.add_note":              (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.case.share":                 (200, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.case.revoke_share":          (302, 302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "page.case.close":                 (200, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.case.summary":               (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.case.summary_pdf":           (200, 200, 200, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.case.allocate":              (403, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.case.allocate.post":         (403, 302, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.case.transfer":              (403, 200, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.case.transfer.post":         (403, 302, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.transfers":                  (L,   L,   U,   U,   L,   U,   403, 403, 403, U,   U),
    "page.transfer":                   (200, 200, 404, 404, 200, 404, 404, 404, 404, 404, 404),
    "page.transfer.accept":            (403, 403, 404, 404, 302, 404, 404, 404, 404, 404, 404),
    "page.transfer.decline":           (403, 403, 404, 404, 302, 404, 404, 404, 404, 404, 404),
    "page.transfer.withdraw":          (403, 302, 404, 404, 403, 404, 404, 404, 404, 404, 404),
    "page.case.break_glass":           (200, 200, 403, 403, 200, 200, 403, 403, 403, 200, 403),
    "page.break_glass.start":          (200, 200, 403, 403, 200, 200, 403, 403, 403, 200, 403),
    "page.break_glass.reviews":        (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.break_glass.review":         (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 403),
    "page.break_glass.approvals":      (403, 200, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "page.break_glass.approve":        (403, 404, 403, 403, 302, 403, 403, 403, 403, 403, 404),
    "page.tasks":                      (L,   L,   U,   U,   U,   U,   403, 403, 403, U,   U),
    "page.tasks.unassigned":           (L,   L,   U,   U,   U,   U,   403, 403, 403, U,   U),
    "page.task":                       (200, 200, 404, 404, 404, 404, 403, 403, 403, 200, 200),
    "page.task.assign":                (403, 302, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.task.take":                  (302, 302, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.task.referral":              (200, 200, 404, 404, 404, 200, 403, 403, 403, 200, 200),
    "page.task.complete":              (302, 302, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.task.not_needed":            (302, 302, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.task.approve_not_needed":    (403, 302, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.case.reunification":         (200, 200, 403, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.case.reunification.post":    (302, 302, 403, 404, 404, 404, 403, 403, 403, 403, 403),
    "page.meeting.schedule":           (403, 200, 403, 403, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting.schedule.post":      (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting":                    (200, 200, 404, 404, 404, 200, 403, 403, 403, 200, 200),
    "page.meeting.invitation":         (403, 302, 404, 404, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting.attendee":           (403, 302, 404, 404, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting.attendee.remove":    (403, 302, 404, 404, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting.apologies":          (302, 302, 404, 404, 404, 302, 403, 403, 403, 403, 403),
    "page.meeting.outcome":            (403, 302, 404, 404, 404, 403, 403, 403, 403, 403, 403),
    "page.meeting.minutes":            (200, 200, 404, 404, 404, 200, 403, 403, 403, 200, 200),
    "page.screening.override":         (403, 200, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.screening.override.post":    (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.screening.override_decide":  (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.case.information":           (200, 200, 403, 404, 404, 404, 403, 403, 403, 200, 403),
    "page.case.information.post":      (302, 302, 403, 404, 404, 404, 403, 403, 403, 302, 403),
    "page.duplicates":                 (403, L,   403, 403, U,   403, 403, 403, 403, 403, U),
    "page.duplicate":                  (403, 200, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.duplicates.agree_merge":     (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.duplicates.reject":          (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.duplicates.unmerge":         (403, 302, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "page.notifications":              (U,   U,   L,   U,   U,   U,   U,   U,   U,   U,   U),
    "page.notification.open":          (B,   B,   302, B,   B,   B,   B,   B,   B,   B,   B),
    "page.notifications.read_all":     (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "page.case.placements.add":        (200, 200, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "page.case.placements.add.post":   (302, 302, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "page.placement":                  (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.placement.safety_plan":      (200, 200, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "page.placement.safety_plan.post": (302, 302, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "page.escalation":                 (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.escalation.acknowledge":     (403, 302, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "api.case.placements":             (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.placements.create":      (201, 201, 404, 404, 404, 404, 404, 404, 404, 403, 404),
    "api.placement.get":               (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.tasks":                  (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.tasks":                       (L,   L,   U,   U,   U,   U,   403, 403, 403, U,   U),
    "api.task.complete":               (200, 200, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "api.task.assign":                 (403, 200, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "api.task.take":                   (200, 200, 404, 404, 404, 404, 403, 403, 403, 403, 403),
    "api.case.meetings":               (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.case.meetings.schedule":      (403, 201, 403, 403, 404, 403, 403, 403, 403, 403, 403),
    "api.meeting.get":                 (200, 200, 404, 404, 404, 200, 403, 403, 403, 200, 200),
    "api.meeting.outcome":             (403, 200, 404, 404, 404, 403, 403, 403, 403, 403, 403),
    "page.case.documents.add":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.case.documents.add.post":    (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 302),
    "page.document.download":          (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.document.withdraw":          (403, 200, 404, 404, 404, 404, 404, 404, 404, 403, 403),
    "page.document.withdraw.post":     (403, 302, 404, 404, 404, 404, 404, 404, 404, 403, 403),
    "api.case.documents":              (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    # The profile: the lead authority (also its responsible authority) and break-glass keep it;
    # shares of other sections, the police who raised the concern and roles without case work
    # get "not found".
    "page.philomena.profile":          (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.philomena.edit":             (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.philomena.edit.post":        (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 404),
    "page.philomena.photograph_upload": (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.philomena.photograph_upload.post":
                                       (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 404),
    "page.philomena.photograph":       (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.philomena.grab_pack":        (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.philomena.profile":           (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.philomena.profile.patch":     (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.philomena.photograph":        (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.philomena.grab_pack":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.documents.upload":       (201, 201, 404, 404, 404, 404, 404, 404, 404, 201, 201),
    "api.document.download":           (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.missing.report":             (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.missing.report.post":        (302, 302, 404, 404, 404, 302, 404, 404, 404, 302, 404),
    "page.missing.episode":            (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.missing.police":             (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.missing.police.post":        (302, 302, 404, 404, 404, 302, 404, 404, 404, 302, 404),
    "page.missing.return":             (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.missing.return.post":        (302, 302, 404, 404, 404, 302, 404, 404, 404, 302, 404),
    "page.missing.interview":          (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "page.missing.interview.post":     (302, 302, 404, 404, 404, 302, 404, 404, 404, 302, 404),
    "api.missing.report":              (201, 201, 404, 404, 404, 201, 404, 404, 404, 201, 404),
    "api.missing.get":                 (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.missing.police":              (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.missing.return":              (200, 200, 404, 404, 404, 200, 404, 404, 404, 200, 404),
    "api.missing.interview":           (201, 201, 404, 404, 404, 201, 404, 404, 404, 201, 404),
    "api.case.missing":                (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.investigations":         (200, 200, 200, 404, 404, 200, 404, 404, 404, 200, 200),
    "api.case.investigations.create":  (403, 403, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.investigation.get":           (200, 200, 200, 404, 404, 200, 404, 404, 404, 200, 200),
    "api.investigation.suspects":      (L,   L,   U,   404, 404, L,   404, 404, 404, L,   L),
    "api.investigation.close":         (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "api.investigation.orders":        (403, 403, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.investigation.breaches":      (403, 403, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.investigation.outcomes":      (403, 403, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.investigation.arrests":       (403, 403, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.investigation.review":        (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "api.investigation.updates":       (201, 201, 403, 404, 404, 201, 404, 404, 404, 403, 403),
    "api.reference.schedule_4":        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "page.investigation":              (200, 200, 200, 404, 404, 200, 404, 404, 404, 200, 200),
    "page.investigation.suspects":     (L,   L,   U,   404, 404, L,   404, 404, 404, L,   L),
    "page.case.investigation.open":    (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.case.investigation.open.post": (403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.edit":         (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.edit.post":    (403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.suspect_add":  (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.suspect_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.order_add":    (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.order_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.breach_add":   (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.breach_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.outcome_add":  (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.outcome_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.arrest_add":   (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.arrest_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.review_add":   (403, 403, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.review_add.post":(403, 403, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.investigation.update_add":   (200, 200, 403, 404, 404, 200, 404, 404, 404, 403, 403),
    "page.investigation.update_add.post": (302, 302, 403, 404, 404, 302, 404, 404, 404, 403, 403),
    "page.nrm.start":                  (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.nrm.start.post":             (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 302),
    "page.nrm.referral":               (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.nrm.edit":                   (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.nrm.submit":                 (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 403),
    "page.nrm.submit.post":            (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 403),
    "page.nrm.decision":               (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 403),
    "page.nrm.decision.post":          (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 403),
    "page.nrm.pdf":                    (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.nrm.ictg":                   (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "page.nrm.ictg.post":              (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 302),
    "page.nrm.duty_new":               (200, 200, 403, 403, 200, 200, 403, 403, 403, 200, 403),
    "page.nrm.duty":                   (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "page.nrm.duties":                 (U,   U,   U,   U,   U,   L,   403, 403, 403, U,   U),
    "page.nrm.duty_submit":            (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "page.nrm.duty_submit.post":       (404, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    "page.nrm.duty_decision":          (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "page.nrm.duty_decision.post":     (404, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    "api.case.nrm_referrals.create":   (201, 201, 404, 404, 404, 404, 404, 404, 404, 201, 201),
    "api.case.ictg_referrals":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.case.ictg_referrals.create":  (201, 201, 404, 404, 404, 404, 404, 404, 404, 201, 201),
    "api.nrm_referral.get":            (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.nrm_referral.patch":          (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.nrm_referral.submit":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 403),
    "api.nrm_referral.decisions":      (201, 201, 404, 404, 404, 404, 404, 404, 404, 201, 403),
    "api.nrm_referral.export":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "api.duty_to_notify.create":       (201, 201, 403, 403, 201, 201, 403, 403, 403, 201, 403),
    "api.duty_to_notify.list":         (U,   U,   U,   U,   U,   L,   403, 403, 403, U,   U),
    "api.duty_to_notify.get":          (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "api.duty_to_notify.submit":       (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "api.duty_to_notify.decisions":    (404, 404, 404, 404, 404, 201, 404, 404, 404, 404, 404),
    "api.duty_to_notify.export":       (404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "api.duplicates":                  (403, L,   403, 403, U,   403, 403, 403, 403, 403, U),
    "api.duplicate.get":               (403, 200, 403, 403, 404, 403, 403, 403, 403, 403, 404),
    "api.notifications":               (U,   U,   L,   U,   U,   U,   U,   U,   U,   U,   U),
    "api.notification.read":           (404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404),
    "api.notifications.read_all":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Training: strategic leads only (they record it and see its results); no case content.
    "page.training":                   (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.course_add":        (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.course_add.post":   (403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403),
    "page.training.course":            (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.session_add":       (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.session":           (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.attendee_add.post": (403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403),
    "page.training.questionnaire":     (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.training.questionnaire.post":(403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403),
    "api.training.courses":            (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.training.courses.create":     (403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403),
    "api.training.sessions":           (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.training.sessions.create":    (403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403),
    "api.training.attendees":          (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.training.attendees.create":   (403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403),
    "api.training.answers.create":     (403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403),
    "api.training.results":            (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.anonymised_dataset":         (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.exports.anonymised":          (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.exports.anonymised.report":   (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    # Dashboards: strategic leads only (published figures, no case content).
    "page.dashboard":                  (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.dashboard.pan_cheshire":     (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.dashboard.download":         (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.dashboard":                   (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.dashboard.board_report":     (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "api.dashboard.board_report":      (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.board_commentary":           (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.board_commentary.post":      (403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403),
    # Action plans: the strategic lead owns Warrington's plan; Warrington's managers own its
    # action (so read the plan); anyone else has no plan to see.
    "page.action_plans":               (U,   L,   U,   U,   U,   U,   U,   L,   U,   U,   U),
    "page.action_plan_add":            (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403),
    "page.action_plan_add.post":       (403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403),
    "page.action_plan":                (404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "page.plan_action_add":            (404, 403, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "page.plan_action":                (404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "page.plan_action.progress":       (404, 302, 404, 404, 404, 404, 404, 302, 404, 404, 404),
    "api.action_plans":                (U,   L,   U,   U,   U,   U,   U,   L,   U,   U,   U),
    "api.action_plans.create":         (403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403),
    "api.action_plan":                 (404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "api.action_plan.actions.create":  (404, 403, 404, 404, 404, 404, 404, 201, 404, 404, 404),
    "api.plan_action.progress":        (404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "api.plan_action.progress.create": (404, 201, 404, 404, 404, 404, 404, 201, 404, 404, 404),
    # Intelligence: who sees the case's intelligence section (the lead authority, break-glass)
    # sees its links and the entities they reach; the C link exists for Warrington alone (not
    # the break-glass user); analysts' own work (recording an entity, linking two, merging) is
    # 403 to every role here. Roles without intelligence (admin, strategic lead, auditor): 403.
    "api.intelligence.entities":       (L,   L,   U,   U,   U,   U,   403, 403, 403, L,   U),
    "api.intelligence.entities.c_link":(L,   L,   U,   U,   U,   U,   403, 403, 403, U,   U),
    "api.intelligence.entities.create":(201, 201, 201, 201, 201, 201, 403, 403, 403, 201, 201),
    "api.intelligence.entity":         (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.intelligence.links.create":   (201, 201, 404, 404, 404, 404, 403, 403, 403, 201, 404),
    "api.intelligence.links.between": ANALYSTS_ONLY,
    "api.case.intelligence_links":     (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "api.case.intelligence_links.c_link": (L, L,   404, 404, 404, 404, 404, 404, 404, U,   404),
    "page.intel.workspace":     (200, 200, 200, 200, 200, 200, 403, 403, 403, 200, 200),
    "page.intel.search":        (L,   L,   U,   U,   U,   U,   403, 403, 403, L,   U),
    "page.intel.entity":        (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.intel.entity.c_link": (200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "page.intel.entity_new": ANALYSTS_ONLY,
    "page.intel.entity_new.post": ANALYSTS_ONLY,
    "page.intel.entity_new_details": ANALYSTS_ONLY,
    "page.intel.entity_new_details.post": ANALYSTS_ONLY,
    "page.intel.entity_link_new": ANALYSTS_ONLY,
    "page.intel.entity_link_details": ANALYSTS_ONLY,
    "page.intel.entity_link_details.post": ANALYSTS_ONLY,
    "page.intel.entity_merge": ANALYSTS_ONLY,
    "page.intel.entity_merge.post": ANALYSTS_ONLY,
    "page.intel.merge_reverse": ANALYSTS_ONLY,
    "page.intel.merge_reverse.post": ANALYSTS_ONLY,
    "page.case.intel_link_new": (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.case.intel_link_new.post": (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 404),
    "page.case.intel_link": (200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "page.case.intel_link.post": (302, 302, 404, 404, 404, 404, 404, 404, 404, 302, 404),
    "page.intelligence.hotspots":      (L,   L,   U,   U,   L,   U,   403, 403, 403, L,   U),
    "page.intelligence.hotspot":       (200, 200, 404, 404, 200, 404, 403, 403, 403, 200, 404),
    "api.intelligence.hotspots":       (L,   L,   U,   U,   L,   U,   403, 403, 403, L,   U),
    # Operational group meetings (decision 0030).
    "page.groups":                     (U,   L,   U,   U,   U,   L,   403, 403, 403, U,   U),
    "page.group_schedule":             (403, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    "page.group_schedule.post":        (403, 302, 403, 403, 302, 403, 403, 403, 403, 403, 403),
    "page.group":                      (404, 200, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "page.group_attendee_add":         (404, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_attendee_add.post":    (404, 302, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_attendance":           (404, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_attendance.post":      (404, 302, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_subject_add":          (404, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_subject_add.post":     (404, 302, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    # The police practitioner sees the meeting but not the case's intelligence, so not the
    # address only that case links to: a restricted subject, "not found" here.
    "page.group_information_add":      (404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "page.group_information_add.post": (404, 302, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "page.group_action_add":           (404, 200, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_action_add.post":      (404, 302, 404, 404, 404, 403, 404, 404, 404, 404, 404),
    "page.group_minutes_pdf":          (404, 200, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    # Case audits: auditors only; the audit is Warrington's auditor's, anyone else's 404.
    "page.case_audits":                (403, 403, 403, 403, 403, 403, 403, 403, L,   403, 403),
    "page.case_audit_start":           (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.case_audit_start.post":      (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 403),
    "page.case_audit":                 (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.case_audit.grade":           (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.case_audit.grade.post":      (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 403),
    "page.case_audit.action_add":      (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.case_audit.action_add.post": (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 403),
    "page.case_audit.complete":        (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403),
    "page.case_audit.complete.post":   (403, 403, 403, 403, 403, 403, 403, 403, 302, 403, 403),
    "page.intelligence.network":       (200, 200, 404, 404, 404, 404, 403, 403, 403, 200, 404),
    "page.intelligence.network_export":(200, 200, 404, 404, 404, 404, 403, 403, 403, 200, 404),
    "api.network":                     (200, 200, 404, 404, 404, 404, 403, 403, 403, 200, 404),
    "api.intelligence.export":         (200, 200, 404, 404, 404, 404, 403, 403, 403, 200, 404),
}
# fmt: on

# Cells where the code does not yet follow the rule: the cell says what the rule says, the test
# is expected to fail until the code does (strict: a fix must remove the entry). None today: the
# 37 gaps the matrix found were closed by the one access door (decision 0012).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def _cell(name: str, role: str, expected, *, gap_of: str | None = None):
    reason = KNOWN_GAPS.get((name, gap_of or role))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, role, expected, id=f"{name}-{role}", marks=marks)


# Every cell runs on SQLite. The PostgreSQL run (make test-postgres) leaves out the cells marked
# ``matrix_repeat``: there, each row runs once for each outcome it has (one role for 200, one for
# 404, ...), by whichever role with that outcome has played fewest rows, so that every column is
# played on PostgreSQL. Who gets which outcome is decided by the access door's rules, the same
# on both databases; what the database could change is how a row's queries run, and every row
# and outcome still runs there. This kept the suite inside its 20 minutes (decision 0055).
MATRIX_REPEAT = pytest.mark.matrix_repeat


def with_repeats_marked(cells: list) -> list:
    """``cells`` with ``matrix_repeat`` on all but one of each (row, outcome): the one kept is
    the role with that outcome that has played fewest rows so far (the first of them on a tie)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, cell in enumerate(cells):
        name, _role, expected = cell.values
        groups[(name, expected)].append(index)
    rows_played: Counter[str] = Counter()
    played = set()
    for members in groups.values():
        kept = min(members, key=lambda index: rows_played[cells[index].values[1]])
        rows_played[cells[kept].values[1]] += 1
        played.add(kept)
    return [
        cell
        if index in played
        else pytest.param(*cell.values, id=cell.id, marks=[*cell.marks, MATRIX_REPEAT])
        for index, cell in enumerate(cells)
    ]


CELLS = with_repeats_marked(
    [
        _cell(endpoint, role, expected)
        for endpoint, row in MATRIX.items()
        for role, expected in zip(ROLES, row, strict=True)
    ]
)


def test_every_endpoint_has_a_row_and_every_row_an_endpoint():
    assert set(MATRIX) == set(ENDPOINTS)
    assert {name for name, _ in KNOWN_GAPS} <= set(MATRIX)
    assert {role for _, role in KNOWN_GAPS} <= set(ROLES)


# One scene per module and test worker, built in a transaction that is rolled back at the end;
# each test runs in a savepoint inside it (pytest-django's ``django_db``), so what one test
# changes is gone before the next. Building it for every test took most of the matrix's time.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def _shared_scene(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                built = build_matrix_scene()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def scene(_shared_scene) -> MatrixScene:
    return _shared_scene


def _call(scene: MatrixScene, endpoint: Endpoint, user, verified_client, verified_api_client):
    client = verified_client(user) if endpoint.page else verified_api_client(user)
    url = endpoint.url(scene)
    body = endpoint.body(scene) if endpoint.body else None
    if endpoint.user_body:
        body = endpoint.user_body(scene, user)
    call = getattr(client, endpoint.method)
    if body is None:
        return call(url)
    if endpoint.page:
        return call(url, body)
    return call(url, body, format=endpoint.format)


def _audit_rows(user, target: tuple[str, str, int | None], verb: str):
    target_type, target_id, person_id = target
    about = {"person_id": person_id} if person_id is not None else {"person_id__isnull": True}
    return AuditEvent.objects.filter(
        actor=user, verb=verb, target_type=target_type, target_id=target_id, **about
    )


def check_cell(scene: MatrixScene, name: str, user, expected, verified_client, verified_api_client):
    """One cell: ``user`` calls row ``name``'s endpoint and gets ``expected``. Raises
    AssertionError otherwise."""
    endpoint = ENDPOINTS[name]
    before = endpoint.state(scene) if endpoint.state else None
    others_before = endpoint.others(scene, user) if endpoint.others else None
    response = _call(scene, endpoint, user, verified_client, verified_api_client)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content = body.decode(errors="replace")

    if expected in (VISIBLE, KNOWN_TO):
        assert response.status_code == 200, content[:500]
        (endpoint.search or _assert_search)(scene, endpoint, response, content, expected)
    elif expected == BACK:
        assert response.status_code == 302, content[:500]
        assert response.url == reverse("notifications:list")
    elif expected in (LISTED, UNLISTED):
        assert response.status_code == 200, content[:500]
        listed = (endpoint.lists or _case_listed)(scene, response, content)
        assert listed is (expected == LISTED)
    else:
        assert response.status_code == expected, content[:500]
        if not endpoint.page and expected in (403, 404):
            assert list(response.json()) == ["errors"]
            key = endpoint.refusal_key if expected == 403 else "detail"
            assert list(response.json()["errors"]) == [key]
        if expected == 404:
            # Not found looks the same whether or not the record exists: nothing of it leaks.
            for secret in (scene.person.given_name, scene.person.family_name, "HVN-"):
                assert secret not in content

    if endpoint.state is not None:
        changed = endpoint.state(scene) != before
        assert changed is (expected in SUCCESS), "only a cell that succeeds may change anything"
    if endpoint.others is not None:
        assert endpoint.others(scene, user) == others_before, "nobody else's records change"

    if endpoint.viewed is not None:
        rows = _audit_rows(user, endpoint.viewed(scene, user), endpoint.verb)
        if response.status_code == 200:
            assert rows.exists(), "a successful view must leave an audit row"
        elif response.status_code == 404:
            assert not rows.exists(), "a record not found must not be recorded as viewed"


@pytest.mark.parametrize(("endpoint_name", "role", "expected"), CELLS)
def test_access(scene, verified_client, verified_api_client, endpoint_name, role, expected):
    user = user_for(scene, role)
    check_cell(scene, endpoint_name, user, expected, verified_client, verified_api_client)


def _assert_search(scene, endpoint, response, content, expected):
    person = scene.person
    if endpoint.page:
        if expected == VISIBLE:
            assert person.family_name in content
        else:
            assert person.family_name not in content
            assert "Known to" in content
        return
    # Name matching also finds look-alike records (the scene's "Ameera Hadad"): the child's own
    # result is the one this cell is about.
    results = response.json()["results"]
    if expected == VISIBLE:
        assert any(r["visible"] and r["id"] == person.pk for r in results), results
        return
    assert not any(r["visible"] and r.get("id") == person.pk for r in results)
    [result] = [
        r
        for r in results
        if not r["visible"] and r["known_to"]["agency"] == scene.case.lead_agency.name
    ]
    # The deliberate exception to "not found": who to contact, and nothing about the child.
    assert set(result) == {"visible", "known_to", "message"}
    assert result["known_to"]["team"] == scene.case.lead_team.name
    assert result["message"].startswith(f"Known to {scene.case.lead_agency.name}, contact ")
    raw = json.dumps(response.json())
    for secret in (person.given_name, person.family_name, str(person.date_of_birth.year)):
        assert secret not in raw


def _assert_possible_matches(scene, endpoint, response, content, expected):
    person = scene.person
    results = response.json()["results"]
    shown = [r for r in results if r["visible"] and r["person_id"] == person.pk]
    if expected == VISIBLE:
        assert shown, results
        return
    # Only "possibly known to" the lead authority: not the record, its names or its birthday.
    assert not shown
    assert any(
        not r["visible"] and r["known_to"]["agency"] == scene.case.lead_agency.name for r in results
    ), results
    hidden = json.dumps([r for r in results if not r["visible"]])
    for secret in (person.given_name, person.family_name, person.date_of_birth.isoformat()):
        assert secret not in hidden


def _case_listed(scene, response, content) -> bool:
    if response.get("Content-Type", "").startswith("application/json"):
        return scene.case.pk in [case["id"] for case in response.json()["results"]]
    return scene.case.reference in content


# ---------------------------------------------------------------------------------------------
# The administrators' pages: who reaches another agency's user, the auditors' page, and personal
# API tokens.
#
# Columns: the scene's roles (its administrator and auditor are Warrington's), then a partnership
# administrator and a partnership auditor of Cheshire West and Chester. "Other agency" is the
# police practitioner (not Warrington's); "own agency" is Warrington's practitioner. A user the
# caller may not manage is 404, as if they did not exist, when they belong to another agency;
# 403 answers a role that never administers. ``L`` / ``U``: the page does / does not list the
# other agency's user (or, for the tokens page, the police practitioner's token). POST rows that
# succeed answer 302 and change what they act on; others change nothing.

ADMIN_ROLES = (*ROLES, "partnership_admin", "partnership_auditor")
# The partnership roles get exactly these columns' cells of MATRIX (no case content)...
PARTNERSHIP_SAME_AS = {"partnership_admin": "admin", "partnership_auditor": "auditor"}
# ...except here. Break-glass into a case is reviewed by the auditors of the authority that
# leads it (docs/security.md, "Reviewing"); the partnership auditor is Cheshire West's.
PARTNERSHIP_DIFFERS = {
    ("page.break_glass.review", "partnership_auditor"): 404,
    # A case audit is its auditor's alone: the partnership auditor has audits of their own.
    ("page.case_audits", "partnership_auditor"): UNLISTED,
    **{
        (name, "partnership_auditor"): 404
        for name in (
            "page.case_audit",
            "page.case_audit.grade",
            "page.case_audit.grade.post",
            "page.case_audit.action_add",
            "page.case_audit.action_add.post",
            "page.case_audit.complete",
            "page.case_audit.complete.post",
        )
    },
}


def admin_user_for(scene: MatrixScene, role: str):
    if role in ROLES:
        return user_for(scene, role)
    west = scene.world.la("cheshire_west_and_chester")
    return UserFactory(
        email=f"{role}@cheshire-west-and-chester.test",
        full_name=f"{role.replace('_', ' ').title()} of Cheshire West",
        agency=west.agency,
        team=west.team,
        role=Role(role),
    )


def other_agency_user(s: MatrixScene):
    return s.world.police.practitioner


def own_agency_user(s: MatrixScene):
    return s.world.la("warrington").practitioner


def halton_manager(s: MatrixScene):
    return s.world.la("halton").manager


def _user_state(s: MatrixScene, about) -> tuple:
    user = User.objects.get(pk=about.pk)
    return (user.full_name, user.role, user.is_active, user.totpdevice_set.count())


@dataclass(frozen=True)
class AdminPage:
    method: str
    url: Callable[[MatrixScene], str]
    # The user the page is about: their name shows on a 200 and never on a 404.
    about: Callable[[MatrixScene], object] | None = None
    # A dict, or made from the scene.
    body: dict | Callable[[MatrixScene], dict] | None = None
    # What shows the record on the page, when not the user's name.
    marker: Callable[[MatrixScene], str] | None = None
    # What a POST may change (default: the user's name, role, activity and second factors).
    state: Callable[[MatrixScene, object], object] = _user_state
    # What a POST about no user may change, read before and after: changed exactly on a 302.
    changes: Callable[[MatrixScene], object] | None = None


def _user_page(name: str, who, action: str | None = None) -> Callable[[MatrixScene], str]:
    def url(s: MatrixScene) -> str:
        args = [who(s).pk] if action is None else [who(s).pk, action]
        return reverse(name, args=args)

    return url


ADMIN_PAGES: dict[str, AdminPage] = {
    "admin.users": AdminPage("get", page("accounts:user_list")),
    "admin.users.find_other": AdminPage(
        "get",
        lambda s: reverse("accounts:user_list") + f"?q={other_agency_user(s).email}",
        about=other_agency_user,
    ),
    "admin.agencies": AdminPage("get", page("accounts:agency_list")),
    "admin.edit.own": AdminPage(
        "get", _user_page("accounts:user_edit", own_agency_user), about=own_agency_user
    ),
    "admin.edit.other": AdminPage(
        "get", _user_page("accounts:user_edit", other_agency_user), about=other_agency_user
    ),
    **{
        f"admin.{short}.other": AdminPage(
            "get",
            _user_page("accounts:user_action", other_agency_user, action),
            about=other_agency_user,
        )
        for short, action in (
            ("deactivate", "deactivate"),
            ("activate", "activate"),
            ("reset_2fa", "reset-two-factor"),
            ("send_reset", "send-password-reset"),
        )
    },
    "admin.deactivate.post": AdminPage(
        "post",
        _user_page("accounts:user_action", other_agency_user, "deactivate"),
        about=other_agency_user,
        body={"reason": "Left the service"},
    ),
    "admin.reset_2fa.post": AdminPage(
        "post",
        _user_page("accounts:user_action", other_agency_user, "reset-two-factor"),
        about=other_agency_user,
        body={"reason": "Lost phone"},
    ),
    "admin.edit.post": AdminPage(
        "post",
        _user_page("accounts:user_edit", other_agency_user),
        about=other_agency_user,
        body={"full_name": "Renamed By Someone", "role": "manager"},  # team added per scene
    ),
    # A local authority's senior officers (told of safe-house escalations): Warrington's own,
    # Halton's (another authority: its manager is offered), and setting Halton's.
    "admin.officers.own": AdminPage(
        "get",
        page("accounts:agency_senior_officers", lambda s: own_agency_user(s).agency_id),
        about=own_agency_user,
    ),
    "admin.officers.other": AdminPage(
        "get",
        page("accounts:agency_senior_officers", lambda s: halton_manager(s).agency_id),
        about=halton_manager,
    ),
    "admin.officers.post": AdminPage(
        "post",
        page("accounts:agency_senior_officers", lambda s: halton_manager(s).agency_id),
        about=halton_manager,
        body=lambda s: {"head_of_service": halton_manager(s).pk},
        state=lambda s, about: Agency.objects.get(pk=about.agency_id).head_of_service_id,
    ),
    "page.password_reset": AdminPage("get", page("accounts:password_reset")),
    "page.audit": AdminPage("get", page("audit:event_list")),
    # The national NRM figures (decision 0018): published aggregates, for strategic leads.
    "strategy.figures": AdminPage("get", page("strategy:national_figures")),
    "strategy.figures.add": AdminPage("get", page("strategy:national_figures_add")),
    "strategy.figures.post": AdminPage(
        "post",
        page("strategy:national_figures_add"),
        body={"year": "2016", "child_referrals": "1575", "source": "NRM statistics for 2016"},
        changes=lambda s: NationalReferralFigures.objects.filter(year=2016).exists(),
    ),
    # Personal API tokens: each user sees and revokes their own, never anyone else's.
    "tokens.list": AdminPage("get", page("accounts:token_list"), marker=lambda s: s.token.name),
    "tokens.revoke.police": AdminPage(
        "post",
        page("accounts:token_revoke", lambda s: s.token.pk),
        about=other_agency_user,
        state=lambda s, about: ApiToken.objects.get(pk=s.token.pk).revoked_at,
    ),
}

# fmt: off
# Columns, in ADMIN_ROLES order: lead practitioner, lead manager, school, health, Halton manager,
# police raiser, (Warrington) admin, strategic lead, (Warrington) auditor, Cheshire East
# practitioner (break-glass), youth justice manager, partnership admin, partnership auditor.
ADMIN_MATRIX: dict[str, tuple] = {
    #                          lprc lmgr schl expd hltn polc admn strt audt bgls yjs  padm paud
    "admin.users":            (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403),
    "admin.users.find_other": (403, 403, 403, 403, 403, 403, U,   403, 403, 403, 403, L,   403),
    "admin.agencies":         (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403),
    "admin.edit.own":         (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403),
    "admin.edit.other":       (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.deactivate.other": (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.activate.other":   (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.reset_2fa.other":  (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.send_reset.other": (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.deactivate.post":  (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 302, 403),
    "admin.reset_2fa.post":   (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 302, 403),
    "admin.edit.post":        (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 302, 403),
    "admin.officers.own":     (403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 200, 403),
    "admin.officers.other":   (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 200, 403),
    "admin.officers.post":    (403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 302, 403),
    "page.password_reset":    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "page.audit":             (403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "strategy.figures":       (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403),
    "strategy.figures.add":   (403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403),
    "strategy.figures.post":  (403, 403, 403, 403, 403, 403, 403, 302, 403, 403, 403, 403, 403),
    "tokens.list":            (U,   U,   U,   U,   U,   L,   U,   403, 403, U,   U,   U,   403),
    "tokens.revoke.police":   (404, 404, 404, 404, 404, 302, 404, 403, 403, 404, 404, 404, 403),
}
# fmt: on

ADMIN_CELLS = with_repeats_marked(
    [
        pytest.param(name, role, expected, id=f"{name}-{role}")
        for name, row in ADMIN_MATRIX.items()
        for role, expected in zip(ADMIN_ROLES, row, strict=True)
    ]
)


def test_every_admin_page_has_a_row_and_every_row_a_page():
    assert set(ADMIN_MATRIX) == set(ADMIN_PAGES)


@pytest.mark.parametrize(("name", "role", "expected"), ADMIN_CELLS)
def test_admin_access(scene, verified_client, name, role, expected):
    admin_page = ADMIN_PAGES[name]
    about = admin_page.about(scene) if admin_page.about else None
    caller = admin_user_for(scene, role)
    if about is not None:
        # The other agency's user has a second factor to lose, and a team to stay in.
        about.totpdevice_set.get_or_create(name="default", defaults={"confirmed": True})
        before = admin_page.state(scene, about)
    changes_before = admin_page.changes(scene) if admin_page.changes else None
    client = verified_client(caller)
    url = admin_page.url(scene)
    if admin_page.method == "post":
        body = admin_page.body(scene) if callable(admin_page.body) else admin_page.body
        body = {**(body or {})}
        if "full_name" in body:
            body["team"] = about.team_id
        response = client.post(url, body)
    else:
        response = client.get(url)
    content = response.content.decode()

    if admin_page.marker is not None:
        shown = admin_page.marker(scene)
    else:
        shown = escape(about.full_name) if about is not None else None
    if expected in (LISTED, UNLISTED):
        assert response.status_code == 200, content[:500]
        assert (shown in content) is (expected == LISTED)
    else:
        assert response.status_code == expected, content[:500]
        if expected == 200 and about is not None:
            assert shown in content
        if expected == 404 and about is not None:
            # Nothing of the user leaks: not their name, not their email address.
            assert shown not in content and about.email not in content
    if about is not None and admin_page.method == "post":
        changed = admin_page.state(scene, about) != before
        assert changed is (expected == 302), "only an allowed change may change anything"
    if admin_page.changes is not None:
        changed = admin_page.changes(scene) != changes_before
        assert changed is (expected == 302), "only an allowed change may change anything"


def _partnership_cell(endpoint: str, role: str, same: str, row: tuple):
    expected = PARTNERSHIP_DIFFERS.get((endpoint, role), row[ROLES.index(same)])
    differs = (endpoint, role) in PARTNERSHIP_DIFFERS
    return _cell(endpoint, role, expected, gap_of=None if differs else same)


PARTNERSHIP_CELLS = with_repeats_marked(
    [
        _partnership_cell(endpoint, role, same, row)
        for endpoint, row in MATRIX.items()
        for role, same in PARTNERSHIP_SAME_AS.items()
    ]
)


@pytest.mark.parametrize(("endpoint_name", "role", "expected"), PARTNERSHIP_CELLS)
def test_partnership_roles_get_no_case_content(
    scene, verified_client, verified_api_client, endpoint_name, role, expected
):
    user = admin_user_for(scene, role)
    check_cell(scene, endpoint_name, user, expected, verified_client, verified_api_client)


# ---------------------------------------------------------------------------------------------
# Completeness: every named URL and every API operation has a row (or a reason not to).

# Pages and endpoints that touch no record, each with why. Everything else needs a row.
NOT_RECORD_PAGES: dict[str, str] = {
    "two_factor:login": "signing in",
    "two_factor:setup": "setting up the caller's own second factor",
    "two_factor:qr": "the QR code of the caller's own second factor",
    "two_factor:setup_complete": "'your second factor is set up'",
    "two_factor:backup_tokens": "the caller's own backup codes",
    "two_factor:profile": "the caller's own two-factor settings",
    "logout": "signing out",
    "drafts:keep_alive": "keeps the caller's own session alive",
    "drafts:timed_out": "'you were signed out': no record",
    "accounts:password_reset_done": "'check your email': the same whoever asked",
    "accounts:password_reset_confirm": "a new password from an emailed one-time link "
    "(accounts' tests attack it)",
    "accounts:password_reset_complete": "'your password is changed': no record",
    "healthz": "the load balancer's liveness check",
    "api-schema": "the OpenAPI document",
    "api-docs": "the OpenAPI document's Swagger page",
}


def url_names() -> tuple[set[str], list[str]]:
    """Every named URL pattern, namespaced (``two_factor:login``), and the routes of any
    pattern without a name."""
    found = routes()
    return {r.name for r in found if r.name}, [r.route for r in found if not r.name]


def _resolved(url: str) -> tuple[str, str]:
    """The URL name a row's URL resolves to, and its path template in the schema's spelling."""
    match = resolve(urlsplit(url).path)
    return match.view_name, Route(match.view_name, match.route, ()).schema_path


@pytest.mark.parametrize(
    ("cells", "columns"),
    [(CELLS, ROLES), (ADMIN_CELLS, ADMIN_ROLES), (PARTNERSHIP_CELLS, tuple(PARTNERSHIP_SAME_AS))],
    ids=["matrix", "admin", "partnership"],
)
def test_postgresql_plays_each_row_and_outcome_once_and_every_column(cells, columns):
    every = [cell.values for cell in cells]
    played = [
        cell.values for cell in cells if not any(m.name == "matrix_repeat" for m in cell.marks)
    ]
    assert sorted({(name, expected) for name, _, expected in every}, key=repr) == sorted(
        [(name, expected) for name, _, expected in played], key=repr
    )
    assert {role for _, role, _ in played} == set(columns)


def test_every_url_and_api_operation_has_a_row(scene):
    names, unnamed = url_names()
    operations = api_operations()
    named_by_rows: set[str] = set()
    operations_by_rows: set[tuple[str, str]] = set()
    rows = [(name, e.method, e.url, e.page) for name, e in ENDPOINTS.items()]
    rows += [(name, p.method, p.url, True) for name, p in ADMIN_PAGES.items()]
    for _name, method, url, is_page in rows:
        view_name, path = _resolved(url(scene))
        named_by_rows.add(view_name)
        if not is_page:
            operations_by_rows.add((method.upper(), path))

    problems = [f"{route}: a URL pattern without a name" for route in unnamed]
    for name in sorted(names - named_by_rows - set(NOT_RECORD_PAGES)):
        problems.append(f"{name}: no row in the access matrix and not in NOT_RECORD_PAGES")
    for name in sorted(named_by_rows & set(NOT_RECORD_PAGES)):
        problems.append(f"{name}: has a row, so it must not be in NOT_RECORD_PAGES too")
    for name in sorted(set(NOT_RECORD_PAGES) - names):
        problems.append(f"{name}: in NOT_RECORD_PAGES but no such URL name")
    for method, path in sorted(operations - operations_by_rows):
        problems.append(f"{method} {path}: an API operation with no row in the access matrix")
    for method, path in sorted(operations_by_rows - operations):
        problems.append(f"{method} {path}: a row for an operation the API schema does not have")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The matrix fails on a real access bug. The issue that asked for it: "replacing the final raise
# Http404 in task_get_for_user with return task leaves every test passing".

TASK_ROWS = [name for name in MATRIX if name.startswith("page.task")]  # the list, page, POSTs


def _cell_fails(scene, name, role, expected, verified_client, verified_api_client) -> bool:
    try:
        with transaction.atomic():
            check_cell(
                scene, name, user_for(scene, role), expected, verified_client, verified_api_client
            )
            transaction.set_rollback(True)
    except AssertionError:
        return True
    return False


def test_the_matrix_catches_a_task_shown_to_anyone(
    scene, verified_client, verified_api_client, monkeypatch
):
    """Take the access door's refusal out of ``task_get_for_user`` (any worker reaches any
    task): the task rows' cells must fail, not only this one."""
    args = (verified_client, verified_api_client)
    halton = ("page.task", "unrelated_halton", MATRIX["page.task"][ROLES.index("unrelated_halton")])
    assert not _cell_fails(scene, *halton, *args)

    monkeypatch.setattr(actions_selectors, "require_record", lambda user, **where: None)

    failed = [
        f"{name}-{role}"
        for name in TASK_ROWS
        for role, expected in zip(ROLES, MATRIX[name], strict=True)
        if (name, role) not in KNOWN_GAPS and _cell_fails(scene, name, role, expected, *args)
    ]
    assert "page.task-unrelated_halton" in failed, failed
    assert "page.task.complete-shared_school" in failed, failed
