"""The NRM's pure rules (DOMAIN §6): the states a referral or Duty to Notify moves through and
which moves can happen, the decision clocks in working days, the Home Office form's types of
exploitation and how screening's types map onto them. No database."""

from datetime import date, datetime, time, timedelta

from django.db import models

from haven.core.working_days import LONDON, add_working_days, is_working_day

# The Single Competent Authority's target for a reasonable grounds decision (DOMAIN §6).
REASONABLE_GROUNDS_TARGET_DAYS = 5


class NrmState(models.TextChoices):
    DRAFT = "draft", "Draft (not yet submitted)"
    SUBMITTED = "submitted", "Submitted, awaiting a reasonable grounds decision"
    REASONABLE_GROUNDS_POSITIVE = "reasonable_grounds_positive", "Positive reasonable grounds"
    REASONABLE_GROUNDS_NEGATIVE = "reasonable_grounds_negative", "Negative reasonable grounds"
    CONCLUSIVE_GROUNDS_POSITIVE = "conclusive_grounds_positive", "Positive conclusive grounds"
    CONCLUSIVE_GROUNDS_NEGATIVE = "conclusive_grounds_negative", "Negative conclusive grounds"
    RECONSIDERATION_REQUESTED = "reconsideration_requested", "Reconsideration requested"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = NrmState
REASONABLE_GROUNDS = frozenset({S.REASONABLE_GROUNDS_POSITIVE, S.REASONABLE_GROUNDS_NEGATIVE})
CONCLUSIVE_GROUNDS = frozenset({S.CONCLUSIVE_GROUNDS_POSITIVE, S.CONCLUSIVE_GROUNDS_NEGATIVE})
NEGATIVE = frozenset({S.REASONABLE_GROUNDS_NEGATIVE, S.CONCLUSIVE_GROUNDS_NEGATIVE})

# From each state, the states a recorded decision may move to. Submitting (draft → submitted)
# has its own step with the submission date and Home Office reference, so it is not here.
# A reconsideration is of the negative decision before it: its outcome is a fresh decision of
# the same stage (see ``allowed_next``).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.WITHDRAWN}),
    S.SUBMITTED: REASONABLE_GROUNDS | {S.WITHDRAWN},
    S.REASONABLE_GROUNDS_POSITIVE: CONCLUSIVE_GROUNDS | {S.WITHDRAWN},
    S.REASONABLE_GROUNDS_NEGATIVE: frozenset({S.RECONSIDERATION_REQUESTED, S.WITHDRAWN}),
    S.CONCLUSIVE_GROUNDS_POSITIVE: frozenset(),
    S.CONCLUSIVE_GROUNDS_NEGATIVE: frozenset({S.RECONSIDERATION_REQUESTED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset(),
}
DECISIONS = frozenset(S) - {S.DRAFT, S.SUBMITTED}


def allowed_next(history: tuple[str, ...]) -> frozenset[str]:
    """The decisions that can follow ``history`` (every state so far, oldest first, the first
    ``draft``). After a reconsideration request, the stage reconsidered is decided again (or the
    referral withdrawn)."""
    current = history[-1]
    if current == S.RECONSIDERATION_REQUESTED:
        reconsidered = history[-2]
        stage = REASONABLE_GROUNDS if reconsidered in REASONABLE_GROUNDS else CONCLUSIVE_GROUNDS
        return stage | {S.WITHDRAWN}
    return TRANSITIONS[current]


def transition_problem(history: tuple[str, ...], decision: str) -> str | None:
    """Why ``decision`` cannot follow ``history``, in words naming the current state; None when
    it can."""
    if decision in allowed_next(history):
        return None
    current = NrmState(history[-1]).label.lower()
    if decision == S.SUBMITTED:
        return f"The referral is {current}: submit it with its Home Office reference instead"
    wanted = NrmState(decision).label.lower() if decision in S.values else decision
    return f"A decision of {wanted} cannot be recorded: the referral is {current}"


# --- Clocks ------------------------------------------------------------------------------------


def _start(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=LONDON)


def reasonable_grounds_due(submitted_on: date) -> date:
    """The last day of the reasonable grounds target: 5 working days after submission."""
    return add_working_days(start=_start(submitted_on), days=REASONABLE_GROUNDS_TARGET_DAYS).date()


def latest_overdue_submission(today: date) -> date:
    """The latest day a referral could be submitted and be overdue ``today``: a later
    submission never has an earlier target, so every referral still waiting that was
    submitted on or before this day is overdue, and none after it (the database can filter
    by it)."""
    day = today
    while reasonable_grounds_due(day) >= today:
        day -= timedelta(days=1)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 on the same day): how long a
    decision took from submission."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day=day)
    return days


def reasonable_grounds_overdue(*, state: str, submitted_on: date | None, today: date) -> bool:
    """Still awaiting a reasonable grounds decision after the target's last day."""
    return (
        state == S.SUBMITTED
        and submitted_on is not None
        and today > reasonable_grounds_due(submitted_on)
    )


# --- The Home Office form's answers and types of exploitation --------------------------------


class UnderAge(models.TextChoices):
    """``pv-under-age``. "Not sure" is a child: treated as one until an age assessment says
    otherwise (DOMAIN §2 rule 3), so no consent question and never a Duty to Notify."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


def is_child(under_age: str) -> bool:
    return under_age in (UnderAge.YES, UnderAge.NOT_SURE)


class FormExploitationType(models.TextChoices):
    """The form's ``types-of-exploitation-…`` boxes, in its order and words."""

    FORCED_TO_WORK = "forced_to_work", "Forced to work for nothing or almost nothing"
    WAGES_TAKEN = "wages_taken", "Wages taken by someone else"
    FORCED_TO_COMMIT_FRAUD = "forced_to_commit_fraud", "Forced to commit fraud"
    PROSTITUTION = "prostitution", "Forced into prostitution or sexual exploitation"
    CHILD_EXPLOITATION = "child_exploitation", "Child sexual or criminal exploitation"
    TAKEN_SOMEWHERE = "taken_somewhere", "Taken somewhere and kept there"
    FORCED_TO_COMMIT_CRIME = "forced_to_commit_crime", "Forced to commit crime"
    ORGANS_REMOVED = "organs_removed", "Organs removed"
    UNPAID_HOUSEHOLD_WORK = "unpaid_household_work", "Unpaid household work (domestic servitude)"
    OTHER = "other", "Other"


def form_key(code: str) -> str:
    """A form field name from Haven's code: ``forced_to_work`` → ``forced-to-work``."""
    return code.replace("_", "-")


class ExploitationType(models.TextChoices):
    """DOMAIN §2 rule 5: the NRM statistics' categories (a Duty to Notify records these)."""

    SEXUAL = "sexual", "Sexual"
    LABOUR = "labour", "Labour"
    CRIMINAL = "criminal", "Criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude", "Domestic servitude"
    ORGAN_HARVESTING = "organ_harvesting", "Organ harvesting"
    NOT_SPECIFIED = "not_specified", "Not specified"


F = FormExploitationType
_FORM_TYPES_OF: dict[str, tuple[str, ...]] = {
    ExploitationType.SEXUAL: (F.PROSTITUTION,),
    ExploitationType.LABOUR: (F.FORCED_TO_WORK,),
    ExploitationType.CRIMINAL: (F.FORCED_TO_COMMIT_CRIME,),
    ExploitationType.DOMESTIC_SERVITUDE: (F.UNPAID_HOUSEHOLD_WORK,),
    ExploitationType.ORGAN_HARVESTING: (F.ORGANS_REMOVED,),
    ExploitationType.NOT_SPECIFIED: (F.OTHER,),
}


def form_types_for(types, *, child: bool) -> list[str]:
    """The form's boxes for DOMAIN §2 types (screening's, or a Duty to Notify's). A child's
    sexual or criminal exploitation also ticks the form's child exploitation box."""
    ticked = {form for kind in types for form in _FORM_TYPES_OF.get(kind, ())}
    if child and {ExploitationType.SEXUAL, ExploitationType.CRIMINAL} & set(types):
        ticked.add(F.CHILD_EXPLOITATION)
    return [code for code in F.values if code in ticked]
