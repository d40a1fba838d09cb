"""`kgborder view`: the network page, tested in a real headless Chromium.

What a person sees and clicks (entities, edges, evidence, search, filters), that the page is
offline and self-contained, that text from the data never runs as code, and that a large
graph is drawn with physics off.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
from importlib.resources import files
from pathlib import Path

import pytest
from rdflib import Graph

from kgborder.compile import compile_project
from kgborder.project import Project
from kgborder.view import LAYOUT_THRESHOLD, VIS_NETWORK, script_json, view
from conftest import copy_project

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/kgborder/id/"
KGB = "https://w3id.org/kgborder/ontology#"
SHEINBAUM = ID + "claudia-sheinbaum"
PREFIXES = """PREFIX kgb: <https://w3id.org/kgborder/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
"""
ENTITIES = PREFIXES + "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a/rdfs:subClassOf* kgb:Entity }"
EVIL = "<img src=x onerror=window.__pwned=1>"


# --- fixtures -------------------------------------------------------------------------------

class Opened:
    """A page and everything it did: errors, requests, dialogs."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []

    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def wait(self, script: str, timeout: float = 30) -> None:
        # A function, not a string: the page's Content-Security-Policy forbids eval.
        self.page.wait_for_function(script, timeout=timeout * 1000, polling=50)

    def details(self) -> str:
        return self.page.text_content("#details")

    def point(self, kind: str, key: str) -> tuple[float, float]:
        """Page coordinates where a real click lands on this node or edge and nothing else."""
        spot = self.eval("""([kind, key]) => {
            const box = document.getElementById('graph').getBoundingClientRect();
            const candidates = [];
            if (kind === 'node') candidates.push(network.getPositions([key])[key]);
            else for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) candidates.push(network.body.edges[key].edgeType.getPoint(t));
            for (const c of candidates) {
                const dom = network.canvasToDOM(c);
                const node = network.getNodeAt(dom);
                const hit = kind === 'node' ? node === key : node === undefined && network.getEdgeAt(dom) === key;
                if (hit && dom.x > 5 && dom.y > 5 && dom.x < box.width - 5 && dom.y < box.height - 5)
                    return [box.left + dom.x, box.top + dom.y];
            }
            return null;
        }""", [kind, key])
        assert spot is not None, f"no clickable spot on {kind} {key}"
        return spot[0], spot[1]

    def click(self, kind: str, key: str) -> None:
        self.page.mouse.click(*self.point(kind, key))

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.blocked == [], f"the page asked the network for {self.blocked}"
        assert all(url.startswith(("file:", "data:", "about:")) for url in self.requests), self.requests
        assert self.dialogs == []


@pytest.fixture
def open_page(browser):
    """open_page(path or html) -> Opened, once the view has settled; every http(s)
    request is aborted and recorded."""
    pages = []

    def opener(target, viewport=(1400, 900)) -> Opened:
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        opened = Opened(page)
        pages.append(page)
        page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: opened.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))

        def abort(route):
            opened.blocked.append(route.request.url)
            route.abort()

        page.route(re.compile(r"^(https?|wss?|ftp):"), abort)
        if isinstance(target, Path):
            page.goto(target.as_uri())
            opened.wait("() => window.kgborderReady === true")
        else:
            page.set_content(target)
        return opened

    yield opener
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def article(compiled, tmp_path_factory) -> Path:
    """The article graph's view, drawn from the compiled graph."""
    path = tmp_path_factory.mktemp("view") / "article.html"
    view(compiled[1], project=ROOT).save(path)
    return path


@pytest.fixture
def built(built_project) -> Path:
    return built_project


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def node_ids(opened: Opened) -> list[str]:
    return opened.eval("() => network.body.data.nodes.getIds()")


# --- the article graph ----------------------------------------------------------------------

def test_article_view_is_complete_offline_and_settles(article, graph, open_page, tmp_path):
    opened = open_page(article)
    assert opened.eval("() => network.body.data.nodes.length") == count(graph, ENTITIES)
    direct = count(graph, PREFIXES + """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        ?s ?p ?o . ?p kgb:statementClass ?c . ?s a/rdfs:subClassOf* kgb:Entity } }""")
    assert opened.eval("() => network.body.data.edges.length") == direct
    # Self-contained: no external script, style, image or frame; a CSP that forbids the network.
    assert opened.eval("() => document.querySelectorAll('script[src], link, img, iframe').length") == 0
    policy = opened.eval("() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert "default-src 'none'" in policy and "connect-src" not in policy
    assert opened.eval("() => document.characterSet") == "UTF-8"
    # Settled, then still: physics is off and nothing moves.
    assert opened.eval("() => network.physics.physicsEnabled") is False
    before = opened.eval("() => network.getPositions()")
    opened.page.wait_for_timeout(400)
    assert opened.eval("() => network.getPositions()") == before
    # Title and caption from the data.
    assert opened.page.inner_text("#title") == "Mexico Increases Military Presence at U.S. Border to Combat Drug Trade"
    statements = count(graph, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a kgb:Statement }")
    denied = count(graph, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s kgb:negated true }")
    assert opened.page.inner_text("#caption") == (
        f"1 article · {count(graph, ENTITIES)} entities · {statements} statements ({denied} denied) · {direct} edges")
    shot = tmp_path / "article.png"
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    opened.assert_clean()


def test_clicking_an_entity_shows_its_details_and_statements(article, open_page):
    opened = open_page(article)
    opened.click("node", SHEINBAUM)
    assert opened.eval("() => network.getSelectedNodes()") == [SHEINBAUM]
    details = opened.details()
    for text in ("Claudia Sheinbaum", "Person", "Also: Sheinbaum", "President of Mexico.", "id:claudia-sheinbaum"):
        assert text in details
    assert "Claudia Sheinbaum – deploys – National Guard (Mexico)" in details
    # A statement in the list opens with its evidence, and its entities are links.
    opened.page.get_by_role("button", name=re.compile(r"^Claudia Sheinbaum – deploys")).click()
    details = opened.details()
    assert "On February 4th, she announced the deployment of 10,000 additional members" in details
    assert "10,000 members" in details
    opened.page.locator("#details .triple").get_by_role("button", name="National Guard (Mexico)").click()
    assert opened.eval("() => network.getSelectedNodes()") == [ID + "national-guard-mexico"]
    assert "Armed or security force" in opened.details()
    opened.assert_clean()


def test_clicking_an_edge_shows_the_evidence_verbatim(article, graph, open_page):
    opened = open_page(article)
    edge = opened.eval("""(s) => network.body.data.edges.get().find(
        e => e.from === s && e.rel.endsWith('#deploys')).id""", SHEINBAUM)
    opened.click("edge", edge)
    assert opened.eval("() => network.getSelectedEdges()") == [edge]
    exact, prefix = next(iter(graph.query(PREFIXES + """SELECT ?exact ?prefix WHERE {
        <https://w3id.org/kgborder/statement/mexico-border-military-presence/sheinbaum-deploys-national-guard>
            kgb:evidence/oa:hasTarget/oa:hasSelector ?q . ?q oa:exact ?exact ; oa:prefix ?prefix }""")))
    details = opened.details()
    assert str(exact) in details  # the article's words, character for character
    assert opened.page.inner_text("#details mark") == str(exact)
    assert str(prefix).strip() in details
    assert "Mexico Increases Military Presence at U.S. Border to Combat Drug Trade · 2025-02" in details
    for fact in ("10,000 members", "2025-02-04 (day; inferred from the article's date)", "U.S.-Mexico border"):
        assert fact in details
    opened.assert_clean()


def test_parallel_edges_are_both_drawn_apart(article, open_page):
    opened = open_page(article)
    between = opened.eval("""() => network.body.data.edges.get().filter(e => e.from.endsWith('/donald-trump')
        && e.to.endsWith('/mexico')).map(e => [e.rel.split('#')[1], network.body.edges[e.id].options.smooth])""")
    relations = {rel for rel, _smooth in between}
    assert {"threatensTariffsOn", "delaysTariffsOn"} <= relations
    curves = {(s["type"], s["roundness"]) for _rel, s in between}
    assert len(curves) == len(between)  # each its own curve


def test_a_denied_statement_is_listed_but_not_drawn(article, open_page):
    opened = open_page(article)
    assert opened.eval("""() => network.body.data.edges.get().filter(
        e => e.from.endsWith('/migrants') && e.rel.endsWith('#smuggles')).length""") == 0
    opened.click("node", ID + "migrants")
    item = opened.page.locator("#details .statements li", has_text="Migrants – smuggles – Fentanyl")
    assert item.locator(".badge").inner_text().lower() == "denied"
    item.get_by_role("button").click()
    assert "Denied" in opened.details()
    opened.assert_clean()


def test_search_finds_an_entity_by_name_or_alias_and_selects_it(article, open_page):
    opened = open_page(article)
    search = opened.page.locator("#search")
    search.fill("sheinbaum")
    assert "Claudia Sheinbaum" in opened.page.inner_text("#search-results")
    search.press("Enter")
    assert opened.eval("() => network.getSelectedNodes()") == [SHEINBAUM]
    assert "President of Mexico." in opened.details()
    search.fill("valdes")  # accents aside
    opened.page.locator("#search-results button", has_text="Guillermo Valdés Castellanos").click()
    assert opened.eval("() => network.getSelectedNodes()") == [ID + "guillermo-valdes-castellanos"]
    search.fill("no such actor")
    assert "No entity has that name." in opened.page.inner_text("#search-results")
    opened.assert_clean()


def test_filters_hide_a_type_and_a_relation(article, open_page):
    opened = open_page(article)
    person = KGB + "Person"
    hidden = """(kind) => network.body.data.nodes.get().filter(n => n.kind === kind).map(n => !!n.hidden)"""
    assert not any(opened.eval(hidden, person))
    opened.page.locator("#types label", has_text="Person").click()
    assert all(opened.eval(hidden, person)) and opened.eval(hidden, person)
    assert not any(opened.eval(hidden, KGB + "Country"))
    visible_person_edges = opened.eval("""(ids) => network.body.data.edges.get().filter(
        e => !e.hidden && (ids.includes(e.from) || ids.includes(e.to))).length""",
        opened.eval("(kind) => network.body.data.nodes.get().filter(n => n.kind === kind).map(n => n.id)", person))
    assert visible_person_edges == 0
    opened.page.locator("#types label", has_text="Person").click()
    assert not any(opened.eval(hidden, person))
    opened.page.locator("#relations label", has_text="deploys").click()
    assert opened.eval("""() => network.body.data.edges.get().filter(e => e.rel.endsWith('#deploys'))
        .every(e => e.hidden)""") is True
    # Finding a hidden entity shows its type again.
    opened.page.locator("#types label", has_text="Person").click()
    opened.page.locator("#search").fill("Trump")
    opened.page.locator("#search").press("Enter")
    assert not any(opened.eval(hidden, person))
    opened.assert_clean()


def test_the_page_inlines_kgborders_own_vis_network_of_the_named_version(article, open_page):
    """The vis-network copy kept in the package (not pyvis's, which a pyvis upgrade could move
    or change) is the release its file names give, has its licence beside it, and is the
    script the page runs."""
    assets = files("kgborder") / "view_assets"
    script = (assets / f"vis-network-{VIS_NETWORK}.min.js").read_text(encoding="utf-8")
    header = script[: script.index("*/")]
    assert "vis-network" in header and re.search(r"@version\s+(\S+)", header).group(1) == VIS_NETWORK
    assert (assets / f"vis-network-{VIS_NETWORK}.min.css").read_text(encoding="utf-8").startswith(".vis")
    licence = (assets / f"vis-network-{VIS_NETWORK}.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith(f"vis-network {VIS_NETWORK} ")
    assert "Apache License 2.0" in licence and "MIT License" in licence and "Permission is hereby granted" in licence
    opened = open_page(article)
    assert script.strip() in [text.strip() for text in opened.eval("() => [...document.scripts].map(s => s.text)")]
    assert opened.eval("() => typeof vis.Network") == "function"
    opened.assert_clean()


# --- safety ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A project copy whose names, aliases, descriptions and ontology labels are markup."""
    dest = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    entities = dest / "graph" / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    original = "    name: Claudia Sheinbaum\n    aliases: [Sheinbaum]\n    description: President of Mexico."
    assert original in text
    entities.write_text(text.replace(original, (
        f'    name: "{EVIL}"\n    aliases: [Sheinbaum, "<script>window.__pwned=2</script>"]\n'
        '    description: "<b onmouseover=window.__pwned=3>President</b> & </script><!-- \u2028"')), encoding="utf-8")
    ontology = dest / "ontology" / "kgborder.ttl"
    text = ontology.read_text(encoding="utf-8")
    text = text.replace('rdfs:label "Person"@en ;', 'rdfs:label "<svg onload=window.__pwned=4>Person"@en ;', 1)
    text = text.replace('rdfs:label "deploys"@en ;', 'rdfs:label "<img src=y onerror=window.__pwned=5>"@en ;', 1)
    ontology.write_text(text, encoding="utf-8")
    _sources, data = compile_project(Project.at(dest))
    page = dest / "hostile.html"
    view(data, project=dest).save(page)
    return page


def test_hostile_text_shows_literally_and_runs_nothing(hostile, open_page):
    page_text = hostile.read_text(encoding="utf-8")
    assert "<img src=" not in page_text and "<svg onload" not in page_text and "<b onmouseover" not in page_text
    opened = open_page(hostile)
    # Hover (tooltip), click (details), search, legend and relation filters.
    opened.page.mouse.move(*opened.point("node", SHEINBAUM))
    opened.page.wait_for_selector(".vis-tooltip", state="visible")
    assert EVIL in opened.page.inner_text(".vis-tooltip")
    opened.click("node", SHEINBAUM)
    details = opened.details()
    assert EVIL in details and "<script>window.__pwned=2</script>" in details
    assert "<b onmouseover=window.__pwned=3>President</b> & </script><!--" in details
    assert "<svg onload=window.__pwned=4>Person" in details
    opened.page.hover("#details .description")
    opened.page.locator("#search").fill("<img")
    assert EVIL in opened.page.inner_text("#search-results")
    opened.page.locator("#search").press("Enter")
    assert "<svg onload=window.__pwned=4>Person" in opened.page.inner_text("#types")
    assert "<img src=y onerror=window.__pwned=5>" in opened.page.inner_text("#relations")
    edge = opened.eval("(s) => network.body.data.edges.get().find(e => e.from === s && e.rel.endsWith('#deploys')).id",
                       SHEINBAUM)
    opened.click("edge", edge)
    assert EVIL in opened.details()
    opened.page.wait_for_timeout(300)
    assert opened.eval("() => window.__pwned") is None
    assert opened.eval("() => document.querySelectorAll('img, b, iframe, object, embed').length") == 0
    assert opened.eval("() => [...document.querySelectorAll('svg')].every(s => s.classList.contains('swatch'))")
    assert opened.eval("() => document.scripts.length") == 3  # the data, vis-network and the view's own
    opened.assert_clean()


def test_script_json_cannot_close_its_script_element():
    data = {"a": "</script><script>alert(1)</script><!-- & \u2028\u2029 é"}
    text = script_json(data)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == data


# --- sources: store, focus, query, input ----------------------------------------------------

def test_default_view_reads_the_store_and_writes_kgborder_view_html(built, run, monkeypatch, tmp_path, open_page,
                                                                  graph):
    monkeypatch.chdir(tmp_path)
    result = run("--project", built, "view")
    assert result.exit_code == 0, result.output
    page = tmp_path / "kgborder-view.html"
    assert f"{count(graph, ENTITIES)} entities" in result.stderr
    opened = open_page(page)
    assert opened.eval("() => network.body.data.nodes.length") == count(graph, ENTITIES)
    opened.assert_clean()
    stdout = run("--project", built, "view", "-o", "-")
    assert stdout.exit_code == 0 and stdout.stdout.startswith("<!DOCTYPE html>")


def test_focus_and_depth_limit_the_nodes(built, run, graph, open_page, tmp_path):
    neighbours = {str(row[0]) for row in graph.query(PREFIXES + """SELECT DISTINCT ?n WHERE {
        { id:claudia-sheinbaum ?p ?n } UNION { ?n ?p id:claudia-sheinbaum }
        ?p kgb:statementClass ?c }""", initNs={"id": ID})}
    out = tmp_path / "focus.html"
    result = run("--project", built, "view", "--focus", "Sheinbaum", "--depth", "1", "-o", out)
    assert result.exit_code == 0, result.output
    opened = open_page(out)
    assert set(node_ids(opened)) == neighbours | {SHEINBAUM}
    deeper = tmp_path / "focus2.html"
    assert run("--project", built, "view", "--focus", "id:claudia-sheinbaum", "--depth", "2", "-o", deeper).exit_code == 0
    two = open_page(deeper)
    assert set(node_ids(two)) > set(node_ids(opened))
    assert run("--project", built, "view", "--focus", "claudia-sheinbaum", "--depth", "0", "-o", out).exit_code == 0
    assert node_ids(open_page(out)) == [SHEINBAUM]
    opened.assert_clean()


def test_query_draws_a_construct_saved_or_given(built, run, open_page, tmp_path):
    construct = "CONSTRUCT { ?who kgb:deploys ?whom } WHERE { ?who kgb:deploys ?whom }"
    out = tmp_path / "query.html"
    result = run("--project", built, "view", "--query", construct, "-o", out)
    assert result.exit_code == 0, result.output
    opened = open_page(out)
    assert {n.removeprefix(ID) for n in node_ids(opened)} >= {"claudia-sheinbaum", "national-guard-mexico"}
    assert opened.eval("() => network.body.data.edges.get().every(e => e.rel.endsWith('#deploys'))") is True
    opened.click("node", SHEINBAUM)  # an entity of the store keeps its type and statements
    assert "Person" in opened.details() and "President of Mexico." in opened.details()
    opened.assert_clean()
    # a saved query of the project's own (taken away again: the built project is shared by the session)
    (built / "queries").mkdir(exist_ok=True)
    mine = built / "queries" / "deployments-graph.rq"
    mine.write_text("# title: Who deploys whom, as a graph\n# question: Who deploys whom?\n" + construct + "\n",
                    encoding="utf-8")
    saved = tmp_path / "saved.html"
    try:
        assert run("--project", built, "view", "--query", "deployments-graph", "-o", saved).exit_code == 0
    finally:
        mine.unlink()
    assert set(node_ids(open_page(saved))) == set(node_ids(opened))


def test_input_draws_any_turtle_file_without_a_build(run, open_page, tmp_path):
    ttl = tmp_path / "people.ttl"
    ttl.write_text("""@prefix ex: <http://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:ana a foaf:Person ; foaf:name "Ana Núñez" ; foaf:age 41 ; foaf:knows ex:bo , _:someone .
ex:bo a foaf:Person ; foaf:name "Bo" ; foaf:based_near ex:tucson .
ex:tucson foaf:name "Tucson" .
_:someone foaf:name "someone" .
""", encoding="utf-8")
    out = tmp_path / "people.html"
    result = run("view", "--input", ttl, "-o", out)
    assert result.exit_code == 0, result.output
    opened = open_page(out)
    assert opened.eval("() => network.body.data.nodes.length") == 4
    assert opened.eval("() => network.body.data.edges.length") == 3
    assert opened.page.inner_text("#title") == "people.ttl"
    opened.click("node", "http://example.org/ana")
    details = opened.details()
    assert "Ana Núñez" in details and "41" in details and "Person" in details
    opened.assert_clean()
    # The same graph as N-Triples and as JSON-LD (with its context inline) draws the same.
    graph = Graph().parse(ttl)
    for suffix, fmt in ((".nt", "nt"), (".jsonld", "json-ld")):
        other = tmp_path / f"people{suffix}"
        other.write_text(graph.serialize(format=fmt), encoding="utf-8")
        drawn = view(other, project=ROOT).network
        assert (len(drawn.nodes), len(drawn.edges)) == (4, 3)
        assert {n["label"] for n in drawn.nodes} >= {"Ana Núñez", "Bo", "Tucson"}


def test_open_hands_the_page_to_the_web_browser(built, run, monkeypatch, tmp_path):
    asked: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: asked.append(url) or True)
    out = tmp_path / "opened.html"
    assert run("--project", built, "view", "--open", "-o", out).exit_code == 0
    assert asked == [out.resolve().as_uri()] and out.exists()


# --- errors -------------------------------------------------------------------------------------

def test_errors_are_one_clean_line(built, run, tmp_path):
    unknown = run("--project", built, "view", "--focus", "Sheinbam", "-o", tmp_path / "x.html")
    assert unknown.exit_code == 1
    assert unknown.stderr == "error: --focus: no entity named 'Sheinbam'; did you mean 'Claudia Sheinbaum'?\n"
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n", encoding="utf-8")
    malformed = run("view", "--input", bad, "-o", tmp_path / "x.html")
    assert malformed.exit_code == 1
    assert re.fullmatch(rf"error: {re.escape(str(bad))}:3: malformed Turtle at line 3, column \d+: .+\n", malformed.stderr)
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "A"}')
    offline = run("view", "--input", remote, "-o", tmp_path / "x.html")
    assert offline.exit_code == 1 and "remote JSON-LD @context is not fetched" in offline.stderr
    select = run("--project", built, "view", "--query", "deployments", "-o", tmp_path / "x.html")
    assert select.exit_code == 1
    assert select.stderr == ("error: 'deployments' is a SELECT query: a view draws the graph that a CONSTRUCT "
                             "(or DESCRIBE) query returns\n")
    service = run("--project", built, "view", "--query",
                  "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert service.exit_code == 1 and "SERVICE is refused" in service.stderr
    missing = run("--project", tmp_path, "view", "-o", tmp_path / "x.html")
    assert missing.exit_code == 1 and "run 'kgborder build' first" in missing.stderr
    assert run("view", "--depth", "2").exit_code == 2
    assert run("view", "--open", "-o", "-").exit_code == 2
    assert not (tmp_path / "x.html").exists()


# --- notebooks ----------------------------------------------------------------------------------

def test_a_notebook_shows_the_view_inline(compiled, open_page):
    shown = view(compiled[1], project=ROOT, focus="donald-trump")
    frame_html = shown._repr_html_()
    assert frame_html.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in frame_html
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame_html).group(1)
    assert html.unescape(srcdoc) == shown.html()
    opened = open_page(f"<!DOCTYPE html><html><body>{frame_html}</body></html>")
    frame = opened.page.frame_locator("iframe")
    frame.locator("body[data-ready=true]").wait_for()
    assert "Donald Trump" in frame.locator("#caption").inner_text()
    opened.assert_clean()


def test_the_view_as_a_pyvis_network_has_the_pages_nodes_edges_and_options(compiled):
    """``View.network`` is made through pyvis's own add_node, add_edge and set_options, and
    holds what the page draws; once made, the page is drawn from it."""
    from pyvis.network import Network

    shown = view(compiled[1], project=ROOT)
    data = json.loads(re.search(r'id="kgborder-data">(.*?)</script>', shown.html(), re.S).group(1))["network"]
    net = shown.network
    assert isinstance(net, Network) and shown.network is net
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    assert (nodes, edges, json.loads(options)) == (data["nodes"], data["edges"], data["options"])
    assert net.num_nodes() == len(data["nodes"]) and net.num_edges() == len(data["edges"])
    assert SHEINBAUM in net.get_nodes() and net.neighbors(SHEINBAUM)
    assert "'Segoe UI'" in json.loads(options)["nodes"]["font"]["face"]  # spaces kept through set_options
    net.get_node(SHEINBAUM)["label"] = "Changed in pyvis"
    assert "Changed in pyvis" in shown.html()


def test_writing_a_page_adds_no_node_or_edge_through_pyvis(compiled, monkeypatch):
    """pyvis checks each node it adds against a list of all before it (seconds at thousands
    of nodes): the page is written from the view's own records, not through add_node."""
    from pyvis.network import Network

    def refuse(*_args, **_kwargs):
        raise AssertionError("the page went through pyvis's add_node or add_edge")

    monkeypatch.setattr(Network, "add_node", refuse)
    monkeypatch.setattr(Network, "add_edge", refuse)
    shown = view(compiled[1], project=ROOT)
    assert len(shown.nodes) > 10 and SHEINBAUM in shown.html()


# --- size -----------------------------------------------------------------------------------------

def _benchmark():
    spec = importlib.util.spec_from_file_location("view_speed", ROOT / "benchmarks" / "view_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_large_graph_is_laid_out_in_python_and_drawn_without_physics(open_page, tmp_path):
    entities, edges = 5000, 10000
    source = tmp_path / "large.nt"
    source.write_bytes(_benchmark().synthetic_graph(entities, edges))
    page = tmp_path / "large.html"
    view(source, project=ROOT).save(page)
    assert entities >= LAYOUT_THRESHOLD
    opened = open_page(page)
    assert opened.eval("() => network.body.data.nodes.length") == entities
    assert opened.eval("() => network.body.data.edges.length") == edges
    assert opened.eval("() => network.physics.physicsEnabled") is False
    assert opened.eval("() => network.body.data.nodes.get().every(n => typeof n.x === 'number')") is True
    assert opened.eval("() => window.kgborderFirstFrame") > 0
    sample = opened.eval("() => network.body.data.nodes.get().slice(0, 20).map(n => [n.id, n.x, n.y])")
    drawn = opened.eval("(ids) => network.getPositions(ids)", [n for n, _x, _y in sample])
    assert all(drawn[n] == {"x": x, "y": y} for n, x, y in sample)
    # The edges of a selected node are labelled with their relation.
    hub = opened.eval("""() => {  // a node with edges that no other node covers, brought into view
        for (const id of network.body.data.nodes.getIds()) {
            if (!network.getConnectedEdges(id).length) continue;
            network.focus(id, {scale: 1.5});
            if (network.getNodeAt(network.canvasToDOM(network.getPositions([id])[id])) === id) return id;
        }
    }""")
    opened.click("node", hub)
    labels = opened.eval("(id) => network.getConnectedEdges(id).map(e => network.body.data.edges.get(e).label)", hub)
    assert labels and all(labels)
    assert opened.eval("() => network.body.data.edges.get({filter: e => e.label}).length") == len(labels)
    opened.assert_clean()
