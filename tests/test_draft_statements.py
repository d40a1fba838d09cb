"""Drafted statements: the model's cue words and patterns (ontology/kgborder.ttl, kgb:cue and
kgb:pattern) propose typed statements between the entities a sentence names, each grounded in
the article's exact words, and a reviewer confirms one with a flag.

Every text here was written for these tests; none is real news.
"""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT
from kgborder.curation import read_entities
from kgborder.draft import make_draft
from kgborder.extract import participles, verb_forms
from kgborder.ontology import load_vocabulary


@pytest.fixture(scope="module")
def registry():
    return read_entities(ROOT / "graph" / "entities.yaml", "graph/entities.yaml")


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(ROOT / "ontology")


def statements(text: str, registry, vocabulary) -> list[dict]:
    return make_draft(text, registry, 2025, vocabulary)["statements"]


def triples(found: list[dict]) -> set[tuple]:
    return {(s["subject"], s["relation"], s["object"] if isinstance(s["object"], str) else tuple(s["object"]),
             bool(s.get("negated"))) for s in found}


@pytest.mark.parametrize("cue, forms, passive", [
    ("seize", ["seize", "seized", "seizes", "seizing"], ["seized"]),
    ("send/sent", ["send", "sending", "sends", "sent"], ["sent"]),
    ("hide/hid/hidden", ["hid", "hidden", "hide", "hides", "hiding"], ["hid", "hidden"]),
    ("ship", ["ship", "shipped", "shipping", "ships"], ["shipped"]),
    ("threaten tariffs on", ["threaten tariffs on", "threatened tariffs on", "threatening tariffs on",
                             "threatens tariffs on"], ["threatened tariffs on"]),
    ("hold/held off on tariffs on", ["held off on tariffs on", "hold off on tariffs on",
                                     "holding off on tariffs on", "holds off on tariffs on"],
     ["held off on tariffs on"]),
    ("be located in", ["are located in", "be located in", "been located in", "being located in",
                       "is located in", "was located in", "were located in"], []),
])
def test_a_cue_is_written_in_every_form_of_its_verb(cue, forms, passive):
    assert sorted(verb_forms(cue)) == forms
    assert sorted(participles(cue)) == passive


def test_active_voice(registry, vocabulary):
    found = statements("Written for the tests. Mexico deployed the National Guard to the border.", registry, vocabulary)
    assert triples(found) == {("mexico", "deploys", "national-guard-mexico", False)}
    (item,) = found
    assert item["evidence"] == "Mexico deployed the National Guard"
    assert item["why"] == "active: 'deployed'" and 0 < item["confidence"] <= 1
    assert item["confirmed"] is False and item["sentence"].startswith("Mexico deployed")


def test_passive_voice_names_the_agent_after_by(registry, vocabulary):
    found = statements("Written for the tests. Fentanyl was seized by U.S. Customs and Border Protection at the port.",
                       registry, vocabulary)
    assert triples(found) == {("cbp", "seizes", "fentanyl", False)}
    assert found[0]["why"].startswith("passive:")


def test_domain_and_range_decide_who_stands_where(registry, vocabulary):
    # A security force deploys no country: deploys' range is a SecurityForce, its domain an Agent.
    found = statements("Written for the tests. The National Guard deployed Mexico.", registry, vocabulary)
    assert not any(s["relation"] == "deploys" for s in found)


def test_negation_is_kept(registry, vocabulary):
    found = statements("Written for the tests. Donald Trump did not threaten tariffs on Mexico this week.",
                       registry, vocabulary)
    assert ("donald-trump", "threatensTariffsOn", "mexico", True) in triples(found)
    item = next(s for s in found if s["relation"] == "threatensTariffsOn")
    assert item["id"] == "donald-trump-not-threatens-tariffs-on-mexico"


def test_a_pattern_of_the_model_links_two_names(registry, vocabulary):
    found = statements("Written for the tests. Soldiers in Sonora, Mexico, met on Monday.", registry, vocabulary)
    assert ("sonora", "locatedIn", "mexico", False) in triples(found)
    item = next(s for s in found if s["relation"] == "locatedIn")
    assert item["evidence"] == "Sonora, Mexico" and item["why"] == "pattern: '{subject}, {object}'"


def test_an_entity_in_another_clause_is_not_the_subject(registry, vocabulary):
    found = statements("Written for the tests. The National Guard arrived on Monday, and officials said "
                       "Fentanyl moved north.", registry, vocabulary)
    assert not any(s["subject"] == "national-guard-mexico" for s in found)


def test_evidence_is_unique_in_the_text_or_the_proposal_is_dropped(registry, vocabulary):
    sentence = "Mexico deployed the National Guard."
    text = f"Written for the tests. {sentence} Later: {sentence}"
    assert statements(text, registry, vocabulary) == []  # the build refuses evidence found twice


def test_the_relations_language_is_an_edit_to_the_model(tmp_path, registry):
    """A cue added to the ontology proposes statements; none without it, no Python changed."""
    text = "Written for the tests. Mexico airlifted the National Guard to Sonora."
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    assert not statements(text, registry, load_vocabulary(ontology))
    model = (ontology / "kgborder.ttl").read_text(encoding="utf-8")
    model = model.replace('kgb:cue "deploy"@en,', 'kgb:cue "deploy"@en, "airlift"@en,')
    (ontology / "kgborder.ttl").write_text(model, encoding="utf-8")
    assert triples(statements(text, registry, load_vocabulary(ontology))) == {
        ("mexico", "deploys", "national-guard-mexico", False)}


def test_a_confirmed_draft_statement_is_built_and_answers_queries(project, run):
    """kgborder add drafts it; one flag confirms it; build puts it in the graph; query finds it."""
    article = project / "guard.txt"
    article.write_text("Written for the tests; not a real news report.\n\n"
                       "Mexico deployed the National Guard to Sonora on Monday. "
                       "Donald Trump did not threaten tariffs on Mexico again.\n", encoding="utf-8")
    result = run("--project", project, "add", article, "--title", "Guard in Sonora", "--date", "2025-02-10")
    assert result.exit_code == 0, result.output
    draft_file = project / "graph" / "articles" / "guard-in-sonora.yaml"
    draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))["draft"]["statements"]
    assert {s["id"] for s in draft} == {"mexico-deploys-national-guard-mexico",
                                         "donald-trump-not-threatens-tariffs-on-mexico"}
    text = draft_file.read_text(encoding="utf-8")
    first = text.index("id: mexico-deploys-national-guard-mexico")
    at = text.index("confirmed: false", first)
    draft_file.write_text(text[:at] + "confirmed: true" + text[at + len("confirmed: false"):], encoding="utf-8")
    built = run("--project", project, "build")
    assert built.exit_code == 0, built.output
    answer = run("--project", project, "query", "-f", "csv",
                 "PREFIX kgb: <https://w3id.org/kgborder/ontology#> SELECT ?st WHERE { ?st kgb:relation kgb:deploys ; "
                 "kgb:subject <https://w3id.org/kgborder/id/mexico> ; kgb:object "
                 "<https://w3id.org/kgborder/id/national-guard-mexico> }")
    assert answer.exit_code == 0, answer.output
    assert "guard-in-sonora/mexico-deploys-national-guard-mexico" in answer.stdout
    assert "1 statements" in built.stderr or "still unconfirmed" in built.stderr


def test_a_drafted_statement_the_reviewer_breaks_is_one_line_at_its_place(project, run):
    article = project / "guard.txt"
    article.write_text("Written for the tests.\n\nMexico deployed the National Guard to Sonora.\n", encoding="utf-8")
    assert run("--project", project, "add", article, "--title", "Guard", "--date", "2025-02-10").exit_code == 0
    draft_file = project / "graph" / "articles" / "guard.yaml"
    text = draft_file.read_text(encoding="utf-8")
    text = text.replace("relation: deploys", "relation: deplois", 1).replace("confirmed: false", "confirmed: true", 1)
    draft_file.write_text(text, encoding="utf-8")
    result = run("--project", project, "build")
    assert result.exit_code == 1
    line = text[:text.index("relation: deplois")].count("\n") + 1
    assert f"graph/articles/guard.yaml:{line}:" in result.stderr and "did you mean 'deploys'" in result.stderr


def test_an_office_from_an_apposition_keeps_its_role(registry, vocabulary):
    found = statements("Written for the tests. David Hathaway, the sheriff of Arizona, spoke.", registry, vocabulary)
    office = [s for s in found if s["relation"] == "holdsOffice"]
    assert [(s["subject"], s["object"], s["role"]) for s in office] == [("david-hathaway", "arizona", "sheriff")]


def test_a_pronoun_stands_for_the_last_person_named(registry, vocabulary):
    found = statements("Written for the tests. Claudia Sheinbaum spoke in Mexico City. On Tuesday, she announced the "
                       "deployment of 2,000 more members of the National Guard.", registry, vocabulary)
    assert ("claudia-sheinbaum", "deploys", "national-guard-mexico", False) in triples(found)
    item = next(s for s in found if s["relation"] == "deploys")
    assert item["evidence"].startswith("she announced the deployment")


def test_a_pronoun_after_two_people_stands_for_nobody(registry, vocabulary):
    found = statements("Written for the tests. Claudia Sheinbaum met Donald Trump. Later she announced the "
                       "deployment of the National Guard.", registry, vocabulary)
    assert not any(s["relation"] == "deploys" for s in found)


def test_a_reduced_passive_names_its_agent(registry, vocabulary):
    found = statements("Written for the tests. Of the Fentanyl seized by U.S. Customs and Border Protection, half "
                       "came through Nogales.", registry, vocabulary)
    assert ("cbp", "seizes", "fentanyl", False) in triples(found)


@pytest.mark.parametrize("text, expected", [
    ("Mexico’s president, Claudia Sheinbaum, spoke.", ("claudia-sheinbaum", "holdsOffice", "mexico", False)),
    ("Luis Arturo Corrales Ley, the public safety commissioner in Nogales, Sonora, spoke.",
     ("luis-arturo-corrales-ley", "holdsOffice", "nogales-sonora", False)),
    ("Carlos Matienzo of DataInt spoke.", ("carlos-matienzo", "worksFor", "dataint", False)),
])
def test_titles_and_appositions_give_offices(registry, vocabulary, text, expected):
    assert expected in triples(statements("Written for the tests. " + text, registry, vocabulary))
