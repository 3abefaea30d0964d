"""What a database administrator can do with SQL, and nothing more: no audit chain key unless
a test hands one over. Used by the tests to attack the chain."""

from collections.abc import Callable

from django.db import connection

from haven.audit.chain import GENESIS_HASH, event_payload, keyed_link_hash, link_hash
from haven.audit.models import AuditChainHead, AuditEvent

Rehash = Callable[[str, str], str]


def plain_sha256(previous_hash: str, payload: str) -> str:
    return link_hash(previous_hash, payload)


def hmac_with(key: bytes, key_id: str) -> Rehash:
    return lambda previous_hash, payload: keyed_link_hash(key, key_id, previous_hash, payload)


def delete_rows(ids) -> None:
    ids = list(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM audit_auditevent WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
            ids,
        )


def recompute_chain(rehash: Rehash, *, from_id: int = 0, scheme: str | None = None) -> None:
    """Relink every row from ``from_id`` on with ``rehash`` (optionally relabelling its scheme)
    and point the chain head at the new end, as if nothing had happened."""
    previous = (
        AuditEvent.objects.filter(id__lt=from_id).order_by("-id").values_list("row_hash", flat=True)
    ).first() or GENESIS_HASH
    with connection.cursor() as cursor:
        for event in AuditEvent.objects.filter(id__gte=from_id).order_by("id"):
            row_hash = rehash(previous, event_payload(event))
            label = scheme or event.hash_scheme
            key_id = "" if scheme == "sha256" else event.hash_key_id
            cursor.execute(
                "UPDATE audit_auditevent SET previous_hash = %s, row_hash = %s, hash_scheme = %s, "
                "hash_key_id = %s WHERE id = %s",
                [previous, row_hash, label, key_id, event.pk],
            )
            previous = row_hash
    roll_head_to_chain_end()


def roll_head_to_chain_end(**extra) -> None:
    """Make the chain head agree with whatever rows are left."""
    last = AuditEvent.objects.order_by("-id").first()
    fields = {
        "last_event_id": last.pk if last else None,
        "last_hash": last.row_hash if last else GENESIS_HASH,
        "event_count": AuditEvent.objects.count(),
        **extra,
    }
    AuditChainHead.objects.filter(id=1).update(**fields)


def old_verifier_accepts() -> bool:
    """The checks audit_verify made before keyed hashing: links, plain SHA-256, the head."""
    previous, count = GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("id"):
        if event.previous_hash != previous:
            return False
        if link_hash(previous, event_payload(event)) != event.row_hash:
            return False
        previous, count = event.row_hash, count + 1
    head = AuditChainHead.objects.filter(id=1).first()
    return head is None or (head.last_hash, head.event_count) == (previous, count)
