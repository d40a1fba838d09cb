"""Counting what a store holds."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .store import open_store, reads_union


def stats(store_path: Path) -> dict:
    """Counts of entities by type, statements by kind, quotations, evidence, edges and articles."""
    store = open_store(store_path)
    union = reads_union(store)
    query = (files("kgborder") / "sparql" / "stats.rq").read_text(encoding="utf-8")
    out: dict = {"entities": {}, "statements": {}, "articles": 0}
    for row in store.query(query, use_default_graph_as_union=union):
        group, cls, n = row["group"].value, row["class"].value, int(row["n"].value)
        name = cls.rsplit("#", 1)[-1]
        if group == "articles":
            out["articles"] = n
        else:
            out[group][name] = n
    out["quotations"] = out["statements"].get("Quotation", 0)
    out["evidence quotes"] = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/ns/oa#TextQuoteSelector> }",
                                    union)
    out["direct edges"] = _count(store, "PREFIX kgb: <https://w3id.org/kgborder/ontology#> "
                                        "SELECT (COUNT(*) AS ?n) WHERE { ?p kgb:statementClass ?c . ?s ?p ?o }",
                                 union)
    # Every triple queries read (each once, as `kgborder export` writes them).
    out["triples"] = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
                            if union else "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", union)
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


def _count(store, query: str, union: bool) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=union)))["n"].value)
