"""The demo data set: each app contributes its part, in dependency order."""

import uuid
from dataclasses import dataclass, field

from django.test.utils import override_settings

from haven.accounts.demo import DEMO_PASSWORD, load_demo_accounts, refuse_demo_in_production
from haven.cases.demo import demo_case_summary, load_demo_cases
from haven.core import request_context
from haven.meetings.demo import load_demo_meetings


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
            summary.lines.extend([*demo_case_summary(), *meetings])
        finally:
            request_context.deactivate(token)
    return summary
