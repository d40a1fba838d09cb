"""kgborder against plain rdflib, side by side, on synthetic corpora of growing size.

    python benchmarks/scale.py --sizes 10k 100k 1M 5M [--runs 5] [--rdflib-max 1M]

For each size: generate the corpus (benchmarks/generate.py, cached in benchmarks/data/),
then measure, on the same data in the same run:

- load: a whole `kgborder load` process into a fresh store vs a whole process that parses
  the file with rdflib into an in-memory Graph; wall time (median of --runs) and peak memory
  (max RSS) of each;
- every saved query: median of --runs runs on kgborder (Oxigraph store, through
  kgborder.query) vs --rdflib-runs runs on rdflib (Graph.query on the parsed graph; a query
  still running after --rdflib-timeout seconds is shown as "timeout");
- export to N-Triples: `kgborder export -f nt` vs rdflib's serializer;
- one whole `kgborder query deployments` process on the built store vs a process that
  parses the corpus with rdflib and then runs the same query.

rdflib is skipped above --rdflib-max triples (it needs hours and tens of GB there). Results
go to stdout as Markdown tables and to benchmarks/data/results-<size>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
BIN = Path(sys.executable).parent
ONTOLOGY = ROOT / "ontology" / "kgborder.ttl"
PARAMS = {  # values that exist in every synthetic corpus
    "entity": "person-0", "article": "synthetic-000000", "month": "2015-01",
    "statement": "<https://w3id.org/kgborder/statement/synthetic-000000/s0>",
}


def size_of(text: str) -> int:
    text = text.lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def peak_of(cmd: list[str]) -> tuple[float, int, bytes]:
    """Wall time, the child's own peak RSS in MB (from wait4) and its stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read output while waiting so large outputs cannot block the child.
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{err.decode()[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024, out


KGBORDER_WORKER = r"""
import json, statistics, sys, time
from pathlib import Path
import kgborder
store, runs, params = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
out = {}
for name, saved in kgborder.saved_queries().items():
    bind = {p.name: params[p.name if p.name in params else p.type] for p in saved.params if not p.optional}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = kgborder.query(name, source=store, params=bind, timeout=None)
        rows = len(result) if result.type != "ASK" else 1
        times.append(time.perf_counter() - t)
    out[name] = {"median": statistics.median(times), "rows": rows}
print(json.dumps(out))
"""

RDFLIB_WORKER = r"""
import json, resource, signal, statistics, sys, time
import rdflib
import kgborder
corpus, ontology, runs, params, do_queries = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5] == "1"
out = {}
t = time.perf_counter()
g = rdflib.Graph()
g.parse(corpus, format="nt")
out["parse"] = time.perf_counter() - t
out["parse_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
g.parse(ontology, format="turtle")
class Slow(BaseException):  # not an Exception, so that no handler on the way swallows it
    pass
def alarm(*_):
    raise Slow()
signal.signal(signal.SIGALRM, alarm)
queries = {}
if do_queries:
    for name, saved in kgborder.saved_queries().items():
        bind = {p.name: params[p.name if p.name in params else p.type] for p in saved.params if not p.optional}
        times = []
        try:
            for _ in range(runs):
                signal.alarm(int(sys.argv[6]))
                t = time.perf_counter()
                result = kgborder.query(name, source=g, params=bind, timeout=None)
                rows = len(result) if result.type != "ASK" else 1
                times.append(time.perf_counter() - t)
                signal.alarm(0)
            queries[name] = {"median": statistics.median(times), "rows": rows}
        except Slow:
            queries[name] = {"median": None, "rows": None}
out["queries"] = queries
t = time.perf_counter()
g.serialize(format="nt", encoding="utf-8")
out["export"] = time.perf_counter() - t
print(json.dumps(out))
"""

RDFLIB_LOAD = r"""
import sys, rdflib
rdflib.Graph().parse(sys.argv[1], format="nt")
"""

PARSE_AND_QUERY = r"""
import sys, rdflib
import kgborder
g = rdflib.Graph(); g.parse(sys.argv[1], format="nt"); g.parse(sys.argv[2], format="turtle")
sys.stdout.write(kgborder.query(sys.argv[3], source=g, timeout=None).serialize(format="csv").decode())
"""


def fmt(seconds: float | None) -> str:
    return "timeout" if seconds is None else f"{seconds:.3f}"


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or ours == 0:
        return "-"
    return f"{theirs / ours:.1f}x"


def bench(label: str, runs: int, with_rdflib: bool, rdflib_runs: int, rdflib_timeout: int,
          with_queries: bool = True) -> dict:
    n = size_of(label)
    corpus = DATA / f"corpus-{label}.nt"
    if not corpus.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--triples", str(n),
                        "-o", str(corpus)], check=True)
    triples = sum(1 for _ in open(corpus, "rb"))
    kgborder = str(BIN / "kgborder")
    work = Path(tempfile.mkdtemp(prefix="kgborder-bench-"))
    store = work / "store"
    result: dict = {"size": label, "triples": triples, "file_mb": round(corpus.stat().st_size / 2**20, 1),
                    "rdflib_timeout": rdflib_timeout}
    try:
        # Laid out as `kgborder build` lays a store out: the data and the ontology in the
        # default graph. kgborder's and rdflib's runs alternate, so that the machine's noise
        # falls on both sides alike.
        rdflib: dict = {}
        loads, their_loads = [], []
        for _ in range(max(1, runs)):
            shutil.rmtree(store, ignore_errors=True)
            loads.append(peak_of([kgborder, "load", "--store", str(store), "--graph", "default", str(corpus)]))
            if with_rdflib:
                their_loads.append(peak_of([sys.executable, "-c", RDFLIB_LOAD, str(corpus)]))
        result["load"] = statistics.median(t for t, _, _ in loads)
        result["load_peak_mb"] = max(peak for _, peak, _ in loads)
        if with_rdflib:
            rdflib["load"] = statistics.median(t for t, _, _ in their_loads)
            rdflib["load_peak_mb"] = max(peak for _, peak, _ in their_loads)
        peak_of([kgborder, "load", "--store", str(store), "--graph", "default", str(ONTOLOGY)])
        process, their_process = [], []
        for _ in range(max(3, runs)):
            process.append(peak_of([kgborder, "query", "--store", str(store), "deployments", "-f", "csv"])[0])
            if with_rdflib:
                their_process.append(peak_of([sys.executable, "-c", PARSE_AND_QUERY, str(corpus), str(ONTOLOGY),
                                              "deployments"])[0])
        result["query_process"] = statistics.median(process)
        if with_rdflib:
            rdflib["query_process"] = statistics.median(their_process)
        result["queries"] = {}
        if with_queries:
            out = peak_of([sys.executable, "-c", KGBORDER_WORKER, str(store), str(runs), json.dumps(PARAMS)])[2]
            result["queries"] = json.loads(out)
        result["export"] = peak_of([kgborder, "export", "--store", str(store), "-f", "nt", "-o",
                                    str(work / "out.nt")])[0]
        if with_rdflib:
            t, peak, out = peak_of([sys.executable, "-c", RDFLIB_WORKER, str(corpus), str(ONTOLOGY),
                                    str(rdflib_runs), json.dumps(PARAMS), "1" if with_queries else "0",
                                    str(rdflib_timeout)])
            result["rdflib"] = {**json.loads(out), "peak_mb": peak, **rdflib}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (DATA / f"results-{label}.json").write_text(json.dumps(result, indent=2))
    return result


def report(results: list[dict]) -> None:
    print("| size | triples | kgborder load process s | rdflib load process s | speed-up | kgborder load peak MB | rdflib load peak MB "
          "| memory ratio | kgborder export s | rdflib export s | `kgborder query` process s | rdflib parse+query process s | speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        rl = r.get("rdflib", {})
        mem = f"{r['load_peak_mb'] / rl['load_peak_mb']:.2f}" if rl else "-"
        print(f"| {r['size']} | {r['triples']:,} | {r['load']:.2f} | {fmt(rl.get('load')) if rl else '-'} | "
              f"{ratio(r['load'], rl.get('load'))} | {r['load_peak_mb']} | {rl.get('load_peak_mb', '-')} | {mem} | "
              f"{r['export']:.2f} | {fmt(rl.get('export')) if rl else '-'} | {r['query_process']:.3f} | "
              f"{fmt(rl.get('query_process')) if rl else '-'} | {ratio(r['query_process'], rl.get('query_process'))} |")
    for r in results:
        if not r["queries"]:
            continue
        rl = r.get("rdflib", {}).get("queries", {})
        print(f"\nSaved queries at {r['size']} ({r['triples']:,} triples), median of the runs, seconds:\n")
        print("| query | rows | kgborder | rdflib | speed-up |")
        print("|---|---:|---:|---:|---:|")
        for name, q in r["queries"].items():
            theirs = rl.get(name, {}).get("median") if rl else None
            shown = fmt(theirs) if rl else "-"
            speedup = ratio(q['median'], theirs)
            if rl and theirs is None and name in rl:  # rdflib timed out: at least timeout / ours
                speedup = f"> {r['rdflib_timeout'] / q['median']:.0f}x"
            print(f"| {name} | {q['rows']} | {q['median']:.4f} | {shown} | {speedup} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k", "1M"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-max", default="1M", help="skip rdflib above this size")
    parser.add_argument("--rdflib-runs", type=int, default=1, help="runs of each query on rdflib")
    parser.add_argument("--no-queries", action="store_true", help="skip the per-query medians")
    parser.add_argument("--rdflib-timeout", type=int, default=120,
                        help="give up an rdflib query after this many seconds (shown as timeout)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n", flush=True)
    results = []
    for label in args.sizes:
        results.append(bench(label, args.runs, size_of(label) <= size_of(args.rdflib_max),
                             args.rdflib_runs, args.rdflib_timeout, not args.no_queries))
        print(f"done {label}", file=sys.stderr, flush=True)
    report(results)


if __name__ == "__main__":
    main()
