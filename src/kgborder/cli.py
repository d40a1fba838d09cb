"""The `kgborder` command line: a thin layer over the library.

Exit codes: 0 success; 1 bad input, a failed check or a missing store; 2 a usage error; 3 a timeout; 130 interrupted.
stdout carries data only; messages go to stderr.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .remote import MAX_ANSWER
from .results import ALL_FORMATS, FIGURE_FORMATS, GRAPH_FORMATS, REPORT_FORMATS

EXIT_CODES = """\b
Exit codes:
  0  success
  1  bad input, a failed check or a missing store (one line per problem on stderr)
  2  usage error (unknown command or option, a malformed option value)
  3  a query or a server did not finish within --timeout
  130  interrupted (Ctrl-C)"""
EXIT_TIMEOUT = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command that Ctrl-C ended


class Failure(click.ClickException):
    """One or more problems, printed one per line on stderr, exit code 1."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines

    def show(self, file=None) -> None:
        for line in self.lines:
            click.echo(f"error: {line}", err=True)


class Command(click.Command):
    """A kgborder command: kgborder's errors, ``OSError`` and a broken pipe become one line each
    on stderr with their exit code, never a traceback, and the help ends with the exit codes."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("epilog", EXIT_CODES)
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        from .errors import KgborderError

        try:
            return super().invoke(ctx)
        except KgborderError as exc:
            raise Failure([str(p) for p in exc.problems]) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise Failure([f"{where}{exc.strerror or exc}"]) from None
        except KeyboardInterrupt:
            # Ctrl-C: exit as shells report it, not click's "Aborted!" with the code of bad input.
            click.echo("error: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


class Group(click.Group):
    """kgborder's command group: every command is a :class:`Command`."""

    command_class = Command


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """A limit a thread can wait for or a size can be compared with: FloatRange lets NaN and
    infinity through, and a wait longer than threading.TIMEOUT_MAX (about 292 years) overflows."""
    import math
    import threading

    if not math.isfinite(value) or value > threading.TIMEOUT_MAX:
        raise click.BadParameter(f"{value} is out of range (give a number such as {param.default})")
    return value


max_answer_option = click.option(
    "--max-answer", type=click.FloatRange(min=0, min_open=True), default=MAX_ANSWER / 1e6, callback=_finite,
    show_default=True, metavar="MB",
    help="With --endpoint: refuse an answer larger than this (it is read into memory: up to 16 times its size).")


def _project(ctx: click.Context, store: str | Path | None = None):
    from .project import Project

    return Project.at(ctx.obj["project"], store)


store_option = click.option(
    "--store", type=click.Path(file_okay=False, path_type=Path), envvar="KGBORDER_STORE",
    help="Store directory  [default: PROJECT/.kgborder/store, or $KGBORDER_STORE]")
output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
    help="Write to this file ('-' for stdout).")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="kgborder")
@click.option("--project", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".",
              show_default=True, help="The project directory (holding graph/ and ontology/).")
@click.pass_context
def cli(ctx: click.Context, project: Path) -> None:
    """Turn news articles into a source-grounded knowledge graph.

    \b
    Example:
      kgborder build && kgborder stats
    """
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


@cli.command()
@store_option
@click.pass_context
def build(ctx: click.Context, store: Path | None) -> None:
    """Check, compile and validate the sources; write graph/kgborder.ttl and the store.

    Nothing is written unless every check passes. Confirmed new entities of the drafts are then
    added to graph/entities.yaml (your comments and order kept) and marked 'registered: true'.

    \b
    Example:
      kgborder build
      kgborder --project ~/my-corpus build --store /tmp/store
    """
    from .build import build as run_build

    project = _project(ctx, store)
    result = run_build(project, notice=_note)
    click.echo(
        f"built {project.relative(result.output_file)}: {result.triples} triples from "
        f"{result.articles} article(s), {result.entities} entities, {result.statements} statements",
        err=True)
    click.echo(f"store: {project.relative(result.store_dir)}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.registered:
        click.echo(f"registered {len(result.registered)} new entit{'y' if len(result.registered) == 1 else 'ies'} "
                   f"in {project.relative(project.entities_file)}: {', '.join(e.id for e in result.registered)}",
                   err=True)
    if result.rejected:
        click.echo(f"remembered {len(result.rejected)} rejected name(s) in "
                   f"{project.relative(project.rejected_file)}: {', '.join(result.rejected)}", err=True)
    for article in result.sources.articles:
        if article.unconfirmed:
            left = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(article.unconfirmed.items()))
            click.echo(f"draft: {article.yaml_file}: {sum(article.unconfirmed.values())} item(s) still unconfirmed "
                       f"({left}); built the {article.confirmed} confirmed", err=True)


@cli.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the sources, the SHACL shapes, the evidence and graph/kgborder.ttl.

    \b
    Example:
      kgborder validate
    """
    from .build import validate_project

    report = validate_project(_project(ctx))
    for line in report.checks:
        click.echo(f"ok: {line}", err=True)
    if not report.ok:
        raise Failure([str(p) for p in report.problems])
    click.echo("valid", err=True)


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="turtle",
              show_default=True, help="Serialisation.")
@click.option("--data-only", is_flag=True,
              help="Only the built data (as graph/kgborder.ttl), without the ontology and loaded files.")
@click.option("--article", metavar="SLUG", help="Only this article's part: its statements, evidence and entities.")
@output_option
@store_option
@click.pass_context
def export(ctx: click.Context, fmt: str, data_only: bool, article: str | None, output: str,
           store: Path | None) -> None:
    """Write what the store holds as Turtle, N-Triples or JSON-LD.

    By default: every triple queries see (the data, the ontology, loaded files).

    \b
    Example:
      kgborder export > graph.ttl
      kgborder export --format nt -o graph.nt
      kgborder export --data-only
      kgborder export --article mexico-border-military-presence -o one-article.ttl
    """
    from .export import write_export

    store_dir = _project(ctx, store).store_dir
    if output == "-":
        write_export(store_dir, fmt, sys.stdout.buffer, data_only=data_only, article=article)
        sys.stdout.flush()
        return
    from .fileio import atomic_output

    with atomic_output(Path(output), parents=False) as fh:
        write_export(store_dir, fmt, fh, data_only=data_only, article=article)
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table",
              show_default=True, help="Output format.")
@store_option
@click.pass_context
def stats(ctx: click.Context, fmt: str, store: Path | None) -> None:
    """Count entities by type, statements by kind, quotations and articles.

    \b
    Example:
      kgborder stats
      kgborder stats --format json
    """
    from .stats import stats as count, table

    result = count(_project(ctx, store).store_dir)
    click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else table(result))


@cli.command()
@click.argument("query_", metavar="QUERY", required=False)
@click.option("--list", "list_", is_flag=True, help="List the saved queries, one per line: name, then title.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable to a value (an id, IRI, number or text); repeatable.")
@click.option("-f", "--format", "fmt", type=click.Choice(ALL_FORMATS),
              help="Output format  [default: table on a terminal, csv in a pipe; turtle for CONSTRUCT/DESCRIBE]")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              callback=_finite,
              help="Stop the query after this many seconds (with --endpoint: the whole exchange, by the clock).")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL 1.1 endpoint instead of the local store (e.g. http://localhost:7878/query).")
@max_answer_option
@output_option
@store_option
@click.pass_context
def query(ctx: click.Context, query_: str | None, list_: bool, params: tuple[str, ...], fmt: str | None,
          timeout: float, endpoint: str | None, max_answer: float, output: str, store: Path | None) -> None:
    """Answer a SPARQL query: a saved query's name, a .rq file, '-' for stdin, or SPARQL text.

    Queries are read-only and offline: updates, SERVICE, LOAD and FROM of anything but the
    local store are refused. The prefixes kgb:, id:, schema:, prov:, oa:, qudt: ... are predefined.
    With --endpoint the same checks apply, FROM is refused, and only that server is contacted.

    \b
    Example:
      kgborder query --list
      kgborder query deployments
      kgborder query entity --param entity=claudia-sheinbaum --format json
      kgborder query "SELECT ?whom WHERE { id:claudia-sheinbaum kgb:deploys ?whom }"
      kgborder query deployments --endpoint http://localhost:7878/query
    """
    if list_:
        from .query import saved_queries

        for name, saved in saved_queries(ctx.obj["project"]).items():
            click.echo(f"{name}\t{saved.title}")
        return
    if query_ is None:
        raise click.UsageError("give a QUERY (a saved query's name, a .rq file, '-' or SPARQL text) or --list")
    bindings = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        bindings[name] = value
    from io import BytesIO

    from .query import QueryTimeout, write_answer

    project = _project(ctx, store)
    source = project.store_dir
    if endpoint is not None:
        from click.core import ParameterSource

        from .remote import Endpoint

        if ctx.get_parameter_source("store") is ParameterSource.COMMANDLINE:
            raise click.UsageError("give --endpoint or --store, not both")
        source = Endpoint(endpoint, max_answer=int(max_answer * 1e6))
    tty = output == "-" and sys.stdout.isatty()
    answer = BytesIO()
    try:
        write_answer(answer, query_, fmt, source=source, params=bindings, timeout=timeout,
                     project_root=project.root, tty=tty)
    except QueryTimeout as exc:
        # The engine cannot be interrupted from Python: report and leave at once.
        click.echo(f"error: {exc}", err=True)
        sys.stderr.flush()
        os._exit(EXIT_TIMEOUT)
    _write_output(output, answer.getvalue())


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--graph", metavar="IRI", help="Named graph to load triples into, or 'default' for the default graph "
                                            "(which `kgborder build` replaces)  [default: each file's file: IRI]")
@store_option
@click.pass_context
def load(ctx: click.Context, files: tuple[Path, ...], graph: str | None, store: Path | None) -> None:
    """Add RDF files (N-Triples, Turtle, N-Quads, TriG, RDF/XML, JSON-LD; .gz too) to a store.

    The files go into a copy of the store that replaces it once all are in, so a syntax
    error leaves the store as it was. N-Triples and N-Quads load in blocks on every core.
    Loaded graphs are kept when `kgborder build` replaces the store.

    \b
    Example:
      kgborder load background/places.ttl
      kgborder load --store /data/corpus-store --graph default corpus-*.nt.gz
    """
    from .store import load_files

    if graph not in (None, "default") and not graph.startswith(("http://", "https://", "urn:", "file:")):
        raise click.BadParameter(f"{graph!r} is not an absolute IRI", param_hint="--graph")
    project = _project(ctx, store)
    size = sum(f.stat().st_size for f in files)
    if size < 8 * 1024 * 1024:  # a progress bar only where it helps
        triples = load_files(project.store_dir, list(files), graph=graph, notice=_note)
    else:
        with click.progressbar(length=size, label="loading", file=sys.stderr) as bar:
            triples = load_files(project.store_dir, list(files), graph=graph, progress=bar.update,
                                 notice=_note)
    click.echo(f"loaded {len(files)} file(s) into {project.relative(project.store_dir)}: {triples} new triples",
               err=True)


@cli.command()
@click.argument("articles", nargs=-1, required=True, metavar="FILE...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="The article's title  [default: its header's Title:]")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="When it was published  [default: its header's Date:]")
@click.option("--url", help="Where it was published  [default: its header's URL:]")
@click.option("--publisher", help="Who published it  [default: its header's Publisher:]")
@click.option("--slug", help="Its id in the project  [default: from the title]")
@click.pass_context
def add(ctx: click.Context, articles: tuple[Path, ...], title: str | None, date_: str | None, url: str | None,
        publisher: str | None, slug: str | None) -> None:
    """Add articles' texts to graph/articles/, each with a draft curation to review.

    The draft proposes statements, the known entities an article mentions, new names (with a
    guessed type; likely new spellings of known names are flagged), quotations with their
    speakers, numbers with units and dates, each with its offsets and sentence. Nothing enters
    the graph until confirmed.

    A file may begin with a header, which is not stored with the text: lines 'Title: ...',
    'Date: YYYY-MM-DD', 'URL: ...', 'Publisher: ...', then a blank line. With several files,
    each gives its own title and date there; the options are for one file and override its
    header. A file that fails is named with its problem and nothing of it is written; the
    others are added (exit code 1 if any failed).

    \b
    Example:
      kgborder add story.txt --title "Cartel tunnel found" --date 2025-03-02 --url https://example.net/a
      $EDITOR graph/articles/cartel-tunnel-found.yaml && kgborder build
      kgborder add stories/*.txt        # each begins: Title: ... / Date: 2025-03-02 / (blank line)
    """
    import shutil

    from .draft import add_article
    from .errors import KgborderError

    if len(articles) > 1:
        _several_articles(articles, {"--title": title, "--date": date_, "--url": url, "--publisher": publisher,
                                     "--slug": slug})
    project = _project(ctx)
    # A bar only on a terminal, and only for several files: a pipe or a log gets the lines alone.
    bar = click.progressbar(length=len(articles), label="drafting", show_pos=True, file=sys.stderr) \
        if len(articles) > 1 and sys.stderr.isatty() else None

    def say(line: str) -> None:
        if bar is not None:  # over the bar's line, which the next update draws again below it
            line = "\r" + line.ljust(shutil.get_terminal_size().columns - 1)
        click.echo(line, err=True)

    batch: dict[str, Path] = {}
    failed = 0
    with bar if bar is not None else contextlib.nullcontext():
        for source in articles:
            try:
                added = add_article(project, source, title, date_, url, publisher, slug,
                                    batch if len(articles) > 1 else None)
            except KgborderError as exc:
                failed += 1
                for problem in exc.problems:
                    say(f"error: {problem}")
            except OSError as exc:
                failed += 1
                say(f"error: {exc.filename or source}: {exc.strerror or exc}")
            else:
                batch[added.slug] = source
                counts = ", ".join(f"{len(v)} {k.replace('_', ' ')}" for k, v in added.draft.items())
                say(f"added {project.relative(added.text_file)}, draft {project.relative(added.yaml_file)}: {counts}")
            if bar is not None:
                bar.update(1)
    if len(articles) > 1:
        click.echo(f"added {len(batch)} of {len(articles)} files", err=True)
    if batch:
        slug = next(iter(batch)) if len(batch) == 1 else ""
        command = f"kgborder review {slug}" if slug else "kgborder review"
        click.echo(f"review {'it' if slug else 'them'} in the browser with '{command}'"
                   " (or set 'confirmed: true' on what is right in the YAML), then run 'kgborder build'", err=True)
    if failed:
        ctx.exit(1)


def _several_articles(articles: tuple[Path, ...], options: dict[str, str | None]) -> None:
    """Refuse, as a usage error, an option that describes one article, and a file given twice."""
    one = [name for name, value in options.items() if value is not None]
    if one:
        raise click.UsageError(f"{', '.join(one)} {'is' if len(one) == 1 else 'are'} for one article, and "
                               f"{len(articles)} files were given: each file gives its title, date, URL and "
                               "publisher in a header (see kgborder add --help)")
    seen: dict[tuple[int, int], Path] = {}
    for source in articles:
        st = source.stat()
        if (st.st_dev, st.st_ino) in seen:
            other = seen[st.st_dev, st.st_ino]
            raise click.UsageError(f"{source} is given twice" + ("" if other == source else f" (also as {other})"))
        seen[st.st_dev, st.st_ino] = source


@cli.command(name="path")
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--all", "all_paths", is_flag=True, help="Print every shortest path, not only the first.")
@click.option("--max-hops", type=click.IntRange(min=1), metavar="N", help="Give up on paths longer than N hops.")
@click.option("-f", "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True,
              help="Output format.")
@store_option
@click.pass_context
def path_(ctx: click.Context, a: str, b: str, all_paths: bool, max_hops: int | None, fmt: str,
          store: Path | None) -> None:
    """Show the shortest chain of statements linking two actors, with each hop's evidence.

    A and B are names, aliases or ids (case and accents aside). Links count in both
    directions; each hop is printed in its true direction, with its evidence quotes and
    their article. No path: a message and exit code 1.

    \b
    Example:
      kgborder path "Claudia Sheinbaum" "David Hathaway"
      kgborder path sheinbaum dea --all --format json
    """
    from .analysis import find_paths, render_path

    project = _project(ctx, store)
    result = find_paths(a, b, source=project.store_dir, all_paths=all_paths, max_hops=max_hops,
                        project_root=project.root)
    if not result.paths:
        raise Failure([f"no path between {result.source.label} and {result.target.label}: {result.reason}"])
    _write_output("-", render_path(result, fmt).encode("utf-8"))


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(REPORT_FORMATS), default="table", show_default=True,
              help="Output format.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, metavar="N",
              help="Rows of each ranking, and members shown per community in the table (0: all).")
@store_option
@click.pass_context
def analyze(ctx: click.Context, fmt: str, top: int, store: Path | None) -> None:
    """Rank actors by centrality, find communities, and count each speaker's quotations.

    Centrality: degree (how many entities one is linked to) and betweenness, on the network
    of direct edges. Communities: Louvain with a fixed seed, so the output is stable.

    \b
    Example:
      kgborder analyze
      kgborder analyze --top 0 --format json
    """
    from .analysis import analyze as run_analysis, render_analysis

    project = _project(ctx, store)
    result = run_analysis(project.store_dir, project_root=project.root, top=top or None)
    _write_output("-", render_analysis(result, fmt, members=top or None).encode("utf-8"))


@cli.command()
@click.option("--measure", metavar="TEXT",
              help="Only the numbers whose description has every word of TEXT (e.g. 'seizures').")
@click.option("-f", "--format", "fmt", type=click.Choice(REPORT_FORMATS + FIGURE_FORMATS),
              help="What to write  [default: by -o's extension (.png, .svg, .json, .txt), else table]")
@output_option
@store_option
@click.pass_context
def timeline(ctx: click.Context, measure: str | None, fmt: str | None, output: str, store: Path | None) -> None:
    """Chart every dated quantity, share and change (one panel per unit), or list them.

    \b
    Example:
      kgborder timeline -o timeline.png
      kgborder timeline --measure seizures -o seizures.svg
      kgborder timeline --format json
    """
    from .analysis import render_timeline, timeline_data, timeline_figure, write_figure

    if fmt is None:
        suffix = Path(output).suffix.lower() if output != "-" else ""
        fmt = {"": "table", ".txt": "table", ".json": "json", ".png": "png", ".svg": "svg"}.get(suffix)
        if fmt is None:
            raise click.UsageError(f"cannot tell the format of {output} from its extension: "
                                   "give --format table, json, png or svg")
    if fmt in ("png", "svg") and output == "-" and sys.stdout.isatty():
        raise click.UsageError(f"a {fmt.upper()} chart is not for a terminal: give -o FILE.{fmt} or redirect")
    project = _project(ctx, store)
    points = timeline_data(project.store_dir, measure=measure, project_root=project.root)
    if fmt in ("png", "svg"):
        import io

        buffer = io.BytesIO()
        write_figure(timeline_figure(points, measure=measure), buffer, fmt)
        _write_output(output, buffer.getvalue())
    else:
        _write_output(output, render_timeline(points, fmt).encode("utf-8"))


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="kgborder-view.html",
              show_default=True, help="Write the page to this file ('-' for stdout).")
@click.option("--focus", metavar="ENTITY",
              help="Draw only this entity's neighbourhood: an id, id:name, IRI, name or alias.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many edges away from the entity to go.")
@click.option("--query", "query_", metavar="NAME|FILE",
              help="Draw the graph a CONSTRUCT query returns: a saved query's name, a .rq file or SPARQL text.")
@click.option("--input", "input_", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Draw this RDF file (Turtle, N-Triples or JSON-LD) instead of the store; no build needed.")
@click.option("--open", "open_", is_flag=True, help="Open the page in the web browser.")
@click.option("--endpoint", metavar="URL",
              help="Draw what this SPARQL 1.1 endpoint answers (every triple, or --query's graph) "
                   "instead of the store.")
@max_answer_option
@store_option
@click.pass_context
def view(ctx: click.Context, output: str, focus: str | None, depth: int, query_: str | None,
         input_: Path | None, open_: bool, endpoint: str | None, max_answer: float, store: Path | None) -> None:
    """Write an interactive network of the graph: one self-contained HTML page.

    Entities are nodes coloured by type; click one for its statements, or an edge for the
    evidence quoted from the article. The page works offline and fetches nothing.

    \b
    Example:
      kgborder view --open
      kgborder view --focus claudia-sheinbaum --depth 2 -o sheinbaum.html
      kgborder view --query "CONSTRUCT { ?a kgb:deploys ?b } WHERE { ?a kgb:deploys ?b }"
      kgborder view --input other.ttl -o other.html
      kgborder view --endpoint http://localhost:7878/query -o remote.html
    """
    from click.core import ParameterSource

    if focus is None and ctx.get_parameter_source("depth") is not ParameterSource.DEFAULT:
        raise click.UsageError("--depth needs --focus")
    if open_ and output == "-":
        raise click.UsageError("--open needs a file: give -o FILE")
    from .view import view as draw

    project = _project(ctx, store)
    source = input_  # None: the project's store
    if endpoint is not None:
        from .query import construct_from_endpoint

        if input_ is not None:
            raise click.UsageError("give --endpoint or --input, not both")
        source = construct_from_endpoint(endpoint, query_, project_root=project.root,
                                         max_answer=int(max_answer * 1e6))
        query_ = None
    page = draw(source, query=query_, focus=focus, depth=depth, project=project)
    _write_output(output, page.html().encode("utf-8"))
    click.echo(f"view: {page.caption}", err=True)
    if open_:
        import webbrowser

        webbrowser.open(Path(output).resolve().as_uri())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens it to every network interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port to listen on.")
@store_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, store: Path | None) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint until Ctrl-C.

    The Oxigraph server (the 'oxigraph' command of the PyPI package oxigraph) answers at
    http://HOST:PORT/query over the triples `kgborder export` writes; updates are refused.
    Queries are checked as `kgborder query` checks them (no SERVICE, no update, nesting
    limited), and the server cannot connect anywhere: it never fetches a URL for anyone.
    Restart it after `kgborder build`, which replaces the store.

    \b
    Example:
      kgborder serve
      kgborder serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from .serve import serve_until_stopped

    project = _project(ctx, store)

    def ready(server) -> None:
        click.echo(f"serving {project.relative(project.store_dir)} read-only: SPARQL endpoint "
                   f"{server.query_url} (Ctrl-C stops)", err=True)

    serve_until_stopped(project.store_dir, host, port, on_output=lambda line: click.echo(line, err=True),
                        on_ready=ready)
    click.echo("stopped", err=True)


@cli.command()
@click.argument("slug", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=7879, show_default=True,
              help="Port to listen on, on 127.0.0.1 only (0: any free port).")
@click.option("--no-open", "no_open", is_flag=True, help="Print the address; do not open a browser.")
@click.pass_context
def review(ctx: click.Context, slug: str | None, port: int, no_open: bool) -> None:
    """Review an article's draft in the browser until Ctrl-C.

    The article's text with every proposal on it, and each proposal as a card: accept, reject
    or fix it with a click or a key, select words to write a new statement, then save and build.
    Without SLUG, the most recently added article with items to review (or a list). Listens on
    127.0.0.1 only; the printed address holds a token that every request must carry.

    \b
    Example:
      kgborder review
      kgborder review mexico-border-military-presence --no-open --port 8000
    """
    from .review import serve as run

    project = _project(ctx)
    run(project, slug, port, not no_open, lambda line: click.echo(line, err=True))
    click.echo("stopped", err=True)


@cli.command()
@click.option("--gsp", "gsp_url", required=True, metavar="URL",
              help="The server's SPARQL 1.1 Graph Store endpoint (e.g. http://localhost:7878/store).")
@click.option("--graph", metavar="IRI", help="Replace this named graph  [default: the default graph]")
@click.option("--update", "update_url", metavar="URL",
              help="The server's SPARQL 1.1 Update endpoint (e.g. http://localhost:7878/update), needed when the "
                   "triples take more than one request: they go to a staging graph, moved over the graph once all "
                   "have arrived.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=50_000, show_default=True, metavar="N",
              help="Triples per request.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              callback=_finite,
              metavar="SECONDS", help="Give up on a request whose whole exchange (upload and answer) takes longer.")
@store_option
@click.pass_context
def push(ctx: click.Context, gsp_url: str, graph: str | None, update_url: str | None, chunk_size: int,
         timeout: float, store: Path | None) -> None:
    """Upload what `kgborder export` writes to a SPARQL store, replacing the target graph.

    Graph Store HTTP Protocol. The graph is replaced only once the new triples have all arrived:
    up to --chunk-size triples go as one PUT; more go into a staging graph, which one SPARQL
    Update MOVE (--update URL) then puts in the graph's place. Ctrl-C or a failure leaves the
    graph as it was (exit code 130 for Ctrl-C). Credentials, if the server asks (Digest or
    Basic), come from KGBORDER_USER and KGBORDER_PASSWORD or ~/.netrc.

    \b
    Example:
      kgborder push --gsp http://localhost:7878/store --update http://localhost:7878/update
      kgborder push --gsp http://localhost:8890/sparql-graph-crud-auth --update http://localhost:8890/sparql-auth \\
        --graph https://example.org/kgborder
    """
    import signal

    from .remote import PushInterrupted, RemoteTimeout, push as upload

    project = _project(ctx, store)

    def progress(sent: int, total: int) -> None:
        if total > chunk_size:  # only where there is something to wait for
            click.echo(f"staged {sent} of {total} triples (acknowledged by the server)", err=True)

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt  # SIGTERM, too, leaves the remote graph as it was

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        report = upload(project.store_dir, gsp_url, graph=graph, chunk_size=chunk_size, timeout=timeout,
                        progress=progress, update_url=update_url)
    except RemoteTimeout as exc:
        click.echo(f"error: {exc} (a slow server may need a larger --timeout)", err=True)
        sys.exit(EXIT_TIMEOUT)
    except (PushInterrupted, KeyboardInterrupt) as exc:
        message = str(exc) or "interrupted before any data was sent: the remote graph is unchanged"
        click.echo(f"error: {message}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(f"pushed {report.triples} triples to {report.target} in {report.requests} "
               f"request{'s' if report.requests != 1 else ''}", err=True)


def _write_output(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from .fileio import write_atomic

    write_atomic(Path(output), data, parents=False)
    click.echo(f"wrote {output}", err=True)
