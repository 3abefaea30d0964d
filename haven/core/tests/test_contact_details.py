"""Postcodes and phone numbers in one form, and phone numbers shown as people write them."""

import pytest

from haven.core.contact_details import (
    mentions_checked,
    phone_e164,
    phone_for_people,
    phones_from_lines,
    places_from_lines,
    postcode_normalised,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ch14ab", "CH1 4AB"), (" wa1  4ab ", "WA1 4AB"), ("M1 1AE", "M1 1AE"), ("NOT A CODE", None)],
)
def test_postcodes_are_normalised_or_refused(typed, stored):
    assert postcode_normalised(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700 900982", "+447700900982"),
        ("+44 (0)1632 960001", "+441632960001"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("12", None),
        ("not a number", None),
    ],
)
def test_phone_numbers_are_stored_in_e164_or_refused(typed, stored):
    assert phone_e164(typed) == stored


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        # Ofcom's drama range belongs to no region, but is a UK number all the same.
        ("+447700900982", "07700 900982"),
        ("+441632960001", "01632 960001"),
        ("+33123456789", "+33 1 23 45 67 89"),
    ],
)
def test_uk_numbers_are_shown_in_the_national_form_others_international(stored, shown):
    assert phone_for_people(stored) == shown


def test_addresses_one_a_line_end_with_their_postcode_and_blank_lines_are_skipped():
    typed = "Flat 3, 14 Bridge Street, wa71ab\n\n   \n2 High St CH1 4AB\nM1 1AE\n"
    assert places_from_lines(typed) == [
        {"line": "Flat 3, 14 Bridge Street", "postcode": "WA7 1AB"},
        {"line": "2 High St", "postcode": "CH1 4AB"},
        {"line": "", "postcode": "M1 1AE"},
    ]
    assert places_from_lines("") == []


@pytest.mark.parametrize("typed", ["14 Bridge Street", "14 Bridge Street, NOT A CODE"])
def test_an_address_without_a_real_postcode_names_its_line(typed):
    with pytest.raises(ValueError, match=r"^Line 3 must end with a real postcode"):
        places_from_lines(f"2 High St CH1 4AB\n\n{typed}")


def test_phone_numbers_one_a_line_and_a_line_that_is_not_one_is_named():
    assert phones_from_lines("07700 900982\n\n+44 7700 900983\n07700900982") == [
        "+447700900982",
        "+447700900983",
    ]
    with pytest.raises(ValueError, match=r"^Line 2 is not a phone number"):
        phones_from_lines("07700 900982\ncall me")


def test_a_service_gets_one_message_per_field():
    errors = {}
    mentions_checked(
        [{"line": "2 High St", "postcode": "ch14ab"}, {"line": "x", "postcode": "nope"}],
        ["07700 900982"] * 2 + [str(n) for n in range(7700900900, 7700900921)],
        errors,
    )
    assert errors == {
        "places_mentioned": "Each address mentioned must have a real postcode, like WA7 1AB",
        "phones_mentioned": "Enter 20 phone numbers or fewer",
    }
    assert mentions_checked([{"line": " 2  High St ", "postcode": "ch14ab"}], [], {}) == (
        [{"line": "2 High St", "postcode": "CH1 4AB"}],
        [],
    )
