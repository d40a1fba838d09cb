"""Reading the hand-edited sources: the entity registry and each article's statements.

Every problem is reported with the file, the line and the entry it is in, and all
problems of a file are collected before giving up, so one run shows them all.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import CurationError, Problem, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
APPROXIMATIONS = ("about", "more than", "less than", "at least", "at most")
TRENDS = ("increase", "decrease")
# Units in the words articles use, and their QUDT unit (counts are unit:NUM).
UNITS: dict[str, str] = {
    "tonnes": "TONNE", "tonne": "TONNE", "kilograms": "KiloGM", "kilogram": "KiloGM",
    "kg": "KiloGM", "pounds": "LB", "percent": "PERCENT",
    "members": "NUM", "troops": "NUM", "soldiers": "NUM", "crossings": "NUM", "deaths": "NUM",
    "people": "NUM", "seizures": "NUM", "pills": "NUM", "vehicles": "NUM", "count": "NUM",
    "usd": "USDollar", "dollars": "USDollar",
}

ENTITY_FIELDS = ("id", "type", "name", "aliases", "description", "same_as")
ARTICLE_FIELDS = ("title", "date", "date_inferred", "date_note", "url", "publisher")
STATEMENT_FIELDS = (
    "id", "relation", "kind", "subject", "speaker", "object", "place", "theme", "method",
    "according_to", "about", "caused_by", "time", "until", "quantity", "share", "change",
    "trend", "measure", "role", "former", "words", "editorial", "negated", "evidence", "note",
)
QUANTITY_FIELDS = ("value", "unit", "approx")
TIME_FIELDS = ("value", "inferred", "qualifier")


class _Map(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {result.lines[key]})", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def read_yaml(path: Path, shown: str) -> Any:
    """Parse a YAML file; a syntax error becomes a one-line CurationError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CurationError([Problem(shown, None, None, "is not UTF-8 text")]) from None
    except OSError as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(exc.problem or exc.context or "malformed YAML").split())
        col = f", column {mark.column + 1}" if mark else ""
        raise CurationError([Problem(shown, line, None, f"malformed YAML{col}: {what}")]) from None
    except yaml.YAMLError as exc:
        raise CurationError([Problem(shown, None, None, f"malformed YAML: {' '.join(str(exc).split())}")]) from None


def article_text(data: bytes, shown: str) -> str:
    """An article's text: the file's bytes decoded as UTF-8, nothing changed.

    Line ends stay as written (CR LF, CR, LF, U+2028), and so does a byte-order mark (the
    character U+FEFF at offset 0), so that the text encodes back to the very bytes of the file:
    offsets count the code points of this text, and its SHA-256 is the file's. A file that is
    not UTF-8, or holds a NUL (no text does; a binary file or a wrong encoding does), is refused.
    """
    try:
        text = data.decode("utf-8")  # strict: every text decoded so encodes back to the same bytes
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CurationError([Problem(shown, line, None, f"is not UTF-8 text (byte {exc.start} cannot be read)")]) from None
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise CurationError([Problem(shown, line, None, f"is not text: it holds a NUL character (at offset {nul})")])
    return text


def read_article_text(path: Path, shown: str) -> tuple[str, str]:
    """(text, SHA-256 of the file's bytes) of an article's text file; see ``article_text``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read the article text: {exc.strerror}")]) from None
    return article_text(data, shown), hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    same_as: tuple[str, ...] = ()
    line: int = 0
    source: str | None = None  # the file it is curated in, when not the registry


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    approx: str | None = None


@dataclass(frozen=True)
class Time:
    value: str
    precision: str  # day | month | year
    inferred: bool = False
    qualifier: str | None = None


@dataclass
class Statement:
    id: str
    line: int
    relation: str | None = None
    kind: str | None = None
    subject: str | None = None
    speaker: str | None = None
    objects: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    according_to: str | None = None
    about: tuple[str, ...] = ()
    caused_by: tuple[str, ...] = ()
    time: Time | None = None
    until: Time | None = None
    quantity: Quantity | None = None
    share: Quantity | None = None
    change: Quantity | None = None
    trend: str | None = None
    measure: str | None = None
    role: str | None = None
    former: bool = False
    words: tuple[str, ...] = ()
    editorial: bool = False
    negated: bool = False
    evidence: tuple[str, ...] = ()
    note: str | None = None
    lines: dict = field(default_factory=dict)


@dataclass
class Article:
    slug: str
    yaml_file: str
    text_file: str
    text: str
    sha256: str  # of the text file's bytes, which are the text's UTF-8 encoding
    title: str
    date: Time
    date_inferred: bool
    date_note: str | None
    url: str | None
    publisher: str | None
    statements: list[Statement]
    draft_entities: list[Entity] = field(default_factory=list)
    unconfirmed: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0


class _Reader:
    """Collects problems while checking the fields of YAML entries."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []

    def problem(self, line: int | None, entry: str | None, message: str) -> None:
        self.problems.append(Problem(self.shown, line, entry, message))

    def line_of(self, m: _Map, key: str) -> int:
        return getattr(m, "lines", {}).get(key, getattr(m, "line", 0))

    def unknown_keys(self, m: _Map, allowed: tuple[str, ...], entry: str | None) -> None:
        for key in m:
            if key not in allowed:
                extra = did_you_mean(key, allowed, f" (expected one of: {', '.join(allowed)})")
                self.problem(self.line_of(m, key), entry, f"unknown field {key!r}{extra}")

    def text(self, m: _Map, key: str, entry: str | None, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None:
            if required:
                self.problem(m.line, entry, f"missing field {key!r}")
            return None
        if isinstance(value, (bool, dict, list)):
            self.problem(self.line_of(m, key), entry, f"{key!r} must be text, not {_kind(value)}")
            return None
        value = str(value).strip()
        if not value and required:
            self.problem(self.line_of(m, key), entry, f"{key!r} must not be empty")
            return None
        return value or None

    def flag(self, m: _Map, key: str, entry: str | None) -> bool:
        value = m.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(self.line_of(m, key), entry, f"{key!r} must be true or false")
            return False
        return value

    def texts(self, m: _Map, key: str, entry: str | None) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if isinstance(item, (dict, list, bool)) or item is None or not str(item).strip():
                self.problem(self.line_of(m, key), entry, f"{key!r} must be text or a list of texts")
                continue
            out.append(str(item).strip())
        return tuple(out)

    def slugs(self, m: _Map, key: str, entry: str | None) -> tuple[str, ...]:
        out = self.texts(m, key, entry)
        for s in out:
            if not SLUG.match(s):
                self.problem(self.line_of(m, key), entry, f"{key!r}: {s!r} is not an id (lower-case words joined by '-')")
        return tuple(s for s in out if SLUG.match(s))

    def slug(self, m: _Map, key: str, entry: str | None) -> str | None:
        values = self.slugs(m, key, entry)
        if len(values) > 1:
            self.problem(self.line_of(m, key), entry, f"{key!r} takes one id, not a list")
        return values[0] if values else None

    def quantity(self, m: _Map, key: str, entry: str | None, default_unit: str | None = None) -> Quantity | None:
        value = m.get(key)
        if value is None:
            return None
        line = self.line_of(m, key)
        if not isinstance(value, dict):
            value = _Map({"value": value})
            value.line, value.lines = line, {}
        self.unknown_keys(value, QUANTITY_FIELDS, entry)
        number = _decimal(value.get("value"))
        if number is None:
            self.problem(line, entry, f"{key}: 'value' must be a number, not {value.get('value')!r}")
            return None
        unit = value.get("unit", default_unit)
        if unit is None:
            self.problem(line, entry, f"{key}: missing 'unit' (one of: {', '.join(UNITS)})")
            return None
        unit = str(unit).strip().lower()
        if unit == "%":
            unit = "percent"
        if unit not in UNITS:
            extra = did_you_mean(unit, UNITS, f" (known: {', '.join(UNITS)})")
            self.problem(line, entry, f"{key}: unknown unit {unit!r}{extra}")
            return None
        approx = value.get("approx")
        if approx is not None and approx not in APPROXIMATIONS:
            self.problem(line, entry, f"{key}: 'approx' must be one of {', '.join(APPROXIMATIONS)}")
            approx = None
        return Quantity(number, unit, approx)

    def time(self, m: _Map, key: str, entry: str | None) -> Time | None:
        value = m.get(key)
        if value is None:
            return None
        line = self.line_of(m, key)
        inferred, qualifier = False, None
        if isinstance(value, dict):
            self.unknown_keys(value, TIME_FIELDS, entry)
            inferred = self.flag(value, "inferred", entry)
            qualifier = self.text(value, "qualifier", entry)
            value = value.get("value")
        parsed = parse_time(value)
        if parsed is None:
            self.problem(line, entry, f"{key}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            return None
        return Time(parsed[0], parsed[1], inferred, qualifier)


def parse_time(value: Any) -> tuple[str, str] | None:
    """``2025-02-04`` -> (value, 'day'); ``2025-02`` -> 'month'; ``2024`` -> 'year'."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return f"{value:04d}", "year"
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            dt.date.fromisoformat(value)
            return value, "day"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
            return value, "month"
        if re.fullmatch(r"\d{4}", value):
            return value, "year"
    except ValueError:
        return None
    return None


_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}


def _decimal(value: Any) -> Decimal | None:
    """A number from YAML: 10000, "10,000", 10.6 million, "-21"."""
    if isinstance(value, bool) or value is None:
        return None
    words = str(value).replace(",", "").split()
    scale = 1
    if len(words) == 2 and words[1].lower() in _SCALES:
        scale = _SCALES[words.pop().lower()]
    if len(words) != 1:
        return None
    try:
        number = Decimal(words[0]) * scale
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def read_entities(path: Path, shown: str) -> list[Entity]:
    """Read the entity registry (``graph/entities.yaml``)."""
    data = read_yaml(path, shown)
    r = _Reader(shown)
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise CurationError([Problem(shown, getattr(data, "line", None), None,
                                     "expected a mapping with a list under 'entities:'")])
    r.unknown_keys(data, ("entities",), None)
    out: list[Entity] = []
    seen: dict[str, int] = {}
    for item in data["entities"]:
        if not isinstance(item, dict):
            r.problem(data.lines.get("entities"), None, "each entity must be a mapping with id, type and name")
            continue
        eid = r.text(item, "id", None, required=True)
        entry = f"entity {eid!r}" if eid else "entity"
        if eid and not SLUG.match(eid):
            r.problem(r.line_of(item, "id"), entry, "id must be lower-case words joined by '-'")
            eid = None
        r.unknown_keys(item, ENTITY_FIELDS, entry)
        etype = r.text(item, "type", entry, required=True)
        name = r.text(item, "name", entry, required=True)
        aliases = r.texts(item, "aliases", entry)
        description = r.text(item, "description", entry)
        same_as = r.texts(item, "same_as", entry)
        for iri in same_as:
            if not re.match(r"^https?://\S+$", iri):
                r.problem(r.line_of(item, "same_as"), entry, f"same_as: {iri!r} is not an http(s) IRI")
        if eid and eid in seen:
            r.problem(item.line, entry, f"duplicate id (first on line {seen[eid]})")
            continue
        if eid and etype and name:
            seen[eid] = item.line
            out.append(Entity(eid, etype, name, aliases, description, same_as, item.line))
    if r.problems:
        raise CurationError(r.problems)
    return out


def read_article(yaml_path: Path, shown: str, text_path: Path, text_shown: str) -> Article:
    """Read one article's metadata, statements and draft, and its verbatim text."""
    data = read_yaml(yaml_path, shown)
    r = _Reader(shown)
    if not isinstance(data, dict):
        raise CurationError([Problem(shown, None, None, "expected a mapping with 'article:' and 'statements:'")])
    r.unknown_keys(data, ("article", "statements", "draft"), None)
    if not text_path.exists():
        raise CurationError([Problem(shown, None, None, f"the article text {text_shown} is missing")])
    text, digest = read_article_text(text_path, text_shown)

    meta = data.get("article")
    if not isinstance(meta, dict):
        raise CurationError([Problem(shown, data.line, None, "missing the 'article:' mapping (title, date, ...)")])
    r.unknown_keys(meta, ARTICLE_FIELDS, "article")
    title = r.text(meta, "title", "article", required=True)
    date = r.time(meta, "date", "article")
    if date is None and "date" not in meta:
        r.problem(meta.line, "article", "missing field 'date'")
    date_inferred = r.flag(meta, "date_inferred", "article")
    statements = []
    raw = data.get("statements")
    if not isinstance(raw, list):
        r.problem(getattr(data, "lines", {}).get("statements", data.line), None, "'statements:' must be a list")
        raw = []
    seen: dict[str, int] = {}
    for item in raw:
        if not isinstance(item, dict):
            r.problem(data.lines.get("statements"), None, "each statement must be a mapping")
            continue
        st = _read_statement(r, item)
        if st is None:
            continue
        if st.id in seen:
            r.problem(st.line, f"statement {st.id!r}", f"duplicate id (first on line {seen[st.id]})")
            continue
        seen[st.id] = st.line
        statements.append(st)
    article = Article(
        slug=yaml_path.stem, yaml_file=shown, text_file=text_shown, text=text, sha256=digest, title=title or "",
        date=date, date_inferred=date_inferred, date_note=r.text(meta, "date_note", "article"),
        url=r.text(meta, "url", "article"), publisher=r.text(meta, "publisher", "article"),
        statements=statements,
    )
    draft = data.get("draft")
    if draft is not None:
        _read_draft(r, draft, article, seen)
    if r.problems:
        raise CurationError(r.problems)
    return article


DRAFT_FIELDS = {
    "mentions": ("entity", "text", "start", "end", "sentence", "confirmed"),
    "new_entities": ("name", "id", "type", "aliases", "description", "text", "start", "end", "sentence", "confirmed"),
    "near_duplicates": ("name", "possible_duplicate_of", "start", "end", "sentence"),
    "quotations": ("words", "speaker", "speaker_name", "role", "resolved_from", "start", "end", "sentence", "confirmed"),
    "quantities": ("text", "value", "unit", "approx", "subject", "measure", "time", "start", "end", "sentence", "confirmed"),
    "dates": ("text", "value", "normalized", "precision", "qualifier", "year_inferred", "start", "end", "sentence"),
}


def _read_draft(r: _Reader, draft: Any, article: Article, seen: dict[str, int]) -> None:
    """Turn the confirmed items of a draft into statements and entities; count the rest.

    A confirmed mention becomes a Mention statement, a confirmed quotation a Quotation, a
    confirmed quantity (with the subject and measure the reviewer adds) a Measurement, and a
    confirmed new entity joins the registry. The sentence is each one's evidence.
    """
    if not isinstance(draft, dict):
        r.problem(None, "draft", "'draft:' must be a mapping of proposal lists")
        return
    r.unknown_keys(draft, tuple(DRAFT_FIELDS), "draft")
    for section, fields in DRAFT_FIELDS.items():
        items = draft.get(section) or []
        if not isinstance(items, list):
            r.problem(r.line_of(draft, section), f"draft {section}", "must be a list")
            continue
        for n, item in enumerate(items, start=1):
            entry = f"draft {section} #{n}"
            if not isinstance(item, dict):
                r.problem(r.line_of(draft, section), entry, "must be a mapping")
                continue
            r.unknown_keys(item, fields, entry)
            if "confirmed" not in fields:
                continue
            if not r.flag(item, "confirmed", entry):
                article.unconfirmed[section] = article.unconfirmed.get(section, 0) + 1
                continue
            article.confirmed += 1
            sentence = r.text(item, "sentence", entry, required=True)
            start = item.get("start") if isinstance(item.get("start"), int) else n
            st = None
            if section == "mentions":
                st = Statement(id=f"draft-mention-{start}", line=item.line, kind="Mention",
                               subject=r.slug(item, "entity", entry), lines=dict(item.lines))
            elif section == "quotations":
                speaker = r.slug(item, "speaker", entry)
                if speaker is None:
                    r.problem(item.line, entry, "a confirmed quotation needs its 'speaker' (an entity id)")
                st = Statement(id=f"draft-quote-{start}", line=item.line, kind="Quotation", speaker=speaker,
                               words=r.texts(item, "words", entry), lines=dict(item.lines))
            elif section == "quantities":
                subject, measure = r.slug(item, "subject", entry), r.text(item, "measure", entry)
                if subject is None or measure is None:
                    r.problem(item.line, entry, "a confirmed quantity needs a 'subject' (entity id) and a 'measure' "
                                                "(what it counts)")
                st = Statement(id=f"draft-quantity-{start}", line=item.line, kind="Measurement", subject=subject,
                               measure=measure, quantity=_draft_quantity(r, item, entry),
                               time=r.time(item, "time", entry),
                               lines=dict(item.lines))
            elif section == "new_entities":
                eid = r.slug(item, "id", entry)
                etype = r.text(item, "type", entry)
                name = r.text(item, "name", entry, required=True)
                if etype is None:
                    r.problem(item.line, entry, "a confirmed new entity needs its 'type'")
                if eid and etype and name:
                    article.draft_entities.append(Entity(eid, etype, name, r.texts(item, "aliases", entry),
                                                         r.text(item, "description", entry), (), item.line,
                                                         r.shown))
            if st is not None and sentence:
                st.evidence = (sentence,)
                if st.id in seen:
                    r.problem(item.line, entry, f"makes statement {st.id!r} again")
                    continue
                seen[st.id] = item.line
                article.statements.append(st)


def _draft_quantity(r: _Reader, item: _Map, entry: str) -> Quantity | None:
    holder = _Map({"quantity": {k: item[k] for k in ("value", "unit", "approx") if k in item}})
    holder.line, holder.lines = item.line, {"quantity": item.lines.get("value", item.line)}
    holder["quantity"] = _Map(holder["quantity"])
    holder["quantity"].line, holder["quantity"].lines = item.line, {}
    return r.quantity(holder, "quantity", entry)


def _read_statement(r: _Reader, item: _Map) -> Statement | None:
    sid = r.text(item, "id", None, required=True)
    if sid is None:
        return None
    entry = f"statement {sid!r}"
    if not SLUG.match(sid):
        r.problem(r.line_of(item, "id"), entry, "id must be lower-case words joined by '-'")
        return None
    r.unknown_keys(item, STATEMENT_FIELDS, entry)
    trend = r.text(item, "trend", entry)
    if trend is not None and trend not in TRENDS:
        r.problem(r.line_of(item, "trend"), entry, f"'trend' must be one of {', '.join(TRENDS)}")
    evidence = r.texts(item, "evidence", entry)
    if not evidence:
        r.problem(item.line, entry, "missing field 'evidence' (the article's exact words)")
    st = Statement(
        id=sid, line=item.line, lines=dict(item.lines),
        relation=r.text(item, "relation", entry), kind=r.text(item, "kind", entry),
        subject=r.slug(item, "subject", entry), speaker=r.slug(item, "speaker", entry),
        objects=r.slugs(item, "object", entry), places=r.slugs(item, "place", entry),
        themes=r.slugs(item, "theme", entry), methods=r.slugs(item, "method", entry),
        according_to=r.slug(item, "according_to", entry),
        about=r.slugs(item, "about", entry), caused_by=r.slugs(item, "caused_by", entry),
        time=r.time(item, "time", entry), until=r.time(item, "until", entry),
        quantity=r.quantity(item, "quantity", entry),
        share=r.quantity(item, "share", entry, default_unit="percent"),
        change=r.quantity(item, "change", entry, default_unit="percent"),
        trend=trend, measure=r.text(item, "measure", entry), role=r.text(item, "role", entry),
        former=r.flag(item, "former", entry), words=r.texts(item, "words", entry),
        editorial=r.flag(item, "editorial", entry), negated=r.flag(item, "negated", entry),
        evidence=evidence, note=r.text(item, "note", entry),
    )
    if not st.relation and not st.kind:
        r.problem(item.line, entry, "needs a 'relation' (e.g. deploys) or a 'kind' (e.g. Measurement)")
    if st.subject and st.speaker and st.subject != st.speaker:
        r.problem(item.line, entry, "'speaker' and 'subject' name different entities; give only 'speaker'")
    return st
