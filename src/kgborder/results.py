"""Writing query answers: the SPARQL results formats as Oxigraph writes them, graphs as
``export.serialize`` does, and an aligned table (``Table``) for people."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from .errors import KgborderError

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
ALL_FORMATS = SELECT_FORMATS + GRAPH_FORMATS


def default_format(result_type: str, tty: bool) -> str:
    """Table on a terminal and CSV in a pipe for SELECT; Turtle for graphs; table (true/false) for ASK."""
    if result_type in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if tty or result_type == "ASK" else "csv"


def answer_type(answer: Any) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: an rdflib Result's type, or an Oxigraph answer's
    (whose graphs are CONSTRUCT's: Oxigraph does not tell a DESCRIBE's apart)."""
    import pyoxigraph

    if isinstance(answer, pyoxigraph.QuerySolutions):
        return "SELECT"
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return "ASK"
    if isinstance(answer, pyoxigraph.QueryTriples):
        return "CONSTRUCT"
    return answer.type


def write(answer: Any, fmt: str, output: BinaryIO) -> None:
    """Write a query's answer (an rdflib Result, or Oxigraph's answer as a store gives it) to
    ``output`` in ``fmt``, which must suit the answer's type (never the query's text).

    SELECT and ASK answers in csv, tsv, json and xml are written by Oxigraph (an rdflib
    Result is handed to it through SPARQL JSON), so a store's answer and an endpoint's are
    written alike; an ASK answer is ``true``/``false`` in table, csv and tsv."""
    from .sparql import to_result

    kind = answer_type(answer)
    if kind in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise KgborderError(f"a {kind} result is a graph: use --format turtle, nt or jsonld")
        from .export import serialize

        output.write(serialize(to_result(answer).graph, fmt))
        return
    if fmt not in SELECT_FORMATS:
        raise KgborderError(f"a {kind} result is a table: use --format table, csv, tsv, json or xml")
    if kind == "ASK" and fmt in ("table", "csv", "tsv"):
        output.write(b"true\n" if _ask(answer) else b"false\n")
        return
    if fmt == "table":
        output.write(str(Table(to_result(answer))).encode("utf-8"))
        return
    import pyoxigraph

    _oxigraph_answer(answer).serialize(output, getattr(pyoxigraph.QueryResultsFormat, fmt.upper()))


def render(answer: Any, fmt: str) -> bytes:
    """``write`` into bytes."""
    from io import BytesIO

    buffer = BytesIO()
    write(answer, fmt, buffer)
    return buffer.getvalue()


def _ask(answer: Any) -> bool:
    return bool(answer.askAnswer if hasattr(answer, "askAnswer") else answer)


def _oxigraph_answer(answer: Any) -> Any:
    """The answer as Oxigraph's, for Oxigraph to write: an rdflib Result goes through SPARQL JSON
    (rdflib writes it, Oxigraph reads it back), which carries every term exactly."""
    import pyoxigraph
    from rdflib.query import Result

    if not isinstance(answer, Result):
        return answer
    try:
        return pyoxigraph.parse_query_results(answer.serialize(format="json"), pyoxigraph.QueryResultsFormat.JSON)
    except SyntaxError as exc:  # e.g. an endpoint's IRI with a space in it
        raise KgborderError(f"the answer holds a term the SPARQL results formats cannot carry ({exc}); "
                            "use --format table") from None


def short(term: Any) -> str:
    """A term as a person reads it: a prefixed name for known IRIs, the text of a literal."""
    from rdflib import Literal, URIRef

    from .names import prefixed_name

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return prefixed_name(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        return _one_line(str(term))
    return str(term)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class Table:
    """Rows of text that a notebook shows as an HTML table (every cell escaped) and a terminal
    as aligned columns with a header line: a SELECT answer (``Table(result)``, each term as
    ``short`` gives it; an ASK answer shows true or false) or rows made elsewhere
    (``Table.from_rows``). ``limit`` caps the rows the HTML shows."""

    def __init__(self, result: Any = None, limit: int | None = None):
        self.limit = limit
        self.ask: bool | None = None
        self.columns: list[str] = []
        self.rows: list[list[str]] = []
        if result is None:
            return
        if result.type == "ASK":
            self.ask = bool(result.askAnswer)
            return
        self.columns = [str(v) for v in result.vars]
        self.rows = [[short(b.get(v)) for v in result.vars] for b in result.bindings]

    @classmethod
    def from_rows(cls, columns: Sequence[str], rows: Sequence[Sequence[str]], limit: int | None = None) -> Table:
        """A table of these columns and rows of text (each cell shown on one line)."""
        table = cls(limit=limit)
        table.columns = list(columns)
        table.rows = [[_one_line(cell) for cell in row] for row in rows]
        return table

    def __len__(self) -> int:
        return len(self.rows)

    def __str__(self) -> str:
        if self.ask is not None:
            return f"{str(self.ask).lower()}\n"
        rows = self.rows
        widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(self.columns)]
        lines = ["  ".join(n.ljust(w) for n, w in zip(self.columns, widths, strict=True)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        return "\n".join(lines) + "\n"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape

        if self.ask is not None:
            return f"<code>{str(self.ask).lower()}</code>"
        rows = self.rows if self.limit is None else self.rows[: self.limit]
        head = "".join(f"<th>{escape(n)}</th>" for n in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<p>{len(self)} row{'s' if len(self) != 1 else ''}</p>")
