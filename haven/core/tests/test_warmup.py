"""A web worker is ready before its first request (decision 0053): loading the WSGI
application loads every view and runs each warmer, and a warmer that cannot reach the database
does not stop the worker."""

import gc
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError

from haven.core.warmup import warm_worker

PROBE = """
import sys
import haven.wsgi
views = ("haven.urls", "haven.intelligence.api", "haven.cases.views")
print(all(name in sys.modules for name in views))
"""

called = []


@pytest.fixture(autouse=True)
def unfrozen():
    # warm_worker freezes what this test process holds: thaw it for the tests after.
    yield
    gc.unfreeze()


def records_the_call():
    called.append("warmed")


def cannot_reach_the_database():
    raise OperationalError("connection refused")


def test_loading_the_wsgi_application_loads_every_view_even_without_a_database(tmp_path):
    # An empty database: the warmers fail (no tables), and the worker still starts.
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "haven.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        },
        timeout=120,
    )
    assert done.stdout.strip() == "True", done.stderr
    assert "warming the worker: haven.matching.live.warm failed" in done.stderr


def test_every_warmer_runs_and_one_failing_is_logged_not_raised(settings, caplog):
    settings.HAVEN_WORKER_WARMERS = [
        f"{__name__}.cannot_reach_the_database",
        f"{__name__}.records_the_call",
    ]
    called.clear()
    with caplog.at_level(logging.WARNING, logger="haven.core.warmup"):
        warm_worker()
    assert called == ["warmed"]
    assert [r.getMessage() for r in caplog.records] == [
        f"warming the worker: {__name__}.cannot_reach_the_database failed"
    ]


def test_what_the_worker_loaded_is_frozen_for_the_collector(settings):
    # Full collections then walk only what requests make, not every module the worker loaded.
    settings.HAVEN_WORKER_WARMERS = []
    assert gc.get_freeze_count() == 0
    warm_worker()
    assert gc.get_freeze_count() > 10_000


def test_a_worker_warms_the_matching_counts_and_the_bank_holidays():
    assert settings.HAVEN_WORKER_WARMERS == [
        "haven.matching.live.warm",
        "haven.core.working_days.warm",
    ]
