"""The router's choices (decision 0041), without a database: reporting reads go to the replica
only when one is configured, outside a transaction on default; every write goes to default."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router

from haven.cases.models import Case
from haven.core import replica
from haven.core.replica import REPLICA, ReportingReplicaRouter, reporting_reads

ROUTER = ReportingReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    """As if DATABASE_REPLICA_URL were set (the router only asks; nothing connects here)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_the_project_uses_the_router():
    assert any(isinstance(r, ReportingReplicaRouter) for r in router.routers)


def test_without_a_replica_every_read_is_from_default(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: False)
    with reporting_reads():
        assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_with_a_replica_reporting_reads_go_to_it_and_others_stay_on_default(with_replica):
    assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS
    with reporting_reads():
        assert ROUTER.db_for_read(Case) == REPLICA
        # Writes while serving a report (its audit row) go to default.
        assert ROUTER.db_for_write(Case) == DEFAULT_DB_ALIAS
    assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_reads_inside_a_transaction_on_default_stay_there(with_replica, monkeypatch):
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "in_atomic_block", True)
    with reporting_reads():
        assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_a_row_read_from_the_replica_is_not_followed_there_afterwards(with_replica):
    # Without an explicit answer Django would read related rows from the instance's database.
    case = Case()
    case._state.db = REPLICA
    assert ROUTER.db_for_read(Case, instance=case) == DEFAULT_DB_ALIAS
    assert ROUTER.allow_relation(case, Case())


def test_the_decorator_marks_each_call_and_nesting_restores_the_outer_state(with_replica):
    seen = []

    @reporting_reads()
    def report(inner):
        seen.append(ROUTER.db_for_read(Case))
        if inner:
            report(False)
        seen.append(ROUTER.db_for_read(Case))

    report(True)
    assert seen == [REPLICA] * 4
    assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_a_failed_report_leaves_no_reporting_mark(with_replica):
    @reporting_reads()
    def report():
        raise ValueError("counting failed")

    with pytest.raises(ValueError):
        report()
    assert ROUTER.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_migrations_run_only_on_default():
    assert ROUTER.allow_migrate(DEFAULT_DB_ALIAS, "cases")
    assert not ROUTER.allow_migrate(REPLICA, "cases")
