"""The evidence a reviewer of a possible duplicate reads: each comparison in plain words, and the
probability as a band (issue 8, point 7)."""

from datetime import date

import pytest

from haven.matching.engine import compare_records, likelihood
from haven.matching.explain import evidence_in_words
from haven.matching.model import COMPARISONS
from haven.matching.records import Alias, PersonRecord


def words(result, comparison) -> str:
    return next(item.words for item in result.evidence if item.comparison == comparison)


@pytest.mark.parametrize(
    ("comparison", "level"), [(spec.name, level) for spec in COMPARISONS for level in spec.levels]
)
def test_every_level_of_every_comparison_has_words(comparison, level):
    text = evidence_in_words(comparison, level)
    assert text and text[0].isupper()
    assert "_" not in text


def test_muhammad_aly_and_mohamed_ali_in_words():
    aly = PersonRecord(
        "a",
        given_name="Muhammad",
        family_name="Aly",
        date_of_birth=date(2009, 1, 1),
        dob_assigned_by_age_assessment=True,
        gender="M",
        nationality=("SD",),
    )
    ali = PersonRecord(
        "b",
        given_name="Mohamed",
        family_name="Ali",
        date_of_birth=date(2009, 1, 1),
        dob_assigned_by_age_assessment=True,
        gender="M",
        nationality=("SD",),
    )
    result = compare_records(aly, ali)
    assert words(result, "given_name") == "Given name sounds alike (Muhammad / Mohamed)"
    assert words(result, "family_name") == "Family name sounds alike (Aly / Ali)"
    assert words(result, "date_of_birth").startswith("Same year of birth (a date is estimated")
    assert words(result, "gender") == "Same gender recorded"
    assert words(result, "nationality") == "A nationality in common"


def test_the_same_name_is_quoted_once_and_a_nickname_is_a_short_form():
    result = compare_records(
        PersonRecord("a", given_name="Kate", family_name="Hoxha"),
        PersonRecord("b", given_name="Catherine", family_name="Hoxha"),
    )
    assert words(result, "family_name") == "Same family name (Hoxha)"
    assert words(result, "given_name") == (
        "Given name: one is a short form of the other (Kate / Catherine)"
    )


def test_another_name_is_never_quoted():
    # An alias belongs to the case it was recorded in: a reviewer may not be allowed to see it.
    recorded = PersonRecord(
        "a",
        given_name="Muhammad",
        family_name="Aly",
        aliases=(Alias(full_name="Mo Ali", recorded_by="Cheshire Constabulary"),),
    )
    result = compare_records(PersonRecord("b", given_name="Mo", family_name="Ali"), recorded)
    assert words(result, "family_name") == (
        "Same family name (in another name the person is known by)"
    )
    assert "Mo Ali" not in " ".join(item.words for item in result.evidence)


def test_names_recorded_the_other_way_round_say_so():
    result = compare_records(
        PersonRecord("a", given_name="Yonas", family_name="Tesfaye"),
        PersonRecord("b", given_name="Tesfaye", family_name="Yonas"),
    )
    assert words(result, "given_name") == (
        "Same given name (Yonas; given and family names recorded the other way round)"
    )


def test_phones_addresses_and_identifiers_are_never_quoted():
    result = compare_records(
        PersonRecord(
            "a",
            phones=("07700 900123",),
            postcode="WA8 7LN",
            identifiers=("home_office_reference:U5521907",),
        ),
        PersonRecord(
            "b",
            phones=("07700900123",),
            postcode="WA8 7LN",
            identifiers=("home_office_reference:U5521907",),
        ),
    )
    assert words(result, "contact") == "Same phone number and address"
    assert words(result, "identifier") == "Same NHS number or Home Office reference: decisive"
    everything = " ".join(item.words for item in result.evidence)
    for secret in ("900123", "WA8", "U5521907"):
        assert secret not in everything


@pytest.mark.parametrize(
    ("probability", "code", "text"),
    [
        (0.999, "very_likely", "Very likely the same person"),
        (0.9, "very_likely", "Very likely the same person"),
        (0.72, "likely", "Likely the same person"),
        (0.7, "likely", "Likely the same person"),
        (0.5, "possible", "Possibly the same person"),
        (0.49, "unlikely", "Unlikely to be the same person"),
        (0.0, "unlikely", "Unlikely to be the same person"),
    ],
)
def test_the_score_is_shown_as_a_band(probability, code, text):
    band = likelihood(probability)
    assert (band.code, band.words) == (code, text)
