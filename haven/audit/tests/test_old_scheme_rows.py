"""Attack (c)'s other side: rows chained before keyed hashing (plain SHA-256) keep verifying,
sealed by migration 0002 with the audit chain key; so do rows chained with the key (decision
0010); new rows after them are keyed one by one and sealed in batches (decision 0038)."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from haven.audit.chain import GENESIS_HASH, canonical_payload, event_payload
from haven.audit.models import AuditChainHead, AuditEvent, AuditSeal, HashScheme, Verb
from haven.audit.selectors import audit_chain_verify
from haven.audit.services import audit_record, audit_seal
from haven.audit.tests.attacks import (
    Rehash,
    delete_rows,
    hmac_with,
    plain_sha256,
    recompute_chain,
    roll_head_to_chain_end,
    sql,
)

BEFORE = ("audit", "0001_initial")
SEAL = importlib.import_module("haven.audit.migrations.0002_keyed_chain").seal_existing_chain


def write_old_rows(
    event_model, head_model, n: int, rehash: Rehash = plain_sha256, **labels
) -> list[int]:
    """Rows as audit_record wrote them before keyed hashing (0001's table and head; on today's
    table, ``labels`` are what migration 0002 gives them), or, with ``rehash`` keyed, as it
    wrote them under decision 0010: each chained to the one before, the head moved on."""
    previous, ids = GENESIS_HASH, []
    for i in range(n):
        fields = {
            "occurred_at": timezone.now(),
            "actor_id": None,
            "actor_email": f"old{i}@example.org",
            "actor_agency_id": None,
            "verb": "viewed",
            "target_type": "people.person",
            "target_id": str(i),
            "person_id": i,
            "changes": {},
            "reason": "",
            "ip_address": None,
            "request_id": "",
        }
        row_hash = rehash(previous, canonical_payload(**fields))
        event = event_model.objects.create(
            **fields, **labels, previous_hash=previous, row_hash=row_hash
        )
        head_model.objects.update_or_create(
            id=1, defaults={"last_event_id": event.pk, "last_hash": row_hash, "event_count": i + 1}
        )
        previous = row_hash
        ids.append(event.pk)
    return ids


@pytest.mark.django_db(transaction=True)
def test_rows_chained_before_the_migration_still_verify_after_it():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    try:
        old_state = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
        ids = write_old_rows(
            old_state.get_model("audit", "AuditEvent"),
            old_state.get_model("audit", "AuditChainHead"),
            3,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)

    rows = AuditEvent.objects.order_by("id")
    assert [(e.pk, e.hash_scheme, e.hash_key_id) for e in rows] == [
        (pk, HashScheme.SHA256, "") for pk in ids
    ]
    head = AuditChainHead.objects.get()
    assert (head.legacy_rows, head.legacy_last_event_id) == (3, ids[-1])
    report = audit_chain_verify()
    assert (report.ok, report.checked) == (True, 3)

    new = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    assert new.hash_scheme == HashScheme.HMAC_SHA256_ROW
    audit_seal()
    # The first seal carries on from where the chained rows end.
    assert AuditSeal.objects.get().previous_hash == AuditEvent.objects.get(pk=ids[-1]).row_hash
    report = audit_chain_verify()
    assert (report.ok, report.checked, report.seals_checked) == (True, 4, 1)


@pytest.fixture
def sealed_old_rows(db):
    """Three old-scheme rows, then the migration's seal over them (no keyed rows yet)."""
    ids = write_old_rows(AuditEvent, AuditChainHead, 3, hash_scheme="sha256", hash_key_id="")
    SEAL(global_apps, None)
    return ids


def test_old_rows_then_keyed_rows_verify(sealed_old_rows):
    assert audit_chain_verify().ok
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    report = audit_chain_verify()
    assert (report.ok, report.checked) == (True, 5)


def test_an_edited_old_row_is_still_detected(sealed_old_rows):
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    sql("UPDATE audit_auditevent SET reason = 'edited' WHERE id = %s", [sealed_old_rows[1]])
    report = audit_chain_verify()
    assert (report.ok, report.broken_event_id) == (False, sealed_old_rows[1])


def test_old_rows_removed_and_everything_recomputed_as_old_rows_do_not_match_their_seal(
    sealed_old_rows,
):
    """Deleting an old row and recomputing the rest with plain SHA-256 as old rows (all anyone
    without the key can do) leaves the sealed count and end behind."""
    keyed = audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    delete_rows([sealed_old_rows[1]])
    recompute_chain(plain_sha256, from_id=sealed_old_rows[2], scheme="sha256")
    report = audit_chain_verify()
    assert not report.ok
    assert report.broken_event_id == keyed.pk
    assert (
        f"do not match their seal (3 found ending at event {keyed.pk}, "
        f"3 sealed ending at event {sealed_old_rows[2]})"
    ) in report.problem


def test_old_rows_cut_from_the_end_before_any_keyed_row_are_detected(sealed_old_rows):
    delete_rows([sealed_old_rows[-1]])
    roll_head_to_chain_end()
    report = audit_chain_verify()
    assert not report.ok
    assert "do not match their seal (2 found" in report.problem


def test_the_seal_is_keyed(settings, sealed_old_rows):
    settings.AUDIT_CHAIN_KEY_FALLBACKS = {settings.AUDIT_CHAIN_KEY_ID: settings.AUDIT_CHAIN_KEY}
    settings.AUDIT_CHAIN_KEY_ID, settings.AUDIT_CHAIN_KEY = "other", "another-key-" + "c" * 40
    assert audit_chain_verify().ok  # the seal's key is found by its id
    AuditChainHead.objects.filter(id=1).update(legacy_seal="0" * 64)
    report = audit_chain_verify()
    assert not report.ok and "seal does not match" in report.problem


@pytest.fixture
def keyed_chained_rows(settings, sealed_old_rows):
    """After the old rows, three rows chained with the key, as under decision 0010."""
    key = settings.AUDIT_CHAIN_KEY.encode()
    head = AuditChainHead.objects.get()
    ids = []
    previous = head.last_hash
    for i in range(3):
        fields = {
            "occurred_at": timezone.now(),
            "actor_email": f"keyed{i}@example.org",
            "verb": "viewed",
            "target_type": "people.person",
            "target_id": str(i),
            "changes": {},
        }
        event = AuditEvent(
            **fields,
            previous_hash=previous,
            hash_scheme=HashScheme.HMAC_SHA256,
            hash_key_id=settings.AUDIT_CHAIN_KEY_ID,
        )
        event.row_hash = hmac_with(key, settings.AUDIT_CHAIN_KEY_ID)(previous, event_payload(event))
        event.save()
        previous = event.row_hash
        ids.append(event.pk)
    roll_head_to_chain_end()
    return ids


def test_rows_chained_with_the_key_then_sealed_rows_verify(keyed_chained_rows):
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_seal()
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    report = audit_chain_verify()
    assert (report.ok, report.checked, report.seals_checked, report.unsealed) == (True, 8, 1, 1)


def test_a_chained_row_removed_under_the_first_seal_is_detected(keyed_chained_rows):
    """The first seal names where the chained rows end and how many there are: the head cannot
    be moved back to hide a chained row removed from the end."""
    audit_record(actor=None, verb=Verb.VIEWED, actor_email="system")
    audit_seal()
    delete_rows([keyed_chained_rows[-1]])
    roll_head_to_chain_end()
    report = audit_chain_verify()
    assert not report.ok
    assert "a seal before the seal of the rows up to" in report.problem
