"""The analysis's view of the graph: its entities as people name them, the direct-edge
network as a networkx graph, and the entity a user means by a name.

Everything reads the direct-edge layer and the statements through the project's internal
SPARQL (``src/kgborder/sparql/analysis-*.rq``), from the project's store, a store directory, or
an in-memory rdflib Graph that holds the ontology too (``load_graph(project, with_ontology=True)``).
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import KgborderError
from ..names import Entity, UnknownName, local_name, resolve


class AnalysisError(KgborderError):
    """The graph cannot answer: no entities, an unknown or ambiguous name, a bad option."""


class UnknownEntity(AnalysisError, UnknownName):
    """A name that matches no entity, or more than one."""


# --- reading the graph ------------------------------------------------------------------------

def _run(name: str, source, project_root, params: dict | None = None):
    """The rows of ``sparql/<name>.rq`` as rdflib terms (read by variable name: ``row.entity``),
    from an rdflib Graph, a store directory, or the project's store (``source`` None)."""
    from .. import sparql

    if sparql.is_graph(source):
        return sparql.select(source, name, **(params or {}))
    from ..project import Project
    from ..store import open_store

    store = open_store(Path(source) if source is not None else Project.at(project_root).store_dir)
    return sparql.to_result(sparql.select(store, name, **(params or {})))


def _text(term) -> str | None:
    return None if term is None else str(term)


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
    return Entity(iri, local_name(iri))


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
    for _, relation, _, label in rows:
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

def resolve_entity(name: str, known: dict[str, Entity]) -> Entity:
    """The one entity ``name`` means: its label, an alias or its id (or ``id:slug``, or its
    IRI), ignoring case and accents. Raises UnknownEntity, with suggestions, otherwise."""
    try:
        return resolve(name, known)
    except UnknownName as exc:
        raise UnknownEntity(str(exc), exc.suggestions) from None


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


