"""The shape of the network: who is most linked (degree, betweenness), which groups are
densely linked (Louvain communities), and who is quoted most, in what role."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..results import Table
from .graph import Entity, _fallback, _run, _simple, _text, edge_graph, entities

# Communities come from Louvain with this seed, on a graph whose nodes and edges are added
# in sorted order, so the same graph always gives the same communities.
COMMUNITY_SEED = 42
# Exact betweenness costs (entities x edges); above this many entities it is estimated from
# this many source entities, drawn with COMMUNITY_SEED, so the output stays the same.
BETWEENNESS_EXACT_UP_TO = 1000
BETWEENNESS_SAMPLES = 200



@dataclass(frozen=True)
class Centrality:
    """An entity's place in the network: how many others it is linked to (``degree``) and
    how often it lies on the shortest paths between others (``betweenness``, 0 to 1)."""

    rank: int
    entity: Entity
    degree: int
    betweenness: float

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, **self.entity.to_dict(), "degree": self.degree,
                "betweenness": round(self.betweenness, 6)}


@dataclass(frozen=True)
class Community:
    """A group of entities more densely linked to each other than to the rest, most linked first."""

    number: int
    members: tuple[Entity, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"community": self.number, "size": len(self.members),
                "members": [{"id": e.id, "label": e.label} for e in self.members]}


@dataclass(frozen=True)
class Office:
    """A role a speaker holds (or held) and where, or the organization they work for."""

    role: str | None
    of: Entity | None
    former: bool = False

    def __str__(self) -> str:
        role = f"former {self.role}" if self.former and self.role else self.role
        return ", ".join(x for x in (role, self.of.label if self.of else None) if x)


@dataclass(frozen=True)
class Speaker:
    """A quoted speaker: how many quotations, and in what role."""

    entity: Entity
    quotations: int
    offices: tuple[Office, ...] = ()

    @property
    def role(self) -> str:
        return "; ".join(str(o) for o in self.offices)

    def to_dict(self) -> dict[str, Any]:
        return {**self.entity.to_dict(), "quotations": self.quotations, "role": self.role or None,
                "offices": [{"role": o.role, "of": o.of.id if o.of else None, "former": o.former}
                            for o in self.offices]}


@dataclass(frozen=True)
class Analysis:
    """Centrality, communities and speakers of one graph."""

    entities: int
    edges: int
    centrality: tuple[Centrality, ...]
    communities: tuple[Community, ...]
    speakers: tuple[Speaker, ...]
    algorithm: str = "louvain"

    @property
    def betweenness(self) -> str:
        """How betweenness was computed: exactly, or estimated from a sample of sources."""
        if self.entities > BETWEENNESS_EXACT_UP_TO:
            return f"estimated from {BETWEENNESS_SAMPLES} sources (seed {COMMUNITY_SEED})"
        return "exact"

    def to_dict(self) -> dict[str, Any]:
        return {"graph": {"entities": self.entities, "edges": self.edges, "betweenness": self.betweenness},
                "centrality": [c.to_dict() for c in self.centrality],
                "communities": {"algorithm": self.algorithm, "seed": COMMUNITY_SEED,
                                "groups": [c.to_dict() for c in self.communities]},
                "speakers": [s.to_dict() for s in self.speakers]}

    def centrality_table(self, limit: int | None = None):
        """The centrality ranking as a table (text in a terminal, HTML in a notebook)."""
        return Table.from_rows(["rank", "entity", "type", "degree", "betweenness"],
                               [[str(c.rank), c.entity.label, c.entity.type, str(c.degree), f"{c.betweenness:.3f}"]
                                for c in self.centrality[:limit]])

    def communities_table(self, limit: int | None = None):
        """The communities as a table: members most linked first (``limit`` members shown)."""
        rows = []
        for c in self.communities:
            shown = [e.label for e in c.members[:limit]]
            more = len(c.members) - len(shown)
            rows.append([str(c.number), str(len(c.members)),
                         "; ".join(shown) + (f"; and {more} more" if more else "")])
        return Table.from_rows(["community", "size", "members"], rows)

    def speakers_table(self, limit: int | None = None):
        """The most quoted speakers as a table."""
        return Table.from_rows(["speaker", "quotations", "role"],
                               [[s.entity.label, str(s.quotations), s.role] for s in self.speakers[:limit]])


def centrality(source=None, project_root: Path | str | None = None, graph=None) -> list[Centrality]:
    """Every entity of the direct-edge network, most linked first (ties: higher betweenness, then name).

    Betweenness is exact up to BETWEENNESS_EXACT_UP_TO entities, and estimated from
    BETWEENNESS_SAMPLES sources (with a fixed seed) above that.
    """
    import networkx as nx

    graph = graph if graph is not None else edge_graph(source, project_root)
    simple = _simple(graph)
    sampled = simple.number_of_nodes() > BETWEENNESS_EXACT_UP_TO
    between = nx.betweenness_centrality(simple, normalized=True, k=BETWEENNESS_SAMPLES if sampled else None,
                                        seed=COMMUNITY_SEED if sampled else None)
    order = sorted(simple.nodes, key=lambda n: (-simple.degree(n), -round(between[n], 9),
                                               graph.nodes[n]["label"], n))
    return [Centrality(i, graph.nodes[n]["entity"], simple.degree(n), between[n]) for i, n in enumerate(order, 1)]


def communities(source=None, project_root: Path | str | None = None, graph=None) -> list[Community]:
    """Louvain communities of the direct-edge network (fixed seed: the same graph gives the same
    groups), largest first; members most linked first."""
    from networkx.algorithms.community import louvain_communities

    graph = graph if graph is not None else edge_graph(source, project_root)
    simple = _simple(graph)
    key = lambda n: (-simple.degree(n), graph.nodes[n]["label"], n)  # noqa: E731
    groups = [sorted(g, key=key) for g in louvain_communities(simple, seed=COMMUNITY_SEED)]
    groups.sort(key=lambda g: (-len(g), key(g[0])))
    return [Community(i, tuple(graph.nodes[n]["entity"] for n in g)) for i, g in enumerate(groups, 1)]


def speakers(source=None, project_root: Path | str | None = None, known: dict[str, Entity] | None = None
             ) -> list[Speaker]:
    """Every quoted speaker with the number of kgb:Quotation statements they have, most quoted
    first, with their office (role and where) when the graph gives one."""
    known = known if known is not None else entities(source, project_root)
    count: dict[str, int] = {}
    offices: dict[str, set[Office]] = defaultdict(set)
    for row in _run("analysis-speakers", source, project_root):
        iri = str(row.speaker)
        count[iri] = int(row.quotations)
        if row.affiliation is not None:
            of = str(row.affiliation)
            offices[iri].add(Office(_text(row.role), known.get(of) or _fallback(of),
                                    bool(row.former is not None and row.former.toPython() is True)))
    people = [Speaker(known.get(iri) or _fallback(iri), n,
                      tuple(sorted(offices[iri], key=lambda o: (o.former, str(o)))))
              for iri, n in count.items()]
    return sorted(people, key=lambda s: (-s.quotations, s.entity.label, s.entity.iri))


def analyze(source=None, project_root: Path | str | None = None, top: int | None = None) -> Analysis:
    """Centrality (degree and betweenness), communities and the most quoted speakers.

    ``top`` keeps the first N of the centrality ranking and of the speakers (None: all);
    communities always list every member.
    """
    graph = edge_graph(source, project_root)
    ranking = centrality(graph=graph)
    quoted = speakers(source, project_root, known=graph.graph["entities"])
    return Analysis(graph.number_of_nodes(), graph.number_of_edges(), tuple(ranking[:top]),
                    tuple(communities(graph=graph)), tuple(quoted[:top]))


