"""Shared fixtures: the repository's own project, copies of it to break, and the built graph."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kgborder.cli import cli
from kgborder.compile import compile_project
from kgborder.project import Project

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "mexico-border-military-presence"


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
