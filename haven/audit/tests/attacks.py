"""What a database administrator can do with SQL, and nothing more: no audit chain key unless
a test hands one over. Used by the tests to attack the chain.

On PostgreSQL the tables refuse UPDATE and DELETE (decision 0038); the administrator here owns
them, so switches their triggers off first, as such an insider could."""

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from haven.audit.chain import (
    GENESIS_HASH,
    event_payload,
    keyed_link_hash,
    link_hash,
    rows_digest,
    seal_mac,
)
from haven.audit.models import AuditChainHead, AuditEvent, AuditSeal, HashScheme

Rehash = Callable[[str, str], str]
# What a forged seal is made with: (the seal's fields) -> its hash.
Reseal = Callable[..., str]
TABLES = (AuditEvent._meta.db_table, AuditSeal._meta.db_table)


@contextmanager
def as_table_owner() -> Iterator[None]:
    """UPDATE and DELETE allowed, as the owner of the tables can arrange on PostgreSQL."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while foreign keys checks are deferred: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            yield
        finally:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def sql(statement: str, params=()) -> None:
    with as_table_owner(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def plain_sha256(previous_hash: str, payload: str) -> str:
    return link_hash(previous_hash, payload)


def hmac_with(key: bytes, key_id: str) -> Rehash:
    return lambda previous_hash, payload: keyed_link_hash(key, key_id, previous_hash, payload)


def delete_rows(ids) -> None:
    ids = list(ids)
    sql(f"DELETE FROM audit_auditevent WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)  # noqa: S608


def drop_seals_from(event_id: int = 0) -> None:
    """Delete the seals over rows from ``event_id`` on: those rows look never sealed."""
    sql("DELETE FROM audit_auditseal WHERE last_event_id >= %s", [event_id])


def plain_seal(**fields) -> str:
    """A seal made with plain SHA-256 over the same fields, as anyone could."""
    return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()


def seal_with(key: bytes) -> Reseal:
    return lambda **fields: seal_mac(key, **fields)


def reseal(
    make: Reseal,
    *,
    key_id: str,
    from_event_id: int = 0,
    through_event_id: int | None = None,
) -> None:
    """Replace the seals over the rows from ``from_event_id`` on with one seal over the rows
    there now (up to ``through_event_id``), made with ``make``: the attacker's sealer."""
    drop_seals_from(from_event_id)
    head = AuditChainHead.objects.get()
    last = AuditSeal.objects.order_by("-id").first()
    after = last.last_event_id if last else (head.last_event_id or 0)
    rows = AuditEvent.objects.filter(hash_scheme=HashScheme.HMAC_SHA256_ROW, id__gt=after)
    if through_event_id is not None:
        rows = rows.filter(id__lte=through_event_id)
    rows = list(rows.order_by("id").values_list("id", "row_hash"))
    fields = {
        "key_id": key_id,
        "chain_id": head.chain_id,
        "previous_hash": last.seal_hash if last else head.last_hash,
        "last_event_id": rows[-1][0],
        "rows": len(rows),
        "total_rows": (last.total_rows if last else head.event_count) + len(rows),
        "digest": rows_digest(rows),
    }
    AuditSeal.objects.create(
        last_event_id=fields["last_event_id"],
        rows=fields["rows"],
        total_rows=fields["total_rows"],
        rows_digest=fields["digest"],
        previous_hash=fields["previous_hash"],
        key_id=key_id,
        seal_hash=make(**fields),
    )


def recompute_chain(rehash: Rehash, *, from_id: int = 0, scheme: str | None = None) -> None:
    """Relink every row from ``from_id`` on with ``rehash`` (optionally relabelling its scheme)
    and point the chain head at the new end, as if nothing had happened."""
    previous = (
        AuditEvent.objects.filter(id__lt=from_id).order_by("-id").values_list("row_hash", flat=True)
    ).first() or GENESIS_HASH
    for event in AuditEvent.objects.filter(id__gte=from_id).order_by("id"):
        row_hash = rehash(previous, event_payload(event))
        label = scheme or event.hash_scheme
        key_id = "" if scheme == "sha256" else event.hash_key_id
        sql(
            "UPDATE audit_auditevent SET previous_hash = %s, row_hash = %s, hash_scheme = %s, "
            "hash_key_id = %s WHERE id = %s",
            [previous, row_hash, label, key_id, event.pk],
        )
        previous = row_hash
    roll_head_to_chain_end()


def roll_head_to_chain_end(**extra) -> None:
    """Make the chain head agree with whatever rows chained one to the next are left."""
    chained = AuditEvent.objects.exclude(hash_scheme=HashScheme.HMAC_SHA256_ROW)
    last = chained.order_by("-id").first()
    fields = {
        "last_event_id": last.pk if last else None,
        "last_hash": last.row_hash if last else GENESIS_HASH,
        "event_count": chained.count(),
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
