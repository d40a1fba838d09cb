"""Hostile servers against `kgborder push` and `kgborder query --endpoint`, all real and on
127.0.0.1: a server that redirects elsewhere after asking for credentials, one that trickles a
byte at a time, one that never stops answering, and Virtuoso interrupted in the middle of a push.

What must hold: data and credentials go only to the origin the user named; --timeout bounds the
whole exchange by the wall clock; an answer is bounded in size and memory; an interrupted push
leaves the remote graph as it was.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ASK_TRUE = b'{"head": {}, "boolean": true}'


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No credentials unless a test sets them (KGBORDER_*, and a netrc file that does not exist)."""
    for name in ("KGBORDER_USER", "KGBORDER_PASSWORD", "KGBORDER_STORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    return monkeypatch


class RawServer:
    """A listening socket on 127.0.0.1 that hands each connection to ``_serve`` on a thread of
    its own: the base of the raw servers below, which misbehave below the level of HTTP."""

    receive_buffer: int | None = None

    def __init__(self):
        self.sock = socket.socket()
        if self.receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.receive_buffer)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        raise NotImplementedError

    def close(self):
        self.stop.set()
        self.sock.close()


class Recorder(RawServer):
    """A listener that records every connection made to it, and the bytes sent, answering each
    with a plausible success (so a client that went there would believe it had done its job)."""

    def __init__(self):
        self.received: list[bytes] = []
        super().__init__()

    def _serve(self, conn):
        with conn:
            conn.settimeout(2)
            data = b""
            try:
                data = conn.recv(1 << 20)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(ASK_TRUE), ASK_TRUE))
            except OSError:
                pass
            self.received.append(data)


class Redirector:
    """An HTTP server that asks for credentials (Basic or Digest, or not at all), then answers
    every authenticated request with a redirect to ``location`` (a function of the port and
    path). Paths in ``serve`` are answered instead (for redirects within the origin)."""

    def __init__(self, status: int, location, scheme: str | None, serve: tuple[str, ...] = ()):
        self.seen: list[tuple[str, str, str | None]] = []   # method, path, Authorization
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                auth = self.headers.get("Authorization")
                outer.seen.append((self.command, self.path, auth))
                if scheme and not auth:
                    challenge = ('Digest realm="r", nonce="abc123", qop="auth", opaque="o"' if scheme == "digest"
                                 else 'Basic realm="r"')
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", challenge)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path.split("?")[0] in serve:
                    body = b"" if self.command == "HEAD" else ASK_TRUE
                    self.send_response(201 if self.command in ("PUT", "POST") and "graph" in self.path else 200)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.send_header("Content-Length", str(len(ASK_TRUE)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(status)
                self.send_header("Location", location(self.path))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.close()


def _command(kind: str, url: str) -> list[str]:
    if kind == "push":
        return ["push", "--gsp", url, "--graph", "https://example.org/g"]
    return ["query", "--endpoint", url, "ASK { ?s ?p ?o }"]


# --- #4: credentials and data go only to the origin named ------------------------------------

@pytest.mark.parametrize("kind", ["push", "query"])
@pytest.mark.parametrize("scheme", ["digest", "basic", None])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_port_is_refused(run, built_project, env, recorder, kind, scheme, status):
    env.setenv("KGBORDER_USER", "alice")
    env.setenv("KGBORDER_PASSWORD", "s3cret-pw")
    server = Redirector(status, lambda path: f"http://127.0.0.1:{recorder.port}{path}", scheme)
    try:
        url = f"http://127.0.0.1:{server.port}/store" if kind == "push" else f"http://127.0.0.1:{server.port}/sparql"
        out = run("--project", built_project, *_command(kind, url))
    finally:
        server.close()
    assert recorder.received == [], "nothing reaches the other origin"
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output and len(out.stderr.splitlines()) == 1, out.stderr
    assert f"HTTP {status}" in out.stderr and "another origin" in out.stderr
    assert f"http://127.0.0.1:{server.port}" in out.stderr and f"http://127.0.0.1:{recorder.port}" in out.stderr
    assert "s3cret-pw" not in out.output and "pushed" not in out.stderr
    if scheme:
        assert any(auth and auth.lower().startswith(scheme) for _, _, auth in server.seen), \
            "the credentials were asked for and given to the origin named"


@pytest.mark.parametrize("kind", ["push", "query"])
@pytest.mark.parametrize("where", ["localhost", "https", "userinfo", "protocol-relative", "userinfo-same-origin"])
def test_redirect_variants_are_refused(run, built_project, env, recorder, kind, where):
    env.setenv("KGBORDER_USER", "alice")
    env.setenv("KGBORDER_PASSWORD", "s3cret-pw")
    r = recorder.port
    locations = {"localhost": lambda path, port: f"http://localhost:{r}{path}",
                 "https": lambda path, port: f"https://127.0.0.1:{r}{path}",
                 "userinfo": lambda path, port: f"http://alice:s3cret-pw@127.0.0.1:{r}{path}",
                 "protocol-relative": lambda path, port: f"//127.0.0.1:{r}{path}",
                 "userinfo-same-origin": lambda path, port: f"http://x:y@127.0.0.1:{port}/elsewhere"}
    box = {}
    server = Redirector(307, lambda path: locations[where](path, box["port"]), "digest")
    box["port"] = server.port
    try:
        out = run("--project", built_project, *_command(kind, f"http://127.0.0.1:{server.port}/endpoint"))
    finally:
        server.close()
    assert recorder.received == []
    assert out.exit_code == 1 and len(out.stderr.splitlines()) == 1, out.output
    assert "refused" in out.stderr and "Traceback" not in out.output and "s3cret-pw" not in out.output
    assert not any(path == "/elsewhere" for _, path, _ in server.seen)


@pytest.mark.parametrize("kind", ["push", "query"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_within_the_origin_is_followed_and_named(run, built_project, env, kind, status):
    env.setenv("KGBORDER_USER", "alice")
    env.setenv("KGBORDER_PASSWORD", "s3cret-pw")
    server = Redirector(status, lambda path: "/moved" + path[path.index("?"):] if "?" in path else "/moved",
                        "digest", serve=("/moved",))
    try:
        out = run("--project", built_project, *_command(kind, f"http://127.0.0.1:{server.port}/endpoint"))
    finally:
        server.close()
    assert out.exit_code == 0, out.output
    moved = [(method, auth) for method, path, auth in server.seen if path.startswith("/moved")]
    assert moved and all(auth and auth.startswith("Digest ") for _, auth in moved)
    if kind == "push":
        assert any(method == "PUT" for method, _ in moved), "the data went to the new place, unchanged"
        assert f"redirected to http://127.0.0.1:{server.port}/moved" in out.stderr.splitlines()[-1]
    else:
        assert out.stdout == "true\n"


# --- #8: --timeout bounds the whole exchange by the wall clock --------------------------------

TRICKLE_EVERY = 2.0  # seconds between bytes: each alone is well within any per-read time limit


class Trickler(RawServer):
    """A raw HTTP server that is slow on purpose, one byte every TRICKLE_EVERY seconds: in its
    status line ("status"), in a body it says is 100 MB long ("body"), or in reading what it
    is sent ("upload", with a small receive buffer). A HEAD is answered at once (push asks one
    first, to learn about credentials)."""

    receive_buffer = 4096

    def __init__(self, mode: str):
        self.mode = mode
        self.read = 0
        self.began: float | None = None  # when the request that is answered slowly arrived
        super().__init__()

    def _serve(self, conn):
        with conn:
            try:
                while not self.stop.is_set():
                    head = b""
                    while b"\r\n\r\n" not in head:
                        data = conn.recv(1 if self.mode == "upload" else 65536)
                        if not data:
                            return
                        head += data
                    if head.startswith(b"HEAD "):
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        continue
                    self.began = self.began or time.monotonic()
                    if self.mode == "upload":
                        while not self.stop.wait(TRICKLE_EVERY):
                            self.read += len(conn.recv(1))
                        return
                    if self.mode == "status":
                        pending = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n" * 100
                    else:
                        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                     b"Content-Length: 100000000\r\n\r\n")
                        pending = b" " * 100_000_000
                    for i in range(len(pending)):
                        if self.stop.wait(TRICKLE_EVERY):
                            return
                        conn.sendall(pending[i:i + 1])
            except OSError:
                return



# A query is at most 64 KiB (sparql_safety.MAX_LENGTH), which the sockets' buffers always take,
# so only a push can be held up while sending; both send through the same client.
@pytest.mark.parametrize("kind,mode", [("query", "status"), ("query", "body"),
                                       ("push", "status"), ("push", "body"), ("push", "upload")])
def test_timeout_holds_against_a_trickling_server(built_project, env, tmp_path, kind, mode):
    server = Trickler(mode)
    timeout = 3
    url = f"http://127.0.0.1:{server.port}/x"
    args = _command(kind, url)
    # An upload too large for the sockets' buffers (a few MB on loopback), so that sending blocks.
    if kind == "push" and mode == "upload":
        big = tmp_path / "big.nt"
        with big.open("w", encoding="utf-8") as out:
            for i in range(150_000):
                out.write(f"<https://example.org/s{i}> <https://example.org/p> \"{'x' * 60} {i}\" .\n")
        store = tmp_path / "store"
        loaded = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(built_project), "load",
                                 "--store", str(store), str(big)], capture_output=True, text=True, timeout=120)
        assert loaded.returncode == 0, loaded.stderr
        args += ["--store", str(store), "--chunk-size", "1000000"]
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(built_project), *args,
                               "--timeout", str(timeout)], capture_output=True, text=True, timeout=timeout + 30,
                              env=dict(os.environ))
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {timeout + 30} s after it was started with --timeout {timeout}")
    finally:
        server.close()
    finished = time.monotonic()
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"within {timeout} s" in done.stderr and "--timeout" in done.stderr and url in done.stderr
    # The exchange ended within the time limit and a second; the command (starting Python, and a
    # push's export) within a few more.
    assert server.began is not None and finished - server.began < timeout + 1, f"{finished - server.began:.1f} s"
    assert finished - started < timeout + 15, f"{finished - started:.1f} s"
    if mode == "upload":
        assert "the request could not be sent within" in done.stderr, "sending was what took too long"
        assert server.read < 1000
        if kind == "push":
            assert done.stderr.rstrip().endswith("the graph is unchanged (a slow server may need a larger --timeout)")


# --- #7: an endless answer is refused at a stated size, in flat memory ------------------------

class Endless(RawServer):
    """A raw HTTP server whose SPARQL JSON answer never ends (no length, rows as fast as the
    client reads them)."""

    ROW = b'{"s": {"type": "uri", "value": "https://example.org/%09d"}},'

    def __init__(self):
        self.sent = 0
        super().__init__()

    def _serve(self, conn):
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
                             b'{"head": {"vars": ["s"]}, "results": {"bindings": [')
                block = b"".join(self.ROW % i for i in range(1000))
                while True:
                    conn.sendall(block)
                    self.sent += len(block)
            except OSError:
                return


# Runs a command as its child and prints the child's peak RSS in kB; the address space is capped
# (4 GB) so that a client without a bound fails instead of taking the machine's memory.
PEAK_RSS = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.mark.parametrize("command,bound", [("query", None), ("query", 20), ("view", 20)])
def test_an_endless_answer_is_refused_in_flat_memory(built_project, env, tmp_path, command, bound):
    from kgborder.remote import MAX_ANSWER

    server = Endless()
    url = f"http://127.0.0.1:{server.port}/sparql"
    if command == "query":
        args = ["query", "--endpoint", url, "SELECT ?s WHERE { ?s ?p ?o }", "--timeout", "120"]
    else:
        args = ["view", "--endpoint", url, "-o", str(tmp_path / "view.html")]
    if bound is not None:
        args += ["--max-answer", str(bound)]
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", PEAK_RSS, sys.executable, "-m", "kgborder",
                               "--project", str(built_project), *args],
                              capture_output=True, text=True, timeout=180)
    finally:
        server.close()
    *lines, peak_kb = done.stderr.splitlines()
    limit = MAX_ANSWER if bound is None else bound * 1_000_000
    assert done.returncode == 1, done.stderr
    assert lines == [f"error: {url}: the answer is larger than {limit / 1e6:g} MB (--max-answer): refused, "
                     "nothing more is read; ask for less (LIMIT) or raise --max-answer"]
    assert int(peak_kb) < 200_000, f"peak RSS {int(peak_kb) // 1024} MB"
    assert server.sent < limit + 10_000_000, "reading stopped at the bound"
    print(f"refused after {time.monotonic() - started:.1f} s, peak RSS {int(peak_kb) // 1024} MB")


# --- #16: an interrupted push leaves the remote graph as it was -------------------------------

from test_remote import count  # noqa: E402 - the remote tests' triple count

STAGING = 'FILTER(STRSTARTS(STR(?g), "urn:kgborder:staging:"))'


def _signal_after_lines(command: list[str], after: int, signum: int):
    """Run ``command``, send it ``signum`` once it has printed ``after`` progress lines, and
    return the process (ended), those lines and the rest of what it printed."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    lines = []
    try:
        for line in process.stderr:
            lines.append(line)
            if len(lines) == after:
                process.send_signal(signum)
                break
        rest = process.stderr.read()
        process.wait(60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process, lines, rest


def test_ctrl_c_in_a_push_leaves_the_graph_complete(built, exported, virtuoso, env):
    env.setenv("KGBORDER_USER", "dba")
    env.setenv("KGBORDER_PASSWORD", virtuoso.password)
    graph = "https://example.org/kgborder-interrupted"
    in_graph = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    push = [sys.executable, "-m", "kgborder", "--project", str(built), "push", "--gsp", virtuoso.gsp,
            "--graph", graph, "--update", virtuoso.update]
    first = subprocess.run(push, capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert first.returncode == 0, first.stderr
    assert count(virtuoso.sparql, in_graph) == len(exported)

    # Again, one triple per request (thousands of requests), and Ctrl-C in the middle.
    process, lines, rest = _signal_after_lines([*push, "--chunk-size", "1"], 200, signal.SIGINT)
    assert count(virtuoso.sparql, in_graph) == len(exported), "the graph still holds its complete content"
    assert len(lines) == 200 and lines[-1].endswith(f" of {len(exported)} triples (acknowledged by the server)\n")
    assert process.returncode == 130, rest
    assert "Traceback" not in rest and rest.count("\n") == 1
    assert rest.startswith("error: interrupted after ") and f"{virtuoso.gsp} (graph <{graph}>) is unchanged" in rest
    assert "the staging graph <urn:kgborder:staging:" in rest and rest.rstrip().endswith("was removed")
    assert count(virtuoso.sparql, f"GRAPH ?g {{ ?s ?p ?o }} {STAGING}") == 0, "the staging graph is gone"


def test_sigterm_in_a_push_leaves_the_graph_complete(built, exported, virtuoso, env):
    env.setenv("KGBORDER_USER", "dba")
    env.setenv("KGBORDER_PASSWORD", virtuoso.password)
    graph = "https://example.org/kgborder-terminated"
    push = [sys.executable, "-m", "kgborder", "--project", str(built), "push", "--gsp", virtuoso.gsp,
            "--graph", graph, "--update", virtuoso.update]
    assert subprocess.run(push, capture_output=True, timeout=120, env=dict(os.environ)).returncode == 0
    process, _, rest = _signal_after_lines([*push, "--chunk-size", "2"], 101, signal.SIGTERM)
    assert count(virtuoso.sparql, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == len(exported)
    assert process.returncode == 130 and "is unchanged" in rest, rest
    assert count(virtuoso.sparql, f"GRAPH ?g {{ ?s ?p ?o }} {STAGING}") == 0


def test_a_push_in_several_requests_needs_an_update_endpoint(run, built_project, env, recorder):
    out = run("--project", built_project, "push", "--gsp", f"http://127.0.0.1:{recorder.port}/store",
              "--chunk-size", "100")
    assert out.exit_code == 1 and len(out.stderr.splitlines()) == 1 and "give --update URL" in out.stderr
    assert recorder.received == [], "refused before anything was sent"


def test_an_update_endpoint_that_refuses_leaves_the_graph(run, built, exported, virtuoso, env):
    """Virtuoso's plain /sparql refuses updates: found out before any data is sent."""
    env.setenv("KGBORDER_USER", "dba")
    env.setenv("KGBORDER_PASSWORD", virtuoso.password)
    graph = "https://example.org/kgborder-refused"
    out = run("--project", built, "push", "--gsp", virtuoso.gsp, "--graph", graph, "--update", virtuoso.update)
    assert out.exit_code == 0, out.output
    out = run("--project", built, "push", "--gsp", virtuoso.gsp, "--graph", graph, "--chunk-size", "500",
              "--update", virtuoso.sparql)
    assert out.exit_code == 1 and len(out.stderr.splitlines()) == 1, out.output
    assert f"{virtuoso.gsp} (graph <{graph}>) is unchanged" in out.stderr
    assert count(virtuoso.sparql, f"GRAPH <{graph}> {{ ?s ?p ?o }}") == len(exported)
    assert count(virtuoso.sparql, f"GRAPH ?g {{ ?s ?p ?o }} {STAGING}") == 0


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/x\r\nHost: elsewhere", "http://127.0.0.1:{port}/a b",
                                 "http://127.0.0.1:{port}/\x00", "http://exa\tmple.org/", "http://127.0.0.1:99999/"])
@pytest.mark.parametrize("option", ["--endpoint", "--gsp", "--update"])
def test_malformed_urls_are_one_line_and_reach_nothing(run, built_project, env, recorder, url, option):
    url = url.format(port=recorder.port)
    if option == "--endpoint":
        args = ["query", "--endpoint", url, "ASK { ?s ?p ?o }"]
    elif option == "--gsp":
        args = ["push", "--gsp", url]
    else:
        args = ["push", "--gsp", f"http://127.0.0.1:{recorder.port}/store", "--update", url]
    out = run("--project", built_project, *args)
    assert out.exit_code == 1 and len(out.stderr.splitlines()) == 1, out.output
    assert "not a valid http(s) URL" in out.stderr and "Traceback" not in out.output
    assert recorder.received == []


# --- Ctrl-C: every command exits 130, as shells report it ------------------------------------

class Silent(RawServer):
    """Accepts a request and never answers; ``arrived`` is set once a request came in."""

    def __init__(self):
        self.arrived = threading.Event()
        super().__init__()

    def _serve(self, conn):
        with conn:
            conn.recv(65536)
            self.arrived.set()
            self.stop.wait(60)


def test_ctrl_c_in_a_query_exits_130(built_project, env):
    server = Silent()
    try:
        process = subprocess.Popen([sys.executable, "-m", "kgborder", "--project", str(built_project), "query",
                                    "--endpoint", f"http://127.0.0.1:{server.port}/sparql", "ASK { ?s ?p ?o }"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert server.arrived.wait(60), "the query reached the server"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        server.close()
    assert process.returncode == 130, err
    assert err == "error: interrupted\n"
