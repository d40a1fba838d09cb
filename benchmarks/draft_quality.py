"""How much of an article's curation `kgborder add` drafts correctly, scored against curated gold.

    python benchmarks/draft_quality.py [--json] [--repeat N] [--modes known,new] [ARTICLE ...]

Each ARTICLE is a curated article YAML beside its text (``graph/articles/<slug>.yaml`` and
``.txt``), or a folder holding ``article.txt``, ``gold.yaml`` (the curation format: its
``article:`` gives the title and the date the draft is made with) and, optionally,
``entities.yaml`` (registry format: the article's entities that the project's registry lacks).
Without arguments: the Nogales article, then every such folder under ``benchmarks/data/draft/``
and ``tests/data/draft/``. Adding a test article is adding a folder.

The gold is the curated statements (read by the curation reader; ``kind: Mention`` statements
aside) and the registry: the project's ``graph/entities.yaml`` with the folder's own entities
over it. The article's entities are those its gold statements name. Each article is drafted,
leave-one-out (the draft never sees its gold file), once per mode:

- ``known``: with the registry as it is;
- ``new``: with the registry less the article's entities, which must all be found as new.

The draft is made by ``kgborder.draft.add_article`` in a temporary copy (the registry of the
mode, the project's ontology), so nothing of the project changes; the YAML it writes is read
back as the curation reader reads it. Drafting time is the fastest of ``--repeat`` runs of
``add_article`` (reading the registry, drafting, writing the YAML). Printed: a table per article
and mode with counts, then, for several articles, each mode's mean of the articles' ratios (an
article with nothing to count, shown "–", left out); ``--json`` adds what each draft missed and
proposed wrongly.

What is read of the draft: its statements (top-level ``statements:`` and ``draft.statements``,
in the curation format; extra keys such as confidence or the cue are ignored, evidence may be
mappings with ``words``), ``draft.mentions`` (``entity``), ``draft.near_duplicates``
(``possible_duplicate_of``), ``draft.new_entities`` (``name``, ``id``, ``type``, ``aliases``,
``description``), ``draft.quotations`` (``words``, ``start``, ``end``, ``speaker``,
``speaker_name``), ``draft.quantities`` (``value``, ``unit``, ``approx``, ``start``, ``end``)
and ``draft.dates`` (``value``, ``year_inferred``, ``qualifier``, ``start``, ``end``).

Matching rules (recall = gold items matched / gold items; precision = draft items that match /
draft items; each gold and each draft item matches at most one of the other side):

- statements, relation and participants: the same ``relation`` (else ``kind``), the same
  subject-or-speaker, the same set of objects. A draft statement the curation reader refuses
  matches nothing. With all qualifiers: also every other field equal (``note``, ``evidence``
  and ``id`` aside; a field absent on one side must be absent on the other): id lists as sets,
  ``about``/``caused_by`` naming a statement compared by that statement's relation and
  participants, quantities by value, unit (its QUDT unit, curation.UNITS) and approximation,
  times by value, precision, ``inferred`` and qualifier, flags and ``trend`` equal, and texts
  (``measure``, ``role``, each of ``words``) alike: folded (kgborder.names.fold), the shorter's
  words all among the longer's, and at least half as many. Among several candidates, pairs that
  agree on more qualifiers, then whose evidence overlaps, are taken first.
- entities: a gold entity in the registry the draft was given is found when the draft proposes
  its id (a mention, a near-duplicate's ``possible_duplicate_of``, a quotation's speaker, a
  participant of a statement), and typed right when the registry's type is the gold's; one not
  in it is found when a new-entity proposal has its id or a name or alias with its name key
  (kgborder.names.name_key) equal to one of the gold entity's, and typed right when the proposed
  type is the gold's (exactly; a superclass is wrong). Precision: proposed ids that are gold
  entities, plus new proposals naming a gold entity missing from the given registry, over all
  proposed ids and new proposals.
- new entities: recall over the gold entities missing from the given registry; precision: new
  proposals that name one of them (a new proposal naming a registered entity is a duplicate,
  not a find).
- quotations: the gold's are the ``words`` of statements with a speaker (or of kind Quotation)
  that stand in the text inside quotation marks (straight or curly; a quote left open runs to
  the end of its line); a draft quotation matches when the character spans overlap (the largest
  overlap first). Right speaker: the gold speaker's id; or, for a speaker missing from the given
  registry, a speaker name (or the proposed entity's name) with the gold speaker's name key.
- quantities: the distinct (magnitude, QUDT unit) of the gold's ``quantity``, ``share`` and
  ``change`` against those of the draft's quantities and statements; a unit word the curation
  does not know counts as a count (unit NUM), as "pedestrians" does.
- dates: the distinct normalized values (``2024``, ``2025-02``, ``2025-02-04``) of the gold's
  ``time`` and ``until`` against the ``value`` of the draft's dates and statements' times.

Curation work saved: the share of the gold's lines that the draft already holds correctly, so
that a curator confirms them instead of writing them. The gold's lines are one per field of
each statement as written in the gold file (``note`` aside: commentary a curator may skip) with
one per evidence quote, and, for each of the article's entities missing from the given
registry, one per field of its registry entry. A line is saved when:

- ``id``, ``relation``, ``kind``, ``subject``, ``speaker``, ``object``: the statement is matched
  (relation and participants);
- a qualifier: the matched statement has it right (the rules above); or, for ``quantity``,
  ``share`` and ``change``, a draft quantity of the same value, unit and approximation stands in
  the statement's evidence; for ``time`` and ``until``, a draft date of the same value,
  ``inferred`` (``year_inferred``) and qualifier does; for ``speaker``, a draft quotation of the
  statement's words has the right speaker; for ``words``, each of them is a quotation the draft
  found;
- an evidence quote: the matched statement's evidence, or a draft quotation of the statement's
  words, overlaps it;
- an entity's ``id`` and ``name``: the entity is found; ``type``: typed right; ``aliases``: the
  proposal has them all; ``description``: alike (as texts above); ``same_as``: never.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kgborder.curation import (STATEMENT_FIELDS, UNITS, Entity, Quantity, Statement, read_article,
                               read_entities, read_yaml)
from kgborder.errors import CurationError
from kgborder.grounding import Normalized
from kgborder.names import fold, name_key

ROOT = Path(__file__).resolve().parents[1]
NOGALES = ROOT / "graph" / "articles" / "mexico-border-military-presence.yaml"
DATA_DIRS = (ROOT / "benchmarks" / "data" / "draft", ROOT / "tests" / "data" / "draft")
MODES = ("known", "new")

# Fields of a statement, by the key the curation file writes: the participants, and the
# qualifiers with the Statement attribute each one is read into.
CORE = ("id", "relation", "kind", "subject", "speaker", "object")
QUALIFIERS = {
    "place": "places", "theme": "themes", "method": "methods", "according_to": "according_to",
    "about": "about", "caused_by": "caused_by", "time": "time", "until": "until", "quantity": "quantity",
    "share": "share", "change": "change", "trend": "trend", "measure": "measure", "role": "role",
    "former": "former", "words": "words", "editorial": "editorial", "negated": "negated",
}
MEASURES = (  # (key, label) in the order printed
    ("statements", "statements: relation and participants"),
    ("statements_qualified", "statements: with all qualifiers"),
    ("entities", "entities: found"),
    ("entities_typed", "entities: found and typed right"),
    ("new_entities", "new entities"),
    ("quotations", "quotations: found"),
    ("quotations_speaker", "quotations: right speaker"),
    ("quantities", "quantities"),
    ("dates", "dates"),
)


# --- the gold ---------------------------------------------------------------------------------

@dataclass
class Gold:
    """One article's text and curated gold."""

    name: str
    text_file: Path
    text: str
    title: str
    date: str
    statements: list[Statement]
    registry: dict[str, Entity]  # id -> entity: the project's registry with the article's own over it
    entities: set[str]  # the ids the gold statements name

    def __post_init__(self) -> None:
        self.located = Normalized(self.text)


def read_gold(path: Path, base: Path | None = ROOT / "graph" / "entities.yaml") -> Gold:
    """The gold of ARTICLE: a curated article YAML beside its text, or a folder (see the module).
    ``base``: the registry the folder's own entities go over (None: none)."""
    if path.is_dir():
        yaml_file, text_file, extra = path / "gold.yaml", path / "article.txt", path / "entities.yaml"
        name = path.name
    else:
        yaml_file, text_file, extra = path, path.with_suffix(".txt"), None
        name = path.stem
    article = read_article(yaml_file, str(yaml_file), text_file, str(text_file))
    registry = {e.id: e for e in read_entities(base, str(base))} if base is not None else {}
    if extra is not None and extra.exists():
        registry.update((e.id, e) for e in read_entities(extra, str(extra)))
    registry.update((e.id, e) for e in article.draft_entities)
    statements = [s for s in article.statements if s.kind != "Mention"]
    ids = {s.id for s in article.statements}
    named = {i for s in article.statements for i in _entity_ids(s) if i not in ids}
    missing = sorted(named - set(registry))
    if missing:
        raise SystemExit(f"{yaml_file}: the gold names entities no registry holds: {', '.join(missing)}")
    if article.date is None:
        raise SystemExit(f"{yaml_file}: the gold's article has no date")
    return Gold(name, text_file, article.text, article.title, article.date.value, statements, registry, named)


def _entity_ids(s: Statement) -> Iterable[str]:
    for one in (s.subject, s.speaker, s.according_to):
        if one:
            yield one
    yield from (*s.objects, *s.places, *s.themes, *s.methods, *s.about, *s.caused_by)


def _renamed(s: Statement, ids: dict[str, str]) -> Statement:
    def one(i: str | None) -> str | None:
        return ids.get(i, i) if i else i

    def many(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(ids.get(i, i) for i in values)

    return replace(s, subject=one(s.subject), speaker=one(s.speaker), according_to=one(s.according_to),
                   objects=many(s.objects), places=many(s.places), themes=many(s.themes), methods=many(s.methods))


# --- the draft --------------------------------------------------------------------------------

def draft_article(gold: Gold, registry: list[Entity], repeat: int = 1) -> tuple[dict, float]:
    """(the YAML `kgborder add` writes for the gold's text, read back; the fastest time in ms),
    drafted in a temporary project holding ``registry`` and the project's ontology."""
    from kgborder.draft import add_article
    from kgborder.project import Project

    best, doc = float("inf"), {}
    for _ in range(max(1, repeat)):
        with tempfile.TemporaryDirectory(prefix="kgborder-draft-quality-") as tmp:
            root = Path(tmp)
            (root / "graph" / "articles").mkdir(parents=True)
            shutil.copytree(ROOT / "ontology", root / "ontology")
            entries = [_registry_entry(e) for e in registry]
            (root / "graph" / "entities.yaml").write_text(
                yaml.safe_dump({"entities": entries}, sort_keys=False, allow_unicode=True), encoding="utf-8")
            source = root / "article.txt"
            source.write_bytes(gold.text_file.read_bytes())
            started = time.perf_counter()
            added = add_article(Project.at(root), source, title=gold.title, date=gold.date, slug="drafted")
            best = min(best, (time.perf_counter() - started) * 1000)
            doc = _plain(read_yaml(added.yaml_file, "drafted.yaml"))
    return doc, best


def _registry_entry(e: Entity) -> dict:
    entry: dict[str, Any] = {"id": e.id, "type": e.type, "name": e.name}
    if e.aliases:
        entry["aliases"] = list(e.aliases)
    if e.description:
        entry["description"] = e.description
    if e.same_as:
        entry["same_as"] = list(e.same_as)
    return entry


def _plain(value: Any) -> Any:
    """The curation reader's mappings and lists as plain dicts and lists (for yaml.safe_dump)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Proposed:
    """A draft statement as the curation reader reads it, with where its evidence stands."""

    statement: Statement
    spans: list[tuple[int, int]]


def read_statements(items: list, gold: Gold) -> tuple[list[Proposed], int]:
    """(the draft's statements the curation reader takes, how many it refuses), each read on its
    own so that one bad statement does not hide the others."""
    out: list[Proposed] = []
    refused = 0
    with tempfile.TemporaryDirectory(prefix="kgborder-draft-statements-") as tmp:
        text_file = Path(tmp) / "s.txt"
        text_file.write_text("", encoding="utf-8")
        for n, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                refused += 1
                continue
            clean, spans = _curation_statement(item, n, gold)
            yaml_file = Path(tmp) / "s.yaml"
            yaml_file.write_text(yaml.safe_dump({"article": {"title": "t", "date": "2000"}, "statements": [clean]},
                                                allow_unicode=True), encoding="utf-8")
            try:
                (statement,) = read_article(yaml_file, "s.yaml", text_file, "s.txt").statements
            except (CurationError, ValueError):
                refused += 1
                continue
            out.append(Proposed(statement, spans))
    return out, refused


def _curation_statement(item: dict, n: int, gold: Gold) -> tuple[dict, list[tuple[int, int]]]:
    """A draft statement's curation fields (evidence as texts), and the spans of its evidence."""
    clean = {k: v for k, v in item.items() if k in STATEMENT_FIELDS}
    clean.setdefault("id", f"drafted-{n}")
    evidence = item.get("evidence")
    quotes = evidence if isinstance(evidence, list) else [evidence] if evidence is not None else []
    words, spans = [], []
    for q in quotes:
        text = q.get("words") or q.get("text") or q.get("exact") if isinstance(q, dict) else q
        if isinstance(text, str) and text.strip():
            words.append(text)
            spans += [(p.start, p.end) for p in gold.located.find_all(text)]
    clean["evidence"] = words
    return clean, spans


# --- scoring ----------------------------------------------------------------------------------

@dataclass
class Ratio:
    hit: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def to_dict(self) -> dict:
        return {"hit": self.hit, "total": self.total, "value": self.value}


@dataclass
class Measure:
    recall: Ratio
    precision: Ratio

    def to_dict(self) -> dict:
        return {"recall": self.recall.to_dict(), "precision": self.precision.to_dict()}


@dataclass
class Scores:
    measures: dict[str, Measure]
    lines: Ratio
    refused_statements: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"measures": {k: m.to_dict() for k, m in self.measures.items()}, "lines_saved": self.lines.to_dict(),
                "refused_statements": self.refused_statements, "details": self.details}


def pair(left: list, right: list, score: Callable[[Any, Any], Any]) -> dict[int, int]:
    """A largest one-to-one pairing of left and right items (index -> index) where ``score``
    is not None; higher scores are tried first."""
    options = []
    for a in left:
        scored = [(s, j) for j, b in enumerate(right) if (s := score(a, b)) is not None]
        options.append([j for _, j in sorted(scored, key=lambda sj: sj[0], reverse=True)])
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    order = sorted(range(len(left)), key=lambda i: len(options[i]))  # the most constrained first
    for i in order:
        augment(i, set())
    return {i: j for j, i in owner.items()}


def alike(a: str | None, b: str | None) -> bool:
    """Two texts alike: folded, the shorter's words all among the longer's, and at least half as many."""
    if not a or not b:
        return not a and not b
    wa, wb = re.findall(r"\w+", fold(a)), re.findall(r"\w+", fold(b))
    short, long_ = sorted((wa, wb), key=len)
    return set(short) <= set(long_) and 2 * len(short) >= len(long_)


def _unit(unit: Any) -> str:
    word = str(unit).strip().lower()
    return UNITS.get("percent" if word == "%" else word, "NUM")


def _number(value: Any) -> Decimal | None:
    """A draft's number: 12, 10.6, "10,000", "10.6 million"."""
    words = str(value).replace(",", "").split()
    scale = {"thousand": 10**3, "million": 10**6, "billion": 10**9}.get(words[-1].lower(), 1) if len(words) == 2 else 1
    try:
        return Decimal(words[0]) * scale if words and len(words) <= 2 else None
    except InvalidOperation:
        return None


def _same_quantity(a: Quantity | None, b: Quantity | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.value == b.value and _unit(a.unit) == _unit(b.unit) and a.approx == b.approx


def _core(s: Statement) -> tuple:
    return (s.relation or s.kind, s.subject or s.speaker, frozenset(s.objects))


class _Refs:
    """What a statement's ``about``/``caused_by`` names: another statement by its core, else an entity id."""

    def __init__(self, statements: Iterable[Statement]):
        self.cores = {s.id: _core(s) for s in statements}

    def __call__(self, ids: tuple[str, ...]) -> frozenset:
        return frozenset(self.cores.get(i, i) for i in ids)


def agrees(key: str, d: Statement, g: Statement, d_refs: _Refs, g_refs: _Refs) -> bool:
    """Whether the draft statement has the gold's qualifier ``key`` (a curation file's key) right."""
    attr = QUALIFIERS[key]
    dv, gv = getattr(d, attr), getattr(g, attr)
    if key in ("about", "caused_by"):
        return d_refs(dv) == g_refs(gv)
    if key in ("place", "theme", "method"):
        return set(dv) == set(gv)
    if key in ("quantity", "share", "change"):
        return _same_quantity(dv, gv)
    if key in ("measure", "role"):
        return alike(dv, gv)
    if key == "words":
        return len(dv) == len(gv) == len(pair(list(gv), list(dv), lambda a, b: 0 if alike(a, b) else None))
    return bool(dv == gv)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _touches(spans: Iterable[tuple[int, int]], others: Iterable[tuple[int, int]]) -> bool:
    others = list(others)
    return any(_overlap(a, b) > 0 for a in spans for b in others)


class Scorer:
    """Scores one draft (the YAML `kgborder add` wrote, read back) against a gold, given the
    registry the draft was made with."""

    def __init__(self, doc: dict, gold: Gold, given: Iterable[Entity]):
        self.gold = gold
        self.given = {e.id: e for e in given}
        draft = doc.get("draft") or {}
        self.draft = draft if isinstance(draft, dict) else {}
        items = [s for part in (doc.get("statements"), self.draft.get("statements")) if isinstance(part, list)
                 for s in part]
        self.proposed, self.refused = read_statements(items, gold)
        self.evidence = {s.id: [(p.start, p.end) for q in s.evidence for p in gold.located.find_all(q)]
                         for s in gold.statements}

    def section(self, name: str) -> list[dict]:
        items = self.draft.get(name)
        return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

    def score(self) -> Scores:
        measures: dict[str, Measure] = {}
        self.details: dict[str, Any] = {}
        self.entity_finds = self._entities(measures)
        # A new entity the draft found under an id of its own stands for the gold's in its
        # statements: the curator fixes the id once, in the entity, not in every statement.
        renamed = {p["id"]: g for g, p in self.entity_finds.items()
                   if p is not None and isinstance(p.get("id"), str) and p["id"] != g}
        if renamed:
            self.proposed = [Proposed(_renamed(p.statement, renamed), p.spans) for p in self.proposed]
        self.statement_pairs = self._statements(measures)
        self.quote_pairs = self._quotations(measures)
        self._values(measures)
        return Scores(measures, self._lines(), self.refused, self.details)

    # statements

    def _statements(self, out: dict[str, Measure]) -> dict[int, int]:
        gold = self.gold.statements
        drafted = [p.statement for p in self.proposed]
        self.d_refs, self.g_refs = _Refs(drafted), _Refs(gold)

        def score(g: Statement, p: Proposed) -> tuple | None:
            if _core(p.statement) != _core(g):
                return None
            right = sum(agrees(k, p.statement, g, self.d_refs, self.g_refs) for k in QUALIFIERS)
            return right, _touches(p.spans, self.evidence[g.id])

        pairs = pair(gold, self.proposed, score)
        full = sum(self.all_right(self.proposed[j].statement, gold[i]) for i, j in pairs.items())
        n_draft = len(self.proposed) + self.refused
        taken = set(pairs.values())
        self.details["statements_missed"] = [g.id for i, g in enumerate(gold) if i not in pairs]
        self.details["statements_not_in_gold"] = [
            f"{p.statement.relation or p.statement.kind} {p.statement.subject or p.statement.speaker} "
            f"{list(p.statement.objects)}" for j, p in enumerate(self.proposed) if j not in taken]
        self.details["qualifiers_wrong"] = {
            gold[i].id: [k for k in QUALIFIERS if not agrees(k, self.proposed[j].statement, gold[i], self.d_refs,
                                                             self.g_refs)]
            for i, j in pairs.items() if not self.all_right(self.proposed[j].statement, gold[i])}
        out["statements"] = Measure(Ratio(len(pairs), len(gold)), Ratio(len(pairs), n_draft))
        out["statements_qualified"] = Measure(Ratio(full, len(gold)), Ratio(full, n_draft))
        return pairs

    def all_right(self, d: Statement, g: Statement) -> bool:
        return all(agrees(k, d, g, self.d_refs, self.g_refs) for k in QUALIFIERS)

    # entities

    def _entities(self, out: dict[str, Measure]) -> dict[str, dict | None]:
        """Each found gold entity -> the new proposal that found it (None: found by its registered id)."""
        gold, registry = self.gold.entities, self.gold.registry
        registered = self._registered_proposals()
        new_gold = sorted(gold - set(self.given))
        proposals = self.section("new_entities")
        finds: dict[str, dict | None] = {g: None for g in registered & gold}
        pairs = pair(new_gold, proposals, lambda g, p: 0 if self._names(p, registry[g]) else None)
        finds.update({new_gold[i]: proposals[j] for i, j in pairs.items()})
        typed = {g for g, p in finds.items()
                 if (p.get("type") if p is not None else self.given[g].type) == registry[g].type}
        real = [p for p in proposals if any(self._names(p, registry[g]) for g in new_gold)]
        real_typed = [p for p in real if any(self._names(p, registry[g]) and p.get("type") == registry[g].type
                                             for g in new_gold)]
        n_proposed = len(registered) + len(proposals)
        right = len(registered & gold)
        out["entities"] = Measure(Ratio(len(finds), len(gold)), Ratio(right + len(real), n_proposed))
        out["entities_typed"] = Measure(Ratio(len(typed), len(gold)),
                                        Ratio(len({g for g in registered & gold if g in typed}) + len(real_typed),
                                              n_proposed))
        out["new_entities"] = Measure(Ratio(len(pairs), len(new_gold)), Ratio(len(real), len(proposals)))
        self.typed = typed
        self.details["entities_missed"] = sorted(gold - set(finds))
        self.details["entities_mistyped"] = {
            g: f"{p.get('type') if p is not None else self.given[g].type} for {registry[g].type}"
            for g, p in sorted(finds.items()) if g not in typed}
        self.details["new_entities_not_in_gold"] = [str(p.get("name")) for p in proposals if p not in real]
        return finds

    def _registered_proposals(self) -> set[str]:
        ids = {m.get("entity") for m in self.section("mentions")}
        ids |= {n.get("possible_duplicate_of") for n in self.section("near_duplicates")}
        ids |= {q.get("speaker") for q in self.section("quotations")}
        ids |= {i for p in self.proposed for i in _entity_ids(p.statement)}
        return {i for i in ids if isinstance(i, str) and i in self.given}

    @staticmethod
    def _names(proposal: dict, entity: Entity) -> bool:
        """Whether a new-entity proposal names ``entity``: its id, or a name with one of its name keys."""
        if proposal.get("id") == entity.id:
            return True
        aliases = proposal.get("aliases")
        names = [proposal.get("name"), *(aliases if isinstance(aliases, list) else [])]
        keys = {name_key(n) for n in names if isinstance(n, str)}
        return bool(keys & {name_key(n) for n in (entity.name, *entity.aliases)})

    # quotations

    def _quotations(self, out: dict[str, Measure]) -> dict[int, tuple[int, bool]]:
        """Each found gold quotation (index) -> (the draft quotation's index, right speaker)."""
        self.gold_quotes = gold_quotations(self.gold)
        drafted = self._draft_quotations()
        pairs = pair(self.gold_quotes, drafted, lambda g, d: _overlap(g[:2], d[:2]) or None)
        found = {i: (j, self._right_speaker(drafted[j], self.gold_quotes[i][2])) for i, j in pairs.items()}
        right = sum(ok for _, ok in found.values())
        self.details["quotations_missed"] = [q[3] for i, q in enumerate(self.gold_quotes) if i not in found]
        self.details["quotations_wrong_speaker"] = {
            self.gold_quotes[i][3]: f"{drafted[j][2] or drafted[j][3]} for {self.gold_quotes[i][2]}"
            for i, (j, ok) in found.items() if not ok}
        out["quotations"] = Measure(Ratio(len(found), len(self.gold_quotes)), Ratio(len(found), len(drafted)))
        out["quotations_speaker"] = Measure(Ratio(right, len(self.gold_quotes)), Ratio(right, len(drafted)))
        return found

    def _draft_quotations(self) -> list[tuple[int, int, str | None, str | None]]:
        """(start, end, speaker id, speaker name) of the draft's quotations, then of its statements'
        quoted words that no quotation of the draft covers."""
        out = []
        for q in self.section("quotations"):
            start, end = q.get("start"), q.get("end")
            if not (isinstance(start, int) and isinstance(end, int)):
                words = q.get("words")
                found = self.gold.located.find_all(words) if isinstance(words, str) else []
                if not found:
                    continue
                start, end = found[0].start, found[0].end
            out.append((start, end, q.get("speaker"), q.get("speaker_name")))
        spans = quoted_spans(self.gold.text)
        for p in self.proposed:
            speaker = p.statement.speaker or p.statement.subject
            for words in p.statement.words:
                for span in _quoted(self.gold.located.find_all(words), spans, p.spans):
                    if not any(_overlap(span, o[:2]) for o in out):
                        out.append((*span, speaker, None))
        return out

    def _right_speaker(self, drafted: tuple, speaker: str | None) -> bool:
        _, _, sid, name = drafted
        if speaker is None:
            return sid is None
        if sid == speaker:
            return True
        if speaker in self.given or sid in self.given:
            return False
        named = [name] + [p.get("name") for p in self.section("new_entities") if sid and p.get("id") == sid]
        gold = self.gold.registry[speaker]
        return any(isinstance(n, str) and self._names({"name": n}, gold) for n in named)

    # quantities and dates

    def _values(self, out: dict[str, Measure]) -> None:
        gold_q = {(abs(q.value), _unit(q.unit)) for s in self.gold.statements
                  for q in (s.quantity, s.share, s.change) if q is not None}
        draft_q = {(abs(v), _unit(q.get("unit"))) for q in self.section("quantities")
                   if (v := _number(q.get("value"))) is not None}
        draft_q |= {(abs(q.value), _unit(q.unit)) for p in self.proposed
                    for q in (p.statement.quantity, p.statement.share, p.statement.change) if q is not None}
        gold_d = {t.value for s in self.gold.statements for t in (s.time, s.until) if t is not None}
        draft_d = {str(d["value"]) for d in self.section("dates") if d.get("value") is not None}
        draft_d |= {t.value for p in self.proposed for t in (p.statement.time, p.statement.until) if t is not None}
        for key, g, d in (("quantities", gold_q, draft_q), ("dates", gold_d, draft_d)):
            out[key] = Measure(Ratio(len(g & d), len(g)), Ratio(len(g & d), len(d)))
            self.details[f"{key}_missed"] = sorted(map(str, g - d))
            self.details[f"{key}_not_in_gold"] = sorted(map(str, d - g))

    # the curation work saved

    def _lines(self) -> Ratio:
        saved = total = 0
        for i, g in enumerate(self.gold.statements):
            s, t = self._statement_lines(g, self.statement_pairs.get(i))
            saved, total = saved + s, total + t
        for eid in sorted(self.gold.entities - set(self.given)):
            s, t = self._entity_lines(self.gold.registry[eid], self.entity_finds.get(eid, False))
            saved, total = saved + s, total + t
        return Ratio(saved, total)

    def _statement_lines(self, g: Statement, j: int | None) -> tuple[int, int]:
        matched = self.proposed[j] if j is not None else None
        quotes = [(self.gold_quotes[i], *self.quote_pairs[i]) for i in self.quote_pairs
                  if self.gold_quotes[i][3] == g.id]
        saved = total = 0
        for key in g.lines:
            if key == "note":
                continue
            if key == "evidence":
                for quote in g.evidence:
                    spans = [(p.start, p.end) for p in self.gold.located.find_all(quote)]
                    total += 1
                    saved += bool(matched and _touches(matched.spans, spans)
                                  or _touches((q[0][:2] for q in quotes), spans))
                continue
            total += 1
            if matched and (key in CORE or agrees(key, matched.statement, g, self.d_refs, self.g_refs)):
                saved += 1
            else:
                saved += self._hinted(key, g, quotes)
        return saved, total

    def _hinted(self, key: str, g: Statement, quotes: list) -> bool:
        """Whether the draft's quantities, dates or quotations hold the gold's ``key`` line."""
        evidence = self.evidence[g.id]
        if key in ("quantity", "share", "change"):
            want = getattr(g, key)
            return any(_number(q.get("value")) == want.value and _unit(q.get("unit")) == _unit(want.unit)
                       and q.get("approx") == want.approx and _touches([_span(q)], evidence)
                       for q in self.section("quantities"))
        if key in ("time", "until"):
            want = getattr(g, key)
            return any(str(d.get("value")) == want.value and bool(d.get("year_inferred")) == want.inferred
                       and d.get("qualifier") == want.qualifier and _touches([_span(d)], evidence)
                       for d in self.section("dates"))
        if key == "speaker":
            return bool(quotes) and all(ok for _, _, ok in quotes)
        if key == "words":
            return bool(g.words) and len(quotes) == len(g.words)
        return False

    def _entity_lines(self, e: Entity, proposal: dict | None | bool) -> tuple[int, int]:
        found = proposal is not False
        p = proposal if isinstance(proposal, dict) else {}
        aliases = {name_key(a) for a in p.get("aliases") or () if isinstance(a, str)}
        lines = {"id": found, "name": found, "type": e.id in self.typed}
        if e.aliases:
            lines["aliases"] = found and {name_key(a) for a in e.aliases} <= aliases
        if e.description:
            description = p.get("description")
            lines["description"] = isinstance(description, str) and alike(description, e.description)
        if e.same_as:
            lines["same_as"] = False
        return sum(lines.values()), len(lines)


def _span(item: dict) -> tuple[int, int]:
    start, end = item.get("start"), item.get("end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else (0, 0)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where the text stands inside double quotation marks (straight or curly); a quote left open
    runs to the end of its line."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        opened = None
        for i, ch in enumerate(line):
            if ch in "\"\u201c" and opened is None:
                opened = offset + i + 1
            elif ch in "\"\u201d" and opened is not None:
                spans.append((opened, offset + i))
                opened = None
        if opened is not None:
            spans.append((opened, offset + len(line.rstrip())))
        offset += len(line)
    return spans


def _quoted(found: Iterable, spans: list[tuple[int, int]], near: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of the passages found, those inside a quotation; if several, those in the ``near`` spans."""
    inside = [(p.start, p.end) for p in found if any(s <= p.start and p.end <= e for s, e in spans)]
    close = [s for s in inside if _touches([s], near)]
    return (close or inside)[:1]


def gold_quotations(gold: Gold) -> list[tuple[int, int, str | None, str]]:
    """(start, end, speaker id, statement id) of the gold's quotations: the ``words`` of statements
    with a speaker (or of kind Quotation) that stand inside quotation marks in the text."""
    spans = quoted_spans(gold.text)
    out: list[tuple[int, int, str | None, str]] = []
    for s in gold.statements:
        if not (s.speaker or s.kind == "Quotation"):
            continue
        evidence = [(p.start, p.end) for q in s.evidence for p in gold.located.find_all(q)]
        for words in s.words:
            for start, end in _quoted(gold.located.find_all(words), spans, evidence):
                if not any((start, end) == o[:2] for o in out):
                    out.append((start, end, s.speaker or s.subject, s.id))
    return out


# --- runs -------------------------------------------------------------------------------------

def registry_for(gold: Gold, mode: str) -> list[Entity]:
    """The registry a mode drafts with: as it is, or less the article's entities."""
    if mode == "known":
        return list(gold.registry.values())
    return [e for e in gold.registry.values() if e.id not in gold.entities]


def run(gold: Gold, mode: str, repeat: int) -> dict:
    given = registry_for(gold, mode)
    doc, ms = draft_article(gold, given, repeat)
    scores = Scorer(doc, gold, given).score()
    return {"article": gold.name, "mode": mode, "characters": len(gold.text), "ms": round(ms, 1),
            **scores.to_dict()}


def default_articles() -> list[Path]:
    found = [NOGALES]
    for folder in DATA_DIRS:
        if folder.is_dir():
            found += sorted(d for d in folder.iterdir() if (d / "gold.yaml").is_file())
    return found


# --- printing ---------------------------------------------------------------------------------

def _cell(r: dict) -> str:
    return "–" if r["value"] is None else f"{r['value']:.2f} ({r['hit']}/{r['total']})"


def _mean(values: list[float | None], digits: int = 2) -> str:
    known = [v for v in values if v is not None]
    return "–" if not known else f"{sum(known) / len(known):,.{digits}f}"


def table(results: list[dict]) -> str:
    """Markdown: one table per run with counts, then, for several articles, each mode's means."""
    out = []
    for r in results:
        out += [f"### {r['article']}, registry {'as it is' if r['mode'] == 'known' else 'without its entities'}",
                "", f"{r['characters']:,} characters, drafted in {r['ms']:.0f} ms"
                    + (f"; {r['refused_statements']} drafted statements refused by the curation reader"
                       if r["refused_statements"] else ""), "",
                "| measure | recall | precision |", "| --- | --- | --- |"]
        for key, label in MEASURES:
            m = r["measures"][key]
            out.append(f"| {label} | {_cell(m['recall'])} | {_cell(m['precision'])} |")
        out += [f"| curation lines saved | {_cell(r['lines_saved'])} | |", ""]
    for mode in MODES:
        runs = [r for r in results if r["mode"] == mode]
        if len(runs) < 2:
            continue  # the mean of one article is that article's table
        out += [f"### mean of {len(runs)} article{'s' * (len(runs) != 1)}, registry "
                f"{'as it is' if mode == 'known' else 'without their entities'}", "",
                f"{_mean([r['characters'] for r in runs], 0)} characters, drafted in "
                f"{_mean([r['ms'] for r in runs], 0)} ms on average", "",
                "| measure | recall | precision |", "| --- | --- | --- |"]
        for key, label in MEASURES:
            recall = _mean([r["measures"][key]["recall"]["value"] for r in runs])
            precision = _mean([r["measures"][key]["precision"]["value"] for r in runs])
            out.append(f"| {label} | {recall} | {precision} |")
        out += [f"| curation lines saved | {_mean([r['lines_saved']['value'] for r in runs])} | |", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="*", type=Path, metavar="ARTICLE",
                        help="a curated article YAML beside its text, or a folder with article.txt and gold.yaml")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--repeat", type=int, default=3, help="draft each article this many times; the fastest counts")
    parser.add_argument("--modes", default=",".join(MODES), help="known (registry as it is), new (without "
                                                                 "the article's entities), or both")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - set(MODES):
        parser.error(f"--modes takes {', '.join(MODES)}")
    results = [run(read_gold(path), mode, args.repeat) for path in args.articles or default_articles()
               for mode in modes]
    print(json.dumps(results, indent=1) if args.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
