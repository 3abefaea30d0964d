"""The hashes over audit rows: pure functions, so the verifier and the writer agree.

Three schemes. Rows written before keyed hashing carry ``sha256`` (the plain SHA-256 of the
previous hash and the row's content, which anyone can recompute); rows written under decision
0010 carry ``hmac-sha256`` and the id of the key, chained one to the next. The old rows are closed
by a keyed *legacy seal* over their count and last hash, kept on the chain head, so they cannot be
recomputed and passed off as old either.

Since decision 0038 a row is not chained when it is written (that needed a lock every writer
waited on): it carries ``hmac-sha256-row``, a keyed hash of its own id and content, and the
sealer chains the rows afterwards, in id order, in *seals* over batches of them."""

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import datetime

GENESIS_HASH = "0" * 64

SCHEME_SHA256 = "sha256"
SCHEME_HMAC_SHA256 = "hmac-sha256"
SCHEME_HMAC_SHA256_ROW = "hmac-sha256-row"


def canonical_payload(
    *,
    occurred_at: datetime,
    actor_id: int | None,
    actor_email: str,
    actor_agency_id: int | None,
    verb: str,
    target_type: str,
    target_id: str,
    person_id: int | None,
    changes: dict,
    reason: str,
    ip_address: str | None,
    request_id: str,
) -> str:
    return json.dumps(
        {
            "at": occurred_at.isoformat(timespec="microseconds"),
            "actor": actor_id,
            "actor_email": actor_email,
            "agency": actor_agency_id,
            "verb": verb,
            "target_type": target_type,
            "target_id": target_id,
            "person": person_id,
            "changes": changes,
            "reason": reason,
            "ip": ip_address,
            "request_id": request_id,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def link_hash(previous_hash: str, payload: str) -> str:
    """The old, unkeyed scheme (``sha256``): kept only to verify rows chained with it."""
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()


def sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def keyed_link_hash(key: bytes, key_id: str, previous_hash: str, payload: str) -> str:
    """The keyed scheme (``hmac-sha256``). The key id is signed too, so it cannot be swapped."""
    return sign(key, f"haven-audit-row-v2|{key_id}|{previous_hash}|{payload}")


def row_mac(key: bytes, key_id: str, event_id: int, payload: str) -> str:
    """The row scheme (``hmac-sha256-row``): the row's id is signed with its content, so a row
    cannot be moved to another place in the sequence, copied, or forged without the key."""
    return sign(key, f"haven-audit-row-v3|{key_id}|{event_id}|{payload}")


def rows_digest(rows: Iterable[tuple[int, str]]) -> str:
    """The digest of a batch of rows, in id order, by their ids and row hashes."""
    digest = hashlib.sha256()
    for event_id, row_hash in rows:
        digest.update(f"{event_id}:{row_hash}\n".encode())
    return digest.hexdigest()


def seal_mac(
    key: bytes,
    *,
    key_id: str,
    chain_id: str,
    previous_hash: str,
    last_event_id: int,
    rows: int,
    total_rows: int,
    digest: str,
) -> str:
    """A seal over a batch of rows: which rows (by digest, count and where they end), how many
    rows the trail has up to them, and the seal before it (or the end of the chained rows)."""
    return sign(
        key,
        f"haven-audit-seal-v1|{key_id}|{chain_id}|{previous_hash}|{last_event_id}|{rows}|"
        f"{total_rows}|{digest}",
    )


def legacy_seal(
    key: bytes,
    *,
    key_id: str,
    chain_id: str,
    rows: int,
    last_event_id: int | None,
    last_hash: str,
) -> str:
    """The seal over the rows chained with the old scheme: how many, and where they end."""
    return sign(
        key,
        f"haven-audit-legacy-seal-v1|{key_id}|{chain_id}|{rows}|{last_event_id}|{last_hash}",
    )


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def event_payload(event) -> str:
    """The canonical payload of an audit event (saved or about to be)."""
    return canonical_payload(
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_email=event.actor_email,
        actor_agency_id=event.actor_agency_id,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        person_id=event.person_id,
        changes=event.changes,
        reason=event.reason,
        ip_address=event.ip_address,
        request_id=event.request_id,
    )
