"""What follows an intelligence link in the rest of Haven (decision 0028):

- the incremental hotspot check; a new or grown hotspot is an alert for the partnership's
  analysts and the lead teams of the cases involved, each naming only the cases its recipient
  may see and counting the rest (the full detection on the schedule alerts the same way);
- cross-border: an entity linked to open cases of more than one authority records the other
  areas as each case's ``areas_involved`` and re-screens it, so screening asks for
  ``notify_cross_border`` (the tasks app makes that task once per case);
- the harbouring-notice rule: a child found at an address where a child abduction warning
  notice is in force records ``ind.harbouring_notice_breached`` on a concern about the child
  (the way indicators reach a case), which is screened at once and goes to the front door;
- automatic links from the records other modules make (a return from missing, a suspect, a
  notice), idempotent by ``source_reference``, graded by the rule in ``GRADING``.

Only ``P`` links move anything here: a ``C`` link must not reach another agency through a
count, an alert, a task or a concern (decision 0026)."""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import User
from haven.cases.models import Case, CaseStatus, Concern
from haven.cases.services import lead_team_workers
from haven.core.areas import area_label
from haven.intelligence import rules
from haven.intelligence.hotspots import HotspotChanges, hotspot_check_entity, hotspots_detect_all
from haven.intelligence.models import (
    Entity,
    EntityType,
    HandlingCode,
    Hotspot,
    Link,
    LinkSource,
    LinkType,
)
from haven.intelligence.selectors import entity_ids_visible_to, intelligence_case_ids
from haven.intelligence.services import entity_link_record, entity_record, link_record
from haven.investigations.models import Order, OrderType, Suspect
from haven.investigations.selectors import cawns_in_force_at
from haven.missing.models import MissingEpisode, ReturnHomeInterview
from haven.missing.selectors import episode_case, episodes_of_concern
from haven.notifications.services import notify
from haven.screening.models import Circumstance, ScreeningTrigger
from haven.screening.selectors import areas_of, screening_current_for_case
from haven.workflows.concern_raised import concern_raise
from haven.workflows.new_information import circumstance_record

HARBOURING_NOTICE_BREACHED = "ind.harbouring_notice_breached"
# A link has a day, a concern a time: the middle of the day found (or now, if earlier).
NOON = time(12)

# How Haven grades a link it makes (3x5x2), by where it came from. A professional's own record
# of what they saw is reliable and known directly (1A); a person named in it (found with,
# suspected) is known to them indirectly but corroborated by the record itself (1B). A place
# or phone a concern or a child at a return home interview mentions is what the recorder was
# told, checked by no one yet (2C: untested, known indirectly). Always ``P``: the source
# record was already shared by its own case section.
GRADING = {
    "seen": ("1", "A"),
    "named": ("1", "B"),
    "told": ("2", "C"),
}


# --- Links recorded ------------------------------------------------------------------------


@transaction.atomic
def intelligence_link_record(*, actor, **fields) -> tuple[Link, bool]:
    """``intelligence.services.link_record`` and what follows a new link. Pages and the API
    record links through this."""
    link, created = link_record(actor=actor, **fields)
    if created:
        link_recorded(actor=actor, link=link)
    return link, created


@transaction.atomic
def intelligence_entity_link_record(*, actor, **fields) -> tuple[Link, Entity]:
    """``intelligence.services.entity_link_record`` (the recording pages' one step) and what
    follows a new link."""
    link, entity, created = entity_link_record(actor=actor, **fields)
    if created:
        link_recorded(actor=actor, link=link)
    return link, entity


def link_recorded(*, actor, link: Link) -> None:
    """What follows a new link: a ``P`` link from a case is counted, may cross a border and
    may breach a notice; nothing follows a ``C`` link or a link between two entities."""
    if link.handling_code != HandlingCode.PERMITTED or link.from_case_id is None:
        return
    hotspots_alert(hotspot_check_entity(link.to_entity_id))
    _cross_border(actor=actor, link=link)
    if link.link_type == LinkType.FOUND_AT:
        _harbouring_notice_check(actor=actor, link=link)


# --- Hotspot alerts ------------------------------------------------------------------------


@transaction.atomic
def hotspot_detect_and_alert(*, now=None) -> HotspotChanges:
    """The scheduled full detection, alerting on what changed as the incremental path does.
    Detection and alerts are one transaction: a run that fails while alerting leaves the
    hotspots undetected, so the next run finds and alerts them again (decision 0039)."""
    changes = hotspots_detect_all(now=now)
    hotspots_alert(changes)
    return changes


def analysts() -> Iterable[User]:
    """The partnership's analysts (every role with ``VIEW_INTELLIGENCE``, every agency): a
    hotspot counts ``P`` links only, which any agency may receive."""
    intelligence_roles = [
        role
        for role, permissions in roles.ROLE_PERMISSIONS.items()
        if roles.VIEW_INTELLIGENCE in permissions
    ]
    return User.objects.filter(role__in=intelligence_roles, is_active=True)


def hotspot_alert_text(*, recipient, hotspot: Hotspot, cases: list[Case]) -> str:
    """The alert as ``recipient`` may read it: the place (if they may see it), the cases they
    may see named, the rest counted."""
    entity = hotspot.entity
    if entity_ids_visible_to(recipient, {entity.pk}):
        what = f"{entity.get_entity_type_display()} {entity.label}"
    else:
        what = f"A {entity.get_entity_type_display().lower()}"
    areas = " and ".join(area_label(area) for area in hotspot.areas)
    children = f"{hotspot.children} child{'ren' if hotspot.children != 1 else ''}"
    text = f"{what} is linked to {children} from {areas} in recent months."
    seen = intelligence_case_ids(recipient, [case.pk for case in cases])
    named = [case for case in cases if case.pk in seen]
    if named:
        text += " Your cases: " + ", ".join(
            f"{case.reference} ({case.person.full_name})" for case in named
        )
        text += "."
    others = len(cases) - len(named)
    if others:
        text += (
            f" {others} other case{'s' if others != 1 else ''} "
            f"you cannot see {'are' if others != 1 else 'is'} linked too."
        )
    return text


def hotspots_alert(changes: HotspotChanges) -> None:
    """Tell analysts and the lead teams of the cases involved about each new or grown
    hotspot. Emails say only that there is one."""
    for hotspot in changes.to_alert:
        cases = list(
            Case.objects.filter(pk__in=hotspot.case_ids)
            .select_related("person", "lead_team")
            .order_by("pk")
        )
        recipients = list(analysts())
        for team in {case.lead_team for case in cases}:
            recipients.extend(lead_team_workers(team))
        notify(
            recipients=recipients,
            subject="Intelligence hotspot",
            body=lambda user, hotspot=hotspot, cases=cases: hotspot_alert_text(
                recipient=user, hotspot=hotspot, cases=cases
            ),
            link=f"/intelligence/hotspots/{hotspot.pk}/",
            email_body=(
                "A place, vehicle, phone or person of concern is now linked to several children "
                "or to children of more than one authority."
            ),
        )


# --- Cross-border --------------------------------------------------------------------------


def _cross_border(*, actor, link: Link) -> None:
    """Each open case linked (``P``) to the entity learns the other authorities involved,
    unless its screening already has them; the re-screen asks for ``notify_cross_border``."""
    pairs = set(
        Link.objects.filter(
            to_entity_id=link.to_entity_id,
            handling_code=HandlingCode.PERMITTED,
            from_case__status=CaseStatus.OPEN,
        ).values_list("from_case_id", "from_case__lead_agency__area_code")
    )
    areas = {area for _, area in pairs if area}
    if len(areas) < 2:
        return
    for case in Case.objects.filter(pk__in={case_id for case_id, _ in pairs}).order_by("pk"):
        home = case.lead_agency.area_code
        screening = screening_current_for_case(case)
        known = set(areas_of(screening)[1]) if screening else set()
        new = areas - {home} - known
        if new:
            circumstance_record(
                actor=actor,
                case=case,
                name=Circumstance.AREAS_INVOLVED,
                value=sorted(new),
                source=link,
                rescreen_trigger=ScreeningTrigger.NEW_INFORMATION,
            )


# --- The harbouring-notice rule ------------------------------------------------------------


def notice_covers(order: Order, *, postcode: str, line: str) -> bool:
    """A notice's address is the entity's: the same postcode and, when both have one, the same
    first line (case, punctuation and spacing aside)."""
    if order.postcode != postcode:
        return False
    if order.address_line_1 and line:
        return rules.name_key(order.address_line_1) == rules.name_key(line)
    return True


def _harbouring_notice_check(*, actor, link: Link) -> None:
    entity = link.to_entity
    if entity.entity_type != EntityType.ADDRESS or not entity.postcode:
        return
    notices = [
        order
        for order in cawns_in_force_at(postcode=entity.postcode, on=link.occurred_on)
        if notice_covers(order, postcode=entity.postcode, line=entity.line)
    ]
    if not notices:
        return
    case = link.from_case
    already = any(
        HARBOURING_NOTICE_BREACHED in concern.indicator_codes
        and timezone.localdate(concern.occurred_at) == link.occurred_on
        for concern in case.person.concerns.all()
    )
    if already:
        return
    concern_raise(
        actor=actor,
        person=case.person,
        description=(
            f"Found on {link.occurred_on:%d %B %Y} at an address whose occupier holds a child "
            f"abduction warning notice (issued {notices[0].issued_on:%d %B %Y}). Haven recorded "
            "this from the intelligence link."
        ),
        occurred_at=min(
            timezone.now(), timezone.make_aware(datetime.combine(link.occurred_on, NOON))
        ),
        home_area=case.lead_agency.area_code,
        location=entity.label,
        indicator_codes=[HARBOURING_NOTICE_BREACHED],
    )


# --- Automatic links -----------------------------------------------------------------------


def _automatic_link(
    *,
    actor,
    case: Case | None,
    entity_type: str,
    values: dict,
    link_type: str,
    occurred_on: date,
    source: str,
    source_reference: str,
    grading: str,
    note: str = "",
    from_entity=None,
) -> Link | None:
    entity, _ = entity_record(actor=actor, entity_type=entity_type, values=values, automatic=True)
    source_evaluation, assessment = GRADING[grading]
    link, created = link_record(
        actor=actor,
        from_case=case if from_entity is None else None,
        from_entity=from_entity,
        to_entity=entity,
        link_type=link_type,
        occurred_on=occurred_on,
        source=source,
        source_evaluation=source_evaluation,
        intelligence_assessment=assessment,
        handling_code=HandlingCode.PERMITTED,
        note=note,
        source_reference=source_reference,
        automatic=True,
    )
    if created:
        link_recorded(actor=actor, link=link)
    return link


def missing_return_links(*, actor, episode: MissingEpisode) -> list[Link]:
    """Where the child was found (``found_at``), with whom (``associate_of``), and who collected
    them in what vehicle (``collected_by``), from the return just recorded, on the child's case
    (an episode still on a concern has no case to link: its links wait for the case, see
    decision 0028)."""
    case = episode_case(episode)
    if case is None or episode.returned_at is None:
        return []
    # (recorded?, entity type, values, link type, grading, note)
    found = (
        (
            episode.found_at_address or episode.found_at_postcode,
            EntityType.ADDRESS,
            {"line": episode.found_at_address, "postcode": episode.found_at_postcode},
            LinkType.FOUND_AT,
            "seen",
            "",
        ),
        (
            episode.found_with,
            EntityType.PERSON_OF_CONCERN,
            {"name": episode.found_with},
            LinkType.ASSOCIATE_OF,
            "named",
            "Found with the child when the child returned or was found.",
        ),
        (
            episode.collected_by,
            EntityType.PERSON_OF_CONCERN,
            {"name": episode.collected_by},
            LinkType.COLLECTED_BY,
            "named",
            "Collected the child when the child returned or was found.",
        ),
        (
            episode.collected_in_vehicle,
            EntityType.VEHICLE,
            {"registration": episode.collected_in_vehicle},
            LinkType.COLLECTED_BY,
            "seen",
            "",
        ),
    )
    return [
        _automatic_link(
            actor=actor,
            case=case,
            entity_type=entity_type,
            values=values,
            link_type=link_type,
            occurred_on=timezone.localdate(episode.returned_at),
            source=LinkSource.MISSING_EPISODE,
            source_reference=f"missing_episode:{episode.pk}",
            grading=grading,
            note=note,
        )
        for recorded, entity_type, values, link_type, grading, note in found
        if recorded
    ]


def _mentions_links(
    *, actor, case: Case, record, occurred_on: date, source: str, source_reference: str
) -> list[Link]:
    """Each place a record mentions ``visits``, each phone ``contacted_by``, from ``case``."""
    links = [
        _automatic_link(
            actor=actor,
            case=case,
            entity_type=EntityType.ADDRESS,
            values={"line": place["line"], "postcode": place["postcode"]},
            link_type=LinkType.VISITS,
            occurred_on=occurred_on,
            source=source,
            source_reference=source_reference,
            grading="told",
        )
        for place in record.places_mentioned
    ]
    links += [
        _automatic_link(
            actor=actor,
            case=case,
            entity_type=EntityType.PHONE,
            values={"number": phone},
            link_type=LinkType.CONTACTED_BY,
            occurred_on=occurred_on,
            source=source,
            source_reference=source_reference,
            grading="told",
        )
        for phone in record.phones_mentioned
    ]
    return links


def return_interview_links(*, actor, interview: ReturnHomeInterview) -> list[Link]:
    """The places (``visits``) and phones (``contacted_by``) the child mentioned at a return
    home interview, on the child's case (an episode still on a concern has none yet)."""
    case = episode_case(interview.episode)
    if case is None:
        return []
    return _mentions_links(
        actor=actor,
        case=case,
        record=interview,
        occurred_on=timezone.localdate(interview.held_at or interview.offered_at),
        source=LinkSource.RETURN_INTERVIEW,
        source_reference=f"return_interview:{interview.pk}",
    )


def concern_links(*, actor, concern: Concern) -> list[Link]:
    """The places (``visits``) and phones (``contacted_by``) a concern mentions, once it is in
    a case: the front door accepting it (or joining it to a case) makes them. So do the returns
    and return home interviews of the missing episodes it was raised for, which had no case to
    link from until now."""
    if concern.case is None:
        return []
    links = _mentions_links(
        actor=actor,
        case=concern.case,
        record=concern,
        occurred_on=timezone.localdate(concern.occurred_at),
        source=LinkSource.CONCERN,
        source_reference=f"concern:{concern.pk}",
    )
    for episode in episodes_of_concern(concern=concern):
        links += missing_return_links(actor=actor, episode=episode)
        for interview in episode.interviews.all():
            links += return_interview_links(actor=actor, interview=interview)
    return links


def suspect_links(*, actor, suspect: Suspect) -> Link:
    """A suspect is a person of concern the child's case is linked to (``suspect_in``)."""
    return _automatic_link(
        actor=actor,
        case=suspect.investigation.case,
        entity_type=EntityType.PERSON_OF_CONCERN,
        values={"name": suspect.person.full_name},
        link_type=LinkType.SUSPECT_IN,
        occurred_on=timezone.localdate(suspect.added_at),
        source=LinkSource.INVESTIGATION,
        source_reference=f"suspect:{suspect.pk}",
        grading="named",
    )


def notice_links(*, actor, order: Order) -> list[Link]:
    """A child abduction warning notice: the child's case is linked to its holder
    (``notice_holder``), and the holder to the notice's address (``lives_at``)."""
    if order.order_type != OrderType.CAWN:
        return []
    case = order.investigation.case
    reference = f"order:{order.pk}"
    holder_link = _automatic_link(
        actor=actor,
        case=case,
        entity_type=EntityType.PERSON_OF_CONCERN,
        values={"name": order.suspect.person.full_name},
        link_type=LinkType.NOTICE_HOLDER,
        occurred_on=order.issued_on,
        source=LinkSource.INVESTIGATION,
        source_reference=reference,
        grading="seen",
    )
    if not (order.address_line_1 or order.postcode):
        return [holder_link]
    address_link = _automatic_link(
        actor=actor,
        case=case,
        from_entity=holder_link.to_entity,
        entity_type=EntityType.ADDRESS,
        values={"line": order.address_line_1, "postcode": order.postcode},
        link_type=LinkType.LIVES_AT,
        occurred_on=order.issued_on,
        source=LinkSource.INVESTIGATION,
        source_reference=reference,
        grading="seen",
    )
    return [holder_link, address_link]
