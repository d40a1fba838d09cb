"""Checking a compiled graph: SHACL shapes and evidence that matches the text."""
from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef

from .errors import Problem, ValidationError
from .names import prefixed_name
from .namespaces import KGB, OA, PREFIXES, RDF, SCHEMA, SH
from .ontology import Vocabulary


# The prefixes a problem's node is written with: rdf:, owl: and xsd: terms are written out.
_SHOWN = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("rdf", "owl", "xsd")}


def _curie(node) -> str:
    text = str(node)
    return prefixed_name(text, _SHOWN) or (text if isinstance(node, URIRef) else repr(text))


def shacl_problems(graph: Graph, vocab: Vocabulary, shown: str = "graph") -> list[Problem]:
    """Every SHACL violation of the shapes in ``ontology/shapes.ttl``, one per focus node and path."""
    from pyshacl import validate

    conforms, report, _ = validate(
        graph, shacl_graph=vocab.shapes, ont_graph=vocab.graph, inference="none",
        abort_on_first=False, allow_warnings=True, advanced=False,
    )
    if conforms:
        return []
    problems = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        where = _curie(focus) + (f" {_curie(path)}" if path is not None else "")
        problems.add(Problem(shown, None, where, " ".join(str(message).split())))
    return sorted(problems)


def evidence_problems(graph: Graph, shown: str = "graph") -> list[Problem]:
    """Each text quote must be the article's own characters at its recorded position."""
    problems = []
    texts = {}
    for article in graph.subjects(RDF.type, KGB.Article):
        text = graph.value(article, SCHEMA.text)
        if text is None:
            continue
        texts[article] = str(text)
        digest = graph.value(article, KGB.sha256)
        if digest is not None and str(digest) != hashlib.sha256(str(text).encode("utf-8")).hexdigest():
            problems.append(Problem(shown, None, _curie(article), "the article text does not match its SHA-256"))
    for target in graph.subjects(RDF.type, OA.SpecificResource):
        source = graph.value(target, OA.hasSource)
        selectors = list(graph.objects(target, OA.hasSelector))
        exact = next((graph.value(s, OA.exact) for s in selectors if graph.value(s, OA.exact) is not None), None)
        start = next((graph.value(s, OA.start) for s in selectors if graph.value(s, OA.start) is not None), None)
        end = next((graph.value(s, OA.end) for s in selectors if graph.value(s, OA.end) is not None), None)
        if source not in texts or exact is None or start is None or end is None:
            continue  # the shapes report what is missing
        text = texts[source]
        if text[int(start):int(end)] != str(exact):
            problems.append(Problem(shown, None, _curie(target), f"evidence at {int(start)}-{int(end)} "
                                                                 f"is not {str(exact)[:60]!r} in the article text"))
    return problems


def validate_graph(graph: Graph, vocab: Vocabulary, shown: str = "graph") -> None:
    """Raise ValidationError listing every violation; return quietly when the graph is valid."""
    problems = evidence_problems(graph, shown) + shacl_problems(graph, vocab, shown)
    if problems:
        raise ValidationError(problems)
