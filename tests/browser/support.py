"""Helpers for the Playwright journeys in tests/browser (fixtures are in conftest.py).

- ``screenshot(page, name)``: a full-page PNG in test-artifacts/screenshots/.
- ``assert_accessible(page)``: runs axe-core in the page and fails on serious or critical
  violations, listing them.
- ``fill_date(page, field, day)``: types a date into a GOV.UK date input.

Environment (all optional):

- ``HAVEN_CHROMIUM``: the Chromium to drive (default ``/usr/bin/chromium``, Debian's
  ``chromium`` package; ``make test-browser`` installs it). Playwright's own browser
  downloads are never used.
- ``HAVEN_SCREENSHOT_DIR``: where screenshots go (default ``test-artifacts/screenshots``
  under the repository root).
- ``HAVEN_AXE_JS``: axe-core's ``axe.min.js`` (default: ``haven/static/vendor/axe/axe.min.js``
  made by ``make assets``, else ``node_modules/axe-core/axe.min.js``).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from haven.accounts.tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    give_backup_codes,
    give_totp_device,
)
from haven.cases.tests.world import build_world

ROOT = Path(__file__).resolve().parents[2]

SCREENSHOT_DIR = Path(
    os.environ.get("HAVEN_SCREENSHOT_DIR", ROOT / "test-artifacts" / "screenshots")
)
AXE_CANDIDATES = [
    ROOT / "haven" / "static" / "vendor" / "axe" / "axe.min.js",
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
]
FAILING_IMPACTS = ("serious", "critical")
# The journeys run at desktop width and on a 375 px phone screen (issue 8).
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG of ``page`` as ``<SCREENSHOT_DIR>/<name>.png`` and return its path."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "screenshot"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{slug}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@cache
def axe_source() -> str:
    configured = os.environ.get("HAVEN_AXE_JS")
    candidates = [Path(configured)] if configured else AXE_CANDIDATES
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(
        "axe-core not found (looked at "
        + ", ".join(str(p) for p in candidates)
        + "): run `make assets`"
    )


def inject_axe(page) -> None:
    """Load axe-core into the page, unless it is there already.

    The site's Content-Security-Policy forbids inline scripts, so ``add_script_tag`` would be
    blocked. ``page.evaluate`` runs through the DevTools protocol, which CSP does not govern,
    so axe goes in that way and the page keeps its real CSP for everything else.
    """
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    page.evaluate("() => {\n" + axe_source() + "\n}")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        raise RuntimeError("axe-core did not load into the page")


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({len(violation['nodes'])} element(s))\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    - {target}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_violations(page, *, context=None, options: dict | None = None) -> list[dict]:
    """Every axe-core violation on the page as it is now (any impact)."""
    inject_axe(page)
    run_options = {"resultTypes": ["violations"], **(options or {})}
    return page.evaluate(
        "async ([context, options]) => {"
        "  const results = await window.axe.run(context || document, options);"
        "  return results.violations;"
        "}",
        [context, run_options],
    )


def assert_accessible(
    page,
    *,
    context=None,
    options: dict | None = None,
    impacts: tuple[str, ...] = FAILING_IMPACTS,
) -> None:
    """Fail if axe-core finds a violation of one of ``impacts`` on the page as it is now.

    ``context`` is an axe context (a selector, or ``{"exclude": [...]}``) and ``options`` are
    ``axe.run`` options, e.g. ``{"rules": {"color-contrast": {"enabled": False}}}``.
    """
    violations = axe_violations(page, context=context, options=options)
    failing = [v for v in violations if v.get("impact") in impacts]
    if failing:
        raise AssertionError(
            f"{len(failing)} accessibility violation(s) ({'/'.join(impacts)}) on {page.url}:\n"
            + format_violations(failing)
        )


def log_in(page, *, email: str, password: str, backup_code: str) -> None:
    """Sign in through the real two-step form: password, then a backup code."""
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Use a backup code").click()
    page.get_by_label("Backup code").fill(backup_code)
    page.get_by_role("button", name="Continue").click()


def make_user(*, email: str, role: str = "practitioner", agency=None, team=None, **fields):
    """A user who can sign in with the test password and the backup code 'a1b2c3d4'."""
    options = {"email": email, "role": role, **fields}
    if agency is not None:
        options["agency"] = agency
    if team is not None:
        options["team"] = team
    user = UserFactory(**options)
    give_totp_device(user)
    give_backup_codes(user, *(["a1b2c3d4"] * 5))
    return user


def enable_login(*users) -> None:
    """Let existing users sign in with the test password and backup code 'a1b2c3d4'."""
    for user in users:
        give_totp_device(user)
        give_backup_codes(user, *(["a1b2c3d4"] * 5))


def sign_in_as(page, user) -> None:
    log_in(page, email=user.email, password=TEST_PASSWORD, backup_code="a1b2c3d4")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def fill_date(page, field: str, day) -> None:
    """Type ``day`` into the GOV.UK date input of form field ``field`` (``#id_<field>_0`` day,
    ``_1`` month, ``_2`` year). Derive ``day`` from the clock the test runs at (for example
    ``timezone.localdate() - timedelta(days=1)``), never a fixed date: see docs/how-to/testing.md.
    """
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def assert_no_sideways_scroll(page) -> None:
    """The page fits the screen's width: nothing pushes it sideways (wide tables scroll in
    their own box)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    if width > viewport:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll("body *")]
                .filter((e) => e.getBoundingClientRect().right > limit)
                .filter((e) => !e.closest(".haven-table-scroll"))
                .slice(0, 5)
                .map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."))""",
            viewport,
        )
        raise AssertionError(
            f"{page.url} is {width} px wide on a {viewport} px screen; too wide: {wide}"
        )


TYPED_CONCERN = "Seen at 1am with two older men outside the takeaway on Bridge Street."


def type_concern(page, family_name: str) -> None:
    """A police officer's concern about a girl in Warrington, typed but not yet recorded."""
    page.goto("/concerns/new/person/")
    page.get_by_label("A child, or may be under 18").check()
    page.get_by_label("Given names").fill("Keira")
    page.get_by_label("Family name").fill(family_name)
    page.get_by_label("What did you see or were you told?").fill(TYPED_CONCERN)
    fill_date(page, "occurred_on", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time").fill("01:00")
    page.get_by_label("Sexual activity with adults").check()
    page.locator("#id_immediate_danger_1").check()
    page.get_by_label("Warrington").check()


def police_officer_signed_in(page):
    """The test world's police practitioner (``build_world``), signed in on ``page``."""
    officer = build_world().police.practitioner
    enable_login(officer)
    sign_in_as(page, officer)
    return officer
