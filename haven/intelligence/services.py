"""Recording intelligence: entities (one per normalised key), graded links, and an analyst's
reversible merge of duplicate entities. Each write checks who may make it, validates (one
message per field, for the page and the API alike), writes and audits in one transaction.

What follows from a link in other modules (hotspot alerts, the harbouring-notice rule, the
cross-border notification) is the workflow's: ``haven.workflows.intelligence``."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.models import Agency
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.models import Case
from haven.core.limits import FREE_TEXT_MAX
from haven.intelligence import rules
from haven.intelligence.models import (
    Entity,
    EntityMerge,
    HandlingCode,
    Link,
    LinkSource,
    LinkType,
)
from haven.intelligence.selectors import (
    case_for_links,
    is_analyst,
    live_entity,
    may_use_intelligence,
)

NOT_ALLOWED = (
    "Only analysts and those who work cases record intelligence; only analysts link two "
    "entities, merge them or reverse a merge."
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NOT_ALLOWED)


def _find(entity_type: str, key: str) -> Entity | None:
    """The live entity with this key, also when the key is a merged duplicate's."""
    found = (
        Entity.objects.filter(entity_type=entity_type, key=key)
        .order_by("merged_into_id", "pk")
        .first()
    )
    return live_entity(found) if found else None


@transaction.atomic
def entity_record(
    *,
    actor,
    entity_type: str,
    values: Mapping[str, str],
    description: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    automatic: bool = False,
) -> tuple[Entity, bool]:
    """The entity with these values, recorded now unless its normalised key is already known
    (then the known one, unchanged). Returns it and whether it is new. ``automatic``: as for
    ``link_record``, made by Haven from a record the actor has just made."""
    _require(automatic or may_use_intelligence(actor))
    try:
        normalised = rules.entity_normalised(entity_type, values)
    except rules.EntityInvalid as invalid:
        raise ValidationError(invalid.errors) from None
    errors = {}
    if len(description) > FREE_TEXT_MAX:
        errors["description"] = f"Description must be {FREE_TEXT_MAX:,} characters or fewer"
    if (latitude is None) != (longitude is None):
        errors["latitude"] = "Enter both the latitude and the longitude, or neither"
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors["latitude"] = (
            "Enter a latitude between -90 and 90 and a longitude between -180 and 180"
        )
    if errors:
        raise ValidationError(errors)
    existing = _find(entity_type, normalised.key)
    if existing is not None:
        return existing, False
    entity = Entity(
        entity_type=entity_type,
        key=normalised.key,
        description=description,
        latitude=latitude,
        longitude=longitude,
        recorded_by=actor,
        recorded_by_agency_id=actor.agency_id,
        **normalised.values,
    )
    try:
        with transaction.atomic():
            entity.save()
    except IntegrityError:
        # Recorded at the same moment by someone else: theirs is the one.
        return _find(entity_type, normalised.key), False
    audit_record(
        actor=actor,
        verb=Verb.ENTITY_RECORDED,
        target=entity,
        changes={"entity_type": entity_type, **{k: v for k, v in normalised.values.items() if v}},
    )
    return entity, True


def _link_errors(
    *,
    link_type: str,
    occurred_on: date | None,
    source: str,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    handling_conditions: str,
    note: str,
) -> dict[str, str]:
    errors = {}
    if link_type not in LinkType.values:
        errors["link_type"] = "Choose how they are linked"
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened"
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date it happened must be today or in the past"
    if source not in LinkSource.values:
        errors["source"] = "Choose where this came from"
    errors |= rules.grading_problems(
        source_evaluation, intelligence_assessment, handling_code, handling_conditions
    )
    if len(note) > FREE_TEXT_MAX:
        errors["note"] = f"This must be {FREE_TEXT_MAX:,} characters or fewer"
    return errors


@transaction.atomic
def link_record(
    *,
    actor,
    to_entity: Entity,
    link_type: str,
    occurred_on: date | None,
    source: str,
    source_evaluation: str,
    intelligence_assessment: str,
    handling_code: str,
    from_case: Case | None = None,
    from_entity: Entity | None = None,
    handling_conditions: str = "",
    shared_with_agency_ids: Iterable[int] = (),
    note: str = "",
    source_reference: str = "",
    automatic: bool = False,
) -> tuple[Link, bool]:
    """A graded link from a case the actor may see (its intelligence section), or, for an
    analyst, from another entity. An automatic link names its ``source_reference``: recording
    it again returns the first. Returns the link and whether it is new.

    ``automatic``: made by Haven from a record the actor has just made (a return from missing,
    a suspect, a notice), whose own service checked that they may make it; it is recorded as
    theirs even if they may not use intelligence themselves (decision 0028)."""
    if (from_case is None) == (from_entity is None):
        raise ValidationError({"from": "Link from a case or from an entity"})
    if automatic:
        if not source_reference:
            raise ValueError("an automatic link names the record it came from")
    elif from_case is not None:
        _require(may_use_intelligence(actor))
        case_for_links(actor, from_case.pk)
    else:
        _require(may_use_intelligence(actor) and is_analyst(actor))
    to_entity = live_entity(to_entity)
    from_entity = live_entity(from_entity) if from_entity is not None else None
    errors = _link_errors(
        link_type=link_type,
        occurred_on=occurred_on,
        source=source,
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions,
        note=note,
    )
    if from_entity is not None and from_entity.pk == to_entity.pk:
        errors["to"] = "An entity cannot be linked to itself"
    shared_ids = sorted(set(shared_with_agency_ids))
    if handling_code == HandlingCode.PERMITTED:
        shared_ids = []
    if len(shared_ids) != Agency.objects.filter(pk__in=shared_ids).count():
        errors["shared_with_agency_ids"] = "Choose agencies of the partnership"
    if errors:
        raise ValidationError(errors)
    if source_reference:
        earlier = Link.objects.filter(
            source_reference=source_reference,
            from_case=from_case,
            from_entity=from_entity,
            to_entity=to_entity,
            link_type=link_type,
        ).first()
        if earlier is not None:
            return earlier, False
    link = Link.objects.create(
        from_case=from_case,
        from_entity=from_entity,
        to_entity=to_entity,
        link_type=link_type,
        occurred_on=occurred_on,
        source=source,
        source_reference=source_reference,
        source_evaluation=source_evaluation,
        intelligence_assessment=intelligence_assessment,
        handling_code=handling_code,
        handling_conditions=handling_conditions.strip() if handling_code == "C" else "",
        note=note,
        recorded_by=actor,
        recorded_by_agency_id=actor.agency_id,
    )
    link.shared_with_agencies.set(shared_ids)
    audit_record(
        actor=actor,
        verb=Verb.LINK_RECORDED,
        target=link,
        person_id=from_case.person_id if from_case is not None else None,
        changes={
            "from": f"case:{from_case.pk}" if from_case else f"entity:{from_entity.pk}",
            "to": f"entity:{to_entity.pk}",
            "link_type": link_type,
            "occurred_on": occurred_on,
            "source": source,
            "grading": link.grading,
            **({"shared_with": shared_ids} if shared_ids else {}),
            **({"source_reference": source_reference} if source_reference else {}),
        },
    )
    return link, True


@transaction.atomic
def entity_merge(*, actor, kept: Entity, duplicate: Entity, reason: str) -> EntityMerge:
    """An analyst's judgement that two entities are one: the duplicate's links move to the
    entity kept, and the duplicate's key then finds the kept entity."""
    _require(is_analyst(actor))
    kept, duplicate = live_entity(kept), live_entity(duplicate)
    errors = {}
    if kept.pk == duplicate.pk:
        errors["duplicate"] = "Choose a different entity to merge"
    elif kept.entity_type != duplicate.entity_type:
        errors["duplicate"] = "Only entities of the same kind can be merged"
    if not reason.strip():
        errors["reason"] = "Enter why these are the same"
    elif len(reason) > FREE_TEXT_MAX:
        errors["reason"] = f"The reason must be {FREE_TEXT_MAX:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    moved_from = list(Link.objects.filter(from_entity=duplicate).values_list("pk", flat=True))
    moved_to = list(Link.objects.filter(to_entity=duplicate).values_list("pk", flat=True))
    # A link between the two would join the kept entity to itself: it stays with the duplicate.
    between = set(
        Link.objects.filter(from_entity=duplicate, to_entity=kept).values_list("pk", flat=True)
    ) | set(Link.objects.filter(from_entity=kept, to_entity=duplicate).values_list("pk", flat=True))
    moved_from = [pk for pk in moved_from if pk not in between]
    moved_to = [pk for pk in moved_to if pk not in between]
    Link.objects.filter(pk__in=moved_from).update(from_entity=kept)
    Link.objects.filter(pk__in=moved_to).update(to_entity=kept)
    Entity.objects.filter(pk=duplicate.pk).update(
        merged_into=kept, version=duplicate.version + 1, updated_at=timezone.now()
    )
    merge = EntityMerge.objects.create(
        kept=kept,
        duplicate=duplicate,
        moved_from_links=moved_from,
        moved_to_links=moved_to,
        reason=reason.strip(),
        merged_by=actor,
    )
    audit_record(
        actor=actor,
        verb=Verb.ENTITIES_MERGED,
        target=merge,
        changes={
            "kept": kept.pk,
            "duplicate": duplicate.pk,
            "moved": len(moved_from) + len(moved_to),
        },
    )
    return merge


@transaction.atomic
def entity_unmerge(*, actor, merge: EntityMerge) -> EntityMerge:
    """Reverse a merge exactly: the links it moved go back to the duplicate."""
    _require(is_analyst(actor))
    merge = EntityMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.unmerged_at is not None:
        raise ValidationError({"merge": "This merge has already been reversed"})
    duplicate = merge.duplicate
    if duplicate.merged_into_id != merge.kept_id or merge.kept.merged_into_id is not None:
        raise ValidationError({"merge": "Reverse the later merge of these entities first"})
    Link.objects.filter(pk__in=merge.moved_from_links).update(from_entity=duplicate)
    Link.objects.filter(pk__in=merge.moved_to_links).update(to_entity=duplicate)
    Entity.objects.filter(pk=duplicate.pk).update(
        merged_into=None, version=duplicate.version + 1, updated_at=timezone.now()
    )
    merge.unmerged_by = actor
    merge.unmerged_at = timezone.now()
    merge.save(update_fields=["unmerged_by", "unmerged_at"])
    audit_record(
        actor=actor,
        verb=Verb.ENTITIES_UNMERGED,
        target=merge,
        changes={
            "kept": merge.kept_id,
            "duplicate": duplicate.pk,
            "moved": len(merge.moved_from_links) + len(merge.moved_to_links),
        },
    )
    return merge


# --- Recording a link to an entity described on the same page (intel-api) ------------------


@transaction.atomic
def entity_link_record(
    *,
    actor,
    entity_type: str,
    values: Mapping[str, str],
    from_case: Case | None = None,
    from_entity: Entity | None = None,
    **link,
) -> tuple[Link, Entity, bool]:
    """The recording page's one step: the entity (found by its key, or recorded now) and the
    link to it, or nothing. Every refusal, of the entity's details and the link's, at once.
    Returns the link, the entity and whether the link is new."""
    _require(may_use_intelligence(actor))
    errors = {}
    try:
        rules.entity_normalised(entity_type, values)
    except rules.EntityInvalid as invalid:
        errors.update(invalid.errors)
    errors.update(
        _link_errors(
            link_type=link.get("link_type", ""),
            occurred_on=link.get("occurred_on"),
            source=link.get("source", ""),
            source_evaluation=link.get("source_evaluation", ""),
            intelligence_assessment=link.get("intelligence_assessment", ""),
            handling_code=link.get("handling_code", ""),
            handling_conditions=link.get("handling_conditions", ""),
            note=link.get("note", ""),
        )
    )
    if errors:
        raise ValidationError(errors)
    entity, _new = entity_record(actor=actor, entity_type=entity_type, values=values)
    recorded, new = link_record(
        actor=actor, to_entity=entity, from_case=from_case, from_entity=from_entity, **link
    )
    return recorded, entity, new
