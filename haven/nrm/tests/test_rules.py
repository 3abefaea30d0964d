"""The NRM's pure rules: every transition legal and illegal, and the decision clocks across
weekends and bank holidays."""

from datetime import date
from itertools import product

import pytest

from haven.nrm import rules
from haven.nrm.rules import NrmState as S

LEGAL = {
    S.DRAFT: {S.WITHDRAWN},
    S.SUBMITTED: {S.REASONABLE_GROUNDS_POSITIVE, S.REASONABLE_GROUNDS_NEGATIVE, S.WITHDRAWN},
    S.REASONABLE_GROUNDS_POSITIVE: {
        S.CONCLUSIVE_GROUNDS_POSITIVE,
        S.CONCLUSIVE_GROUNDS_NEGATIVE,
        S.WITHDRAWN,
    },
    S.REASONABLE_GROUNDS_NEGATIVE: {S.RECONSIDERATION_REQUESTED, S.WITHDRAWN},
    S.CONCLUSIVE_GROUNDS_POSITIVE: set(),
    S.CONCLUSIVE_GROUNDS_NEGATIVE: {S.RECONSIDERATION_REQUESTED, S.WITHDRAWN},
    S.WITHDRAWN: set(),
}


@pytest.mark.parametrize(("current", "decision"), list(product(LEGAL, S.values)))
def test_every_transition_from_a_plain_state(current, decision):
    history = (S.DRAFT, current) if current != S.DRAFT else (S.DRAFT,)
    legal = decision in LEGAL[current]
    assert (decision in rules.allowed_next(history)) is legal
    problem = rules.transition_problem(history, decision)
    if legal:
        assert problem is None
    else:
        # The refusal names the current state.
        assert S(current).label.lower() in problem


@pytest.mark.parametrize(
    ("reconsidered", "legal"),
    [
        (S.REASONABLE_GROUNDS_NEGATIVE, {*rules.REASONABLE_GROUNDS, S.WITHDRAWN}),
        (S.CONCLUSIVE_GROUNDS_NEGATIVE, {*rules.CONCLUSIVE_GROUNDS, S.WITHDRAWN}),
    ],
)
@pytest.mark.parametrize("decision", S.values)
def test_a_reconsideration_decides_the_same_stage_again(reconsidered, legal, decision):
    history = (S.DRAFT, S.SUBMITTED, reconsidered, S.RECONSIDERATION_REQUESTED)
    assert (decision in rules.allowed_next(history)) is (decision in legal)


def test_conclusive_grounds_before_reasonable_grounds_is_refused_naming_the_state():
    problem = rules.transition_problem((S.DRAFT, S.SUBMITTED), S.CONCLUSIVE_GROUNDS_POSITIVE)
    assert problem == (
        "A decision of positive conclusive grounds cannot be recorded: the referral is "
        "submitted, awaiting a reasonable grounds decision"
    )


def test_submitting_is_its_own_step():
    assert "submit it with its Home Office reference" in rules.transition_problem(
        (S.DRAFT,), S.SUBMITTED
    )


@pytest.mark.parametrize(
    ("submitted_on", "due"),
    [
        (date(2026, 11, 24), date(2026, 12, 1)),  # Tuesday: the following Tuesday
        (date(2026, 12, 23), date(2027, 1, 4)),  # Christmas, Boxing Day (moved), New Year
        (date(2027, 3, 24), date(2027, 4, 2)),  # Good Friday 26 and Easter Monday 29 March
        (date(2027, 3, 25), date(2027, 4, 5)),
        (date(2027, 5, 28), date(2027, 6, 7)),  # late May bank holiday Monday
    ],
)
def test_the_reasonable_grounds_target_skips_weekends_and_bank_holidays(submitted_on, due):
    assert rules.reasonable_grounds_due(submitted_on) == due


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 11, 24), date(2026, 11, 24), 0),
        (date(2026, 11, 27), date(2026, 11, 30), 1),  # Friday to Monday
        (date(2026, 12, 23), date(2027, 1, 4), 5),  # 25, 26 (28 in lieu), 1 Jan are holidays
        (date(2027, 3, 25), date(2027, 4, 6), 6),  # over Easter
    ],
)
def test_working_days_from_submission_to_a_decision(start, end, days):
    assert rules.working_days_between(start, end) == days


def test_overdue_only_after_the_targets_last_day_and_only_while_waiting():
    submitted = date(2026, 12, 23)
    due = date(2027, 1, 4)
    kwargs = {"submitted_on": submitted}
    assert not rules.reasonable_grounds_overdue(state=S.SUBMITTED, today=due, **kwargs)
    assert rules.reasonable_grounds_overdue(state=S.SUBMITTED, today=date(2027, 1, 5), **kwargs)
    assert not rules.reasonable_grounds_overdue(
        state=S.REASONABLE_GROUNDS_POSITIVE, today=date(2027, 1, 5), **kwargs
    )


@pytest.mark.parametrize(
    ("answer", "child"),
    [(rules.UnderAge.YES, True), (rules.UnderAge.NOT_SURE, True), (rules.UnderAge.NO, False)],
)
def test_not_sure_is_a_child(answer, child):
    assert rules.is_child(answer) is child


def test_screening_types_tick_the_forms_boxes():
    assert rules.form_types_for(["sexual", "criminal"], child=True) == [
        "prostitution",
        "child_exploitation",
        "forced_to_commit_crime",
    ]
    assert rules.form_types_for(["labour"], child=False) == ["forced_to_work"]
