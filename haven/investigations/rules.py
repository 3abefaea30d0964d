"""Pure rules of investigations: which outcome may follow which, when a child abduction warning
notice may be given, and how a postcode is kept. No database."""

import re
from datetime import date, timedelta

from haven.investigations.models import OrderType, Outcome, UpdateGivenTo

# A suspect's outcomes form a history. Refused where the sequence cannot happen: a conviction or
# an acquittal is a court's verdict on a charge, so it needs a charge first; after a verdict
# nothing more is recorded (an appeal is a new investigation). Otherwise the police may charge
# after "no further action" (new evidence) and "ongoing" may be recorded at any time before a
# verdict.
VERDICTS = frozenset({Outcome.CONVICTED, Outcome.ACQUITTED})


def outcome_problem(*, history: list[str], outcome: str) -> str | None:
    """Why ``outcome`` cannot follow ``history`` (earliest first), or None."""
    if any(earlier in VERDICTS for earlier in history):
        return "A verdict has already been recorded for this suspect"
    if outcome in VERDICTS and Outcome.CHARGED not in history:
        label = Outcome(outcome).label.lower()
        return f"The suspect cannot be {label} without being charged: record the charge first"
    return None


# Child abduction warning notices (Child Abduction Act 1984, Children Act 1989 s49): a child
# under 16, or under 18 and in care.
def cawn_problem(*, order_type: str, child_age: int | None, child_in_care: bool) -> str | None:
    if order_type != OrderType.CAWN:
        return None
    if child_age is None:
        return None
    if child_age >= 18:
        return "A child abduction warning notice cannot be given for someone aged 18 or over"
    if child_age >= 16 and not child_in_care:
        return (
            "A child abduction warning notice for a child aged 16 or 17 can only be given "
            "if the child is in care"
        )
    return None


_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def postcode_normalised(value: str) -> str | None:
    """A UK postcode written the one way ("ch14ab" -> "CH1 4AB"); None if it is not one."""
    compact = re.sub(r"\s+", "", value).upper()
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def dates_problem(*, start: date, end: date | None) -> str | None:
    if end is not None and end <= start:
        return "The expiry date must be after the date it was issued"
    return None


# Updates to the victim's side count towards the cadence; a partner agency's does not.
TO_THE_VICTIM = frozenset({UpdateGivenTo.CHILD, UpdateGivenTo.PARENT_OR_CARER})


def victim_update_due(*, opened_on: date, last_update_on: date | None, days: int) -> date:
    """The day the next update to the child is due: ``days`` after the last one, or after the
    investigation began when there has been none."""
    return (last_update_on or opened_on) + timedelta(days=days)
