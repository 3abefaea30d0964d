"""Person status (DOMAIN.md section 2.3): child, presumed child or adult."""

from datetime import date

import pytest

from haven.screening.engine import assess
from haven.screening.tests.builders import london, screening


def status(**fields):
    return assess(screening_input=screening(**fields)).person_status


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"age_years": 15}, "child"),
        ({"age_years": 0}, "child"),
        ({"age_years": 17, "appears_under_18": True}, "child"),
        # A child who looks older is still a child: appearance never overrides a known age.
        ({"age_years": 17, "appears_under_18": False}, "child"),
        ({"age_years": 18}, "adult"),
        ({"age_years": 30, "appears_under_18": False}, "adult"),
    ],
)
def test_an_undisputed_age_decides(fields, expected):
    assert status(**fields) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "presumed_child"),
        ({"appears_under_18": True}, "presumed_child"),
        ({"appears_under_18": False}, "adult"),
    ],
)
def test_unknown_age_is_presumed_a_child_unless_they_appear_to_be_an_adult(fields, expected):
    assert status(**fields) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"age_years": 16, "age_uncertain": True}, "presumed_child"),
        ({"age_years": 16, "age_uncertain": True, "appears_under_18": True}, "presumed_child"),
        # The person's own account of being 16 is itself a reason to think they may be a child.
        ({"age_years": 16, "age_uncertain": True, "appears_under_18": False}, "presumed_child"),
        ({"age_years": 25, "age_uncertain": True}, "presumed_child"),
        ({"age_years": 25, "age_uncertain": True, "appears_under_18": True}, "presumed_child"),
        ({"age_years": 25, "age_uncertain": True, "appears_under_18": False}, "adult"),
        ({"age_uncertain": True}, "presumed_child"),
        ({"age_uncertain": True, "appears_under_18": False}, "adult"),
    ],
)
def test_uncertain_age_is_presumed_a_child_if_they_may_be_under_18(fields, expected):
    assert status(**fields) == expected


def test_adult_age_disputed_by_appearance_is_presumed_a_child():
    assert status(age_years=20, appears_under_18=True) == "presumed_child"


def test_date_of_birth_and_age_that_disagree_about_being_under_18_are_a_dispute():
    # 17 by date of birth on 24 November 2026, but recorded as 19.
    assert status(date_of_birth=date(2009, 1, 1), age_years=19) == "presumed_child"
    both_under_18 = status(date_of_birth=date(2010, 5, 1), age_years=15)
    assert both_under_18 == "child"


@pytest.mark.parametrize(
    ("date_of_birth", "expected"),
    [
        (date(2008, 11, 24), "adult"),  # 18th birthday on the assessment day
        (date(2008, 11, 25), "child"),  # 18 tomorrow
        (date(2026, 11, 24), "child"),  # born today
    ],
)
def test_age_from_date_of_birth_on_the_assessment_date(date_of_birth, expected):
    assert status(date_of_birth=date_of_birth) == expected


def test_assessment_date_is_the_london_date():
    # 23:30 in New York on the 24th is 04:30 on the 25th in London: the 18th birthday.
    late_in_new_york = london("2026-11-24T23:30:00-05:00")
    assert status(date_of_birth=date(2008, 11, 25), assessed_at=late_in_new_york) == "adult"


def test_leap_day_birthday_counts_from_1_march_in_other_years():
    leap_day = date(2008, 2, 29)
    assert status(date_of_birth=leap_day, assessed_at=london("2026-02-28T12:00:00+00:00")) == (
        "child"
    )
    assert status(date_of_birth=leap_day, assessed_at=london("2026-03-01T12:00:00+00:00")) == (
        "adult"
    )


def test_explanation_states_the_presumption_and_its_source():
    result = assess(screening_input=screening(age_years=16, age_uncertain=True))
    first = result.explanation[0]
    assert first.startswith("Person status: presumed child.")
    assert "uncertain" in first
    assert "Modern Slavery Act 2015 s51" in first

    appears_adult = assess(screening_input=screening(appears_under_18=False)).explanation[0]
    assert "appears to be an adult" in appears_adult
    assert "presumption of childhood does not apply" in appears_adult


def test_presumed_child_is_treated_as_a_child_by_the_definition():
    result = assess(
        screening_input=screening(codes=["act.harbouring", "purpose.sexual_exploitation"])
    )
    assert result.person_status == "presumed_child"
    assert result.outcome == "potential_victim"
