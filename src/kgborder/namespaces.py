"""The IRIs kgborder mints and the vocabularies it reuses."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/kgborder/"
KGB = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ART = Namespace(BASE + "article/")
ST = Namespace(BASE + "statement/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY_GRAPH = BASE + "ontology"

# rdflib's own vocabularies (PROV, SKOS, ...) are DefinedNamespace classes, not Namespace objects;
# both give their IRI as str(ns).
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kgb": KGB,
    "id": ID,
    "art": ART,
    "st": ST,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "qudt": QUDT,
    "unit": UNIT,
    "skos": SKOS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def bind_prefixes(graph) -> None:
    """Bind kgborder's prefixes on an rdflib graph (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
