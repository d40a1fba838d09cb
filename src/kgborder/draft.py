"""Drafting the curation of a new article: the tedious part, proposed for a person to confirm.

``make_draft`` reads an article's text and proposes, each with its character offsets and
the sentence it stands in: mentions of registered entities (by name and alias), capitalised
names that match no registered entity (with a guessed type, and near-duplicates of known
names flagged rather than proposed), direct quotations with their speaker and role, numbers
with units, and dates. Nothing proposed enters the graph until a person sets
``confirmed: true``; ``confirmed_items`` turns the confirmed ones into statements and entities.
"""
from __future__ import annotations

import bisect
import itertools
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from decimal import Decimal
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .curation import Entity
from .names import (AFTER_HEAD, NearDuplicates, head_index, is_id, name_key, name_pattern, slugify,
                    word_forms)
from .places import (TWIN_CITIES, adjective, body as known_body, other_names, place as known_place,
                     place_of_adjective, things)

if TYPE_CHECKING:
    from .extract import Extractor
    from .ontology import Vocabulary

# --- sentences ------------------------------------------------------------------------------

# Line breaks are those of str.splitlines(): a text with CR or U+2028 line ends is cut into lines
# as one with LF ends is.
_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SENTENCE_END = re.compile(rf'(?:(?<=[.!?])|(?<=[.!?]["\u201d\u2019]))[^\S{_BREAKS}]+'
                           rf'(?=["\u201c\u2018]?[A-Z\u00c0-\u00de])|[{_BREAKS}]\s*')


# A title before a name ("the Rev. Ernesto Lugo", "Sgt. Ana Cruz") ends no sentence either.
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Gov|Rep|Lt|Col|No|Inc|Corp|Rev|Sgt|"
                           r"Capt|Maj|Cpl|Pvt|Adm|Cmdr|Prof|Supt|Det|Atty|Msgr|Hon|Sens|Reps|Govs)\.)$")
# The longest text _ABBREVIATION needs to see ("Corp." and the boundary before it): it is searched
# in this many characters before a sentence end, not in the whole text before it, which made
# drafting quadratic (a 100 KB article: 14 s in this search alone).
_ABBREVIATION_REACH = 8
# A "sentence" longer than this (a text with no full stops or line ends) is cut at a space: each
# proposal carries its sentence, so an unbounded one made the draft grow with the square of the
# text. The longest sentence of the sample articles has 267 characters.
MAX_SENTENCE = 600


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The text cut into sentences and headline lines, with their offsets."""
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if not any(c in _BREAKS for c in m.group(0)) and \
                _ABBREVIATION.search(text, max(0, m.start() - _ABBREVIATION_REACH), m.start()):
            continue  # "U.S. Customs", "Mr. Smith": not the end of a sentence
        _add(out, text, start, m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


class _Sentences:
    """The sentences of a text, found by offset in logarithmic time."""

    def __init__(self, text: str):
        self.all = sentences(text)
        self.starts = [s.start for s in self.all]

    def at(self, offset: int) -> Sentence:
        """The sentence holding ``offset``, else the nearest one."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.all[i].end:
            return self.all[i]
        near = [self.all[j] for j in (i, i + 1) if 0 <= j < len(self.all)]
        return min(near, key=lambda s: min(abs(s.start - offset), abs(s.end - offset)))


# --- entities -------------------------------------------------------------------------------

_CONNECTORS = {"of", "de", "del", "la", "las", "los", "y", "and", "the", "for", "on"}
# Capitalised words that open a sentence or stand before a name but are no part of one.
_STOP = {
    "The", "A", "An", "But", "And", "Yet", "As", "In", "On", "Of", "At", "To", "For", "From", "With", "By",
    "Some", "Her", "His", "Its", "Their", "Our", "This", "That", "These", "Those", "It", "He", "She", "They",
    "We", "I", "You", "After", "Before", "Additionally", "Beyond", "More", "Most", "Many", "Related", "New",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mr", "Mrs", "Ms", "Dr", "President", "Sheriff", "Officials", "Despite", "While", "When", "If", "Still",
    "There", "Here", "Also", "However", "Meanwhile", "Although", "Since", "Until", "Over", "About", "What",
    "Who", "Why", "How", "Where", "Which", "Then", "Now", "Even", "Just", "Only", "Not", "No", "Yes", "Every",
    "Each", "All", "Both", "Other", "Another", "Such", "Once", "Under", "Through", "Across", "Against", "Among",
    "Between", "During", "Without", "Within", "Amid", "Instead", "Because", "Though", "Whether", "So", "Or",
    "Nor", "Last", "Next", "Earlier", "Later", "Today", "Tomorrow", "Yesterday", "Tonight", "According",
    "Including", "Like", "Unlike", "Let", "Thanks", "Please", "Asked", "Overall", "Already", "Further",
}
_TOKEN = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z\u00c0-\u00de][\w\u00c0-\u00ff'\u2019-]*)"
# An abbreviated title keeps its full stop inside a run ("Arizona Gov. Katie Hobbs" is one run).
_TITLE_SHORT = r"(?:Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Cpl|Rev|Dr|Mr|Mrs|Ms|Pres|Atty|Supt|Insp)\."
_NAME = re.compile(rf"\b(?:{_TITLE_SHORT}|{_TOKEN})(?:[ ]+(?:(?:of|de|del|la|las|los|y|and|the|for|on)[ ]+)*"
                   rf"(?:{_TITLE_SHORT}|{_TOKEN}))*")
_DEMONYMS = {"Mexican", "American", "Mexicans", "Americans", "Sonoran", "Arizonan", "Latin", "Hispanic", "Spanish",
             "English", "Canadian", "Chinese", "Colombian", "Central", "Northern", "Southern", "Texan", "Californian",
             "Guatemalan", "Honduran", "Salvadoran", "Venezuelan", "Cuban", "Haitian", "European", "African"}


def _words(types: dict[str, str]) -> dict[str, str]:
    """{word: type} from {"Word Word ...": type}."""
    return {w: t for words, t in types.items() for w in words.split()}


# The last word of a name is its head in English ("Border Protection" is a protection, of the
# border), and the word before "of" in "Department of Defense": the head tells the type. "Border"
# is a head only at the end ("U.S. Customs and Border Protection" is an agency).
_HEAD_TYPES = _words({
    "Department Agency Administration Bureau Ministry Secretariat Commission Service Services Office Customs "
    "Protection Enforcement Authority Directorate Inspectorate Prosecutor's Attorney's Sector": "GovernmentAgency",
    "Patrol Guard Army Navy Police Force Forces Marines Military Command Corps Gendarmerie Troops": "SecurityForce",
    "Cartel Cartels Gang Mafia Syndicate Mob": "CriminalOrganization",
    "County Parish": "County",
    "City Municipality": "City",
    "Border": "Border",
    "Crossing Checkpoint": "BorderCrossing",
    "Inc Inc. Corp Corp. Ltd LLC Group Company Association Foundation Institute University Center Centre Council "
    "Committee Coalition Network Party Union Bank Project Society Alliance Fund Chamber Organization "
    "Organisation": "Organization",
    "Consulting Consultancy Consultants Advisors Partners Strategies Analytics": "Consultancy",
    "Avenue Street Boulevard Road Plaza Square Park Highway Freeway Canyon Desert Mountains Valley": "Place",
    "Bridge Bridges": "BorderCrossing",
    "Government Congress Senate Parliament Cabinet Legislature Court Tribunal": "Government",
})
_SPANISH_HEADS = _words({
    "Secretaría Secretaria Fiscalía Fiscalia Procuraduría Procuraduria Comisión Comision Dirección Direccion "
    "Subsecretaría Subsecretaria Agencia Servicio Aduana Aduanas": "GovernmentAgency",
    "Guardia Policía Policia Ejército Ejercito Fuerza Fuerzas": "SecurityForce",
    "Cártel Cartel": "CriminalOrganization",
    "Gobierno Congreso Senado Cámara Camara": "Government",
    "Colegio Universidad Instituto Centro Asociación Asociacion Fundación Fundacion Consejo Comité Comite "
    "Banco Partido Sindicato": "Organization",
    "Río Rio Avenida Calle Bulevar Plaza Parque Sierra Cerro Valle": "Place",
    "Puente Garita": "BorderCrossing",
})
# What a name is said to be in an apposition after it (", a security consultancy"), by its head.
_APPOSITION_TYPES = _words({
    "consultancy firm consulting": "Consultancy",
    "company group organization organisation nonprofit charity association institute university": "Organization",
    "agency ministry department office bureau": "GovernmentAgency",
    "cartel gang syndicate": "CriminalOrganization",
    "city town village municipality": "City",
    "state province": "State",
    "country nation": "Country",
    "county": "County",
    "square plaza park avenue street boulevard highway river desert valley neighborhood neighbourhood": "Place",
})
_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+(?:[\w.'\u2019-]+\s+){0,3}?([a-z]+)(?=[,.;:]|\s+(?:that|which|who|whose|"
                         r"based|in|of|with|for|from|on|at|and)\b)")
_ROLES = (r"president|vice president|prime minister|minister|secretary|governor|senator|congressman|congresswoman|"
          r"representative|mayor|sheriff|commissioner|director|chief|head|leader|official|officer|agent|spokesperson|"
          r"spokesman|spokeswoman|analyst|expert|researcher|professor|consultant|attorney|lawyer|prosecutor|judge|"
          r"ambassador|chancellor|general|commander|captain|superintendent|coordinator|manager|founder|owner|"
          r"resident|driver|farmer|rancher|activist|advocate|lawmaker|economist|historian|journalist|reporter|"
          r"businessman|businesswoman|smuggler|trafficker|migrant|victim|witness|candidate|supervisor")
_TITLE_BEFORE = (r"President|Sheriff|Senator|Governor|Mayor|Minister|Secretary|Commissioner|Director|Chief|Judge|"
                 r"Ambassador|Agent|Officer|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sen\.|Gov\.|Rep\.|Gen\.|Lt\.|Col\.|Sgt\.|Capt\.")
_SAYS = r"says|said|explains|explained|adds|added|notes|noted|told|tells|argues|argued|asks|asked|warns|warned"
# A person's title or role right before the name ("port director Michael Humphries", "Mexico's
# president, Claudia Sheinbaum,") or a speech verb ("said Maria Lopez").
# ... or what is done to a person alone: "arrested Ovidio Guzmán", "extradited Rafael Caro Quintero".
_DONE_TO_PEOPLE = (r"arrested|detained|extradited|sentenced|indicted|convicted|captured|kidnapped|killed|murdered|"
                   r"(?:arrest|extradition|capture|killing|murder|trial|conviction) of")
_PERSON_BEFORE = re.compile(rf"(?:\b(?:{_TITLE_BEFORE}|(?i:{_ROLES}))\s+|\b(?i:{_ROLES}),\s+|"
                            rf"\b(?:{_SAYS}|according to|{_DONE_TO_PEOPLE})\s+)$")
# ... or right after it: a role in apposition ("Michael Humphries, the CBP official who"), an age
# ("Maria Lopez, 43,"), a clause of "who" (a thing's is of "which"), a speech verb ("Sheinbaum
# told reporters").
_PERSON_AFTER = re.compile(rf"^(?:,\s+(?:(?:a|an|the)\s+)?(?:former\s+|then-)?"
                           rf"(?:(?!(?:who|which|that|where|when|is|was|has|had|and|or)\b)[\w.'\u2019-]+\s+){{0,4}}"
                           rf"(?i:{_ROLES})\b|,\s+\d{{1,3}},|,\s+who\b|,?\s+(?:{_SAYS})\b)")
# Words that say a name is not a person's before "of" ("University of Arizona" is one name; "Carlos
# Matienzo of DataInt" is a person of an organisation).
_PLACE_HEADS = {"Port", "Gulf", "Sea", "Bay", "Republic", "State", "States", "Island", "Islands", "Lake", "River",
                "Mount", "Valley", "Sierra", "Isle", "Cape", "Coast", "Strait", "Kingdom", "Court", "House", "Church",
                "Museum", "School", "College", "Board", "Chamber", "Secretary", "Head", "Chief", "Director"}


# A compound of two lower-case words is written with a hyphen, closed or open alike ("military
# build-up", "buildup", "build up"): a registered name with one is looked for in all three.
_COMPOUND_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
# A topic named with where it happens ("Military presence at the border", "Fentanyl demand in the
# U.S.") is written without the place where the story is set ("questions the increased military
# presence"): its name of two words or more before such a tail is another name of it.
# benchmarks/draft_quality.py: one more right statement with the registry as is, none wrong.
_WHERE_TAIL = re.compile(r"\s+(?:at|in|on|along|across)\s+the\s+.+$")
# ... and so, a topic named with what it is against or for ("Intelligence work against the
# cartels": "the answer was intelligence work"), or with a first word that sorts it among its kind
# ("Drug treatment programs": "naloxone and treatment programs"): its name of two words or more
# without them.
_AIM_TAIL = re.compile(r"\s+(?:against|for|to|toward|towards)\s+.+$")
_SORT_HEAD = re.compile(r"^[A-Z][a-z]+(?<!ing)\s+(?=[a-z]+\s+[a-z]+$)")  # not an act's ("Dismantling drug cartels")


def _registry_names(entities: list[Entity]) -> list[tuple[str, str]]:
    """(name or alias, id), longest first, so 'Nogales, Sonora' wins over 'Nogales'; with the
    other names the tables of places, bodies and things give a registered name ("gas tanks" of
    "Petrol tanks", "Ariz." of "Arizona"), unless another entity is registered by one of them,
    a hyphenated compound's closed and open spellings (_COMPOUND_HYPHEN) and a topic's name
    without its place, its aim or its sorting first word (_WHERE_TAIL, _AIM_TAIL, _SORT_HEAD)."""
    pairs = {(e.name, e.id) for e in entities} | {(a, e.id) for e in entities for a in e.aliases}
    own = {name_key(n) for n, _ in pairs}
    pairs |= {(other, eid) for n, eid in list(pairs) for other in other_names(n) if name_key(other) not in own}
    pairs |= {(_COMPOUND_HYPHEN.sub(joint, n), eid) for n, eid in list(pairs) for joint in ("", " ")
              if _COMPOUND_HYPHEN.search(n)}
    topics = {e.id for e in entities if e.type == "Topic"}
    pairs |= {(short, eid) for n, eid in list(pairs) if eid in topics
              for short in [_WHERE_TAIL.sub("", n), _AIM_TAIL.sub("", n), _SORT_HEAD.sub("", n)]
              if short != n and " " in short and name_key(short) not in own}
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


# Types whose names are proper names: matched in any case but never in another number ("Trumps");
# the rest (drugs, migrants, tunnels, topics) are common nouns, matched in both numbers.
_PROPER_TYPES = {"Person", "Country", "State", "City", "County", "Border", "BorderCrossing", "GovernmentAgency",
                 "SecurityForce", "CriminalOrganization", "Organization", "Consultancy", "Government"}
# Words after a common noun that leave it a noun ("the drug was hidden"); another word after it
# makes it a modifier ("drug cartel", "migrant shelter"), which names something else.
_AFTER_NOUN = {
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "and", "or", "but", "nor", "of", "in", "on", "at",
    "to", "for", "from", "with", "by", "as", "that", "which", "who", "into", "onto", "through", "across", "near",
    "than", "this", "these", "its", "their", "can", "could", "will", "would", "may", "might", "must", "should",
    "not", "also", "then", "now", "itself", "alone", "before", "after", "since", "until", "while", "when", "where",
}
# Capitalised words around a registered name that, with it, name another place ("New Mexico" is
# no mention of a registered "Mexico"; "Mexico City" neither).
_AROUND_BEFORE = re.compile(r"(?:[A-Z][\w.'\u2019-]*[ ]+(?:(?:of|de|del|la)[ ]+)?){1,3}$")
_AROUND_AFTER = re.compile(r"(?:[ ]+(?:(?:of|de|del|la)[ ]+)?[A-Z][\w.\u2019'-]*){1,3}")


def _inside_another_place(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], with capitalised words right before or after it, is a place of
    the place table longer than itself ("New Mexico", "Mexico City", "United States of America")."""
    before = _AROUND_BEFORE.search(text, max(0, start - 40), start)
    after = _AROUND_AFTER.match(text, end, min(len(text), end + 40))
    lefts = [start]
    if before:
        lefts += [before.start() + i for i in range(start - before.start())
                  if text[before.start() + i].isupper() and (i == 0 or text[before.start() + i - 1] == " ")]
    rights = [end] + ([end + m.end() for m in re.finditer(r"[^ ]+", after.group(0))] if after else [])
    own = known_place(text[start:end])  # "The U.S." is the U.S. itself, not a longer place
    return any(known_place(text[a:b]) not in (None, own) for a in lefts for b in rights if (a, b) != (start, end))


def _modifier(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` stands before another noun ("drug cartel")."""
    m = re.match(r" ([a-z]+)\b", text[end:end + 30])
    # A verb after it leaves it a noun: a past form ("the migrant waited") or a speech verb.
    return m is not None and m.group(1) not in _AFTER_NOUN and not m.group(1).endswith("ed") and \
        re.fullmatch(_SAYS, m.group(1)) is None


# A capitalised word inside a sentence before a name: "Sinaloa" of "the Sinaloa Cartel".
_CAPITALISED_BEFORE = re.compile(r"(?<=[\w,] )[A-Z][\w\u00c0-\u00ff'\u2019-]* $")


def _other_name(text: str, m: re.Match, name: str, inflect: bool) -> bool:
    """Whether a registered name's match is part of another's: a common noun capitalised before a
    capitalised word ("Drug Enforcement Administration"), or a body's head capitalised after one
    inside a sentence ("the Sinaloa Cartel" is no "cartel"), or, in the other number, a modifier
    ("drug cartel" for "drugs"); a proper name inside a longer place name ("New Mexico")."""
    start, end = m.span()
    if m.group(0)[0].isupper() and name[:1].islower() and m.group(0).split()[-1] in _HEAD_TYPES \
            and _CAPITALISED_BEFORE.search(text, max(0, start - 30), start):
        return True
    if not inflect:
        return _inside_another_place(text, start, end)
    if m.group(0)[0].isupper() and re.match(r" [A-Z]", text[end:end + 2]):
        return True
    return len(m.group(0)) < len(name) and " " not in name and _modifier(text, end)


class _WordStarts:
    """Where a name may start in a text: the places of the words that open one of its forms.

    Searching the whole text once per name costs names x text, and the names grow with the text
    too (each new name is looked for again: 'speakers and roles' at 50,000 characters spent 4.5 s
    of 5.1 s in those searches, 7.5x the time of a quarter of the text). The text's words are
    read once instead, keeping the places of those that open some name: its first two words
    where it has two ("Bob Ray1" and "Bob Ray2" share no place), else its word. A name is then
    tried at its own places only. A form that opens with no word character is searched for.
    """

    def __init__(self, text: str, forms: list[tuple[str, ...]]):
        self.text = text
        keys = {_opening(f) for fs in forms for f in fs} - {""}
        firsts = {k.split(" ")[0] for k in keys if " " in k}
        self.at: dict[str, list[int]] = {}
        before: re.Match[str] | None = None  # the word before, if it opens a two-word key
        for m in _WORD_RUN.finditer(text):
            word = m.group(0).lower()
            if word in keys:
                self.at.setdefault(word, []).append(m.start())
            if before is not None:
                pair = f"{before.group(0).lower()} {word}"
                if pair in keys:
                    self.at.setdefault(pair, []).append(before.start())
            before = m if word in firsts else None

    def matches(self, pattern: re.Pattern[str], forms: tuple[str, ...]) -> Iterator[re.Match[str]]:
        """``pattern``'s matches that start a word, left to right, none overlapping the one before."""
        keys = {_opening(f) for f in forms}
        if "" in keys:  # a form opening with a sign: searched for, skipping matches inside a word
            m = pattern.search(self.text)
            while m:
                if m.start() > 0 and _is_word(self.text[m.start() - 1]):
                    m = pattern.search(self.text, m.start() + 1)
                    continue
                yield m
                m = pattern.search(self.text, m.end())
            return
        end = 0
        for place in sorted({p for k in keys for p in self.at.get(k, ())}):
            if place < end:
                continue
            m = pattern.match(self.text, place)
            if m:
                end = m.end()
                yield m


_WORD_RUN = re.compile(r"\w+")


def _opening(form: str) -> str:
    """The first two runs of word characters of a form, lower-cased and joined by a space, or its
    one run ('' if it opens with a sign): what the same name in a text opens with too."""
    if not _WORD_RUN.match(form):
        return ""
    return " ".join(m.group(0).lower() for m in itertools.islice(_WORD_RUN.finditer(form), 2))


def find_mentions(text: str, entities: list[Entity]) -> tuple[list[dict], bytearray]:
    """Registered names and aliases in the text, longest first, in any case and, for common
    nouns, in either number (see ``names.name_pattern``); and which characters they take. The
    state of a registered "City, State" is a mention of its own.

    A common noun in the other number than its registered name's counts only as a noun, not as a
    modifier of another ("drug" in "the drug was hidden", not in "drug cartel"); a proper name
    does not count inside a longer place name ("Mexico" in "New Mexico").
    """
    taken = bytearray(len(text))  # one byte a character: a list of booleans took 8 (80 MB for 10 MB)
    types = {e.id: e.type for e in entities}
    found: list[dict[str, Any]] = []
    registered = [(name, eid) for name, eid in _registry_names(entities) if len(name) >= 2]
    # "Americans" is no plural of the adjective "American".
    looked_for = [(name, eid, inflect, word_forms(name) if inflect else (name,))
                  for name, eid in registered
                  for inflect in [types.get(eid) not in _PROPER_TYPES and not name.endswith("ans")]]
    starts = _WordStarts(text, [forms for *_, forms in looked_for])
    own = _own_places(registered, types)
    for name, eid, inflect, forms in looked_for:
        for m in starts.matches(name_pattern(name, inflect), forms):
            start, end = m.span()
            if not any(taken[start:end]) and not _other_name(text, m, name, inflect) \
                    and not _another_places(text, start, own.get(eid)):
                taken[start:end] = b"\x01" * (end - start)
                found.append({"entity": eid, "text": m.group(0), "start": start, "end": end})
    found += _by_complement(text, registered, types, taken)
    found += _by_crossing(text, registered, types, taken)
    _by_place(text, found, registered)
    found += _by_head(text, found, taken, types)
    found += _by_own_words(text, registered, types, taken)
    # A registered "City, State" names the state too ("Nogales, Arizona" is in Arizona).
    by_key = {name_key(n): eid for n, eid in registered}
    for f in [f for f in found if types.get(f["entity"]) == "City" and ", " in f["text"]]:
        state = f["text"].rsplit(", ", 1)[1]
        state_id = by_key.get(name_key(state))
        if state_id is not None and state_id != f["entity"]:
            found.append({"entity": state_id, "text": state, "start": f["end"] - len(state), "end": f["end"]})
    return sorted(found, key=lambda f: f["start"]), taken


# A body told apart from others by its place ("National Guard (Mexico)", "Mexico's National Guard")
# is not named with another place right before its name: "the Arizona National Guard" is Arizona's,
# a body of its own, not Mexico's. A body registered with no place in its names ("Border Patrol")
# is named with any ("U.S. Border Patrol").
_PLACE_WORDS_BEFORE = re.compile(r"(?<![\w'\u2019.-])([A-Z][\w\u00c0-\u00ff.]*(?: [A-Z][\w\u00c0-\u00ff.]*)?) $")


def _own_places(registered: list[tuple[str, str]], types: Mapping[str, str | None]) -> dict[str, set[str]]:
    """{id: the places, and their adjectives, its names hold} of the bodies registered with a place."""
    out: dict[str, set[str]] = {}
    for n, eid in registered:
        if types.get(eid) in _BODY_TYPES:
            for _base, where in _qualified(n):
                found = known_place(where) or place_of_adjective(where)
                if found:
                    out.setdefault(eid, set()).update({*found[2], *filter(None, map(adjective, found[2]))})
    return out


def _another_places(text: str, start: int, own: set[str] | None) -> bool:
    """Whether a place other than the body's ``own`` is written right before its name at ``start``."""
    if not own:
        return False
    m = _PLACE_WORDS_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return False
    for written in (m.group(1), m.group(1).split()[-1]):
        found = known_place(written) or place_of_adjective(written)
        if found is not None:
            return not ({*found[2], *filter(None, map(adjective, found[2]))} & own)
    return False


# A border town's crossing is called by the town's bare name where its sentence speaks of crossings
# ("As the busiest crossing point between Sonora and Arizona, Nogales saw ..."; "legal entry points
# like Nogales"; "trucks waiting to cross at Nogales"): there a registered crossing
# named "<town> crossing" (port of entry, port, bridge) is mentioned; elsewhere the bare name is the
# town's ("Santa Cruz County, where Nogales is located").
_CROSSING_TALK = re.compile(r"\b(?:crossings?|crossing\s+points?|ports?\s+of\s+entry|entry\s+points?"
                            r"|points?\s+of\s+entry|ports?|cross(?:es|ed|ing)?\s+at)\b", re.I)
# ... not where the town is written with its state ("Nogales, Sonora"): that is the town.
_WITH_STATE = re.compile(r",\s+([A-Z][\w\u00c0-\u00ff]*\.?(?:\s+[A-Z][\w\u00c0-\u00ff]*)?)")
# ... in the name's own clause and near it: "to the border near Nogales, two days after ... at the
# city's main crossing" and "Shippers in Nogales warned that longer inspections could slow the
# crossing" speak of the town (47 characters to "crossing"); "Nogales saw approximately 10.6
# million crossings" of the crossing (37). A sentence's end is a clause's too.
CROSSING_TALK_REACH = 45
_TALK_BREAK = re.compile(r"[,;:\u2014\u2013()\n]|[.!?](?=\s)")


def _by_crossing(text: str, registered: list[tuple[str, str]], types: Mapping[str, str | None],
                 taken: bytearray) -> list[dict]:
    """Mentions of registered crossings by their town's bare name (see above), where no other
    name took those words; ``taken`` takes them."""
    out = []
    for name, eid in registered:
        named = _CROSSING_NAME.fullmatch(name) if types.get(eid) == "BorderCrossing" else None
        bare = named.group("own") if named else ""
        if not bare[:1].isupper():
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(bare)}(?!\w)", text):
            start, end = m.span()
            state = _WITH_STATE.match(text, end)
            if any(taken[start:end]) or (state and any(
                    (p := known_place(w)) is not None and p[1] == "State"
                    for w in (state.group(1), state.group(1).split()[0]))):
                continue
            before = [t for t in _CROSSING_TALK.finditer(text, max(0, start - CROSSING_TALK_REACH), start)
                      if not _TALK_BREAK.search(text, t.end(), start)]
            after = _CROSSING_TALK.search(text, end, end + CROSSING_TALK_REACH)
            if before or (after and not _TALK_BREAK.search(text, end, after.start())):
                taken[start:end] = b"\x01" * (end - start)
                out.append({"entity": eid, "text": m.group(0), "start": start, "end": end})
    return out


# A thing named with a place in its complement ("Tariffs on Mexican imports", "Migrant shelter in
# Agua Prieta") is named again by its head, its preposition and that place in other words: "tariffs
# on Mexico", "tariffs on Mexican goods", "a migrant shelter in Agua Prieta". Between the
# preposition and the place stand at most a determiner and a noun with its own preposition
# ("tariffs on most goods from Mexico"), no verb ("tariffs on imports rose in Mexico"); a complement
# of another place ("tariffs on Chinese goods") names another thing.
_COMPLEMENT_GAP = r"(?:(?:the|most|all|some|many|more|other|its|their)\s+)?(?:[a-z]+\s+(?:from|of|in|made\s+in)\s+)?"


def _complement_places(words: list[str]) -> tuple[set[str], set[str]]:
    """(names, adjectives) of the places a complement's words (one or two each) name."""
    names: set[str] = set()
    adjectives: set[str] = set()
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            written = " ".join(words[i:i + n])
            found = known_place(written) or place_of_adjective(written)
            if found is not None:
                names.update(found[2])
                adjectives.update(filter(None, map(adjective, found[2])))
    return names, adjectives


def _by_complement(text: str, registered: list[tuple[str, str]], types: dict[str, str],
                   taken: bytearray) -> list[dict]:
    """Mentions of the common nouns ``registered`` names with a place's complement (see above)."""
    out = []
    for name, eid in registered:
        words = name.split(" ")
        at = head_index(words)
        if types.get(eid) in _PROPER_TYPES or at + 1 >= len(words) or words[at + 1] not in AFTER_HEAD:
            continue
        names, adjectives = _complement_places(words[at + 2:])
        if not names:
            continue
        heads = {" ".join(f.split(" ")[:at + 1]) for f in word_forms(name)}
        where = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        how = "|".join(map(re.escape, sorted(adjectives, key=len, reverse=True))) or "(?!)"
        pattern = re.compile(rf"\b((?i:{'|'.join(map(re.escape, heads))}))\s+{words[at + 1]}\s+"
                             rf"{_COMPLEMENT_GAP}(?:(?:{where})\b|(?:{how})\s+[a-z]+\b)")
        for m in pattern.finditer(text):
            start, end = m.span(1)  # the head alone: the place stays a mention of its own
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                out.append({"entity": eid, "text": m.group(1), "start": start, "end": end})
    return out


# One name, several bodies told apart by a place: "National Guard" is Mexico's in a sentence about
# Mexico's president and Arizona's in one about Arizona's governor. A registered name written
# "BASE (PLACE)", "PLACE BASE" or "PLACE's BASE" makes its entity one of BASE's family; a mention of
# BASE is the member whose place (any of its names, or its adjective: "Mexican") is written nearest
# before it in its sentence, and stays what it matched when none is.
_IN_BRACKETS = re.compile(r"(?P<base>.+?) \((?P<place>[^()]+)\)")


def _qualified(name: str) -> Iterator[tuple[str, str]]:
    """(base, place) of each way ``name`` reads as a place's base: "BASE (PLACE)", "PLACE BASE",
    "PLACE's BASE" (a place of one or two words)."""
    m = _IN_BRACKETS.fullmatch(name)
    if m:
        yield m.group("base"), m.group("place")
    words = name.split(" ")
    for k in (1, 2):
        if len(words) > k:
            yield " ".join(words[k:]), re.sub(r"['\u2019]s$", "", " ".join(words[:k]))


# How far back in its sentence a mention's place is looked for: a news sentence is about 150
# characters; "Arizona Gov. Katie Hobbs on Monday ordered 250 more National Guard" has 60.
PLACE_REACH = 200


def _by_place(text: str, found: list[dict], registered: list[tuple[str, str]]) -> None:
    """Each mention of a name shared by a family (see above) set to the member of the place
    written nearest before it. ``registered``: (name or alias, id) pairs."""
    families: dict[str, dict[str, set[str]]] = {}
    for n, eid in registered:
        for base, where in _qualified(n):
            known = known_place(where) or place_of_adjective(where)
            if known:
                words = {*known[2], *filter(None, map(adjective, known[2]))}
                families.setdefault(name_key(base), {}).setdefault(eid, set()).update(words)
    families = {k: v for k, v in families.items() if len(v) > 1}
    sents: _Sentences | None = None
    for f in found:
        family = families.get(name_key(f["text"]))
        if not family:
            continue
        sents = sents or _Sentences(text)
        window = text[max(sents.at(f["start"]).start, f["start"] - PLACE_REACH):f["start"]]
        nearest = max(((m.end(), eid) for eid, words in family.items() for w in words
                       for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", window)), default=None)
        if nearest is not None:
            f["entity"] = nearest[1]


# A thing named in full is named again by its head noun after "the": "mobile camera towers", then
# "since the towers went up"; a body by its capitalised head: "National Guard", then "the Guard
# members". The head stands for the last thing of that head named in full before it; a proper
# name's only as the name writes it ("the guard" is anyone's), and only a body's (a place's last
# word is no head: "the Mexico" is none).
_BY_HEAD = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_BODY_TYPES = {"SecurityForce", "GovernmentAgency", "Organization", "CriminalOrganization", "Government"}
# The shortest head read this way: "the use" or "the aid" would name too much.
HEAD_LETTERS = 4


def _head(name: str) -> str | None:
    """The head (``names.head_index``) of a name of two words or more, if a word of letters."""
    words = name.split()
    at = head_index(words)
    if at < 1 or not words[at].isalpha() or len(words[at]) < HEAD_LETTERS:
        return None
    return words[at]


# A military force's members are named by common nouns news uses for any force, interchangeably:
# "the soldiers", "the troops", "service members" of a force named "active-duty troops" or
# "National Guard". A force is military when one of its names holds one of _MILITARY's words (a
# state police is none); the nouns after "the", "these" or "those" stand for the military force
# named last before them, or, before any, for the one the article names if it names one only
# ("The soldiers arrived in March" opens a story that names "active-duty troops" later).
# benchmarks/draft_quality.py: three more right statements in each mode, none wrong.
_FORCE_MEMBERS = re.compile(r"\b(?:the|these|those)\s+(soldiers|troops|service\s?members|servicemen|guardsmen)\b", re.I)
_MILITARY = re.compile(r"\b(?:troops|soldiers|guard|army|military|marines)\b", re.I)


def _by_head(text: str, found: list[dict], taken: bytearray, types: dict[str, str]) -> list[dict]:
    """Mentions by head (see above) of the things and bodies ``found`` names in full, and by a
    military force's members' nouns (see _FORCE_MEMBERS)."""
    return [*_by_own_head(text, found, taken, types), *_force_members(text, found, taken, types)]


def _force_members(text: str, found: list[dict], taken: bytearray, types: dict[str, str]) -> list[dict]:
    """Mentions of the military forces ``found`` names by their members' nouns (see _FORCE_MEMBERS)."""
    forces = sorted((f["end"], f["entity"]) for f in found
                    if types.get(f["entity"]) == "SecurityForce" and _MILITARY.search(f["text"]))
    if not forces:
        return []
    ends = [end for end, _ in forces]
    only = {eid for _, eid in forces}
    out = []
    for m in _FORCE_MEMBERS.finditer(text):
        start, end = m.span(1)
        if any(taken[start:end]):
            continue
        i = bisect.bisect_right(ends, start) - 1
        if i < 0 and len(only) > 1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        out.append({"entity": forces[max(i, 0)][1], "text": m.group(1), "start": start, "end": end})
    return out


def _by_own_head(text: str, found: list[dict], taken: bytearray, types: dict[str, str]) -> list[dict]:
    full: dict[str, list[tuple[int, str]]] = {}  # head as matched -> [(end of a full mention, entity)]
    proper: dict[str, bool] = {}
    for f in sorted(found, key=lambda f: f["start"]):
        kind = types.get(f["entity"])
        head = _head(f["text"]) if kind not in _PROPER_TYPES or kind in _BODY_TYPES else None
        if head is None or (kind in _BODY_TYPES and not head[0].isupper()):
            continue
        key = head if kind in _BODY_TYPES else head.lower()
        full.setdefault(key, []).append((f["end"], f["entity"]))
        proper[key] = kind in _BODY_TYPES
    out: list[dict] = []
    for head, named in full.items():
        # The head as the full name writes it: a plural seldom modifies another noun, so "the
        # towers went up" is the towers; a singular often does ("the tower crew"): not after one,
        # unless a body's ("the Guard members" are the Guard's).
        pattern = re.compile(rf"\b{re.escape(head)}\b", 0 if proper[head] else re.I)
        ends = [end for end, _ in named]
        for m in pattern.finditer(text, named[0][0]):
            start, end = m.start(), m.end()
            if not any(taken[start:end]) and _BY_HEAD.search(text, max(0, start - 8), start) \
                    and (proper[head] or head.endswith("s") or not _modifier(text, end)):
                taken[start:end] = b"\x01" * (end - start)
                eid = named[bisect.bisect_right(ends, start) - 1][1]
                out.append({"entity": eid, "text": m.group(0), "start": start, "end": end})
    return out


# A thing named with its place or with what it is of ("Nuevo León state police", "Migrant shelter
# in Agua Prieta", "Inspections at the ports of entry", "Tariffs on Mexican imports") is named
# again by its own words alone once that place or thing has been named: "In Monterrey, the capital
# of Nuevo León, ... said the state police would"; "Across the line in Agua Prieta, ... runs a
# shelter for migrants"; "caught at ports of entry ... 'We support the inspections.'". After "the"
# (these, those) the place may be named anywhere before, as a thing said before; after "a" or "an"
# only in the same sentence. Its modifiers are written too, before the head or after it ("migrant
# shelter", "shelter for migrants"); "the presence" alone names nothing. Places, crossings and
# people are not named so: "the crossing" is any of a town's, "the city" any city.
_OWN_WORDS_SKIP = {"Person", "Country", "State", "City", "County", "Border", "BorderCrossing", "Place"}
_OWN_WORDS_BEFORE = re.compile(r"\b(?:(the|these|those)|(an?))\s+$", re.I)
# How far back "the state police" looks for its state: a paragraph of news is about 400 characters;
# the wire report's "the inspections" stands 1,700 after "ports of entry" (a thing said before).
OWN_WORDS_REACH = 2000


def _own_words(name: str) -> tuple[str, list[str], list[str]] | None:
    """(the words that name it alone, with their modifier(s) before the head; its modifier words;
    what qualifies it: its place's names and adjectives, or the thing its complement names), or
    None for a name of neither shape (see above)."""
    words = name.split(" ")
    at = head_index(words)
    # "University of Arizona", "Department of Defense": a body's proper name, by its head (_HEAD_TYPES)
    if 0 < at + 1 < len(words) and words[at + 1].lower() in AFTER_HEAD and words[at].isalpha() \
            and words[at] not in _HEAD_TYPES:
        rest = words[at + 2:]
        names, adjectives = _complement_places(rest)
        rest = rest[1:] if rest[:1] == ["the"] else rest
        qualifiers = [*names, *adjectives] or ([" ".join(rest)] if rest and rest[0].islower() else [])
        mods = [w.lower() for w in words[:at]]
        if qualifiers and all(w.isalpha() for w in mods):
            return " ".join([*mods, words[at].lower()]), mods, qualifiers
    for base, where in _qualified(name):
        found = known_place(where) or place_of_adjective(where)
        if found and base[:1].islower() and all(w.replace("-", "").isalpha() for w in base.split()):
            return base, base.split()[:-1], [*found[2], *filter(None, map(adjective, found[2]))]
    return None


def _by_own_words(text: str, registered: list[tuple[str, str]], types: dict[str, str],
                  taken: bytearray) -> list[dict]:
    """Mentions of registered things by their own words once their place is named (see above):
    each the thing whose place is named nearest before it."""
    sents: _Sentences | None = None
    best: dict[tuple[int, int], tuple[int, str, str]] = {}  # span -> (where its place is named, id, words)
    for name, eid in registered:
        shape = _own_words(name) if types.get(eid) not in _OWN_WORDS_SKIP else None
        if shape is None:
            continue
        own, mods, qualifiers = shape
        places = sorted(m.start() for q in qualifiers
                        for m in (name_pattern(q, True) if q[:1].islower() else
                                  re.compile(rf"(?<!\w){re.escape(q)}(?!\w)")).finditer(text))
        if not places:
            continue
        forms = "|".join(map(re.escape, sorted(word_forms(own), key=len, reverse=True)))
        if len(mods) == 1:  # "a shelter for migrants" of "Migrant shelter": the head alone is its mention
            heads = "|".join(map(re.escape, word_forms(own.split(" ")[-1])))
            forms += rf"|(?P<head>{heads})\s+(?:for|of)\s+(?:{'|'.join(map(re.escape, word_forms(mods[0])))})"
        pattern = re.compile(rf"\b(?:{forms})(?!\w)", re.I)
        for m in pattern.finditer(text, places[0]):
            start, end = m.span("head") if m.groupdict().get("head") else m.span()
            det = _OWN_WORDS_BEFORE.search(text, max(0, start - 8), start)
            i = bisect.bisect_left(places, start) - 1
            if det is None or i < 0 or any(taken[start:end]) or start - places[i] > OWN_WORDS_REACH:
                continue
            if det.group(2):
                sents = sents or _Sentences(text)
                if places[i] < sents.at(start).start:
                    continue
            if best.get((start, end), (-1,))[0] < places[i]:
                best[(start, end)] = (places[i], eid, text[start:end])
    out = []
    for (start, end), (_, eid, words) in sorted(best.items()):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            out.append({"entity": eid, "text": words, "start": start, "end": end})
    return out


# A person the story does not name but tells by age and what they are: "a 27-year-old U.S.
# citizen", "the driver, a 41-year-old Mexican citizen,", "a 35-year-old man". In news of a seizure
# or an arrest this is the one who drove, hid or carried the drugs, a participant of its statements:
# proposed as a person of the story and named as a curator names one, "Unnamed 27-year-old driver"
# (the role its sentence gives, "driven by" or "the driver,", else what they are: "Unnamed
# 35-year-old man", "Unnamed 41-year-old Mexican citizen"), or by where they live ("a Nogales man":
# "Unnamed Nogales man"); "the driver", "the man" after it is a mention.
_UNNAMED = re.compile(r"\b[Aa]n?\s+(?:(?P<age>\d{1,2})-year-old\s+(?P<what>(?:(?:U\.S\.|[A-Z][a-z]+)\s+)?"
                      r"(?:citizen|national|resident|man|woman|boy|girl|teenager|driver|passenger|traveler))"
                      r"|(?P<home>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?P<who>man|woman|resident|teenager|boy|girl))\b")
_DRIVER_BEFORE = re.compile(r"\b(?:driven\s+by|driver\s*,)\s+$", re.I)
_NATIONALITY = {"citizen", "national", "resident"}


def unnamed_people(text: str, entities: list[Entity]) -> tuple[list[dict], list[dict]]:
    """(mentions of the unnamed people a registry already holds, new ones to propose), see above.
    "The driver" is the person last introduced so, until another is; a new one's later mentions
    are its ``also``; each item's ``mentions`` lists them all as mention items."""
    by_key = {name_key(n): eid for n, eid in _registry_names(entities)}
    intros = []  # (match, name, the word that names them again)
    for m in _UNNAMED.finditer(text):
        if m.group("home"):  # "A Nogales man was sentenced": where they live, a place the table knows
            if known_place(m.group("home")) is not None:
                intros.append((m, f"Unnamed {m.group('home')} {m.group('who')}", m.group("who")))
            continue
        what = m.group("what")
        role = "driver" if _DRIVER_BEFORE.search(text, max(0, m.start() - 20), m.start()) else \
            what if what.split()[-1] in _NATIONALITY else what.lower()
        intros.append((m, f"Unnamed {m.group('age')}-year-old {role}", role.split()[-1]))
    if not intros:
        return [], []
    again: dict[str, list[tuple[int, int]]] = {}  # word -> where "the <word>" names someone
    for word in {w for *_, w in intros}:
        again[word] = [r.span(1) for r in re.finditer(rf"\b[Tt]he\s+({re.escape(word)})\b", text)]
    items: dict[str, dict] = {}
    for k, (m, name, word) in enumerate(intros):
        until = next((n.start() for n, _, w in intros[k + 1:] if w == word), len(text))
        spans = [m.span(), *(span for span in again[word] if m.end() <= span[0] < until)]
        apposed = re.compile(rf"\b[Tt]he\s+({re.escape(word)})\s*,\s+$").search(text, max(0, m.start() - 30), m.start())
        if apposed:  # "the driver, a 41-year-old Mexican citizen,"
            spans.insert(1, apposed.span(1))
        eid = by_key.get(name_key(name))
        item = items.setdefault(name, {"name": name, "id": eid or slugify(name), "type": "Person",
                                       "text": m.group(0), "start": m.start(), "end": m.end(), "mentions": []})
        item["mentions"] += [{"entity": item["id"], "text": text[a:b], "start": a, "end": b}
                             for a, b in (spans if not item["mentions"] else spans[1:])]
    registered = set(by_key.values())
    known = [i for i in items.values() if i["id"] in registered]
    new = [i for i in items.values() if i["id"] not in registered]
    for item in new:
        item["description"] = f"{item['text'][0].upper()}{item['text'][1:]}, not named in the article."
        if len(item["mentions"]) > 1:
            item["also"] = [[m["start"], m["end"]] for m in item["mentions"][1:]]
    return known, new


def _with_unnamed(text: str, entities: list[Entity], mentions: list[dict],
                  taken: bytearray) -> tuple[list[dict], list[dict], list[dict]]:
    """(the mentions with those of the unnamed people the registry holds, the new unnamed people,
    the mentions of all unnamed people): see ``unnamed_people``; ``taken`` takes their words."""
    known_unnamed, unnamed = unnamed_people(text, entities)
    unnamed_mentions = [m for u in [*known_unnamed, *unnamed] for m in u.pop("mentions")]
    if unnamed_mentions:  # "a 27-year-old U.S. citizen" is a person, not the United States
        theirs = bytearray(len(text))
        for u in unnamed_mentions:
            theirs[u["start"]:u["end"]] = taken[u["start"]:u["end"]] = b"\x01" * (u["end"] - u["start"])
        mentions = [m for m in mentions if not any(theirs[m["start"]:m["end"]])]
        known = {u["id"] for u in known_unnamed}
        mentions = sorted(mentions + [m for m in unnamed_mentions if m["entity"] in known], key=lambda m: m["start"])
    return mentions, unnamed, unnamed_mentions


def _new_mentions(text: str, taken: bytearray, candidates: list[dict]) -> list[dict]:
    """The other occurrences of the new names proposed, each an ``also`` of its item: found as
    registered names are (the same matcher), a person's surname alone too ("Sheinbaum" after
    "Claudia Sheinbaum"), where no registered name stands. The draft's statements read them as
    they read mentions of registered entities."""
    as_registered = []
    alone = words_alone(text)
    for c in candidates:
        aliases = (surnames_of(c["name"], alone) if c.get("type") == "Person"
                   else crossing_names(c["name"]) if c.get("type") == "BorderCrossing" else ())
        # a new name is a proper name: never inflected ("DataInt", not "DataInts")
        as_registered.append(Entity(c["id"], c.get("type") or "Organization", c["name"],
                                    (*aliases, *c.get("aliases", ()))))
    found, _ = find_mentions(text, as_registered)
    first = {c["id"]: c for c in candidates}
    again = []
    for m in found:
        c = first[m["entity"]]
        if not any(taken[m["start"]:m["end"]]) and m["start"] != c["start"]:
            c.setdefault("also", []).append([m["start"], m["end"]])
            again.append(m)
    return again


def surnames_of(name: str, alone: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """How a person named in full is named again: by the last word, and, for three words or more,
    by the last two (a Spanish name's two surnames: "García Harfuch" of "Omar García Harfuch");
    and by the first of two surnames alone, as Spanish-language news does, where the name is
    Spanish by its length (two given names and two surnames: "Corrales" of "Luis Arturo Corrales
    Ley"), its letters ("Valdés" of "Guillermo Valdés Castellanos") or the text's own use of that
    word ``alone`` ("Trevilla said" after "Ricardo Trevilla Trejo"), not an English middle name."""
    words = name.split()
    out = [" ".join(words[-n:]) for n in (2, 1) if len(words) > n]
    if len(words) >= 4 or (len(words) == 3 and (_SPANISH_LETTERS.search(name) or words[1] in alone)):
        out.append(words[-2])
    return tuple(out)


# A capitalised word the text writes with no capitalised word after it: a name said alone.
_ALONE = re.compile(r"\b[A-Z][\w\u00c0-\u00ff'\u2019-]*\b(?![ ]+[A-Z])")


def words_alone(text: str) -> frozenset[str]:
    """The capitalised words ``text`` writes alone (see _ALONE), found in one pass."""
    return frozenset(m.group(0) for m in _ALONE.finditer(text))


# A crossing's name: its own words, then the common noun of its kind.
_CROSSING_NAME = re.compile(r"(?P<own>.+?)\s+(?:ports? of entry|(?:border )?crossings?|ports?)", re.I)


def crossing_names(name: str) -> tuple[str, ...]:
    """How a crossing named in full is named again: its own words, or the last of them, before
    another of the common nouns of crossings ("the DeConcini crossing" of the "Dennis DeConcini
    Port of Entry"; "the Mariposa port")."""
    m = _CROSSING_NAME.fullmatch(name)
    if m is None:
        return ()
    own = m.group("own").split()
    forms = {f"{words} {kind}" for words in (" ".join(own), own[-1]) for kind in ("crossing", "port of entry", "port")}
    return tuple(sorted(f for f in forms if name_key(f) != name_key(name)))


_SPANISH_LETTERS = re.compile("[\u00e1\u00e9\u00ed\u00f3\u00fa\u00f1\u00c1\u00c9\u00cd\u00d3\u00da\u00d1]")


def compact_mentions(mentions: list[dict]) -> list[dict]:
    """One item per entity, at its first mention, with the others' offsets under ``also``
    ([start, end] pairs): a draft lists each entity once, not once per occurrence."""
    first: dict[str, dict] = {}
    for m in mentions:
        if m["entity"] in first:
            first[m["entity"]].setdefault("also", []).append([m["start"], m["end"]])
        else:
            first[m["entity"]] = m
    return list(first.values())


def _head_type(name: str) -> str | None:
    """The type a name's head word gives, for a name of two words or more ("Border Patrol";
    "Guard" alone is a word): its last word, else the word before its first "of"."""
    words = name.split()
    if len(words) < 2:
        return None
    if "Port of Entry" in name or "Port of entry" in name:
        return "BorderCrossing"
    head = _HEAD_TYPES.get(words[-1])
    if head is None and "of" in words:
        head = _HEAD_TYPES.get(words[words.index("of") - 1])
    if head is None:  # a Spanish name's head is its first word, after an article ("El Colegio de México")
        head = _SPANISH_HEADS.get(words[1] if words[0] in ("El", "La", "Los", "Las") else words[0])
    if head == "Border" and words[-1] != "Border":
        return None
    return head


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def guess_type(name: str, before: str, after: str) -> str | None:
    """A type from the name's head word (see ``_head_type``), a person's title or role just before
    or after it, or what an apposition after it says it is (", a security consultancy")."""
    head = _head_type(name) or ("Government" if _HEAD_TYPES.get(name) == "Government" else None)
    if head is not None:
        return head  # "Congress said" is no person's word
    # A name after "the" is no person's ("the Pentagon said").
    if (_PERSON_BEFORE.search(before[-40:]) or _PERSON_AFTER.match(after[:80])) and not _THE_BEFORE.search(before):
        return "Person"
    apposition = _APPOSITION.match(after[:80])
    if apposition:
        return _APPOSITION_TYPES.get(apposition.group(1))
    return None


# A run of capitalised words longer than this is a headline or a list, not a name; bounding names
# also bounds the work spent on each (the longest registered name has 7 words).
MAX_NAME_WORDS = 12
MAX_NAME_CHARS = 100  # the same, in characters (the longest registered name has 34)


_TITLES = {"President", "Governor", "Gov", "Senator", "Sen", "Representative", "Rep", "Secretary", "Mayor", "Sheriff",
           "Director", "Chief", "Commissioner", "Minister", "General", "Gen", "Lt", "Col", "Sgt", "Capt", "Judge",
           "Ambassador", "Attorney", "Agent", "Officer", "Mr", "Mrs", "Ms", "Dr", "Deputy", "Acting", "Vice", "Prime",
           "Spokesman", "Spokeswoman", "Chancellor", "Pope", "King", "Queen", "Prince", "Lieutenant", "Colonel",
           "Sergeant", "Captain", "Superintendent", "Inspector", "Pres", "Rev", "Reverend", "Adm", "Admiral", "Maj",
           "Major", "Cpl", "Corporal", "Atty", "Supt", "Insp", "Father", "Bishop", "Rabbi"}
_SHORT_FORMS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue",
                "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Ave", "Blvd", "Rd", "St", "Hwy", "Mt",
                "Ft", "No", "Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "Dept", "Gov", "Sen", "Rep", "Gen", "Lt", "Col"}
_VEHICLE_MAKES = {"Chevy", "Chevrolet", "Ford", "Toyota", "Honda", "Nissan", "Dodge", "Jeep", "GMC", "Kia", "Hyundai",
                  "Volkswagen", "VW", "Mazda", "Subaru", "Buick", "Cadillac", "Chrysler", "Lincoln", "Tesla", "BMW",
                  "Audi", "Mercedes", "Mercedes-Benz", "Volvo", "Freightliner", "Kenworth", "Peterbilt", "Ram",
                  "Mitsubishi", "Lexus", "Acura", "Infiniti", "Pontiac", "Plymouth"}
# Words that make a name with "and" inside one organisation's ("Customs and Border Protection");
# without one, "and" joins two names ("Donald Trump and Texas Governor Greg Abbott").
_ORG_WORDS = re.compile(r"\b(?:Department|Agency|Administration|Bureau|Ministry|Secretariat|Commission|Office|"
                        r"Protection|Enforcement|Security|Affairs|Services|Committee|Council|Institute|University|"
                        r"Center|Centre|Foundation|Association|Alcohol|Tobacco|Firearms|Explosives|Customs)\b")
_SPLITTERS = {"and", "on", "y"}
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")


def _split_possessives(tokens: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A run cut after each possessive, which ends a name ("Mexico's National Guard" names
    Mexico and the National Guard; "the Sinaloa Cartel's couriers"), but for a role's before
    "Office" or "Department", which is one name ("U.S. Attorney's Office", "Sheriff's Office"; not
    "CBP's Office of Field Operations")."""
    out: list[list[tuple[int, str]]] = [[]]
    for k, (pos, tok) in enumerate(tokens):
        bare = _POSSESSIVE.sub("", tok)
        if bare != tok and k + 1 < len(tokens) and tokens[k + 1][1] in _OFFICE_HEADS \
                and re.fullmatch(_ROLES, bare.lower()):
            out[-1].append((pos, tok))
            continue
        out[-1].append((pos, bare or tok))
        if bare != tok:
            out.append([])
    return [seg for seg in out if seg]


_OFFICE_HEADS = {"Office", "Department"}


def _split_of(seg: list[tuple[int, str]], text: str) -> list[list[tuple[int, str]]]:
    """A person of an organisation or a place cut at "of" ("Carlos Matienzo of DataInt"): the part
    before it has two words or more, none of them a head, title or place word; the whole is no
    known place ("United States of America")."""
    words = [t for _, t in seg]
    if "of" not in words:
        return [seg]
    i = words.index("of")
    before = words[:i]
    if len(before) < 2 or i == len(words) - 1 or any(w.rstrip(".") in _HEAD_TYPES or w in _PLACE_HEADS
                                                     or w.rstrip(".") in _TITLES for w in before[1:]):
        return [seg]
    if known_place(text[seg[0][0]:seg[-1][0] + len(seg[-1][1])]) is not None:
        return [seg]
    return [seg[:i], seg[i + 1:]]


def _segments(tokens: list[tuple[int, str]], text: str) -> list[list[tuple[int, str]]]:
    """A run of capitalised words cut into names: after a possessive, at "on" always ("Tijuana
    on Tuesday"), at "and"/"y" unless the run names one organisation ("Customs and Border
    Protection"), and at "of" after a person's name."""
    out: list[list[tuple[int, str]]] = []
    for part in _split_possessives(tokens):
        joined = _ORG_WORDS.search(" ".join(t for _, t in part)) is not None
        cut: list[list[tuple[int, str]]] = [[]]
        for tok in part:
            if tok[1] == "on" or (tok[1] in _SPLITTERS and not joined):
                cut.append([])
            else:
                cut[-1].append(tok)
        out += [piece for seg in cut if seg for part in _split_of(seg, text) for piece in _split_title(part, text)]
    return out


def _split_title(seg: list[tuple[int, str]], text: str) -> list[list[tuple[int, str]]]:
    """A place before a person's title cut from it ("Arizona Gov. Katie Hobbs" names Arizona and
    a person): the title stays with the name it stands before."""
    for i in range(1, len(seg) - 1):
        if seg[i][1].rstrip(".") in _TITLES and seg[i + 1][1].rstrip(".") not in _TITLES:
            if known_place(text[seg[0][0]:seg[i - 1][0] + len(seg[i - 1][1])]) is not None:
                return [seg[:i], seg[i:]]
            return [seg]
    return [seg]


def _bare(token: str) -> str:
    """A token without a possessive or contraction ("Here's", "Mexico's")."""
    return re.split(r"['\u2019]", token, maxsplit=1)[0]


def _headline(sentence: Sentence) -> bool:
    """A line of title case with no full stop: a headline, whose capitals mark no names."""
    words = [w for w in sentence.text.split() if len(w) > 3 and w.isalpha()]
    return not sentence.text.rstrip().endswith((".", '"', "\u201d", "?", "!")) and len(words) >= 3 and \
        sum(w[0].isupper() for w in words) >= 0.7 * len(words)


# Up to four capitalised words (with "del", "de", "la" between) before a crossing's common noun.
# Each starts where no word goes on before it: tried inside a long "A.A.A." run, it read to the end
# from every letter (48 s for 40,000 characters).
_CROSSING = re.compile(r"(?<![\w.'\u2019-])((?:[A-Z][\w\u00c0-\u00ff'\u2019.-]*[ ]+(?:(?:del|de|la)[ ]+)?){1,4})"
                       r"(ports? of entry|(?:border )?crossings?|bridges?|checkpoints?|garitas?|ports?|cartel|gang|"
                       r"state police|police)\b")
# The type a common noun after a name gives it (the rest name crossings).
_COMMON_HEADS = {"cartel": "CriminalOrganization", "gang": "CriminalOrganization", "state police": "SecurityForce",
                 "police": "SecurityForce"}
_CROSSING_WORDS = re.compile(r"\b(?:[Pp]orts? of [Ee]ntry|[Cc]rossings?|[Bb]ridges?|Puente|Garita)\b")
# ... or after it, with "at": "the port of entry at Sasabe", "the crossings at Lukeville and San
# Luis" (a crossing each). A country's name there is a town's of that name ("Colombia", Nuevo León).
_AT_PLACE = r"[A-Z][\w\u00c0-\u00ff'\u2019-]*(?:[ ](?:(?:del|de|la)[ ])?[A-Z][\w\u00c0-\u00ff'\u2019-]*){0,3}"
_CROSSING_AT = re.compile(rf"\b(ports? of entry|crossings?|bridges?)[ ]+at[ ]+(?:the[ ]+)?({_AT_PLACE})"
                          rf"(?:[ ]+and[ ]+({_AT_PLACE}))?")
# A dateline: a place in capitals opening a line, a state's short form and an agency after it,
# then a dash ("NOGALES, Ariz. (AP) —").
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z.'\u2019-]*(?:[ ][A-Z][A-Z.'\u2019-]*){0,3}"
                             r"(?:,[ ][A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)?[ ]*(?:\([^()\n]{1,40}\)[ ]*)?[-\u2013\u2014]",
                             re.MULTILINE)
_COUNTRY_BODIES = {"agency": "GovernmentAgency", "ministry": "GovernmentAgency", "department": "GovernmentAgency",
                   "secretariat": "GovernmentAgency", "army": "SecurityForce", "navy": "SecurityForce",
                   "air force": "SecurityForce", "armed forces": "SecurityForce", "national guard": "SecurityForce"}
_OF_A_COUNTRY = re.compile(r"(?<![\w.'\u2019-])([A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)['\u2019]s[ ]"
                           rf"(?:[a-z][a-z-]*[ ]){{0,3}}?({'|'.join(_COUNTRY_BODIES)})\b")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
# Names a bracketed acronym after them never abbreviates: a dateline's agency follows a place
# ("YUMA, Ariz. (AP)"), a person's party or office a person.
_NO_ACRONYM_TYPES = {"Country", "State", "County", "City", "Place", "Person"}
_COMMA = re.compile(r",[ ]+")
_STATE_AFTER = re.compile(r"[A-Z][\w\u00c0-\u00ff.]*(?:[ ][A-Z][\w\u00c0-\u00ff.]*){0,2}")
_ACRONYM_AFTER = re.compile(r"[ ]*\(([A-Z][A-Z.&]{1,9})\)")


def find_names(text: str, taken: bytearray, entities: list[Entity], starts: set[int] | None = None,
               headlines: list[Sentence] | None = None) -> tuple[list[dict], list[dict]]:
    """Capitalised names not in the registry: (candidates, near-duplicates of known names).

    A name is cut where it joins two ("A and B", "Tijuana on Tuesday", "Mexico's National Guard",
    "Carlos Matienzo of DataInt"), loses the titles before a person's name ("Texas Governor Greg
    Abbott") and a common word opening the sentence ("Officers of the Border Patrol"), and is
    dropped when it is a weekday, a month or another short form, a vehicle, a word opening a
    sentence or a headline, or a lone capitalised word of no known type seen once. A city
    followed by its state is one name ("Nogales, Sonora"), the city alone then one of its
    mentions. A known place (see ``places``) is typed, and flagged rather than proposed when the
    registry holds it under any of its names; so is a near spelling of a registered name.
    """
    if starts is None or headlines is None:
        sents = sentences(text)
        starts = {s.start for s in sents}
        headlines = [s for s in sents if _headline(s)]
    return _NameFinder(text, taken, entities, starts, headlines).run()


class _NameFinder:
    """What ``find_names`` keeps while it reads a text's runs of capitalised words."""

    def __init__(self, text: str, taken: bytearray, entities: list[Entity], starts: set[int],
                 headlines: list[Sentence]):
        self.text, self.taken, self.starts = text, taken, starts
        self.registered = registered = _registry_names(entities)
        self.similar_to = NearDuplicates(registered)
        self.by_key = {name_key(n): eid for n, eid in registered}
        self.ids = {eid for _, eid in registered}
        self.in_headline = bytearray(len(text))
        for h in headlines:
            self.in_headline[h.start:h.end] = b"\x01" * (h.end - h.start)
        self.candidates: dict[str, dict] = {}
        self.near: dict[str, dict] = {}
        self.singles: dict[str, dict] = {}
        self.cities: set[str] = set()  # the city of each "City, State" name
        self.entities = entities
        self.wholes: list[dict] = []  # bodies named with the places they serve (_body_over_places)
        self.own_places = _own_places(registered, {e.id: e.type for e in entities})

    def run(self) -> tuple[list[dict], list[dict]]:
        segs = []
        for m in _NAME.finditer(self.text):
            tokens = [(t.start() + m.start(), t.group())
                      for t in re.finditer(r"\S+", m.group(0).rstrip(".'\u2019-"))]
            free: list[list[tuple[int, str]]] = [[]]  # tokens a registered mention takes cut the run
            for tok in tokens:
                if any(self.taken[tok[0]:tok[0] + len(tok[1])]):
                    free.append([])
                else:
                    free[-1].append(tok)
            whole = self._body_over_places(tokens) if len(free) > 1 else None
            if whole is not None:
                self.wholes.append(whole)
                continue
            segs += [seg for part in free if part for seg in _segments(part, self.text)]
        items = list(self.wholes)
        for seg in segs:
            item = _candidate(self.text, seg, self.taken, self.starts, self.in_headline)
            if item is not None:
                city = self._with_state(item)
                items.append(item if city is None else city)
        for item in items:  # every "City, State" read first: "Nogales" in a headline is its city
            self._add(item)
        self._types_from_surnames()
        for name in self.cities:
            self.candidates.pop(name, None)
        # A lone word of no type from a longer name is a short mention of it ("the Guard" of the
        # "National Guard", "Mariposa" of the "Mariposa Port of Entry"), not a name of its own.
        parts = {w for c in self.candidates.values() if " " in c["name"] for w in c["name"].split()}
        for name in [n for n, c in self.candidates.items() if c.get("type") is None and n in parts]:
            del self.candidates[name]
        self._crossings()
        self._of_a_country()
        self._datelines()
        self._things()
        self._anonymous()
        return sorted(self.candidates.values(), key=lambda c: c["start"]), [n for n in self.near.values() if n]

    def _body_over_places(self, tokens: list[tuple[int, str]]) -> dict | None:
        """A body named with places the registry holds, as one new name ("U.S. Attorney's Office
        for the District of Arizona", "University of Sonora"): a run of capitalised words whose
        head (``names.head_index``) is a body's and is no registered name's, and whose registered
        words are all places; the places stay mentions of their own. None for another run."""
        while tokens and (tokens[0][1] in _STOP or tokens[0][1].lower() in _CONNECTORS):
            tokens = tokens[1:]
        if len(tokens) < 2:
            return None
        words = [t for _, t in tokens]
        head = head_index(words)
        kind = _HEAD_TYPES.get(words[head])
        start, end = tokens[0][0], tokens[-1][0] + len(tokens[-1][1])
        at = tokens[head][0]
        if kind not in _BODY_TYPES or any(self.taken[at:at + len(words[head])]):
            return None
        runs: list[list[str]] = [[]]  # the registered words, run by run ("Nuevo León" is one place)
        for pos, tok in tokens:
            if any(self.taken[pos:pos + len(tok)]):
                runs[-1].append(tok)
            elif runs[-1]:
                runs.append([])
        if any(run and known_place(" ".join(run)) is None for run in runs):
            return None
        return {"name": self.text[start:end], "start": start, "end": end, "type": kind}

    def _anonymous(self) -> None:
        """A source the writer names by a role alone and says is anonymous ("a CBP officer, who
        requested anonymity,", "an official who spoke on condition of anonymity") is a person of
        the story: proposed by the role (``_role_name``: "CBP officer"), unless registered so."""
        for m in _ROLE_NOUNS.finditer(self.text):
            if not _ANONYMOUS.match(self.text, m.end()) or registered_role(m.group(0), self.entities):
                continue
            name = _role_name(m.group(0))
            if name_key(name) in self.by_key or name in self.candidates or name.islower():
                continue  # "an official" alone: no body or country tells whose
            self.candidates[name] = {"name": name, "start": m.start(), "end": m.end(), "type": "Person",
                                     "id": slugify(name), "text": m.group(0)}

    def _datelines(self) -> None:
        """A place named only in a dateline ("WASHINGTON —") is where the story was filed, not what
        it is about: no new name unless the text names it again."""
        for m in _DATELINE_PLACE.finditer(self.text):
            for key, c in list(self.candidates.items()):
                if m.start() <= c["start"] < m.end():
                    names = [c["name"].split(",")[0], *c.get("aliases", ()), c.get("text") or c["name"]]
                    again = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names), re.IGNORECASE)
                    if not again.search(self.text, 0, m.start()) and not again.search(self.text, m.end()):
                        del self.candidates[key]

    def _of_a_country(self) -> None:
        """A country's body named in lower case after its name ("Mexico's navy", "Mexico's national
        intelligence agency"): no capitals mark it, the country's possessive and the head do."""
        for m in _OF_A_COUNTRY.finditer(self.text):
            country = known_place(m.group(1))
            if country is None or country[1] != "Country" or any(self.taken[m.end(1) + 2:m.end()]):
                continue
            name = m.group(0)
            if name_key(name) in self.by_key or name in self.candidates:
                continue
            self.candidates[name] = {"name": name, "start": m.start(), "end": m.end(), "id": slugify(name),
                                     "type": _COUNTRY_BODIES[m.group(2)]}

    def _crossings(self) -> None:
        """A name before a crossing's common noun names the crossing ("the Douglas port of entry",
        "the Paso del Norte bridge"), an entity of its own beside the city it is named for; so
        do a cartel's, a gang's and a police force's ("the Sinaloa cartel", "the Tijuana police")."""
        crossings = [set(n.split()) for n in [*self.candidates, *(n for n, _ in self.registered)]
                     if _CROSSING_WORDS.search(n)]
        for m in _CROSSING.finditer(self.text):
            if any(self.taken[m.start(2):m.end(2)]):
                continue  # a registered name takes it ("Nogales port of entry")
            tokens = [(t.start() + m.start(), t.group()) for t in re.finditer(r"\S+", m.group(1))]
            ends = [i for i, (_, w) in enumerate(tokens) if w.endswith(".") and not _INITIALS.fullmatch(w)]
            if ends:
                tokens = tokens[ends[-1] + 1:]  # a sentence ends before ("... on Twitter. The Sinaloa cartel")
            while tokens and (_bare(tokens[0][1]) in _STOP or tokens[0][1] in _DEMONYMS
                              or tokens[0][1].lower() in _CONNECTORS):
                tokens.pop(0)
            if not tokens or tokens[-1][1][0].islower():
                continue
            start = tokens[0][0]
            written = self.text[start:m.end(1)].rstrip()
            if known_body(written) or _head_type(written) or _bare(written) != written:
                continue  # a body's checkpoint, a possessive
            name = f"{written} {m.group(2)}"
            ctype = _COMMON_HEADS.get(m.group(2), "BorderCrossing")
            known = known_body(name)
            if known is not None:
                name = known[0]  # "the Sinaloa cartel" is the Sinaloa Cartel
            if name in self.candidates or (known is not None and any(name_key(n) in self.by_key for n in known[2])) or \
                    name_key(name) in self.by_key or \
                    (ctype == "BorderCrossing" and any(set(written.split()) <= words for words in crossings)):
                continue  # registered; "the Mariposa crossing" of the "Mariposa Port of Entry"
            named = self.candidates.get(written)
            if named is not None and named["start"] == start and named.get("type") is None:
                del self.candidates[written]  # "Paso del Norte" is the bridge's name, not a place's
            item = {"name": name, "start": start, "end": m.end(), "type": known[1] if known else ctype,
                    "id": slugify(name)}
            if known is not None:
                item["text"] = self.text[start:m.end()]
                item["aliases"] = list(known[2][1:])
            self.candidates[name] = item
        for m in _CROSSING_AT.finditer(self.text):
            for g in (2, 3):
                if m.group(g) is not None and not any(self.taken[m.start(g):m.end(g)]):
                    self._crossing_at(m, g)

    def _crossing_at(self, m: re.Match, g: int) -> None:
        """The crossing of "the crossing at NAME" (see _CROSSING_AT): proposed as "NAME crossing",
        flagged when registered so; a country's name there proposed no more."""
        written = m.group(g)
        place = known_place(written)
        if place is not None and place[1] in ("State", "County"):
            return  # "the crossings at Arizona's border" names no crossing
        noun = m.group(1)
        if m.group(3) is not None:  # "the crossings at A and B": a crossing each
            noun = re.sub(r"^(port|crossing|bridge)s", r"\1", noun)
        name = f"{written} {noun}"
        if place is not None and place[1] == "Country" and self.candidates.get(place[0], {}).get("start") == m.start(g):
            del self.candidates[place[0]]
        start = m.start() if g == 2 else m.start(g)
        item = {"name": name, "start": start, "end": m.end(g), "type": "BorderCrossing",
                "text": self.text[start:m.end(g)]}
        eid = self.by_key.get(name_key(name))
        if eid is not None:
            self.near[name] = {**item, "possible_duplicate_of": eid}
        elif name not in self.candidates:
            self.candidates[name] = {**item, "id": slugify(name)}

    def _things(self) -> None:
        """The common nouns of the table of things (see ``places``) the registry lacks, where no
        name stands: each proposed at its first mention, a noun, not a modifier ("drug" in "the
        drug was found", not in "drug laboratories")."""
        free = bytearray(self.taken)
        for c in [*self.candidates.values(), *self.near.values(), *self.singles.values()]:
            if c:
                free[c["start"]:c["end"]] = b"\x01" * (c["end"] - c["start"])
        unregistered = [Entity(slugify(name), ttype, name, names[1:]) for name, ttype, names in things()
                        if not any(name_key(n) in self.by_key for n in names)]
        found, _ = find_mentions(self.text, unregistered)
        by_id = {e.id: e for e in unregistered}
        for m in found:
            e = by_id[m["entity"]]
            capitalised = m["text"].split()[-1][:1].isupper() and re.match(r" [A-Z]", self.text[m["end"]:m["end"] + 2])
            if e.name in self.candidates or any(free[m["start"]:m["end"]]) or capitalised:
                continue  # "the Border Patrol" names no border
            item = {"name": e.name, "start": m["start"], "end": m["end"], "type": e.type, "id": e.id}
            if e.aliases:
                item["aliases"] = list(e.aliases)
            if m["text"] != e.name:
                item["text"] = m["text"]
            self.candidates[e.name] = item

    def _with_state(self, item: dict) -> dict | None:
        """'City, State' as one city's name, when a state of the place table follows the name
        (registered or not: "Ariz." may be a mention of a registered Arizona)."""
        if item.get("type") not in (None, "City") or len(item["name"].split()) > 3:
            return None
        comma = _COMMA.match(self.text, item["end"])
        after = _STATE_AFTER.match(self.text, comma.end()) if comma else None
        if after is None:
            return None
        words = after.group(0).split(" ")
        state, state_end = None, 0
        for n in range(len(words), 0, -1):  # the longest state first ("Baja California Sur")
            written = " ".join(words[:n])
            state = known_place(written)
            if state is not None and state[1] == "State":
                state_end = after.start() + len(written)
                break
        if state is None or state[1] != "State":
            return None
        if written.endswith(".") and written not in state[2]:
            state_end -= 1  # a sentence's full stop, not an abbreviation's ("Ariz.")
        city = known_place(item["name"])
        name = f"{city[0] if city else item['name']}, {state[0]}"
        written = self.text[item["start"]:state_end]
        self.cities.add(city[0] if city else item["name"])
        out = {"name": name, "start": item["start"], "end": state_end, "type": "City"}
        if written != name:
            out["text"] = written
        if (city[0] if city else item["name"]) not in TWIN_CITIES:  # "Ciudad Juárez" is one city
            out["aliases"] = list(city[2] if city else [item["name"]])
        return out

    def _add(self, item: dict) -> None:
        name = item["name"]
        known = (known_place(name) or known_body(name)) if item.get("type") != "City" or ", " not in name else None
        key = known[0] if known else name
        if key in self.cities:
            return  # "Nogales" after "Nogales, Arizona": a mention of that city
        if key in self.candidates or name in self.near or key in self.singles:
            return
        if known is not None:
            item["name"], item["type"] = known[0], known[1]
            if name != known[0]:
                item["text"] = name
            if len(known[2]) > 1:
                item["aliases"] = list(known[2][1:])
            eid = next((self.by_key[k] for k in map(name_key, known[2]) if k in self.by_key), None)
            if eid is not None:
                item["possible_duplicate_of"] = eid
                self.near[name] = item
                return
        # A known place is no misspelling of another, but may be a registered city's short name;
        # a name registered as it is (a dateline's "NOGALES, Ariz." spelled out) is no new one.
        # A name whose id would be a registered one's is that entity spelled another way ("Nogales
        # Arizona" for nogales-arizona): a new entity of that id is refused at build.
        similar = self.by_key.get(name_key(item["name"])) or \
            (slugify(item["name"]) if slugify(item["name"]) in self.ids else None) or \
            (self._similar(item["name"]) if known is None else self._city_of(name))
        if similar is not None:
            item["possible_duplicate_of"] = similar
            self.near[name] = item
            return
        item["id"] = slugify(item["name"])
        short = _ACRONYM_AFTER.match(self.text, item["end"])
        if short and len(name.split()) > 1 and item.get("type") not in _NO_ACRONYM_TYPES:
            # "Drug Enforcement Administration (DEA)"; not a dateline's "YUMA, Ariz. (AP)"
            item["aliases"] = [*item.get("aliases", ()), short.group(1)]
            self.near[short.group(1)] = {}  # its later mentions are this one's, not new names
        if item.get("type") is None and len(name.split()) == 1 and not name.isupper():
            # A lone capitalised word of no known type is kept only if the text uses it twice.
            if name in self.singles:
                self.candidates[name] = self.singles.pop(name)
            else:
                self.singles[name] = item
            return
        self.candidates[key] = item

    def _similar(self, name: str) -> str | None:
        """The registered entity ``name`` may be a misspelling of, unless it names a body of another
        place ("Arizona National Guard" is no spelling of "Mexico's National Guard")."""
        similar = self.similar_to(name)
        words = name.split()
        for n in (2, 1):  # the place the name opens with: "Arizona", "Nuevo León"
            opening = " ".join(words[:n]) + " "
            if similar is not None and len(words) > n and _another_places(opening, len(opening),
                                                                          self.own_places.get(similar)):
                return None
        return similar

    def _city_of(self, name: str) -> str | None:
        """The registered city a city's short name is ("Nogales" of "Nogales, Sonora"): of two
        registered cities of that name, the one the text names with its state."""
        lowered = name.lower()
        first = self.similar_to.heads.get(lowered)
        if first is None:
            return None
        folded = self.text.lower()
        named = [eid for n, eid in self.registered if n.lower().startswith(lowered + ",") and n.lower() in folded]
        return named[0] if named else first

    def _types_from_surnames(self) -> None:
        """A name of no type whose last word is a person's elsewhere ("says Matienzo") is a person's."""
        people = {c["name"] for c in self.candidates.values() if c.get("type") == "Person"} | \
                 {c["name"] for c in self.singles.values() if c.get("type") == "Person"}
        for c in self.candidates.values():
            words = c["name"].split()
            if c.get("type") is None and 1 < len(words) <= 4 and words[-1] in people:
                c["type"] = "Person"


def _opening_word(text: str, seg: list[tuple[int, str]], first: int, starts: set[int]) -> bool:
    """Whether seg[first] is a common word opening the sentence before "of" or "the" ("Officers
    of the Border Patrol"), not the head of the name ("Department of Defense")."""
    pos, word = seg[first]
    at_start = pos in starts or (pos - 1 in starts and text[pos - 1] in '"\u201c')
    return at_start and first + 1 < len(seg) and seg[first + 1][1] in _CONNECTORS and \
        word not in _HEAD_TYPES and word not in _PLACE_HEADS and word not in _TITLES and \
        known_place(text[pos:seg[-1][0] + len(seg[-1][1])]) is None


def _shouted(seg: list[tuple[int, str]]) -> bool:
    """Words in capitals that are no acronyms: a label or a line set in capitals ("SPECIAL
    REPORT"), not a name (a place in a dateline, "NOGALES", is known by the place table)."""
    return len(seg) > 1 and all(t.isupper() for _, t in seg) and any(len(t) > 5 for _, t in seg)


def _surname_speaking(word: str, after: str) -> bool:
    """Whether a word opening a sentence is a surname before a speech verb ("Sheinbaum told
    reporters"), not a plural ("Officials said", "Critics say")."""
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return not plural and re.match(rf"\s+(?:{_SAYS})\b", after) is not None


def _candidate(text: str, seg: list[tuple[int, str]], taken: bytearray, starts: set[int],
               in_headline: bytearray) -> dict | None:
    """The name a segment of capitalised words makes, with its guessed type; None for junk."""
    first, last = 0, len(seg)
    while first < last and (_bare(seg[first][1]) in _STOP or seg[first][1].lower() in _CONNECTORS
                            or seg[first][1].rstrip(".") in _SHORT_FORMS or _opening_word(text, seg, first, starts)):
        if seg[first][1] != "The" and known_place(text[seg[first][0]:seg[last - 1][0] + len(seg[last - 1][1])]):
            break  # "New Mexico"
        first += 1
    while last > first and seg[last - 1][1].lower() in _CONNECTORS:
        last -= 1
    if first == last or last - first > MAX_NAME_WORDS:
        return None
    if seg[first][1] in _VEHICLE_MAKES and _head_type(" ".join(t for _, t in seg[first:last])) is None:
        return None  # a vehicle ("Chevy Malibu"), not the "Ford Foundation"
    # Titles before a person's name: "Texas Governor Greg Abbott" is Greg Abbott.
    titled = max((i for i in range(first, last - 1) if seg[i][1].rstrip(".") in _TITLES), default=None)
    if titled is not None:
        first = titled + 1
    elif seg[last - 1][1].rstrip(".") in _TITLES and _head_type(" ".join(t for _, t in seg[first:last])) is None:
        return None  # a title before a registered name or a comma ("Mexican President"): a role
    start = seg[first][0]
    end = seg[last - 1][0] + len(seg[last - 1][1])
    if end - start > MAX_NAME_CHARS or any(taken[start:end]):
        return None
    name = text[start:end]
    known = known_place(name) or known_body(name)
    if (in_headline[start] or _shouted(seg[first:last])) and known is None:
        return None
    if text[end:end + 1] == ":" and text[max(0, start - 1):start] in ("", "\n") and known is None:
        return None  # a label opening a line ("Release Date: ...", "Media Contact: ...")
    etype = "Person" if titled is not None and first == titled + 1 else known[1] if known else \
        guess_type(name, text[max(0, start - 40):start], text[end:end + 80])
    if last - first == 1:
        after = text[end:end + 1]
        if (start in starts and known is None and not _surname_speaking(name, text[end:end + 20])) \
                or len(name) < 3 or name in _DEMONYMS \
                or name.rstrip(".") in _TITLES or text[max(0, start - 1):start] in ('"', "\u201c") \
                or (after == "." and known is None and len(name) <= 5 and etype is None):
            return None  # a lone word opening a sentence or a quote, or a short form ("Jan.")
    return {"name": name, "start": start, "end": end, "type": etype}


# --- descriptions ---------------------------------------------------------------------------

# What a new name is, as the writer says it in an apposition: "DataInt, a security consultancy,";
# "Maria Lopez, the CBP official who oversees the crossing,"; "Monterrey, the capital of Nuevo
# León". The apposition runs to the next clause mark, or a full stop that ends no abbreviation.
_CLAUSE_MARKS = r"[,;:!?()\u2014\u2013\"\u201c\u201d\n]"
_DESCRIPTION = re.compile(rf",[ ]+([^{_CLAUSE_MARKS[1:]}{{3,120}}?)(?={_CLAUSE_MARKS}|"
                          r"(?<![A-Z])(?<!\b[A-Z][a-z])\.(?:\s|$)|$)")
# An apposition is a noun phrase: an article and a noun ("a security consultancy", "the capital of
# Nuevo León"), or a role with what it is of ("sheriff of Santa Cruz County", "former director of
# ...", "CBP spokesperson in Tucson"). A clause after a comma is none: a participle ("bringing the
# number ..."), a verb ("handles more than ..."), an adverb or a preposition ("across the river").
_DESCRIPTION_START = re.compile(rf"(?:(?:a|an|the)\s+(?!(?:dozen|few|couple|number|lot|hundred|thousand|million|"
                                rf"half|third|quarter)\b)[\w'\u2019-]"
                                rf"|(?:(?:former|acting|deputy|interim|then-)\s*)?(?:{_ROLES})\b"
                                rf"|(?:[A-Z]{{2,}}|[A-Z][\w.]*['\u2019]s)\s+(?:[\w-]+\s+)?(?:{_ROLES})\b)")
# Finite verbs that make a phrase after a comma a clause ("a dozen soldiers stand watch").
_FINITE = re.compile(r"\b(?:is|are|was|were|stand|stands|stood|has|have|had|will|would|can|could|do|does|did)\b")
# A list goes on after a comma too: "Mexico, the United States and Canada" names three.
_NAMES_LISTED = re.compile(r"(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+)+(?:and|or)\s+[A-Z]")
# A clause in the apposition ("the port, officials said"): a speech verb makes it no description.
_SPEECH_IN = re.compile(rf"\b(?:{_SAYS})\b")
# A description says what a thing is in a word of its own, not only in names ("the Rev.").
_CONTENT_WORD = re.compile(r"\b(?!(?:the|and|for)\b)[a-z]{3,}")
# The longest description kept, in words: the sample articles' longest apposition has 11.
DESCRIPTION_WORDS = 14


def describe(text: str, places: list[tuple[int, int]]) -> str | None:
    """A description of a name from the first apposition after one of its ``places`` (start,
    end), as a sentence ("A security consultancy."), or None."""
    for _, end in sorted(places):
        m = _DESCRIPTION.match(text, end)
        if m is None:
            continue
        words = m.group(1).strip()
        if (not _DESCRIPTION_START.match(words) or _SPEECH_IN.search(words) or _FINITE.search(words)
                or _NAMES_LISTED.match(words) or not _CONTENT_WORD.search(words)
                or words.split()[-1].rstrip(".") in _TITLES
                or len(words.split()) > DESCRIPTION_WORDS or len(words.split()) < 2):
            continue
        return words[0].upper() + words[1:] + ("" if words.endswith(".") else ".")
    return None


# --- quotations -----------------------------------------------------------------------------

_QUOTE = re.compile(r'"([^"\n]{2,600}?)"|\u201c([^\u201d\n]{2,600}?)\u201d')
# An opening mark with no word right before it ("5'10\"" closes an inch, not a quote).
_OPENING = re.compile(r'(?<![\w.,;:!?])["\u201c](?=[^\s"\u201d])')
_VERBS = (r"(?:says|said|explains|explained|adds|added|notes|noted|argues|argued|insists|insisted|told|tells|warns|"
          r"warned|acknowledges|acknowledged|concludes|concluded|asks|asked|describes|described|writes|wrote|"
          r"recalls|recalled|continues|continued|replies|replied|stresses|stressed|admits|admitted|recounts|"
          r"recounted|complains|complained|jokes|joked|tweeted|posted|testified|testifies|declared|declares|"
          r"stated|remarked|responded|responds|cautioned|cautions|urged|urges|conceded|concedes|countered|"
          r"counters|emphasized|emphasised|emphasizes|maintained|maintains|claimed|claims|vowed|vows|promised|"
          r"lamented|laments|quipped|quips|predicted|predicts|wondered|wonders|observed|observes)")
_PRONOUNS = {"he", "she", "they"}
# The words right after a closing quote mark that may name its speaker: a speech verb and a phrase
# ('said port director Ana Ruiz') or a phrase and a speech verb ('Gov. Ana Ruiz said'), read by
# _speaker_phrase. At most _PHRASE_WORDS words: a role and a name are no longer.
_PHRASE_WORDS = 10
_WORD = r"[\w.'\u2019()&-]+"
# Between the name and its verb, an age or an apposition ('"...," Ana Ruiz, 54, said').
_SPEAKER_AFTER = re.compile(rf"\s*,?\s*(?:(?:{_VERBS}|according\s+to)\s+"
                            rf"(?P<after>{_WORD}(?:[ ]+{_WORD}){{0,{_PHRASE_WORDS - 1}}})"
                            rf"(?:,[ ]+(?P<named>{_WORD}(?:[ ]+{_WORD}){{0,{_PHRASE_WORDS - 1}}}))?"
                            rf"|(?P<before>{_WORD}(?:[ ]+{_WORD}){{0,{_PHRASE_WORDS - 1}}}?)"
                            rf"(?:,[ ]+(?P<apposed>[^,\"\u201c\u201d\n]{{1,80}}),)?\s+{_VERBS}\b)")
_ROLE_NOUNS = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:(?:\(?[A-Z][\w.()\u2019'-]*|former|senior|top|local)\s+"
                         r"(?:of\s+(?:the\s+)?(?=[A-Z]))?){0,7}"
                         r"(?:officer|official|spokesperson|spokesman|spokeswoman|analyst|agent|commander)\b")
# What makes a role's holder an anonymous source, right after the role: "..., who requested
# anonymity", "who spoke on condition of anonymity", "who asked not to be named", "who was not
# authorized to speak publicly".
_ANONYMOUS = re.compile(r",?\s+(?:who\s+(?:requested|asked\s+for|was\s+granted|spoke\s+on\s+(?:the\s+)?condition\s+of)"
                        r"\s+anonymity|who\s+(?:asked|declined|did\s+not\s+want)\s+(?:not\s+)?to\s+be\s+"
                        r"(?:named|identified)|who\s+(?:was|is|were|are)\s+not\s+authori[sz]ed\s+to\s+speak|"
                        r"speaking\s+on\s+(?:the\s+)?condition\s+of\s+anonymity)")
# Titles news abbreviates before a name (AP style), and the role each gives; a courtesy title
# (Mr., Dr., the Rev.) gives none.
_TITLE_ROLES = {
    "Gov.": "governor", "Lt. Gov.": "lieutenant governor", "Sen.": "senator", "Sens.": "senator",
    "Rep.": "representative", "Reps.": "representative", "Gen.": "general", "Lt. Gen.": "lieutenant general",
    "Maj. Gen.": "major general", "Brig. Gen.": "brigadier general", "Lt.": "lieutenant",
    "Lt. Col.": "lieutenant colonel", "Col.": "colonel", "Maj.": "major", "Capt.": "captain", "Cmdr.": "commander",
    "Adm.": "admiral", "Sgt.": "sergeant", "Cpl.": "corporal", "Pvt.": "private", "Det.": "detective",
    "Insp.": "inspector", "Supt.": "superintendent", "Atty. Gen.": "attorney general", "Amb.": "ambassador",
    "Pres.": "president", "Sec.": "secretary", "Mr.": "", "Mrs.": "", "Ms.": "", "Dr.": "", "Rev.": "", "Fr.": "",
    "Prof.": "professor", "Gob.": "governor", "Lic.": "", "Ing.": "", "Sra.": "", "Sr.": "",
}
_ROLE_WORDS = set(_ROLES.split("|")) | {w for r in _ROLES.split("|") for w in r.split()[-1:]}
# Words inside a name ("Juan de la Cruz"), never at its ends.
_NAME_JOINERS = {"de", "del", "la", "las", "los", "y", "da", "dos", "van", "von", "bin", "al"}


def _title_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The abbreviated title at words[i] ("Gov.", "Lt. Gov.") as (its role, words it takes)."""
    two = " ".join(words[i:i + 2])
    if two in _TITLE_ROLES:
        return _TITLE_ROLES[two], 2
    return (_TITLE_ROLES[words[i]], 1) if words[i] in _TITLE_ROLES else None


# An organisation's name with its article, standing before a speech verb: "the Department of Homeland
# Security", "the Pentagon" (a person's name takes no article).
_ORGANISATION = re.compile(rf"[Tt]he {_TOKEN}(?: (?:(?:of|for|and|on|the) )*{_TOKEN}){{0,7}}")


def _speaker_phrase(phrase: str, whole: bool) -> tuple[str | None, str | None]:
    """(name, role) in a phrase beside a speech verb: 'port director Ana Ruiz' -> ('Ana Ruiz', 'port
    director'), 'Gov. Ana Ruiz' -> ('Ana Ruiz', 'governor'), 'Ruiz' -> ('Ruiz', None), 'he' -> ('he',
    None). The role is the words up to the last title or role noun, the name the capitalised words
    after it; the phrase ends at the end of a sentence, or at a lower-case word once a name has
    begun. ``whole``: the phrase stands before its verb and must be all role and name."""
    words = phrase.split()
    if words and words[0].lower() in _PRONOUNS:
        return (words[0], None) if len(words) == 1 or not whole else (None, None)
    if whole and _ORGANISATION.fullmatch(phrase) and words[-1].lower() not in _ROLE_WORDS:
        # '"...," the Department of Labor said'
        return phrase.split(None, 1)[1], None
    kept: list[tuple[str, str | None]] = []  # (word, the role it gives if it is a title or role noun)
    named = False  # a name word stands after the last title or role noun
    i = 0
    while i < len(words):
        title = _title_at(words, i)
        if title is not None:
            kept.append((" ".join(words[i:i + title[1]]), title[0]))
            i += title[1]
            named = False
            continue
        word = words[i]
        bare = word.rstrip(".")
        if bare.lower() in _ROLE_WORDS and not (named and bare[:1].isupper()):
            kept.append((bare, bare))
            named = False
        elif named and bare[:1].islower() and bare not in _NAME_JOINERS:
            break
        else:
            kept.append((bare, None))
            named = named or (re.fullmatch(_TOKEN, bare) is not None and not bare.isupper() and "." not in bare
                              and bare not in _DEMONYMS and not _POSSESSIVE.search(bare))
        i += 1
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.", word):
            break  # the end of the sentence
    if whole and i < len(words):
        return (None, None)
    last = max((j for j, (_, gives) in enumerate(kept) if gives is not None), default=-1)
    name = [w for w, _ in kept[last + 1:]]
    if not name or len(name) > MAX_NAME_WORDS or name[0] in _NAME_JOINERS or name[-1] in _NAME_JOINERS \
            or not all(re.fullmatch(_TOKEN, w) or w in _NAME_JOINERS for w in name) \
            or any(_POSSESSIVE.search(w) or w in _DEMONYMS for w in name):
        return (None, None)
    role = [gives if gives is not None else w for w, gives in kept[:last + 1]
            if w.lower() not in {"the", "a", "an"} and not _POSSESSIVE.search(w) and w not in _DEMONYMS]
    return " ".join(name), _role_words([w for w in role if w]) or None


def _role_words(words: list[str]) -> str:
    """A role as the curation writes it: lower case but for acronyms ("Area Port Director" -> "area
    port director", "CBP spokesperson" stays)."""
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)


def _role_name(phrase: str) -> str:
    """What a person named only by a role is called: the role without its article, an organisation
    written out with its acronym in brackets by the acronym ("A U.S. Drug Enforcement Administration
    (DEA) officer" -> "DEA officer")."""
    phrase = re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "", phrase)
    acronym = re.search(r"\(([A-Z][A-Z.&]{1,9})\)", phrase)
    return f"{acronym.group(1)}{phrase[acronym.end():]}" if acronym else phrase


def registered_role(phrase: str | None, entities: list[Entity]) -> str | None:
    """The one registered person a role phrase names ("A U.S. Drug Enforcement Administration
    (DEA) officer" for the person registered as "DEA officer"): a name or alias of two words or
    more, all among the phrase's, with the same last word (the role's noun)."""
    words = [w.lower() for w in re.findall(r"\w+", phrase or "")]
    if not words:
        return None
    found = set()
    for e in entities:
        if e.type != "Person":
            continue
        for name in (e.name, *e.aliases):
            named = [w.lower() for w in re.findall(r"\w+", name)]
            if len(named) > 1 and named[-1] == words[-1] and set(named) <= set(words):
                found.add(e.id)
    return found.pop() if len(found) == 1 else None


def _role_only(phrase: str) -> tuple[str, str] | None:
    """(article, role) of a speaker named by a role alone: 'a senior border official' -> ('a',
    'senior border official'), 'the sheriff' -> ('the', 'sheriff'); words after the role ('in
    Tucson') are left."""
    words = phrase.split()
    if len(words) < 2 or words[0].lower() not in {"a", "an", "the"}:
        return None
    for i, word in enumerate(words[1:_PHRASE_WORDS], start=1):
        bare = word.rstrip(".,")
        if bare.lower() in _ROLE_WORDS:
            return words[0].lower(), " ".join(w.rstrip(".,") for w in words[1:i + 1])
        if not re.fullmatch(r"[\w.'\u2019()&-]+", bare) or bare.lower() in {"of", "in", "at", "for", "who", "that"}:
            return None
    return None


# What tells a person's sex in the text, for 'he' and 'she': a courtesy title, a word of role that
# has one, and the pronoun that first follows a mention of the person.
_PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                "herself": "f"}
_WORD_SEX = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sr": "m", "sra": "f", "spokesman": "m",
             "spokeswoman": "f", "congressman": "m", "congresswoman": "f", "businessman": "m", "businesswoman": "f",
             "chairman": "m", "chairwoman": "f", "councilman": "m", "councilwoman": "f", "assemblyman": "m",
             "assemblywoman": "f", "policeman": "m", "policewoman": "f", "father": "m", "mother": "f",
             "grandfather": "m", "grandmother": "f", "husband": "m", "wife": "f", "son": "m", "daughter": "f",
             "brother": "m", "sister": "f", "widow": "f", "widower": "m", "priest": "m", "nun": "f"}
_SEX_WORDS = re.compile(r"\b(?:" + "|".join(_PRONOUN_SEX) + r")\b", re.IGNORECASE)
_APPOSED_ROLE = re.compile(r",\s+(?:a|an|the)\s+(?:[\w'\u2019-]+\s+){0,3}?([a-z]+)\b")
_AFTER_QUOTE = re.compile(r"[\"\u201d],?\s*$")
_SEX_REACH = 160  # characters after a mention in which its first pronoun is looked for
_SEX_BACK = 50  # people looked back through for one of the pronoun's sex


class _People:
    """Every person mention, in text order, with the look-ups speaker resolution needs."""

    def __init__(self, people: list[tuple[int, str, str | None]], text: str = ""):
        self.all = sorted(people, key=lambda p: (p[0], p[1], p[2] or ""))
        self.offsets = [p[0] for p in self.all]
        self.by_last_word: dict[str, tuple[int, str, str | None]] = {}
        for p in self.all:  # in text order, so the last mention of each last word stays
            words = p[1].split()
            if words:
                self.by_last_word[words[-1]] = p
        self.sex = self._sexes(text)

    def _sexes(self, text: str) -> dict[str, str]:
        """Each person's sex where the text tells it, by the most of its signs."""
        votes: dict[str, list[str]] = {}
        for i, (offset, name, eid) in enumerate(self.all):
            signs = votes.setdefault(eid or name, [])
            before = re.findall(r"[A-Za-z]+", text[max(0, offset - 14):offset])
            if before and before[-1].lower() in _WORD_SEX:
                signs += [_WORD_SEX[before[-1].lower()]] * 2  # a title outweighs a pronoun
            end = offset + len(name)
            role = _APPOSED_ROLE.match(text, end, end + 80)
            if role and role.group(1) in _WORD_SEX:
                signs += [_WORD_SEX[role.group(1)]] * 2
            stop = max(end, min(self.offsets[i + 1] if i + 1 < len(self.all) else len(text), end + _SEX_REACH))
            pronoun = next((p for p in _SEX_WORDS.finditer(text, end, stop)  # not the one a quote is said by
                            if not _AFTER_QUOTE.search(text, max(0, p.start() - 4), p.start())), None)
            if pronoun:
                signs.append(_PRONOUN_SEX[pronoun.group(0).lower()])
        return {key: max(("m", "f"), key=signs.count) for key, signs in votes.items()
                if signs and signs.count("m") != signs.count("f")}

    def last_before(self, offset: int, since: int = 0, sex: str | None = None) -> tuple[int, str, str | None] | None:
        """The last person named in [since, offset), of the given sex or of none known."""
        i = bisect.bisect_left(self.offsets, offset) - 1
        for j in range(i, max(-1, i - _SEX_BACK), -1):
            p = self.all[j]
            if p[0] < since:
                return None
            if sex is None or self.sex.get(p[2] or p[1], sex) == sex:
                return p
        return None


# A name of no known type is a person's when it speaks: 'NAME said', 'NAME, who ..., said', 'said NAME'
# (an organisation that speaks is seldom 'he' or 'she', which is all this is used for).
_SPEAKS_AFTER = re.compile(rf"(?:,[^,\"\u201c\u201d\n]{{1,120}},|,)?\s+{_VERBS}\b")
_SPEAKS_BEFORE = re.compile(rf"\b{_VERBS}\s+$")


def _speaking(text: str, unknown: list[tuple[int, str, str | None]]) -> list[tuple[int, str, str | None]]:
    """Of the names of no known type, those said to speak."""
    return [p for p in unknown if _SPEAKS_AFTER.match(text, p[0] + len(p[1]))
            or _SPEAKS_BEFORE.search(text, max(0, p[0] - 16), p[0])]


_NEXT_OPENS = re.compile(r'[^\S\n]*\n\s*["\u201c]')


# Words after which quotation marks hold a name or a term, not someone's words: 'the so-called
# "Remain in Mexico" policy', 'a tunnel dubbed "El Túnel"'.
_NAMED_AS = re.compile(r"\b(?:so-called|dubbed|nicknamed|known\s+as|titled|entitled|named|codenamed|code-named|"
                       r"term|phrase|word|words|Operation|slogan|hashtag)\s*$", re.IGNORECASE)


def _quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, left open) of the text inside quotation marks. A quotation over several
    paragraphs leaves each but the last open: its paragraph ends with no closing mark and the next
    one opens with a mark. Such an opening is a quotation to the end of its paragraph."""
    spans = [(m.start(1) if m.group(1) is not None else m.start(2), m.end(1) if m.group(1) is not None else m.end(2),
              False) for m in _QUOTE.finditer(text)]
    spans = [sp for sp in spans if not _nickname(text, sp[0], sp[1])]
    ends = [s[1] for s in spans]
    for line in re.finditer(r"[^\n]+", text):
        i = bisect.bisect_left(ends, line.end()) - 1  # the last closed quotation before the line's end
        begin = max(line.start(), ends[i] + 1 if i >= 0 else 0)
        opening = _OPENING.search(text, begin, line.end())
        if opening is None or re.search(r'["\u201d]', text[opening.end():line.end()]):
            continue
        if _NEXT_OPENS.match(text, line.end()):
            spans.append((opening.end(), line.end(), True))
    return sorted(spans)


# A nickname in quotation marks inside a name ('Joaquín "El Chapo" Guzmán'): capitalised words
# between two capitalised words of the name, no quotation.
_NICKNAME = re.compile(r"(?:[A-Z\u00c0-\u00de][\w.'\u2019-]*[ ]+){1,3}")
_NAME_BEFORE = re.compile(r"[A-Z\u00c0-\u00de][\w\u00c0-\u00ff.'\u2019-]*[ ]+.$")
_NAME_AFTER = re.compile(r".[ ]+[A-Z\u00c0-\u00de]")


def _nickname(text: str, start: int, end: int) -> bool:
    """Whether the quoted text[start:end] is a nickname inside a name (see above)."""
    return end - start <= 40 and _NICKNAME.fullmatch(text[start:end] + " ") is not None \
        and _NAME_BEFORE.search(text, max(0, start - 30), start) is not None \
        and _NAME_AFTER.match(text, end) is not None


# A role right after a name and its comma is that person's ("Ana Ruiz, a spokeswoman"), no one else.
_APPOSED = re.compile(r"[A-Z\u00c0-\u00de][\w'\u2019-]*,\s+$")


def find_quotations(text: str, people: list[tuple[int, str, str | None]], sents: _Sentences,
                    unknown: list[tuple[int, str, str | None]] | None = None) -> list[dict]:
    """Direct quotations and who says them, by the first rule that applies:

    1. a speaker right after the quote: '"...," says X', '"...," X says', '"...," said port
       director X' (with the role), '"...," he said' (the person named last before);
    2. the last person named earlier in the same sentence ('X describes it as "..."');
    3. 'he'/'she' with a speech verb in the sentence: the last person named before the quote;
    4. a quote standing alone right after another in its paragraph, or opening the paragraph after
       one left open: the same speaker as that one;
    5. a quote left open at the end of its paragraph: the speaker of the quote that continues it.

    ``people``: (offset, name, entity id or None) of every person mention, in text order;
    ``unknown``: the same of names of no known type, which count as people where they speak.
    """
    known = _People(people + _speaking(text, unknown or []) +
                    [(m.start(), _role_name(m.group(0)), None) for m in _ROLE_NOUNS.finditer(text)
                     if not _APPOSED.search(text, max(0, m.start() - 40), m.start())], text)
    out: list[dict] = []
    opened: list[bool] = []
    for begin, finish, left_open in _quote_spans(text):
        if _NAMED_AS.search(text, max(0, begin - 16), begin - 1):
            continue
        inner = text[begin:finish]
        words = inner.strip().rstrip(",")  # '"...," says X': the comma is the sentence's, not the speaker's
        if not any(c.isalnum() for c in words):
            continue  # marks around no word quote nothing (a run of '" "' made a quotation of each)
        start = begin + (len(inner) - len(inner.lstrip()))
        quote_start = begin - 1  # the opening mark
        sentence = sents.at(quote_start)
        item: dict[str, Any] = {"words": words, "start": start, "end": start + len(words)}
        # A quote that ends its sentence inside the marks ('... itself."') is said by no one after
        # it: news writes '"...," X said' or '"...?" X asked'.
        after = None if left_open or words.endswith(".") else _SPEAKER_AFTER.match(text, finish + 1)
        named, role = None, None
        if after:
            phrase = after.group("after") or after.group("before")
            named, role = _speaker_phrase(phrase, whole=after.group("after") is None)
            apposed = after.group("apposed") or after.group("named")
            if named is None and apposed:  # '"...," the agency's director, Ana Ruiz, said'; 'said its director, X'
                named = _speaker_phrase(apposed, whole=after.group("apposed") is not None)[0]
                only = _role_only(phrase if phrase.split()[0].lower() in ("a", "an", "the") else "the " + phrase)
                role = _role_words([w for w in only[1].split() if not _POSSESSIVE.search(w)]) \
                    if named and only else None
            only = _role_only(phrase) if named is None else None
            if only and only[0] != "the":  # '"...," said a senior official': someone the text does not name
                named, role = _role_name(only[1]), _role_words(only[1].split())
            elif only:  # '"...," the sheriff said': the one named before, as a pronoun would be
                named = "the " + only[1]
        earlier = known.last_before(quote_start, since=sentence.start)
        pronoun = re.search(rf"\b(?:[Hh]e|[Ss]he)(?=\s+{_VERBS}\b)", sentence.text)
        if named and named.lower() not in _PRONOUNS and not named.startswith("the "):
            item.update(_resolve_speaker(named, quote_start, known))
            if role:
                item["role"] = role
        elif earlier and not named:
            _, name, eid = earlier
            item.update({"speaker_name": name, "speaker": eid})
        elif named or pronoun:
            item.update(_resolve_speaker(named or pronoun.group(0), quote_start, known))  # type: ignore[union-attr]
        elif out and out[-1].get("speaker_name") and (
                text[out[-1]["end"]:quote_start].count("\n") == 0 or opened[-1]):
            item.update({k: out[-1][k] for k in ("speaker_name", "speaker", "role") if k in out[-1]})
            item["resolved_from"] = "the quotation before"
        out.append(item)
        opened.append(left_open)
    for i in range(len(out) - 2, -1, -1):  # from the last, so that a chain of open paragraphs takes its end's
        if opened[i] and not out[i].get("speaker_name") and out[i + 1].get("speaker_name"):
            out[i].update({k: out[i + 1][k] for k in ("speaker_name", "speaker", "role") if k in out[i + 1]})
            out[i]["resolved_from"] = "the quotation it runs on into"
    return out


def _resolve_speaker(speaker: str, offset: int, people: _People) -> dict:
    if speaker.lower() == "they":  # officials, a family: a group, seldom the one person named last
        return {"speaker_name": speaker}
    if speaker.lower() in _PRONOUNS or speaker.startswith("the "):
        before = people.last_before(offset, sex=_PRONOUN_SEX.get(speaker.lower()))
        if before is None:
            return {"speaker_name": speaker}
        _, name, eid = before
        return {"speaker_name": name, "speaker": eid, "resolved_from": speaker}
    match = people.by_last_word.get(speaker.split()[-1])
    if match is not None:
        return {"speaker_name": match[1], "speaker": match[2]}
    return {"speaker_name": speaker}


_ROLE_AFTER = re.compile(r",\s+(?:the\s+)?((?:former\s+)?[a-zA-Z][\w\s\u2019'-]{2,80}?)"
                         r"(?:,|\.|\u2014|—| who | says| said)")
# What opens a clause, not a role, after a name's comma ("Ana Ruiz, whose ranch ...", "Ana Ruiz,
# told reporters").
_NOT_ROLE = re.compile(rf"(?:{_VERBS}|who|whose|which|that|where|when|and|but|or|speaking|according|is|was|"
                       r"has|had|will|would|can|could|also|too|however|in|on|at|for|by|with|from|as)\b")
# "Sen. Ana Ruiz, D-Ariz.,": a lawmaker's party and state, no role (the title before the name is).
_PARTY = re.compile(r"[RDI]-[A-Z][\w.]*")
_ABBREVIATED_TITLES = "|".join(re.escape(t) for t in sorted(_TITLE_ROLES, key=len, reverse=True) if _TITLE_ROLES[t])
_ROLE_BEFORE = re.compile(r"\b((?:[A-Z][a-z]+\s+){0,2}(?:President|Sheriff|Senator|Governor|Mayor|Minister|Secretary|"
                          r"Commissioner|Director|Judge|Ambassador|Chief|Commander|Superintendent|Inspector|"
                          rf"Prosecutor|Spokesman|Spokeswoman|Spokesperson)|{_ABBREVIATED_TITLES})\s+")
# A role then the name between commas: "The Security Secretary, Omar García Harfuch, said",
# "Mexico's president, Claudia Sheinbaum,".
# A possessor is one word of at most 40 characters: unbounded, "[A-Z][\w.]*" ran to the end of
# the text from every capital of a run such as "A.A.A." (20,000 of them: 3.1 s, quadratic).
_ROLE_COMMA = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[A-Z][\w.]{{0,40}}['\u2019]s)\s+((?:[A-Za-z'\u2019-]+\s+){{0,3}}?"
                         rf"(?i:{_ROLES})),\s+")
_ROLE_AFTER_REACH = 120  # characters after a name in which its role is looked for


def find_roles(text: str, names: set[str]) -> dict[str, str]:
    """The role the text gives each person: 'NAME, the ROLE ...' or 'ROLE NAME', at the first
    mention of the name that has one.

    The text is read once for the places a role can stand (after a comma, after a title) and the
    names are looked up there, rather than each name searched through the whole text.
    """
    names = {n for n in names if 0 < len(n) <= MAX_NAME_CHARS}
    lengths = sorted({len(n) for n in names})
    found: dict[str, tuple[int, int, str]] = {}  # name -> (offset, 0 for after / 1 for before, role)

    def keep(name: str, offset: int, rank: int, role: str) -> None:
        if name in names and (name not in found or (offset, rank) < found[name][:2]):
            found[name] = (offset, rank, role)

    for comma in re.finditer(",", text):
        a = _ROLE_AFTER.match(text, comma.start(), comma.start() + _ROLE_AFTER_REACH)
        if a and not _NOT_ROLE.match(a.group(1)) and not _PARTY.fullmatch(a.group(1).strip()) and (
                re.match(r"(?:a|an|the|former)\s", a.group(0)[1:].lstrip())
                or any(w.lower() in _ROLE_WORDS for w in a.group(1).split())):
            for n in lengths:
                if n <= comma.start():
                    keep(text[comma.start() - n:comma.start()], comma.start() - n, 0, a.group(1).strip())
    for b in [*_ROLE_BEFORE.finditer(text), *_ROLE_COMMA.finditer(text)]:
        for n in lengths:
            keep(text[b.end():b.end() + n], b.end(), 1, _title_role(b.group(1)))
    return {name: role for name, (_, _, role) in found.items()}


def _title_role(title: str) -> str:
    """A title before a name as a role: "Gov." -> "governor", "Port Director" -> "port director",
    "Mexican President" -> "president"."""
    if title in _TITLE_ROLES:
        return _TITLE_ROLES[title]
    return _role_words([w for w in title.split() if (w not in _DEMONYMS and w not in _STOP or w == "President")
                        and not _POSSESSIVE.search(w)])


# --- numbers and dates ----------------------------------------------------------------------

# Units written after a number, as the curation names them (curation.UNITS). US news means the
# short ton (2,000 lb) by "tons"; "metric tons" are tonnes.
_UNIT_WORDS = {
    "tonnes": "tonnes", "tonne": "tonnes", "metric tons": "tonnes", "metric ton": "tonnes", "tons": "tons",
    "ton": "tons", "kilograms": "kilograms", "kilogram": "kilograms", "kilos": "kilograms", "kilo": "kilograms",
    "kg": "kilograms", "pounds": "pounds", "pound": "pounds", "lbs": "pounds", "lb": "pounds",
    "miles": "miles", "mile": "miles", "kilometers": "kilometers", "kilometres": "kilometers",
    "kilometer": "kilometers", "kilometre": "kilometers", "km": "kilometers", "feet": "feet", "foot": "feet",
    "ft": "feet", "percent": "percent", "per cent": "percent", "%": "percent", "dollars": "usd", "$": "usd",
}
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "dozen": 12, "a dozen": 12, "hundred": 100, "a hundred": 100})
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
# The words before a number that make it approximate, as the curation names them (APPROXIMATIONS).
_APPROX = {"about": "about", "approximately": "about", "around": "about", "roughly": "about", "nearly": "about",
           "almost": "about", "some": "about", "close to": "about", "an estimated": "about",
           "more than": "more than", "over": "more than", "upward of": "more than", "upwards of": "more than",
           "just over": "more than", "at least": "at least", "no fewer than": "at least", "less than": "less than",
           "fewer than": "less than", "under": "less than", "just under": "less than", "below": "less than",
           "up to": "at most", "at most": "at most", "as many as": "at most", "as much as": "at most",
           "no more than": "at most"}
_APPROX_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _APPROX), key=len, reverse=True))
                            + r")\s+$", re.IGNORECASE)
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# A number starts where no digit, word, comma or point stands before it, and has at most 15 digits
# and 6 decimals: inside a long run of digits every position started a match that read to its end
# (quadratic), and a number of thousands of digits is no quantity to propose. What follows it
# must not continue it: "20th", "9/11", "9:30", "520-555-0100", "45-year-old".
_NUMBER = re.compile(
    r"(?<![\w$.,/:#-])(?P<cur>\$)?"
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}}){{1,4}}(?:\.\d{{1,6}})?|\d{{1,15}}(?:\.\d{{1,6}})?|(?:{_NUMBER_WORD})(?=\s))"
    r"(?!\w|[,.]\d|[/:-]\w)(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"\s*(?P<pct>%)|\s+(?P<unit>per cent|percent|metric tons?|tonnes?|tons?|kilograms?|kilos?|kg|pounds?|lbs?\.?"
    r"|miles?|kilomet(?:er|re)s?|km|feet|foot|ft\.?|dollars)(?![\w-])")
_FUNCTION = (r"(?:of|the|a|an|and|or|but|in|on|at|to|for|from|with|by|as|is|was|were|are|be|been|has|had|have|that|"
             r"this|these|those|who|which|than|said|says|it|its|their|his|her|per|each|every|what|when|where|while|"
             r"last|next|during|since|after|before|into|through|across|over|between|among|near)")
# A counted noun: up to three modifiers, then a plural ("4.5 million fentanyl pills", "1,500 additional
# active-duty troops"); durations and multiples are no counted things.
_COUNTED = re.compile(
    rf"\s+(?P<noun>(?:(?!{_FUNCTION}\b)[A-Za-z][\w.'\u2019-]*\s+){{0,3}}?"
    r"(?!(?:days|weeks|months|years|hours|minutes|seconds|decades|centuries|times|percent|is|was|has|its|this|"
    r"thus|plus|less|unless|across|always|perhaps|besides|yes|us|as)\b)"
    r"(?P<head>[a-z][a-z-]*[a-rt-z]s|people|personnel|police|staff|children|men|women|cattle|crew))\b")
_OF = re.compile(rf"\s+(?:worth\s+)?of\s+(?:the\s+)?(?P<what>(?:(?!{_FUNCTION}\b)[a-z][\w-]*)"
                 rf"(?:\s+(?!{_FUNCTION}\b)[a-z][\w-]*){{0,2}})")
# "Article 5", "No. 2", "Route 19", "Title 42": a number that names something, not a quantity.
_NAMING = re.compile(r"(?:\b(?:Article|Section|No|Number|Route|Interstate|Highway|Chapter|Title|Rule|Amendment|"
                     r"Gate|Lane|Room|Page|Item|Phase|Level|Category|Tier|Stage|Class|Flight|Building|Unit|Suite|"
                     r"Box|District|Precinct|Station|Pier|Exit|Mile|Camp|Act|Proposition|Prop|Vol|Ward|Grade|"
                     r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|January|February|March|April|May|June|July|"
                     r"August|September|October|November|December)\.?|#)\s*$")
_DETERMINER = re.compile(r"\b(?:the|these|those|both|all|its|their|his|her|our|whose|each|of)\s+$", re.IGNORECASE)
_CHANGE_VERBS = {
    "increase": "rose rise rises rising risen increased increase increases increasing grew grow grows growing "
                "grown jumped jump jumps jumping climbed climb climbs climbing surged surge surges surging soared "
                "soar soars spiked up gained",
    "decrease": "fell fall falls falling fallen dropped drop drops dropping declined decline declines declining "
                "decreased decrease decreases decreasing plunged plunge plummeted slid slide sank sink down cut "
                "cuts reduced shrank dipped",
}
_TREND_OF = {w: trend for trend, words in _CHANGE_VERBS.items() for w in words.split()}
_CHANGE_BEFORE = re.compile(r"\b(?P<verb>" + "|".join(sorted(_TREND_OF, key=len, reverse=True)) +
                            r")(?:\s+by)?\s+$", re.IGNORECASE)
_CHANGE_NOUNS = {"increase": "increase", "rise": "increase", "jump": "increase", "gain": "increase",
                 "growth": "increase", "surge": "increase", "spike": "increase", "drop": "decrease",
                 "decline": "decrease", "decrease": "decrease", "fall": "decrease", "reduction": "decrease",
                 "cut": "decrease", "dip": "decrease", "plunge": "decrease"}
_CHANGE_AFTER = re.compile(r"\s+(?P<noun>" + "|".join(_CHANGE_NOUNS) + r")\b", re.IGNORECASE)
# ... a noun of change before it ("an increase of 14% over fiscal year 2023"), or a comparison
# after it ("38% less than the 1,800 pounds seized in January").
_CHANGE_OF = re.compile(r"\b(?P<noun>" + "|".join(_CHANGE_NOUNS) + r")\s+of\s+$", re.IGNORECASE)
_COMPARED = {"less": "decrease", "fewer": "decrease", "lower": "decrease", "more": "increase",
             "higher": "increase"}
_COMPARED_AFTER = re.compile(r"\s+(?P<word>" + "|".join(_COMPARED) + r")\s+than\b", re.IGNORECASE)
# "doubled", "more than half": a change or share written in words (percent).
_WORDED = re.compile(
    r"\b(?:(?P<approx>more than|nearly|almost|about|roughly|over|less than|at least)\s+)?"
    r"(?:(?P<multiple>doubled|doubling|tripled|tripling|quadrupled|quadrupling|halved|halving)"
    r"|(?P<fraction>half|a third|one-third|two-thirds|a quarter|one-quarter|three-quarters))\b", re.IGNORECASE)
_MULTIPLES = {"doubl": 100, "tripl": 200, "quadrupl": 300, "halv": -50}
_FRACTIONS = {"half": 50, "a third": 33.3, "one-third": 33.3, "two-thirds": 66.7, "a quarter": 25,
              "one-quarter": 25, "three-quarters": 75}
# "twice the usual number", "three times as many": a change written as a multiple (percent). Only
# before what it multiplies: "arrested twice" is a frequency.
_TIMES = re.compile(r"\b(?:(?P<approx>more than|nearly|almost|about|roughly)\s+)?(?P<times>twice|double|triple|"
                    r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+times)"
                    r"(?=\s+(?:the|what|its|their|his|her|our|as\s+(?!(?:he|she|they|it|we|i|you|the|a|an|his|her|"
                    r"their|if|well|part|of|soon|before|usual)\b)\w+)\b)", re.IGNORECASE)
# A length written as a compound before a noun ("a 30-day pause", "a two-year sentence", "a 10-mile
# stretch"); "-old" after it makes an age.
_LENGTH_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours",
                 "minute": "minutes", "mile": "miles", "foot": "feet", "kilometer": "kilometers",
                 "kilometre": "kilometers", "meter": "meters", "metre": "meters", "pound": "pounds", "ton": "tons"}
_COMPOUND = re.compile(rf"(?<![\w$.,/:#-])(?P<number>\d{{1,4}}(?:\.\d{{1,2}})?|{_NUMBER_WORD})-"
                       rf"(?P<unit>{'|'.join(_LENGTH_UNITS)})(?![\w-])\s+(?P<noun>[a-z][a-z-]*)\b", re.IGNORECASE)
# A number whose counted noun stands before it ("brought the number of troops there to about
# 9,000"), or is left out after "another" ("1,650 members to Juárez and another 1,000 to Monterrey":
# the noun of the count before it in the sentence).
_NUMBER_OF = re.compile(
    r"\bnumber\s+of\s+(?P<noun>(?:[A-Za-z][\w.'\u2019-]*\s+){0,3}?(?P<head>[a-z][a-z-]*[a-rt-z]s|people|"
    r"personnel|staff))\b[^.;:!?\"\u201c\u201d]{0,60}?\s(?:to|at|of|is|was|reached|hit|topped|totaled|totalled|"
    r"stands\s+at|stood\s+at)\s+$")
_ANOTHER = re.compile(r"\b(?:another|an\s+additional|a\s+further|an\s+extra|from|than|compared\s+(?:with|to)|"
                      r"versus|vs\.)\s+$", re.IGNORECASE)
_RANGE = re.compile(r"[^\S\n]*(?:to|and|or|-|\u2013)[^\S\n]*")
_CLOCK = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|hours?\b|GMT|UTC|[AP]M\b)")
# "1 in 4 residents", "three out of five": a share (percent), not a count of four residents.
_RATIO = re.compile(rf"\b(?P<part>\d{{1,3}}|{_NUMBER_WORD})\s+(?:in|out\s+of)\s+(?P<whole>\d{{1,4}}|{_NUMBER_WORD})\b"
                    r"(?!\s*(?:a\.m\.|p\.m\.|percent|%))", re.IGNORECASE)
_NOUN_REACH = 140  # characters before a number in which "the number of NOUN ... to" is looked for

# How far before a number its approximation and change verb are looked for, in characters
# ("as many as" and "decreasing by" are the longest: 14).
_REACH = 24


def find_quantities(text: str) -> list[dict]:
    """Numbers with what they count or measure, each with its offsets.

    ``unit`` is the curation's unit (pounds, tons, usd, percent ...) or the counted noun itself
    ("pedestrians"); ``measure`` what the text says is counted or measured, where it says it
    ("fentanyl pills", "packages of methamphetamine"); ``approx`` as the curation names it. A
    percentage after a verb of change ("fell 21%", "up 15 percent") or before a noun of change
    ("a 12% increase") is a ``field: change`` with its ``trend`` and its sign; one before "of" is
    a ``field: share``. Years, dates, ordinals, ages, phone numbers and numbers that name things
    ("Article 5") are not proposed.
    """
    found: list[dict | None] = []
    previous = None
    for m in _NUMBER.finditer(text):
        q = _quantity(text, m, previous)
        if q is not None:
            found.append(q)
            previous = q
    ratios: list[dict | None] = [r for m in _RATIO.finditer(text) if (r := _ratio(m)) is not None]
    if ratios:  # the numbers of a ratio are no counts of their own
        spans = [(r["start"], r["end"]) for r in ratios if r is not None]
        found = [q for q in found if q is None or not any(a <= q["start"] < b for a, b in spans)] + ratios
    found += [_worded(text, m) for m in _WORDED.finditer(text)]
    found += [_times(m) for m in _TIMES.finditer(text)] + [_compound(m) for m in _COMPOUND.finditer(text)]
    return sorted((q for q in found if q is not None), key=lambda q: q["start"])


def _quantity(text: str, m: re.Match, previous: dict | None = None) -> dict | None:
    raw = m.group("number").lower()
    is_word = raw in _NUMBER_WORDS
    number = Decimal(_NUMBER_WORDS[raw]) if is_word else Decimal(raw.replace(",", ""))
    if m.group("scale"):
        number *= _SCALE[m.group("scale").lower()]
    before = text[max(0, m.start() - _REACH):m.start()]
    if _NAMING.search(before):
        return None
    item: dict[str, Any] = {}
    end = m.end()
    unit = _UNIT_AFTER.match(text, end)
    if m.group("cur"):
        item["unit"] = "usd"
    elif unit:
        written = "%" if unit.group("pct") else unit.group("unit").lower().rstrip(".")
        item["unit"] = _UNIT_WORDS[written]
        end = unit.end()
    else:
        counted = _COUNTED.match(text, end)
        year_like = not m.group("scale") and re.fullmatch(r"(?:19|20)\d\d", raw)
        if year_like or (is_word and _DETERMINER.search(before)):
            return None
        if counted:
            head = counted.group("head")
            item["unit"] = "usd" if head == "dollars" else head
            item["measure"] = counted.group("noun")
            end = counted.end()
        elif not _noun_before(text, m, previous, item):
            return None
    start = m.start()
    approx = _APPROX_BEFORE.search(before)
    if approx:
        item["approx"] = _APPROX[re.sub(r"\s+", " ", approx.group(0).strip().lower())]
        start = m.start() - len(before) + approx.start()
        before = before[:approx.start()]
    of = _OF.match(text, end)
    if of and item["unit"] != "percent":
        item["measure"] = f"{item.get('measure', '')} of {of.group('what')}".strip() \
            if "measure" in item else of.group("what")
    if item["unit"] == "percent":
        _percent_field(item, before, text, end)
    value = -number if item.get("trend") == "decrease" else number
    return {"text": text[start:end], "value": _plain_number(value), **item, "start": start, "end": end}


def _noun_before(text: str, m: re.Match, previous: dict | None, item: dict) -> bool:
    """Whether the counted noun of a number with none after it stands elsewhere: "the number of
    NOUN ... to N"; "another N", "up from N", "than N" after a count in the same sentence (its
    unit and measure); "N to M NOUN", "between N and M NOUN" (M's)."""
    if _CLOCK.match(text, m.end()):
        return False
    ranged = _RANGE.match(text, m.end())
    upper = _NUMBER.match(text, ranged.end()) if ranged else None
    counted = _COUNTED.match(text, upper.end()) if upper else None
    if counted:
        item.update(unit=counted.group("head"), measure=counted.group("noun"))
        return True
    window = text[max(0, m.start() - _NOUN_REACH):m.start()]
    approx = _APPROX_BEFORE.search(window)
    if approx:
        window = window[:approx.start()]
    of = _NUMBER_OF.search(window)
    if of:
        item.update(unit=of.group("head"), measure=of.group("noun"))
        return True
    if previous is not None and _ANOTHER.search(window) and not re.search(r"[.!?;]\s", text[previous["end"]:m.start()]):
        item.update({k: previous[k] for k in ("unit", "measure") if k in previous})
        return True
    return False


def _ratio(m: re.Match) -> dict | None:
    part, whole = (int(w) if w.isdigit() else _NUMBER_WORDS.get(w.lower()) for w in (m.group("part"), m.group("whole")))
    if not isinstance(part, int) or not isinstance(whole, int) or not 0 < part < whole or whole >= 1000:
        return None  # "1 in 2024" is a date's
    return {"text": m.group(0), "value": _plain_number(round(Decimal(part * 100) / whole, 1)), "unit": "percent",
            "field": "share", "start": m.start(), "end": m.end()}


def _times(m: re.Match) -> dict:
    word = m.group("times").lower()
    n = {"twice": 2, "double": 2, "triple": 3}.get(word) or \
        (int(m.group("n")) if m.group("n").isdigit() else _NUMBER_WORDS[m.group("n").lower()])
    item: dict[str, Any] = {"text": m.group(0), "value": (n - 1) * 100, "unit": "percent", "field": "change",
                            "trend": "increase"}
    if m.group("approx"):
        item["approx"] = _APPROX[m.group("approx").lower()]
    return {**item, "start": m.start(), "end": m.end()}


def _compound(m: re.Match) -> dict | None:
    raw = m.group("number").lower()
    if raw in ("a dozen", "a hundred"):
        return None
    number = Decimal(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else Decimal(raw)
    return {"text": m.group(0)[:m.start("noun") - m.start()].rstrip(), "value": _plain_number(number),
            "unit": _LENGTH_UNITS[m.group("unit").lower()], "measure": m.group("noun"), "start": m.start(),
            "end": m.end("unit")}


def _percent_field(item: dict, before: str, text: str, end: int) -> None:
    """A percentage as a change (after a verb of change, before a noun of change) or a share (before 'of')."""
    verb = _CHANGE_BEFORE.search(before)
    noun = _CHANGE_AFTER.match(text, end) or _CHANGE_OF.search(before)
    compared = _COMPARED_AFTER.match(text, end)
    if verb:
        item.update(field="change", trend=_TREND_OF[verb.group("verb").lower()])
    elif noun:
        item.update(field="change", trend=_CHANGE_NOUNS[noun.group("noun").lower()])
    elif compared:
        item.update(field="change", trend=_COMPARED[compared.group("word").lower()])
    elif _OF.match(text, end) or text.startswith(" of ", end):
        item["field"] = "share"


def _worded(text: str, m: re.Match) -> dict | None:
    item: dict[str, Any] = {"text": m.group(0), "unit": "percent"}
    if m.group("multiple"):
        value = next(v for stem, v in _MULTIPLES.items() if m.group("multiple").lower().startswith(stem))
        item.update(value=value, field="change", trend="increase" if value > 0 else "decrease")
    else:
        before = text[max(0, m.start() - _REACH):m.start()]
        after = text[m.end():m.end() + 4]
        if not (m.group("approx") or after.startswith(" of ") or _CHANGE_BEFORE.search(before)) \
                or re.search(r"\b(?:first|second|other|latter)\s+$", before, re.IGNORECASE):
            return None  # "the second half of 2024", "half-hearted"
        item["value"] = _FRACTIONS[m.group("fraction").lower()]
        verb = _CHANGE_BEFORE.search(before)
        if verb:
            trend = _TREND_OF[verb.group("verb").lower()]
            item.update(field="change", trend=trend, value=-item["value"] if trend == "decrease" else item["value"])
        else:
            item["field"] = "share"
    if m.group("approx"):
        item["approx"] = _APPROX[m.group("approx").lower()]
    return {**item, "start": m.start(), "end": m.end()}


def _plain_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


# Months as news writes them: AP abbreviates Jan., Feb., Aug., Sept., Oct., Nov. and Dec. before a day
# ("Jan. 20"), and spells out the rest.
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
                "dec": 12})
_WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"])}
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    r"(?P<qual>\b(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s])?\b(?:(?P<month>January|February|March|April|May|June|July|August|"
    r"September|October|November|December)|(?P<abbr>Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?=\s+\d))"
    rf"(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>{_YEAR}))?\b"
    # the day before the month, as British and international news write it ("20 January 2025")
    r"|\b(?P<dday>\d{1,2})\s+(?P<dmonth>(?:January|February|March|April|May|June|July|August|September|October|"
    rf"November|December)\b|(?:Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)(?:,?\s+(?P<dyear>{_YEAR})\b)?"
    # a weekday, not "Mondays" (a habit) and not one that a written date follows ("Monday, Jan. 20")
    r"|\b(?:(?P<wrel>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"\b(?!s\b|,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|\d{1,2}\s+[A-Z]))"
    # "fiscal year 2023", "fiscal 2023", "FY2023", "FY 23", "the 2023 fiscal year"
    rf"|\b(?:[Ff]iscal\s+(?:[Yy]ear\s+)?|FY\s?)(?P<fy>{_YEAR}|(?<=FY)\d{{2}}|(?<=FY\s)\d{{2}})\b"
    rf"|\b(?P<fy2>{_YEAR})\s+fiscal\s+year\b"
    # "last year", "earlier this year", "late last fiscal year"
    r"|\b(?P<rqual>(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s](?:in\s+)?)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+"
    r"(?P<fiscal>fiscal\s+)?year\b"
    # "last month", "earlier this month", "late next month"
    r"|\b(?P<mqual>(?:[Ee]arly|[Mm]id|[Ll]ate)[-\s](?:in\s+)?)?(?P<mrel>[Ll]ast|[Tt]his|[Nn]ext)\s+month\b"
    # "two years ago", "a month ago"
    r"|\b(?P<ago>(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|\d{1,2})\s+"
    r"(?P<agounit>years?|months?)\s+ago\b"
    # "mid-2024", "late 2023"
    rf"|\b(?P<yqual>[Ee]arly|[Mm]id|[Ll]ate)[-\s](?P<qyear>{_YEAR})\b(?![-/]\d)"
    rf"|\b(?:in|of|since|by|until|during|through|throughout|from|before|after|between)\s+(?P<lone>{_YEAR})\b"
    r"(?!\s+fiscal\b|[-/]\d)")
# Tense cues, the future's first: "is expected to" must not read as the past "expected". A past
# sentence places a date without a year before the article's date, a future one after it.
_TENSE = re.compile(
    r"\b(?P<future>will|won't|would|wouldn't|shall|going\s+to|set\s+to|expected\s+to|scheduled|due\s+to|"
    r"(?:was|were|is|are)\s+to\s|"
    r"plans?\s+to|planning\s+to|next|upcoming|coming)\b|'ll\b"
    r"|\b(?P<past>was|were|had|did|said|told|began|saw|took|came|went|made|found|rose|fell|grew|sent|met|"
    r"spoke|ago|since|last|(?!(?:need|speed|feed|seed|indeed|hundred|proceed|exceed|succeed|embed|shed)\b)"
    r"[a-z]{2,}ed)\b")

# A line that gives the article's own date ("Release Date: Jan. 16, 2025", "Updated: ..."): its date is
# the publication's, which the curation records as the article's, not a date of what it reports.
_DATELINE = re.compile(r"^[^\S\n]*(?:Release\s+Date|Released|Published|Posted|Updated|Last\s+(?:Modified|Updated)|"
                       r"Date)[^\S\n]*:[^\n]*", re.IGNORECASE | re.MULTILINE)
# A date after these ends a span ("paused until April 2"): the span may reach past the article's
# date whatever the tense of the sentence, so it is the nearest such date to the article's.
_UNTIL = re.compile(r"\b(?:until|till|through|to|extended\s+to|deadline\s+of)\s+$", re.IGNORECASE)

# "will be installed", "has been seized": after these the participle is no tense of its own.
_PARTICIPLE = re.compile(r"\b(?:be|been|being|is|are|am|has|have|will|would)\s+$")


class _Tenses:
    """Each sentence's tense cues, found once however many dates it holds."""

    def __init__(self, sents: _Sentences):
        self.sents = sents
        self.cues: dict[int, tuple[list[int], list[int], list[bool]]] = {}

    def at(self, start: int, end: int) -> str | None:
        """'past' or 'future' by the last tense cue before the date in its sentence, else the first
        after it; None for a sentence with no cue."""
        sentence = self.sents.at(start)
        if sentence.start not in self.cues:
            text = sentence.text
            found = [m for m in _TENSE.finditer(text) if not (m.group("past") or "").endswith("ed")
                     or not _PARTICIPLE.search(text, max(0, m.start() - 7), m.start())]
            self.cues[sentence.start] = ([sentence.start + m.start() for m in found],
                                         [sentence.start + m.end() for m in found],
                                         [bool(m.group("past")) for m in found])
        starts, ends, past = self.cues[sentence.start]
        i = bisect.bisect_right(ends, start) - 1
        if i < 0:
            i = bisect.bisect_left(starts, end)
            if i == len(starts):
                return None
        return "past" if past[i] else "future"


def _fiscal_year(day: dt.date) -> int:
    """The US federal fiscal year holding ``day``: fiscal year N runs from Oct. 1 of N-1 to Sept. 30 of N."""
    return day.year + 1 if day.month >= 10 else day.year


def _fiscal(item: dict, fy: int) -> None:
    item.update(value=f"{fy:04d}", normalized=f"{fy - 1:04d}-10-01/{fy:04d}-09-30", precision="year",
                qualifier="fiscal year")


def find_dates(text: str, year: int | None, published: dt.date | None = None,
               sents: _Sentences | None = None) -> list[dict]:
    """Dates the text gives, each with its value where the article's date lets it be known.

    A month or day without a year takes the article's year, moved back a year when the sentence
    is in the past and the date would fall after the article ("since July" in January), or
    forward when it is in the future and would fall before it. A weekday is the one on or
    before the article's date, or on or after it in a future sentence ("last" and "next": strictly
    before and after). A fiscal year is the US federal one, from Oct. 1 to Sept. 30: its value is
    the year it ends in, ``normalized`` the interval, ``qualifier`` 'fiscal year'.
    """
    if published is not None and year is None:
        year = published.year
    tenses = _Tenses(sents or _Sentences(text))
    own = [(d.start(), d.end()) for d in _DATELINE.finditer(text)]
    own_starts = [start for start, _ in own]
    out = []
    for m in _DATE.finditer(text):
        i = bisect.bisect_right(own_starts, m.start()) - 1
        if i >= 0 and m.start() < own[i][1]:
            continue
        item: dict[str, Any] = {"text": m.group(0).strip(), "start": m.start(), "end": m.end()}
        if m.group("lone"):
            item.update(value=m.group("lone"), precision="year", text=m.group("lone"), start=m.start("lone"))
        elif m.group("fy") or m.group("fy2"):
            written = m.group("fy") or m.group("fy2")
            _fiscal(item, int(written) if len(written) == 4 else 2000 + int(written))
        elif m.group("rel"):
            if not _relative_year(item, m, year, published):
                continue
        elif m.group("mrel"):
            _relative_month(item, m, published)
        elif m.group("ago"):
            _ago(item, m, published)
        elif m.group("qyear"):
            item.update(value=m.group("qyear"), precision="year", qualifier=m.group("yqual").lower())
        elif m.group("weekday"):
            _weekday(item, m, published, tenses)
        elif not _month_date(item, m, year, published, tenses):
            continue
        out.append(item)
    return out


def _relative_year(item: dict, m: re.Match, year: int | None, published: dt.date | None) -> bool:
    shift = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    if m.group("rqual"):
        item["qualifier"] = m.group("rqual").split()[0].rstrip("-").lower()
    if m.group("fiscal"):
        item["resolved_from"] = "relative fiscal year"
        if published is None:
            item.update(precision="year", qualifier="fiscal year")
            return True
        _fiscal(item, _fiscal_year(published) + shift)
    else:
        item.update(precision="year", resolved_from="relative year")
        if year is not None:
            item["value"] = f"{year + shift:04d}"
    if "value" in item:
        item["year_inferred"] = True
    return True


def _ago(item: dict, m: re.Match, published: dt.date | None) -> None:
    """"two years ago" in an article of 2025 is 2023; "three months ago" in March 2025 is 2024-12."""
    written = m.group("ago").lower()
    n = 1 if written in ("a", "an") else int(written) if written.isdigit() else _NUMBER_WORDS[written]
    monthly = m.group("agounit").startswith("month")
    item.update(precision="month" if monthly else "year", resolved_from="time ago")
    if published is None:
        return
    if monthly:
        months = published.year * 12 + published.month - 1 - n
        item["value"] = f"{months // 12:04d}-{months % 12 + 1:02d}"
    else:
        item["value"] = f"{published.year - n:04d}"
    item["year_inferred"] = True


def _relative_month(item: dict, m: re.Match, published: dt.date | None) -> None:
    """"last month" in an article of March 2025 is 2025-02 ("late", "mid", "early" kept)."""
    item.update(precision="month", resolved_from="relative month")
    if m.group("mqual"):
        item["qualifier"] = m.group("mqual").split()[0].split("-")[0].lower()
    if published is None:
        return
    months = published.year * 12 + published.month - 1 + {"last": -1, "this": 0, "next": 1}[m.group("mrel").lower()]
    item.update(value=f"{months // 12:04d}-{months % 12 + 1:02d}", year_inferred=True)


def _weekday(item: dict, m: re.Match, published: dt.date | None, tenses: _Tenses) -> None:
    item.update(precision="day", resolved_from="weekday")
    if published is None:
        return
    rel = (m.group("wrel") or "").lower()
    weekday = _WEEKDAYS[m.group("weekday").lower()]
    back = (published.weekday() - weekday) % 7  # days back to the one on or before the article's date
    ahead = (weekday - published.weekday()) % 7
    if rel == "last":
        day = published - dt.timedelta(days=back or 7)
    elif rel == "next":
        day = published + dt.timedelta(days=ahead or 7)
    elif tenses.at(m.start(), m.end()) == "future":
        day = published + dt.timedelta(days=ahead)
    else:  # news reports what happened: "said Monday"
        day = published - dt.timedelta(days=back)
    item.update(value=day.isoformat(), year_inferred=True)


def _month_date(item: dict, m: re.Match, year: int | None, published: dt.date | None, tenses: _Tenses) -> bool:
    month = _MONTHS[(m.group("month") or m.group("abbr") or m.group("dmonth")).rstrip(".").lower()]
    written = int(m.group("year") or m.group("dyear")) if m.group("year") or m.group("dyear") else None
    day = int(m.group("day") or m.group("dday")) if m.group("day") or m.group("dday") else None
    if day is not None and not 1 <= day <= 31:
        return False
    y = written if written is not None else year
    if written is None and y is not None and published is not None:
        tense = tenses.at(m.start(), m.end())
        if m.string[max(0, m.start() - 5):m.start()].lower() == "last ":
            tense = "past"
        given, article = (month, day or 0), (published.month, published.day if day else 0)
        if _UNTIL.search(m.string, max(0, m.start() - 20), m.start()):
            y = min((y - 1, y, y + 1), key=lambda near: abs((dt.date(near, month, 1) - published.replace(day=1)).days))
        elif tense == "past" and given > article:
            y -= 1
        elif tense == "future" and given < article:
            y += 1
    if day is not None:
        item["normalized"] = f"--{month:02d}-{day:02d}"
        if y is not None:
            try:
                item["value"] = dt.date(y, month, day).isoformat()
            except ValueError:
                return False
        item["precision"] = "day"
    else:
        item["normalized"] = f"--{month:02d}"
        if y is not None:
            item["value"] = f"{y:04d}-{month:02d}"
        item["precision"] = "month"
    if m.group("qual"):
        item["qualifier"] = m.group("qual").strip(" -").lower()
    if y is not None and written is None:
        item["year_inferred"] = True
    return True


# --- measurements -----------------------------------------------------------------------------

# A count said of an entity with a verb of counting ("Nogales saw approximately 10.6 million
# crossings into the United States in 2024"; "the port recorded 214,000 pedestrians"): the entity
# named just before the verb is what the measurement is of. Only these verbs, and only with
# nothing but an adverb between them and the entity, an apposition between commas ("Nogales,
# Arizona, saw"; "The Mariposa crossing, on the west side of Nogales, Arizona, handles": one comma
# inside it, a place's state) or "which" ("the port, which handles"), so that "CBP said smugglers
# moved 40 pounds" is not CBP's measurement.
_COUNTING = re.compile(
    r"(?:,[^,;:.!?\"\u201c\u201d]{1,40}(?:,[^,;:.!?\"\u201c\u201d]{1,20})?,|,?\s+which)?\s+"
    r"(?:(?:also|alone|already|again|together|combined|now)\s+)?"
    r"(?:saw|sees|see|recorded|records|registered|registers|logged|logs|counted|counts|handled|handles|"
    r"processed|processes|received|receives|totaled|totalled|totals|tallied|reached|reaches|reported|reports)"
    r"\s+(?:(?:a|an|some|roughly|nearly|almost|over)\s+)?")
# What follows the counted noun and still says what is counted: "crossings into the United States",
# "pedestrians at the DeConcini port"; up to a clause break, a date or this many words (the
# Nogales article's longest such phrase has 4).
_MEASURE_WORDS = 6
_MEASURE_TAIL = re.compile(r"(?:\s+(?:into|from|at|through|across|of|in|on|to|by|the|a|an|[A-Z][\w.'-]*|"
                           r"[a-z][\w'-]*)){0,%d}" % _MEASURE_WORDS)
_NOT_MEASURE = {"in", "on", "at", "by", "to", "of", "the", "a", "an", "last", "this", "that", "and", "or", "but",
                "during", "between", "since", "from"}
# What a count or a change is of, said before it: "the number of NOUN ... to/reached/rose by N"
# ("brings the number of Arizona Guard members on border duty to about 900"; "the number of deaths
# ... in the United States declined by about 30%"), or a plural noun of a place opening its clause
# before a verb of change ("Overdose deaths in Cochise County fell by about a quarter"). The
# measurement is of the entity named in the noun phrase (the Guard whose members are counted),
# else of the entity named earlier in the sentence by the counted noun ("sent 3,000 more
# active-duty troops, bringing the number of troops in Texas to 9,000"), else of the place after
# "in" or "at" in it.
_LEVEL_VERBS = "|".join(sorted({*_TREND_OF, "reached", "reaches", "hit", "hits", "topped", "tops", "totaled",
                                "totalled", "totals", "stood", "stands"}, key=len, reverse=True))
_NUMBER_OF_WHAT = re.compile(
    r"\b(?:the|a|its|their)\s+(?:total\s+)?number\s+of\s+(?P<what>[^.;:!?,\"\u201c\u201d\u2014\u2013]{1,80}?)"
    rf"\s+(?:(?P<verb>{_LEVEL_VERBS})(?:\s+(?:at|to|by))?|to|by|at)\s+$", re.IGNORECASE)
_WHAT_IN_PLACE = re.compile(
    r"(?:^|[,;]\s+|\b(?:and|but|while)\s+)(?P<what>[A-Za-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*){0,4}?)"
    r"\s+(?:in|at)\s+(?:the\s+)?(?P<place>[A-Z][^,;:.!?]{0,60}?)"
    rf"\s+(?P<verb>{'|'.join(sorted(_TREND_OF, key=len, reverse=True))})(?:\s+by)?\s+$")
_LEVEL_REACH = 160  # characters before a count or change in which what it is of is looked for
_PLACE_TYPES = {"Place", "Country", "State", "County", "City", "Border", "BorderCrossing"}


def find_measurements(text: str, sents: _Sentences, quantities: list[dict], spans: list[tuple[int, int, str]],
                      dates: list[dict], ids: set[str], types: dict[str, str | None] | None = None,
                      stated: tuple[tuple[int, int], ...] = ()) -> list[dict]:
    """Measurement statements in the curation format: counts said of an entity named before a
    verb of counting, and counts and changes of "the number of" something or of something in a
    place (``types``: entity id -> type name, which tells places); with the date that closes the
    clause as ``time``. Evidence runs from the entity (or what is counted) to the count (or the
    date) and is dropped unless found once in the text, as the build will look for it. Ids are
    new to ``ids``, which takes them."""
    from .extract import time_of
    from .grounding import Normalized

    plain: Normalized | None = None
    out: list[dict] = []
    ordered = sorted(spans)
    starts = [sp[0] for sp in ordered]
    for q in quantities:
        change = q.get("field") == "change"
        if q.get("field") == "share" or (q.get("unit") == "percent" and not change):
            continue
        sentence = sents.at(q["start"])
        found = None if change else _counted_by_verb(text, q, sentence, ordered, starts)
        if found is None:
            found = _level_of(text, q, sentence, ordered, starts, types or {})
        limit = _limit(q, sentence, dates)
        at_place = None if found is not None or change else (
            _count_at_place(text, q, ordered, starts, types or {})
            or (None if any(a <= q["start"] < b for a, b in stated) else _counted_act(text, q, sentence, ordered,
                                                                                       starts, limit)))
        if at_place is not None:
            found = at_place[:4]
        if found is None:
            continue
        subject, start, word, said = found
        if change:
            measure, stop = said or "", q["end"]
            item: dict = {"id": "", "kind": "Measurement", "subject": subject, "measure": measure,
                          "change": {"value": q["value"], **({"approx": q["approx"]} if q.get("approx") else {})},
                          "trend": q["trend"]}
        else:
            measure, stop = (said, at_place[4] if at_place else q["end"]) if said else _measure(text, q, limit)
            item = {"id": "", "kind": "Measurement", "subject": subject, "measure": measure,
                    "quantity": {"value": q["value"], "unit": q["unit"]}}
            if q.get("approx"):
                item["quantity"]["approx"] = q["approx"]
        if not measure:
            continue
        date = next((d for d in dates if d["start"] == limit and limit - stop <= 4), None)
        if date is not None and date.get("value"):
            item["time"] = time_of(date)
            stop = date["end"]
        plain = plain or Normalized(text)
        evidence = text[start:stop]
        if len(plain.find_all(evidence)) != 1:
            continue
        when = date["value"] if date is not None and date.get("value") else ""
        item["id"] = _new_id(slugify(f"{subject} {measure} {when}", limit=90, empty="measurement"), ids)
        item.update(evidence=evidence, confidence=0.6, why=f"measurement: {word!r}", start=start, end=stop)
        out.append(item)
    return out


def _limit(q: dict, sentence: Sentence, dates: list[dict]) -> int:
    """Where what a count counts ends at the latest: the date after it in its sentence, or its end."""
    return min([d["start"] for d in dates if q["end"] <= d["start"] < sentence.end] + [sentence.end])


def _counted_by_verb(text: str, q: dict, sentence: Sentence, ordered: list[tuple[int, int, str]],
                     starts: list[int]) -> tuple[str, int, str, str | None] | None:
    """(subject, where the evidence starts, the verb, None) of a count after an entity and a verb
    of counting: the entity nearest before the verb, past one named in an apposition ("..., the
    busiest in Arizona, saw")."""
    i = bisect.bisect_left(starts, q["start"]) - 1
    while i >= 0 and ordered[i][0] >= sentence.start:
        start, end, subject = ordered[i]
        verb = _COUNTING.fullmatch(text, end, q["start"]) if end <= q["start"] else None
        if verb is not None:
            return subject, start, text[verb.start():verb.end()].split()[-1], None
        i -= 1
    return None


# A count of people or things doing something at a place, said of the place: "about 400 trucks were
# waiting to cross at Nogales" (Nogales: trucks waiting to cross), "12 people were killed in
# Culiacán". The count is its clause's subject: its noun, a verb's participle and at most three
# words, then "at" or "in" and the place.
_DOING_AT = re.compile(r"\s+(?:were|are|was|is|have\s+been|had\s+been)\s+(?:still\s+)?"
                       r"(?P<doing>[a-z]+(?:ing|ed)(?:\s+(?!(?:at|in|by|and|or|but)\b)[a-z]+){0,3}?)"
                       r"\s+(?:at|in)\s+(?:the\s+)?$")
DOING_AT_REACH = 60


def _count_at_place(text: str, q: dict, ordered: list[tuple[int, int, str]], starts: list[int],
                    types: dict[str, str | None]) -> tuple[str, int, str, str, int] | None:
    """(the place, where the evidence starts, the verb, what is counted, where the evidence ends)
    of a count of things doing something at a place (_DOING_AT), else None."""
    if not q.get("measure") or q.get("unit") in (None, "percent") or not str(q["unit"]).endswith(("s", "people")):
        return None
    for sp in ordered[bisect.bisect_left(starts, q["end"]):]:
        if sp[0] > q["end"] + DOING_AT_REACH:
            return None
        if types.get(sp[2]) in _PLACE_TYPES:
            m = _DOING_AT.fullmatch(text, q["end"], sp[0])
            if m is None:
                return None
            doing = " ".join(m.group("doing").split())
            return sp[2], q["start"], doing.split()[0], f"{q['measure']} {doing}", sp[1]
    return None


# A count an agent's act is of, where no statement of the model says it: "Mexico ... handed 29
# cartel figures over to the United States", "Police arrested 12 people": the agent's measurement,
# of what it counts and the act ("cartel figures handed over to the United States"). The agent is
# named right before the verb, or, for a verb after "and", opens the clause the first verb is in.
_ACT_BEFORE = re.compile(r"(?P<and>,?\s+and\s+|\s+)(?:(?:had|has|have|also)\s+)?(?P<verb>[a-z]{3,}ed)\s+"
                         r"(?:(?:some|about|nearly|almost|more\s+than|at\s+least)\s+)?$")
_ACT_OPENS = re.compile(r"(?:(?:had|has|have|also|recently|then)\s+)?[a-z]{3,}(?:ed|t)\b")


def _counted_act(text: str, q: dict, sentence: Sentence, ordered: list[tuple[int, int, str]],
                 starts: list[int], limit: int) -> tuple[str, int, str, str, int] | None:
    """(the agent, where the evidence starts, the verb, what is counted with the act, where the
    evidence ends) of a count an agent's act is of (see above), else None. ``limit``: where what is
    counted may end."""
    act = _ACT_BEFORE.search(text, max(sentence.start, q["start"] - 40), q["start"])
    if act is None or not q.get("measure") or q.get("unit") == "percent":
        return None
    inside = ordered[bisect.bisect_left(starts, sentence.start):bisect.bisect_left(starts, act.start())]
    if act.group("and").strip():  # "X had sent ... and handed": the name before the verb before it
        agent = next((sp for sp in reversed(inside) if _ACT_OPENS.match(text, sp[1] + 1)), None)
    else:
        agent = inside[-1] if inside and inside[-1][1] == act.start() else None
    if agent is None:
        return None
    rest, end = _measure(text, q, limit)
    return agent[2], (agent[0] if agent[1] == act.start() else act.start("verb")), act.group("verb"), \
        f"{q['measure']} {act.group('verb')}{rest[len(q['measure']):]}", end


def _level_of(text: str, q: dict, sentence: Sentence, ordered: list[tuple[int, int, str]], starts: list[int],
              types: dict[str, str | None]) -> tuple[str, int, str, str] | None:
    """(subject, where the evidence starts, the verb, what is counted) of a count or change of
    "the number of" something or of something in a place, said before it (_NUMBER_OF_WHAT)."""
    lo = max(sentence.start, q["start"] - _LEVEL_REACH)
    window = text[lo:q["start"]]
    m = _NUMBER_OF_WHAT.search(window) or _WHAT_IN_PLACE.search(window)
    if m is None:
        return None
    w_lo, w_hi = lo + m.start("what"), lo + m.end("place" if "place" in m.re.groupindex else "what")
    inside = [sp for sp in ordered[bisect.bisect_left(starts, w_lo):bisect.bisect_left(starts, w_hi)] if sp[1] <= w_hi]
    places = [sp for sp in inside if types.get(sp[2]) in _PLACE_TYPES
              and re.search(r"\b(?:in|at)\s+(?:the\s+)?$", text[w_lo:sp[0]])]
    others = [sp for sp in inside if sp not in places]
    what = text[w_lo:lo + m.end("what")]
    if "place" in m.re.groupindex:  # "Overdose deaths in Cochise County": the place must be a named one
        if not places or (places[0][0], places[0][1]) != (lo + m.start("place"), lo + m.end("place")):
            return None
        subject = places[0][2]
    elif others:
        subject = others[0][2]
    elif before := [sp for sp in ordered[bisect.bisect_left(starts, sentence.start):bisect.bisect_left(starts, w_lo)]
                    if text[sp[0]:sp[1]].lower().split()[-1:] == [str(q.get("unit", ""))]]:
        subject = before[-1][2]
    elif places:
        subject = places[0][2]
        what = re.sub(r"\s+(?:in|at)\s+(?:the\s+)?$", "", text[w_lo:places[0][0]])
    else:
        return None
    verb = m.group("verb") or window[m.end("what"):].split()[0]
    begin = w_lo if "place" in m.re.groupindex else lo + m.start()  # from "the number of"
    return subject, begin, verb.lower(), " ".join(what.split())


def _new_id(base: str, ids: set[str]) -> str:
    n, new = 1, base
    while new in ids:
        n += 1
        new = f"{base}-{n}"
    ids.add(new)
    return new


def _measure(text: str, q: dict, limit: int) -> tuple[str, int]:
    """What the count counts, with the words after it that say more (up to ``limit``, a date or a
    clause break), and where they end."""
    measure = q.get("measure") or q["unit"]
    at = text.find(measure, q["start"], limit)  # the quantity's measure may run past its number
    begin = max(q["end"], at + len(measure)) if at != -1 else q["end"]
    tail = _MEASURE_TAIL.match(text, begin, limit)
    words = text[begin:tail.end() if tail else begin].split()
    while words and (words[-1].lower() in _NOT_MEASURE or words[-1][:1].isdigit()):
        words.pop()
    if words and words[-1].endswith(".") and "." not in words[-1][:-1]:
        words[-1] = words[-1][:-1]  # the sentence's full stop ("... to the United States."), not "U.S."'s
    end = begin
    if words:
        end = text.index(words[-1], begin) + len(words[-1])
    return " ".join([measure, *words]), end


# --- the draft ------------------------------------------------------------------------------

def make_draft(text: str, entities: list[Entity], year: int | None = None,
               vocabulary: Vocabulary | None = None, published: dt.date | None = None,
               extractor: Extractor | None = None) -> dict:
    """Proposals for a person to review, each with offsets and its sentence; none confirmed.

    ``year`` and ``published`` are the article's year and, where known, its full date: dates
    without a year take the year, weekdays and relative years are resolved against the date.
    With the ``vocabulary`` (the ontology), statements too, proposed by the ``extractor`` (the
    model's cue words and patterns unless another is given) and grounded: see :mod:`kgborder.extract`.
    """
    if published is not None and year is None:
        year = published.year
    sents = _Sentences(text)

    def place(item: dict) -> dict:
        item["sentence"] = sents.at(item["start"]).text
        item["confirmed"] = False
        return item

    mentions, taken = find_mentions(text, entities)
    mentions, unnamed, unnamed_mentions = _with_unnamed(text, entities, mentions, taken)
    candidates, near = find_names(text, taken, entities, {s.start for s in sents.all},
                                  [s for s in sents.all if _headline(s)])
    candidates += unnamed
    names = {e.id: e.name for e in entities}
    types = {e.id: e.type for e in entities}
    alone = words_alone(text)
    surnames = {n for c in candidates if c.get("type") == "Person" for n in surnames_of(c["name"], alone)}
    candidates = [c for c in candidates if c["name"] not in surnames]  # "Ruiz" after "Maria Elena Ruiz"
    people = [(m["start"], names[m["entity"]], m["entity"]) for m in mentions if types.get(m["entity"]) == "Person"]
    people += [(c["start"], c["name"], None) for c in candidates if c.get("type") == "Person"]
    people += _surname_mentions(text, [c for c in candidates if c.get("type") == "Person"])
    quotations = find_quotations(text, people, sents,
                                 [(c["start"], c["name"], None) for c in candidates if c.get("type") is None])
    roles = find_roles(text, {q["speaker_name"] for q in quotations
                              if q.get("speaker_name") and q["speaker_name"].lower() not in _PRONOUNS})
    proposed: dict[str | None, str] = {}  # name -> proposed id; a quotation's speaker may have no name
    for c in candidates:
        proposed.setdefault(c["name"], c["id"])
    for c in candidates:  # "Trevilla said" of Ricardo Trevilla Trejo
        for surname in surnames_of(c["name"], alone) if c.get("type") == "Person" else ():
            proposed.setdefault(surname, c["id"])
    for q in quotations:
        name = q.get("speaker_name")
        if name in roles:
            q["role"] = roles[name]
        if q.get("speaker") is None:
            # A new person proposed above keeps its proposed id; a registered one named by a role
            # ("a DEA officer") its own; otherwise the reviewer picks one.
            q["speaker"] = proposed.get(name) or registered_role(name, entities)
    again = _new_mentions(text, taken, [c for c in candidates if c not in unnamed])
    again += [m for m in unnamed_mentions if m["entity"] in {u["id"] for u in unnamed}]
    for c in candidates:
        described = describe(text, [(c["start"], c["end"]), *map(tuple, c.get("also", ()))])
        if described:
            c["description"] = described
    quantities = find_quantities(text)
    dates = find_dates(text, year, published, sents)
    named = [(m["start"], m["end"], m["entity"]) for m in mentions]
    named += [(c["start"], c["end"], c["id"]) for c in candidates]
    kinds: dict[str, str | None] = {**{c["id"]: c.get("type") for c in candidates}, **types}

    def measurements(ids: set[str], stated: tuple[tuple[int, int], ...] = ()) -> list[dict]:
        return find_measurements(text, sents, quantities, named, dates, ids, kinds, stated)

    # a new name's other names are read as a registered one's: "Ariz." of a new Arizona in "DOUGLAS, Ariz."
    statements = _statements(text, sents, mentions + again, candidates, entities + [
        Entity(c["id"], c.get("type") or "", c["name"], tuple(c.get("aliases", ()))) for c in candidates], vocabulary,
        extractor, quotations, quantities, dates, measurements) if vocabulary else measurements(set(), ())
    draft = {
        "statements": [place(s) for s in statements],
        "mentions": [place(m) for m in compact_mentions(mentions)],
        "new_entities": [place(c) for c in candidates],
        "near_duplicates": [place(n) for n in near],
        "quotations": [place(q) for q in quotations],
        "quantities": [place(q) for q in quantities],
        "dates": [dict(place(d), confirmed=None) for d in dates],
    }
    for d in draft["dates"]:
        d.pop("confirmed")  # dates are hints for `time:` fields, not facts of their own
    for n in draft["near_duplicates"]:
        n.pop("confirmed")  # reported, never added: reuse the known id or add the entity by hand
    return draft


# Where statements stand in the text: (start, end) of each.
_Spans = tuple[tuple[int, int], ...]
# The names of smugglers in general, as the registry may hold them.
_SMUGGLER_NAMES = frozenset({"traffickers", "smugglers", "drug traffickers", "drug smugglers"})


def _statements(text: str, sents: _Sentences, mentions: list[dict], candidates: list[dict], entities: list[Entity],
                vocabulary: Vocabulary, extractor: Extractor | None, quotations: list[dict],
                quantities: list[dict], dates: list[dict],
                measurements: Callable[[set[str], _Spans], list[dict]]) -> list[dict]:
    """Statements the extractor (the model's cues and patterns by default) proposes between the
    entities named, those of the quotations and claims, grounded, and the ``measurements`` (given
    the ids taken and where those statements stand), with the qualifiers their clauses give (the
    ``quantities`` and ``dates`` found)."""
    from .extract import (CueExtractor, Quote, SpeechExtractor, Span, demonyms, described_offices, ground, qualify,
                          role_offices, split_compounds, titled)

    types: dict[str, str | None] = {e.id: e.type for e in entities}
    spans = [Span(m["start"], m["end"], m["entity"], types.get(m["entity"])) for m in mentions]
    for c in candidates:
        types.setdefault(c["id"], c.get("type"))
        if c.get("type"):  # an untyped name fits no relation, and hides a country's adjective in it
            spans.append(Span(c["start"], c["end"], c["id"], c.get("type")))
    names = {n: (e.id, e.type) for e in entities for n in (e.name, *e.aliases)}
    spans = split_compounds(text, spans, names)
    spans += demonyms(text, spans, {n: eid for n, (eid, t) in names.items() if t == "Country"})
    bounds = [(s.start, s.end) for s in sents.all]
    # the registry's smugglers in general ("Traffickers"): who hides the drugs an article finds hidden
    smugglers = next(((e.id, e.type) for e in entities if e.type == "Group" and _SMUGGLER_NAMES & {
        n.lower() for n in (e.name, *e.aliases, *other_names(e.name))}), None)
    extractor = extractor or CueExtractor(vocabulary, smugglers)
    speech = SpeechExtractor(vocabulary)
    quotes = [Quote(q["start"], q["end"], q["speaker"]) for q in quotations if q.get("speaker") in types]
    # people named by a role alone ("a DEA officer, who requested anonymity, acknowledges that")
    roles = [Span(m.start(), m.end(), eid, "Person") for m in _ROLE_NOUNS.finditer(text)
             if (eid := registered_role(m.group(0), entities)) is not None]
    written = [s for s in spans if s.whole is None] + roles  # names as written, not cut in parts
    offices = described_offices({e.id: e.description for e in entities if e.description}, names)
    proposals = [*extractor.propose(text, bounds, spans), *titled(text, written, offices, vocabulary),
                 *role_offices(text, roles, spans, vocabulary)]
    proposals += [*speech.quotations(text, bounds, written, quotes, proposals),
                  *speech.claims(text, bounds, written, proposals), *speech.agreements(text, bounds, written, quotes)]
    grounded = ground(text, proposals, bounds, vocabulary, types)
    grounded += measurements({s["id"] for s in grounded}, tuple((s["start"], s["end"]) for s in grounded))
    qualify(text, grounded, bounds, written, quantities, dates, vocabulary)
    return grounded


def _surname_mentions(text: str, persons: list[dict]) -> list[tuple[int, str, None]]:
    """Later mentions of new persons by their surname alone ('Ruiz' after 'Maria Elena Ruiz'): each
    is taken for the person of that surname named last before it.

    Every surname is looked up at each word of the text in one pass, rather than each surname
    searched through the whole text (quadratic: a new person every few sentences).
    """
    by_surname: dict[str, list[dict]] = {}
    alone = words_alone(text)
    for c in sorted(persons, key=lambda c: c["start"]):
        for surname in surnames_of(c["name"], alone):
            if " " not in surname:  # the last word, or the first of two Spanish surnames
                by_surname.setdefault(surname, []).append(c)
    if not by_surname:
        return []
    # A surname begins with a word character; its first run of word characters is its key.
    by_key: dict[str, dict[int, set[str]]] = {}
    for surname in by_surname:
        key = re.match(r"\w*", surname).group(0)  # type: ignore[union-attr]  # \w* always matches
        by_key.setdefault(key, {}).setdefault(len(surname), set()).add(surname)
    starts = {surname: [c["start"] for c in named] for surname, named in by_surname.items()}
    out = []
    for word in re.finditer(r"\w+", text):
        lengths = by_key.get(word.group(0))
        if not lengths:
            continue
        p = word.start()
        for n, surnames in lengths.items():
            surname = text[p:p + n]
            end_is_word = p + n < len(text) and _is_word(text[p + n])
            if surname in surnames and end_is_word != _is_word(surname[-1]):  # \b after it
                i = bisect.bisect_left(starts[surname], p) - 1
                if i >= 0:
                    out.append((p, by_surname[surname][i]["name"], None))
    return out


def _is_word(ch: str) -> bool:
    """What the regular expression \\w matches."""
    return ch.isalnum() or ch == "_"


# --- kgborder add ---------------------------------------------------------------------------

_HEADER = """\
# Curated statements for {text_file}
#
# DRAFT written by `kgborder add`. Review the proposals under `draft:`; set `confirmed: true`
# on each one that is right (fix it first if needed), then run `kgborder build`:
#   - a confirmed mention records that the article names that entity, in that sentence;
#   - a confirmed new entity joins the registry (check its `id` and `type`);
#   - a confirmed quotation needs its `speaker` (an entity id), keeps its `role`, and may name
#     what it comments on in `object` (an entity id; `relation: claimsAbout` for a claim);
#   - a confirmed quantity needs a `subject` (entity id) and a `measure` (what it counts),
#     and may take a `time` (see `dates:` for the dates the text gives).
# `near_duplicates` are names that may be new spellings of known entities: use the known id.
# Set `rejected: true` on a wrong proposal: the build leaves it out and no longer reports it, and
# a rejected name (a new entity or near duplicate) is kept in graph/rejected.yaml and never
# proposed again. A confirmed new entity is written to graph/entities.yaml by the build.
# Nothing unconfirmed enters the graph. Write further statements under `statements:`
# (see README, "The curation format").
"""


# The fields of a drafted statement or quotation that name an entity.
_PARTICIPANTS = ("subject", "speaker", "object", "place", "theme", "method", "according_to")


def forget_rejected(draft: dict, rejected: set[str]) -> None:
    """Leave out of ``draft`` the new entities and near duplicates whose names a reviewer rejected
    (``rejected``: their ``names.name_key``), and what names their proposed ids: statements
    lose the proposal, quotations their speaker."""
    kept = [c for c in draft["new_entities"] if name_key(c["name"]) not in rejected]
    dropped = {c["id"] for c in draft["new_entities"]} - {c["id"] for c in kept}
    draft["new_entities"] = kept
    draft["near_duplicates"] = [n for n in draft["near_duplicates"] if name_key(n["name"]) not in rejected]

    def names_dropped(item: dict) -> bool:
        values = [item.get(f) for f in _PARTICIPANTS]
        return any(v in dropped for value in values for v in (value if isinstance(value, list) else [value]))

    draft["statements"] = [st for st in draft["statements"] if not names_dropped(st)]
    for q in draft["quotations"]:
        if q.get("speaker") in dropped:
            q["speaker"] = None


@dataclass
class Added:
    """What `kgborder add` wrote."""

    slug: str
    text_file: Path
    yaml_file: Path
    draft: dict


# A file's header, when several files are added at once and each must say its own title and date:
# lines "Field: value" at its very top, ended by a blank line, as in e-mail and Usenet articles
# (RFC 5322) and the metadata blocks of MultiMarkdown and Pelican. Plain text rather than YAML
# front matter: a title with a colon or a '#' in it ("Mexico: troops sent") needs no quoting.
HEADER_FIELDS = ("title", "date", "url", "publisher")
_HEADER_LINE = re.compile(r"([A-Za-z]+):(.*)")


def read_header(text: str, shown: str) -> tuple[dict[str, tuple[str, int]], int]:
    """(each field of ``text``'s header -> (value, line), the offset where the article begins).

    A header is there when the first line (after a byte-order mark) is one of its fields
    (``Title:``, ``Date:``, ``URL:``, ``Publisher:``, in any case); it runs to the first blank
    line, which ends it. Without one: ({}, 0). A line in it that is not a field, a field given
    twice or left empty, or no blank line after it is a CurationError naming the line.
    """
    from .curation import show_value
    from .errors import CurationError, Problem

    pos = 1 if text.startswith("\ufeff") else 0
    fields: dict[str, tuple[str, int]] = {}
    number = 0
    while True:
        number += 1
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl + 1
        line = text[pos:end].rstrip("\r\n")
        if fields and not line.strip():
            return fields, end
        m = _HEADER_LINE.fullmatch(line)
        if m is None or m.group(1).lower() not in HEADER_FIELDS:
            if not fields:
                return {}, 0  # no header: the article's first line is its own
            raise CurationError([Problem(shown, number, None, f"{show_value(line, 40)} is not a header field "
                                         "(Title:, Date:, URL:, Publisher:); a blank line ends the header")])
        key, value = m.group(1).lower(), m.group(2).strip()
        if key in fields:
            raise CurationError([Problem(shown, number, None, f"{m.group(1)}: is given twice in the header")])
        if not value:
            raise CurationError([Problem(shown, number, None, f"{m.group(1)}: is empty")])
        if nl == -1:
            raise CurationError([Problem(shown, number, None, "the header has no blank line after it "
                                         "(a blank line ends it; the article follows)")])
        fields[key] = (value, number)
        pos = end


def _read_article(source: Path, shown: str) -> tuple[bytes, str, dict[str, tuple[str, int]]]:
    """(the bytes to store, their text, the file's header): the article is what follows the
    header, byte for byte, so that offsets and digest hold."""
    from .curation import MAX_ARTICLE_BYTES, article_text
    from .errors import CurationError, Problem
    from .fileio import read_bytes

    try:
        data = read_bytes(source, MAX_ARTICLE_BYTES, "an article's text", shown)
    except OSError as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    text = article_text(data, shown)
    header, begins = read_header(text, shown)
    if begins:
        data, text = data[len(text[:begins].encode("utf-8")):], text[begins:]
    if not text.strip():
        raise CurationError([Problem(shown, None, None, "is empty after its header" if header else "is empty")])
    return data, text, header


def _metadata(shown: str, header: dict[str, tuple[str, int]], given: dict[str, str | None]) -> dict[str, Any]:
    """The article's metadata as the draft writes it: each field the option ``given``, or else
    the header's; checked, a refusal naming the option or the header's line."""
    from .curation import check_iri, parse_time, show_value
    from .errors import CurationError, Problem

    values: dict[str, str | None] = {}
    where: dict[str, tuple[str, int | None]] = {}
    for field, value in given.items():
        if value is None and field in header:
            value, line = header[field]
            where[field] = (f"{'URL' if field == 'url' else field.capitalize()}:", line)
        else:
            where[field] = (f"--{field}", None)
        values[field] = value

    def refuse(field: str, message: str) -> CurationError:
        name, line = where[field]
        return CurationError([Problem(shown, line, None, f"{name} {message}")])

    title, date, url = values["title"], values["date"], values["url"]
    for field in ("title", "date"):
        if values[field] is None:
            raise CurationError([Problem(shown, None, None, (
                f"no {field}: begin the file with a header ('Title: ...' and 'Date: YYYY-MM-DD' lines, then "
                f"a blank line), or, for one file, give --{field}"))])
    parsed = parse_time(date)
    if parsed is None:
        raise refuse("date", f"{show_value(date)} is not a date (YYYY-MM-DD, YYYY-MM or YYYY, a year from 0001)")
    title = (title or "").strip()
    if not title:
        raise refuse("title", "must not be empty")
    for field in ("title", "publisher", "url"):
        value = values[field]
        if value is not None and any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
            raise refuse(field, "holds a control character")
    if url and check_iri(url):
        raise refuse("url", f"{show_value(url)} {check_iri(url)}")
    meta: dict[str, Any] = {"title": title, "date": parsed[0], "date_inferred": False}
    if url:
        meta["url"] = url
    if values["publisher"]:
        meta["publisher"] = values["publisher"]
    return meta


# `kgborder add` writes each value on one line, however long: a sentence folded over lines is
# harder to grep and to diff, and `kgborder review` (ruamel.yaml) would fold it otherwise than
# PyYAML did, changing lines nobody edited.
YAML_WIDTH = 10**9


def add_article(project, source: Path, title: str | None = None, date: str | None = None,
                url: str | None = None, publisher: str | None = None, slug: str | None = None,
                batch: dict[str, Path] | None = None) -> Added:
    """Store an article's text under graph/articles/ and write its draft curation beside it.

    The title, date, URL and publisher are the arguments, or else those of the file's header (see
    ``read_header``), which is not part of the article's text. ``batch``: the slugs of the files
    already added by the same command, and their files (another file of the same slug is refused,
    naming that one). Nothing is written for a file that is refused.
    """
    from .curation import read_entities, read_rejected, show_value
    from .errors import CurationError, Problem
    from .fileio import write_atomic

    shown = str(source)

    def refuse(message: str) -> CurationError:
        return CurationError([Problem(shown, None, None, message)])

    data, text, header = _read_article(source, shown)
    meta = _metadata(shown, header, {"title": title, "date": date, "url": url, "publisher": publisher})
    slug = slug or slugify(meta["title"])
    if not is_id(slug):
        raise refuse(f"--slug: {show_value(slug)} is not lower-case words joined by '-'")
    if batch and slug in batch:
        raise refuse(f"its title gives the slug {slug!r}, which {batch[slug]} took: give it another title")
    text_file = project.articles_dir / f"{slug}.txt"
    yaml_file = project.articles_dir / f"{slug}.yaml"
    for path in (text_file, yaml_file):
        if path.exists():
            other = "give it another title" if batch is not None else "choose another --slug"
            raise refuse(f"{project.relative(path)} already exists; {other}")
    entities = read_entities(project.entities_file, project.relative(project.entities_file)) \
        if project.entities_file.exists() else []
    from .ontology import load_vocabulary

    day = meta["date"]
    published = dt.date.fromisoformat(day) if len(day) == 10 else None
    draft = make_draft(text, entities, int(day[:4]), load_vocabulary(project.ontology_dir), published)
    if project.rejected_file.exists():
        rejected = read_rejected(project.rejected_file, project.relative(project.rejected_file))
        forget_rejected(draft, {name_key(name) for name, _ in rejected})
    import yaml

    # libyaml's emitter where PyYAML has it: the same text, five times sooner (a 1 MB article's
    # 6.6 MB draft: 4.8 s against 25 s).
    body = yaml.dump({"article": meta, "statements": [], "draft": draft},
                     Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     sort_keys=False, allow_unicode=True, width=YAML_WIDTH)
    header_text = _HEADER.format(text_file=project.relative(text_file))
    try:
        write_atomic(text_file, data)
        write_atomic(yaml_file, (header_text + "\n" + body).encode("utf-8"))
    except BaseException:  # an article is added whole or not at all, even on Ctrl-C
        text_file.unlink(missing_ok=True)
        raise
    return Added(slug, text_file, yaml_file, draft)
