"""The ontology as OWL 2 DL: consistent with the data, documented and cleanly declared.

The reasoner tests run HermiT (bundled with owlready2) through tests/owl_reasoner.py;
they need Java and are skipped, with a reason, only when it is missing.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from conftest import ROOT
from owl_reasoner import check_consistency, find_java
from kgborder.query import to_rdflib

KGB = "https://w3id.org/kgborder/ontology#"
# A plain Namespace: pytest trips over rdflib's closed XSD namespace when it collects this module.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_FILE = ROOT / "ontology" / "kgborder.ttl"

#: Reused vocabularies whose terms the ontology must declare (it does not import them).
EXTERNAL = {
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qudt": "http://qudt.org/schema/qudt/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
}

#: Annotation properties built into OWL 2, which need no declaration (OWL 2 Structural Spec. 5.5).
BUILTIN_ANNOTATION_PROPERTIES = {
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
    OWL.deprecated, OWL.versionInfo, OWL.priorVersion,
    OWL.backwardCompatibleWith, OWL.incompatibleWith,
}

PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TERM_KINDS = (OWL.Class, *PROPERTY_KINDS, OWL.NamedIndividual)

needs_java = pytest.mark.skipif(
    find_java() is None, reason="java is not installed: the HermiT reasoner cannot run (CI installs it)"
)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ontology(compiled) -> Graph:
    sources, _ = compiled
    return sources.vocab.graph


def merged(compiled, *extra: tuple) -> Graph:
    """A fresh graph with the ontology, the compiled data and ``extra`` triples."""
    sources, data = compiled
    g = Graph()
    g += sources.vocab.graph
    g += data
    for triple in extra:
        g.add(triple)
    return g


def kgb(name: str) -> URIRef:
    return URIRef(KGB + name)


def declared(ontology: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def property_kinds(ontology: Graph, iri: URIRef) -> set[URIRef]:
    return {k for k in PROPERTY_KINDS if (iri, RDF.type, k) in ontology}


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


def used_terms(graph: Graph) -> dict[URIRef, set[str]]:
    """IRIs that ``graph`` uses as a class or a property, each with the role(s) it plays.

    Values of annotation properties (e.g. ``kgb:relation kgb:deploys``) and of
    object properties (individuals) are not counted: OWL reads them as plain IRIs.
    """
    roles: dict[URIRef, set[str]] = defaultdict(set)

    def mark(node, role: str) -> None:
        if isinstance(node, URIRef):
            roles[node].add(role)

    def mark_list(head, role: str) -> None:
        for item in Collection(graph, head):
            mark(item, role)

    object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    for s, p, o in graph:
        mark(p, "property")
        if p == RDF.type:
            mark(o, "class")
        elif p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
            mark(s, "class")
            mark(o, "class")
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf, OWL.propertyDisjointWith):
            mark(s, "property")
            mark(o, "property")
        elif p == RDFS.domain:
            mark(s, "property")
            mark(o, "class")
        elif p == RDFS.range:
            mark(s, "property")
            if s in object_properties:
                mark(o, "class")
        elif p == OWL.onProperty:
            mark(o, "property")
        elif p in (OWL.unionOf, OWL.intersectionOf) and (s, RDF.type, OWL.Class) in graph:
            mark_list(o, "class")
        elif p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in graph:
            mark_list(o, "class")
    return roles


# ---------------------------------------------------------------------------
# a. consistency of ontology + data, with HermiT
# ---------------------------------------------------------------------------


@needs_java
def test_ontology_and_data_are_consistent_with_no_unsatisfiable_class(compiled):
    problems = check_consistency(merged(compiled))
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------
# b. the reasoner check is not vacuous
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def a_person(compiled) -> URIRef:
    _, data = compiled
    people = sorted(s for s in data.subjects(RDF.type, kgb("Person")) if isinstance(s, URIRef))
    assert people, "the data has no kgb:Person to build a contradiction with"
    return people[0]


@pytest.fixture(scope="session")
def an_agent_that_deploys(compiled) -> URIRef:
    _, data = compiled
    deployers = sorted(s for s in data.subjects(kgb("deploys"), None) if isinstance(s, URIRef))
    assert deployers, "the data has no kgb:deploys edge"
    return deployers[0]


@needs_java
def test_a_person_who_is_also_an_organization_is_inconsistent(compiled, a_person):
    problems = check_consistency(merged(compiled, (a_person, RDF.type, kgb("Organization"))))
    assert any(p.startswith("inconsistent") for p in problems), problems


@needs_java
def test_deploying_a_person_is_inconsistent(compiled, an_agent_that_deploys, a_person):
    # range of kgb:deploys is kgb:SecurityForce, an Organization, disjoint with kgb:Person
    problems = check_consistency(merged(compiled, (an_agent_that_deploys, kgb("deploys"), a_person)))
    assert any(p.startswith("inconsistent") for p in problems), problems


@needs_java
def test_an_unsatisfiable_class_is_reported(compiled):
    odd = kgb("PersonThatIsAPlace")
    problems = check_consistency(
        merged(
            compiled,
            (odd, RDF.type, OWL.Class),
            (odd, RDFS.subClassOf, kgb("Person")),
            (odd, RDFS.subClassOf, kgb("Place")),
        )
    )
    assert problems == [f"unsatisfiable class: <{odd}>"]


@needs_java
def test_misused_literals_and_property_kinds_are_reported(compiled, a_person):
    selector = URIRef("https://w3id.org/kgborder/test/selector")
    problems = check_consistency(
        merged(
            compiled,
            (selector, RDF.type, URIRef(EXTERNAL["oa"] + "TextPositionSelector")),
            (selector, URIRef(EXTERNAL["oa"] + "start"), Literal("abc", datatype=XSD.nonNegativeInteger)),
            (selector, URIRef(EXTERNAL["oa"] + "end"), a_person),
            (a_person, kgb("worksFor"), Literal("a literal")),
        )
    )
    assert any(p.startswith("ill-typed literal") and "abc" in p for p in problems), problems
    assert any(p.startswith("datatype property") and "oa#end" in p for p in problems), problems
    assert any(p.startswith("object property") and "worksFor" in p for p in problems), problems


# ---------------------------------------------------------------------------
# c. documentation: labels, comments, domains and ranges
# ---------------------------------------------------------------------------


def kgb_terms(ontology: Graph) -> list[URIRef]:
    terms = {t for kind in TERM_KINDS for t in declared(ontology, kind) if str(t).startswith(KGB)}
    return sorted(terms)


def test_there_are_kgb_terms(ontology):
    terms = kgb_terms(ontology)
    assert len(terms) > 50
    for kind in TERM_KINDS:  # each kind is present, so no check below is vacuous
        assert any(t.startswith(KGB) for t in declared(ontology, kind)), kind


def test_every_kgb_term_has_one_english_label_and_a_comment(ontology):
    problems = []
    for term in kgb_terms(ontology):
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)]
        english = [label for label in labels if (label.language or "").lower().split("-")[0] == "en"]
        if len(english) != 1:
            problems.append(f"{term}: {len(english)} English rdfs:label (want exactly 1): {labels}")
        comments = [o for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal) and str(o).strip()]
        if not comments:
            problems.append(f"{term}: no rdfs:comment")
    assert problems == [], "\n".join(problems)


def test_every_kgb_object_and_datatype_property_has_domain_and_range(ontology):
    problems = []
    properties = declared(ontology, OWL.ObjectProperty) | declared(ontology, OWL.DatatypeProperty)
    for prop in sorted(p for p in properties if p.startswith(KGB)):
        for axiom in (RDFS.domain, RDFS.range):
            if ontology.value(prop, axiom) is None:
                problems.append(f"{prop}: no {ontology.qname(axiom)}")
    assert problems == [], "\n".join(problems)


def test_domains_and_ranges_are_of_the_right_kind(ontology):
    """Object properties range over classes, datatype properties over datatypes."""
    classes = declared(ontology, OWL.Class)
    problems = []
    for prop in sorted(declared(ontology, OWL.ObjectProperty) | declared(ontology, OWL.DatatypeProperty)):
        is_object = (prop, RDF.type, OWL.ObjectProperty) in ontology
        for domain in ontology.objects(prop, RDFS.domain):
            if not (domain in classes or isinstance(domain, BNode)):
                problems.append(f"{prop}: domain {domain} is not a declared class")
        for range_ in ontology.objects(prop, RDFS.range):
            if is_object and not (range_ in classes or isinstance(range_, BNode)):
                problems.append(f"{prop}: range {range_} is not a declared class")
            if not is_object and not (range_ == RDFS.Literal or str(range_).startswith(str(XSD))):
                problems.append(f"{prop}: range {range_} is not a datatype")
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------
# d. OWL 2 DL declarations, as the OWL API (Protégé) reads them
# ---------------------------------------------------------------------------


def test_every_class_and_property_used_in_the_data_is_declared(compiled, ontology):
    _, data = compiled
    classes = declared(ontology, OWL.Class)
    problems = []
    predicates = set(data.predicates()) - {RDF.type} - BUILTIN_ANNOTATION_PROPERTIES
    for prop in sorted(predicates):
        kinds = property_kinds(ontology, prop)
        if len(kinds) != 1:
            problems.append(f"property {prop}: declared as {sorted(map(ontology.qname, kinds)) or 'nothing'}")
    for cls in sorted(set(data.objects(None, RDF.type))):
        if cls not in classes:
            problems.append(f"class {cls}: not declared as owl:Class")
    assert predicates and classes
    assert problems == [], "\n".join(problems)


def test_no_iri_is_declared_as_two_kinds_of_property(ontology):
    problems = []
    for prop in sorted(set().union(*(declared(ontology, k) for k in PROPERTY_KINDS))):
        kinds = property_kinds(ontology, prop)
        if len(kinds) > 1:
            problems.append(f"{prop}: declared as {sorted(map(ontology.qname, kinds))}")
    assert problems == [], "\n".join(problems)


def test_every_external_term_used_is_declared(compiled, ontology):
    classes = declared(ontology, OWL.Class)
    seen_namespaces = set()
    problems = []
    for iri, roles in sorted(used_terms(merged(compiled)).items()):
        prefix = next((p for p, ns in EXTERNAL.items() if iri.startswith(ns)), None)
        if prefix is None:
            continue
        seen_namespaces.add(prefix)
        if "class" in roles and iri not in classes:
            problems.append(f"{iri}: used as a class but not declared owl:Class")
        if "property" in roles and len(property_kinds(ontology, iri)) != 1:
            problems.append(f"{iri}: used as a property but not declared as exactly one kind of property")
    assert seen_namespaces == set(EXTERNAL), f"no terms seen from {set(EXTERNAL) - seen_namespaces}"
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------
# e. relations and statement classes
# ---------------------------------------------------------------------------


def test_every_relation_names_a_statement_class(ontology):
    classes = declared(ontology, OWL.Class)
    relations = sorted(set(ontology.subjects(kgb("statementClass"), None)))
    assert len(relations) > 10
    problems = []
    for relation in relations:
        for st_class in ontology.objects(relation, kgb("statementClass")):
            if st_class not in classes:
                problems.append(f"{relation}: statement class {st_class} is not a declared class")
            elif st_class == kgb("Statement") or kgb("Statement") not in superclasses(ontology, st_class):
                problems.append(f"{relation}: {st_class} is not a subclass of kgb:Statement")
    assert problems == [], "\n".join(problems)


def test_every_relation_carries_the_language_that_signals_it():
    """Drafting reads a relation's cue words and patterns from the model: every relation has
    some, written as the kgb:cue and kgb:pattern comments say."""
    from kgborder.ontology import load_vocabulary

    vocab = load_vocabulary(ROOT / "ontology")
    assert len(vocab.relations) > 20
    bare = [name for name, r in vocab.relations.items() if not r.cues and not r.patterns]
    assert bare == []
    for relation in vocab.relations.values():
        for cue in relation.cues:
            assert re.fullmatch(r"[a-z][a-z'. ]*(/[a-z][a-z'. ]*)*( \([a-z][a-z ]*\))?", cue), (relation.name, cue)
        for pattern in relation.patterns:
            assert "{" in pattern and re.search(r"\S", re.sub(r"\{(subject|object)\}", "", pattern)), (relation.name, pattern)
    assert "seize" in vocab.relations["seizes"].cues and "send/sent" in vocab.relations["deploys"].cues
    assert "{subject}, {object}" in vocab.relations["locatedIn"].patterns


def test_statement_classes_used_in_the_data_exist(compiled, ontology):
    _, data = compiled
    classes = declared(ontology, OWL.Class)
    statements = set(data.subjects(RDF.type, kgb("Statement")))
    assert statements
    problems = []
    for statement in sorted(statements):
        kinds = set(data.objects(statement, RDF.type)) - {kgb("Statement")}
        if not kinds:
            problems.append(f"{statement}: has no statement class besides kgb:Statement")
        for kind in sorted(kinds):
            if kind not in classes or kgb("Statement") not in superclasses(ontology, kind):
                problems.append(f"{statement}: {kind} is not a declared subclass of kgb:Statement")
        for relation in data.objects(statement, kgb("relation")):
            wanted = ontology.value(relation, kgb("statementClass"))
            if wanted is None:
                problems.append(f"{statement}: relation {relation} has no kgb:statementClass")
            elif not any(wanted in superclasses(ontology, k) for k in kinds):
                problems.append(f"{statement}: relation {relation} wants a {wanted}, statement is {sorted(kinds)}")
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------
# f. a second parser agrees
# ---------------------------------------------------------------------------


def test_pyoxigraph_and_rdflib_read_the_ontology_alike():
    base = ONTOLOGY_FILE.as_uri()
    by_rdflib = Graph().parse(ONTOLOGY_FILE, format="turtle", publicID=base)
    by_oxigraph = Graph()
    for t in pyoxigraph.parse(path=str(ONTOLOGY_FILE), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base):
        by_oxigraph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    assert len(by_oxigraph) == len(by_rdflib)
    assert isomorphic(by_oxigraph, by_rdflib)


@pytest.mark.parametrize("path", ["ontology/kgborder.ttl", "ontology/shapes.ttl", "graph/kgborder.ttl"])
def test_kgborder_reads_turtle_as_rdflib_does(path):
    """parse_turtle parses with pyoxigraph and copies the triples into rdflib: the same graph."""
    from kgborder.ontology import parse_turtle

    file = ROOT / path
    by_rdflib = Graph().parse(file, format="turtle", publicID="file:///" + path)
    ours = parse_turtle(file, path)
    assert len(ours) == len(by_rdflib)
    assert isomorphic(ours, by_rdflib)
