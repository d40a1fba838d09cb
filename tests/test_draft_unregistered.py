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
