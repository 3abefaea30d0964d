"""Writing audit events. Call ``audit_record`` inside the same transaction as the change it
records: if the change rolls back, so does its audit row. ``audit_seal`` chains the rows in
sealed batches afterwards (decision 0038); ``audit_anchor_write`` anchors the newest seal
outside the database (decision 0010)."""

import logging
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.utils import timezone

from haven.accounts.models import Role, User
from haven.audit.anchors import Anchor, anchor_log_append, anchor_make
from haven.audit.chain import (
    GENESIS_HASH,
    event_payload,
    legacy_seal,
    row_mac,
    rows_digest,
    seal_mac,
)
from haven.audit.horizon import event_id_take, final_rows_up_to, writers_lock_hold
from haven.audit.keys import current_key
from haven.audit.models import AuditChainHead, AuditEvent, AuditSeal, HashScheme, Verb
from haven.audit.verbs import payload_check
from haven.core import request_context

logger = logging.getLogger(__name__)

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


def _new_chain_head() -> dict[str, Any]:
    """A new, empty chain: a random id, and a seal saying no row uses the old scheme."""
    key_id, key = current_key()
    chain_id = secrets.token_hex(16)
    return {
        "last_hash": GENESIS_HASH,
        "chain_id": chain_id,
        "legacy_rows": 0,
        "legacy_last_event_id": None,
        "legacy_last_hash": GENESIS_HASH,
        "legacy_seal_key_id": key_id,
        "legacy_seal": legacy_seal(
            key,
            key_id=key_id,
            chain_id=chain_id,
            rows=0,
            last_event_id=None,
            last_hash=GENESIS_HASH,
        ),
    }


def _locked_chain_head() -> AuditChainHead:
    """The chain head, made by the first seal, locked until the transaction ends (call inside
    one). Only sealers take this lock, so that two never fork the seals; writers never read
    the head at all."""
    heads = AuditChainHead.objects.select_for_update()
    head = heads.filter(id=1).first()
    if head is None:
        head, _ = heads.get_or_create(id=1, defaults=_new_chain_head())
    return head


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
    """Append one event to the trail. ``actor`` may be None for system jobs and anonymous
    log-in failures (then ``actor_email`` says who tried).

    A domain verb's ``changes`` must match its payload schema, and a retired verb is refused
    (``haven.audit.verbs``): ``AuditPayloadError`` is raised before anything is written."""
    verb = Verb(verb)
    payload_check(verb, changes or {})
    context = request_context.current()
    key_id, key = current_key()
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
        hash_scheme=HashScheme.HMAC_SHA256_ROW,
        hash_key_id=key_id,
    )
    # The id is taken first because the row's hash signs it; the seals chain the rows later.
    event.pk = event_id_take()
    event.row_hash = row_mac(key, key_id, event.pk, event_payload(event))
    event.save(force_insert=True)
    return event


def audit_record_bulk(
    events: Iterable[AuditEvent], *, write: Callable[[Iterator[AuditEvent]], None]
) -> int:
    """The bulk path into the trail, for synthetic data at scale (``generate_scale_data``,
    decision 0037): each unsaved event, already given its ``id`` from the table's sequence, is
    checked and signed as ``audit_record`` checks and signs it, and ``write`` stores them
    (PostgreSQL's COPY, say) as it reads them; the sealer chains them later like any other row.
    Call inside the transaction that writes them: it holds the writers' lock until then, so no
    seal passes a row not yet committed. Returns how many were signed."""
    writers_lock_hold()
    key_id, key = current_key()
    count = 0

    def signed() -> Iterator[AuditEvent]:
        nonlocal count
        for event in events:
            payload_check(Verb(event.verb), event.changes)
            event.hash_scheme = HashScheme.HMAC_SHA256_ROW
            event.hash_key_id = key_id
            event.row_hash = row_mac(key, key_id, event.pk, event_payload(event))
            count += 1
            yield event

    write(signed())
    return count


def audit_seal(*, wait_seconds: float = 5.0, batch_size: int = 10_000) -> int:
    """Seal every final row not yet sealed (``horizon.final_rows_up_to``), in id order, in
    batches of up to ``batch_size``, each seal chained to the one before; returns how many rows
    were sealed. Run by the background job every minute, by ``audit_verify`` and before an
    anchor. Rows still being written when ``wait_seconds`` runs out wait for the next run.

    Not itself audited: the seal is the record, and an event per seal would never be sealed."""
    sealed = 0
    with transaction.atomic():
        head = _locked_chain_head()
        horizon = final_rows_up_to(wait_seconds=wait_seconds)
        if horizon is None:
            logger.warning("Audit rows still being written after %ss: sealing later", wait_seconds)
            return 0
        key_id, key = current_key()
        last = AuditSeal.objects.order_by("-id").first()
        previous_hash = last.seal_hash if last else head.last_hash
        total = last.total_rows if last else head.event_count
        after = last.last_event_id if last else (head.last_event_id or 0)
        unsealed = AuditEvent.objects.filter(
            hash_scheme=HashScheme.HMAC_SHA256_ROW, id__gt=after, id__lte=horizon
        ).order_by("id")
        while batch := list(
            unsealed.filter(id__gt=after).values_list("id", "row_hash")[:batch_size]
        ):
            after, rows = batch[-1][0], len(batch)
            digest = rows_digest(batch)
            total += rows
            seal_hash = seal_mac(
                key,
                key_id=key_id,
                chain_id=head.chain_id,
                previous_hash=previous_hash,
                last_event_id=after,
                rows=rows,
                total_rows=total,
                digest=digest,
            )
            AuditSeal.objects.create(
                last_event_id=after,
                rows=rows,
                total_rows=total,
                rows_digest=digest,
                previous_hash=previous_hash,
                key_id=key_id,
                seal_hash=seal_hash,
            )
            previous_hash, sealed = seal_hash, sealed + rows
    return sealed


def audit_anchor_write(*, actor=None) -> Anchor:
    """Anchor the chain head outside the database: sign its id, hash and row count with the
    audit chain key, append the line to ``AUDIT_ANCHOR_LOG`` and email it to the auditors.

    The head is read under its lock, so the anchor is of committed rows only once this
    transaction commits; the line is written and emailed after the commit. The anchoring is
    itself audited (after the anchored seal, so the next anchor covers it).

    What is anchored is the newest seal, made first from every final row: its hash, the event
    it ends at and the rows up to it (the end of the chained rows while there is no seal)."""
    path = Path(settings.AUDIT_ANCHOR_LOG)
    with transaction.atomic():
        audit_seal()
        head = _locked_chain_head()
        newest = AuditSeal.objects.order_by("-id").first()
        key_id, key = current_key()
        anchor = anchor_make(
            key,
            key_id=key_id,
            chain=head.chain_id,
            head_event_id=newest.last_event_id if newest else head.last_event_id,
            head_hash=newest.seal_hash if newest else head.last_hash,
            rows=newest.total_rows if newest else head.event_count,
            anchored_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            verb=Verb.ANCHORED,
            target=("audit.auditevent", anchor.head_event_id or ""),
            changes={
                "chain": anchor.chain,
                "head_event_id": anchor.head_event_id,
                "head_hash": anchor.head_hash,
                "rows": anchor.rows,
                "anchored_at": anchor.anchored_at,
                "anchor_key_id": anchor.key_id,
                "mac": anchor.mac,
                "anchor_log": str(path),
            },
            reason="Audit chain head anchored outside the database.",
        )
        transaction.on_commit(lambda: _anchor_publish(path, anchor))
    return anchor


def _anchor_publish(path: Path, anchor: Anchor) -> None:
    try:
        anchor_log_append(path, anchor.line())
    finally:
        # The email is the second copy outside the database: send it even if the file failed.
        _anchor_email(anchor, path)


def _anchor_email(anchor: Anchor, path: Path) -> None:
    recipients = list(
        User.objects.filter(role=Role.AUDITOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .order_by("email")
    )
    if not recipients:
        logger.warning("Audit chain anchored, but there is no active auditor to email it to.")
        return
    subject = f"Haven: audit chain anchor, {anchor.rows} rows at {anchor.anchored_at}"
    body = (
        "Haven has anchored its audit trail. Keep this email: the line below lets anyone with "
        "the audit chain key show later that the trail was not cut short or rewritten.\n\n"
        f"Chain: {anchor.chain}\n"
        f"Rows: {anchor.rows}\n"
        f"Newest event: {anchor.head_event_id}\n"
        f"Newest hash: {anchor.head_hash}\n"
        f"Anchored at: {anchor.anchored_at}\n"
        f"Signed with key id: {anchor.key_id}\n\n"
        f"Anchor line (also appended to {path} on the server):\n{anchor.line()}\n\n"
        "To check the trail against anchors kept from these emails, put the lines in a file "
        "and run: manage.py audit_verify --anchor-log <file>\n"
    )
    messages = [(subject, body, None, [email]) for email in recipients]
    try:
        send_mass_mail(messages)
    except OSError:
        # The anchor line is in the log; a mail outage must not fail the job.
        logger.exception("Could not email the audit chain anchor to the auditors")
