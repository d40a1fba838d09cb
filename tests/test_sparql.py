"""kgborder's own SPARQL (kgborder.sparql) and the one way answers are written (results.write)."""
from __future__ import annotations

import io
import json
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from kgborder import sparql
from kgborder.query import write_answer
from kgborder.results import Table, render
from kgborder.store import open_store

ID = "https://w3id.org/kgborder/id/"
KGB = "https://w3id.org/kgborder/ontology#"
DEPLOYS = "SELECT ?who ?whom WHERE { ?who kgb:deploys ?whom } ORDER BY ?who ?whom"
INTERNAL = sorted(p.name.removesuffix(".rq") for p in Path(str(files("kgborder") / "sparql")).glob("*.rq"))
# What the queries with parameters are run with: one edge of the article, one article.
PARAMS = {"analysis-edge-evidence": {"subject": URIRef(ID + "claudia-sheinbaum"), "relation": URIRef(KGB + "deploys"),
                                     "object": URIRef(ID + "national-guard-mexico")},
          "article-part": {"article": URIRef("https://w3id.org/kgborder/article/mexico-border-military-presence")}}


@pytest.fixture(scope="module")
def store(built_project):
    return open_store(built_project / ".kgborder" / "store")


def same_value(term):
    """A term with a decimal as its value: Oxigraph gives back 12 for the 12.0 rdflib keeps."""
    return Decimal(str(term)).normalize() if isinstance(term, Literal) and term.datatype == XSD.decimal else term


def rows(answer) -> list[tuple]:
    """An answer's rows as sorted tuples of rdflib terms, whichever engine gave them."""
    return sorted((tuple(same_value(t) for t in row) for row in sparql.to_result(answer)), key=repr)


def test_the_view_queries_live_with_the_others():
    assert not list(Path(str(files("kgborder") / "view_assets")).glob("*.rq"))
    assert {"view-entities", "stats", "export-triples", "analysis-edges", "article-part"} <= set(INTERNAL)


@pytest.mark.parametrize("name", INTERNAL)
def test_every_internal_query_answers_on_the_store_and_on_a_graph(store, graph, name):
    """Each one runs on both engines with its parameters bound (none pasted into the text), and
    both give the same answer; each answers something on the project's data."""
    params = PARAMS.get(name, {})
    if "CONSTRUCT" in sparql.load(name):
        on_store = {(sparql.to_rdflib(t.subject), sparql.to_rdflib(t.predicate), same_value(sparql.to_rdflib(t.object)))
                    for t in sparql.construct(store, name, union=False, **params)}
        on_graph = graph.query(sparql.load(name), initBindings={Variable("article"): params["article"]}).graph
        assert on_store and on_store == {(s, p, same_value(o)) for s, p, o in on_graph}
        return
    on_store = rows(sparql.select(store, name, **params))
    assert on_store, name
    if name not in ("stats-triples", "stats-distinct-triples", "export-triples", "view-triples"):
        # the graph fixture holds the data and the ontology, as the store's default graph does
        assert on_store == rows(sparql.select(graph, name, **params)), name


def test_parameters_of_either_library_bind_on_either_engine(store, graph):
    as_oxigraph = {k: sparql.to_oxigraph(v) for k, v in PARAMS["analysis-edge-evidence"].items()}
    answers = [rows(sparql.select(source, "analysis-edge-evidence", **params))
               for source in (store, graph) for params in (PARAMS["analysis-edge-evidence"], as_oxigraph)]
    assert answers[0] and all(a == answers[0] for a in answers)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_a_store_and_a_graph_answer_in_the_same_bytes(built_project, graph, fmt):
    written = []
    for source in (built_project / ".kgborder" / "store", graph):
        out = io.BytesIO()
        write_answer(out, DEPLOYS, fmt, source=source, project_root=built_project)
        written.append(out.getvalue())
    assert written[0] == written[1] and written[0]


def test_false_is_written_in_every_format():
    """rdflib's XML writer wrote a false xsd:boolean as an empty literal; Oxigraph writes it."""
    graph = Graph()
    answer = graph.query("SELECT ?yes ?no WHERE { BIND(true AS ?yes) BIND(false AS ?no) }")
    assert b">false</literal>" in render(answer, "xml")
    assert json.loads(render(answer, "json"))["results"]["bindings"][0]["no"]["value"] == "false"
    assert render(answer, "csv").splitlines()[1] == b"true,false"
    assert render(answer, "tsv").splitlines()[1] == b"true\tfalse"


def test_oxigraph_writes_tsv_terms_as_turtle_does():
    """W3C TSV: IRIs in <>, literals quoted with their language or datatype, numbers and
    booleans bare."""
    store = pyoxigraph.Store()
    answer = store.query('SELECT ?iri ?text ?n WHERE { BIND(<http://example.org/a> AS ?iri) '
                         'BIND("b\\tc"@en AS ?text) BIND(42 AS ?n) }')
    assert render(answer, "tsv") == b'?iri\t?text\t?n\n<http://example.org/a>\t"b\\tc"@en\t42\n'


def test_tables_from_rows_show_each_cell_on_one_line():
    table = Table.from_rows(["name", "note"], [["Claudia  Sheinbaum", "a\nb"], ["<x> & y", ""]], limit=1)
    assert str(table) == ("name               note\n"
                          "-----------------  ----\n"
                          "Claudia Sheinbaum  a b\n"
                          "<x> & y\n"
                          "(2 rows)\n")
    assert len(table) == 2
    html = table._repr_html_()
    assert "<td>Claudia Sheinbaum</td>" in html and "&lt;x&gt;" not in html and html.endswith("<p>2 rows</p>")


def test_a_table_of_an_ask_answer():
    answer = Graph().query("ASK { }")
    assert str(Table(answer)) == "true\n" and Table(answer)._repr_html_() == "<code>true</code>"
