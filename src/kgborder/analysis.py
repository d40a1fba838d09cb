"""Explaining and analysing the graph: paths between actors, centrality, communities,
the most quoted speakers, and a timeline of every dated number.

Everything reads the direct-edge layer and the statements through saved-query-style SPARQL
(``src/kgborder/sparql/analysis-*.rq``), from the project's store, a store directory, or an
in-memory rdflib Graph that holds the ontology too (``load_graph(project, with_ontology=True)``).
Functions return dataclasses, networkx graphs and matplotlib Figures; ``render_*`` turn them
into the text or JSON the CLI prints.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, Sequence

from .errors import KgborderError
from .namespaces import ID

# Communities come from Louvain with this seed, on a graph whose nodes and edges are added
# in sorted order, so the same graph always gives the same communities.
COMMUNITY_SEED = 42
# In text output, a link lists at most this many statements (JSON lists them all).
TEXT_EVIDENCE_LIMIT = 3
# Exact betweenness costs (entities x edges); above this many entities it is estimated from
# this many source entities, drawn with COMMUNITY_SEED, so the output stays the same.
BETWEENNESS_EXACT_UP_TO = 1000
BETWEENNESS_SAMPLES = 200
# A chart panel with more points than this shows them without labels (they would overlap).
LABELS_PER_PANEL = 20


class AnalysisError(KgborderError):
    """The graph cannot answer: no entities, an unknown or ambiguous name, a bad option."""


class UnknownEntity(AnalysisError):
    """A name that matches no entity, or more than one."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()):
        super().__init__(message)
        self.suggestions = tuple(suggestions)


# --- reading the graph ------------------------------------------------------------------------

def _run(name: str, source, project_root, params: dict | None = None):
    from .query import query

    path = Path(str(files("kgborder") / "sparql" / f"{name}.rq"))
    return query(str(path), source=source, params=params, project_root=project_root)


def _text(term) -> str | None:
    return None if term is None else str(term)


@dataclass(frozen=True)
class Entity:
    """An entity as people name it."""

    iri: str
    label: str
    type: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The slug of a kgborder entity, else the IRI."""
        return self.iri[len(str(ID)):] if self.iri.startswith(str(ID)) else self.iri

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "iri": self.iri, "label": self.label, "type": self.type}


def entities(source=None, project_root: Path | str | None = None) -> dict[str, Entity]:
    """Every entity of the graph by IRI, with its label, aliases and most specific type."""
    labels: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for row in _run("analysis-entities", source, project_root):
        iri = str(row.entity)
        labels[iri].add(str(row.label))
        if row.alias is not None:
            aliases[iri].add(str(row.alias))
        if row.typeLabel is not None:
            types[iri].add(str(row.typeLabel))
    out = {}
    for iri in sorted(labels):
        label = min(labels[iri])  # one label per entity in kgborder's data; pick one stably otherwise
        out[iri] = Entity(iri, label, ", ".join(sorted(types[iri])),
                          tuple(sorted(aliases[iri] | labels[iri] - {label})))
    return out


def _fallback(iri: str) -> Entity:
    """An endpoint of an edge that is not a typed entity (e.g. from loaded background data)."""
    local = re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
    return Entity(iri, local)


def edge_graph(source=None, project_root: Path | str | None = None):
    """The direct-edge layer as a ``networkx.MultiDiGraph``: one node per entity (attributes
    ``entity``, ``label``, ``type``), one edge per ``subject relation object`` (key: the
    relation's IRI; attribute ``label``: the relation's label)."""
    import networkx as nx

    known = entities(source, project_root)
    if not known:
        raise AnalysisError("the graph has no typed entities: is the ontology loaded? "
                            "(the store has it; in memory use load_graph(project, with_ontology=True))")
    rows = sorted({(str(r.subject), str(r.relation), str(r.object), _text(r.relationLabel) or "")
                   for r in _run("analysis-edges", source, project_root)})
    graph = nx.MultiDiGraph()
    for iri in sorted({r[0] for r in rows} | {r[2] for r in rows}):
        entity = known.get(iri) or _fallback(iri)
        graph.add_node(iri, entity=entity, label=entity.label, type=entity.type)
    labels: dict[str, str] = {}
    for subject, relation, obj, label in rows:
        labels[relation] = max(labels.get(relation, ""), label)  # one label per relation, chosen stably
    for subject, relation, obj, _ in rows:
        if not graph.has_edge(subject, obj, key=relation):
            graph.add_edge(subject, obj, key=relation, label=labels[relation] or _fallback(relation).label)
    graph.graph["entities"] = known
    return graph


def _simple(graph):
    """The undirected, simple graph of who is linked to whom (no self-loops), built in sorted
    order so that every algorithm on it is deterministic."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in graph.edges() if u != v}))
    return simple


# --- finding the entity a user means ------------------------------------------------------------

def _key(text: str) -> str:
    """A name for matching: case, accents, quotes and spacing aside."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def _name_key(text: str) -> str:
    """A name for matching entities: as ``_key``, and a leading "the" aside ("the DEA")."""
    key = _key(text)
    return key[4:] if key.startswith("the ") else key


def resolve_entity(name: str, known: dict[str, Entity]) -> Entity:
    """The one entity ``name`` means: its label, an alias or its id (or ``id:slug``, or its
    IRI), ignoring case and accents. Raises UnknownEntity, with suggestions, otherwise."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text in known:
        return known[text]
    if text.startswith("id:") and str(ID) + text[3:] in known:
        return known[str(ID) + text[3:]]
    key = _name_key(text)
    matches = [e for e in known.values()
               if key == _key(e.id) or key in {_name_key(n) for n in (e.label, *e.aliases)}]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{e.label} ({e.id})" for e in sorted(matches, key=lambda e: (e.label, e.iri)))
        raise UnknownEntity(f"{name!r} names {len(matches)} entities: {listed}; give the id",
                            [e.id for e in matches])
    suggestions = _suggest(key, known)
    if suggestions:
        hint = "; did you mean " + " or ".join(f"{s!r}" for s in suggestions) + "?"
    else:
        hint = "; 'kgborder analyze --top 0' lists every linked entity"
    raise UnknownEntity(f"no entity named {name!r}{hint}", suggestions)


def _suggest(key: str, known: dict[str, Entity], n: int = 3) -> list[str]:
    import difflib

    names: dict[str, str] = {}  # matching key -> the entity's label
    for e in sorted(known.values(), key=lambda e: e.iri):
        for candidate in (e.label, *e.aliases, e.id):
            names.setdefault(_name_key(candidate), e.label)
    found: list[str] = []
    # names close to the text, then names that contain it ("guard" -> "National Guard (Mexico)"),
    # shortest first
    containing = sorted((k for k in names if len(key) > 2 and key in k), key=lambda k: (len(k), k))
    for candidate in difflib.get_close_matches(key, names, n=n, cutoff=0.6) + containing:
        if names[candidate] not in found:
            found.append(names[candidate])
    return found[:n]


# --- paths ----------------------------------------------------------------------------------

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
                        for quote in (ev.quotes if ev else ()) or ("",):
                            rows.append(cells + [" ".join(quote.split()), (ev.headline or ev.article or "") if ev else ""])
        return _table(["path", "hop", "subject", "relation", "object", "evidence", "article"], rows)

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
                              for u, v in zip(chain, chain[1:]))) for chain in chains)
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


# --- centrality, communities, speakers --------------------------------------------------------

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
        return _table(["rank", "entity", "type", "degree", "betweenness"],
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
        return _table(["community", "size", "members"], rows)

    def speakers_table(self, limit: int | None = None):
        """The most quoted speakers as a table."""
        return _table(["speaker", "quotations", "role"],
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


# --- timeline -------------------------------------------------------------------------------

_UNIT_SYMBOLS = {"percent": "%"}


@dataclass(frozen=True)
class TimelinePoint:
    """One dated number: a statement's quantity, share or change, with what it measures."""

    statement: str
    kind: str                      # quantity, share or change
    date: str                      # as the graph gives it: 2024, 2025-02, 2025-02-04
    year: int
    precision: str                 # year, month or day
    value: float
    unit: str                      # as written: tonnes, percent, crossings
    approximation: str | None
    measure: str                   # what is counted
    subject: str | None
    places: tuple[str, ...] = ()
    trend: str | None = None
    inferred: bool = False
    statement_kind: str = ""
    article: str | None = None

    @property
    def x(self) -> float:
        """The date as a fractional year (2025-02-04 -> 2025.09), for plotting."""
        from datetime import date

        parts = [int(p) for p in self.date.split("-")[:3]]
        if len(parts) == 1:
            return float(parts[0])
        start = date(parts[0], 1, 1)
        day = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        return parts[0] + (day - start).days / 365.25

    @property
    def number(self) -> str:
        """The value as the article would write it: 12 tonnes, about 10.6 million crossings, -21%."""
        text = _number(self.value)
        symbol = _UNIT_SYMBOLS.get(self.unit)
        text = f"{text}{symbol}" if symbol else f"{text} {self.unit}"
        return f"{self.approximation} {text}" if self.approximation else text

    @property
    def label(self) -> str:
        """What the chart writes beside the point."""
        where = f" at {', '.join(self.places)}" if self.places else ""
        return f"{self.number}: {self.measure}{where}"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["places"] = list(self.places)
        out["number"] = self.number
        out["label"] = self.label
        return out


def _number(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g} million"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def _words(text: str) -> list[str]:
    # a plural's 's' aside, so that "seizures" finds a Seizure
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.findall(r"[\w%]+", _key(text))]


def timeline_data(source=None, measure: str | None = None, project_root: Path | str | None = None
                  ) -> list[TimelinePoint]:
    """Every dated quantity, share and change, in date order.

    ``measure``: keep the points whose description (what is measured, the statement's kind,
    the subject, the unit, the places) contains every word of it, case and plurals aside.
    """
    parts: dict[tuple[str, str], dict[str, Any]] = {}
    sets: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    needed = set()
    for row in _run("analysis-timeline", source, project_root):
        key = (str(row.statement), str(row.kind))
        parts.setdefault(key, {
            "time": str(row.time), "value": float(row.value), "unit": _text(row.unitLabel) or _unit_name(row.unit),
            "approximation": _text(row.approximation), "trend": _text(row.trend), "measure": _text(row.measure),
            "precision": _text(row.precision), "inferred": bool(row.inferred is not None and row.inferred.toPython()),
            "relation": _text(row.relationLabel), "article": _text(row.article)})
        for name in ("subject", "object", "place", "kindLabel"):
            value = row[name]
            if value is not None:
                sets[key][name].add(str(value))
                if name != "kindLabel":
                    needed.add(str(value))
    known = entities(source, project_root) if needed else {}
    name = lambda iri: (known.get(iri) or _fallback(iri)).label  # noqa: E731
    points = []
    for (statement, kind), p in parts.items():
        s = sets[(statement, kind)]
        subjects = sorted(name(i) for i in s["subject"])
        objects = sorted(name(i) for i in s["object"])
        what = p["measure"] or " ".join(x for x in (", ".join(subjects), p["relation"], ", ".join(objects)) if x)
        kinds = sorted(k for k in s["kindLabel"] if k != "Statement")
        precision = (p["precision"] or "").rsplit("#", 1)[-1] or {1: "year", 2: "month"}.get(
            len(p["time"].split("-")), "day")
        points.append(TimelinePoint(
            statement=statement, kind=kind, date=p["time"], year=int(p["time"][:4]), precision=precision,
            value=p["value"], unit=p["unit"], approximation=p["approximation"], measure=what,
            subject=", ".join(subjects) or None, places=tuple(sorted(name(i) for i in s["place"])),
            trend=p["trend"], inferred=p["inferred"], statement_kind=", ".join(kinds), article=p["article"]))
    if measure:
        wanted = _words(measure)
        points = [pt for pt in points
                  if all(w in " ".join(_words(" ".join([pt.measure, pt.statement_kind, pt.subject or "", pt.unit,
                                                        pt.kind, *pt.places]))) for w in wanted)]
    return sorted(points, key=lambda pt: (pt.x, pt.unit, pt.kind, pt.measure, pt.statement))


def _unit_name(unit) -> str:
    return "" if unit is None else str(unit).rsplit("/", 1)[-1].lower()


def timeline_figure(data=None, measure: str | None = None, project_root: Path | str | None = None):
    """A matplotlib Figure of the dated numbers: one panel per unit (tonnes and percent never
    share an axis), a stem and a marker per number, each labelled with what it is.

    ``data``: rows from ``timeline_data``, or where to read them (an rdflib Graph, a store
    directory, or None for the project's store; ``measure`` then filters them).
    """
    # no pyplot: the Agg canvas, never a GUI backend, so it is safe in servers, tests and threads
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if data is None or not isinstance(data, (list, tuple)):
        data = timeline_data(data, measure=measure, project_root=project_root)
    points: list[TimelinePoint] = list(data)
    if not points:
        raise AnalysisError("no dated quantities to chart" + (f" for {measure!r}" if measure else ""))
    panels: dict[str, list[TimelinePoint]] = {}
    for pt in sorted(points, key=lambda p: (p.x, p.unit)):
        panels.setdefault(pt.unit, []).append(pt)
    fig = Figure(figsize=(11, 1.0 + 2.3 * len(panels)), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    years = sorted({p.year for p in points})
    colors = {"quantity": "#1f5f8b", "share": "#2a9d8f", "change": "#c0392b"}
    markers = {"quantity": "o", "share": "s", "change": "v"}
    for ax, (unit, group) in zip(axes, panels.items()):
        dense = len(group) > LABELS_PER_PANEL  # then: small points, no stems, no labels
        xs = {id(p): p.x for p in group} if dense else _dodge(group)
        styles: dict[tuple[str, str], list[TimelinePoint]] = defaultdict(list)  # one artist per style
        for pt in group:
            styles[(pt.kind, "^" if pt.kind == "change" and pt.value > 0 else markers.get(pt.kind, "o"))].append(pt)
        for (kind, marker), pts in styles.items():
            color = colors.get(kind, "#555555")
            if not dense:
                ax.vlines([xs[id(p)] for p in pts], 0, [p.value for p in pts], color=color, linewidth=2, alpha=0.6)
            ax.plot([xs[id(p)] for p in pts], [p.value for p in pts], marker=marker, markersize=3 if dense else 9,
                    color=color, alpha=0.5 if dense else 1.0, linestyle="none", label=kind, zorder=3)
        # join the points of one series (same measure, kind, unit and places) across dates
        series: dict[tuple, list[TimelinePoint]] = defaultdict(list)
        for pt in group:
            series[(pt.measure, pt.kind, pt.places)].append(pt)
        for line in series.values():
            if len(line) > 1 and not dense:
                ax.plot([xs[id(p)] for p in line], [p.value for p in line], color=colors.get(line[0].kind, "#555"),
                        linewidth=1, linestyle="--", alpha=0.7)
        low, high = min(0.0, *(p.value for p in group)), max(0.0, *(p.value for p in group))
        span = (high - low) or 1.0
        ax.set_ylim(low - 0.25 * span, high + 0.3 * span)
        ax.axhline(0, color="#999999", linewidth=0.8)
        if not dense:
            _annotate(ax, group, span, xs)
        else:
            ax.set_title(f"{len(group)} numbers: too many to label (narrow them with a measure)",
                         fontsize=9, loc="right", color="#555555")
        symbol = _UNIT_SYMBOLS.get(unit)
        ax.set_ylabel(unit, fontsize=10)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _pos, s=symbol: f"{_compact(v)}{s}" if s else _compact(v)))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        if len(unique) > 1:
            ax.legend(unique.values(), unique.keys(), loc="best", fontsize=8, frameon=False)
    labelled = any(len(group) <= LABELS_PER_PANEL for group in panels.values())
    axes[-1].set_xlim(years[0] - 0.5, years[-1] + (1.9 if labelled else 1.2))  # room on the right for labels
    if years[-1] - years[0] <= 12:
        axes[-1].set_xticks(years)
    else:
        axes[-1].xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    axes[-1].xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    axes[-1].set_xlabel("date")
    fig.suptitle("Dated quantities, shares and changes", fontsize=13, fontweight="bold")
    return fig


def _dodge(group: list[TimelinePoint]) -> dict[int, float]:
    """Where to draw each point: points of one date side by side, so no stem hides another."""
    by_x: dict[float, list[TimelinePoint]] = defaultdict(list)
    for pt in group:
        by_x[pt.x].append(pt)
    out = {}
    for x, pts in by_x.items():
        for i, pt in enumerate(sorted(pts, key=lambda p: -p.value)):
            out[id(pt)] = x + (i - (len(pts) - 1) / 2) * 0.05
    return out


def _compact(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def _annotate(ax, group: list[TimelinePoint], span: float, xs: dict[int, float]) -> None:
    """Write each point's label to its right; labels of points at the same date are spread
    apart vertically so that they never overlap."""
    import textwrap

    by_x: dict[float, list[TimelinePoint]] = defaultdict(list)
    for pt in group:
        by_x[pt.x].append(pt)
    gap = 0.22 * span  # vertical room one label needs, in data units
    for pts in by_x.values():
        pts.sort(key=lambda p: -p.value)
        positions: list[float] = []
        for pt in pts:
            y = pt.value if not positions else min(pt.value, positions[-1] - gap)
            positions.append(y)
        # centre the block on the points when it was pushed down
        shift = (sum(p.value for p in pts) - sum(positions)) / len(pts) if len(pts) > 1 else 0.0
        for pt, y in zip(pts, positions):
            text = textwrap.fill(pt.label, width=58) + (" (date inferred)" if pt.inferred else "")
            ax.annotate(text, xy=(xs[id(pt)], pt.value), xytext=(max(xs[id(p)] for p in pts) + 0.06, y + shift),
                        fontsize=8.5,
                        va="center", ha="left", color="#222222",
                        arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "linewidth": 0.6})


# --- rendering (what the CLI prints) -------------------------------------------------------------

def _table(columns: list[str], rows: list[list[str]]):
    """Rows as a query result, shown by kgborder.results.Table (aligned text, or HTML in a notebook)."""
    from rdflib import Literal, Variable
    from rdflib.query import Result

    from .results import Table

    result = Result("SELECT")
    result.vars = [Variable(c) for c in columns]
    result.bindings = [{Variable(c): Literal(v) for c, v in zip(columns, row) if v != ""} for row in rows]
    return Table(result)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_path(result: PathResult, fmt: str = "table") -> str:
    """A path result as readable text (``table``) or JSON."""
    if fmt == "json":
        return _json(result.to_dict())
    if not result.paths:
        return f"no path between {result.source.label} and {result.target.label}: {result.reason}\n"
    lines = []
    count = len(result.paths)
    lines.append(f"{result.source.label} to {result.target.label}: {result.hops} hop{'s' if result.hops != 1 else ''}"
                 + (f", {count} shortest paths" if count > 1 else ""))
    for n, path in enumerate(result.paths, 1):
        lines.append("")
        prefix = f"path {n}: " if count > 1 else ""
        lines.append(prefix + " - ".join(e.label for e in path.entities))
        for i, hop in enumerate(path.hops, 1):
            for j, link in enumerate(hop.links):
                arrow = (f"{link.subject.label} --{link.relation_label}--> {link.object.label}"
                         if link.subject.iri == hop.start.iri else
                         f"{hop.start.label} <--{link.relation_label}-- {hop.end.label}")
                lines.append(f"  {str(i) + '.' if j == 0 else '':3} {arrow}")
                for ev in link.evidence[:TEXT_EVIDENCE_LIMIT]:
                    for quote in ev.quotes:
                        lines.append(f"        \"{' '.join(quote.split())}\"")
                    source = ev.headline or ev.article or "unknown article"
                    lines.append(f"          ({source}{', ' + ev.published if ev.published else ''})")
                more = len(link.evidence) - TEXT_EVIDENCE_LIMIT
                if more > 0:
                    lines.append(f"        ... and {more} more statement{'s' if more != 1 else ''} (--format json lists them all)")
                if not link.evidence:
                    lines.append("        (no statement in the graph stands for this edge)")
    return "\n".join(lines) + "\n"


def render_analysis(result: Analysis, fmt: str = "table", members: int | None = 10) -> str:
    """Centrality, communities and speakers as three aligned tables (``table``) or JSON."""
    if fmt == "json":
        return _json(result.to_dict())
    return "\n".join([
        f"Network: {result.entities} entities linked by {result.edges} direct edges",
        "",
        "Centrality (degree: entities linked to; betweenness: share of shortest paths through it"
        + ("" if result.betweenness == "exact" else f", {result.betweenness}") + ")",
        str(result.centrality_table()),
        f"Communities ({result.algorithm}, seed {COMMUNITY_SEED}; members most linked first)",
        *_communities_text(result.communities, members),
        "",
        "Most quoted speakers",
        str(result.speakers_table()),
    ])


def _communities_text(groups: Sequence[Community], members: int | None) -> list[str]:
    import textwrap

    lines = []
    for c in groups:
        shown = [e.label for e in c.members[:members]]
        more = len(c.members) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more" if more else "")
        head = f"{c.number:>3}. ({len(c.members)}) "
        indent = max(12, len(head))
        lines += textwrap.wrap(text, width=100, initial_indent=f"{head:<{indent}}", subsequent_indent=" " * indent)
    return lines


def timeline_table(points: Iterable[TimelinePoint]):
    """The timeline's rows as a table (text in a terminal, HTML in a notebook)."""
    return _table(["date", "kind", "value", "unit", "approx", "measure", "places", "statement"],
                  [[p.date, p.kind, _number(p.value), p.unit, p.approximation or "", p.measure,
                    ", ".join(p.places), p.statement.rsplit("/", 1)[-1]] for p in points])


def render_timeline(points: Iterable[TimelinePoint], fmt: str = "table") -> str:
    """The timeline's rows as an aligned table or JSON."""
    points = list(points)
    if fmt == "json":
        return _json([p.to_dict() for p in points])
    return str(timeline_table(points))


def write_figure(figure, path_or_file, fmt: str) -> None:
    """Save a Figure as PNG or SVG to a path or a binary file."""
    if fmt not in ("png", "svg"):
        raise AnalysisError(f"a chart is written as png or svg, not {fmt}")
    kwargs = {"metadata": {"Date": None}} if fmt == "svg" else {"metadata": {"Software": None}}
    figure.savefig(path_or_file, format=fmt, dpi=150, **kwargs)


__all__ = [
    "AnalysisError", "UnknownEntity", "Entity", "Evidence", "Link", "Hop", "PathResult", "Centrality",
    "Community", "Office", "Speaker", "Analysis", "TimelinePoint", "entities", "edge_graph", "resolve_entity",
    "find_paths", "centrality", "communities", "speakers", "analyze", "timeline_data", "timeline_figure",
    "render_path", "render_analysis", "render_timeline", "timeline_table", "write_figure",
]
