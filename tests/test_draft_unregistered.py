"""Drafting an article whose entities nobody registered yet: the new names proposed stand for
their entities wherever the text names them again, so the statements are drafted too.

Every text here was written for these tests; none is real news.
"""
from __future__ import annotations

from conftest import ROOT
from kgborder.draft import make_draft
from kgborder.ontology import load_vocabulary

TEXT = ("Written for the tests; not a real news report.\n\n"
        "Governor Marta Ibarra of Sonora spoke on Monday. "
        "Later that day, Ibarra deployed the State Police to the border.")


def test_a_new_person_named_again_by_surname_is_the_subject_of_a_statement():
    draft = make_draft(TEXT, [], 2025, load_vocabulary(ROOT / "ontology"))
    people = [c for c in draft["new_entities"] if c["name"] == "Marta Ibarra"]
    assert len(people) == 1 and people[0]["type"] == "Person"
    ibarra = TEXT.index("Ibarra deployed")
    assert [ibarra, ibarra + len("Ibarra")] in people[0]["also"]
    deployed = [s for s in draft["statements"] if s.get("relation") == "deploys"]
    assert [(s["subject"], s["evidence"][:15]) for s in deployed] == [(people[0]["id"], "Ibarra deployed")]


def test_a_new_crossing_named_again_by_its_own_words_and_another_noun_is_the_same_crossing():
    # written for the tests: "the Ortiz crossing" of the "Ramón Ortiz Port of Entry"
    text = ("Written for the tests; not a real news report.\n\n"
            "Officers at the Ramón Ortiz Port of Entry seized 20 pounds of fentanyl on Monday. "
            "The Ortiz crossing, in downtown Nogales, Arizona, handles cars and pedestrians.")
    draft = make_draft(text, [], 2025, load_vocabulary(ROOT / "ontology"))
    (port,) = [c for c in draft["new_entities"] if c["name"] == "Ramón Ortiz Port of Entry"]
    again = text.index("Ortiz crossing")
    assert [again, again + len("Ortiz crossing")] in port["also"]
    assert any(s.get("relation") == "locatedIn" and s["subject"] == port["id"] for s in draft["statements"])


def test_a_new_place_is_read_by_its_other_names_too():
    # written for the tests: "Ariz." of Arizona, a state no registry holds, in a dateline
    text = ("Written for the tests; not a real news report.\n\n"
            "In Douglas, a quiet road\n\n"
            "DOUGLAS, Ariz. — Soldiers watched the road on Monday, the governor of Arizona said.")
    draft = make_draft(text, [], 2025, load_vocabulary(ROOT / "ontology"))
    ids = {c["name"]: c["id"] for c in draft["new_entities"]}
    located = {(s["subject"], s["object"]) for s in draft["statements"] if s.get("relation") == "locatedIn"}
    assert (ids["Douglas, Arizona"], ids["Arizona"]) in located
