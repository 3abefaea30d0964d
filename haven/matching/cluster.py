"""Clustering matched pairs into people."""

import numpy as np


def connected_components(count: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label of each of ``count`` nodes joined by edges (left[k], right[k]).

    Vectorised union-find: repeatedly hook each edge's larger root under its smaller root,
    then compress paths by pointer jumping.  A node's label is the smallest node in its
    component.
    """
    parent = np.arange(count, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while True:
        left_root, right_root = parent[left], parent[right]
        differ = left_root != right_root
        if not differ.any():
            return parent
        np.minimum.at(
            parent,
            np.maximum(left_root[differ], right_root[differ]),
            np.minimum(left_root[differ], right_root[differ]),
        )
        while True:
            grandparent = parent[parent]
            if np.array_equal(grandparent, parent):
                break
            parent = grandparent


def cluster_pairs(
    count: int,
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    *,
    threshold: float,
    max_cluster_size: int,
) -> np.ndarray:
    """Cluster labels from pairs scored at least ``threshold``.

    Connected components can chain: A~B and B~C put A and C together however unlike they
    are, and at scale a few weak links can join hundreds of different children.  Any
    component larger than ``max_cluster_size`` is split again using only its stronger links,
    raising its threshold step by step (halving the allowed doubt each time) until every
    part is small enough or only near-certain links remain.
    """
    keep = probability >= threshold
    left, right, probability = left[keep], right[keep], probability[keep]
    labels = connected_components(count, left, right)
    edge_threshold = np.full(len(left), threshold)
    while True:
        sizes = np.bincount(labels, minlength=count)
        oversized = sizes[labels[left]] > max_cluster_size
        tightened = oversized & (edge_threshold < 1.0 - 1e-9)
        if not tightened.any():
            return labels
        edge_threshold[tightened] = 1.0 - (1.0 - edge_threshold[tightened]) / 2.0
        active = probability >= edge_threshold
        labels = connected_components(count, left[active], right[active])
