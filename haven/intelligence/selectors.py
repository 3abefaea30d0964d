"""Reading intelligence through the access door (decision 0026).

- A link handled ``C`` exists only for the agency that recorded it and the agencies its
  conditions name: for everyone else it is absent everywhere (``links_visible_to``).
- Analysts see every entity and every link that exists for them; the cases at the ends of a
  link are shown only to those who may see the case's ``intelligence`` section.
- Practitioners and managers see the links of the cases whose ``intelligence`` section they may
  see, and the entities those links reach; any other entity or case is "restricted".
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.cases.access import can_work_cases, case_accesses, cases_visible_to
from haven.cases.models import Case, CaseSection
from haven.intelligence.models import Entity, HandlingCode, Link


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
