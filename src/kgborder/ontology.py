"""Reading the ontology: which entity types, statement kinds and relations exist.

The ontology is the single source of truth for the curation format: a YAML
``type: Person`` must name a subclass of kgb:Entity, a ``relation: deploys`` must
name a property with a kgb:statementClass, and subject and object must fit the
property's rdfs:domain and rdfs:range.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection

from .errors import CurationError, Problem, syntax_location
from .fileio import read_bytes
from .namespaces import KGB, OWL, RDF, RDFS
from .sparql import to_rdflib

SHAPES_FILE = "shapes.ttl"
RULE_FILE = "derive-edges.rq"


# The participants a relation's kgb:pattern may name.
PATTERN_SLOTS = frozenset({"subject", "object", "role"})


@dataclass(frozen=True)
class Relation:
    """A direct-edge property, the statement kind that asserts it, and the language that signals
    it in news text (its kgb:cue words and kgb:pattern constructions, sorted)."""

    name: str
    iri: URIRef
    statement_class: URIRef
    domain: frozenset[URIRef]
    range: frozenset[URIRef]
    cues: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    """The parts of the ontology that curation and compilation need."""

    graph: Graph
    shapes: Graph
    rule: str
    relations: dict[str, Relation] = field(default_factory=dict)
    entity_types: dict[str, URIRef] = field(default_factory=dict)
    statement_kinds: dict[str, URIRef] = field(default_factory=dict)
    _supers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)

    def superclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """``cls`` and every named class above it."""
        if cls not in self._supers:
            seen: set[URIRef] = set()
            todo = [cls]
            while todo:
                c = todo.pop()
                if c in seen:
                    continue
                seen.add(c)
                todo.extend(o for o in self.graph.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
            self._supers[cls] = frozenset(seen)
        return self._supers[cls]

    def fits(self, cls: URIRef, allowed: frozenset[URIRef]) -> bool:
        """Whether an individual of class ``cls`` is in one of the ``allowed`` classes."""
        return not allowed or bool(self.superclasses(cls) & allowed)

    def local(self, iri: URIRef) -> str:
        return str(iri).rsplit("#", 1)[-1]


def parse_turtle(path: Path, shown: str, into: Graph | None = None) -> Graph:
    """Parse a Turtle file; a syntax error becomes a one-line CurationError with line and column.

    pyoxigraph parses (its syntax errors are precise and readable) and its triples fill the rdflib
    graph the checks read: rdflib's own Turtle parser took 126 ms for the ontology's 1,072
    triples, pyoxigraph 6 ms and the copy 5 ms, a tenth of each `kgborder add`. The triples go
    ``into`` a graph given (a file read fills it part way before a syntax error), else a new one."""
    import pyoxigraph

    try:
        data = read_bytes(path, 64 * 2**20, "an ontology file (64 MB)", shown)
    except OSError as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    graph = Graph() if into is None else into
    try:
        for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri="file:///" + shown):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    except SyntaxError as exc:
        raise CurationError([_syntax_problem(shown, str(exc))]) from None
    return graph


def _syntax_problem(shown: str, message: str) -> Problem:
    line, text = syntax_location(message)
    return Problem(shown, line, None, f"malformed Turtle at {text}")


def load_vocabulary(ontology_dir: Path, shown_dir: str = "ontology") -> Vocabulary:
    """Read every ``*.ttl`` in the ontology folder (the shapes apart) and the edge rule."""
    graph = Graph()
    problems: list[Problem] = []
    shapes = Graph()
    files = sorted(ontology_dir.glob("*.ttl"))
    if not files:
        raise CurationError([Problem(shown_dir, None, None, "no ontology (*.ttl) found")])
    for path in files:
        shown = f"{shown_dir}/{path.name}"
        try:
            parse_turtle(path, shown, shapes if path.name == SHAPES_FILE else graph)
        except CurationError as exc:
            problems.extend(exc.problems)
    rule_path = ontology_dir / RULE_FILE
    try:
        rule = rule_path.read_text(encoding="utf-8")
    except OSError:
        problems.append(Problem(f"{shown_dir}/{RULE_FILE}", None, None, "the edge-derivation rule is missing"))
        rule = ""
    if problems:
        raise CurationError(problems)

    vocab = Vocabulary(graph=graph, shapes=shapes, rule=rule)
    for cls in set(graph.subjects(RDF.type, OWL.Class)):
        if not isinstance(cls, URIRef) or not str(cls).startswith(str(KGB)):
            continue
        supers = vocab.superclasses(cls)
        if KGB.Entity in supers:
            vocab.entity_types[vocab.local(cls)] = cls
        if KGB.Statement in supers:
            vocab.statement_kinds[vocab.local(cls)] = cls
    vocab.relations = _relations(graph, vocab, files, shown_dir, problems)
    if problems:
        raise CurationError(problems)
    return vocab


def _relations(graph: Graph, vocab: Vocabulary, files: list[Path], shown_dir: str,
               problems: list[Problem]) -> dict[str, Relation]:
    """Every property with a kgb:statementClass, with its domain, range, cues and patterns; a
    malformed pattern is a problem of the ontology, at the file and line that write it."""
    relations: dict[str, Relation] = {}
    for prop, st_class in graph.subject_objects(KGB.statementClass):
        if not isinstance(prop, URIRef) or not isinstance(st_class, URIRef):
            continue
        name = vocab.local(prop)
        patterns = tuple(sorted(str(p) for p in graph.objects(prop, KGB.pattern)))
        for pattern in patterns:
            problem = pattern_problem(pattern)
            if problem:
                shown, line = _written_at(files, shown_dir, pattern)
                problems.append(Problem(shown, line, None, f"kgb:{name}: kgb:pattern {pattern!r} {problem}"))
        relations[name] = Relation(
            name=name,
            iri=prop,
            statement_class=st_class,
            domain=_class_set(graph, graph.value(prop, RDFS.domain)),
            range=_class_set(graph, graph.value(prop, RDFS.range)),
            cues=tuple(sorted(" ".join(str(c).split()) for c in graph.objects(prop, KGB.cue))),
            patterns=patterns,
        )
    return relations


def _written_at(files: list[Path], shown_dir: str, text: str) -> tuple[str, int | None]:
    """The ontology file and line where a literal's text is written (its first occurrence)."""
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if text in line:
                return f"{shown_dir}/{path.name}", number
    return shown_dir, None


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a kgb:pattern, or None: it names its participants in braces, from
    PATTERN_SLOTS, and at least one of them beside some words."""
    import re

    slots = re.findall(r"\{([^{}]*)\}", pattern)
    unknown = sorted(set(slots) - PATTERN_SLOTS)
    if unknown:
        return f"names {{{unknown[0]}}}, not one of " + ", ".join(f"{{{s}}}" for s in sorted(PATTERN_SLOTS))
    if re.sub(r"\{[^{}]*\}", "", pattern).count("{") or re.sub(r"\{[^{}]*\}", "", pattern).count("}"):
        return "has a brace that opens or closes no participant"
    if not slots:
        return "names no participant ({subject}, {object} or {role})"
    if not re.sub(r"\{(subject|object)\}", "", pattern).strip():
        return "is its participants alone: write the words or marks that stand between them"
    return None


def _class_set(graph: Graph, node) -> frozenset[URIRef]:
    if node is None:
        return frozenset()
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return frozenset(m for m in Collection(graph, members) if isinstance(m, URIRef))
        return frozenset()
    return frozenset([node])
