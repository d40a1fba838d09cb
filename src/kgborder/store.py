"""The embedded, persistent Oxigraph store that queries and views read.

The data lives in the default graph, the ontology in the named graph
<https://w3id.org/kgborder/ontology>. A build writes a fresh store directory and
swaps a symbolic link to it in one rename, so a reader never sees a half-built
store and a failed build leaves the old one in place.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError, syntax_location
from .namespaces import ONTOLOGY_GRAPH


def write_store(store_path: Path, data_turtle: bytes, ontology_turtle: bytes) -> Path:
    """Load a new store beside ``store_path`` and return its directory (not yet swapped in).

    Graphs that ``kgborder load`` added to the old store are carried over.
    """
    import pyoxigraph

    store_path.parent.mkdir(parents=True, exist_ok=True)
    new_dir = store_path.parent / f".{store_path.name}-{time.time_ns()}"
    try:
        store = pyoxigraph.Store(str(new_dir))
        store.bulk_load(data_turtle, format=pyoxigraph.RdfFormat.TURTLE)
        store.bulk_load(ontology_turtle, format=pyoxigraph.RdfFormat.TURTLE,
                        to_graph=pyoxigraph.NamedNode(ONTOLOGY_GRAPH))
        if store_path.exists():
            old = open_store(store_path)
            for graph in old.named_graphs():
                if graph.value != ONTOLOGY_GRAPH:
                    store.bulk_load(old.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph),
                                    format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)
            del old
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


# --- kgborder load ---------------------------------------------------------------------------

_FORMATS = {
    ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES", ".ttl": "TURTLE", ".turtle": "TURTLE", ".nq": "N_QUADS",
    ".nquads": "N_QUADS", ".trig": "TRIG", ".rdf": "RDF_XML", ".xml": "RDF_XML", ".owl": "RDF_XML",
    ".jsonld": "JSON_LD", ".json": "JSON_LD", ".n3": "N3",
}


def rdf_format(path: Path):
    """The RDF format of a file by its extension (after any .gz)."""
    import pyoxigraph

    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    name = _FORMATS.get(suffixes[-1]) if suffixes else None
    if name is None:
        raise StoreError(f"{path}: unknown RDF format (use one of {', '.join(sorted(_FORMATS))}, optionally .gz)")
    return getattr(pyoxigraph.RdfFormat, name)


def _source(path: Path) -> dict:
    """pyoxigraph's input for a file: its path (read natively, fast) or, gzipped, a reader."""
    import gzip

    if path.suffix.lower() == ".gz":
        return {"input": gzip.open(path, "rb")}
    return {"path": str(path)}


@contextmanager
def _reading_progress(progress):
    """Report bytes this process reads while the block runs (from /proc/self/io, where there is one)."""
    if progress is None or not Path("/proc/self/io").exists():
        yield
        return
    stop = threading.Event()

    def read_bytes() -> int:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
        return 0

    def poll() -> None:
        last = read_bytes()
        while not stop.wait(0.25):
            now = read_bytes()
            progress(now - last)
            last = now

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def check_file(path: Path) -> int:
    """Parse a file completely without storing it; return its triple count or raise StoreError (file:line)."""
    import pyoxigraph

    fmt = rdf_format(path)
    count = 0
    try:
        for _ in pyoxigraph.parse(format=fmt, base_iri=path.resolve().as_uri(), **_source(path)):
            count += 1
    except SyntaxError as exc:
        raise StoreError(f"{path}: malformed RDF at {syntax_location(str(exc))[1]}") from None
    except (OSError, EOFError) as exc:
        raise StoreError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None
    return count


DEFAULT_GRAPH = "default"


def load_files(store_path: Path, paths: list[Path], graph: str | None = None, progress=None) -> int:
    """Add RDF files to a store, into named graphs (``graph``, or each file's ``file:`` IRI;
    ``graph="default"``: the default graph, which `kgborder build` replaces; N-Quads and TriG
    keep their own graphs). Every file is parsed completely first, so a syntax error leaves
    the store as it was. Returns the number of triples read."""
    import pyoxigraph

    with _reading_progress(progress):
        total = sum(check_file(p) for p in paths)
    if store_path.exists():
        location = store_path.resolve()
    else:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        location = store_path.parent / f".{store_path.name}-{time.time_ns()}"
    try:
        store = pyoxigraph.Store(str(location))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_path} for writing: {exc}") from None
    with _reading_progress(progress):
        for path in paths:
            fmt = rdf_format(path)
            target = None
            if graph == DEFAULT_GRAPH:
                target = pyoxigraph.DefaultGraph()
            elif fmt not in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
                target = pyoxigraph.NamedNode(graph or path.resolve().as_uri())
            # lenient: the check above has validated every term already; no need to do it twice.
            store.bulk_load(format=fmt, base_iri=path.resolve().as_uri(), to_graph=target, lenient=True,
                            **_source(path))
    store.flush()
    del store
    if not store_path.exists():
        swap_store(store_path, location)
    return total
