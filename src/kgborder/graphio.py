"""Loading a built graph into memory for notebooks and tests."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .namespaces import bind_prefixes
from .ontology import parse_turtle
from .project import Project


def load_graph(project: Project | str | Path | None = None, with_ontology: bool = False) -> Graph:
    """The project's built ``graph/kgborder.ttl`` as an in-memory rdflib Graph."""
    if not isinstance(project, Project):
        project = Project.at(project)
    graph = parse_turtle(project.output_file, project.relative(project.output_file))
    if with_ontology:
        from .ontology import load_vocabulary

        graph += load_vocabulary(project.ontology_dir).graph
    bind_prefixes(graph)
    return graph
