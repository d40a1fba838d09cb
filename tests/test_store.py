"""The embedded store: `kgborder load` of every RDF format, all-or-nothing on a syntax error,
loaded graphs kept across builds, and the atomic swap of a rebuilt store."""
from __future__ import annotations

import gzip
import json
import os

import pyoxigraph
import pytest

NT = '<http://example.org/a> <http://example.org/p> "one" .\n<http://example.org/a> <http://example.org/q> <http://example.org/b> .\n'
FILES = {
    "data.nt": NT,
    "data.ttl": '@prefix ex: <http://example.org/> .\nex:a ex:p "one" ; ex:q ex:b .\n',
    "data.nq": NT.replace(" .\n", " <http://example.org/g> .\n"),
    "data.trig": '@prefix ex: <http://example.org/> .\nex:g { ex:a ex:p "one" ; ex:q ex:b . }\n',
    "data.rdf": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                 'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
                 '<ex:p>one</ex:p><ex:q rdf:resource="http://example.org/b"/></rdf:Description></rdf:RDF>\n'),
    "data.jsonld": json.dumps({"@id": "http://example.org/a", "http://example.org/p": "one",
                               "http://example.org/q": {"@id": "http://example.org/b"}}),
}


def count(store_dir, graph=None) -> int:
    store = pyoxigraph.Store.read_only(str(store_dir.resolve()))
    if graph is None:
        return len(store)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


@pytest.mark.parametrize("name", sorted(FILES))
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
def test_load_every_format(run, tmp_path, name, gzipped):
    path = tmp_path / (name + (".gz" if gzipped else ""))
    data = FILES[name].encode("utf-8")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    store = tmp_path / "store"
    result = run("load", "--store", store, path)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().startswith("loaded 2 triples from 1 file(s)")
    assert count(store) == 2
    if name.endswith((".nq", ".trig")):
        assert count(store, pyoxigraph.NamedNode("http://example.org/g")) == 2
    else:
        assert count(store, pyoxigraph.NamedNode(path.resolve().as_uri())) == 2


def test_a_syntax_error_names_file_and_line_and_changes_nothing(run, tmp_path):
    store = tmp_path / "store"
    good = tmp_path / "good.nt"
    good.write_text(NT, encoding="utf-8")
    assert run("load", "--store", store, good).exit_code == 0
    target = os.readlink(store)
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:c ex:p "two" .\nex:d ex:p .\n', encoding="utf-8")
    again = tmp_path / "again.nt"
    again.write_text(NT.replace("one", "three"), encoding="utf-8")
    result = run("load", "--store", store, again, bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"error: {bad}: malformed RDF at line 3, column 11: " + result.stderr.split(", column 11: ", 1)[1].strip()]
    assert count(store) == 2, "nothing of a failed load is stored, not even the good file before it"
    assert os.readlink(store) == target


def test_default_graph_and_graph_option(run, tmp_path):
    path = tmp_path / "data.nt"
    path.write_text(NT, encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", "--store", store, "--graph", "default", path).exit_code == 0
    assert count(store, pyoxigraph.DefaultGraph()) == 2
    assert run("load", "--store", store, "--graph", "http://example.org/mine", path).exit_code == 0
    assert count(store, pyoxigraph.NamedNode("http://example.org/mine")) == 2
    bad = run("load", "--store", store, "--graph", "not an iri", path)
    assert bad.exit_code == 2 and "is not an absolute IRI" in bad.stderr


def test_loaded_graphs_survive_a_build(project, run, monkeypatch):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    assert run("--project", project, "build").exit_code == 0
    extra = project / "extra.nt"
    extra.write_text(NT, encoding="utf-8")
    assert run("--project", project, "load", extra).exit_code == 0
    assert run("--project", project, "build").exit_code == 0
    graph = pyoxigraph.NamedNode(extra.resolve().as_uri())
    assert count(project / ".kgborder" / "store", graph) == 2
    exported = run("--project", project, "export", "-f", "nt").stdout
    assert '<http://example.org/a> <http://example.org/p> "one" .' in exported


def test_progress_bar_for_large_files(run, tmp_path):
    path = tmp_path / "large.nt"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(90_000):
            out.write(f'<http://example.org/s{i}> <http://example.org/p> "a literal of some length, number {i}" .\n')
    assert path.stat().st_size > 8 * 1024 * 1024
    result = run("load", "--store", tmp_path / "store", path)
    assert result.exit_code == 0, result.output
    assert "checking, then loading" in result.stderr
    assert "loaded 90000 triples" in result.stderr
