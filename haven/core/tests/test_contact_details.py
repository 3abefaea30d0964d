"""Postcodes and phone numbers in one form, and phone numbers shown as people write them."""

import pytest

from haven.core.contact_details import phone_e164, phone_for_people, postcode_normalised


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
