"""kgborder's own SPARQL: the queries its commands run for themselves (stats, export, view,
analysis), one ``.rq`` file each in this folder, and the one way to read and run them.

They are the project's, not the user's: they run on the store (or graph) directly, without the
safety check and the time limit of :func:`kgborder.query.query`, which stays for the queries
people write. A store is opened by the caller (``store.open_store``, which holds the reader's
lock on the version it opened). kgborder's prefixes are predefined, and parameters are bound
by the engine (Oxigraph's substitutions, rdflib's ``initBindings``), never pasted into the text.
"""
from __future__ import annotations

from importlib.resources import files
from typing import Any

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def load(name: str) -> str:
    """The text of ``sparql/<name>.rq``."""
    return (files(__name__) / f"{name}.rq").read_text(encoding="utf-8")


def is_graph(source: Any) -> bool:
    """Whether ``source`` is an rdflib Graph (rather than a store or a path)."""
    return source is not None and hasattr(source, "query") and hasattr(source, "triples")


def select(source: Any, name: str, *, union: bool = True, **params: Any) -> Any:
    """The solutions of the SELECT query ``sparql/<name>.rq`` on ``source``: an Oxigraph Store
    (pyoxigraph ``QuerySolutions``, terms of pyoxigraph) or an rdflib Graph (an rdflib
    ``Result``, terms of rdflib). Either way each row is read by variable name or position.

    On a store the query reads the union of its graphs where it has named graphs
    (``store.reads_union``), or with ``union=False`` the default graph alone. ``params`` bind
    variables to terms of either library."""
    return _run(source, name, union, params)


def construct(store: Any, name: str, *, union: bool = True, **params: Any) -> Any:
    """The triples (pyoxigraph ``Triple``) that the CONSTRUCT query ``sparql/<name>.rq``
    returns from an Oxigraph store; ``union`` and ``params`` as for :func:`select`."""
    return _run(store, name, union, params)


def _run(source: Any, name: str, union: bool, params: dict[str, Any]) -> Any:
    from ..namespaces import PREFIXES

    text = load(name)
    if is_graph(source):
        from rdflib import Variable

        return source.query(text, initNs=dict(PREFIXES),
                            initBindings={Variable(k): to_rdflib(v) for k, v in params.items()})
    import pyoxigraph

    from ..store import reads_union

    return source.query(text, use_default_graph_as_union=union and reads_union(source),
                        substitutions={pyoxigraph.Variable(k): to_oxigraph(v) for k, v in params.items()},
                        prefixes={p: str(ns) for p, ns in PREFIXES.items()})


# --- pyoxigraph <-> rdflib -------------------------------------------------------------------

def to_oxigraph(term: Any) -> Any:
    """An rdflib term as the equal Oxigraph term (an Oxigraph term as it is)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal)):
        return term
    raise TypeError(f"cannot bind {term!r}")


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as the equal rdflib term (an rdflib term, or None, as it is)."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if hasattr(term, "n3"):
        return term
    return Literal(str(term))


def to_result(answer: Any) -> Any:
    """An Oxigraph answer (solutions, boolean or triples) as the equal rdflib ``Result``; an
    rdflib ``Result`` as it is. A graph answer's type is CONSTRUCT (Oxigraph does not tell a
    DESCRIBE's from it)."""
    import pyoxigraph
    from rdflib import Graph, Variable
    from rdflib.query import Result

    if isinstance(answer, Result):
        return answer
    if isinstance(answer, pyoxigraph.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, pyoxigraph.QueryTriples):
        from ..namespaces import bind_prefixes

        result = Result("CONSTRUCT")
        graph = Graph()
        bind_prefixes(graph)
        for t in answer:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        result.graph = graph
        return result
    result = Result("SELECT")
    names = [v.value for v in answer.variables]
    result.vars = [Variable(n) for n in names]
    columns = list(zip(names, result.vars, strict=True))
    converted: dict = {}  # answers repeat terms (labels, classes, IRIs): convert each once

    def convert(term):
        try:
            return converted[term]
        except KeyError:
            value = converted[term] = to_rdflib(term)
            return value

    result.bindings = [{var: convert(value) for n, var in columns if (value := solution[n]) is not None}
                       for solution in answer]
    return result
