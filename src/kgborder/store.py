"""The embedded, persistent Oxigraph store that queries and views read.

The data lives in the default graph, the ontology in the named graph
<https://w3id.org/kgborder/ontology>. A build writes a fresh store directory and
swaps a symbolic link to it in one rename, so a reader never sees a half-built
store and a failed build leaves the old one in place.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .errors import StoreError
from .namespaces import ONTOLOGY_GRAPH


def write_store(store_path: Path, data_turtle: bytes, ontology_turtle: bytes) -> Path:
    """Load a new store beside ``store_path`` and return its directory (not yet swapped in)."""
    import pyoxigraph

    store_path.parent.mkdir(parents=True, exist_ok=True)
    new_dir = store_path.parent / f".{store_path.name}-{time.time_ns()}"
    try:
        store = pyoxigraph.Store(str(new_dir))
        store.bulk_load(data_turtle, format=pyoxigraph.RdfFormat.TURTLE)
        store.bulk_load(ontology_turtle, format=pyoxigraph.RdfFormat.TURTLE,
                        to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH))
        store.flush()
        del store
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    return new_dir


def swap_store(store_path: Path, new_dir: Path) -> None:
    """Point ``store_path`` at ``new_dir`` atomically and remove the store it replaced."""
    old_target = store_path.resolve() if store_path.is_symlink() else None
    if store_path.exists() and not store_path.is_symlink():
        # A plain directory (e.g. made by another tool): move it aside first.
        aside = store_path.parent / f".{store_path.name}-replaced-{time.time_ns()}"
        os.rename(store_path, aside)
        old_target = aside
    link = store_path.parent / f".{store_path.name}.link-{time.time_ns()}"
    os.symlink(new_dir.name, link)
    os.replace(link, store_path)
    if old_target is not None and old_target != new_dir.resolve():
        shutil.rmtree(old_target, ignore_errors=True)


def discard_store(new_dir: Path) -> None:
    shutil.rmtree(new_dir, ignore_errors=True)


def open_store(store_path: Path):
    """Open the store read-only; a missing store is a clear StoreError."""
    import pyoxigraph

    if not store_path.exists():
        raise StoreError(f"no store at {store_path}; run 'kgborder build' first")
    try:
        return pyoxigraph.Store.read_only(str(store_path.resolve()))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_path}: {exc}") from None


def dump_default_graph(store) -> bytes:
    """The data (default graph) as N-Triples."""
    import pyoxigraph

    return store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
