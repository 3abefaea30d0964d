"""Sort-based replacements for ``np.unique``.

``np.unique`` on tens of millions of int64 keys is two orders of magnitude slower than
``np.sort`` in the NumPy this project uses, and batch matching calls it on every candidate
pair, so the few variants needed are written over ``np.sort``/``np.argsort``.
"""

import numpy as np


def sorted_unique(values: np.ndarray, *, in_place: bool = False) -> np.ndarray:
    """The distinct values, sorted; ``in_place`` sorts ``values`` itself, sparing a copy."""
    if in_place:
        values.sort()
    ordered = values if in_place else np.sort(values)
    if len(ordered) == 0:
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]


def first_positions_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position of the first occurrence of each distinct value, in sorted value order;
    index of each value's distinct value)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, bool)
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse


def unique_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each value's distinct value)."""
    first, inverse = first_positions_inverse(values)
    return values[first], inverse


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, how often each occurs)."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])
