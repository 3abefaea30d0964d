"""The screening vocabularies, loaded once from ``vocabulary.yaml`` and checked for consistency.

``load_vocabulary()`` is the one entry point; it returns an immutable ``Vocabulary`` whose methods
answer "what does this code mean", "which codes are valid", "what does this indicator imply",
"which actions exist" and "how is this area configured". An inconsistent file raises
``VocabularyError`` on first load, so a bad edit stops the service instead of mis-screening.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import yaml

from haven.core.areas import AREA_INVOLVED_CODES

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")

ELEMENT_KINDS = ("act", "means", "purpose")
CODE_KINDS = (*ELEMENT_KINDS, "risk", "ind")
# Kinds an indicator may imply: an indicator never implies another indicator.
IMPLIABLE_KINDS = (*ELEMENT_KINDS, "risk")

DueRuleKind = Literal[
    "immediately", "working_days", "same_working_day", "hours_after_return", "event"
]
CLOCK_RULES = frozenset({"immediately", "working_days", "same_working_day"})

_TOP_LEVEL_KEYS = {
    "version",
    "codes",
    "indicators",
    "person_statuses",
    "outcomes",
    "exploitation_types",
    "purpose_exploitation_types",
    "county_lines",
    "leads",
    "actions",
    "areas",
}


class VocabularyError(Exception):
    """The vocabulary file is inconsistent; the message says where."""


@dataclass(frozen=True)
class Code:
    code: str
    kind: str
    label: str
    # Indicators only: what the practitioner saw, and the element and risk codes it implies.
    seen: str | None = None
    implies: tuple[str, ...] = ()


@dataclass(frozen=True)
class DueRule:
    rule: DueRuleKind
    days: int | None = None
    hours: int | None = None
    event: str | None = None


@dataclass(frozen=True)
class ActionDefinition:
    code: str
    label: str
    when: str
    lead: str
    lead_adult: str | None
    due: DueRule
    reason: str

    def lead_for(self, *, adult: bool) -> str:
        return self.lead_adult if adult and self.lead_adult else self.lead


@dataclass(frozen=True)
class AreaConfig:
    code: str
    label: str
    ictg_service: bool
    due_overrides: Mapping[str, DueRule]
    # Repeat missing: this many missing episodes within this many days (haven.missing).
    repeat_missing_episodes: int = 3
    repeat_missing_days: int = 90


@dataclass(frozen=True)
class CountyLinesRule:
    purpose: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    version: str
    codes: Mapping[str, Code]
    person_statuses: Mapping[str, str]
    outcomes: Mapping[str, str]
    exploitation_types: Mapping[str, str]
    purpose_exploitation_types: Mapping[str, str]
    county_lines: CountyLinesRule
    leads: Mapping[str, str]
    actions: Mapping[str, ActionDefinition]
    areas: Mapping[str, AreaConfig]

    def label(self, code: str) -> str:
        """The plain-English label of any code in the vocabulary (element, risk, indicator,
        status, outcome, exploitation type, lead, action or area)."""
        for table in (
            self.person_statuses,
            self.outcomes,
            self.exploitation_types,
            self.leads,
        ):
            if code in table:
                return table[code]
        if code in self.codes:
            return self.codes[code].label
        if code in self.actions:
            return self.actions[code].label
        if code in self.areas:
            return self.areas[code].label
        raise KeyError(code)

    def codes_of_kind(self, kind: str) -> tuple[str, ...]:
        """Valid codes of one kind (``act``, ``means``, ``purpose``, ``risk`` or ``ind``), in
        vocabulary order."""
        if kind not in CODE_KINDS:
            raise KeyError(kind)
        return tuple(code for code, entry in self.codes.items() if entry.kind == kind)

    def implications(self) -> Mapping[str, tuple[str, ...]]:
        """Indicator code -> the element and risk codes it implies (DOMAIN section 3)."""
        return MappingProxyType(
            {code: entry.implies for code, entry in self.codes.items() if entry.kind == "ind"}
        )

    def due_rule(self, *, action: str, area: str | None) -> DueRule:
        """The due rule for an action in an area: the area's override, else the default."""
        definition = self.actions[action]
        if area is None:
            return definition.due
        return self.areas[area].due_overrides.get(action, definition.due)


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The project's vocabulary, parsed and validated once per process."""
    return read_vocabulary(path=VOCABULARY_PATH)


def read_vocabulary(*, path: Path) -> Vocabulary:
    """Read and validate a vocabulary file (uncached; ``load_vocabulary`` is the cached one)."""
    with path.open(encoding="utf-8") as handle:
        try:
            data = yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            raise VocabularyError(f"{path.name} is not valid YAML: {error}") from error
    return parse_vocabulary(data=data)


def parse_vocabulary(*, data: Any) -> Vocabulary:
    """Build a ``Vocabulary`` from parsed YAML, raising ``VocabularyError`` on any inconsistency."""
    top = _mapping(data, "vocabulary")
    _exact_keys(top, "vocabulary", required=_TOP_LEVEL_KEYS)

    version = top["version"]
    if not isinstance(version, str) or not version.strip():
        raise VocabularyError("version must be a non-empty string, e.g. '2026.11.1'")

    codes = _parse_codes(top["codes"])
    codes.update(_parse_indicators(top["indicators"], codes))

    person_statuses = _labels(top["person_statuses"], "person_statuses")
    _exact_keys(person_statuses, "person_statuses", required={"child", "presumed_child", "adult"})
    outcomes = _labels(top["outcomes"], "outcomes")
    _exact_keys(
        outcomes,
        "outcomes",
        required={"potential_victim", "trafficking_not_indicated", "insufficient_information"},
    )
    exploitation_types = _labels(top["exploitation_types"], "exploitation_types")
    purpose_types = _parse_purpose_types(
        top["purpose_exploitation_types"], codes, exploitation_types
    )
    county_lines = _parse_county_lines(top["county_lines"], codes)
    leads = _labels(top["leads"], "leads")
    actions = _parse_actions(top["actions"], leads)
    areas = _parse_areas(top["areas"], actions)
    # Bare codes share one namespace so that Vocabulary.label() is never ambiguous.
    _check_disjoint(
        {
            "person_statuses": person_statuses.keys(),
            "outcomes": outcomes.keys(),
            "exploitation_types": exploitation_types.keys(),
            "leads": leads.keys(),
            "actions": actions.keys(),
            "areas": areas.keys(),
        }
    )

    return Vocabulary(
        version=version.strip(),
        codes=MappingProxyType(codes),
        person_statuses=MappingProxyType(person_statuses),
        outcomes=MappingProxyType(outcomes),
        exploitation_types=MappingProxyType(exploitation_types),
        purpose_exploitation_types=MappingProxyType(purpose_types),
        county_lines=county_lines,
        leads=MappingProxyType(leads),
        actions=MappingProxyType(actions),
        areas=MappingProxyType(areas),
    )


def _parse_codes(raw: Any) -> dict[str, Code]:
    section = _mapping(raw, "codes")
    _exact_keys(section, "codes", required={"act", "means", "purpose", "risk"})
    codes: dict[str, Code] = {}
    for kind, entries in section.items():
        for code, label in _labels(entries, f"codes.{kind}").items():
            _check_prefix(code, kind, f"codes.{kind}")
            codes[code] = Code(code=code, kind=kind, label=label)
        if not any(entry.kind == kind for entry in codes.values()):
            raise VocabularyError(f"codes.{kind} must list at least one code")
    return codes


def _parse_indicators(raw: Any, codes: Mapping[str, Code]) -> dict[str, Code]:
    indicators: dict[str, Code] = {}
    for code, entry in _mapping(raw, "indicators").items():
        where = f"indicators.{code}"
        _check_prefix(code, "ind", "indicators")
        entry = _mapping(entry, where)
        _exact_keys(entry, where, required={"label", "seen", "implies"})
        implies = _string_list(entry["implies"], f"{where}.implies")
        for implied in implies:
            if implied not in codes or codes[implied].kind not in IMPLIABLE_KINDS:
                raise VocabularyError(
                    f"{where}.implies names unknown code {implied!r}; an indicator may imply "
                    f"only {', '.join(IMPLIABLE_KINDS)} codes listed under `codes`"
                )
        indicators[code] = Code(
            code=code,
            kind="ind",
            label=_text(entry["label"], f"{where}.label"),
            seen=_text(entry["seen"], f"{where}.seen"),
            implies=tuple(implies),
        )
    return indicators


def _parse_purpose_types(
    raw: Any, codes: Mapping[str, Code], exploitation_types: Mapping[str, str]
) -> dict[str, str]:
    mapping = _labels(raw, "purpose_exploitation_types")
    purposes = {code for code, entry in codes.items() if entry.kind == "purpose"}
    _exact_keys(mapping, "purpose_exploitation_types", required=purposes)
    for purpose, exploitation_type in mapping.items():
        if exploitation_type not in exploitation_types:
            raise VocabularyError(
                f"purpose_exploitation_types.{purpose} names unknown exploitation type "
                f"{exploitation_type!r}; valid: {', '.join(exploitation_types)}"
            )
    return mapping


def _parse_county_lines(raw: Any, codes: Mapping[str, Code]) -> CountyLinesRule:
    section = _mapping(raw, "county_lines")
    _exact_keys(section, "county_lines", required={"purpose", "any_of"})
    purpose = section["purpose"]
    if purpose not in codes or codes[purpose].kind != "purpose":
        raise VocabularyError(f"county_lines.purpose names unknown purpose {purpose!r}")
    any_of = _string_list(section["any_of"], "county_lines.any_of")
    for code in any_of:
        if code not in codes:
            raise VocabularyError(f"county_lines.any_of names unknown code {code!r}")
    return CountyLinesRule(purpose=purpose, any_of=tuple(any_of))


def _parse_actions(raw: Any, leads: Mapping[str, str]) -> dict[str, ActionDefinition]:
    actions: dict[str, ActionDefinition] = {}
    for code, entry in _mapping(raw, "actions").items():
        where = f"actions.{code}"
        entry = _mapping(entry, where)
        _exact_keys(
            entry,
            where,
            required={"label", "when", "lead", "due", "reason"},
            optional={"lead_adult"},
        )
        for key in ("lead", "lead_adult"):
            if key in entry and entry[key] not in leads:
                raise VocabularyError(
                    f"{where}.{key} names unknown lead {entry[key]!r}; valid: {', '.join(leads)}"
                )
        actions[code] = ActionDefinition(
            code=code,
            label=_text(entry["label"], f"{where}.label"),
            when=_text(entry["when"], f"{where}.when"),
            lead=entry["lead"],
            lead_adult=entry.get("lead_adult"),
            due=_parse_due_rule(entry["due"], f"{where}.due"),
            reason=_text(entry["reason"], f"{where}.reason"),
        )
    if not actions:
        raise VocabularyError("actions must list at least one action")
    return actions


def _parse_due_rule(raw: Any, where: str) -> DueRule:
    entry = _mapping(raw, where)
    rule = entry.get("rule")
    parameter = {"working_days": "days", "hours_after_return": "hours", "event": "event"}
    if rule not in {*CLOCK_RULES, *parameter}:
        raise VocabularyError(
            f"{where}.rule is {rule!r}; valid: "
            "immediately, working_days, same_working_day, hours_after_return, event"
        )
    needed = parameter.get(rule)
    _exact_keys(entry, where, required={"rule"} | ({needed} if needed else set()))
    if needed == "event":
        return DueRule(rule=rule, event=_text(entry["event"], f"{where}.event"))
    if needed:
        value = entry[needed]
        # bool is an int in Python; "days: true" is a typo, not one day.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise VocabularyError(f"{where}.{needed} must be a whole number of 1 or more")
        return DueRule(rule=rule, **{needed: value})
    return DueRule(rule=rule)


def _parse_areas(raw: Any, actions: Mapping[str, ActionDefinition]) -> dict[str, AreaConfig]:
    section = _mapping(raw, "areas")
    # Exactly Haven's areas (haven.core.areas): the four authorities and outside Cheshire.
    _exact_keys(section, "areas", required=set(AREA_INVOLVED_CODES))
    areas: dict[str, AreaConfig] = {}
    for code, entry in section.items():
        where = f"areas.{code}"
        entry = _mapping(entry, where)
        _exact_keys(entry, where, required={"label", "ictg_service", "due", "repeat_missing"})
        if not isinstance(entry["ictg_service"], bool):
            raise VocabularyError(f"{where}.ictg_service must be true or false")
        repeat = _mapping(entry["repeat_missing"], f"{where}.repeat_missing")
        _exact_keys(repeat, f"{where}.repeat_missing", required={"episodes", "days"})
        for name, least in (("episodes", 2), ("days", 1)):
            value = repeat[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise VocabularyError(
                    f"{where}.repeat_missing.{name} must be a whole number of at least {least}"
                )
        overrides: dict[str, DueRule] = {}
        for action, rule in _mapping(entry["due"], f"{where}.due").items():
            if action not in actions:
                raise VocabularyError(
                    f"{where}.due names unknown action {action!r}; valid: {', '.join(actions)}"
                )
            override = _parse_due_rule(rule, f"{where}.due.{action}")
            default = actions[action].due
            # An area may change a clock, but not what the due time hangs on (an event or the
            # return from missing), which the engine relies on.
            if override.rule != default.rule and not (
                override.rule in CLOCK_RULES and default.rule in CLOCK_RULES
            ):
                raise VocabularyError(
                    f"{where}.due.{action}: rule {override.rule!r} cannot replace {default.rule!r}"
                )
            overrides[action] = override
        areas[code] = AreaConfig(
            code=code,
            label=_text(entry["label"], f"{where}.label"),
            ictg_service=entry["ictg_service"],
            due_overrides=MappingProxyType(overrides),
            repeat_missing_episodes=repeat["episodes"],
            repeat_missing_days=repeat["days"],
        )
    return areas


def _check_disjoint(tables: Mapping[str, AbstractSet[str]]) -> None:
    seen: dict[str, str] = {}
    for table, table_codes in tables.items():
        for code in table_codes:
            if code in seen:
                raise VocabularyError(f"code {code!r} is used in both {seen[code]} and {table}")
            seen[code] = table


def _mapping(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise VocabularyError(f"{where} must be a mapping, got {type(raw).__name__}")
    for key in raw:
        if not isinstance(key, str):
            raise VocabularyError(f"{where} has a non-text key {key!r}")
    return raw


def _labels(raw: Any, where: str) -> dict[str, str]:
    return {code: _text(label, f"{where}.{code}") for code, label in _mapping(raw, where).items()}


def _text(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise VocabularyError(f"{where} must be non-empty text")
    return raw.strip()


def _string_list(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise VocabularyError(f"{where} must be a list of codes")
    if len(set(raw)) != len(raw):
        raise VocabularyError(f"{where} lists a code twice")
    return raw


def _check_prefix(code: str, kind: str, where: str) -> None:
    if not code.startswith(f"{kind}.") or code == f"{kind}.":
        raise VocabularyError(f"{where}: code {code!r} must start with {kind!r} and a dot")


def _exact_keys(
    mapping: Mapping[str, Any],
    where: str,
    *,
    required: AbstractSet[str],
    optional: AbstractSet[str] = frozenset(),
) -> None:
    missing = sorted(required - mapping.keys())
    unknown = sorted(mapping.keys() - required - optional)
    if missing:
        raise VocabularyError(f"{where} is missing {', '.join(missing)}")
    if unknown:
        raise VocabularyError(f"{where} has unknown keys {', '.join(unknown)}")


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML loading that refuses duplicate keys, which plain YAML silently overwrites."""


def _construct_unique_mapping(
    loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    keys: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise VocabularyError(
                f"key {key!r} appears twice (line {key_node.start_mark.line + 1})"
            )
        keys.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)
