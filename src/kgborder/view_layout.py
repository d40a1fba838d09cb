"""The geometry of `kgborder view`'s network: how big a node is drawn, how parallel edges
bend apart, and where a large graph's nodes go.

A module of its own because it is plain arithmetic on node keys and (subject, relation,
object) edges: it knows nothing of RDF, the page or pyvis, and it is the part to change, and
to measure (docs/benchmarks.md), when larger graphs are to be drawn differently. view.py
reads the graph, decides what is drawn and builds the page around these numbers.
"""
from __future__ import annotations

import math
import random
from collections import defaultdict

Edge = tuple[str, str, str]
"""An edge as the view draws it: subject key, relation IRI, object key."""


def node_size(edges: int) -> float:
    """A node's size in pixels from its number of edges: 9 for none, growing with the square
    root (a hub stays in proportion), at most 42."""
    return round(min(9 + 4.5 * math.sqrt(edges), 42), 1)


def curves(edges: list[Edge]) -> list[dict | None]:
    """Edge shapes that keep parallel edges apart: an edge alone between its two nodes is
    left to the view's default; two or more between the same pair (either direction) bend
    to alternate sides, further out for each pair."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (s, _p, o) in enumerate(edges):
        groups[(min(s, o), max(s, o))].append(i)
    out: list[dict | None] = [None] * len(edges)
    for (low, _high), members in groups.items():
        if len(members) < 2:
            continue
        for n, i in enumerate(members):
            clockwise = n % 2 == 0
            if edges[i][0] != low:  # drawn the other way: the same side is the other turn
                clockwise = not clockwise
            out[i] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                      "roundness": round(0.18 * (1 + n // 2), 2)}
    return out


def positions(keys: list[str], edges: list[Edge]) -> dict[str, tuple[int, int]]:
    """Node positions for a large graph. The largest connected part: igraph's
    Fruchterman-Reingold (its grid variant, linear per step) from a fixed random start, so the
    same graph gets the same picture, spread so that the crowded middle stays legible.
    The other parts and lone nodes: in rows below it, each part's nodes side by side, where
    they neither drift off nor crowd the rest."""
    import igraph

    index = {k: i for i, k in enumerate(keys)}
    graph = igraph.Graph(n=len(keys), edges=sorted({(index[s], index[o]) for s, _p, o in edges if s != o}))
    parts = sorted(graph.connected_components(), key=len, reverse=True)
    placed: dict[str, tuple[int, int]] = {}
    bottom, left, width = 0, 0, 70 * math.sqrt(len(keys))
    if parts and len(parts[0]) > 1:
        main = parts.pop(0)
        sub = graph.induced_subgraph(main)
        rng = random.Random(0)
        spread = math.sqrt(len(main))  # as wide as igraph's own start: the grid variant needs room
        start = [[rng.uniform(-spread, spread), rng.uniform(-spread, spread)] for _ in main]
        # igraph draws its random steps from Python's global random module unless given a
        # generator: a seeded one of its own keeps the picture the same from run to run.
        igraph.set_random_number_generator(random.Random(0))
        try:
            coords = sub.layout_fruchterman_reingold(seed=start, grid="auto", niter=300).coords
        finally:
            igraph.set_random_number_generator(random)  # igraph's default
        scale = 60 / max(_nearest_spacing(coords), 1e-9)  # a node's nearest neighbour about 60 pixels away
        for i, node in enumerate(main):
            placed[keys[node]] = (round(coords[i][0] * scale), round(coords[i][1] * scale))
        xs, ys = [x for x, _ in placed.values()], [y for _, y in placed.values()]
        bottom, left, width = max(ys) + 160, min(xs), max(max(xs) - min(xs), 70)
    per_row = max(1, int(width // 70) + 1)
    rest = [keys[node] for part in parts for node in part]
    for n, key in enumerate(rest):
        placed[key] = (round(left + 70 * (n % per_row)), round(bottom + 60 * (n // per_row)))
    return placed


def _nearest_spacing(coords: list[list[float]], sample: int = 1000) -> float:
    """The median distance from a node to its nearest neighbour, over a fixed sample of the
    nodes (neighbours are looked for in the nearby cells of a grid)."""
    xs, ys = [x for x, _ in coords], [y for _, y in coords]
    cell = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / math.sqrt(len(coords))
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(coords):
        grid[(int(x // cell), int(y // cell))].append(i)
    found = []
    for i in random.Random(0).sample(range(len(coords)), min(sample, len(coords))):
        x, y = coords[i]
        cx, cy = int(x // cell), int(y // cell)
        near = [math.dist(coords[i], coords[j]) for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for j in grid[(cx + dx, cy + dy)] if j != i]
        if near:
            found.append(min(near))
    return sorted(found)[len(found) // 2] if found else cell
