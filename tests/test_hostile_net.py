"""Hostile queries and servers: nothing reaches the network, nothing crashes, nothing outlives kgborder.

Every query is tried against a real loopback listener (a socket server on 127.0.0.1 that
records every connection) through every entry point: the library, `kgborder query`,
`kgborder view --query`, `kgborder query --endpoint` (against a real Oxigraph server that
would fetch a SERVICE if it were sent one) and `kgborder serve`. Crashes are provoked in child
processes, so that a segmentation fault fails a test instead of ending pytest.
"""
from __future__ import annotations

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
from servers import free_port, listening, wait_for

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


def _service_to(url: str, data) -> str:
    """A SERVICE query to ``url``, both spelt with escapes and white space of the draw's choosing."""
    return (f"SELECT * WHERE {{{data.draw(_WS)}{_escape_some('SERVICE', data)}{data.draw(_WS)} "
            f"<{_escape_some(url, data)}>{data.draw(_WS)}{{ ?s ?p ?o }} }}")


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
    text = _service_to(listener.url, data)
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
    # Oxigraph takes time quadratic in a chain's length (a 32,000-link `+1` chain: about 35 s
    # of CPU), so the limit may stop it first: exit code 3 is a clean end, a signal is a crash.
    done = _kgborder("query", "--store", store, "--timeout", "10", "-f", "csv", text)
    assert done.returncode in (0, 1, 3), (done.returncode, done.stderr[-300:])
    assert "Traceback" not in done.stderr
    too_long = _kgborder("query", "--store", store, wrap.format(unit * (n + 100)))
    assert too_long.returncode == 1 and f"the limit is {MAX_LENGTH:,}" in too_long.stderr


# --- kgborder serve ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(store):
    from kgborder.serve import start_server

    with start_server(store, port=free_port()) as server:
        yield server


def _post(url: str, text: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query",
                                              "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _get(url: str, text: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": text}), timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_serve_is_not_a_relay(served, listener):
    for text in variants(listener.url) + [f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"]:
        for send in (_post, _get):
            status, _ = send(served.query_url, text)
            assert status in (200, 400), (status, text)
    form = urllib.parse.urlencode({"query": f"ASK {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"}).encode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(served.query_url, data=form), timeout=30)
    assert refused.value.code == 400 and b"SERVICE is refused" in refused.value.read()
    assert listener.settle() == []
    assert _post(served.query_url, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_spellings_never_make_serve_fetch(served, listener, data):
    before = len(listener.received)
    text = _service_to(listener.url, data)
    status, _ = data.draw(st.sampled_from([_post, _get]))(served.query_url, text)
    assert status == 400
    time.sleep(0.05)
    assert len(listener.received) == before, repr(text)


def test_the_oxigraph_server_cannot_connect_even_when_reached_directly(served, listener):
    """Whoever reaches the Oxigraph server's own port, past the front, gets no fetch either."""
    if not sandbox.available():
        pytest.skip("seccomp is Linux-only")
    inner = f"http://{served.inner}/query"
    status, body = _post(inner, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    assert "Operation not permitted" in body or status >= 400
    assert listener.settle() == []
    assert _post(inner, "ASK { ?s ?p ?o }")[0] == 200


def test_serve_survives_deep_nesting(served):
    status, body = _post(served.query_url, DEEP)
    assert status == 400 and body == f"query: the query nests 3000 levels deep; the limit is {MAX_DEPTH}"
    assert served.poll() is None, "the Oxigraph server is still running"
    assert _post(served.query_url, "ASK { ?s ?p ?o }")[0] == 200
    # a chain within the length limit: 16,000 links aborted the server on its usual 2 MiB threads
    status, _ = _post(served.query_url, "SELECT * WHERE { FILTER(1" + "+1" * 16000 + ">0) }")
    assert status == 200 and served.poll() is None


def test_serve_is_read_only_at_the_front(served):
    request = urllib.request.Request(served.url + "/store", data=b"<http://a> <http://b> <http://c> .", method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    with urllib.request.urlopen(urllib.request.Request(served.url + "/store?default",
                                                       headers={"Accept": "application/n-triples"})) as answer:
        assert b"<http://example.org/a>" in answer.read()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] in "ZX"
    except OSError:
        return True


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGHUP, signal.SIGTERM])
def test_killing_serve_ends_the_oxigraph_server(built_project, store, signum):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kgborder", "--project", str(built_project), "serve",
                                "--store", str(store), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: listening(port), "kgborder serve")
        children = _children(process.pid)
        assert len(children) == 1
        oxigraph = children[0]
        argv = Path(f"/proc/{oxigraph}/cmdline").read_bytes().split(b"\0")
        inner_port = int(argv[argv.index(b"--bind") + 1].rsplit(b":", 1)[1])
        assert listening(inner_port)
        process.send_signal(signum)
        process.wait(30)
        deadline = time.monotonic() + 10
        # a killed process's threads end one by one: its sockets close with the last
        while (not _gone(oxigraph) or listening(inner_port)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(oxigraph), "the Oxigraph server outlived kgborder serve"
        assert not listening(port) and not listening(inner_port)
        if signum != signal.SIGKILL:
            assert process.returncode == 0 and process.stderr.read().strip().endswith("stopped")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
