"""The audit trail without a global lock (issue 16 point 4; decision 0038): rows are written
unchained, each keyed over its own id and content; the sealer chains them afterwards in keyed
seals; audit_verify checks both. Attacks are made as a database administrator without the key
(``attacks.py``)."""

import os
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from haven.accounts.tests.factories import UserFactory
from haven.audit.chain import event_payload, row_mac
from haven.audit.models import AuditEvent, AuditSeal, HashScheme, Verb
from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_record, audit_seal
from haven.audit.tasks import seal_audit_trail
from haven.audit.tests.attacks import (
    delete_rows,
    drop_seals_from,
    plain_seal,
    reseal,
    seal_with,
    sql,
)
from haven.core.schedule import SCHEDULE

pytestmark = pytest.mark.django_db

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent writers and the append-only triggers need PostgreSQL.",
)


def views(n: int, actor=None) -> list[AuditEvent]:
    return [
        audit_record(actor=actor, verb=Verb.VIEWED, actor_email="s", target=("people.person", i))
        for i in range(n)
    ]


class TestWriting:
    def test_a_row_is_keyed_over_its_own_id_and_content_not_chained(self, settings):
        event = views(1)[0]
        assert event.hash_scheme == HashScheme.HMAC_SHA256_ROW
        assert event.previous_hash == ""
        key = settings.AUDIT_CHAIN_KEY.encode()
        assert event.row_hash == row_mac(
            key, settings.AUDIT_CHAIN_KEY_ID, event.pk, event_payload(event)
        )

    def test_writing_locks_no_row_and_reads_nothing_shared(self):
        views(1)
        audit_seal()
        with CaptureQueriesContext(connection) as queries:
            views(1)
        written = [q["sql"].upper() for q in queries]
        assert not [q for q in written if "FOR UPDATE" in q or "AUDITCHAINHEAD" in q]

    def test_ids_keep_rising_past_a_rolled_back_row(self):
        first = views(1)[0]
        with pytest.raises(RuntimeError), transaction.atomic():
            views(1)
            raise RuntimeError("the change failed")
        second = views(1)[0]
        assert second.pk > first.pk
        audit_seal()
        report = audit_chain_verify()
        assert (report.ok, report.checked) == (True, 2), report.problem


class TestSealing:
    def test_seals_the_rows_in_batches_chained_one_to_the_next(self):
        written = views(5)
        assert audit_seal(batch_size=2) == 5
        seals = list(AuditSeal.objects.order_by("id"))
        assert [(s.last_event_id, s.rows, s.total_rows) for s in seals] == [
            (written[1].pk, 2, 2),
            (written[3].pk, 2, 4),
            (written[4].pk, 1, 5),
        ]
        assert [s.previous_hash for s in seals[1:]] == [s.seal_hash for s in seals[:-1]]
        assert audit_seal() == 0  # nothing new
        report = audit_chain_verify()
        assert (report.ok, report.checked, report.seals_checked, report.unsealed) == (
            True,
            5,
            3,
            0,
        )

    def test_rows_written_since_the_last_seal_verify_as_not_sealed_yet(self):
        views(2)
        audit_seal()
        views(3)
        report = audit_chain_verify()
        assert (report.ok, report.seals_checked, report.unsealed) == (True, 1, 3)

    def test_the_job_runs_every_minute(self):
        assert (seal_audit_trail, 60) in SCHEDULE
        views(2)
        assert seal_audit_trail.call() == {"sealed": 2}

    def test_audit_verify_seals_first(self, capsys):
        views(3)
        call_command("audit_verify")
        assert "Audit chain intact: 3 rows; 1 seals;" in capsys.readouterr().out
        assert AuditSeal.objects.get().rows == 3

    def test_audit_verify_can_check_without_sealing(self, capsys):
        views(2)
        call_command("audit_verify", "--no-seal")
        assert "0 seals, 2 newest rows not sealed yet" in capsys.readouterr().out
        assert not AuditSeal.objects.exists()

    def test_the_orm_refuses_to_change_a_seal(self):
        views(1)
        audit_seal()
        seal = AuditSeal.objects.get()
        with pytest.raises(PermissionError, match="Audit seals are append-only"):
            seal.save()
        with pytest.raises(PermissionError):
            AuditSeal.objects.all().delete()


class TestTamperingIsDetected:
    """Without the key: every row, and every seal, is keyed."""

    def test_an_edited_row_sealed_or_not(self):
        written = views(4)
        audit_seal()
        views(1)
        sql("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [written[1].pk])
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, written[1].pk)
        assert "the row's content was altered" in report.problem

    def test_an_edited_row_not_sealed_yet(self):
        written = views(2)
        sql("UPDATE audit_auditevent SET actor_email = 'x' WHERE id = %s", [written[1].pk])
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, written[1].pk)

    def test_a_sealed_row_deleted(self):
        written = views(3)
        audit_seal()
        delete_rows([written[1].pk])
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, written[0].pk)
        assert (
            f"the rows under the seal of the rows up to event {written[2].pk} are not those "
            "sealed (2 found, 3 sealed): rows were removed, added or moved"
        ) in report.problem
        with pytest.raises(CommandError, match="rows were removed, added or moved"):
            call_command("audit_verify")

    def test_rows_swapped_between_ids(self):
        """Reordering: the rows' contents exchanged, hashes and all."""
        written = views(2)
        audit_seal()
        first, second = written
        sql("UPDATE audit_auditevent SET id = -1 WHERE id = %s", [first.pk])
        sql("UPDATE audit_auditevent SET id = %s WHERE id = %s", [first.pk, second.pk])
        sql("UPDATE audit_auditevent SET id = %s WHERE id = -1", [second.pk])
        report = audit_chain_verify()
        assert not report.ok and "the row's content was altered" in report.problem

    def test_a_copy_of_a_row_inserted(self):
        written = views(2)
        audit_seal()
        views(1)
        copy = AuditEvent.objects.get(pk=written[0].pk)
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM audit_auditevent")
            copy.pk = cursor.fetchone()[0] + 1
        copy.row_hash = "f" * 64
        copy._state.adding = True
        copy.save(force_insert=True)
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, copy.pk)

    def test_rows_deleted_and_resealed_without_the_key(self, settings):
        """Rows deleted, and the seals over them made again by someone without the key."""
        written = views(4)
        audit_seal()
        delete_rows([written[2].pk])
        reseal(plain_seal, key_id=settings.AUDIT_CHAIN_KEY_ID)
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, written[0].pk)
        assert "does not match (the seal was altered or forged)" in report.problem

    def test_a_seal_made_with_a_guessed_key(self, settings):
        written = views(3)
        audit_seal()
        delete_rows([written[1].pk])
        reseal(seal_with(b"a key the administrator made up"), key_id=settings.AUDIT_CHAIN_KEY_ID)
        report = audit_chain_verify()
        assert not report.ok and "the seal was altered or forged" in report.problem

    def test_a_seal_removed_from_the_middle(self):
        written = views(4)
        audit_seal(batch_size=2)
        sql("DELETE FROM audit_auditseal WHERE last_event_id = %s", [written[1].pk])
        report = audit_chain_verify()
        assert not report.ok and "a seal before the seal of the rows up to" in report.problem

    def test_a_seal_edited(self):
        views(2)
        audit_seal()
        sql("UPDATE audit_auditseal SET rows = 1, total_rows = 1")
        report = audit_chain_verify()
        assert not report.ok and "the seal was altered or forged" in report.problem

    def test_a_chained_row_added_after_sealed_rows(self):
        written = views(2)
        sql(
            "UPDATE audit_auditevent SET hash_scheme = 'sha256', previous_hash = %s WHERE id = %s",
            ["0" * 64, written[1].pk],
        )
        report = audit_chain_verify()
        assert (report.ok, report.broken_event_id) == (False, written[1].pk)
        assert "rows sealed in batches come before it" in report.problem

    def test_the_same_reseal_with_the_real_key_would_pass(self, settings):
        """What the anchors are for (test_anchors.py): with the key, the newest seals can be
        made again over fewer rows."""
        written = views(3)
        audit_seal()
        delete_rows([written[1].pk])
        reseal(seal_with(settings.AUDIT_CHAIN_KEY.encode()), key_id=settings.AUDIT_CHAIN_KEY_ID)
        assert audit_chain_verify().ok

    def test_the_newest_seal_and_its_rows_removed_looks_unsealed(self):
        """Rows removed before they are sealed, or with the newest seal, look never written:
        the anchors bound that window (decision 0038)."""
        written = views(3)
        audit_seal()
        delete_rows([written[2].pk])
        drop_seals_from(written[0].pk)
        assert audit_chain_verify().ok


@POSTGRESQL_ONLY
class TestAppendOnlyInTheDatabase:
    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE audit_auditevent SET reason = 'x'",
            "DELETE FROM audit_auditevent",
            "UPDATE audit_auditseal SET rows = 0",
            "DELETE FROM audit_auditseal",
        ],
    )
    def test_raw_update_and_delete_are_refused(self, statement):
        views(2)
        audit_seal()
        refused = pytest.raises(DatabaseError, match="Cannot")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        assert AuditEvent.objects.count() == 2 and AuditSeal.objects.count() == 1


@POSTGRESQL_ONLY
class TestApplicationRole:
    """The role docs/security.md sets up for the application: it reads and appends to the audit
    tables, and can neither change them nor take their triggers away."""

    @pytest.fixture
    def as_application_role(self):
        role = f"haven_app_test_{os.getpid()}"
        with connection.cursor() as cursor:
            # The grants of docs/security.md; the role and all of it go with the test's rollback.
            cursor.execute(f"CREATE ROLE {role} NOLOGIN")
            cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
            cursor.execute(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
            )
            cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
            cursor.execute(
                f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent, audit_auditseal FROM {role}"
            )
            cursor.execute(f"SET LOCAL ROLE {role}")

    def test_it_writes_seals_and_verifies_the_trail(self, as_application_role):
        views(3)
        assert audit_seal() == 3
        assert audit_chain_verify().ok

    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE audit_auditevent SET reason = 'x'",
            "DELETE FROM audit_auditseal",
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
            "DROP TABLE audit_auditseal",
        ],
    )
    def test_it_cannot_change_the_tables(self, as_application_role, statement):
        views(1)
        refused = pytest.raises(DatabaseError, match=r"permission denied|must be owner")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


@POSTGRESQL_ONLY
@pytest.mark.django_db(transaction=True)
class TestConcurrentWriters:
    def test_writers_hold_their_transactions_open_at_once_and_the_trail_verifies(self):
        """Every writer records a view and then waits, transaction still open, until all the
        others have too: with a lock on one row they would wait for each other and the barrier
        would time out."""
        writers = 8
        barrier = threading.Barrier(writers, timeout=20)
        failures: list[BaseException] = []
        user = UserFactory()

        def write(i: int) -> None:
            try:
                with transaction.atomic():
                    audit_record(actor=user, verb=Verb.VIEWED, target=("people.person", i))
                    barrier.wait()
            except BaseException as error:
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert audit_seal() == AuditEvent.objects.count()
        report = audit_chain_verify()
        assert (report.ok, report.unsealed) == (True, 0), report.problem

    def test_the_sealer_never_seals_past_a_row_not_yet_committed(self):
        """A writer takes an id and holds its transaction open while later rows commit: the
        sealer waits for it rather than seal around the gap, and seals it once committed."""
        written = threading.Event()
        release = threading.Event()

        def slow_writer() -> None:
            try:
                with transaction.atomic():
                    views(1)
                    written.set()
                    release.wait(20)
            finally:
                connection.close()

        thread = threading.Thread(target=slow_writer)
        thread.start()
        assert written.wait(20)
        views(2)  # committed after the slow writer took its id
        assert audit_seal(wait_seconds=0.2) == 0
        release.set()
        thread.join()
        assert audit_seal() == 3
        report = audit_chain_verify()
        assert (report.ok, report.checked, report.unsealed) == (True, 3, 0), report.problem
