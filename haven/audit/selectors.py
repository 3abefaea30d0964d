"""Reading and verifying the audit trail."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from haven.audit.chain import GENESIS_HASH, event_payload, link_hash
from haven.audit.models import AuditChainHead, AuditEvent


def audit_event_list(
    *,
    person_id: int | None = None,
    actor_id: int | None = None,
    agency_id: int | None = None,
    verb: str | None = None,
    target_type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "actor_agency").order_by("-id")
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if agency_id is not None:
        events = events.filter(actor_agency_id=agency_id)
    if verb:
        events = events.filter(verb=verb)
    if target_type:
        events = events.filter(target_type=target_type)
    if date_from:
        events = events.filter(occurred_at__date__gte=date_from)
    if date_to:
        events = events.filter(occurred_at__date__lte=date_to)
    return events


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    problem: str = ""


def audit_chain_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain oldest first; report the first row whose link or content does not hold."""
    previous_hash = GENESIS_HASH
    checked = 0
    last_id = None
    queryset = AuditEvent.objects.order_by("id")
    position = 0
    while True:
        batch = list(queryset.filter(id__gt=position)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous_hash:
                return ChainReport(
                    ok=False,
                    checked=checked,
                    broken_event_id=event.pk,
                    problem="the row before it was removed or altered (link does not match)",
                )
            expected = link_hash(previous_hash, event_payload(event))
            if expected != event.row_hash:
                return ChainReport(
                    ok=False,
                    checked=checked,
                    broken_event_id=event.pk,
                    problem="the row's content was altered (hash does not match)",
                )
            previous_hash = event.row_hash
            last_id = event.pk
            checked += 1
        position = batch[-1].pk
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and (head.last_hash != previous_hash or head.event_count != checked):
        return ChainReport(
            ok=False,
            checked=checked,
            broken_event_id=last_id,
            problem=(
                f"the newest rows were removed: the chain head expects {head.event_count} rows "
                f"ending at event {head.last_event_id}"
            ),
        )
    return ChainReport(ok=True, checked=checked)
