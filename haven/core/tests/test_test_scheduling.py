"""The tests' own scheduling over xdist workers (root conftest.py): a module whose tests share a
costly module fixture is one unit of work, every other test its own, as ``--dist load``."""

from pathlib import Path

from django.conf import settings

from conftest import (
    SHARED_FIXTURE_MODULES,
    SharedFixtureScheduling,
    pytest_xdist_make_scheduler,
)


def test_a_shared_fixture_modules_tests_are_one_unit_and_others_each_their_own():
    split = SharedFixtureScheduling._split_scope
    demo = "haven/demo/tests/test_demo.py"
    assert split(None, f"{demo}::test_loading_twice_adds_nothing") == demo
    assert split(None, f"{demo}::test_the_command_prints_the_log_ins") == demo
    other = "haven/core/tests/test_warmup.py::test_the_warmers_named"
    assert split(None, other) == other
    param = "tests/security/test_idor.py::test_records_are_not_found[practitioner]"
    assert split(None, param) == param


def test_every_shared_fixture_module_exists():
    # A module renamed or moved would silently lose its grouping.
    for module in SHARED_FIXTURE_MODULES:
        assert (Path(settings.BASE_DIR) / module).is_file(), module


class _AskedFor:
    def __init__(self, dist: str):
        self.dist = dist

    def getvalue(self, name: str) -> str:
        return {"dist": self.dist}[name]


def test_another_dist_asked_for_is_kept():
    # None: xdist then makes the scheduler that --dist asked for.
    for dist in ("loadfile", "loadscope", "each", "worksteal"):
        assert pytest_xdist_make_scheduler(_AskedFor(dist), None) is None
