"""Paths between two entities: the shortest chains of direct edges linking them, each link
with the statements (and their exact words) it stands on."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..results import Table
from .graph import (
    AnalysisError,
    Entity,
    _run,
    _simple,
    _text,
    edge_graph,
    resolve_entity,
)


@dataclass(frozen=True)
class Evidence:
    """One statement behind a direct edge: its exact words and the article they are from."""

    statement: str
    statement_label: str
    quotes: tuple[str, ...]
    article: str | None
    headline: str | None
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "label": self.statement_label, "quotes": list(self.quotes),
                "article": self.article, "headline": self.headline, "published": self.published}


@dataclass(frozen=True)
class Link:
    """A direct edge, in its true direction, with the statements it stands on."""

    subject: Entity
    relation: str
    relation_label: str
    object: Entity
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject.id, "relation": self.relation, "relation_label": self.relation_label,
                "object": self.object.id, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Hop:
    """One step of a path, from ``start`` to ``end``, and every direct edge between the two
    (in either direction: ``Link.subject`` may be ``end``)."""

    start: Entity
    end: Entity
    links: tuple[Link, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.id, "to": self.end.id, "links": [link.to_dict() for link in self.links]}


@dataclass(frozen=True)
class Chain:
    """A chain of hops (direct edges) linking two entities."""

    hops: tuple[Hop, ...]

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.hops[0].start, *(h.end for h in self.hops)) if self.hops else ()

    def to_dict(self) -> dict[str, Any]:
        return {"entities": [e.id for e in self.entities], "hops": [h.to_dict() for h in self.hops]}


@dataclass(frozen=True)
class PathResult:
    """The shortest path(s) between two entities (``paths`` is empty when there is none)."""

    source: Entity
    target: Entity
    paths: tuple[Chain, ...]
    max_hops: int | None = None
    reason: str = ""

    @property
    def hops(self) -> int | None:
        return len(self.paths[0].hops) if self.paths else None

    def table(self):
        """Every link of every path as a table, one row per evidence quote (HTML in a notebook)."""
        rows = []
        for n, path in enumerate(self.paths, 1):
            for i, hop in enumerate(path.hops, 1):
                for link in hop.links:
                    cells = [str(n), str(i), link.subject.label, link.relation_label, link.object.label]
                    for ev in link.evidence or (None,):
                        source = (ev.headline or ev.article or "") if ev else ""
                        for quote in (ev.quotes if ev else ()) or ("",):
                            rows.append(cells + [quote, source])
        return Table.from_rows(["path", "hop", "subject", "relation", "object", "evidence", "article"], rows)

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source.to_dict(), "to": self.target.to_dict(), "hops": self.hops,
                "paths": [p.to_dict() for p in self.paths],
                "entities": {e.id: e.to_dict() for p in self.paths for e in p.entities}}


def find_paths(a: str, b: str, source=None, all_paths: bool = False, max_hops: int | None = None,
               project_root: Path | str | None = None) -> PathResult:
    """The shortest chain(s) of direct edges linking ``a`` to ``b`` (names, aliases or ids).

    Edges count in both directions for connectivity; each link keeps its true direction and
    the evidence of its statements. ``all_paths``: every shortest path, not just the first (in
    order of the entities' names). ``max_hops``: give up on paths longer than this.
    """
    import networkx as nx

    if max_hops is not None and max_hops < 1:
        raise AnalysisError("max hops must be at least 1")
    graph = edge_graph(source, project_root)
    known = graph.graph["entities"]
    start, end = resolve_entity(a, known), resolve_entity(b, known)
    if start.iri == end.iri:
        raise AnalysisError(f"{a!r} and {b!r} are the same entity ({start.id})")
    for entity in (start, end):
        if entity.iri not in graph:
            return PathResult(start, end, (), max_hops, f"{entity.label} has no direct edges")
    simple = _simple(graph)
    try:
        length = nx.shortest_path_length(simple, start.iri, end.iri)
    except nx.NetworkXNoPath:
        return PathResult(start, end, (), max_hops, "they are not connected")
    if max_hops is not None and length > max_hops:
        return PathResult(start, end, (), max_hops,
                          f"the shortest path has {length} hops, more than {max_hops}")
    label = lambda iri: (graph.nodes[iri]["label"], iri)  # noqa: E731
    chains = sorted(nx.all_shortest_paths(simple, start.iri, end.iri), key=lambda p: [label(n) for n in p])
    if not all_paths:
        chains = chains[:1]
    cache: dict[tuple[str, str, str], tuple[Evidence, ...]] = {}

    def links(u: str, v: str) -> tuple[Link, ...]:
        out = []
        for s, o in ((u, v), (v, u)):
            for relation, data in sorted((graph.get_edge_data(s, o) or {}).items()):
                if (s, relation, o) not in cache:
                    cache[(s, relation, o)] = _evidence(s, relation, o, source, project_root)
                out.append(Link(graph.nodes[s]["entity"], relation, data["label"], graph.nodes[o]["entity"],
                                cache[(s, relation, o)]))
        return tuple(out)

    paths = tuple(Chain(tuple(Hop(graph.nodes[u]["entity"], graph.nodes[v]["entity"], links(u, v))
                              for u, v in pairwise(chain))) for chain in chains)
    return PathResult(start, end, paths, max_hops)


def _evidence(subject: str, relation: str, obj: str, source, project_root) -> tuple[Evidence, ...]:
    from rdflib import URIRef

    params = {"subject": URIRef(subject), "relation": URIRef(relation), "object": URIRef(obj)}
    quotes: dict[str, list[tuple[int, str]]] = defaultdict(list)
    meta: dict[str, tuple] = {}
    for row in _run("analysis-edge-evidence", source, project_root, params):
        st = str(row.statement)
        meta.setdefault(st, (_text(row.statementLabel) or "", _text(row.article), _text(row.headline),
                             _text(row.published)))
        if row.exact is not None:
            start = int(row.start) if row.start is not None else -1
            if (start, str(row.exact)) not in quotes[st]:
                quotes[st].append((start, str(row.exact)))
    out = []
    for st in sorted(meta, key=lambda s: (meta[s][1] or "", min(quotes[s], default=(-1, ""))[0], s)):
        label, article, headline, published = meta[st]
        out.append(Evidence(st, label, tuple(q for _, q in sorted(quotes[st])), article, headline, published))
    return tuple(out)


