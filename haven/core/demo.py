"""The demo data set: each app contributes its part, in dependency order."""

from dataclasses import dataclass, field

from haven.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from haven.cases.demo import load_demo_cases


@dataclass
class DemoSummary:
    password: str
    logins: list[tuple[str, str]]
    lines: list[str] = field(default_factory=list)


def load_demo() -> DemoSummary:
    accounts = load_demo_accounts()
    summary = DemoSummary(
        password=DEMO_PASSWORD, logins=[(user.email, code) for user, code in accounts]
    )
    summary.lines.append(f"Demo accounts ready: {len(accounts)} users.")
    summary.lines.extend(load_demo_cases())
    return summary
