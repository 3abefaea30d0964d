"""Each PostgreSQL connection asks for ``jit=off`` (decision 0048): PostgreSQL otherwise
compiles every dashboard count, which costs more than the count."""

import pytest
from django.db import connection

from haven.settings import _database

POSTGRES = "postgres://haven:secret@db.internal:5432/haven"


def test_a_postgresql_connection_turns_jit_off_by_default(monkeypatch):
    monkeypatch.delenv("DATABASE_SESSION_OPTIONS", raising=False)
    assert _database(POSTGRES)["OPTIONS"]["options"] == "-c jit=off"


def test_the_options_can_be_changed_or_left_to_the_role_behind_a_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_SESSION_OPTIONS", "-c jit=off -c work_mem=64MB")
    assert _database(POSTGRES)["OPTIONS"]["options"] == "-c jit=off -c work_mem=64MB"
    monkeypatch.setenv("DATABASE_SESSION_OPTIONS", "")
    assert "options" not in _database(POSTGRES).get("OPTIONS", {})


def test_sqlite_is_given_no_postgresql_options(monkeypatch):
    monkeypatch.delenv("DATABASE_SESSION_OPTIONS", raising=False)
    assert "options" not in _database("sqlite:////tmp/haven.sqlite3").get("OPTIONS", {})


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own setting")
def test_the_test_databases_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_kept_connection_is_checked_before_a_request_reuses_it(monkeypatch):
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "600")
    monkeypatch.delenv("DATABASE_CONN_HEALTH_CHECKS", raising=False)
    config = _database(POSTGRES)
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (600, True)
    monkeypatch.setenv("DATABASE_CONN_HEALTH_CHECKS", "0")
    assert _database(POSTGRES)["CONN_HEALTH_CHECKS"] is False
