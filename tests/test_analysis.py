"""`kgborder path`, `analyze` and `timeline`, and the library behind them (kgborder.analysis).

Two graphs: the whole corpus (the ``graph`` fixture), on which expectations are computed from
the data with plain SPARQL; and a project holding only the Nogales article, built into a
store, on which the article's own answers are checked explicitly (so they stay true when
articles are added to the corpus).
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kgborder import analysis
from kgborder.analysis import AnalysisError, UnknownEntity
from kgborder.build import build
from kgborder.graphio import load_graph
from kgborder.namespaces import ART, ID, KGB, PREFIXES, SCHEMA
from kgborder.project import Project
from conftest import copy_project

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "mexico-border-military-presence"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def article_project(tmp_path_factory) -> Path:
    """A copy of the project with the Nogales article alone, built (graph/kgborder.ttl and a store)."""
    dest = copy_project(tmp_path_factory.mktemp("analysis") / "project")
    for other in (dest / "graph" / "articles").iterdir():
        if other.name.split(".")[0] != ARTICLE:
            other.unlink()
    build(Project(dest.resolve()))
    return dest


@pytest.fixture(scope="module")
def article_graph(article_project) -> Graph:
    return load_graph(article_project, with_ontology=True)


@pytest.fixture
def cli_run(run, article_project):
    """`kgborder --project ARTICLE_PROJECT ...`"""
    return lambda *args: run("--project", article_project, *args)


def select(graph: Graph, text: str):
    return list(graph.query(text, initNs=dict(PREFIXES)))


def direct_edges(graph: Graph) -> set[tuple[str, str, str]]:
    """The direct-edge layer, read with plain SPARQL."""
    rows = select(graph, "SELECT DISTINCT ?s ?p ?o WHERE { ?p kgb:statementClass ?c . ?s ?p ?o }")
    return {(str(s), str(p), str(o)) for s, p, o in rows}


def neighbours(graph: Graph) -> nx.Graph:
    g = nx.Graph()
    g.add_edges_from((s, o) for s, _, o in direct_edges(graph) if s != o)
    return g


def article_text(graph: Graph, article: str) -> str:
    return str(graph.value(URIRef(article), SCHEMA.text))


# --- finding entities ----------------------------------------------------------------------------

def test_names_aliases_and_ids_find_the_entity(graph):
    known = analysis.entities(graph)
    trump = str(ID["donald-trump"])
    for name in ("Donald Trump", "donald trump", "TRUMP", "donald-trump", "id:donald-trump", f"<{trump}>", trump):
        assert analysis.resolve_entity(name, known).iri == trump, name
    # accents and a leading "the" aside
    assert analysis.resolve_entity("guillermo valdés castellanos", known).id == "guillermo-valdes-castellanos"
    assert analysis.resolve_entity("Valdes", known).id == "guillermo-valdes-castellanos"
    assert analysis.resolve_entity("the DEA", known).id == "dea"


def test_an_unknown_name_gets_suggestions(graph):
    known = analysis.entities(graph)
    with pytest.raises(UnknownEntity) as err:
        analysis.resolve_entity("Sheinbam", known)
    assert "no entity named 'Sheinbam'" in str(err.value)
    assert err.value.suggestions[0] == "Claudia Sheinbaum"
    with pytest.raises(UnknownEntity) as err:
        analysis.resolve_entity("guard", known)
    assert "National Guard (Mexico)" in err.value.suggestions


def test_an_ambiguous_name_lists_the_entities(graph):
    g = Graph()
    g += graph
    g.add((ID["anonymous-dea-officer"], SKOS.altLabel, Literal("DEA")))
    with pytest.raises(UnknownEntity) as err:
        analysis.find_paths("Sheinbaum", "DEA", source=g)
    message = str(err.value)
    assert "'DEA' names 2 entities" in message and "(dea)" in message and "(anonymous-dea-officer)" in message
    assert set(err.value.suggestions) == {"dea", "anonymous-dea-officer"}
    assert "\n" not in message


# --- paths ------------------------------------------------------------------------------------

def test_sheinbaum_signals_cooperation_to_trump_in_one_hop(article_graph):
    result = analysis.find_paths("Claudia Sheinbaum", "Donald Trump", source=article_graph)
    assert result.hops == 1 and len(result.paths) == 1
    (hop,) = result.paths[0].hops
    (link,) = hop.links
    assert (link.subject.id, link.relation, link.object.id) == (
        "claudia-sheinbaum", str(KGB.signalsCooperationTo), "donald-trump")
    assert link.relation_label == "signals cooperation to"
    (evidence,) = link.evidence
    assert evidence.quotes == ("crucially, demonstrating cooperation to the American president",)
    assert evidence.article == str(ART[ARTICLE])
    assert evidence.headline.startswith("Mexico Increases Military Presence")


def test_a_hop_keeps_its_true_direction(article_graph):
    result = analysis.find_paths("Donald Trump", "Claudia Sheinbaum", source=article_graph)
    (hop,) = result.paths[0].hops
    assert (hop.start.id, hop.end.id) == ("donald-trump", "claudia-sheinbaum")
    assert [(link.subject.id, link.object.id) for link in hop.links] == [("claudia-sheinbaum", "donald-trump")]
    assert "Donald Trump <--signals cooperation to-- Claudia Sheinbaum" in analysis.render_path(result)


@pytest.mark.parametrize("a, b", [("Claudia Sheinbaum", "David Hathaway"), ("Claudia Sheinbaum", "DEA"),
                                  ("Anonymous DEA officer", "Carlos Matienzo")])
def test_every_hop_of_a_longer_path_stands_on_words_of_its_article(graph, a, b):
    result = analysis.find_paths(a, b, source=graph, all_paths=True)
    simple = neighbours(graph)
    expected = nx.shortest_path_length(simple, result.source.iri, result.target.iri)
    assert expected >= 2 and result.hops == expected
    assert len(result.paths) == len(list(nx.all_shortest_paths(simple, result.source.iri, result.target.iri)))
    edges = direct_edges(graph)
    for path in result.paths:
        assert len(path.hops) == expected
        assert path.entities[0] == result.source and path.entities[-1] == result.target
        for hop in path.hops:
            assert hop.links
            for link in hop.links:
                assert {link.subject.iri, link.object.iri} == {hop.start.iri, hop.end.iri}
                assert (link.subject.iri, link.relation, link.object.iri) in edges  # its true direction
                assert link.evidence
                for evidence in link.evidence:
                    assert evidence.quotes
                    text = article_text(graph, evidence.article)
                    for quote in evidence.quotes:
                        assert quote in text


def test_all_gives_every_shortest_path_once_and_in_a_stable_order(graph):
    first = analysis.find_paths("Sheinbaum", "Hathaway", source=graph, all_paths=True)
    again = analysis.find_paths("Sheinbaum", "Hathaway", source=graph, all_paths=True)
    chains = [tuple(e.iri for e in p.entities) for p in first.paths]
    assert len(set(chains)) == len(chains)
    assert first.to_dict() == again.to_dict()
    one = analysis.find_paths("Sheinbaum", "Hathaway", source=graph)
    assert one.paths == first.paths[:1]


def test_no_path_is_an_empty_answer_with_a_reason(graph):
    g = Graph()
    g += graph
    island, shore = ID["test-island"], ID["test-shore"]
    for node, label in ((island, "Test island"), (shore, "Test shore")):
        g.add((node, RDF.type, KGB.Place))
        g.add((node, RDFS.label, Literal(label)))
    g.add((island, KGB.locatedIn, shore))
    result = analysis.find_paths("Claudia Sheinbaum", "Test island", source=g)
    assert result.paths == () and result.hops is None and "not connected" in result.reason
    far = analysis.find_paths("Claudia Sheinbaum", "David Hathaway", source=graph, max_hops=1)
    assert far.paths == () and "more than 1" in far.reason
    with pytest.raises(AnalysisError):
        analysis.find_paths("Sheinbaum", "claudia-sheinbaum", source=graph)


def test_the_store_and_an_in_memory_graph_give_the_same_path(article_project, article_graph):
    store = Project(article_project.resolve()).store_dir
    on_store = analysis.find_paths("Sheinbaum", "Hathaway", source=store, all_paths=True)
    in_memory = analysis.find_paths("Sheinbaum", "Hathaway", source=article_graph, all_paths=True)
    assert on_store.to_dict() == in_memory.to_dict()


# --- centrality, communities, speakers ---------------------------------------------------------

def test_degree_counts_each_entity_linked_to(graph):
    simple = neighbours(graph)
    ranking = analysis.centrality(graph)
    assert {c.entity.iri: c.degree for c in ranking} == dict(simple.degree())
    assert [c.rank for c in ranking] == list(range(1, len(ranking) + 1))
    assert [c.degree for c in ranking] == sorted((c.degree for c in ranking), reverse=True)
    assert all(0.0 <= c.betweenness <= 1.0 for c in ranking)


def test_the_united_states_is_the_most_linked_actor_of_the_article(article_graph):
    ranking = analysis.centrality(article_graph)
    assert ranking[0].entity.id == "united-states"
    assert ranking[0].degree == 9
    assert max(ranking, key=lambda c: c.betweenness).entity.id == "united-states"


def test_communities_split_the_network_and_are_stable(graph):
    groups = analysis.communities(graph)
    members = [e.iri for g in groups for e in g.members]
    simple = neighbours(graph)
    assert sorted(members) == sorted(simple.nodes)  # every linked entity, once
    assert [len(g.members) for g in groups] == sorted((len(g.members) for g in groups), reverse=True)
    assert nx.community.modularity(simple, [{e.iri for e in g.members} for g in groups]) > 0.3
    assert [g.to_dict() for g in analysis.communities(graph)] == [g.to_dict() for g in groups]


def test_quotations_are_counted_per_speaker(graph):
    rows = select(graph, "SELECT ?speaker (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a kgb:Quotation ; kgb:speaker ?speaker } "
                         "GROUP BY ?speaker")
    expected = {str(s): int(n) for s, n in rows}
    quoted = analysis.speakers(graph)
    assert {s.entity.iri: s.quotations for s in quoted} == expected
    assert [s.quotations for s in quoted] == sorted(expected.values(), reverse=True)


def test_the_dea_officer_is_quoted_three_times_in_the_article(article_graph):
    # three quotations; the officer's fourth statement ("helpful but not a panacea") is a claim
    quoted = {s.entity.id: s for s in analysis.speakers(article_graph)}
    officer = quoted["anonymous-dea-officer"]
    assert officer.quotations == 3
    assert officer.role == "officer, U.S. Drug Enforcement Administration"
    assert quoted["david-hathaway"].quotations == 2
    assert quoted["guillermo-valdes-castellanos"].role.startswith("former director, ")
    assert analysis.speakers(article_graph)[0].entity.id == "anonymous-dea-officer"


def test_analyze_is_deterministic_and_alike_on_store_and_graph(article_project, article_graph):
    store = Project(article_project.resolve()).store_dir
    first = analysis.analyze(article_graph).to_dict()
    assert analysis.analyze(article_graph).to_dict() == first
    assert analysis.analyze(store).to_dict() == first
    assert analysis.analyze(article_graph, top=3).to_dict()["centrality"] == first["centrality"][:3]


# --- timeline ---------------------------------------------------------------------------------

def test_timeline_has_every_dated_number(graph):
    rows = select(graph, """SELECT DISTINCT ?st ?p WHERE {
        VALUES ?p { kgb:quantity kgb:share kgb:change } ?st ?p ?v ; kgb:time ?t }""")
    expected = Counter((str(st), str(p).rsplit("#", 1)[-1]) for st, p in rows)
    points = analysis.timeline_data(graph)
    assert Counter((p.statement, p.kind) for p in points) == expected
    assert [p.x for p in points] == sorted(p.x for p in points)


def test_timeline_rows_of_the_article(article_graph):
    points = analysis.timeline_data(article_graph)
    by_year: dict[int, set] = {}
    for p in points:
        by_year.setdefault(p.year, set()).add((p.kind, p.value, p.unit, p.approximation))
    assert by_year[2023] == {("quantity", 12.0, "tonnes", None)}
    assert by_year[2024] == {
        ("quantity", 10.0, "tonnes", None),             # CBP's fentanyl seizures
        ("share", 60.0, "percent", "about"),            # ... at Nogales and smaller crossings
        ("change", -21.0, "percent", None),             # border seizures fell
        ("change", -30.0, "percent", "about"),          # overdose deaths fell
        ("quantity", 10_600_000.0, "crossings", "about"),
    }
    labels = {p.number for p in points}
    assert {"12 tonnes", "-21%", "about -30%", "about 60%", "about 10.6 million crossings"} <= labels
    (seized_2023,) = [p for p in points if p.year == 2023]
    assert seized_2023.measure == "United States seizes Fentanyl" and seized_2023.places == ("U.S.-Mexico border",)


def test_timeline_measure_filter(article_graph):
    seizures = analysis.timeline_data(article_graph, measure="seizures")
    assert len(seizures) == 4 and all(p.statement_kind == "Seizure" for p in seizures)
    (deaths,) = analysis.timeline_data(article_graph, measure="Overdose deaths")
    assert deaths.value == -30.0
    assert analysis.timeline_data(article_graph, measure="no such thing") == []


def test_timeline_figure_has_one_panel_per_unit(article_graph, tmp_path):
    from matplotlib.figure import Figure

    figure = analysis.timeline_figure(article_graph)
    assert isinstance(figure, Figure)
    units = [ax.get_ylabel() for ax in figure.axes]
    assert sorted(units) == sorted({p.unit for p in analysis.timeline_data(article_graph)})
    assert "tonnes" in units and "percent" in units
    texts = " ".join(t.get_text() for ax in figure.axes for t in ax.texts)
    assert "12 tonnes" in texts and "about -30%" in texts
    analysis.write_figure(figure, tmp_path / "t.png", "png")
    analysis.write_figure(figure, tmp_path / "t.svg", "svg")
    assert (tmp_path / "t.png").read_bytes()[:8] == PNG_MAGIC
    assert ET.parse(tmp_path / "t.svg").getroot().tag.endswith("svg")
    with pytest.raises(AnalysisError):
        analysis.timeline_figure([])


# --- the command line ----------------------------------------------------------------------------

def test_cli_path_table(cli_run):
    result = cli_run("path", "Claudia Sheinbaum", "Donald Trump")
    assert result.exit_code == 0, result.stderr
    assert "Claudia Sheinbaum --signals cooperation to--> Donald Trump" in result.stdout
    assert '"crucially, demonstrating cooperation to the American president"' in result.stdout
    assert "Mexico Increases Military Presence at U.S. Border to Combat Drug Trade" in result.stdout
    assert result.stderr == ""


def test_cli_path_json(cli_run, article_graph):
    result = cli_run("path", "sheinbaum", "hathaway", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"]["id"] == "claudia-sheinbaum" and data["to"]["id"] == "david-hathaway"
    assert data["hops"] >= 2
    for path in data["paths"]:
        assert len(path["hops"]) == data["hops"]
        assert path["entities"][0] == "claudia-sheinbaum" and path["entities"][-1] == "david-hathaway"
        for hop in path["hops"]:
            for link in hop["links"]:
                assert {link["subject"], link["object"]} == {hop["from"], hop["to"]}
                for evidence in link["evidence"]:
                    for quote in evidence["quotes"]:
                        assert quote in article_text(article_graph, evidence["article"])


def test_cli_path_unknown_name(cli_run):
    result = cli_run("path", "Sheinbam", "Hathaway")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "error: no entity named 'Sheinbam'; did you mean 'Claudia Sheinbaum'?"


@pytest.mark.parametrize("args, reason", [
    (("Claudia Sheinbaum", "David Hathaway", "--max-hops", "1"), "more than 1"),
    (("Claudia Sheinbaum", "Smaller Arizona-Sonora crossings"), "has no direct edges"),
])
def test_cli_no_path(cli_run, args, reason):
    result = cli_run("path", *args)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: no path between Claudia Sheinbaum and ") and reason in line


def test_cli_path_needs_a_store(run, article_project, tmp_path):
    result = run("--project", article_project, "path", "Sheinbaum", "Trump", "--store", tmp_path / "none")
    assert result.exit_code == 1 and "no store at" in result.stderr


def test_cli_analyze_table(cli_run):
    result = cli_run("analyze", "--top", "5")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    first = lines[lines.index(next(line for line in lines if line.startswith("rank"))) + 2]
    assert first.split()[:3] == ["1", "United", "States"]
    assert "Communities" in result.stdout and "Most quoted speakers" in result.stdout
    assert any(line.startswith("Anonymous DEA officer") and " 3 " in line for line in lines)


def test_cli_analyze_json(cli_run):
    result = cli_run("analyze", "--format", "json", "--top", "3")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"graph", "centrality", "communities", "speakers"}
    assert [c["rank"] for c in data["centrality"]] == [1, 2, 3]
    assert data["centrality"][0]["id"] == "united-states"
    assert data["communities"]["algorithm"] == "louvain"
    assert sum(len(g["members"]) for g in data["communities"]["groups"]) == data["graph"]["entities"]
    officer = data["speakers"][0]
    assert (officer["id"], officer["quotations"]) == ("anonymous-dea-officer", 3)
    assert officer["offices"] == [{"role": "officer", "of": "dea", "former": False}]


def test_cli_timeline_data(cli_run):
    result = cli_run("timeline", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["date"], r["kind"], r["value"], r["unit"]) for r in rows if r["date"] == "2023"} == {
        ("2023", "quantity", 12.0, "tonnes")}
    assert ("2024", "quantity", 10_600_000.0, "crossings") in {(r["date"], r["kind"], r["value"], r["unit"]) for r in rows}
    table = cli_run("timeline")
    assert table.exit_code == 0 and "10.6 million" in table.stdout and "crossings" in table.stdout


def test_cli_timeline_charts(cli_run, tmp_path):
    png, svg = tmp_path / "t.png", tmp_path / "seizures.svg"
    result = cli_run("timeline", "-o", png)
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:8] == PNG_MAGIC and result.stdout == ""
    result = cli_run("timeline", "--measure", "seizures", "-o", svg)
    assert result.exit_code == 0, result.stderr
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    piped = cli_run("timeline", "--format", "png")
    assert piped.exit_code == 0 and piped.stdout_bytes[:8] == PNG_MAGIC


def test_cli_timeline_errors(cli_run, tmp_path):
    result = cli_run("timeline", "-o", tmp_path / "t.pdf")
    assert result.exit_code == 2 and "give --format" in result.stderr
    result = cli_run("timeline", "--measure", "no such thing", "-o", tmp_path / "t.png")
    assert result.exit_code == 1 and "no dated quantities to chart" in result.stderr
    assert not (tmp_path / "t.png").exists()
