"""What the CLI prints: a path, the network analysis and the timeline as aligned text or JSON."""
from __future__ import annotations

import json
from typing import Any, Iterable, Sequence

from ..results import Table
from .network import COMMUNITY_SEED, Analysis, Community
from .paths import PathResult
from ..text import spoken_number
from .timeline import TimelinePoint

# In text output, a link lists at most this many statements (JSON lists them all).
TEXT_EVIDENCE_LIMIT = 3


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_path(result: PathResult, fmt: str = "table") -> str:
    """A path result as readable text (``table``) or JSON."""
    if fmt == "json":
        return _json(result.to_dict())
    if not result.paths:
        return f"no path between {result.source.label} and {result.target.label}: {result.reason}\n"
    lines = []
    count = len(result.paths)
    lines.append(f"{result.source.label} to {result.target.label}: {result.hops} hop{'s' if result.hops != 1 else ''}"
                 + (f", {count} shortest paths" if count > 1 else ""))
    for n, path in enumerate(result.paths, 1):
        lines.append("")
        prefix = f"path {n}: " if count > 1 else ""
        lines.append(prefix + " - ".join(e.label for e in path.entities))
        for i, hop in enumerate(path.hops, 1):
            for j, link in enumerate(hop.links):
                arrow = (f"{link.subject.label} --{link.relation_label}--> {link.object.label}"
                         if link.subject.iri == hop.start.iri else
                         f"{hop.start.label} <--{link.relation_label}-- {hop.end.label}")
                lines.append(f"  {str(i) + '.' if j == 0 else '':3} {arrow}")
                for ev in link.evidence[:TEXT_EVIDENCE_LIMIT]:
                    for quote in ev.quotes:
                        lines.append(f"        \"{' '.join(quote.split())}\"")
                    source = ev.headline or ev.article or "unknown article"
                    lines.append(f"          ({source}{', ' + ev.published if ev.published else ''})")
                more = len(link.evidence) - TEXT_EVIDENCE_LIMIT
                if more > 0:
                    lines.append(f"        ... and {more} more statement{'s' if more != 1 else ''} "
                                 "(--format json lists them all)")
                if not link.evidence:
                    lines.append("        (no statement in the graph stands for this edge)")
    return "\n".join(lines) + "\n"


def render_analysis(result: Analysis, fmt: str = "table", members: int | None = 10) -> str:
    """Centrality, communities and speakers as three aligned tables (``table``) or JSON."""
    if fmt == "json":
        return _json(result.to_dict())
    return "\n".join([
        f"Network: {result.entities} entities linked by {result.edges} direct edges",
        "",
        "Centrality (degree: entities linked to; betweenness: share of shortest paths through it"
        + ("" if result.betweenness == "exact" else f", {result.betweenness}") + ")",
        str(result.centrality_table()),
        f"Communities ({result.algorithm}, seed {COMMUNITY_SEED}; members most linked first)",
        *_communities_text(result.communities, members),
        "",
        "Most quoted speakers",
        str(result.speakers_table()),
    ])


def _communities_text(groups: Sequence[Community], members: int | None) -> list[str]:
    import textwrap

    lines = []
    for c in groups:
        shown = [e.label for e in c.members[:members]]
        more = len(c.members) - len(shown)
        text = "; ".join(shown) + (f"; and {more} more" if more else "")
        head = f"{c.number:>3}. ({len(c.members)}) "
        indent = max(12, len(head))
        lines += textwrap.wrap(text, width=100, initial_indent=f"{head:<{indent}}", subsequent_indent=" " * indent)
    return lines


def timeline_table(points: Iterable[TimelinePoint]):
    """The timeline's rows as a table (text in a terminal, HTML in a notebook)."""
    return Table.from_rows(["date", "kind", "value", "unit", "approx", "measure", "places", "statement"],
                           [[p.date, p.kind, spoken_number(p.value), p.unit, p.approximation or "", p.measure,
                             ", ".join(p.places), p.statement.rsplit("/", 1)[-1]] for p in points])


def render_timeline(points: Iterable[TimelinePoint], fmt: str = "table") -> str:
    """The timeline's rows as an aligned table or JSON."""
    points = list(points)
    if fmt == "json":
        return _json([p.to_dict() for p in points])
    return str(timeline_table(points))

