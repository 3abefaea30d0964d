"""The service navigation: (label, URL name, role permission needed or None)."""

from haven.accounts import roles

SERVICE_NAVIGATION: list[tuple[str, str, str | None]] = [
    ("Home", "core:start", None),
    ("Audit trail", "audit:event_list", roles.VIEW_AUDIT_LOG),
    ("API tokens", "accounts:token_list", roles.USE_API_TOKENS),
]
