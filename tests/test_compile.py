"""The compiler's checks of a statement, one step at a time: each problem at the line of the
field it is about, worded as the curator reads it."""
from __future__ import annotations

from pathlib import Path

import pytest

from kgborder.compile import compile_project
from kgborder.errors import CurationError
from kgborder.project import Project

ART = "graph/articles/mexico-border-military-presence.yaml"

# Statements appended to the article, each wrong in the ways one step of the compiler checks.
BAD = """\
  - id: bad-relation
    subject: sonora
    relation: locatedInn
    object: mexico
    evidence: "Sonora"
  - id: bad-kind
    subject: sonora
    kind: Measuremen
    evidence: "Sonora"
  - id: kind-against-relation
    subject: sonora
    kind: Quotation
    relation: locatedIn
    object: mexico
    evidence: "Sonora"
  - id: bad-participants
    speaker: sonora
    relation: locatedIn
    place: [mexic]
    theme: [xyzzy]
    evidence: "Sonora"
  - id: bad-references
    subject: sonora
    relation: locatedIn
    object: mexico
    about: [bad-relatoin, bad-references]
    caused_by: [zzz]
    evidence: "Sonora"
  - id: bad-qualifiers
    kind: OfficeHolding
    subject: sonora
    according_to: sonora
    evidence: "Sonora"
  - id: bad-words
    kind: Quotation
    words: "nothing the article says"
    evidence: "Sonora"
"""


@pytest.fixture(scope="module")
def problems(tmp_path_factory) -> list[tuple[int | None, str | None, str]]:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("compile") / "project")
    with (project / ART).open("a", encoding="utf-8") as f:
        f.write(BAD)
    with pytest.raises(CurationError) as caught:
        compile_project(Project(project.resolve()))
    problems = caught.value.problems
    assert all(p.file == ART for p in problems), problems
    first = len((Path(__file__).parents[1] / ART).read_text(encoding="utf-8").splitlines()) + 1
    return [(None if p.line is None else p.line - first, p.entry, p.message) for p in problems]


def at(text: str) -> int:
    """The line of ``text`` within BAD, counted from 0."""
    return BAD.splitlines().index(text)


def test_kind(problems):
    assert (at("    relation: locatedInn"), "statement 'bad-relation'",
            "unknown relation 'locatedInn'; did you mean 'locatedIn'?") in problems
    assert (at("    kind: Measuremen"), "statement 'bad-kind'",
            "unknown kind 'Measuremen'; did you mean 'Measurement'?") in problems
    assert (at("    kind: Quotation"), "statement 'kind-against-relation'",
            "relation 'locatedIn' makes a Location, not a Quotation") in problems


def test_participants(problems):
    entry = "statement 'bad-participants'"
    assert (at("    speaker: sonora"), entry,
            "only quotations and claims have a speaker; use 'subject' for a Location") in problems
    assert (at("  - id: bad-participants"), entry, "relation 'locatedIn' needs an 'object'") in problems
    assert (at("    place: [mexic]"), entry, "place: unknown entity 'mexic'; did you mean 'mexico'?") in problems
    assert (at("    theme: [xyzzy]"), entry,
            "theme: unknown entity 'xyzzy'; add it to graph/entities.yaml") in problems


def test_references(problems):
    entry = "statement 'bad-references'"
    line = at("    about: [bad-relatoin, bad-references]")
    assert (line, entry, "about: no statement 'bad-relatoin' in this article; did you mean 'bad-relation'?") in problems
    assert (line, entry, "about: a statement cannot refer to itself") in problems
    assert (at("    caused_by: [zzz]"), entry, "caused_by: no statement 'zzz' in this article") in problems


def test_qualifiers(problems):
    entry = "statement 'bad-qualifiers'"
    assert (at("  - id: bad-qualifiers"), entry, "an office holding needs its 'role'") in problems
    assert (at("    according_to: sonora"), entry,
            "according_to: 'sonora' is a State, but according_to must be a Agent") in problems


def test_words(problems):
    entry = "statement 'bad-words'"
    assert (at("  - id: bad-words"), entry, "a Quotation needs a 'speaker' (or 'editorial: true')") in problems
    words = [p for p in problems if p[1] == entry and p[2].startswith('words "nothing the article says" are not in ')]
    assert [p[0] for p in words] == [at('    words: "nothing the article says"')]


def test_evidence(problems):
    """Evidence is checked for every statement whose kind is known, at its own 'evidence' line."""
    ambiguous = {(p[0], p[1]) for p in problems if p[2].startswith('evidence "Sonora" occurs ')}
    lines = BAD.splitlines()
    expected = set()
    for n, line in enumerate(lines):
        if line.startswith("  - id: ") and line[8:] in ("bad-participants", "bad-references", "bad-qualifiers",
                                                         "bad-words"):
            evidence = next(i for i in range(n, len(lines)) if lines[i] == '    evidence: "Sonora"')
            expected.add((evidence, f"statement {line[8:]!r}"))
    assert ambiguous == expected
