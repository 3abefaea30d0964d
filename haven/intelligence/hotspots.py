"""Hotspot detection (decision 0028): which entities are hotspots now, and what changed.

Two ways in, one outcome: ``hotspot_check_entity`` when a link is recorded (one aggregate
query over the entity's links), ``hotspots_detect_all`` on the schedule (one aggregate pass
over every link to find the candidates, the pure rule on those only). Both count ``P`` links
from cases only (a ``C`` link never moves a count: decision 0026), distinct children (a case's
person), and the area of a case is its lead agency's area code. Both write the ``Hotspot``
rows and their ``HotspotChange`` history, and return what changed so the workflow can alert.

These writes are the system's own: no one chose them, so there is no ``actor`` to check; who
is told, and what, is ``haven.workflows.intelligence``."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.intelligence import rules
from haven.intelligence.models import HandlingCode, Hotspot, HotspotChange, Link

NEW = "new"
GROWN = "grown"
CHANGED = "changed"
LAPSED = "lapsed"


@dataclass
class HotspotChanges:
    """The hotspots that are new (or detected again after lapsing), grew (more children or
    another authority), changed otherwise (fewer, still a hotspot) or lapsed."""

    new: list[Hotspot] = field(default_factory=list)
    grown: list[Hotspot] = field(default_factory=list)
    changed: list[Hotspot] = field(default_factory=list)
    lapsed: list[Hotspot] = field(default_factory=list)

    @property
    def to_alert(self) -> list[Hotspot]:
        return self.new + self.grown

    def __bool__(self) -> bool:
        return bool(self.new or self.grown or self.changed or self.lapsed)


def _counted_links(today: date, rule_set: rules.HotspotRules):
    """The links a hotspot counts: ``P``, from a case, within the longest window, to a live
    entity."""
    return Link.objects.filter(
        handling_code=HandlingCode.PERMITTED,
        from_case__isnull=False,
        occurred_on__gt=today - timedelta(days=rule_set.longest_days),
        occurred_on__lte=today,
        to_entity__merged_into__isnull=True,
    )


def _linked_children(links) -> dict[int, list[rules.LinkedChild]]:
    """Each entity's linked children, one row per child, case and day."""
    rows = (
        links.order_by()
        .values_list(
            "to_entity_id",
            "from_case__person_id",
            "from_case__lead_agency__area_code",
            "from_case_id",
            "occurred_on",
        )
        .distinct()
    )
    linked: dict[int, list[rules.LinkedChild]] = defaultdict(list)
    for entity_id, child_id, area, case_id, occurred_on in rows:
        linked[entity_id].append(
            rules.LinkedChild(
                child_id=child_id, area=area or "", case_id=case_id, occurred_on=occurred_on
            )
        )
    return linked


def _change(hotspot: Hotspot, at: datetime) -> HotspotChange:
    return HotspotChange(
        hotspot=hotspot,
        at=at,
        children=hotspot.children,
        areas=hotspot.areas,
        case_ids=hotspot.case_ids,
        active=hotspot.active,
    )


def _set(hotspot: Hotspot, finding: rules.HotspotFinding, at: datetime) -> None:
    hotspot.children = finding.children
    hotspot.areas = list(finding.areas)
    hotspot.case_ids = list(finding.case_ids)
    hotspot.reasons = list(finding.reasons)
    hotspot.last_changed_at = at
    hotspot.active = True


def _apply(findings: dict[int, rules.HotspotFinding | None], *, at: datetime) -> HotspotChanges:
    """Bring the hotspot rows of these entities in line with their findings, in bulk."""
    changes = HotspotChanges()
    existing = {h.entity_id: h for h in Hotspot.objects.filter(entity_id__in=list(findings))}
    created, updated = [], []
    for entity_id, finding in findings.items():
        hotspot = existing.get(entity_id)
        if finding is None:
            if hotspot is not None and hotspot.active:
                hotspot.active = False
                hotspot.last_changed_at = at
                updated.append(hotspot)
                changes.lapsed.append(hotspot)
            continue
        if hotspot is None:
            hotspot = Hotspot(entity_id=entity_id, first_detected_at=at)
            _set(hotspot, finding, at)
            created.append(hotspot)
            changes.new.append(hotspot)
            continue
        before = (hotspot.active, hotspot.children, set(hotspot.areas), list(hotspot.case_ids))
        after = (True, finding.children, set(finding.areas), list(finding.case_ids))
        if before == after:
            continue
        if not hotspot.active:
            changes.new.append(hotspot)
        elif finding.children > hotspot.children or set(finding.areas) - set(hotspot.areas):
            changes.grown.append(hotspot)
        else:
            changes.changed.append(hotspot)
        _set(hotspot, finding, at)
        updated.append(hotspot)
    Hotspot.objects.bulk_create(created)
    Hotspot.objects.bulk_update(
        updated, ["children", "areas", "case_ids", "reasons", "last_changed_at", "active"]
    )
    HotspotChange.objects.bulk_create(_change(h, at) for h in created + updated)
    for kind, hotspots in (
        (NEW, changes.new),
        (GROWN, changes.grown),
        (CHANGED, changes.changed),
        (LAPSED, changes.lapsed),
    ):
        for hotspot in hotspots:
            audit_record(
                actor=None,
                verb=Verb.HOTSPOT_DETECTED,
                target=hotspot,
                changes={
                    "change": kind,
                    "entity": f"entity:{hotspot.entity_id}",
                    "children": hotspot.children,
                    "areas": hotspot.areas,
                },
            )
    return changes


@transaction.atomic
def hotspot_check_entity(entity_id: int, *, now: datetime | None = None) -> HotspotChanges:
    """The incremental check when a link to this entity is recorded: one query over its
    counted links, then the rule."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rule_set = rules.hotspot_rules()
    linked = _linked_children(_counted_links(today, rule_set).filter(to_entity_id=entity_id))
    finding = rules.hotspot_finding(linked[entity_id], today=today, rules=rule_set)
    return _apply({entity_id: finding}, at=now)


@transaction.atomic
def hotspots_detect_all(*, now: datetime | None = None) -> HotspotChanges:
    """Full detection over every entity: one aggregate pass finds the candidates (at least the
    fewest children any authority asks for, or more than one authority, within the longest
    window), the rule decides on those and on the hotspots active now (which may lapse)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rule_set = rules.hotspot_rules()
    links = _counted_links(today, rule_set)
    candidates = (
        links.order_by()
        .values("to_entity_id")
        .annotate(
            children=Count("from_case__person_id", distinct=True),
            areas=Count("from_case__lead_agency__area_code", distinct=True),
        )
        .filter(Q(children__gte=rule_set.fewest_children) | Q(areas__gt=1))
        .values("to_entity_id")
    )
    # The aggregate runs inside the one query that reads the candidates' links.
    linked = _linked_children(links.filter(to_entity_id__in=candidates))
    findings = {
        entity_id: rules.hotspot_finding(items, today=today, rules=rule_set)
        for entity_id, items in linked.items()
    }
    active = Hotspot.objects.filter(active=True).values_list("entity_id", flat=True)
    findings.update(dict.fromkeys(set(active) - set(findings)))
    return _apply(findings, at=now)
