"""The service navigation: (label, URL name, role permission needed or None)."""

from haven.accounts import roles

SERVICE_NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Home", "core:start", None),
    ("Record a concern", "cases:concern_start", roles.RAISE_CONCERN),
    # Shown to every role that may decide; users of an agency without a front door (not a
    # local authority) get a page saying so.
    ("Front door", "cases:front_door", roles.DECIDE_FRONT_DOOR),
    ("Cases", "cases:case_list", roles.WORK_CASES),
    ("Search people", "people:search", roles.SEARCH_PEOPLE),
    ("Break-glass reviews", "cases:break_glass_reviews", roles.REVIEW_BREAK_GLASS),
    ("Audit trail", "audit:event_list", roles.VIEW_AUDIT_LOG),
    ("Agencies", "accounts:agency_list", roles.MANAGE_AGENCIES),
    ("Users", "accounts:user_list", roles.MANAGE_USERS),
    ("Tasks", "actions:task_list", roles.WORK_CASES),
    ("Possible duplicates", "matching:review_queue", roles.REVIEW_MATCHES),
    ("API tokens", "accounts:token_list", roles.USE_API_TOKENS),
]
