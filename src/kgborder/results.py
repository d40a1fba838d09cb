"""Rendering query results: rdflib's serializers where they exist, and an aligned table."""
from __future__ import annotations

from .errors import KgborderError

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
ALL_FORMATS = SELECT_FORMATS + GRAPH_FORMATS


def default_format(result_type: str, tty: bool) -> str:
    """Table on a terminal and CSV in a pipe for SELECT; Turtle for graphs; table (true/false) for ASK."""
    if result_type in ("CONSTRUCT", "DESCRIBE"):
        return "turtle"
    return "table" if tty or result_type == "ASK" else "csv"


def render(result, fmt: str) -> bytes:
    """The result in ``fmt``, chosen by the result's type (never by the query's text)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in GRAPH_FORMATS:
            raise KgborderError(f"a {result.type} result is a graph: use --format turtle, nt or jsonld")
        from .export import serialize

        return serialize(result.graph, fmt)
    if fmt not in SELECT_FORMATS:
        raise KgborderError(f"a {result.type} result is a table: use --format table, csv, tsv, json or xml")
    from .query import CsvAnswer

    if isinstance(result, CsvAnswer):  # asked for because CSV was wanted
        if fmt != "csv":
            raise KgborderError(f"this answer was written as CSV, not {fmt}")
        return result.data
    if result.type == "ASK" and fmt in ("table", "csv", "tsv"):
        return b"true\n" if result.askAnswer else b"false\n"
    if fmt == "table":
        return table(result).encode("utf-8")
    if fmt == "tsv":
        return tsv(result).encode("utf-8")  # rdflib parses TSV results but has no TSV serializer
    return result.serialize(format=fmt, encoding="utf-8")


def short(term) -> str:
    """A term as a person reads it: a prefixed name for known IRIs, the text of a literal."""
    from rdflib import Literal, URIRef

    from .names import prefixed_name

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return prefixed_name(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    return str(term)


def table(result) -> str:
    """Aligned columns with a header line; one row per solution."""
    names = [str(v) for v in result.vars]
    rows = [[short(row.get(v) if hasattr(row, "get") else row[v]) for v in result.vars] for row in _rows(result)]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def tsv(result) -> str:
    """SPARQL 1.1 Query Results TSV: a header of ?variables, then terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in _rows(result):
        lines.append("\t".join("" if row[v] is None else row[v].n3() for v in result.vars))
    return "\n".join(lines) + "\n"


def _rows(result):
    return [{v: b.get(v) for v in result.vars} for b in result.bindings]


class Table:
    """A query result that a notebook shows as an HTML table (every cell escaped) and a
    terminal as aligned text."""

    def __init__(self, result, limit: int | None = None):
        self.result = result
        self.limit = limit

    def _cells(self):
        rows = _rows(self.result)
        if self.limit is not None:
            rows = rows[: self.limit]
        return [str(v) for v in self.result.vars], [[short(row[v]) for v in self.result.vars] for row in rows]

    def __len__(self) -> int:
        return len(self.result.bindings)

    def __str__(self) -> str:
        return table(self.result)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape

        if self.result.type == "ASK":
            return f"<code>{str(bool(self.result.askAnswer)).lower()}</code>"
        names, rows = self._cells()
        head = "".join(f"<th>{escape(n)}</th>" for n in names)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
                f"<p>{len(self)} row{'s' if len(self) != 1 else ''}</p>")
