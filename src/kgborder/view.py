"""The interactive network view: one self-contained, offline HTML page of a graph.

Entities are nodes, coloured and shaped by type and sized by their number of edges; the
direct edges between them are arrows labelled with the relation. Clicking an entity lists
its statements; clicking an edge or a statement shows its evidence, quoted from the article,
with its qualifiers. pyvis builds the vis-network nodes, edges and options; the page around
them is kgborder's own (``view_assets/``) and inlines the vis-network script and styles that
pyvis ships, so an opened page fetches nothing.

Three things can be drawn: the project's store (the default), an RDF file, and the graph a
CONSTRUCT query returns. Everything is read with the SPARQL in ``view_assets/*.rq`` from an
Oxigraph store, so thousands of statements are read in well under a second.
"""
from __future__ import annotations

import difflib
import html
import json
import math
import os
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import KgborderError, Problem, syntax_location
from .namespaces import ID, KGB, ONTOLOGY_GRAPH, PREFIXES, QUDT, RDF, RDFS, SCHEMA, SKOS
from .project import Project

LAYOUT_THRESHOLD = 300
"""From this many nodes on, the layout is computed in Python (igraph) and physics is off."""

ASSETS = files("kgborder") / "view_assets"
VIS = files("pyvis") / "templates" / "lib" / "vis-9.1.2"

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
_UNTYPED = ("", "Untyped resource", "#94a3b8", "dot")

_RDF_FORMATS = {".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
                ".jsonld": "JSON_LD", ".json": "JSON_LD"}
_FORMAT_NAMES = {"TURTLE": "Turtle", "N_TRIPLES": "N-Triples", "JSON_LD": "JSON-LD"}

_LABELS = (str(RDFS.label), str(SKOS.prefLabel), str(SCHEMA.name), "http://xmlns.com/foaf/0.1/name",
           "http://purl.org/dc/terms/title")
_ALIASES = (str(SKOS.altLabel),)
_DESCRIPTIONS = (str(SCHEMA.description), str(RDFS.comment), "http://purl.org/dc/terms/description")
_SAME_AS = (str(SCHEMA.sameAs), "http://www.w3.org/2002/07/owl#sameAs")

# Statement properties shown in the header (who, what, whom, evidence) rather than as facts,
# and those folded into the time they qualify.
_HEADER = {str(RDF.type), str(RDFS.label), str(KGB.subject), str(KGB.object), str(KGB.relation),
           str(KGB.negated), str(KGB.evidence), "http://www.w3.org/ns/prov#wasDerivedFrom"}
_TIME_PARTS = {"time": ("timePrecision", "timeInferred", "timeQualifier"),
               "until": ("untilPrecision", "untilInferred", None)}
_FACT_ORDER = ["quantity", "share", "change", "trend", "measure", "time", "until", "place", "theme",
               "method", "speaker", "words", "accordingTo", "role", "former", "editorial", "about",
               "causedBy"]
# The entity-valued statement properties that make an entity take part in a statement.
_ROLES = ("speaker", "subject", "object", "place", "theme", "method", "accordingTo")
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class ViewError(KgborderError):
    """What to draw cannot be read or found: a malformed file, an unknown entity, a query
    whose answer is not a graph."""


# --- the page -------------------------------------------------------------------------------

@dataclass
class View:
    """A network view: the pyvis Network (nodes, edges, options) and what the page shows
    around it. ``html()`` is the page; a notebook displays the object inline."""

    network: Any  # pyvis.network.Network
    page: dict[str, Any] = field(repr=False)

    @property
    def title(self) -> str:
        return self.page["title"]

    @property
    def caption(self) -> str:
        return self.page["caption"]

    def html(self) -> str:
        """The whole page: vis-network, kgborder's script and styles, and the data as JSON."""
        from string import Template

        nodes, edges, _heading, _height, _width, options = self.network.get_network_data()
        data = dict(self.page, network={"nodes": nodes, "edges": edges, "options": json.loads(options)})
        page = Template(_asset("page.html"))
        return page.substitute(
            title=html.escape(self.title),
            vis_style=(VIS / "vis-network.css").read_text(encoding="utf-8"),
            style=_asset("view.css"),
            vis_script=(VIS / "vis-network.min.js").read_text(encoding="utf-8"),
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
    drawn, through :func:`kgborder.query.query` and its safety checks. With ``focus`` (an id,
    prefixed name, IRI, name or alias), only the entities within ``depth`` edges of it are.
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
        drawn = _Drawn(nodes=dict.fromkeys(sorted(model.entities)), edges=model.entity_edges(context))
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


def read_rdf(path: Path, ontology_dir: Path | None = None):
    """An RDF file (Turtle, N-Triples or JSON-LD, by its extension; Turtle otherwise) in an
    in-memory Oxigraph store, with the ontology in its named graph as in a built store.
    Remote JSON-LD contexts are not fetched."""
    import pyoxigraph

    fmt = _RDF_FORMATS.get(path.suffix.lower(), "TURTLE")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ViewError([Problem(str(path), None, None, f"cannot read: {exc.strerror}")]) from None
    store = pyoxigraph.Store()
    try:
        store.bulk_load(data, format=getattr(pyoxigraph.RdfFormat, fmt), base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise ViewError([_syntax_problem(str(path), _FORMAT_NAMES[fmt], str(exc))]) from None
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
    import pyoxigraph

    from .ontology import SHAPES_FILE

    for path in sorted(ontology_dir.glob("*.ttl")):
        if path.name != SHAPES_FILE:
            store.bulk_load(path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE,
                            to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH))


def _graph_store(graph):
    """An rdflib Graph in an in-memory Oxigraph store."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _union_graph(store):
    """A store's data and ontology as one rdflib Graph, for a query to run on."""
    import pyoxigraph
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
    import pyoxigraph

    return "_:" + term.value if isinstance(term, pyoxigraph.BlankNode) else term.value


def _is_literal(term) -> bool:
    import pyoxigraph

    return isinstance(term, pyoxigraph.Literal)


def _select(store, name: str, union: bool = True) -> list[tuple]:
    text = _asset(f"{name}.rq")
    answer = store.query(text, use_default_graph_as_union=union,
                         prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    return [tuple(solution) for solution in answer]


def _best(literals: list) -> str | None:
    """One text among a property's values: English or untagged first, then the shortest."""
    if not literals:
        return None
    ranked = sorted(literals, key=lambda lit: (getattr(lit, "language", None) not in (None, "en"),
                                               len(lit.value), lit.value))
    return ranked[0].value


def _local(iri: str) -> str:
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def _short(key: str) -> str:
    """An IRI as a prefixed name where a prefix fits."""
    if key.startswith("_:"):
        return key
    from rdflib import URIRef

    from .results import short

    return short(URIRef(key))


@dataclass
class _Model:
    """What the store says about entities, classes, terms and statements."""

    entities: dict[str, dict]
    classes: dict[str, dict]          # class -> {"label", "supers"}
    terms: dict[str, str]             # property or individual -> label
    statements: dict[str, dict]       # statement -> {property local name or IRI: [values]}
    quantities: dict[tuple[str, str], dict]
    evidence: dict[str, list[dict]]
    articles: dict[str, dict]

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
        entities: dict[str, dict] = {}
        for entity, prop, value in _select(store, "entities"):
            entry = entities.setdefault(_key(entity), defaultdict(list))
            entry[prop.value].append(value)
        statements: dict[str, dict] = {}
        for st, prop, value in _select(store, "statements"):
            statements.setdefault(st.value, defaultdict(list))[prop.value].append(value)
        quantities = {(st.value, prop.value): {"number": number.value, "unit": unit.value if unit else None,
                                               "unitLabel": unit_label.value if unit_label else None,
                                               "approximation": approx.value if approx else None}
                      for st, prop, number, unit, unit_label, approx in _select(store, "quantities")}
        evidence: dict[str, list[dict]] = defaultdict(list)
        for st, exact, prefix, suffix, article, _start in _select(store, "evidence"):
            evidence[st.value].append({"exact": exact.value, "prefix": prefix.value if prefix else "",
                                       "suffix": suffix.value if suffix else "",
                                       "article": article.value if article else None})
        articles = {a.value: {"title": t.value if t else _local(a.value), "date": d.value if d else ""}
                    for a, t, d in _select(store, "articles")}
        return cls(entities, classes, {k: _best(v) for k, v in terms.items()}, statements, quantities,
                   evidence, articles)

    def entity_edges(self, store) -> list[tuple[str, str, str]]:
        return sorted((_key(s), p.value, _key(o)) for s, p, o in _select(store, "entity-edges"))

    # -- classes --

    def supers(self, klass: str) -> list[str]:
        """``klass`` and every class above it, nearest first."""
        out, todo = [], [klass]
        while todo:
            c = todo.pop(0)
            if c not in out:
                out.append(c)
                todo.extend(sorted(self.classes.get(c, {}).get("supers", ())))
        return out

    def depth(self, klass: str) -> int:
        return len(self.supers(klass))

    def specific(self, types: list[str], root: str) -> str | None:
        """The most specific of ``types`` below ``root``."""
        below = [t for t in types if root in self.supers(t)]
        return max(sorted(below), key=self.depth, default=None)

    def class_label(self, klass: str) -> str:
        return self.classes.get(klass, {}).get("label") or _local(klass)

    def term_label(self, term: str) -> str:
        return self.terms.get(term) or _local(term)


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
    rdf_type = str(RDF.type)
    nodes: dict[str, None] = {}
    edges, types, literals = [], defaultdict(list), defaultdict(list)
    for s, p, o in _select(store, "triples", union=False):
        subject = _key(s)
        nodes.setdefault(subject)
        if _is_literal(o):
            literals[subject].append((p.value, o))
        elif p.value == rdf_type:
            types[subject].append(o.value)
        else:
            nodes.setdefault(_key(o))
            edges.append((subject, p.value, _key(o)))
    return _Drawn(dict.fromkeys(sorted(nodes)), sorted(set(edges)), dict(types), dict(literals))


def _find(text: str, drawn: _Drawn, model: _Model) -> str:
    """The node that ``text`` names: its IRI (bare or in <>), prefixed name, id, name or alias."""
    wanted = text.strip()
    iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else wanted
    prefix, _, local = iri.partition(":")
    candidates = [iri, str(ID) + iri]
    if local and prefix in PREFIXES:
        candidates.insert(0, str(PREFIXES[prefix]) + local)
    for key in candidates:
        if key in drawn.nodes:
            return key
    names: dict[str, set[str]] = defaultdict(set)  # casefolded name -> nodes
    for key in drawn.nodes:
        info = _node_names(key, drawn, model)
        for name in info:
            names[name.casefold()].add(key)
        names[_short(key).casefold()].add(key)
        names[_local(key).casefold()].add(key)
    found = names.get(wanted.casefold(), set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        listed = ", ".join(sorted(_short(k) for k in found))
        raise ViewError(f"--focus {wanted!r} names several entities ({listed}): give one of their ids")
    close = difflib.get_close_matches(wanted.casefold(), list(names), n=1, cutoff=0.6)
    hint = ""
    if close:
        key = sorted(names[close[0]])[0]
        hint = f"; did you mean {_display_name(key, drawn, model)!r} ({_short(key)})?"
    raise ViewError(f"--focus: no entity {wanted!r} in the graph{hint}")


def _node_names(key: str, drawn: _Drawn, model: _Model) -> list[str]:
    props = model.entities.get(key) or {}
    names = [lit.value for p in _LABELS + _ALIASES for lit in props.get(p, [])]
    names += [lit.value for p, lit in drawn.literals.get(key, []) if p in _LABELS + _ALIASES]
    return names


def _display_name(key: str, drawn: _Drawn, model: _Model) -> str:
    names = _node_names(key, drawn, model)
    return names[0] if names else _local(key)


# --- building the network --------------------------------------------------------------------

def _build(drawn: _Drawn, model: _Model, title: str, focus: str | None, depth: int) -> View:
    from pyvis.network import Network

    types = _TypeStyles(model)
    nodes = {key: _node_info(key, drawn, model, types) for key in drawn.nodes}
    records: dict[str, dict] = {}  # entities the details may show, drawn or not
    statements = _statements(model, set(nodes), records, types)
    for key, info in nodes.items():
        records[key] = dict(records.get(key, {}), **info, drawn=True)
    for key, record in records.items():
        record["statements"] = sorted(record.get("statements", []), key=lambda sr: statements[sr[0]]["label"])

    support: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for st_key, st in statements.items():
        if st["negated"] or not st["relationIri"]:
            continue
        for obj in st["objects"]:
            support[(st["subject"], st["relationIri"], obj)].append(st_key)

    degree: dict[str, int] = defaultdict(int)
    for s, _p, o in drawn.edges:
        degree[s] += 1
        degree[o] += 1
    large = len(nodes) >= LAYOUT_THRESHOLD
    positions = _layout(list(nodes), drawn.edges) if large else {}

    net = Network(directed=True)
    for key, info in nodes.items():
        colour, shape = types.style(info["type"])
        extra = {"x": positions[key][0], "y": positions[key][1]} if large else {}
        net.add_node(key, label=_clip(info["label"], 40), shape=shape, color=colour,
                     size=round(9 + 4.5 * math.sqrt(degree[key]), 1), title=_node_tip(info, types),
                     kind=info["type"], **extra)

    relations: dict[str, int] = defaultdict(int)
    edge_info: dict[str, dict] = {}
    for index, ((s, p, o), smooth) in enumerate(zip(drawn.edges, _curves(drawn.edges))):
        edge_id = f"e{index}"
        backing = support.get((s, p, o), [])
        label = model.term_label(p)
        relations[p] += 1
        extra = {"smooth": smooth} if smooth else {}
        net.add_edge(s, o, id=edge_id, label=label, rel=p,
                     title=_edge_tip(nodes[s]["label"], label, nodes[o]["label"], backing, statements), **extra)
        edge_info[edge_id] = {"from": s, "to": o, "predicate": p, "relation": label, "statements": backing}
        for st in backing:
            statements[st]["edge"] = edge_id

    _set_options(net, large)
    counts = defaultdict(int)
    for info in nodes.values():
        counts[info["type"]] += 1
    page = {
        "title": title,
        "caption": _caption(model, nodes, statements, len(drawn.edges), focus, depth, records),
        "large": large,
        "articles": [dict(a, id=k) for k, a in model.articles.items()],
        "types": [dict(types.legend(t), count=n) for t, n in sorted(counts.items(), key=lambda tn: types.order(tn[0]))],
        "relations": [{"key": p, "label": model.term_label(p), "count": n}
                      for p, n in sorted(relations.items(), key=lambda pn: model.term_label(pn[0]).casefold())],
        "entities": records,
        "statements": statements,
        "edgeInfo": edge_info,
        "focus": focus,
    }
    return View(network=net, page=page)


class _TypeStyles:
    """Colours, shapes and legend labels of the classes in a view."""

    def __init__(self, model: _Model):
        self.model = model
        self.generic: dict[str, str] = {}

    def style(self, klass: str) -> tuple[str, str]:
        if not klass:
            return _UNTYPED[2], _UNTYPED[3]
        for c in self.model.supers(klass):
            if c.startswith(str(KGB)) and _local(c) in TYPE_STYLES:
                return TYPE_STYLES[_local(c)]
        if klass not in self.generic:
            self.generic[klass] = _PALETTE[len(self.generic) % len(_PALETTE)]
        return self.generic[klass], "dot"

    def label(self, klass: str) -> str:
        return self.model.class_label(klass) if klass else _UNTYPED[1]

    def order(self, klass: str) -> tuple:
        """Legend order: the ontology's families in TYPE_STYLES order, then the rest by label."""
        colour, _shape = self.style(klass)
        families = list(TYPE_STYLES.values())
        rank = families.index((colour, _shape)) if (colour, _shape) in families else len(families)
        return (not klass, rank, self.label(klass).casefold())

    def legend(self, klass: str) -> dict:
        colour, shape = self.style(klass)
        return {"key": klass, "label": self.label(klass), "colour": colour, "shape": shape}


def _node_info(key: str, drawn: _Drawn, model: _Model, types: _TypeStyles) -> dict:
    """What the page knows of one node: label, type, aliases, description, other values."""
    props: dict[str, list] = defaultdict(list)
    for p, values in (model.entities.get(key) or {}).items():
        props[p].extend(values)
    for p, lit in drawn.literals.get(key, []):
        if lit not in props[p]:
            props[p].append(lit)
    type_iris = [t.value for t in props.pop(str(RDF.type), [])] + drawn.types.get(key, [])
    klass = model.specific(type_iris, str(KGB.Entity)) if key in model.entities else None
    if klass is None and type_iris:
        klass = max(sorted(set(type_iris)), key=model.depth)
    label = _best([lit for p in _LABELS for lit in props.get(p, [])]) or _local(key)
    described = [lit for p in _DESCRIPTIONS for lit in props.get(p, [])]
    shown = set(_LABELS + _ALIASES + _DESCRIPTIONS + _SAME_AS)
    return {
        "label": label,
        "type": klass or "",
        "typeLabel": types.label(klass or ""),
        "short": _short(key),
        "aliases": sorted({lit.value for p in _ALIASES for lit in props.get(p, [])} - {label}),
        "description": _best(described) or "",
        "sameAs": sorted(_key(t) for p in _SAME_AS for t in props.get(p, [])),
        "props": sorted([model.term_label(p), _literal_text(lit)]
                        for p, values in props.items() if p not in shown for lit in values if _is_literal(lit)),
    }


def _statements(model: _Model, drawn: set[str], records: dict[str, dict], types: _TypeStyles) -> dict[str, dict]:
    """The statements that name a drawn entity (and those they refer to), ready to show;
    fills ``records`` with every entity they name and the statements each takes part in."""
    kgb = str(KGB)
    involved = {st for st, props in model.statements.items()
                if any(_key(v) in drawn for role in _ROLES for v in props.get(kgb + role, []) if not _is_literal(v))}
    referred = {v.value for st in involved for p in ("about", "causedBy")
                for v in model.statements[st].get(kgb + p, []) if v.value in model.statements}
    out: dict[str, dict] = {}
    for st in sorted(involved | referred):
        props = model.statements[st]
        out[st] = _statement(st, props, model)
        taken: set[str] = set()
        for role in _ROLES:  # each entity once, in its first role: a speaker is its quotation's subject too
            for value in props.get(kgb + role, []):
                key = _key(value)
                if key not in model.entities or key in taken:
                    continue
                taken.add(key)
                if key not in records:
                    records[key] = dict(_node_info(key, _Drawn({}, []), model, types), drawn=False)
                if st in involved:
                    records[key].setdefault("statements", []).append([st, model.term_label(kgb + role)])
    return out


def _statement(st: str, props: dict[str, list], model: _Model) -> dict:
    kgb = str(KGB)
    kinds = [t.value for t in props.get(str(RDF.type), [])]
    kind = model.specific(kinds, str(KGB.Statement))
    relation = props.get(kgb + "relation", [None])[0]
    subject = (props.get(kgb + "subject") or props.get(kgb + "speaker") or [None])[0]
    negated = any(v.value == "true" for v in props.get(kgb + "negated", []))
    facts = []
    for prop in sorted(props, key=lambda p: (_FACT_ORDER.index(_local(p)) if _local(p) in _FACT_ORDER
                                             else len(_FACT_ORDER), p)):
        if prop in _HEADER or _is_time_part(prop):
            continue
        name = _local(prop) if prop.startswith(kgb) else prop
        label = "note" if prop == str(RDFS.comment) else model.term_label(prop)
        parts = []
        for value in props[prop]:
            parts.append(_fact_value(st, prop, name, value, props, model))
        facts.append([label, [p for part in parts for p in part]])
    return {
        "label": _best(props.get(str(RDFS.label), [])) or _local(st),
        "kind": model.class_label(kind) if kind else "Statement",
        "negated": negated,
        "subject": _key(subject) if subject is not None else None,
        "relation": model.term_label(relation.value) if relation is not None else None,
        "relationIri": relation.value if relation is not None else None,
        "objects": sorted(_key(o) for o in props.get(kgb + "object", []) if not _is_literal(o)),
        "evidence": model.evidence.get(st, []),
        "facts": facts,
        "edge": None,
    }


def _is_time_part(prop: str) -> bool:
    return any(prop == str(KGB) + part for parts in _TIME_PARTS.values() for part in parts if part)


def _fact_value(st: str, prop: str, name: str, value, props: dict[str, list], model: _Model) -> list[dict]:
    """One qualifier value as parts the page renders: text, an entity or a statement."""
    if (st, prop) in model.quantities:
        return [{"t": _quantity(model.quantities[(st, prop)], name)}]
    if name in _TIME_PARTS and _is_literal(value):
        precision, inferred, qualifier = (props.get(str(KGB) + p, []) if p else [] for p in _TIME_PARTS[name])
        text = value.value
        if qualifier:
            text = f"{qualifier[0].value} {text}"
        notes = [model.term_label(p.value) for p in precision]
        if any(v.value == "true" for v in inferred):
            notes.append("inferred from the article's date")
        return [{"t": text + (f" ({'; '.join(notes)})" if notes else "")}]
    if _is_literal(value):
        return [{"t": _literal_text(value)}]
    key = _key(value)
    if key in model.statements:
        return [{"s": key}]
    if key in model.entities:
        return [{"e": key}]
    return [{"t": _short(key)}]


def _literal_text(lit) -> str:
    if lit.datatype is not None and lit.datatype.value == _XSD_BOOLEAN:
        return "yes" if lit.value in ("true", "1") else "no"
    return lit.value


def _quantity(q: dict, name: str) -> str:
    """``about 10,000 members``, ``−21 %``."""
    try:
        number = Decimal(q["number"])
        text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number.normalize():,f}"
    except (InvalidOperation, ValueError):
        text = q["number"]
    text = text.replace("-", "\u2212")
    if q["unit"] == str(PREFIXES["unit"]) + "PERCENT":
        text += " %"
    elif q["unitLabel"]:
        text += f" {q['unitLabel']}"
    elif q["unit"] and q["unit"] != str(PREFIXES["unit"]) + "NUM":
        text += f" {_local(q['unit'])}"
    if q["approximation"]:
        text = f"{q['approximation']} {text}"
    return text


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _node_tip(info: dict, types: _TypeStyles) -> str:
    """A node's tooltip, as plain text (vis-network shows a string title as text, not HTML)."""
    lines = [info["label"], info["typeLabel"]]
    if info["description"]:
        lines.append(info["description"])
    return "\n".join(lines)


def _edge_tip(subject: str, relation: str, obj: str, backing: list[str], statements: dict[str, dict]) -> str:
    lines = [f"{subject} \u2192 {relation} \u2192 {obj}"]
    if backing:
        first = statements[backing[0]]["evidence"]
        if first:
            lines.append(f"\u201c{_clip(first[0]['exact'], 200)}\u201d")
        more = len(backing) - 1
        if more:
            lines.append(f"and {more} more statement{'s' if more > 1 else ''}")
        lines.append("Click for the evidence.")
    return "\n".join(lines)


def _curves(edges: list[tuple[str, str, str]]) -> list[dict | None]:
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


def _layout(keys: list[str], edges: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Node positions for a large graph: igraph's Fruchterman-Reingold (grid variant) from a
    fixed random start, so the same graph gets the same picture, scaled so that an edge is
    about 110 pixels long."""
    import igraph

    index = {k: i for i, k in enumerate(keys)}
    pairs = sorted({(index[s], index[o]) for s, _p, o in edges if s != o})
    graph = igraph.Graph(n=len(keys), edges=pairs, directed=False)
    rng = random.Random(0)
    start = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in keys]
    coords = graph.layout_fruchterman_reingold(seed=start, grid="auto").coords
    lengths = [math.dist(coords[a], coords[b]) for a, b in pairs] or [1.0]
    scale = 110 / max(sorted(lengths)[len(lengths) // 2], 1e-9)
    return {k: (round(coords[i][0] * scale, 1), round(coords[i][1] * scale, 1)) for k, i in index.items()}


def _set_options(net, large: bool) -> None:
    """vis-network options: pyvis's physics and edge settings, then the view's own look.
    A small graph settles with forceAtlas2 and then stops; a large one is drawn where the
    Python layout put it, with straight edges and no physics."""
    if large:
        net.toggle_physics(False)
        net.toggle_hide_edges_on_drag(True)
    else:
        net.force_atlas_2based(gravity=-100, central_gravity=0.02, spring_length=115, spring_strength=0.05,
                               damping=0.5, overlap=1)
        net.set_edge_smooth("continuous")
    options = json.loads(net.options.to_json())
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    look = {
        "nodes": {"font": {"size": 16, "face": font, "color": "#1e293b", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "borderWidthSelected": 3, "widthConstraint": {"maximum": 150}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "color": {"color": "#94a3b8", "highlight": "#0f172a", "hover": "#475569", "inherit": False},
                  "font": {"size": 11, "face": font, "color": "#475569", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "middle"},
                  "width": 1.2, "selectionWidth": 1.5, "hoverWidth": 0.8},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": False},
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {"stabilization": {"enabled": not large, "iterations": 600, "updateInterval": 100, "fit": True}},
    }
    if large:
        look["edges"]["smooth"] = False
    net.options = _merge(options, look)


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


def _caption(model: _Model, nodes: dict, statements: dict, edges: int, focus: str | None, depth: int,
             records: dict) -> str:
    parts = []
    if model.articles:
        parts.append(_count(len(model.articles), "article"))
    parts.append(_count(len(nodes), "entity" if model.entities else "node", "entities" if model.entities else None))
    if statements:
        denied = sum(1 for st in statements.values() if st["negated"])
        parts.append(_count(len(statements), "statement") + (f" ({denied} denied)" if denied else ""))
    parts.append(_count(edges, "edge"))
    text = " \u00b7 ".join(parts)
    if focus is not None:
        name = records.get(focus, {}).get("label", _local(focus))
        text += f" \u00b7 within {_count(depth, 'edge')} of {name}"
    return text


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"
