"""Each comparison, through the public pairwise API."""

from datetime import date

import pytest

from haven.matching.engine import LOOKUP_THRESHOLD, compare_records
from haven.matching.records import Alias, DobPrecision, PersonRecord, UncertainDate


def person(record_id="a", **fields) -> PersonRecord:
    return PersonRecord(record_id=record_id, **fields)


def evidence(result, comparison):
    return next(item for item in result.evidence if item.comparison == comparison)


BIRTH = date(2009, 5, 14)


@pytest.mark.parametrize(("left", "right"), [("Muhammad", "Mohamad"), ("Mohammed", "Muhammad")])
def test_muhammad_spellings_are_name_variants(left, right):
    result = compare_records(person(given_name=left), person("b", given_name=right))
    assert evidence(result, "given_name").level == "variant"
    assert evidence(result, "given_name").weight > 3


def test_aly_and_ali_are_name_variants():
    result = compare_records(person(family_name="Aly"), person("b", family_name="Ali"))
    assert evidence(result, "family_name").level == "variant"


def test_vietnamese_diacritics_do_not_matter():
    result = compare_records(person(family_name="Nguyễn"), person("b", family_name="Nguyen"))
    assert evidence(result, "family_name").level == "exact"


def test_nicknames_are_name_variants():
    result = compare_records(person(given_name="Kate"), person("b", given_name="Catherine"))
    assert evidence(result, "given_name").level == "variant"
    assert "nickname" in evidence(result, "given_name").explanation


def test_swapped_given_and_family_names_match():
    straight = person(given_name="Yonas", family_name="Tesfaye", date_of_birth=BIRTH)
    swapped = person("b", given_name="Tesfaye", family_name="Yonas", date_of_birth=BIRTH)
    result = compare_records(straight, swapped)
    assert evidence(result, "given_name").level == "exact"
    assert evidence(result, "family_name").level == "exact"
    assert "other way round" in evidence(result, "given_name").explanation
    assert result.probability > 0.9


def test_dropped_middle_name_shares_a_token():
    result = compare_records(person(given_name="Thi Thuy"), person("b", given_name="Thuy"))
    assert evidence(result, "given_name").level == "shared_token"


def test_january_first_compares_year_only():
    result = compare_records(
        person(date_of_birth=date(2009, 1, 1)), person("b", date_of_birth=BIRTH)
    )
    assert evidence(result, "date_of_birth").level == "same_year_imprecise"
    assert evidence(result, "date_of_birth").weight > 0


def test_age_assessed_date_compares_year_only_and_weighs_less_than_an_exact_date():
    assessed = compare_records(
        person(date_of_birth=date(2009, 3, 1), dob_assigned_by_age_assessment=True),
        person("b", date_of_birth=BIRTH),
    )
    exact = compare_records(person(date_of_birth=BIRTH), person("b", date_of_birth=BIRTH))
    assert evidence(assessed, "date_of_birth").level == "same_year_imprecise"
    assert "age assessment" in evidence(assessed, "date_of_birth").explanation
    assert evidence(assessed, "date_of_birth").weight < evidence(exact, "date_of_birth").weight


def test_assessed_year_one_out_is_mild_evidence_not_a_conflict():
    result = compare_records(
        person(date_of_birth=date(2008, 1, 1), dob_assigned_by_age_assessment=True),
        person("b", date_of_birth=BIRTH),
    )
    assert evidence(result, "date_of_birth").level == "within_one_year_imprecise"
    different = compare_records(
        person(date_of_birth=date(2003, 8, 27)), person("b", date_of_birth=BIRTH)
    )
    assert evidence(different, "date_of_birth").level == "different"
    assert evidence(result, "date_of_birth").weight > evidence(different, "date_of_birth").weight


# Dates as agencies type them: not real dates, but still strong evidence (issue 11).


def dates_compared(left, right):
    result = compare_records(person(date_of_birth=left), person("b", date_of_birth=right))
    return evidence(result, "date_of_birth")


def test_swapped_day_and_month_with_an_impossible_month():
    found = dates_compared(UncertainDate(2009, 14, 5), BIRTH)
    assert found.level == "day_month_swapped"
    assert found.weight > 0
    assert "2009-14-05 (as written; not a real date)" in found.explanation
    assert found.words == "Same date of birth with the day and month swapped"


@pytest.mark.parametrize(
    "mistyped",
    [
        UncertainDate(2009, 5, 94),  # day 14 typed as 94
        date(2007, 5, 14),  # a year with one digit wrong is more than a year out
        UncertainDate(2009, 5, 41),  # the day's digits typed the wrong way round
    ],
)
def test_one_wrong_digit(mistyped):
    found = dates_compared(mistyped, BIRTH)
    assert found.level in ("one_digit_differs", "one_part_differs")
    assert found.weight > 0
    assert found.weight > dates_compared(date(2003, 8, 27), BIRTH).weight


def test_one_wrong_digit_in_the_year_is_its_own_level():
    found = dates_compared(date(1965, 11, 29), UncertainDate(1955, 11, 29))
    assert found.level == "one_digit_differs"
    assert found.explanation.endswith(
        "dates of birth differ by one mistyped digit or two swapped digits"
    )
    assert found.words == (
        "Dates of birth differ by one digit, or by two digits typed the wrong way round"
    )


def test_impossible_month_still_compares_the_other_parts():
    found = dates_compared(UncertainDate(2009, 15, 14), BIRTH)
    assert found.level == "one_part_differs"
    assert found.weight > 0
    assert dates_compared(UncertainDate(2009, 15, 14), UncertainDate(2009, 15, 14)).level == (
        "exact"
    )


def test_year_only_compares_the_year_like_an_estimated_date():
    year_only = dates_compared(UncertainDate(2009), BIRTH)
    estimated = compare_records(
        person(date_of_birth=date(2009, 6, 30), dob_precision=DobPrecision.ESTIMATED),
        person("b", date_of_birth=BIRTH),
    )
    assert year_only.level == evidence(estimated, "date_of_birth").level == "same_year_imprecise"
    assert year_only.weight == evidence(estimated, "date_of_birth").weight
    assert "2009 (year only)" in year_only.explanation
    assert dates_compared(UncertainDate(2011), BIRTH).level == "different_imprecise"


def test_day_month_swap():
    result = compare_records(
        person(date_of_birth=date(2009, 3, 7)), person("b", date_of_birth=date(2009, 7, 3))
    )
    assert evidence(result, "date_of_birth").level == "day_month_swapped"
    assert evidence(result, "date_of_birth").weight > 0


def test_year_one_out_on_exact_dates_is_one_part_differing():
    result = compare_records(
        person(date_of_birth=BIRTH), person("b", date_of_birth=date(2010, 5, 14))
    )
    assert evidence(result, "date_of_birth").level == "one_part_differs"
    assert "within one year" in evidence(result, "date_of_birth").explanation


def test_estimated_date_compares_year_only():
    result = compare_records(
        person(date_of_birth=date(2009, 6, 30), dob_precision=DobPrecision.ESTIMATED),
        person("b", date_of_birth=BIRTH),
    )
    assert evidence(result, "date_of_birth").level == "same_year_imprecise"


NAMES = {"given_name": "Arben", "family_name": "Hoxha", "date_of_birth": BIRTH}


def test_same_nhs_number_is_decisive():
    result = compare_records(
        person(given_name="Arben", identifiers=("9434765919",)),
        person("b", given_name="Dritan", identifiers=("nhs_number:943 476 5919",)),
    )
    assert evidence(result, "identifier").level == "personal_match"
    assert result.probability > 0.999


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("nhs_number:9434765919", "nhs_number:4010232137"),
        ("home_office_reference:B1234567", "home_office_reference:B7654321"),
    ],
)
def test_conflicting_personal_identifier_is_strong_evidence_against(left, right):
    without = compare_records(person(**NAMES), person("b", **NAMES))
    conflicting = compare_records(
        person(identifiers=(left,), **NAMES), person("b", identifiers=(right,), **NAMES)
    )
    assert evidence(conflicting, "identifier").level == "personal_conflict"
    assert evidence(conflicting, "identifier").weight < -5
    assert conflicting.probability < without.probability


def test_household_fields():
    result = compare_records(
        person(phones=("+44 7700 900123",), postcode="CH1 4AB", gender="F", nationality=("ER",)),
        person(
            "b", phones=("07700900123",), postcode="ch14ab", gender="female", nationality=("ER",)
        ),
    )
    assert evidence(result, "contact").level == "same_phone_and_address"
    assert "same phone number +44 7700 900123" in evidence(result, "contact").explanation
    assert evidence(result, "gender").level == "same"
    assert evidence(result, "nationality").level == "shared"


def test_alias_is_compared_and_explained():
    recorded = person(
        given_name="Muhammad",
        family_name="Aly",
        aliases=(Alias(full_name="Mo Ali", recorded_by="Cheshire Constabulary"),),
    )
    result = compare_records(person("b", given_name="Mo", family_name="Ali"), recorded)
    explanation = evidence(result, "family_name").explanation
    assert evidence(result, "family_name").level == "exact"
    assert "alias 'Mo Ali' recorded by Cheshire Constabulary" in explanation


def test_mohamad_ali_year_only_is_a_possible_match_of_muhammad_aly_assessed():
    estimated = person(
        given_name="Mohamad",
        family_name="Ali",
        date_of_birth=date(2009, 1, 1),
        dob_precision=DobPrecision.ESTIMATED,
    )
    assessed = person(
        "b",
        given_name="Muhammad",
        family_name="Aly",
        aliases=("Mo",),
        date_of_birth=date(2009, 1, 1),
        dob_assigned_by_age_assessment=True,
    )
    result = compare_records(estimated, assessed)
    assert result.probability >= LOOKUP_THRESHOLD
    assert evidence(result, "date_of_birth").level == "same_year_imprecise"


def contact_level(left_address, right_address, *, left_postcode="", right_postcode=""):
    result = compare_records(
        person(address=left_address, postcode=left_postcode),
        person("b", address=right_address, postcode=right_postcode),
    )
    return evidence(result, "contact")


def test_address_with_spaces_typed_in_the_wrong_places_is_the_same_address():
    # Compared without spaces the two are a letter apart; word by word they share little.
    found = contact_level(
        "29 garrard sstreet riverside", "29 garrards treet riverside", left_postcode="CH1 4AB"
    )
    assert found.level == "same_address"


def test_address_with_a_locality_added_is_similar_when_the_postcodes_differ():
    found = contact_level(
        "1 armstrong crescent payneham",
        "1 armstrong crescent cromdale payneham",
        left_postcode="CH1 4AB",
        right_postcode="M14 6QT",
    )
    assert found.level == "similar_address"
    assert found.explanation == "same or very similar address"


def test_address_typed_with_several_errors_is_partly_similar():
    found = contact_level(
        "49 bibby place chippendale village",
        "49 biby pl chipendal vilage",
        left_postcode="CH1 4AB",
        right_postcode="M14 6QT",
    )
    assert found.level == "partly_similar_address"
    assert found.weight > 0
    assert found.explanation == "addresses partly alike, with no different house number"


def test_a_different_house_number_is_a_neighbour_not_a_similar_address():
    found = contact_level(
        "49 bibby place chippendale village",
        "51 biby pl chipendal vilage",
        left_postcode="CH1 4AB",
        right_postcode="M14 6QT",
    )
    assert found.level == "different"
