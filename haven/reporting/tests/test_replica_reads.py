"""Reporting reads from the read replica (decision 0041).

The first test runs anywhere: with a replica configured (as far as the router can tell), every
reporting entry point asks for the replica, and reads outside them or inside a transaction do
not. The others need a real streaming standby of the PostgreSQL test database
(``make test-postgres`` starts one with ``scripts/pg_test_cluster.sh replica`` and sets
``DATABASE_REPLICA_URL``): with the standby's replay paused, a record added on the primary is
missing from the reports and present everywhere else, which shows where each read came from.

These tests commit (``transaction=True``): a standby only ever sees committed rows. Records are
made at a fixed instant, so no test depends on today's date."""

import csv
import io
import time
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import OperationalError

from haven.audit.models import AuditEvent, Verb
from haven.cases.models import Concern
from haven.cases.tests.world import make_child, open_case, raise_concern
from haven.core import replica
from haven.core.replica import REPLICA, ReportingReplicaRouter
from haven.reporting.ctdc import anonymised_dataset, victim_records
from haven.reporting.dashboard import figures, measure_counts
from haven.reporting.training import training_results_published

NOW = datetime(2025, 2, 12, 10, 0, tzinfo=UTC)
FEBRUARY = {"area": "warrington", "start": date(2025, 2, 1), "end": date(2025, 2, 28)}
QUERY = "area=warrington&date_from=2025-02-01&date_to=2025-02-28"
DATABASES = [DEFAULT_DB_ALIAS, *([REPLICA] if replica.replica_configured() else [])]


@pytest.fixture(autouse=True)
def _at_a_fixed_instant():
    with time_machine.travel(NOW, tick=False):
        yield


def _concerns(world, count):
    police = world.police.practitioner
    for n in range(count):
        raise_concern(police, make_child(police, given_name=f"Child{n}"))


# ------------------------------------------------------------------- the router, anywhere


@pytest.fixture
def replica_asked(monkeypatch):
    """What the router would choose with a replica configured; the read still goes to default,
    so this runs without one."""
    asked = []
    choose = ReportingReplicaRouter.db_for_read

    def spy(self, model, **hints):
        asked.append(choose(self, model, **hints))
        return DEFAULT_DB_ALIAS

    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(ReportingReplicaRouter, "db_for_read", spy)
    return asked


@pytest.mark.django_db(transaction=True)
def test_every_reporting_entry_point_asks_for_the_replica(world, replica_asked):
    _concerns(world, 2)
    replica_asked.clear()

    for report in (
        lambda: figures(**FEBRUARY),
        lambda: measure_counts(code="concerns_raised", **FEBRUARY),
        victim_records,
        anonymised_dataset,
        training_results_published,
    ):
        report()
        assert replica_asked and set(replica_asked) == {REPLICA}, report
        replica_asked.clear()

    # Outside a report (and inside any transaction on default) reads stay on default.
    Concern.objects.count()
    with transaction.atomic():
        figures(**FEBRUARY)
    assert set(replica_asked) == {DEFAULT_DB_ALIAS}


# ------------------------------------------------------------ a real streaming standby


def _standby_problem() -> str | None:
    if connection.vendor != "postgresql":
        return "a streaming replica needs PostgreSQL (this run is on SQLite)"
    if not replica.replica_configured():
        return (
            "no replica configured: set DATABASE_REPLICA_URL to a standby of DATABASE_URL "
            "(make test-postgres starts one)"
        )
    return None


standby = pytest.mark.skipif(_standby_problem() is not None, reason=str(_standby_problem()))


def _one(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _caught_up(timeout: float = 30.0) -> None:
    """Wait until the standby has replayed everything committed on the primary so far: up to
    the insert position, as the test cluster commits asynchronously (a commit may not be
    written out yet)."""
    target = _one(DEFAULT_DB_ALIAS, "SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _one(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        if time.monotonic() > deadline:
            pytest.fail(f"the standby did not replay up to {target} within {timeout:g} s")
        time.sleep(0.05)


class Standby:
    """The test database's standby: ``pause()`` once it has caught up, so what the primary
    commits next is not on it; ``resume()`` and wait until it has caught up again."""

    def pause(self):
        _caught_up()
        _one(REPLICA, "SELECT pg_wal_replay_pause()::text")

    def resume(self):
        _one(REPLICA, "SELECT pg_wal_replay_resume()::text")
        _caught_up()


@pytest.fixture
def standby_of_default():
    try:
        in_recovery = _one(REPLICA, "SELECT pg_is_in_recovery()")
    except OperationalError as error:
        pytest.skip(f"the replica in DATABASE_REPLICA_URL does not answer: {error}")
    assert in_recovery, "DATABASE_REPLICA_URL is not a standby (pg_is_in_recovery() is false)"
    assert _one(REPLICA, "SELECT current_database()") == connection.settings_dict["NAME"]
    standby = Standby()
    yield standby
    standby.resume()


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@standby
@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_dashboard_figures_come_from_the_standby(world, standby_of_default):
    _concerns(world, 2)
    standby_of_default.pause()
    _concerns(world, 1)

    # The report reads the standby (still two); default has three.
    assert measure_counts(code="concerns_raised", **FEBRUARY).value == 2
    assert Concern.objects.filter(home_area="warrington").count() == 3
    # Inside a transaction on default a report reads default.
    with transaction.atomic():
        assert measure_counts(code="concerns_raised", **FEBRUARY).value == 3

    standby_of_default.resume()
    assert measure_counts(code="concerns_raised", **FEBRUARY).value == 3


@standby
@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_a_download_reads_the_standby_and_its_audit_row_is_written_to_default(
    world, standby_of_default, verified_client
):
    client = verified_client(world.strategic_lead)
    _concerns(world, 6)
    standby_of_default.pause()
    _concerns(world, 1)

    response = client.get(f"/dashboard/concerns_raised.csv?{QUERY}")

    # Six (the standby's), not seven (the primary's). A standby refuses writes: the audit row
    # exists, so it was written to default (and is not on the paused standby).
    assert response.status_code == 200
    assert ["Police", "6", "0", "6"] in _csv_rows(response)
    [event] = AuditEvent.objects.filter(verb=Verb.DASHBOARD_EXPORTED)
    assert event.changes["figure"] == "concerns_raised"
    assert not AuditEvent.objects.using(REPLICA).filter(pk=event.pk).exists()

    api = client.get("/api/v1/dashboard/?area=warrington&from=2025-02-01&to=2025-02-28")
    assert api.status_code == 200
    assert api.json()["figures"]["concerns_raised"]["value"] == 6

    standby_of_default.resume()
    assert ["Police", "7", "0", "7"] in _csv_rows(
        client.get(f"/dashboard/concerns_raised.csv?{QUERY}")
    )


@standby
@pytest.mark.django_db(transaction=True, databases=DATABASES)
def test_the_anonymised_dataset_comes_from_the_standby(world, standby_of_default):
    for n in range(2):
        open_case(world, given_name=f"Child{n}")
    standby_of_default.pause()
    open_case(world, given_name="Late")

    assert len(victim_records()) == 2
    standby_of_default.resume()
    assert len(victim_records()) == 3
