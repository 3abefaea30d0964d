"""What each role may do, as named permissions. Object-level scope (which case, which area)
is decided by each app's access rules; this table only says what kind of work a role does.

Administrators manage their own agency's teams and users but get no case content; strategic
leads see aggregate figures only. Two roles, held by few, reach across agencies: a partnership
administrator manages every agency's teams and users (each action on another agency's user tells
that agency's administrators), and a partnership auditor reads every agency's audit trail. Who
may manage whom is decided in one place: ``accounts.services.management_refusal``.
"""

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    ANALYST = "analyst", "Analyst"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "Administrator"
    # Held by few: they act across every agency (roles.py, accounts.services.management_refusal).
    PARTNERSHIP_AUDITOR = "partnership_auditor", "Partnership auditor"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"


RAISE_CONCERN = "concerns.raise"
WORK_CASES = "cases.work"
DECIDE_FRONT_DOOR = "front_door.decide"
SEARCH_PEOPLE = "people.search"
BREAK_GLASS = "cases.break_glass"
APPROVE = "cases.approve"
# A manager of a case's lead team: allocates it to a practitioner, or transfers it to another team.
ALLOCATE_CASES = "cases.allocate"
SCHEDULE_MEETING = "meetings.schedule"
OVERRIDE_SCREENING = "screening.override"
REVIEW_MATCHES = "matching.review"
VIEW_INTELLIGENCE = "intelligence.view"
VIEW_AGGREGATES = "reporting.view_aggregates"
# Add a later year's national NRM figures, shown beside local ones (decision 0018).
RECORD_NATIONAL_FIGURES = "strategy.record_national_figures"
# The training programme: courses, sessions, attendees and their self-assessments (0025).
RECORD_TRAINING = "strategy.record_training"
# Start an action plan (its owner then adds actions; owners of actions report progress).
MANAGE_ACTION_PLANS = "strategy.manage_action_plans"
# Write the commentary printed in a Board's quarterly report (decision 0034).
WRITE_BOARD_COMMENTARY = "strategy.write_board_commentary"
# Draw a sample of cases and grade the practice in each (case audits, decision 0032): while
# the audit is open, the access door lets its auditor read the sampled cases, never change them.
AUDIT_CASES = "case_audits.audit_cases"
VIEW_AUDIT_LOG = "audit.view_log"
REVIEW_BREAK_GLASS = "audit.review_break_glass"
MANAGE_USERS = "accounts.manage_users"
MANAGE_AGENCIES = "accounts.manage_agencies"
# Across agencies: add agencies, and manage any agency's teams and users.
MANAGE_ALL_AGENCIES = "accounts.manage_all_agencies"
# Across agencies: read every agency's audit events, not only one's own agency's.
VIEW_ALL_AUDIT = "audit.view_all_agencies"
USE_API_TOKENS = "accounts.use_api_tokens"

_PRACTITIONER = {
    RAISE_CONCERN,
    WORK_CASES,
    DECIDE_FRONT_DOOR,
    SEARCH_PEOPLE,
    BREAK_GLASS,
    USE_API_TOKENS,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PRACTITIONER: frozenset(_PRACTITIONER),
    Role.MANAGER: frozenset(
        _PRACTITIONER
        | {APPROVE, ALLOCATE_CASES, SCHEDULE_MEETING, OVERRIDE_SCREENING, REVIEW_MATCHES}
    ),
    Role.STRATEGIC_LEAD: frozenset(
        {
            VIEW_AGGREGATES,
            RECORD_NATIONAL_FIGURES,
            RECORD_TRAINING,
            MANAGE_ACTION_PLANS,
            WRITE_BOARD_COMMENTARY,
        }
    ),
    Role.ANALYST: frozenset({RAISE_CONCERN, SEARCH_PEOPLE, VIEW_INTELLIGENCE, USE_API_TOKENS}),
    Role.AUDITOR: frozenset({VIEW_AUDIT_LOG, REVIEW_BREAK_GLASS, AUDIT_CASES}),
    Role.ADMIN: frozenset({MANAGE_USERS, MANAGE_AGENCIES, USE_API_TOKENS}),
    Role.PARTNERSHIP_AUDITOR: frozenset(
        {VIEW_AUDIT_LOG, REVIEW_BREAK_GLASS, VIEW_ALL_AUDIT, AUDIT_CASES}
    ),
    Role.PARTNERSHIP_ADMIN: frozenset(
        {MANAGE_USERS, MANAGE_AGENCIES, MANAGE_ALL_AGENCIES, USE_API_TOKENS}
    ),
}

# Roles whose reach crosses agencies: only a partnership administrator grants, changes or
# removes them.
PARTNERSHIP_ROLES: frozenset[str] = frozenset({Role.PARTNERSHIP_ADMIN, Role.PARTNERSHIP_AUDITOR})

# What the start page tells each role it can do.
ROLE_SUMMARIES: dict[str, list[str]] = {
    Role.PRACTITIONER: [
        "Record a concern about a child or an adult and see what must happen next.",
        "Work on the cases your team leads or that have been shared with your agency.",
        "Search for a person across agencies: records you cannot see show who to contact.",
        "Complete the tasks your team owns before their clocks run out.",
    ],
    Role.MANAGER: [
        "Everything a practitioner can do.",
        "Decide on concerns at your authority's front door within one working day.",
        "Schedule and chair multi-agency strategy meetings.",
        "Approve tasks marked not needed and professional overrides of a screening outcome.",
        "Review possible duplicate records and merge them.",
        "Record progress on the action plan actions you or your role own.",
    ],
    Role.STRATEGIC_LEAD: [
        "You see figures, never case content: counts, with small numbers shown as c.",
        "Keep the national NRM figures the strategy compares with up to date: add each new "
        "year's figures when the Home Office publishes them.",
        "Record the multi-agency training: courses, sessions, who attended and their "
        "self-assessments before and after, and see whether the training improved practice.",
        "Keep the Pan Cheshire and your authority's action plans: actions under the five "
        "priorities, their owners, due dates and progress.",
    ],
    Role.ANALYST: [
        "Record concerns and search for people across agencies.",
        "Search the intelligence: people of concern, places, vehicles, phones, online "
        "accounts, businesses and groups linked to children, graded 3x5x2.",
        "Record entities, link two of them, and merge duplicate records (you can reverse a "
        "merge). A link handled C reaches only the agencies its conditions name.",
        "Read hotspot alerts (a place, person, vehicle or phone linked to several children, or "
        "to children of more than one authority), open the network behind them as a graph and "
        "a table, and export it for analysts' tools.",
        "Schedule and chair operational group meetings: subjects, information shared and "
        "disruption actions.",
    ],
    Role.AUDITOR: [
        "Read and filter the audit trail of what your agency's users viewed, changed and exported.",
        "Review every break-glass access to a case your agency leads.",
        "Audit the quality of practice: draw a sample of the cases your authority leads and "
        "grade each one. You read a sampled case only while its audit is open.",
    ],
    Role.ADMIN: [
        "Manage your agency's teams, users and API tokens.",
        "You cannot open case content: that needs a practitioner's role and a reason.",
    ],
    Role.PARTNERSHIP_AUDITOR: [
        "Read and filter the audit trail of every agency in the partnership, break-glass "
        "included. Each break-glass access is reviewed by the auditors of the case's lead "
        "authority.",
        "Audit the quality of practice across the partnership: draw a sample of cases and "
        "grade each one. You read a sampled case only while its audit is open.",
    ],
    Role.PARTNERSHIP_ADMIN: [
        "Add agencies, and manage every agency's teams, users and API tokens.",
        "Each change you make to another agency's user is told to that agency's administrators.",
        "You cannot open case content: that needs a practitioner's role and a reason.",
    ],
}


def role_grants(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
