"""Postcodes and phone numbers in one form, so that the same place or phone recorded by two
agencies (a profile's associates, an address where a child was found) can later be linked.
Pure: no database."""

import re

import phonenumbers

# The UK's postcode shape (outward code, inward code), without the space.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
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
