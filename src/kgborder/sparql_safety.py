"""Keeping queries read-only, offline and shallow.

Three layers:

1. ``check_query`` reads the query with its own SPARQL 1.1 lexer (every terminal of the
   grammar, after the codepoint escapes; a comment ends at a line feed or a carriage return)
   and refuses, before anything is evaluated, every update, ``SERVICE``, ``LOAD``, any ``FROM``
   / ``FROM NAMED`` of a graph that is not in the local store, text that is not made of SPARQL
   terminals, and nesting or length past the limits below. It returns the query re-written
   from its tokens (``QueryShape.text``): comments dropped, strings re-quoted, every token apart
   from the next. That text, and never the one given, is what an engine evaluates or an
   endpoint receives, so the tokens that were checked are the tokens that run.
2. Local evaluation happens in a thread that the kernel keeps off the network
   (``kgborder.sandbox``), so an engine that found its way to a ``SERVICE`` all the same could
   not connect; ``kgborder serve``'s Oxigraph server cannot connect out either.
3. ``offline()`` guards that thread at the Python level too: an audit hook refuses every socket
   connection, name lookup and URL request (rdflib's ``SERVICE`` and ``FROM`` loading
   included). The guard is per thread, so a query abandoned at its time limit does not cut the
   rest of the process (a notebook, a remote query, a test) off the network.
"""
from __future__ import annotations

import functools
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import KgborderError

QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}

# Oxigraph's parser and evaluator recurse once per nesting level and per link of a chain
# (`1 + 1 + ...`, `{} UNION {} ...`). Measured with pyoxigraph 0.5.13 in a thread with 8 MiB of
# stack, these crash the process with a segmentation fault: 2,200 nested groups, about 2,500
# nested sub-selects, 3,000 to 10,000 links of a chain, 10,000 nested `(` or `!`. The Oxigraph
# server crashes on a single request of 3,000 nested groups. No query of this project nests
# deeper than 6. MAX_DEPTH keeps nesting far below the lowest crash; chains are bounded by
# MAX_LENGTH and run on a stack large enough for them (query.QUERY_STACK): every kind of chain
# filling 64 KiB ran on a 512 MiB stack with at most 78 MB resident.
MAX_DEPTH = 64
MAX_LENGTH = 64 * 1024

_ESCAPE = re.compile(r"(\\\\)|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# The terminals of the SPARQL 1.1 grammar (section 19.8), longest first where two could match.
_PN_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
            "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_PN_U = _PN_BASE + "_"
_PN = _PN_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_PN_BASE}](?:[{_PN}.]*[{_PN}])?"
_LOCAL = f"(?:[{_PN_U}:0-9]|{_PLX})(?:(?:[{_PN}.:]|{_PLX})*(?:[{_PN}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf\\"']"""
_Q1, _Q2 = "'", '"'
_LONG = "|".join(f"{q * 3}(?:(?:{q}|{q * 2})?(?:[^{q}\\\\]|{_ECHAR}))*{q * 3}" for q in (_Q1, _Q2))
_SHORT = "|".join(f"{q}(?:[^{q}\\\\\\r\\n]|{_ECHAR})*{q}" for q in (_Q1, _Q2))
# Compiled on first use: about 20 ms, which every command would otherwise pay at start-up.
_TOKEN_SOURCE = "|".join(f"(?P<{name}>{pattern})" for name, pattern in [
    ("ws", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("long", _LONG),
    ("string", _SHORT),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("pname", f"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("bnode", f"_:[{_PN_U}0-9](?:[{_PN}.]*[{_PN}])?"),
    ("var", f"[?$][{_PN_U}0-9][{_PN_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("lang", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    ("number", r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
               r"|[0-9]*\.[0-9]+|[0-9]+)"),
    ("word", r"[A-Za-z][A-Za-z0-9_]*"),
    ("nil", r"\([ \t\r\n]*\)|\[[ \t\r\n]*\]"),
    ("op", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.=<>!+\-*/|^?]"),
])


@functools.cache
def _token() -> re.Pattern[str]:
    return re.compile(_TOKEN_SOURCE)
_OPEN, _CLOSE = "{([", "})]"
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r"}
_ECHAR_VALUES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "\\": "\\", '"': '"', "'": "'"}


class QueryRefused(KgborderError):
    """The query would write, reach outside the local store, or overwhelm the engine."""


@dataclass
class QueryShape:
    """What a query is, as far as safety needs to know, and the text that may be run."""

    form: str
    dataset: list[str] = field(default_factory=list)  # IRIs named by FROM / FROM NAMED
    prefixes: list[str] = field(default_factory=list)  # prefixes the query declares itself
    text: str = ""  # the query re-written from the checked tokens: what engines and endpoints get
    depth: int = 0  # the deepest nesting of brackets and `!`


def unescape(query: str) -> str:
    """Apply SPARQL's codepoint escapes, which the grammar allows anywhere in a query (an
    escaped backslash escapes nothing: ``"a\\\\u0041"`` stays as it is)."""
    return _ESCAPE.sub(lambda m: m.group(1) or chr(int(m.group(2) or m.group(3), 16)), query)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _string_value(token: str) -> str:
    body = token[3:-3] if token[:3] in ("'''", '"""') else token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ECHAR_VALUES[m.group(1)], body, flags=re.S)


def _requote(value: str) -> str:
    """A string as one short literal in which no quote, newline or backslash is left bare."""
    return '"' + "".join(_STRING_ESCAPES.get(c, c) for c in value) + '"'


def tokenize(query: str, where: str = "query") -> tuple[list[tuple[str, str]], str]:
    """The query's tokens (comments dropped), and the query written again from them: a space
    between every two tokens but those written solid, line breaks where the query had
    them."""
    if len(query) > MAX_LENGTH:
        raise QueryRefused(f"{where}: the query is {len(query):,} characters long; the limit is {MAX_LENGTH:,}")
    text = unescape(query.replace("\r\n", "\n").replace("\r", "\n"))  # a lone CR ends a line too
    tokens: list[tuple[str, str]] = []
    out: list[str] = []
    at = 0
    prev_comment = False
    token = _token()
    while at < len(text):
        m = token.match(text, at)
        if m is None:
            raise QueryRefused(f"{where}: malformed SPARQL at {_position(text, at)}: unexpected {text[at]!r}")
        kind, lexeme = m.lastgroup or "", m.group()  # every alternative is a named group
        spaced = at == 0 or text[at - 1] in " \t\n" or prev_comment
        prev_comment = kind == "comment"
        at = m.end()
        if kind == "comment":
            continue
        if kind == "ws":
            while "\n" in lexeme and out and out[-1] == " ":
                out.pop()
            out.append("\n" * lexeme.count("\n") or " ")
            continue
        if kind in ("string", "long"):
            kind, lexeme = "string", _requote(_string_value(lexeme))
        elif kind == "nil":
            lexeme = lexeme[0] + lexeme[-1]
        # Written solid: "x"@en and "1"^^xsd:int (rdflib wants them so), and a keyword and its
        # bracket, COALESCE(...) (Oxigraph wants them so). `@`, `^`, `(`, `+`, `*`, `?` extend no token.
        # So are path modifiers the query wrote solid (rdfs:subClassOf+), as rdflib wants them.
        glued = (kind == "lang" or lexeme == "^^" or (tokens and tokens[-1][1] == "^^")
                 or (lexeme[0] == "(" and tokens and tokens[-1][0] == "word")
                 or (lexeme in ("+", "*", "?") and not spaced))
        if glued:
            while out and out[-1].isspace():
                out.pop()
        elif out and not out[-1].isspace():
            out.append(" ")  # tokens never touch, so none can be read as part of another
        out.append(lexeme)
        tokens.append((kind, lexeme))
    return tokens, "".join(out).strip(" ")


def nesting(tokens: list[tuple[str, str]]) -> int:
    """The deepest nesting of ``{``, ``(``, ``[`` and chained ``!``."""
    depth = deepest = bangs = 0
    for kind, text in tokens:
        if kind != "op":
            bangs = 0
            continue
        if text == "!":
            bangs += 1
        else:
            bangs = 0
            if text in _OPEN:
                depth += 1
            elif text in _CLOSE:
                depth -= 1
        deepest = max(deepest, depth + bangs)
    return deepest


def check_query(query: str, where: str = "query") -> QueryShape:
    """Return the query's form, dataset IRIs and the text to run; raise QueryRefused for
    anything unsafe."""
    tokens, text = tokenize(query, where)
    depth = nesting(tokens)
    if depth > MAX_DEPTH:
        raise QueryRefused(f"{where}: the query nests {depth} levels deep; the limit is {MAX_DEPTH}")
    from .namespaces import PREFIXES

    prefixes: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}  # the engines' defaults
    form = None
    dataset: list[str] = []
    declared: list[str] = []
    for i, (kind, lexeme) in enumerate(tokens):
        if kind != "word":
            continue
        word = lexeme.upper()
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
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
    return QueryShape(form, dataset, declared, text, depth)


# --- the process guard -----------------------------------------------------------------

_BLOCKED_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                   "socket.sendmsg", "urllib.Request", "http.client.connect", "ftplib.connect",
                   "smtplib.connect", "webbrowser.open"}
_lock = threading.Lock()
_installed = False


class _Guard(threading.local):
    depth = 0  # how many offline() blocks this thread is inside


_guarded = _Guard()


class NetworkBlocked(PermissionError):
    """Raised inside the query engine when it tries to reach the network."""


def _audit(event: str, args) -> None:
    if event in _BLOCKED_EVENTS and _guarded.depth:
        raise NetworkBlocked(f"kgborder blocks network access during queries ({event})")


@contextmanager
def offline():
    """While inside, no Python code in this thread can open a socket or a URL."""
    global _installed
    with _lock:
        if not _installed:
            sys.addaudithook(_audit)  # cannot be removed; it is inert outside offline()
            _installed = True
    _guarded.depth += 1
    try:
        yield
    finally:
        _guarded.depth -= 1
