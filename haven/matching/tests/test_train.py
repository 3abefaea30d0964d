"""Training safeguards that do not need a population."""

import numpy as np

from haven.matching.model import GIVEN_NAME, MatchModel
from haven.matching.train import agreeing_names_never_count_against

LEVEL = {level: position for position, level in enumerate(GIVEN_NAME.levels)}


def test_a_name_variant_seldom_seen_in_training_still_counts_for_a_match():
    model = MatchModel()
    m = {name: values.copy() for name, values in model.m.items()}
    # As estimated where spelling variants are rare: almost never seen among matches.
    m["given_name"][LEVEL["variant"]] = 1e-6
    m["given_name"] /= m["given_name"].sum()
    collapsed = model.with_parameters(m=m)
    assert collapsed.level_weights("given_name")[LEVEL["variant"]] < 0

    fixed = model.with_parameters(m=agreeing_names_never_count_against(m, model.u))
    weights = fixed.level_weights("given_name")
    assert weights[LEVEL["variant"]] >= weights[LEVEL["loosely_similar"]] - 1e-6
    assert weights[LEVEL["variant"]] > 0
    assert np.isclose(fixed.m["given_name"].sum(), 1.0)
