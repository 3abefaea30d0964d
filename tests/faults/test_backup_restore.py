"""``make backup`` and ``make restore`` (``scripts/backup.py``) round-trip the database the
suite runs on, SQLite or PostgreSQL (decision 0039): every table's rows as backed up, and the
audit chain intact (``audit_verify``); a restore that does not match fails loudly."""

import json

import pytest
from django.db import connection

from haven.audit.models import AuditEvent, HashScheme, Verb
from haven.cases.models import Case
from haven.cases.tests.world import open_case
from scripts import backup as backups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup_file(tmp_path):
    return tmp_path / "haven.backup"


def backed_up_with_one_more_row(world, backup_file, table: str) -> None:
    """A backup of one open case whose counts file says ``table`` had one row more."""
    open_case(world)
    backups.backup(connection, backup_file)
    counts = backups.counts_path(backup_file)
    written = json.loads(counts.read_text())
    written["tables"][table] += 1
    counts.write_text(json.dumps(written))


def test_a_backup_restores_every_row_and_an_intact_audit_chain(world, backup_file):
    first = open_case(world)
    before = backups.row_counts(connection)

    manifest = backups.backup(connection, backup_file)
    assert manifest.engine == connection.vendor
    assert manifest.tables == before
    assert manifest.tables["audit_auditevent"] == AuditEvent.objects.count() > 0
    assert backups.counts_path(backup_file).exists()

    later = open_case(world, "halton", given_name="Bethany")  # work after the backup
    assert backups.row_counts(connection) != before

    backups.restore(connection, backup_file)  # checks counts and audit_verify itself
    assert backups.row_counts(connection) == before
    assert list(Case.objects.values_list("pk", flat=True)) == [first.pk]
    assert not Case.objects.filter(pk=later.pk).exists()


def test_a_restore_whose_counts_differ_fails_loudly(world, backup_file):
    backed_up_with_one_more_row(world, backup_file, "cases_case")
    with pytest.raises(backups.RestoreMismatch, match="cases_case: 2 backed up, 1 restored"):
        backups.restore(connection, backup_file)


def test_a_restored_audit_chain_is_verified(world, backup_file, monkeypatch):
    """Counts alone would pass a backup holding a forged audit row: audit_verify is what tells.
    Here one is slipped in as the restore finishes (and counted, so the counts agree)."""
    backed_up_with_one_more_row(world, backup_file, "audit_auditevent")
    name = "_restore_postgresql" if connection.vendor == "postgresql" else "_restore_sqlite"
    restore_database = getattr(backups, name)

    def restore_then_forge(conn, source):
        restore_database(conn, source)
        AuditEvent.objects.create(
            verb=Verb.VIEWED,
            previous_hash="0" * 64,
            row_hash="f" * 64,
            hash_scheme=HashScheme.values[-1],
        )

    monkeypatch.setattr(backups, name, restore_then_forge)
    with pytest.raises(backups.RestoreMismatch, match="Audit chain broken"):
        backups.restore(connection, backup_file)


def test_the_command_line_backs_up_and_restores(world, backup_file, capsys):
    open_case(world)
    assert backups.main(["backup", "--to", str(backup_file)]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert backups.main(["restore", "--from", str(backup_file)]) == 0
    assert "every count as backed up; audit chain intact" in capsys.readouterr().out


def test_a_backup_of_the_other_engine_is_refused(world, backup_file):
    open_case(world)
    backups.backup(connection, backup_file)
    counts = backups.counts_path(backup_file)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    counts.write_text(counts.read_text().replace(f'"{connection.vendor}"', f'"{other}"'))
    with pytest.raises(backups.RestoreMismatch, match=f"is a {other} backup"):
        backups.restore(connection, backup_file)
