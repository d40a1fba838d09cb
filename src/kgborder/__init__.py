"""kgborder: news articles about the U.S.-Mexico border as a source-grounded knowledge graph.

The library never prints or exits; the CLI (``kgborder``) is a thin layer over it.
Heavy modules (rdflib, pyoxigraph, pyshacl) load only when a function needs them.
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# Light: these modules import rdflib and pyoxigraph only when a query runs.
from .query import query, saved_queries  # noqa: E402

# The rest of the public API, imported on first use: name -> module.
_LAZY = {"build": "build", "compile_project": "compile", "load_graph": "graphio", "Project": "project"}

__all__ = ["__version__", "query", "saved_queries", *_LAZY]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(name)
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    # Importing kgborder.build sets the package's attribute `build` to that module; put the
    # function back, so that `from kgborder import build` gives the function every time.
    globals()[name] = value
    return value
