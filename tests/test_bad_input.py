"""Bad input: one clear line per problem naming file and place, exit 1, no traceback, nothing lost."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ART = "graph/articles/mexico-border-military-presence.yaml"
ENT = "graph/entities.yaml"
ONT = "ontology/kgborder.ttl"


def snapshot(project: Path) -> dict[str, bytes | str]:
    """Every file the build writes, and where the store link points."""
    link = project / ".kgborder" / "store"
    return {
        "ttl": (project / "graph" / "kgborder.ttl").read_bytes(),
        "store": os.readlink(link) if link.is_symlink() else "",
    }


def edit(project: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def built(project, run, monkeypatch):
    """A project copy with a good build (graph and store) to lose."""
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    result = run("--project", project, "build")
    assert result.exit_code == 0, result.output
    return project


def fails(run, project: Path, before: dict) -> list[str]:
    """Run the build; check it failed cleanly and changed nothing; return the error lines."""
    result = run("--project", project, "build")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), lines
    assert snapshot(project) == before, "a failed build changed the last good graph or store"
    stats = run("--project", project, "stats", "--format", "json")
    assert stats.exit_code == 0, "the last good store is no longer readable"
    return lines


CASES = [
    pytest.param(ART, "statements:\n", "statements:\n  - id: [unclosed\n", rf"^error: {ART}:\d+: malformed YAML, column \d+: ",
                 id="malformed-article-yaml"),
    pytest.param(ENT, "entities:\n", "entities:\n  - id: x\n   type: : :\n", rf"^error: {ENT}:\d+: malformed YAML",
                 id="malformed-entities-yaml"),
    pytest.param(ART, "subject: claudia-sheinbaum\n    relation: deploys",
                 "subject: claudia-sheinbam\n    relation: deploys",
                 rf"^error: {ART}:\d+: statement 'sheinbaum-deploys-national-guard': subject: unknown entity "
                 r"'claudia-sheinbam'; did you mean 'claudia-sheinbaum'\?$", id="unknown-entity"),
    pytest.param(ART, "relation: deploys", "relation: deplois",
                 rf"^error: {ART}:\d+: statement '[a-z-]+': unknown relation 'deplois'; did you mean 'deploys'\?$",
                 id="unknown-relation"),
    pytest.param(ART, "relation: deploys\n    object: national-guard-mexico\n    quantity: {value: 10000",
                 "relation: deploys\n    object: donald-trump\n    quantity: {value: 10000",
                 rf"^error: {ART}:\d+: statement 'sheinbaum-deploys-national-guard': object: 'donald-trump' is a Person, "
                 r"but object must be a SecurityForce$", id="wrong-type"),
    pytest.param(ART, "she announced the deployment of 10,000", "she announced the deployment of 20,000",
                 rf"^error: {ART}:\d+: statement 'sheinbaum-deploys-national-guard': evidence \".*20,000.*\" is not in "
                 r'graph/articles/mexico-border-military-presence.txt; closest passage: "On February 4th, she announced '
                 r'the deployment of 10,000 additional members of Mexico’s National Guard to the border,"$',
                 id="evidence-not-in-text"),
    pytest.param(ART, "words: We cannot legislate morality.", "words: We must legislate morality.",
                 rf"^error: {ART}:\d+: statement 'hathaway-legislate-morality': words \"We must legislate morality.\" are not in",
                 id="quotation-words-not-in-text"),
    pytest.param(ART, 'evidence: "Mexico’s president, Claudia Sheinbaum"', 'evidence: "Nogales"',
                 rf"^error: {ART}:\d+: statement 'sheinbaum-president': evidence \"Nogales\" occurs \d+ times",
                 id="ambiguous-evidence"),
    pytest.param(ENT, "type: Consultancy", "type: Consultant",
                 rf"^error: {ENT}:\d+: entity 'dataint': unknown type 'Consultant'; did you mean 'Consultancy'\?$",
                 id="unknown-entity-type"),
    pytest.param(ENT, "  - id: dea\n", "  - id: cbp\n",
                 rf"^error: {ENT}:\d+: entity 'cbp': duplicate id \(first on line \d+\)$", id="duplicate-entity"),
    pytest.param(ART, "    relation: seizes\n    object: fentanyl\n    quantity: {value: 10, unit: tonnes}",
                 "    relation: seizes\n    object: fentanyl\n    quantity: {value: 10, unit: tones}",
                 rf"^error: {ART}:\d+: statement 'cbp-seizes-fentanyl-2024': quantity: unknown unit 'tones'; did you mean 'tonnes'\?$",
                 id="unknown-unit"),
    pytest.param(ART, "time: 2023", "time: 2023-13",
                 rf"^error: {ART}:\d+: statement 'border-seizures-2023': time: '2023-13' is not a date",
                 id="bad-date"),
    pytest.param(ART, "    role: sheriff\n", "    rol: sheriff\n",
                 rf"^error: {ART}:\d+: statement 'hathaway-sheriff': unknown field 'rol'; did you mean 'role'\?$",
                 id="unknown-field"),
    pytest.param(ONT, "kgb:Person a owl:Class ;", "kgb:Person a owl:Class ;;; [[",
                 rf"^error: {ONT}:\d+: malformed Turtle at line \d+, column \d+: ", id="malformed-ontology-turtle"),
    pytest.param(ONT, '"{subject} in {object}"@en', '"{subject} in {place}"@en',
                 rf"^error: {ONT}:\d+: kgb:locatedIn: kgb:pattern '{{subject}} in {{place}}' names {{place}}, "
                 r"not one of \{object\}, \{role\}, \{subject\}$", id="unknown-pattern-slot"),
    pytest.param(ONT, '"{subject} in {object}"@en', '"in the same place"@en',
                 rf"^error: {ONT}:\d+: kgb:locatedIn: kgb:pattern 'in the same place' names no participant",
                 id="pattern-without-participants"),
    pytest.param(ONT, '"{subject}, {object}"@en', '"{subject} {object}"@en',
                 rf"^error: {ONT}:\d+: kgb:locatedIn: kgb:pattern '{{subject}} {{object}}' is its participants alone",
                 id="pattern-of-participants-alone"),
]


@pytest.mark.parametrize("rel,old,new,expected", CASES)
def test_bad_input_fails_cleanly(built, run, rel, old, new, expected):
    before = snapshot(built)
    edit(built, rel, old, new)
    lines = fails(run, built, before)
    assert any(re.search(expected, line) for line in lines), lines


def test_several_problems_are_all_reported(built, run):
    before = snapshot(built)
    edit(built, ART, "relation: deploys", "relation: deplois")
    edit(built, ENT, "type: Consultancy", "type: Consultant")
    lines = fails(run, built, before)
    assert any("deplois" in line for line in lines) and any("Consultant" in line for line in lines)


def test_missing_article_text(built, run):
    before = snapshot(built)
    (built / "graph" / "articles" / "mexico-border-military-presence.txt").unlink()
    lines = fails(run, built, before)
    assert lines == [f"error: {ART}: the article text graph/articles/mexico-border-military-presence.txt is missing"]


def test_not_utf8(built, run):
    before = snapshot(built)
    (built / ENT).write_bytes(b"entities:\n  - id: caf\xe9\n")
    lines = fails(run, built, before)
    assert lines == [f"error: {ENT}:2: is not UTF-8 text (byte 21 cannot be read)"]


def test_validate_reports_stale_graph(built, run):
    edit(built, ART, "note: Overwhelmingly so.", "note: Overwhelmingly so, the article says.")
    result = run("--project", built, "validate")
    assert result.exit_code == 1
    assert "error: graph/kgborder.ttl: out of date with the sources; run 'kgborder build'" in result.stderr


def test_validate_reports_tampered_evidence(built, run):
    ttl = built / "graph" / "kgborder.ttl"
    text = ttl.read_text(encoding="utf-8")
    tampered = text.replace('oa:exact "a dozen soldiers stand watch"', 'oa:exact "a dozen soldiers stand guard"')
    assert tampered != text
    ttl.write_text(tampered, encoding="utf-8")
    result = run("--project", built, "validate")
    assert result.exit_code == 1
    assert re.search(r"error: graph/kgborder.ttl: .*evidence at \d+-\d+ is not 'a dozen soldiers stand guard'", result.stderr)


def test_hostile_labels_round_trip(built, run):
    hostile = '<img src=x onerror=alert(1)> "quoted" \\ back\\slash'
    edit(built, ENT, "name: DataInt", f"name: '{hostile}'")
    result = run("--project", built, "build")
    assert result.exit_code == 0, result.output
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    g = Graph().parse(built / "graph" / "kgborder.ttl")
    assert g.value(URIRef("https://w3id.org/kgborder/id/dataint"), RDFS.label) == Literal(hostile)


def test_no_store_is_a_clear_error(project, run, tmp_path):
    result = run("--project", project, "stats", "--store", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no store at ") and "run 'kgborder build' first" in result.stderr


def test_usage_error_exit_2(run):
    result = run("frobnicate")
    assert result.exit_code == 2
