"""Reading the hand-edited sources: the entity registry and each article's statements.

Every problem is reported with the file, the line and the entry it is in, and all
problems of a file are collected before giving up, so one run shows them all.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import CurationError, Problem
from .fileio import read_bytes
from .names import MAX_ID_LENGTH, NOT_HTTP, did_you_mean, iri_problem, is_id

APPROXIMATIONS = ("about", "more than", "less than", "at least", "at most")
TRENDS = ("increase", "decrease")
# Units in the words articles use, and their QUDT unit (counts are unit:NUM).
UNITS: dict[str, str] = {
    "tonnes": "TONNE", "tonne": "TONNE", "kilograms": "KiloGM", "kilogram": "KiloGM",
    "kg": "KiloGM", "pounds": "LB", "percent": "PERCENT",
    "members": "NUM", "troops": "NUM", "soldiers": "NUM", "crossings": "NUM", "deaths": "NUM",
    "people": "NUM", "seizures": "NUM", "pills": "NUM", "vehicles": "NUM", "count": "NUM",
    "usd": "USDollar", "dollars": "USDollar",
    "tons": "TON_SHORT", "ton": "TON_SHORT", "miles": "MI", "mile": "MI", "kilometers": "KiloM", "feet": "FT",
}
# Any other plain word is a counted noun ("pedestrians", "packages": unit:NUM), unless it is this
# close (difflib's ratio) to a unit above: "tones" (0.91 to "tonnes") is a misspelling, "officers"
# (0.62 to "soldiers") a count.
NEAR_UNIT = 0.8

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
    """A YAML mapping that remembers the line of itself and of each key, and the written text of
    each scalar value (``0123``, ``true``, ``1e3``: what a text field keeps)."""

    line: int = 0
    lines: dict
    written: dict


class _Seq(list):
    """A YAML sequence that remembers its line and the written text of each scalar item."""

    line: int = 0
    written: list


# Nesting deeper than this is no curation file (they nest five levels) and would exhaust the
# stack of the composer, which recurses.
MAX_DEPTH = 64
# Aliases may repeat a node, but the document they expand to may not hold more than twice the
# characters of the file plus this many: an alias bomb of a few hundred bytes otherwise expands
# to gigabytes in whatever walks it (a build passed 5 GB). No curation file needs aliases at all.
ALIAS_ALLOWANCE = 1_000_000


class _Composer(yaml.composer.Composer):
    """PyYAML's composer, counting as it goes what the document expands to.

    Each node's weight is 1 plus, for a scalar, its length, and for a collection, its children's
    weights; an alias weighs what its anchor does. The running total is checked at every node,
    so a bomb is refused after reading no more than the limit, and a loop (an alias inside the
    node it names) and deep nesting are refused outright.
    """

    limit: int = ALIAS_ALLOWANCE

    def compose_document(self):
        self._weight, self._depth, self._open, self._weights = 0, 0, set(), {}
        return super().compose_document()

    def _count(self, weight: int, mark) -> None:
        self._weight += weight
        if self._weight > self.limit:
            raise yaml.composer.ComposerError(
                None, None, f"the aliases expand to more than {self.limit:,} characters; write the values out", mark)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open:
                raise yaml.composer.ComposerError(
                    None, None, f"alias *{event.anchor} stands inside the node it names (a loop)", event.start_mark)
            node = super().compose_node(parent, index)
            self._count(self._weights.get(event.anchor, 1), event.start_mark)
            return node
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        before, anchor = self._weight, event.anchor
        if anchor is not None:
            self._open.add(anchor)
        self._depth += 1
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._count(1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0), event.start_mark)
        if anchor is not None:
            self._open.discard(anchor)
            self._weights[anchor] = self._weight - before
        return node


class _CoreResolver(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema: only ``true``/``false`` are booleans, ``0123`` is decimal, and
    there are no implicit dates, sexagesimal numbers or merge keys (PyYAML's YAML 1.1 read
    ``0123`` as 83, ``no`` and ``on`` as booleans, and ``2025-02-30`` crashed as a date)."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

# Characters no curation text holds: NUL and the other C0 controls but tab and line ends, and
# lone surrogates (a double-quoted "\ud800" makes one, which no UTF-8 file can hold).
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_DIGITS = 100  # a longer plain number is kept as the text it is (Python refuses ints of 4,300)


class _Constructor(yaml.constructor.BaseConstructor):
    """Builds plain Python values of the core schema only; any other tag is refused."""

    def _scalar(self, node) -> str:
        value = self.construct_scalar(node)
        bad = _NOT_TEXT.search(value)
        if bad:
            raise yaml.constructor.ConstructorError(
                None, None, f"holds the control character U+{ord(bad.group()):04X}, which no text may", node.start_mark)
        return value

    def construct_str(self, node):
        return self._scalar(node)

    def construct_null(self, node):
        self._scalar(node)
        return None

    def construct_bool(self, node):
        value = self._scalar(node)
        if value.lower() not in ("true", "false"):
            raise yaml.constructor.ConstructorError(None, None, f"{show_value(value)} is not true or false",
                                                    node.start_mark)
        return value.lower() == "true"

    def construct_int(self, node):
        value = self._scalar(node)
        digits = value.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            return value
        try:
            if digits[:2] in ("0o", "0x"):
                number = int(digits[2:], 8 if digits[1] == "o" else 16)
            else:
                number = int(digits, 10)
        except ValueError:
            raise yaml.constructor.ConstructorError(None, None, f"{show_value(value)} is not an integer",
                                                    node.start_mark) from None
        return -number if value.startswith("-") else number

    def construct_float(self, node):
        value = self._scalar(node)
        try:
            return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                         .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
        except ValueError:
            raise yaml.constructor.ConstructorError(None, None, f"{show_value(value)} is not a number",
                                                    node.start_mark) from None

    def construct_seq(self, node):
        if not isinstance(node, yaml.SequenceNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a list", node.start_mark)
        result = _Seq()
        result.line = node.start_mark.line + 1
        result.written = [n.value if isinstance(n, yaml.ScalarNode) else None for n in node.value]
        result.extend(self.construct_object(n, deep=True) for n in node.value)
        return result

    def construct_map(self, node):
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        result = _Map()
        result.line = node.start_mark.line + 1
        result.lines, result.written = {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key_node, yaml.ScalarNode) or key is None:
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            key = key_node.value  # the key as written: `1:` and `true:` are the words 1 and true
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {show_value(key)} (first on line {result.lines[key]})",
                    key_node.start_mark)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                result.written[key] = value_node.value
        return result

    def construct_other(self, node):
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {show_value(node.tag)} is not allowed in a curation file", node.start_mark)


for _tag, _method in (("str", _Constructor.construct_str), ("null", _Constructor.construct_null),
                      ("bool", _Constructor.construct_bool), ("int", _Constructor.construct_int),
                      ("float", _Constructor.construct_float), ("seq", _Constructor.construct_seq),
                      ("map", _Constructor.construct_map), (None, _Constructor.construct_other)):
    # The stubs allow only PyYAML's own loaders to own constructors; this one is a BaseConstructor too.
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}" if _tag else None, _method)  # type: ignore[type-var]


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _Composer, _Constructor, _CoreResolver):
    """PyYAML's reader, scanner and parser; the bounded composer; the core schema."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _CoreResolver.__init__(self)


def show_value(value: Any, limit: int = 60) -> str:
    """A value for a one-line message: a text quoted and clipped, a list or mapping by its kind."""
    if isinstance(value, str):
        text = repr(value[:limit + 1])
        return text if len(value) <= limit else text[:-1] + "\u2026" + text[-1]
    if isinstance(value, (dict, list)):
        return _kind(value)
    return show_value(str(value), limit) if not isinstance(value, (bool, int, float)) or value is None else repr(value)


def _written(container: Any, key: Any) -> Any:
    """A value as the file has it: a scalar that is not text (a number, true/false) as its
    written text, anything else as read."""
    value = container[key] if isinstance(container, list) else container.get(key)
    if isinstance(value, (bool, int, float)):
        written = getattr(container, "written", None)
        if isinstance(written, dict) and written.get(key) is not None:
            return written[key]
        if isinstance(written, list) and written[key] is not None:
            return written[key]
        return str(value).lower() if isinstance(value, bool) else str(value)
    return value


# Upper bounds on what is read of a source file, so that a path to a device or a pipe cannot
# fill memory. An article's text: a long-form article is about 100 KB, and `kgborder add`
# drafts about 7 s per MB (docs/benchmarks.md), so 16 MB is 160 such articles and two minutes.
# A curation file: the draft of a 1 MB article measured 6.6 MB, so a 16 MB article's is about
# 106 MB: 128 MB.
MAX_ARTICLE_BYTES = 16 * 2**20
MAX_YAML_BYTES = 128 * 2**20


def read_yaml(path: Path, shown: str) -> Any:
    """Parse a YAML file; a syntax error becomes a one-line CurationError."""
    try:
        data = read_bytes(path, MAX_YAML_BYTES, "a curation file", shown)
    except OSError as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    return parse_yaml(_utf8(data, shown), shown)


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML text (of the file shown as ``shown``) as ``read_yaml`` does."""
    loader = None
    try:
        loader = _Loader(text)  # the reader checks every character here, before any parsing
        loader.limit = 2 * len(text) + ALIAS_ALLOWANCE
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(exc.problem or exc.context or "malformed YAML").split())
        col = f", column {mark.column + 1}" if mark else ""
        raise CurationError([Problem(shown, mark.line + 1 if mark else None, None,
                                     f"malformed YAML{col}: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise CurationError([Problem(shown, line, None, f"holds the character U+{exc.character:04X}, "
                                                        "which YAML does not allow")]) from None
    except yaml.YAMLError as exc:
        raise CurationError([Problem(shown, None, None, f"malformed YAML: {' '.join(str(exc).split())}")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _utf8(data: bytes, shown: str) -> str:
    """A file's bytes as UTF-8 text, strictly: every text decoded so encodes back to the same bytes."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CurationError([Problem(shown, line, None,
                                     f"is not UTF-8 text (byte {exc.start} cannot be read)")]) from None


def article_text(data: bytes, shown: str) -> str:
    """An article's text: the file's bytes decoded as UTF-8, nothing changed.

    Line ends stay as written (CR LF, CR, LF, U+2028), and so does a byte-order mark (the
    character U+FEFF at offset 0), so that the text encodes back to the very bytes of the file:
    offsets count the code points of this text, and its SHA-256 is the file's. A file that is
    not UTF-8, or holds a NUL (no text does; a binary file or a wrong encoding does), is refused.
    """
    text = _utf8(data, shown)
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise CurationError([Problem(shown, line, None, f"is not text: it holds a NUL character (at offset {nul})")])
    return text


def read_article_text(path: Path, shown: str) -> tuple[str, str]:
    """(text, SHA-256 of the file's bytes) of an article's text file; see ``article_text``."""
    try:
        data = read_bytes(path, MAX_ARTICLE_BYTES, "an article's text", shown)
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
    date: Time | None  # None only while its problem is being reported
    date_inferred: bool
    date_note: str | None
    url: str | None
    publisher: str | None
    statements: list[Statement]
    draft_entities: list[Entity] = field(default_factory=list)
    unconfirmed: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0
    # New entities the build has written to the registry (``registered: true``): (id, line)
    registered: list[tuple[str, int]] = field(default_factory=list)
    # Names the reviewer rejected as new entities or near duplicates (rejected: true): (name, line)
    rejected_names: list[tuple[str, int]] = field(default_factory=list)


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
                extra = did_you_mean(str(key)[:100], allowed, f" (expected one of: {', '.join(allowed)})")
                self.problem(self.line_of(m, key), entry, f"unknown field {show_value(key)}{extra}")

    def text(self, m: _Map, key: str, entry: str | None, required: bool = False) -> str | None:
        value = _written(m, key)
        if value is None:
            if required:
                self.problem(m.line, entry, f"missing field {key!r}")
            return None
        if not isinstance(value, str):
            self.problem(self.line_of(m, key), entry, f"{key!r} must be text, not {_kind(value)}")
            return None
        value = value.strip()
        if not value and required:
            self.problem(self.line_of(m, key), entry, f"{key!r} must not be empty")
            return None
        return value or None

    def flag(self, m: _Map, key: str, entry: str | None) -> bool:
        value = m.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):  # `yes`, `on` and `no` are words in YAML 1.2, not flags
            self.problem(self.line_of(m, key), entry,
                         f"{key!r} must be true or false, not {show_value(_written(m, key))}")
            return False
        return value

    def texts(self, m: _Map, key: str, entry: str | None) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if isinstance(value, list):
            items = [_written(value, i) for i in range(len(value))]
        else:
            items = [_written(m, key)]
        out = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.problem(self.line_of(m, key), entry, f"{key!r} must be text or a list of texts")
                continue
            out.append(item.strip())
        return tuple(out)

    def slugs(self, m: _Map, key: str, entry: str | None) -> tuple[str, ...]:
        out = self.texts(m, key, entry)
        for s in out:
            if not is_id(s, MAX_ID_LENGTH):
                self.problem(self.line_of(m, key), entry, f"{key!r}: {show_value(s)} is not an id "
                                                          "(lower-case words joined by '-', at most 100 characters)")
        return tuple(s for s in out if is_id(s, MAX_ID_LENGTH))

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
        if not isinstance(value, _Map):
            value = _Map({"value": _written(m, key)})
            value.line, value.lines, value.written = line, {}, {}
        self.unknown_keys(value, QUANTITY_FIELDS, entry)
        written = _written(value, "value")
        number = _decimal(written)
        if number is None:
            self.problem(line, entry, f"{key}: 'value' must be a number, not {show_value(written)}")
            return None
        if not _plausible(number):
            self.problem(line, entry, f"{key}: 'value' {show_value(written)} is out of range "
                                      f"(at most {MAX_QUANTITY_DIGITS} digits before the point and "
                                      f"{MAX_QUANTITY_DIGITS} after it)")
            return None
        unit = _written(value, "unit") if "unit" in value else default_unit
        if unit is None:
            self.problem(line, entry, f"{key}: missing 'unit' (one of: {', '.join(UNITS)})")
            return None
        if not isinstance(unit, str):
            self.problem(line, entry, f"{key}: 'unit' must be a word, not {_kind(unit)}")
            return None
        unit = unit.strip().lower()
        if unit == "%":
            unit = "percent"
        if unit not in UNITS and (not re.fullmatch(r"[a-z][a-z-]{0,60}", unit)
                                  or difflib.get_close_matches(unit, UNITS, n=1, cutoff=NEAR_UNIT)):
            extra = did_you_mean(unit[:100], UNITS, f" (known: {', '.join(UNITS)}, or a counted noun)")
            self.problem(line, entry, f"{key}: unknown unit {show_value(unit)}{extra}")
            return None
        approx = _written(value, "approx")
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
        if isinstance(value, _Map):
            self.unknown_keys(value, TIME_FIELDS, entry)
            inferred = self.flag(value, "inferred", entry)
            qualifier = self.text(value, "qualifier", entry)
            value = _written(value, "value")
        else:
            value = _written(m, key)
        parsed = parse_time(value)
        if parsed is None:
            self.problem(line, entry, f"{key}: {show_value(value)} is not a date (YYYY-MM-DD, YYYY-MM or YYYY, "
                                      "a year from 0001)")
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
    if value[:4] == "0000":
        return None  # no year 0 in xsd:gYear as most readers know it (XSD 1.0), nor in Python's dates
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
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    words = str(value).replace(",", "").replace("_", "").split()
    scale = 1
    if len(words) == 2 and words[1].lower() in _SCALES:
        scale = _SCALES[words.pop().lower()]
    if len(words) != 1:
        return None
    try:
        number = Decimal(words[0])
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number * scale if _plausible(number) else number  # the caller refuses it as out of range


# A quantity has at most this many digits on each side of the point: an article's numbers have
# a dozen at most, and xsd:decimal writes every digit out (1e999999999 was a billion of them).
MAX_QUANTITY_DIGITS = 30


def _plausible(number: Decimal) -> bool:
    exponent = number.as_tuple().exponent  # an int for a finite number, which every caller has
    return number.adjusted() < MAX_QUANTITY_DIGITS and isinstance(exponent, int) and -exponent <= MAX_QUANTITY_DIGITS


def check_iri(value: str) -> str | None:
    """Why ``value`` is not an absolute http(s) IRI, or None if it is one: a link on a page, so
    no other scheme (see names.iri_problem, which judges)."""
    why = iri_problem(value, http_only=True)
    if why is None:
        return None
    if why == NOT_HTTP:
        return "is not an http(s) IRI"
    return f"is not an IRI ({' '.join(why.split())[:80]})"


def _kind(value: Any) -> str:
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (int, "a number"),
                       (float, "a number")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def read_entities(path: Path, shown: str) -> list[Entity]:
    """Read the entity registry (``graph/entities.yaml``)."""
    return parse_entities(read_yaml(path, shown), shown)


def parse_entities(data: Any, shown: str) -> list[Entity]:
    """The entities of a registry's parsed YAML (see ``parse_yaml``)."""
    r = _Reader(shown)
    if not isinstance(data, _Map) or not isinstance(data.get("entities"), list):
        raise CurationError([Problem(shown, getattr(data, "line", 1), None,
                                     "expected a mapping with a list under 'entities:'")])
    r.unknown_keys(data, ("entities",), None)
    out: list[Entity] = []
    seen: dict[str, int] = {}
    for item in data["entities"]:
        if not isinstance(item, _Map):
            r.problem(getattr(item, "line", None) or data.lines.get("entities", data.line), None,
                      "each entity must be a mapping with id, type and name")
            continue
        eid = r.text(item, "id", None, required=True)
        entry = f"entity {show_value(eid)}" if eid else "entity"
        if eid and not is_id(eid, MAX_ID_LENGTH):
            r.problem(r.line_of(item, "id"), entry, "id must be lower-case words joined by '-', at most 100 characters")
            eid = None
        r.unknown_keys(item, ENTITY_FIELDS, entry)
        etype = r.text(item, "type", entry, required=True)
        name = r.text(item, "name", entry, required=True)
        aliases = r.texts(item, "aliases", entry)
        description = r.text(item, "description", entry)
        same_as = r.texts(item, "same_as", entry)
        for iri in same_as:
            why = check_iri(iri)
            if why:
                r.problem(r.line_of(item, "same_as"), entry, f"same_as: {show_value(iri)} {why}")
        if eid and eid in seen:
            r.problem(item.line, entry, f"duplicate id (first on line {seen[eid]})")
            continue
        if eid and etype and name:
            seen[eid] = item.line
            out.append(Entity(eid, etype, name, aliases, description, same_as, item.line))
    if r.problems:
        raise CurationError(r.problems)
    return out


REJECTED_FIELDS = ("name", "article")


def read_rejected(path: Path, shown: str) -> list[tuple[str, int]]:
    """The names ``kgborder add`` no longer proposes (``graph/rejected.yaml``): (name, line)."""
    data = read_yaml(path, shown)
    r = _Reader(shown)
    if not isinstance(data, _Map) or not isinstance(data.get("rejected"), list):
        raise CurationError([Problem(shown, getattr(data, "line", 1), None,
                                     "expected a mapping with a list under 'rejected:'")])
    r.unknown_keys(data, ("rejected",), None)
    out = []
    for item in data["rejected"]:
        if not isinstance(item, _Map):
            r.problem(getattr(item, "line", None) or data.line, None, "each entry must be a mapping with a 'name'")
            continue
        r.unknown_keys(item, REJECTED_FIELDS, "rejected name")
        r.text(item, "article", "rejected name")
        name = r.text(item, "name", "rejected name", required=True)
        if name is not None:
            out.append((name, item.line))
    if r.problems:
        raise CurationError(r.problems)
    return out


def read_article(yaml_path: Path, shown: str, text_path: Path, text_shown: str,
                 yaml_text: str | None = None) -> Article:
    """Read one article's metadata, statements and draft, and its verbatim text. ``yaml_text``:
    the curation as it stands in an editor (`kgborder review`) rather than as the file holds it."""
    if not is_id(yaml_path.stem, MAX_ID_LENGTH):
        raise CurationError([Problem(shown, None, None, "the file name must be lower-case words joined by '-' "
                                                        "(it names the article's IRI)")])
    data = read_yaml(yaml_path, shown) if yaml_text is None else parse_yaml(yaml_text, shown)
    r = _Reader(shown)
    if not isinstance(data, _Map):
        raise CurationError([Problem(shown, 1, None, "expected a mapping with 'article:' and 'statements:'")])
    r.unknown_keys(data, ("article", "statements", "draft"), None)
    if not text_path.exists():
        raise CurationError([Problem(shown, None, None, f"the article text {text_shown} is missing")])
    text, digest = read_article_text(text_path, text_shown)

    meta = data.get("article")
    if not isinstance(meta, _Map):
        raise CurationError([Problem(shown, data.line, None, "missing the 'article:' mapping (title, date, ...)")])
    r.unknown_keys(meta, ARTICLE_FIELDS, "article")
    title = r.text(meta, "title", "article", required=True)
    date = r.time(meta, "date", "article")
    if date is None and "date" not in meta:
        r.problem(meta.line, "article", "missing field 'date'")
    date_inferred = r.flag(meta, "date_inferred", "article")
    statements: list[Statement] = []
    raw = data.get("statements")
    if not isinstance(raw, list):
        r.problem(getattr(data, "lines", {}).get("statements", data.line), None, "'statements:' must be a list")
        raw = []
    seen: dict[str, int] = {}
    for item in raw:
        if not isinstance(item, _Map):
            r.problem(getattr(item, "line", None) or data.lines.get("statements", data.line), None,
                      "each statement must be a mapping")
            continue
        _keep_statement(r, item, seen, statements)
    url = r.text(meta, "url", "article")
    if url and check_iri(url):
        r.problem(r.line_of(meta, "url"), "article", f"url: {show_value(url)} {check_iri(url)}")
        url = None
    article = Article(
        slug=yaml_path.stem, yaml_file=shown, text_file=text_shown, text=text, sha256=digest, title=title or "",
        date=date, date_inferred=date_inferred, date_note=r.text(meta, "date_note", "article"),
        url=url, publisher=r.text(meta, "publisher", "article"),
        statements=statements,
    )
    draft = data.get("draft")
    if draft is not None:
        _read_draft(r, draft, article, seen, r.line_of(data, "draft"))
    if r.problems:
        raise CurationError(r.problems)
    return article


# A drafted statement is a statement of the curation format with the draft's own keys beside it.
DRAFT_STATEMENT_KEYS = ("confidence", "why", "start", "end", "sentence", "confirmed", "rejected")
DRAFT_FIELDS = {
    "statements": STATEMENT_FIELDS + DRAFT_STATEMENT_KEYS,
    "mentions": ("entity", "text", "start", "end", "also", "sentence", "confirmed", "rejected"),
    "new_entities": ("name", "id", "type", "aliases", "description", "text", "start", "end", "also", "sentence",
                     "confirmed", "registered", "rejected"),
    "near_duplicates": ("name", "type", "text", "possible_duplicate_of", "start", "end", "sentence", "rejected"),
    "quotations": ("words", "speaker", "speaker_name", "role", "object", "relation", "about", "resolved_from", "start",
                   "end", "sentence", "confirmed", "rejected"),
    "quantities": ("text", "value", "unit", "approx", "field", "trend", "subject", "measure", "time", "start", "end",
                   "sentence", "confirmed", "rejected"),
    "dates": ("text", "value", "normalized", "precision", "qualifier", "year_inferred", "resolved_from", "start", "end",
              "sentence", "rejected"),
}


def _read_draft(r: _Reader, draft: Any, article: Article, seen: dict[str, int], line: int) -> None:
    """Turn the confirmed items of a draft into statements and entities; count the rest.

    A confirmed mention becomes a Mention statement, a confirmed quotation a Quotation, a
    confirmed quantity (with the subject and measure the reviewer adds) a Measurement, and a
    confirmed new entity joins the registry. The sentence is each one's evidence.
    """
    if not isinstance(draft, _Map):
        r.problem(line, "draft", "'draft:' must be a mapping of proposal lists")
        return
    r.unknown_keys(draft, tuple(DRAFT_FIELDS), "draft")
    for section, fields in DRAFT_FIELDS.items():
        items = draft.get(section) or []
        if not isinstance(items, list):
            r.problem(r.line_of(draft, section), f"draft {section}", "must be a list")
            continue
        for n, item in enumerate(items, start=1):
            entry = f"draft {section} #{n}"
            if not isinstance(item, _Map):
                r.problem(r.line_of(draft, section), entry, "must be a mapping")
                continue
            r.unknown_keys(item, fields, entry)
            if _rejected(r, section, item, entry, article) or "confirmed" not in fields:
                continue
            if section == "new_entities" and r.flag(item, "registered", entry):
                eid = r.slug(item, "id", entry)  # in the registry now, which the build checks
                if eid is not None:
                    article.registered.append((eid, item.line))
                continue
            if not r.flag(item, "confirmed", entry):
                article.unconfirmed[section] = article.unconfirmed.get(section, 0) + 1
                continue
            article.confirmed += 1
            _read_confirmed(r, section, item, entry, n, article, seen)


def _rejected(r: _Reader, section: str, item: _Map, entry: str, article: Article) -> bool:
    """Whether the reviewer rejected the item (``rejected: true``): the build then leaves it out and
    does not report it; a rejected name is kept in ``article.rejected_names``, for the registry."""
    if not r.flag(item, "rejected", entry):
        return False
    if item.get("confirmed") is True:
        r.problem(r.line_of(item, "rejected"), entry, "is both confirmed and rejected; keep one")
    if section in ("new_entities", "near_duplicates"):
        name = r.text(item, "name", entry)
        if name is not None:
            article.rejected_names.append((name, item.line))
    return True


def _read_confirmed(r: _Reader, section: str, item: _Map, entry: str, n: int, article: Article,
                    seen: dict[str, int]) -> None:
    """One confirmed item of a draft's ``section`` (the ``n``th): a new entity of the article, or a
    statement with the item's sentence as its evidence."""
    sentence = r.text(item, "sentence", entry, required=True)
    start = item.get("start")
    if not isinstance(start, int):
        start = n
    if section == "new_entities":
        _draft_entity(r, item, entry, article)
        return
    if section == "statements":
        _draft_statement(r, item, article, seen)
        return
    st = _DRAFT_STATEMENTS[section](r, item, entry, start)
    if not sentence:
        return
    st.evidence = (sentence,)
    if st.id in seen:
        r.problem(item.line, entry, f"makes statement {st.id!r} again")
        return
    seen[st.id] = item.line
    article.statements.append(st)


def _draft_statement(r: _Reader, item: _Map, article: Article, seen: dict[str, int]) -> None:
    """A confirmed drafted statement: read as the statement it is (its evidence its own, as
    drafted or as the reviewer fixed it), the draft's keys aside."""
    statement = _Map({k: v for k, v in item.items() if k not in DRAFT_STATEMENT_KEYS})
    statement.line, statement.lines = item.line, dict(item.lines)
    statement.written = dict(getattr(item, "written", {}))
    _keep_statement(r, statement, seen, article.statements)


def _keep_statement(r: _Reader, item: _Map, seen: dict[str, int], statements: list[Statement]) -> None:
    """Read a statement and keep it, unless it is malformed or its id was taken (``seen``: id -> line)."""
    st = _read_statement(r, item)
    if st is None:
        return
    if st.id in seen:
        r.problem(st.line, f"statement {st.id!r}", f"duplicate id (first on line {seen[st.id]})")
        return
    seen[st.id] = st.line
    statements.append(st)


def _draft_mention(r: _Reader, item: _Map, entry: str, start: int) -> Statement:
    subject = r.slug(item, "entity", entry)
    if subject is None:
        r.problem(item.line, entry, "a confirmed mention needs its 'entity' (an entity id)")
    return Statement(id=f"draft-mention-{start}", line=item.line, kind="Mention", subject=subject,
                     lines=dict(item.lines))


# What a confirmed quotation that names its ``object`` (what it comments on) becomes, unless it
# says another relation of a speaker (claimsAbout: an assertion, not words quoted).
QUOTATION_RELATIONS = ("commentsOn", "claimsAbout")


def _draft_quotation(r: _Reader, item: _Map, entry: str, start: int) -> Statement:
    """A confirmed quotation: a Quotation of its speaker with its role; with an ``object``, a
    commentsOn statement (or the ``relation`` claimsAbout); ``about``: statements it is about."""
    speaker = r.slug(item, "speaker", entry)
    if speaker is None:
        r.problem(item.line, entry, "a confirmed quotation needs its 'speaker' (an entity id)")
    objects = r.slugs(item, "object", entry)
    relation = r.text(item, "relation", entry)
    if relation is not None and relation not in QUOTATION_RELATIONS:
        r.problem(r.line_of(item, "relation"), entry, f"'relation' must be one of {', '.join(QUOTATION_RELATIONS)}")
        relation = None
    if relation is not None and not objects:
        r.problem(r.line_of(item, "relation"), entry, f"relation {relation} needs an 'object' (an entity id)")
    if objects and relation is None:
        relation = QUOTATION_RELATIONS[0]
    return Statement(id=f"draft-quote-{start}", line=item.line, kind=None if relation else "Quotation",
                     relation=relation, speaker=speaker, objects=objects, about=r.slugs(item, "about", entry),
                     role=r.text(item, "role", entry), words=r.texts(item, "words", entry), lines=dict(item.lines))


def _draft_measurement(r: _Reader, item: _Map, entry: str, start: int) -> Statement:
    subject, measure = r.slug(item, "subject", entry), r.text(item, "measure", entry)
    if subject is None or measure is None:
        r.problem(item.line, entry, "a confirmed quantity needs a 'subject' (entity id) and a 'measure' "
                                    "(what it counts)")
    fills = r.text(item, "field", entry) or "quantity"
    trend = r.text(item, "trend", entry)
    if fills not in ("quantity", "share", "change"):
        r.problem(item.line, entry, "'field' must be one of quantity, share, change")
    if trend is not None and trend not in TRENDS:
        r.problem(item.line, entry, f"'trend' must be one of {', '.join(TRENDS)}")
    number = _draft_quantity(r, item, entry)
    return Statement(id=f"draft-quantity-{start}", line=item.line, kind="Measurement", subject=subject,
                     measure=measure, quantity=number if fills == "quantity" else None,
                     share=number if fills == "share" else None, change=number if fills == "change" else None,
                     trend=trend, time=r.time(item, "time", entry), lines=dict(item.lines))


_DRAFT_STATEMENTS = {"mentions": _draft_mention, "quotations": _draft_quotation, "quantities": _draft_measurement}


def _draft_entity(r: _Reader, item: _Map, entry: str, article: Article) -> None:
    eid = r.slug(item, "id", entry)
    etype = r.text(item, "type", entry)
    name = r.text(item, "name", entry, required=True)
    if etype is None:
        r.problem(item.line, entry, "a confirmed new entity needs its 'type'")
    if eid and etype and name:
        article.draft_entities.append(Entity(eid, etype, name, r.texts(item, "aliases", entry),
                                             r.text(item, "description", entry), (), item.line, r.shown))


def _draft_quantity(r: _Reader, item: _Map, entry: str) -> Quantity | None:
    quantity = _Map({k: item[k] for k in ("value", "unit", "approx") if k in item})
    quantity.line, quantity.lines = item.line, {}
    quantity.written = {k: v for k, v in getattr(item, "written", {}).items() if k in quantity}
    holder = _Map({"quantity": quantity})
    holder.line, holder.lines = item.line, {"quantity": item.lines.get("value", item.line)}
    return r.quantity(holder, "quantity", entry)


def _read_statement(r: _Reader, item: _Map) -> Statement | None:
    sid = r.text(item, "id", None, required=True)
    if sid is None:
        return None
    entry = f"statement {show_value(sid)}"
    if not is_id(sid, MAX_ID_LENGTH):
        r.problem(r.line_of(item, "id"), entry, "id must be lower-case words joined by '-', at most 100 characters")
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
