"""Explaining and analysing the graph: paths between actors, centrality, communities,
the most quoted speakers, and a timeline of every dated number.

Everything reads the direct-edge layer and the statements through saved-query-style SPARQL
(``src/kgborder/sparql/analysis-*.rq``), from the project's store, a store directory, or an
in-memory rdflib Graph that holds the ontology too (``load_graph(project, with_ontology=True)``).
Functions return dataclasses, networkx graphs and matplotlib Figures; ``render_*`` turn them
into the text or JSON the CLI prints.

The modules: ``graph`` (entities, the edge network, names to entities), ``paths``,
``network`` (centrality, communities, speakers), ``timeline`` and ``render``; import from the
package, whose names stay as they are.
"""
from __future__ import annotations

from .graph import AnalysisError, Entity, UnknownEntity, edge_graph, entities, resolve_entity
from .network import (BETWEENNESS_EXACT_UP_TO, BETWEENNESS_SAMPLES, COMMUNITY_SEED, Analysis, Centrality,
                      Community, Office, Speaker, analyze, centrality, communities, speakers)
from .paths import Chain, Evidence, Hop, Link, PathResult, find_paths
from .render import TEXT_EVIDENCE_LIMIT, render_analysis, render_path, render_timeline, timeline_table
from .timeline import LABELS_PER_PANEL, TimelinePoint, timeline_data, timeline_figure, write_figure

__all__ = [
    "AnalysisError", "UnknownEntity", "Entity", "Evidence", "Link", "Hop", "PathResult", "Centrality",
    "Community", "Office", "Speaker", "Analysis", "TimelinePoint", "entities", "edge_graph", "resolve_entity",
    "find_paths", "centrality", "communities", "speakers", "analyze", "timeline_data", "timeline_figure",
    "render_path", "render_analysis", "render_timeline", "timeline_table", "write_figure", "Chain",
    "COMMUNITY_SEED", "TEXT_EVIDENCE_LIMIT", "BETWEENNESS_EXACT_UP_TO", "BETWEENNESS_SAMPLES", "LABELS_PER_PANEL",
]
