"""Proposing statements from an article's words: which relation of the model links which
entities in a sentence.

The language of each relation is the model's, not this module's: its cue words (``kgb:cue``:
"seize", "send/sent") and constructions (``kgb:pattern``: "{subject}, {object}") are read from
``ontology/`` with the relation's domain and range, which decide who may stand on either side.
This module knows English grammar only: how a verb is inflected, what the passive looks like
("was seized by"), what negates ("did not", "never").

Extractors share one small interface (:class:`Extractor`), so that another one (a larger model,
a language model a user runs) can be plugged in; whatever proposes, :func:`ground` keeps only
proposals whose evidence is verbatim and unique in the text, whose participants are entities of
the draft, and whose types the relation allows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .names import slugify

if TYPE_CHECKING:
    from .ontology import Relation, Vocabulary


@dataclass(frozen=True)
class Span:
    """An entity named in the text: where, which (its id), and its type's name (None: unknown)."""

    start: int
    end: int
    entity: str
    type: str | None


@dataclass(frozen=True)
class Proposal:
    """A statement an extractor proposes: relation, participants, the words that carry it
    (``start``-``end``), how sure it is (0 to 1) and why (the cue and the rule)."""

    relation: str
    subject: str
    objects: tuple[str, ...]
    start: int
    end: int
    confidence: float
    cue: str
    rule: str
    negated: bool = False
    role: str | None = None


class Extractor(Protocol):
    """What proposes statements: the text, its sentences (start, end) and the entities named."""

    def propose(self, text: str, sentences: list[tuple[int, int]], spans: list[Span]) -> list[Proposal]: ...


# --- English verb forms ------------------------------------------------------------------------

_BE = ("be", "is", "are", "was", "were", "been", "being")
# Confidence by rule: a construction of the model fits tighter than a verb between two names,
# and the passive's "by" names its agent outright. Chosen by hand; benchmarks/draft_quality.py
# measures what they are worth.
CONFIDENCE = {"active": 0.7, "passive": 0.75, "pattern": 0.6}
# Participants farther apart than this many characters from the cue are left alone: a sentence
# of news names many entities, and the nearest one to a verb is its argument far more often.
REACH = 80
# What ends the clause of a verb's argument: between the subject and the verb, a comma, a colon, a
# dash or a conjunction; between the verb and its object, a semicolon, a colon, a dash or the end
# of a sentence.
_SUBJECT_BREAK = re.compile(r"[,;:\u2014\u2013()]|\s-\s|\b(?:and|but|or|while|who|which|that|as)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\u2014\u2013()]|\s-\s|[.!?]\s")
_NEGATION = re.compile(r"\b(?:not|never|no longer|n['\u2019]t)\s+(?:\w+\s+){0,2}$", re.I)


def _split(cue: str) -> tuple[str, list[str], str]:
    """A cue's verb, its irregular past forms, and the rest of the phrase: "hold/held off on" ->
    ("hold", ["held"], "off on"); "threaten tariffs on" -> ("threaten", [], "tariffs on")."""
    pieces = [p.strip() for p in cue.split("/")]
    if len(pieces) == 1:
        verb, _, rest = pieces[0].partition(" ")
        return verb, [], rest
    last, _, rest = pieces[-1].partition(" ")
    return pieces[0], [*pieces[1:-1], last], rest


def verb_forms(cue: str) -> list[str]:
    """Every written form of a cue ("send/sent" -> send, sends, sending, sent; "seize" -> seize,
    seizes, seized, seizing); in a phrase, its first word is the verb ("threaten tariffs on").
    Forms after a slash stand for the past and the participle, in place of the regular "-ed"."""
    verb, irregular, rest = _split(cue)
    past = irregular or [_past(verb)]
    heads = list(_BE) if verb == "be" else [verb, _third_person(verb), _gerund(verb), *past]
    tail = f" {rest}" if rest else ""
    return sorted({h + tail for h in heads}, key=lambda f: (-len(f), f))


def participles(cue: str) -> list[str]:
    """The forms a cue takes after "was" in the passive ("seized", "sent", "hidden")."""
    verb, irregular, rest = _split(cue)
    if verb == "be":
        return []
    tail = f" {rest}" if rest else ""
    return sorted({h + tail for h in irregular or [_past(verb)]}, key=lambda f: (-len(f), f))


def _third_person(verb: str) -> str:
    if re.search(r"(?:s|x|z|ch|sh)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _doubled(verb: str) -> str:
    """A one-syllable verb ending consonant, vowel, consonant doubles its last letter before
    -ed and -ing (ship, shipped; stop, stopping)."""
    return verb + verb[-1] if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb) else verb


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    return _doubled(verb) + "ed"


def _gerund(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return _doubled(verb) + "ing"


# --- the cue extractor -------------------------------------------------------------------------

@dataclass
class _Cues:
    relation: Relation
    active: re.Pattern[str] | None
    passive: re.Pattern[str] | None


class CueExtractor:
    """Statements from the model's cue words and patterns, within one sentence.

    - active: ``SUBJECT ... cue ... OBJECT`` ("Mexico deployed 10,000 troops");
    - passive: ``OBJECT was cue by SUBJECT`` ("fentanyl was seized by CBP officers");
    - pattern: a kgb:pattern whose participants are exactly named entities ("Nogales, Arizona").

    The subject is the nearest entity before the cue whose type the relation's domain allows,
    the object the nearest after it that its range allows (the reverse in the passive); a "not",
    "never" or "n't" just before the cue marks the statement ``negated``.
    """

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.cues: list[_Cues] = []
        for relation in sorted(vocabulary.relations.values(), key=lambda r: r.name):
            forms = sorted({f for cue in relation.cues for f in verb_forms(cue)}, key=lambda f: (-len(f), f))
            passive = sorted({p for cue in relation.cues for p in participles(cue)}, key=lambda f: (-len(f), f))
            active = re.compile(r"\b(?:" + "|".join(map(_words, forms)) + r")\b", re.I) if forms else None
            by = (re.compile(r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?(?:" + "|".join(map(_words, passive))
                             + r")\s+by\b", re.I) if passive else None)
            self.cues.append(_Cues(relation, active, by))

    def fits(self, span: Span, allowed: frozenset) -> bool:
        cls = self.vocabulary.entity_types.get(span.type or "")
        return cls is not None and self.vocabulary.fits(cls, allowed)

    def propose(self, text: str, sentences: list[tuple[int, int]], spans: list[Span]) -> list[Proposal]:
        out: list[Proposal] = []
        ordered = sorted(spans, key=lambda s: s.start)
        i = 0
        for start, end in sentences:
            while i < len(ordered) and ordered[i].start < start:
                i += 1
            j = i
            while j < len(ordered) and ordered[j].end <= end:
                j += 1
            inside = ordered[i:j]
            if len(inside) < 2:
                continue
            sentence = text[start:end]
            for cues in self.cues:
                out += self._verbs(text, start, sentence, inside, cues)
                out += self._patterns(start, sentence, inside, cues.relation)
        return out

    def _verbs(self, text: str, offset: int, sentence: str, spans: list[Span], cues: _Cues) -> list[Proposal]:
        out = []
        relation = cues.relation
        taken: list[tuple[int, int]] = []
        if cues.passive is not None:
            for m in cues.passive.finditer(sentence):
                cue_start, cue_end = offset + m.start(), offset + m.end()
                obj = self._nearest(text, spans, cue_start, before=True, allowed=relation.range)
                subj = self._nearest(text, spans, cue_end, before=False, allowed=relation.domain)
                if obj and subj and subj.entity != obj.entity:
                    taken.append((cue_start, cue_end))
                    out.append(self._proposal(text, relation, subj, obj, m.group(0), "passive", cue_start))
        if cues.active is not None:
            for m in cues.active.finditer(sentence):
                cue_start, cue_end = offset + m.start(), offset + m.end()
                if any(s <= cue_start < e for s, e in taken):
                    continue
                subj = self._nearest(text, spans, cue_start, before=True, allowed=relation.domain)
                obj = self._nearest(text, spans, cue_end, before=False, allowed=relation.range)
                if subj and obj and subj.entity != obj.entity:
                    out.append(self._proposal(text, relation, subj, obj, m.group(0), "active", cue_start))
        return out

    def _nearest(self, text: str, spans: list[Span], at: int, before: bool, allowed: frozenset) -> Span | None:
        """The entity of an ``allowed`` type nearest to the cue on one side, within REACH and
        within its clause: no clause break between them (before the cue, not even a comma or an
        "and": "the Guard arrived, and officials said" is not the Guard saying)."""
        if before:
            near = [s for s in spans if s.end <= at and at - s.end <= REACH and self.fits(s, allowed)
                    and not _SUBJECT_BREAK.search(text[s.end:at])]
            return max(near, key=lambda s: s.end) if near else None
        near = [s for s in spans if s.start >= at and s.start - at <= REACH and self.fits(s, allowed)
                and not _CLAUSE_BREAK.search(text[at:s.start])]
        return min(near, key=lambda s: s.start) if near else None

    def _proposal(self, text: str, relation: Relation, subj: Span, obj: Span, cue: str, rule: str,
                  cue_start: int) -> Proposal:
        start, end = min(subj.start, obj.start), max(subj.end, obj.end)
        negated = bool(_NEGATION.search(text[max(0, cue_start - 40):cue_start]))
        return Proposal(relation.name, subj.entity, (obj.entity,), start, end, CONFIDENCE[rule],
                        " ".join(cue.split()), rule, negated)

    def _patterns(self, offset: int, sentence: str, spans: list[Span], relation: Relation) -> list[Proposal]:
        if not relation.patterns:
            return []
        by_offsets = {(s.start - offset, s.end - offset): s for s in spans}
        names = "|".join(sorted({re.escape(sentence[a:b]) for a, b in by_offsets}, key=lambda n: (-len(n), n)))
        out = []
        for pattern in relation.patterns:
            regex = _pattern_regex(pattern, names)
            if regex is None:
                continue
            for m in regex.finditer(sentence):
                subj = by_offsets.get(m.span("subject"))
                obj = by_offsets.get(m.span("object"))
                if subj is None or obj is None or subj.entity == obj.entity:
                    continue
                if not (self.fits(subj, relation.domain) and self.fits(obj, relation.range)):
                    continue
                role = m.group("role") if "role" in regex.groupindex else None
                start, end = offset + m.start("all"), offset + m.end("all")
                out.append(Proposal(relation.name, subj.entity, (obj.entity,), start, end, CONFIDENCE["pattern"],
                                    pattern, "pattern", role=role))
        return out


def _words(phrase: str) -> str:
    """A phrase as a regular expression: its words in order, any white space between them."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


_ROLE = r"(?P<role>[A-Za-z][\w.'\u2019-]*(?:\s+[A-Za-z][\w.'\u2019-]*){0,3})"


def _pattern_regex(pattern: str, names: str) -> re.Pattern[str] | None:
    """A kgb:pattern as a search over a sentence: {subject} and {object} match only the named
    entities' exact words, {role} up to four words. Overlapping matches are all found (the whole
    match is a group inside a look-ahead)."""
    parts = re.split(r"(\{subject\}|\{object\}|\{role\})", pattern)
    if "{subject}" not in parts or "{object}" not in parts or parts.count("{subject}") > 1 \
            or parts.count("{object}") > 1:
        return None  # a pattern with one participant, or one named twice, links no pair
    out = []
    for part in parts:
        if part in ("{subject}", "{object}"):
            out.append(f"(?P<{part[1:-1]}>{names})")
        elif part == "{role}":
            out.append(_ROLE)
        elif part:
            text = re.escape(part).replace("'", "['\u2019]").replace("\\'", "['\u2019]")
            out.append(re.sub(r"(?:\\ )+", r"\\s+", text))
    return re.compile(r"(?=(?P<all>\b" + "".join(out) + r"(?!\w)))", re.I)


# --- grounding: what any extractor's proposals must pass ----------------------------------------

def ground(text: str, proposals: list[Proposal], sentences: list[tuple[int, int]], vocabulary: Vocabulary,
           types: dict[str, str | None]) -> list[dict]:
    """The proposals that hold, as draft statements in the curation format: evidence the
    article's exact words, found once in it (else the whole sentence, if that is found once);
    participants among ``types`` (id -> type name) and of the types the relation allows; one
    statement for each relation and participants (the most confident)."""
    best: dict[tuple, Proposal] = {}
    for p in proposals:
        relation = vocabulary.relations.get(p.relation)
        if relation is None or p.subject not in types or any(o not in types for o in p.objects):
            continue
        if not (_fits(vocabulary, types[p.subject], relation.domain)
                and all(_fits(vocabulary, types[o], relation.range) for o in p.objects)):
            continue
        key = (p.relation, p.subject, p.objects, p.negated)
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    out: list[dict] = []
    ids: set[str] = set()
    for p in sorted(best.values(), key=lambda p: (p.start, p.relation)):
        evidence = _evidence(text, p.start, p.end, sentences)
        if evidence is None:
            continue
        item: dict = {"id": _statement_id(p, ids), "subject": p.subject, "relation": p.relation,
                      "object": p.objects[0] if len(p.objects) == 1 else list(p.objects)}
        if p.role:
            item["role"] = p.role
        if p.negated:
            item["negated"] = True
        item["evidence"] = evidence
        item["confidence"] = p.confidence
        item["why"] = f"{p.rule}: {p.cue!r}"
        out.append(item)
    return out


def _fits(vocabulary: Vocabulary, type_name: str | None, allowed: frozenset) -> bool:
    cls = vocabulary.entity_types.get(type_name or "")
    return cls is not None and vocabulary.fits(cls, allowed)


def _evidence(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> str | None:
    words = text[start:end]
    if words.strip() and text.count(words) == 1:
        return words
    for s, e in sentences:
        if s <= start < e:
            sentence = text[s:e].strip()
            return sentence if sentence and text.count(sentence) == 1 else None
    return None


def _statement_id(p: Proposal, taken: set[str]) -> str:
    relation = re.sub(r"(?<!^)([A-Z])", r" \1", p.relation)  # seizes, concealsIn -> conceals In
    words = " ".join([p.subject, "not" if p.negated else "", relation, *p.objects])
    base = slugify(words, limit=90, empty="statement")
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    taken.add(sid)
    return sid
