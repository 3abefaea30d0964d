"""k-anonymity for the anonymised dataset shared in the style of the Counter Trafficking Data
Collaborative's global dataset (DOMAIN section 9, decision 0018). Pure: plain records in, rows
and a report out.

The quasi-identifiers are the dataset's columns: age band, gender, citizenship, exploitation
types, means of control and year of registration. Every combination of them that is published
occurs at least k times (k = 11, as CTDC publishes; a smaller k is refused).

How (a "Datafly" search, deterministic):
1. Start with every column at its finest level.
2. While more rows sit in combinations seen fewer than k times than may be suppressed (5 % of
   the rows by default), widen one column by one level of its hierarchy: the column with the
   most distinct values, ties in the order of ``QUASI_IDENTIFIERS``.
3. Suppress (leave out) the rows still in combinations seen fewer than k times.
The rows come out sorted by their values, so their order says nothing about the cases'.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

MINIMUM_K = 11
DEFAULT_SUPPRESSION_LIMIT = Fraction(5, 100)
NOT_KNOWN = "not_known"
UNITED_KINGDOM = "GB"


class AnonymityError(ValueError):
    """A request the dataset cannot be made for (k below the minimum)."""


@dataclass(frozen=True)
class VictimRecord:
    """One child or adult in the dataset, before anonymisation. Codes as Haven records them:
    exploitation types from the NRM categories (``screening/vocabulary.yaml``), means from the
    definition's means (``threat``, ``deception`` ...), citizenship as ISO 3166 alpha-2."""

    age: int | None
    gender: str
    citizenship: str | None
    exploitation_types: frozenset[str]
    means_of_control: frozenset[str]
    year_of_registration: int


@dataclass(frozen=True)
class Hierarchy:
    """How one column widens: ``generalise(record, level)`` for levels 0 (finest) up to
    ``len(levels) - 1`` (everything alike), and what each level means in words."""

    column: str
    label: str
    levels: tuple[str, ...]
    generalise: Callable[[VictimRecord, int], str]

    @property
    def top(self) -> int:
        return len(self.levels) - 1


# Age bands: CTDC's, with children's years split finer (Haven's records are mostly children).
_AGE_BANDS = (
    (0, 8, "0-8", "0-8", "0-17"),
    (9, 11, "9-11", "9-17", "0-17"),
    (12, 14, "12-14", "9-17", "0-17"),
    (15, 17, "15-17", "9-17", "0-17"),
    (18, 20, "18-20", "18-29", "18+"),
    (21, 23, "21-23", "18-29", "18+"),
    (24, 26, "24-26", "18-29", "18+"),
    (27, 29, "27-29", "18-29", "18+"),
    (30, 38, "30-38", "30+", "18+"),
    (39, 47, "39-47", "30+", "18+"),
    (48, 200, "48+", "30+", "18+"),
)


def _age_band(record: VictimRecord, level: int) -> str:
    if level >= 3:
        return "any"
    if record.age is None:
        return NOT_KNOWN
    for low, high, *names in _AGE_BANDS:
        if low <= record.age <= high:
            return names[level]
    raise AnonymityError(f"An age of {record.age} is not possible.")


def _gender(record: VictimRecord, level: int) -> str:
    return "any" if level >= 1 else (record.gender or NOT_KNOWN)


# Citizenship by continent (ISO 3166 alpha-2). A code in none of these is "other".
_CONTINENTS = {
    "africa": "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS "
    "LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH",
    "americas": "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE "
    "KN LC VC SR TT US UY VE PR",
    "asia": "AF AM AZ BH BD BT BN KH CN GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM "
    "NP KP OM PK PS PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE",
    "europe": "AL AD AT BY BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IT XK LV LI LT LU MT MD MC "
    "ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH UA VA",
    "oceania": "AU FJ KI MH FM NR NZ PW PG WS SB TO TV VU",
}
_REGION = {code: region for region, codes in _CONTINENTS.items() for code in codes.split()}


def _citizenship(record: VictimRecord, level: int) -> str:
    code = (record.citizenship or "").upper()
    if level >= 3:
        return "any"
    if not code:
        return NOT_KNOWN
    if code == UNITED_KINGDOM:
        return code if level == 0 else "united_kingdom"
    return (code, _REGION.get(code, "other"), "other")[level]


# Exploitation types (NRM categories) grouped, then whether sexual exploitation is among them.
_EXPLOITATION_GROUPS = {
    "sexual": "sexual",
    "criminal": "criminal",
    "labour": "labour_or_servitude",
    "domestic_servitude": "labour_or_servitude",
}


def _joined(values: Iterable[str]) -> str:
    return ";".join(sorted(set(values))) or NOT_KNOWN


def _exploitation_types(record: VictimRecord, level: int) -> str:
    types = record.exploitation_types
    if level == 0:
        return _joined(types)
    if level == 1:
        return _joined(_EXPLOITATION_GROUPS.get(t, "other") for t in types)
    if level == 2:
        return "includes_sexual" if "sexual" in types else "other"
    return "any"


_MEANS_GROUPS = {
    "threat": "force_or_threat",
    "force": "force_or_threat",
    "coercion": "force_or_threat",
    "abduction": "force_or_threat",
    "fraud": "deception",
    "deception": "deception",
    "abuse_of_power_or_vulnerability": "abuse_of_power",
    "payments_to_person_in_control": "abuse_of_power",
}


def _means_of_control(record: VictimRecord, level: int) -> str:
    means = record.means_of_control
    if level == 0:
        return _joined(means)
    if level == 1:
        return _joined(_MEANS_GROUPS.get(m, "other") for m in means)
    if level == 2:
        return "recorded" if means else NOT_KNOWN
    return "any"


def _year_of_registration(record: VictimRecord, level: int) -> str:
    year = record.year_of_registration
    if level >= 3:
        return "any"
    width = (1, 2, 5)[level]
    start = year - year % width
    return str(year) if width == 1 else f"{start}-{start + width - 1}"


QUASI_IDENTIFIERS = (
    Hierarchy(
        "age_band",
        "Age band",
        ("bands of 3 to 9 years", "0-8, 9-17, 18-29, 30+", "child or adult", "not shown"),
        _age_band,
    ),
    Hierarchy(
        "citizenship",
        "Citizenship",
        ("country", "United Kingdom or continent", "United Kingdom or other", "not shown"),
        _citizenship,
    ),
    Hierarchy(
        "exploitation_types",
        "Exploitation types",
        ("each type", "grouped types", "sexual exploitation or other", "not shown"),
        _exploitation_types,
    ),
    Hierarchy(
        "means_of_control",
        "Means of control",
        ("each means", "grouped means", "recorded or not", "not shown"),
        _means_of_control,
    ),
    Hierarchy(
        "year_of_registration",
        "Year of registration",
        ("year", "two-year ranges", "five-year ranges", "not shown"),
        _year_of_registration,
    ),
    Hierarchy("gender", "Gender", ("gender", "not shown"), _gender),
)
COLUMNS = tuple(h.column for h in QUASI_IDENTIFIERS)


@dataclass(frozen=True)
class AnonymisationReport:
    k: int
    rows_in: int
    rows_out: int
    suppressed: int
    # Column -> level reached (0 = as recorded).
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def generalised(self) -> list[tuple[str, str]]:
        """(column label, what it now shows) for each column widened, in words."""
        return [
            (h.label, h.levels[self.levels[h.column]])
            for h in QUASI_IDENTIFIERS
            if self.levels[h.column] > 0
        ]


def _rows(records, levels: dict[str, int]) -> list[tuple[str, ...]]:
    return [
        tuple(h.generalise(record, levels[h.column]) for h in QUASI_IDENTIFIERS)
        for record in records
    ]


def anonymise(
    records: Iterable[VictimRecord],
    *,
    k: int = MINIMUM_K,
    suppression_limit: Fraction = DEFAULT_SUPPRESSION_LIMIT,
) -> tuple[list[dict[str, str]], AnonymisationReport]:
    """The k-anonymous rows (one dict per person kept, keyed by ``COLUMNS``) and the report."""
    if k < MINIMUM_K:
        raise AnonymityError(f"k must be {MINIMUM_K} or more.")
    records = list(records)
    may_suppress = int(len(records) * suppression_limit)
    levels = {h.column: 0 for h in QUASI_IDENTIFIERS}
    while True:
        rows = _rows(records, levels)
        seen = Counter(rows)
        if sum(n for n in seen.values() if n < k) <= may_suppress:
            break
        widenable = [i for i, h in enumerate(QUASI_IDENTIFIERS) if levels[h.column] < h.top]
        if not widenable:
            break
        widest = max(widenable, key=lambda i: (len({row[i] for row in rows}), -i))
        levels[QUASI_IDENTIFIERS[widest].column] += 1
    kept = sorted(row for row in rows if seen[row] >= k)
    report = AnonymisationReport(
        k=k,
        rows_in=len(records),
        rows_out=len(kept),
        suppressed=len(records) - len(kept),
        levels=levels,
    )
    return [dict(zip(COLUMNS, row, strict=True)) for row in kept], report
