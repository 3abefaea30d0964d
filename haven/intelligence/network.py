"""The network around a case or an entity, up to two hops (decision 0029).

Every link read starts from ``selectors.links_visible_to``: a ``C`` link the viewer's agency
may not see is absent, and so is any node reachable only through it. Each node is then shown in
detail or as "restricted" by the same rules as everywhere else (decision 0026): a case when the
viewer may see its intelligence section, an entity when ``entity_ids_visible_to`` says so.

- A restricted node keeps only its kind ("case" or "entity", not the entity's type) and an id
  that means nothing outside this answer (``restricted:1``), so neither a case's reference nor
  an entity's id reaches someone who may not see it.
- The graph goes on only through nodes the viewer sees: a restricted node is a leaf, so nothing
  is learnt about what else a case or entity the viewer may not see is linked to.
- A hub (an address linked to hundreds of children) would swamp the page and the query: each
  hop reads at most ``MAX_LINKS_PER_HOP`` links and the graph holds at most ``MAX_NODES``
  nodes, newest links first; beyond that the answer says ``truncated``.

Each hop is one query for its links and a bounded few for who may see their ends, whatever the
number of nodes.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.models import Case
from haven.intelligence.models import Entity, EntityType, Link, LinkType
from haven.intelligence.selectors import (
    entity_get_for_user,
    entity_ids_visible_to,
    intelligence_case_ids,
    links_visible_to,
    live_entity,
    may_use_intelligence,
    nodes_visible_to,
)

MAX_NODES = 250
MAX_LINKS_PER_HOP = 1000
HOPS = (1, 2)
CASE, ENTITY, RESTRICTED = "case", "entity", "restricted"
RESTRICTED_LABEL = "Restricted"
_ROOT = re.compile(r"^(case|entity):([1-9][0-9]{0,11})$")
_GRADING = re.compile(r"^[123][A-E]$")


@dataclass(frozen=True)
class NetworkFilters:
    """Which links to draw. ``min_grading`` "2B" keeps links graded 1 or 2 and A or B."""

    link_types: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    min_grading: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    label: str
    restricted: bool

    @property
    def type_label(self) -> str:
        if self.restricted:
            return ""
        return "Child's case" if self.type == CASE else EntityType(self.type).label


@dataclass(frozen=True)
class Edge:
    link_id: int
    source: str
    target: str
    link_type: str
    occurred_on: date
    grading: str

    @property
    def link_type_label(self) -> str:
        return LinkType(self.link_type).label


@dataclass
class Network:
    root: str
    hops: int
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool
    # The entities shown in detail, by node id (for the exports' fuller records).
    entities: dict[str, Entity] = field(default_factory=dict)
    # The cases shown in detail, and the child at the root (for the audit).
    case_ids: list[int] = field(default_factory=list)
    root_person_id: int | None = None

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)


def network_request_parsed(
    root: str,
    hops: str | int = 1,
    *,
    link_types: Iterable[str] = (),
    min_grading: str = "",
    since: date | None = None,
    until: date | None = None,
) -> tuple[str, int]:
    """The root and hop count as asked for, or ``ValidationError`` naming each field."""
    errors = {}
    if not _ROOT.match(root or ""):
        errors["root"] = "Start the network from a case (case:12) or an entity (entity:5)"
    try:
        hops = int(hops)
    except (TypeError, ValueError):
        hops = 0
    if hops not in HOPS:
        errors["hops"] = "Show 1 or 2 steps from where the network starts"
    if min_grading and not _GRADING.match(min_grading):
        errors["min_grading"] = "Enter a grading like 2B: how reliable the source is, then A to E"
    if set(link_types) - set(LinkType.values):
        errors["link_types"] = "Choose how they are linked from the list"
    if since and until and since > until:
        errors["until"] = "The end date must be the same as or after the start date"
    if errors:
        raise ValidationError(errors)
    return root, hops


def network_root_visible(user, root: str) -> bool:
    """Whether the user may open the network around ``root`` (for a link to it)."""
    if not may_use_intelligence(user) or not _ROOT.match(root or ""):
        return False
    kind, pk = root.split(":")
    if kind == CASE:
        return int(pk) in intelligence_case_ids(user, {int(pk)})
    return int(pk) in entity_ids_visible_to(user, {int(pk)})


def _filtered(links: QuerySet[Link], filters: NetworkFilters) -> QuerySet[Link]:
    if filters.link_types:
        links = links.filter(link_type__in=filters.link_types)
    if filters.since:
        links = links.filter(occurred_on__gte=filters.since)
    if filters.until:
        links = links.filter(occurred_on__lte=filters.until)
    if filters.min_grading:
        # One character each, ordered best first: "1" < "2" < "3", "A" < ... < "E".
        links = links.filter(
            source_evaluation__lte=filters.min_grading[0],
            intelligence_assessment__lte=filters.min_grading[1],
        )
    return links


def _root_node(user, root: str) -> tuple[str, int | None]:
    """The root's node key, or "not found"; and the child at a case root."""
    kind, pk = root.split(":")
    if kind == CASE:
        if int(pk) not in intelligence_case_ids(user, {int(pk)}):
            raise Http404("Not found")
        return root, Case.objects.values_list("person_id", flat=True).get(pk=pk)
    entity = live_entity(entity_get_for_user(user, int(pk)))
    return f"{ENTITY}:{entity.pk}", None


def _ends(row) -> tuple[str, str]:
    _pk, from_case, from_entity, to_entity, *_ = row
    start = f"{CASE}:{from_case}" if from_case else f"{ENTITY}:{from_entity}"
    return start, f"{ENTITY}:{to_entity}"


def _ids(keys: Iterable[str], kind: str) -> set[int]:
    return {int(key.split(":")[1]) for key in keys if key.startswith(f"{kind}:")}


def network_for_user(
    user,
    root: str,
    *,
    hops: int = 1,
    filters: NetworkFilters | None = None,
) -> Network:
    """The links around ``root`` ("case:<id>" or "entity:<id>") the user's agency may see, up
    to ``hops`` steps, each end shown in detail or as restricted. 403 for a role that never
    uses intelligence; "not found" when the root is not the user's to see. The read is
    audited (the root, and the cases shown in detail)."""
    if not may_use_intelligence(user):
        raise PermissionDenied("Only analysts and those who work cases see intelligence.")
    filters = filters or NetworkFilters()
    root, hops = network_request_parsed(
        root,
        hops,
        link_types=filters.link_types,
        min_grading=filters.min_grading,
        since=filters.since,
        until=filters.until,
    )
    root_key, root_person_id = _root_node(user, root)
    links = _filtered(links_visible_to(user), filters).values_list(
        "pk",
        "from_case_id",
        "from_entity_id",
        "to_entity_id",
        "link_type",
        "occurred_on",
        "source_evaluation",
        "intelligence_assessment",
        "handling_code",
    )
    reached = {root_key}
    visible = {root_key}
    rows_by_pk = {}
    frontier = {root_key}
    truncated = False
    for _hop in range(hops):
        cases, entities = _ids(frontier, CASE), _ids(frontier, ENTITY)
        rows = list(
            links.filter(
                Q(from_case_id__in=cases)
                | Q(from_entity_id__in=entities)
                | Q(to_entity_id__in=entities)
            ).order_by("-occurred_on", "-pk")[: MAX_LINKS_PER_HOP + 1]
        )
        if len(rows) > MAX_LINKS_PER_HOP:
            truncated, rows = True, rows[:MAX_LINKS_PER_HOP]
        new = set()
        for row in rows:
            if row[0] in rows_by_pk:
                continue
            ends = set(_ends(row))
            if len(reached | new | ends) > MAX_NODES:
                truncated = True
                continue
            new |= ends - reached
            rows_by_pk[row[0]] = row
        reached |= new
        # Who may see the new nodes decides which of them the next hop goes through.
        cases_seen, entities_seen = nodes_visible_to(
            user, case_ids=_ids(new, CASE), entity_ids=_ids(new, ENTITY)
        )
        visible |= {f"{CASE}:{pk}" for pk in cases_seen}
        visible |= {f"{ENTITY}:{pk}" for pk in entities_seen}
        frontier = new & visible
        if not frontier:
            break
    return _network(user, root_key, hops, reached, visible, rows_by_pk, truncated, root_person_id)


def _network(user, root_key, hops, reached, visible, rows_by_pk, truncated, root_person_id):
    entities = {
        f"{ENTITY}:{entity.pk}": entity
        for entity in Entity.objects.filter(pk__in=_ids(reached & visible, ENTITY))
    }
    # Nodes in the order first reached by the newest links, the root first.
    order = [root_key]
    for row in rows_by_pk.values():
        order += [key for key in _ends(row) if key not in order]
    shown_as, nodes, restricted = {}, [], 0
    for key in order:
        if key in visible:
            entity = entities.get(key)
            node = Node(
                id=key,
                type=entity.entity_type if entity else CASE,
                label=entity.label if entity else Case(pk=_ids([key], CASE).pop()).reference,
                restricted=False,
            )
        else:
            restricted += 1
            node = Node(
                id=f"{RESTRICTED}:{restricted}",
                type=key.split(":")[0],
                label=RESTRICTED_LABEL,
                restricted=True,
            )
        shown_as[key] = node.id
        nodes.append(node)
    edges = []
    for row in rows_by_pk.values():
        link_id, _c, _e, _t, link_type, occurred_on, evaluation, assessment, handling = row
        start, end = _ends(row)
        edges.append(
            Edge(
                link_id=link_id,
                source=shown_as[start],
                target=shown_as[end],
                link_type=link_type,
                occurred_on=occurred_on,
                grading=f"{evaluation}{assessment}{handling}",
            )
        )
    case_ids = sorted(_ids(reached & visible, CASE))
    return Network(
        root=root_key,
        hops=hops,
        nodes=nodes,
        edges=edges,
        truncated=truncated,
        entities=entities,
        case_ids=case_ids,
        root_person_id=root_person_id,
    )


def network_view_for_user(user, root: str, *, hops: int = 1, filters=None) -> Network:
    """The network for a page or the API: the read is audited, naming the child at a case
    root and every case shown in detail."""
    network = network_for_user(user, root, hops=hops, filters=filters)
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("intelligence.network", network.root),
        person_id=network.root_person_id,
        changes={"hops": network.hops, "cases": network.case_ids},
    )
    return network
