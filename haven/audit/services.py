"""Writing audit events. Call ``audit_record`` inside the same transaction as the change it
records: if the change rolls back, so does its audit row."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from haven.audit.chain import GENESIS_HASH, event_payload, link_hash
from haven.audit.models import AuditChainHead, AuditEvent, Verb
from haven.core import request_context

MASK = "••••••"
# Field names whose values never reach the audit trail, only the fact they changed.
SENSITIVE_FIELD_PARTS = ("password", "secret", "token", "digest", "key", "otp", "confidential")


def is_sensitive(field_name: str) -> bool:
    lowered = field_name.lower()
    return any(part in lowered for part in SENSITIVE_FIELD_PARTS)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def diff(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    *,
    masked: Iterable[str] = (),
) -> dict[str, dict[str, Any]]:
    """{field: {"before": x, "after": y}} for fields that changed, secrets masked."""
    before, after = before or {}, after or {}
    masked = set(masked)
    changes = {}
    for field in sorted(set(before) | set(after)):
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old == new:
            continue
        if field in masked or is_sensitive(field):
            changes[field] = {"before": MASK if old not in (None, "") else old, "after": MASK}
        else:
            changes[field] = {"before": old, "after": new}
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields of an instance, for diffing before and after a change."""
    return {f: _plain(getattr(instance, f)) for f in fields}


def target_of(target: models.Model | tuple[str, Any] | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return target[0], str(target[1])
    return target._meta.label_lower, str(target.pk)


@transaction.atomic
def audit_record(
    *,
    actor,
    verb: Verb | str,
    target: models.Model | tuple[str, Any] | None = None,
    person_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
    actor_email: str | None = None,
) -> AuditEvent:
    """Append one event to the chain. ``actor`` may be None for system jobs and anonymous
    log-in failures (then ``actor_email`` says who tried)."""
    verb = Verb(verb)
    context = request_context.current()
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        id=1, defaults={"last_hash": GENESIS_HASH}
    )
    target_type, target_id = target_of(target)
    actor_id = getattr(actor, "pk", None)
    email = actor_email if actor_email is not None else getattr(actor, "email", "")
    agency_id = getattr(actor, "agency_id", None)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor_id,
        actor_email=email,
        actor_agency_id=agency_id,
        verb=verb.value,
        target_type=target_type,
        target_id=target_id,
        person_id=person_id,
        changes=_plain(dict(changes or {})),
        reason=reason,
        ip_address=context.ip_address,
        request_id=context.request_id,
        previous_hash=head.last_hash,
    )
    event.row_hash = link_hash(head.last_hash, event_payload(event))
    event.save()
    AuditChainHead.objects.filter(id=1).update(
        last_event_id=event.pk, last_hash=event.row_hash, event_count=models.F("event_count") + 1
    )
    return event
