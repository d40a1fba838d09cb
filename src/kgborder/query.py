"""Answering SPARQL: saved queries, safe parameters, a time limit, rdflib results.

``query()`` runs a query against an in-memory rdflib Graph, a built store (Oxigraph,
read-only, no Turtle re-parsed) or a remote endpoint, and always returns an rdflib ``Result``,
so the same code serves notebooks and tests; ``write_answer()`` writes the answer to a stream
in a results format instead (the CLI's way). kgborder's own queries do not come through here:
they are read by ``kgborder.sparql``.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO

from .errors import KgborderError, syntax_location
from .names import did_you_mean, iri_problem, is_id
from .remote import MAX_ANSWER, Endpoint
from .sparql import to_rdflib as to_rdflib  # the public name it has had
from .sparql_safety import MAX_LENGTH, check_query, offline

PARAM_TYPES = ("entity", "article", "string", "integer", "year", "month", "date", "iri")
_HEADER = re.compile(r"^#\s*(title|question|param):\s*(.*?)\s*$")


class QueryError(KgborderError):
    """The query is malformed, unknown, or its parameters are wrong."""


class QueryTimeout(KgborderError):
    """The query ran longer than its time limit."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    optional: bool = False  # declared with a trailing '?': left unbound when not given


@dataclass(frozen=True)
class SavedQuery:
    """A named query from a ``.rq`` file and its comment header."""

    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    text: str
    path: Path


@dataclass
class QuerySource:
    """Where a query's text came from, for error messages."""

    text: str
    where: str
    params: tuple[Param, ...] = field(default_factory=tuple)


def _query_dirs(project_root: Path | None) -> list[Path]:
    dirs = [Path(str(files("kgborder") / "queries"))]
    if project_root is not None and (project_root / "queries").is_dir():
        dirs.append(project_root / "queries")  # a project's own queries add to (or override) ours
    return dirs


def decode_query(data: bytes, where: str) -> str:
    """A query file's bytes as text, or QueryError naming the line and column of the first
    byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise QueryError(f"{where}:{line}: column {column}: not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


# A query is at most MAX_LENGTH characters, so at most 4 bytes each in UTF-8: reading more of a
# file (or of a device or pipe named as one) could only end in a refusal.
MAX_QUERY_BYTES = 4 * MAX_LENGTH


def _read_query_file(path: Path) -> bytes:
    from .fileio import read_bytes

    return read_bytes(path, MAX_QUERY_BYTES, f"a query ({MAX_LENGTH:,} characters)")


def parse_saved(path: Path, text: str | None = None) -> SavedQuery:
    """Read a ``.rq`` file and its header (``# title:``, ``# question:``, ``# param: NAME TYPE DESCRIPTION``)."""
    if text is None:
        try:
            text = decode_query(_read_query_file(path), str(path))
        except OSError as exc:
            raise QueryError(f"{path}: cannot read: {exc.strerror}") from None
    title = question = ""
    params: list[Param] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value
        elif key == "question":
            question = value
        else:
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1].rstrip("?") not in PARAM_TYPES:
                raise QueryError(f"{path}:{n}: a param line is '# param: NAME TYPE DESCRIPTION' "
                                 f"with TYPE one of {', '.join(PARAM_TYPES)} (a trailing '?' makes it optional)")
            params.append(Param(parts[0].lstrip("?$"), parts[1].rstrip("?"), parts[2] if len(parts) > 2 else "",
                                parts[1].endswith("?")))
    return SavedQuery(path.stem, title, question, tuple(params), text, path)


def saved_queries(project_root: Path | str | None = None) -> dict[str, SavedQuery]:
    """Every saved query by name: kgborder's own, then the project's ``queries/*.rq``."""
    root = Path(project_root) if project_root is not None else None
    out: dict[str, SavedQuery] = {}
    for folder in _query_dirs(root):
        for path in sorted(folder.glob("*.rq")):
            if is_id(path.stem):
                out[path.stem] = parse_saved(path)
    return out


def resolve(query: str, project_root: Path | str | None = None) -> QuerySource:
    """A saved query's name, a path to a ``.rq`` file, ``-`` (stdin) or SPARQL text."""
    if is_id(query):
        saved = saved_queries(project_root)
        if query in saved:
            q = saved[query]
            return QuerySource(q.text, str(q.path), q.params)
        if not query.endswith(".rq"):
            extra = did_you_mean(query, saved, "; 'kgborder query --list' shows them")
            raise QueryError(f"no saved query named {query!r}{extra}")
    if query == "-":
        import sys

        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            return QuerySource(sys.stdin.read(), "<stdin>")
        data = stdin.read(MAX_QUERY_BYTES + 1)
        if len(data) > MAX_QUERY_BYTES:
            raise QueryError(f"<stdin>: the query is longer than {MAX_LENGTH:,} characters, the limit")
        return QuerySource(decode_query(data, "<stdin>"), "<stdin>")
    if query.endswith(".rq") or ("\n" not in query and os.path.sep in query and _is_file(query)):
        path = Path(query)
        try:
            text = decode_query(_read_query_file(path), str(path))
        except OSError as exc:
            raise QueryError(f"{path}: cannot read: {exc.strerror or exc}") from None
        return QuerySource(text, str(path), parse_saved(path, text).params)
    return QuerySource(query, "query")


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # SPARQL text too long for a file name, or holding a NUL
        return False


# --- parameters --------------------------------------------------------------------------

# The dated parameter types: the form a value takes, as a pattern and in words, and its datatype.
_DATED = {"year": (r"\d{4}", "a year (YYYY)", "gYear"),
          "month": (r"\d{4}-\d{2}", "a month (YYYY-MM)", "gYearMonth"),
          "date": (r"\d{4}-\d{2}-\d{2}", "a date (YYYY-MM-DD)", "date")}


def to_term(value: Any, type_: str | None):
    """A parameter value as an rdflib term, by its declared type (or by its look when none)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from .namespaces import ART, ID, PREFIXES

    if not isinstance(value, str):
        return value if hasattr(value, "n3") else Literal(value)
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1], value)
    if re.match(r"^https?://\S+$", text):
        return _iri(text, value)
    if type_ in ("entity", "article", "iri") or type_ is None:
        prefix, _, local = text.partition(":")
        if local and prefix in PREFIXES:
            return _iri(str(PREFIXES[prefix]) + local, value)
    if type_ == "entity":
        return _slug_iri(ID, text, "an entity id")
    if type_ == "article":
        return _slug_iri(ART, text, "an article slug")
    if type_ == "iri":
        raise QueryError(f"{value!r} is not an IRI (give <...>, http(s)://... or a prefixed name)")
    if type_ == "integer" or (type_ is None and re.fullmatch(r"-?\d+", text)):
        try:
            return Literal(int(text))
        except ValueError:
            raise QueryError(f"{value!r} is not an integer") from None
    if type_ in _DATED:
        pattern, what, datatype = _DATED[type_]
        if not re.fullmatch(pattern, text):
            raise QueryError(f"{value!r} is not {what}")
        return Literal(text, datatype=XSD[datatype])
    if type_ is None and len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return Literal(text)


def _iri(text: str, value: str):
    """An IRI both engines take and an endpoint's VALUES clause can carry (names.iri_problem)."""
    from rdflib import URIRef

    why = iri_problem(text)
    if why is not None:
        raise QueryError(f"{value!r} is not a valid IRI ({why})")
    return URIRef(text)


def _slug_iri(ns, text: str, what: str):
    if not is_id(text):
        raise QueryError(f"{text!r} is not {what} (lower-case words joined by '-') or an IRI")
    return ns[text]


def bind_params(source: QuerySource, params: dict[str, Any] | None) -> dict[str, Any]:
    """Check names against the query's declared parameters and convert values to terms."""
    params = dict(params or {})
    declared = {p.name: p for p in source.params}
    out = {}
    for name, value in params.items():
        name = name.lstrip("?$")
        if declared and name not in declared:
            raise QueryError(f"{source.where}: no parameter {name!r} (parameters: {', '.join(declared)})")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a variable name")
        try:
            out[name] = to_term(value, declared[name].type if name in declared else None)
        except QueryError as exc:
            raise QueryError(f"{source.where}: parameter {name}: {exc}") from None
    missing = [p.name for p in source.params if p.name not in out and not p.optional]
    if missing:
        raise QueryError(f"{source.where}: missing parameter(s): "
                         + ", ".join(f"--param {m}=..." for m in missing))
    return out


# --- running ---------------------------------------------------------------------------

def query(text_or_name: str, source=None, params: dict[str, Any] | None = None,
          timeout: float | None = 30.0, project_root: Path | str | None = None):
    """Run a saved query (by name), a ``.rq`` file or SPARQL text; return an rdflib Result.

    ``source`` is an rdflib Graph (in memory), or a store directory (``Path``/``str``), or
    ``None`` for the project's default store, or an :class:`Endpoint` (a remote SPARQL 1.1
    Protocol endpoint). Parameters are bound as RDF terms, never pasted into the text.
    Updates, SERVICE, LOAD, remote FROM and nesting past ``sparql_safety.MAX_DEPTH`` are
    refused; what runs (or is sent) is the query as the check re-wrote it, and a local query
    runs where it cannot reach the network: nothing but the endpoint, when one is given, is
    reached. A query still running after ``timeout`` seconds
    raises QueryTimeout (a local evaluation is abandoned in a background thread).
    """
    from .sparql import to_result

    return _answer(text_or_name, source, params, timeout, project_root, to_result)


def write_answer(output: BinaryIO, text_or_name: str, fmt: str | None = None, source=None,
                 params: dict[str, Any] | None = None, timeout: float | None = 30.0,
                 project_root: Path | str | None = None, tty: bool = False) -> None:
    """Run a query as :func:`query` does and write its answer to ``output`` in ``fmt`` (one of
    ``results.ALL_FORMATS``; by default the one ``results.default_format`` gives the answer's
    type, for a terminal with ``tty``). A store's answer is written by Oxigraph as it is read,
    within the time limit, without an rdflib term for every value."""
    from io import BytesIO

    from .results import answer_type, default_format, write

    def written(answer) -> bytes:
        buffer = BytesIO()
        write(answer, fmt or default_format(answer_type(answer), tty), buffer)
        return buffer.getvalue()

    output.write(_answer(text_or_name, source, params, timeout, project_root, written))


def _answer(text_or_name: str, source, params: dict[str, Any] | None, timeout: float | None,
            project_root: Path | str | None, finish: Callable[[Any], Any]):
    """``finish`` applied to the engine's answer (an Oxigraph answer from a store, an rdflib
    Result otherwise), within the time limit and off the network for a local query."""
    from .project import Project
    from .sparql import is_graph

    q = resolve(text_or_name, project_root if project_root is not None else Path.cwd())
    shape = check_query(q.text, q.where)
    bindings = bind_params(q, params)
    if isinstance(source, Endpoint):
        return finish(_run_endpoint(source, q, shape, bindings, timeout))
    if is_graph(source):
        if shape.dataset:
            from .sparql_safety import QueryRefused

            raise QueryRefused(f"{q.where}: FROM is refused on an in-memory graph")
        run = lambda: finish(_run_rdflib(source, q, shape, bindings))  # noqa: E731
    else:
        store_path = Path(source) if source is not None else Project.at(project_root).store_dir
        run = lambda: _run_store(store_path, q, shape, bindings, finish)  # noqa: E731
    return _with_timeout(run, timeout, q.where)


# The query thread's stack: reserved, not used, unless a query's chains need it. 512 MiB holds
# every kind of chain that fits in sparql_safety.MAX_LENGTH (measured: at most 78 MB used),
# where a thread's usual 8 MiB crashes the process on 3,000 links of `1 + 1 + ...`.
QUERY_STACK = 512 * 1024 * 1024
_stack_lock = threading.Lock()


def _with_timeout(run, timeout: float | None, where: str):
    """Run in a thread of its own, off the network (kernel and audit hook), within ``timeout``."""
    from . import sandbox

    box: dict[str, Any] = {}

    def target():
        try:
            if sandbox.available():
                sandbox.no_network_here()
            with offline():
                box["result"] = run()
        except sandbox.SandboxError as exc:
            from .sparql_safety import QueryRefused

            box["error"] = QueryRefused(f"{where}: cannot keep the query off the network ({exc.strerror})")
        except BaseException as exc:  # handed to the caller's thread
            import traceback

            # Free here what the failed frames hold: an Oxigraph answer may only be dropped by
            # the thread that made it.
            traceback.clear_frames(exc.__traceback__)
            box["error"] = exc

    with _stack_lock:  # the stack size is a process-wide setting for the threads started next
        previous = threading.stack_size(QUERY_STACK)
        try:
            worker = threading.Thread(target=target, name="kgborder-query", daemon=True)
            worker.start()
        except RuntimeError:  # e.g. an address-space limit (ulimit -v) below the stack
            raise QueryError(f"{where}: cannot start the query's thread with a stack of "
                             f"{QUERY_STACK >> 20} MiB (is the address space limited?)") from None
        finally:
            threading.stack_size(previous)
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"{where}: stopped after {timeout:g} s (raise it with --timeout)")
    if "error" in box:
        raise box["error"]
    return box["result"]


def _run_rdflib(graph, q: QuerySource, shape, bindings: dict):
    from rdflib import Variable

    try:
        from .namespaces import PREFIXES

        result = graph.query(shape.text, initNs=dict(PREFIXES),
                             initBindings={Variable(k): v for k, v in bindings.items()})
        if result.type == "SELECT":
            _ = result.bindings  # evaluate now, inside the time limit and the network guard
        return result
    except Exception as exc:
        raise QueryError(_syntax_message(q.where, exc)) from None


def _run_store(store_path: Path, q: QuerySource, shape, bindings: dict, finish: Callable[[Any], Any]):
    import pyoxigraph

    from .sparql import to_oxigraph
    from .sparql_safety import QueryRefused
    from .store import open_store

    store = open_store(store_path)
    named = {g.value for g in store.named_graphs()}
    for iri in shape.dataset:
        if iri not in named:
            shown = sorted(named)
            known = ", ".join(f"<{g}>" for g in shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")
            raise QueryRefused(f"{q.where}: FROM <{iri}> is refused: it is not a graph of the local store "
                               f"(its named graphs: {known or 'none'})")
    try:
        subs = {pyoxigraph.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
    except TypeError as exc:
        raise QueryError(str(exc)) from None
    try:
        from .namespaces import PREFIXES

        answer = store.query(shape.text, use_default_graph_as_union=bool(named) and not shape.dataset,
                             substitutions=subs,
                             prefixes={p: str(ns) for p, ns in PREFIXES.items()})
        return finish(answer)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(q.where, exc)) from None
    except RuntimeError as exc:
        if "SELECT projection" in str(exc):
            names = ", ".join(f"?{k}" for k in bindings)
            raise QueryError(f"{q.where}: a parameter must be a variable the query selects: "
                             f"add {names} to its SELECT clause") from None
        raise QueryError(f"{q.where}: {exc}") from None
    except OSError as exc:
        raise QueryError(f"{q.where}: {exc}") from None


def construct_from_endpoint(url: str, text_or_name: str | None = None,
                            params: dict[str, Any] | None = None, timeout: float | None = 30.0,
                            project_root: Path | str | None = None, max_answer: int | None = MAX_ANSWER):
    """The rdflib Graph a CONSTRUCT or DESCRIBE query (by default: every triple) returns from a
    remote SPARQL endpoint, with the checks of :func:`query`; e.g. for ``kgborder view``. An
    answer larger than ``max_answer`` bytes is refused."""
    text = "CONSTRUCT WHERE { ?s ?p ?o }" if text_or_name is None else text_or_name
    result = query(text, source=Endpoint(url, max_answer=max_answer), params=params, timeout=timeout,
                   project_root=project_root)
    if result.type not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"a {result.type} query returns no graph: give a CONSTRUCT or DESCRIBE query")
    return result.graph


def _run_endpoint(endpoint: Endpoint, q: QuerySource, shape, bindings: dict, timeout: float | None):
    from .remote import RemoteTimeout, post_query
    from .sparql_safety import QueryRefused

    if shape.dataset:
        # A server may fetch a FROM graph it does not hold from the web; name graphs with GRAPH.
        raise QueryRefused(f"{q.where}: FROM is refused against an endpoint (the server might fetch the "
                           "graph from the web); use GRAPH <iri> { ... } in the pattern instead")
    text = _endpoint_text(q, shape, bindings)
    try:
        return post_query(endpoint, text, shape.form, timeout, q.where)
    except RemoteTimeout as exc:
        raise QueryTimeout(f"{q.where}: {exc} (raise it with --timeout)") from None


def _endpoint_text(q: QuerySource, shape, bindings: dict) -> str:
    """The query as a remote engine gets it: kgborder's prefixes declared, parameters bound by a
    trailing VALUES clause.

    The local engines predefine the prefixes and bind parameters by substitution; a remote
    engine does neither. The declarations go on the query's first line, so the line numbers
    in a server's syntax error are the query's own.
    """
    from .namespaces import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items() if p not in shape.prefixes)
    text = head + shape.text  # what was checked, and only that, is sent
    if not bindings:
        return text
    return text + "\n" + _values_clause(text, q.where, shape.form, bindings)


def _values_clause(text: str, where: str, form: str, bindings: dict) -> str:
    """``VALUES (?a ?b) { (term term) }``, each term in its N-Triples form after checks.

    The clause joins the query's answers: for a SELECT each parameter must be a variable it
    selects (as the local engines require), otherwise one its pattern uses; else the join would
    add the value to every answer instead of selecting answers.
    """
    from rdflib import BNode, URIRef, Variable
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
        if "valuesClause" in parsed[1]:
            raise QueryError(f"{where}: the query ends with a VALUES clause of its own; parameters cannot "
                             "be added to it for an endpoint")
        algebra = translateQuery(parsed).algebra
    except QueryError:
        raise
    except Exception as exc:
        raise QueryError(_syntax_message(where, exc)) from None
    names = sorted(bindings)
    visible = set(algebra.PV if form == "SELECT" else (algebra.get("_vars") or ()))
    outside = [f"?{n}" for n in names if Variable(n) not in visible]
    if outside and form == "SELECT":
        raise QueryError(f"{where}: a parameter must be a variable the query selects: "
                         f"add {', '.join(outside)} to its SELECT clause")
    if outside:
        raise QueryError(f"{where}: a parameter must be a variable of the query's pattern: "
                         f"{', '.join(outside)} is not")
    terms = []
    for name in names:
        term = bindings[name]
        if isinstance(term, BNode):
            raise QueryError(f"{where}: ?{name}: a blank node cannot be a parameter")
        if isinstance(term, URIRef) and iri_problem(str(term)) is not None:
            raise QueryError(f"{where}: ?{name}: {str(term)!r} is not a valid IRI")
        terms.append(term.n3())
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"


def _syntax_message(where: str, exc: Exception) -> str:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    if line is not None and col is not None:  # pyparsing (rdflib)
        return f"{where}: malformed SPARQL at line {line}, column {col}: {getattr(exc, 'msg', exc)}"
    found, text = syntax_location(str(exc))
    return f"{where}: malformed SPARQL at {text}" if found else f"{where}: {text}"
