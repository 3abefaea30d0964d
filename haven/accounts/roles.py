"""What each role may do, as named permissions. Object-level scope (which case, which area)
is decided by each app's access rules; this table only says what kind of work a role does.

Administrators manage users and agencies but get no case content by default; strategic leads
see aggregate figures only.
"""

from haven.accounts.models import Role

RAISE_CONCERN = "concerns.raise"
WORK_CASES = "cases.work"
DECIDE_FRONT_DOOR = "front_door.decide"
SEARCH_PEOPLE = "people.search"
BREAK_GLASS = "cases.break_glass"
APPROVE = "cases.approve"
SCHEDULE_MEETING = "meetings.schedule"
OVERRIDE_SCREENING = "screening.override"
REVIEW_MATCHES = "matching.review"
VIEW_INTELLIGENCE = "intelligence.view"
VIEW_AGGREGATES = "reporting.view_aggregates"
VIEW_AUDIT_LOG = "audit.view_log"
REVIEW_BREAK_GLASS = "audit.review_break_glass"
MANAGE_USERS = "accounts.manage_users"
MANAGE_AGENCIES = "accounts.manage_agencies"
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
        _PRACTITIONER | {APPROVE, SCHEDULE_MEETING, OVERRIDE_SCREENING, REVIEW_MATCHES}
    ),
    Role.STRATEGIC_LEAD: frozenset({VIEW_AGGREGATES}),
    Role.ANALYST: frozenset({RAISE_CONCERN, SEARCH_PEOPLE, VIEW_INTELLIGENCE, USE_API_TOKENS}),
    Role.AUDITOR: frozenset({VIEW_AUDIT_LOG, REVIEW_BREAK_GLASS}),
    Role.ADMIN: frozenset({MANAGE_USERS, MANAGE_AGENCIES, USE_API_TOKENS}),
}

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
    ],
    Role.STRATEGIC_LEAD: [
        "See the aggregate figures the strategy promises to measure.",
        "You cannot open case content: figures are counts, with small numbers suppressed.",
    ],
    Role.ANALYST: [
        "Record concerns and search for people across agencies.",
        "Work with intelligence about people, places and vehicles linked to several children.",
    ],
    Role.AUDITOR: [
        "Read and filter the audit trail of every view, change and export.",
        "Review every break-glass access to a case.",
    ],
    Role.ADMIN: [
        "Manage agencies, teams, users and API tokens.",
        "You cannot open case content: that needs a practitioner's role and a reason.",
    ],
}


def role_grants(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
