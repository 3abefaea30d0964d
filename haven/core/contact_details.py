"""Postcodes, phone numbers and vehicle registration marks in one form, so that the same place,
phone or car recorded by two agencies (a profile's associates, an address where a child was
found, the car that collected them) can later be linked. Pure: no database."""

import re

import phonenumbers

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
