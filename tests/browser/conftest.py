"""Playwright (sync API) journeys in Debian's Chromium against pytest-django's live server.

Run them with ``make test-browser`` (it installs Chromium and builds the static assets first);
``make test-sqlite`` and ``make test-postgres`` leave them out with ``-m "not browser"``.

Fixtures:

- ``browser``: one headless Chromium for the whole session (``/usr/bin/chromium``, never a
  Playwright download).
- ``page``: a new browser context and page per test, whose base URL is ``live_server.url``,
  so ``page.goto("/accounts/login/")`` works. Locale en-GB, time zone Europe/London. The
  site's real Content-Security-Policy is enforced: a CSP violation reported by the browser
  fails the test (axe-core is injected in a way CSP does not block; see support.py).
  A failing test leaves a screenshot named ``FAILED-<test>.png``. When the test process
  travels in time (``HAVEN_TEST_NOW``, or a test's own time-machine travel started before
  ``page``), the page's JavaScript clock starts at the same moment as the server's.

Every test in this folder is marked ``browser``. Helpers: ``tests.browser.support``
(``screenshot``, ``assert_accessible``).
"""

from __future__ import annotations

import os

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import sync_playwright

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.browser.support import screenshot

BROWSER_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """The live server answers the page's concurrent requests (live screening and possible
    matches) from several threads. SQLite's default in-memory test database shares one cache
    between them, where a second writer fails at once with "table is locked"; a file database
    in WAL mode waits its turn, as the real one does."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("browser-db") / "test.sqlite3"
        )


# The journeys that show dates (due dates, ages, session expiry, update cadences): make test runs
# them at the moved clock only (make test-moved-journeys, HAVEN_TEST_NOW), and the others at
# today's date (make test-browser), each journey once; the date rules under them run at both
# clocks in the unit tests (decision 0055). Known problem (stop 17 note): at the moved clock,
# back-and-submit fails only when it runs after the session-expiry journeys (every test
# restarts at the same instant), so it stays at today's date until that is understood.
MOVED_CLOCK_JOURNEYS = (
    "test_screening_journey.py",
    "test_case_journey.py",
    "test_matching_journey.py",
    "test_no_work_lost.py::test_concern_typed_when_the_session_ends_is_kept",
    "test_no_work_lost.py::test_timeout_warning_stay_signed_in_then_signed_out_keeping_the_form",
    "test_documents_journey.py",
    "test_investigations_journey.py",
    "test_my_work_journey.py",
    "test_case_glance_journey.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only this folder's: mark ours before
    # -m "browser" / -m "not browser" selects.
    for item in items:
        if str(item.path).startswith(BROWSER_DIR + os.sep):
            item.add_marker(pytest.mark.browser)
            if item.nodeid.removeprefix("tests/browser/").startswith(MOVED_CLOCK_JOURNEYS):
                item.add_marker(pytest.mark.moved_clock)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_haven_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _playwright():
    # Playwright's sync API runs an asyncio event loop in this thread; without this, Django's
    # ORM (in tests and in live_server's database flushes) raises SynchronousOnlyOperation.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        yield playwright
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (`make test-browser` does) "
            "or set HAVEN_CHROMIUM",
            pytrace=False,
        )
    # launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it on close.
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    if time_machine.escape_hatch.is_travelling():
        # The live server reads this process's travelled clock; the page's scripts (which check,
        # for example, that a date is not in the future) must read the same one.
        context.clock.install(time=timezone.now())
    page = context.new_page()
    csp_violations: list[str] = []

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    yield page

    call_report = getattr(request.node, "_haven_report_call", None)
    if call_report is not None and call_report.failed:
        try:
            screenshot(page, f"FAILED-{request.node.name}")
        except Exception as exc:  # a screenshot must not hide the real failure
            print(f"could not save a failure screenshot: {exc}")
    context.close()
    if csp_violations:
        pytest.fail(
            "the browser reported Content-Security-Policy violations:\n"
            + "\n".join(f"- {v}" for v in csp_violations),
            pytrace=False,
        )
