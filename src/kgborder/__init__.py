"""kgborder: news articles about the U.S.-Mexico border as a source-grounded knowledge graph.

The library never prints or exits; the CLI (``kgborder``) is a thin layer over it.
Heavy modules (rdflib, pyoxigraph, pyshacl) load only when a function needs them.
"""
from __future__ import annotations

__version__ = "0.1.0"

# Light: these modules import rdflib and pyoxigraph only when a query runs.
from .query import query, saved_queries  # noqa: E402

__all__ = ["__version__", "build", "compile_project", "load_graph", "query", "saved_queries", "Project"]


def __getattr__(name: str):
    if name == "build":
        from .build import build
        return build
    if name == "compile_project":
        from .compile import compile_project
        return compile_project
    if name == "load_graph":
        from .graphio import load_graph
        return load_graph
    if name == "Project":
        from .project import Project
        return Project
    raise AttributeError(name)
