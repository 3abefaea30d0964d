"""Test databases copied from a migrated template (tests/database_templates.py): a template is
named by everything that decides it, so a changed migration or package never reuses an old
one, and what is kept is the migrated database itself."""

import copy
import sqlite3

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.recorder import MigrationRecorder

from tests import database_templates


def test_the_key_is_the_same_for_the_same_migrations_and_packages():
    assert database_templates.schema_key() == database_templates.schema_key()


def test_a_changed_migration_or_lock_file_changes_the_key(tmp_path, monkeypatch):
    (tmp_path / "haven" / "app" / "migrations").mkdir(parents=True)
    migration = tmp_path / "haven" / "app" / "migrations" / "0001_initial.py"
    migration.write_text("operations = []\n")
    lock = tmp_path / "uv.lock"
    lock.write_text("django==5.2\n")
    monkeypatch.setattr(database_templates, "ROOT", tmp_path)
    first = database_templates.schema_key()

    migration.write_text("operations = ['a field added']\n")
    second = database_templates.schema_key()
    lock.write_text("django==5.2.1\n")
    third = database_templates.schema_key()
    (tmp_path / "haven" / "app" / "migrations" / "0002_more.py").write_text("")
    fourth = database_templates.schema_key()

    assert len({first, second, third, fourth}) == 4


@pytest.mark.django_db(transaction=True)
def test_a_saved_sqlite_template_is_the_migrated_database_and_replaces_older_ones(
    tmp_path, monkeypatch
):
    # A transactional test: the save runs, as in set-up, with no transaction open.
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's template is a file: PostgreSQL's is tested below")
    monkeypatch.setattr(database_templates, "SQLITE_TEMPLATES", tmp_path)
    (tmp_path / "0123456789abcdef.sqlite3").write_bytes(b"an older key's template")

    database_templates._sqlite_save(connection.creation, connection.settings_dict["NAME"], "k1")

    assert [path.name for path in tmp_path.iterdir()] == ["k1.sqlite3"]
    kept = sqlite3.connect(tmp_path / "k1.sqlite3")
    try:
        applied = set(kept.execute("SELECT app, name FROM django_migrations").fetchall())
        tables = {row[0] for row in kept.execute("SELECT name FROM sqlite_master")}
    finally:
        kept.close()
    assert applied == set(MigrationRecorder(connection).applied_migrations())
    assert set(connection.introspection.table_names()) <= tables


@pytest.mark.django_db
def test_a_postgresql_template_is_kept_copied_and_replaces_older_ones():
    """On scratch databases of its own, through a second connection, so the test database and
    its transaction are left alone."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's template is a database: SQLite's is tested above")
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.settings_dict = copy.deepcopy(connection.settings_dict)  # not the test's own
    creation = other.creation
    quote = creation._quote_name
    source, missing = "haven_scratch_source", "haven_scratch_missing"
    names = (
        source,
        missing,
        "haven_scratch_source_template_old",
        "haven_scratch_source_template_k1",
    )

    def databases() -> set[str]:
        with creation._nodb_cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'haven_scratch%'")
            return {row[0] for row in cursor.fetchall()}

    def tables_of(name: str) -> set[str]:
        other.settings_dict["NAME"] = name
        with other.cursor() as cursor:
            tables = set(other.introspection.table_names(cursor))
        other.close()
        return tables

    try:
        with creation._nodb_cursor() as cursor:
            for name in (source, "haven_scratch_source_template_old"):
                cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE template0")
        other.settings_dict["NAME"] = source
        with other.cursor() as cursor:
            cursor.execute("CREATE TABLE migrated_here (id integer)")
        other.close()

        database_templates._postgresql_save(creation, source, "k1")
        assert databases() == {source, "haven_scratch_source_template_k1"}

        # A copy for a worker named like pytest-xdist's: the same template, without the suffix.
        assert database_templates._postgresql_restore(creation, f"{source}_gw1", "k1")
        assert database_templates._postgresql_restore(creation, missing, "k2") is False
        assert "migrated_here" in tables_of(f"{source}_gw1")
    finally:
        other.close()
        with creation._nodb_cursor() as cursor:
            for name in (*names, f"{source}_gw1"):
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
