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
the draft, and whose types the relation allows; offsets must lie in the text and a confidence
be a probability, whoever proposed them.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from .grounding import Normalized, normalize
from .names import slugify
from .places import adjective
from .namespaces import KGB

if TYPE_CHECKING:
    from rdflib import URIRef

    from .ontology import Relation, Vocabulary


@dataclass(frozen=True)
class Span:
    """An entity named in the text: where, which (its id), and its type's name (None: unknown)."""

    start: int
    end: int
    entity: str
    type: str | None
    whole: tuple[int, int] | None = None  # the written name it was cut from (split_compounds)


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
    words: str | None = None  # a quotation's or a claim's words, for relations of someone's words
    former: bool = False  # an office held no more ("former director")


class Extractor(Protocol):
    """What proposes statements: the text, its sentences (start, end) and the entities named."""

    def propose(self, text: str, sentences: list[tuple[int, int]], spans: list[Span]) -> list[Proposal]: ...


# --- English verb forms ------------------------------------------------------------------------

_BE = ("be", "is", "are", "was", "were", "been", "being")
# Confidence by rule: a construction of the model fits tighter than a verb between two names,
# and the passive's "by" names its agent outright. Chosen by hand; benchmarks/draft_quality.py
# measures what they are worth.
CONFIDENCE = {"active": 0.7, "passive": 0.75, "owned": 0.7, "pattern": 0.6, "elided": 0.5}
# A further count added to a statement with "and another" (a further, an additional) before any
# clause break: "moved 1,650 members to Ciudad Juárez, Chihuahua, and another 1,000 to Nuevo León".
_ANOTHER = re.compile(r"[^;:.!?\"\u201c\u201d\u2014\u2013]*?,?\s+and\s+"
                      r"(?P<more>(?P<word>another|a\s+further|an\s+additional)\s+\d[\d,.]*(?:\s+(?:million|thousand))?"
                      r"(?:\s+(?:to|in|at|for|from)\s+(?:the\s+)?(?:[a-z]+\s+of\s+)?"
                      r"[A-Z][\w\u00c0-\u00ff'\u2019.-]*(?:\s+[A-Z][\w\u00c0-\u00ff'\u2019.-]*){0,3})?)")
# A count compared with another of its sentence, its verb's participle alone after it and no
# agent: "than the 1,800 pounds seized in January", "up from 12 tonnes seized a year earlier"; or a
# share of it: "Of the ten tonnes seized by CBP, about 60% was confiscated at Nogales".
_COUNT_BEFORE = re.compile(r"(?:\bthe\s+)?\b\d[\d,.]*(?:\s+(?:million|billion|thousand))?(?:\s+[a-z]+){1,2}\s+$"
                           r"|(?:\b(?:about|nearly|almost|roughly|some|more\s+than)\s+)?\b\d[\d.]*\s*(?:%|percent)"
                           r"(?:\s+of\s+(?:it|them))?\s+(?:was|were)\s+$")
# Participants farther apart than this many characters from the cue are left alone: a sentence
# of news names many entities, and the nearest one to a verb is its argument far more often.
REACH = 80
# What ends the clause of a verb's argument: between the subject and the verb, a comma, a colon, a
# dash or a conjunction; between the verb and its object, a semicolon, a colon, a dash or the end
# of a sentence.
_SUBJECT_BREAK = re.compile(r"[,;:\u2014\u2013()]|\s-\s|\b(?:and|but|or|while|who|which|that|as)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\u2014\u2013()]|\s-\s|[.!?]\s")
# A verb's object follows it with no preposition between ("seized 310 pounds of fentanyl" has only
# a quantity's "of"); a name after one is where or when, not what (a cue that ends in a preposition,
# "be located in", holds its own).
_PREPOSITION = re.compile(r"\b(?:in|at|to|from|on|near|into|for|with|by|along|across|through|after|before)\b",
                          re.I)
# ... except the goods of a country after a cue that ends in "on" or "against" (tariffs "on goods
# from Mexico", "on most imports from Canada", "on Mexico's exports" being the usual ways news
# writes tariffs on a country): the country is the cue's object.
_CUE_ON = re.compile(r"\b(?:on|against)$", re.I)
_GOODS_OF = re.compile(r"\s+(?:(?:the|most|all|some|many|more|other)\s+)?(?:[a-z]+\s+)?"
                       r"(?:goods|imports|products|exports|shipments|steel|aluminum|cars|vehicles)\s+"
                       r"(?:from|of|made\s+in)\s+(?:the\s+)?", re.I)
# Names coordinated: "X and Y", "X, Y and Z", "X or Y", with a count or a few words of their own
# between ("42 pounds of fentanyl and 11,500 fentanyl pills"), no clause or preposition.
_AND = re.compile(r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
                  r"(?:(?!(?:who|which|that|is|are|was|were|has|have|had|will|would|said|says|to|by|in|at|from|"
                  r"with|for|on|not)\b)[\w.,%'\u2019-]+\s+){0,4}", re.I)
_CONJUNCTION = re.compile(r"\b(?:and|or)\b", re.I)
# A name denied after the named ones: "..., not by migrants"; "rather than to the military".
_DENIED = re.compile(r"\s*(?:[,\u2014\u2013]\s*|\s-\s)?(?:(?:and|but)\s+)?(?:not|rather\s+than|instead\s+of)\s+"
                     r"(?:(?:by|to|with|from|at|in|on|of|through)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}", re.I)
# "it" as a passive's subject, right before its verb ("it is overwhelmingly smuggled by").
_IT = re.compile(r"\bit(?:\s+(?:is|was|has\s+been|had\s+been))?(?:\s+\w+ly)?\s*$", re.I)
# Between an object and the subject of its relative clause without "that" ("the troops President
# Sheinbaum promised to send"): a space and at most a capitalised title. The object is a common
# noun's ("troops", "fentanyl"): a capitalised word before a title qualifies it ("Mexican President").
_FRONTED = re.compile(r"\s+(?:[A-Z][\w.]*\s+){0,2}")
# A name's acronym in parentheses after it, which parts it from its verb by no clause: "U.S.
# Customs and Border Protection (CBP) seized".
_ACRONYM = re.compile(r"^\s*\([A-Z][A-Z.&]{1,9}\)")
# A relative clause's verb has the name before "who" or "which" for its subject: "David Hathaway,
# who commands the National Guard"; "the agency, which seized".
_RELATIVE = re.compile(r",?\s+(?:who|which)\s+(?:(?:also|now|still|has|have|had|\w+ly)\s+){0,2}")
# A verb after an arrest or a charge ("arrested the driver for attempting to smuggle", "charged
# them with trafficking") is the act of the one arrested, not of the subject before.
_ACCUSED = re.compile(r"\b(?:arrest|charg|accus|convict|indict|sentenc|detain|jail|prosecut|suspect)\w*\b[^,;:.]*"
                      r"\b(?:for|with|of)\s+(?:(?:attempting|trying|conspiring|plotting)\s+to\s+)?$", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|got|get|gets)\s+(?:\w+ly\s+)?$", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no longer|n['\u2019]t)\s+(?:\w+\s+){0,2}$", re.I)


# A cue of an office names the office after its verb in parentheses: "command (commander)".
_OFFICE = re.compile(r"\s*\(([^()]+)\)\s*$")


def office_of(cue: str) -> tuple[str, str | None]:
    """A cue without the office it names, and that office: "command (commander)" -> ("command",
    "commander"); "seize" -> ("seize", None)."""
    m = _OFFICE.search(cue)
    return (cue[:m.start()], m.group(1).strip()) if m else (cue, None)


def _split(cue: str) -> tuple[str, list[str], str]:
    """A cue's verb, its irregular past forms, and the rest of the phrase: "hold/held off on" ->
    ("hold", ["held"], "off on"); "threaten tariffs on" -> ("threaten", [], "tariffs on")."""
    cue = office_of(cue)[0]
    pieces = [p.strip() for p in cue.split("/")]
    if len(pieces) == 1:
        verb, _, rest = pieces[0].partition(" ")
        return verb, [], rest
    last, _, rest = pieces[-1].partition(" ")
    return pieces[0], [*pieces[1:-1], last], rest


# A cue written as a noun has its owner before it, written "one's" in the model ("one's threat to
# impose ... tariffs on": "his threat to impose tariffs on", "Trump's threats of tariffs on").
_ONES = "one's "


def noun_forms(cue: str) -> list[str]:
    """The written forms of a cue written as a noun ("one's threat of ... tariffs on" -> "threat of
    ... tariffs on", "threats of ... tariffs on"), without the owner; none for a verb's cue. A noun's
    plural is spelled as a verb's third person is ("threats", "seizures", "pauses")."""
    if not cue.startswith(_ONES):
        return []
    noun, _, rest = cue[len(_ONES):].partition(" ")
    tail = f" {rest}" if rest else ""
    return sorted({noun + tail, _third_person(noun) + tail}, key=lambda f: (-len(f), f))


def verb_forms(cue: str) -> list[str]:
    """Every written form of a cue ("send/sent" -> send, sends, sending, sent; "seize" -> seize,
    seizes, seized, seizing); in a phrase, its first word is the verb ("threaten tariffs on").
    Forms after a slash stand for the past and the participle, in place of the regular "-ed". A
    cue written as a noun has none (see noun_forms)."""
    if cue.startswith(_ONES):
        return []
    verb, irregular, rest = _split(cue)
    past = irregular or [_past(verb)]
    heads = list(_BE) if verb == "be" else [verb, _third_person(verb), _gerund(verb), *past]
    tail = f" {rest}" if rest else ""
    return sorted({h + tail for h in heads}, key=lambda f: (-len(f), f))


def participles(cue: str) -> list[str]:
    """The forms a cue takes after "was" in the passive ("seized", "sent", "hidden"); a noun's, none."""
    if cue.startswith(_ONES):
        return []
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


# A cue's "..." before a preposition is where the verb's object goes ("hide ... in"; not so
# "threaten ... tariffs on", whose object is "tariffs").
_OBJECT_GAP = re.compile(r"\.\.\.\s+(?:in|inside|into|within|as|on|onto|to|at|by|with|from|for|through)\b", re.I)


# --- the cue extractor -------------------------------------------------------------------------

@dataclass
class _Cues:
    relation: Relation
    active: re.Pattern[str] | None
    passive: re.Pattern[str] | None
    offices: dict[str, str]  # a written form of a cue -> the office it names ("commands" -> commander)
    # a cue's participle with nothing where its object goes ("hidden in" of "hide ... in"): a
    # participle phrase describing what stands before it ("pills hidden in a trailer"), not an active verb
    objectless: frozenset[str]
    needs_role: bool  # the relation's statements must name an office: a cue naming none proposes nothing
    participles: frozenset[str]  # its past participles, written alone ("seized"): see CueExtractor._elided
    nouns: re.Pattern[str] | None  # its nouns ("deployment"): see CueExtractor._ordered
    # a cue written as a noun after its owner: "his" (group "owner") or a name's "'s" before it
    owned: re.Pattern[str] | None = None


class CueExtractor:
    """Statements from the model's cue words and patterns, within one sentence.

    - active: ``SUBJECT ... cue ... OBJECT`` ("Mexico deployed 10,000 troops");
    - passive: ``OBJECT was cue by SUBJECT`` ("fentanyl was seized by CBP officers");
    - owned: ``SUBJECT's cue ... OBJECT`` of a cue written as a noun ("Trump's threat to impose
      tariffs on Mexico"; "his threat ...": the person "his" stands for, see :func:`pronouns`);
    - pattern: a kgb:pattern whose participants are exactly named entities ("Nogales, Arizona");
    - a cue's participle with no agent ("drugs hidden in spare tires"): the smugglers named before it,
      else ``smugglers`` (the registry's smugglers in general, as (id, type name)) where the article
      arrests no one (then the one arrested is the agent, who may have no name).

    The subject is the nearest entity before the cue whose type the relation's domain allows,
    the object the nearest after it that its range allows (the reverse in the passive); a "not",
    "never" or "n't" just before the cue marks the statement ``negated``.
    """

    def __init__(self, vocabulary: Vocabulary, smugglers: tuple[str, str] | None = None):
        self.vocabulary = vocabulary
        self.smugglers = smugglers
        self.cues: list[_Cues] = []
        self.patterns: dict[str, list[_Pattern]] = {}
        for relation in sorted(vocabulary.relations.values(), key=lambda r: r.name):
            if relation.statement_class in _SPEAKING:
                continue  # someone's words: the SpeechExtractor's, which gives them their words
            forms = sorted({f for cue in relation.cues for f in verb_forms(cue)}, key=lambda f: (-len(f), f))
            passive = sorted({p for cue in relation.cues for p in participles(cue)}, key=lambda f: (-len(f), f))
            active = re.compile(r"\b(?:" + "|".join(map(_words, forms)) + r")\b", re.I) if forms else None
            # "was seized by", "is overwhelmingly smuggled by", and the reduced "fentanyl seized by CBP"
            by = (re.compile(r"\b(?:(?:is|are|was|were|been|being|be)\s+)?(?:\w+ly\s+)?(?:"
                             + "|".join(map(_words, passive)) + r")\s+(?:\w+ly\s+)?by\b", re.I) if passive else None)
            offices = {f.lower(): office for cue in relation.cues if (office := office_of(cue)[1])
                       for f in [*verb_forms(cue), *participles(cue)]}
            needs_role = KGB.role in _takes(vocabulary, relation.statement_class)
            objectless = frozenset(" ".join(f.replace("...", " ").split()).lower()
                                   for cue in relation.cues if _OBJECT_GAP.search(cue) for f in participles(cue))
            nouns = sorted({f for cue in relation.cues for f in noun_forms(cue)}, key=lambda f: (-len(f), f))
            owned = (re.compile(r"(?:\b(?P<owner>his|her|its|their)|(?<=\w)['\u2019]s)\s+(?:"
                                + "|".join(map(_words, nouns)) + r")\b", re.I) if nouns else None)
            alone = frozenset(p.lower() for cue in relation.cues for p in participles(cue) if " " not in p)
            heads = sorted({f.split()[0] for f in nouns})
            noun = re.compile(r"\b(?:" + "|".join(map(re.escape, heads)) + r")\b", re.I) if heads else None
            self.cues.append(_Cues(relation, active, by, offices, objectless, needs_role, alone, noun, owned))
            self.patterns[relation.name] = [_Pattern(p) for p in relation.patterns]
        # relations of someone's words whose cues this extractor reads ("attribute ... to"): their
        # statements carry the words that follow the verb ("the decline to naloxone")
        self.speaking = {r.name for r in vocabulary.relations.values()
                         if vocabulary.superclasses(r.statement_class) & _SPEAKING}

    def fits(self, span: Span, allowed: frozenset) -> bool:
        cls = self.vocabulary.entity_types.get(span.type or "")
        return cls is not None and self.vocabulary.fits(cls, allowed)

    def propose(self, text: str, sentences: list[tuple[int, int]], spans: list[Span]) -> list[Proposal]:
        out: list[Proposal] = []
        bodies = lambda s: self.fits(s, _BODIES)  # noqa: E731
        people = _its_people(text, spans, bodies)
        people += _staff_alone(text, [*spans, *people], bodies, lambda s: self.fits(s, _FORCES))
        said = pronouns(text, spans, sentences)
        subjects = [p for p in said if text[p.start:p.end].lower() in ("he", "she")]
        owners = {p.start: p for p in [*said, *_its_people(text, spans, bodies, _ITS)] if p not in subjects}
        reported = _reported(text, spans)
        groups = _they(text, [*spans, *people], sentences, lambda s: self.fits(s, _GROUPS))
        taken = {s.start for s in reported}
        # "he", "it", "the troops": stand-ins of names
        stand_ins = {*subjects, *reported, *people, *(s for s in groups if s.start not in taken)}
        ordered = sorted([*spans, *stand_ins], key=lambda s: s.start)
        named = next((s.start for s in ordered if self.fits(s, _SUBSTANCES) and not _drugs(text, s)), len(text))
        # "seized the vehicle and the drugs" after "42 pounds of fentanyl": the drugs named before
        # again, whose own statements stand; not drugs in general
        again = [s for s in ordered if s.start > named and _drugs(text, s)
                 and _DEFINITE.search(text, max(0, s.start - 8), s.start)]
        ordered = [s for s in ordered if s not in again]
        # ... which, as the object of an act no statement of the finding has ("arrested the driver for
        # attempting to smuggle the narcotics"), are every drug named before them
        substances = [s for s in spans if self.fits(s, _SUBSTANCES) and not _drugs(text, s)]
        drugs_again = {s.start: (s, tuple(dict.fromkeys(d.entity for d in substances if d.end <= s.start)))
                       for s in again}
        owned = sorted(owners)
        arrested = next((s for s in spans if self.fits(s, _PEOPLE) and _arrested(text, s)), None)
        i = 0
        for start, end in sentences:
            while i < len(ordered) and ordered[i].start < start:
                i += 1
            j = i
            while j < len(ordered) and ordered[j].end <= end:
                j += 1
            inside = ordered[i:j]
            if len(inside) + bisect.bisect_left(owned, end) - bisect.bisect_left(owned, start) < 2:
                continue  # a statement needs two: names, or a name and an owner ("his threat to ... Mexico")
            sentence = text[start:end]
            whole = [s for s in inside if s not in stand_ins] + _possessed(text, inside)  # a pattern's: names
            names = [s for s in inside if s.whole is None]  # a verb's arguments: names as written
            for cues in self.cues:
                out += self._verbs(text, start, sentence, names, cues, inside, arrested, drugs_again)
                out += self._owned(text, start, sentence, names, owners, cues, inside)
                out += self._patterns(text, whole, cues.relation)
        return out

    def _verbs(self, text: str, offset: int, sentence: str, spans: list[Span], cues: _Cues,
               parts: list[Span], arrested: Span | None = None,
               drugs_again: Mapping[int, tuple[Span, tuple[str, ...]]] | None = None) -> list[Proposal]:
        """``arrested``: the person the article arrests, if it names one (see _arrested);
        ``drugs_again``: "the drugs" after drugs were named, by start: (its span, the drugs named)."""
        relation = cues.relation
        out, taken, ordered = self._passives(text, offset, sentence, spans, cues)
        if cues.active is not None:
            for m in cues.active.finditer(sentence):
                cue_start, cue_end = offset + m.start(), offset + m.end()
                if any(s <= cue_start < e for s, e in taken):
                    continue
                if " ".join(m.group(0).split()).lower() in cues.objectless:
                    out += self._participle(text, offset, spans, relation, m.group(0), cue_start, cue_end, arrested)
                    continue
                subj = (self._nearest(text, spans, cue_start, before=True, allowed=relation.domain)
                        or agent_before(text, spans, cue_start, offset, lambda s: self.fits(s, relation.domain)))
                accused = _ACCUSED.search(text, max(subj.end, cue_start - REACH), cue_start) if subj else None
                if accused is not None and not _PASSIVE_BEFORE.search(text, max(0, accused.start() - 20),
                                                                      accused.start()):
                    subj = None  # "officers arrested the driver for attempting to smuggle": the driver's act
                    # ("a man was sentenced ... for smuggling": the man's own)
                obj = self._object(text, spans, parts, cue_end, relation.range, subj)
                role = cues.offices.get(" ".join(m.group(0).split()).lower())
                if cues.needs_role and role is None:
                    continue  # "runs a shelter": an office the build would refuse without its name
                if subj and obj and subj.entity != obj.entity:
                    out += self._coordinated(text, spans, relation, self._conjoined(text, spans, subj, relation.domain),
                                             obj, m.group(0), "active", cue_start, role)
                elif subj is not None and obj is None and drugs_again and subj.type == "Person" \
                        and _ACCUSED.search(text, max(0, subj.start - REACH), cue_start):
                    out += self._accused_of(text, relation, subj, m.group(0), cue_start, cue_end, drugs_again)
                elif subj is None and m.group(0).lower() in cues.participles:
                    out += self._elided(text, offset, out, relation, m.group(0), cue_start, cue_end)
        for cue_start, subj, cue in ordered:
            out += self._ordered(text, offset, out, cues, cue, cue_start, subj)
        out += [another for p in out if p.rule in ("active", "passive")
                for another in self._another(text, offset + len(sentence), p)]
        return out

    def _passives(self, text: str, offset: int, sentence: str, spans: list[Span], cues: _Cues
                  ) -> tuple[list[Proposal], list[tuple[int, int]], list[tuple[int, Span, str]]]:
        """(proposals of the passive cues in ``sentence``, where those cues stand, the passive cues
        with an agent and no object before them: (start, agent, cue))."""
        out: list[Proposal] = []
        taken: list[tuple[int, int]] = []
        ordered: list[tuple[int, Span, str]] = []
        relation = cues.relation
        for m in cues.passive.finditer(sentence) if cues.passive is not None else ():
            cue_start, cue_end = offset + m.start(), offset + m.end()
            obj = self._passive_object(text, spans, offset, cue_start, m.group(0), relation.range)
            subj = self._nearest(text, spans, cue_end, before=False, allowed=relation.domain)
            words = [w for w in m.group(0).lower().split()[:-1] if w not in _BE and not w.endswith("ly")]
            role = cues.offices.get(" ".join(words))
            if cues.needs_role and role is None:
                continue
            if obj and subj and subj.entity != obj.entity:
                taken.append((cue_start, cue_end))
                out += self._coordinated(text, spans, relation, [obj], subj, m.group(0), "passive", cue_start, role)
            elif obj is None and subj is not None:
                ordered.append((cue_start, subj, m.group(0)))
        return out, taken, ordered

    def _accused_of(self, text: str, relation: Relation, subj: Span, cue: str, cue_start: int, cue_end: int,
                    drugs_again: Mapping[int, tuple[Span, tuple[str, ...]]]) -> list[Proposal]:
        """The act one arrested is accused of, on "the drugs" named before ("arrested the driver for
        attempting to smuggle the narcotics": the driver smuggles the fentanyl and the
        methamphetamine the article named), where the relation takes drugs."""
        the = _DRUGS_AFTER.match(text, cue_end)
        found = drugs_again.get(the.end()) if the else None
        if found is None or not found[1] or not self.fits(found[0], relation.range):
            return []
        p = self._proposal(text, relation, subj, found[0], cue, "active", cue_start)
        return [replace(p, objects=found[1])]

    @staticmethod
    def _another(text: str, end: int, p: Proposal) -> list[Proposal]:
        """A further count its clause adds to a statement ("moved 1,650 members to Juárez, and
        another 1,000 to Nuevo León"): the same statement at that count (see _ANOTHER)."""
        m = _ANOTHER.match(text, p.end, min(end, p.end + REACH))
        if m is None:
            return []
        return [Proposal(p.relation, p.subject, p.objects, m.start("more"), m.end(), CONFIDENCE["elided"],
                         m.group("word"), "elided", role=p.role)]

    @staticmethod
    def _ordered(text: str, offset: int, earlier: list[Proposal], cues: _Cues, cue: str, cue_start: int,
                 subj: Span) -> list[Proposal]:
        """The relation's noun and its passive cue with an agent, no object ("sent 600 troops, part
        of a larger deployment ordered by President Trump"): the agent's statement of what the
        sentence's statement before it moved."""
        noun = None
        if cues.nouns is not None:
            noun = max(cues.nouns.finditer(text, max(offset, cue_start - REACH), cue_start),
                       key=lambda n: n.start(), default=None)
        before = [p for p in earlier if noun is not None and p.relation == cues.relation.name and not p.negated
                  and p.end <= noun.start() and subj.entity not in (p.subject, *p.objects)]
        if noun is None or not before:
            return []
        return [Proposal(cues.relation.name, subj.entity, before[-1].objects, noun.start(), subj.end,
                         CONFIDENCE["elided"], cue, "elided")]

    @staticmethod
    def _elided(text: str, offset: int, earlier: list[Proposal], relation: Relation, cue: str, cue_start: int,
                cue_end: int) -> list[Proposal]:
        """A count the sentence compares with one of its statements, by the cue's participle alone
        ("seized 1,120 pounds in February, 38% less than the 1,800 pounds seized in January"): the
        same relation between the same participants, at its own count (see _COUNT_BEFORE)."""
        count = _COUNT_BEFORE.search(text, max(offset, cue_start - 60), cue_start)
        if count is None:
            return []
        before = [p for p in earlier if p.relation == relation.name and not p.negated and p.end <= count.start()]
        if not before:
            return []
        p = before[-1]
        return [Proposal(relation.name, p.subject, p.objects, count.start(), cue_end, CONFIDENCE["elided"], cue,
                         "elided")]

    def _participle(self, text: str, offset: int, spans: list[Span], relation: Relation, cue: str,
                    cue_start: int, cue_end: int, arrested: Span | None = None) -> list[Proposal]:
        """A participle phrase with no agent of its own ("drugs hidden in petrol tanks", "fentanyl,
        hidden in passenger cars"): the agent is the smugglers named before it in its sentence
        ("the tactics traffickers employ, from drugs hidden in"; "the cartels were moving fentanyl
        in small loads, hidden in"), never the agency that found the drugs."""
        if _JOINED_PARTICIPLE.search(text, max(offset, cue_start - 8), cue_start):
            return []  # "tucked within X or concealed inside Y": Y is the first participle's, with X
        obj = self._nearest(text, spans, cue_end, before=False, allowed=relation.range)
        if obj is not None and (_PREPOSITION.search(text, cue_end, obj.start)
                                or _CONJUNCTION.search(text, cue_end, obj.start)):
            obj = None  # "hidden in stacks of tortillas or concealed inside axles": not the axles
        agents = [s for s in spans if offset <= s.start and s.end <= cue_start
                  and self.fits(s, relation.domain) and self.fits(s, _SMUGGLERS)]
        if obj is None:
            return []
        if agents:
            subj = max(agents, key=lambda s: s.end)
        elif self.smugglers is not None and not _ARRESTED.search(text):
            subj = Span(cue_start, cue_start, *self.smugglers)  # no words of its own: the cue's
        elif arrested is not None and self.fits(arrested, relation.domain):
            subj = Span(cue_start, cue_start, arrested.entity, arrested.type)  # the one arrested
        else:
            return []
        return self._coordinated(text, spans, relation, [subj], obj, cue, "pattern", cue_start, None)

    def _owned(self, text: str, offset: int, sentence: str, spans: list[Span], owners: dict[int, Span],
               cues: _Cues, parts: list[Span]) -> list[Proposal]:
        """Statements of a cue written as a noun, its subject its owner: the person or body an
        owner's pronoun stands for (``owners``, by offset), or the name before "'s"."""
        out: list[Proposal] = []
        relation = cues.relation
        for m in cues.owned.finditer(sentence) if cues.owned is not None else ():
            cue_start, cue_end = offset + m.start(), offset + m.end()
            if m.group("owner"):
                subj = owners.get(offset + m.start("owner"))
            else:
                subj = next((s for s in spans if s.end == cue_start), None)
            obj = self._object(text, spans, parts, cue_end, relation.range)
            if subj and obj and subj.entity != obj.entity and self.fits(subj, relation.domain):
                cue = m.group(0)[m.end("owner") - m.start() if m.group("owner") else 2:]
                out += self._coordinated(text, spans, relation, [subj], obj, cue, "owned", cue_start, None)
        return out

    def _object(self, text: str, spans: list[Span], parts: list[Span], at: int, allowed: frozenset,
                subject: Span | None = None) -> Span | None:
        """The object of a cue ending at ``at``: the nearest name of an ``allowed`` type after it with
        no preposition between ("commands the troops in Douglas": Douglas is where, not what); else,
        in a relative clause without its "that", the name right before the verb's ``subject`` ("the
        troops President Sheinbaum promised to send", a title between); else, where the cue's words
        run into a name ("threatened tariffs on Mexican imports", the registry's topic), the part of
        that name after them (``parts``: the names and their parts)."""
        obj = self._nearest(text, spans, at, before=False, allowed=allowed)
        if obj is not None and _PREPOSITION.search(text, at, obj.start) and not (
                _CUE_ON.search(text, max(0, at - 8), at) and _GOODS_OF.fullmatch(text, at, obj.start)):
            obj = None
        if obj is None and subject is not None:
            obj = next((s for s in spans if s.end < subject.start and self.fits(s, allowed)
                        and not text[s.start].isupper() and _FRONTED.fullmatch(text, s.end, subject.start)), None)
        if obj is None:
            into = [s for s in parts if s.whole is not None and s.whole[0] < at < s.whole[1] and s.start >= at
                    and self.fits(s, allowed)]
            obj = min(into, key=lambda s: s.start) if into else None
        return obj

    def _nearest(self, text: str, spans: list[Span], at: int, before: bool, allowed: frozenset) -> Span | None:
        """The entity of an ``allowed`` type nearest to the cue on one side, within REACH and
        within its clause: no clause break between them (before the cue, not even a comma or an
        "and": "the Guard arrived, and officials said" is not the Guard saying)."""
        if before:
            near = [s for s in spans if s.end <= at and at - s.end <= REACH and self.fits(s, allowed)
                    and (not _SUBJECT_BREAK.search(_ACRONYM.sub("", text[s.end:at]))
                         or _RELATIVE.fullmatch(text, s.end, at))]
            return max(near, key=lambda s: s.end) if near else None
        near = [s for s in spans if s.start >= at and s.start - at <= REACH and self.fits(s, allowed)
                and not _CLAUSE_BREAK.search(text[at:s.start])]
        return min(near, key=lambda s: s.start) if near else None

    def _passive_object(self, text: str, spans: list[Span], since: int, cue_start: int, cue: str,
                        allowed: frozenset) -> Span | None:
        """The object of a passive cue at ``cue_start`` (its sentence from ``since``): the nearest
        name before it in its clause; or, for a participle phrase after a comma, the name it
        describes ("the fentanyl ... is caught at the ports, carried mostly by U.S. citizens"); or,
        for "it", the nearest name of an ``allowed`` type before it in its sentence: a clause goes
        on with "it" about a thing the sentence named ("the fentanyl ... is intercepted at the
        ports, and it is smuggled by U.S. citizens")."""
        obj = self._nearest(text, spans, cue_start, before=True, allowed=allowed)
        head = text[since:cue_start].rstrip()
        if obj is None and head.endswith(",") and cue.split()[0].lower() not in _BE:
            obj = self._described(text, spans, since, since + len(head) - 1, allowed)
        it = _IT.search(head) if obj is None else None
        if it is not None:
            near = [s for s in spans if since <= s.start and s.end <= since + it.start() and self.fits(s, allowed)]
            obj = max(near, key=lambda s: s.end) if near else None
        return obj

    def _described(self, text: str, spans: list[Span], since: int, at: int, allowed: frozenset) -> Span | None:
        """What a participle phrase after a comma describes: the entity of an ``allowed`` type
        nearest before the comma at ``at`` in its sentence (from ``since``), within REACH, with no
        stronger break than a comma between ("the fentanyl ... is caught at the ports, carried by")."""
        near = [s for s in spans if since <= s.start and s.end <= at and at - s.end <= REACH
                and self.fits(s, allowed) and not _CLAUSE_BREAK.search(text[s.end:at])]
        return max(near, key=lambda s: s.end) if near else None

    def _conjoined(self, text: str, spans: list[Span], first: Span, allowed: frozenset) -> list[Span]:
        """``first`` and the names coordinated before it ("Mexico and the United States sent")."""
        out = [first]
        for s in sorted((s for s in spans if s.end <= first.start), key=lambda s: -s.end):
            link = _AND.fullmatch(text, s.end, out[-1].start)
            if not (link and self.fits(s, allowed) and (len(out) > 1 or _CONJUNCTION.search(link.group(0)))):
                break  # the name nearest the verb is joined by "and" ("According to X, Mexico sent": no)
            out.append(s)
        return out[::-1]

    def _coordinated(self, text: str, spans: list[Span], relation: Relation, before: list[Span], after: Span,
                     cue: str, rule: str, cue_start: int, role: str | None) -> list[Proposal]:
        """Proposals for the participants before the cue (``before``: subjects in the active, the
        object in the passive) and those after it: ``after`` and the names coordinated with it
        ("seized fentanyl and methamphetamine"; "hidden in petrol tanks and spare tires"), one
        statement of them all unless each has its own count ("42 pounds of fentanyl and 6 pounds
        of methamphetamine": a statement each); and one ``negated`` for a name denied after them
        ("by American citizens, not by migrants"; "to naloxone rather than to the troops")."""
        passive = rule == "passive"
        allowed = relation.domain if passive else relation.range
        chain, joined = [after], 1
        for s in sorted((s for s in spans if s.start >= after.end), key=lambda s: s.start):
            link = _AND.fullmatch(text, chain[-1].end, s.start)
            if s.entity != chain[-1].entity and not (link and self.fits(s, allowed)):
                break
            chain.append(s)
            if link and _CONJUNCTION.search(link.group(0)):
                joined = len(chain)
        chain = chain[:joined]  # a list ends with "and": "Sonora, Mexico" is no list
        counted = any(re.search(r"\d", text[a.end:b.start]) for a, b in zip(chain, chain[1:], strict=False))
        groups = [[s] for s in chain] if counted or passive else [chain]
        denied = next((s for s in spans if s.start >= chain[-1].end and self.fits(s, allowed)
                       and _DENIED.fullmatch(text, chain[-1].end, s.start)), None)
        out = []
        for mine, negated in [*((g, False) for g in groups), *([([denied], True)] if denied else [])]:
            for first in before:
                subjects, objects = (mine, [first]) if passive else ([first], mine)
                for subj in subjects:
                    ids = tuple(dict.fromkeys(o.entity for o in objects if o.entity != subj.entity))
                    if not ids:
                        continue
                    p = self._proposal(text, relation, subj, objects[0], cue, rule, cue_start)
                    every = [subj, *objects]
                    start, end = min(x.start for x in every), max(*(x.end for x in every), cue_start + len(cue))
                    words = (text[start if passive else cue_start + len(cue.split()[0]):end].strip() or None
                             if relation.name in self.speaking else None)
                    out.append(replace(p, objects=ids, start=start, end=end, role=role,
                                       negated=p.negated or negated, words=words))
        return out

    def _proposal(self, text: str, relation: Relation, subj: Span, obj: Span, cue: str, rule: str,
                  cue_start: int) -> Proposal:
        start, end = min(subj.start, obj.start), max(subj.end, obj.end)
        negated = bool(_NEGATION.search(text[max(0, cue_start - 40):cue_start]))
        return Proposal(relation.name, subj.entity, (obj.entity,), start, end, CONFIDENCE[rule],
                        " ".join(cue.split()), rule, negated)

    def _patterns(self, text: str, spans: list[Span], relation: Relation) -> list[Proposal]:
        out: list[Proposal] = []
        patterns = self.patterns.get(relation.name, ())
        if not patterns:
            return out
        # The second participant starts within REACH after the first ends: found by bisection,
        # then taken in the spans' own order (every pair was tried before: 'surnames', a sentence
        # of 21 names, spent 13.5 s of 18.9 s here at 50,000 characters).
        order = sorted(range(len(spans)), key=lambda k: spans[k].start)
        starts = [spans[k].start for k in order]
        seconds = [[spans[k] for k in sorted(order[bisect.bisect_left(starts, first.end):
                                                   bisect.bisect_right(starts, first.end + REACH)])]
                   for first in spans]
        for pattern in patterns:
            for first, near in zip(spans, seconds, strict=True):
                for second in near:
                    found = pattern.match(text, first, second)
                    if found is None:
                        continue
                    subj, obj, start, end, role = found
                    if role is not None and any(
                            first.end <= s.start and s.end <= end and not _overlaps(s, second) for s in spans
                            if s.entity not in (first.entity, second.entity)):
                        continue  # "X, a CBP spokesperson in Tucson": the office is in CBP, not Tucson
                    if any(s.start <= second.start < end < s.end for s in spans):
                        continue  # "for the agency's Tucson Field Office": not Tucson, a name goes on
                    if subj.entity == obj.entity or not (self.fits(subj, relation.domain)
                                                         and self.fits(obj, relation.range)):
                        continue
                    if relation.statement_class == KGB.Location and self.fits(subj, _LINES):
                        continue  # "In Arizona, troops at the border": a border lies between places, in none
                    if relation.statement_class == KGB.Location and self._larger(subj, obj):
                        continue  # "between Sonora and Arizona, Nogales saw": no state lies in a town
                    if obj.end >= end and _POSSESSOR.match(text, obj.end):
                        continue  # "director of Mexico's agency": Mexico is the agency's, not the office
                    former = bool(role and _FORMER.match(role))
                    if former and role:
                        role = role[_FORMER.match(role).end():]  # type: ignore[union-attr]  # matched above
                    out.append(Proposal(relation.name, subj.entity, (obj.entity,), start, end,
                                        CONFIDENCE["pattern"], pattern.text, "pattern", role=role, former=former))
        return out


    def _larger(self, a: Span, b: Span) -> bool:
        """Whether place ``a`` is of a kind that holds places of ``b``'s kind (a country holds
        states, a state counties and towns, a town its crossings), so cannot lie in it."""
        ranks = [next((r for r, kind in enumerate(_SIZES) if self.fits(s, frozenset({kind}))), None) for s in (a, b)]
        return None not in ranks and ranks[0] < ranks[1]  # type: ignore[operator]  # both ranked


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# A possessive: "Mexico's" before the name it qualifies ("Mexico's national intelligence agency").
_POSSESSOR = re.compile(r"['\u2019]s\s+\S")
_FORMER = re.compile(r"(?:former|ex-|onetime|one-time)\s*", re.I)


def _possessed(text: str, spans: list[Span]) -> list[Span]:
    """"X's Y" as one span of Y's entity, so that a pattern may take "Mexico's national
    intelligence agency" whole ("director of {object}")."""
    ordered = sorted(spans, key=lambda s: s.start)
    return [Span(a.start, b.end, b.entity, b.type) for a, b in zip(ordered, ordered[1:], strict=False)
            if re.fullmatch(r"['\u2019]s\s+", text[a.end:b.start])]


def split_compounds(text: str, spans: list[Span], names: Mapping[str, tuple[str, str | None]]) -> list[Span]:
    """Names that hold another registered name, each cut in two: the entity's own head and the
    other entity. A place after a comma ("Nogales, Sonora"; "Santa Cruz County, Arizona") or an
    owner in front ("U.S. Customs and Border Protection"; "Mexico's National Guard") is named
    within the name, and the model's patterns ("{subject}, {object}", "{object} {subject}") are
    to see both; the parts come beside the name, which a verb's arguments keep whole. ``names``:
    every registered name and alias -> (id, type name)."""
    out = list(spans)
    for s in spans:
        written = text[s.start:s.end]
        comma = written.rfind(", ")
        tail = names.get(written[comma + 2:]) if comma > 0 else None
        if tail is not None and tail[0] != s.entity:
            out += [Span(s.start, s.start + comma, s.entity, s.type, (s.start, s.end)),
                    Span(s.start + comma + 2, s.end, *tail, (s.start, s.end))]
            continue
        for m in re.finditer(r"(?:['\u2019]s)?\s+", written):
            head = names.get(written[:m.start()])
            if head is not None and head[0] != s.entity and not _PREPOSITION.match(written, m.end()):
                # not before a preposition: "ports of entry on the southwest border" are no
                # ports' own border, but ports that stand on it
                out += [Span(s.start, s.start + m.start(), *head, (s.start, s.end)),
                        Span(s.start + m.end(), s.end, s.entity, s.type, (s.start, s.end))]
                break
    return out


def demonyms(text: str, spans: list[Span], countries: dict[str, str]) -> list[Span]:
    """Adjectives of the registered countries ("American", "Mexican"), each as its country: news
    names a country's president or imports by them ("the American president, Donald Trump"); one
    within a registered name is a part of it (see split_compounds). Formed by English's regular
    rules (``places.adjective``).
    ``countries``: name or alias -> id."""
    forms = {form: eid for name, eid in countries.items() if (form := adjective(name)) is not None}
    if not forms:
        return []
    taken = sorted((s.start, s.end) for s in spans if s.whole is None)
    starts = [t[0] for t in taken]
    out = []
    for m in re.finditer(r"\b(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")\b", text):
        i = bisect.bisect_right(starts, m.start()) - 1
        # within a registered name ("American citizens", "tariffs on Mexican imports"), a part of it
        whole = taken[i] if i >= 0 and taken[i][1] > m.start() else None
        out.append(Span(m.start(), m.end(), forms[m.group(0)], "Country", whole))
    return out

# "he" and "she" stand for a person as a verb's subject, "his" and "her" as a noun's owner ("his
# threat to impose tariffs"); each tells its person's sex.
_PRONOUN = re.compile(r"\b(?:(he|He|his|His)|(she|She|her|Her))\b")
# A pronoun stands for a person named at most this many characters before it: news names a
# person and goes on with "he" or "she" within a sentence or two.
PRONOUN_REACH = 400


def pronouns(text: str, spans: list[Span], sentences: list[tuple[int, int]]) -> list[Span]:
    """"he", "she", "his" and "her", each as a person named before it, by the first rule that
    applies, the pronoun's sex allowing only people of that sex or of none the text has told:

    1. the one such person named within PRONOUN_REACH;
    2. of several, the one named before it in its paragraph: a paragraph that brings in a person
       goes on about them ("Lt. Col. X ... he said." then a paragraph "... the Rev. Y runs a
       shelter. Fewer people come now, he said"; benchmarks/draft_quality.py: one more right
       statement in each mode, on the feature article, and none lost);
    3. of several, the one an earlier pronoun of that sex already stood for: news does not write
       "she" where two women could be meant ("Sheinbaum ... Her strategy ... Trump. She announced");
    4. the one named before it in its sentence, else in the sentence before: news goes on about
       the person it just named ("... the Security Secretary, X, told reporters ... . He said").

    Where none applies, it stands for nobody. The text is read in order, so that each pronoun
    resolved tells the sex of its person to the pronouns after it."""
    people = sorted((s for s in spans if s.type == "Person"), key=lambda s: s.start)
    starts = [s.start for s in people]
    opens = [lo for lo, _ in sentences]
    breaks = [m.start() for m in re.finditer("\n", text)]
    sex: dict[str, str] = {}
    out = []
    for m in _PRONOUN.finditer(text):
        mine = "m" if m.group(1) else "f"
        since = m.start() - PRONOUN_REACH  # bounded work on a hostile run-on sentence
        before = people[bisect.bisect_left(starts, since):bisect.bisect_left(starts, m.start())]
        candidates = {s.entity: s for s in before if s.end <= m.start() and sex.get(s.entity, mine) == mine}
        near = set(candidates)
        told = {e for e in near if sex.get(e) == mine}
        k = bisect.bisect_left(breaks, m.start())
        paragraph = {e for e, s in candidates.items() if k == 0 or s.start > breaks[k - 1]}
        entity = next(iter(near)) if len(near) == 1 else next(iter(paragraph)) if len(paragraph) == 1 \
            else next(iter(told)) if len(told) == 1 else None
        i = bisect.bisect_right(opens, m.start()) - 1
        if entity is None and near and i >= 0:
            for a, b in [(opens[i], m.start()), *([(opens[i - 1], opens[i])] if i > 0 else [])]:
                here = {e for e, s in candidates.items() if a <= s.start and s.end <= b}
                if here:
                    entity = next(iter(here)) if len(here) == 1 else None
                    break
        if entity is not None:
            sex.setdefault(entity, mine)
            out.append(Span(m.start(), m.end(), entity, "Person"))
    return out


# "they" stands for a group or an organisation named in the plural ("the cartels", "active-duty
# troops"): its last word ends in "s".
_THEY_WORD = re.compile(r"\b[Tt]hey\b")
_PLURAL_END = re.compile(r"[a-z]s$")


def _they(text: str, spans: list[Span], sentences: list[tuple[int, int]], fits: Callable[[Span], bool]) -> list[Span]:
    """"they", each as the one group or organisation (what ``fits``) named in the plural before it
    in its sentence, else in the sentence before, a "they" resolved there counting as its name:
    news goes on with "they" about the group it just named ("The cartels are resourceful ... They
    smuggle drugs"; "... sent 600 active-duty troops ... . They do not make arrests. Instead, they
    watch ..."). Where two are named there, or none, it stands for nobody."""
    named = sorted((s for s in spans if s.whole is None and fits(s) and _PLURAL_END.search(text, s.start, s.end)),
                   key=lambda s: s.start)
    starts = [s.start for s in named]
    opens = [lo for lo, _ in sentences]
    resolved: dict[int, dict[str, Span]] = {}  # sentence -> what its "they" stood for
    out = []
    for m in _THEY_WORD.finditer(text):
        i = bisect.bisect_right(opens, m.start()) - 1
        for k, (a, b) in [(i, (opens[i], m.start())), *([(i - 1, (opens[i - 1], opens[i]))] if i > 0 else [])] \
                if i >= 0 else []:
            here = {s.entity: s for s in named[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]
                    if s.end <= b}
            here.update(resolved.get(k, {}))
            if here:
                if len(here) == 1:
                    (s,) = here.values()
                    out.append(Span(m.start(), m.end(), s.entity, s.type))
                    resolved.setdefault(i, {})[s.entity] = s
                break
    return out


# Reported speech goes on with the speaker as "it" or "they": "The Pentagon said Wednesday that it
# would send"; "CBP said they had found". The speaker stands right before the speech verb (an
# acronym in parentheses between), a day or "that" may stand between the verb and the pronoun.
_REPORTED = re.compile(r"\s*(?:\([A-Z][A-Z.&]{1,9}\)\s*)?(?:said|says|announced|stated|confirmed|added)"
                       r"(?:\s+(?:on\s+)?(?:\w+day|today|yesterday))?(?:\s+that)?\s+(it|they)\b", re.I)


def _reported(text: str, spans: list[Span]) -> list[Span]:
    """"it" or "they" after "X said (that)", each as X: whoever reports a plan speaks of itself."""
    out = []
    for s in spans:
        m = _REPORTED.match(text, s.end)
        if m is not None and s.whole is None and s.type not in (None, "Person"):
            out.append(Span(m.start(1), m.end(1), s.entity, s.type))
    return out


# An organisation's people stand for it as a verb's subject: "CBP reported that its officers
# seized"; "Mexico said its troops had found".
_ITS_PEOPLE = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:officers|agents|troops|soldiers|inspectors|"
                         r"personnel|forces|officials|investigators)\b", re.I)
_BODIES = frozenset({KGB.Organization, KGB.Country})
_FORCES = frozenset({KGB.SecurityForce})
_GROUPS = frozenset({KGB.Organization, KGB.Group})
_ITS = re.compile(r"\b(?:its|their)\b", re.I)  # an organisation's or a country's, as a noun's owner
# Places that run between others, so lie in none of them: borders.
_LINES = frozenset({KGB.Border})
# Places by size, the largest first: a place of one kind lies in places of the kinds before it.
_SIZES = (KGB.Country, KGB.State, KGB.County, KGB.City, KGB.BorderCrossing)
# An arrest the article reports: its drugs' smuggler is the one arrested ("arrested the driver").
_ARRESTED = re.compile(r"\b(?:arrested|detained|charged|indicted)\b", re.I)
# The one arrested, named right after the verb ("arrested the driver") or before it, with an
# apposition between ("the driver, a 41-year-old Mexican citizen, was arrested").
_ARRESTED_BEFORE = re.compile(r"\b(?:arrested|detained|charged|indicted)\s+(?:the\s+|an?\s+)?$", re.I)
_ARRESTED_AFTER = re.compile(r"(?:,[^,;:.]{1,60},)?\s+(?:was|were|has\s+been|had\s+been)\s+"
                             r"(?:arrested|detained|charged|indicted)\b", re.I)
_PEOPLE = frozenset({KGB.Person})
_DRUGS_AFTER = re.compile(r"\s+(?:the|these|those)\s+")


def _arrested(text: str, span: Span) -> bool:
    """Whether the article says ``span``'s person was arrested, right where it names them."""
    return bool(_ARRESTED_BEFORE.search(text, max(0, span.start - 20), span.start)
                or _ARRESTED_AFTER.match(text, span.end, span.end + 90))
# Drugs in general, as news names them; after "the" once a drug was named, that drug again.
_DRUGS = frozenset({"drugs", "narcotics", "illicit drugs", "illegal drugs"})
_DEFINITE = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_SUBSTANCES = frozenset({KGB.Substance})


def _drugs(text: str, span: Span) -> bool:
    return text[span.start:span.end].lower() in _DRUGS


# A participle joined to one before it, after that one's object: "hidden in X or concealed in".
_JOINED_PARTICIPLE = re.compile(r"\b(?:and|or)\s+$", re.I)
# Who smuggles when a sentence names no one doing it: groups (traffickers, couriers) and criminal
# organizations, not the agencies and people who find the drugs or speak of them.
_SMUGGLERS = frozenset({KGB.Group, KGB.CriminalOrganization})


def _its_people(text: str, spans: list[Span], fits: Callable[[Span], bool],
                written: re.Pattern[str] = _ITS_PEOPLE) -> list[Span]:
    """"its officers" (or "their agents"; what ``written`` finds) as the organisation or country
    named last before it, within PRONOUN_REACH."""
    bodies = sorted((s for s in spans if s.whole is None and fits(s)), key=lambda s: s.end)
    ends = [s.end for s in bodies]
    out = []
    for m in written.finditer(text):
        i = bisect.bisect_right(ends, m.start()) - 1
        if i >= 0 and m.start() - bodies[i].end <= PRONOUN_REACH:
            out.append(Span(m.start(), m.end(), bodies[i].entity, bodies[i].type))
    return out


# The nouns of an organisation's people, and how the text writes them after its name: "CBP
# officers", "the agency's inspectors".
_STAFF = r"officers|agents|troops|soldiers|deputies|inspectors|investigators|analysts|officials|staff|employees"
_ORG_STAFF = re.compile(rf"(?:['\u2019]s?)?\s+({_STAFF})\b", re.I)
_STAFF_NAMED = re.compile(rf"\b({_STAFF})$", re.I)  # the last word of a name: "active-duty troops"
# The same nouns alone, opening a clause or after "the", a count between ("Officers also found ...",
# "the troops had seized ...", "the 10,000 troops"): after a possessive they are whose it names
# ("its officers": _its_people), after an adjective perhaps others' ("federal officers"), after a
# count alone new ones ("Washington sent 1,500 troops").
_STAFF_ALONE = re.compile(rf"(?:^|(?<=[.!?,;:]\s)|(?<=\bthe\s)(?:\d[\d,.]*\s+)?)({_STAFF})\b", re.I | re.M)
# A force's own people: written alone, where no organisation was written with the noun before,
# they are the security force named last ("1,650 National Guard members ... the troops had seized").
_FORCE_PEOPLE = frozenset({"troops", "soldiers"})


def staff(text: str, spans: list[Span], fits: Callable[[Span], bool]) -> dict[str, list[tuple[int, str]]]:
    """Each noun of an organisation's people -> (offset of the noun, organisation) where the text
    writes an organisation that ``fits`` with it ("CBP officers", "the agency's inspectors") or
    names one by it ("active-duty troops"; "its officers", where ``spans`` has that for its
    organisation), in the text's order."""
    out: dict[str, list[tuple[int, str]]] = {}
    for s in sorted(spans, key=lambda s: s.start):
        m = _ORG_STAFF.match(text, s.end) or _STAFF_NAMED.search(text, s.start, s.end)
        if m and fits(s):
            out.setdefault(m.group(1).lower(), []).append((m.start(1), s.entity))
    return out


def _staff_alone(text: str, spans: list[Span], fits: Callable[[Span], bool],
                 force: Callable[[Span], bool]) -> list[Span]:
    """An organisation's people written without it ("Officers also found ...", "the troops had
    seized ..."), each as the organisation last written before it with the same noun (see
    :func:`staff`): news names the organisation once and goes on with its people. Troops or
    soldiers no organisation was written with are the security force (what ``force`` fits) named
    last before them, within PRONOUN_REACH."""
    written = staff(text, spans, fits)
    types = {s.entity: s.type for s in spans}
    forces = sorted((s for s in spans if s.whole is None and force(s)), key=lambda s: s.end)
    ends = [s.end for s in forces]
    out = []
    for m in _STAFF_ALONE.finditer(text):
        noun = m.group(1).lower()
        found = written.get(noun, [])
        i = bisect.bisect_left(found, (m.start(1), ""))
        if i < len(found) and found[i][0] == m.start(1):
            continue  # the noun of a name ("active-duty troops")
        if i:
            entity = found[i - 1][1]
            out.append(Span(m.start(1), m.end(1), entity, types[entity]))
        elif noun in _FORCE_PEOPLE and (k := bisect.bisect_right(ends, m.start()) - 1) >= 0 \
                and m.start() - forces[k].end <= PRONOUN_REACH:
            out.append(Span(m.start(1), m.end(1), forces[k].entity, forces[k].type))
    return out


# Where a cue writes "...", up to this many words may stand ("paused 25% tariffs on", "attributes
# the decline to"): the words of a verb's own object or a short aside, with no clause break.
GAP_WORDS = 4
_GAP = rf"(?:\s+[^\s,;:!?\"\u201c\u201d()\u2014\u2013]+){{0,{GAP_WORDS}}}?"


def _words(phrase: str) -> str:
    """A phrase as a regular expression: its words in order, any white space between them, and
    up to GAP_WORDS words where it writes "..."."""
    out = ""
    for w in phrase.split():
        out += _GAP if w == "..." else (r"\s+" if out else "") + re.escape(w)
    return out


# A role is up to four words, none of them a word that only joins or ends a noun phrase ("to
# counter what", "on Tuesday" are no offices).
_NOT_ROLE = (r"(?!(?:to|what|that|which|who|whom|whose|on|at|in|for|by|with|from|and|or|but|has|have|had|is|are|was|"
             r"were|be|been|said|says|will|would|can|could|not|this|these|those|it|its|when|where|while|as|"
             r"than|then|also)\b)")
# ... nor an article after its first word, nor a verb's past form other than an office's ("officers
# arrested the driver", "authorities arrested Ovidio Guzmán": no office "arrested the"; "newly
# elected president" is one).
_NOT_PAST = r"(?!(?!(?:elected|appointed|retired|designated|embattled|indicted|acting)\b)[a-z]+ed\b)"
_ROLE = (rf"\b(?P<role>{_NOT_ROLE}{_NOT_PAST}[A-Za-z][\w.'\u2019-]*"
         rf"(?:\s+{_NOT_ROLE}{_NOT_PAST}(?!(?:the|a|an)\b)[A-Za-z][\w.'\u2019-]*){{0,3}})")
# Titles news writes shortened before a name (AP style), as the office's name is written in full.
_TITLE_WORDS = {"gov.": "governor", "sen.": "senator", "rep.": "representative", "gen.": "general",
                "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain", "cmdr.": "commander",
                "adm.": "admiral", "supt.": "superintendent", "atty.": "attorney", "sec.": "secretary",
                "pres.": "president", "dir.": "director", "asst.": "assistant", "dep.": "deputy"}
# How far before its first participant, or after its last, a pattern's own words may reach.
_PATTERN_EDGE = 60


class _Pattern:
    """A kgb:pattern, compiled once: its two participants in their order, and what must stand
    before the first ({role} and words), between them, and after the second."""

    def __init__(self, text: str):
        self.text = text
        parts = re.split(r"(\{subject\}|\{object\})", text)
        slots = [p for p in parts if p in ("{subject}", "{object}")]
        self.valid = sorted(slots) == ["{object}", "{subject}"]
        self.order = [s[1:-1] for s in slots]
        pieces = [p for p in parts if p not in ("{subject}", "{object}")] if self.valid else ["", "", ""]
        self.before = re.compile(f"(?:{_literal(pieces[0])}{_determiner(pieces[0])})$", re.I)
        # "X is a route for Y" holds with an apposition after X: "X, across the river from Z, is ..."
        self.aside = bool(re.match(r"\s+(?:is|are|was|were)\s", pieces[1]))
        self.between = re.compile((_ASIDE if self.aside else "") + _literal(pieces[1]) + _determiner(pieces[1]), re.I)
        self.after = re.compile(_literal(pieces[2]), re.I)

    def match(self, text: str, first: Span, second: Span) -> tuple[Span, Span, int, int, str | None] | None:
        """(subject, object, start, end, role) where the pattern holds with ``first`` and
        ``second`` as its participants in that order, else None."""
        if not self.valid:
            return None
        between = self.between.fullmatch(text, first.end, second.start)
        if between is None and first.whole is not None and first.whole == second.whole \
                and not text[first.end:second.start].strip():
            # a name's owner before it within one written name: "U.S. Customs" is the U.S.'s Customs
            between = self.between.fullmatch("'s ")
        if between is None:
            return None
        if self.aside and text[first.end:between.end()].lstrip().startswith(",") and "," in re.split(
                r"[.!?;:]\s", text[max(0, first.start - _PATTERN_EDGE):first.start])[-1]:
            # an apposition follows the first name of its clause only ("from El Paso, Texas, is": no)
            return None
        before = self.before.search(text, max(0, first.start - _PATTERN_EDGE), first.start)
        after = self.after.match(text, second.end, second.end + _PATTERN_EDGE)
        if before is None or after is None or (after.end() < len(text) and text[after.end() - 1:after.end() + 1]
                                               .isalnum() and after.group(0)):
            return None
        role = next((m.group("role") for m in (before, between, after) if "role" in m.re.groupindex), None)
        if role is not None:
            role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I)  # "the mayor" -> mayor
            role = " ".join(_TITLE_WORDS.get(w.lower(), w) for w in role.split())  # "Gov." -> governor
            role = role[:-1] if role.endswith(".") else role  # the sentence's full stop, not the office's
        slots = dict(zip(self.order, (first, second), strict=True))
        return slots["subject"], slots["object"], before.start(), after.end(), role


# An apposition between commas, of at most two parts ("across the river from El Paso, Texas,"):
# the longest in the test articles has 48 characters, then 6.
_ASIDE = r"(?:,[^,;:()\u2014\u2013]{1,60}(?:,[^,;:()\u2014\u2013]{1,30})?,)?"
# What may stand between a preposition of a pattern and the name after it: "director of the
# agency", "a spokesperson for the agency's Field Office".
_DETERMINER = r"(?:(?:the|its|their|his|her)\s+)?(?:[a-z]+['\u2019]s\s+)?"


def _determiner(piece: str) -> str:
    """The determiner a pattern's piece allows before the name that follows it: one ending in a
    preposition ("{role} of {object}") or in "like" or "as" ("{object} such as {subject}": "ports
    such as the Mariposa crossing") allows one, others nothing."""
    return _DETERMINER if re.search(r"\b(?:of|for|at|in|with|by|from|to|on|like|as)\s$", piece) else ""


# A pattern's "..." : up to GAP_WORDS words, each followed by its white space ("{subject}, on
# ... of {object}": "on the west side of").
_PATTERN_GAP = rf"(?:[^\s,;:!?\"\u201c\u201d()\u2014\u2013]+\s+){{0,{GAP_WORDS}}}?"


def _literal(piece: str) -> str:
    """A pattern's words as a regular expression: white space as any, both apostrophes alike,
    {role} as up to four words, "..." as up to GAP_WORDS words."""
    out = []
    gap = False
    for part in re.split(r"(\{role\}|\.\.\.)", piece):
        if gap:
            part, gap = part.lstrip(), False  # the gap's words end with their own white space
        if part == "...":
            out.append(_PATTERN_GAP)
            gap = True
        elif part == "{role}":
            out.append(_ROLE)
        elif part:
            escaped = re.escape(part).replace("'", "['\u2019]")
            out.append(re.sub(r"(?:\\ )+", r"\\s+", escaped))
    return "".join(out)


# --- offices the registry describes --------------------------------------------------------------

# A registry description that names an office and where it is held: "President of Mexico.",
# "Sheriff of Santa Cruz County, Arizona." (the place then the first name after "of").
_DESCRIBED = re.compile(r"(?:(?:the|a|an)\s+)?(?P<role>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?)\s+of\s+"
                        r"(?:the\s+)?(?P<of>[^,;.]+)")


def described_offices(descriptions: Mapping[str, str],
                      names: Mapping[str, tuple[str, str | None]]) -> dict[str, tuple[str, str]]:
    """Person id -> (office, id of what it is held in), for each description of the form "Office of
    Name" whose Name is registered (``names``: name or alias -> (id, type))."""
    out = {}
    for eid, description in descriptions.items():
        m = _DESCRIBED.match(description.strip())
        held = names.get(m.group("of").strip()) if m else None
        if m and held is not None and held[0] != eid:
            out[eid] = (m.group("role").lower(), held[0])
        elif (owned := _owned_office(description, names)) is not None and owned[1] != eid:
            out[eid] = owned
    return out


# The words that end an office written after its holder's name in a description: where it is held
# ("CBP area port director in Nogales, Arizona").
_OFFICE_END = frozenset({"in", "at", "on", "for", "from", "with", "since", "and", "who", "based"})


def _owned_office(description: str, names: Mapping[str, tuple[str, str | None]]) -> tuple[str, str] | None:
    """(office, id of what it is held in) of a description that names the holder first: "CBP area
    port director in Nogales, Arizona." (the office up to a place's preposition), "Mexico's
    Secretary of Security." (all of it); the longest registered name first."""
    words = description.strip().rstrip(".").split()
    for k in range(min(len(words) - 1, 6), 0, -1):
        owner = " ".join(words[:k])
        possessive = re.sub(r"['\u2019]s$", "", owner)
        held = names.get(possessive)
        if held is None:
            continue
        role = []
        for w in words[k:]:
            if w.lower() in _OFFICE_END or (possessive == owner and w.lower() == "of"):
                break
            role.append(w.lower().strip(","))
        return (" ".join(role), held[0]) if 1 <= len(role) <= 4 else None
    return None


def _office_key(role: str) -> list[str]:
    """An office's words as compared: lower case, titles in full, "secretary of security" as
    "security secretary" (English writes an office either way)."""
    words = [_TITLE_WORDS.get(w.lower(), w.lower()) for w in role.split()]
    if "of" in words:
        i = words.index("of")
        words = words[i + 1:] + words[:i]
    return words


def titled(text: str, spans: list[Span], offices: Mapping[str, tuple[str, str]],
           vocabulary: Vocabulary) -> list[Proposal]:
    """An office a title before a person's name gives ("President Donald Trump", "Gov. Katie
    Hobbs", "the Security Secretary, Omar García Harfuch") or an apposition after it ("Lena
    Whitfield, a spokesperson for the governor"), where the registry describes that person as
    holding it ("President of the United States.", "Mexico's Secretary of Security."): the text
    names the office, the registry what it is held in. Proposed for the relation whose
    statements name an office (kgb:role)."""
    relation = _office_relation(vocabulary)
    if relation is None:
        return []
    out = []
    for s in spans:
        if s.entity not in offices or s.type != "Person":
            continue
        role, held = offices[s.entity]
        key = _office_key(role)
        for first, last, title in _titles(text, s):
            if _office_key(title) == key:
                out.append(Proposal(relation.name, s.entity, (held,), min(first, s.start), max(last, s.end),
                                    CONFIDENCE["title"], title, "title", role=role))
                break
    return out


def role_offices(text: str, roles: list[Span], spans: list[Span], vocabulary: Vocabulary) -> list[Proposal]:
    """The office of a person named by a role alone ("A U.S. Drug Enforcement Administration (DEA)
    officer, who requested anonymity"; ``roles``): the role's noun, held in the organisation the
    phrase names last before it. Proposed for the relation whose statements name an office."""
    relation = _office_relation(vocabulary)
    if relation is None:
        return []
    bodies = frozenset({KGB.Organization})
    out = []
    for r in roles:
        inside = [s for s in spans if r.start <= s.start and s.end <= r.end and s.entity != r.entity
                  and (c := vocabulary.entity_types.get(s.type or "")) is not None
                  and vocabulary.fits(c, bodies) and vocabulary.fits(c, relation.range)]
        if inside:
            noun = text[r.start:r.end].split()[-1].lower()
            out.append(Proposal(relation.name, r.entity, (inside[-1].entity,), r.start, r.end, CONFIDENCE["title"],
                                noun, "title", role=noun))
    return out


def _office_relation(vocabulary: Vocabulary) -> Relation | None:
    """The relation whose statements name an office (kgb:role among their qualifiers)."""
    return next((r for r in sorted(vocabulary.relations.values(), key=lambda r: r.name)
                 if KGB.role in _takes(vocabulary, r.statement_class)), None)


def _takes(vocabulary: Vocabulary, statement_class: URIRef) -> set:
    """The qualifiers the model lets statements of ``statement_class`` carry (kgb:qualifier)."""
    return set(vocabulary.graph.objects(statement_class, KGB.qualifier))


# How far from a name its title may start or end, in characters.
TITLE_REACH = 60
# A title before a name after "the" and before a comma ("the Security Secretary, Omar García
# Harfuch"); an apposition after it ("X, a spokesperson for the governor,"), up to the comma or
# the sentence's end.
_TITLE_THE = re.compile(r"\b[Tt]he\s+([^,;:.!?\n]{1,50}),\s+$")
_TITLE_AFTER = re.compile(r",\s+(?:a|an|the)\s+([^,;:()\n]{1,50}?)(?=[,;:]|\.(?:\s|$)|$)")


def _titles(text: str, s: Span) -> list[tuple[int, int, str]]:
    """(start, end, words) of what may be a name's title: the one to four words right before it
    ("Area Port Director Sandra Keel"), a title after "the" and before a comma, an apposition after it."""
    lo = max(0, s.start - TITLE_REACH)
    words = list(re.finditer(r"[\w.'\u2019-]+", text[lo:s.start]))
    out = []
    if words and not text[lo + words[-1].end():s.start].strip():
        out += [(lo + words[-k].start(), s.start, " ".join(w.group(0) for w in words[-k:]))
                for k in range(1, min(4, len(words)) + 1)]
    if (the := _TITLE_THE.search(text, lo, s.start)) is not None:
        out.append((the.start(), s.start, the.group(1)))
    if (after := _TITLE_AFTER.match(text, s.end, s.end + TITLE_REACH)) is not None:
        out.append((s.end, after.end(1), after.group(1)))
    return out


# A title's office is the registry's, its name the text's: surer than a pattern, less than a verb.
CONFIDENCE["title"] = 0.65


# --- someone's words: quotations and claims -------------------------------------------------

@dataclass(frozen=True)
class Quote:
    """A direct quotation the draft found: where its words stand and who says them (an entity id)."""

    start: int
    end: int
    speaker: str


# "our officers" in a quotation that names nothing else is the speaker's organisation: the one the
# writer names with the same noun before it ("CBP officers seized ..."; "'our officers found it,'
# said X"): see staff().
_OUR_STAFF = re.compile(rf"\b(?:our|we)\s+({_STAFF})\b", re.I)
# "describes X as '...'": the quotation is said of X, whatever its words name; X written as a
# common noun ("his state") is the last entity of that noun's type named before it.
_DESCRIBED_AS = re.compile(r"\s+(\S[^\"\u201c.;:]{0,60}?)\s+as(?:\s+an?)?\s*$")
_COMMON = re.compile(r"(?:his|her|its|their|the|that|this)\s+(state|city|town|country|county|agency)", re.I)
# How many names back "his state" looks for its state: a paragraph of news names about twenty.
COMMON_REACH = 20
_COMMON_TYPE = {"state": "State", "city": "City", "town": "City", "country": "Country", "county": "County",
                "agency": "GovernmentAgency"}
# "We", "our" and "us", but not "US", the country.
_WE = re.compile(r"\b(?:[Ww][Ee]|[Oo][Uu][Rr]|[Uu]s)\b")
# A quotation whose speaker was resolved is a statement of the relation whose statement class is
# kgb:Quotation (commentsOn); a speech verb followed by "that" and a clause ("acknowledges that
# border security helps") one of the relation whose class is kgb:Claim (claimsAbout). Either is
# proposed only where the words, or the sentence around them, name the entity they are about.
CONFIDENCE.update(quotation=0.6, claim=0.55, agreement=0.5)
# A quotation opening with a pronoun ("They smuggle...") right after another by the same speaker
# is about what that one was about, if no more than this many characters lie between them; after
# none, it is about what the pronoun stands for, which its other words do not name ("It is more a
# message to Washington than a strategy" is not about Washington).
CONTINUATION_REACH = 200
# "This" and "that" stand alone ("This is ...") or before a noun ("This time ..."), a determiner
# of a new thing: only before a verb do they point back.
_OPENING_PRONOUN = re.compile(r"\s*+[\"\u201c\u2018']?+\s*+(?:it|they|(?:this|these|those|that)"
                              r"(?=\s+(?:is|was|are|were|"
                              r"has|have|had|will|would|can|could|does|did|means|meant|shows)\b|[,.;:!?]))\b", re.I)
# A quotation opening with "they" that no earlier quotation of its speaker explains ("'They wave,
# they buy coffee, they leave,' said X" after a paragraph about soldiers) is about the group the
# writer named last before it: an agent that is no person, written in the plural ("the soldiers",
# "the cartels") or with its people's plural noun ("the Guard members"), in its paragraph or the
# one before. benchmarks/draft_quality.py: with the speaker's topic carried on to words naming
# nothing (quotations()), three more right statements per mode and two wrong (one a quotation of
# two things, the gold says, of which the draft names one; one that changes the topic).
_THEY = re.compile(r"\s*+[\"\u201c\u2018']?+\s*+they\b", re.I)
_PLURAL = re.compile(r"\b[a-z][a-z-]+s$")  # a common noun's plural: "cartels", not "United States"
_GROUP_NOUN = re.compile(rf"['\u2019]?s?\s+(?:members|{_STAFF})\b", re.I)  # "the Guard members"
_AGENTS = frozenset({KGB.Agent})
# A speech verb after the clause it reports, its subject between a comma and it, a day perhaps
# after it: "They will not make arrests, she said Monday."; "Fewer people come now, he said, but
# those who do are more desperate." (the words go on after "but"). A quotation or a clause break
# before the comma is another construction.
# benchmarks/draft_quality.py: two more right claims with the registry as is, none wrong; without
# the article's entities one right and one wrong (its "Guard" there taken for another state's).
_BEFORE_SAID = re.compile(r"\s+")
_AFTER_SAID = re.compile(r"(?:\s+(?:on\s+)?(?:\w+day|today|yesterday))?\s*(?:[.!?]\s*$|$|,\s+(but|and|yet)\s+)")
_SAID_BREAK = re.compile(r"[\"\u201c\u201d;:]")
# What ends a claim's clause: a quotation mark, a semicolon, a colon, a dash, or a coordinated
# second speech verb ("... is helpful but insists it is ...").
_CLAIM_END = re.compile(r"[;:\"\u201c\u201d\u2014\u2013]|[.!?](?:\s|$)")
# "said that". Reported speech with words between ("told him that", "said Tuesday that") is left
# alone: what such a clause is about was wrong more often than right (benchmarks/draft_quality.py,
# registry as is: statements' precision 0.82 without, 0.76 with, recall 0.29 either way; again
# now: two more statements per mode, none in the gold, none right).
_THAT = re.compile(r",?\s+that\s+")
# Without "that", only a clause opened by a name and a finite verb is a claim about that name
# ("said the cartels were moving ..."): one more right claim per mode of the benchmark, none wrong.
_CLAUSE_VERB = re.compile(r"\s+(?:was|were|is|are|had|has|have|would|will|could|can|did|does|do|may|might|should|"
                          r"must)\b")
# ... or by a determiner, a noun or two and a finite verb ("said the work was less dramatic"): a claim
# only where the sentence gives the speaker an office ("X, who commands the troops, said ..."), about
# the body of that office, whatever the words name ("said the deployment was Mexico's decision" is
# no claim about Mexico). So too a "that" clause naming nothing. benchmarks/draft_quality.py: one
# more right claim in each mode, none wrong.
_DETERMINED = re.compile(rf"\s+(?:the|this|that|our|his|her)(?:\s+[a-z][\w'\u2019-]*){{1,2}}?{_CLAUSE_VERB.pattern}")
# ... or by "its" or "their" and a noun or two before the finite verb ("saying its government was
# not doing enough"): a claim about the owner, the organisation or country named last before it in
# the sentence.
_ITS_CLAUSE = re.compile(rf"\s+(?:its|their)(?:\s+[a-z][\w'\u2019-]*){{1,2}}?{_CLAUSE_VERB.pattern}")
# A speech verb as a participle after a comma ("Trump threatened tariffs on Mexico, saying ...")
# is said by the subject of the clause it hangs on: its first agent with no clause break between
# it and the comma, and no preposition just before it ("officials in Mexico" are not Mexico).
_PARTICIPLE = re.compile(r",\s*$")
_AFTER_PREPOSITION = re.compile(r"\b(?:in|of|at|from|for|on|to|near|with|by)\s+(?:the\s+)?$", re.I)
_BARE = re.compile(r"\s+(?:the\s+)?")
_SPACE = re.compile(r"\s+")
# An apposition or a modifier between a speaker and the verb: "Carlos Matienzo of DataInt, a
# security consultancy, says"; "David Hathaway, sheriff of the county\u2014where ...\u2014questions".
_APPOSITION_START = re.compile(r"\s*(?:,|\u2014|\u2013|\(|\s(?:of|from|at|with|for)\s)")
_APPOSITION_END = re.compile(r"(?:,|\u2014|\u2013|\))\s*(?:(?:also|now|still|however|\w+ly)\s+)?$")
_NOT_APPOSITION = re.compile(r"^\s*,\s*(?:and|but|or|while|as|because|after|before|when|if|then|so|though)\b"
                             r"|[;\"\u201c\u201d]|[.!?]\s", re.I)
# The longest apposition a speaker is looked for across (the Nogales article's longest has 64).
APPOSITION_REACH = 150


# An agreement verb with no partner ("Y concurs.", "Y agrees, noting ...") agrees with the speaker
# quoted last before it in its paragraph, where the subject is a person: "the sides" is no verb.
# How far back, in characters, the quotation answered may end: a sentence or two (the Nogales
# article's "concurs" is about 60 characters after its quotation).
AGREEMENT_REACH = 300
_ALONE = r"(?=\s*(?:[,.;:\u2014\u2013]|\s-\s))"


def _relation_of(vocabulary: Vocabulary, statement_class: object) -> Relation | None:
    return next((r for r in sorted(vocabulary.relations.values(), key=lambda r: r.name)
                 if r.statement_class == statement_class), None)


def agent_before(text: str, spans: list[Span], at: int, since: int, fits: Callable[[Span], bool]) -> Span | None:
    """The entity that is the subject of a verb at ``at``: the nearest one before it with nothing
    but an adverb between (no clause break), else the first of the sentence (from ``since``) that
    only appositions and modifiers part from the verb ("X, the Y of Z, says")."""
    before = [s for s in spans if since <= s.start and s.end <= at and fits(s)]
    direct = [s for s in before if at - s.end <= REACH and not _SUBJECT_BREAK.search(text[s.end:at])]
    if direct:
        return max(direct, key=lambda s: s.end)
    for s in sorted(before, key=lambda s: s.start):
        gap = text[s.end:at]
        if (len(gap) <= APPOSITION_REACH and _APPOSITION_START.match(gap) and _APPOSITION_END.search(gap)
                and not _NOT_APPOSITION.search(gap)):
            return s
    return None


class SpeechExtractor:
    """Statements of someone's words, of the model's relations for quotations and claims.

    - quotation: each direct quotation with a resolved speaker, about the entity named before it
      in the writer's own words ("Sheinbaum's deployment is about '...,' says X"), else about the
      one its words name ("'The cartels are resourceful,' he explains"), else after the speech
      verb; a quotation opening with "it" or "they" right after another of the same speaker is
      about what that one was about; one whose "we", "our" or "us" names nothing is about the
      speaker's organisation (see _ours, _we, _held); one naming nothing else is about what the
      speaker's last quotation was about, else, opening with "they", the group named last before
      it (see _THEY);
    - claim: a speech verb of either relation followed by "that" and a clause, its speaker the
      verb's subject (a participle's: the subject of the clause it follows), about the first
      entity the clause names, or the owner of the "its" opening it, or, naming none, the body
      whose office the sentence gives the speaker (see _DETERMINED); and a clause with its speech
      verb after it ("..., she said"; see _parenthetical);
    - agreement: "Y concurs" with no partner, with the speaker quoted last before it.
    """

    def __init__(self, vocabulary: Vocabulary, smugglers: tuple[str, str] | None = None):
        self.vocabulary = vocabulary
        self.smugglers = smugglers
        self.quotation = _relation_of(vocabulary, KGB.Quotation)
        self.claim = _relation_of(vocabulary, KGB.Claim)
        cues = [c for r in (self.quotation, self.claim) if r is not None for c in r.cues]
        forms = sorted({f for cue in cues for f in verb_forms(cue)}, key=lambda f: (-len(f), f))
        self.said = re.compile(r"\b(?:" + "|".join(map(_words, forms)) + r")\b", re.I) if forms else None
        self.agreement = _relation_of(vocabulary, KGB.Agreement)
        # the cue verbs of facts: a clause reporting one is a statement of its relation, not a claim
        facts = sorted({f for r in vocabulary.relations.values() if r.statement_class not in _SPEAKING
                        for cue in r.cues for f in verb_forms(cue)}, key=lambda f: (-len(f), f))
        self.facts = re.compile(r"\b(?:" + "|".join(map(_words, facts)) + r")\b", re.I) if facts else None
        # "concur with" written without its "with" and its partner: a finite form of the verb
        # before a clause's end ("Corrales concurs, noting ...")
        alone = sorted({f for cue in (self.agreement.cues if self.agreement else []) if cue.endswith(" with")
                        for f in verb_forms(cue.removesuffix(" with")) if f.endswith(("s", "d"))},
                       key=lambda f: (-len(f), f))
        self.agrees = re.compile(r"\b(?:" + "|".join(map(_words, alone)) + r")" + _ALONE) if alone else None

    def fits(self, span: Span, allowed: frozenset) -> bool:
        cls = self.vocabulary.entity_types.get(span.type or "")
        return cls is not None and self.vocabulary.fits(cls, allowed)

    def quotations(self, text: str, sentences: list[tuple[int, int]], spans: list[Span],
                   quotes: list[Quote], proposed: Sequence[Proposal] = ()) -> list[Proposal]:
        """``proposed``: statements other extractors proposed, of which the offices speakers hold."""
        relation = self.quotation
        if relation is None:
            return []
        held = self._held(spans, proposed)
        out: list[Proposal] = []
        previous: tuple[Quote, str | None] | None = None
        said: dict[str, str] = {}  # speaker -> what the speaker's last quotation was about
        spans = sorted(spans, key=lambda s: s.start)
        starts = [s.start for s in spans]
        staff = self._staff(text, spans, relation.range)
        for q in sorted(quotes, key=lambda q: q.start):
            start, end = _sentence_span(text, q.start, sentences)
            obj = None
            if (previous is not None and previous[0].speaker == q.speaker and previous[1]
                    and q.start - previous[0].end <= CONTINUATION_REACH and "\n" not in text[previous[0].end:q.start]
                    and _OPENING_PRONOUN.match(text, q.start)):
                obj = previous[1]
            if obj is None:
                obj = self._about(text, spans, starts, start, q, relation.range,
                                  _OPENING_PRONOUN.match(text, q.start) is None)
            if obj is None:
                obj = (self._ours(text, staff, q) or self._we(text, spans, starts, q, relation.range)
                       or (held.get(q.speaker) if _WE.search(text, q.start, q.end) else None))
            if obj is None:  # words naming nothing go on with the speaker's topic, else with "they"'s
                obj = said.get(q.speaker) or self._they(text, spans, starts, q)
            previous = (q, obj)
            if obj is not None and start < end:
                said[q.speaker] = obj
                out.append(Proposal(relation.name, q.speaker, (obj,), start, end, CONFIDENCE["quotation"],
                                    "quotation marks", "quotation", words=text[q.start:q.end]))
        return out

    def _about(self, text: str, spans: list[Span], starts: list[int], since: int, q: Quote,
               allowed: frozenset, own: bool = True) -> str | None:
        """What a quotation is about: see the class. ``spans`` sorted by start, and their starts:
        only those of the sentence are read. ``own``: whether the words' own names may tell (not
        where a pronoun is their subject: "'It is a message to Washington,' said X" is about what
        "it" stands for, not about Washington)."""

        def within(lo: int, hi: int) -> list[Span]:
            return spans[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

        def named(lo: int, hi: int) -> list[Span]:
            return [s for s in within(lo, hi) if s.end <= hi and s.entity != q.speaker and self.fits(s, allowed)]

        opening = max(since, q.start - 1)
        frame = text[since:opening]
        verb = self.said.search(frame) if self.said else None
        inside = named(q.start, q.end) if own else []
        speaker = any(s.entity == q.speaker for s in within(since, opening))
        if verb is None and not speaker:  # the writer's own words lead to the quotation
            found = named(since, opening) or inside
        else:  # "X said (of Y) ...": what the words name, else what follows the verb
            found = inside or (named(since + verb.end(), opening) if verb else [])
            described = _DESCRIBED_AS.match(frame, verb.end()) if verb else None
            if described:
                lo, hi = since + described.start(1), since + described.end(1)
                common = _COMMON.fullmatch(described.group(1))
                at = bisect.bisect_left(starts, lo)
                found = named(lo, hi) or ([s for s in spans[max(0, at - COMMON_REACH):at]
                                           if s.type == _COMMON_TYPE[common.group(1).lower()]][-1:]
                                          if common else []) or found
        return found[0].entity if found else None

    def _they(self, text: str, spans: list[Span], starts: list[int], q: Quote) -> str | None:
        """What a quotation's opening "they" stands for, where no earlier quotation of the speaker
        tells (see _THEY). ``spans`` sorted by start, and their starts."""
        return self._group_before(text, spans, starts, q.start, q.speaker) if _THEY.match(text, q.start) else None

    def _group_before(self, text: str, spans: list[Span], starts: list[int], at: int, speaker: str) -> str | None:
        """The group written last before ``at`` in its paragraph or the one before: an agent, not
        a person nor the ``speaker``, written as a plural common noun or with its people's noun
        (see _THEY). ``spans`` sorted by start, and their starts."""
        paragraph = text.rfind("\n", 0, max(0, text.rfind("\n", 0, at) - 1)) + 1
        i = bisect.bisect_left(starts, at)
        before = [s for s in spans[max(bisect.bisect_left(starts, paragraph), i - COMMON_REACH):i]
                  if s.entity != speaker and s.type != "Person" and self.fits(s, _AGENTS)
                  and (_PLURAL.search(text, s.start, s.end) or _GROUP_NOUN.match(text, s.end))]
        return before[-1].entity if before else None

    def _held(self, spans: list[Span], proposed: Sequence[Proposal]) -> dict[str, str]:
        """Speaker -> the organisation whose office the ``proposed`` statements say the speaker
        holds (not a former one, not denied): what a "we" speaks for when its paragraph names no
        organisation ("Ana Ruiz, who commands the National Guard, ..." and, paragraphs later,
        "'We will stay,' Ruiz said"). Only where one such organisation is said."""
        office = _relation_of(self.vocabulary, KGB.OfficeHolding)
        bodies = {s.entity for s in spans if self.fits(s, frozenset({KGB.Organization}))}
        found: dict[str, set[str]] = {}
        for p in proposed:
            if office is not None and p.relation == office.name and not p.negated and not p.former:
                found.setdefault(p.subject, set()).update(o for o in p.objects if o in bodies)
        return {person: next(iter(orgs)) for person, orgs in found.items() if len(orgs) == 1}

    def _staff(self, text: str, spans: list[Span], allowed: frozenset) -> dict[str, list[tuple[int, str]]]:
        """:func:`staff`, of the organisations ``allowed``."""
        return staff(text, spans, lambda s: self.fits(s, allowed) and self.fits(s, frozenset({KGB.Organization})))

    @staticmethod
    def _ours(text: str, staff: dict[str, list[tuple[int, str]]], q: Quote) -> str | None:
        """The organisation of a quotation's "our officers": the last one written with that noun
        before the quotation, else the first after it."""
        m = _OUR_STAFF.search(text, q.start, q.end)
        found = staff.get(m.group(1).lower()) if m else None
        if not found:
            return None
        i = bisect.bisect_left(found, (q.start, ""))
        return found[i - 1][1] if i else found[0][1]

    def _we(self, text: str, spans: list[Span], starts: list[int], q: Quote, allowed: frozenset) -> str | None:
        """The organisation a quotation's "we" speaks for: the last one named before it in its
        paragraph, where the writer says who the speaker is ("said X, who commands the National
        Guard. 'This time we will stay'")."""
        if not _WE.search(text, q.start, q.end):
            return None
        paragraph = text.rfind("\n", 0, q.start) + 1
        at = bisect.bisect_left(starts, q.start)
        before = [s for s in spans[max(bisect.bisect_left(starts, paragraph), at - COMMON_REACH):at]
                  if s.entity != q.speaker and self.fits(s, allowed) and self.fits(s, frozenset({KGB.Organization}))]
        return before[-1].entity if before else None

    def claims(self, text: str, sentences: list[tuple[int, int]], spans: list[Span],
               proposed: Sequence[Proposal] = ()) -> list[Proposal]:
        """``proposed``: statements other extractors proposed, of which the offices speakers hold
        (see _DETERMINED)."""
        relation = self.claim
        if relation is None or self.said is None:
            return []
        out: list[Proposal] = []
        resolved = [p for p in pronouns(text, spans, sentences) if text[p.start:p.end].lower() in ("he", "she")]
        ordered = sorted([*spans, *resolved], key=lambda s: s.start)
        starts = [s.start for s in ordered]
        out += self._parenthetical(text, sentences, ordered, starts, relation, self.said)

        def agent(s: Span) -> bool:
            return self.fits(s, relation.domain)

        office = _relation_of(self.vocabulary, KGB.OfficeHolding)
        offices = [p for p in proposed if office is not None and p.relation == office.name and not p.negated
                   and not p.former]
        for lo, hi in sentences:
            for m in self.said.finditer(text, lo, hi):
                that = _THAT.match(text, m.end(), hi) or self._bare_clause(text, ordered, starts, m.end(), hi,
                                                                           relation.range)
                determined = None if that else _DETERMINED.match(text, m.end(), hi)
                that = that or (_SPACE.match(text, m.end(), hi) if determined else None)
                its = None if that else _ITS_CLAUSE.match(text, m.end(), hi)
                if its is not None:
                    that = _SPACE.match(text, m.end(), hi)
                if that is None:
                    continue
                participle = (m.group(0).lower().endswith("ing")
                              and _PARTICIPLE.search(text, max(lo, m.start() - 8), m.start()))
                speaker = ((self._participle_subject(text, ordered, starts, lo, m.start(), agent) if participle
                            else None) or agent_before(text, ordered, m.start(), lo, agent))
                if speaker is None:
                    continue
                stop = _CLAIM_END.search(text, that.end(), hi)
                end = stop.start() if stop else hi
                second = self.said.search(text, that.end(), end)
                if second is not None:  # "... is helpful but insists it is": the first claim ends at "but"
                    head = re.sub(r"(?:,?\s+(?:but|and|yet))?\s*$", "", text[that.end():second.start()])
                    end = that.end() + len(head)
                words = text[that.end():end].strip().rstrip(",")
                about = [s for s in ordered if that.end() <= s.start and s.end <= end and s.entity != speaker.entity
                         and self.fits(s, relation.range)]
                if its is not None:  # the owner of "its", named before it in the sentence
                    about = [s for s in ordered if lo <= s.start and s.end <= m.start() and s.entity != speaker.entity
                             and self.fits(s, relation.range) and self.fits(s, _BODIES)][-1:]
                ids = [s.entity for s in about] if not determined else []
                if not ids:  # words naming nothing: the body whose office the sentence gives the speaker
                    ids = [o for p in offices if p.subject == speaker.entity and lo <= p.start and p.end <= m.start()
                           for o in p.objects][:1]
                if not ids or len(words.split()) < 2:
                    continue
                out.append(Proposal(relation.name, speaker.entity, (ids[0],), speaker.start, end,
                                    CONFIDENCE["claim"], " ".join(m.group(0).split()) + " that" * bool(
                                        that.group(0).strip()), "claim",
                                    words=words))
        return out

    def _parenthetical(self, text: str, sentences: list[tuple[int, int]], spans: list[Span], starts: list[int],
                       relation: Relation, said: re.Pattern[str]) -> list[Proposal]:
        """Claims whose speech verb and its subject follow the clause said ("They will not make
        arrests, she said."; "Fewer people come now, he said, but ..."): about the first entity
        the words name, else the group written last before them (_group_before). Not where the
        clause has a fact's cue verb: a reported fact is a statement of its own relation ("... was
        hidden in cucumbers, Ortega said"). ``spans`` sorted by start (pronouns resolved), and
        their starts; ``said``: the speech verbs."""
        out = []
        for lo, hi in sentences:
            for m in said.finditer(text, lo, hi):
                after = _AFTER_SAID.match(text, m.end(), hi)
                i = bisect.bisect_left(starts, m.start()) - 1
                speaker = spans[i] if i >= 0 else None
                if (after is None or speaker is None or not self.fits(speaker, relation.domain)
                        or not _BEFORE_SAID.fullmatch(text, speaker.end, m.start())):
                    continue
                comma = text.rfind(",", lo, speaker.start)
                head, tail = text[lo:comma].strip(), text[after.end():hi].strip().rstrip(".!?")
                if (comma < lo or _SAID_BREAK.search(text, lo, comma) or len(head.split()) < 3
                        or text[comma:speaker.start].strip() != ","
                        or (self.facts is not None and self.facts.search(text, lo, comma))):
                    continue
                words = f"{head}, {after.group(1)} {tail}" if after.group(1) else head
                named = [*spans[bisect.bisect_left(starts, lo):i],
                         *spans[bisect.bisect_left(starts, after.end()):bisect.bisect_left(starts, hi)]]
                about = [sp.entity for sp in named if (sp.end <= comma or sp.start >= after.end()) and sp.end <= hi
                         and sp.entity != speaker.entity and self.fits(sp, relation.range)]
                obj = about[0] if about else self._group_before(text, spans, starts, lo, speaker.entity)
                if obj is not None:
                    out.append(Proposal(relation.name, speaker.entity, (obj,), lo, hi, CONFIDENCE["claim"],
                                        " ".join(m.group(0).split()), "claim", words=words))
        return out

    def agreements(self, text: str, sentences: list[tuple[int, int]], spans: list[Span],
                   quotes: list[Quote]) -> list[Proposal]:
        """"Y concurs": Y agrees with the speaker of the last quotation before, in its paragraph
        and within AGREEMENT_REACH."""
        relation = self.agreement
        if relation is None or self.agrees is None:
            return []
        out: list[Proposal] = []
        person = frozenset({KGB.Person})
        for lo, hi in sentences:
            for m in self.agrees.finditer(text, lo, hi):
                subject = agent_before(text, spans, m.start(), lo, lambda s: self.fits(s, person))
                before = [q for q in quotes if m.start() - AGREEMENT_REACH <= q.end <= m.start()
                          and "\n" not in text[q.end:m.start()]]
                if subject is None or not before:
                    continue
                last = max(before, key=lambda q: q.start)
                if last.speaker == subject.entity:
                    continue
                out.append(Proposal(relation.name, subject.entity, (last.speaker,), subject.start, m.end(),
                                    CONFIDENCE["agreement"], " ".join(m.group(0).split()), "agreement"))
        return out

    @staticmethod
    def _participle_subject(text: str, spans: list[Span], starts: list[int], lo: int, at: int,
                            fits: Callable[[Span], bool]) -> Span | None:
        """Who says a participle's words at ``at`` (after a comma): see _PARTICIPLE. ``spans``
        sorted by start, and their starts."""
        comma = text.rfind(",", lo, at)
        for s in spans[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, comma)]:
            if (fits(s) and comma - s.end <= REACH and not _SUBJECT_BREAK.search(text, s.end, comma)
                    and not _AFTER_PREPOSITION.search(text, max(lo, s.start - 12), s.start)):
                return s
        return None

    def _bare_clause(self, text: str, spans: list[Span], starts: list[int], at: int, hi: int,
                     allowed: frozenset) -> re.Match | None:
        """Where a reported clause with no "that" starts after a speech verb ending at ``at``: only
        where it opens with a name and its finite verb ("said the cartels were moving ...").
        ``spans`` sorted by start, and their starts."""
        bare = _BARE.match(text, at, hi)
        if bare is None:
            return None
        i = bisect.bisect_left(starts, bare.end())
        first = next((s for s in spans[i:i + 3] if s.start == bare.end() and self.fits(s, allowed)), None)
        if first is None or not _CLAUSE_VERB.match(text, first.end, hi):
            return None
        return _SPACE.match(text, at, hi)


# --- grounding: what any extractor's proposals must pass ----------------------------------------

def ground(text: str, proposals: list[Proposal], sentences: list[tuple[int, int]], vocabulary: Vocabulary,
           types: dict[str, str | None]) -> list[dict]:
    """The proposals that hold, as draft statements in the curation format: evidence the
    article's exact words, found once in it (else the whole sentence, if that is found once);
    participants among ``types`` (id -> type name) and of the types the relation allows; one
    statement for each relation and participants (the most confident). Each carries its
    evidence's offsets as ``start`` and ``end``."""
    best: dict[tuple, Proposal] = {}
    for p in proposals:
        relation = vocabulary.relations.get(p.relation)
        if relation is None or p.subject not in types or any(o not in types for o in p.objects):
            continue
        if not (0 <= p.start < p.end <= len(text) and 0.0 <= p.confidence <= 1.0):  # NaN fails too
            continue
        words = text[p.start:p.end]
        if words != words.strip():  # evidence starts and ends with a word, not the space before it
            start = p.start + len(words) - len(words.lstrip())
            p = replace(p, start=start, end=max(start + 1, p.end - (len(words) - len(words.rstrip()))))
        if not (_fits(vocabulary, types[p.subject], relation.domain)
                and all(_fits(vocabulary, types[o], relation.range) for o in p.objects)):
            continue
        # the same fact told again in another sentence may differ by its qualifiers (another
        # seizure, another year): qualify() drops the repeats that do not; an elided one is another
        # count of its own sentence
        key = (p.relation, p.subject, p.objects, p.negated, p.words, _sentence_span(text, p.start, sentences),
               p.start if p.rule == "elided" else None)
        if key not in best or p.confidence > best[key].confidence:
            best[key] = p
    chosen = sorted(best.values(), key=lambda p: (p.start, p.relation))
    plain = Normalized(text)
    wanted = [text[p.start:p.end] for p in chosen]
    for p in chosen:
        wanted.append(_sentence(text, p.start, sentences))
    found = _occurrences(plain.plain, {normalize(w) for w in wanted if normalize(w)})
    out: list[dict] = []
    ids: set[str] = set()
    for p in chosen:
        # the evidence as the build will look for it: once in the text, quotes and spaces made plain
        where = next((span for span in ((p.start, p.end), _sentence_span(text, p.start, sentences))
                      if text[span[0]:span[1]].strip() and found.get(normalize(text[span[0]:span[1]])) == 1), None)
        if where is None:
            continue
        evidence = text[where[0]:where[1]]
        relation = vocabulary.relations[p.relation]
        speaks = bool(vocabulary.superclasses(relation.statement_class) & _SPEAKING)
        item: dict = {"id": _statement_id(p, ids), "speaker" if speaks else "subject": p.subject,
                      "relation": p.relation, "object": p.objects[0] if len(p.objects) == 1 else list(p.objects)}
        if p.words and speaks:
            item["words"] = p.words
        if p.role:
            item["role"] = p.role
        if p.former:
            item["former"] = True
        if p.negated:
            item["negated"] = True
        item["evidence"] = evidence
        item["confidence"] = p.confidence
        item["why"] = f"{p.rule}: {p.cue!r}"
        item["start"], item["end"] = where
        out.append(item)
    return out


# --- qualifiers: how much, when, where, on whose word ---------------------------------------------

# A count of a statement's object stands at most this many characters before it ("seized 310
# pounds of fentanyl"; "sent about 600 of its troops") or holds it ("10,000 National Guard members").
QUANTITY_REACH = 30
# A place qualifies a statement where a locative word leads to it ("at Mariposa", "to the border
# near Nogales", "in Chihuahua"), at most two words between.
_LOCATIVE = re.compile(r"\b(?:at|in|to|near|along|on|into|inside|outside|across|through)\s+(?:the\s+)?"
                       r"(?:[\w.'\u2019-]+\s+){0,2}$", re.I)
# What ends the clause a qualifier may stand in: a comma or stronger, or a new clause's "and".
# Neither an abbreviation's full stop ("Jan. 14", "Ariz.") nor an acronym's parentheses ("(CBP)") ends it,
# nor a number's comma ("11,500"), nor an "and" before a count: "seized 42 pounds of powder and
# 11,500 pills ... on Jan. 14" is one clause.
_QUALIFIER_BREAK = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;:\u2014\u2013]|\s-\s|(?<!\b[A-Za-z])(?<!\b[A-Z][a-z])"
                              r"(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z][a-z]{3})[.!?](?:\s|$)"
                              r"|\b(?:and(?!\s+\$?\d)|but|while|who|which)\s", re.I)
# A place or a time is the statement's where it stands in its words or at most this many
# characters after them ("... National Guard members to the border"), not in a clause of its own.
QUALIFIER_REACH = 40
# A time reaches further: a date closes its clause after the object's phrases ("seized 42 pounds
# of fentanyl powder and 11,500 fentanyl pills from a pickup truck on Jan. 14": 50 characters).
# 60 took that date and no wrong one in the benchmark's six articles; places at 60 went wrong twice.
TIME_REACH = 60
# Whose word a fact is on: "..., said X", "..., X said", "..., according to (the) X"; "According to X, ...".
_SAID_AFTER = re.compile(r",?\s*(?:said|says|according\s+to|officials\s+said)\s+(?:the\s+)?", re.I)
_SAID_BY = re.compile(r",\s*$")
_SAID_VERB = re.compile(r"\s+(?:said|says)\b", re.I)
_ACCORDING_BEFORE = re.compile(r"\s*according\s+to\s+", re.I)


def qualify(text: str, statements: list[dict], sentences: list[tuple[int, int]], spans: list[Span],
            quantities: list[dict], dates: list[dict], vocabulary: Vocabulary) -> None:
    """Give grounded statements the qualifiers their clause states and their statement class
    takes (kgb:qualifier): the count of the object (``quantity``), the date (``time``), the place
    a locative word leads to (``place``), the drug a statement naming none concerns (``theme``:
    "drugs hidden in petrol tanks"); and, for any fact not someone's own words, whose word
    it is on (``according_to``: "..., said X"). The evidence grows to hold the words it takes."""
    ordered = sorted((s for s in spans if s.whole is None), key=lambda s: s.start)
    starts = [s.start for s in ordered]
    quantities, dates = (sorted(items, key=lambda i: i["start"]) for items in (quantities, dates))
    q_starts, d_starts = [q["start"] for q in quantities], [d["start"] for d in dates]
    begins = sorted(item["start"] for item in statements)
    for item in statements:
        relation = vocabulary.relations.get(item.get("relation", ""))
        measured = item.get("kind") == "Measurement"  # a count or change of its subject, no object
        if (relation is None and not measured) or "speaker" in item:
            continue
        takes = _takes(vocabulary, KGB.Measurement if relation is None else relation.statement_class)
        lo, hi = item["start"], item["end"]
        s_lo, s_hi = _sentence_span(text, lo, sentences)
        if not s_lo <= lo < hi <= s_hi:
            continue
        breaks = [m.start() for m in _QUALIFIER_BREAK.finditer(text, s_lo, s_hi)]
        c_lo = max([b for b in breaks if b < lo] + [s_lo])
        c_hi = min([b for b in breaks if b >= hi] + [s_hi])
        inside = ordered[bisect.bisect_left(starts, s_lo):bisect.bisect_left(starts, s_hi)]
        objects = item["object"] if isinstance(item.get("object"), list) else [item.get("object")]
        participants = {item.get("subject"), *objects}
        obj = next((s for s in inside if s.entity == objects[0] and lo <= s.start and s.end <= hi), None)
        taken: list[tuple[int, int]] = []
        clause_counts = quantities[bisect.bisect_left(q_starts, c_lo):bisect.bisect_left(q_starts, c_hi)]
        _take_count(text, item, clause_counts, c_lo, obj, takes, taken)
        if KGB.change in takes and relation is not None:
            _take_change(item, quantities[bisect.bisect_left(q_starts, hi):bisect.bisect_left(q_starts, s_hi)],
                         begins, taken)
        # a title's office is held where the title says, not where the clause after the name goes
        reach = hi if str(item.get("why", "")).startswith("title") else hi + QUALIFIER_REACH
        place = _place_of(text, inside, lo, reach, c_lo, c_hi, participants, vocabulary) \
            if KGB.place in takes else None
        if place is not None:
            item["place"] = place.entity
            taken.append((place.start, place.end))
        # a time after the place is the statement's too ("seized 1,120 pounds at ports of entry on
        # the southwest border in February")
        reach = max(hi, place.end if place is not None else hi) + TIME_REACH
        when = [d for d in dates[bisect.bisect_left(d_starts, lo):bisect.bisect_left(d_starts, c_hi)]
                if d["end"] <= c_hi and d["start"] <= reach and d.get("value")]
        if KGB.time in takes and when and "time" not in item:
            d = min(when, key=lambda d: abs(d["start"] - hi))
            item["time"] = time_of(d)
            taken.append((d["start"], d["end"]))
        drug = _drug_of(inside, c_lo, obj.start if obj is not None else hi, participants, vocabulary) \
            if KGB.theme in takes else None
        if drug is not None:
            item["theme"] = drug.entity
        source = _according_to(text, inside, hi, c_hi, s_lo, lo, participants, vocabulary)
        if source is not None:
            item["according_to"] = source.entity
            # "According to X, ...": the evidence from "According"
            begin = s_lo + len(text[s_lo:lo]) - len(text[s_lo:lo].lstrip()) if source.end <= lo else source.start
            taken.append((begin, source.end))
        if not str(item.get("why", "")).startswith(("pattern", "title")):
            before = dates[bisect.bisect_left(d_starts, s_lo):bisect.bisect_left(d_starts, lo)]
            taken += _said_that_qualifiers(text, item, inside, lo, before, relation is not None and KGB.time in takes,
                                           participants, vocabulary)
        if taken:
            start, end = min([lo, *(t[0] for t in taken)]), max([hi, *(t[1] for t in taken)])
            item.update(start=start, end=end, evidence=text[start:end])
        for key in ("evidence", "confidence", "why", "start", "end"):  # qualifiers before the evidence
            item[key] = item.pop(key)
    _also(text, statements, vocabulary)
    seen: set[str] = set()
    for item in list(statements):
        fact = repr(sorted((k, v) for k, v in item.items() if k not in _NOT_FACT))
        if fact in seen:
            statements.remove(item)  # the same fact told again, with nothing new
        seen.add(fact)


def time_of(date: dict) -> dict | str:
    """A drafted date (draft.find_dates) as a statement's ``time``: its value, and whether its year
    was inferred and its qualifier ("early", "fiscal year"), where it has them."""
    extra = {"inferred": True} if date.get("year_inferred") else {}
    extra.update({"qualifier": date["qualifier"]} if date.get("qualifier") else {})
    return {"value": date["value"], **extra} if extra else date["value"]


# What tells two proposals of one fact apart without making them two facts.
_NOT_FACT = frozenset({"id", "evidence", "confidence", "why", "start", "end"})


def _take_count(text: str, item: dict, counts: list[dict], since: int, obj: Span | None, takes: set,
                taken: list[tuple[int, int]]) -> None:
    """The ``quantity`` of ``item``: the count of its object in its clause (``counts``, from
    ``since``), or an elided statement's own count (or ``share``); added to ``taken``."""
    if KGB.quantity not in takes:
        return
    q = _count_of(text, counts, since, obj) if obj is not None else None
    if q is None and str(item.get("why", "")).startswith("elided"):
        q = _elided_count(item, counts, item["start"], item["end"], takes, taken)
    if q is not None:
        item["quantity"] = {"value": q["value"], "unit": q["unit"],
                            **({"approx": q["approx"]} if q.get("approx") else {})}
        taken.append((q["start"], q["end"]))


# "also" in a statement's own words ("Officers also found 6.2 pounds of methamphetamine inside the
# spare tire") tells the same occasion as the statement before it of the same relation and
# subject: where and when it happened, if its own clause does not say.
_ALSO = re.compile(r"\balso\b", re.I)


def _also(text: str, statements: list[dict], vocabulary: Vocabulary) -> None:
    """The ``place`` and ``time`` an "also" statement takes from the last statement before it
    of its relation and subject that says them (see _ALSO)."""
    said: dict[tuple, object] = {}  # (relation, subject, qualifier) -> its last value
    for item in sorted(statements, key=lambda i: i["start"]):
        relation = vocabulary.relations.get(item.get("relation", ""))
        if relation is None or "subject" not in item:
            continue
        also = _ALSO.search(text, item["start"], item["end"])
        takes = _takes(vocabulary, relation.statement_class)
        for name, prop in (("place", KGB.place), ("time", KGB.time)):
            key = (item["relation"], item["subject"], name)
            if also and prop in takes and name not in item and key in said:
                item[name] = said[key]
            if name in item:
                said[key] = item[name]


# A change said of a statement's count stands after it in its sentence, often after a comma ("seized
# 12,060 pounds in fiscal year 2024, an increase of 14% over fiscal year 2023"; "..., 38% less than
# the 1,800 pounds seized in January"): within this many characters of its words.
CHANGE_REACH = 40


def _take_change(item: dict, counts: list[dict], begins: list[int], taken: list[tuple[int, int]]) -> None:
    """The ``change`` and ``trend`` of ``item``'s count (a percentage of change, see
    draft.find_quantities): the first of ``counts`` (those after its words in its sentence) within
    CHANGE_REACH, where no other statement begins between them (``begins``: where the statements
    begin, sorted); added to ``taken``."""
    hi = item["end"]
    for c in counts:
        if c["start"] - hi > CHANGE_REACH or bisect.bisect_left(begins, c["start"]) > bisect.bisect_left(begins, hi):
            return
        if c.get("field") == "change" and c.get("trend"):
            item["change"] = {"value": c["value"], **({"approx": c["approx"]} if c.get("approx") else {})}
            item["trend"] = c["trend"]
            taken.append((c["start"], c["end"]))
            return


def _elided_count(item: dict, counts: list[dict], lo: int, hi: int, takes: set, taken: list[tuple[int, int]]
                  ) -> dict | None:
    """The count that opens an elided statement's words (see CueExtractor._elided), its quantity;
    a percentage is its ``share`` instead ("about 60% was confiscated"), set on ``item`` and
    added to ``taken``."""
    own = next((c for c in counts if lo <= c["start"] < hi and not c.get("field")), None)
    if own is None or own.get("unit") != "percent":
        return own
    if KGB.share in takes:
        item["share"] = {"value": own["value"], **({"approx": own["approx"]} if own.get("approx") else {})}
        taken.append((own["start"], own["end"]))
    return None


def _count_of(text: str, quantities: list[dict], since: int, obj: Span) -> dict | None:
    """The count of a statement's object: the quantity nearest before it in its clause (from
    ``since``), or one that holds it; none if that is a share or a change."""
    near = [q for q in quantities if since <= q["start"] <= obj.start
            and (q["end"] > obj.start or (obj.start - q["end"] <= QUANTITY_REACH
                                          and not _QUALIFIER_BREAK.search(text, q["end"], obj.start)))]
    q = max(near, key=lambda q: q["start"]) if near else None
    return q if q is not None and not q.get("field") and q.get("unit") != "percent" else None


def _drug_of(inside: list[Span], c_lo: int, at: int, participants: set, vocabulary: Vocabulary) -> Span | None:
    """The drug a statement that names none concerns (its ``theme``): the one named last before
    its object in its clause ("drugs hidden in petrol tanks"; "Traffickers hid fentanyl in")."""
    if any(s.entity in participants and _fits(vocabulary, s.type, _SUBSTANCES) for s in inside):
        return None  # "smuggled fentanyl": the drug is its object
    drugs = [s for s in inside if c_lo <= s.start and s.end <= at and _fits(vocabulary, s.type, _SUBSTANCES)]
    return drugs[-1] if drugs else None


def _according_to(text: str, inside: list[Span], hi: int, c_hi: int, s_lo: int, lo: int, participants: set,
                  vocabulary: Vocabulary) -> Span | None:
    """The agent on whose word a fact stands, named after its clause ("..., said X", "..., X said")
    or before it ("According to X, ...")."""
    agents = [s for s in inside if s.entity not in participants and _fits(vocabulary, s.type, frozenset({KGB.Agent}))]
    for s in agents:
        if s.start >= c_hi and (
                _SAID_AFTER.fullmatch(text, c_hi, s.start)
                or (_SAID_BY.fullmatch(text, c_hi, s.start) and _SAID_VERB.match(text, s.end))):
            return s
        if s.end <= lo and _ACCORDING_BEFORE.fullmatch(text, s_lo, s.start) and not text[s.end:lo].strip(" ,"):
            return s
    return None


def _place_of(text: str, inside: list[Span], lo: int, reach: int, c_lo: int, c_hi: int, participants: set,
              vocabulary: Vocabulary) -> Span | None:
    """The place a statement (from ``lo``) names in its clause, up to ``reach``, after a locative word."""
    return next((s for s in inside if lo <= s.start <= reach and s.end <= c_hi
                 and s.entity not in participants
                 and _fits(vocabulary, s.type, frozenset({KGB.Place}))
                 and (found := _LOCATIVE.search(text, max(c_lo, s.start - 30), s.start))
                 # "tariffs on Mexico", "pressure on Mexico": a country after "on" is no place
                 and not (s.type == "Country" and found.group(0).lower().startswith("on"))
                 # "Ciudad Juárez, across the Rio Grande from El Paso, is": an aside on the name before it
                 and not text[max(c_lo, found.start() - 2):found.start()].rstrip().endswith(",")), None)


# Whose word a clause is on, named before it: "X said (Tuesday) that ...", "X, who told him that ...".
_SAID_THAT = re.compile(r"(?:\s*,\s*who)?\s+(?:has\s+|had\s+)?(?:said|says|told(?:\s+[\w.]+){1,3}?|announced|"
                        r"reported|confirmed|stated)(?:\s+[^\s.;:!?,\"\u201c\u201d]+){0,3}?\s+that\s+", re.I)
# What ends the reach of "X said that" before a statement: another clause's word or a stronger break.
_SAID_THAT_END = re.compile(r"[;:\u2014\u2013\"\u201c\u201d]|\b(?:but|while|said|says|told|although|though)\b", re.I)


def _said_that_qualifiers(text: str, item: dict, inside: list[Span], lo: int, dates: list[dict], timed: bool,
                          participants: set, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    """What a clause after "X said that" tells is on X's word (``according_to``, unless the fact
    has a source already or X takes part in it), and, for a fact with no date of its own that
    takes one (``timed``), said the day named with it ("The Pentagon said Wednesday that it would
    send": ``time`` with qualifier 'announced'). The spans of the words taken. Not for a name's
    apposition or title in such a clause ("Ciudad Juárez, Chihuahua"): those are the article's own."""
    said = _said_that(text, inside, lo, vocabulary)
    if said is None:
        return []
    speaker, that = said
    taken = []
    if "according_to" not in item and speaker.entity not in participants:
        item["according_to"] = speaker.entity
        taken.append((speaker.start, speaker.end))
    announced = [d for d in dates if speaker.end <= d["start"] and d["end"] <= that and d.get("value")]
    if timed and "time" not in item and announced:
        time = time_of(announced[-1])
        item["time"] = {**(time if isinstance(time, dict) else {"value": time}), "qualifier": "announced"}
        taken.append((speaker.start, that))
    return taken


def _said_that(text: str, inside: list[Span], lo: int, vocabulary: Vocabulary) -> tuple[Span, int] | None:
    """(the agent, where its "that" ends) of "X said that ..." before a statement that starts at
    ``lo`` in the clause that follows it; the nearest such agent."""
    for s in reversed(inside):
        if s.end > lo or not _fits(vocabulary, s.type, frozenset({KGB.Agent})):
            continue
        m = _SAID_THAT.match(text, s.end, lo)
        if m is not None and not _SAID_THAT_END.search(text, m.end(), lo):
            return s, m.end()
    return None


# The statement classes of someone's words: their statements name a speaker, not a subject.
_SPEAKING = frozenset({KGB.Quotation, KGB.Claim})


def _sentence_span(text: str, at: int, sentences: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence holding offset ``at``, white space trimmed (an empty span if none does)."""
    i = bisect.bisect_right(sentences, (at, len(text) + 1)) - 1
    if i < 0 or at >= sentences[i][1]:
        return at, at
    start, end = sentences[i]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence(text: str, at: int, sentences: list[tuple[int, int]]) -> str:
    start, end = _sentence_span(text, at, sentences)
    return text[start:end]


# Needles are looked up by their first this many characters (the shortest evidence, "Sonora,
# Mexico", has 14), so that counting every needle is one pass over the text, not one per needle.
_KEY = 12


def _occurrences(plain: str, needles: set[str]) -> dict[str, int]:
    """How often each needle occurs in ``plain`` (counting stops at 2: once is all that matters),
    in one pass over the text."""
    counts = dict.fromkeys(needles, 0)
    short = [n for n in needles if len(n) < _KEY]
    for n in short:  # few and short: each its own search, stopped at the second
        first = plain.find(n)
        counts[n] = 0 if first == -1 else 1 if plain.find(n, first + 1) == -1 else 2
    by_key: dict[str, list[str]] = {}
    for n in needles:
        if len(n) >= _KEY:
            by_key.setdefault(n[:_KEY], []).append(n)
    if by_key:
        for i in range(len(plain) - _KEY + 1):
            for n in by_key.get(plain[i:i + _KEY], ()):
                if counts[n] < 2 and plain.startswith(n, i):
                    counts[n] += 1
    return counts


def _fits(vocabulary: Vocabulary, type_name: str | None, allowed: frozenset) -> bool:
    cls = vocabulary.entity_types.get(type_name or "")
    return cls is not None and vocabulary.fits(cls, allowed)


def _statement_id(p: Proposal, taken: set[str]) -> str:
    relation = re.sub(r"(?<!^)([A-Z])", r" \1", p.relation)  # seizes, concealsIn -> conceals In
    words = " ".join([p.subject, "not" if p.negated else "", relation, *p.objects])
    base = slugify(words, limit=90, empty="statement")
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    taken.add(sid)
    return sid
