import numpy as np

from haven.matching.cluster import cluster_pairs, connected_components


def test_connected_components_labels_by_smallest_member():
    labels = connected_components(6, np.array([4, 1, 2]), np.array([5, 2, 3]))
    assert labels.tolist() == [0, 1, 1, 1, 4, 4]


def test_weak_links_chaining_a_giant_cluster_are_cut():
    # A chain of 10 records joined by weak links, two strong pairs inside it.
    left = np.arange(9)
    right = np.arange(1, 10)
    probability = np.full(9, 0.91)
    probability[[0, 5]] = 0.9999
    labels = cluster_pairs(10, left, right, probability, threshold=0.9, max_cluster_size=4)
    sizes = np.bincount(labels)
    assert sizes.max() <= 4
    assert labels[0] == labels[1]
    assert labels[5] == labels[6]


def test_small_clusters_keep_every_link_above_threshold():
    labels = cluster_pairs(
        4,
        np.array([0, 1]),
        np.array([1, 2]),
        np.array([0.95, 0.5]),
        threshold=0.9,
        max_cluster_size=10,
    )
    assert labels.tolist() == [0, 0, 2, 3]
