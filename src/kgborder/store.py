"""The embedded, persistent Oxigraph store that queries and views read.

A build puts the data and the ontology in the default graph, which is what queries read;
`kgborder load` adds files as named graphs, and once there are any, queries read the union
of every graph. A build writes a fresh store directory and swaps a symbolic link to it in
one rename, so a reader never sees a half-built store and a failed build leaves the old one
in place.
"""
from __future__ import annotations

import io
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError, syntax_location


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
        store.bulk_extend(stable_blank_nodes(ontology_turtle))
        if store_path.exists():
            old = open_store(store_path)
            for graph in old.named_graphs():
                # Quads as they are, not dumped and parsed again: a parse gives blank nodes new labels.
                store.bulk_extend(old.quads_for_pattern(None, None, None, graph))
            del old
        store.optimize()
        store.flush()
        del store
    except BaseException:
        shutil.rmtree(new_dir, ignore_errors=True)
        raise
    return new_dir


def stable_blank_nodes(turtle: bytes):
    """The quads of ``turtle`` with blank nodes labelled by their place in the graph (RDFC-1.0).

    A store's parser labels each blank node at random, so the ontology's lists and restrictions
    would export under new labels after every build. Canonical labels depend on the triples
    alone, so the same ontology is stored, and exported, byte for byte alike. (The algorithm can
    be slow on large symmetric blank-node structures; an ontology has few and small ones: the
    packaged one has 48 blank nodes and takes 4 ms.)"""
    import pyoxigraph

    dataset = pyoxigraph.Dataset(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def reads_union(store) -> bool:
    """Whether queries read the union of the store's graphs: once `kgborder load` has added
    named graphs. Otherwise they read the default graph alone, which Oxigraph answers faster."""
    return next(iter(store.named_graphs()), None) is not None


def swap_store(store_path: Path, new_dir: Path, remove_old: bool = True) -> Path | None:
    """Point ``store_path`` at ``new_dir`` atomically and remove the store it replaced (or, with
    ``remove_old=False``, return its directory for the caller to remove)."""
    old_target = store_path.resolve() if store_path.is_symlink() else None
    if store_path.exists() and not store_path.is_symlink():
        # A plain directory (e.g. made by another tool): move it aside first.
        aside = store_path.parent / f".{store_path.name}-replaced-{time.time_ns()}"
        os.rename(store_path, aside)
        old_target = aside
    link = store_path.parent / f".{store_path.name}.link-{time.time_ns()}"
    os.symlink(new_dir.name, link)
    os.replace(link, store_path)
    if old_target is None or old_target == new_dir.resolve():
        return None
    if not remove_old:
        return old_target
    shutil.rmtree(old_target, ignore_errors=True)
    return None


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


def _open(path: Path):
    """A binary reader of a file, decompressing .gz."""
    import gzip

    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


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


BLOCK_BYTES = 16 * 2**20
"""How much of a line-based file (N-Triples, N-Quads) one bulk load takes. Blocks are parsed
and indexed on parallel threads, and memory stays near THREADS x the block however large the file."""
THREADS = max(1, min(os.cpu_count() or 1, 4))


class _Chain(io.RawIOBase):
    """Some bytes already read, then the rest of a reader."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        return self.rest.readinto(buffer)


def _bulk_load_lines(store, reader, options: dict) -> None:
    """Bulk-load a line-based RDF stream in blocks on THREADS threads.

    Oxigraph gives each bulk load its own blank nodes, so from the first block that may name
    one (has ``_:``) the rest of the stream goes to a single load. Raises _Failed(the byte
    offset where the failed part began, error)."""
    import queue

    jobs: queue.Queue = queue.Queue(maxsize=THREADS)
    failures: list[tuple[int, Exception]] = []

    def work() -> None:
        while (job := jobs.get()) is not None:
            if failures:
                continue
            try:
                store.bulk_load(job[1], **options)
            except Exception as exc:  # reported in the main thread
                failures.append((job[0], exc))

    threads = [threading.Thread(target=work, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    offset, tail = 0, None
    try:
        while not failures and (block := reader.read(BLOCK_BYTES)):
            if not block.endswith(b"\n"):
                block += reader.readline()
            if b"_" in block and b"_:" in block:  # the first test is a fast memchr
                tail = block
                break
            jobs.put((offset, block))
            offset += len(block)
    finally:
        for _ in threads:
            jobs.put(None)
        for thread in threads:
            thread.join()
    if failures:
        raise _Failed(*min(failures, key=lambda f: f[0]))
    if tail is not None:
        try:
            store.bulk_load(_Chain(tail, reader), **options)
        except Exception as exc:
            raise _Failed(offset, exc) from None


class _Failed(Exception):
    def __init__(self, offset: int, error: Exception):
        super().__init__(offset, error)
        self.offset, self.error = offset, error


def _line_at(path: Path, offset: int) -> int:
    """The line of ``path`` (decompressed) that byte ``offset`` begins."""
    lines, left = 1, offset
    with _open(path) as reader:
        while left > 0 and (chunk := reader.read(min(left, BLOCK_BYTES))):
            lines += chunk.count(b"\n")
            left -= len(chunk)
    return lines


def _load_file(store, path: Path, fmt, target) -> None:
    """One file into ``store``; a bad file is a StoreError naming it (and the line)."""
    import pyoxigraph

    options = {"format": fmt, "base_iri": path.resolve().as_uri(), "to_graph": target}
    first = 1  # the line of the file the failed part began on
    try:
        if fmt in (pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.N_QUADS):
            with _open(path) as reader:
                try:
                    _bulk_load_lines(store, reader, options)
                except _Failed as failed:
                    first = _line_at(path, failed.offset)
                    raise failed.error from None
        elif path.suffix.lower() == ".gz":
            with _open(path) as reader:
                store.bulk_load(reader, **options)
        else:
            store.bulk_load(path=str(path), **options)
    except SyntaxError as exc:
        raise StoreError(f"{path}: malformed RDF at {syntax_location(str(exc), first)[1]}") from None
    except (OSError, EOFError, ValueError) as exc:
        raise StoreError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None


DEFAULT_GRAPH = "default"
SCATTERED = 48


def _compact(store, location: Path, loaded_bytes: int) -> None:
    """Each bulk load adds sorted files to the store, and a read-only store never merges them.
    After a large load (or once small ones have piled up) compact the store: about a second
    per million triples, after which the saved queries took 20-50% less time at a million."""
    if loaded_bytes >= BLOCK_BYTES or sum(1 for f in location.iterdir() if f.suffix == ".sst") > SCATTERED:
        store.optimize()


def load_files(store_path: Path, paths: list[Path], graph: str | None = None, progress=None) -> int:
    """Add RDF files to a store, into named graphs (``graph``, or each file's ``file:`` IRI;
    ``graph="default"``: the default graph, which `kgborder build` replaces; N-Quads and TriG
    keep their own graphs). Returns how many triples the store gained.

    The files go into a copy of the store (RocksDB hard links, no data copied) that replaces it
    only once every file is in: a bad file leaves the store as it was, and a reader never sees
    half a load. The old store stays open, and so locked against another writer, until then.
    """
    import pyoxigraph

    formats = [rdf_format(p) for p in paths]
    store_path.parent.mkdir(parents=True, exist_ok=True)
    staging = store_path.parent / f".{store_path.name}-{time.time_ns()}"
    current = None
    if store_path.exists():
        try:
            current = pyoxigraph.Store(str(store_path.resolve()))
            current.backup(str(staging))
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"cannot open the store at {store_path} for writing: {exc}") from None
    try:
        store = pyoxigraph.Store(str(staging))
        before = len(store)
        with _reading_progress(progress):
            for path, fmt in zip(paths, formats):
                target = None
                if graph == DEFAULT_GRAPH:
                    target = pyoxigraph.DefaultGraph()
                elif fmt not in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
                    target = pyoxigraph.NamedNode(graph or path.resolve().as_uri())
                _load_file(store, path, fmt, target)
        _compact(store, staging, sum(p.stat().st_size for p in paths))
        added = len(store) - before
        store.flush()
        del store
        old = swap_store(store_path, staging, remove_old=False)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    del current
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return added
