"""The interactive network view: one self-contained, offline HTML page of a graph.

Entities are nodes, coloured and shaped by type and sized by their number of edges; the
direct edges between them are arrows labelled with the relation. Clicking an entity lists
its statements; clicking an edge or a statement shows its evidence, quoted from the article,
with its qualifiers. pyvis makes the vis-network options (and, asked for, a pyvis Network of
the same nodes and edges); the page around them is kgborder's own (``view_assets/``) and
inlines vis-network's script and styles, a copy kept in ``view_assets/`` beside its licence,
so an opened page fetches nothing. Node sizes, edge curves and a large graph's layout are
worked out in ``view_layout``.

Three things can be drawn: the project's store (the default), an RDF file, and the graph a
CONSTRUCT query returns. Everything is read with the SPARQL in ``sparql/view-*.rq`` from an
Oxigraph store, so thousands of statements are read in well under a second.
"""
from __future__ import annotations

import html
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyoxigraph
from pyvis.network import Network

from .errors import KgborderError, Problem, syntax_location
from .fileio import read_bytes
from .names import Entity, UnknownName, local_name, resolve
from .namespaces import KGB, ONTOLOGY_GRAPH, PREFIXES, RDF, RDFS, SCHEMA, SKOS
from .project import Project
from .view_layout import curves, node_size, positions
from .text import clip, decimal_text

LAYOUT_THRESHOLD = 300
"""From this many nodes on, the layout is computed in Python (igraph) and physics is off."""

ASSETS = files("kgborder") / "view_assets"
VIS_NETWORK = "9.1.2"
"""The vis-network release every page inlines: ``view_assets/vis-network-<version>.min.js``
and ``.min.css``, with its licence beside them. kgborder keeps its own copy (the one pyvis
0.3.2 ships), so that a pyvis release that moves, upgrades or drops its copy cannot change
the page."""

# Colour and vis-network shape of each entity class of the ontology (by local name). A class
# without a style of its own takes that of its nearest styled superclass.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#2563eb", "dot"),
    "Group": ("#0ea5e9", "dot"),
    "Agent": ("#3b82f6", "dot"),
    "Organization": ("#f97316", "square"),
    "Government": ("#f59e0b", "square"),
    "GovernmentAgency": ("#ea580c", "square"),
    "SecurityForce": ("#92400e", "square"),
    "Consultancy": ("#ca8a04", "square"),
    "CriminalOrganization": ("#dc2626", "square"),
    "Place": ("#16a34a", "diamond"),
    "Country": ("#15803d", "diamond"),
    "State": ("#22c55e", "diamond"),
    "County": ("#4ade80", "diamond"),
    "City": ("#65a30d", "diamond"),
    "Border": ("#0f766e", "diamond"),
    "BorderCrossing": ("#14b8a6", "diamond"),
    "Substance": ("#9333ea", "hexagon"),
    "Method": ("#db2777", "triangle"),
    "SmugglingMethod": ("#db2777", "triangle"),
    "ConcealmentMethod": ("#f472b6", "triangleDown"),
    "Topic": ("#64748b", "dot"),
    "Entity": ("#6b7280", "dot"),
}
# For the classes of RDF from elsewhere, in order of first use.
_PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04",
            "#db2777", "#4f46e5", "#65a30d", "#0f766e", "#b45309")
_UNTYPED_LABEL, _UNTYPED_STYLE = "Untyped resource", ("#94a3b8", "dot")

# The formats `view --input` reads, by the extensions `kgborder load` knows them by; any other
# file is read as Turtle.
_INPUT_FORMATS = ("TURTLE", "N_TRIPLES", "JSON_LD")

_LABELS = (str(RDFS.label), str(SKOS.prefLabel), str(SCHEMA.name), "http://xmlns.com/foaf/0.1/name",
           "http://purl.org/dc/terms/title")
_ALIASES = (str(SKOS.altLabel),)
_DESCRIPTIONS = (str(SCHEMA.description), str(RDFS.comment), "http://purl.org/dc/terms/description")
_SAME_AS = (str(SCHEMA.sameAs), "http://www.w3.org/2002/07/owl#sameAs")

_KGB = str(KGB)
_RDF_TYPE, _RDFS_LABEL, _RDFS_COMMENT = str(RDF.type), str(RDFS.label), str(RDFS.comment)
# A time and the properties that qualify it: precision, inferred, the article's vague word.
_TIME_PARTS = {_KGB + "time": (_KGB + "timePrecision", _KGB + "timeInferred", _KGB + "timeQualifier"),
               _KGB + "until": (_KGB + "untilPrecision", _KGB + "untilInferred", None)}
# Statement properties shown in its header (who, what, whom) or folded into the time they
# qualify, rather than listed as facts.
_NOT_FACTS = {_RDF_TYPE, _RDFS_LABEL, _KGB + "subject", _KGB + "object", _KGB + "relation", _KGB + "negated",
              _KGB + "evidence", "http://www.w3.org/ns/prov#wasDerivedFrom"} | {
    p for parts in _TIME_PARTS.values() for p in parts if p}
_FACT_RANK = {_KGB + name: i for i, name in enumerate(
    ["quantity", "share", "change", "trend", "measure", "time", "until", "place", "theme", "method", "speaker",
     "words", "accordingTo", "role", "former", "editorial", "about", "causedBy"])}
# The entity-valued statement properties by which an entity takes part in a statement; an
# entity is listed once, in its first role (a speaker is also its quotation's subject).
_ROLES = ("speaker", "subject", "object", "place", "theme", "method", "accordingTo")
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class ViewError(KgborderError):
    """What to draw cannot be read or found: a malformed file, an unknown entity, a query
    whose answer is not a graph."""


# --- the page -------------------------------------------------------------------------------

@dataclass(repr=False)
class View:
    """A network view: vis-network's nodes, edges and options, and what the page shows around
    them. ``html()`` is the page; a notebook displays the object inline; ``network`` is the
    same view as a pyvis Network."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    page: dict[str, Any]
    _network: Network | None = field(default=None, init=False)

    def __repr__(self) -> str:
        return f"<View {self.title!r}: {len(self.nodes):,} nodes, {len(self.edges):,} edges>"

    @property
    def network(self) -> Network:
        """The nodes, edges and options as a pyvis Network, made on first use. pyvis checks
        each new node, and both ends of each new edge, against a list of the nodes so far: for
        5,000 nodes and 10,000 edges that added 1.3 to 1.9 s to `kgborder view` (two cores,
        light load), which writing the page does not need. Once the Network is made, the page
        is drawn from it, so changes made to it show."""
        if self._network is None:
            net = Network(directed=True)
            for node in self.nodes:
                net.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
            for edge in self.edges:
                net.add_edge(edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")})
            # set_options takes JSON text and deletes every space in it, those inside strings
            # (the font names) too; a space written as a JSON escape comes through.
            net.set_options(json.dumps(self.options, separators=(",", ":")).replace(" ", "\\u0020"))
            self._network = net
        return self._network

    @property
    def title(self) -> str:
        return self.page["title"]

    @property
    def caption(self) -> str:
        return self.page["caption"]

    def html(self) -> str:
        """The whole page: vis-network, kgborder's script and styles, and the data as JSON."""
        from string import Template

        if self._network is None:
            network = {"nodes": self.nodes, "edges": self.edges, "options": self.options}
        else:
            nodes, edges, _heading, _height, _width, options = self._network.get_network_data()
            network = {"nodes": nodes, "edges": edges, "options": json.loads(options)}
        data = dict(self.page, network=network)
        page = Template(_asset("page.html"))
        return page.substitute(
            title=html.escape(self.title),
            vis_style=_asset(f"vis-network-{VIS_NETWORK}.min.css"),
            style=_asset("view.css"),
            vis_script=_asset(f"vis-network-{VIS_NETWORK}.min.js"),
            script=_asset("view.js"),
            data=script_json(data),
        )

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` (atomically) and return the path."""
        from .fileio import write_atomic

        target = Path(path)
        write_atomic(target, self.html().encode("utf-8"))
        return target

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe, for Jupyter."""
        return (f'<iframe srcdoc="{html.escape(self.html(), quote=True)}" sandbox="allow-scripts" '
                f'title="{html.escape(self.title, quote=True)}" '
                'style="width: 100%; height: 640px; border: 1px solid #e2e8f0; border-radius: 6px"></iframe>')


def script_json(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``
    (so no ``</script>`` or ``<!--``), and no U+2028/U+2029 line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


# --- what to draw -----------------------------------------------------------------------------

def view(source: Any = None, *, query: str | None = None, focus: str | None = None, depth: int = 1,
         project: Project | str | os.PathLike | None = None, title: str | None = None,
         timeout: float | None = 30.0) -> View:
    """Draw a graph as an interactive network.

    ``source`` is the project's store (``None``, the default), a store directory, an RDF file
    (``.ttl``, ``.nt``, ``.jsonld``) or an rdflib Graph. With ``query`` (a saved query's name,
    a ``.rq`` file or SPARQL text), the graph that CONSTRUCT query returns from the source is
    drawn, through :func:`kgborder.query.query` and its safety checks (and its ``timeout``, in
    seconds). With ``focus`` (an id, ``id:`` name, IRI, name or alias), only the entities within
    ``depth`` edges of it are. ``title`` replaces the page's (by default the article's title).
    Raises ViewError (or another KgborderError) on bad input; never prints.
    """
    if depth < 0:
        raise ViewError("--depth must be 0 or more")
    if not isinstance(project, Project):
        project = Project.at(project)
    context, query_source = _open(source, project)
    model = _Model.read(context)
    if query is not None:
        graph = _construct(query, query_source(), project, timeout)
        drawn = _generic(_graph_store(graph), model)
        title = title or f"Query: {_query_name(query)}"
    elif model.entities:
        drawn = _Drawn(nodes=dict.fromkeys(sorted(model.entities)), edges=model.entity_edges())
    else:
        drawn = _generic(context, model)
    focus_key = None
    if focus is not None:
        focus_key = _find(focus, drawn, model)
        drawn = drawn.neighbourhood(focus_key, depth)
    if title is None:
        from_file = isinstance(source, (str, os.PathLike)) and not Path(source).is_dir()
        title = _default_title(model, Path(source).name if from_file else None)
    return _build(drawn, model, title, focus_key, depth)


def _open(source: Any, project: Project):
    """The store to read (data + ontology), and how to get what a query runs on."""
    from .store import open_store

    if source is None or (isinstance(source, (str, os.PathLike)) and Path(source).is_dir()):
        store_dir = project.store_dir if source is None else Path(source)
        return open_store(store_dir), (lambda: store_dir)
    if isinstance(source, (str, os.PathLike)):
        store = read_rdf(Path(source), project.ontology_dir)
        return store, (lambda: _union_graph(store))
    if hasattr(source, "serialize") and hasattr(source, "triples"):
        store = _graph_store(source)
        _load_ontology(store, project.ontology_dir)
        return store, (lambda: source)
    raise ViewError(f"cannot draw {type(source).__name__}: give a store directory, an RDF file or an rdflib Graph")


# The file `view --input` draws is read whole into an in-memory store: 256 MB of Turtle is
# about 2.5 million triples, some 500 times the largest view the benchmarks draw (205,000).
MAX_INPUT_BYTES = 256 * 2**20


def read_rdf(path: Path, ontology_dir: Path | None = None):
    """An RDF file (Turtle, N-Triples or JSON-LD, by its extension; Turtle otherwise) in an
    in-memory Oxigraph store, with the ontology in a named graph of its own (so that the data
    alone can be drawn when it is not in kgborder's model).
    Remote JSON-LD contexts are not fetched."""
    from .store import RDF_EXTENSIONS

    name = RDF_EXTENSIONS.get(path.suffix.lower(), "TURTLE")
    fmt = getattr(pyoxigraph.RdfFormat, name if name in _INPUT_FORMATS else "TURTLE")
    try:
        data = read_bytes(path, MAX_INPUT_BYTES, "a file to draw")
    except OSError as exc:
        raise ViewError([Problem(str(path), None, None, f"cannot read: {exc.strerror}")]) from None
    store = pyoxigraph.Store()
    try:
        store.bulk_load(data, format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise ViewError([_syntax_problem(str(path), fmt.name, str(exc))]) from None
    if ontology_dir is not None:
        _load_ontology(store, ontology_dir)
    return store


def _syntax_problem(shown: str, fmt: str, message: str) -> Problem:
    if "remote context" in message:
        return Problem(shown, None, None, "a remote JSON-LD @context is not fetched (kgborder reads offline); "
                                          "put the context in the file")
    line, text = syntax_location(message)
    if line is None:  # "Parser error between line 3 column 7 and line 4 column 1: what (line 3)"
        m = re.search(r"line (\d+) column (\d+)[^:]*: (.*?)(?: \(line \d+\))?$", text)
        if m:
            line, text = int(m.group(1)), f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return Problem(shown, line, None, f"malformed {fmt} at {text}" if line else f"malformed {fmt}: {text}")


def _load_ontology(store, ontology_dir: Path) -> None:
    from .ontology import SHAPES_FILE

    for path in sorted(ontology_dir.glob("*.ttl")):
        if path.name != SHAPES_FILE:
            store.bulk_load(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE,
                            to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH))


def _graph_store(graph):
    """An rdflib Graph in an in-memory Oxigraph store."""
    store = pyoxigraph.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _union_graph(store):
    """A store's data and ontology as one rdflib Graph, for a query to run on."""
    from rdflib import Graph

    from .namespaces import bind_prefixes

    graph = Graph()
    for name in (pyoxigraph.DefaultGraph(), pyoxigraph.NamedNode(ONTOLOGY_GRAPH)):
        graph.parse(data=store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name), format="nt")
    bind_prefixes(graph)
    return graph


def _construct(text: str, source, project: Project, timeout: float | None):
    from .query import query as run_query

    result = run_query(text, source=source, project_root=project.root, timeout=timeout)
    if result.type not in ("CONSTRUCT", "DESCRIBE"):
        raise ViewError(f"{_query_name(text)} is a {result.type} query: a view draws the graph that a "
                        "CONSTRUCT (or DESCRIBE) query returns")
    return result.graph


def _query_name(text: str) -> str:
    one_line = " ".join(text.split())
    return repr(one_line) if len(one_line) <= 60 else repr(one_line[:57] + "...")


# --- reading ---------------------------------------------------------------------------------

def _key(term) -> str:
    """A node's id: an IRI as it is, a blank node as ``_:label``."""
    return "_:" + term.value if isinstance(term, pyoxigraph.BlankNode) else term.value


def _is_literal(term) -> bool:
    return isinstance(term, pyoxigraph.Literal)


def _select(store, name: str, union: bool = True) -> list[tuple]:
    """The rows of ``sparql/view-<name>.rq`` on what queries read (the union of the graphs
    where there are named graphs: a built store's loaded files, or the ontology beside a file's
    data), or with ``union=False`` on the default graph alone."""
    from . import sparql

    return [tuple(solution) for solution in sparql.select(store, f"view-{name}", union=union)]


def _best(literals: list) -> str | None:
    """One text among a property's values: English or untagged first, then the shortest."""
    if len(literals) < 2:
        return literals[0].value if literals else None
    ranked = sorted(literals, key=lambda lit: (getattr(lit, "language", None) not in (None, "en"),
                                               len(lit.value), lit.value))
    return ranked[0].value


def _natural(text: str) -> list:
    """A sort key that puts "evidence-2" before "evidence-10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _short(key: str) -> str:
    """An IRI as a prefixed name where a prefix fits."""
    if key.startswith("_:"):
        return key
    from rdflib import URIRef

    from .results import short

    return short(URIRef(key))


@dataclass
class _Model:
    """What the store says about entities, classes, terms, statements and articles."""

    entities: dict[str, dict[str, list]]      # entity -> property -> values
    classes: dict[str, dict]                  # class -> {"label", "supers"}
    terms: dict[str, str]                     # property or individual -> label
    statements: dict[str, dict[str, list]]    # statement -> property -> values
    quantities: dict[tuple[str, str], dict]   # (statement, property) -> number, unit, ...
    evidence: dict[str, list[dict]]
    articles: dict[str, dict]
    _supers: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls, store) -> "_Model":
        classes: dict[str, dict] = {}
        for klass, sup, label in _select(store, "classes"):
            entry = classes.setdefault(klass.value, {"labels": [], "supers": set()})
            if sup is not None:
                entry["supers"].add(sup.value)
            if label is not None:
                entry["labels"].append(label)
        for entry in classes.values():
            entry["label"] = _best(entry.pop("labels"))
        terms: dict[str, list] = defaultdict(list)
        for term, label in _select(store, "terms"):
            terms[term.value].append(label)
        entities: dict[str, dict[str, list]] = {}
        for entity, prop, value in _select(store, "entities"):
            entities.setdefault(_key(entity), defaultdict(list))[prop.value].append(value)
        statements: dict[str, dict[str, list]] = {}
        for st, prop, value in _select(store, "statements"):
            statements.setdefault(st.value, defaultdict(list))[prop.value].append(value)
        quantities = {(st.value, prop.value): {"number": number.value, "unit": unit.value if unit else None,
                                               "unitLabel": unit_label.value if unit_label else None,
                                               "approximation": approx.value if approx else None}
                      for st, prop, number, unit, unit_label, approx in _select(store, "quantities")}
        quotes: dict[str, list[tuple]] = defaultdict(list)
        for st, annotation, exact, prefix, suffix, article in _select(store, "evidence"):
            quotes[st.value].append((_natural(annotation.value), exact.value, prefix.value if prefix else "",
                                     suffix.value if suffix else "", article.value if article else None))
        evidence = {st: [{"exact": exact, "prefix": prefix, "suffix": suffix, "article": article}
                         for _order, exact, prefix, suffix, article in sorted(found)]
                    for st, found in quotes.items()}
        articles = {a.value: {"title": t.value if t else local_name(a.value), "date": d.value if d else ""}
                    for a, t, d in _select(store, "articles")}
        # view-terms.rq gives every term at least one label, so no term is left out here
        labels = {k: label for k, v in terms.items() if (label := _best(v)) is not None}
        return cls(entities, classes, labels, statements, quantities, evidence, articles)

    def entity_edges(self) -> list[tuple[str, str, str]]:
        """The triples from one entity to another (rdf:type apart): the direct edges."""
        return sorted({(s, p, _key(o)) for s, props in self.entities.items() for p, values in props.items()
                       if p != _RDF_TYPE for o in values if not _is_literal(o) and _key(o) in self.entities})

    def supers(self, klass: str) -> list[str]:
        """``klass`` and every class above it, nearest first."""
        if klass not in self._supers:
            out, todo = [], [klass]
            while todo:
                c = todo.pop(0)
                if c not in out:
                    out.append(c)
                    todo.extend(sorted(self.classes.get(c, {}).get("supers", ())))
            self._supers[klass] = out
        return self._supers[klass]

    def depth(self, klass: str) -> int:
        return len(self.supers(klass))

    def specific(self, types: list[str], root: str) -> str | None:
        """The most specific of ``types`` below ``root``."""
        below = sorted(t for t in types if root in self.supers(t))
        return max(below, key=self.depth) if len(below) > 1 else (below[0] if below else None)

    def class_label(self, klass: str) -> str:
        return self.classes.get(klass, {}).get("label") or local_name(klass)

    def term_label(self, term: str) -> str:
        return self.terms.get(term) or local_name(term)


@dataclass
class _Drawn:
    """The nodes and edges to draw, and for nodes outside the entity model their own
    types and literal values."""

    nodes: dict[str, None]
    edges: list[tuple[str, str, str]]
    types: dict[str, list[str]] = field(default_factory=dict)
    literals: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    def neighbourhood(self, start: str, depth: int) -> "_Drawn":
        """The nodes within ``depth`` edges of ``start`` (either direction) and the edges among them."""
        around: dict[str, set[str]] = defaultdict(set)
        for s, _p, o in self.edges:
            around[s].add(o)
            around[o].add(s)
        seen, frontier = {start}, {start}
        for _ in range(depth):
            frontier = {n for f in frontier for n in around[f]} - seen
            seen |= frontier
        nodes = {n: None for n in self.nodes if n in seen}
        return _Drawn(nodes, [e for e in self.edges if e[0] in seen and e[2] in seen], self.types, self.literals)


def _generic(store, model: _Model) -> _Drawn:
    """Any RDF: every IRI or blank node is a node, every triple between two of them an edge
    (rdf:type apart), literals are shown in the details."""
    nodes: dict[str, None] = {}
    edges, types, literals = [], defaultdict(list), defaultdict(list)
    for s, p, o in _select(store, "triples", union=False):
        subject = _key(s)
        nodes.setdefault(subject)
        if _is_literal(o):
            literals[subject].append((p.value, o))
        elif p.value == _RDF_TYPE:
            types[subject].append(o.value)
        else:
            nodes.setdefault(_key(o))
            edges.append((subject, p.value, _key(o)))
    return _Drawn(dict.fromkeys(sorted(nodes)), sorted(set(edges)), dict(types), dict(literals))


def _find(text: str, drawn: _Drawn, model: _Model) -> str:
    """The node that ``text`` names, as ``kgborder path`` finds it: its id, ``id:`` name, IRI,
    name or alias, case and accents aside."""
    known = {}
    for key in drawn.nodes:
        own = model.entities.get(key, {})
        values = [(p, lit) for p, lits in own.items() for lit in lits] + drawn.literals.get(key, [])
        label = _best([lit for p, lit in values if p in _LABELS]) or local_name(key)
        known[key] = Entity(key, label, aliases=tuple(lit.value for p, lit in values if p in _ALIASES))
    try:
        return resolve(text, known).iri
    except UnknownName as exc:
        raise ViewError(f"--focus: {exc}") from None


# --- building the network --------------------------------------------------------------------

def _build(drawn: _Drawn, model: _Model, title: str, focus: str | None, depth: int) -> View:
    """The pyvis Network of what is drawn, and everything the page shows around it."""
    types = _TypeStyles(model)
    records: dict[str, dict] = {}  # what the details panel can show of each entity, drawn or not

    def record(key: str) -> dict:
        if key not in records:
            records[key] = dict(_node_info(key, drawn, model, types), drawn=key in drawn.nodes, statements=[])
        return records[key]

    for key in drawn.nodes:
        record(key)
    statements = _statements(model, drawn.nodes, record)
    for entry in records.values():
        entry["statements"].sort(key=lambda pair: statements[pair[0]]["label"].casefold())

    support: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # direct edge -> its statements
    for st_key, st in statements.items():
        if not st["negated"] and st["relationIri"] and st["subject"]:
            for obj in st["objects"]:
                support[(st["subject"], st["relationIri"], obj)].append(st_key)

    degree: dict[str, int] = defaultdict(int)
    for s, _p, o in drawn.edges:
        degree[s] += 1
        degree[o] += 1
    large = len(drawn.nodes) >= LAYOUT_THRESHOLD
    places = positions(list(drawn.nodes), drawn.edges) if large else {}

    nodes = []
    for key in drawn.nodes:
        info = records[key]
        colour, shape = types.style(info["type"])
        place = {"x": places[key][0], "y": places[key][1]} if large else {}
        nodes.append({"id": key, "label": clip(info["label"], 40), "shape": shape, "color": colour,
                      "size": node_size(degree[key]), "title": _node_tip(info),
                      "kind": info["type"], **place})
    edges = []
    relations: dict[str, int] = defaultdict(int)
    for index, ((s, p, o), smooth) in enumerate(zip(drawn.edges, curves(drawn.edges), strict=True)):
        edge_id = f"e{index}"
        backing = support.get((s, p, o), [])
        relations[p] += 1
        extra: dict[str, Any] = {"smooth": smooth} if smooth else {}
        # A large graph labels the selected node's edges only: measuring thousands of labels
        # would delay the first frame.
        if not large:
            extra["label"] = model.term_label(p)
        edges.append({"id": edge_id, "from": s, "to": o, "arrows": "to", "rel": p, "statements": backing,
                      "title": _edge_tip(records[s]["label"], model.term_label(p), records[o]["label"], backing,
                                         statements, quote=not large), **extra})
        for st_key in backing:
            statements[st_key]["edge"] = edge_id

    counts: dict[str, int] = defaultdict(int)
    for key in drawn.nodes:
        counts[records[key]["type"]] += 1
    page = {
        "title": title,
        "caption": _caption(model, len(drawn.nodes), statements, len(drawn.edges), focus, depth, records),
        "articles": [dict(a, id=k) for k, a in model.articles.items()],
        "types": [dict(types.legend(t), count=n) for t, n in sorted(counts.items(), key=lambda tn: types.order(tn[0]))],
        "relations": [{"key": p, "label": model.term_label(p), "count": n}
                      for p, n in sorted(relations.items(), key=lambda pn: model.term_label(pn[0]).casefold())],
        "entities": records,
        "statements": statements,
        "edgeLabels": not large,
        "focus": focus,
        "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
    }
    return View(nodes, edges, _options(large), page)


class _TypeStyles:
    """Colours, shapes and legend labels of the classes in a view."""

    def __init__(self, model: _Model):
        self.model = model
        self.generic: dict[str, str] = {}

    def style(self, klass: str) -> tuple[str, str]:
        if not klass:
            return _UNTYPED_STYLE
        for c in self.model.supers(klass):
            if c.startswith(_KGB) and local_name(c) in TYPE_STYLES:
                return TYPE_STYLES[local_name(c)]
        if klass not in self.generic:
            self.generic[klass] = _PALETTE[len(self.generic) % len(_PALETTE)]
        return self.generic[klass], "dot"

    def label(self, klass: str) -> str:
        return self.model.class_label(klass) if klass else _UNTYPED_LABEL

    def order(self, klass: str) -> tuple:
        """Legend order: the ontology's types in TYPE_STYLES order, then the others by label."""
        names = list(TYPE_STYLES)
        local = local_name(klass)
        rank = names.index(local) if klass.startswith(_KGB) and local in names else len(names)
        return (not klass, rank, self.label(klass).casefold())

    def legend(self, klass: str) -> dict:
        colour, shape = self.style(klass)
        return {"key": klass, "label": self.label(klass), "colour": colour, "shape": shape}


def _node_info(key: str, drawn: _Drawn, model: _Model, types: _TypeStyles) -> dict:
    """What the page shows of one node: label, type, aliases, description, other values."""
    props: dict[str, list] = defaultdict(list)
    for p, values in model.entities.get(key, {}).items():
        props[p].extend(values)
    for p, lit in drawn.literals.get(key, []):
        if lit not in props[p]:
            props[p].append(lit)
    type_iris = [t.value for t in props.pop(_RDF_TYPE, [])] + drawn.types.get(key, [])
    klass = model.specific(type_iris, _KGB + "Entity") if key in model.entities else None
    if klass is None and type_iris:
        klass = max(sorted(set(type_iris)), key=model.depth)
    label = _best([lit for p in _LABELS for lit in props.get(p, [])]) or local_name(key)
    shown = set(_LABELS + _ALIASES + _DESCRIPTIONS + _SAME_AS)
    return {
        "label": label,
        "type": klass or "",
        "typeLabel": types.label(klass or ""),
        "aliases": sorted({lit.value for p in _ALIASES for lit in props.get(p, [])} - {label}),
        "description": _best([lit for p in _DESCRIPTIONS for lit in props.get(p, [])]) or "",
        "sameAs": sorted(_key(t) for p in _SAME_AS for t in props.get(p, [])),
        "props": sorted([model.term_label(p), _literal_text(lit)]
                        for p, values in props.items() if p not in shown for lit in values if _is_literal(lit)),
    }


def _statements(model: _Model, drawn: dict[str, None], record) -> dict[str, dict]:
    """The statements that name a drawn entity, and those they refer to, ready to show.
    ``record(entity)`` gives the entity's details, whose statement list this fills."""
    roles = [(_KGB + role, model.term_label(_KGB + role)) for role in _ROLES]
    taking_part: dict[str, list[tuple[str, str]]] = {}  # statement -> (entity, role), each entity once
    for st, props in model.statements.items():
        seen: dict[str, str] = {}
        for prop, role in roles:
            for value in props.get(prop, ()):
                key = _key(value) if not _is_literal(value) else None
                if key in model.entities and key not in seen:
                    seen[key] = role
        if any(key in drawn for key in seen):
            taking_part[st] = list(seen.items())
    referred = {v.value for st in taking_part for p in ("about", "causedBy")
                for v in model.statements[st].get(_KGB + p, []) if v.value in model.statements}
    out: dict[str, dict] = {}
    for st in sorted(set(taking_part) | referred):
        out[st] = shown = _statement(st, model.statements[st], model)
        for key, role in taking_part.get(st, []):
            record(key)["statements"].append([st, role])
        for _label, parts in shown["facts"]:  # entities a qualifier names, for their links
            for part in parts:
                if "e" in part:
                    record(part["e"])
        for key in [shown["subject"], *shown["objects"]]:
            if key in model.entities:
                record(key)
    return out


def _statement(st: str, props: dict[str, list], model: _Model) -> dict:
    """One statement as the page shows it: header, evidence and qualifiers ("facts")."""
    relation = props.get(_KGB + "relation")
    subject = props.get(_KGB + "subject") or props.get(_KGB + "speaker")
    kind = model.specific([t.value for t in props.get(_RDF_TYPE, [])], _KGB + "Statement")
    facts = [["note" if prop == _RDFS_COMMENT else model.term_label(prop),
              [_fact_value(st, prop, value, props, model) for value in props[prop]]]
             for prop in sorted(props.keys() - _NOT_FACTS, key=lambda p: (_FACT_RANK.get(p, len(_FACT_RANK)), p))]
    return {
        "label": _best(props.get(_RDFS_LABEL, [])) or local_name(st),
        "kind": model.class_label(kind) if kind else "Statement",
        "negated": any(v.value == "true" for v in props.get(_KGB + "negated", [])),
        "subject": _key(subject[0]) if subject else None,
        "relation": model.term_label(relation[0].value) if relation else None,
        "relationIri": relation[0].value if relation else None,
        "objects": sorted(_key(o) for o in props.get(_KGB + "object", []) if not _is_literal(o)),
        "evidence": model.evidence.get(st, []),
        "facts": facts,
        "edge": None,
    }


def _fact_value(st: str, prop: str, value, props: dict[str, list], model: _Model) -> dict:
    """One qualifier value as the page renders it: text ("t"), an entity ("e") or a statement ("s")."""
    if (st, prop) in model.quantities:
        return {"t": _quantity(model.quantities[(st, prop)])}
    if prop in _TIME_PARTS and _is_literal(value):
        precision, inferred, qualifier = (props.get(p, []) if p else [] for p in _TIME_PARTS[prop])
        text = f"{qualifier[0].value} {value.value}" if qualifier else value.value
        notes = [model.term_label(p.value) for p in precision]
        if any(v.value == "true" for v in inferred):
            notes.append("inferred from the article's date")
        return {"t": text + (f" ({'; '.join(notes)})" if notes else "")}
    if _is_literal(value):
        return {"t": _literal_text(value)}
    key = _key(value)
    if key in model.statements:
        return {"s": key}
    if key in model.entities:
        return {"e": key}
    return {"t": _short(key)}


def _literal_text(lit) -> str:
    if lit.datatype is not None and lit.datatype.value == _XSD_BOOLEAN:
        return "yes" if lit.value in ("true", "1") else "no"
    return lit.value


def _quantity(q: dict) -> str:
    """``about 10,000 members``, ``−21 %``."""
    try:
        text = decimal_text(Decimal(q["number"]), grouped=True)
    except (InvalidOperation, ValueError):
        text = q["number"]
    text = text.replace("-", "\u2212")
    if q["unit"] == str(PREFIXES["unit"]) + "PERCENT":
        text += " %"
    elif q["unitLabel"]:
        text += f" {q['unitLabel']}"
    elif q["unit"] and q["unit"] != str(PREFIXES["unit"]) + "NUM":
        text += f" {local_name(q['unit'])}"
    if q["approximation"]:
        text = f"{q['approximation']} {text}"
    return text


def _node_tip(info: dict) -> str:
    """A node's tooltip, as plain text (vis-network shows a string title as text, not HTML)."""
    lines = [info["label"], info["typeLabel"]]
    if info["description"]:
        lines.append(info["description"])
    return "\n".join(lines)


def _edge_tip(subject: str, relation: str, obj: str, backing: list[str], statements: dict[str, dict],
              quote: bool) -> str:
    """An edge's tooltip, as plain text: the triple and, with ``quote``, its first evidence."""
    lines = [f"{subject} \u2192 {relation} \u2192 {obj}"]
    first = statements[backing[0]]["evidence"] if backing else []
    if quote and first:
        lines.append(f"\u201c{clip(first[0]['exact'], 200)}\u201d")
    if len(backing) > 1:
        lines.append(f"{len(backing)} statements")
    if backing:
        lines.append("Click for the evidence.")
    return "\n".join(lines)


def _options(large: bool) -> dict[str, Any]:
    """vis-network options: pyvis's physics and edge settings, then the view's own look.
    A small graph settles with forceAtlas2 and then stops; a large one is drawn where the
    Python layout put it, with straight edges and no physics."""
    net = Network(directed=True)
    if large:
        net.toggle_physics(False)
        net.toggle_hide_edges_on_drag(True)
    else:
        net.force_atlas_2based(gravity=-125, central_gravity=0.02, spring_length=125, spring_strength=0.05,
                               damping=0.5, overlap=1)
        net.set_edge_smooth("continuous")
    options = json.loads(net.options.to_json())
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    look: dict[str, Any] = {
        "nodes": {"font": {"size": 18, "face": font, "color": "#1e293b", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "borderWidthSelected": 3},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "color": {"color": "#94a3b8", "highlight": "#0f172a", "hover": "#475569", "inherit": False},
                  "font": {"size": 12, "face": font, "color": "#475569", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "middle"},
                  "width": 1.2, "selectionWidth": 1.5, "hoverWidth": 0.8},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"stabilization": {"enabled": not large, "iterations": 600, "updateInterval": 100, "fit": True}},
    }
    if large:
        look["edges"]["smooth"] = False
        look["interaction"]["hideEdgesOnZoom"] = True
    else:  # long names wrap (measuring them is cheap for a few hundred nodes)
        look["nodes"]["widthConstraint"] = {"maximum": 150}
    return _merge(options, look)


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _default_title(model: _Model, fallback: str | None) -> str:
    if len(model.articles) == 1:
        return next(iter(model.articles.values()))["title"]
    if model.articles:
        return f"{len(model.articles)} articles"
    return fallback or "Graph"


def _caption(model: _Model, nodes: int, statements: dict, edges: int, focus: str | None, depth: int,
             records: dict) -> str:
    parts = [_count(len(model.articles), "article")] if model.articles else []
    parts.append(_count(nodes, "entity", "entities") if model.entities else _count(nodes, "node"))
    if statements:
        denied = sum(1 for st in statements.values() if st["negated"])
        parts.append(_count(len(statements), "statement") + (f" ({denied} denied)" if denied else ""))
    parts.append(_count(edges, "edge"))
    text = " \u00b7 ".join(parts)
    if focus is not None:
        text += f" \u00b7 within {_count(depth, 'edge')} of {records[focus]['label']}"
    return text


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
