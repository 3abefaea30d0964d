"""Postcodes, phone numbers and vehicle registration marks in one form, so that the same place,
phone or car recorded by two agencies (a profile's associates, an address where a child was
found, the car that collected them) can later be linked. Pure: no database."""

import re

import phonenumbers

from haven.core.limits import MENTIONS_MAX, too_many

# The UK's postcode shape (outward code, inward code), without the space.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# UK registration marks (DVLA): current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D),
# dateless (1 to 4 digits and 1 to 3 letters either way round) and Northern Ireland (ABZ 1234).
_UK_REGISTRATION = re.compile(
    r"^(?:[A-Z]{2}[0-9]{2}[A-Z]{3}"
    r"|[A-Z][0-9]{1,3}[A-Z]{3}"
    r"|[A-Z]{3}[0-9]{1,3}[A-Z]"
    r"|[0-9]{1,4}[A-Z]{1,3}"
    r"|[A-Z]{1,3}[0-9]{1,4})$"
)
# A vehicle registered abroad: letters and digits, as its plate shows them.
_FOREIGN_REGISTRATION = re.compile(r"^[A-Z0-9]{2,10}$")
# Numbers written without a country code are read as UK numbers.
PHONE_REGION = "GB"


def postcode_normalised(text: str) -> str | None:
    """ "ch14ab" → "CH1 4AB"; None when it is not shaped like a UK postcode."""
    match = _POSTCODE.match("".join(text.upper().split()))
    return f"{match.group(1)} {match.group(2)}" if match else None


def phone_e164(text: str) -> str | None:
    """ "07700 900982" → "+447700900982" (E.164); None when it cannot be a phone number."""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_for_people(e164: str) -> str:
    """How a stored number is shown: national form for UK numbers ("07700 900982"),
    international otherwise. UK by the country code, not by the number's region: numbers Ofcom
    keeps unallocated (for drama, for tests) belong to no region."""
    number = phonenumbers.parse(e164, PHONE_REGION)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == phonenumbers.country_code_for_region(PHONE_REGION)
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def registration_normalised(text: str, *, country: str = "GB") -> str | None:
    """ "ab12 cde" → "AB12CDE"; None when it cannot be a registration mark."""
    mark = re.sub(r"[\s\-]", "", text.upper())
    pattern = _UK_REGISTRATION if country.upper() in ("", "GB", "UK") else _FOREIGN_REGISTRATION
    return mark if pattern.match(mark) else None


# The places and phones a concern or a return home interview mentions are typed one a line.
_LAST_WORDS = re.compile(r"^(?P<line>.*?)[\s,]*(?P<postcode>[A-Za-z0-9]+\s*[A-Za-z0-9]{3})\s*$")


def place_normalised(line: str, postcode: str) -> dict | None:
    """One place mentioned, ``{"line", "postcode"}`` with the postcode normalised; None when the
    postcode is not shaped like a UK postcode."""
    code = postcode_normalised(postcode or "")
    return {"line": " ".join((line or "").split()).strip(" ,"), "postcode": code} if code else None


def places_from_lines(text: str) -> list[dict]:
    """ "Flat 3, 14 Bridge Street, WA7 1AB" a line → ``[{"line": "Flat 3, 14 Bridge Street",
    "postcode": "WA7 1AB"}]``. Blank lines are skipped; a line not ending in a postcode raises
    ValueError naming its number (from 1)."""
    places = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LAST_WORDS.match(raw.strip())
        place = place_normalised(match["line"], match["postcode"]) if match else None
        if place is None:
            raise ValueError(f"Line {number} must end with a real postcode, like WA7 1AB")
        if place not in places:
            places.append(place)
    return places


def phones_from_lines(text: str) -> list[str]:
    """One phone number a line → E.164 numbers. Blank lines are skipped; a line that cannot be
    a phone number raises ValueError naming its number (from 1)."""
    phones = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        phone = phone_e164(raw.strip())
        if phone is None:
            raise ValueError(f"Line {number} is not a phone number, like 07700 900982")
        if phone not in phones:
            phones.append(phone)
    return phones


def places_as_lines(places: list[dict]) -> str:
    """The places as the page shows them back, one a line."""
    return "\n".join(", ".join(part for part in (p["line"], p["postcode"]) if part) for p in places)


def places_checked(places) -> list[dict]:
    """The places a service is given, normalised (duplicates once); ValueError with one message
    when one has no real postcode."""
    checked = []
    for place in places or []:
        if not isinstance(place, dict):
            raise ValueError("Each address mentioned must have a line and a postcode")
        normalised = place_normalised(
            str(place.get("line") or ""), str(place.get("postcode") or "")
        )
        if normalised is None:
            raise ValueError("Each address mentioned must have a real postcode, like WA7 1AB")
        if normalised not in checked:
            checked.append(normalised)
    return checked


def phones_checked(phones) -> list[str]:
    """The phone numbers a service is given, in E.164 (duplicates once); ValueError with one
    message when one cannot be a phone number."""
    checked = []
    for phone in phones or []:
        e164 = phone_e164(str(phone))
        if e164 is None:
            raise ValueError(
                "Each phone number mentioned must be a phone number, like 07700 900982"
            )
        if e164 not in checked:
            checked.append(e164)
    return checked


def mentions_checked(places, phones, errors: dict) -> tuple[list[dict], list[str]]:
    """The places and phones a concern or a return home interview mentions, checked for its
    service: one message per field into ``errors`` (``places_mentioned``, ``phones_mentioned``)."""
    checked = {}
    for name, check, plural, values in (
        ("places_mentioned", places_checked, "addresses", places),
        ("phones_mentioned", phones_checked, "phone numbers", phones),
    ):
        try:
            checked[name] = check(values)
        except ValueError as error:
            errors[name] = str(error)
            checked[name] = []
        if len(checked[name]) > MENTIONS_MAX:
            errors[name] = too_many(MENTIONS_MAX, plural)
    return checked["places_mentioned"], checked["phones_mentioned"]
