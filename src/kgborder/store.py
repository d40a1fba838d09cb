"""The embedded, persistent Oxigraph store that queries and views read.

A build puts the data and the ontology in the default graph, which is what queries read;
`kgborder load` adds files as named graphs, and once there are any, queries read the union
of every graph.

A store path (``.kgborder/store``) is a symbolic link to one *version*: a directory beside it,
``.store-<nanoseconds>``, that kgborder made, holding a marker file and the RocksDB database in
``db/``. A build or a load writes a new version and swaps the link to it in one rename, so a
reader never sees a half-built store and a failed write leaves the old one in place. Writers
take one lock (``.store.lock`` beside the link) in turn; a reader holds a shared lock on the
version it opened, and a replaced version is removed only once nobody holds it. kgborder
removes or replaces only what carries its marker: a directory, file or link it did not make
is refused with one line, never deleted.
"""
from __future__ import annotations

import errno
import fcntl
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import StoreError, syntax_location
from .names import iri_problem

MARKER = "kgborder-store"
"""The file kgborder writes into each store version it makes, before anything else: only a
directory holding it is ever removed (or its link replaced) by kgborder."""
_MARKER_TEXT = b"A store version made by kgborder; kgborder removes it once it is replaced.\n"
DB = "db"
BUSY = "the store is busy (another kgborder load or build is running)"
# The files RocksDB writes into a database directory; any other file in db/ is someone else's.
_ROCKSDB_FILE = re.compile(r"(?:\d+\.(?:sst|log|blob)|bulk-\d+\.sst|CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?|"
                           r"MANIFEST-\d+|OPTIONS-\d+(?:\.dbtmp)?|\d+\.dbtmp|CURRENT\.dbtmp)")


def _version_pattern(store_path: Path) -> re.Pattern:
    return re.compile(re.escape(f".{store_path.name}-") + r"\d+")


def _is_lock_error(exc: OSError) -> bool:
    text = str(exc)
    return "LOCK" in text and ("lock" in text.lower())


class _Owned:
    """What a store path holds, checked on the object itself: ``version`` (the name of the
    kgborder version it links to; None when nothing is there yet) and the link's identity."""

    def __init__(self, store_path: Path):
        self.path = store_path
        try:
            st = os.lstat(store_path)
        except FileNotFoundError:
            self.version, self.identity, self.marked = None, None, False
            return
        refuse = (f"{store_path} is not a store kgborder made; refusing to replace it "
                  f"(give --store a new path, or move it away)")
        if not stat.S_ISLNK(st.st_mode):
            raise StoreError(refuse)
        target = os.readlink(store_path)
        parts = target.split("/")
        if not (_version_pattern(store_path).fullmatch(parts[0]) and parts[1:] in ([], [DB])):
            raise StoreError(refuse)
        self.version, self.identity = parts[0], _identity(st, target)
        # A link written by an older kgborder points at an unmarked database: the link is
        # replaced, the database it points at is left alone.
        self.marked = parts[1:] == [DB] and _has_marker(store_path.parent / parts[0])
        if parts[1:] == [DB] and not self.marked and (store_path.parent / parts[0]).exists():
            raise StoreError(refuse)


def _identity(st: os.stat_result, target: str) -> tuple:
    """What tells one link from another put in its place. An inode number is soon reused, so the
    target counts too: a link put there with the same target is the same store (and a rename
    changes the ctime, so that cannot)."""
    return st.st_dev, st.st_ino, target


def _has_marker(version: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(version / MARKER).st_mode)
    except OSError:
        return False


# --- writing ---------------------------------------------------------------------------------

_LIBC = None


def _renameat2(src: Path, dst: Path, flags: int) -> None:
    """rename(2) with RENAME_NOREPLACE (1) or RENAME_EXCHANGE (2): Linux since 3.15."""
    global _LIBC
    import ctypes

    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    if not hasattr(_LIBC, "renameat2"):
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    at_fdcwd = -100
    if _LIBC.renameat2(at_fdcwd, os.fsencode(src), at_fdcwd, os.fsencode(dst), flags) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(dst))


class StoreWriter:
    """The right to write a store, held by one process at a time (see ``writing``)."""

    def __init__(self, store_path: Path, notice: Callable[[str], None] | None):
        self.path, self.notice = store_path, notice or (lambda message: None)
        self.owned = _Owned(store_path)

    def current_location(self) -> Path | None:
        """The database of the store being replaced (None if there is none yet)."""
        if self.owned.version is None:
            return None
        location = self.path.parent / self.owned.version
        return location / DB if self.owned.marked else location

    def new_version(self) -> Path:
        """Make an empty, marked version beside the store; return where its database goes."""
        version = self.path.parent / f".{self.path.name}-{time.time_ns()}"
        os.mkdir(version, 0o755)
        fd = os.open(version / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MARKER_TEXT)
        return version / DB

    def discard(self, db: Path) -> None:
        """Remove a version this writer made and did not swap in."""
        _remove_version(self.path.parent, db.parent.name, self.notice)

    def swap(self, db: Path) -> None:
        """Point the store at ``db`` (from ``new_version``) in one rename, then remove the
        version it replaced unless a reader still holds it (the next writer does then)."""
        version = db.parent.name
        link = self.path.parent / f".{self.path.name}.link-{time.time_ns()}"
        os.symlink(f"{version}/{DB}", link)
        try:
            try:
                if self.owned.identity is None:
                    _renameat2(link, self.path, 1)  # fails if anything appeared meanwhile
                else:
                    self._exchange(link)
            except OSError as exc:
                if exc.errno in (errno.ENOSYS, errno.EINVAL):
                    self._replace_checked(link)
                elif exc.errno == errno.EEXIST:
                    raise StoreError(f"{self.path} appeared while kgborder was writing the store; "
                                     f"left as it is") from None
                else:
                    raise
        finally:
            if os.path.islink(link) and os.readlink(link) == f"{version}/{DB}":
                os.unlink(link)
        old = self.owned.version
        self.owned = _Owned(self.path)
        if old is not None and old != version:
            if (self.path.parent / old / MARKER).exists():
                _remove_version(self.path.parent, old, self.notice)
            elif (self.path.parent / old).exists():
                self.notice(f"left {self.path.parent / old} (a store an older kgborder made): "
                            f"remove it if you no longer need it")

    def _exchange(self, link: Path) -> None:
        # Swap the new link with whatever the store path holds now, then check that what came
        # out is the very link checked before; if not, swap it back and stop.
        _renameat2(link, self.path, 2)
        st = os.lstat(link)
        if not stat.S_ISLNK(st.st_mode) or _identity(st, os.readlink(link)) != self.owned.identity:
            _renameat2(link, self.path, 2)
            raise StoreError(f"{self.path} changed while kgborder was writing the store; left as it is")
        os.unlink(link)  # the replaced link, checked above to be the one kgborder made

    def _replace_checked(self, link: Path) -> None:
        # Without renameat2: re-check the store path just before the rename. A rename of a
        # link over a directory fails (EISDIR), so a directory put there meanwhile is safe.
        now = _Owned(self.path)
        if (now.identity is None) != (self.owned.identity is None) or now.identity != self.owned.identity:
            raise StoreError(f"{self.path} changed while kgborder was writing the store; left as it is")
        os.replace(link, self.path)


@contextmanager
def writing(store_path: Path, notice: Callable[[str], None] | None = None) -> Iterator[StoreWriter]:
    """Hold the store's writer lock (waiting for another load or build to finish), remove
    versions left by earlier writers that nobody reads, and check that the store path is
    kgborder's to replace."""
    _Owned(store_path)  # refuse a path that is not kgborder's before making anything beside it
    store_path.parent.mkdir(parents=True, exist_ok=True)
    fd = _lock_writers(store_path, notice)
    try:
        writer = StoreWriter(store_path, notice)
        sweep(store_path, notice)
        yield writer
    finally:
        os.close(fd)


def _lock_writers(store_path: Path, notice, wait: bool = True) -> int | None:
    path = store_path.parent / f".{store_path.name}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot lock the store at {store_path}: {path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            os.close(fd)
            return None
        if notice:
            notice(f"waiting: {BUSY}")
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def sweep(store_path: Path, notice: Callable[[str], None] | None = None) -> None:
    """Remove the versions kgborder made beside ``store_path`` that it no longer links to and
    that no reader holds: replaced stores, and staging left by a killed load or build. Call
    with the writer lock held."""
    parent = store_path.parent
    try:
        current = _Owned(store_path).version
    except StoreError:
        current = None
    pattern = _version_pattern(store_path)
    link_pattern = re.compile(re.escape(f".{store_path.name}.link-") + r"\d+")
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if entry.name != current and pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False) \
                and _has_marker(parent / entry.name):
            _remove_version(parent, entry.name, notice)
        elif link_pattern.fullmatch(entry.name) and entry.is_symlink():
            os.unlink(parent / entry.name)  # a link a killed swap left; a link holds no data


def _remove_version(parent: Path, name: str, notice) -> bool:
    """Remove one marked version, working on the directory opened (never by a path that could
    be swapped meanwhile): only RocksDB's files in its db/ and the marker are removed, and only
    if no reader holds the version. Anything else in it is kept and reported."""
    try:
        parent_fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent_fd)
        except OSError:
            return False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # a reader still has it open: the next writer removes it
            identity = os.fstat(fd)
            try:
                if not stat.S_ISREG(os.stat(MARKER, dir_fd=fd, follow_symlinks=False).st_mode):
                    return False
            except FileNotFoundError:
                return False
            foreign = _empty_db(fd)
            foreign += [e for e in os.listdir(fd) if e not in (DB, MARKER)]
            if foreign:
                # Keep the user's files; without the marker the directory is never touched again.
                os.unlink(MARKER, dir_fd=fd)
                if notice:
                    notice(f"kept {parent / name}: it holds files kgborder did not write "
                           f"({', '.join(sorted(foreign)[:3])})")
                return False
            os.unlink(MARKER, dir_fd=fd)
            st = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
            if (st.st_dev, st.st_ino) == (identity.st_dev, identity.st_ino):
                os.rmdir(name, dir_fd=parent_fd)  # rmdir: only ever an empty directory
            return True
        finally:
            os.close(fd)
    finally:
        os.close(parent_fd)


def _empty_db(version_fd: int) -> list[str]:
    """Unlink RocksDB's files from the version's db/ and remove it; return what else it held."""
    try:
        db_fd = os.open(DB, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=version_fd)
    except FileNotFoundError:
        return []
    except OSError:
        return [DB]
    try:
        identity = os.fstat(db_fd)
        foreign = []
        for name in os.listdir(db_fd):
            st = os.stat(name, dir_fd=db_fd, follow_symlinks=False)
            if _ROCKSDB_FILE.fullmatch(name) and stat.S_ISREG(st.st_mode):
                os.unlink(name, dir_fd=db_fd)
            else:
                foreign.append(f"{DB}/{name}")
    finally:
        os.close(db_fd)
    if not foreign:
        st = os.stat(DB, dir_fd=version_fd, follow_symlinks=False)
        if (st.st_dev, st.st_ino) == (identity.st_dev, identity.st_ino):
            os.rmdir(DB, dir_fd=version_fd)
    return foreign


def write_store(writer: StoreWriter, data_turtle: bytes, ontology_turtle: bytes) -> Path:
    """Load a new store version (not yet swapped in) and return its database directory.

    Graphs that ``kgborder load`` added to the current store are carried over; the writer
    lock keeps a load from adding one meanwhile.
    """
    import pyoxigraph

    new_db = writer.new_version()
    try:
        store = pyoxigraph.Store(str(new_db))
        store.bulk_load(data_turtle, format=pyoxigraph.RdfFormat.TURTLE)
        store.bulk_extend(stable_blank_nodes(ontology_turtle))
        current = writer.current_location()
        if current is not None and current.exists():
            old = pyoxigraph.Store.read_only(str(current))
            for graph in old.named_graphs():
                # Quads as they are, not dumped and parsed again: a parse gives blank nodes new labels.
                store.bulk_extend(old.quads_for_pattern(None, None, None, graph))
            del old
        store.optimize()
        store.flush()
        del store
    except BaseException:
        writer.discard(new_db)
        raise
    return new_db


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


# --- reading ---------------------------------------------------------------------------------

_HELD: dict[tuple[int, int], int] = {}
"""Shared locks on the versions this process opened, by the version's (device, inode). They are
held until the process ends: a store object (and every query result from it) may live that long,
and a writer must not remove its files meanwhile."""


def hold(store_path: Path) -> tuple[Path, int | None]:
    """The database a store path points at now, with a shared lock on its version that keeps
    writers from removing it (the lock's descriptor; None for a store kgborder did not make)."""
    if not os.path.lexists(store_path):
        raise StoreError(f"no store at {store_path}; run 'kgborder build' first")
    for _ in range(20):
        try:
            owned = _Owned(store_path)
        except StoreError:
            return store_path.resolve(), None  # another tool's store: read it as it is
        if owned.version is None:
            break
        version = store_path.parent / owned.version
        try:
            fd = os.open(version, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            continue  # swapped and removed meanwhile: read the new one
        except OSError as exc:
            raise StoreError(f"cannot open the store at {store_path}: {exc.strerror}") from None
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            again = _Owned(store_path).version
        except StoreError:
            again = None
        if again == owned.version:
            _sweep_if_idle(store_path, owned.version)
            st = os.fstat(fd)
            key = (st.st_dev, st.st_ino)
            if key in _HELD:
                os.close(fd)
                fd = _HELD[key]
            else:
                _HELD[key] = fd
            return version / DB if owned.marked else version, fd
        os.close(fd)
    raise StoreError(f"no store at {store_path}; run 'kgborder build' first")


def _sweep_if_idle(store_path: Path, current: str) -> None:
    """A reader cleans up too when no writer is running: a killed load's staging (up to the
    size of the store) should not wait for the next load or build."""
    pattern = _version_pattern(store_path)
    try:
        if not any(pattern.fullmatch(e.name) and e.name != current for e in os.scandir(store_path.parent)):
            return
        fd = _lock_writers(store_path, None, wait=False)
    except (OSError, StoreError):
        return  # e.g. a store on a read-only disk: reading it is all this command does
    if fd is None:
        return  # a writer is running; it sweeps
    try:
        sweep(store_path)
    finally:
        os.close(fd)


def open_store(store_path: Path):
    """Open the store read-only; a missing store is a clear StoreError."""
    import pyoxigraph

    location, _ = hold(store_path)
    try:
        return pyoxigraph.Store.read_only(str(location))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_path}: {exc}") from None


# --- kgborder load ---------------------------------------------------------------------------

RDF_EXTENSIONS = {
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
    name = RDF_EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if name is None:
        raise StoreError(f"{path}: unknown RDF format (use one of {', '.join(sorted(RDF_EXTENSIONS))}, optionally .gz)")
    return getattr(pyoxigraph.RdfFormat, name)


def _open(path: Path):
    """A binary reader of a file, decompressing .gz."""
    import gzip

    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


BLOCK_BYTES = 16 * 2**20
"""How much of a line-based file (N-Triples, N-Quads) one bulk load takes. Blocks are parsed
and indexed on parallel threads, and memory stays near THREADS x the block however large the file."""
THREADS = max(1, min(os.cpu_count() or 1, 4))
MAX_LINE = 64 * 2**20
"""The longest line of an N-Triples or N-Quads file (a 64 MiB literal): a longer one is refused
rather than read into memory whole (a compressed file of one endless line unpacks to gigabytes)."""
MEMORY_LIMIT = 2**30
"""The resident memory a load may take. The files are parsed in a child process that is stopped
past it: a million triples peak at about 410 MB of N-Triples and 350 MB of Turtle, three million
of Turtle at 420 MB (measured on two cores), while an XML entity bomb or a token without end
grows to gigabytes within seconds."""
ADDRESS_LIMIT = 4 * 2**30
"""The address space of that child (RLIMIT_AS), a backstop for one allocation larger than the
watch above can see growing: a million triples map at most 1.36 GB (thread arenas, RocksDB)."""
_WATCH_SECONDS = 0.02


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


class _BoundedLines(io.RawIOBase):
    """A reader that refuses a line longer than MAX_LINE (the parser would buffer it whole)."""

    def __init__(self, rest, offset: int):
        self.rest, self.offset, self.run = rest, offset, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.rest.readinto(buffer)
        if n:
            chunk = bytes(buffer[:n])
            last = chunk.rfind(b"\n")
            self.run = self.run + n if last < 0 else n - last - 1
            if self.run > MAX_LINE:
                raise _LineTooLong(self.offset + n - self.run)
            self.offset += n
        return n


class _LineTooLong(Exception):
    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


def _read_line_rest(reader, offset: int) -> bytes:
    """The rest of the line a block ended in, refusing one longer than MAX_LINE."""
    rest = reader.readline(MAX_LINE + 1)
    if len(rest) > MAX_LINE:
        raise _LineTooLong(offset)
    return rest


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
                block += _read_line_rest(reader, offset + block.rfind(b"\n") + 1)
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
        _bulk_load_tail(store, _Chain(tail, _BoundedLines(reader, offset + len(tail))), offset, options)


def _bulk_load_tail(store, rest, offset: int, options: dict) -> None:
    """One bulk load of the ``rest`` of a stream, from byte ``offset`` on; raises _Failed."""
    try:
        store.bulk_load(rest, **options)
    except _LineTooLong:
        raise
    except Exception as exc:
        if isinstance(exc.__context__, _LineTooLong):
            raise exc.__context__ from None
        raise _Failed(offset, exc) from None


PARSED_BATCH = 250_000
"""Triples of a Turtle, TriG, RDF/XML or JSON-LD file per bulk load. One bulk load of a whole
file grows with it (16 MB of Turtle: 290 MB; 50 MB: 830 MB; 150 MB: past 1.5 GB), so a file
larger than BLOCK_BYTES (or compressed) is parsed as a stream and loaded in batches: 350 MB
at a million triples, 420 MB at three million."""


def _bulk_load_parsed(store, reader, options: dict) -> None:
    """Parse a stream (Oxigraph's streaming parser, blank nodes given fresh names) and bulk-load
    it in batches, so that memory does not grow with the file."""
    import itertools

    import pyoxigraph

    target = options["to_graph"]
    quads = pyoxigraph.parse(reader, options["format"], base_iri=options["base_iri"], rename_blank_nodes=True)
    if target is not None:
        quads = (pyoxigraph.Quad(q.subject, q.predicate, q.object, target) for q in quads)
    while batch := list(itertools.islice(quads, PARSED_BATCH)):
        store.bulk_extend(batch)


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


def _format_named(path: Path, fmt) -> str:
    """'Turtle (by the extension .ttl)': what a parser error message names as tried."""
    suffixes = [s.lower() for s in path.suffixes]
    ext = suffixes[-2] if len(suffixes) > 1 and suffixes[-1] == ".gz" else (suffixes or [""])[-1]
    return f"{fmt.name} (by the extension {ext})"


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
        elif path.suffix.lower() != ".gz" and path.stat().st_size <= BLOCK_BYTES:
            store.bulk_load(path=str(path), **options)  # one piece is faster, and small at this size
        else:
            with _open(path) as reader:
                _bulk_load_parsed(store, reader, options)
    except _LineTooLong as exc:
        raise StoreError(f"{path}:{_line_at(path, exc.offset)}: a line longer than {MAX_LINE // 2**20} MiB; "
                         f"refused (is it {fmt.name}?)") from None
    except MemoryError as exc:  # Oxigraph's parser refuses a token past its buffer (16 MiB)
        raise StoreError(f"{path}: {' '.join(str(exc).split()) or 'out of memory'}; refused "
                         f"(is it {_format_named(path, fmt)}?)") from None
    except SyntaxError as exc:
        line, text = syntax_location(str(exc), first)
        raise StoreError(f"{path}: malformed {_format_named(path, fmt)}{' at ' if line else ': '}{text}") from None
    except (OSError, EOFError, ValueError) as exc:
        raise StoreError(f"{path}: {getattr(exc, 'strerror', None) or exc}") from None


DEFAULT_GRAPH = "default"
SCATTERED = 48


def _compact(store, location: Path, loaded_bytes: int, block_bytes: int) -> None:
    """Each bulk load adds sorted files to the store, and a read-only store never merges them.
    After a large load (or once small ones have piled up) compact the store: about a second
    per million triples, after which the saved queries took 20-50% less time at a million."""
    if loaded_bytes >= block_bytes or sum(1 for f in location.iterdir() if f.suffix == ".sst") > SCATTERED:
        store.optimize()


def _graph_iri(graph: str):
    import pyoxigraph

    why = iri_problem(graph)
    if why is not None:
        raise StoreError(f"--graph {graph!r}: not an absolute IRI ({why})")
    return pyoxigraph.NamedNode(graph)


def load_files(store_path: Path, paths: list[Path], graph: str | None = None, progress=None,
               notice: Callable[[str], None] | None = None) -> int:
    """Add RDF files to a store, into named graphs (``graph``, or each file's ``file:`` IRI;
    ``graph="default"``: the default graph, which `kgborder build` replaces; N-Quads and TriG
    keep their own graphs). Returns how many triples the store gained.

    The files go into a copy of the store (RocksDB hard links, no data copied) that replaces it
    only once every file is in: a bad file leaves the store as it was, and a reader never sees
    half a load. They are parsed in a child process whose memory is bounded (MEMORY_LIMIT).
    ``progress`` receives counts of bytes read; ``notice`` one-line messages (waiting for
    another writer, files kept).
    """
    import pyoxigraph

    formats = [rdf_format(p) for p in paths]
    if graph not in (None, DEFAULT_GRAPH):
        _graph_iri(graph)
    for path in paths:
        try:
            with open(path, "rb"):
                pass
        except OSError as exc:
            raise StoreError(f"{path}: {exc.strerror}") from None
    files = []
    for path, fmt in zip(paths, formats):
        if graph == DEFAULT_GRAPH:
            target = ""
        elif fmt in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
            target = None
        else:
            target = graph or path.resolve().as_uri()
        files.append([str(path), fmt.file_extension, target])
    with writing(store_path, notice) as writer:
        staging = writer.new_version()
        try:
            current = writer.current_location()
            if current is not None and current.exists():
                try:
                    pyoxigraph.Store.read_only(str(current)).backup(str(staging))
                except OSError as exc:
                    if _is_lock_error(exc):
                        raise StoreError(BUSY) from None
                    raise StoreError(f"cannot copy the store at {store_path}: {exc}") from None
            job = {"db": str(staging), "files": files, "block": BLOCK_BYTES, "threads": THREADS,
                   "max_line": MAX_LINE, "bytes": sum(p.stat().st_size for p in paths)}
            added = _run_child(job, paths, progress)
            writer.swap(staging)
        except BaseException:
            writer.discard(staging)
            raise
    return added


def _run_child(job: dict, paths: list[Path], progress) -> int:
    """Run the load in a child process, stopped once it takes more than MEMORY_LIMIT."""
    command = [sys.executable, "-c", "from kgborder.store import _child; _child()"]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, close_fds=True)
    replies: list[dict] = []

    def read_replies() -> None:
        for line in child.stdout:
            try:
                replies.append(json.loads(line))
            except ValueError:
                pass

    reader = threading.Thread(target=read_replies, daemon=True)
    reader.start()
    peak, read_before, over = 0, 0, False
    try:
        child.stdin.write(json.dumps(job).encode())
        child.stdin.close()
        while child.poll() is None:
            rss, read = _child_usage(child.pid)
            peak = max(peak, rss)
            if rss > MEMORY_LIMIT:
                over = True
                child.kill()
                break
            if progress is not None and read > read_before:
                progress(read - read_before)
                read_before = read
            time.sleep(_WATCH_SECONDS)
        child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
    reader.join(5)
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    child.stdout.close()
    started = [r["file"] for r in replies if "file" in r]
    where = str(paths[started[-1]]) if started else ", ".join(map(str, paths))
    for reply in replies:
        if "error" in reply:
            raise StoreError(reply["error"])
        if "added" in reply and child.returncode == 0:
            return int(reply["added"])
    if over or "memory allocation of" in errors or "MemoryError" in errors:
        raise StoreError(f"{where}: parsing took more than {MEMORY_LIMIT // 2**20} MB of memory and was stopped "
                         f"(an XML entity bomb, or a line or token without end?); nothing was loaded")
    last = (errors.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
    raise StoreError(f"{where}: the load stopped: {last}; nothing was loaded")


def _child_usage(pid: int) -> tuple[int, int]:
    """(resident bytes, bytes read) of a process, from /proc (0, 0 where there is none)."""
    rss = read = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
                break
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                read = int(line.split()[1])
                break
    except (OSError, ValueError):
        pass
    return rss, read


def _child() -> None:
    """The load child: reads a job (JSON) on stdin, answers one JSON line per step on stdout."""
    import resource

    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))
    import pyoxigraph

    global BLOCK_BYTES, THREADS, MAX_LINE
    job = json.loads(sys.stdin.buffer.read())
    BLOCK_BYTES, THREADS, MAX_LINE = job["block"], job["threads"], job["max_line"]

    def say(**reply) -> None:
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()

    try:
        store = pyoxigraph.Store(job["db"])
        before = len(store)
        for i, (path, ext, target) in enumerate(job["files"]):
            say(file=i)
            fmt = pyoxigraph.RdfFormat.from_extension(ext)
            graph = (pyoxigraph.DefaultGraph() if target == "" else
                     None if target is None else pyoxigraph.NamedNode(target))
            _load_file(store, Path(path), fmt, graph)
        _compact(store, Path(job["db"]), job["bytes"], BLOCK_BYTES)
        added = len(store) - before
        store.flush()
        del store
    except StoreError as exc:
        say(error=str(exc))
        sys.exit(1)
    except OSError as exc:
        say(error=BUSY if _is_lock_error(exc) else f"cannot write the store: {exc}")
        sys.exit(1)
    say(added=added)


def _die_with_parent() -> None:
    """Ask Linux to kill this child when the kgborder that started it dies (kill -9 included),
    so that no orphan goes on writing into a version the next writer removes."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        sys.exit(1)
