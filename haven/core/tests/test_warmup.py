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
import re
import sys
from unittest import mock
import haven.wsgi
from django.urls import resolve
views = ("haven.urls", "haven.intelligence.api", "haven.cases.views")
print(all(name in sys.modules for name in views))
paths = ("/api/v1/people/possible-matches/", "/api/v1/people/search/", "/cases/1/", "/")
with mock.patch("re.compile", wraps=re.compile) as compiled:
    for path in paths:
        resolve(path)
print(compiled.call_count)
from django.template import loader
from django.template.base import Template
pages = ("core/start.html", "cases/case_detail.html", "people/detail.html")
with mock.patch.object(
    Template, "compile_nodelist", autospec=True, side_effect=Template.compile_nodelist
) as compiled:
    for page in pages:
        loader.get_template(page)
print(compiled.call_count)
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


def test_loading_the_wsgi_application_loads_every_view_url_and_template_even_without_a_database(
    tmp_path,
):
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
    views_loaded, patterns_compiled_on_resolving, templates_compiled_on_loading = (
        done.stdout.split()
    )
    assert views_loaded == "True", done.stderr
    assert "warming the worker: haven.matching.live.warm failed" in done.stderr
    # Every URL pattern was compiled while warming, not by each path's first request.
    assert patterns_compiled_on_resolving == "0"
    # And every page template, with the tag libraries it loads.
    assert templates_compiled_on_loading == "0"


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


def test_a_template_that_does_not_compile_is_logged_and_the_worker_starts(
    settings, tmp_path, caplog
):
    (tmp_path / "broken.html").write_text("{% if %}")
    (tmp_path / "fine.html").write_text("{{ greeting }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]
    settings.HAVEN_WORKER_WARMERS = []
    with caplog.at_level(logging.ERROR, logger="haven.core.warmup"):
        warm_worker()
    assert [r.getMessage() for r in caplog.records] == [
        f"warming the worker: template {tmp_path / 'broken.html'} does not compile"
    ]
