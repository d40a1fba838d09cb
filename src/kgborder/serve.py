"""`kgborder serve`: the store behind a read-only SPARQL 1.1 endpoint that never fetches anything.

Two processes' worth of parts, each unable to do harm on its own:

- the Oxigraph server (the ``oxigraph`` command of the PyPI package ``oxigraph``) runs on the
  store directory itself with ``serve-read-only`` (updates are refused with HTTP 403), on a
  private port of 127.0.0.1, started through ``kgborder.sandbox``: the kernel lets it listen and
  answer but not connect anywhere, so no ``SERVICE`` of any spelling makes the host fetch a URL;
  and it dies with kgborder (``PR_SET_PDEATHSIG``), however kgborder ends. Its default graph
  holds the data and the ontology; once `kgborder load` has added named graphs it also gets
  ``--union-default-graph``, so that queries see the same triples as ``kgborder export``;
- a front (Starlette on uvicorn, in this process) listens where the user asked. It reads each
  query as `kgborder query` does (``sparql_safety.check_query``: no SERVICE, no update, nesting
  and length limited, since one deeply nested query crashes the Oxigraph server) and forwards
  only the re-written text; the Graph Store Protocol is forwarded for reading only.
"""
from __future__ import annotations

import collections
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KgborderError

if TYPE_CHECKING:
    import uvicorn  # for annotations only: _start_front imports it when the front starts


class ServeError(KgborderError):
    """The server is missing, cannot listen, or stopped on its own."""


def oxigraph_binary() -> str:
    """The Oxigraph server's executable: beside this Python (a virtual environment's bin/), else on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name  # not resolved: a venv's python is a symlink
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found:
        return found
    raise ServeError("the Oxigraph server is not installed: 'pip install oxigraph' provides the 'oxigraph' command")


def address(host: str, port: int) -> str:
    """HOST:PORT, with an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Server:
    """A running Oxigraph server. ``stop()`` (or the end of a ``with`` block) ends it."""

    def __init__(self, process: subprocess.Popen, host: str, port: int, on_output: Callable[[str], None] | None,
                 inner: str):
        self.process = process  # the Oxigraph server
        self.host, self.port = host, port
        self.url = f"http://{address(host, port)}"
        self.inner = inner  # the Oxigraph server's private address
        self._front: uvicorn.Server | None = None  # once started
        self._front_thread: threading.Thread | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=50)
        self._reader = threading.Thread(target=self._read, args=(on_output,), name="kgborder-serve-output",
                                        daemon=True)
        self._reader.start()

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (read-only here: GET and HEAD)."""
        return self.url + "/store"

    def _read(self, on_output: Callable[[str], None] | None) -> None:
        if self.process.stdout is None:  # started without a pipe: nothing to read
            return
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self._output.append(line)
            if on_output is not None and line:
                on_output(line)

    def output(self) -> str:
        """The server's last lines of output (it writes few)."""
        return "\n".join(line for line in self._output if line)

    def poll(self) -> int | None:
        return self.process.poll()

    def wait(self) -> int:
        """Block until the server ends; its exit status (negative: the signal that ended it)."""
        return self.process.wait()

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)  # a no-op once the process has ended

    def kill(self) -> None:
        self.process.kill()

    def stop(self, timeout: float = 5.0) -> int:
        """End the server (SIGTERM, then SIGKILL after ``timeout`` seconds); its exit status."""
        if self._front is not None:
            self._front.should_exit = True
            if self._front_thread is not None:
                self._front_thread.join(timeout)
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(1)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(store_path: Path, host: str = "127.0.0.1", port: int = 7878, *,
                 on_output: Callable[[str], None] | None = None, ready_timeout: float = 30.0) -> Server:
    """Start the Oxigraph server, read-only and unable to connect out, behind the checking front;
    return once the front accepts connections.

    Queries see the triples ``kgborder export`` writes: the default graph, or once there are
    named graphs the union of all (``--union-default-graph``). ``on_output`` receives each
    line the Oxigraph server prints. Call it from a thread that outlives the server (the main
    thread): the Oxigraph server ends when the thread that started it does.
    """
    from . import sandbox
    from .store import hold, open_store, reads_union

    store_path = Path(store_path)
    union = reads_union(open_store(store_path))
    # The server reads the version held now, and inherits the shared lock that keeps a build
    # or load from removing it while the server runs (even if this process is killed).
    location, lock = hold(store_path)
    binary = oxigraph_binary()
    _check_free(host, port)
    inner = f"127.0.0.1:{_free_port()}"
    command = [binary, "serve-read-only", "--location", str(location),
               "--bind", inner] + (["--union-default-graph"] if union else [])
    if sandbox.available():
        command = [sys.executable, "-m", "kgborder.sandbox", str(os.getpid()), "--"] + command
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=_server_environment(),
                                   pass_fds=() if lock is None else (lock,))
    except OSError as exc:
        raise ServeError(f"cannot run {binary}: {exc.strerror or exc}") from None
    server = Server(process, host, port, on_output, inner)
    try:
        _wait_until_listening(server, "127.0.0.1", int(inner.rsplit(":", 1)[1]), ready_timeout)
        _start_front(server, ready_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _server_environment() -> dict[str, str]:
    """The Oxigraph server's threads get the query thread's stack (Rust reads RUST_MIN_STACK):
    on its usual 2 MiB, a chain of 16,000 `+ 1` (32 KiB of query, within the front's limit)
    aborted the server; with it, every chain the front lets through is answered."""
    from .query import QUERY_STACK

    return dict(os.environ, RUST_MIN_STACK=str(QUERY_STACK))


def serve_until_stopped(store_path: Path, host: str = "127.0.0.1", port: int = 7878, *,
                        on_output: Callable[[str], None] | None = None,
                        on_ready: Callable[[Server], None] | None = None) -> None:
    """Serve the store until SIGINT, SIGTERM or SIGHUP (a closed terminal), then stop the server
    and return; raise ServeError if the Oxigraph server ends by itself. Call it from the main
    thread (signal handlers); under SIGKILL the server dies with this process (see
    :func:`start_server`). A second signal kills the server without waiting."""
    import signal

    running: dict[str, Server] = {}
    stops: list[int] = []

    def stop(signum, frame) -> None:
        stops.append(signum)
        server = running.get("server")
        if server is not None and len(stops) == 1:
            server.send_signal(signum)  # forwarded: the server stops and `wait` below returns
        elif server is not None:
            server.kill()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        try:
            server = running["server"] = start_server(store_path, host, port, on_output=on_output)
        except ServeError:
            if stops:  # stopped while starting (Ctrl-C reaches the server too): not a failure
                return
            raise
        if stops:
            server.send_signal(stops[0])
        elif on_ready is not None:
            on_ready(server)
        status = server.wait()
        server.stop()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if not stops and status != 0:
        raise ServeError(f"the Oxigraph server stopped (exit status {status}): "
                         f"{(server.output().splitlines() or ['no message'])[-1]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_front(server: Server, timeout: float) -> None:
    import uvicorn

    from .serve_front import front_app

    config = uvicorn.Config(front_app(f"http://{server.inner}"), host=server.host, port=server.port,
                            log_level="error", access_log=False, lifespan="off")
    front = server._front = uvicorn.Server(config)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            front.run()
        except BaseException as exc:  # uvicorn exits (SystemExit) when it cannot bind
            failed.append(exc)

    server._front_thread = threading.Thread(target=run, name="kgborder-serve-front", daemon=True)
    server._front_thread.start()
    deadline = time.monotonic() + timeout
    while not front.started:
        if failed or not server._front_thread.is_alive():
            raise ServeError(f"cannot listen on {address(server.host, server.port)}")
        if time.monotonic() > deadline:
            raise ServeError(f"the endpoint did not listen on {address(server.host, server.port)} within {timeout:g} s")
        time.sleep(0.02)


def _check_free(host: str, port: int) -> None:
    """Fail clearly when the address is taken, rather than wait on whoever holds it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {address(host, port)}: {exc.strerror}") from None
    family, _, _, _, sockaddr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(sockaddr)
        except OSError as exc:
            raise ServeError(f"cannot listen on {address(host, port)}: {exc.strerror or exc}") from None


def _wait_until_listening(server: Server, host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            server._reader.join(1)
            why = server.output().splitlines()[-1:] or [f"exit status {server.poll()}"]
            raise ServeError(f"the Oxigraph server stopped at once: {why[0]}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the Oxigraph server did not listen on {address(host, port)} within {timeout:g} s")
        time.sleep(0.05)
