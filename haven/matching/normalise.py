"""Normalisation of the raw fields agencies record about a person.

Everything here works on one value at a time and is memoised where the same value recurs
(names, postcodes), so encoding a million records costs one call per distinct value.
"""

import operator
import re
from dataclasses import dataclass
from functools import cache

import jellyfish
from anyascii import anyascii

from haven.matching.name_variants import NICKNAMES, SPELLING_VARIANTS

_APOSTROPHES = re.compile(r"['`’‘ʼʻ´]")
_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
_NON_DIGIT = re.compile(r"\D")
_IDENTIFIER_NOISE = re.compile(r"[^A-Z0-9]")
_LIST_SEPARATORS = re.compile(r"[\s,;/|]+")

# Arabic article and patronymic particles: dropped when they prefix another token, so
# "Al-Hassan", "El Hassan" and "Hassan" share a key, and "bin"/"ibn" do not count as a name.
_DROPPED_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "binti"})
# Particles that are part of the following name: "Abdul Rahman" is one name, "Abdulrahman".
_JOINED_PARTICLES = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abu", "abou"})

# Digraphs of common romanisations mapped to one sound, applied in order.  Upper-case
# placeholders cannot collide with the lower-case input.
_SOUND_REPLACEMENTS = (
    ("x", "ks"),
    ("sch", "S"),
    ("tch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("zh", "J"),
    ("dj", "J"),
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("v", "w"),
    ("j", "y"),
    ("J", "y"),
)
_SKELETON_DROPPED = frozenset("aeiouyh")
_VOWELS = frozenset("aeiou")

CANONICAL_SPELLING: dict[str, str] = {
    spelling: group[0] for group in SPELLING_VARIANTS for spelling in group
}


def normalise_text(value: str) -> str:
    """ASCII, lower case, apostrophes removed, other punctuation turned into single spaces."""
    if not value:
        return ""
    ascii_text = anyascii(value).lower()
    return _NON_ALPHANUMERIC.sub(" ", _APOSTROPHES.sub("", ascii_text)).strip()


def name_tokens(value: str) -> list[str]:
    """Normalised name tokens with Arabic particles dropped or joined to their name."""
    raw_tokens = normalise_text(value).split()
    tokens: list[str] = []
    pending_prefix = ""
    for position, token in enumerate(raw_tokens):
        is_last = position == len(raw_tokens) - 1
        if token in _DROPPED_PARTICLES and not is_last:
            continue
        if token in _JOINED_PARTICLES and not is_last:
            pending_prefix += token
            continue
        tokens.append(pending_prefix + token)
        pending_prefix = ""
    return tokens


def canonical_token(token: str) -> str:
    """The canonical spelling of a name token from the curated variant table."""
    return CANONICAL_SPELLING.get(token, token)


def consonant_skeleton(token: str) -> str:
    """A vowel-insensitive phonetic key robust to romanisation differences.

    Doubled letters are collapsed, romanisation digraphs merged (kh/k, q/k, ph/f, j/y...),
    then vowels and non-initial h dropped; an initial vowel becomes "a" so Ibrahim and
    Ebrahim agree.  Mohammed, Muhammad and the Arabic-script transliteration "mhmd" all
    become "mmd"; Tesfaye and Tesfay become "tsf".
    """
    if not token:
        return ""
    collapsed = re.sub(r"(.)\1+", r"\1", token)
    for sound, replacement in _SOUND_REPLACEMENTS:
        collapsed = collapsed.replace(sound, replacement)
    first = "a" if collapsed[0] in _VOWELS else collapsed[0].lower()
    rest = [char.lower() for char in collapsed[1:] if char not in _SKELETON_DROPPED]
    skeleton = first + "".join(rest)
    return re.sub(r"(.)\1+", r"\1", skeleton)


@dataclass(frozen=True, slots=True)
class NamePartKeys:
    """Comparison and blocking keys for one name part (a given name or a family name)."""

    normalised: str
    canonical: str
    skeleton: str
    metaphone: str
    first_token: str
    last_token: str  # "" for one-token names
    blocking_tokens: tuple[str, ...]


EMPTY_NAME_PART = NamePartKeys("", "", "", "", "", "", ())


@cache
def name_part_keys(value: str) -> NamePartKeys:
    tokens = name_tokens(value)
    if not tokens:
        return EMPTY_NAME_PART
    canonical_tokens = [canonical_token(token) for token in tokens]
    skeletons = [consonant_skeleton(token) for token in canonical_tokens]
    # The first and last tokens both block: a dropped middle name ("Van Minh" / "Minh") or
    # a dropped second given name ("Mohammed Ali" / "Mohammed") keeps one of them.
    blocking_tokens = tuple(dict.fromkeys((skeletons[0], skeletons[-1])))
    return NamePartKeys(
        normalised=" ".join(tokens),
        canonical=" ".join(canonical_tokens),
        skeleton=" ".join(skeletons),
        metaphone=jellyfish.metaphone("".join(canonical_tokens)),
        first_token=canonical_tokens[0],
        last_token=canonical_tokens[-1] if len(canonical_tokens) > 1 else "",
        blocking_tokens=blocking_tokens,
    )


def nickname_pairs() -> set[tuple[str, str]]:
    """Unordered canonical (short form, full name) pairs, both orders included."""
    pairs: set[tuple[str, str]] = set()
    for short_form, full_names in NICKNAMES.items():
        short_canonical = canonical_token(short_form)
        for full_name in full_names:
            full_canonical = canonical_token(full_name)
            if short_canonical != full_canonical:
                pairs.add((short_canonical, full_canonical))
                pairs.add((full_canonical, short_canonical))
    return pairs


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split a free-text full name into (given, family): the last token is the family name.

    Arabic particles stay with the family name ("Ahmed Al Hassan" -> "Ahmed", "Al Hassan").
    """
    words = full_name.split()
    if len(words) <= 1:
        return full_name.strip(), ""
    family_start = len(words) - 1
    while family_start > 1 and normalise_text(words[family_start - 1]) in _DROPPED_PARTICLES:
        family_start -= 1
    return " ".join(words[:family_start]), " ".join(words[family_start:])


@cache
def normalise_postcode(value: str) -> str:
    return _NON_ALPHANUMERIC.sub("", value.lower()).upper() if value else ""


def postcode_district(postcode: str) -> str:
    """The outward code of a normalised UK postcode ("CH14AB" -> "CH1")."""
    return postcode[:-3] if len(postcode) >= 5 else postcode


STREET_NAME_PREFIX = 3


def house_number(address: str) -> str:
    """The first token of a normalised address that starts with a digit ("12a"), or ""."""
    return next((token for token in address.split() if token[:1].isdigit()), "")


def street_key(address: str) -> str:
    """The house number and the first letters of the street name of a normalised address
    ("12 cullen street mentone" -> "12 cul"), or "" without a number: a key that survives
    typos after the street name's first letters and in the rest of the address."""
    tokens = address.split()
    for position, token in enumerate(tokens[:-1]):
        if token[:1].isdigit():
            street = next((word for word in tokens[position + 1 :] if word.isalpha()), "")
            return f"{token} {street[:STREET_NAME_PREFIX]}" if street else ""
    return ""


def normalise_phone(value: str) -> str:
    """Digits of a phone number in UK national form (+44 7700 900123 -> 07700900123)."""
    if not value:
        return ""
    digits = _NON_DIGIT.sub("", value)
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and (value.lstrip().startswith("+") or len(digits) == 12):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 7 else ""


_GENDER_CODES = {
    "f": "F",
    "female": "F",
    "girl": "F",
    "w": "F",
    "woman": "F",
    "m": "M",
    "male": "M",
    "boy": "M",
    "man": "M",
}
_UNKNOWN_GENDER = frozenset({"", "u", "unknown", "not known", "not stated", "ns", "nk"})


def normalise_gender(value: str) -> str:
    """ "F", "M", "X" (any other recorded gender) or "" when unknown."""
    key = value.strip().lower() if value else ""
    if key in _UNKNOWN_GENDER:
        return ""
    return _GENDER_CODES.get(key, "X")


def normalise_nationalities(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Upper-case ISO 3166 alpha-2 codes; "UK" is read as "GB"."""
    parts = _LIST_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    codes = []
    for part in parts:
        code = part.strip().upper()
        if code:
            codes.append("GB" if code == "UK" else code)
    return tuple(dict.fromkeys(codes))


_NHS_WEIGHTS = tuple(range(10, 1, -1))
_NHS_ZERO_OFFSET = ord("0") * sum(_NHS_WEIGHTS)


def nhs_number_is_valid(digits: str) -> bool:
    """Modulus 11 check of a 10-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    # Iterating over ASCII bytes gives character codes: subtract "0" from each digit.
    total = sum(map(operator.mul, digits[:9].encode(), _NHS_WEIGHTS)) - _NHS_ZERO_OFFSET
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def normalise_identifier_value(value: str) -> str:
    return _IDENTIFIER_NOISE.sub("", value.upper())
