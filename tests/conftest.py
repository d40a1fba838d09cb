"""Shared fixtures: the repository's own project, copies of it to break, and the built graph."""
from __future__ import annotations

import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kgborder.build import build
from kgborder.cli import cli
from kgborder.compile import compile_project
from kgborder.project import Project
from servers import free_port, listening, wait_for

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "mexico-border-military-presence"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser is downloaded)."""
    if not CHROMIUM.exists():
        pytest.skip("the browser tests need Chromium at /usr/bin/chromium (Debian's 'chromium'; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def compiled():
    """(sources, graph) compiled in memory from the repository's sources."""
    return compile_project(Project.at(ROOT))


@pytest.fixture(scope="session")
def graph(compiled) -> Graph:
    """The article graph with the ontology, for SPARQL competency questions."""
    sources, data = compiled
    g = Graph()
    g += data
    g += sources.vocab.graph
    for prefix, ns in data.namespaces():
        g.bind(prefix, ns)
    return g


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources (graph/ and ontology/) at ``dest``."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "graph", dest / "graph")
    shutil.copytree(ROOT / "ontology", dest / "ontology")
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the project's sources that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A built copy of the project (graph/kgborder.ttl and its store) for tests that only read it."""
    from kgborder.build import build

    dest = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(Project(dest.resolve()))
    return dest


@pytest.fixture
def run():
    """Run the CLI in-process: run(args...) -> click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)

    return invoke


@pytest.fixture(scope="session")
def registry():
    """The project's entity registry, as read by the curation reader (read once; not to be changed)."""
    from kgborder.curation import read_entities

    return read_entities(ROOT / "graph" / "entities.yaml", "graph/entities.yaml")


@pytest.fixture(scope="session")
def vocabulary():
    """The project's ontology as the drafter reads it (read once)."""
    from kgborder.ontology import load_vocabulary

    return load_vocabulary(ROOT / "ontology")


@pytest.fixture
def run_in_project(project, run, monkeypatch):
    """run() in the temporary project, with no store from the environment; ``.project`` is its
    directory."""
    monkeypatch.delenv("KGBORDER_STORE", raising=False)

    def invoke(*args):
        return run("--project", project, *args)

    invoke.project = project  # type: ignore[attr-defined]
    return invoke


# --- a built project with a loaded file, its export, and a real Virtuoso: the remote tests' -------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A built project whose store also holds a loaded file."""
    dest = copy_project(tmp_path_factory.mktemp("remote") / "project")
    build(Project(dest.resolve()))
    extra = dest / "extra.nt"
    extra.write_text('<https://w3id.org/kgborder/id/claudia-sheinbaum> <https://example.org/nickname> "la presidenta"@es .\n',
                     encoding="utf-8")
    from kgborder.store import load_files

    load_files(dest / ".kgborder" / "store", [extra])
    return dest


@pytest.fixture(scope="module")
def exported(built) -> Graph:
    """What `kgborder export` writes (the union of the store's graphs)."""
    from kgborder.export import export_store

    return Graph().parse(data=export_store(built / ".kgborder" / "store", "nt"), format="nt")


@dataclass
class Virtuoso:
    sparql: str      # the query endpoint
    gsp: str         # the Graph Store endpoint that wants Digest authentication
    password: str    # dba's password (not the default one)
    sql_port: int
    update: str = ""  # the SPARQL Update endpoint that wants Digest authentication


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort        = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode          = 2
DirsAllowed       = ., {d}
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000

[HTTPServer]
ServerPort       = 127.0.0.1:{http_port}
ServerRoot       = {d}/www
ServerThreads    = 10
MaxKeepAlives    = 10
KeepAliveTimeout = 10
Charset          = UTF-8

[SPARQL]
ResultSetMaxRows      = 20000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Virtuoso 7 with its own configuration, database and ports on 127.0.0.1, and a new dba password."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (no virtuoso-t on PATH; Debian: apt-get install virtuoso-opensource)")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    assert isql, "virtuoso-t is installed but its SQL client (isql-vt) is not"
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "www").mkdir()
    sql_port, http_port = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = open(d / "stdout.log", "wb")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                               stdout=log, stderr=subprocess.STDOUT)
    password = "kg" + secrets.token_hex(8)

    def sql(user_password: str, statement: str) -> str:
        done = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", user_password, f"exec={statement}"],
                              capture_output=True, text=True, timeout=60)
        return done.stdout + done.stderr

    try:
        wait_for(lambda: listening(http_port) and listening(sql_port), "virtuoso-t", 90, process)
        answer = sql("dba", f"set password dba {password};")
        assert "Done." in answer, answer
        yield Virtuoso(f"http://127.0.0.1:{http_port}/sparql", f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth",
                       password, sql_port, f"http://127.0.0.1:{http_port}/sparql-auth")
    finally:
        if process.poll() is None:
            sql(password, "shutdown;")
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
