"""`kgborder review`: one article's draft in the browser, where confirming, fixing, rejecting or
adding a statement takes a click or a key.

Why each part is what it is:

- The curation files are edited through ruamel.yaml's round-trip mode, which keeps the comments,
  order, quoting and layout a curator gave them (PyYAML, which reads the curation, drops them when
  it writes). Only the fields an action changes are touched; everything else is written back as
  it was read. Both files are replaced atomically (``fileio.write_atomic``), and only if neither
  changed on disk since it was read: a file edited meanwhile is never overwritten, the page offers
  to reload it instead.
- Every change is checked by the build's own code (``compile.read_sources``' article and registry
  readers, ``compile_sources``, ``validate_graph`` with the SHACL shapes) on the files as they
  would be saved, and each problem is shown beside the item it belongs to: the problem's line in
  the would-be file is the line of one item. The checks take about a second on the Nogales
  article, so they run in a process of their own, after the action has been answered.
- The server is Starlette on uvicorn (as `kgborder serve`'s front), on 127.0.0.1 only. Every
  request must carry the run's random token (in the page's address, then in a header), and a
  ``Host`` and any ``Origin`` of this very server, so neither another local user nor a web page
  open in the same browser (nor one reached through DNS rebinding) can read or change the
  curation. The article is chosen among the files the project's ``graph/articles/`` lists, never
  built from a path; the page puts every text in the document as text, never as markup.
"""
from __future__ import annotations

import atexit
import copy
import errno
import functools
import hashlib
import io
import json
import pickle
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from .curation import (DRAFT_FIELDS, MAX_ARTICLE_BYTES, MAX_YAML_BYTES, STATEMENT_FIELDS, article_text,
                       parse_entities, parse_yaml, read_article)
from .draft import YAML_WIDTH as ADD_WIDTH
from .errors import CurationError, KgborderError, Problem, ValidationError
from .fileio import read_bytes, write_atomic
from .names import MAX_ID_LENGTH, is_id
from .project import Project

ASSETS = files("kgborder") / "review_assets"

# The sections of an article's curation that hold items: the curator's own statements, then the
# draft's proposals.
SECTIONS = ("statements",) + tuple(f"draft.{name}" for name in DRAFT_FIELDS)
FIELDS = {"statements": STATEMENT_FIELDS, **{f"draft.{name}": keys for name, keys in DRAFT_FIELDS.items()}}
# A request body: an action names one item and a few fields; the longest is a statement's
# evidence, a sentence or two. 1 MiB is far above any and keeps a hostile body from filling memory.
MAX_BODY = 2**20
_MISSING = object()
# One check or build at a time: a check runs the build's code on what a build may be replacing,
# and rdflib's SPARQL parser (pyparsing), under the SHACL validation, fails when two threads of
# one process parse at once.
_ONE_AT_A_TIME = threading.Lock()


class ReviewError(KgborderError):
    """The article to review cannot be found or read, or an action is malformed."""


class Conflict(KgborderError):
    """A file changed on disk since the page read it."""


# --- the articles a project holds ----------------------------------------------------------

def articles(project: Project) -> dict[str, Path]:
    """slug -> YAML path of every article of ``project``: a ``<slug>.yaml`` beside its
    ``<slug>.txt``, both regular files directly under ``graph/articles/`` (a symbolic link that
    points elsewhere is not one)."""
    out: dict[str, Path] = {}
    folder = project.articles_dir
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        text = path.with_suffix(".txt")
        if (is_id(path.stem, MAX_ID_LENGTH) and _plain_file(path, folder) and _plain_file(text, folder)):
            out[path.stem] = path
    return out


def _plain_file(path: Path, folder: Path) -> bool:
    return not path.is_symlink() and path.is_file() and path.resolve().parent == folder.resolve()


def unconfirmed(path: Path) -> int:
    """How many of a curation file's draft items are neither confirmed nor rejected."""
    try:
        data = parse_yaml(read_bytes(path, MAX_YAML_BYTES, "a curation file").decode("utf-8"), str(path))
    except (CurationError, OSError, UnicodeDecodeError):
        return 0
    draft = data.get("draft") if isinstance(data, dict) else None
    if not isinstance(draft, dict):
        return 0
    return sum(1 for name, items in draft.items() if name != "dates" and isinstance(items, list)
               for item in items if isinstance(item, dict) and not item.get("confirmed") and not item.get("rejected")
               and not item.get("registered"))


def default_article(project: Project) -> str | None:
    """The most recently added article that still has unconfirmed items, if any."""
    waiting = [(p.stat().st_mtime, slug) for slug, p in articles(project).items() if unconfirmed(p)]
    return max(waiting)[1] if waiting else None


# --- round-trip YAML ---------------------------------------------------------------------------

# A list under a key, and where its dashes stand: `kgborder add` writes them under the key's
# first letter (PyYAML's way), the curated files two spaces in. ruamel.yaml writes one way per
# file, so each file is written back the way it was found.
_FIRST_LIST = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", re.M)


def dash_offset(text: str) -> int:
    """Where a YAML text puts its lists' dashes under their key: 0 (under its first letter) or 2."""
    m = _FIRST_LIST.search(text)
    offset = len(m.group(2)) - len(m.group(1)) if m else 2
    return offset if offset in (0, 2) else 2


def _yaml(offset: int = 2):
    from ruamel.yaml import YAML

    y = YAML()  # round trip: comments, order and quoting kept
    y.preserve_quotes = True
    # Each value on one line, as `kgborder add` writes them (a value a curator folded over lines
    # by hand is written back on one).
    y.width = ADD_WIDTH
    # null as `null`, as `kgborder add` (PyYAML) writes it, not as nothing
    y.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    y.indent(mapping=2, sequence=2 + offset, offset=offset)
    return y


def _dump(y, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plain(value: Any) -> Any:
    """A ruamel value as JSON: mappings, lists, strings, numbers, booleans and null; a date as
    its ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _value(value: Any, where: str, depth: int = 0) -> Any:
    """A value from the page, checked: what the curation format holds (text, numbers, booleans,
    lists and small mappings of them), nothing deeper than a quantity's or a time's mapping."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth < 2 and isinstance(value, list):
        return [_value(v, where, depth + 1) for v in value]
    if depth < 2 and isinstance(value, dict):
        return {str(k): _value(v, where, depth + 1) for k, v in value.items()}
    raise ReviewError(f"{where}: a value must be text, a number, a flag, a list or a mapping of them")


# --- one article under review ------------------------------------------------------------------

@dataclass
class Change:
    """One action's edits, to undo: (container, key, value before or _MISSING); a key of None
    on a list means an item was appended."""

    edits: list[tuple[Any, Any, Any]] = field(default_factory=list)

    def set(self, container: Any, key: Any, value: Any) -> None:
        self.edits.append((container, key, copy.deepcopy(container[key]) if key in container else _MISSING))
        if value is None:
            container.pop(key, None)
        else:
            container[key] = value

    def append(self, items: list, item: Any) -> None:
        items.append(item)
        self.edits.append((items, None, None))

    def remove(self, items: list, index: int) -> None:
        self.edits.append((items, ("removed", index), items.pop(index)))

    def undo(self) -> None:
        for container, key, before in reversed(self.edits):
            if isinstance(key, tuple):
                container.insert(key[1], before)
            elif key is None:
                container.pop()
            elif before is _MISSING:
                container.pop(key, None)
            else:
                container[key] = before


class Review:
    """An article's curation and the registry as the page has changed them, not yet saved."""

    def __init__(self, project: Project, slug: str, vocab=None):
        found = articles(project)
        if slug not in found:
            raise ReviewError(f"no article {slug!r} under {project.relative(project.articles_dir)}/")
        self.project, self.slug = project, slug
        self.yaml_path = found[slug]
        self.text_path = self.yaml_path.with_suffix(".txt")
        self.shown = project.relative(self.yaml_path)
        self.registry_shown = project.relative(project.entities_file)
        self.lock = threading.RLock()
        self._vocab = vocab
        self.load()

    # reading and writing

    def load(self) -> None:
        """(Re)read both files from disk; forget the unsaved changes."""
        data, registry = self._read_yamls()
        text = _read(self.text_path, MAX_ARTICLE_BYTES, "an article's text", self.project.relative(self.text_path))
        self.text = article_text(text, self.project.relative(self.text_path))
        parse_yaml(data.decode("utf-8"), self.shown)  # the build's reader first: its message for bad YAML
        parse_yaml(registry.decode("utf-8"), self.registry_shown)
        self.offsets = (dash_offset(data.decode("utf-8")), dash_offset(registry.decode("utf-8")))
        self.yamls = (_yaml(self.offsets[0]), _yaml(self.offsets[1]))
        self.doc = self.yamls[0].load(data.decode("utf-8"))
        self.registry = self.yamls[1].load(registry.decode("utf-8"))
        self.versions = (_digest(data), _digest(registry))
        self.history: list[Change] = []
        self.dirty = False

    def _read_yamls(self) -> tuple[bytes, bytes]:
        """The article's curation file and the registry, as they are on disk now."""
        return (_read(self.yaml_path, MAX_YAML_BYTES, "a curation file", self.shown),
                _read(self.project.entities_file, MAX_YAML_BYTES, "the registry", self.registry_shown))

    @property
    def version(self) -> str:
        return self.versions[0][:16] + self.versions[1][:16]

    def texts(self) -> tuple[str, str]:
        return _dump(self.yamls[0], self.doc), _dump(self.yamls[1], self.registry)

    def save(self, version: str | None = None) -> None:
        """Write both files, atomically, unless either changed on disk since it was read (or
        ``version``, the page's, is not the one read last)."""
        with self.lock:
            on_disk = tuple(_digest(data) for data in self._read_yamls())
            if on_disk != self.versions or (version is not None and version != self.version):
                changed = [shown for shown, a, b in zip((self.shown, self.registry_shown), on_disk, self.versions,
                                                                 strict=True)
                           if a != b]
                raise Conflict(f"{' and '.join(changed) or 'the page'} changed since the page was loaded; "
                               "reload to see the file as it is now")
            article, registry = self.texts()
            parse_yaml(article, self.shown)
            parse_yaml(registry, self.registry_shown)
            if _digest(article.encode("utf-8")) != self.versions[0]:
                write_atomic(self.yaml_path, article.encode("utf-8"), follow=False)
            if _digest(registry.encode("utf-8")) != self.versions[1]:
                write_atomic(self.project.entities_file, registry.encode("utf-8"), follow=False)
            self.versions = (_digest(article.encode("utf-8")), _digest(registry.encode("utf-8")))
            self.dirty = False

    # what the page shows

    def payload(self) -> dict[str, Any]:
        with self.lock:
            meta = self.doc.get("article") or {}
            draft = self.doc.get("draft") or {}
            sections = {"statements": plain(self.doc.get("statements") or [])}
            for name in DRAFT_FIELDS:
                sections[f"draft.{name}"] = plain(draft.get(name) or [])
            return {
                "slug": self.slug, "file": self.shown, "registry_file": self.registry_shown,
                "title": str(meta.get("title", self.slug)), "date": plain(meta.get("date")),
                "text": self.text, "sections": sections, "version": self.version, "dirty": self.dirty,
                "undo": len(self.history), "entities": self.entities(), "relations": self._relations,
                "types": sorted(self.vocab.entity_types), "kinds": self.kinds(),
            }

    @property
    def vocab(self):
        if self._vocab is None:
            from .ontology import load_vocabulary

            self._vocab = load_vocabulary(self.project.ontology_dir, self.project.relative(self.project.ontology_dir))
        return self._vocab

    @functools.cached_property
    def _relations(self) -> list[dict[str, Any]]:
        return self.relations()

    def relations(self) -> list[dict[str, Any]]:
        """The ontology's relations, with the types they link and the words of their cues."""
        from .extract import verb_forms
        from .namespaces import KGB

        v = self.vocab
        return [{"name": r.name, "domain": sorted(v.local(c) for c in r.domain),
                 "range": sorted(v.local(c) for c in r.range), "speech": self._speaks(r.statement_class),
                 # a quotation's words stand in quotation marks: the page guesses it only there
                 "quoted": KGB.Quotation in v.superclasses(r.statement_class),
                 # the relation of a claim as such: what a sentence of the writer's own says
                 "claim": r.statement_class == KGB.Claim,
                 "cues": sorted({f.lower() for cue in r.cues for f in verb_forms(cue)}, key=lambda f: (-len(f), f))}
                for r in sorted(v.relations.values(), key=lambda r: r.name)]

    def _speaks(self, kind: Any) -> bool:
        from .compile import speaks

        return speaks(self.vocab, kind)

    def kinds(self) -> list[str]:
        """The statement kinds a statement may name without a relation (a Measurement, ...):
        those no relation makes."""
        made = {r.statement_class for r in self.vocab.relations.values()}
        return sorted(name for name, iri in self.vocab.statement_kinds.items()
                      if iri not in made and name not in ("Statement", "Mention"))

    def entities(self) -> list[dict[str, Any]]:
        """The registry's entities and the draft's new ones (confirmed or not), for the pickers."""
        out: list[dict[str, Any]] = []
        for e in self.registry.get("entities") or []:
            if isinstance(e, dict) and e.get("id"):
                out.append({"id": str(e["id"]), "name": str(e.get("name", e["id"])), "type": str(e.get("type", "")),
                            "aliases": [str(a) for a in e.get("aliases") or []]})
        draft = self.doc.get("draft") or {}
        for e in draft.get("new_entities") or []:
            if isinstance(e, dict) and e.get("id") and not e.get("rejected") and not e.get("registered"):
                out.append({"id": str(e["id"]), "name": str(e.get("name", e["id"])), "type": str(e.get("type") or ""),
                            "aliases": [], "new": True})
        v = self.vocab
        for e in out:  # the classes each is in, for the page's guess of which relation fits
            cls = v.entity_types.get(e["type"])
            e["classes"] = sorted(v.local(c) for c in v.superclasses(cls)) if cls is not None else []
        return out

    # actions

    def act(self, action: Any) -> dict[str, Any]:
        """Apply one action from the page (see ``ACTIONS``) and return what changed."""
        if not isinstance(action, dict) or action.get("op") not in ACTIONS:
            raise ReviewError(f"unknown action; expected one of {', '.join(sorted(ACTIONS))}")
        with self.lock:
            if action["op"] == "undo":
                if not self.history:
                    raise ReviewError("nothing to undo")
                self.history.pop().undo()
                self.dirty = bool(self.history)
                return {"undone": True}
            change = Change()
            try:
                result = ACTIONS[action["op"]](self, action, change)
            except BaseException:
                change.undo()
                raise
            if change.edits:
                self.history.append(change)
                self.dirty = True
            return result

    def _items(self, section: Any, create: bool = False) -> list:
        if section not in FIELDS:
            raise ReviewError(f"unknown section {section!r}")
        if section == "statements":
            container, key = self.doc, "statements"
        else:
            container, key = self.doc.get("draft"), section.split(".", 1)[1]
            if container is None:
                raise ReviewError("the article has no draft")
        items = container.get(key)
        if items is None and create:
            from ruamel.yaml.comments import CommentedSeq

            container[key] = items = CommentedSeq()
        if not isinstance(items, list):
            raise ReviewError(f"{section} is not a list")
        return items

    def _item(self, action: dict) -> tuple[str, dict]:
        section, index = action.get("section"), action.get("index")
        items = self._items(section)
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(items):
            raise ReviewError(f"{section} has no item {index!r}")
        item = items[index]
        if not isinstance(item, dict):
            raise ReviewError(f"{section} #{index + 1} is not a mapping")
        return str(section), item

    def set_fields(self, action: dict, change: Change) -> dict[str, Any]:
        """``{"op": "set", "section", "index", "fields": {key: value or null}}``: accept
        (``confirmed: true``), reject (``rejected: true``) and every edit. Confirming clears a
        rejection and the other way round."""
        section, item = self._item(action)
        fields = action.get("fields")
        if not isinstance(fields, dict) or not fields:
            raise ReviewError("set: 'fields' must be a mapping of keys to values")
        for key, value in fields.items():
            if key not in FIELDS[section]:
                raise ReviewError(f"{section}: unknown field {key!r}")
            value = _value(value, f"{section} {key}")
            change.set(item, key, value)
            if key == "confirmed" and value is True and "rejected" in item:
                change.set(item, "rejected", None)
            if key == "rejected" and value is True and item.get("confirmed"):
                change.set(item, "confirmed", False)
        return {"section": section, "index": action["index"], "item": plain(item)}

    def add_statement(self, action: dict, change: Change) -> dict[str, Any]:
        """``{"op": "add", "fields": {...}}``: a new statement of the curator's own, under
        ``statements:`` (its evidence the words selected in the text)."""
        from ruamel.yaml.comments import CommentedMap

        fields = action.get("fields")
        if not isinstance(fields, dict):
            raise ReviewError("add: 'fields' must be a mapping")
        item = CommentedMap()
        for key in STATEMENT_FIELDS:
            if fields.get(key) not in (None, "", []):
                item[key] = _value(fields[key], f"statements {key}")
        unknown = set(fields) - set(STATEMENT_FIELDS)
        if unknown:
            raise ReviewError(f"statements: unknown field {sorted(unknown)[0]!r}")
        relation = self.vocab.relations.get(str(item.get("relation")))
        if (relation is not None and "words" not in item and isinstance(item.get("evidence"), str)
                and self._speaks(relation.statement_class)):
            item["words"] = item["evidence"].strip(" \"'\u201c\u201d\u2018\u2019")  # someone's words: the selection
        if "id" not in item:
            taken = {str(s.get("id")) for s in self._items("statements", create=True) if isinstance(s, dict)}
            base = "-".join(str(item.get(k, "")) for k in ("subject", "relation", "object")
                            if isinstance(item.get(k), str)) or "statement"
            base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:80] or "statement"
            sid, n = base, 2
            while sid in taken:
                sid, n = f"{base}-{n}", n + 1
            item.insert(0, "id", sid)
        items = self._items("statements", create=True)
        change.append(items, item)
        return {"section": "statements", "index": len(items) - 1, "item": plain(item)}

    def remove_statement(self, action: dict, change: Change) -> dict[str, Any]:
        """``{"op": "remove", "index"}``: one of the curator's own statements (under
        ``statements:``) taken out. A draft's proposal is rejected, never removed."""
        section, item = self._item({"section": "statements", "index": action.get("index")})
        change.remove(self._items(section), action["index"])
        return {"removed": plain(item)}

    def new_entity(self, action: dict, change: Change) -> dict[str, Any]:
        """``{"op": "entity", "fields": {"id", "type", "name", ...}}``: a new entity written to the
        registry (checked with the registry when checked or saved)."""
        from ruamel.yaml.comments import CommentedMap

        fields = action.get("fields")
        if not isinstance(fields, dict):
            raise ReviewError("entity: 'fields' must be a mapping")
        item = CommentedMap()
        for key in ("id", "type", "name", "aliases", "description"):
            if fields.get(key) not in (None, "", []):
                item[key] = _value(fields[key], f"entity {key}")
        entities = self.registry.get("entities")
        if not isinstance(entities, list):
            raise ReviewError(f"{self.registry_shown} has no list under 'entities:'")
        change.append(entities, item)
        return {"entity": plain(item)}

    def merge(self, action: dict, change: Change) -> dict[str, Any]:
        """``{"op": "merge", "index": new entity's index, "into": a registered id}``: the draft's
        new entity is a known one under another name. Its name becomes an alias of the known
        entity, the draft's items that name its id name the known one, and it is set aside
        (``rejected: true``, so that the build neither registers nor reports it)."""
        section, item = self._item({"section": "draft.new_entities", "index": action.get("index")})
        into = action.get("into")
        known = next((e for e in self.registry.get("entities") or []
                      if isinstance(e, dict) and e.get("id") == into), None)
        if known is None:
            raise ReviewError(f"merge: {into!r} is not in {self.registry_shown}")
        old, name = item.get("id"), item.get("name")
        if isinstance(name, str) and name and name != known.get("name"):
            aliases = list(known.get("aliases") or [])
            if name not in aliases:
                from ruamel.yaml.comments import CommentedSeq

                seq = CommentedSeq(aliases + [name])
                seq.fa.set_flow_style()
                change.set(known, "aliases", seq)
        draft = self.doc.get("draft") or {}
        for name_ in ("statements", "quotations", "quantities", "mentions"):
            for other in draft.get(name_) or []:
                if not isinstance(other, dict):
                    continue
                for key in ("subject", "speaker", "object", "place", "theme", "method", "according_to", "entity"):
                    value = other.get(key)
                    if value == old:
                        change.set(other, key, into)
                    elif isinstance(value, list) and old in value:
                        change.set(other, key, [into if v == old else v for v in value])
        change.set(item, "rejected", True)
        change.set(item, "confirmed", None)
        return {"merged": old, "into": into}

    # checks

    def check(self) -> dict[str, Any]:
        """The build's checks on the files as they would be saved (see ``Checks``), run in a
        process of their own: they take about a second of CPU on the Nogales article, which in a
        thread of the server would hold back every action answered meanwhile."""
        with self.lock:  # a copy of the two documents as they stand (pickled: 33 ms where writing
            # them out as YAML took 500 on the Nogales draft), written out in the checking process
            state = pickle.dumps((self.doc, self.registry, self.offsets))
        with _ONE_AT_A_TIME:
            return _checker().submit(check_files, str(self.project.root), self.slug, state).result()


class Checks:
    """The build's checks (``compile.read_sources``' readers, ``compile_sources``,
    ``validate_graph`` with the SHACL shapes) of one article's curation and the registry as
    texts, with each problem placed beside the item whose lines hold it."""

    def __init__(self, project: Project, slug: str, vocab: Any):
        self.project, self.slug, self.vocab = project, slug, vocab
        self.yaml_path = project.articles_dir / f"{slug}.yaml"
        self.text_path = self.yaml_path.with_suffix(".txt")
        self.shown = project.relative(self.yaml_path)
        self.registry_shown = project.relative(project.entities_file)

    def run(self, article_text_: str, registry_text: str) -> dict[str, Any]:
        """{"items": {"section#index": [message, ...]}, "other": [one-line problem, ...], "ok"}."""
        from .compile import Sources, compile_sources, join_draft_entities, read_sources
        from .validate import validate_graph

        problems: list[Problem] = []
        try:
            entities = parse_entities(parse_yaml(registry_text, self.registry_shown), self.registry_shown)
        except CurationError as exc:
            problems.extend(exc.problems)
            entities = []
        try:
            article = read_article(self.yaml_path, self.shown, self.text_path, self.project.relative(self.text_path),
                                   yaml_text=article_text_)
        except CurationError as exc:
            problems.extend(exc.problems)
            article = None
        if not problems and article is not None:
            try:
                others = read_sources(self.project, self.vocab)
            except CurationError as exc:
                problems.extend(p for p in exc.problems if p.file not in (self.shown, self.registry_shown))
            else:
                arts = [a for a in others.articles if a.slug != self.slug] + [article]
                problems.extend(join_draft_entities(entities, arts, self.registry_shown))
                if not problems:
                    try:
                        validate_graph(compile_sources(Sources(self.vocab, entities, arts)), self.vocab,
                                       shown="review")
                    except (CurationError, ValidationError) as exc:
                        problems.extend(exc.problems)
        return self.placed(problems, article_text_)

    def placed(self, problems: list[Problem], article_text_: str) -> dict[str, Any]:
        """Each problem beside the item whose lines hold it (``article_text_``: the file as it
        would be saved); the rest as one-line messages."""
        starts: list[tuple[int, str]] = []
        try:
            data = parse_yaml(article_text_, self.shown)
        except CurationError:
            data = None
        if isinstance(data, dict):
            for section in SECTIONS:
                holder = data if section == "statements" else (data.get("draft") or {})
                items = holder.get(section.split(".")[-1]) if isinstance(holder, dict) else None
                for n, item in enumerate(items if isinstance(items, list) else []):
                    if hasattr(item, "line"):
                        starts.append((item.line, f"{section}#{n}"))
        starts.sort()
        placed: dict[str, list[str]] = {}
        other: list[str] = []
        for p in problems:
            key = None
            if p.file == self.shown and p.line is not None:
                key = next((k for line, k in reversed(starts) if line <= p.line), None)
            if key is None:
                other.append(str(p))
            else:
                placed.setdefault(key, []).append(f"{p.entry}: {p.message}" if p.entry else p.message)
        return {"items": placed, "other": other, "ok": not problems}




# The process the checks run in, made on the first check and kept: it loads the ontology once.
_CHECKER: Any = None
_VOCABULARIES: dict[str, Any] = {}  # in that process: project root -> its vocabulary


def _checker():
    global _CHECKER
    if _CHECKER is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn: a fresh interpreter, not a fork of a server with threads running
        _CHECKER = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        # stopped before the interpreter takes its modules down (else the executor's own clean-up
        # runs too late and prints an error on the way out)
        atexit.register(_CHECKER.shutdown, wait=True, cancel_futures=True)
    return _CHECKER


def check_files(root: str, slug: str, state: bytes) -> dict[str, Any]:
    """``Checks``, in the checking process, of the article's curation and the registry (``state``:
    the two round-trip documents and their dash offsets, pickled) written out as YAML."""
    from .ontology import load_vocabulary

    doc, registry, offsets = pickle.loads(state)  # made by this program, passed on the executor's own pipe
    article_text_, registry_text = _dump(_yaml(offsets[0]), doc), _dump(_yaml(offsets[1]), registry)
    project = Project(Path(root))
    if root not in _VOCABULARIES:
        _VOCABULARIES[root] = load_vocabulary(project.ontology_dir, project.relative(project.ontology_dir))
    return Checks(project, slug, _VOCABULARIES[root]).run(article_text_, registry_text)


ACTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "set": Review.set_fields, "add": Review.add_statement, "remove": Review.remove_statement,
    "entity": Review.new_entity, "merge": Review.merge,
    "undo": lambda self, action, change: {},
}


# --- the web app -------------------------------------------------------------------------------

@dataclass
class Server:
    """What the app needs: the project, the run's token, the address it answers at."""

    project: Project
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    reviews: dict[str, Review] = field(default_factory=dict)
    vocab: Any = None

    def review(self, slug: str) -> Review:
        if slug not in self.reviews:
            self.reviews[slug] = Review(self.project, slug, self.vocab)
            self.vocab = self.reviews[slug].vocab
        return self.reviews[slug]

    @property
    def origins(self) -> tuple[str, ...]:
        return (f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}")

    def address(self, slug: str | None = None) -> str:
        path = f"/article/{slug}" if slug else "/"
        return f"http://127.0.0.1:{self.port}{path}?token={self.token}"


def _read(path: Path, limit: int, what: str, shown: str) -> bytes:
    """A file the review reads: a regular file itself, never what a symbolic link put in its place
    since the articles were listed points to (read_bytes opens it without following one and asks
    the opened file); an error is one line naming it."""
    try:
        return read_bytes(path, limit, what, shown, regular=True)
    except OSError as exc:
        why = "a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
        raise ReviewError(f"{shown}: cannot be read: {why}") from None


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def page(server: Server, slug: str | None) -> str:
    """The page: the app's HTML, styles and script, with the token and the article's slug."""
    from string import Template

    from .view import script_json

    return Template(_asset("review.html")).substitute(
        style=_asset("review.css"), script=_asset("review.js"),
        config=script_json({"token": server.token, "slug": slug}),
    )


# Answers to the page's requests: never cached, never sniffed, never framed by another page, and
# the page may run its own inline script and talk to this server only.
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                      "img-src data:; connect-src 'self'; frame-src 'self' data: blob:; "
                                      "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}


def refusal(server: Server, headers: Any, token: str | None) -> str | None:
    """Why a request may not be answered: a Host or Origin not of this server (another site, DNS
    rebinding), or no token or a wrong one (another user of the machine). None: it may."""
    if headers.get("host") not in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        return "unknown host"
    origin = headers.get("origin")
    if origin is not None and origin not in server.origins:
        return "requests from other sites are refused"
    if not token or not secrets.compare_digest(token.encode(), server.token.encode()):
        return "missing or wrong token: open the address kgborder review printed"
    return None


def _guarded(server: Server, handler: Callable, header_token: bool) -> Callable:
    """``handler`` behind the checks of ``refusal``, its errors as JSON with a status: 403
    refused, 409 a file changed on disk, 400 anything else the input got wrong."""
    from starlette.responses import JSONResponse

    async def endpoint(request):
        token = request.headers.get("x-kgborder-token") if header_token else request.query_params.get("token")
        why = refusal(server, request.headers, token)
        if why is not None:
            return JSONResponse({"error": why}, status_code=403)
        try:
            return await handler(request)
        except Conflict as exc:
            return JSONResponse({"error": str(exc), "conflict": True}, status_code=409)
        except KgborderError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
    return endpoint


async def _body(request) -> Any:
    """A request's JSON, at most MAX_BODY bytes of it."""
    data = b""
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise ReviewError("request too large")
    try:
        return json.loads(data or b"{}")
    except (ValueError, RecursionError):
        raise ReviewError("the request is not JSON") from None


class _Handlers:
    """The app's routes, each a thin layer over ``Review``; the work runs on worker threads."""

    def __init__(self, server: Server):
        self.server = server

    def review(self, request) -> Review:
        slug = request.path_params["slug"]
        if slug not in articles(self.server.project):
            raise ReviewError(f"no article {slug!r}")
        return self.server.review(slug)

    async def index(self, request):
        from starlette.responses import HTMLResponse

        return HTMLResponse(page(self.server, None), headers=HEADERS)

    async def article_page(self, request):
        from starlette.responses import HTMLResponse

        slug = request.path_params["slug"]
        if slug not in articles(self.server.project):
            raise ReviewError(f"no article {slug!r}")
        return HTMLResponse(page(self.server, slug), headers=HEADERS)

    async def list_articles(self, request):
        from starlette.responses import JSONResponse

        found = articles(self.server.project)
        return JSONResponse({"articles": [{"slug": s, "unconfirmed": unconfirmed(p)} for s, p in found.items()],
                             "default": default_article(self.server.project)})

    async def article(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        r = await run_in_threadpool(self.review, request)
        if request.query_params.get("reload"):
            await run_in_threadpool(r.load)
        return JSONResponse(await run_in_threadpool(r.payload))

    async def act(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        r = await run_in_threadpool(self.review, request)
        result = await run_in_threadpool(r.act, await _body(request))
        return JSONResponse({"result": result, "article": await run_in_threadpool(r.payload)})

    async def check(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        r = await run_in_threadpool(self.review, request)
        return JSONResponse(await run_in_threadpool(r.check))

    async def save(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        r = await run_in_threadpool(self.review, request)
        given = await _body(request)
        await run_in_threadpool(r.save, given.get("version") if isinstance(given, dict) else None)
        return JSONResponse({"saved": True, "article": await run_in_threadpool(r.payload)})

    async def build(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        r = await run_in_threadpool(self.review, request)
        given = await _body(request)
        version = given.get("version") if isinstance(given, dict) else None
        return JSONResponse(await run_in_threadpool(run_build, r, version))


def app(server: Server):
    """The Starlette application of one ``Server``."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    h = _Handlers(server)
    pages = [("/", h.index), ("/article/{slug}", h.article_page)]
    reads = [("/api/articles", h.list_articles), ("/api/article/{slug}", h.article)]
    writes = [("/api/article/{slug}/act", h.act), ("/api/article/{slug}/check", h.check),
              ("/api/article/{slug}/save", h.save), ("/api/article/{slug}/build", h.build)]
    routes = ([Route(path, _guarded(server, f, header_token=False)) for path, f in pages]
              + [Route(path, _guarded(server, f, header_token=True)) for path, f in reads]
              + [Route(path, _guarded(server, f, header_token=True), methods=["POST"]) for path, f in writes])
    return Starlette(routes=routes)


def run_build(r: Review, version: str | None) -> dict[str, Any]:
    """Save, build, and draw the article's part of the network with `kgborder view`'s code."""
    from .build import build

    with _ONE_AT_A_TIME, r.lock:
        if r.dirty:
            r.save(version)
        try:
            result = build(r.project)
        except KgborderError as exc:
            return {"built": False, "problems": [str(p) for p in exc.problems], "article": r.payload()}
        r.load()  # the build may have marked new entities registered
        html = article_view(r.project, result.graph, r.slug)
        return {"built": True, "triples": result.triples, "statements": result.statements,
                "unconfirmed": unconfirmed(r.yaml_path), "view": html, "article": r.payload()}


def article_view(project: Project, graph, slug: str) -> str:
    """The page `kgborder view` would draw of the article's statements and the entities they link."""
    from rdflib import Graph

    from .view import view

    prefix = f"https://w3id.org/kgborder/statement/{slug}/"
    part = Graph()
    entities: set = set()
    for s, p, o in graph:
        if str(s).startswith(prefix):
            part.add((s, p, o))
            if str(o).startswith("https://w3id.org/kgborder/id/"):
                entities.add(o)
    for s, p, o in graph:
        if s in entities and (not str(o).startswith("https://w3id.org/kgborder/id/") or o in entities):
            part.add((s, p, o))
        elif str(s).startswith("https://w3id.org/kgborder/article/") and str(s).rstrip("/").endswith(slug):
            part.add((s, p, o))
    return view(part, project=project).html()


def serve(project: Project, slug: str | None, port: int, open_browser: bool, echo: Callable[[str], None]) -> None:
    """Run the app until Ctrl-C."""
    import socket

    import uvicorn

    if slug is not None and slug not in articles(project):
        raise ReviewError(f"no article {slug!r} under {project.relative(project.articles_dir)}/")
    if slug is None:
        slug = default_article(project)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise ReviewError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
    server = Server(project, sock.getsockname()[1])
    if slug is not None:
        try:  # read now: a file that cannot be reviewed is one line and exit 1, not a page of errors
            server.review(slug)
        except BaseException:
            sock.close()
            raise
    config = uvicorn.Config(app(server), log_level="warning", lifespan="off")
    address = server.address(slug)
    echo(f"review: {address}")
    echo("review: Ctrl-C stops the server; unsaved changes are lost")
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, (address,)).start()
    uvicorn.Server(config).run(sockets=[sock])
