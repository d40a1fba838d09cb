"""Growing the corpus: `kgborder add` drafts a new article's curation; confirmed items build and
merge with the existing graph; provenance stays per article.

The second article is tests/data/synthetic-article.txt, written for these tests (it says so
in its first line); it is not a real news report.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

ARTICLE = Path(__file__).resolve().parent / "data" / "synthetic-article.txt"
SLUG = "border-mayor-welcomes-fentanyl-seizure"
ID = "https://w3id.org/kgborder/id/"
SCHEMA_MENTIONS = URIRef("https://schema.org/mentions")


@pytest.fixture
def added(project, run, monkeypatch):
    """The project with the synthetic article added (its draft unreviewed)."""
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    result = run("--project", project, "add", ARTICLE, "--title", "Border Mayor Welcomes Fentanyl Seizure",
                 "--date", "2025-03-04", "--url", "https://example.org/synthetic")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"draft graph/articles/{SLUG}.yaml:" in result.stderr
    return project


def draft_of(project: Path) -> dict:
    return yaml.safe_load((project / "graph" / "articles" / f"{SLUG}.yaml").read_text(encoding="utf-8"))


def save(project: Path, data: dict) -> None:
    path = project / "graph" / "articles" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    header = text[: text.index("article:")]
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_add_stores_the_text_verbatim(added):
    assert (added / "graph" / "articles" / f"{SLUG}.txt").read_bytes() == ARTICLE.read_bytes()
    meta = draft_of(added)["article"]
    assert meta == {"title": "Border Mayor Welcomes Fentanyl Seizure", "date": "2025-03-04",
                    "date_inferred": False, "url": "https://example.org/synthetic"}


def test_draft_finds_known_actors_with_offsets(added):
    text = ARTICLE.read_text(encoding="utf-8")
    mentions = draft_of(added)["draft"]["mentions"]
    found = {m["entity"] for m in mentions}
    assert {"cbp", "nogales-arizona", "nogales-crossing", "claudia-sheinbaum", "national-guard-mexico",
            "david-hathaway", "fentanyl"} <= found
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["text"] in m["sentence"] and m["sentence"] in text
        assert m["confirmed"] is False


def test_draft_proposes_new_names_with_guessed_types(added):
    new = {n["name"]: n for n in draft_of(added)["draft"]["new_entities"]}
    assert new["Maria Elena Ruiz"]["type"] == "Person"
    assert new["Maria Elena Ruiz"]["id"] == "maria-elena-ruiz"
    assert "Ruiz" not in new, "a surname of a proposed person is not proposed again"


def test_draft_flags_a_near_duplicate_instead_of_adding_it(added):
    draft = draft_of(added)["draft"]
    near = {n["name"]: n["possible_duplicate_of"] for n in draft["near_duplicates"]}
    assert near.get("Claudia Sheinbaun") == "claudia-sheinbaum"
    assert "Claudia Sheinbaun" not in {n["name"] for n in draft["new_entities"]}


def test_draft_finds_quotations_with_speakers(added):
    text = ARTICLE.read_text(encoding="utf-8")
    quotes = {q["words"]: q for q in draft_of(added)["draft"]["quotations"]}
    assert quotes["This is what cooperation looks like"]["speaker"] == "maria-elena-ruiz"
    assert quotes["This is what cooperation looks like"]["role"] == "mayor of Nogales"
    assert quotes["We will keep working with our neighbours"]["speaker"] == "claudia-sheinbaum"
    assert quotes["We will keep working with our neighbours"]["resolved_from"] == "she"
    assert quotes["Seizures alone will not end addiction"]["speaker"] == "david-hathaway"
    for q in quotes.values():
        assert text[q["start"]:q["end"]] == q["words"]


def test_draft_finds_numbers_and_dates(added):
    draft = draft_of(added)["draft"]
    quantities = {(q["value"], q["unit"], q.get("approx")) for q in draft["quantities"]}
    assert {(4.5, "tonnes", None), (1200, "troops", None), (15, "percent", "about")} <= quantities
    dates = {d["text"]: d for d in draft["dates"]}
    assert dates["March 3rd"]["normalized"] == "--03-03"
    assert dates["March 3rd"]["value"] == "2025-03-03" and dates["March 3rd"]["year_inferred"] is True
    assert dates["2025"]["value"] == "2025" and dates["2025"]["precision"] == "year"


def test_the_existing_article_drafts_its_eight_quotations_with_the_right_speakers(compiled):
    from kgborder.draft import make_draft

    sources, _ = compiled
    article = sources.articles[0]
    quotes = make_draft(article.text, sources.entities, 2025)["quotations"]
    curated = {w: st.speaker for st in article.statements if st.kind is None and st.speaker
               and st.relation == "commentsOn" for w in st.words}
    assert len(quotes) == 8
    for q in quotes:
        matching = [speaker for words, speaker in curated.items() if q["words"].rstrip(".") in words
                    or words.rstrip(".") in q["words"]]
        assert matching, q["words"]
        if q.get("speaker"):
            assert q["speaker"] == matching[0], (q["words"], q["speaker"])


def test_nothing_unconfirmed_enters_the_graph(added, run):
    result = run("--project", added, "build")
    assert result.exit_code == 0, result.output
    assert f"draft: graph/articles/{SLUG}.yaml:" in result.stderr and "still unconfirmed" in result.stderr
    assert "built the 0 confirmed" in result.stderr
    g = Graph().parse(added / "graph" / "kgborder.ttl")
    article = URIRef(f"https://w3id.org/kgborder/article/{SLUG}")
    assert (article, None, None) in g
    assert not list(g.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), article))
    assert (URIRef(ID + "maria-elena-ruiz"), None, None) not in g


def confirm(project: Path) -> None:
    data = draft_of(project)
    draft = data["draft"]
    for m in draft["mentions"]:
        if m["entity"] in ("claudia-sheinbaum", "david-hathaway", "cbp"):
            m["confirmed"] = True
    for n in draft["new_entities"]:
        if n["name"] == "Maria Elena Ruiz":
            n.update(confirmed=True, description="Mayor of Nogales, Arizona (synthetic test article).")
    for q in draft["quotations"]:
        q["confirmed"] = True
    tonnes = next(q for q in draft["quantities"] if q["unit"] == "tonnes")
    tonnes.update(confirmed=True, subject="cbp", measure="fentanyl seized at the Nogales crossing", time="2025-03-03")
    data["statements"] = [{  # and one statement written by hand, as a curator would
        "id": "ruiz-mayor", "subject": "maria-elena-ruiz", "relation": "holdsOffice", "object": "nogales-arizona",
        "role": "mayor", "evidence": "Maria Elena Ruiz, the mayor of Nogales, Arizona"}]
    save(project, data)


def test_confirmed_items_build_and_merge_with_the_existing_graph(added, run):
    confirm(added)
    result = run("--project", added, "build")
    assert result.exit_code == 0, result.output
    assert "built the 8 confirmed" in result.stderr
    g = Graph().parse(added / "graph" / "kgborder.ttl")
    first = URIRef("https://w3id.org/kgborder/article/mexico-border-military-presence")
    second = URIRef(f"https://w3id.org/kgborder/article/{SLUG}")
    sheinbaum = URIRef(ID + "claudia-sheinbaum")
    # One node, both articles among its sources.
    assert {first, second} <= set(g.subjects(SCHEMA_MENTIONS, sheinbaum))
    assert len(set(g.objects(sheinbaum, RDFS.label))) == 1
    ruiz = URIRef(ID + "maria-elena-ruiz")
    assert g.value(ruiz, RDFS.label) == Literal("Maria Elena Ruiz")
    stats = json.loads(run("--project", added, "stats", "--format", "json").stdout)
    assert stats["articles"] == 2
    assert stats["statements"]["Quotation"] == 8 + 3
    quotes = run("--project", added, "query", "quotations", "-f", "json")
    rows = json.loads(quotes.stdout)["results"]["bindings"]
    by_speaker = {(r["speaker"]["value"].removeprefix(ID), r["words"]["value"]) for r in rows}
    assert ("maria-elena-ruiz", "This is what cooperation looks like") in by_speaker
    assert ("claudia-sheinbaum", "We will keep working with our neighbours") in by_speaker
    validate = run("--project", added, "validate")
    assert validate.exit_code == 0, validate.output


def test_provenance_per_article(added, run):
    confirm(added)
    assert run("--project", added, "build").exit_code == 0
    facts = run("--project", added, "query", "facts", "-p", f"article={SLUG}", "-f", "json")
    rows = json.loads(facts.stdout)["results"]["bindings"]
    assert rows and {r["article"]["value"].rsplit("/", 1)[-1] for r in rows} == {SLUG}
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(r["quote"]["value"] in text for r in rows)
    march = json.loads(run("--project", added, "query", "facts-in-month", "-p", "month=2025-03", "-f", "json").stdout)
    assert {r["article"]["value"].rsplit("/", 1)[-1] for r in march["results"]["bindings"]} == {SLUG}
    february = json.loads(run("--project", added, "query", "facts-in-month", "-p", "month=2025-02", "-f", "json").stdout)
    assert {r["article"]["value"].rsplit("/", 1)[-1] for r in february["results"]["bindings"]} == \
        {"mexico-border-military-presence"}
    part = run("--project", added, "export", "--article", SLUG, "-f", "nt")
    assert part.exit_code == 0, part.output
    g = Graph().parse(data=part.stdout, format="nt")
    articles = set(g.objects(None, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert articles == {URIRef(f"https://w3id.org/kgborder/article/{SLUG}")}
    assert g.value(URIRef(ID + "claudia-sheinbaum"), RDFS.label) == Literal("Claudia Sheinbaum")
    assert (URIRef(ID + "claudia-sheinbaum"), URIRef("https://w3id.org/kgborder/ontology#deploys"), None) not in g
    unknown = run("--project", added, "export", "--article", "no-such-article")
    assert unknown.exit_code == 1 and "no article 'no-such-article' in the store" in unknown.stderr


def test_a_confirmed_new_spelling_is_reported(added, run):
    data = draft_of(added)
    data["draft"]["new_entities"].append({"name": "Claudia Sheinbaun", "id": "claudia-sheinbaun", "type": "Person",
                                          "sentence": "Claudia Sheinbaun, the Mexican president, had sent 1,200 "
                                                      "additional troops to the border in 2025.", "confirmed": True})
    save(added, data)
    result = run("--project", added, "build")
    assert result.exit_code == 0, result.output
    assert "warning: graph/articles/" in result.stderr
    assert "new entity 'claudia-sheinbaun' (Claudia Sheinbaun): may be a new spelling of 'claudia-sheinbaum'" \
        in result.stderr


@pytest.mark.parametrize("change,message", [
    (lambda d: d["quotations"][0].update(confirmed=True, speaker=None),
     "a confirmed quotation needs its 'speaker' (an entity id)"),
    (lambda d: d["quantities"][0].update(confirmed=True),
     "a confirmed quantity needs a 'subject' (entity id) and a 'measure'"),
    (lambda d: d["new_entities"][0].update(confirmed=True, type=None), "a confirmed new entity needs its 'type'"),
    (lambda d: d["mentions"][0].update(confirmed="yes"), "'confirmed' must be true or false"),
])
def test_bad_confirmations_fail_cleanly(added, run, change, message):
    data = draft_of(added)
    change(data["draft"])
    save(added, data)
    result = run("--project", added, "build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any(line.startswith(f"error: graph/articles/{SLUG}.yaml:") and message in line
               for line in result.stderr.splitlines()), result.stderr


def test_add_refuses_to_overwrite_and_bad_dates(added, run):
    again = run("--project", added, "add", ARTICLE, "--title", "Border Mayor Welcomes Fentanyl Seizure",
                "--date", "2025-03-04")
    assert again.exit_code == 1 and "already exists; choose another --slug" in again.stderr
    bad = run("--project", added, "add", ARTICLE, "--title", "Other", "--date", "March 2025")
    assert bad.exit_code == 1 and "is not a date" in bad.stderr


def test_the_new_facts_reach_paths_analytics_the_timeline_and_the_view(added, run, tmp_path):
    confirm(added)
    assert run("--project", added, "build").exit_code == 0
    # A path across both articles: the new mayor's town lies in the sheriff's county.
    path = run("--project", added, "path", "Maria Elena Ruiz", "Hathaway", "--format", "json")
    assert path.exit_code == 0, path.output
    text = path.stdout
    assert "maria-elena-ruiz" in text and "nogales-arizona" in text and "santa-cruz-county" in text
    assert "Maria Elena Ruiz, the mayor of Nogales, Arizona" in text  # the new article's words
    assert "Santa Cruz County, Arizona\u2014where Nogales is located" in text or \
        "Santa Cruz County, Arizona—where Nogales is located" in text  # the first article's
    speakers = {s["id"]: s["quotations"] for s in
                json.loads(run("--project", added, "analyze", "--format", "json").stdout)["speakers"]}
    assert speakers["maria-elena-ruiz"] == 1 and speakers["claudia-sheinbaum"] == 1
    assert speakers["david-hathaway"] == 2 + 1
    timeline = json.loads(run("--project", added, "timeline", "--format", "json").stdout)
    assert any(row["date"] == "2025-03-03" and row["value"] == 4.5 and row["unit"] == "tonnes" for row in timeline)
    page = tmp_path / "view.html"
    view = run("--project", added, "view", "-o", page)
    assert view.exit_code == 0, view.output
    assert "Maria Elena Ruiz" in page.read_text(encoding="utf-8")
