"""The trail is keyed (HMAC-SHA256): an administrator with SQL but without the audit chain key
cannot delete rows and recompute the hashes (pen test issue 9 point 7; decision 0010). Since
decision 0038 each row is keyed on its own and the seals chain them; the rows here are sealed,
as the background job does every minute, before they are attacked."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from haven.accounts.tests.factories import UserFactory
from haven.audit.chain import GENESIS_HASH, event_payload, link_hash, row_mac
from haven.audit.models import AuditChainHead, AuditEvent, HashScheme, Verb
from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_record, audit_seal
from haven.audit.tests.attacks import (
    delete_rows,
    hmac_with,
    old_verifier_accepts,
    plain_sha256,
    recompute_chain,
    reseal,
    roll_head_to_chain_end,
    seal_with,
    sql,
)

pytestmark = pytest.mark.django_db


def two_actors_interleaved(rounds: int = 3):
    """Alice and Bob each view records in turn; returns (alice's events, bob's events)."""
    alice, bob = UserFactory(), UserFactory()
    alices, bobs = [], []
    for i in range(rounds):
        alices.append(audit_record(actor=alice, verb=Verb.VIEWED, target=("people.person", i)))
        bobs.append(audit_record(actor=bob, verb=Verb.SEARCHED, target=("people.person", i)))
    audit_seal()
    return alices, bobs


def test_new_rows_are_keyed_with_the_current_key_and_name_it(settings):
    event = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    assert event.hash_scheme == HashScheme.HMAC_SHA256_ROW
    assert event.hash_key_id == settings.AUDIT_CHAIN_KEY_ID
    key = settings.AUDIT_CHAIN_KEY.encode()
    assert event.row_hash == row_mac(key, event.hash_key_id, event.pk, event_payload(event))
    # Not the plain SHA-256 anyone could compute.
    assert event.row_hash != link_hash(event.previous_hash, event_payload(event))
    assert audit_chain_verify().ok


class TestDeletingAnActorsRowsAndRecomputing:
    """Attack (a): remove Bob's rows, then recompute the chain so the links hold again."""

    def test_recomputed_with_plain_sha256_is_detected(self):
        alices, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        recompute_chain(plain_sha256, from_id=bobs[0].pk)
        report = audit_chain_verify()
        assert not report.ok
        assert report.broken_event_id == alices[1].pk  # the first row after Bob's first
        assert "hash does not match" in report.problem
        with pytest.raises(CommandError, match=f"broken at event {alices[1].pk}"):
            call_command("audit_verify")

    def test_recomputed_with_plain_sha256_and_relabelled_as_old_rows_is_detected(self):
        _, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        recompute_chain(plain_sha256, from_id=bobs[0].pk, scheme="sha256")
        report = audit_chain_verify()
        assert not report.ok
        # The head, moved to the relabelled rows, expects them before the first sealed row.
        assert "the chain head expects 2 rows" in report.problem

    def test_whole_chain_recomputed_as_old_rows_is_detected_by_the_seal(self):
        """The downgrade: every row rewritten as a pre-key row, and the head's record of the
        old rows moved to match. Only the keyed seal on the head gives it away."""
        _, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        recompute_chain(plain_sha256, scheme="sha256")
        last = AuditEvent.objects.order_by("-id").first()
        roll_head_to_chain_end(
            legacy_rows=AuditEvent.objects.count(),
            legacy_last_event_id=last.pk,
            legacy_last_hash=last.row_hash,
        )
        assert old_verifier_accepts()  # before keyed hashing, this chain passed
        report = audit_chain_verify()
        assert not report.ok
        assert "seal does not match" in report.problem

    def test_recomputed_with_a_wrong_key_is_detected(self, settings):
        alices, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        guess = hmac_with(b"a key the administrator made up", settings.AUDIT_CHAIN_KEY_ID)
        recompute_chain(guess, from_id=bobs[0].pk)
        report = audit_chain_verify()
        assert not report.ok
        assert report.broken_event_id == alices[1].pk
        assert "hash does not match" in report.problem

    def test_relabelled_with_another_key_id_is_detected(self, settings):
        alices, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        recompute_chain(hmac_with(b"made up", "attacker"), from_id=bobs[0].pk)
        sql("UPDATE audit_auditevent SET hash_key_id = 'attacker'")
        report = audit_chain_verify()
        assert not report.ok
        assert report.broken_event_id == alices[0].pk
        assert "key id 'attacker', which is not configured" in report.problem

    def test_the_same_reseal_with_the_real_key_would_pass(self, settings):
        """The attacks above fail for want of the key, not because rewriting is refused:
        with the key (which only the application holds) the rows left can be sealed again and
        the trail verifies. That is what the anchors are for (test_anchors.py)."""
        _, bobs = two_actors_interleaved()
        delete_rows(e.pk for e in bobs)
        real = seal_with(settings.AUDIT_CHAIN_KEY.encode())
        reseal(real, key_id=settings.AUDIT_CHAIN_KEY_ID)
        assert audit_chain_verify().ok


def test_a_row_inserted_without_a_scheme_is_detected():
    first = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    sql("UPDATE audit_auditevent SET hash_scheme = 'md5' WHERE id = %s", [first.pk])
    report = audit_chain_verify()
    assert (report.ok, report.broken_event_id) == (False, first.pk)
    assert "unknown hash scheme 'md5'" in report.problem


def test_removing_the_chain_head_is_detected():
    event = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_seal()  # the first seal makes the head; writers never touch it
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditchainhead")
    report = audit_chain_verify()
    assert (report.ok, report.broken_event_id) == (False, event.pk)
    assert "chain head" in report.problem and "removed" in report.problem


def test_an_empty_chain_without_a_head_is_intact():
    assert not AuditEvent.objects.exists()
    assert audit_chain_verify().ok


class TestKeyRotation:
    def test_rows_of_a_retired_key_verify_while_it_is_a_fallback(self, settings):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = "first-key-" + "a" * 40, "2026a"
        settings.AUDIT_CHAIN_KEY_FALLBACKS = {}
        old = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = "second-key-" + "b" * 40, "2027a"
        settings.AUDIT_CHAIN_KEY_FALLBACKS = {"2026a": "first-key-" + "a" * 40}
        new = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
        assert (old.hash_key_id, new.hash_key_id) == ("2026a", "2027a")
        assert audit_chain_verify().ok

        settings.AUDIT_CHAIN_KEY_FALLBACKS = {}
        report = audit_chain_verify()
        assert not report.ok
        # The seal on the head was made with the first key too: it is named first.
        assert "key id '2026a', which is not configured" in report.problem

    def test_a_key_id_cannot_be_moved_to_another_key(self, settings):
        settings.AUDIT_CHAIN_KEY, settings.AUDIT_CHAIN_KEY_ID = "first-key-" + "a" * 40, "k1"
        audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
        # Reusing the id for a new key (instead of a new id) breaks every row chained before.
        settings.AUDIT_CHAIN_KEY = "second-key-" + "b" * 40
        assert not audit_chain_verify().ok


def test_verify_reads_in_batches_across_the_whole_chain():
    events = [audit_record(actor=None, verb=Verb.VIEWED, actor_email="s") for _ in range(7)]
    assert audit_chain_verify(batch_size=2).checked == 7
    sql("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [events[5].pk])
    report = audit_chain_verify(batch_size=2)
    assert (report.ok, report.broken_event_id, report.checked) == (False, events[5].pk, 5)


def test_head_records_a_random_chain_id_and_an_empty_seal():
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_seal()
    head = AuditChainHead.objects.get()
    assert len(head.chain_id) == 32
    assert (head.legacy_rows, head.legacy_last_event_id, head.legacy_last_hash) == (
        0,
        None,
        GENESIS_HASH,
    )
    assert head.legacy_seal
