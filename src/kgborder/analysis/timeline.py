"""The timeline: every dated quantity, share and change of the graph, as rows and as a
matplotlib chart with one panel per unit."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..names import fold, local_name
from ..text import compact_number, spoken_number
from .graph import AnalysisError, _fallback, _run, _text, entities

# A chart panel with more points than this shows them without labels (they would overlap).
LABELS_PER_PANEL = 20


_UNIT_SYMBOLS = {"percent": "%"}


@dataclass(frozen=True)
class TimelinePoint:
    """One dated number: a statement's quantity, share or change, with what it measures."""

    statement: str
    kind: str                      # quantity, share or change
    date: str                      # as the graph gives it: 2024, 2025-02, 2025-02-04
    year: int
    precision: str                 # year, month or day
    value: float
    unit: str                      # as written: tonnes, percent, crossings
    approximation: str | None
    measure: str                   # what is counted
    subject: str | None
    places: tuple[str, ...] = ()
    trend: str | None = None
    inferred: bool = False
    statement_kind: str = ""
    article: str | None = None

    @property
    def x(self) -> float:
        """The date as a fractional year (2025-02-04 -> 2025.09), for plotting."""
        from datetime import date

        parts = [int(p) for p in self.date.split("-")[:3]]
        if len(parts) == 1:
            return float(parts[0])
        start = date(parts[0], 1, 1)
        day = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        return parts[0] + (day - start).days / 365.25

    @property
    def number(self) -> str:
        """The value as the article would write it: 12 tonnes, about 10.6 million crossings, -21%."""
        text = spoken_number(self.value)
        symbol = _UNIT_SYMBOLS.get(self.unit)
        text = f"{text}{symbol}" if symbol else f"{text} {self.unit}"
        return f"{self.approximation} {text}" if self.approximation else text

    @property
    def label(self) -> str:
        """What the chart writes beside the point."""
        where = f" at {', '.join(self.places)}" if self.places else ""
        return f"{self.number}: {self.measure}{where}"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["places"] = list(self.places)
        out["number"] = self.number
        out["label"] = self.label
        return out


def _words(text: str) -> list[str]:
    # a plural's 's' aside, so that "seizures" finds a Seizure
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in re.findall(r"[\w%]+", fold(text))]


def timeline_data(source=None, measure: str | None = None, project_root: Path | str | None = None
                  ) -> list[TimelinePoint]:
    """Every dated quantity, share and change, in date order.

    ``measure``: keep the points whose description (what is measured, the statement's kind,
    the subject, the unit, the places) contains every word of it, case and plurals aside.
    """
    parts: dict[tuple[str, str], dict[str, Any]] = {}
    sets: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    needed = set()
    for row in _run("analysis-timeline", source, project_root):
        key = (str(row.statement), str(row.kind))
        parts.setdefault(key, {
            "time": str(row.time), "value": float(row.value), "unit": _text(row.unitLabel) or _unit_name(row.unit),
            "approximation": _text(row.approximation), "trend": _text(row.trend), "measure": _text(row.measure),
            "precision": _text(row.precision), "inferred": bool(row.inferred is not None and row.inferred.toPython()),
            "relation": _text(row.relationLabel), "article": _text(row.article)})
        for column in ("subject", "object", "place", "kindLabel"):
            value = row[column]
            if value is not None:
                sets[key][column].add(str(value))
                if column != "kindLabel":
                    needed.add(str(value))
    known = entities(source, project_root) if needed else {}

    def name(iri: str) -> str:
        return (known.get(iri) or _fallback(iri)).label

    points = []
    for (statement, kind), p in parts.items():
        s = sets[(statement, kind)]
        subjects = sorted(name(i) for i in s["subject"])
        objects = sorted(name(i) for i in s["object"])
        what = p["measure"] or " ".join(x for x in (", ".join(subjects), p["relation"], ", ".join(objects)) if x)
        kinds = sorted(k for k in s["kindLabel"] if k != "Statement")
        precision = local_name(p["precision"] or "") or {1: "year", 2: "month"}.get(
            len(p["time"].split("-")), "day")
        points.append(TimelinePoint(
            statement=statement, kind=kind, date=p["time"], year=int(p["time"][:4]), precision=precision,
            value=p["value"], unit=p["unit"], approximation=p["approximation"], measure=what,
            subject=", ".join(subjects) or None, places=tuple(sorted(name(i) for i in s["place"])),
            trend=p["trend"], inferred=p["inferred"], statement_kind=", ".join(kinds), article=p["article"]))
    if measure:
        wanted = _words(measure)
        points = [pt for pt in points
                  if all(w in " ".join(_words(" ".join([pt.measure, pt.statement_kind, pt.subject or "", pt.unit,
                                                        pt.kind, *pt.places]))) for w in wanted)]
    return sorted(points, key=lambda pt: (pt.x, pt.unit, pt.kind, pt.measure, pt.statement))


def _unit_name(unit) -> str:
    return "" if unit is None else local_name(str(unit)).lower()


def timeline_figure(data=None, measure: str | None = None, project_root: Path | str | None = None):
    """A matplotlib Figure of the dated numbers: one panel per unit (tonnes and percent never
    share an axis), a stem and a marker per number, each labelled with what it is.

    ``data``: rows from ``timeline_data``, or where to read them (an rdflib Graph, a store
    directory, or None for the project's store; ``measure`` then filters them).
    """
    # no pyplot: the Agg canvas, never a GUI backend, so it is safe in servers, tests and threads
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if data is None or not isinstance(data, (list, tuple)):
        data = timeline_data(data, measure=measure, project_root=project_root)
    points: list[TimelinePoint] = list(data)
    if not points:
        raise AnalysisError("no dated quantities to chart" + (f" for {measure!r}" if measure else ""))
    panels: dict[str, list[TimelinePoint]] = {}
    for pt in sorted(points, key=lambda p: (p.x, p.unit)):
        panels.setdefault(pt.unit, []).append(pt)
    fig = Figure(figsize=(11, 1.0 + 2.3 * len(panels)), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    years = sorted({p.year for p in points})
    colors = {"quantity": "#1f5f8b", "share": "#2a9d8f", "change": "#c0392b"}
    markers = {"quantity": "o", "share": "s", "change": "v"}
    for ax, (unit, group) in zip(axes, panels.items(), strict=True):
        dense = len(group) > LABELS_PER_PANEL  # then: small points, no stems, no labels
        xs = {id(p): p.x for p in group} if dense else _dodge(group)
        styles: dict[tuple[str, str], list[TimelinePoint]] = defaultdict(list)  # one artist per style
        for pt in group:
            styles[(pt.kind, "^" if pt.kind == "change" and pt.value > 0 else markers.get(pt.kind, "o"))].append(pt)
        for (kind, marker), pts in styles.items():
            color = colors.get(kind, "#555555")
            if not dense:
                ax.vlines([xs[id(p)] for p in pts], 0, [p.value for p in pts], color=color, linewidth=2, alpha=0.6)
            ax.plot([xs[id(p)] for p in pts], [p.value for p in pts], marker=marker, markersize=3 if dense else 9,
                    color=color, alpha=0.5 if dense else 1.0, linestyle="none", label=kind, zorder=3)
        # join the points of one series (same measure, kind, unit and places) across dates
        series: dict[tuple, list[TimelinePoint]] = defaultdict(list)
        for pt in group:
            series[(pt.measure, pt.kind, pt.places)].append(pt)
        for line in series.values():
            if len(line) > 1 and not dense:
                ax.plot([xs[id(p)] for p in line], [p.value for p in line], color=colors.get(line[0].kind, "#555"),
                        linewidth=1, linestyle="--", alpha=0.7)
        low, high = min(0.0, *(p.value for p in group)), max(0.0, *(p.value for p in group))
        span = (high - low) or 1.0
        ax.set_ylim(low - 0.25 * span, high + 0.3 * span)
        ax.axhline(0, color="#999999", linewidth=0.8)
        if not dense:
            _annotate(ax, group, span, xs)
        else:
            ax.set_title(f"{len(group)} numbers: too many to label (narrow them with a measure)",
                         fontsize=9, loc="right", color="#555555")
        symbol = _UNIT_SYMBOLS.get(unit)
        ax.set_ylabel(unit, fontsize=10)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _pos, s=symbol: f"{compact_number(v)}{s}" if s else compact_number(v)))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles, strict=True))
        if len(unique) > 1:
            ax.legend(unique.values(), unique.keys(), loc="best", fontsize=8, frameon=False)
    labelled = any(len(group) <= LABELS_PER_PANEL for group in panels.values())
    axes[-1].set_xlim(years[0] - 0.5, years[-1] + (1.9 if labelled else 1.2))  # room on the right for labels
    if years[-1] - years[0] <= 12:
        axes[-1].set_xticks(years)
    else:
        axes[-1].xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    axes[-1].xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    axes[-1].set_xlabel("date")
    fig.suptitle("Dated quantities, shares and changes", fontsize=13, fontweight="bold")
    return fig


def _dodge(group: list[TimelinePoint]) -> dict[int, float]:
    """Where to draw each point: points of one date side by side, so no stem hides another."""
    by_x: dict[float, list[TimelinePoint]] = defaultdict(list)
    for pt in group:
        by_x[pt.x].append(pt)
    out = {}
    for x, pts in by_x.items():
        for i, pt in enumerate(sorted(pts, key=lambda p: -p.value)):
            out[id(pt)] = x + (i - (len(pts) - 1) / 2) * 0.05
    return out




def _annotate(ax, group: list[TimelinePoint], span: float, xs: dict[int, float]) -> None:
    """Write each point's label to its right; labels of points at the same date are spread
    apart vertically so that they never overlap."""
    import textwrap

    by_x: dict[float, list[TimelinePoint]] = defaultdict(list)
    for pt in group:
        by_x[pt.x].append(pt)
    gap = 0.22 * span  # vertical room one label needs, in data units
    for pts in by_x.values():
        pts.sort(key=lambda p: -p.value)
        positions: list[float] = []
        for pt in pts:
            y = pt.value if not positions else min(pt.value, positions[-1] - gap)
            positions.append(y)
        # centre the block on the points when it was pushed down
        shift = (sum(p.value for p in pts) - sum(positions)) / len(pts) if len(pts) > 1 else 0.0
        for pt, y in zip(pts, positions, strict=True):
            text = textwrap.fill(pt.label, width=58) + (" (date inferred)" if pt.inferred else "")
            ax.annotate(text, xy=(xs[id(pt)], pt.value), xytext=(max(xs[id(p)] for p in pts) + 0.06, y + shift),
                        fontsize=8.5,
                        va="center", ha="left", color="#222222",
                        arrowprops={"arrowstyle": "-", "color": "#aaaaaa", "linewidth": 0.6})




def write_figure(figure, path_or_file, fmt: str) -> None:
    """Save a Figure as PNG or SVG to a path or a binary file."""
    if fmt not in ("png", "svg"):
        raise AnalysisError(f"a chart is written as png or svg, not {fmt}")
    kwargs = {"metadata": {"Date": None}} if fmt == "svg" else {"metadata": {"Software": None}}
    figure.savefig(path_or_file, format=fmt, dpi=150, **kwargs)

