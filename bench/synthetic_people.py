"""Synthetic agency records of children, with ground truth, for benchmarking matchers.

People come from households (siblings share a family name, address, phone and nationality;
twins share a date of birth), with names drawn from Zipf-weighted pools of several origins.
Each person may appear in several agencies' records, each record a noisy view of the
person: transliteration and spelling variants (rules written here, independently of the
matcher's own variant table), typos, swapped given/family names, nicknames, dropped middle
names, names in Arabic or Cyrillic script, 1 January dates assigned at age assessment,
day/month swaps, years off by one, missing fields, moves of address and changes of phone,
and identifiers present only on the records of the agencies that hold them.

Run as a script to write a CSV in the ``match_people`` input format plus an ``entity_id``
column holding the truth::

    python bench/synthetic_people.py --size 10000 --out bench/out/people.csv
"""

import argparse
import csv
import random
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from haven.demo.name_pools import (
    AFGHAN_BOYS,
    AFGHAN_FAMILIES,
    AFGHAN_GIRLS,
    ALBANIAN_BOYS,
    ALBANIAN_FAMILIES,
    ALBANIAN_GIRLS,
    ARABIC_BOYS,
    ARABIC_FAMILIES,
    ARABIC_GIRLS,
    BRITISH_BOYS,
    BRITISH_FAMILIES,
    BRITISH_GIRLS,
    ERITREAN_BOYS,
    ERITREAN_FAMILIES,
    ERITREAN_GIRLS,
    NIGERIAN_BOYS,
    NIGERIAN_FAMILIES,
    NIGERIAN_GIRLS,
    ROMANIAN_BOYS,
    ROMANIAN_FAMILIES,
    ROMANIAN_GIRLS,
    UKRAINIAN_BOYS,
    UKRAINIAN_FAMILIES,
    UKRAINIAN_GIRLS,
    VIETNAMESE_BOYS,
    VIETNAMESE_FAMILIES,
    VIETNAMESE_GIRLS,
    VIETNAMESE_MIDDLE_BOYS,
    VIETNAMESE_MIDDLE_GIRLS,
    Pool,
    words,
)

CSV_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "nationality",
    "postcode",
    "address",
    "phone",
    "identifier",
    "entity_id",
)


@dataclass(frozen=True)
class Origin:
    name: str
    weight: float
    nationalities: tuple[tuple[str, float], ...]
    boys: Pool
    girls: Pool
    families: Pool
    # Spelling rules of the romanisation: (regex, replacement) applied at random.
    spelling_rules: tuple[tuple[str, str], ...] = ()
    nicknames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Probability a child's real date of birth is unknown to agencies (age assessed).
    unknown_birth_date: float = 0.0
    # Probability the family name is the father's given name (Eritrean, Afghan custom).
    patronymic: float = 0.0
    middle_names_boys: Pool | None = None
    middle_names_girls: Pool | None = None
    second_given_name: float = 0.0
    script: str = ""  # "arabic" or "cyrillic" when some agencies record the native script
    migrant: bool = True


ARABIC_SPELLING = (
    (r"ed$", "ad"),
    (r"ad$", "ed"),
    (r"^mu", "mo"),
    (r"^mo", "mu"),
    (r"mm", "m"),
    (r"([^m])m([ae])d$", r"\1mm\2d"),
    (r"ou", "u"),
    (r"u", "ou"),
    (r"ss", "s"),
    (r"([^s])s([aeiou])", r"\1ss\2"),
    (r"ei", "ai"),
    (r"ai", "ei"),
    (r"ee", "i"),
    (r"i([^aeiou])", r"ee\1"),
    (r"q", "k"),
    (r"^al-", "el-"),
    (r"^al-", ""),
    (r"^el-", "al-"),
    (r"y", "i"),
    (r"a$", "ah"),
    (r"sh", "ch"),
    (r"^h", ""),
    (r"ah$", "a"),
    (r"([aeiou])([bdfklmnrst])([aeiou])", r"\1\2\2\3"),
    (r"i", "e"),
    (r"e", "i"),
    (r"o", "u"),
)
ARABIC_NICKNAMES = {
    "muhammad": ("mo", "moe", "hamoudi", "moha"),
    "mustafa": ("musti",),
    "ibrahim": ("ibo", "brahim"),
    "abdullah": ("abdul", "abdi"),
    "abdulrahman": ("abdul", "abdi"),
    "fatima": ("fati",),
    "ahmed": ("hamada",),
}

VIETNAMESE_DIACRITICS = {
    "nguyen": "nguyễn",
    "tran": "trần",
    "le": "lê",
    "pham": "phạm",
    "hoang": "hoàng",
    "huynh": "huỳnh",
    "vu": "vũ",
    "vo": "võ",
    "dang": "đặng",
    "bui": "bùi",
    "do": "đỗ",
    "ho": "hồ",
    "ngo": "ngô",
    "duong": "dương",
    "van": "văn",
    "thi": "thị",
    "duc": "đức",
    "quoc": "quốc",
    "huu": "hữu",
    "thanh": "thành",
    "hung": "hùng",
    "tuan": "tuấn",
    "dung": "dũng",
    "huong": "hương",
    "thao": "thảo",
    "phuong": "phương",
    "ngoc": "ngọc",
    "thuy": "thủy",
    "cuong": "cường",
    "dat": "đạt",
    "toan": "toàn",
    "khanh": "khánh",
}

ALBANIAN_SPELLING = (
    (r"xh", "j"),
    (r"xh", "dj"),
    (r"q", "c"),
    (r"q", "ch"),
    (r"gj", "g"),
    (r"gj", "dj"),
    (r"ç", "c"),
    (r"ë", "e"),
    (r"i$", ""),
    (r"sh", "s"),
    (r"ll", "l"),
    (r"rr", "r"),
)

ERITREAN_SPELLING = (
    (r"ay$", "ai"),
    (r"ai$", "ay"),
    (r"ay$", "aye"),
    (r"aye$", "ay"),
    (r"ie", "e"),
    (r"^ghe", "ge"),
    (r"^ge", "ghe"),
    (r"^gh", "g"),
    (r"we", "wo"),
    (r"wo", "we"),
    (r"ts", "s"),
    (r"e$", "ey"),
    (r"nn", "n"),
    (r"h$", ""),
    (r"a", "e"),
    (r"^y", "j"),
    (r"mi", "me"),
)

AFGHAN_SPELLING = (
    (r"ad$", "ed"),
    (r"oo", "u"),
    (r"u", "oo"),
    (r"ee", "i"),
    (r"i$", "ee"),
    (r"q", "k"),
    (r"w", "v"),
    (r"ai", "ay"),
    (r"zai$", "zay"),
    (r"^mo", "mu"),
    (r"ss", "s"),
    (r"([aeiou])([dhlmnrs])([aeiou])", r"\1\2\2\3"),
)

ROMANIAN_SPELLING = ((r"s", "ș"), (r"t", "ț"), (r"ș", "sh"), (r"ț", "tz"), (r"a$", "ă"))


UKRAINIAN_SPELLING = (
    (r"kh", "h"),
    (r"iy$", "ii"),
    (r"iy$", "y"),
    (r"ii$", "iy"),
    (r"iia$", "ia"),
    (r"iia$", "iya"),
    (r"ia$", "iya"),
    (r"^oleks", "aleks"),
    (r"^serhiy$", "sergey"),
    (r"^mykola$", "nikolai"),
    (r"^dmytro$", "dmitry"),
    (r"^volodymyr$", "vladimir"),
    (r"^tetiana$", "tatiana"),
    (r"^olena$", "elena"),
    (r"^kateryna$", "ekaterina"),
    (r"y", "i"),
    (r"ch", "tch"),
)
UKRAINIAN_NICKNAMES = {
    "oleksandr": ("sasha",),
    "mykola": ("kolya",),
    "dmytro": ("dima",),
    "volodymyr": ("vova",),
    "kateryna": ("katya",),
    "anastasiia": ("nastya",),
    "tetiana": ("tanya",),
}
BRITISH_NICKNAMES = {
    "catherine": ("kate", "katie", "cath"),
    "michael": ("mike", "mikey"),
    "daniel": ("dan", "danny"),
    "thomas": ("tom", "tommy"),
    "william": ("will", "billy"),
    "james": ("jamie", "jim"),
    "joseph": ("joe",),
    "samuel": ("sam",),
    "benjamin": ("ben",),
    "joshua": ("josh",),
    "alexander": ("alex",),
    "christopher": ("chris",),
    "matthew": ("matt",),
    "nathan": ("nate",),
    "elizabeth": ("liz", "beth", "lizzie"),
    "rebecca": ("becky",),
    "jessica": ("jess",),
    "charlotte": ("charlie", "lottie"),
    "abigail": ("abbie",),
    "victoria": ("vicky",),
    "natasha": ("tash",),
    "jennifer": ("jen", "jenny"),
    "danielle": ("dani",),
    "bethany": ("beth",),
    "amelia": ("millie",),
    "olivia": ("liv",),
    "isabella": ("bella", "izzy"),
    "eleanor": ("ellie",),
    "edward": ("ed", "eddie"),
    "frederick": ("freddie",),
    "zachary": ("zac",),
}
BRITISH_SPELLING = (
    (r"ph", "f"),
    (r"ie$", "y"),
    (r"y$", "ie"),
    (r"ll", "l"),
    (r"tt", "t"),
    (r"ey$", "y"),
    (r"^mc", "mac"),
    (r"'", ""),
)

ORIGINS: tuple[Origin, ...] = (
    Origin(
        "british",
        0.34,
        (("GB", 1.0),),
        Pool(BRITISH_BOYS, 0.9),
        Pool(BRITISH_GIRLS, 0.9),
        Pool(BRITISH_FAMILIES, 0.7),
        spelling_rules=BRITISH_SPELLING,
        nicknames=BRITISH_NICKNAMES,
        unknown_birth_date=0.0,
        migrant=False,
    ),
    Origin(
        "vietnamese",
        0.12,
        (("VN", 1.0),),
        Pool(VIETNAMESE_BOYS, 0.8),
        Pool(VIETNAMESE_GIRLS, 0.8),
        Pool(VIETNAMESE_FAMILIES, 1.6),
        unknown_birth_date=0.4,
        middle_names_boys=Pool(VIETNAMESE_MIDDLE_BOYS, 1.0),
        middle_names_girls=Pool(VIETNAMESE_MIDDLE_GIRLS, 1.0),
    ),
    Origin(
        "albanian",
        0.12,
        (("AL", 0.85), ("XK", 0.15)),
        Pool(ALBANIAN_BOYS, 0.8),
        Pool(ALBANIAN_GIRLS, 0.8),
        Pool(ALBANIAN_FAMILIES, 0.8),
        spelling_rules=ALBANIAN_SPELLING,
        unknown_birth_date=0.2,
    ),
    Origin(
        "eritrean",
        0.10,
        (("ER", 0.8), ("ET", 0.2)),
        Pool(ERITREAN_BOYS, 0.8),
        Pool(ERITREAN_GIRLS, 0.8),
        Pool(ERITREAN_FAMILIES, 0.8),
        spelling_rules=ERITREAN_SPELLING,
        unknown_birth_date=0.6,
        patronymic=0.7,
    ),
    Origin(
        "arabic",
        0.12,
        (("SY", 0.3), ("IQ", 0.2), ("SD", 0.3), ("EG", 0.1), ("LY", 0.1)),
        Pool(ARABIC_BOYS, 1.1),
        Pool(ARABIC_GIRLS, 0.9),
        Pool(ARABIC_FAMILIES, 0.8),
        spelling_rules=ARABIC_SPELLING,
        nicknames=ARABIC_NICKNAMES,
        unknown_birth_date=0.5,
        patronymic=0.4,
        second_given_name=0.15,
        script="arabic",
    ),
    Origin(
        "afghan",
        0.07,
        (("AF", 1.0),),
        Pool(AFGHAN_BOYS, 1.0),
        Pool(AFGHAN_GIRLS, 0.8),
        Pool(AFGHAN_FAMILIES, 0.8),
        spelling_rules=AFGHAN_SPELLING,
        unknown_birth_date=0.6,
        patronymic=0.3,
    ),
    Origin(
        "romanian",
        0.05,
        (("RO", 1.0),),
        Pool(ROMANIAN_BOYS, 0.8),
        Pool(ROMANIAN_GIRLS, 0.8),
        Pool(ROMANIAN_FAMILIES, 0.8),
        spelling_rules=ROMANIAN_SPELLING,
        unknown_birth_date=0.05,
    ),
    Origin(
        "nigerian",
        0.04,
        (("NG", 1.0),),
        Pool(NIGERIAN_BOYS, 0.8),
        Pool(NIGERIAN_GIRLS, 0.8),
        Pool(NIGERIAN_FAMILIES, 0.8),
        unknown_birth_date=0.1,
    ),
    Origin(
        "ukrainian",
        0.04,
        (("UA", 1.0),),
        Pool(UKRAINIAN_BOYS, 0.8),
        Pool(UKRAINIAN_GIRLS, 0.8),
        Pool(UKRAINIAN_FAMILIES, 0.8),
        spelling_rules=UKRAINIAN_SPELLING,
        nicknames=UKRAINIAN_NICKNAMES,
        unknown_birth_date=0.05,
        script="cyrillic",
    ),
)

# Nationalities an agency may record instead of the true one.
CONFUSED_NATIONALITIES = {
    "ER": "ET",
    "ET": "ER",
    "SD": "SS",
    "SY": "IQ",
    "IQ": "SY",
    "AF": "IR",
    "AL": "XK",
    "XK": "AL",
}

ARABIC_SCRIPT = {
    "muhammad": "محمد",
    "ahmed": "أحمد",
    "ali": "علي",
    "omar": "عمر",
    "hassan": "حسن",
    "hussein": "حسين",
    "ibrahim": "إبراهيم",
    "mahmoud": "محمود",
    "mustafa": "مصطفى",
    "yusuf": "يوسف",
    "khalid": "خالد",
    "fatima": "فاطمة",
    "mariam": "مريم",
    "aisha": "عائشة",
    "zainab": "زينب",
    "abdullah": "عبدالله",
    "osman": "عثمان",
    "adam": "آدم",
    "musa": "موسى",
    "idris": "إدريس",
}
CYRILLIC = {
    "shch": "щ",
    "kh": "х",
    "zh": "ж",
    "ts": "ц",
    "ch": "ч",
    "sh": "ш",
    "yu": "ю",
    "ya": "я",
    "ye": "є",
    "yi": "ї",
    "iy": "ій",
    "a": "а",
    "b": "б",
    "v": "в",
    "h": "г",
    "g": "ґ",
    "d": "д",
    "e": "е",
    "z": "з",
    "y": "и",
    "i": "і",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
}
_CYRILLIC_PATTERN = re.compile("|".join(sorted(CYRILLIC, key=len, reverse=True)))

STREETS = words(
    """high church station victoria park london manchester chester queen king mill
school new north south west green grange windsor albert york bridge castle market water
springfield oak elm ash beech cedar willow hawthorn meadow orchard"""
)
STREET_KINDS = ("street", "road", "lane", "avenue", "close", "drive", "way", "crescent")
TOWNS = (
    ("CH", "chester"),
    ("CH", "ellesmere port"),
    ("CW", "crewe"),
    ("CW", "northwich"),
    ("CW", "winsford"),
    ("WA", "warrington"),
    ("WA", "widnes"),
    ("WA", "runcorn"),
    ("SK", "macclesfield"),
    ("SK", "wilmslow"),
)

KEYBOARD_NEIGHBOURS = {
    "a": "qswz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}

AGENCIES = ("police", "social_care", "health", "school", "home_office")
AGENCY_WEIGHTS = (0.3, 0.3, 0.15, 0.15, 0.1)
REFERENCE_DATE = date(2025, 1, 1)


@dataclass
class Household:
    origin: Origin
    family_name: str
    father_name: str
    nationality: str
    addresses: list[tuple[str, str]]
    phone: str


@dataclass
class Person:
    entity_id: int
    household: Household
    gender: str
    given_name: str
    middle_name: str
    family_name: str
    birth_date: date
    birth_date_known: bool
    nhs_number: str
    home_office_reference: str
    upn: str
    phones: list[str]
    addresses: list[tuple[str, str]]


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _mobile(rng: random.Random) -> str:
    return "07" + "".join(str(rng.randrange(10)) for _ in range(9))


def _address(rng: random.Random) -> tuple[str, str]:
    area, town = rng.choice(TOWNS)
    district = f"{area}{rng.randint(1, 9)}"
    postcode = f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    postcode += rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    return postcode, f"{rng.randint(1, 180)} {street}, {town}"


def _origin(rng: random.Random) -> Origin:
    return rng.choices(ORIGINS, weights=[origin.weight for origin in ORIGINS])[0]


def _household(rng: random.Random) -> Household:
    origin = _origin(rng)
    nationality = rng.choices(
        [code for code, _ in origin.nationalities],
        weights=[weight for _, weight in origin.nationalities],
    )[0]
    father = origin.boys.draw(rng)
    family = father if rng.random() < origin.patronymic else origin.families.draw(rng)
    moves = rng.choices((0, 1, 2), weights=(0.6, 0.3, 0.1))[0] + (1 if origin.migrant else 0)
    return Household(
        origin=origin,
        family_name=family,
        father_name=father,
        nationality=nationality,
        addresses=[_address(rng) for _ in range(1 + moves)],
        phone=_mobile(rng),
    )


def _person(
    rng: random.Random, entity_id: int, household: Household, birth: date, taken: set[str]
) -> Person:
    origin = household.origin
    gender = rng.choice("FM")
    pool = origin.girls if gender == "F" else origin.boys
    given = pool.draw(rng)
    while given in taken:  # parents do not give two children the same name
        given = pool.draw(rng)
    taken.add(given)
    middle = ""
    middle_pool = origin.middle_names_girls if gender == "F" else origin.middle_names_boys
    if middle_pool is not None:
        middle = middle_pool.draw(rng)
    elif rng.random() < origin.second_given_name:
        middle = origin.boys.draw(rng)
    age = (REFERENCE_DATE - birth).days / 365.25
    migrant = origin.migrant
    phones = [household.phone]
    if age >= 11 and rng.random() < 0.7:
        phones.append(_mobile(rng))
    return Person(
        entity_id=entity_id,
        household=household,
        gender=gender,
        given_name=given,
        middle_name=middle,
        family_name=household.family_name,
        birth_date=birth,
        birth_date_known=rng.random() >= origin.unknown_birth_date,
        nhs_number=_nhs_number(rng) if rng.random() < (0.6 if migrant else 0.95) else "",
        home_office_reference=(
            f"{rng.choice('BDGHKLMNPRSTW')}{rng.randrange(10**6, 10**7)}"
            if migrant and rng.random() < 0.8
            else ""
        ),
        upn=(
            f"{rng.choice(string.ascii_uppercase)}{rng.randrange(10**11, 10**12)}"
            if age >= 5 and rng.random() < (0.3 if migrant else 0.85)
            else ""
        ),
        phones=phones,
        addresses=list(household.addresses),
    )


def _typo(rng: random.Random, text: str) -> str:
    letters = [position for position, char in enumerate(text) if char.isalpha()]
    if len(letters) < 3:
        return text
    position = rng.choice(letters[1:])
    char = text[position]
    kind = rng.random()
    if kind < 0.3:
        neighbour = rng.choice(KEYBOARD_NEIGHBOURS.get(char.lower(), "e"))
        return text[:position] + neighbour + text[position + 1 :]
    if kind < 0.55:
        return text[:position] + text[position + 1 :]
    if kind < 0.8:
        return text[:position] + char + text[position:]
    if position + 1 < len(text) and text[position + 1].isalpha():
        return text[:position] + text[position + 1] + char + text[position + 2 :]
    return text[:position] + text[position + 1 :]


def _respell(rng: random.Random, text: str, rules: tuple[tuple[str, str], ...]) -> str:
    applicable = [rule for rule in rules if re.search(rule[0], text)]
    if not applicable:
        return text
    for pattern, replacement in rng.sample(applicable, k=min(len(applicable), rng.randint(1, 2))):
        text = re.sub(pattern, replacement, text, count=1)
    return text


def _to_script(text: str, script: str) -> str:
    if script == "arabic":
        words = text.split()
        if all(word in ARABIC_SCRIPT for word in words):
            return " ".join(ARABIC_SCRIPT[word] for word in words)
        return text
    return _CYRILLIC_PATTERN.sub(lambda match: CYRILLIC[match.group(0)], text)


def _accented(text: str) -> str:
    return " ".join(VIETNAMESE_DIACRITICS.get(word, word) for word in text.split())


@dataclass
class Corruption:
    """Probabilities of each kind of difference between a record and the person."""

    level: float

    def chance(self, rng: random.Random, base: float) -> bool:
        return rng.random() < min(1.0, base * self.level)


def _record_names(rng: random.Random, person: Person, noise: Corruption) -> tuple[str, str]:
    origin = person.household.origin
    given = person.given_name
    if person.middle_name and not noise.chance(rng, 0.6):
        # Vietnamese middle names precede the given name; Arabic second names follow it.
        if origin.name == "vietnamese":
            given = f"{person.middle_name} {given}"
        else:
            given = f"{given} {person.middle_name}"
    family = person.family_name
    if origin.patronymic and noise.chance(rng, 0.05):
        family = origin.boys.draw(rng)  # grandfather's name recorded instead of father's
    elif not origin.migrant and noise.chance(rng, 0.03):
        family = origin.families.draw(rng)  # step-parent's family name
    if origin.nicknames and given in origin.nicknames and noise.chance(rng, 0.25):
        given = rng.choice(origin.nicknames[given])
    if origin.spelling_rules:
        rate = 0.45 if origin.migrant else 0.05
        if noise.chance(rng, rate):
            given = " ".join(_respell(rng, part, origin.spelling_rules) for part in given.split())
        if noise.chance(rng, rate):
            family = _respell(rng, family, origin.spelling_rules)
    if noise.chance(rng, 0.12):
        given = _typo(rng, given)
    if noise.chance(rng, 0.12):
        family = _typo(rng, family)
    if origin.script and noise.chance(rng, 0.04):
        given, family = _to_script(given, origin.script), _to_script(family, origin.script)
    elif origin.name == "vietnamese" and rng.random() < 0.3:
        given, family = _accented(given), _accented(family)
    given, family = given.title(), family.title()
    if noise.chance(rng, 0.2 if origin.migrant else 0.04):
        given, family = family, given
    if noise.chance(rng, 0.03):
        family = ""
    elif noise.chance(rng, 0.02):
        given = ""
    return given, family


def _record_birth_date(rng: random.Random, person: Person, noise: Corruption) -> str:
    birth = person.birth_date
    if not person.birth_date_known and rng.random() < 0.85:
        # Age assessed: each agency may hold a different assessment, dated 1 January.
        year = birth.year + rng.choices((-2, -1, 0, 1), weights=(0.05, 0.25, 0.55, 0.15))[0]
        return date(year, 1, 1).isoformat()
    if noise.chance(rng, 0.05):
        return ""
    if noise.chance(rng, 0.04):
        return date(birth.year, 1, 1).isoformat()
    if birth.day <= 12 and birth.day != birth.month and noise.chance(rng, 0.06):
        return date(birth.year, birth.day, birth.month).isoformat()
    if noise.chance(rng, 0.05):
        birth = _safe_date(birth.year + rng.choice((-1, 1)), birth.month, birth.day)
    if noise.chance(rng, 0.05):
        birth = _safe_date(birth.year, birth.month, rng.randint(1, 28))
    if noise.chance(rng, 0.02):
        birth = _safe_date(birth.year, rng.randint(1, 12), birth.day)
    return birth.isoformat()


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def _phone_text(rng: random.Random, phone: str) -> str:
    style = rng.random()
    if style < 0.5:
        return phone
    if style < 0.8:
        return f"{phone[:5]} {phone[5:]}"
    return f"+44 {phone[1:5]} {phone[5:]}"


def _record(
    rng: random.Random, record_id: str, person: Person, noise: Corruption
) -> dict[str, str]:
    origin = person.household.origin
    given, family = _record_names(rng, person, noise)
    agency = rng.choices(AGENCIES, weights=AGENCY_WEIGHTS)[0]
    identifier = ""
    if agency == "health" or (agency == "social_care" and rng.random() < 0.4):
        identifier = person.nhs_number
    elif agency == "home_office":
        identifier = f"home_office_reference:{person.home_office_reference}"
        identifier = identifier if person.home_office_reference else ""
    elif agency == "school":
        identifier = f"upn:{person.upn}" if person.upn else ""
    elif agency == "police" and rng.random() < 0.5:
        identifier = f"police_reference:{rng.randint(1, 99):02d}/{rng.randrange(10**6)}/24"
    if identifier and noise.chance(rng, 0.01):
        identifier = _typo(rng, identifier) if not identifier[0].isdigit() else identifier[::-1]
    nationality = person.household.nationality
    if noise.chance(rng, 0.12):
        nationality = ""
    elif noise.chance(rng, 0.08):
        nationality = CONFUSED_NATIONALITIES.get(nationality, nationality)
    postcode, address = person.addresses[-1] if rng.random() < 0.6 else rng.choice(person.addresses)
    if noise.chance(rng, 0.15):
        postcode = ""
    if noise.chance(rng, 0.3):
        address = ""
    phone = rng.choice(person.phones) if not noise.chance(rng, 0.4) else ""
    gender = person.gender if not noise.chance(rng, 0.1) else ""
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "date_of_birth": _record_birth_date(rng, person, noise),
        "gender": gender,
        "nationality": nationality if origin.name != "british" or rng.random() < 0.7 else "",
        "postcode": postcode,
        "address": address,
        "phone": _phone_text(rng, phone) if phone else "",
        "identifier": identifier,
        "entity_id": str(person.entity_id),
    }


def generate_people(
    *, size: int, dup_rate: float = 0.3, corruption: float = 0.5, seed: int = 1
) -> Iterator[dict[str, str]]:
    """Yield ``size`` records; ``dup_rate`` of them are further records of a person already
    seen; ``corruption`` (0..1+) scales how much records of one person differ."""
    rng = random.Random(seed)
    people_count = max(1, round(size * (1.0 - dup_rate)))
    duplicate_count = size - people_count
    people: list[Person] = []
    earliest = date(REFERENCE_DATE.year - 18, 1, 2)
    span = (REFERENCE_DATE - earliest).days
    while len(people) < people_count:
        household = _household(rng)
        children = rng.choices((1, 2, 3, 4), weights=(0.55, 0.28, 0.12, 0.05))[0]
        twin_birth = earliest + timedelta(days=rng.randrange(span))
        given_names: set[str] = set()
        for _ in range(min(children, people_count - len(people))):
            twins = rng.random() < 0.03
            birth = twin_birth if twins else earliest + timedelta(days=rng.randrange(span))
            people.append(_person(rng, len(people), household, birth, given_names))
    # Some people are known to many agencies: duplicates go to a subset of people, unevenly.
    duplicated = rng.sample(people, k=min(len(people), max(1, round(duplicate_count / 1.7))))
    extra_records = [rng.choice(duplicated) for _ in range(duplicate_count)]
    light = Corruption(level=corruption * 0.3)
    full = Corruption(level=corruption)
    order = [(person, light) for person in people] + [(person, full) for person in extra_records]
    rng.shuffle(order)
    for number, (person, noise) in enumerate(order):
        yield _record(rng, f"R{number:07d}", person, noise)


def write_people_csv(
    path: Path, *, size: int, dup_rate: float, corruption: float, seed: int
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(
            generate_people(size=size, dup_rate=dup_rate, corruption=corruption, seed=seed)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--dup-rate", type=float, default=0.3)
    parser.add_argument("--corruption", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    write_people_csv(
        arguments.out,
        size=arguments.size,
        dup_rate=arguments.dup_rate,
        corruption=arguments.corruption,
        seed=arguments.seed,
    )


if __name__ == "__main__":
    main()
