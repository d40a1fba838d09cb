"""The draft-quality benchmark's scorer, on tiny drafts and golds made by hand: a perfect draft
scores 1.0 everywhere, and each kind of mistake lowers exactly the measure it should.

The article below was written for these tests; it is not news.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("draft_quality", ROOT / "benchmarks" / "draft_quality.py")
assert _spec is not None and _spec.loader is not None
dq = importlib.util.module_from_spec(_spec)
sys.modules["draft_quality"] = dq  # its dataclasses look their module up there
_spec.loader.exec_module(dq)

TEXT = ("The Border Agency seized 40 kilograms of fentanyl in Villa Norte on March 3, 2025, said Ana Ruiz, "
        "the mayor of Villa Norte.\n"
        "\"We will not stop,\" Ruiz said.\n")

ENTITIES = [
    {"id": "border-agency", "type": "GovernmentAgency", "name": "Border Agency"},
    {"id": "fentanyl", "type": "Substance", "name": "fentanyl"},
    {"id": "villa-norte", "type": "City", "name": "Villa Norte"},
    {"id": "ana-ruiz", "type": "Person", "name": "Ana Ruiz", "aliases": ["Ruiz"]},
]

STATEMENTS = [
    {"id": "agency-seizes", "subject": "border-agency", "relation": "seizes", "object": "fentanyl",
     "place": "villa-norte", "quantity": {"value": 40, "unit": "kilograms"}, "time": "2025-03-03",
     "evidence": "The Border Agency seized 40 kilograms of fentanyl in Villa Norte on March 3, 2025"},
    {"id": "ruiz-mayor", "subject": "ana-ruiz", "relation": "holdsOffice", "object": "villa-norte", "role": "mayor",
     "evidence": "Ana Ruiz, the mayor of Villa Norte"},
    {"id": "ruiz-will-not-stop", "relation": "commentsOn", "speaker": "ana-ruiz", "object": "border-agency",
     "words": "We will not stop", "about": "agency-seizes", "note": "Commentary, not counted.",
     "evidence": "\"We will not stop,\" Ruiz said."},
]


def _at(words: str) -> dict:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words)}


QUOTATION = {"words": "We will not stop", "speaker": "ana-ruiz", "speaker_name": "Ruiz", **_at("We will not stop")}
QUANTITY = {"text": "40 kilograms", "value": 40, "unit": "kilograms", **_at("40 kilograms")}
DATE = {"text": "March 3, 2025", "value": "2025-03-03", "precision": "day", **_at("March 3, 2025")}


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> dq.Gold:
    folder = tmp_path_factory.mktemp("article")
    (folder / "article.txt").write_text(TEXT, encoding="utf-8")
    (folder / "gold.yaml").write_text(yaml.safe_dump(
        {"article": {"title": "Agency seizes fentanyl", "date": "2025-03-04"}, "statements": STATEMENTS},
        sort_keys=False), encoding="utf-8")
    (folder / "entities.yaml").write_text(yaml.safe_dump({"entities": ENTITIES}, sort_keys=False), encoding="utf-8")
    return dq.read_gold(folder, base=None)


def perfect(mode: str) -> dict:
    """A draft holding the gold exactly: its statements, and the entities new in ``mode``."""
    draft: dict = {"quotations": [dict(QUOTATION)], "quantities": [dict(QUANTITY)], "dates": [dict(DATE)]}
    if mode == "new":
        draft["new_entities"] = [{k: e[k] for k in ("id", "type", "name", "aliases") if k in e} for e in ENTITIES]
    return {"statements": copy.deepcopy(STATEMENTS), "draft": draft}


def score(gold: dq.Gold, doc: dict, mode: str = "known") -> dq.Scores:
    return dq.Scorer(doc, gold, dq.registry_for(gold, mode)).score()


def values(scores: dq.Scores) -> dict:
    return {k: (m.recall.value, m.precision.value) for k, m in scores.measures.items()}


def test_the_gold_is_read_with_its_entities_and_quotation(gold):
    assert gold.entities == {"border-agency", "fentanyl", "villa-norte", "ana-ruiz"}
    assert [q[2:] for q in dq.gold_quotations(gold)] == [("ana-ruiz", "ruiz-will-not-stop")]


@pytest.mark.parametrize("mode", ["known", "new"])
def test_a_perfect_draft_scores_one_everywhere(gold, mode):
    scores = score(gold, perfect(mode), mode)
    expected = {k: (1.0, 1.0) for k, _ in dq.MEASURES}
    expected["new_entities"] = (None, None) if mode == "known" else (1.0, 1.0)
    assert values(scores) == expected
    assert scores.lines.hit == scores.lines.total
    # one line per field but the note, one per entity field when the entities are new
    assert scores.lines.total == 8 + 6 + 7 + (13 if mode == "new" else 0)


def test_an_empty_draft_scores_zero_recall_and_no_precision(gold):
    scores = score(gold, {"article": {}, "statements": [], "draft": {}}, "new")
    for key, _ in dq.MEASURES:
        assert scores.measures[key].recall.value == 0.0
        assert scores.measures[key].precision.value is None
    assert scores.lines.hit == 0


def test_a_junk_entity_lowers_new_entity_precision_only(gold):
    doc = perfect("new")
    doc["draft"]["new_entities"].append({"id": "officials", "name": "Officials", "type": "Person"})
    got = values(score(gold, doc, "new"))
    assert got["new_entities"] == (1.0, 4 / 5)
    assert got["entities"] == (1.0, 4 / 5)
    assert got["statements"] == (1.0, 1.0)
    assert score(gold, doc, "new").details["new_entities_not_in_gold"] == ["Officials"]


def test_a_new_entity_named_as_a_registered_one_is_a_duplicate_not_a_find(gold):
    doc = perfect("known")
    doc["draft"]["new_entities"] = [{"id": "ruiz", "name": "Ruiz", "type": "Person"}]
    assert values(score(gold, doc, "known"))["new_entities"] == (None, 0.0)


def test_a_new_entity_is_found_by_its_name_key_and_typed_separately(gold):
    doc = perfect("new")
    doc["draft"]["new_entities"][2] = {"id": "villa-norte-city", "name": "VILLA NORTE", "type": "State"}
    got = values(score(gold, doc, "new"))
    assert got["entities"] == (1.0, 1.0)
    assert got["entities_typed"] == (3 / 4, 3 / 4)


def test_a_quotation_with_the_wrong_speaker_is_found_but_not_right(gold):
    doc = perfect("known")
    doc["draft"]["quotations"][0].update(speaker="border-agency", speaker_name="Border Agency")
    doc["statements"] = []
    scores = score(gold, doc)
    assert values(scores)["quotations"] == (1.0, 1.0)
    assert values(scores)["quotations_speaker"] == (0.0, 0.0)


def test_a_new_speaker_is_right_by_name_but_a_registered_one_needs_its_id(gold):
    doc = perfect("new")
    doc["draft"]["quotations"][0].update(speaker=None, speaker_name="Ruiz")
    doc["statements"] = []
    assert values(score(gold, doc, "new"))["quotations_speaker"] == (1.0, 1.0)
    doc["draft"]["quotations"][0].update(speaker=None, speaker_name="Ruiz")
    assert values(score(gold, doc, "known"))["quotations_speaker"] == (0.0, 0.0)


def test_a_quotation_elsewhere_is_not_found(gold):
    doc = perfect("known")
    doc["draft"]["quotations"] = [{"words": "Villa Norte", **_at("Villa Norte")}]
    doc["statements"] = []
    assert values(score(gold, doc))["quotations"] == (0.0, 0.0)


@pytest.mark.parametrize("n, key, wrong", [
    (0, "time", "2025-03-04"), (0, "time", {"value": "2025-03-03", "inferred": True}), (0, "place", "fentanyl"),
    (0, "quantity", {"value": 41, "unit": "kilograms"}), (0, "quantity", {"value": 40, "unit": "tonnes"}),
    (0, "quantity", {"value": 40, "unit": "kilograms", "approx": "about"}), (0, "negated", True),
    (1, "role", "governor"), (2, "words", "We will stop at nothing"), (2, "about", "ruiz-mayor"),
])
def test_a_wrong_qualifier_keeps_the_statement_but_not_all_its_qualifiers(gold, n, key, wrong):
    doc = perfect("known")
    doc["statements"][n][key] = wrong
    doc["draft"].update(dates=[], quantities=[], quotations=[])  # no hint saves the line
    scores = score(gold, doc)
    assert values(scores)["statements"] == (1.0, 1.0)
    assert values(scores)["statements_qualified"] == (2 / 3, 2 / 3)
    assert scores.details["qualifiers_wrong"] == {STATEMENTS[n]["id"]: [key]}
    assert scores.lines.total - scores.lines.hit == (1 if key in STATEMENTS[n] else 0)  # that line


def test_texts_are_alike_by_their_words():
    assert dq.alike("public safety commissioner", "the Public Safety Commissioner")
    assert not dq.alike("commissioner", "the public safety commissioner")
    assert not dq.alike("mayor", "governor")
    assert dq.alike(None, "") and not dq.alike("mayor", None)


def test_a_wrong_object_misses_the_statement(gold):
    doc = perfect("known")
    doc["statements"][1]["object"] = "border-agency"
    got = values(score(gold, doc))
    assert got["statements"] == (2 / 3, 2 / 3)
    assert got["statements_qualified"] == (2 / 3, 2 / 3)


def test_statements_match_whatever_the_draft_calls_them(gold):
    """Other ids, ``about`` naming the draft's own statement, evidence as a mapping with offsets,
    extra keys: all the same to the scorer."""
    doc = perfect("known")
    for n, s in enumerate(doc["statements"]):
        s["id"] = f"proposal-{n}"
        s["confidence"] = 0.5
        s["evidence"] = {"words": s["evidence"], "start": 0, "end": 1, "sentence": "..."}
    doc["statements"][2]["about"] = "proposal-0"
    assert values(score(gold, doc))["statements_qualified"] == (1.0, 1.0)
    doc["statements"][2]["about"] = "proposal-1"
    assert values(score(gold, doc))["statements_qualified"] == (2 / 3, 2 / 3)


def test_a_statement_the_curation_refuses_counts_against_precision(gold):
    doc = perfect("known")
    doc["statements"].append({"id": "bad", "subject": "fentanyl", "relation": "seizes", "object": "fentanyl",
                              "quantity": {"value": 3, "unit": "tones"}, "evidence": "fentanyl"})
    scores = score(gold, doc)
    assert scores.refused_statements == 1
    assert values(scores)["statements"] == (1.0, 3 / 4)


def test_quantities_by_value_and_unit_dates_by_value(gold):
    doc = perfect("known")
    doc["statements"] = []
    doc["draft"]["quantities"] = [dict(QUANTITY, value="40"), dict(QUANTITY, value=40, unit="tonnes")]
    doc["draft"]["dates"] = [dict(DATE, value="2025-03"), dict(DATE, value=None, normalized="--03-03")]
    got = values(score(gold, doc))
    assert got["quantities"] == (1.0, 1 / 2)
    assert got["dates"] == (0.0, 0.0)


def test_lines_saved_by_hints_without_statements(gold):
    """With no statements, the quantity, the date and the quotation still save their lines:
    quantity, time, speaker, words and the quotation's evidence."""
    doc = perfect("known")
    doc["statements"] = []
    assert score(gold, doc).lines.hit == 5
    doc["draft"]["quantities"][0].update(_at("Ruiz said"))  # not in the statement's evidence
    assert score(gold, doc).lines.hit == 4


def test_quoted_spans_run_to_the_end_of_a_line_left_open():
    text = 'He said "one" and \u201ctwo\u201d.\n"Three, and on\nNext.'
    assert [text[s:e] for s, e in dq.quoted_spans(text)] == ["one", "two", "Three, and on"]


def test_the_benchmark_drafts_in_a_copy_and_prints_its_table(gold, tmp_path, capsys):
    folder = gold.text_file.parent
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "graph").rglob("*")}
    assert dq.main(["--json", "--repeat", "1", str(folder)]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [(r["article"], r["mode"]) for r in results] == [(folder.name, "known"), (folder.name, "new")]
    assert results[0]["characters"] == len(TEXT) and results[0]["ms"] > 0
    assert results[0]["measures"]["quotations"]["recall"] == {"hit": 1, "total": 1, "value": 1.0}
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "graph").rglob("*")} == before
    assert dq.main(["--repeat", "1", "--modes", "new", str(folder)]) == 0
    table = capsys.readouterr().out
    assert "| quotations: found | 1.00 (1/1) |" in table and "registry without its entities" in table


def test_of_two_candidates_the_one_with_its_qualifiers_right_is_paired(gold):
    doc = perfect("known")
    doc["statements"].insert(0, dict(copy.deepcopy(STATEMENTS[0]), id="near-miss", time="2024"))
    got = values(score(gold, doc))
    assert got["statements"] == (1.0, 3 / 4)
    assert got["statements_qualified"] == (1.0, 3 / 4)


def test_a_new_entity_found_under_another_id_stands_for_the_gold_one_in_statements(gold):
    """The curator fixes a proposed id once, in the entity; its statements are right otherwise."""
    doc = perfect("new")
    doc["draft"]["new_entities"][2] = {"id": "villa-norte-city", "name": "Villa Norte", "type": "City"}
    for st in doc["statements"]:
        for key in ("object", "place"):
            if st.get(key) == "villa-norte":
                st[key] = "villa-norte-city"
    assert values(score(gold, doc, "new"))["statements"] == (1.0, 1.0)
    # with the registry given, that id names no entity: the office's object is wrong
    assert values(score(gold, doc, "known"))["statements"] == (2 / 3, 2 / 3)
