"""The pure rules of a case audit: drawing the sample, and what a complete grading holds.
No database."""

import random
import secrets

# Large enough for any partnership's sample, small enough to grade in a sitting.
MAX_SAMPLE_SIZE = 50
# Seeds are written down and typed in again to repeat a draw: keep them short.
MAX_SEED = 999_999


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED) + 1


def draw_random(case_ids, size: int, seed: int) -> list[int]:
    """``size`` of ``case_ids`` drawn at random with ``seed``: the same seed and the same
    population give the same sample, whatever order the population was read in."""
    population = sorted(set(case_ids))
    return random.Random(seed).sample(population, min(size, len(population)))


def draw_by_criteria(case_ids_newest_first, size: int) -> list[int]:
    """The first ``size`` cases meeting the criteria, the most recently opened first."""
    return list(case_ids_newest_first)[:size]
