"""Age rules for a person's record (DOMAIN §2 rule 3). Pure: no database, the day is given.

The date of birth decides whether someone is a child: a record that calls a person an adult
while its date of birth makes them under 18 (or a child while an exact date of birth makes them
an adult) is a contradiction the person recording it must correct. It is never resolved
silently, and never towards "adult": a child recorded as an adult would bypass the front door.
"""

from datetime import date

ADULT_AGE = 18
# The oldest date of birth a record accepts: nobody recorded is older than this. Screening's own
# bound (130 years, part of its API) is wider, so every recorded person can be screened.
MAX_AGE_YEARS = 120

CHILD_KIND = "child"
ADULT_KIND = "adult_of_concern"
# Only an estimate may disagree with the kind: the person may be older or younger than it says.
ESTIMATED = "estimated"
UNKNOWN = "unknown"


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day``."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def earliest_date_of_birth(today: date) -> date:
    """``MAX_AGE_YEARS`` before today (29 February falls back to the 28th)."""
    year = today.year - MAX_AGE_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def long_date(day: date) -> str:
    """GOV.UK style: 4 June 2011."""
    return f"{day.day} {day:%B %Y}"


def date_of_birth_errors(date_of_birth: date | None, *, today: date) -> list[str]:
    """A date of birth must be in the past and at most ``MAX_AGE_YEARS`` ago."""
    if date_of_birth is None:
        return []
    if date_of_birth > today:
        return ["Date of birth must be in the past"]
    earliest = earliest_date_of_birth(today)
    if date_of_birth < earliest:
        return [
            f"Date of birth must be after {long_date(earliest)}: check the year "
            f"(a person cannot be more than {MAX_AGE_YEARS} years old)"
        ]
    return []


def kind_and_age_errors(
    *,
    kind: str,
    date_of_birth: date | None,
    dob_precision: str,
    dob_assigned_by_age_assessment: bool = False,
    today: date,
) -> list[str]:
    """Messages when the kind chosen contradicts the date of birth; empty when they agree.

    - "An adult" with any date of birth (exact or estimated) under 18: anyone who may be under
      18 is presumed a child, so the record must say child.
    - "A child" with an exact (or age-assessed) date of birth of 18 or over: an adult recorded
      as a child is not presumed a child unless the age is in doubt, which an estimated date of
      birth says.
    """
    if date_of_birth is None or dob_precision == UNKNOWN or date_of_birth > today:
        return []
    age = age_on(date_of_birth, today)
    born = long_date(date_of_birth)
    if kind == ADULT_KIND and age < ADULT_AGE:
        return [
            f"You said the person is an adult, but the date of birth {born} makes them {age}. "
            "Anyone who may be under 18 is treated as a child: select 'A child, or may be "
            "under 18', or correct the date of birth"
        ]
    exact = dob_precision != ESTIMATED or dob_assigned_by_age_assessment
    if kind == CHILD_KIND and exact and age >= ADULT_AGE:
        return [
            f"You said the person is a child, but the exact date of birth {born} makes them "
            f"{age}. Select 'An adult', correct the date of birth, or if their age is in doubt "
            "say the date of birth is estimated"
        ]
    return []


def age_description(
    date_of_birth: date | None,
    *,
    dob_precision: str,
    dob_assigned_by_age_assessment: bool = False,
    today: date,
) -> str:
    """How a page names a person's age: an estimate is never shown as an exact birthday."""
    if date_of_birth is None or dob_precision == UNKNOWN or date_of_birth > today:
        return "age not known"
    age = age_on(date_of_birth, today)
    if dob_assigned_by_age_assessment:
        return f"born {long_date(date_of_birth)} ({age}, assigned by an age assessment)"
    if dob_precision == ESTIMATED:
        return f"about {age} (estimated date of birth)"
    return f"born {long_date(date_of_birth)} ({age})"
