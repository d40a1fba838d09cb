"""Counting what a store holds."""
from __future__ import annotations

from pathlib import Path

from . import sparql
from .store import open_store, reads_union


def stats(store_path: Path) -> dict:
    """Counts of entities by type, statements by kind, quotations, evidence, edges and articles."""
    store = open_store(store_path)
    out: dict = {"entities": {}, "statements": {}, "articles": 0}
    for row in sparql.select(store, "stats"):
        group, cls, n = row["group"].value, row["class"].value, int(row["n"].value)
        name = cls.rsplit("#", 1)[-1]
        if group == "articles":
            out["articles"] = n
        else:
            out[group][name] = n
    out["quotations"] = out["statements"].get("Quotation", 0)
    out["evidence quotes"] = _count(store, "stats-evidence-quotes")
    out["direct edges"] = _count(store, "stats-direct-edges")
    # Every triple queries read (each once, as `kgborder export` writes them).
    out["triples"] = _count(store, "stats-distinct-triples" if reads_union(store) else "stats-triples")
    return out


def table(result: dict) -> str:
    """``stats``'s counts as the aligned two-column text table `kgborder stats` prints."""
    rows: list[tuple[str, str]] = []
    for group in ("entities", "statements"):
        rows.append((group, str(sum(result[group].values()))))
        rows.extend((f"  {name}", str(n)) for name, n in sorted(result[group].items()))
    for key in ("quotations", "evidence quotes", "direct edges", "articles", "triples"):
        rows.append((key, str(result[key])))
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{key:<{width}}  {value:>6}" for key, value in rows)


def _count(store, name: str) -> int:
    return int(next(iter(sparql.select(store, name)))["n"].value)
