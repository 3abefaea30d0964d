"""The demo data set: fictional agencies, teams and users, about forty children across the four
Pan Cheshire areas with the adults around them, their concerns, front door decisions, cases
(most allocated to a practitioner, one waiting for another authority to accept its transfer),
screenings, tasks (some assigned to named practitioners), notes, shares, break-glass accesses,
strategy meetings, missing episodes with their return home interviews (one child missing now,
one repeatedly missing), and placements with their safety plans and the senior officers'
acknowledgements of safe-house escalations, Philomena Protocol profiles, investigations with
their orders and outcomes, NRM referrals at each stage, a Duty to Notify and a guardian
referral.

The content is in the YAML files of ``data/``; this module only turns their entries into
service calls. Everything is written through the services, acting as the demo users, so audit
rows, chronology entries, screenings, tasks and notifications are the real ones. Only a few
clocks are moved back afterwards with direct updates (demo history only): front door referrals
that are overdue, tasks that are overdue, a share that has expired, meetings that were held, a
safety plan whose review is late, and the dashboards' history (concerns of the last six
quarters, with their screenings, tasks and closed cases; ``dashboard_history.yaml``).

All names, addresses, telephone numbers and references are invented. Telephone numbers come
from Ofcom's ranges for drama (07700 900xxx) and NHS numbers from the 999 range used for test
data, so none can reach a real person. Dates of birth are written as on ``DEMO_AGES_ON`` and
moved so that everyone has that age on the day the demo is loaded; other times are days before
the day it is loaded.

Idempotent: the accounts are updated in place (only their demo backup codes are topped up), the
case data is written in one transaction and skipped if its first child is already there, the
meetings are skipped if any meeting exists, the missing episodes if any episode exists, and a
Philomena Protocol profile if the child has one, the investigations and the NRM records if any
exists. So a second run adds nothing.

None of it works in production (``HAVEN_ENV=production``): the loader refuses to run, no demo
backup code can be made, and a demo account (an email address whose domain ends ``.demo``)
cannot sign in, keep a session or use an API token (accounts/backends.py, services.py).
"""

import hashlib
import hmac
import io
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.test.utils import override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw

from haven.accounts.backends import demo_allowed
from haven.accounts.models import SENIOR_OFFICES, Agency, AgencyType, Role, Team, User
from haven.accounts.services import agency_senior_officers_set
from haven.actions.models import OPEN_STATUSES, Task, TaskStatus
from haven.actions.services import (
    cross_border_record_outbound,
    escalate_overdue_tasks,
    task_assign,
    task_complete,
    task_mark_not_needed,
)
from haven.case_audits.models import CaseAudit, SampledCase, SampleMethod
from haven.case_audits.services import audit_complete, sampled_case_grade
from haven.cases.access import person_editable_by
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseSection,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    ChronologyEntry,
    Concern,
    ConcernStatus,
    Sensitivity,
    TransferStatus,
)
from haven.cases.services import (
    break_glass_open,
    break_glass_review,
    case_allocate,
    case_close,
    case_note_add,
    case_share_create,
    case_transfer_request,
)
from haven.core import request_context
from haven.core.areas import Area
from haven.core.working_days import add_working_days, is_working_day, london_date
from haven.intelligence import groups as intelligence_groups
from haven.intelligence import services as intelligence_services
from haven.intelligence.models import (
    Entity,
    EntityType,
    GroupSubject,
    HandlingCode,
    Hotspot,
    Link,
    LinkSource,
    LinkType,
    OperationalGroupMeeting,
)
from haven.intelligence.selectors import intelligence_case_ids
from haven.intelligence.services import entity_record
from haven.investigations import services as investigation_services
from haven.investigations.models import Investigation
from haven.matching.models import CandidateStatus, DuplicateCandidate
from haven.matching.services import duplicates_find
from haven.meetings.models import Attendance, InvitationStatus, MeetingStatus, StrategyMeeting
from haven.meetings.services import (
    NamedAttendee,
    information_shared_add,
    invitation_decide,
    meeting_apologies_record,
    meeting_attendee_add,
)
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.nrm.models import DutyToNotify, IctgReferral, NrmReferral
from haven.nrm.rules import NrmState
from haven.nrm.services import (
    duty_to_notify_record,
    duty_to_notify_submit,
    nrm_decision_record,
)
from haven.people.age import age_on
from haven.people.models import DobPrecision, ImmigrationStatus, Person, PersonKind
from haven.people.services import (
    address_add,
    alias_add,
    identifier_add,
    person_create,
    phone_add,
    relationship_add,
)
from haven.philomena.models import PROFILE_FIELDS, PhilomenaProfile
from haven.philomena.selectors import current_photograph, is_stale, profile_of
from haven.philomena.services import photograph_upload, profile_save
from haven.placements.models import EscalationAcknowledgement, SafetyPlan
from haven.placements.services import escalation_acknowledge
from haven.reporting.dashboard import last_complete_quarter, quarters_to
from haven.screening.models import Circumstance, Screening, ScreeningTrigger
from haven.screening.selectors import screening_current_for_case
from haven.screening.services import circumstance_add
from haven.strategy.models import (
    ActionPlan,
    BoardCommentary,
    PlanAction,
    Rag,
    Stage,
    TrainingAttendee,
    TrainingCourse,
    TrainingSession,
)
from haven.strategy.services import (
    action_plan_create,
    action_progress_record,
    board_commentary_record,
    plan_action_add,
    self_assessment_record,
    training_attendee_add,
    training_course_add,
    training_session_record,
)
from haven.workflows import investigations as investigation_journey
from haven.workflows import operational_groups
from haven.workflows.case_audits import audit_action_add, audit_draw
from haven.workflows.concern_raised import concern_raise
from haven.workflows.front_door import concern_decide
from haven.workflows.intelligence import intelligence_link_record
from haven.workflows.investigations import non_criminalisation_review_record, victim_update_record
from haven.workflows.missing_episodes import (
    missing_episode_report,
    missing_episode_return,
    return_interview_record,
)
from haven.workflows.nrm import ictg_referral_record, nrm_referral_start, nrm_referral_submit
from haven.workflows.placements import (
    placement_record_with_tasks,
    safety_plan_record_completing_task,
)
from haven.workflows.screening import case_rescreen_with_tasks
from haven.workflows.strategy_meetings import (
    meeting_action_add,
    meeting_record_outcome,
    meeting_schedule,
)

DATA = Path(__file__).resolve().parent / "data"
# Loaded in this order; the first child is the marker that tells the case data is loaded.
PEOPLE_FILES = (
    "adults",
    "children-cheshire-east",
    "children-cheshire-west-and-chester",
    "children-halton",
    "children-warrington",
)
LONDON = ZoneInfo("Europe/London")

# Static backup codes are single-use; the demo stocks several copies so a code can be reused.
DEMO_BACKUP_CODE_USES = 25
# Practitioners, managers and analysts join their agency's first team.
TEAM_ROLES = (Role.PRACTITIONER, Role.MANAGER, Role.ANALYST)
# The day the demo's ages are written for: each child is as old on the day the demo is loaded
# as on this day, so a child never becomes an adult (and refused as a "child") as time passes.
DEMO_AGES_ON = date(2026, 11, 24)
# In a person's circumstances: a return from a missing episode so many days ago.
RETURNED = "returned_days_ago"


@cache
def demo_data(name: str):
    """The content of ``data/<name>.yaml``."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def demo_people_entries() -> list[dict]:
    return [entry for name in PEOPLE_FILES for entry in demo_data(name)]


DEMO_PASSWORD = demo_data("accounts")["password"]


class DemoRefused(RuntimeError):
    """Demo data or demo log-ins asked for under production settings."""


def refuse_demo_in_production() -> None:
    if not demo_allowed():
        raise DemoRefused("Demo data and demo log-ins never run with HAVEN_ENV=production.")


def demo_backup_code(email: str) -> str:
    """A stable code per demo user, so the printed list stays true across reloads. Keyed with
    the installation's SECRET_KEY, so nobody can work a code out from the email address alone;
    never made in production."""
    refuse_demo_in_production()
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"haven-demo-backup-code:{email}".encode(), hashlib.sha256).hexdigest()[:8]


def demo_date_of_birth(written: date | None, *, today: date | None = None) -> date | None:
    """``written`` moved by whole years so the person's age today is their age on
    ``DEMO_AGES_ON`` (29 February becomes the 28th in other years)."""
    if written is None:
        return None
    today = today or timezone.localdate()
    years = age_on(written, today) - age_on(written, DEMO_AGES_ON)
    try:
        return written.replace(year=written.year + years)
    except ValueError:
        return written.replace(year=written.year + years, day=28)


# --------------------------------------------------------------------------------- everything


@dataclass
class DemoSummary:
    password: str
    logins: list[tuple[str, str]]
    lines: list[str] = field(default_factory=list)


def load_demo() -> DemoSummary:
    # Whatever calls it: never under production settings (HAVEN_ENV=production).
    refuse_demo_in_production()
    # Demo notifications stay in Haven: no email for each of the hundreds the load creates.
    # Every demo audit row carries a recognisable request id.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        token = request_context.activate(
            request_context.RequestContext(request_id=f"demo-load-{uuid.uuid4().hex[:12]}")
        )
        try:
            accounts = load_demo_accounts()
            summary = DemoSummary(
                password=DEMO_PASSWORD, logins=[(user.email, code) for user, code in accounts]
            )
            summary.lines.append(f"Demo accounts ready: {len(accounts)} users.")
            summary.lines.append(load_demo_cases())
            meetings = load_demo_meetings()
            missing = load_demo_missing()
            meetings.append(load_demo_escalation_acknowledgements())
            philomena = load_demo_philomena()
            summary.lines.append(load_demo_investigations())
            nrm = load_demo_nrm()
            # Before the case summary: its hotspot and cross-border tasks are counted there.
            load_demo_intelligence()
            # Before the case summary counts tasks: its action about a child is one.
            operational_group = load_demo_operational_groups()
            # Before the case summary, which counts the tasks the audit's actions became.
            case_audits = load_demo_case_audits()
            history = load_demo_dashboard_history()
            # The hourly duplicate job, run once now, so the review queue has its pairs.
            duplicates_find()
            summary.lines.extend(
                [
                    *demo_case_summary(),
                    *meetings,
                    missing,
                    *philomena,
                    nrm,
                    history,
                    demo_duplicates_line(),
                ]
            )
            summary.lines.extend(load_demo_strategy())
            summary.lines.append(demo_intelligence_line())
            summary.lines.append(operational_group)
            summary.lines.append(case_audits)
        finally:
            request_context.deactivate(token)
    return summary


# --------------------------------------------------------------------------------- accounts


@transaction.atomic
def load_demo_accounts() -> list[tuple[User, str]]:
    """Create the demo agencies, teams and users; return each user with their backup code."""
    refuse_demo_in_production()
    return [login for entry in demo_data("accounts")["agencies"] for login in _agency(entry)]


def _agency(entry: dict) -> list[tuple[User, str]]:
    agency, _ = Agency.objects.update_or_create(
        slug=entry["slug"],
        defaults={
            "name": entry["name"],
            "agency_type": entry["type"],
            "area_code": entry.get("area", ""),
            "is_first_responder": entry["first_responder"],
            "email": entry["email"],
            "phone": entry["phone"],
        },
    )
    teams = [
        Team.objects.update_or_create(
            agency=agency,
            name=team["name"],
            defaults={"function": team["function"], "email": entry["team_email"]},
        )[0]
        for team in entry["teams"]
    ]
    logins = [
        _user(agency, role, teams[0] if role in TEAM_ROLES else None) for role in entry["roles"]
    ]
    if agency.agency_type == AgencyType.LOCAL_AUTHORITY:
        logins.extend(_senior_officers(agency))
    return logins


def _senior_officers(agency: Agency) -> list[tuple[User, str]]:
    """The authority's Head of Service, Operational Director and Chief Executive, set up by
    its administrator (no change, and no audit row, when they already are). Strategic leads:
    they oversee, work no cases, and see of an escalation only the case's reference."""
    logins = {
        office: _user(
            agency, Role.STRATEGIC_LEAD, None, name=name, full_name=SENIOR_OFFICES[office]
        )
        for office, name in demo_data("accounts")["senior_offices"].items()
    }
    agency_senior_officers_set(
        actor=User.objects.get(email=f"{Role.ADMIN}@{agency.slug}.demo"),
        agency=agency,
        **{office: user for office, (user, _) in logins.items()},
    )
    return list(logins.values())


def _user(
    agency: Agency, role: str, team: Team | None, *, name: str = "", full_name: str = ""
) -> tuple[User, str]:
    """The demo user ``<name>@<agency slug>.demo`` (name: the role's), "<full name> (<agency
    name>)" (full name: the role's label)."""
    email = f"{name or role}@{agency.slug}.demo"
    title = full_name or Role(role).label
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            full_name=f"{title} ({agency.name})",
            agency=agency,
            team=team,
            role=role,
            job_title=title,
        )
    code = demo_backup_code(email)
    TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    # Codes from an older scheme (or another SECRET_KEY) stop working.
    device.token_set.exclude(token=code).delete()
    missing = DEMO_BACKUP_CODE_USES - device.token_set.filter(token=code).count()
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for _ in range(missing))
    return user, code


# --------------------------------------------------------------------------------- cases


class _CaseLoader:
    """Writes the people files and casework.yaml, in order, acting as the demo users."""

    def __init__(self):
        self.now = timezone.now()
        accounts = demo_data("accounts")
        emails = set(accounts["users"].values())
        users = User.objects.filter(email__in=emails).select_related("agency", "team")
        by_email = {user.email: user for user in users}
        missing = sorted(emails - set(by_email))
        if missing:
            raise RuntimeError(f"Load the demo accounts first; missing: {', '.join(missing)}.")
        self.users = {name: by_email[email] for name, email in accounts["users"].items()}
        self.authorities = accounts["local_authorities"]
        self.casework = demo_data("casework")
        self.people: dict[str, Person] = {}
        self.cases: dict[str, Case] = {}

    def at(self, when: dict) -> datetime:
        """The London time ``when["time"]`` on the day ``when["days_ago"]`` days before now (a
        day earlier if that is still to come)."""
        day = (self.now - timedelta(days=when["days_ago"])).astimezone(LONDON).date()
        hour, minute = (int(part) for part in when["time"].split(":"))
        moment = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
        return moment if moment < self.now else moment - timedelta(days=1)

    def user(self, name: str) -> User:
        return self.users[name]

    def practitioner(self, area: str) -> User:
        return self.user(self.authorities[area]["practitioner"])

    def manager(self, area: str) -> User:
        return self.user(self.authorities[area]["manager"])

    def run(self) -> None:
        people, casework = demo_people_entries(), self.casework
        for entry in people:
            self.person(entry)
        for entry in demo_data("relationships"):
            self.relationship(entry)
        for entry in people:
            for concern in entry.get("concerns", ()):
                self.concern(entry, concern)
        for entry in people:
            if entry["key"] in self.cases:
                self.allocate(entry)
        for entry in people:
            if entry["key"] in self.cases:
                self.case_work(entry)
        for entry in casework["tasks_done"]:
            self.task_done(entry)
        for entry in casework["cross_border"]:
            self.cross_border(entry)
        for entry in casework["tasks_not_needed"]:
            self.task_not_needed(entry)
        for entry in casework["task_owners"]:
            self.task_owner(entry)
        for entry in casework["shares"]:
            self.share(entry)
        for entry in casework["shared_notes"]:
            self.note(self.cases[entry["person"]], entry)
        for entry in casework["break_glass"]:
            self.break_glass(entry)
        for entry in casework["closures"]:
            self.closure(entry)
        for entry in casework["transfers"]:
            self.transfer(entry)
        # Demo history only: some tasks are late, then the clock check tells managers.
        for entry in people:
            for code, days_late in entry.get("tasks_overdue", {}).items():
                self.open_tasks(entry["key"], code).update(
                    due_at=self.now - timedelta(days=days_late)
                )
        escalate_overdue_tasks(now=self.now)

    # ------------------------------------------------------------------ people
    def person(self, entry: dict) -> None:
        actor = self.user(entry["recorded_by"])
        person = person_create(
            actor=actor,
            kind=entry.get("kind", PersonKind.CHILD),
            given_name=entry["given_name"],
            family_name=entry["family_name"],
            date_of_birth=demo_date_of_birth(entry["born"]),
            dob_precision=entry.get("born_precision", DobPrecision.EXACT)
            if entry["born"]
            else DobPrecision.UNKNOWN,
            dob_assigned_by_age_assessment=entry.get("born_assigned_by_age_assessment", False),
            gender=entry["gender"],
            nationalities=entry.get("nationalities", ["GB"]),
            first_language=entry.get("language", "English"),
            interpreter_needed=entry.get("interpreter", False),
            immigration_status=entry.get("immigration", ImmigrationStatus.BRITISH_CITIZEN),
        )

        def adder(by: str) -> User:
            # Only the recording agency or a lead authority adds to a record; what another
            # agency knew at the start is passed on to the agency that records the person.
            other = self.user(by)
            return other if person_editable_by(other, person) else actor

        for alias in entry.get("aliases", ()):
            alias_add(
                actor=adder(alias["by"]),
                person=person,
                given_name=alias["given_name"],
                family_name=alias.get("family_name", ""),
                note=alias["note"],
            )
        for identifier in entry.get("identifiers", ()):
            identifier_add(
                actor=adder(identifier["by"]),
                person=person,
                kind=identifier["kind"],
                value=identifier["value"],
            )
        for phone in entry.get("phones", ()):
            phone_add(actor=adder(phone["by"]), person=person, number=phone["number"])
        if home := entry.get("home"):
            address_add(
                actor=adder(home["by"]),
                person=person,
                line_1=home["line_1"],
                town=home["town"],
                postcode=home["postcode"],
            )
        self.people[entry["key"]] = person

    def relationship(self, entry: dict) -> None:
        relationship_add(
            actor=self.user(entry["by"]),
            person=self.people[entry["person"]],
            other=self.people[entry["of"]],
            kind=entry["is"],
        )

    # ------------------------------------------------------------------ concerns and cases
    def concern(self, person_entry: dict, entry: dict) -> None:
        key, area = person_entry["key"], person_entry["area"]
        person = self.people[key]
        concern = concern_raise(
            actor=self.user(entry["by"]),
            person=person,
            description=entry["description"],
            occurred_at=self.at(entry["when"]),
            home_area=area,
            location=entry["location"],
            indicator_codes=entry["indicators"],
            immediate_danger=entry.get("immediate_danger", False),
        )
        if person.kind != PersonKind.CHILD:
            return
        if entry.get("overdue"):
            self._backdate_referral(concern)
        decision = entry.get("decision", "accept")
        if decision == "awaiting":
            return
        decided_by = entry.get("decided_by")
        concern = concern_decide(
            actor=self.user(decided_by) if decided_by else self.manager(area),
            concern=concern,
            decision=decision,
            reason=entry.get("reason", ""),
            case=self.cases.get(key),
        )
        if concern.case is not None:
            self.cases[key] = concern.case

    def allocate(self, entry: dict) -> None:
        """Whoever accepted the concern leads the case until the front door's manager allocates
        it to the area's practitioner, as most are (``awaiting_allocation`` lists those not)."""
        key, area = entry["key"], entry["area"]
        case = Case.objects.get(pk=self.cases[key].pk)
        practitioner = self.practitioner(area)
        if case.lead_practitioner_id == practitioner.pk:
            return
        if key in self.casework["awaiting_allocation"]:
            return
        self.cases[key] = case_allocate(
            actor=self.manager(area),
            case=case,
            practitioner_id=practitioner.pk,
            expected_version=case.version,
        )

    def _backdate_referral(self, concern: Concern) -> None:
        """Demo history only: the referral reached the front door soon after it happened and
        its one-working-day clock has run out."""
        referred = concern.occurred_at + timedelta(hours=2)
        due = add_working_days(start=referred, days=1)
        while due >= self.now - timedelta(hours=1):
            referred -= timedelta(days=1)
            due = add_working_days(start=referred, days=1)
        Concern.objects.filter(pk=concern.pk).update(referred_at=referred, decision_due_at=due)

    def case_work(self, entry: dict) -> None:
        """A person's circumstances (then one re-screen), confidential placement, notes and
        the tasks their lead authority has done."""
        case = self.cases[entry["key"]]
        lead = self.practitioner(entry["area"])
        if circumstances := entry.get("circumstances"):
            trigger = ScreeningTrigger.NEW_INFORMATION
            for name, value in circumstances.items():
                if name == RETURNED:
                    name = Circumstance.RETURNED_FROM_MISSING_AT
                    value = self.now - timedelta(days=value)
                    trigger = ScreeningTrigger.MISSING_EPISODE
                circumstance_add(actor=lead, case=case, name=name, value=value)
            case_rescreen_with_tasks(actor=lead, case=case, trigger=trigger)
        if placement := entry.get("placement"):
            self.placement(case, lead, placement, entry.get("tasks_done", ()))
        for note in entry.get("notes", ()):
            self.note(case, note)
        key, manager = entry["key"], self.manager(entry["area"])
        for code in entry.get("tasks_done", ()):
            self.complete(key, code, manager, self.casework["task_notes"][code])
        if screening_current_for_case(case).outcome == "potential_victim":
            # Raised by an earlier concern's own screening; the case now meets the definition.
            note = self.casework["trafficking_considered"]
            self.complete(key, "consider_trafficking", lead, note)

    def placement(self, case: Case, lead: User, data: dict, tasks_done) -> None:
        """A placement recorded through its journey (re-screen, tasks, escalation), then its
        safety plan if the person's lead authority made one."""
        today = timezone.localdate()
        started = data.get("started_days_ago", self.casework["placement_started_days_ago"])
        placement = placement_record_with_tasks(
            actor=lead,
            case=case,
            placement_type=data["type"],
            provider=data["provider"],
            start_date=today - timedelta(days=started),
            address_line=data["line_1"],
            town=data["town"],
            postcode=data["postcode"],
            out_of_area="receiving_area" in data,
            receiving_area=data.get("receiving_area", ""),
            named_users=[self.user(name) for name in data.get("named", ())]
            or [case.lead_practitioner],
        )
        if "placement_safety_plan" not in tasks_done:
            return
        plan = self.casework["safety_plan"]
        safety_plan_record_completing_task(
            actor=lead,
            placement=placement,
            risks_told=plan["risks_told"],
            abduction_measures=plan["abduction_measures"],
            missing_prevention=plan["missing_prevention"],
            who_to_call=plan["who_to_call"],
            review_date=today + timedelta(days=plan["review_in_days"]),
            contact_restrictions=[
                (r["name"], r["relationship"]) for r in data.get("contact_restrictions", ())
            ],
        )
        if overdue := data.get("review_overdue_days"):
            # Demo history only: a review that is late.
            SafetyPlan.objects.filter(placement=placement).update(
                review_date=today - timedelta(days=overdue)
            )

    def note(self, case: Case, entry: dict) -> None:
        case_note_add(
            actor=self.user(entry["by"]),
            case=case,
            text=entry["text"],
            sensitivity=entry.get("sensitivity", Sensitivity.STANDARD),
            occurred_at=self.at(entry["when"]),
        )

    # ------------------------------------------------------------------ tasks
    def open_tasks(self, key: str, code: str):
        """The open tasks with this code on the person's case or, for a person with no case
        (an adult), on their concerns."""
        if key in self.cases:
            where = {"case": self.cases[key]}
        else:
            where = {"concern__person": self.people[key]}
        return Task.objects.filter(code=code, status=TaskStatus.OPEN, **where)

    def complete(self, key: str, code: str, actor: User, note: str) -> None:
        for task in self.open_tasks(key, code).filter(parent__isnull=True):
            task_complete(actor=actor, task=task, note=note, expected_version=task.version)

    def task_done(self, entry: dict) -> None:
        for task in self.open_tasks(entry["person"], entry["task"]):
            task_complete(
                actor=self.user(entry["by"]),
                task=task,
                note=entry["note"],
                expected_version=task.version,
            )

    def cross_border(self, entry: dict) -> None:
        for task in self.open_tasks(entry["person"], "notify_cross_border"):
            cross_border_record_outbound(
                actor=self.user(entry["by"]),
                task=task,
                area_name=entry["area_name"],
                contact_details=entry["contact_details"],
            )

    def task_not_needed(self, entry: dict) -> None:
        for task in self.open_tasks(entry["person"], entry["task"]):
            task_mark_not_needed(
                actor=self.user(entry["by"]),
                task=task,
                reason=entry["reason"],
                expected_version=task.version,
            )

    def task_owner(self, entry: dict) -> None:
        """A manager of the owning team gives an open task to a named person of the team."""
        tasks = list(self.open_tasks(entry["person"], entry["task"]))
        if not tasks:
            raise RuntimeError(f"casework.yaml task_owners: {entry} names no open task.")
        for task in tasks:
            task_assign(
                actor=self.user(entry["by"]),
                task=task,
                owner_id=self.user(entry["to"]).pk,
                expected_version=task.version,
            )

    # ------------------------------------------------------------------ access
    def share(self, entry: dict) -> None:
        share = case_share_create(
            actor=self.user(entry["by"]),
            case=self.cases[entry["person"]],
            agency=Agency.objects.get(slug=entry["agency"]),
            sections=entry["sections"],
            reason=entry["reason"],
            lawful_basis="safeguarding_children",
            expires_at=self.now + timedelta(days=entry["days"]),
        )
        if expired := entry.get("expired"):
            self._expire(share, **expired)

    def _expire(self, share: CaseShare, *, granted_days_ago: int, expired_days_ago: int) -> None:
        """Demo history only: a share made months ago that has now run out."""
        granted = self.now - timedelta(days=granted_days_ago)
        expires = self.now - timedelta(days=expired_days_ago)
        CaseShare.objects.filter(pk=share.pk).update(granted_at=granted, expires_at=expires)
        ChronologyEntry.objects.filter(
            source_type="cases.caseshare", source_id=str(share.pk)
        ).update(
            occurred_at=granted,
            summary=(
                f"Shared with {share.agency.name} until "
                f"{timezone.localtime(expires):%d %B %Y}: {', '.join(share.sections)}."
            ),
        )

    def break_glass(self, entry: dict) -> None:
        access = break_glass_open(
            actor=self.user(entry["by"]), case=self.cases[entry["person"]], reason=entry["reason"]
        )
        if review := entry.get("review"):
            break_glass_review(
                actor=self.user(review["by"]),
                access=access,
                outcome=review["outcome"],
                note=review["note"],
            )

    def transfer(self, entry: dict) -> None:
        """A lead team asks another authority's team to take the case over (the child moved)."""
        case_transfer_request(
            actor=self.user(entry["by"]),
            case=self.cases[entry["person"]],
            to_team_id=Team.objects.get(agency__slug=entry["to_agency"], name=entry["to_team"]).pk,
            reason=entry["reason"],
        )

    def closure(self, entry: dict) -> None:
        """Every open task done, then the case closed."""
        actor = self.user(entry["by"])
        case = Case.objects.get(pk=self.cases[entry["person"]].pk)
        for task in Task.objects.filter(case=case, status__in=OPEN_STATUSES):
            task_complete(
                actor=actor,
                task=task,
                note=self.casework["task_notes"].get(task.code, "Done."),
                expected_version=task.version,
            )
        case_close(actor=actor, case=case, reason=entry["reason"], expected_version=case.version)


def _person_key(entry: dict) -> Q:
    email = demo_data("accounts")["users"][entry["recorded_by"]]
    return Q(
        given_name=entry["given_name"],
        family_name=entry["family_name"],
        date_of_birth=demo_date_of_birth(entry["born"]),
        recorded_by_agency__slug=email.split("@")[1].removesuffix(".demo"),
    )


def _is_child(entry: dict) -> bool:
    return entry.get("kind", PersonKind.CHILD) == PersonKind.CHILD


def demo_people() -> dict[str, Person]:
    """The demo set's people that exist, by key (the stable look-up is name, date of birth and
    recording agency)."""
    found = {}
    for entry in demo_people_entries():
        person = Person.objects.filter(_person_key(entry)).order_by("pk").first()
        if person is not None:
            found[entry["key"]] = person
    return found


def demo_case_counts(*, now=None) -> dict[str, int]:
    """Counts for the demo set (and what the loader prints)."""
    now = now or timezone.now()
    people = demo_people()
    ids = [p.pk for p in people.values()]
    children = {entry["key"]: entry for entry in demo_people_entries() if _is_child(entry)}
    concerns = Concern.objects.filter(person_id__in=ids)
    awaiting = concerns.filter(status=ConcernStatus.AWAITING_DECISION)
    cases = Case.objects.filter(person_id__in=ids)
    tasks = Task.objects.filter(person_id__in=ids)
    open_tasks = tasks.filter(status__in=OPEN_STATUSES)
    shares = CaseShare.objects.filter(case__in=cases)
    glass = BreakGlassAccess.objects.filter(case__in=cases)
    practitioners = User.objects.filter(role=Role.PRACTITIONER)
    counts = {
        "children": sum(1 for key in people if key in children),
        "adults": sum(1 for key in people if key not in children),
        "concerns": concerns.count(),
        "awaiting": awaiting.count(),
        "awaiting_overdue": awaiting.filter(decision_due_at__lt=now).count(),
        "cases": cases.count(),
        "cases_open": cases.filter(status=CaseStatus.OPEN).count(),
        "cases_allocated": cases.filter(
            status=CaseStatus.OPEN, lead_practitioner__in=practitioners
        ).count(),
        "transfers_waiting": CaseTransfer.objects.filter(
            case__in=cases, status=TransferStatus.PENDING
        ).count(),
        "tasks_open": open_tasks.count(),
        "tasks_overdue": open_tasks.filter(due_at__lt=now).count(),
        "tasks_done": tasks.filter(status=TaskStatus.DONE).count(),
        "shares": shares.count(),
        "shares_expired": shares.filter(expires_at__lte=now).count(),
        "break_glass": glass.count(),
        "break_glass_unreviewed": glass.filter(reviewed_at__isnull=True).count(),
    }
    for key, entry in children.items():
        if key in people:
            counts[f"area:{entry['area']}"] = counts.get(f"area:{entry['area']}", 0) + 1
    return counts


def load_demo_cases() -> str:
    """Load the demo case data set once; return a line saying whether it was loaded."""
    marker = next(entry for entry in demo_people_entries() if _is_child(entry))
    if Person.objects.filter(_person_key(marker)).exists():
        return "Demo case data already loaded: nothing added."
    with transaction.atomic():
        _CaseLoader().run()
    return "Demo case data loaded:"


def demo_duplicates_line() -> str:
    waiting = DuplicateCandidate.objects.filter(status=CandidateStatus.PROPOSED).count()
    return f"Possible duplicates waiting for review: {waiting}."


def demo_case_summary() -> list[str]:
    """Lines describing the demo case data as it now stands."""
    counts = demo_case_counts()
    areas = ", ".join(f"{Area(area).label} {counts.get(f'area:{area}', 0)}" for area in Area.values)
    return [
        f"  {counts['children']} children ({areas}) and {counts['adults']} adults.",
        f"  {counts['concerns']} concerns ({counts['awaiting']} awaiting a front door decision, "
        f"{counts['awaiting_overdue']} overdue); {counts['cases']} cases "
        f"({counts['cases_open']} open, {counts['cases_allocated']} of them allocated to a "
        f"practitioner; {counts['transfers_waiting']} transfer waiting to be accepted).",
        f"  Tasks: {counts['tasks_open']} open ({counts['tasks_overdue']} overdue), "
        f"{counts['tasks_done']} done. Shares: {counts['shares']} "
        f"({counts['shares_expired']} expired). Break-glass: {counts['break_glass']} "
        f"({counts['break_glass_unreviewed']} awaiting review).",
    ]


# --------------------------------------------------------------------------------- escalations


@transaction.atomic
def load_demo_escalation_acknowledgements() -> str:
    """Each senior officer acknowledges the safe-house escalations they were asked to, except
    those casework.yaml leaves outstanding (so the case shows one waiting, and reminders go)."""
    people = demo_people()
    keep = {
        (people[entry["person"]].pk, entry["office"])
        for entry in demo_data("casework")["escalations_outstanding"]
    }
    waiting = EscalationAcknowledgement.objects.filter(
        officer__isnull=False, acknowledged_at__isnull=True
    ).select_related("escalation__case", "officer")
    for acknowledgement in waiting:
        escalation = acknowledgement.escalation
        if (escalation.case.person_id, acknowledgement.office) not in keep:
            escalation_acknowledge(actor=acknowledgement.officer, escalation=escalation)
    outstanding = EscalationAcknowledgement.objects.filter(
        officer__isnull=False, acknowledged_at__isnull=True
    ).count()
    return (
        f"Safe-house escalations: {EscalationAcknowledgement.objects.count()} senior officers "
        f"asked, {outstanding} acknowledgement{'s' if outstanding != 1 else ''} outstanding."
    )


# --------------------------------------------------------------------------------- meetings


@transaction.atomic
def load_demo_meetings() -> list[str]:
    """The meetings of meetings.yaml, on the demo cases; skipped if meetings exist."""
    if not StrategyMeeting.objects.exists():
        data = demo_data("meetings")
        candidates = (
            Case.objects.filter(status=CaseStatus.OPEN, screenings__outcome="potential_victim")
            .select_related("lead_agency", "lead_team", "person")
            .distinct()
            .order_by("pk")
        )
        # Spread the meetings across the four authorities.
        by_area: dict[str, list[Case]] = {}
        for case in candidates:
            by_area.setdefault(case.lead_agency.area_code, []).append(case)
        rounds = zip(*by_area.values(), strict=False)
        cases = [case for row in rounds for case in row]
        now = timezone.now()
        entries = [*data["held"], *data["upcoming"]]
        for index, (case, entry) in enumerate(zip(cases, entries, strict=False)):
            _meeting(data, case, entry, index, now)
    held = StrategyMeeting.objects.filter(status=MeetingStatus.HELD).count()
    upcoming = StrategyMeeting.objects.filter(status=MeetingStatus.SCHEDULED).count()
    return [f"Demo strategy meetings: {held} held, {upcoming} upcoming."]


def _meeting(data: dict, case: Case, entry: dict, index: int, now: datetime) -> None:
    chair = User.objects.filter(agency=case.lead_agency, role=Role.MANAGER).first()
    held = "held_days_ago" in entry
    meeting = meeting_schedule(
        actor=chair,
        case=case,
        # Held meetings are first scheduled for earlier today (an outcome follows the meeting,
        # never precedes it), then moved back; the others are in the working days ahead.
        scheduled_for=now - timedelta(hours=20, minutes=-30 * index)
        if held
        else _office_hours(
            london_date(at=add_working_days(start=now, days=entry["in_working_days"])), index
        ),
        location=data["location"].format(agency=case.lead_agency.name, number=index + 1),
    )
    for invitation in meeting.invitations.filter(status=InvitationStatus.SUGGESTED):
        if invitation.agency is not None:
            invitation_decide(actor=chair, invitation=invitation, invite=True)
        else:
            invitation_decide(
                actor=chair, invitation=invitation, invite=False, reason=data["not_invited_reason"]
            )
    _attendees(data, meeting, chair, entry)
    if not held:
        return
    invited = [i.agency for i in meeting.invitations.filter(status=InvitationStatus.INVITED)]
    for agency in invited[:3]:
        information_shared_add(
            actor=chair,
            meeting=meeting,
            agency=agency,
            text=data["information_shared"].format(agency=agency.name),
        )
    meeting_record_outcome(
        actor=chair,
        meeting=meeting,
        expected_version=meeting.version,
        attendance={
            attendee.pk: (Attendance.ATTENDED, "")
            for attendee in meeting.attendees.filter(attendance=Attendance.EXPECTED)
        },
        ratings={
            name: (level, data["rationale"][name][level])
            for name, level in entry["ratings"].items()
        },
        decisions={**data["decisions"], **entry["decisions"]},
        placement_decision=data["placement_decision"],
    )
    meeting_action_add(
        actor=chair,
        meeting=meeting,
        title=data["action"]["title"],
        team=case.lead_team,
        due=timezone.localdate() + timedelta(days=data["action"]["due_in_days"]),
    )
    # Demo history: the meeting took place in the past weeks.
    held_at = _office_hours((now - timedelta(days=entry["held_days_ago"])).date(), index)
    StrategyMeeting.objects.filter(pk=meeting.pk).update(scheduled_for=held_at, held_at=held_at)


# --------------------------------------------------------------------------- investigations


@transaction.atomic
def load_demo_investigations() -> str:
    """The investigations of investigations.yaml; skipped if investigations exist."""
    if not Investigation.objects.exists():
        data = demo_data("investigations")
        people = demo_people()
        police = User.objects.get(email="practitioner@cheshire-constabulary.demo")
        for entry in data["investigations"]:
            _investigation(data, entry, people, police)
    return f"Demo investigations: {Investigation.objects.count()}."


def _investigation(data: dict, entry: dict, people: dict[str, Person], police: User) -> None:
    today = timezone.localdate()
    case = Case.objects.get(person=people[entry["child"]], status=CaseStatus.OPEN)
    manager = User.objects.filter(team=case.lead_team, role=Role.MANAGER).first()
    case_share_create(
        actor=manager,
        case=case,
        agency=police.agency,
        sections=[CaseSection.INVESTIGATION, CaseSection.CHRONOLOGY],
        reason=data["share_reason"],
        lawful_basis="safeguarding_children",
        expires_at=timezone.now() + timedelta(days=365),
    )
    investigation = investigation_journey.investigation_open(
        actor=police,
        case=case,
        officer_in_charge=entry["officer_in_charge"],
        crime_references=entry["crime_references"],
        offences=entry["offences"],
        victim_statement=entry["victim_statement"],
        opened_on=today - timedelta(days=entry["opened_days_ago"]),
        suspect_ids=[people[key].pk for key in entry["suspects"]],
    )
    suspects = {s.person_id: s for s in investigation.suspects.all()}
    for order in entry.get("orders", []):
        recorded = investigation_journey.order_record(
            actor=police,
            investigation=investigation,
            order_type=order["type"],
            suspect_id=suspects[people[order["suspect"]].pk].pk,
            issued_on=today - timedelta(days=order["issued_days_ago"]),
            expires_on=today + timedelta(days=order["expires_in_days"]),
            address_line_1=order.get("address_line_1", ""),
            town=order.get("town", ""),
            postcode=order.get("postcode", ""),
        )
        for days_ago in order.get("breaches_days_ago", []):
            investigation_services.order_breach_record(
                actor=police, order=recorded, breached_on=today - timedelta(days=days_ago)
            )
    for outcome in entry.get("outcomes", []):
        investigation_services.outcome_record(
            actor=police,
            investigation=investigation,
            suspect_id=suspects[people[outcome["suspect"]].pk].pk,
            outcome=outcome["outcome"],
            decided_on=today - timedelta(days=outcome["days_ago"]),
            offences=outcome.get("offences", []),
        )
    for arrest in entry.get("child_offences", []):
        offence = investigation_services.child_offence_record(
            actor=police,
            investigation=investigation,
            offence=arrest["offence"],
            arrested_on=today - timedelta(days=arrest["arrested_days_ago"]),
            linked_to_exploitation=arrest["linked_to_exploitation"],
        )
        non_criminalisation_review_record(
            actor=police,
            child_offence=offence,
            reviewed_on=offence.arrested_on,
            **arrest["review"],
        )
    practitioner = (
        case.lead_practitioner
        or User.objects.filter(team=case.lead_team, role=Role.PRACTITIONER).first()
    )
    for update in entry.get("updates", []):
        victim_update_record(
            actor=practitioner,
            investigation=investigation,
            given_on=today - timedelta(days=update["days_ago"]),
            given_to=update["given_to"],
            partner_agency=update.get("partner_agency", ""),
            summary=update["summary"],
        )


# --------------------------------------------------------------------------------- NRM


@transaction.atomic
def load_demo_nrm() -> str:
    """The referrals, Duty to Notify and guardian referrals of nrm.yaml; skipped if any NRM
    referral exists."""
    if not NrmReferral.objects.exists():
        data, users = demo_data("nrm"), demo_data("accounts")["users"]
        people, today = demo_people(), timezone.localdate()

        def user(name: str) -> User:
            return User.objects.select_related("agency", "team").get(email=users[name])

        def case_of(key: str) -> Case:
            return Case.objects.get(person=people[key], status=CaseStatus.OPEN)

        def days_ago(days: int) -> date:
            return today - timedelta(days=days)

        for entry in data["referrals"]:
            actor = user(entry["by"])
            referral = nrm_referral_start(
                actor=actor,
                case=case_of(entry["person"]),
                what_happened=entry["what_happened"],
                exploitation_types=entry["exploitation_types"],
            )
            if submitted := entry.get("submitted"):
                referral = nrm_referral_submit(
                    actor=actor,
                    referral=referral,
                    submitted_on=days_ago(submitted["days_ago"]),
                    home_office_reference=submitted["reference"],
                )
            for decision in entry.get("decisions", ()):
                referral = nrm_decision_record(
                    actor=actor,
                    referral=referral,
                    decision=decision["decision"],
                    decided_on=days_ago(decision["days_ago"]),
                )
        for entry in data["duties_to_notify"]:
            actor = user(entry["by"])
            duty = duty_to_notify_record(
                actor=actor,
                gender=entry["gender"],
                nationality=entry["nationality"],
                exploitation_types=entry["exploitation_types"],
                what_happened=entry["what_happened"],
                cooperates_with_police=False,
            )
            if submitted := entry.get("submitted"):
                duty_to_notify_submit(
                    actor=actor,
                    duty=duty,
                    submitted_on=days_ago(submitted["days_ago"]),
                    home_office_reference=submitted["reference"],
                )
        for entry in data["guardians"]:
            ictg_referral_record(
                actor=user(entry["by"]),
                case=case_of(entry["person"]),
                referred_on=days_ago(entry["days_ago"]),
                support=entry["support"],
                guardian_name=entry["guardian_name"],
                guardian_contact=entry["guardian_contact"],
            )
    states = "; ".join(
        f"{NrmState(state).label.lower()} {count}"
        for state, count in NrmReferral.objects.values_list("state")
        .annotate(count=Count("pk"))
        .order_by("state")
    )
    return (
        f"Demo NRM referrals: {states}. Duty to Notify: {DutyToNotify.objects.count()}. "
        f"Guardian referrals: {IctgReferral.objects.count()}."
    )


def _office_hours(day: date, index: int) -> datetime:
    """When a partnership would book a meeting: in the morning or early afternoon of ``day``,
    or of the working day before when ``day`` is a weekend or a bank holiday."""
    while not is_working_day(day=day):
        day -= timedelta(days=1)
    return datetime.combine(day, time(10 + index % 5, 0), tzinfo=LONDON)


def _attendees(data: dict, meeting: StrategyMeeting, chair: User, entry: dict) -> None:
    """The chair names themself and each invited agency's practitioner, and anyone without a
    Haven account the entry lists; the practitioners of the agency types in ``apologies`` send
    their own apologies instead."""
    meeting_attendee_add(actor=chair, meeting=meeting, named=NamedAttendee(user=chair))
    agencies = {i.agency for i in meeting.invitations.filter(status=InvitationStatus.INVITED)}
    for agency in sorted(agencies, key=lambda a: a.pk):
        practitioner = User.objects.filter(
            agency=agency, role=Role.PRACTITIONER, is_active=True
        ).first()
        if practitioner is None:
            continue
        if agency.agency_type in entry.get("apologies", ()):
            meeting_apologies_record(
                actor=practitioner, meeting=meeting, note=data["apologies_note"]
            )
        else:
            meeting_attendee_add(
                actor=chair, meeting=meeting, named=NamedAttendee(user=practitioner)
            )
    for key in entry.get("without_account", ()):
        meeting_attendee_add(
            actor=chair, meeting=meeting, named=NamedAttendee(**data["without_account"][key])
        )


# --------------------------------------------------------------------------------- missing


@transaction.atomic
def load_demo_missing() -> str:
    """The missing episodes of missing.yaml, through the workflow; skipped if any exists."""
    if not MissingEpisode.objects.exists():
        data = demo_data("missing")
        loader, people = _CaseLoader(), demo_people()
        for entry in data["children"]:
            for episode in entry["episodes"]:
                _missing_episode(loader, people[entry["person"]], episode, data)
    episodes = MissingEpisode.objects.all()
    missing_now = episodes.filter(returned_at__isnull=True).count()
    interviews = ReturnHomeInterview.objects.count()
    return (
        f"Demo missing episodes: {episodes.count()} ({missing_now} missing now), "
        f"{interviews} return home interviews offered."
    )


def _missing_episode(loader: "_CaseLoader", person: Person, entry: dict, data: dict) -> None:
    actor = loader.user(entry["by"])
    when = entry["reported"]
    reported = (
        loader.now - timedelta(hours=when["hours_ago"]) if "hours_ago" in when else loader.at(when)
    )
    last_seen, police = entry["last_seen"], entry["police"]
    episode = missing_episode_report(
        actor=actor,
        person_id=person.pk,
        reported_missing_at=reported,
        missing_from=entry["from"],
        looked_after=entry["looked_after"],
        reported_to_police_at=reported + timedelta(minutes=police["minutes"]),
        police_reference=police["reference"],
        police_risk_level=police["risk"],
        last_seen_at=reported - timedelta(hours=last_seen["hours"]),
        last_seen_place=last_seen["place"],
        last_seen_with=last_seen.get("with", ""),
        clothing=entry["clothing"],
    )
    if not (back := entry.get("returned")):
        return
    returned = reported + timedelta(hours=back["hours"])
    episode = missing_episode_return(
        actor=actor,
        episode=episode,
        expected_version=episode.version,
        returned_at=returned,
        found_at_address=back["address"],
        found_at_postcode=back["postcode"],
        found_with=back.get("with", ""),
        how_returned=back["how"],
        injuries_or_concerns=back.get("injuries", ""),
        safe_and_well_check_at=returned + timedelta(hours=back["check_hours"]),
        safe_and_well_check_by="Cheshire Constabulary",
    )
    service = data["interview_service"]
    for interview in entry.get("interviews", ()):
        held = "held" in interview
        return_interview_record(
            actor=actor,
            episode=episode,
            offered_at=returned + timedelta(hours=interview["offered"]),
            offered_by_me=False,
            offered_by_name=service["name"],
            offered_by_organisation=service["organisation"],
            independent_of_placement=True,
            response="accepted" if held else "declined",
            declined_reason=interview.get("declined", ""),
            another_offer_to_follow=None if held else interview["again"],
            held_at=returned + timedelta(hours=interview["held"]) if held else None,
            held_by=service["name"] if held else "",
            childs_account=interview.get("childs_account", ""),
            why_they_went=interview.get("why", ""),
            push_factors=interview.get("push", ""),
            pull_factors=interview.get("pull", ""),
            harm_not_disclosed_at_safe_and_well_check=interview.get("harm", ""),
            what_would_help=interview.get("help", ""),
            staying_safe_information_given=held,
            disclosure=interview.get("disclosure", ""),
            disclosure_indicator_codes=interview.get("indicators", ()),
        )


# --------------------------------------------------------------------------------- Philomena


def load_demo_philomena() -> list[str]:
    """The Philomena Protocol profiles of philomena.yaml, each started by its "by" user unless
    the child has a profile already; return a line describing them."""
    users = demo_data("accounts")["users"]
    people = demo_people()
    profiles = []
    for entry in demo_data("philomena"):
        person = people[entry["person"]]
        profile = profile_of(person)
        if profile is None:
            profile = _philomena_profile(entry, person, User.objects.get(email=users[entry["by"]]))
        profiles.append(profile)
    out_of_date = sum(1 for profile in profiles if is_stale(profile))
    photographed = sum(1 for profile in profiles if current_photograph(profile) is not None)
    return [
        f"Demo Philomena Protocol profiles: {len(profiles)} ({photographed} with a photograph, "
        f"{out_of_date} out of date)."
    ]


def _philomena_profile(entry: dict, person: Person, actor: User) -> PhilomenaProfile:
    values = {name: entry[name] for name in PROFILE_FIELDS if name in entry}
    with transaction.atomic():
        profile = profile_save(actor=actor, person=person, expected_version=None, **values)
        if entry.get("photograph"):
            photograph_upload(
                actor=actor,
                profile=profile,
                file=SimpleUploadedFile(
                    f"{entry['person']}.png", demo_portrait(), content_type="image/png"
                ),
            )
        if days := entry.get("reviewed_days_ago"):
            # Demo history only: the profile was last reviewed months ago.
            reviewed = timezone.now() - timedelta(days=days)
            PhilomenaProfile.objects.filter(pk=profile.pk).update(reviewed_at=reviewed)
            profile.reviewed_at = reviewed
    return profile


def demo_portrait() -> bytes:
    """A placeholder for a child's photograph: a plain grey head-and-shoulders silhouette on a
    pale background, drawn here. Never a real person's photograph."""
    width, height = 300, 400
    image = Image.new("RGB", (width, height), (222, 226, 230))
    draw = ImageDraw.Draw(image)
    shade = (120, 126, 132)
    draw.ellipse((95, 70, 205, 200), fill=shade)  # head
    draw.rectangle((130, 190, 170, 235), fill=shade)  # neck
    draw.ellipse((40, 220, 260, 470), fill=shade)  # shoulders
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------------- strategy


@transaction.atomic
def load_demo_strategy() -> list[str]:
    """Training over the last quarters, the action plans and the Boards' commentary on the last
    complete quarter of strategy.yaml, written through the strategy's services as the demo
    strategic leads; each part skipped if it exists."""
    data = demo_data("strategy")
    if not TrainingCourse.objects.exists():
        _demo_training(data["training"])
    if not ActionPlan.objects.exists():
        for plan in data["action_plans"]:
            _demo_action_plan(plan)
    today = timezone.localdate()
    quarter = last_complete_quarter(today)
    for entry in data["board_commentary"]:
        if not BoardCommentary.objects.filter(
            area=entry["area"], quarter_start=quarter.start
        ).exists():
            board_commentary_record(
                actor=User.objects.get(email=entry["written_by"]),
                area=entry["area"],
                quarter_start=quarter.start,
                text=entry["text"],
            )
    courses, sessions = TrainingCourse.objects.count(), TrainingSession.objects.count()
    attendees = TrainingAttendee.objects.count()
    actions = PlanAction.objects.count()
    overdue = PlanAction.objects.filter(due_on__lt=today).exclude(rag=Rag.COMPLETE).count()
    return [
        f"Demo training: {courses} courses, {sessions} sessions, {attendees} attendees.",
        f"Demo action plans: {ActionPlan.objects.count()} plans, {actions} actions "
        f"({overdue} overdue).",
        "Demo Board commentary for the quarterly reports: "
        f"{BoardCommentary.objects.filter(quarter_start=quarter.start).count()} Boards.",
    ]


def load_demo_case_audits() -> str:
    """The completed case audits of case_audits.yaml, drawn, graded and completed through the
    workflow and services as the demo auditors; skipped once any audit exists."""
    if not CaseAudit.objects.exists():
        for audit in demo_data("case_audits")["audits"]:
            _demo_case_audit(audit)
    graded = SampledCase.objects.exclude(grade="").count()
    return f"Demo case audits: {CaseAudit.objects.count()} audits, {graded} cases graded."


def _demo_case_audit(data: dict) -> None:
    auditor = User.objects.get(email=data["auditor"])
    audit = audit_draw(
        actor=auditor,
        title=data["title"],
        method=SampleMethod.RANDOM,
        sample_size=data["sample_size"],
        seed=data["seed"],
    )
    today = timezone.localdate()
    for sampled, entry in zip(audit.sampled.all(), data["cases"], strict=False):
        comments = entry["comments"]
        sampled_case_grade(
            actor=auditor,
            sampled=sampled,
            answers={
                question: (answer, comments.get(question, ""))
                for question, answer in entry["answers"].items()
            },
            grade=entry["grade"],
            findings=entry["findings"],
        )
        if entry.get("action"):
            audit_action_add(
                actor=auditor,
                sampled=sampled,
                description=entry["action"],
                team=sampled.case.lead_team,
                due_on=today + timedelta(days=entry["due_in_days"]),
            )
    audit_complete(actor=auditor, audit=audit, summary=data["summary"])


def _demo_training(data: dict) -> None:
    lead = User.objects.get(email=data["recorded_by"])
    agencies = [
        (Agency.objects.get(slug=entry["slug"]), entry["job_roles"]) for entry in data["agencies"]
    ]
    # The same made-up attendees and scores on every load (demo data, not security).
    chance = random.Random(15)
    today = timezone.localdate()
    areas = list(Area)
    for number, entry in enumerate(data["courses"]):
        course = training_course_add(
            actor=lead,
            title=entry["title"],
            description=entry["description"],
            statements=entry["statements"],
        )
        statements = list(course.statements.all())
        for quarter in range(data["quarters"]):
            area = areas[(quarter + number) % len(areas)]
            session = training_session_record(
                actor=lead,
                course=course,
                held_on=today - timedelta(days=91 * quarter + 20 + 7 * number),
                area=area,
                venue=data["venues"][area],
                trainer=data["trainers"][(quarter + number) % len(data["trainers"])],
            )
            for seat in range(entry["attendees_per_session"]):
                agency, job_roles = agencies[chance.randrange(len(agencies))]
                attendee = training_attendee_add(
                    actor=lead,
                    session=session,
                    agency=agency,
                    # A different given name for each seat keeps names unique in a session.
                    full_name=f"{data['given_names'][seat]} {chance.choice(data['family_names'])}",
                    job_role=chance.choice(job_roles),
                )
                before = {s.pk: chance.choice((1, 2, 2, 3, 3)) for s in statements}
                self_assessment_record(
                    actor=lead, attendee=attendee, stage=Stage.BEFORE, scores=before
                )
                if chance.random() < 0.85:  # some never return the form after the course
                    after = {
                        pk: min(5, score + chance.choice((0, 1, 1, 2)))
                        for pk, score in before.items()
                    }
                    self_assessment_record(
                        actor=lead, attendee=attendee, stage=Stage.AFTER, scores=after
                    )


def _demo_action_plan(data: dict) -> None:
    owner = User.objects.get(email=data["owner"])
    plan = action_plan_create(actor=owner, area=data["area"], title=data["title"])
    today = timezone.localdate()
    for entry in data["actions"]:
        if "owner_user" in entry:
            who = {"owner_user": User.objects.get(email=entry["owner_user"])}
        else:
            who = {
                "owner_agency": Agency.objects.get(slug=entry["owner_agency"]),
                "owner_role": entry["owner_role"],
            }
        action = plan_action_add(
            actor=owner,
            plan=plan,
            priority=entry["priority"],
            description=entry["description"],
            due_on=today + timedelta(days=entry["due"]),
            **who,
        )
        for update in entry["updates"]:
            action_progress_record(
                actor=owner,
                action=action,
                written_on=today - timedelta(days=update["days_ago"]),
                note=update["note"],
                rag=update["rag"],
            )


# --------------------------------------------------------------------------------- intelligence


def load_demo_intelligence() -> None:
    """intelligence.yaml: a flat three children were found at (a hotspot) and one ``C`` link,
    through the workflow; each link names its demo source, so loading again adds nothing."""
    data, loader, people = demo_data("intelligence"), _CaseLoader(), demo_people()
    cases = [
        Case.objects.select_related("lead_agency").get(
            person=people[entry["person"]], status=CaseStatus.OPEN
        )
        for entry in data["found_there"]
    ]
    recorders = [loader.practitioner(case.lead_agency.area_code) for case in cases]
    flat, _ = entity_record(
        actor=recorders[0], entity_type=EntityType.ADDRESS, values=data["place"]
    )
    for entry, case, recorder in zip(data["found_there"], cases, recorders, strict=True):
        intelligence_link_record(
            actor=recorder,
            from_case=case,
            to_entity=flat,
            link_type=LinkType.FOUND_AT,
            occurred_on=timezone.localdate() - timedelta(days=entry["days_ago"]),
            source=LinkSource.MISSING_EPISODE,
            source_evaluation="1",
            intelligence_assessment="A",
            handling_code=HandlingCode.PERMITTED,
            source_reference=f"demo:found:{entry['person']}",
        )
    conditioned = data["conditioned"]
    analyst = loader.user(conditioned["by"])
    ends = [
        entity_record(
            actor=analyst,
            entity_type=end["entity_type"],
            values={k: v for k, v in end.items() if k != "entity_type"},
        )[0]
        for end in (conditioned["from"], conditioned["to"])
    ]
    intelligence_link_record(
        actor=analyst,
        from_entity=ends[0],
        to_entity=ends[1],
        link_type=conditioned["link_type"],
        occurred_on=timezone.localdate() - timedelta(days=conditioned["days_ago"]),
        source=LinkSource.INTELLIGENCE_REPORT,
        source_evaluation=conditioned["grading"][0],
        intelligence_assessment=conditioned["grading"][1],
        handling_code=HandlingCode.CONDITIONS,
        handling_conditions=" ".join(conditioned["conditions"].split()),
        source_reference="demo:conditioned",
    )


def demo_intelligence_line() -> str:
    """Counted once every demo loader has run (operational groups record entities too)."""
    return (
        f"Demo intelligence: {Entity.objects.count()} entities, {Link.objects.count()} links "
        f"({Link.objects.filter(handling_code=HandlingCode.CONDITIONS).count()} handled C), "
        f"{Hotspot.objects.filter(active=True).count()} hotspot(s)."
    )


# ------------------------------------------------------------------ operational group meeting


def load_demo_operational_groups() -> str:
    """The operational group meeting of operational_groups.yaml, written through the
    intelligence services and the workflow as the demo users; skipped if one exists."""
    if not OperationalGroupMeeting.objects.exists():
        with transaction.atomic():
            _demo_operational_group(demo_data("operational_groups"))
    meetings = OperationalGroupMeeting.objects.count()
    subjects = GroupSubject.objects.count()
    return f"Demo operational groups: {meetings} meeting, {subjects} subjects discussed."


def _demo_operational_group(data: dict) -> None:
    analyst = User.objects.get(email=data["chair"])
    manager = User.objects.get(email=data["scheduled_by"])
    day = timezone.localdate() + timedelta(days=data["in_days"])
    meeting = intelligence_groups.group_meeting_schedule(
        actor=manager,
        area=data["area"],
        scheduled_for=timezone.make_aware(datetime.combine(day, time(10, 0))),
        chair=analyst,
        location=data["location"],
    )
    for entry in data["attendees"]:
        intelligence_groups.group_attendee_add(
            actor=analyst,
            meeting=meeting,
            user=User.objects.get(email=entry["user"]),
            attendance=entry["attendance"],
            apologies_note=entry.get("note", ""),
        )
    for entry in data["subjects"]:
        entity, _ = intelligence_services.entity_record(
            actor=analyst, entity_type=entry["entity_type"], values=entry["values"]
        )
        subject = intelligence_groups.group_subject_add(
            actor=analyst, meeting=meeting, entity=entity
        )
        evaluation, assessment, handling = (str(part) for part in entry["grading"])
        intelligence_groups.group_information_share(
            actor=analyst,
            subject=subject,
            text=entry["information"],
            source_evaluation=evaluation,
            intelligence_assessment=assessment,
            handling_code=handling,
            handling_conditions=entry.get("conditions", ""),
        )
        if "action" in entry:
            _demo_disruption_action(analyst, subject, entry["action"])
    # The manager who scheduled it brings their child: the analyst sees no case (decision 0026).
    child = data["child"]
    person = demo_people().get(child["person"])
    case = Case.objects.filter(person=person, status=CaseStatus.OPEN).first() if person else None
    if case is not None and case.pk in intelligence_case_ids(manager, {case.pk}):
        subject = intelligence_groups.group_subject_add(actor=manager, meeting=meeting, case=case)
        _demo_disruption_action(manager, subject, child["action"])


def _demo_disruption_action(actor: User, subject, entry: dict) -> None:
    operational_groups.disruption_action_add(
        actor=actor,
        subject=subject,
        title=entry["title"],
        owner_team=Team.objects.get(name=entry["team"]),
        due_on=timezone.localdate() + timedelta(days=entry["in_days"]),
    )


# ------------------------------------------------------------------------ dashboard history

HISTORY = "Demo history:"


@transaction.atomic
def load_demo_dashboard_history() -> str:
    """Demo history only (decision 0033): concerns in each of the last complete quarters in
    each area, recorded and decided through the workflows, then moved back to a time in their
    quarter with everything they made. Skipped if the history exists."""
    data = demo_data("dashboard_history")
    if not Concern.objects.filter(description__startswith=HISTORY).exists():
        rng = random.Random(data["seed"])
        today = timezone.localdate()
        quarters = quarters_to(last_complete_quarter(today).end, count=data["quarters"])
        count = 0
        for quarter in quarters:
            for area in Area:
                for _ in range(rng.randint(*data["per_quarter"])):
                    _history_concern(data, rng, area, quarter, count)
                    count += 1
    made = Concern.objects.filter(description__startswith=HISTORY).count()
    return f"Demo dashboard history: {made} concerns over the last {data['quarters']} quarters."


def _history_concern(data: dict, rng: random.Random, area: Area, quarter, index: int) -> None:
    raised_by = User.objects.get(email=data["raised_by"][index % len(data["raised_by"])])
    manager = User.objects.get(email=f"manager@{area.value.replace('_', '-')}.demo")
    day = quarter.start + timedelta(days=rng.randrange((quarter.end - quarter.start).days + 1))
    when = datetime.combine(day, time(9 + rng.randrange(8)), tzinfo=ZoneInfo("Europe/London"))
    person = person_create(
        actor=raised_by,
        # A name of their own: no two history children look like one person to the matcher.
        given_name=data["given_names"][index % len(data["given_names"])],
        family_name=data["family_names"][index // len(data["given_names"])],
        # 10 to 16 today: still a child whatever quarter the concern is moved to.
        date_of_birth=date(
            timezone.localdate().year - 10 - rng.randrange(7), 1 + rng.randrange(12), 1
        ),
        dob_precision=DobPrecision.EXACT,
        gender=rng.choice(data["genders"]),
        nationalities=rng.choice(data["nationalities"]),
    )
    concern = concern_raise(
        actor=raised_by,
        person=person,
        description=f"{HISTORY} seen with an unrelated adult; the school is worried.",
        occurred_at=timezone.now() - timedelta(hours=1),
        home_area=area.value,
        location="Town centre",
        indicator_codes=data["indicators"][index % len(data["indicators"])],
    )
    concern = concern_decide(actor=manager, concern=concern, decision="accept")
    # The history's work is done and its cases closed, so they add to no one's list today.
    for task in Task.objects.filter(case=concern.case, status__in=OPEN_STATUSES):
        task_complete(
            actor=manager, task=task, note="Done at the time.", expected_version=task.version
        )
    case = Case.objects.get(pk=concern.case_id)
    case_close(actor=manager, case=case, reason="Support ended.", expected_version=case.version)
    _move_back(concern, when, late=rng.random() < 0.2)


def _move_back(concern: Concern, when: datetime, *, late: bool) -> None:
    """Everything the concern made, moved back so it was raised at ``when``: the front door's
    clock worked out again from then (working days), decided within it or, if ``late``, after."""
    shift = when - concern.created_at
    due = add_working_days(start=when, days=1)
    decided = due + timedelta(days=1) if late else when + timedelta(hours=3)
    Concern.objects.filter(pk=concern.pk).update(
        created_at=when,
        occurred_at=when - timedelta(hours=2),
        referred_at=when,
        decision_due_at=due,
        decided_at=decided,
    )
    case = concern.case
    closed = min(decided + timedelta(days=60), timezone.now())
    Case.objects.filter(pk=case.pk).update(opened_at=decided, created_at=decided, closed_at=closed)
    screenings = Screening.objects.filter(Q(concern=concern) | Q(case=case))
    screenings.update(created_at=F("created_at") + shift)
    tasks = Task.objects.filter(Q(concern=concern) | Q(case=case))
    tasks.update(created_at=F("created_at") + shift, due_at=F("due_at") + shift)
    done = F("due_at") + timedelta(days=2) if late else F("due_at") - timedelta(hours=2)
    tasks.filter(due_at__isnull=False).update(completed_at=done)
    tasks.filter(due_at__isnull=True).update(completed_at=decided)
    ChronologyEntry.objects.filter(case=case).update(occurred_at=F("occurred_at") + shift)
