"""The view's geometry (kgborder.view_layout): parallel edges bend apart, and a large graph's
layout is the same picture on every run."""
from __future__ import annotations

import random

from kgborder.view_layout import curves, node_size, positions


def test_parallel_edges_bend_to_alternate_sides_and_a_lone_edge_is_left_alone():
    edges = [("a", "p", "b"), ("a", "q", "b"), ("b", "r", "a"), ("a", "p", "c")]
    shapes = curves(edges)
    assert shapes[3] is None
    assert [s["type"] for s in shapes[:3]] == ["curvedCW", "curvedCCW", "curvedCCW"]  # b->a turns the other way
    assert [s["roundness"] for s in shapes[:3]] == [0.18, 0.18, 0.36]


def test_node_size_grows_with_edges_up_to_a_limit():
    assert node_size(0) == 9 and node_size(4) == 18 and node_size(10_000) == 42


def test_the_layout_is_the_same_whatever_the_global_random_state():
    rng = random.Random(5)
    keys = [f"n{i}" for i in range(400)] + ["alone"]
    edges = [(keys[rng.randrange(400)], "p", keys[rng.randrange(400)]) for _ in range(800)]
    random.seed(1)
    first = positions(keys, edges)
    random.seed(2)
    assert positions(keys, edges) == first
    assert set(first) == set(keys)
    linked = {key for s, _p, o in edges for key in (s, o)}
    assert first["alone"][1] > max(first[key][1] for key in linked)  # lone nodes in rows below
