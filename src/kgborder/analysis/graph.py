"""The analysis's view of the graph: its entities as people name them, the direct-edge
network as a networkx graph, and the entity a user means by a name.

Everything reads the direct-edge layer and the statements through the project's internal
SPARQL (``src/kgborder/sparql/analysis-*.rq``), from the project's store, a store directory, or
an in-memory rdflib Graph that holds the ontology too (``load_graph(project, with_ontology=True)``).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import KgborderError
from ..namespaces import ID


class AnalysisError(KgborderError):
    """The graph cannot answer: no entities, an unknown or ambiguous name, a bad option."""


class UnknownEntity(AnalysisError):
    """A name that matches no entity, or more than one."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()):
        super().__init__(message)
        self.suggestions = tuple(suggestions)


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


@dataclass(frozen=True)
class Entity:
    """An entity as people name it."""

    iri: str
    label: str
    type: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The slug of a kgborder entity, else the IRI."""
        return self.iri[len(str(ID)):] if self.iri.startswith(str(ID)) else self.iri

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "iri": self.iri, "label": self.label, "type": self.type}


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
    local = re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
    return Entity(iri, local)


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
    for subject, relation, obj, label in rows:
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

def _key(text: str) -> str:
    """A name for matching: case, accents, quotes and spacing aside."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.casefold().split())


def _name_key(text: str) -> str:
    """A name for matching entities: as ``_key``, and a leading "the" aside ("the DEA")."""
    key = _key(text)
    return key[4:] if key.startswith("the ") else key


def resolve_entity(name: str, known: dict[str, Entity]) -> Entity:
    """The one entity ``name`` means: its label, an alias or its id (or ``id:slug``, or its
    IRI), ignoring case and accents. Raises UnknownEntity, with suggestions, otherwise."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text in known:
        return known[text]
    if text.startswith("id:") and str(ID) + text[3:] in known:
        return known[str(ID) + text[3:]]
    key = _name_key(text)
    matches = [e for e in known.values()
               if key == _key(e.id) or key in {_name_key(n) for n in (e.label, *e.aliases)}]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{e.label} ({e.id})" for e in sorted(matches, key=lambda e: (e.label, e.iri)))
        raise UnknownEntity(f"{name!r} names {len(matches)} entities: {listed}; give the id",
                            [e.id for e in matches])
    suggestions = _suggest(key, known)
    if suggestions:
        hint = "; did you mean " + " or ".join(f"{s!r}" for s in suggestions) + "?"
    else:
        hint = "; 'kgborder analyze --top 0' lists every linked entity"
    raise UnknownEntity(f"no entity named {name!r}{hint}", suggestions)


def _suggest(key: str, known: dict[str, Entity], n: int = 3) -> list[str]:
    import difflib

    names: dict[str, str] = {}  # matching key -> the entity's label
    for e in sorted(known.values(), key=lambda e: e.iri):
        for candidate in (e.label, *e.aliases, e.id):
            names.setdefault(_name_key(candidate), e.label)
    found: list[str] = []
    # names close to the text, then names that contain it ("guard" -> "National Guard (Mexico)"),
    # shortest first
    containing = sorted((k for k in names if len(key) > 2 and key in k), key=lambda k: (len(k), k))
    for candidate in difflib.get_close_matches(key, names, n=n, cutoff=0.6) + containing:
        if names[candidate] not in found:
            found.append(names[candidate])
    return found[:n]



def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


