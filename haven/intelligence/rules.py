"""Intelligence rules with no database: normalising what identifies an entity, the 3x5x2
grading, the handling-code rule, and when an entity becomes a hotspot."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from anyascii import anyascii

from haven.core.contact_details import phone_e164, postcode_normalised, registration_normalised
from haven.core.limits import FREE_TEXT_MAX
from haven.intelligence.models import (
    EntityType,
    HandlingCode,
    IntelligenceAssessment,
    SourceEvaluation,
)

# --- What identifies an entity -------------------------------------------------------------

MESSAGES = {
    "postcode": "Enter a real UK postcode, like WA1 1AA",
    "registration": "Enter a registration mark, like AB12 CDE",
    "number": "Enter a phone number, like 07700 900123 or +44 7700 900123",
    "name": "Enter a name",
    "line": "Enter the first line of the address or its postcode",
}


def name_key(text: str) -> str:
    """Case, accents, punctuation and spacing do not make a different name."""
    plain = anyascii(text).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@dataclass(frozen=True)
class Normalised:
    """An entity's values in one form, and the key two records of the same thing share."""

    key: str
    values: dict[str, str]


class EntityInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def entity_normalised(entity_type: str, values: Mapping[str, str]) -> Normalised:
    """The normalised values and key of an entity, or ``EntityInvalid`` naming each field."""
    get = lambda name: (values.get(name) or "").strip()  # noqa: E731
    if entity_type == EntityType.ADDRESS:
        line, postcode = get("line"), get("postcode")
        if postcode:
            postcode = postcode_normalised(postcode)
            if postcode is None:
                raise EntityInvalid({"postcode": MESSAGES["postcode"]})
        if not (line or postcode):
            raise EntityInvalid({"line": MESSAGES["line"]})
        return Normalised(
            key=f"{postcode or ''}|{name_key(line)}",
            values={"line": " ".join(line.split()), "postcode": postcode or ""},
        )
    if entity_type == EntityType.VEHICLE:
        country = get("country") or "GB"
        registration = registration_normalised(get("registration"), country=country)
        if registration is None:
            raise EntityInvalid({"registration": MESSAGES["registration"]})
        foreign = country.upper() not in ("GB", "UK")
        return Normalised(
            key=f"{country.upper()}:{registration}" if foreign else registration,
            values={"registration": registration, "platform": country.upper() if foreign else ""},
        )
    if entity_type == EntityType.PHONE:
        number = phone_e164(get("number")) if get("number") else None
        if number is None:
            raise EntityInvalid({"number": MESSAGES["number"]})
        return Normalised(key=number, values={"number": number})
    if entity_type in EntityType.values:
        name = " ".join(get("name").split())
        if not name_key(name):
            raise EntityInvalid({"name": MESSAGES["name"]})
        platform = " ".join(get("platform").split())
        # An online account is its handle on one platform; a business its name at a postcode.
        qualifier = name_key(platform)
        postcode = ""
        if entity_type == EntityType.BUSINESS and get("postcode"):
            postcode = postcode_normalised(get("postcode"))
            if postcode is None:
                raise EntityInvalid({"postcode": MESSAGES["postcode"]})
            qualifier = postcode
        return Normalised(
            key=f"{name_key(name)}|{qualifier}" if qualifier else name_key(name),
            values={"name": name, "platform": platform, "postcode": postcode or ""},
        )
    raise EntityInvalid({"entity_type": "Choose what kind of thing this is"})


# --- Grading and handling (College of Policing 3x5x2) ---------------------------------------


def handling_problem(handling_code: str, conditions: str) -> str | None:
    """A ``C`` link must say the conditions it may be shared under."""
    if handling_code == HandlingCode.CONDITIONS and not conditions.strip():
        return "Enter the conditions this may be shared under"
    return None


def grading_problems(
    source_evaluation: str, intelligence_assessment: str, handling_code: str, conditions: str
) -> dict[str, str]:
    """What is wrong with a 3x5x2 grading and its handling, by field (links and information
    shared at operational group meetings are graded alike)."""
    problems = {}
    if source_evaluation not in SourceEvaluation.values:
        problems["source_evaluation"] = "Choose how reliable the source is (1, 2 or 3)"
    if intelligence_assessment not in IntelligenceAssessment.values:
        problems["intelligence_assessment"] = "Choose how the source knows it (A to E)"
    if handling_code not in HandlingCode.values:
        problems["handling_code"] = "Choose who it may be shared with (P or C)"
    elif problem := handling_problem(handling_code, conditions):
        problems["handling_conditions"] = problem
    if len(conditions) > FREE_TEXT_MAX:
        problems["handling_conditions"] = f"This must be {FREE_TEXT_MAX:,} characters or fewer"
    return problems


def link_visible_to_agency(
    *, handling_code: str, recording_agency_id: int, shared_with_ids: Iterable[int], agency_id
) -> bool:
    """A ``P`` link may reach any agency that may see its ends; a ``C`` link exists only for
    the agency that recorded it and the agencies its conditions name."""
    if handling_code == HandlingCode.PERMITTED:
        return True
    return agency_id is not None and (
        agency_id == recording_agency_id or agency_id in set(shared_with_ids)
    )


# --- Hotspots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotspotRule:
    """An entity linked to this many distinct children within this many days."""

    children: int = 3
    days: int = 90


@dataclass(frozen=True)
class HotspotRules:
    default: HotspotRule = HotspotRule()
    areas: Mapping[str, HotspotRule] = field(default_factory=dict)

    def for_area(self, area: str) -> HotspotRule:
        return self.areas.get(area, self.default)

    @property
    def longest_days(self) -> int:
        return max([self.default.days, *(rule.days for rule in self.areas.values())])

    @property
    def fewest_children(self) -> int:
        return min([self.default.children, *(rule.children for rule in self.areas.values())])


@cache
def hotspot_rules() -> HotspotRules:
    """The partnership's setting (``hotspots.yaml``): a default, and each authority's own."""
    data = yaml.safe_load((Path(__file__).parent / "hotspots.yaml").read_text())
    make = lambda item: HotspotRule(children=int(item["children"]), days=int(item["days"]))  # noqa: E731
    return HotspotRules(
        default=make(data["default"]),
        areas={area: make(item) for area, item in (data.get("areas") or {}).items()},
    )


@dataclass(frozen=True)
class LinkedChild:
    child_id: int
    area: str
    case_id: int
    occurred_on: date


@dataclass(frozen=True)
class HotspotFinding:
    children: int
    areas: tuple[str, ...]
    case_ids: tuple[int, ...]
    reasons: tuple[str, ...]


SEVERAL_CHILDREN = "several_children"
SEVERAL_AUTHORITIES = "several_authorities"


def hotspot_finding(
    linked: Iterable[LinkedChild], *, today: date, rules: HotspotRules
) -> HotspotFinding | None:
    """Is an entity a hotspot, given the children linked to it? Yes when, for any authority
    whose children are linked, that authority's threshold of distinct children is reached
    within its window (children of every authority count), or when children of more than one
    authority are linked within the window. None otherwise."""
    linked = [item for item in linked if item.occurred_on <= today]
    reasons = []
    for area in sorted({item.area for item in linked}):
        rule = rules.for_area(area)
        since = today - timedelta(days=rule.days)
        if len({item.child_id for item in linked if item.occurred_on > since}) >= rule.children:
            reasons.append(SEVERAL_CHILDREN)
            break
    since = today - timedelta(days=rules.longest_days)
    window = [item for item in linked if item.occurred_on > since]
    areas = {item.area for item in window}
    if len(areas) > 1:
        reasons.append(SEVERAL_AUTHORITIES)
    if not reasons:
        return None
    return HotspotFinding(
        children=len({item.child_id for item in window}),
        areas=tuple(sorted(areas)),
        case_ids=tuple(sorted({item.case_id for item in window})),
        reasons=tuple(reasons),
    )
