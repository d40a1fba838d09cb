"""Serialising a graph: deterministic Turtle, N-Triples and JSON-LD."""
from __future__ import annotations

from rdflib import Graph

from .errors import KgborderError

FORMATS = {"turtle": "longturtle", "ttl": "longturtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld", "json-ld": "json-ld"}


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph in ``fmt``; the same graph always gives the same bytes.

    Turtle uses rdflib's sorted "longturtle" layout; N-Triples lines are sorted.
    """
    try:
        rdflib_format = FORMATS[fmt]
    except KeyError:
        raise KgborderError(f"unknown format {fmt!r} (choose from turtle, nt, jsonld)") from None
    if rdflib_format == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode("utf-8")
    if rdflib_format == "json-ld":
        from .namespaces import PREFIXES

        context = {p: str(ns) for p, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, sort_keys=True, indent=2, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def export_store(store_path, fmt: str = "turtle") -> bytes:
    """The data in a store (its default graph) serialised deterministically."""
    from .store import dump_default_graph, open_store

    graph = Graph()
    graph.parse(data=dump_default_graph(open_store(store_path)), format="nt")
    from .namespaces import bind_prefixes

    bind_prefixes(graph)
    return serialize(graph, fmt)
