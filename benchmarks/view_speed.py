"""How fast `kgborder view` writes a large graph and how fast the page shows its first frame.

    python benchmarks/view_speed.py [--entities 5000] [--edges 10000] [--runs 3] [--chromium /usr/bin/chromium]
    python benchmarks/view_speed.py --compare-layouts

Generates a synthetic graph in kgborder's model (typed entities with names and descriptions;
statements with subject, relation, object, evidence quote and sometimes a quantity and a
time; the direct edges derived from them; one article), loads it into an Oxigraph store
like `kgborder build` does, and times:

- the write: `kgborder view --store DIR -o FILE` as a whole process (target: under 5 s);
- the first frame: opening the page in headless Chromium until vis-network's first
  'afterDrawing' event, from navigation start (target: under 3 s; the article graph's
  under 1 s).

Each figure is printed beside a baseline measured in the same run: pyvis's own
`Network.write_html` of the same nodes and edges (its default options, physics on), and
the first frame of that page. The article graph (the project's store) gets the same two
measurements. Needs a built store for the article graph (`kgborder build`).
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]

KGB = "https://w3id.org/kgborder/ontology#"
ID = "https://w3id.org/kgborder/id/"
ST = "https://w3id.org/kgborder/statement/synthetic/"
ARTICLE = "https://w3id.org/kgborder/article/synthetic"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ["Person", "Group", "GovernmentAgency", "SecurityForce", "CriminalOrganization", "Country", "State",
         "City", "BorderCrossing", "Substance", "SmugglingMethod", "Topic"]
RELATIONS = {"deploys": "Deployment", "seizes": "Seizure", "smuggles": "Smuggling", "worksFor": "Membership",
             "locatedIn": "Location", "commentsOn": "Quotation", "claimsAbout": "Claim", "surveils": "Surveillance"}
WORDS = ["border", "cartel", "fentanyl", "troops", "crossing", "seizure", "tariff", "agency", "sheriff", "tunnel",
         "trucks", "Nogales", "Sonora", "Arizona", "inspection", "officer", "shipment", "port", "policy", "guard"]


def synthetic_graph(entities: int = 5000, edges: int = 10000, seed: int = 0) -> bytes:
    """N-Triples of a graph in kgborder's model with ``entities`` entities and ``edges``
    statements, each giving one direct edge; a few entities are hubs, as in real news."""
    rng = random.Random(seed)
    lines: list[str] = []
    add = lines.append

    def lit(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    names = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}" for i in range(entities)]
    add(f"<{ARTICLE}> <{RDF_TYPE}> <{KGB}Article> .")
    add(f'<{ARTICLE}> <https://schema.org/headline> {lit("A synthetic article of " + str(edges) + " statements")} .')
    add(f'<{ARTICLE}> <https://schema.org/datePublished> "2025-02"^^<{XSD}gYearMonth> .')
    for i, name in enumerate(names):
        e = f"<{ID}e{i}>"
        add(f"{e} <{RDF_TYPE}> <{KGB}{rng.choice(TYPES)}> .")
        add(f"{e} <{LABEL}> {lit(name)} .")
        add(f"{e} <https://schema.org/description> {lit('A synthetic entity about ' + rng.choice(WORDS) + '.')} .")
        if i % 7 == 0:
            add(f"{e} <http://www.w3.org/2004/02/skos/core#altLabel> {lit('E' + str(i))} .")
        add(f"<{ARTICLE}> <https://schema.org/mentions> {e} .")
    hubs = max(1, entities // 50)
    for j in range(edges):
        a = rng.randrange(hubs) if rng.random() < 0.3 else rng.randrange(entities)
        b = rng.randrange(entities)
        if a == b:
            b = (b + 1) % entities
        relation = rng.choice(list(RELATIONS))
        s, ev = f"<{ST}s{j}>", f"{ST}s{j}/evidence-1"
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + f" ({names[a]}, {names[b]})."
        for line in (
            f"{s} <{RDF_TYPE}> <{KGB}Statement> .",
            f"{s} <{RDF_TYPE}> <{KGB}{RELATIONS[relation]}> .",
            f"{s} <{LABEL}> {lit(f'{names[a]} – {relation} – {names[b]}')} .",
            f"{s} <{KGB}subject> <{ID}e{a}> .",
            f"{s} <{KGB}relation> <{KGB}{relation}> .",
            f"{s} <{KGB}object> <{ID}e{b}> .",
            f"{s} <http://www.w3.org/ns/prov#wasDerivedFrom> <{ARTICLE}> .",
            f"{s} <{KGB}evidence> <{ev}> .",
            f"<{ev}> <{RDF_TYPE}> <{OA}Annotation> .",
            f"<{ev}> <{OA}hasBody> {s} .",
            f"<{ev}> <{OA}hasTarget> <{ev}/target> .",
            f"<{ev}/target> <{RDF_TYPE}> <{OA}SpecificResource> .",
            f"<{ev}/target> <{OA}hasSource> <{ARTICLE}> .",
            f"<{ev}/target> <{OA}hasSelector> <{ev}/quote> .",
            f"<{ev}/target> <{OA}hasSelector> <{ev}/position> .",
            f"<{ev}/quote> <{RDF_TYPE}> <{OA}TextQuoteSelector> .",
            f"<{ev}/quote> <{OA}exact> {lit(sentence)} .",
            f"<{ev}/quote> <{OA}prefix> {lit('the text just before. ')} .",
            f"<{ev}/quote> <{OA}suffix> {lit(' And the text after')} .",
            f"<{ev}/position> <{RDF_TYPE}> <{OA}TextPositionSelector> .",
            f'<{ev}/position> <{OA}start> "{j * 120}"^^<{XSD}integer> .',
            f'<{ev}/position> <{OA}end> "{j * 120 + len(sentence)}"^^<{XSD}integer> .',
            f"<{ID}e{a}> <{KGB}{relation}> <{ID}e{b}> .",
        ):
            add(line)
        if j % 5 == 0:
            add(f"{s} <{KGB}quantity> <{ST}s{j}/quantity> .")
            add(f"<{ST}s{j}/quantity> <http://qudt.org/schema/qudt/numericValue> "
                f'"{rng.randrange(1, 20000)}.0"^^<{XSD}decimal> .')
            add(f"<{ST}s{j}/quantity> <{KGB}unitLabel> \"members\" .")
            add(f'{s} <{KGB}time> "{rng.randrange(2019, 2026)}"^^<{XSD}gYear> .')
            add(f"{s} <{KGB}timePrecision> <{KGB}year> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_store(data: bytes, store_dir: Path) -> None:
    """An Oxigraph store laid out as `kgborder build` lays it out: data and ontology in the default graph."""
    import pyoxigraph

    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.bulk_load((ROOT / "ontology" / "kgborder.ttl").read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()


def time_cli(store_dir: Path, output: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "kgborder"), "--project", str(ROOT), "view", "--store", str(store_dir),
                    "-o", str(output)], check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def pyvis_baseline(page, output: Path) -> float:
    """pyvis's own write_html of the same nodes and edges (its template and default options)."""
    from pyvis.network import Network

    nodes, edges = page.network.nodes, page.network.edges
    relation = {r["key"]: r["label"] for r in page.page["relations"]}
    started = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for n in nodes:
        net.add_node(n["id"], label=n["label"], color=n["color"], shape=n["shape"], size=n["size"], title=n["title"])
    for e in edges:
        net.add_edge(e["from"], e["to"], label=relation[e["rel"]], title=e["title"])
    net.write_html(str(output))
    return time.perf_counter() - started


# Installed before the page's own scripts: records the first 'afterDrawing' of whatever
# vis.Network the page makes (pyvis's pages do not).
_HOOK = """
(() => {
  const wait = setInterval(() => {
    if (!window.vis || !window.vis.Network || window.vis.Network.__hooked) return;
    const Original = window.vis.Network;
    function Hooked(...args) {
      const net = new Original(...args);
      net.once('afterDrawing', () => { window.__firstFrame = window.__firstFrame || performance.now(); });
      return net;
    }
    Hooked.prototype = Original.prototype;
    Hooked.__hooked = true;
    window.vis.Network = Hooked;
    clearInterval(wait);
  }, 0);
})();
"""


def first_frame(browser, path: Path, timeout_s: float, own: bool) -> float | None:
    """Seconds from navigation start to the page's first drawn frame (None: not within timeout_s)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.route("http*://**", lambda route: route.abort())
    if not own:
        page.add_init_script(_HOOK)
    marker = "() => window.kgborderFirstFrame" if own else "() => window.__firstFrame"
    try:
        page.goto(path.as_uri(), wait_until="commit")
        # A function, not a string: kgborder's Content-Security-Policy forbids eval.
        page.wait_for_function(f"{marker} !== undefined", timeout=timeout_s * 1000, polling=50)
        return page.evaluate(marker) / 1000
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def compare_layouts(entities: int, edges: int) -> None:
    """Time igraph's Fruchterman-Reingold (what kgborder view uses) against networkx's
    spring_layout (the same algorithm; needs numpy and scipy) on the synthetic graph's edges."""
    import igraph
    import networkx as nx
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(synthetic_graph(entities, edges), format=pyoxigraph.RdfFormat.N_TRIPLES)
    pairs = sorted({(t.subject.value, t.object.value) for t in store.quads_for_pattern(None, None, None)
                    if t.subject.value.startswith(ID) and isinstance(t.object, pyoxigraph.NamedNode)
                    and t.object.value.startswith(ID)})
    names = sorted({n for pair in pairs for n in pair})
    index = {n: i for i, n in enumerate(names)}
    print(f"layouts of {len(names):,} linked entities and {len(pairs):,} edges:")
    started = time.perf_counter()
    igraph.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs]).layout_fruchterman_reingold(
        grid="auto", niter=300)
    print(f"  igraph layout_fruchterman_reingold (grid, 300 steps): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    nx.spring_layout(nx.Graph(pairs), seed=0)
    print(f"  networkx spring_layout (50 steps): {time.perf_counter() - started:.2f} s")


def median(values: list[float | None]) -> float | None:
    """The median, where a run that did not finish counts as the slowest; None if most did not."""
    ordered = sorted(values, key=lambda v: float("inf") if v is None else v)
    return ordered[len(ordered) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs of each measurement")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--baseline-timeout", type=float, default=60.0,
                        help="give up on a baseline page's first frame after this many seconds (measured once)")
    parser.add_argument("--compare-layouts", action="store_true",
                        help="only time igraph's and networkx's force-directed layouts of the synthetic graph")
    args = parser.parse_args()
    if args.compare_layouts:
        compare_layouts(args.entities, args.edges)
        return
    from playwright.sync_api import sync_playwright

    from kgborder.view import view

    rows = []
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        synthetic = tmp / "store"
        make_store(synthetic_graph(args.entities, args.edges), synthetic)
        cases = [(f"synthetic: {args.entities:,} entities, {args.edges:,} edges", synthetic, 5.0, 3.0),
                 ("article graph (the project's store)", ROOT / ".kgborder" / "store", 5.0, 1.0)]
        for name, store_dir, write_target, frame_target in cases:
            ours, base_file = tmp / "view.html", tmp / "pyvis.html"
            write = median([time_cli(store_dir, ours) for _ in range(args.runs)])
            frame = median([first_frame(browser, ours, 30, own=True) for _ in range(args.runs)])
            page = view(store_dir, project=ROOT)
            base_write = median([pyvis_baseline(page, base_file) for _ in range(args.runs)])
            base_frame = first_frame(browser, base_file, args.baseline_timeout, own=False)
            rows.append((name, "write (whole `kgborder view` process)", write, write_target,
                         "pyvis `write_html`, same nodes and edges", base_write))
            rows.append((name, "first frame in Chromium", frame, frame_target,
                         "first frame of pyvis's page", base_frame))
        browser.close()

    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} runs, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| graph | measure | kgborder s | target s | baseline | baseline s | ratio |")
    print("|---|---|---:|---:|---|---:|---:|")
    for name, measure, ours, target, base_name, base in rows:
        verdict = "ok" if ours is not None and ours < target else "SLOW"
        shown = "> 30" if ours is None else f"{ours:.2f}"
        if base is None:
            base_shown, ratio = f"> {args.baseline_timeout:g}", (
                f"< {ours / args.baseline_timeout:.2f}x" if ours is not None else "n/a")
        else:
            base_shown, ratio = f"{base:.2f}", f"{ours / base:.2f}x" if ours is not None else "n/a"
        print(f"| {name} | {measure} | {shown} | {target:g} ({verdict}) | {base_name} | {base_shown} | {ratio} |")


if __name__ == "__main__":
    main()
