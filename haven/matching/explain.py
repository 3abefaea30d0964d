"""Human explanations of why two records were or were not judged the same person.

Each comparison that could be made contributes :class:`Evidence`: its level, its weight in
bits (log2 of the likelihood ratio; positive supports a match, +1 doubles the odds) and a
sentence a practitioner can check against the records.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from haven.matching.compare import PairComparison, PairScorer
from haven.matching.encode import EncodedRecords, alias_parts
from haven.matching.model import (
    COMPARISONS,
    FAMILY_NAME,
    GIVEN_NAME,
    NULL_LEVEL,
    probability_from_weight,
)
from haven.matching.normalise import (
    normalise_nationalities,
    normalise_phone,
    normalise_postcode,
    postcode_district,
)
from haven.matching.records import (
    PERSONAL_IDENTIFIER_KINDS,
    Alias,
    DobPrecision,
    Identifier,
    IdentifierKind,
    PersonRecord,
    UncertainDate,
)


@dataclass(frozen=True)
class Evidence:
    comparison: str
    level: str
    weight: float
    explanation: str
    # The same in a reviewer's words, quoting no value but the two records' own names: the
    # explanation may quote another name, a phone number or an identifier that someone
    # reviewing the pair may not see.
    words: str = ""


@dataclass(frozen=True)
class MatchResult:
    """A scored pair: ``record_id`` is the record looked up or the left of the pair."""

    record_id: str
    candidate_id: str
    probability: float
    match_weight: float
    evidence: tuple[Evidence, ...]

    def explanation(self) -> str:
        lines = [f"{self.probability:.1%} likely the same person ({self.match_weight:+.1f} bits)"]
        lines += [f"{item.weight:+5.1f}  {item.explanation}" for item in self.evidence]
        return "\n".join(lines)


_NAME_RELATIONS = {
    "exact": "same name",
    "variant": "name variant",
    "phonetic": "names sound alike",
    "shared_token": "a name in common",
    "similar_spelling": "very similar spelling",
    "loosely_similar": "similar spelling",
    "different": "different names",
}

_IDENTIFIER_LABELS = {
    IdentifierKind.NHS_NUMBER: "NHS number",
    IdentifierKind.HOME_OFFICE_REFERENCE: "Home Office reference",
    IdentifierKind.POLICE_REFERENCE: "police reference",
    IdentifierKind.UPN: "unique pupil number",
    IdentifierKind.UNTYPED: "identifier",
}


def _name_source(record: PersonRecord, alias_index: int) -> tuple[str, str, str]:
    """(given, family, how the name was recorded) of a record's primary name or alias."""
    if alias_index < 0:
        return record.given_name, record.family_name, ""
    alias = record.aliases[alias_index]
    given, family = alias_parts(alias)
    recorded_by = alias.recorded_by if isinstance(alias, Alias) else ""
    source = f"alias {_quoted_full_name(given, family)}"
    source += f" recorded by {recorded_by}" if recorded_by else ""
    return given, family, source


def _quoted_full_name(given: str, family: str) -> str:
    return "'" + " ".join(part for part in (given, family) if part) + "'"


def _compared_names(
    part: str, left: tuple[str, str, str], right: tuple[str, str, str], *, swapped: bool
) -> tuple[str, str]:
    """The left record's ``part`` ("given" or "family") and what it was compared with."""
    left_given, left_family, _ = left
    right_given, right_family, _ = right
    left_value = left_given if part == "given" else left_family
    if swapped:
        return left_value, right_family if part == "given" else right_given
    return left_value, right_given if part == "given" else right_family


def _name_evidence(
    part: str,
    level: str,
    left: tuple[str, str, str],
    right: tuple[str, str, str],
    *,
    swapped: bool,
    variant_is_nickname: bool,
) -> str:
    left_given, left_family, left_source = left
    right_given, right_family, right_source = right
    left_value, right_value = _compared_names(part, left, right, swapped=swapped)
    relation = _NAME_RELATIONS[level]
    if level == "variant" and variant_is_nickname:
        relation = "nickname"
    text = f"{part} name '{left_value}' and '{right_value}': {relation}"
    context = []
    if left_source or right_source:
        left_full = left_source or _quoted_full_name(left_given, left_family)
        right_full = right_source or _quoted_full_name(right_given, right_family)
        context.append(f"{left_full} matches {right_full}")
    if swapped:
        context.append("given and family names recorded the other way round")
    return text + (f" ({'; '.join(context)})" if context else "")


def _describe_birth_date(record: PersonRecord) -> str:
    birth = record.date_of_birth
    if birth is None or record.dob_precision == DobPrecision.UNKNOWN:
        return "unknown"
    if record.dob_precision == DobPrecision.ESTIMATED:
        return f"{birth.year} (estimated)"
    if isinstance(birth, UncertainDate):
        if birth.is_year_only:
            return f"{birth.year} (year only)"
        return f"{birth.isoformat()} (as written; not a real date)"
    if record.dob_assigned_by_age_assessment:
        return f"{birth.isoformat()} (assigned by age assessment)"
    if (birth.month, birth.day) == (1, 1):
        return f"{birth.isoformat()} (1 January, often an assigned date)"
    return birth.isoformat()


_BIRTH_DATE_RELATIONS = {
    "exact": "same date of birth",
    "same_year_imprecise": (
        "same birth year; only the year is compared because a date is assigned or estimated"
    ),
    "day_month_swapped": "day and month swapped",
    "one_digit_differs": "dates of birth differ by one mistyped digit or two swapped digits",
    "within_one_year_imprecise": (
        "birth years within one year of each other; a date is assigned or estimated"
    ),
    "same_year": "same birth year but different day and month",
    "different_imprecise": (
        "birth years two or more apart; a date is assigned or estimated, so this weighs less"
    ),
    "different": "different dates of birth",
}


def _birth_date_relation(level: str, left: PersonRecord, right: PersonRecord) -> str:
    if level != "one_part_differs":
        return _BIRTH_DATE_RELATIONS[level]
    left_date, right_date = left.date_of_birth, right.date_of_birth
    if left_date is not None and right_date is not None and left_date.year != right_date.year:
        return "date of birth within one year (same day and month)"
    if left_date is not None and right_date is not None and left_date.month != right_date.month:
        return "dates of birth differ only in the month"
    return "dates of birth differ only in the day"


def _identifiers(record: PersonRecord) -> list[Identifier]:
    parsed = [
        item if isinstance(item, Identifier) else Identifier.parse(item)
        for item in record.identifiers
    ]
    return [item for item in parsed if item is not None]


def _identifier_relation(level: str, left: PersonRecord, right: PersonRecord) -> str:
    left_items, right_items = _identifiers(left), _identifiers(right)
    for left_item in left_items:
        for right_item in right_items:
            personal = {left_item.kind, right_item.kind} & PERSONAL_IDENTIFIER_KINDS
            kind = left_item.kind if left_item.kind != IdentifierKind.UNTYPED else right_item.kind
            label = _IDENTIFIER_LABELS[kind]
            same = left_item.value == right_item.value
            if level == "personal_match" and same and personal:
                return f"same {label} {left_item.value}: decisive"
            if level == "other_match" and same and not personal:
                return f"same {label} {left_item.value}"
            if not same and left_item.kind == right_item.kind:
                if level == "personal_conflict" and personal:
                    return (
                        f"different {label}s ({left_item.value} and {right_item.value}): "
                        "strong evidence against"
                    )
                if level == "other_conflict":
                    return f"different {label}s ({left_item.value} and {right_item.value})"
    return level.replace("_", " ")


def _shared_phone(left: PersonRecord, right: PersonRecord) -> str:
    right_phones = {normalise_phone(phone) for phone in right.phones}
    return next((phone for phone in left.phones if normalise_phone(phone) in right_phones), "")


def _nationality_relation(level: str, left: PersonRecord, right: PersonRecord) -> str:
    left_codes = normalise_nationalities(left.nationality)
    right_codes = normalise_nationalities(right.nationality)
    if level == "shared":
        shared = sorted(set(left_codes) & set(right_codes))
        return f"nationality in common ({', '.join(shared)})"
    return f"no nationality in common ({', '.join(left_codes)} and {', '.join(right_codes)})"


def _contact_relation(level: str, left: PersonRecord, right: PersonRecord) -> str:
    postcode = normalise_postcode(left.postcode)
    phone = _shared_phone(left, right)
    return {
        "same_phone_and_address": f"same phone number {phone} and same address ({postcode})",
        "same_phone": f"same phone number {phone}",
        "same_address": f"same address ({postcode})",
        "same_postcode": f"same postcode ({postcode})",
        "similar_address": "same or very similar address",
        "partly_similar_address": "addresses partly alike, with no different house number",
        "same_district": (
            f"same postcode district ({postcode_district(postcode)}) or postcodes one "
            "character apart"
        ),
        "different": "no phone number or address in common",
    }[level]


def _gender_relation(level: str, left: PersonRecord, right: PersonRecord) -> str:
    if level == "same":
        return "same gender"
    return f"different gender recorded ({left.gender} and {right.gender})"


_NAME_WORDS = {
    "exact": "Same {part}",
    "variant": "{Part} sounds alike",
    "phonetic": "{Part} sounds similar",
    "shared_token": "{Part}s have a name in common",
    "similar_spelling": "{Part} spelt very similarly",
    "loosely_similar": "{Part} spelt a little alike",
    "different": "Different {part}s",
}
_NICKNAME_WORDS = "{Part}: one is a short form of the other"
# Said of both name parts when their agreeing together weighs less (compare.py,
# PairScorer.full_name_adjustment).
COMMON_FULL_NAME = "this given and family name often go together here, so count for less"

# What each level of the other comparisons found, in a reviewer's words.
_WORDS = {
    "date_of_birth": {
        "exact": "Same date of birth",
        "same_year_imprecise": (
            "Same year of birth (a date is estimated or was given by an age assessment, so "
            "only the year is compared)"
        ),
        "day_month_swapped": "Same date of birth with the day and month swapped",
        "one_part_differs": "Dates of birth differ only in the day, the month or the year",
        "one_digit_differs": (
            "Dates of birth differ by one digit, or by two digits typed the wrong way round"
        ),
        "within_one_year_imprecise": (
            "Years of birth one year apart (a date is estimated or was given by an age assessment)"
        ),
        "same_year": "Same year of birth, but a different day and month",
        "different_imprecise": (
            "Years of birth two or more years apart (a date is estimated or was given by an "
            "age assessment, so this counts for less)"
        ),
        "different": "Different dates of birth",
    },
    "identifier": {
        "personal_match": "Same NHS number or Home Office reference: decisive",
        "personal_conflict": (
            "Different NHS numbers or Home Office references: strong evidence of two people"
        ),
        "other_match": "Same police reference or other identifier",
        "other_conflict": "Different unique pupil numbers",
    },
    "gender": {"same": "Same gender recorded", "different": "Different gender recorded"},
    "nationality": {"shared": "A nationality in common", "different": "No nationality in common"},
    "contact": {
        "same_phone_and_address": "Same phone number and address",
        "same_phone": "Same phone number",
        "same_address": "Same address",
        "same_postcode": "Same postcode",
        "similar_address": "Same or very similar address",
        "partly_similar_address": "Addresses partly alike, with no different house number",
        "same_district": "Same postcode district, or postcodes one character apart",
        "different": "No phone number or address in common",
    },
}


def evidence_in_words(
    comparison: str,
    level: str,
    *,
    names: tuple[str, str] | None = None,
    nickname: bool = False,
    other_name: bool = False,
    swapped: bool = False,
) -> str:
    """What one comparison found, for someone reviewing a possible duplicate: "Family name
    sounds alike (Aly / Ali)", "Same year of birth (...)". ``names`` are the two records' own
    names compared; ``other_name`` says another name recorded for the person matched instead."""
    if comparison not in ("given_name", "family_name"):
        return _WORDS[comparison][level]
    part = "given name" if comparison == "given_name" else "family name"
    template = _NICKNAME_WORDS if level == "variant" and nickname else _NAME_WORDS[level]
    details = []
    if names:
        details.append(names[0] if names[0] == names[1] else f"{names[0]} / {names[1]}")
    if other_name:
        details.append("in another name the person is known by")
    if swapped:
        details.append("given and family names recorded the other way round")
    words = template.format(part=part, Part=part.capitalize())
    return words + (f" ({'; '.join(details)})" if details else "")


def explain_pair(
    scorer: PairScorer,
    left: EncodedRecords,
    right: EncodedRecords,
    comparison: PairComparison,
    *,
    left_record: PersonRecord,
    right_record: PersonRecord,
    position: int = 0,
) -> MatchResult:
    """The explained result of pair ``position`` of ``comparison``."""
    (result,) = explain_pairs(
        scorer,
        left,
        right,
        comparison,
        positions=[position],
        left_records=[left_record],
        right_records=[right_record],
    )
    return result


def explain_pairs(
    scorer: PairScorer,
    left: EncodedRecords,
    right: EncodedRecords,
    comparison: PairComparison,
    *,
    positions: Sequence[int],
    left_records: Sequence[PersonRecord],
    right_records: Sequence[PersonRecord],
) -> list[MatchResult]:
    """The explained results of the pairs at ``positions`` of ``comparison`` (each pair's
    records given in the same order), their weights re-weighed together: weighing costs
    mostly per call, not per pair."""
    rows = np.asarray(positions, dtype=np.int64)
    chosen = PairComparison(
        levels=comparison.levels[rows],
        weights=comparison.weights[rows],
        name_entries=tuple(array[rows] for array in comparison.name_entries),
    )
    weights = scorer.comparison_weights(left, right, chosen)
    given_levels, family_levels = (
        chosen.levels[:, COMPARISONS.index(spec)] for spec in (GIVEN_NAME, FAMILY_NAME)
    )
    adjustment = scorer.full_name_adjustment(
        left, chosen.name_entries[0], right, chosen.name_entries[1], given_levels, family_levels
    )
    return [
        _explained(
            scorer,
            left,
            right,
            levels=chosen.levels[number],
            weights=weights[number],
            entries=tuple(int(array[number]) for array in chosen.name_entries),
            common_full_name=not chosen.name_entries[2][number] and bool(adjustment[number] < 0),
            left_record=left_record,
            right_record=right_record,
        )
        for number, (left_record, right_record) in enumerate(
            zip(left_records, right_records, strict=True)
        )
    ]


def _explained(
    scorer: PairScorer,
    left: EncodedRecords,
    right: EncodedRecords,
    *,
    levels: np.ndarray,
    weights: np.ndarray,
    entries: tuple[int, int, int],
    common_full_name: bool,
    left_record: PersonRecord,
    right_record: PersonRecord,
) -> MatchResult:
    left_entry, right_entry, swapped = entries
    left_name = _name_source(left_record, int(left.name_alias[left_entry]))
    right_name = _name_source(right_record, int(right.name_alias[right_entry]))
    evidence = []
    for index, spec in enumerate(COMPARISONS):
        level_index = int(levels[index])
        if level_index == NULL_LEVEL:
            continue
        level = spec.levels[level_index]
        words = evidence_in_words(spec.name, level)
        if spec.name in ("given_name", "family_name"):
            part = "given" if spec.name == "given_name" else "family"
            left_columns = left.given if part == "given" else left.family
            right_part = ("family" if part == "given" else "given") if swapped else part
            right_columns = right.given if right_part == "given" else right.family
            nickname = bool(
                left_columns.canonical[left_entry] != right_columns.canonical[right_entry]
            )
            text = _name_evidence(
                part,
                level,
                left_name,
                right_name,
                swapped=bool(swapped),
                variant_is_nickname=nickname,
            )
            # Only the records' own names are quoted: another name may be hidden from a
            # reviewer (it belongs to the case it was recorded in).
            other_name = bool(left_name[2] or right_name[2])
            words = evidence_in_words(
                spec.name,
                level,
                names=None
                if other_name
                else _compared_names(part, left_name, right_name, swapped=bool(swapped)),
                nickname=nickname,
                other_name=other_name,
                swapped=bool(swapped),
            )
            if common_full_name:
                text += f"; {COMMON_FULL_NAME}"
                words += f"; {COMMON_FULL_NAME}"
        elif spec.name == "date_of_birth":
            text = (
                f"date of birth {_describe_birth_date(left_record)} and "
                f"{_describe_birth_date(right_record)}: "
                f"{_birth_date_relation(level, left_record, right_record)}"
            )
        elif spec.name == "identifier":
            text = _identifier_relation(level, left_record, right_record)
        elif spec.name == "gender":
            text = _gender_relation(level, left_record, right_record)
        elif spec.name == "nationality":
            text = _nationality_relation(level, left_record, right_record)
        else:
            text = _contact_relation(level, left_record, right_record)
        evidence.append(
            Evidence(
                comparison=spec.name,
                level=level,
                weight=round(float(weights[index]), 2),
                explanation=text,
                words=words,
            )
        )
    match_weight = float(scorer.model.prior_weight + np.sum(weights))
    return MatchResult(
        record_id=left_record.record_id,
        candidate_id=right_record.record_id,
        probability=float(probability_from_weight(match_weight)),
        match_weight=round(match_weight, 2),
        evidence=tuple(evidence),
    )
