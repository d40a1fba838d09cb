"""The build: read -> check -> compile -> validate -> write, all or nothing; then the registry
takes the drafts' confirmed new entities, once, so that the next ``kgborder add`` matches them.

The registry and the drafts are edited as text, never dumped again from what was parsed: an
entry is appended to the registry's list and a line ``registered: true`` is added to the draft's
item, so every comment, blank line and the order the curator chose stay as they were (PyYAML,
which reads the curation, drops comments when it writes; appending needs no round-trip library).
Each edited text is parsed back and checked before it replaces the file, and an item marked
registered is never written again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Graph

from .compile import Sources, compile_project
from .curation import MAX_YAML_BYTES, Entity, parse_entities, parse_yaml, read_rejected
from .errors import CurationError, Problem, ValidationError
from .export import serialize
from .fileio import read_bytes, write_atomic
from .names import name_key, near_duplicate
from .ontology import parse_turtle
from .project import Project
from .store import write_store, writing
from .validate import evidence_problems, shacl_problems, validate_graph


@dataclass
class BuildResult:
    """What a build wrote."""

    graph: Graph
    sources: Sources
    output_file: Path
    store_dir: Path | None
    triples: int = 0
    statements: int = 0
    entities: int = 0
    articles: int = 0
    warnings: list[Problem] = field(default_factory=list)
    registered: list[Entity] = field(default_factory=list)  # confirmed new entities written to the registry
    rejected: list[str] = field(default_factory=list)  # names rejected in drafts, written to graph/rejected.yaml


def build(project: Project, store: bool = True, notice=None) -> BuildResult:
    """Compile and validate the sources, then write ``graph/kgborder.ttl`` and the store.

    Nothing is written unless every check passes; both outputs are replaced atomically. Then the
    confirmed new entities of the drafts join the registry (see ``register_entities``).
    ``notice`` receives one-line messages about the store (waiting for another writer, files kept).
    """
    sources, graph = compile_project(project)
    validate_graph(graph, sources.vocab, shown="build")
    data = serialize(graph, "turtle")
    if not store:
        write_atomic(project.output_file, data)
    else:
        # Under the writer lock: a load running beside the build adds its graphs either before
        # (and the build carries them over) or after (to the new store), never lost between.
        with writing(project.store_dir, notice) as writer:
            new_store = write_store(writer, data, serialize(sources.vocab.graph, "turtle"))
            try:
                write_atomic(project.output_file, data)
            except BaseException:
                writer.discard(new_store)
                raise
            writer.swap(new_store)
    # Only once the graph is written: a build that fails leaves the registry as it was.
    registered = register_entities(project, sources.articles, sources.entities)
    rejected = remember_rejected(project, sources.articles)
    return BuildResult(
        graph=graph, sources=sources, output_file=project.output_file,
        store_dir=project.store_dir if store else None, triples=len(graph),
        statements=sum(len(a.statements) for a in sources.articles),
        entities=len(sources.entities), articles=len(sources.articles),
        warnings=spelling_warnings(sources), registered=registered, rejected=rejected,
    )


def spelling_warnings(sources: Sources) -> list[Problem]:
    """Entities confirmed from drafts whose name may be a new spelling of a registered one."""
    registry = [e for e in sources.entities if e.source is None]
    known = [(e.name, e.id) for e in registry] + [(a, e.id) for e in registry for a in e.aliases]
    names = {e.id: e.name for e in registry}
    out = []
    for e in sources.entities:
        if e.source is None:
            continue
        similar = near_duplicate(e.name, known)
        if similar is not None:
            out.append(Problem(e.source, e.line, f"new entity {e.id!r} ({e.name})",
                               f"may be a new spelling of {similar!r} ({names[similar]}); use that id if so"))
    return out


@dataclass
class ValidationReport:
    """What `kgborder validate` checked and found."""

    checks: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_project(project: Project) -> ValidationReport:
    """Check the sources (syntax, names, evidence), SHACL on the compiled graph, and the
    committed ``graph/kgborder.ttl``: valid on its own and up to date with the sources."""
    report = ValidationReport()
    try:
        sources, graph = compile_project(project)
    except CurationError as exc:
        report.problems.extend(exc.problems)
        return report
    n_quotes = sum(len(st.evidence) for a in sources.articles for st in a.statements)
    report.checks.append(f"sources: {len(sources.entities)} entities, "
                         f"{sum(len(a.statements) for a in sources.articles)} statements, "
                         f"{n_quotes} evidence quotes found verbatim in {len(sources.articles)} article(s)")
    try:
        validate_graph(graph, sources.vocab, shown="sources")
        report.checks.append(f"compiled graph: {len(graph)} triples conform to the SHACL shapes")
    except ValidationError as exc:
        report.problems.extend(exc.problems)
    shown = project.relative(project.output_file)
    if not project.output_file.exists():
        report.problems.append(Problem(shown, None, None, "missing; run 'kgborder build'"))
        return report
    try:
        built = parse_turtle(project.output_file, shown)
    except CurationError as exc:
        report.problems.extend(exc.problems)
        return report
    problems = evidence_problems(built, shown) + shacl_problems(built, sources.vocab, shown)
    report.problems.extend(problems)
    if not problems:
        report.checks.append(f"{shown}: {len(built)} triples conform; every evidence offset matches its article")
    if project.output_file.read_bytes() != serialize(graph, "turtle"):
        report.problems.append(Problem(shown, None, None, "out of date with the sources; run 'kgborder build'"))
    else:
        report.checks.append(f"{shown}: up to date with the sources")
    return report


# --- the registry ---------------------------------------------------------------------------

def register_entities(project: Project, articles: list, entities: list[Entity]) -> list[Entity]:
    """Append the confirmed new entities of ``entities`` (those curated in an article: ``source``)
    to the registry, then mark each article's confirmed new entities ``registered: true``.
    Returns the entities appended."""
    shown = project.relative(project.entities_file)
    new = [e for e in entities if e.source is not None]
    if new:
        text = _read(project.entities_file, shown)
        before = parse_entities(parse_yaml(text, shown), shown)
        edited = append_entities(text, new, shown)
        after = parse_entities(parse_yaml(edited, shown), shown)
        if [_plain(e) for e in after] != [_plain(e) for e in before + new]:
            raise CurationError([Problem(shown, None, None, "could not add the confirmed new entities "
                                         f"({', '.join(e.id for e in new)}) as written; add them by hand")])
        write_atomic(project.entities_file, edited.encode("utf-8"))
    for article in articles:
        ids = {e.id for e in article.draft_entities}
        if ids:
            path = project.root / article.yaml_file
            write_atomic(path, mark_registered(_read(path, article.yaml_file), ids, article.yaml_file).encode("utf-8"))
    return new


def _read(path: Path, shown: str) -> str:
    try:
        return read_bytes(path, MAX_YAML_BYTES, "a curation file", shown).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError([Problem(shown, None, None, f"cannot read: {exc}")]) from None


def _plain(e: Entity) -> tuple:
    return (e.id, e.type, e.name, e.aliases, e.description, e.same_as)


def append_entities(text: str, entities: list[Entity], shown: str) -> str:
    """The registry ``text`` with ``entities`` appended to its ``entities:`` list, each under a
    comment naming the draft it was confirmed in."""
    entries = [({k: v for k, v in (("id", e.id), ("type", e.type), ("name", e.name), ("aliases", list(e.aliases)),
                                   ("description", e.description)) if v}, f"confirmed in {e.source}")
               for e in entities]
    return append_to_list(text, "entities", entries, shown)


def append_to_list(text: str, key: str, entries: list[tuple[dict, str]], shown: str) -> str:
    """``text``, a curation file whose only key is ``key`` (a list), with ``entries`` (a mapping
    and a comment above it) appended to that list, indented as its first entry is."""
    root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    node = next((v for k, v in getattr(root, "value", []) if getattr(k, "value", None) == key), None)
    if not isinstance(node, yaml.SequenceNode):
        raise CurationError([Problem(shown, None, None, f"has no '{key}:' list to add to")])
    if node.flow_style and node.value:
        raise CurationError([Problem(shown, node.start_mark.line + 1, None,
                                     f"the '{key}:' list is written in brackets; write one entry per line "
                                     "('- name: ...') so that the build can add to it")])
    dash, indent = 2, 2  # where '-' stands and how far past it the fields do
    if node.value:
        dash = node.start_mark.column
        indent = node.value[0].start_mark.column - dash
    blocks = [_entry(data, comment, dash, indent) for data, comment in entries]
    if node.flow_style:  # `key: []`: the list in brackets becomes the entries
        start, end = node.start_mark.index, node.end_mark.index
        return text[:start].rstrip(" ") + "\n" + "".join(blocks) + text[end:].lstrip(" ").removeprefix("\n")
    # A block list runs to the end of the file: it is the file's only key.
    return text + ("" if text.endswith("\n") else "\n") + "".join("\n" + b for b in blocks)


def _entry(data: dict, comment: str, dash: int, indent: int) -> str:
    # One field a line, a list in brackets on its line (`aliases: [Abbott]`) as the registry writes them.
    lines = [line for k, v in data.items()
             for line in yaml.safe_dump({k: v}, allow_unicode=True, default_flow_style=None if isinstance(v, list)
                                        else False, width=10**6).splitlines()]
    pad = " " * (dash + indent)
    out = [" " * dash + f"# {comment}", " " * dash + "-" + " " * (indent - 1) + lines[0]]
    return "\n".join(out + [pad + line for line in lines[1:]]) + "\n"


# --- rejected names -------------------------------------------------------------------------

REJECTED_HEADER = """\
# Names that `kgborder add` no longer proposes as new entities, nor reports as near duplicates:
# each was rejected (`rejected: true`) in the draft named, and `kgborder build` wrote it here.
# Delete an entry to have its name proposed again; add one to keep a name out of every draft.
rejected: []
"""


def remember_rejected(project: Project, articles: list) -> list[str]:
    """Append the names rejected in the drafts (new entities and near duplicates) to
    ``graph/rejected.yaml``, each once (names compared as ``names.name_key`` does); returns them."""
    shown = project.relative(project.rejected_file)
    exists = project.rejected_file.exists()
    known = {name_key(n) for n, _ in read_rejected(project.rejected_file, shown)} if exists else set()
    entries: list[tuple[dict, str]] = []
    for article in articles:
        for name, _ in article.rejected_names:
            if name_key(name) not in known:
                known.add(name_key(name))
                entries.append(({"name": name, "article": article.yaml_file}, f"rejected in {article.yaml_file}"))
    if not entries:
        return []
    text = _read(project.rejected_file, shown) if exists else REJECTED_HEADER
    edited = append_to_list(text, "rejected", entries, shown)
    parsed = parse_yaml(edited, shown)
    if [e.get("name") for e in parsed["rejected"][-len(entries):]] != [d["name"] for d, _ in entries]:
        raise CurationError([Problem(shown, None, None, "could not add the rejected names as written; add them "
                                                        "by hand")])
    write_atomic(project.rejected_file, edited.encode("utf-8"))
    return [d["name"] for d, _ in entries]


_CONFIRMED = re.compile(r"^(\s*(?:-\s+)?)confirmed\s*:\s*true\s*(?:#.*)?$")


def mark_registered(text: str, ids: set[str], shown: str) -> str:
    """An article's curation ``text`` with ``registered: true`` added beside ``confirmed: true``
    on each confirmed new entity whose id is in ``ids`` (and not marked yet)."""
    data = parse_yaml(text, shown)
    items = (data.get("draft") or {}).get("new_entities") or []
    lines = text.splitlines(keepends=True)
    marked = 0
    for item in sorted(items, key=lambda i: -i.line):  # from the end, so earlier line numbers hold
        if item.get("id") not in ids or item.get("confirmed") is not True or item.get("registered") is True:
            continue
        n = item.lines["confirmed"] - 1
        m = _CONFIRMED.match(lines[n].rstrip("\r\n"))
        if m is None:
            raise CurationError([Problem(shown, n + 1, f"draft new entity {item.get('id')!r}",
                                         "is in the registry now; add 'registered: true' to it by hand (its "
                                         "'confirmed: true' is not on a line of its own)")])
        end = lines[n][len(lines[n].rstrip("\r\n")):] or "\n"
        lines[n] = lines[n].rstrip("\r\n") + end
        key_at = len(m.group(1))
        lines.insert(n + 1, " " * key_at + f"registered: true  # written to the registry by kgborder build{end}")
        marked += 1
    edited = "".join(lines)
    check = (parse_yaml(edited, shown).get("draft") or {}).get("new_entities") or []
    if sum(1 for i in check if i.get("registered") is True) != marked + sum(1 for i in items if
                                                                            i.get("registered") is True):
        raise CurationError([Problem(shown, None, None, "could not mark its confirmed new entities "
                                     "'registered: true'; add that line to each by hand")])
    return edited
