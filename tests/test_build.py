"""The build: deterministic output, the committed graph up to date, exports readable by a
second parser, the store, and the CLI's help."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from kgborder.export import serialize

ROOT = Path(__file__).resolve().parents[1]


def test_committed_graph_is_up_to_date(compiled):
    """graph/kgborder.ttl in the repository is exactly what the sources compile to."""
    _, graph = compiled
    assert (ROOT / "graph" / "kgborder.ttl").read_bytes() == serialize(graph, "turtle"), \
        "graph/kgborder.ttl is stale: run 'kgborder build' and commit it"


def test_build_is_byte_identical_across_processes(project, tmp_path):
    """Two builds in fresh processes with different hash seeds write the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("KGBORDER_STORE", None)
        done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(project), "build"],
                              capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        outputs.append((project / "graph" / "kgborder.ttl").read_bytes())
    assert outputs[0] == outputs[1]
    assert b"_:" not in outputs[0], "no blank node labels in the output"


def test_build_summary_and_store(project, run, monkeypatch):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    result = run("--project", project, "build")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "built graph/kgborder.ttl:" in result.stderr and "store: .kgborder/store" in result.stderr
    link = project / ".kgborder" / "store"
    assert link.is_symlink()
    first = os.readlink(link)
    assert run("--project", project, "build").exit_code == 0
    assert os.readlink(link) != first, "a rebuild swaps in a fresh store"
    assert not (link.parent / first).exists(), "the replaced store is removed"
    current = os.readlink(link).split("/")[0]
    leftovers = [p.name for p in link.parent.iterdir() if p.name not in ("store", ".store.lock", current)]
    assert leftovers == []


@pytest.fixture
def store_project(built_project):
    return built_project


def canonical(data: bytes, oxformat) -> set[str]:
    """The triples as a store keeps them (literals in canonical form), blank nodes aside."""
    store = pyoxigraph.Store()
    store.load(data, format=oxformat)
    return {str(q.triple) for q in store if not any(isinstance(t, pyoxigraph.BlankNode) for t in q.triple)}


def nt(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


@pytest.mark.parametrize("fmt,oxformat", [("turtle", pyoxigraph.RdfFormat.TURTLE),
                                          ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
                                          ("jsonld", pyoxigraph.RdfFormat.JSON_LD)])
def test_export_reads_back_with_a_second_parser(store_project, run, compiled, fmt, oxformat):
    sources, graph = compiled
    parser = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    result = run("--project", store_project, "export", "--format", fmt, "--data-only")
    assert result.exit_code == 0, result.output
    assert len(set(pyoxigraph.parse(result.stdout_bytes, format=oxformat))) == len(graph)
    assert len(Graph().parse(data=result.stdout_bytes, format=parser)) == len(graph)
    assert canonical(result.stdout_bytes, oxformat) == canonical(nt(graph), pyoxigraph.RdfFormat.N_TRIPLES)
    # By default: every triple queries see, the ontology included.
    everything = run("--project", store_project, "export", "--format", fmt)
    assert everything.exit_code == 0, everything.output
    union = Graph().parse(data=everything.stdout_bytes, format=parser)
    assert len(set(pyoxigraph.parse(everything.stdout_bytes, format=oxformat))) == len(union)
    assert len(union) == len(graph) + len(sources.vocab.graph) - len(set(graph) & set(sources.vocab.graph))
    named = canonical(nt(graph), pyoxigraph.RdfFormat.N_TRIPLES) | canonical(nt(sources.vocab.graph),
                                                                              pyoxigraph.RdfFormat.N_TRIPLES)
    assert canonical(everything.stdout_bytes, oxformat) == named


def test_export_is_deterministic_and_atomic(store_project, run, tmp_path):
    out = tmp_path / "out.ttl"
    first = run("--project", store_project, "export", "-o", out)
    assert first.exit_code == 0 and first.stdout == ""
    again = run("--project", store_project, "export")
    assert out.read_bytes() == again.stdout_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_stats_counts(store_project, run, compiled):
    sources, graph = compiled
    result = run("--project", store_project, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["articles"] == 1
    assert sum(stats["entities"].values()) == len(sources.entities)
    assert sum(stats["statements"].values()) == sum(len(a.statements) for a in sources.articles)
    assert stats["entities"]["Person"] == 8
    assert stats["quotations"] == stats["statements"]["Quotation"] == 8
    assert stats["triples"] == len(graph + sources.vocab.graph), "the data and the ontology, as export writes"
    table = run("--project", store_project, "stats")
    assert table.exit_code == 0
    assert any(line.split() == ["quotations", "8"] for line in table.stdout.splitlines())


def test_validate_passes_on_the_repository(run):
    result = run("--project", ROOT, "validate")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith("valid")


def _commands() -> list[str]:
    from kgborder.cli import cli

    return sorted(cli.commands)


@pytest.mark.parametrize("command", [None, *_commands()])
def test_help_has_summary_and_example(run, command):
    """Every command the CLI has, taken from the CLI itself, not from a list kept by hand."""
    args = ["--help"] if command is None else [command, "--help"]
    result = run(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = next(line for line in lines[1:] if line.strip())
    assert len(summary.strip()) > 10
    assert "Example:" in result.stdout and "kgborder" in result.stdout.split("Example:")[1]
    assert "Exit codes:" in result.stdout


def _readme_table(heading: str) -> list[list[str]]:
    """The rows of the first table after ``heading`` in the README, as lists of cells."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text[text.index(heading):].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_readme_command_table_is_the_cli():
    """One row per command, in the README's table, for every command the CLI has and no other."""
    named = [re.fullmatch(r"`kgborder (\S+)`", row[0]).group(1) for row in _readme_table("## What you get")]
    assert sorted(named) == _commands()


def test_the_readme_exit_codes_are_the_cli():
    from kgborder.cli import EXIT_CODES

    in_help = [int(line.split()[0]) for line in EXIT_CODES.splitlines()[2:]]
    assert [int(row[0]) for row in _readme_table("### Exit codes")] == in_help


def test_the_readme_layout_is_the_package():
    """Every module and folder of src/kgborder has its line in the README's layout, and every
    line there names one that exists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("## Layout"):].split("```")[1]
    listed = block[block.index("src/kgborder/"):block.index("\ntests/")]
    named = {n.removesuffix(".py") for n in re.findall(r"^  (\S+?)/?\s", listed, re.M)}
    package = ROOT / "src" / "kgborder"
    present = {p.stem if p.is_file() else p.name for p in package.iterdir()
               if (p.suffix == ".py" and not p.name.startswith("__"))
               or (p.is_dir() and not p.name.startswith("__"))}
    assert named == present


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from kgborder.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'pyvis', 'networkx', 'yaml') if m in sys.modules]\n"
            "print(','.join(heavy), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr.strip() == ""
