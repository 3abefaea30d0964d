"""Reading and verifying the audit trail."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from haven.accounts import roles
from haven.audit.anchors import Anchor, AnchorLineError, anchor_log_read, anchor_parse
from haven.audit.chain import (
    GENESIS_HASH,
    SCHEME_HMAC_SHA256,
    SCHEME_HMAC_SHA256_ROW,
    SCHEME_SHA256,
    digests_equal,
    event_payload,
    keyed_link_hash,
    legacy_seal,
    link_hash,
    row_mac,
    rows_digest,
    seal_mac,
)
from haven.audit.keys import key_for
from haven.audit.models import AuditChainHead, AuditEvent, AuditSeal


def audit_agency_scope(viewer) -> int | None:
    """The agency whose events ``viewer`` reads on the auditors' page: their own agency's (the
    events of its users), or None for a partnership auditor, who reads every agency's. Raises
    PermissionDenied for anyone else, and for an agency auditor with no agency."""

    if viewer.has_role_permission(roles.VIEW_ALL_AUDIT):
        return None
    if viewer.has_role_permission(roles.VIEW_AUDIT_LOG) and viewer.agency_id is not None:
        return viewer.agency_id
    raise PermissionDenied("Only auditors read the audit trail.")


def audit_event_list(
    *,
    viewer,
    person_id: int | None = None,
    actor_id: int | None = None,
    agency_id: int | None = None,
    verb: str | None = None,
    target_type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit events ``viewer`` may read (``audit_agency_scope``), newest first, filtered."""
    events = AuditEvent.objects.select_related("actor", "actor_agency").order_by("-id")
    own_agency = audit_agency_scope(viewer)
    if own_agency is not None:
        events = events.filter(actor_agency_id=own_agency)
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
    anchor_log: str = ""
    anchors_checked: int = 0
    # Lines for another chain (a different database) or written after ``anchors_until``.
    anchors_skipped: int = 0
    seals_checked: int = 0
    # The newest rows, not sealed yet (being written while the sealer last ran).
    unsealed: int = 0


class _Broken(Exception):
    def __init__(self, event_id: int | None, problem: str):
        super().__init__(problem)
        self.event_id, self.problem = event_id, problem


@dataclass
class _Walk:
    """What the walk has seen so far."""

    previous_hash: str = GENESIS_HASH
    checked: int = 0
    last_id: int | None = None
    legacy_rows: int = 0
    legacy_last_event_id: int | None = None
    legacy_last_hash: str = GENESIS_HASH
    seal_checked: bool = False
    # The rows chained one to the next have ended where the chain head says (decision 0038).
    chained_end_checked: bool = False
    # The seals so far: the newest one's hash, the rows up to it, the rows found since.
    seal_previous_hash: str = GENESIS_HASH
    sealed_rows: int = 0
    seals_checked: int = 0
    batch: list[tuple[int, str]] = field(default_factory=list)
    unsealed: int = 0


def _check_seal(head: AuditChainHead | None, walk: _Walk, event_id: int | None) -> None:
    """The rows chained with the old unkeyed scheme must be exactly those the keyed seal on
    the chain head names. Checked once, where the old rows end."""
    walk.seal_checked = True
    if head is None:
        if event_id is not None:
            raise _Broken(
                event_id, "the chain head, which holds the seal over the rows, was removed"
            )
        return
    key = _key_or_broken(head.legacy_seal_key_id, event_id, "the chain head is sealed")
    expected = legacy_seal(
        key,
        key_id=head.legacy_seal_key_id,
        chain_id=head.chain_id,
        rows=head.legacy_rows,
        last_event_id=head.legacy_last_event_id,
        last_hash=head.legacy_last_hash,
    )
    if not digests_equal(expected, head.legacy_seal):
        raise _Broken(event_id, "the chain head's seal does not match (the head was altered)")
    found = (walk.legacy_rows, walk.legacy_last_event_id, walk.legacy_last_hash)
    sealed = (head.legacy_rows, head.legacy_last_event_id, head.legacy_last_hash)
    if found != sealed:
        raise _Broken(
            event_id,
            f"the rows chained with the old unkeyed scheme do not match their seal "
            f"({walk.legacy_rows} found ending at event {walk.legacy_last_event_id}, "
            f"{head.legacy_rows} sealed ending at event {head.legacy_last_event_id}): they were "
            "removed, altered or recomputed",
        )


def _check_chained_end(head: AuditChainHead | None, walk: _Walk, event_id: int | None) -> None:
    """Where the rows chained one to the next end (all rows before decision 0038), the chain
    head must agree; the seals carry on from there. ``event_id``: the first sealed row."""
    walk.chained_end_checked = True
    if head is None and event_id is not None and AuditSeal.objects.exists():
        raise _Broken(event_id, "the chain head, which holds the seal over the rows, was removed")
    _check_head(head, walk)
    walk.seal_previous_hash = head.last_hash if head is not None else GENESIS_HASH
    walk.sealed_rows = head.event_count if head is not None else 0


def _key_or_broken(key_id: str, event_id: int | None, what: str) -> bytes:
    key = key_for(key_id)
    if key is None:
        raise _Broken(
            event_id,
            f"{what} with key id {key_id!r}, which is not configured "
            "(add it to AUDIT_CHAIN_KEY_FALLBACKS)",
        )
    return key


def _check_sealed_row(event: AuditEvent) -> None:
    key = _key_or_broken(event.hash_key_id, event.pk, "the row is hashed")
    expected = row_mac(key, event.hash_key_id, event.pk, event_payload(event))
    if not digests_equal(expected, event.row_hash):
        raise _Broken(event.pk, "the row's content was altered (hash does not match)")


def _close_seal(seal: AuditSeal, head: AuditChainHead | None, walk: _Walk) -> None:
    """The rows found since the previous seal must be the rows this seal names, and the seal
    must be keyed and chained to the previous one."""
    where = f"the seal of the rows up to event {seal.last_event_id}"
    first = walk.batch[0][0] if walk.batch else seal.last_event_id
    if seal.previous_hash != walk.seal_previous_hash:
        raise _Broken(first, f"a seal before {where} was removed or altered (link does not match)")
    key = _key_or_broken(seal.key_id, first, f"{where} is made")
    expected = seal_mac(
        key,
        key_id=seal.key_id,
        chain_id=head.chain_id if head is not None else "",
        previous_hash=seal.previous_hash,
        last_event_id=seal.last_event_id,
        rows=seal.rows,
        total_rows=seal.total_rows,
        digest=seal.rows_digest,
    )
    if not digests_equal(expected, seal.seal_hash) or (
        seal.total_rows != walk.sealed_rows + seal.rows
    ):
        raise _Broken(first, f"{where} does not match (the seal was altered or forged)")
    if len(walk.batch) != seal.rows or rows_digest(walk.batch) != seal.rows_digest:
        raise _Broken(
            first,
            f"the rows under {where} are not those sealed ({len(walk.batch)} found, "
            f"{seal.rows} sealed): rows were removed, added or moved",
        )
    walk.seal_previous_hash, walk.sealed_rows = seal.seal_hash, seal.total_rows
    walk.seals_checked += 1
    walk.batch = []


def _check_event(event: AuditEvent, head: AuditChainHead | None, walk: _Walk) -> None:
    """A row chained one to the next (``sha256`` or ``hmac-sha256``)."""
    if event.hash_scheme not in (SCHEME_SHA256, SCHEME_HMAC_SHA256):
        raise _Broken(event.pk, f"the row has an unknown hash scheme {event.hash_scheme!r}")
    if walk.chained_end_checked:
        raise _Broken(
            event.pk,
            "the row is chained one to the next, but rows sealed in batches come before it: it "
            "was inserted",
        )
    if event.previous_hash != walk.previous_hash:
        raise _Broken(event.pk, "the row before it was removed or altered (link does not match)")
    payload = event_payload(event)
    if event.hash_scheme == SCHEME_SHA256:
        if head is None:
            _check_seal(head, walk, event.pk)
        if walk.seal_checked or walk.legacy_rows >= head.legacy_rows:
            raise _Broken(
                event.pk,
                "the row is chained with the old unkeyed scheme, but it is not one of the "
                f"{head.legacy_rows} sealed old rows: the chain was recomputed without the key",
            )
        expected = link_hash(walk.previous_hash, payload)
    else:
        if not walk.seal_checked:
            _check_seal(head, walk, event.pk)
        key = _key_or_broken(event.hash_key_id, event.pk, "the row is chained")
        expected = keyed_link_hash(key, event.hash_key_id, walk.previous_hash, payload)
    if not digests_equal(expected, event.row_hash):
        raise _Broken(event.pk, "the row's content was altered (hash does not match)")
    if event.hash_scheme == SCHEME_SHA256:
        walk.legacy_rows += 1
        walk.legacy_last_event_id = event.pk
        walk.legacy_last_hash = event.row_hash
    walk.previous_hash = event.row_hash
    walk.last_id = event.pk
    walk.checked += 1


def _check_head(head: AuditChainHead | None, walk: _Walk) -> None:
    if not walk.seal_checked:
        _check_seal(head, walk, walk.last_id)
    if head is not None and (
        head.last_hash != walk.previous_hash
        or head.event_count != walk.checked
        or head.last_event_id != walk.last_id
    ):
        raise _Broken(
            walk.last_id,
            f"the newest rows were removed: the chain head expects {head.event_count} rows "
            f"ending at event {head.last_event_id}",
        )


def _read_anchors(path: Path) -> list[tuple[int, Anchor | str]]:
    """Each anchor line, parsed and its signature checked, or what is wrong with it."""
    anchors: list[tuple[int, Anchor | str]] = []
    for number, text in anchor_log_read(path):
        try:
            anchor = anchor_parse(text)
        except AnchorLineError as error:
            anchors.append((number, f"anchor line {number} of {path} is malformed: {error}"))
            continue
        key = key_for(anchor.key_id)
        if key is None:
            anchors.append(
                (
                    number,
                    f"anchor line {number} of {path} is signed with key id {anchor.key_id!r}, "
                    "which is not configured (add it to AUDIT_CHAIN_KEY_FALLBACKS)",
                )
            )
        elif not anchor.signature_matches(key):
            anchors.append(
                (
                    number,
                    f"anchor line {number} of {path} does not match its signature "
                    "(the line was altered)",
                )
            )
        else:
            anchors.append((number, anchor))
    return anchors


def _check_anchor(
    number: int, anchor: Anchor, seen: dict[int, tuple[int, str]], walk: _Walk
) -> None:
    if anchor.head_event_id is None:
        return  # anchored while the chain was empty: anything since is longer
    when = f"the anchor of {anchor.anchored_at} (line {number})"
    position = seen.get(anchor.head_event_id)
    if position is None:
        if walk.last_id is None or anchor.head_event_id > walk.last_id:
            raise _Broken(
                walk.last_id,
                f"rows were removed from the end: the chain ends at event {walk.last_id} with "
                f"{walk.checked} rows, but {when} recorded event {anchor.head_event_id} with "
                f"{anchor.rows} rows",
            )
        raise _Broken(
            anchor.head_event_id,
            f"event {anchor.head_event_id}, recorded by {when}, was removed, or no longer ends "
            "a seal (the rows around it were sealed again)",
        )
    ordinal, row_hash = position
    if not digests_equal(row_hash, anchor.head_hash):
        raise _Broken(
            anchor.head_event_id,
            f"the event's hash no longer matches {when}: rows up to it were rewritten and the "
            "chain recomputed",
        )
    if ordinal != anchor.rows:
        raise _Broken(
            anchor.head_event_id,
            f"the chain has {ordinal} rows up to this event but {when} recorded {anchor.rows}: "
            "rows before it were removed or added",
        )


def _walk_rows(
    head: AuditChainHead | None,
    walk: _Walk,
    batch_size: int,
    wanted: set[int],
    seen: dict[int, tuple[int, str]],
) -> None:
    """Every row oldest first: the chained rows, then the sealed ones seal by seal."""
    seals: Iterator[AuditSeal] = AuditSeal.objects.order_by("id").iterator(chunk_size=batch_size)
    seal = next(seals, None)

    def close_seals_before(event_id: int | None) -> AuditSeal | None:
        nonlocal seal
        while seal is not None and (event_id is None or event_id > seal.last_event_id):
            _close_seal(seal, head, walk)
            if seal.last_event_id in wanted:
                seen[seal.last_event_id] = (seal.total_rows, seal.seal_hash)
            seal = next(seals, None)
        return seal

    queryset = AuditEvent.objects.order_by("id")
    position = 0
    while batch := list(queryset.filter(id__gt=position)[:batch_size]):
        for event in batch:
            if event.hash_scheme != SCHEME_HMAC_SHA256_ROW:
                _check_event(event, head, walk)
                if event.pk in wanted:
                    seen[event.pk] = (walk.checked, event.row_hash)
                continue
            if not walk.chained_end_checked:
                _check_chained_end(head, walk, event.pk)
            _check_sealed_row(event)
            if close_seals_before(event.pk) is None:
                walk.unsealed += 1
            else:
                walk.batch.append((event.pk, event.row_hash))
            walk.checked += 1
            walk.last_id = event.pk
        position = batch[-1].pk
    if not walk.chained_end_checked:
        _check_chained_end(head, walk, None)
    close_seals_before(None)


def audit_chain_verify(
    *,
    batch_size: int = 2000,
    anchor_log: Path | str | None = None,
    anchors_until: datetime | None = None,
) -> ChainReport:
    """Walk the chain oldest first and report the first row whose link, content or hash scheme
    does not hold; then check the chain head, and the chain against each anchor in the anchor
    log (``AUDIT_ANCHOR_LOG`` unless another file is given), oldest first. ``anchors_until``
    leaves out anchors written after it (to check a backup taken then)."""
    path = Path(anchor_log if anchor_log is not None else settings.AUDIT_ANCHOR_LOG)
    head = AuditChainHead.objects.filter(id=1).first()
    anchors = _read_anchors(path)
    chain_id = head.chain_id if head is not None else None
    ours = [
        (number, anchor)
        for number, anchor in anchors
        if isinstance(anchor, Anchor)
        and anchor.chain == chain_id
        and (anchors_until is None or anchor.anchored_at_datetime <= anchors_until)
    ]
    wanted = {anchor.head_event_id for _, anchor in ours if anchor.head_event_id is not None}
    seen: dict[int, tuple[int, str]] = {}
    walk = _Walk()
    try:
        _walk_rows(head, walk, batch_size, wanted, seen)
        for _number, anchor in anchors:
            if isinstance(anchor, str):
                raise _Broken(None, anchor)
        for number, anchor in ours:
            _check_anchor(number, anchor, seen, walk)
    except _Broken as broken:
        return ChainReport(
            ok=False,
            checked=walk.checked,
            broken_event_id=broken.event_id,
            problem=broken.problem,
            anchor_log=str(path),
        )
    return ChainReport(
        ok=True,
        checked=walk.checked,
        anchor_log=str(path),
        anchors_checked=len(ours),
        anchors_skipped=len(anchors) - len(ours),
        seals_checked=walk.seals_checked,
        unsealed=walk.unsealed,
    )
