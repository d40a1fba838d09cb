"""Hostile queries and servers: nothing reaches the network, nothing crashes, nothing outlives kgborder.

Every query is tried against a real loopback listener (a socket server on 127.0.0.1 that
records every connection) through every entry point: the library, `kgborder query`,
`kgborder view --query`, `kgborder query --endpoint` (against a real Oxigraph server that
would fetch a SERVICE if it were sent one) and `kgborder serve`. Crashes are provoked in child
processes, so that a segmentation fault fails a test instead of ending pytest.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgborder import sandbox
from kgborder.errors import KgborderError
from kgborder.query import _with_timeout, query
from kgborder.remote import Endpoint
from kgborder.serve import oxigraph_binary
from kgborder.sparql_safety import MAX_DEPTH, MAX_LENGTH, QueryRefused, check_query

DEEP = "SELECT * WHERE " + "{" * 3000 + "}" * 3000  # the issue's 12 KB crash


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                self.received.append(conn.recv(4096) or b"(connected)")
            except OSError:
                self.received.append(b"(connected)")
            conn.close()

    def settle(self) -> list[bytes]:
        time.sleep(0.3)
        return self.received

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A tiny store directory with one triple."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    s = pyoxigraph.Store(str(path))
    s.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/a"), pyoxigraph.NamedNode("http://example.org/b"),
                          pyoxigraph.Literal("c")))
    s.flush()
    del s
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_for(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what}: not ready after {timeout} s"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def plain_oxigraph(tmp_path_factory):
    """An ordinary Oxigraph server, which fetches any SERVICE it is sent: a remote endpoint."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path_factory.mktemp("plain")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening(port), "oxigraph serve")
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.kill()
        process.wait()


def variants(url: str) -> list[str]:
    """Spellings of a SERVICE call that a check reading the text unlike the engine lets through."""
    iri = f"<{url}>"
    escaped_iri = "<" + "".join(f"\\u{ord(c):04X}" if c in "h:/" else c for c in url) + ">"
    return [
        f"SELECT * WHERE {{ # note\rSERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # note\r\n SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #\rservice {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVIC\\u0045 SILENT {escaped_iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE {escaped_iri} {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ {iri} }} SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {iri} {{ ?s ?p ?o }} }} }}",
        # a check that lets a prefixed name swallow a quote reads the SERVICE as a string
        f"SELECT * WHERE {{ ?s <http://example.org/b> ?o FILTER(?o != <x'> \"' && EXISTS {{ SERVICE {iri} "
        f"{{ ?s ?p ?o }} }}) #'\" }}",
        f"SELECT * WHERE {{ ?s <http://example.org/b> e:x'  \"' . SERVICE {iri} {{ ?s ?p ?o }} #\" }}",
        f"SELECT * WHERE {{ '''\r''' SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \"\\u0022\" . SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} #\x0cSERVICE {iri} {{}}",
        f"SELECT * WHERE {{ ?s ?p ?o . #\x85\n SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . #\u2028 SERVICE {iri} {{ ?s ?p ?o }} }}",
    ]


# --- the check and the engine agree -------------------------------------------------------------

def test_the_carriage_return_comment_of_the_issue_is_refused(store, listener):
    text = f"SELECT * WHERE {{ # note\rSERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        query(text, source=store)
    assert listener.settle() == []


def test_every_spelling_is_refused_or_harmless_in_the_library(store, listener):
    refused = 0
    for text in variants(listener.url):
        try:
            query(text, source=store)
        except KgborderError:
            refused += 1
    assert listener.settle() == []
    assert refused == len(variants(listener.url)) - 1  # one hides its SERVICE in a comment: it runs


def test_every_spelling_through_every_command(run, built_project, store, listener, plain_oxigraph):
    for text in variants(listener.url):
        for args in (["query", "--store", store, text], ["view", "--store", store, "-o", "-", "--query", text],
                     ["query", "--endpoint", plain_oxigraph, text]):
            out = run("--project", built_project, *args)
            assert out.exit_code in (0, 1) and "Traceback" not in out.output, (args, out.output)
            if out.exit_code == 1:
                assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert listener.settle() == []


_WS = st.sampled_from([" ", "\t", "\n", "\r", "\r\n", "# c\r", "# c\n", "#\r\n", "  #x\r\t", ""])


def _escape_some(word: str, data) -> str:
    out = ""
    for c in word:
        how = data.draw(st.sampled_from(["plain", "lower", "u", "U"]))
        out += {"plain": c, "lower": c.lower(), "u": f"\\u{ord(c):04x}", "U": f"\\U{ord(c):08X}"}[how]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_spellings_never_connect(store, listener, data):
    before = len(listener.received)
    keyword = _escape_some("SERVICE", data)
    iri = "<" + _escape_some(listener.url, data) + ">"
    silent = data.draw(st.sampled_from(["", "SILENT", "silent"]))
    text = (f"SELECT * WHERE {{{data.draw(_WS)}{data.draw(_WS)}{keyword}{data.draw(_WS)} {silent}"
            f"{data.draw(_WS)} {iri}{data.draw(_WS)}{{ ?s ?p ?o }} }}")
    with pytest.raises(KgborderError):
        query(text, source=store)
    time.sleep(0.05)
    assert len(listener.received) == before, repr(text)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_spellings_never_reach_an_endpoint_that_would_fetch(plain_oxigraph, listener, data):
    before = len(listener.received)
    text = (f"SELECT * WHERE {{{data.draw(_WS)}{_escape_some('SERVICE', data)}{data.draw(_WS)} "
            f"<{_escape_some(listener.url, data)}>{data.draw(_WS)}{{ ?s ?p ?o }} }}")
    with pytest.raises(KgborderError):
        query(text, source=Endpoint(plain_oxigraph))
    time.sleep(0.05)
    assert len(listener.received) == before, repr(text)


def test_what_runs_is_what_was_checked():
    """The text an engine gets is re-written from the checked tokens: no comment, and every string
    re-quoted so that no quote in it is bare."""
    shape = check_query("SELECT * WHERE { ?s ?p 'a\"b' . # x\r ?s ?p \"\"\"l\nm\"\"\"@en }")
    assert "#" not in shape.text and "\r" not in shape.text
    assert '"a\\"b"' in shape.text and '"l\\nm"@en' in shape.text
    assert check_query(shape.text).text == shape.text  # stable: what was checked is what runs


def test_the_kernel_keeps_the_query_thread_off_the_network(store, listener):
    """Second line: a SERVICE that no check stopped still cannot connect from the query thread,
    and the rest of the process keeps its network."""
    if not sandbox.available():
        pytest.skip("seccomp is Linux-only")
    s = pyoxigraph.Store.read_only(str(store))
    raw = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(PermissionError):
        _with_timeout(lambda: list(s.query(raw)), 10, "raw")
    assert listener.settle() == []
    with socket.create_connection(("127.0.0.1", listener.port)):
        pass  # this thread is not confined
    assert len(listener.settle()) == 1
    listener.received.clear()


# --- deep nesting ------------------------------------------------------------------------------

def _kgborder(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgborder", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def test_deep_nesting_is_refused_before_the_engine(store):
    done = _kgborder("query", "--store", store, DEEP)
    assert done.returncode == 1, (done.returncode, done.stderr[-300:])  # a crash is -11
    assert done.stderr.strip() == f"error: query: the query nests 3000 levels deep; the limit is {MAX_DEPTH}"


def test_deep_nesting_in_view_and_towards_an_endpoint(built_project, store, listener):
    done = _kgborder("--project", built_project, "view", "--store", store, "-o", "-", "--query",
                     "CONSTRUCT WHERE " + "{" * 3000 + "}" * 3000)
    assert done.returncode == 1 and "nests 3000 levels deep" in done.stderr
    done = _kgborder("--project", built_project, "query", "--endpoint", listener.url, DEEP)
    assert done.returncode == 1 and "nests 3000 levels deep" in done.stderr
    assert listener.settle() == []


@pytest.mark.parametrize("unit,wrap", [
    ("+1", "SELECT * WHERE {{ FILTER(1{}>0) }}"),
    (" UNION{}", "SELECT * WHERE {{ {{}}{} }}"),
    ("/:p", "SELECT * WHERE {{ ?s :p{} ?o }}"),
    ("!", "SELECT * WHERE {{ FILTER({}true) }}"),
])
def test_the_longest_chains_allowed_do_not_crash(store, unit, wrap):
    """Chains (`1+1+...`) are not nesting but recurse as deep; within MAX_LENGTH they run on the
    query thread's large stack. 3,000 links crashed a thread of 8 MiB."""
    n = (MAX_LENGTH - len(wrap)) // len(unit)
    text = wrap.format(unit * n)
    assert len(text) <= MAX_LENGTH
    done = _kgborder("query", "--store", store, "--timeout", "10", "-f", "csv", text)
    assert done.returncode in (0, 1), (done.returncode, done.stderr[-300:])
    assert "Traceback" not in done.stderr
    too_long = _kgborder("query", "--store", store, wrap.format(unit * (n + 100)))
    assert too_long.returncode == 1 and f"the limit is {MAX_LENGTH:,}" in too_long.stderr
