"""Fixtures shared by every app's tests.

``HAVEN_TEST_NOW``: when set to an ISO 8601 instant with a UTC offset (e.g.
``2027-08-27T15:30:00+01:00``), the whole run happens at that moment: time-machine travels there
when pytest starts (so collection and session fixtures see it too) and every test starts again
at exactly that instant, with time ticking from there. The browser tests' live server runs in
this process, so it reads the same clock. A test that travels itself (``time_machine.move_to``)
still wins inside that test. See docs/how-to/testing.md.
"""

import os
from datetime import datetime
from importlib import import_module

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.test import Client, override_settings
from django.test.utils import setup_databases, teardown_databases
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from rest_framework.test import APIClient
from xdist.scheduler import LoadScopeScheduling

from haven.accounts.tests.factories import give_totp_device
from haven.cases.tests.world import World, build_world
from haven.core import request_context
from tests import database_templates

# Property tests judge correctness, not speed: on a loaded 2-core CI machine a per-example
# deadline only makes them flaky. Benchmarks under bench/ measure speed.
hypothesis_settings.register_profile("haven", deadline=None, derandomize=False)
hypothesis_settings.load_profile("haven")

TEST_NOW_VARIABLE = "HAVEN_TEST_NOW"
_moved_clock: dict[str, object] = {}


def _test_now() -> datetime | None:
    text = os.environ.get(TEST_NOW_VARIABLE, "").strip()
    if not text:
        return None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(
            f"{TEST_NOW_VARIABLE}={text!r} is not an ISO 8601 date and time, "
            "e.g. 2027-08-27T15:30:00+01:00"
        ) from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise pytest.UsageError(
            f"{TEST_NOW_VARIABLE}={text!r} has no UTC offset: give one, "
            "e.g. 2027-08-27T15:30:00+01:00"
        )
    return instant


# Fixtures through which a test reaches the database (pytest-django refuses it any other way).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database: the second database's run (make "
        "test-postgres), since the others cannot depend on which database it is.",
    )
    parser.addoption(
        "--every-test-in",
        action="append",
        default=[],
        metavar="PATH",
        help="With --database-tests-only, keep every test under PATH too, database or not: "
        "make test-postgres runs at a moved clock, and the date-sensitive pure rules must "
        "run there as well.",
    )


def _uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    every_test_in = [config.rootpath / path for path in config.getoption("--every-test-in")]

    def kept(item) -> bool:
        return _uses_database(item) or any(
            item.path == path or path in item.path.parents for path in every_test_in
        )

    left_out = [item for item in items if not kept(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if kept(item)]


# Modules whose tests share a costly module fixture (the demo loaded, a dashboard's records
# counted). Left to xdist's load scheduling their tests spread over both workers and each built
# it: 34 s more on PostgreSQL. `--dist loadgroup` would say this with marks, but xdist 3.8
# renames the tests for it in a way pytest 9.2 no longer reads, so the marks did nothing.
SHARED_FIXTURE_MODULES = frozenset(
    {"haven/demo/tests/test_demo.py", "haven/reporting/tests/test_dashboard_trend.py"}
)


class SharedFixtureScheduling(LoadScopeScheduling):
    """As ``--dist load``, except that each of ``SHARED_FIXTURE_MODULES`` is one unit of work:
    its tests run on one worker."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in SHARED_FIXTURE_MODULES else nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # Only in place of load scheduling (-n alone): another --dist asked for is kept.
    if config.getvalue("dist") != "load":
        return None
    return SharedFixtureScheduling(config, log)


def pytest_configure(config):
    instant = _test_now()
    if instant is not None:
        travel = time_machine.travel(instant, tick=True)
        _moved_clock.update(instant=instant, travel=travel, traveller=travel.start())


def pytest_unconfigure(config):
    travel = _moved_clock.pop("travel", None)
    if travel is not None:
        travel.stop()
        _moved_clock.clear()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up (the same options), except that a test database is copied from a
    migrated template when an earlier run kept one (tests/database_templates.py)."""
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    # Kept databases (--reuse-db) and unmigrated ones (--no-migrations) are made as ever.
    templates = django_db_use_migrations and not keepdb
    if not django_db_use_migrations:
        _disable_migrations()
    key = database_templates.schema_key()
    with (
        django_db_blocker.unblock(),
        database_templates.templates_in_use(aliases if templates else (), key),
    ):
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


def pytest_report_header(config):
    if "instant" in _moved_clock:
        return f"{TEST_NOW_VARIABLE}: every test starts at {_moved_clock['instant'].isoformat()}"
    return None


# What a test reports about its own run for the run's log (``record_property(RUN_REPORT, text)``):
# the API fuzzing's operations and examples. Printed at the end of every run, under xdist too,
# where a passing test's own output is never shown.
RUN_REPORT = "run_report"


def pytest_terminal_summary(terminalreporter):
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        for name, value in getattr(report, "user_properties", ())
        if name == RUN_REPORT
    ]
    if lines:
        terminalreporter.write_sep("-", "reported by tests")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _moved_clock_per_test():
    """Under HAVEN_TEST_NOW, start each test at that instant (time ticks on within the test)."""
    if "traveller" in _moved_clock:
        _moved_clock["traveller"].move_to(_moved_clock["instant"], tick=True)


@pytest.fixture(scope="session", autouse=True)
def _documents_in_a_temporary_folder(tmp_path_factory):
    """Documents the tests upload go to a temporary folder, never to var/documents."""
    storages = django_settings.STORAGES
    documents = {**storages["documents"], "OPTIONS": {"location": tmp_path_factory.mktemp("docs")}}
    with override_settings(STORAGES={**storages, "documents": documents}):
        yield


@pytest.fixture(scope="session", autouse=True)
def _static_files_looked_up_when_asked():
    """WhiteNoise lists every static file when its middleware is built, and a test client builds
    the middleware afresh: that listing was half of each request's time in the access matrix.
    With autorefresh it looks a file up when one is asked for instead (WhiteNoise's development
    mode); the browser tests' live server serves static files with Django's own handler."""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check hashing itself override this.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _names_counted_afresh(settings):
    # Each test's people are its own: counts of names kept from an earlier test would weigh
    # this one's names wrongly (decision 0045).
    settings.HAVEN_MATCH_NAME_COUNTS_SECONDS = 0


@pytest.fixture(autouse=True)
def _clean_request_context():
    token = request_context.activate(request_context.RequestContext())
    yield
    request_context.deactivate(token)


def verify_session(client, user) -> None:
    """Give a test client the session of a user who passed the password and two-factor steps.
    The session is written as ``login`` writes it, without ``login``'s side effects (a log-in
    audit event, axes' access log, ``last_login``): tests of signing in use the real form.
    Most tests make one or more of these clients, and logging in cost about 11 ms each."""
    device = user.totpdevice_set.filter(name="default").first() or give_totp_device(user)
    session = import_module(django_settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    # The backend ``force_login`` would choose: the first that can load a user.
    session[BACKEND_SESSION_KEY] = next(
        path
        for path in django_settings.AUTHENTICATION_BACKENDS
        if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key


@pytest.fixture
def verified_client():
    """A factory: ``verified_client(user)`` returns a new two-factor-verified test client."""

    def make(user):
        client = Client()
        verify_session(client, user)
        return client

    return make


@pytest.fixture
def verified_api_client():
    def make(user):
        api = APIClient()
        verify_session(api, user)
        return api

    return make


@pytest.fixture
def api(verified_api_client):
    """``api(user)``: a new API client with a two-factor-verified session."""
    return verified_api_client


@pytest.fixture
def world() -> World:
    """The partnership of ``haven.cases.tests.world.build_world``: the four authorities, the
    police, a health trust and a school, with their users. Fresh for each test: built once per
    module in a rolled-back transaction, it made the SQLite suite slower (decision 0055)."""
    return build_world()
