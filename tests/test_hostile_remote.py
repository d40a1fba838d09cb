"""Hostile servers against `kgborder push` and `kgborder query --endpoint`, all real and on
127.0.0.1: a server that redirects elsewhere after asking for credentials, one that trickles a
byte at a time, one that never stops answering, and Virtuoso interrupted in the middle of a push.

What must hold: data and credentials go only to the origin the user named; --timeout bounds the
whole exchange by the wall clock; an answer is bounded in size and memory; an interrupted push
leaves the remote graph as it was.
"""
from __future__ import annotations

import base64
import socket
import threading
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


class Recorder:
    """A listener that records every connection made to it, and the bytes sent, answering each
    with a plausible success (so a client that went there would believe it had done its job)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
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

    def close(self):
        self.sock.close()


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
