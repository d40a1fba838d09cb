"""Talking to SPARQL servers: queries over the SPARQL 1.1 Protocol, uploads over the SPARQL
1.1 Graph Store HTTP Protocol, and the credentials either may need.

Credentials come from the environment (``KGBORDER_USER`` and ``KGBORDER_PASSWORD``) or a
netrc file (``$NETRC`` or ``~/.netrc``, the entry of the URL's host), never from a URL or
the command line. They are sent only to a server that asks for them (HTTP 401), by the
scheme its challenge names (Digest or Basic), and never appear in a message.
"""
from __future__ import annotations

import io
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator
from urllib.parse import quote, urlsplit

from .errors import KgborderError

USER_ENV = "KGBORDER_USER"
PASSWORD_ENV = "KGBORDER_PASSWORD"
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
GRAPH_TYPES = {N_TRIPLES: "nt", "text/plain": "nt", "text/turtle": "turtle", "application/x-turtle": "turtle"}
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*$')
_BLANK_NODE_LINE = re.compile(rb'^_:|\s_:[^\s"]+\s*\.\s*$')


class RemoteError(KgborderError):
    """A server cannot be reached, refuses a request, or answers something unreadable."""


class RemoteTimeout(RemoteError):
    """A server did not answer within the time limit."""


def check_url(url: str, option: str = "URL") -> str:
    """An http(s) URL without credentials in it, or RemoteError (which never repeats credentials)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise RemoteError(f"{option}: not a valid http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{option}: not an http(s) URL: {_without_userinfo(url)}")
    if "@" in parts.netloc:
        raise RemoteError(f"{option}: {_without_userinfo(url)}: a URL must not hold credentials; "
                          f"set {USER_ENV} and {PASSWORD_ENV}, or use a netrc file")
    return url


def _without_userinfo(url: str) -> str:
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@", r"\1", url)


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI that can be written between < and > in SPARQL or N-Triples."""
    return bool(_IRI.match(text))


def check_iri(iri: str, what: str = "graph") -> str:
    """An absolute IRI that can be written between < and >, or RemoteError."""
    if not is_iri(iri):
        raise RemoteError(f"{iri!r} is not an absolute IRI (the {what} must be one, e.g. https://example.org/graph)")
    return iri


# --- credentials ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (for messages; the password is never shown)."""

    user: str
    password: str = field(repr=False)
    origin: str = ""


def credentials_for(url: str) -> Credentials | None:
    """``KGBORDER_USER``/``KGBORDER_PASSWORD`` if set, else the netrc entry of the URL's host, else None."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user or password:
        if not (user and password):
            missing = PASSWORD_ENV if user else USER_ENV
            raise RemoteError(f"{missing} is not set: set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return Credentials(user, password, f"{USER_ENV}/{PASSWORD_ENV}")
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    import netrc

    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as exc:  # its message may quote a token: give the line only
        raise RemoteError(f"{path}:{exc.lineno}: malformed netrc file") from None
    except OSError as exc:
        raise RemoteError(f"{path}: cannot read: {exc.strerror}") from None
    if entry is None or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", str(path))


def _scheme(challenge: str) -> str | None:
    """'digest' or 'basic' from a WWW-Authenticate header (Digest preferred), else None."""
    words = re.sub(r'"(?:[^"\\]|\\.)*"', '""', challenge).lower()  # not inside realm="..."
    for scheme in ("digest", "basic"):
        if re.search(rf"(?:^|,)\s*{scheme}\b", words):
            return scheme
    return None


def _anonymous(request):
    """No credentials (an explicit auth, so requests does not apply ~/.netrc on its own)."""
    return request


class _Client:
    """One conversation with a server: answers its first 401 challenge with the credentials, by
    the scheme the challenge names, and reuses them for the requests that follow."""

    def __init__(self, timeout: float | None):
        import requests

        from . import __version__

        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"kgborder/{__version__}"
        self.timeout = timeout
        self.auth = None
        self.credentials: Credentials | None = None

    def send(self, method: str, url: str, shown: str, **kwargs):
        """The server's response (any status but 401), or RemoteError with a one-line reason."""
        import requests

        try:
            response = self.session.request(method, url, auth=self.auth or _anonymous, timeout=self.timeout,
                                            **kwargs)
            if response.status_code == 401 and self.auth is None:
                self.auth = self._answer(response, url, shown)
                response.close()
                response = self.session.request(method, url, auth=self.auth, timeout=self.timeout, **kwargs)
        except requests.Timeout:
            raise RemoteTimeout(f"{shown}: no answer within {self.timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise RemoteError(f"{shown}: cannot connect ({_reason(exc)})") from None
        except requests.RequestException as exc:
            raise RemoteError(f"{shown}: {type(exc).__name__}") from None
        if response.status_code == 401:
            response.close()
            creds = self.credentials
            raise RemoteError(f"{shown}: authentication failed (HTTP 401) for user {creds.user!r} "
                              f"(credentials from {creds.origin})")
        return response

    def _answer(self, response, url: str, shown: str):
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        challenge = response.headers.get("WWW-Authenticate", "")
        scheme = _scheme(challenge)
        if scheme is None:
            raise RemoteError(f"{shown}: the server asks for an authentication scheme kgborder does not "
                              f"support (HTTP 401, {challenge.split(' ', 1)[0] or 'no challenge'}); "
                              "it supports Digest and Basic")
        creds = credentials_for(url)
        if creds is None:
            host = urlsplit(url).hostname
            raise RemoteError(f"{shown}: authentication required (HTTP 401, {scheme.capitalize()}): set "
                              f"{USER_ENV} and {PASSWORD_ENV}, or add 'machine {host}' to a netrc file "
                              "(~/.netrc, or $NETRC)")
        self.credentials = creds
        if scheme == "digest":
            return HTTPDigestAuth(creds.user, creds.password)
        return HTTPBasicAuth(creds.user, creds.password)


def _reason(exc: BaseException) -> str:
    """The innermost OS-level reason of a connection error (e.g. 'Connection refused')."""
    seen = set()
    while isinstance(exc, BaseException) and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.strerror:
            return exc.strerror
        if exc.args and isinstance(exc.args[0], BaseException):
            exc = exc.args[0]
            continue
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__
    return "the connection failed"


def _http_error(response, shown: str) -> str:
    """'URL: HTTP 403 Forbidden: what the server said' on one line."""
    detail = ""
    try:
        body = response.content[:65536].decode(response.encoding or "utf-8", "replace")
    except Exception:  # an unreadable body adds nothing to the message
        body = ""
    if body:
        inner = re.search(r"<xmp>(.*?)</xmp>", body, re.S | re.I)  # Virtuoso puts the reason there
        text = inner.group(1) if inner else re.sub(r"<[^>]+>", " ", body)
        detail = " ".join(text.split())
        if len(detail) > 300:
            detail = detail[:297] + "..."
    reason = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
    return f"{shown}: {reason}" + (f": {detail}" if detail else "")


def _content_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


# --- queries (SPARQL 1.1 Protocol) -------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL 1.1 Protocol query endpoint, as a source for :func:`kgborder.query.query`."""

    url: str

    def __post_init__(self):
        check_url(self.url, "endpoint")


def post_query(endpoint: Endpoint, text: str, form: str, timeout: float | None = 30.0, where: str = "query"):
    """Send a query (already checked and complete) to an endpoint; return an rdflib Result.

    The query goes as a URL-encoded POST (the form every SPARQL 1.1 server accepts; some
    never answer a direct ``application/sparql-query`` POST). SELECT and ASK ask for SPARQL
    JSON results, read by rdflib's own parser; CONSTRUCT and DESCRIBE for N-Triples (or
    Turtle). ``timeout`` bounds the whole exchange.
    """
    from rdflib import Graph
    from rdflib.query import Result

    from .namespaces import bind_prefixes
    from .sparql_safety import offline

    shown = endpoint.url
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = f"{N_TRIPLES}, text/turtle;q=0.9" if graph_form else f"{RESULTS_JSON}, application/json;q=0.9"
    started = time.monotonic()
    client = _Client(timeout)
    response = client.send("POST", endpoint.url, shown, data={"query": text},
                           headers={"Accept": accept}, stream=True)
    with response:
        if not 200 <= response.status_code < 300:
            raise RemoteError(f"{where}: {_http_error(response, shown)}")
        if "X-SPARQL-MaxRows" in response.headers:  # Virtuoso's sign of an answer cut short
            raise RemoteError(f"{where}: {shown}: the server cut its answer at "
                              f"{response.headers['X-SPARQL-MaxRows']} rows; ask for fewer (LIMIT) or raise "
                              "its limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
        body = bytearray()
        try:
            for chunk in response.iter_content(65536):
                body += chunk
                if timeout is not None and time.monotonic() - started > timeout:
                    raise RemoteTimeout(f"{shown}: no complete answer within {timeout:g} s")
        except RemoteTimeout:
            raise
        except Exception as exc:  # the connection broke in the middle of the answer
            raise RemoteError(f"{shown}: the answer was cut off ({_reason(exc)})") from None
        ctype = _content_type(response)
    try:
        with offline():  # reading an answer never fetches anything
            if graph_form:
                if ctype not in GRAPH_TYPES:
                    raise RemoteError(f"{shown}: answered {ctype or 'without a content type'}, "
                                      "not N-Triples or Turtle")
                graph = Graph()
                graph.parse(data=bytes(body), format=GRAPH_TYPES[ctype])
                bind_prefixes(graph)
                result = Result(form)
                result.graph = graph
                return result
            if ctype not in (RESULTS_JSON, "application/json"):
                raise RemoteError(f"{shown}: answered {ctype or 'without a content type'}, not SPARQL JSON results")
            return Result.parse(io.BytesIO(bytes(body)), format="json")
    except RemoteError:
        raise
    except Exception as exc:
        raise RemoteError(f"{shown}: unreadable answer ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})") \
            from None


# --- uploads (SPARQL 1.1 Graph Store HTTP Protocol) -----------------------------------------

@dataclass(frozen=True)
class PushReport:
    """What ``push`` sent: the triples, in how many requests, to which graph (as shown to a person)."""

    triples: int
    requests: int
    target: str


def graph_store_url(gsp_url: str, graph: str | None) -> str:
    """The request URL of one graph: ``?graph=IRI`` (percent-encoded), or ``?default``."""
    sep = "" if gsp_url.endswith(("?", "&")) else "&" if urlsplit(gsp_url).query else "?"
    return gsp_url + sep + (f"graph={quote(graph, safe='')}" if graph else "default")


def _split(exported: BinaryIO, linked: BinaryIO) -> tuple[int, int]:
    """Copy every N-Triples line with a blank node to ``linked``; count the lines of each kind.

    A blank node's label names the same node only within one document, so the triples that
    mention blank nodes travel together in one request, or the structures they build break.
    """
    plain = blank = 0
    exported.seek(0)
    for line in exported:
        if not line.strip():
            continue
        if _BLANK_NODE_LINE.search(line):
            linked.write(line)
            blank += 1
        else:
            plain += 1
    return plain, blank


def _bodies(exported: BinaryIO, linked: BinaryIO, size: int, blank: int) -> Iterator[tuple[int, bytes]]:
    """(triples, N-Triples body) per request: the plain triples ``size`` at a time, then the blank-node ones."""
    exported.seek(0)
    part: list[bytes] = []
    for line in exported:
        if line.strip() and not _BLANK_NODE_LINE.search(line):
            part.append(line)
            if len(part) == size:
                yield len(part), b"".join(part)
                part = []
    if part:
        yield len(part), b"".join(part)
    if blank:
        linked.seek(0)
        yield blank, linked.read()


def push(store_path: Path, gsp_url: str, graph: str | None = None, chunk_size: int = 50_000,
         timeout: float | None = 300.0, progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Upload what ``kgborder export`` writes to a Graph Store endpoint, replacing the graph.

    ``graph`` names the target graph (``None``: the server's default graph). The first request
    is a PUT (replace), the others POSTs (append), each an N-Triples body of at most
    ``chunk_size`` triples; so pushing twice leaves the same triples. ``progress(sent, total)``
    is called after each request. A failure part-way leaves the graph incomplete (the message
    says so); pushing again replaces it.
    """
    import tempfile

    from .export import write_export

    check_url(gsp_url, "--gsp")
    if graph is not None:
        check_iri(graph)
    target = graph_store_url(gsp_url, graph)
    shown = f"{gsp_url} ({'graph <' + graph + '>' if graph else 'default graph'})"
    with tempfile.TemporaryFile() as exported, tempfile.TemporaryFile() as linked:
        write_export(store_path, "nt", exported)  # streamed to disk: memory stays flat for large stores
        plain, blank = _split(exported, linked)
        total = plain + blank
        client = _Client(timeout)
        # Learn whether and how to authenticate before sending any data (HEAD is cheap; its
        # status does not matter, only a 401 and the credentials that answer it).
        client.send("HEAD", target, shown).close()
        sent = calls = 0
        for count, body in _bodies(exported, linked, chunk_size, blank) if total else [(0, b"")]:
            response = client.send("PUT" if calls == 0 else "POST", target, shown, data=body,
                                   headers={"Content-Type": N_TRIPLES})
            with response:
                if not 200 <= response.status_code < 300:
                    message = _http_error(response, shown)
                    if not calls and graph is None:
                        message += " (a server that keeps no writable default graph, e.g. Virtuoso, needs --graph IRI)"
                    if sent:
                        message += (f" (after {sent} of {total} triples: the graph is incomplete; "
                                    "push again to replace it)")
                    raise RemoteError(message)
            sent += count
            calls += 1
            if progress is not None:
                progress(sent, total)
    return PushReport(total, calls, shown)
