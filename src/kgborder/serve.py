"""`kgborder serve`: the store behind a read-only SPARQL 1.1 endpoint.

The endpoint is the Oxigraph server (the ``oxigraph`` command of the PyPI package
``oxigraph``) run on the store directory itself with ``serve-read-only`` (updates are
refused with HTTP 403). Its default graph holds the data and the ontology; once
`kgborder load` has added named graphs it also gets ``--union-default-graph``, so that
queries see the same triples as ``kgborder export`` writes. kgborder only starts it, waits
until it listens, and stops it.
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
from pathlib import Path
from typing import Callable

from .errors import KgborderError


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

    def __init__(self, process: subprocess.Popen, host: str, port: int, on_output: Callable[[str], None] | None):
        self.process = process
        self.host, self.port = host, port
        self.url = f"http://{address(host, port)}"
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

    def _read(self, on_output) -> None:
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
    """Start the Oxigraph server, read-only, on a store directory; return once it accepts connections.

    Queries see the triples ``kgborder export`` writes: the default graph, or once there are
    named graphs the union of all (``--union-default-graph``). ``on_output`` receives each
    line the server prints.
    """
    from .store import hold, open_store, reads_union

    store_path = Path(store_path)
    union = reads_union(open_store(store_path))
    # The server reads the version held now, and inherits the shared lock that keeps a build
    # or load from removing it while the server runs (even if this process is killed).
    location, lock = hold(store_path)
    binary = oxigraph_binary()
    _check_free(host, port)
    command = [binary, "serve-read-only", "--location", str(location),
               "--bind", address(host, port)] + (["--union-default-graph"] if union else [])
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, pass_fds=() if lock is None else (lock,))
    except OSError as exc:
        raise ServeError(f"cannot run {binary}: {exc.strerror or exc}") from None
    server = Server(process, host, port, on_output)
    try:
        _wait_until_listening(server, ready_timeout)
    except BaseException:
        server.stop()
        raise
    return server


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


def _wait_until_listening(server: Server, timeout: float) -> None:
    connect_to = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(server.host, server.host)
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            server._reader.join(1)
            why = server.output().splitlines()[-1:] or [f"exit status {server.poll()}"]
            raise ServeError(f"the Oxigraph server stopped at once: {why[0]}")
        try:
            with socket.create_connection((connect_to, server.port), timeout=0.5):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the Oxigraph server did not listen on {address(server.host, server.port)} "
                             f"within {timeout:g} s")
        time.sleep(0.05)

