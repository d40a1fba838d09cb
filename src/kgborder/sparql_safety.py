"""Keeping queries read-only and offline.

Two layers:

1. ``check_query`` reads the query's tokens (after SPARQL's \\u escapes, skipping comments,
   strings and IRIs) and refuses, before anything is evaluated, every update, ``SERVICE``,
   ``LOAD`` and any ``FROM`` / ``FROM NAMED`` of a graph that is not in the local store.
   This matters because the Oxigraph engine would otherwise send a ``SERVICE`` request
   itself, from native code.
2. ``offline()`` guards the thread that runs a query: a Python audit hook refuses every
   socket connection, name lookup and URL request it makes, so no Python code path
   (rdflib's ``SERVICE`` or ``FROM`` loading included) can reach the network. The guard is
   per thread, so a query abandoned at its time limit (still running in its thread) does not
   cut the rest of the process (a notebook, a remote query, a test) off the network.
"""
from __future__ import annotations

import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import KgborderError

QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<pname>[A-Za-z\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*?:[^\s(){}\[\],;]*|:[^\s(){}\[\],;]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)


class QueryRefused(KgborderError):
    """The query would write, or reach outside the local store."""


@dataclass
class QueryShape:
    """What a query is, as far as safety needs to know."""

    form: str
    dataset: list[str] = field(default_factory=list)  # IRIs named by FROM / FROM NAMED
    prefixes: list[str] = field(default_factory=list)  # prefixes the query declares itself


def unescape(query: str) -> str:
    """Apply SPARQL's codepoint escapes, which the grammar allows anywhere in a query."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)


def check_query(query: str, where: str = "query") -> QueryShape:
    """Return the query's form and dataset IRIs; raise QueryRefused for anything unsafe."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(unescape(query))]
    tokens = [(kind, text) for kind, text in tokens if kind != "comment"]
    from .namespaces import PREFIXES

    prefixes: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}  # the engines' defaults
    form = None
    dataset: list[str] = []
    declared: list[str] = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word":
            continue
        word = text.upper()
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
            declared.append(tokens[i + 1][1].rstrip(":"))
        if form is None and (word in QUERY_FORMS or word in UPDATE_WORDS):
            form = word
            if word in UPDATE_WORDS:
                raise QueryRefused(f"{where}: {word} is an update; queries are read-only")
        if word == "SERVICE":
            raise QueryRefused(f"{where}: SERVICE is refused: queries never reach the network")
        if word == "LOAD":
            raise QueryRefused(f"{where}: LOAD is refused: queries never reach the network")
        if word == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "NAMED":
                j += 1
            if j >= len(tokens):
                continue
            kind_j, target = tokens[j]
            if kind_j == "iri":
                dataset.append(target[1:-1])
            elif kind_j == "pname" and target.split(":", 1)[0] in prefixes:
                prefix, local = target.split(":", 1)
                dataset.append(prefixes[prefix] + local)
            else:
                raise QueryRefused(f"{where}: FROM must name a graph of the local store")
    if form is None:
        raise QueryRefused(f"{where}: not a query (expected SELECT, CONSTRUCT, ASK or DESCRIBE)")
    return QueryShape(form, dataset, declared)


# --- the process guard -----------------------------------------------------------------

_BLOCKED_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                   "socket.sendmsg", "urllib.Request", "http.client.connect", "ftplib.connect",
                   "smtplib.connect", "webbrowser.open"}
_lock = threading.Lock()
_installed = False
_guarded = threading.local()  # depth: how many offline() blocks this thread is inside


class NetworkBlocked(PermissionError):
    """Raised inside the query engine when it tries to reach the network."""


def _audit(event: str, args) -> None:
    if event in _BLOCKED_EVENTS and getattr(_guarded, "depth", 0):
        raise NetworkBlocked(f"kgborder blocks network access during queries ({event})")


@contextmanager
def offline():
    """While inside, no Python code in this thread can open a socket or a URL."""
    global _installed
    with _lock:
        if not _installed:
            sys.addaudithook(_audit)  # cannot be removed; it is inert outside offline()
            _installed = True
    _guarded.depth = getattr(_guarded, "depth", 0) + 1
    try:
        yield
    finally:
        _guarded.depth -= 1
