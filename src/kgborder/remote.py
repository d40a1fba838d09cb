"""Talking to SPARQL servers: queries over the SPARQL 1.1 Protocol, uploads over the SPARQL
1.1 Graph Store HTTP Protocol, and the credentials either may need.

Credentials come from the environment (``KGBORDER_USER`` and ``KGBORDER_PASSWORD``) or a
netrc file (``$NETRC`` or ``~/.netrc``, the entry of the URL's host), never from a URL or
the command line. They are sent only to a server that asks for them (HTTP 401), by the
scheme its challenge names (Digest or Basic), and never appear in a message.

The HTTP client is the standard library's, one connection per origin, so that what is sent
where is decided here and nowhere else: a redirect to another origin (scheme, host, port)
is refused before anything goes there, and a timer bounds each exchange by the wall clock.
"""
from __future__ import annotations

import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator
from urllib.parse import quote, urlsplit

from .errors import KgborderError
from .names import iri_problem

USER_ENV = "KGBORDER_USER"
PASSWORD_ENV = "KGBORDER_PASSWORD"
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
GRAPH_TYPES = {N_TRIPLES: "nt", "text/plain": "nt", "text/turtle": "turtle", "application/x-turtle": "turtle"}
_BLANK_NODE_LINE = re.compile(rb'^_:|\s_:[^\s"]+\s*\.\s*$')


class RemoteError(KgborderError):
    """A server cannot be reached, refuses a request, or answers something unreadable."""


class RemoteTimeout(RemoteError):
    """A server did not answer within the time limit."""


def check_url(url: str, option: str = "URL") -> str:
    """An http(s) URL without credentials in it, or RemoteError (which never repeats credentials)."""
    if re.search(r"[\x00-\x20\x7f]", url):  # urlsplit would drop some of them silently, and a message break
        raise RemoteError(f"{option}: not a valid http(s) URL (a space or a control character in "
                          f"{_without_userinfo(url)!r}; percent-encode it)")
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


def check_iri(iri: str, what: str = "graph") -> str:
    """An absolute IRI that can be written between < and > (names.iri_problem judges), or RemoteError."""
    if iri_problem(iri) is not None:
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


def _digest_params(challenge: str) -> dict[str, str]:
    """The name=value pairs of the Digest challenge in a WWW-Authenticate header."""
    from urllib.request import parse_http_list, parse_keqv_list

    masked = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: "x" * len(m.group()), challenge)
    start = re.search(r"(?:^|,)\s*digest\b", masked, re.I)
    rest = challenge[start.end():] if start else ""
    pairs = [item for item in parse_http_list(rest) if "=" in item]
    return {k.lower(): v for k, v in parse_keqv_list(pairs).items()}


_DIGEST_HASHES = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}


def _digest_header(params: dict[str, str], creds: Credentials, method: str, uri: str, count: int) -> str:
    """An Authorization header answering a Digest challenge (RFC 7616), for one request."""
    import hashlib
    import secrets

    algorithm = params.get("algorithm", "MD5").upper()
    session = algorithm.endswith("-SESS")
    name = _DIGEST_HASHES.get(algorithm.removesuffix("-SESS"))
    if name is None:
        raise RemoteError(f"the server asks for Digest with the {algorithm} algorithm, which kgborder does not "
                          "support (it supports MD5, SHA-256 and SHA-512-256)")

    def h(text: str) -> str:
        return hashlib.new(name, text.encode("utf-8")).hexdigest()

    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    cnonce = secrets.token_hex(8)
    secret = h(f"{creds.user}:{realm}:{creds.password}")
    if session:
        secret = h(f"{secret}:{nonce}:{cnonce}")
    request = h(f"{method}:{uri}")
    qops = [q.strip() for q in params.get("qop", "").split(",")]
    fields = {"username": creds.user, "realm": realm, "nonce": nonce, "uri": uri}
    if "auth" in qops:
        nc = f"{count:08x}"
        fields["response"] = h(f"{secret}:{nonce}:{nc}:{cnonce}:auth:{request}")
        extra = f", qop=auth, nc={nc}, cnonce=\"{cnonce}\""
    elif not params.get("qop"):
        fields["response"] = h(f"{secret}:{nonce}:{request}")
        extra = ""
    else:
        raise RemoteError(f"the server asks for Digest with qop={params['qop']}, which kgborder does not support")
    if "opaque" in params:
        fields["opaque"] = params["opaque"]
    quoted = ", ".join(f'{k}="{_quoted(v)}"' for k, v in fields.items())
    return f"Digest {quoted}, algorithm={params.get('algorithm', 'MD5')}{extra}"


def _quoted(value: str) -> str:
    if any(c in value for c in "\r\n"):
        raise RemoteError("a user name or challenge holds a line break")
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _origin(url: str) -> str:
    """'scheme://host:port' of an http(s) URL, the port always written: what makes two URLs one server."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    port = port or {"http": 80, "https": 443}.get(scheme)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def _request_target(url: str) -> str:
    """The path and query of a URL as they go on the request line, percent-encoded where needed."""
    parts = urlsplit(url)
    safe = "/%:@!$&'()*+,;=~?"
    target = quote(parts.path or "/", safe=safe)
    return target + (f"?{quote(parts.query, safe=safe)}" if parts.query else "")


_REDIRECTS = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
              308: "Permanent Redirect"}
MAX_REDIRECTS = 5  # a chain longer than this is a loop or a misconfigured server
_CHUNK = 65536


class _Client:
    """One conversation with one server, and only that one.

    The client holds a connection to the origin (scheme, host and port) of the URL it was made
    for, and no other: a redirect elsewhere cannot be followed because there is nothing to
    follow it with, so neither data nor credentials ever reach another origin. A redirect
    within the origin is followed on the same connection. The first 401 challenge is answered
    with the credentials, by the scheme it names, and they are reused for the requests that
    follow. Between ``start_clock()`` and ``stop_clock()`` a timer bounds the whole exchange by
    the wall clock: when it runs out it shuts the socket down, which ends a blocked send or
    receive at once, however slowly the server trickles.
    """

    def __init__(self, url: str, shown: str, timeout: float | None):
        check_url(url)
        parts = urlsplit(url)
        self.url, self.shown, self.timeout = url, shown, timeout
        self.origin = _origin(url)
        self._https = parts.scheme.lower() == "https"
        self._host, self._port = parts.hostname, parts.port or (443 if self._https else 80)
        self._conn = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._clock = 0          # which start_clock() the timer belongs to
        self._deadline: float | None = None
        self._expired = False
        self._answered = False   # whether the current exchange has had a status line
        self.sent_request = False  # whether the current exchange's request went out whole
        self._challenge: tuple[str, dict[str, str]] | None = None
        self._count = 0          # Digest nonce count
        self.credentials: Credentials | None = None
        self.answered_by = url   # the URL whose answer was read last (it differs after a redirect)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.stop_clock()
        self._reset()

    # --- the wall clock --------------------------------------------------------------------

    def start_clock(self) -> None:
        """Bound everything from now until ``stop_clock()`` by ``timeout`` seconds."""
        self.stop_clock()
        with self._lock:
            self._clock += 1
            self._expired = self._answered = self.sent_request = False
            if self.timeout is not None:
                self._deadline = time.monotonic() + self.timeout
                self._timer = threading.Timer(self.timeout, self._expire, (self._clock,))
                self._timer.daemon = True
                self._timer.start()

    def stop_clock(self) -> None:
        with self._lock:
            self._clock += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _expire(self, clock: int) -> None:
        with self._lock:
            if clock != self._clock:
                return
            self._expired = True
            self._shutdown()

    def _shutdown(self) -> None:
        sock = getattr(self._conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def _remaining(self) -> float | None:
        """The time left on the clock (the whole timeout when none is running)."""
        if self.timeout is None or self._deadline is None:
            return self.timeout
        return max(0.001, self._deadline - time.monotonic())

    def timed_out(self) -> RemoteTimeout:
        what = "no complete answer" if self._answered else "no answer" if self.sent_request else \
            "the request could not be sent"
        return RemoteTimeout(f"{self.shown}: {what} within {self.timeout:g} s")

    def _failed(self, exc: BaseException, during: str = "") -> RemoteError:
        """The error to raise for a broken exchange: a timeout if the clock ran out, else why."""
        self._reset()
        if self._expired or isinstance(exc, TimeoutError):
            return self.timed_out()
        if during:
            return RemoteError(f"{self.shown}: {during} ({_reason(exc)})")
        return RemoteError(f"{self.shown}: cannot connect ({_reason(exc)})")

    # --- the connection --------------------------------------------------------------------

    def _reset(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _connection(self):
        import http.client
        import select

        conn = self._conn
        # A connection the last answer closed, or a kept-alive one the server has closed since (it
        # reads as ready: end of file), is opened anew here, where the timer can reach its socket.
        if conn is not None and (conn.sock is None or select.select([conn.sock], [], [], 0)[0]):
            self._reset()
            conn = None
        if conn is None:
            if self._https:
                import ssl

                conn = http.client.HTTPSConnection(self._host, self._port, timeout=self._remaining(),
                                                   context=ssl.create_default_context())
            else:
                conn = http.client.HTTPConnection(self._host, self._port, timeout=self._remaining())
            conn.connect()  # bounded by the time left: the timer cannot reach a socket not yet made
            with self._lock:
                self._conn = conn
                if self._expired:
                    self._shutdown()
        if self._expired:
            raise self.timed_out()
        conn.sock.settimeout(self._remaining())  # no single step outlasts the clock, on a reused connection too
        return conn

    def _exchange(self, method: str, target: str, body: bytes | None, headers: dict[str, str]):
        import http.client

        from . import __version__

        self._answered = self.sent_request = False
        sent = {"User-Agent": f"kgborder/{__version__}", **headers}
        if self._challenge is not None:
            sent["Authorization"] = self._authorization(method, target)
        try:
            conn = self._connection()
        except RemoteError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            raise self._failed(exc) from None
        try:
            conn.request(method, target, body=body, headers=sent)
            self.sent_request = True
            response = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            raise self._failed(exc, "the connection broke") from None
        self._answered = True
        return response

    def discard(self, response) -> None:
        """Read what is left of a short answer, so the connection can serve the next request;
        close the connection instead when there is more than a little."""
        import http.client

        try:
            rest = response.read(_CHUNK + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise self._failed(exc, "the answer was cut off") from None
        if self._expired:  # the timer ended the answer, however it began
            raise self.timed_out()
        if len(rest) > _CHUNK or not response.isclosed():
            self._reset()

    # --- credentials -------------------------------------------------------------------------

    def _authorization(self, method: str, target: str) -> str:
        import base64

        scheme, params = self._challenge
        creds = self.credentials
        if scheme == "basic":
            token = base64.b64encode(f"{creds.user}:{creds.password}".encode("utf-8")).decode("ascii")
            return f"Basic {token}"
        self._count += 1
        try:
            return _digest_header(params, creds, method, target, self._count)
        except RemoteError as exc:
            raise RemoteError(f"{self.shown}: {exc}") from None

    def _answer_challenge(self, response) -> None:
        challenge = ", ".join(response.msg.get_all("WWW-Authenticate") or [])
        scheme = _scheme(challenge)
        if scheme is None:
            raise RemoteError(f"{self.shown}: the server asks for an authentication scheme kgborder does not "
                              f"support (HTTP 401, {challenge.split(' ', 1)[0] or 'no challenge'}); "
                              "it supports Digest and Basic")
        if self.credentials is None:
            creds = credentials_for(self.url)
            if creds is None:
                host = urlsplit(self.url).hostname
                raise RemoteError(f"{self.shown}: authentication required (HTTP 401, {scheme.capitalize()}): set "
                                  f"{USER_ENV} and {PASSWORD_ENV}, or add 'machine {host}' to a netrc file "
                                  "(~/.netrc, or $NETRC)")
            self.credentials = creds
        self._challenge = (scheme, _digest_params(challenge) if scheme == "digest" else {})
        self._count = 0

    def _refused(self) -> RemoteError:
        creds = self.credentials
        return RemoteError(f"{self.shown}: authentication failed (HTTP 401) for user {creds.user!r} "
                           f"(credentials from {creds.origin})")

    def _authenticated(self, method: str, url: str, body: bytes | None, headers: dict[str, str]):
        target = _request_target(url)
        response = self._exchange(method, target, body, headers)
        if response.status != 401:
            return response
        had = self._challenge
        self.discard(response)
        if had is not None:
            # Credentials were sent and refused. A Digest server may have moved on to a new nonce
            # (an expired one, "stale"): answer that once; otherwise the credentials are wrong.
            fresh = _digest_params(", ".join(response.msg.get_all("WWW-Authenticate") or []))
            if had[0] != "digest" or fresh.get("nonce") in (None, had[1].get("nonce")):
                raise self._refused()
        self._answer_challenge(response)
        response = self._exchange(method, target, body, headers)
        if response.status == 401:
            self.discard(response)
            raise self._refused()
        return response

    # --- requests ------------------------------------------------------------------------------

    def send(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None):
        """The server's response (any status but 401 and a redirect), or RemoteError with a one-line
        reason. ``url`` must be on the client's origin; so is every redirect it follows."""
        headers = dict(headers or {})
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            response = self._authenticated(method, current, body, headers)
            location = response.getheader("Location")
            if response.status not in _REDIRECTS or not location:
                self.answered_by = current
                return response
            self._reset()  # its body is not read: it may never end
            status = f"HTTP {response.status} {_REDIRECTS[response.status]}"
            current = self._follow(current, location, status)
            if response.status == 303 and method not in ("GET", "HEAD"):
                method, body = "GET", None  # "see other": the answer is there, to be fetched
                headers.pop("Content-Type", None)
        raise RemoteError(f"{self.shown}: more than {MAX_REDIRECTS} redirects (the last to {_without_userinfo(current)})")

    def _follow(self, current: str, location: str, status: str) -> str:
        """The URL a redirect names, if it is on this client's origin; else RemoteError, before
        anything is sent there."""
        from urllib.parse import urljoin

        target = urljoin(current, location.strip())
        parts = urlsplit(target)
        if "@" in parts.netloc:
            raise RemoteError(f"{self.shown}: the server redirects ({status}) to a URL with credentials in it "
                              f"({_without_userinfo(target)}): refused, nothing was sent there")
        other = _origin(target) if parts.scheme.lower() in ("http", "https") else \
            f"{parts.scheme.lower()}://{parts.netloc}" if parts.scheme else "?"
        if other != self.origin:
            raise RemoteError(f"{self.shown}: the server redirects ({status}) to another origin, {other} "
                              f"({_without_userinfo(target)}): refused; kgborder sends data and credentials only "
                              f"to {self.origin}, the origin given, and sent nothing to {other}")
        return target

    def read_into(self, response, out: BinaryIO, limit: int | None, option: str = "--max-answer") -> int:
        """Copy an answer's body to ``out`` as it arrives; the byte count, or RemoteError once it
        passes ``limit`` bytes (nothing more is read) or breaks off."""
        import http.client

        size = 0
        try:
            while True:
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if limit is not None and size > limit:
                    self._reset()
                    raise RemoteError(f"{self.shown}: the answer is larger than {_size(limit)} ({option}): "
                                      f"refused, nothing more is read; ask for less (LIMIT) or raise {option}")
                out.write(chunk)
        except (OSError, http.client.HTTPException) as exc:
            raise self._failed(exc, "the answer was cut off") from None
        if self._expired:
            raise self.timed_out()
        if response.length:  # http.client takes an early end for the end: the length says otherwise
            self._reset()
            raise RemoteError(f"{self.shown}: the answer was cut off ({response.length} bytes missing)")
        return size

    def error(self, response) -> str:
        """'URL: HTTP 403 Forbidden: what the server said' on one line."""
        import http.client

        try:
            body = response.read(_CHUNK)
        except (OSError, http.client.HTTPException):  # an unreadable body adds nothing to the message
            body = b""
        self._reset()
        return _http_error(response.status, response.reason, body, _charset(response), self.shown)


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1_000_000 else f"{count} bytes"


def _charset(response) -> str:
    found = re.search(r";\s*charset=\"?([A-Za-z0-9._-]+)", response.getheader("Content-Type", ""), re.I)
    return found.group(1) if found else "utf-8"


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


def _http_error(status: int, reason: str, body: bytes, charset: str, shown: str) -> str:
    """'URL: HTTP 403 Forbidden: what the server said' on one line."""
    detail = ""
    try:
        text = body.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        text = body.decode("utf-8", "replace")
    if text:
        inner = re.search(r"<xmp>(.*?)</xmp>", text, re.S | re.I)  # Virtuoso puts the reason there
        text = inner.group(1) if inner else re.sub(r"<[^>]+>", " ", text)
        detail = " ".join(text.split())
        if len(detail) > 300:
            detail = detail[:297] + "..."
    status_line = f"HTTP {status} {reason or ''}".rstrip()
    return f"{shown}: {status_line}" + (f": {detail}" if detail else "")


def _content_type(response) -> str:
    return (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
# --- queries (SPARQL 1.1 Protocol) -------------------------------------------------------

# An endpoint's answer is read into rdflib's terms in memory, which takes up to 16 times its
# size: 50 MB of N-Triples peaked at 809 MB (62 s to parse), 50 MB of SPARQL JSON results at
# 614 MB (10 s). Larger answers are refused with one line unless --max-answer raises the bound;
# until then the answer goes to a temporary file, so memory stays flat while it arrives.
MAX_ANSWER = 50_000_000


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL 1.1 Protocol query endpoint, as a source for :func:`kgborder.query.query`;
    an answer larger than ``max_answer`` bytes is refused (``None``: no bound)."""

    url: str
    max_answer: int | None = MAX_ANSWER

    def __post_init__(self):
        check_url(self.url, "endpoint")


def post_query(endpoint: Endpoint, text: str, form: str, timeout: float | None = 30.0, where: str = "query"):
    """Send a query (already checked and complete) to an endpoint; return an rdflib Result.

    The query goes as a URL-encoded POST (the form every SPARQL 1.1 server accepts; some
    never answer a direct ``application/sparql-query`` POST). SELECT and ASK ask for SPARQL
    JSON results, read by rdflib's own parser; CONSTRUCT and DESCRIBE for N-Triples (or
    Turtle). ``timeout`` bounds the whole exchange by the wall clock; the answer is copied to
    a temporary file as it arrives, and refused once it passes ``endpoint.max_answer`` bytes.
    """
    import tempfile
    from urllib.parse import urlencode

    from rdflib import Graph
    from rdflib.query import Result

    from .namespaces import bind_prefixes
    from .sparql_safety import offline

    shown = endpoint.url
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = f"{N_TRIPLES}, text/turtle;q=0.9" if graph_form else f"{RESULTS_JSON}, application/json;q=0.9"
    with _Client(endpoint.url, shown, timeout) as client, tempfile.TemporaryFile() as answer:
        client.start_clock()
        response = client.send("POST", endpoint.url, body=urlencode({"query": text}).encode("utf-8"),
                               headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        if not 200 <= response.status < 300:
            raise RemoteError(f"{where}: {client.error(response)}")
        cut = response.getheader("X-SPARQL-MaxRows")
        if cut is not None:  # Virtuoso's sign of an answer cut short
            client.close()
            raise RemoteError(f"{where}: {shown}: the server cut its answer at {cut} rows; ask for fewer "
                              "(LIMIT) or raise its limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of "
                              "virtuoso.ini)")
        ctype = _content_type(response)
        client.read_into(response, answer, endpoint.max_answer)
        client.close()
        if client.answered_by != endpoint.url:
            shown = f"{shown} (redirected to {client.answered_by})"
        answer.seek(0)
        try:
            with offline():  # reading an answer never fetches anything
                if graph_form:
                    if ctype not in GRAPH_TYPES:
                        raise RemoteError(f"{shown}: answered {ctype or 'without a content type'}, "
                                          "not N-Triples or Turtle")
                    graph = Graph()
                    graph.parse(source=answer, format=GRAPH_TYPES[ctype])
                    bind_prefixes(graph)
                    result = Result(form)
                    result.graph = graph
                    return result
                if ctype not in (RESULTS_JSON, "application/json"):
                    raise RemoteError(f"{shown}: answered {ctype or 'without a content type'}, not SPARQL JSON results")
                return Result.parse(answer, format="json")
        except RemoteError:
            raise
        except Exception as exc:
            raise RemoteError(f"{shown}: unreadable answer ({type(exc).__name__}: "
                              f"{' '.join(str(exc).split())[:200]})") from None


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


class PushInterrupted(RemoteError):
    """A push was interrupted (Ctrl-C); the message says what the remote graph holds now."""


class _Rejected(RemoteError):
    """The server answered a request with an error status (so it did not carry it out)."""


CLEANUP_TIMEOUT = 30.0  # seconds for removing a staging graph after a failure: the user is waiting


def push(store_path: Path, gsp_url: str, graph: str | None = None, chunk_size: int = 50_000,
         timeout: float | None = 300.0, progress: Callable[[int, int], None] | None = None,
         update_url: str | None = None) -> PushReport:
    """Upload what ``kgborder export`` writes to a Graph Store endpoint, replacing the graph.

    ``graph`` names the target graph (``None``: the server's default graph). It is replaced
    only once the new triples have all arrived, so an interruption or a failure leaves it as
    it was: what fits in one request (``chunk_size`` triples) goes as one PUT, which the server
    applies whole; more goes as a PUT and POSTs into a staging graph, which one SPARQL Update
    ``MOVE`` at ``update_url`` (required then) puts in the graph's place. ``timeout`` bounds
    each request by the wall clock. ``progress(sent, total)`` is called after each request the
    server acknowledged. Ctrl-C raises PushInterrupted, saying what the graph holds.
    """
    import tempfile

    from .export import write_export

    check_url(gsp_url, "--gsp")
    if update_url is not None:
        check_url(update_url, "--update")
    if graph is not None:
        check_iri(graph)
    shown = f"{gsp_url} ({'graph <' + graph + '>' if graph else 'default graph'})"
    with tempfile.TemporaryFile() as exported, tempfile.TemporaryFile() as linked:
        write_export(store_path, "nt", exported)  # streamed to disk: memory stays flat for large stores
        plain, blank = _split(exported, linked)
        total = plain + blank
        if total <= chunk_size:
            exported.seek(0)
            body = b"".join(line for line in exported if line.strip())
            return _push_whole(gsp_url, graph, shown, body, total, timeout, progress)
        calls = -(-plain // chunk_size) + (1 if blank else 0)
        if update_url is None:
            raise RemoteError(f"{shown}: {total} triples take {calls} requests of at most {chunk_size}; to replace "
                              "the graph only once they have all arrived, kgborder uploads them to a staging graph "
                              "and moves it over the graph with SPARQL Update: give --update URL, the server's "
                              "update endpoint (e.g. http://localhost:7878/update, or Virtuoso's .../sparql-auth), "
                              "or a --chunk-size of at least the number of triples")
        return _push_staged(gsp_url, update_url, graph, shown, _bodies(exported, linked, chunk_size, blank),
                            total, calls, timeout, progress)


def _push_whole(gsp_url: str, graph: str | None, shown: str, body: bytes, total: int, timeout: float | None,
                progress) -> PushReport:
    """One PUT: the server replaces the graph with the whole body, or leaves it alone."""
    target = graph_store_url(gsp_url, graph)
    with _Client(gsp_url, shown, timeout) as client:
        # Learn whether and how to authenticate before sending any data (HEAD is cheap; its
        # status does not matter, only a 401 and the credentials that answer it).
        client.start_clock()
        client.discard(client.send("HEAD", target))
        client.start_clock()
        try:
            response = client.send("PUT", target, body=body, headers={"Content-Type": N_TRIPLES})
            if not 200 <= response.status < 300:
                message = client.error(response)
                if graph is None:
                    message += " (a server that keeps no writable default graph, e.g. Virtuoso, needs --graph IRI)"
                raise RemoteError(message + "; the graph is unchanged")
            client.discard(response)
        except KeyboardInterrupt:
            raise PushInterrupted(f"interrupted: {shown} holds either what it held before or all {total} new "
                                  "triples (one request replaces it whole, or not at all); push again to be sure") \
                from None
        except RemoteTimeout as exc:
            if not client.sent_request:
                raise RemoteTimeout(f"{exc}; the graph is unchanged") from None
            raise RemoteTimeout(f"{exc}; the graph is unchanged unless the server went on to apply "
                                "the whole request") from None
        moved = client.answered_by
    if progress is not None:
        progress(total, total)
    return PushReport(total, 1, shown + (f", redirected to {moved}" if moved != target else ""))


def _graph_term(graph: str | None) -> str:
    return f"GRAPH <{graph}>" if graph else "DEFAULT"


def _update(client: _Client, update_url: str, text: str) -> None:
    """Run one SPARQL update; a refusal raises ``_Rejected`` (the server applied nothing)."""
    from urllib.parse import urlencode

    client.start_clock()
    response = client.send("POST", update_url, body=urlencode({"update": text}).encode("utf-8"),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    if not 200 <= response.status < 300:
        raise _Rejected(client.error(response))
    client.discard(response)
    client.stop_clock()


def _drop_staging(client: _Client, update_url: str, staging: str, timeout: float | None) -> str:
    """Remove the staging graph; say whether it is gone or how to remove it."""
    how = f"remove it with DROP SILENT GRAPH <{staging}> at {update_url}"
    client.timeout = CLEANUP_TIMEOUT if timeout is None else min(timeout, CLEANUP_TIMEOUT)
    try:
        _update(client, update_url, f"DROP SILENT GRAPH <{staging}>")
    except RemoteError as exc:
        return f"the staging graph <{staging}> could not be removed ({exc}): {how}"
    except KeyboardInterrupt:
        return f"the staging graph <{staging}> may remain: {how}"
    return f"the staging graph <{staging}> was removed"


def _push_staged(gsp_url: str, update_url: str, graph: str | None, shown: str, bodies, total: int, calls: int,
                 timeout: float | None, progress) -> PushReport:
    """PUT and POSTs into a new staging graph, then one MOVE over the target; on any failure
    or interruption the staging graph is dropped and the target is as it was."""
    import secrets

    staging = f"urn:kgborder:staging:{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
    staging_url = graph_store_url(gsp_url, staging)

    def update(client: _Client, text: str) -> None:
        _update(client, update_url, text)

    def drop(client: _Client) -> str:
        return _drop_staging(client, update_url, staging, timeout)

    sent = 0
    started = False  # whether data may have reached the staging graph
    moved = None
    with _Client(gsp_url, shown, timeout) as store, _Client(update_url, update_url, timeout) as updater:
        try:
            # The update endpoint and its credentials are tried before any data is sent.
            update(updater, f"DROP SILENT GRAPH <{staging}>")
            store.start_clock()
            store.discard(store.send("HEAD", staging_url))
            for number, (count, body) in enumerate(bodies):
                started = True
                store.start_clock()
                response = store.send("PUT" if number == 0 else "POST", staging_url, body=body,
                                      headers={"Content-Type": N_TRIPLES})
                if not 200 <= response.status < 300:
                    raise RemoteError(store.error(response))
                store.discard(response)
                store.stop_clock()
                sent += count
                if store.answered_by != staging_url:  # a redirect within the origin: say where the data went
                    moved = store.answered_by
                if progress is not None:
                    progress(sent, total)
        except KeyboardInterrupt:
            store.close()
            if not started:
                raise PushInterrupted(f"interrupted before any data was sent: {shown} is unchanged") from None
            raise PushInterrupted(f"interrupted after {sent} of {total} triples: {shown} is unchanged; "
                                  f"{drop(updater)}") from None
        except RemoteError as exc:
            store.close()
            if not started:
                raise type(exc)(f"{exc}; nothing was sent: {shown} is unchanged") from None
            raise type(exc)(f"{exc}; {shown} is unchanged; {drop(updater)}") from None
        try:
            update(updater, f"MOVE GRAPH <{staging}> TO {_graph_term(graph)}")
        except _Rejected as exc:  # the server said no: nothing was moved
            raise RemoteError(f"{exc}; {shown} is unchanged; {drop(updater)}") from None
        except KeyboardInterrupt:
            raise PushInterrupted(f"interrupted while {update_url} was moving the {total} new triples over {shown}: "
                                  "it holds either what it held before or all the new triples (one update does "
                                  f"it); push again to be sure, and remove <{staging}> if it remains") from None
        except RemoteError as exc:
            raise type(exc)(f"{exc}; the move of the new triples over {shown} may not have happened: push again "
                            f"to be sure, and remove <{staging}> if it remains") from None
    if moved is not None:
        shown += f", redirected to {moved}"
    return PushReport(total, calls, shown)
