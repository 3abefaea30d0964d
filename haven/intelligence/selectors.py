"""Reading intelligence through the access door (decision 0026).

- A link handled ``C`` exists only for the agency that recorded it and the agencies its
  conditions name: for everyone else it is absent everywhere (``links_visible_to``).
- Analysts see every entity and every link that exists for them; the cases at the ends of a
  link are shown only to those who may see the case's ``intelligence`` section.
- Practitioners and managers see the links of the cases whose ``intelligence`` section they may
  see, and the entities those links reach; any other entity or case is "restricted".
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import can_work_cases, case_accesses, cases_visible_to
from haven.cases.models import Case, CaseSection
from haven.core.areas import area_label
from haven.core.contact_details import phone_e164, postcode_normalised
from haven.intelligence import rules
from haven.intelligence.models import (
    Entity,
    EntityMerge,
    HandlingCode,
    Hotspot,
    HotspotChange,
    Link,
)


def is_analyst(user) -> bool:
    return user.is_authenticated and user.has_role_permission(roles.VIEW_INTELLIGENCE)


def may_use_intelligence(user) -> bool:
    """Analysts, and those who work cases (for the cases they may see)."""
    return (
        user.is_authenticated
        and user.agency_id is not None
        and (is_analyst(user) or can_work_cases(user))
    )


def links_visible_to(user) -> QuerySet[Link]:
    """Every link that exists for ``user``'s agency: ``P`` links, and ``C`` links it recorded
    or is named in. Which of their ends the user may see is a further question."""
    if not may_use_intelligence(user):
        return Link.objects.none()
    named = Link.shared_with_agencies.through.objects.filter(agency_id=user.agency_id)
    return Link.objects.filter(
        Q(handling_code=HandlingCode.PERMITTED)
        | Q(recorded_by_agency_id=user.agency_id)
        | Q(pk__in=named.values("link_id"))
    )


def intelligence_case_ids(user, case_ids) -> set[int]:
    """Which of ``case_ids`` the user may see the intelligence section of."""
    cases = list(Case.objects.filter(pk__in=set(case_ids)))
    return {
        case_id
        for case_id, access in case_accesses(user, cases).items()
        if access.can_see(CaseSection.INTELLIGENCE)
    }


def cases_with_intelligence_for(user) -> QuerySet[Case]:
    """The cases whose intelligence section ``user`` may see (to pick a link's case from)."""
    visible = cases_visible_to(user)
    ids = intelligence_case_ids(user, visible.values_list("pk", flat=True))
    return Case.objects.filter(pk__in=ids)


def entity_ids_visible_to(user, entity_ids) -> set[int]:
    """Which of ``entity_ids`` the user may see in detail: all of them for an analyst; for a
    case worker, those a visible link joins directly to a case whose intelligence they see."""
    return nodes_visible_to(user, case_ids=(), entity_ids=entity_ids)[1]


def nodes_visible_to(user, *, case_ids, entity_ids) -> tuple[set[int], set[int]]:
    """Which of ``case_ids`` (their intelligence section) and ``entity_ids`` (in detail) the
    user may see, asking the door once for both (the network view asks this at each step)."""
    case_ids, entity_ids = set(case_ids), set(entity_ids)
    if not may_use_intelligence(user):
        return set(), set()
    pairs = []
    if entity_ids and not is_analyst(user):
        pairs = list(
            links_visible_to(user)
            .filter(to_entity_id__in=entity_ids, from_case__isnull=False)
            .values_list("to_entity_id", "from_case_id")
        )
    seen = intelligence_case_ids(user, case_ids | {case_id for _, case_id in pairs})
    if is_analyst(user):
        return seen, entity_ids
    return seen & case_ids, {entity_id for entity_id, case_id in pairs if case_id in seen}


def live_entity(entity: Entity) -> Entity:
    """The entity a merged duplicate now lives on as."""
    while entity.merged_into_id is not None:
        entity = entity.merged_into
    return entity


def entity_get_for_user(user, entity_id: int) -> Entity:
    """An entity the user may see in detail, or "not found"."""
    entity = Entity.objects.filter(pk=entity_id).first()
    if entity is None or not entity_ids_visible_to(user, {entity.pk}):
        raise Http404("Not found")
    return entity


def case_for_links(user, case_id: int) -> Case:
    """A case whose intelligence section the user may see (to link from), or "not found"."""
    if case_id not in intelligence_case_ids(user, {case_id}):
        raise Http404("Not found")
    return Case.objects.get(pk=case_id)


# --- The entities and links API, the case's intelligence panel and the analyst workspace ----
# Every read below starts from ``links_visible_to`` (a ``C`` link that does not exist for the
# user's agency is never counted or shown) and shows a link's end only to who may see it.

ENTITIES_SHOWN = 50


@dataclass(frozen=True)
class End:
    """One end of a link as the user may see it: "restricted", with no detail, otherwise."""

    ref: str  # "case:12" or "entity:5", as the API names it
    kind: str  # "case" or "entity"
    restricted: bool
    label: str = ""
    entity: Entity | None = None
    case: Case | None = None


@dataclass(frozen=True)
class LinkView:
    link: Link
    start: End
    end: End


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    links: list[LinkView]
    merges: list[EntityMerge]  # merges into this entity, for an analyst to reverse

    @property
    def ref(self) -> str:
        return f"entity:{self.entity.pk}"


def require_analyst(user) -> None:
    """Searching every entity, recording one, linking two, merging: an analyst's work."""
    if not is_analyst(user):
        raise PermissionDenied("Only analysts do this.")


def require_intelligence_user(user) -> None:
    if not may_use_intelligence(user):
        raise PermissionDenied("Only analysts and those who work cases use intelligence.")


def entities_visible_to(user) -> QuerySet[Entity]:
    """The live entities ``user`` may see in detail (``entity_ids_visible_to``, as a query)."""
    if not may_use_intelligence(user):
        return Entity.objects.none()
    live = Entity.objects.filter(merged_into__isnull=True)
    if is_analyst(user):
        return live
    cases = cases_with_intelligence_for(user).values("pk")
    reached = links_visible_to(user).filter(from_case_id__in=cases).values("to_entity_id")
    return live.filter(pk__in=reached)


def _matching(entities: QuerySet[Entity], query: str) -> QuerySet[Entity]:
    """Entities whose details contain every word of the query, or whose normalised postcode,
    registration mark or phone number is the query's ("wa11aa" finds WA1 1AA)."""
    words = query.split()
    if not words:
        return entities
    exact = Q()
    if postcode := postcode_normalised(query):
        exact |= Q(postcode=postcode)
    if registration := rules.registration_normalised(query):
        exact |= Q(registration=registration)
    if number := phone_e164(query):
        exact |= Q(number=number)
    each = Q()
    for word in words:
        each &= (
            Q(name__icontains=word)
            | Q(line__icontains=word)
            | Q(postcode__icontains=word)
            | Q(registration__icontains=word)
            | Q(number__icontains=word)
            | Q(platform__icontains=word)
        )
    return entities.filter(each | exact) if exact else entities.filter(each)


def entity_search(*, user, query: str = "", entity_type: str = "") -> list[Entity]:
    """Entities the user may see matching the query (every word), newest first, at most
    ``ENTITIES_SHOWN``. An analyst searches every entity; a case worker those linked to their
    cases. The search is recorded; it names no child."""
    require_intelligence_user(user)
    found = _matching(entities_visible_to(user), query.strip())
    if entity_type:
        found = found.filter(entity_type=entity_type)
    results = list(found.order_by("-created_at", "-pk")[:ENTITIES_SHOWN])
    audit_record(
        actor=user,
        verb=Verb.SEARCHED,
        target=("intelligence.entity", ""),
        reason=f"Intelligence search: {query[:200]}",
        changes={"results": len(results), **({"entity_type": entity_type} if entity_type else {})},
    )
    return results


def link_views(user, links) -> list[LinkView]:
    """Links with their ends as ``user`` may see them, in three queries whatever their number.
    The links must come from ``links_visible_to(user)``."""
    links = list(links)
    entity_ids = {link.to_entity_id for link in links} | {
        link.from_entity_id for link in links if link.from_entity_id
    }
    case_ids = {link.from_case_id for link in links if link.from_case_id}
    seen_entities = entity_ids_visible_to(user, entity_ids)
    seen_cases = intelligence_case_ids(user, case_ids)
    entities = Entity.objects.in_bulk(seen_entities)
    cases = Case.objects.select_related("person").in_bulk(seen_cases)

    def entity_end(entity_id: int) -> End:
        entity = entities.get(entity_id)
        ref = f"entity:{entity_id}"
        if entity is None:
            return End(ref=ref, kind="entity", restricted=True)
        return End(ref=ref, kind="entity", restricted=False, label=entity.label, entity=entity)

    def case_end(case_id: int) -> End:
        case = cases.get(case_id)
        ref = f"case:{case_id}"
        if case is None:
            return End(ref=ref, kind="case", restricted=True)
        label = f"{case.person.full_name} ({case.reference})"
        return End(ref=ref, kind="case", restricted=False, label=label, case=case)

    return [
        LinkView(
            link=link,
            start=case_end(link.from_case_id)
            if link.from_case_id
            else entity_end(link.from_entity_id),
            end=entity_end(link.to_entity_id),
        )
        for link in links
    ]


def _with_agencies(links: QuerySet[Link]) -> QuerySet[Link]:
    return links.select_related("recorded_by_agency").prefetch_related("shared_with_agencies")


def entity_view_for_user(*, user, entity_id: int, record_view: bool = True) -> EntityView:
    """An entity the user may see in detail, with every link to or from it that exists for
    their agency ("not found" otherwise). The view is recorded."""
    entity = entity_get_for_user(user, entity_id)
    links = _with_agencies(
        links_visible_to(user).filter(Q(to_entity=entity) | Q(from_entity=entity))
    )
    merges = (
        list(EntityMerge.objects.filter(kept=entity).select_related("duplicate", "merged_by"))
        if is_analyst(user)
        else []
    )
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=entity)
    return EntityView(entity=entity, links=link_views(user, links), merges=merges)


def case_link_views(*, user, case: Case) -> list[LinkView] | None:
    """A case's links as the user may see them, or None without the case's intelligence
    section. Not recorded: the case page that shows them records its own view."""
    if case.pk not in intelligence_case_ids(user, {case.pk}):
        return None
    return link_views(user, _with_agencies(links_visible_to(user).filter(from_case=case)))


def case_links_for_user(*, user, case_id: int) -> list[LinkView]:
    """A case's links over the API: "not found" without its intelligence section. Recorded."""
    case = case_for_links(user, case_id)
    views = case_link_views(user=user, case=case)
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("intelligence.link", f"case:{case.pk}"),
        person_id=case.person_id,
    )
    return views


def entity_for_linking(user, entity_id: int) -> Entity:
    """An entity to link to: any live one that exists ("not found" otherwise). Recording the
    link is audited, naming the entity; whoever links it then sees it through the link."""
    require_intelligence_user(user)
    entity = Entity.objects.filter(pk=entity_id).first()
    if entity is None:
        raise Http404("Not found")
    return live_entity(entity)


def link_start(user, kind: str, start_id: int) -> dict:
    """Where an API link starts, as ``link_record`` takes it: a case whose intelligence section
    the user sees, or an entity ("not found" otherwise). 403 for a role without intelligence."""
    require_intelligence_user(user)
    if kind == "case":
        return {"from_case": case_for_links(user, start_id)}
    return {"from_entity": entity_for_linking(user, start_id)}


def merge_get_for_user(user, merge_id: int) -> EntityMerge:
    """A merge an analyst may reverse."""
    require_analyst(user)
    merge = EntityMerge.objects.select_related("kept", "duplicate").filter(pk=merge_id).first()
    if merge is None:
        raise Http404("Not found")
    return merge


def merge_candidates(*, user, entity: Entity, query: str = "") -> list[Entity]:
    """Live entities of the same kind an analyst may merge into ``entity``."""
    require_analyst(user)
    found = _matching(
        Entity.objects.filter(merged_into__isnull=True, entity_type=entity.entity_type).exclude(
            pk=entity.pk
        ),
        query.strip(),
    )
    return list(found.order_by("-created_at", "-pk")[:ENTITIES_SHOWN])


def recent_entities(*, user) -> list[Entity]:
    """The workspace's latest entities the user may see (not recorded: labels only, no
    child)."""
    return list(entities_visible_to(user).order_by("-created_at", "-pk")[:10])


# --- Hotspots (decision 0028) --------------------------------------------------------------

HOTSPOTS_REFUSED = "Only analysts and those who work cases see intelligence hotspots."


@dataclass(frozen=True)
class HotspotView:
    """A hotspot as one user may see it: the entity (None when restricted), the cases whose
    intelligence they see, a count of the rest, and (for analysts) its history."""

    hotspot: Hotspot
    entity: Entity | None
    cases: list[Case]
    others: int
    changes: list[HotspotChange]

    @property
    def area_names(self) -> list[str]:
        return [area_label(area) for area in self.hotspot.areas]


def _views_of(user, hotspots: list[Hotspot], *, with_history: bool) -> list[HotspotView]:
    all_case_ids = {case_id for hotspot in hotspots for case_id in hotspot.case_ids}
    seen = intelligence_case_ids(user, all_case_ids)
    visible_entities = entity_ids_visible_to(user, {hotspot.entity_id for hotspot in hotspots})
    cases = Case.objects.select_related("person").in_bulk(seen)
    analyst = is_analyst(user)
    views = []
    for hotspot in hotspots:
        mine = [cases[case_id] for case_id in sorted(hotspot.case_ids) if case_id in seen]
        if not (analyst or mine):
            continue
        views.append(
            HotspotView(
                hotspot=hotspot,
                entity=hotspot.entity if hotspot.entity_id in visible_entities else None,
                cases=mine,
                others=len(hotspot.case_ids) - len(mine),
                changes=list(hotspot.changes.all()) if with_history and analyst else [],
            )
        )
    return views


def hotspots_for_user(user) -> list[HotspotView]:
    """Active hotspots: every one for an analyst; for a case worker, those involving a case
    whose intelligence section they see. Anyone else is refused. The read is audited."""
    if not may_use_intelligence(user):
        raise PermissionDenied(HOTSPOTS_REFUSED)
    hotspots = list(Hotspot.objects.filter(active=True).select_related("entity"))
    views = _views_of(user, hotspots, with_history=False)
    audit_record(actor=user, verb=Verb.VIEWED, target=("intelligence.hotspot", "list"))
    return views


def hotspot_get_for_user(user, hotspot_id: int) -> HotspotView:
    """One hotspot (active or lapsed) with its history for an analyst; a case worker's view
    only of a hotspot involving a case they see, "not found" otherwise; refused to anyone
    else. Audited."""
    if not may_use_intelligence(user):
        raise PermissionDenied(HOTSPOTS_REFUSED)
    hotspot = Hotspot.objects.select_related("entity").filter(pk=hotspot_id).first()
    views = _views_of(user, [hotspot], with_history=True) if hotspot else []
    if not views:
        raise Http404("Not found")
    audit_record(actor=user, verb=Verb.VIEWED, target=hotspot)
    return views[0]
