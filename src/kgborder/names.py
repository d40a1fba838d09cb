"""Names: how a person names an entity, and how kgborder names things.

One home for matching a name to what it means (keys that set case, accents, curly quotes,
spacing and a leading "the" aside; resolution by name, alias, id or IRI; did-you-mean
suggestions; near-duplicate spellings) and for the names kgborder writes (ids and slugs, the
checks an IRI must pass, an IRI's last part and its prefixed name). The analysis, the view,
the build and the draft all match names here, so a name that finds an entity in one finds it
in every other.

Light on purpose: it is imported when the CLI starts, so rdflib and pyoxigraph load only when
a function needs them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import KgborderError

# --- keys -------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` for matching: case, accents, curly quotes and runs of white space aside
    ("Nogales,  Sonora" and "nogales, sonora"; "Sheinbaum’s" and "sheinbaum's")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def name_key(text: str) -> str:
    """A name for matching entities: as ``fold``, and a leading "the" aside ("the DEA")."""
    key = fold(text)
    return key.removeprefix("the ")


# --- entities as people name them -------------------------------------------------------------

ID_BASE = "https://w3id.org/kgborder/id/"
"""The namespace of kgborder's entities (``namespaces.ID``, written out so that this module
needs no rdflib)."""


@dataclass(frozen=True)
class Entity:
    """An entity as people name it: its IRI, its label, its type's label and its other names."""

    iri: str
    label: str
    type: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The slug of a kgborder entity, else the IRI."""
        return self.iri.removeprefix(ID_BASE)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "iri": self.iri, "label": self.label, "type": self.type}


class UnknownName(KgborderError):
    """A name that matches no entity, or more than one; ``suggestions``: what it may have meant
    (labels for an unknown name, ids for an ambiguous one)."""

    def __init__(self, message: str, suggestions: Iterable[str] = ()):
        super().__init__(message)
        self.suggestions = tuple(suggestions)


LIST_HINT = "; 'kgborder analyze --top 0' lists every linked entity"
"""What an unknown name's message says when no name is close to it."""


def resolve(name: str, known: Mapping[str, Entity], otherwise: str = LIST_HINT) -> Entity:
    """The one entity of ``known`` (by IRI) that ``name`` means: its IRI (``<…>`` or bare), its id
    (bare or ``id:slug``), its label or an alias, keys compared (see ``name_key``).

    Raises UnknownName: for an ambiguous name, listing the entities it names (suggestions: their
    ids); for an unknown one, with up to three close names, else ``otherwise`` (suggestions: labels).
    """
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text in known:
        return known[text]
    if text.startswith("id:") and ID_BASE + text[3:] in known:
        return known[ID_BASE + text[3:]]
    key = name_key(text)
    matches = [e for e in known.values()
               if key == fold(e.id) or key in {name_key(n) for n in (e.label, *e.aliases)}]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{e.label} ({e.id})" for e in sorted(matches, key=lambda e: (e.label, e.iri)))
        raise UnknownName(f"{name!r} names {len(matches)} entities: {listed}; give the id", [e.id for e in matches])
    close = suggestions(text, known)
    hint = "; did you mean " + " or ".join(f"{s!r}" for s in close) + "?" if close else otherwise
    raise UnknownName(f"no entity named {name!r}{hint}", close)


def suggestions(name: str, known: Mapping[str, Entity], n: int = 3) -> list[str]:
    """Up to ``n`` labels of entities whose label, alias or id is close to ``name``, closest
    first, then those whose names contain it ("guard" -> "National Guard (Mexico)"), shortest first."""
    import difflib

    key = name_key(name)
    names: dict[str, str] = {}  # matching key -> the entity's label
    for e in sorted(known.values(), key=lambda e: e.iri):
        for candidate in (e.label, *e.aliases, e.id):
            names.setdefault(name_key(candidate), e.label)
    found: list[str] = []
    containing = sorted((k for k in names if len(key) > 2 and key in k), key=lambda k: (len(k), k))
    for candidate in difflib.get_close_matches(key, names, n=n, cutoff=0.6) + containing:
        if names[candidate] not in found:
            found.append(names[candidate])
    return found[:n]


def did_you_mean(word: str, choices: Iterable[Any], otherwise: str = "") -> str:
    """'; did you mean X?' for the closest of ``choices`` (a field, a type, a unit, an id), else
    ``otherwise``. Words of a vocabulary are compared as written; entity names go through
    ``resolve``."""
    import difflib

    hint = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f"; did you mean {hint[0]!r}?" if hint else otherwise


# --- names in a text -------------------------------------------------------------------------


# The prepositions after a noun phrase's head: "Loads of cucumbers" is loads, "Migrant shelter in
# Agua Prieta" a shelter, "Trailers loaded with squash" trailers.
AFTER_HEAD = {"of", "in", "at", "on", "for", "from", "along", "across", "near", "with"}
_PARTICIPLE = ("ed", "ing")


def head_index(words: list[str]) -> int:
    """Which of a noun phrase's words is its head: the word before its first preposition
    ("Inspections at the ports of entry"), or before the participle that word is ("Trailers
    loaded with squash", "Drugs seized at the border"); else its last word ("Smuggling of
    migrants" has none of these: a gerund is no head with another number)."""
    at = next((i for i, w in enumerate(words) if i and w.lower() in AFTER_HEAD), len(words)) - 1
    if at < len(words) - 1 and words[at].lower().endswith(_PARTICIPLE):
        if at >= 1 and not words[at - 1].lower().endswith(_PARTICIPLE):
            return at - 1
        return len(words) - 1
    return at


def word_forms(name: str) -> tuple[str, ...]:
    """``name`` and the other number of its head (``head_index``), for a common noun's name
    ("Migrants", "migrant"; "drug", "drugs"; "city", "cities"; "Loads of cucumbers", "Load of
    cucumbers"). A name of capitals ("CBP") has no other form."""
    words = name.split(" ")
    at = head_index(words)
    last = words[at]
    if not last.isalpha() or last.isupper() or len(last) < 3:
        return (name,)
    lower = last.lower()
    if lower.endswith("ies") and len(lower) > 4:
        other = last[:-3] + "y"
    elif lower.endswith(("ches", "shes", "sses", "xes", "zes")):
        other = last[:-2]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        other = last[:-1]
    elif lower.endswith("y") and lower[-2:-1] not in "aeiou":
        other = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        other = last + "es"
    else:
        other = last + "s"
    return (name, " ".join([*words[:at], other, *words[at + 1:]]))


def name_pattern(name: str, inflected: bool = False) -> re.Pattern[str]:
    """Where ``name`` stands in a text as a whole name: any case ("migrants" for "Migrants"),
    but a name written all in capitals ("US", "CBP") or abbreviated ("Ariz.") only so ("us" is
    a pronoun); with ``inflected``, in the other number too (see ``word_forms``). A match is
    followed by no word character; the caller checks the one before it (a look-behind made the
    search try every position: 4 s for a 1 MB article).
    """
    forms = word_forms(name) if inflected else (name,)
    body = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    letters = [c for c in name if c.isalpha()]
    # an abbreviation too, one word ("Ariz." is no "ariz."; "demand in the U.S." is a phrase)
    abbreviation = name.endswith(".") and " " not in name
    flags = 0 if letters and all(c.isupper() for c in letters) or abbreviation else re.IGNORECASE
    return re.compile(rf"(?:{body})(?!\w)", flags)


# --- near-duplicate names ---------------------------------------------------------------------

NEAR = 0.85
"""How alike two names must be (difflib's ratio, lower-cased) to be one entity's spellings:
"Claudia Sheinbaum" and "Claudia Sheinbam" score 0.97, "Nogales, Arizona" and "Nogales, Sonora"
0.77, which must stay apart."""


class NearDuplicates:
    """Which registered id a name may be a new spelling of (None if none, or if the name is
    registered as it is, case aside): alike by ``NEAR`` or more, holding every word of a
    registered name of two words or more ("Governor Katie Hobbs" for "Katie Hobbs"), or one
    word that is such a name's last ("Sheinbaum") or the part before its comma ("Nogales").

    ``known``: (name or alias, id) pairs. A name is compared with every registered name: the
    comparisons are prepared once and each name's answer is kept, since a name recurs through an
    article (drafting a 100 KB article spent 20 s here before).
    """

    def __init__(self, known: Iterable[tuple[str, str]]):
        import difflib

        known = list(known)
        self.exact = {name.lower() for name, _ in known}
        # A word alone that is a registered name's last word ("Sheinbaum") or its part before a
        # comma ("Nogales" of "Nogales, Sonora") may be a short mention of it.
        self.heads: dict[str, str] = {}
        self.lasts: dict[str, str] = {}
        for name, eid in known:
            lowered = name.lower()
            if "," in lowered:
                self.heads.setdefault(lowered.split(",")[0].strip(), eid)
            elif " " in lowered and lowered.split()[-1][:1].isalpha():
                self.lasts.setdefault(lowered.split()[-1], eid)
        self.known = []
        for name, eid in known:
            lowered = name.lower()
            matcher = difflib.SequenceMatcher(None, "", lowered)  # seq2 is the one it prepares
            self.known.append((matcher, frozenset(lowered.split()), eid))
        self.answers: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name not in self.answers:
            self.answers[name] = self._best(name.lower())
        return self.answers[name]

    def _best(self, lowered: str) -> str | None:
        if lowered in self.exact:
            return None
        part = self.heads.get(lowered) or self.lasts.get(lowered)
        if part is not None:
            return part
        tokens = set(lowered.split())
        best, best_ratio = None, 0.0
        for matcher, ktokens, eid in self.known:
            contains = len(ktokens) > 1 and ktokens <= tokens
            matcher.set_seq1(lowered)
            floor = best_ratio if contains else max(best_ratio, NEAR)
            # ratio() <= quick_ratio() <= real_quick_ratio(): the cheap bounds rule most names out.
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if (ratio >= NEAR or contains) and ratio > best_ratio:
                best, best_ratio = eid, max(ratio, NEAR)
        return best


def near_duplicate(name: str, known: Iterable[tuple[str, str]]) -> str | None:
    """A registered id whose name this one may be a new spelling of (see NearDuplicates)."""
    return NearDuplicates(known)(name)


# --- ids and slugs ----------------------------------------------------------------------------

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An id, a slug, a saved query's name: lower-case ASCII words joined by '-'."""
MAX_ID_LENGTH = 100
"""The longest id the curation takes (the sample data's longest id or slug has 45 characters)."""


def is_id(text: str, max_length: int | None = None) -> bool:
    """Whether ``text`` is lower-case ASCII words joined by '-' (the whole text, no line end),
    of at most ``max_length`` characters if given."""
    return (max_length is None or len(text) <= max_length) and ID_PATTERN.fullmatch(text) is not None


def slugify(text: str, limit: int = 60, empty: str = "article") -> str:
    """``text`` as an id: lower-case ASCII words joined by '-' (accents dropped), at most
    ``limit`` characters, shortened at the end of a word (a file name with half a word in it
    reads as a typo); ``empty`` if nothing is left. Only a first word longer than ``limit``
    is cut, since an id has a length limit."""
    # Accents go (NFKD keeps the letter apart from its mark); any other character that is not a
    # letter parts words ("fall—again" is two words), and a letter with no ASCII form is left out.
    plain = "".join(c if c.isascii() or c.isalnum() else " "
                    for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(slug) > limit:
        cut = slug.rfind("-", 0, limit + 1)  # a '-' just past the limit ends a whole word too
        slug = slug[:cut] if cut > 0 else slug[:limit]
    return slug or empty


# --- IRIs -------------------------------------------------------------------------------------

NOT_HTTP = "not an http(s) IRI"
"""``iri_problem``'s answer for an IRI of another scheme when only http(s) is taken."""

# What can stand between < and > in SPARQL and N-Triples (and what rdflib's writer takes): a
# scheme, then no space, control character or one of <>"{}|^`\. Oxigraph's parser refuses all
# of these already (checked on every code point); the pattern keeps that true if it loosens.
_WRITABLE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*')


def iri_problem(text: str, http_only: bool = False) -> str | None:
    """Why ``text`` is not an absolute IRI that kgborder can store and write, or None if it is.

    Oxigraph's own parser judges (the store must take it: RFC 3987, so no bad percent-escapes,
    hosts or ports), and the IRI must be writable between < and > in SPARQL and N-Triples (no
    space, control character or <>"{}|^`\\, and no line end). With ``http_only``, an http(s) IRI
    only: the curation's links (``same_as``, an article's ``url``) become links on a page, where
    a ``javascript:`` IRI would run. The answer is ``NOT_HTTP``, Oxigraph's message as it is,
    or what the text holds that cannot be written; each caller words its own error with it.
    """
    import pyoxigraph

    if http_only and not re.match(r"https?://", text):
        return NOT_HTTP
    try:
        pyoxigraph.NamedNode(text)
    except ValueError as exc:
        return str(exc)
    if not _WRITABLE_IRI.fullmatch(text):
        return 'it holds a space, a control character or one of <>"{}|^`\\'
    return None


def local_name(iri: str) -> str:
    """An IRI's last part, for a label when it has none: after its last '#', else its last '/',
    else its last ':' (a separator it ends with aside); the IRI itself if it has none of them."""
    for sep in ("#", "/", ":"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def prefixed_name(iri: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """``iri`` as ``prefix:local`` with the longest of ``prefixes`` (prefix -> namespace; by
    default kgborder's, ``namespaces.PREFIXES``) that it starts with, or None if none fits."""
    if prefixes is None:
        from .namespaces import PREFIXES

        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    best = max(((p, str(ns)) for p, ns in prefixes.items() if iri.startswith(str(ns))),
               key=lambda pn: len(pn[1]), default=None)
    return None if best is None else f"{best[0]}:{iri[len(best[1]):]}"
