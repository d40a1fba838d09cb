"""Whole-process times of the CLI, side by side with what they are compared against.

    python benchmarks/cli_speed.py [--runs 15]

Run from the repository after `kgborder build`. Prints the median wall time of each
command over several runs and the ratio to its baseline:

- `kgborder --help` against a bare `python -c "import click"` (the floor for a click CLI),
  target under 0.25 s;
- `kgborder query <saved query>` (reads the built Oxigraph store) against a script that
  parses graph/kgborder.ttl with rdflib and runs the same query, target under 0.6 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", default="deployments", help="saved query to time")
    args = parser.parse_args()
    kgborder = str(BIN / "kgborder")
    query_file = ROOT / "src" / "kgborder" / "queries" / f"{args.query}.rq"
    rdflib_script = (
        "import rdflib, sys; g = rdflib.Graph(); g.parse(sys.argv[1]); g.parse(sys.argv[2]); "
        "r = g.query(open(sys.argv[3]).read()); sys.stdout.write(r.serialize(format='csv').decode())"
    )
    rows = [
        ("kgborder --help", [kgborder, "--help"],
         'python -c "import click"', [sys.executable, "-c", "import click"], 0.25),
        (f"kgborder query {args.query} -f csv", [kgborder, "query", args.query, "-f", "csv"],
         "rdflib: parse Turtle + same query", [sys.executable, "-c", rdflib_script, "graph/kgborder.ttl",
                                               "ontology/kgborder.ttl", str(query_file)], 0.6),
    ]
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} runs\n")
    print("| command | median s | target s | baseline | baseline s | ratio |")
    print("|---|---:|---:|---|---:|---:|")
    for name, cmd, base_name, base_cmd, target in rows:
        t = median_seconds(cmd, args.runs)
        b = median_seconds(base_cmd, args.runs)
        verdict = "ok" if t < target else "SLOW"
        print(f"| `{name}` | {t:.3f} | {target} ({verdict}) | `{base_name}` | {b:.3f} | {t / b:.2f}x |")


if __name__ == "__main__":
    main()
