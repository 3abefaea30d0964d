"""The hash chain over audit rows: pure functions, so the verifier and the writer agree."""

import hashlib
import json
from datetime import datetime

GENESIS_HASH = "0" * 64


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
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()


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
