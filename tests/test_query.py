"""`kgborder query`: every result format, safe parameters, read-only, offline, time limits."""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kgborder.query import QueryError, QueryTimeout, query, saved_queries
from kgborder.sparql_safety import NetworkBlocked, QueryRefused, check_query, offline

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/kgborder/id/"
DEPLOYS = "SELECT ?who ?whom WHERE { ?who kgb:deploys ?whom } ORDER BY ?who ?whom"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture
def built(built_project) -> Path:
    return built_project


@pytest.fixture
def q(run, built):
    """Run `kgborder --project BUILT query ...`."""
    return lambda *args, input=None: run("--project", built, "query", *args, input=input)


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records every connection it receives."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                received.append(conn.recv(4096) or b"<connected>")
            except OSError:
                received.append(b"<connected>")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", received
    stop.set()
    thread.join()
    server.close()


EXPECTED_DEPLOYS = [("claudia-sheinbaum", "national-guard-mexico"), ("us-department-of-defense", "us-active-duty-troops")]


def ids(values) -> list[str]:
    return [v.removeprefix(ID) for v in values]


def test_select_in_every_format(q):
    out = q("-f", "csv", DEPLOYS)
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["who", "whom"] and [tuple(ids(r)) for r in rows[1:]] == EXPECTED_DEPLOYS

    out = q("-f", "tsv", DEPLOYS)
    lines = [line.split("\t") for line in out.stdout.strip().splitlines()]
    assert lines[0] == ["?who", "?whom"]
    assert [tuple(ids(v.strip("<>") for v in r)) for r in lines[1:]] == EXPECTED_DEPLOYS

    doc = json.loads(q("-f", "json", DEPLOYS).stdout)
    assert doc["head"]["vars"] == ["who", "whom"]
    assert [(ids([b["who"]["value"]])[0], ids([b["whom"]["value"]])[0]) for b in doc["results"]["bindings"]] == EXPECTED_DEPLOYS

    root = ET.fromstring(q("-f", "xml", DEPLOYS).stdout_bytes)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    got = [tuple(ids(u.text for u in res.findall("r:binding/r:uri", ns))) for res in root.findall("r:results/r:result", ns)]
    assert got == EXPECTED_DEPLOYS

    table = q("-f", "table", DEPLOYS).stdout.splitlines()
    assert table[0].split() == ["who", "whom"] and set(table[1]) <= {"-", " "}
    assert table[2].split() == ["id:claudia-sheinbaum", "id:national-guard-mexico"]
    assert table[-1] == "(2 rows)"


def test_default_format_in_a_pipe_is_csv(q):
    assert q(DEPLOYS).stdout.splitlines()[0] == "who,whom"


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_formats(q, fmt, parser):
    text = "CONSTRUCT { ?who kgb:deploys ?whom } WHERE { ?who kgb:deploys ?whom }"
    out = q("-f", fmt, text)
    assert out.exit_code == 0, out.output
    g = Graph().parse(data=out.stdout, format=parser)
    assert sorted((ids([str(s)])[0], ids([str(o)])[0]) for s, _, o in g) == EXPECTED_DEPLOYS


def test_construct_default_is_turtle_and_describe_works(q):
    out = q("DESCRIBE id:dataint")
    assert out.exit_code == 0, out.output
    g = Graph().parse(data=out.stdout, format="turtle")
    assert (URIRef(ID + "dataint"), None, None) in g


def test_ask(q):
    assert q("ASK { id:claudia-sheinbaum kgb:deploys id:national-guard-mexico }").stdout == "true\n"
    assert q("ASK { id:migrants kgb:smuggles id:fentanyl }").stdout == "false\n"
    assert json.loads(q("-f", "json", "ASK { ?s ?p ?o }").stdout)["boolean"] is True


def test_wrong_format_for_the_result_type(q):
    out = q("-f", "csv", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert out.exit_code == 1 and "use --format turtle, nt or jsonld" in out.stderr
    out = q("-f", "turtle", DEPLOYS)
    assert out.exit_code == 1 and "use --format table, csv, tsv, json or xml" in out.stderr


def test_stdin_and_rq_file(q, tmp_path):
    assert ids(q("-", input=DEPLOYS).stdout.splitlines()[1].split(",")) == list(EXPECTED_DEPLOYS[0])
    path = tmp_path / "mine.rq"
    path.write_text(DEPLOYS, encoding="utf-8")
    assert q(str(path)).stdout.splitlines()[0] == "who,whom"


def test_list_saved_queries(q):
    out = q("--list")
    assert out.exit_code == 0
    lines = out.stdout.strip().splitlines()
    saved = saved_queries()
    assert len(lines) == len(saved) >= 15
    for line in lines:
        name, title = line.split("\t")
        assert name in saved and title == saved[name].title and title


def test_every_saved_query_runs_on_the_store_in_every_format(q):
    for name, saved in saved_queries().items():
        params = []
        for p in saved.params:
            value = {"entity": "claudia-sheinbaum", "article": "mexico-border-military-presence",
                     "year": "2025", "month": "2025-02", "integer": "1", "date": "2025-02-04", "string": "x",
                     "iri": f"<{ID}claudia-sheinbaum>"}[p.type]
            if p.name == "statement":
                value = "<https://w3id.org/kgborder/statement/mexico-border-military-presence/sheinbaum-deploys-national-guard>"
            params += ["--param", f"{p.name}={value}"]
        for fmt in ("table", "csv", "tsv", "json", "xml"):
            out = q(name, "-f", fmt, *params)
            if out.exit_code == 1 and "is a graph" in out.stderr:
                out = q(name, "-f", "turtle", *params)
            assert out.exit_code == 0, (name, fmt, out.output)
            assert out.stdout.strip(), (name, fmt)


def test_unknown_saved_query(q):
    out = q("deploymnts")
    assert out.exit_code == 1
    assert "no saved query named 'deploymnts'" in out.stderr


def test_params_are_bound_as_terms_not_pasted(q):
    text = "SELECT ?e ?name WHERE { ?e rdfs:label ?name }"
    assert q(text, "--param", "name=DataInt").stdout.splitlines()[1:] == [ID + "dataint,DataInt"]
    hostile = 'x" } ; DROP ALL ; SELECT * { ?s ?p "'
    out = q(text, "--param", f"name={hostile}")
    assert out.exit_code == 0 and out.stdout.splitlines() == ["e,name"]
    out = q("SELECT * WHERE { ?e kgb:deploys ?o }", "--param", "e=id:claudia-sheinbaum")
    assert ids(out.stdout.splitlines()[1].split(",")) == ["claudia-sheinbaum", "national-guard-mexico"]
    out = q("SELECT ?o WHERE { ?e kgb:deploys ?o }", "--param", "e=id:claudia-sheinbaum")
    assert out.exit_code == 1 and "add ?e to its SELECT clause" in out.stderr


def test_declared_param_types_are_checked(q):
    saved = next(s for s in saved_queries().values() if any(p.type == "entity" for p in s.params))
    name = next(p.name for p in saved.params if p.type == "entity")
    out = q(saved.name, "--param", name + '=x" } DROP ALL {')
    assert out.exit_code == 1 and "is not an entity id" in out.stderr
    out = q(saved.name)
    assert out.exit_code == 1 and f"missing parameter(s): --param {name}=..." in out.stderr
    out = q(saved.name, "--param", "nosuch=1", "--param", f"{name}=mexico")
    assert out.exit_code == 1 and "no parameter 'nosuch'" in out.stderr


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX x: <http://x/> # comment\nCLEAR ALL",
    "DROP GRAPH <https://w3id.org/kgborder/ontology>",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(q, built, text):
    before = (built / ".kgborder" / "store").resolve()
    out = q(text)
    assert out.exit_code == 1 and "is an update; queries are read-only" in out.stderr
    assert "Traceback" not in out.output
    assert q("ASK { id:dataint ?p ?o }").stdout == "true\n"
    assert (built / ".kgborder" / "store").resolve() == before


@pytest.mark.parametrize("template,message", [
    ("SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * WHERE {{ service <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}", "SERVICE is refused"),
    ("SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}", "is not a graph of the local store"),
    ("SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "is not a graph of the local store"),
    ("LOAD <{url}/data.ttl>", "is an update"),
])
def test_network_is_never_reached(q, listener, template, message):
    url, received = listener
    out = q(template.format(url=url))
    assert out.exit_code == 1, out.output
    assert message in out.stderr
    time.sleep(0.3)
    assert received == []


def test_words_in_strings_iris_and_names_are_not_keywords(q):
    text = ('PREFIX service: <http://example.org/service#>\n'
            'SELECT ?service ("SERVICE LOAD FROM" AS ?words) WHERE { BIND(<http://example.org/SERVICE> AS ?service) }'
            ' # SERVICE in a comment')
    out = q(text)
    assert out.exit_code == 0, out.output
    assert "SERVICE LOAD FROM" in out.stdout


def test_from_a_local_graph_is_allowed_and_loaded_graphs_join_the_default(project, run, tmp_path, monkeypatch):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    assert run("--project", project, "build").exit_code == 0
    extra = tmp_path / "places.nt"
    extra.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "Loaded place A" .\n'
                     '<http://example.org/b> <http://www.w3.org/2000/01/rdf-schema#label> "Loaded place B" .\n')
    assert run("--project", project, "load", "--graph", "http://example.org/places", extra).exit_code == 0
    out = run("--project", project, "query", "-f", "csv",
              "SELECT (COUNT(*) AS ?n) FROM <http://example.org/places> WHERE { ?s ?p ?o }")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1] == "2"
    # Without FROM, a query reads the union: the built data, the ontology and the loaded graph.
    out = run("--project", project, "query", "-f", "csv", "SELECT ?label WHERE { "
              "{ ?x rdfs:label ?label FILTER(STRSTARTS(?label, 'Loaded place ')) } UNION "
              "{ id:claudia-sheinbaum rdfs:label ?label } UNION { kgb:Deployment rdfs:label ?label } } ORDER BY ?label")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1:] == ["Claudia Sheinbaum", "Deployment", "Loaded place A", "Loaded place B"]
    refused = run("--project", project, "query", "SELECT * FROM <http://example.org/other> WHERE { ?s ?p ?o }")
    assert refused.exit_code == 1
    assert "its named graphs: <http://example.org/places>" in refused.stderr


def test_in_memory_graph_is_guarded_too(listener, compiled):
    url, received = listener
    _, graph = compiled
    with pytest.raises(QueryRefused):
        query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", source=graph)
    with pytest.raises(QueryRefused):
        query(f"SELECT * FROM <{url}/x.ttl> WHERE {{ ?s ?p ?o }}", source=graph)
    time.sleep(0.3)
    assert received == []


def test_process_guard_blocks_the_engine_itself(listener):
    """Even a query that skips kgborder's checks cannot open a URL while offline() is active."""
    url, received = listener
    with offline():
        with pytest.raises(Exception) as info:
            list(Graph().query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))
        assert isinstance(info.value, NetworkBlocked) or "NetworkBlocked" in repr(info.value) or \
            "blocks network access" in str(info.value)
        with pytest.raises(NetworkBlocked):
            Graph().parse(f"{url}/data.ttl")
    time.sleep(0.3)
    assert received == []


def test_check_query_reports_form_and_dataset():
    shape = check_query("PREFIX g: <http://g/>\nSELECT * FROM g:one FROM NAMED <http://g/two> WHERE { ?s ?p ?o }")
    assert shape.form == "SELECT" and shape.dataset == ["http://g/one", "http://g/two"]


def test_malformed_query_gives_line_and_column(q):
    out = q("SELECT ?s WHERE {\n  ?s ?p\n}")
    assert out.exit_code == 1
    assert "Traceback" not in out.output
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(r"error: query: malformed SPARQL at line 3, column \d+: ", lines[0])


def test_malformed_query_on_a_graph(compiled):
    _, graph = compiled
    with pytest.raises(QueryError, match=r"malformed SPARQL at line \d+, column \d+"):
        query("SELECT ?s WHERE { ?s ?p }", source=graph)


def test_timeout_in_the_library(built):
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="stopped after 0.5 s"):
        query(CROSS, source=built / ".kgborder" / "store", timeout=0.5)
    assert time.monotonic() - started < 5


def test_timeout_in_the_cli(built):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(built), "query", "--timeout", "1", CROSS],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stderr.strip() == "error: query: stopped after 1 s (raise it with --timeout)"
    assert time.monotonic() - started < 20


def test_python_api_returns_rdflib_results(built, compiled):
    import kgborder

    store_result = kgborder.query(DEPLOYS, source=built / ".kgborder" / "store")
    assert store_result.type == "SELECT"
    _, graph = compiled
    graph_result = kgborder.query(DEPLOYS, source=graph)
    as_ids = lambda r: [tuple(ids([str(x) for x in row])) for row in r]  # noqa: E731
    assert as_ids(store_result) == as_ids(graph_result) == EXPECTED_DEPLOYS
    label = kgborder.query("SELECT ?l WHERE { ?e rdfs:label ?l }", source=graph, params={"e": "id:dataint"})
    assert [row.l for row in label] == [Literal("DataInt")]


PARAMS = {"entity": "claudia-sheinbaum", "article": "mexico-border-military-presence", "month": "2025-02",
          "statement": "https://w3id.org/kgborder/statement/mexico-border-military-presence/sheinbaum-deploys-national-guard"}


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_csv_the_store_writes_holds_the_rows_of_rdflibs(q, built, name):
    """`kgborder query` has Oxigraph write CSV itself (fast on large answers); the rows must be
    those of rdflib's CSV writer on the same answer."""
    from kgborder.results import render

    saved = saved_queries()[name]
    params = {p.name: PARAMS[p.name] for p in saved.params if not p.optional}
    args = [a for k, v in params.items() for a in ("-p", f"{k}={v}")]
    out = q(name, "-f", "csv", *args)
    assert out.exit_code == 0, out.output
    answer = query(name, source=built / ".kgborder" / "store", params=params)
    if answer.type != "SELECT":
        assert out.stdout == ("true\n" if answer.askAnswer else "false\n")
        return
    reference = render(answer, "csv")
    rows = lambda data: sorted(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))  # noqa: E731
    assert rows(out.stdout_bytes) == rows(reference)
    assert len(rows(reference)) > 1, "an answer with rows"
