"""Trafficking screening: the UN definition and the statutory response, as one pure function.

``assess(screening_input=...)`` takes what a practitioner recorded and returns the person's
status, whether the definition is met, the elements and risk groups found, the actions that must
follow (DOMAIN.md section 4) and a plain-English explanation. It reads no database and no clock:
everything, including the assessment time, comes in through ``ScreeningInput``.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from haven.core.working_days import (
    LONDON,
    add_working_days,
    end_of_same_working_day,
    london_date,
)
from haven.screening.vocabulary import (
    CODE_KINDS,
    DueRule,
    Vocabulary,
    VocabularyError,
    load_vocabulary,
)

AbductionRisk = Literal["low", "medium", "high"]
ABDUCTION_RISKS: tuple[AbductionRisk, ...] = ("low", "medium", "high")
# Ages above this are data-entry errors, not people.
MAX_AGE_YEARS = 130
ADULT_AGE = 18

CHILD_STATUSES = frozenset({"child", "presumed_child"})
CSE_RISK = "risk.sexually_exploited"
MISSING_RISK = "risk.missing_from_home_or_care"
GANG_RISK = "risk.gang_or_drug_activity"
UASC_RISK = "risk.unaccompanied_asylum_seeker"
# Due times of these actions hang on the recorded return from a missing episode.
_ANCHORED_ON_RETURN = frozenset({"return_home_interview"})

_NATIONALITY = re.compile(r"[A-Z]{2}")


class ScreeningInputError(ValueError):
    """The input cannot be screened. ``errors`` maps each bad field (dotted for circumstances,
    e.g. ``circumstances.home_area``) to messages that name the bad value."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors: dict[str, list[str]] = {
            name: list(messages) for name, messages in errors.items()
        }
        super().__init__(
            "; ".join(
                f"{name}: {message}"
                for name, messages in self.errors.items()
                for message in messages
            )
        )


@dataclass(frozen=True, kw_only=True)
class Circumstances:
    """What is known about the situation, beyond the codes. Defaults mean "not recorded"."""

    returned_from_missing_at: datetime | None = None
    arrested_or_suspected_offence: bool = False
    parents_or_carers_complicit: bool = False
    reunification_planned: bool = False
    accommodated: bool = False
    abduction_risk: AbductionRisk | None = None
    criminal_network: bool = False
    # The child is placed in a safe house (a placement of that type is recorded).
    safe_house_placement: bool = False
    home_area: str | None = None
    areas_involved: tuple[str, ...] = ()
    consents_to_nrm: bool | None = None
    # The home authority's repeat-missing threshold is reached (haven.missing): a strategy
    # meeting is asked for.
    repeat_missing: bool = False
    # None: use the home area's configuration.
    ictg_available: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "areas_involved", tuple(self.areas_involved))

    def recorded_concerns(self) -> tuple[str, ...]:
        """The circumstances that bear on exploitation and are recorded, by field name.

        Where the person lives or was found (home_area, areas_involved), care arrangements
        (accommodated, reunification_planned) and service facts (consents_to_nrm,
        ictg_available) say nothing about exploitation, so they alone never lift a screening
        out of ``insufficient_information``.
        """
        recorded = {
            "returned_from_missing_at": self.returned_from_missing_at is not None,
            "arrested_or_suspected_offence": self.arrested_or_suspected_offence,
            "parents_or_carers_complicit": self.parents_or_carers_complicit,
            "abduction_risk": self.abduction_risk is not None,
            "criminal_network": self.criminal_network,
        }
        return tuple(name for name, is_recorded in recorded.items() if is_recorded)


@dataclass(frozen=True, kw_only=True)
class ScreeningInput:
    assessed_at: datetime
    age_years: int | None = None
    date_of_birth: date | None = None
    age_uncertain: bool = False
    # None: nobody has said; the presumption of childhood then applies to an unknown age.
    appears_under_18: bool | None = None
    # ISO 3166-1 alpha-2, e.g. "GB".
    nationality: str | None = None
    first_language_english: bool | None = None
    immediate_danger: bool = False
    codes: tuple[str, ...] = ()
    circumstances: Circumstances = field(default_factory=Circumstances)

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(self.codes))


@dataclass(frozen=True, kw_only=True)
class Elements:
    act: tuple[str, ...]
    means: tuple[str, ...]
    purpose: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RequiredAction:
    code: str
    lead: str
    # None when the action is due at an event rather than a time; the reason then says when.
    due_by: datetime | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "lead": self.lead,
            "due_by": self.due_by.isoformat() if self.due_by else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, kw_only=True)
class ScreeningResult:
    person_status: str
    outcome: str
    elements: Elements
    risk_groups: tuple[str, ...]
    exploitation_types: tuple[str, ...]
    county_lines: bool
    required_actions: tuple[RequiredAction, ...]
    explanation: tuple[str, ...]
    vocabulary_version: str
    # Plain-English label of every code in the result.
    labels: Mapping[str, str]

    @property
    def action_codes(self) -> tuple[str, ...]:
        return tuple(action.code for action in self.required_actions)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``POST /api/v1/screening/assess``."""
        data = {
            "person_status": self.person_status,
            "outcome": self.outcome,
            "elements": {
                "act": list(self.elements.act),
                "means": list(self.elements.means),
                "purpose": list(self.elements.purpose),
            },
            "risk_groups": list(self.risk_groups),
            "exploitation_types": list(self.exploitation_types),
            "county_lines": self.county_lines,
            "required_actions": [action.to_dict() for action in self.required_actions],
            "explanation": list(self.explanation),
            "vocabulary_version": self.vocabulary_version,
            "labels": dict(self.labels),
        }
        data["finding"] = finding(data)
        data["explanation_in_words"] = [in_words(line) for line in self.explanation]
        return data


def assess(*, screening_input: ScreeningInput) -> ScreeningResult:
    """Screen one person against the trafficking definition and list the required actions.

    Raises ``ScreeningInputError`` (listing every problem) if the input cannot be screened.
    """
    validate_screening_input(screening_input=screening_input)
    vocabulary = _vocabulary()
    facts = _Facts.build(screening_input, vocabulary)

    actions: list[RequiredAction] = []
    for definition in vocabulary.actions.values():
        because = _CONDITIONS[definition.code](facts)
        if because is None:
            continue
        due_rule = vocabulary.due_rule(
            action=definition.code, area=screening_input.circumstances.home_area
        )
        due_by, due_text = _due(due_rule, facts)
        actions.append(
            RequiredAction(
                code=definition.code,
                lead=definition.lead_for(adult=not facts.child),
                due_by=due_by,
                reason=f"{because} {definition.reason} {due_text}",
            )
        )

    result_codes = [
        facts.status,
        facts.outcome,
        *facts.elements.act,
        *facts.elements.means,
        *facts.elements.purpose,
        *facts.risk_groups,
        *facts.exploitation_types,
        *(action.code for action in actions),
        *(action.lead for action in actions),
    ]
    return ScreeningResult(
        person_status=facts.status,
        outcome=facts.outcome,
        elements=facts.elements,
        risk_groups=facts.risk_groups,
        exploitation_types=facts.exploitation_types,
        county_lines=facts.county_lines,
        required_actions=tuple(actions),
        explanation=tuple(_explain(facts)),
        vocabulary_version=vocabulary.version,
        labels={code: vocabulary.label(code) for code in result_codes},
    )


def validate_screening_input(*, screening_input: ScreeningInput) -> None:
    """Raise ``ScreeningInputError`` listing every field that cannot be screened."""
    vocabulary = _vocabulary()
    errors: dict[str, list[str]] = defaultdict(list)
    data = screening_input
    circumstances = data.circumstances

    assessed_on: date | None = None
    if _is_aware(data.assessed_at):
        assessed_on = london_date(at=data.assessed_at)
    else:
        errors["assessed_at"].append(
            f'"{_shown(data.assessed_at)}" has no time zone: give an offset, '
            'e.g. "2026-11-24T10:00:00+00:00".'
        )

    if data.age_years is not None and (
        isinstance(data.age_years, bool)
        or not isinstance(data.age_years, int)
        or not 0 <= data.age_years <= MAX_AGE_YEARS
    ):
        errors["age_years"].append(
            f"{_shown(data.age_years)} is not a valid age: give whole years from 0 to "
            f"{MAX_AGE_YEARS}, or leave it out if the age is not known."
        )

    if data.date_of_birth is not None and assessed_on is not None:
        if data.date_of_birth > assessed_on:
            errors["date_of_birth"].append(
                f"{data.date_of_birth.isoformat()} is after the assessment date "
                f"{assessed_on.isoformat()}."
            )
        elif _age_on(data.date_of_birth, assessed_on) > MAX_AGE_YEARS:
            errors["date_of_birth"].append(
                f"{data.date_of_birth.isoformat()} gives an age over {MAX_AGE_YEARS}."
            )

    if data.nationality is not None:
        if data.nationality == "UK":
            errors["nationality"].append('"UK" is not a country code: use "GB" for British.')
        elif not isinstance(data.nationality, str) or not _NATIONALITY.fullmatch(data.nationality):
            errors["nationality"].append(
                f'"{_shown(data.nationality)}" is not an ISO 3166-1 alpha-2 country code '
                '(two capital letters, e.g. "GB", "VN", "AL").'
            )

    for code in dict.fromkeys(data.codes):
        if code not in vocabulary.codes:
            errors["codes"].append(_unknown_code_message(code, vocabulary))

    returned_at = circumstances.returned_from_missing_at
    if returned_at is not None:
        if not _is_aware(returned_at):
            errors["circumstances.returned_from_missing_at"].append(
                f'"{_shown(returned_at)}" has no time zone: give an offset, '
                'e.g. "2026-11-23T22:15:00+00:00".'
            )
        elif assessed_on is not None and returned_at > data.assessed_at:
            errors["circumstances.returned_from_missing_at"].append(
                f"{returned_at.isoformat()} is after the assessment time "
                f"{data.assessed_at.isoformat()}: record a return only once it has happened."
            )

    if circumstances.abduction_risk is not None and circumstances.abduction_risk not in (
        ABDUCTION_RISKS
    ):
        errors["circumstances.abduction_risk"].append(
            f'"{_shown(circumstances.abduction_risk)}" is not a valid abduction risk. '
            f"Valid: {', '.join(ABDUCTION_RISKS)}."
        )

    valid_areas = ", ".join(vocabulary.areas)
    if circumstances.home_area is not None and circumstances.home_area not in vocabulary.areas:
        errors["circumstances.home_area"].append(
            f'"{_shown(circumstances.home_area)}" is not a known area. Valid: {valid_areas}.'
        )
    for area in dict.fromkeys(circumstances.areas_involved):
        if area not in vocabulary.areas:
            errors["circumstances.areas_involved"].append(
                f'"{_shown(area)}" is not a known area. Valid: {valid_areas}.'
            )

    if errors:
        raise ScreeningInputError(errors)


# ---------------------------------------------------------------------------------------------
# Facts: everything the rules look at, derived once.


@dataclass(frozen=True, kw_only=True)
class _Facts:
    data: ScreeningInput
    vocabulary: Vocabulary
    status: str
    status_sentence: str
    child: bool
    recorded: frozenset[str]
    # Element or risk code -> the recorded indicators that imply it.
    implied_by: Mapping[str, tuple[str, ...]]
    # Recorded and implied codes together.
    present: frozenset[str]
    elements: Elements
    risk_groups: tuple[str, ...]
    outcome: str
    exploitation_types: tuple[str, ...]
    county_lines: bool
    cse: bool
    missing: bool
    ictg_covered: bool
    other_areas: tuple[str, ...]

    @classmethod
    def build(cls, data: ScreeningInput, vocabulary: Vocabulary) -> _Facts:
        status, status_sentence = _person_status(data)
        child = status in CHILD_STATUSES
        recorded = frozenset(data.codes)
        implied: dict[str, list[str]] = defaultdict(list)
        for code in sorted(recorded):
            for implied_code in vocabulary.codes[code].implies:
                implied[implied_code].append(code)
        present = recorded.union(implied)

        def of_kind(kind: str) -> tuple[str, ...]:
            return tuple(sorted(code for code in present if vocabulary.codes[code].kind == kind))

        elements = Elements(act=of_kind("act"), means=of_kind("means"), purpose=of_kind("purpose"))
        risk_groups = of_kind("risk")
        concerns = (
            ("immediate_danger",) if data.immediate_danger else ()
        ) + data.circumstances.recorded_concerns()

        definition_met = bool(elements.act and elements.purpose) and (child or bool(elements.means))
        if definition_met:
            outcome = "potential_victim"
        elif recorded or concerns:
            outcome = "trafficking_not_indicated"
        else:
            outcome = "insufficient_information"

        county_rule = vocabulary.county_lines
        circumstances = data.circumstances
        return cls(
            data=data,
            vocabulary=vocabulary,
            status=status,
            status_sentence=status_sentence,
            child=child,
            recorded=recorded,
            implied_by={code: tuple(sources) for code, sources in implied.items()},
            present=present,
            elements=elements,
            risk_groups=risk_groups,
            outcome=outcome,
            exploitation_types=tuple(
                sorted({vocabulary.purpose_exploitation_types[p] for p in elements.purpose})
            ),
            county_lines=county_rule.purpose in present
            and any(code in present for code in county_rule.any_of),
            cse=CSE_RISK in risk_groups,
            missing=MISSING_RISK in risk_groups
            or circumstances.returned_from_missing_at is not None,
            ictg_covered=_ictg_covered(circumstances, vocabulary),
            other_areas=_other_areas(circumstances),
        )

    @property
    def potential_victim(self) -> bool:
        return self.outcome == "potential_victim"

    @property
    def child_phrase(self) -> str:
        return "a child" if self.status == "child" else "a presumed child (age uncertain)"

    def source(self, code: str) -> str:
        """How a code came to be present: recorded, implied, or both."""
        sources = self.implied_by.get(code, ())
        implied = f"implied by {', '.join(sources)}" if sources else ""
        if code in self.recorded:
            return f"recorded, and {implied}" if implied else "recorded"
        return implied


def person_status(*, screening_input: ScreeningInput) -> str:
    """``child``, ``presumed_child`` or ``adult``: the status ``assess`` would give. Routing a
    concern (front door or adult routes) uses this, so a page can never say "Person: Child"
    while the concern follows adult routes."""
    return _person_status(screening_input)[0]


def _person_status(data: ScreeningInput) -> tuple[str, str]:
    """``child``, ``presumed_child`` or ``adult``, with the sentence explaining why.

    A recorded age is believed unless it is disputed: marked uncertain, contradicted by the
    other recorded age (date of birth against age in years), or an adult age given for someone
    who appears to be under 18. Without a believable age, the person is presumed a child
    (Modern Slavery Act 2015 s51) if they may be under 18: a recorded age under 18, or nobody
    saying they appear to be an adult. A child who looks older is still a child: appearance
    never overrides an undisputed age under 18.
    """
    assessed_on = london_date(at=data.assessed_at)
    ages: list[int] = []
    described: list[str] = []
    if data.date_of_birth is not None:
        ages.append(_age_on(data.date_of_birth, assessed_on))
        described.append(
            f"aged {ages[-1]} on {_day(assessed_on)} from the date of birth "
            f"{data.date_of_birth.isoformat()}"
        )
    if data.age_years is not None:
        ages.append(data.age_years)
        described.append(f"recorded age {data.age_years}")
    age_text = " and ".join(described)
    under_18 = any(age < ADULT_AGE for age in ages)
    adult_age = any(age >= ADULT_AGE for age in ages)

    if data.age_uncertain:
        doubt = f"The age is recorded as uncertain ({age_text})" if ages else "The age is unknown"
    elif under_18 and adult_age:
        doubt = f"The ages recorded disagree about whether the person is under 18 ({age_text})"
    elif adult_age and data.appears_under_18 is True:
        # The doubt itself says why they may be under 18.
        return "presumed_child", _presumed_child_sentence(
            f"The person appears to be under 18 although the age recorded is adult ({age_text})"
        )
    elif ages:
        if under_18:
            return "child", f"Person status: child, {age_text}."
        return (
            "adult",
            f"Person status: adult, {age_text}. For an adult the definition needs an act, "
            "a means and a purpose.",
        )
    else:
        doubt = "The age is unknown"

    if under_18:
        return "presumed_child", _presumed_child_sentence(f"{doubt}; a recorded age is under 18")
    if data.appears_under_18:
        return "presumed_child", _presumed_child_sentence(f"{doubt}; they appear to be under 18")
    if data.appears_under_18 is None:
        return "presumed_child", _presumed_child_sentence(
            f"{doubt}, and nobody has said they appear to be an adult"
        )
    return (
        "adult",
        f"Person status: adult. {doubt}, but the practitioner records that the person appears to "
        "be an adult, so the presumption of childhood does not apply; if there is any doubt, "
        "leave appears_under_18 unanswered. For an adult the definition needs an act, a means "
        "and a purpose.",
    )


def _presumed_child_sentence(doubt: str) -> str:
    return (
        f"Person status: presumed child. {doubt}. The person may be under 18, so they are "
        "treated as a child until an age assessment says otherwise (Modern Slavery Act 2015 s51)."
    )


def _ictg_covered(circumstances: Circumstances, vocabulary: Vocabulary) -> bool:
    if circumstances.ictg_available is not None:
        return circumstances.ictg_available
    if circumstances.home_area is None:
        return False
    return vocabulary.areas[circumstances.home_area].ictg_service


def _other_areas(circumstances: Circumstances) -> tuple[str, ...]:
    """Areas involved other than the home area. With no home area recorded this is only
    certain when two or more areas are involved: at most one of them can be home."""
    involved = tuple(dict.fromkeys(circumstances.areas_involved))
    if circumstances.home_area is not None:
        return tuple(area for area in involved if area != circumstances.home_area)
    return involved if len(involved) > 1 else ()


# ---------------------------------------------------------------------------------------------
# Required actions (DOMAIN.md section 4). Each condition returns the sentence saying why the
# action is required here, or None when it is not required.

_Condition = Callable[[_Facts], str | None]
_CONDITIONS: dict[str, _Condition] = {}


def _condition(code: str) -> Callable[[_Condition], _Condition]:
    def register(function: _Condition) -> _Condition:
        _CONDITIONS[code] = function
        return function

    return register


@_condition("call_999")
def _call_999(facts: _Facts) -> str | None:
    return "Immediate danger is recorded." if facts.data.immediate_danger else None


@_condition("report_police_101")
def _report_police_101(facts: _Facts) -> str | None:
    if facts.child or facts.data.immediate_danger:
        return None
    return "The person is an adult and no immediate danger is recorded."


@_condition("adult_social_care_referral")
def _adult_social_care_referral(facts: _Facts) -> str | None:
    return None if facts.child else "The person is an adult."


@_condition("nrm_referral")
def _nrm_referral(facts: _Facts) -> str | None:
    if not facts.potential_victim:
        return None
    if facts.child:
        return f"The person is {facts.child_phrase} and a potential victim."
    if facts.data.circumstances.consents_to_nrm is True:
        return "The person is an adult potential victim who consents to an NRM referral."
    return None


@_condition("duty_to_notify")
def _duty_to_notify(facts: _Facts) -> str | None:
    if facts.child or not facts.potential_victim:
        return None
    consent = facts.data.circumstances.consents_to_nrm
    if consent is True:
        return None
    if consent is False:
        return "The person is an adult potential victim who does not consent to an NRM referral."
    return (
        "The person is an adult potential victim and their consent to an NRM referral is not "
        "known: ask them, and refer to the NRM instead if they consent."
    )


@_condition("refer_childrens_social_care")
def _refer_childrens_social_care(facts: _Facts) -> str | None:
    return f"The person is {facts.child_phrase}." if facts.child else None


@_condition("report_to_police")
def _report_to_police(facts: _Facts) -> str | None:
    return _child_potential_victim(facts)


@_condition("strategy_meeting")
def _strategy_meeting(facts: _Facts) -> str | None:
    if facts.child and facts.data.circumstances.repeat_missing and not facts.potential_victim:
        return (
            f"The person is {facts.child_phrase} who goes missing repeatedly (the home "
            "authority's repeat-missing threshold is reached)."
        )
    return _child_potential_victim(facts)


@_condition("interpreter")
def _interpreter(facts: _Facts) -> str | None:
    reasons = []
    if facts.data.nationality is not None and facts.data.nationality != "GB":
        reasons.append(f"nationality is {facts.data.nationality}, not GB")
    if facts.data.first_language_english is False:
        reasons.append("first language is not English")
    return f"The person's {' and '.join(reasons)}." if reasons else None


@_condition("consider_trafficking")
def _consider_trafficking(facts: _Facts) -> str | None:
    """DOMAIN §3 and §4 (revised): every child who is not a potential victim but has any
    exploitation purpose or is in any risk group (strategy sections 1 and 4)."""
    if not facts.child or facts.potential_victim or not _consider_grounds(facts):
        return None
    missing = " and no ".join(_missing_elements(facts))
    return (
        f"The person is {facts.child_phrase} with {'; '.join(_consider_grounds(facts))}, and the "
        f"definition is not yet met on what is recorded (no {missing})."
    )


def _consider_grounds(facts: _Facts) -> list[str]:
    """What makes trafficking a question to consider: purposes, risk groups, a missing return."""
    label = facts.vocabulary.label
    grounds = [f"{label(code).lower()} indicated" for code in facts.elements.purpose]
    grounds += [f"risk group: {label(code).lower()}" for code in facts.risk_groups]
    if facts.missing and MISSING_RISK not in facts.risk_groups:
        grounds.append("a return from a missing episode recorded")
    return grounds


def _missing_elements(facts: _Facts) -> list[str]:
    needed = ("act", "purpose") if facts.child else ("act", "means", "purpose")
    return [name for name in needed if not getattr(facts.elements, name)]


@_condition("return_home_interview")
def _return_home_interview(facts: _Facts) -> str | None:
    returned_at = facts.data.circumstances.returned_from_missing_at
    if not facts.child or returned_at is None:
        return None
    return f"The person is {facts.child_phrase} who returned from missing at {_when(returned_at)}."


@_condition("assess_household_children")
def _assess_household_children(facts: _Facts) -> str | None:
    if not facts.child or not facts.data.circumstances.parents_or_carers_complicit:
        return None
    return f"The person is {facts.child_phrase} whose parents or carers are complicit."


@_condition("family_role_established")
def _family_role_established(facts: _Facts) -> str | None:
    circumstances = facts.data.circumstances
    reasons = []
    if circumstances.reunification_planned:
        reasons.append("reunification with the family is planned")
    if circumstances.parents_or_carers_complicit:
        reasons.append("parents or carers are complicit")
    if not reasons or _child_potential_victim(facts) is None:
        return None
    return f"The person is {facts.child_phrase}, a potential victim, and {' and '.join(reasons)}."


@_condition("placement_safety_plan")
def _placement_safety_plan(facts: _Facts) -> str | None:
    if not facts.data.circumstances.accommodated or _child_potential_victim(facts) is None:
        return None
    return f"The person is {facts.child_phrase}, a potential victim, and accommodated."


@_condition("safe_house_escalation")
def _safe_house_escalation(facts: _Facts) -> str | None:
    circumstances = facts.data.circumstances
    if circumstances.safe_house_placement and facts.child:
        # Placing a child in a safe house is itself the judgement that traffickers may try to
        # take them back: the senior officers are told whatever the screening outcome.
        return f"The person is {facts.child_phrase} placed in a safe house."
    reasons = []
    if circumstances.abduction_risk == "high":
        reasons.append("the risk of abduction is high")
    if circumstances.criminal_network:
        reasons.append("a criminal network or gang is involved")
    if not reasons or _child_potential_victim(facts) is None:
        return None
    return f"The person is {facts.child_phrase}, a potential victim, and {' and '.join(reasons)}."


@_condition("notify_cross_border")
def _notify_cross_border(facts: _Facts) -> str | None:
    if not facts.other_areas:
        return None
    home_area = facts.data.circumstances.home_area
    others = ", ".join(facts.other_areas)
    if home_area is None:
        return f"Several areas are involved ({others}) and the home area is not recorded."
    return f"Areas other than the home area ({home_area}) are involved: {others}."


@_condition("non_criminalisation_review")
def _non_criminalisation_review(facts: _Facts) -> str | None:
    if not facts.child or not facts.data.circumstances.arrested_or_suspected_offence:
        return None
    if not (facts.elements.purpose or facts.potential_victim):
        return None
    return (
        f"The person is {facts.child_phrase}, arrested or suspected of an offence, and "
        "exploitation is indicated."
    )


@_condition("ictg_referral")
def _ictg_referral(facts: _Facts) -> str | None:
    if not facts.ictg_covered or _child_potential_victim(facts) is None:
        return None
    source = (
        "a guardian is recorded as available"
        if facts.data.circumstances.ictg_available
        else "the ICTG service covers the home area"
    )
    return f"The person is {facts.child_phrase}, a potential victim, and {source}."


def _child_potential_victim(facts: _Facts) -> str | None:
    if facts.child and facts.potential_victim:
        return f"The person is {facts.child_phrase} and a potential victim."
    return None


def _case_kinds(facts: _Facts) -> str:
    kinds = [kind for kind, present in (("CSE", facts.cse), ("missing", facts.missing)) if present]
    return f"a {' and '.join(kinds)} case"


def _due(rule: DueRule, facts: _Facts) -> tuple[datetime | None, str]:
    assessed_at = facts.data.assessed_at
    if rule.rule == "immediately":
        return assessed_at.astimezone(LONDON), "Due immediately."
    if rule.rule == "working_days":
        due_by = add_working_days(start=assessed_at, days=rule.days)
        plural = "s" if rule.days != 1 else ""
        return due_by, f"Due within {rule.days} working day{plural}: by {_when(due_by)}."
    if rule.rule == "same_working_day":
        due_by = end_of_same_working_day(at=assessed_at)
        return due_by, f"Due the same working day: by {_when(due_by)}."
    if rule.rule == "hours_after_return":
        returned_at = facts.data.circumstances.returned_from_missing_at
        if returned_at is None:
            raise VocabularyError("an hours_after_return rule needs a recorded return")
        due_by = (returned_at + timedelta(hours=rule.hours)).astimezone(LONDON)
        text = f"Due within {rule.hours} hours of the return: by {_when(due_by)}."
        if due_by < assessed_at:
            text += " That time has already passed: arrange it now."
        return due_by, text
    return None, f"Due {rule.event}."


# ---------------------------------------------------------------------------------------------
# Explanation

_ASK = {
    (True, "act"): (
        "ask how the child came to be there (who recruited, moved, transferred, housed or "
        "received them)"
    ),
    (True, "purpose"): (
        "ask what the child was expected to do there (sex, work, crime, household work, or "
        "anything else done for someone else's gain)"
    ),
    (False, "act"): (
        "ask how the person came to be there (who recruited, moved, transferred, housed or "
        "received them)"
    ),
    (False, "means"): (
        "ask how the person was made to go along with it (threats, force, coercion or debt, "
        "abduction, fraud or deception, documents held or other abuse of their vulnerability, "
        "or payments to someone controlling them)"
    ),
    (False, "purpose"): "ask what the person was expected to do there",
}


# The question a practitioner asks next, for each missing element (child or adult).
_QUESTIONS = {
    (True, "act"): (
        "How did the child come to be there? Ask who recruited, moved, transferred, housed or "
        "received them."
    ),
    (True, "purpose"): (
        "What was the child expected to do there? Ask about sex, work, crime, household work, "
        "or anything else done for someone else's gain."
    ),
    (False, "act"): (
        "How did the person come to be there? Ask who recruited, moved, transferred, housed or "
        "received them."
    ),
    (False, "means"): (
        "How was the person made to go along with it? Ask about threats, force, coercion or "
        "debt, abduction, fraud or deception, documents held, or payments to someone "
        "controlling them."
    ),
    (False, "purpose"): "What was the person expected to do there?",
}


def finding(result: Mapping[str, Any]) -> dict[str, Any]:
    """What a page says about a screening result, in plain words (DOMAIN §4).

    Works on the JSON of a result (``ScreeningResult.to_dict``), so results stored before a
    wording change read the same way. ``trafficking_not_indicated`` is never shown as
    reassurance: the page says the definition is not yet met on what is recorded, which
    element is missing and what to ask, and, for a child with any purpose or risk group, that
    trafficking must be considered.
    """
    outcome = result["outcome"]
    child = result["person_status"] in CHILD_STATUSES
    elements = result["elements"]
    needed = ("act", "purpose") if child else ("act", "means", "purpose")
    missing = [name for name in needed if not elements.get(name)]
    actions = {action["code"] for action in result.get("required_actions", ())}
    consider = (
        child
        and outcome != "potential_victim"
        and bool(
            "consider_trafficking" in actions or elements.get("purpose") or result["risk_groups"]
        )
    )
    if outcome == "potential_victim":
        tag, headline = (
            "Potential victim of trafficking",
            "The definition of trafficking is met on what is recorded.",
        )
        missing = []
    elif outcome == "insufficient_information":
        tag, headline = (
            "Not enough recorded",
            "Not enough is recorded to screen: record what was seen or heard.",
        )
    else:
        tag = "Consider trafficking" if consider else "Definition not yet met"
        headline = (
            f"The definition is not yet met on what is recorded: no {' and no '.join(missing)}."
        )
        if consider:
            headline += " Trafficking must be considered."
    return {
        "tag": tag,
        "headline": headline,
        "missing_elements": missing,
        "questions": [_QUESTIONS[(child, name)] for name in missing],
        "consider_trafficking": consider,
    }


# Codes and input names the API's explanation uses, in the words a page uses instead.
_CODE_IN_TEXT = re.compile(r"\b(?:ind|act|means|purpose|risk)\.[a-z0-9_]+\b")
_INPUT_NAMES = {
    "record criminal_network": "record that a criminal network or gang is involved",
    "set ictg_available": "record that a guardian is available",
    "leave appears_under_18 unanswered": "do not record that they appear to be an adult",
}


def in_words(text: str) -> str:
    """An explanation line without internal codes, for pages (practitioner trial, point 4):
    each code becomes its label, and an action code in brackets goes."""
    vocabulary = _vocabulary()
    actions = "|".join(re.escape(code) for code in vocabulary.actions)
    text = re.sub(rf"\s*\((?:{actions})\)", "", text)
    for name, words in _INPUT_NAMES.items():
        text = text.replace(name, words)

    def label(match: re.Match) -> str:
        code = match.group()
        if code not in vocabulary.codes:
            return code
        words = vocabulary.label(code)
        return words[0].lower() + words[1:]

    text = _CODE_IN_TEXT.sub(label, text)
    return text[0].upper() + text[1:] if text else text


def _explain(facts: _Facts) -> list[str]:
    vocabulary = facts.vocabulary
    data = facts.data
    sentences = [facts.status_sentence]

    direct = sorted(code for code in facts.recorded if vocabulary.codes[code].kind != "ind")
    if direct:
        sentences.append(
            "Recorded directly: "
            + ", ".join(f"{code} ({vocabulary.codes[code].label})" for code in direct)
            + "."
        )
    for code in sorted(code for code in facts.recorded if vocabulary.codes[code].kind == "ind"):
        entry = vocabulary.codes[code]
        if entry.implies:
            sentences.append(f"{code} ({entry.seen}) implies {', '.join(entry.implies)}.")
        else:
            sentences.append(
                f"{code} ({entry.seen}) implies no element or risk group, but supports the concern."
            )

    elements = facts.elements
    sentences.append(
        f"Act: {_codes_or_none(elements.act)}. Means: {_codes_or_none(elements.means)}. "
        f"Purpose: {_codes_or_none(elements.purpose)}."
    )
    if facts.risk_groups:
        sentences.append(
            "Risk groups: "
            + "; ".join(f"{code} ({facts.source(code)})" for code in facts.risk_groups)
            + "."
        )

    needed = ("act", "purpose") if facts.child else ("act", "means", "purpose")
    if facts.child:
        sentences.append(
            "Rule for a child (including a presumed child): a potential victim needs at least one "
            "act and at least one purpose. Means are not needed, because a child cannot consent "
            "to their own exploitation."
        )
    else:
        sentences.append(
            "Rule for an adult: a potential victim needs an act, a means and a purpose."
        )

    if facts.potential_victim:
        found = ", ".join(f"{name} ({', '.join(getattr(elements, name))})" for name in needed)
        sentences.append(f"Definition met: {found}. Potential victim of trafficking.")
    else:
        sentences.extend(_not_met(facts, needed))

    if facts.cse or facts.missing:
        sentences.append(_cse_missing_sentence(facts))
    sentences.extend(_exploitation_sentences(facts))
    sentences.extend(_notes(facts))
    if data.nationality is not None:
        sentences.append(
            "Nationality is used only to decide whether an interpreter is needed: nationality "
            "and immigration status never decide whether someone is a victim."
        )
    return sentences


def _not_met(facts: _Facts, needed: tuple[str, ...]) -> list[str]:
    sentences = []
    if facts.outcome == "insufficient_information":
        sentences.append(
            "Insufficient information: no code is recorded, and no circumstance that bears on "
            "exploitation (immediate danger, a return from missing, an arrest or suspected "
            "offence, complicit parents or carers, an abduction risk or a criminal network), so "
            "the definition cannot be tested. Record what was seen using the indicator codes."
        )
    else:
        missing = " and no ".join(_missing_elements(facts))
        sentence = f"The definition is not yet met on what is recorded: no {missing}."
        if facts.child and _consider_grounds(facts):
            sentence += " Trafficking must be considered."
        sentences.append(sentence)
    present = [name for name in needed if getattr(facts.elements, name)]
    for missing in _missing_elements(facts):
        prefix = (
            f"{' and '.join(present).capitalize()} recorded but no {missing}"
            if present
            else f"No {missing} recorded"
        )
        sentences.append(f"{prefix}: {_ASK[(facts.child, missing)]}.")
    if facts.child and facts.elements.means:
        sentences.append(
            f"The means recorded ({', '.join(facts.elements.means)}) strengthen the concern but "
            "do not count towards a child's definition."
        )
    return sentences


def _cse_missing_sentence(facts: _Facts) -> str:
    sources = []
    if facts.cse:
        sources.append(f"{CSE_RISK} {facts.source(CSE_RISK)}")
    if MISSING_RISK in facts.risk_groups:
        sources.append(f"{MISSING_RISK} {facts.source(MISSING_RISK)}")
    if facts.data.circumstances.returned_from_missing_at is not None:
        sources.append("a return from a missing episode is recorded")
    sentence = (
        f"This is {_case_kinds(facts)} ({'; '.join(sources)}): trafficking must be considered in "
        "every CSE and every missing case."
    )
    if facts.potential_victim:
        return sentence + " Here the definition is met."
    if facts.child:
        return sentence + (
            " The definition is not met on what is recorded, so trafficking must still be "
            "considered and the reasoning recorded (consider_trafficking)."
        )
    return sentence


def _exploitation_sentences(facts: _Facts) -> list[str]:
    if not facts.exploitation_types:
        return []
    sentences = [f"Exploitation types: {', '.join(facts.exploitation_types)}."]
    if facts.county_lines:
        triggers = [code for code in facts.vocabulary.county_lines.any_of if code in facts.present]
        sentences.append(
            "County lines flagged: criminal exploitation together with "
            f"{', '.join(triggers)}; consider county lines."
        )
    return sentences


def _notes(facts: _Facts) -> list[str]:
    data = facts.data
    circumstances = data.circumstances
    notes = []
    if UASC_RISK in facts.risk_groups and not facts.potential_victim:
        notes.append(
            "Arriving unaccompanied or being smuggled is not trafficking in itself, but smuggled "
            "children are vulnerable and must be screened the same way: keep asking."
        )
    if (
        _child_potential_victim(facts)
        and GANG_RISK in facts.risk_groups
        and not circumstances.criminal_network
        and circumstances.abduction_risk != "high"
    ):
        notes.append(
            f"{GANG_RISK} is recorded: if the trafficking is part of a criminal network or gang, "
            "record criminal_network so that a safe house is considered (safe_house_escalation)."
        )
    if _child_potential_victim(facts) and data.nationality == "GB":
        notes.append(
            "Movement within the UK, even within one town, counts: internal trafficking of UK "
            "children is trafficking."
        )
    if circumstances.home_area is None and len(set(circumstances.areas_involved)) == 1:
        notes.append(
            "One area is involved but the home area is not recorded: record it so that the need "
            "to notify another area (notify_cross_border) can be judged."
        )
    if _child_potential_victim(facts) and not facts.ictg_covered:
        where = (
            facts.vocabulary.areas[circumstances.home_area].label
            if circumstances.home_area
            else "an unrecorded home area"
        )
        notes.append(
            f"The Independent Child Trafficking Guardian service is not recorded as covering "
            f"{where}, so no ICTG referral is listed; set ictg_available if a guardian is "
            "available."
        )
    if facts.child and facts.potential_victim and circumstances.consents_to_nrm is False:
        notes.append(
            "A child's NRM referral needs no consent, so it is required although consent is "
            "recorded as refused."
        )
    return notes


# ---------------------------------------------------------------------------------------------
# Helpers


@functools.cache
def _vocabulary() -> Vocabulary:
    """The vocabulary, checked once against what this engine implements."""
    vocabulary = load_vocabulary()
    if set(vocabulary.actions) != set(_CONDITIONS):
        raise VocabularyError(
            "vocabulary actions and engine conditions differ: "
            f"{sorted(set(vocabulary.actions) ^ set(_CONDITIONS))}"
        )
    for code in (CSE_RISK, MISSING_RISK, GANG_RISK, UASC_RISK):
        if code not in vocabulary.codes:
            raise VocabularyError(f"the engine needs {code}, which the vocabulary lacks")
    for definition in vocabulary.actions.values():
        if definition.due.rule == "hours_after_return" and definition.code not in (
            _ANCHORED_ON_RETURN
        ):
            raise VocabularyError(
                f"actions.{definition.code}: hours_after_return is only for actions that need "
                "a return from missing"
            )
    return vocabulary


def _age_on(date_of_birth: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _when(at: datetime) -> str:
    local = at.astimezone(LONDON)
    return f"{local:%H:%M} on {local:%A} {_day(local.date())}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _codes_or_none(codes: Iterable[str]) -> str:
    return ", ".join(codes) or "none"


def _shown(value: object) -> str:
    # Echo bad input back so the user can find it, but never a wall of it.
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_code_message(code: str, vocabulary: Vocabulary) -> str:
    kind = code.split(".", 1)[0] if isinstance(code, str) else ""
    if kind in CODE_KINDS:
        valid = vocabulary.codes_of_kind(kind)
        return f'Unknown code "{_shown(code)}". Valid {kind} codes: {", ".join(valid)}.'
    return (
        f'Unknown code "{_shown(code)}". Codes start with {", ".join(k + "." for k in CODE_KINDS)} '
        f"Valid codes: {', '.join(vocabulary.codes)}."
    )
