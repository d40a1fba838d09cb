"""Another extractor plugged in: whatever proposes statements (the model's cues, a larger model,
a language model a user runs), :func:`kgborder.extract.ground` keeps only what holds in the
article and the model, and `make_draft` takes the extractor as it takes the cue extractor.

The extractor here is a real implementation of the interface that proposes what a careless or
hostile model might: words not in the text, ids nobody registered, types the relation refuses,
offsets outside the text, a confidence that is not a probability. Every text was written for
these tests; none is real news.
"""
from __future__ import annotations

import math

import pytest

from kgborder.draft import make_draft
from kgborder.extract import CueExtractor, Extractor, Proposal, Span

TEXT = ("Written for the tests. Mexico deployed the National Guard to the border on Monday. "
        "The guard said Mexico deployed the National Guard again.")
FIRST = (TEXT.index("Mexico"), TEXT.index("Monday.") + len("Monday."))


class Listed:
    """Proposes the statements it was given, whatever the text says."""

    def __init__(self, proposals: list[Proposal]):
        self.proposals = proposals
        self.seen: list[Span] = []

    def propose(self, text: str, sentences: list[tuple[int, int]], spans: list[Span]) -> list[Proposal]:
        self.seen = spans
        return self.proposals


def proposal(relation="deploys", subject="mexico", objects=("national-guard-mexico",), start=FIRST[0], end=FIRST[1],
             confidence=0.9, **more) -> Proposal:
    return Proposal(relation=relation, subject=subject, objects=tuple(objects), start=start, end=end,
                    confidence=confidence, cue="deploy", rule="listed", **more)


def drafted(extractor: Extractor, registry, vocabulary) -> list[dict]:
    return make_draft(TEXT, registry, 2025, vocabulary, extractor=extractor)["statements"]


def test_a_plugged_in_extractor_is_used_and_sees_the_entities_named(registry, vocabulary):
    listed = Listed([proposal()])
    [statement] = drafted(listed, registry, vocabulary)
    assert (statement["subject"], statement["relation"], statement["object"]) == (
        "mexico", "deploys", "national-guard-mexico")
    assert statement["evidence"] == "Mexico deployed the National Guard to the border on Monday."
    assert statement["why"] == "listed: 'deploy'"
    assert {"mexico", "national-guard-mexico"} <= {s.entity for s in listed.seen}


@pytest.mark.parametrize("bad", [
    proposal(relation="invades"),                                 # no such relation in the model
    proposal(relation="Person"),                                  # a class, not a relation
    proposal(subject="atlantis"),                                 # not an entity of the draft
    proposal(objects=("mexico", "nobody-registered")),
    proposal(subject="fentanyl"),                                 # a drug does not deploy (domain)
    proposal(objects=("fentanyl",)),                              # nor is it deployed (range)
    proposal(start=-40, end=-1),                                  # offsets outside the text
    proposal(start=10 ** 9, end=10 ** 9 + 5),
    proposal(start=FIRST[1], end=FIRST[0]),                                   # backwards
    proposal(confidence=math.nan),                                # not a probability
    proposal(confidence=7.0),
    proposal(confidence=-0.5),
])
def test_what_does_not_hold_is_dropped_whatever_proposed_it(bad, registry, vocabulary):
    assert drafted(Listed([bad]), registry, vocabulary) == []


def test_evidence_found_twice_falls_back_to_its_sentence_or_is_dropped(registry, vocabulary):
    twice = TEXT.index("Mexico deployed the National Guard again")
    # "Mexico deployed the National Guard" is in both sentences: the evidence becomes the sentence
    [statement] = drafted(Listed([proposal(start=twice, end=twice + 34)]), registry, vocabulary)
    assert statement["evidence"] == "The guard said Mexico deployed the National Guard again."


def test_the_cue_extractor_is_the_default(registry, vocabulary):
    assert drafted(CueExtractor(vocabulary), registry, vocabulary) == make_draft(
        TEXT, registry, 2025, vocabulary)["statements"]


def test_evidence_begins_and_ends_with_words_not_the_space_around_them(registry, vocabulary):
    around = (FIRST[0] - 1, FIRST[1] + 1)  # the space before "Mexico" and after "Monday."
    [statement] = drafted(Listed([proposal(start=around[0], end=around[1])]), registry, vocabulary)
    assert statement["evidence"] == "Mexico deployed the National Guard to the border on Monday."
    assert (statement["start"], statement["end"]) == FIRST
