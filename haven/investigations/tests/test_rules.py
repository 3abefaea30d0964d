from datetime import date

import pytest

from haven.investigations.rules import (
    cawn_problem,
    outcome_problem,
    postcode_normalised,
    victim_update_due,
)


@pytest.mark.parametrize(
    ("history", "outcome", "allowed"),
    [
        ([], "ongoing", True),
        ([], "charged", True),
        ([], "no_further_action", True),
        ([], "convicted", False),  # convicted without charged
        ([], "acquitted", False),
        (["ongoing"], "convicted", False),
        (["no_further_action"], "charged", True),  # new evidence
        (["charged"], "convicted", True),
        (["charged"], "acquitted", True),
        (["charged", "convicted"], "charged", False),  # after a verdict, nothing more
        (["charged", "acquitted"], "convicted", False),
    ],
)
def test_outcomes_follow_only_possible_sequences(history, outcome, allowed):
    assert (outcome_problem(history=history, outcome=outcome) is None) is allowed


@pytest.mark.parametrize(
    ("age", "in_care", "allowed"),
    [(12, False, True), (15, False, True), (16, False, False), (17, True, True), (18, True, False)],
)
def test_a_child_abduction_warning_notice_is_for_under_16s_or_under_18s_in_care(
    age, in_care, allowed
):
    problem = cawn_problem(order_type="cawn", child_age=age, child_in_care=in_care)
    assert (problem is None) is allowed
    # Orders are not limited by the child's age.
    assert cawn_problem(order_type="stpo", child_age=age, child_in_care=in_care) is None


def test_postcodes_are_kept_one_way():
    assert postcode_normalised(" ch14ab ") == "CH1 4AB"
    assert postcode_normalised("WA1  1uh") == "WA1 1UH"
    assert postcode_normalised("M1 1AE") == "M1 1AE"
    assert postcode_normalised("not a postcode") is None


def test_the_next_update_is_due_a_cadence_after_the_last_or_the_start():
    start = date(2026, 1, 10)
    assert victim_update_due(opened_on=start, last_update_on=None, days=28) == date(2026, 2, 7)
    assert victim_update_due(opened_on=start, last_update_on=date(2026, 2, 1), days=14) == date(
        2026, 2, 15
    )
