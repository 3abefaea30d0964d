"""DOMAIN §2 rule 3: the date of birth decides whether a person is a child; a contradiction with
the kind chosen is refused for the user to correct, never resolved towards "adult"."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.people.age import (
    MAX_AGE_YEARS,
    age_description,
    age_on,
    date_of_birth_errors,
    earliest_date_of_birth,
    kind_and_age_errors,
)

TODAY = date(2026, 12, 3)


def errors(kind, born, precision="exact", assessed=False):
    return kind_and_age_errors(
        kind=kind,
        date_of_birth=born,
        dob_precision=precision,
        dob_assigned_by_age_assessment=assessed,
        today=TODAY,
    )


def test_adult_with_a_2015_date_of_birth_is_a_contradiction():
    (message,) = errors("adult_of_concern", date(2015, 3, 12))
    assert "makes them 11" in message
    assert "A child, or may be under 18" in message


def test_adult_with_an_estimated_date_of_birth_under_18_is_a_contradiction():
    assert errors("adult_of_concern", date(2010, 1, 1), precision="estimated")


def test_child_with_an_exact_1990_date_of_birth_is_a_contradiction():
    (message,) = errors("child", date(1990, 5, 4))
    assert "makes them 36" in message
    assert "estimated" in message
    # Assigned by an age assessment counts as exact even if marked estimated.
    assert errors("child", date(1990, 5, 4), precision="estimated", assessed=True)


def test_child_with_an_estimated_adult_date_of_birth_is_a_presumed_child():
    assert errors("child", date(2007, 1, 1), precision="estimated") == []


@pytest.mark.parametrize(
    ("kind", "born"),
    [
        ("child", date(2010, 1, 1)),
        ("adult_of_concern", date(1990, 1, 1)),
        ("adult_of_concern", None),
        ("parent_or_carer", date(2010, 1, 1)),
        ("other", date(2012, 1, 1)),
    ],
)
def test_no_contradiction(kind, born):
    assert errors(kind, born) == []


def test_18th_birthday_is_adult_the_day_before_is_child():
    assert errors("adult_of_concern", date(2008, 12, 3)) == []
    assert errors("adult_of_concern", date(2008, 12, 4))


def test_date_of_birth_range():
    assert date_of_birth_errors(date(1890, 1, 1), today=TODAY) == [
        "Date of birth must be after 3 December 1906: check the year (a person cannot be more "
        "than 120 years old)"
    ]
    assert date_of_birth_errors(date(2026, 12, 4), today=TODAY) == [
        "Date of birth must be in the past"
    ]
    assert date_of_birth_errors(date(1906, 12, 3), today=TODAY) == []
    # 1900 was not a leap year.
    assert earliest_date_of_birth(date(2020, 2, 29)) == date(1900, 2, 28)


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1)))
def test_every_accepted_date_of_birth_gives_an_age_from_0_to_the_maximum(born):
    if not date_of_birth_errors(born, today=TODAY):
        assert 0 <= age_on(born, TODAY) <= MAX_AGE_YEARS


def test_age_is_described_without_showing_an_estimate_as_a_birthday():
    def said(born, precision, assessed=False):
        return age_description(
            born, dob_precision=precision, dob_assigned_by_age_assessment=assessed, today=TODAY
        )

    assert said(date(2011, 1, 1), "estimated") == "about 15 (estimated date of birth)"
    assert said(date(2012, 3, 4), "exact") == "born 4 March 2012 (14)"
    assert said(date(2010, 1, 1), "estimated", assessed=True) == (
        "born 1 January 2010 (16, assigned by an age assessment)"
    )
    assert said(None, "unknown") == "age not known"
    assert "1 January" not in said(date(2011, 1, 1), "estimated")
