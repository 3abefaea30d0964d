"""The service navigation: (label, URL name, who sees it). Who sees it is a role permission, or
a rule about the user, or None for everyone. Account things (API tokens, account security) are
in the header's account links, not here."""

from collections.abc import Callable

from haven.accounts import roles
from haven.accounts.models import AgencyType
from haven.intelligence.selectors import may_use_intelligence


def _works_at_a_front_door(user) -> bool:
    """Front doors are local authorities' children's social care: police, schools and other
    partners refer to them but have none of their own."""
    agency = getattr(user, "agency", None)
    return (
        user.has_role_permission(roles.DECIDE_FRONT_DOOR)
        and agency is not None
        and agency.agency_type == AgencyType.LOCAL_AUTHORITY
    )


def _makes_duty_to_notify(user) -> bool:
    """Only a First Responder organisation's case workers notify the Home Office."""
    agency = getattr(user, "agency", None)
    return (
        user.has_role_permission(roles.WORK_CASES)
        and agency is not None
        and agency.is_first_responder
    )


def _keeps_or_owns_actions(user) -> bool:
    """Strategic leads keep the action plans; managers own most of their actions."""
    return user.has_role_permission(roles.VIEW_AGGREGATES) or user.has_role_permission(
        roles.APPROVE
    )


SERVICE_NAVIGATION: list[tuple[str, str, str | Callable | None]] = [
    ("Home", "core:start", None),
    ("Record a concern", "cases:concern_start", roles.RAISE_CONCERN),
    ("Front door", "cases:front_door", _works_at_a_front_door),
    ("Cases", "cases:case_list", roles.WORK_CASES),
    ("Search people", "people:search", roles.SEARCH_PEOPLE),
    ("Break-glass reviews", "cases:break_glass_reviews", roles.REVIEW_BREAK_GLASS),
    ("Audit trail", "audit:event_list", roles.VIEW_AUDIT_LOG),
    ("Case audits", "case_audits:list", roles.AUDIT_CASES),
    ("Agencies", "accounts:agency_list", roles.MANAGE_AGENCIES),
    ("Users", "accounts:user_list", roles.MANAGE_USERS),
    ("Tasks", "actions:task_list", roles.WORK_CASES),
    ("Duty to Notify", "nrm:duties", _makes_duty_to_notify),
    ("Possible duplicates", "matching:review_queue", roles.REVIEW_MATCHES),
    ("Dashboard", "reporting:dashboard", roles.VIEW_AGGREGATES),
    ("National figures", "strategy:national_figures", roles.VIEW_AGGREGATES),
    ("Training", "strategy:training", roles.VIEW_AGGREGATES),
    ("Action plans", "strategy:action_plans", _keeps_or_owns_actions),
    # Practitioners and managers reach intelligence from their cases' intelligence panels.
    ("Intelligence", "intelligence:workspace", roles.VIEW_INTELLIGENCE),
    ("Anonymised dataset", "strategy:anonymised_dataset", roles.VIEW_AGGREGATES),
    ("Operational groups", "intelligence:groups", may_use_intelligence),
]


def shows(user, rule) -> bool:
    if rule is None:
        return True
    if callable(rule):
        return rule(user)
    return user.has_role_permission(rule)
