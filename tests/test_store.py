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
    assert result.stderr.strip().endswith("2 new triples")
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
        f"error: {bad}: malformed Turtle (by the extension .ttl) at line 3, column 11: " + result.stderr.split(", column 11: ", 1)[1].strip()]
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
    assert "loading" in result.stderr
    assert result.stderr.strip().endswith(": 90000 new triples")


def lines(n: int, blank_every: int = 0) -> str:
    """n N-Triples lines; with blank_every, every so many share one blank node subject."""
    out = []
    for i in range(n):
        subject = f"_:b{i // blank_every}" if blank_every else f"<http://example.org/s{i}>"
        out.append(f'{subject} <http://example.org/p{i % 7}> "value {i}" .\n')
    return "".join(out)


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gz"])
def test_large_line_files_load_in_parallel_blocks(run, tmp_path, monkeypatch, gzipped):
    monkeypatch.setattr("kgborder.store.BLOCK_BYTES", 4096)
    data = lines(5000).encode()
    path = tmp_path / ("many.nt.gz" if gzipped else "many.nt")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    result = run("load", "--store", tmp_path / "store", "--graph", "default", path)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(": 5000 new triples")
    assert count(tmp_path / "store", pyoxigraph.DefaultGraph()) == 5000
    # Dozens of blocks, each its own sorted files, compacted into about one per index.
    assert len(list((tmp_path / "store").resolve().glob("*.sst"))) <= 12


def test_an_error_in_a_later_block_names_the_line_of_the_file(run, tmp_path, monkeypatch):
    monkeypatch.setattr("kgborder.store.BLOCK_BYTES", 4096)
    text = lines(3000).splitlines(keepends=True)
    text[2345] = "<http://example.org/broken> <http://example.org/p> .\n"
    path = tmp_path / "broken.nt"
    path.write_text("".join(text), encoding="utf-8")
    store = tmp_path / "store"
    result = run("load", "--store", store, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: malformed N-Triples (by the extension .nt) at line 2346, column ")
    assert not store.exists(), "nothing of a failed load is stored"


def test_blank_nodes_keep_their_identity_across_blocks(run, tmp_path, monkeypatch):
    """Oxigraph renames blank nodes per load; a file is not split where that would split one."""
    monkeypatch.setattr("kgborder.store.BLOCK_BYTES", 4096)
    path = tmp_path / "blank.nt"
    path.write_text(lines(2000) + lines(3000, blank_every=1000), encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", "--store", store, "--graph", "default", path).exit_code == 0
    subjects = {q.subject for q in pyoxigraph.Store.read_only(str(store.resolve()))
                if isinstance(q.subject, pyoxigraph.BlankNode)}
    assert len(subjects) == 3
