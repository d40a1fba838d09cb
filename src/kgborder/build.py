"""The build: read -> check -> compile -> validate -> write, all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .compile import Sources, compile_project
from .errors import CurationError, Problem, ValidationError
from .export import serialize
from .fileio import write_atomic
from .names import near_duplicate
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


def build(project: Project, store: bool = True, notice=None) -> BuildResult:
    """Compile and validate the sources, then write ``graph/kgborder.ttl`` and the store.

    Nothing is written unless every check passes; both outputs are replaced atomically.
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
    return BuildResult(
        graph=graph, sources=sources, output_file=project.output_file,
        store_dir=project.store_dir if store else None, triples=len(graph),
        statements=sum(len(a.statements) for a in sources.articles),
        entities=len(sources.entities), articles=len(sources.articles),
        warnings=spelling_warnings(sources),
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
