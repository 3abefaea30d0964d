"""The missing module's pure rules: no database, no clock of their own (each takes the instant).

- the return home interview's 72-hour clock, in real hours (DOMAIN §5: not working days, and
  across a clock change 72 hours are 72 hours);
- repeat missing: N episodes within D days (per authority, `repeat_missing` in the screening
  vocabulary's `areas:`);
- "all three risks considered" (strategy section 7; decision 0019).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

INTERVIEW_HOURS = 72


def interview_due_by(returned_at: datetime) -> datetime:
    """72 real hours after the return: aware datetimes subtract in UTC, so a clock change in
    between does not move the deadline by an hour."""
    return returned_at + timedelta(hours=INTERVIEW_HOURS)


class InterviewClock(StrEnum):
    NOT_STARTED = "not_started"  # still missing: the clock starts at the return
    DUE = "due"
    MET = "met"
    LATE = "late"


def interview_clock(
    *, returned_at: datetime | None, held_at: datetime | None, now: datetime
) -> InterviewClock:
    """Met when an interview was held within 72 hours of the return; late when it was held
    after, or when none is held and 72 hours have passed; due until then."""
    if returned_at is None:
        return InterviewClock.NOT_STARTED
    due_by = interview_due_by(returned_at)
    if held_at is not None:
        return InterviewClock.MET if held_at <= due_by else InterviewClock.LATE
    return InterviewClock.LATE if now > due_by else InterviewClock.DUE


@dataclass(frozen=True)
class RepeatMissingRule:
    episodes: int = 3
    days: int = 90


def is_repeat_missing(
    reported_at: Iterable[datetime], *, rule: RepeatMissingRule, at: datetime
) -> bool:
    """At least ``rule.episodes`` episodes reported in the ``rule.days`` days up to ``at``."""
    since = at - timedelta(days=rule.days)
    return sum(1 for moment in reported_at if since < moment <= at) >= rule.episodes


_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


def postcode_normalised(value: str) -> str | None:
    """A UK postcode in capitals with one space before the inward code ("wa1 1aa" ->
    "WA1 1AA"); None when it is not one. Blank stays blank."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        return ""
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def all_three_risks_considered(
    *,
    screening_outcome: str | None,
    consider_trafficking_open: bool,
    returns_without_interview_offer: int,
) -> bool:
    """Strategy section 7: "every CSE, missing and trafficking plan shows all three risks
    considered". Yes exactly when the case's screening in force reached an outcome other than
    insufficient information (the engine answers both the CSE risk group and the trafficking
    definition on every screening), no `consider_trafficking` task is still open (where
    trafficking had to be considered, the reasoning is recorded), and every return from missing
    has had a return home interview offered (going missing explored with the child)."""
    return (
        screening_outcome not in (None, "insufficient_information")
        and not consider_trafficking_open
        and returns_without_interview_offer == 0
    )
