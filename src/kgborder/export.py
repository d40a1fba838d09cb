"""Serialising a graph: deterministic Turtle, N-Triples and JSON-LD."""
from __future__ import annotations

from decimal import Decimal
from typing import BinaryIO

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from .errors import KgborderError
from .names import is_id

FORMATS = {"turtle": "longturtle", "ttl": "longturtle", "nt": "nt", "ntriples": "nt",
           "jsonld": "json-ld", "json-ld": "json-ld"}


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal with one lexical form for each value: no exponent, at least one digit on each
    side of the point (10.6 million -> "10600000.0"). It is the form Turtle's short decimals parse
    to, so a graph reads back term for term from Turtle, N-Triples, JSON-LD or a store that keeps
    only values."""
    whole, _, frac = f"{value:f}".partition(".")
    frac = frac.rstrip("0") or "0"
    if whole == "-0" and frac == "0":
        whole = "0"
    return Literal(f"{whole}.{frac}", datatype=XSD.decimal)


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph in ``fmt``; the same graph always gives the same bytes.

    Turtle uses rdflib's sorted "longturtle" layout; N-Triples lines are sorted.
    """
    try:
        rdflib_format = FORMATS[fmt]
    except KeyError:
        raise KgborderError(f"unknown format {fmt!r} (choose from turtle, nt, jsonld)") from None
    if rdflib_format == "nt":
        # split at LF only: N-Triples ends lines with it, and a literal may hold U+2028 or a form feed
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if rdflib_format == "json-ld":
        from .namespaces import PREFIXES

        context = {p: str(ns) for p, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, sort_keys=True, indent=2, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def _data_iris() -> tuple[str, ...]:
    from .namespaces import ART, ID, ST

    return tuple(str(ns) for ns in (ID, ART, ST))


def write_export(store_path, fmt: str, output: BinaryIO, data_only: bool = False,
                 article: str | None = None) -> None:
    """Stream what a store answers over to ``output``: every triple queries read (the data
    and the ontology, and the graphs of loaded files, each triple once), or with ``data_only``
    the built data alone (the triples of graph/kgborder.ttl: those about kgborder's entities,
    articles and statements), or with ``article`` (a slug) that article's part.
    Oxigraph serialises, so memory stays flat and the same store always gives the same bytes."""
    import pyoxigraph

    from . import sparql
    from .namespaces import PREFIXES
    from .store import open_store, reads_union

    try:
        # FORMATS maps every accepted name to rdflib's; Oxigraph's formats, by the same key.
        oxformat = {"longturtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
                    "json-ld": pyoxigraph.RdfFormat.JSON_LD}[FORMATS[fmt]]
    except KeyError:
        raise KgborderError(f"unknown format {fmt!r} (choose from turtle, nt, jsonld)") from None
    store = open_store(store_path)
    if article is not None:
        triples = _article_part(store, article)
    elif data_only:
        data_iris = _data_iris()
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())
                   if isinstance(q.subject, pyoxigraph.NamedNode) and q.subject.value.startswith(data_iris))
    elif reads_union(store):
        rows = sparql.select(store, "export-triples")
        triples = (pyoxigraph.Triple(row[0], row[1], row[2]) for row in rows)
    else:
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()))
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if oxformat != pyoxigraph.RdfFormat.N_TRIPLES else None
    pyoxigraph.serialize(triples, output, format=oxformat, prefixes=prefixes)


def export_store(store_path, fmt: str = "turtle", data_only: bool = False, article: str | None = None) -> bytes:
    """``write_export`` into bytes."""
    import io

    buffer = io.BytesIO()
    write_export(store_path, fmt, buffer, data_only, article)
    return buffer.getvalue()


def _article_part(store, slug: str):
    """The triples of one article's part (see sparql/article-part.rq), each once."""
    import pyoxigraph

    from . import sparql
    from .namespaces import ART

    if not is_id(slug):
        raise KgborderError(f"--article: {slug!r} is not an article slug (lower-case words joined by '-')")
    node = pyoxigraph.NamedNode(str(ART[slug]))
    if not any(True for _ in store.quads_for_pattern(node, None, None, pyoxigraph.DefaultGraph())):
        known = sorted(q.subject.value.rsplit("/", 1)[-1] for q in store.quads_for_pattern(
            None, pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            pyoxigraph.NamedNode("https://w3id.org/kgborder/ontology#Article"), pyoxigraph.DefaultGraph()))
        raise KgborderError(f"no article {slug!r} in the store (articles: {', '.join(known) or 'none'})")
    seen = set()
    for triple in sparql.construct(store, "article-part", union=False, article=node):
        if triple not in seen:
            seen.add(triple)
            yield triple
