"""How the time of `kgborder add` grows with the article's length: it should grow in proportion.

    python benchmarks/add_speed.py [--sizes 10000,100000,1000000,10000000]

Each size is a synthetic article made by ``article()`` (news-like paragraphs with new names,
quotations, numbers and dates in every paragraph; written for this benchmark, not real news),
added to a fresh copy of the project's sources by the `kgborder` command in its own process.
Prints, side by side, the size, the wall time, the time per megabyte and the ratio of each
time to the one before it: with sizes ten times apart, a ratio near 10 is linear and one near
100 quadratic.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

_SYLLABLES = ["ma", "ri", "so", "len", "ca", "tor", "vel", "an", "de", "lu", "ber", "gon", "za", "mi", "ro", "pe",
              "dra", "quin", "sa", "to"]
_AGENCIES = ["Customs and Border Protection", "the National Guard", "the Department of Homeland Security",
             "the Sinaloa Cartel", "the Border Patrol"]
_PLACES = ["Nogales, Arizona", "Nogales", "Tucson", "Sonora", "Santa Cruz County"]


def _name(rng: random.Random) -> str:
    return " ".join(rng.choice(_SYLLABLES).capitalize() + rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES)
                    for _ in range(2))


def _paragraph(rng: random.Random) -> str:
    a, b = _name(rng), _name(rng)
    n = rng.randint(2, 9000)
    return " ".join([
        f"{a}, the mayor of {rng.choice(_PLACES)}, praised the agents of {rng.choice(_AGENCIES)}.",
        f'"This is what cooperation looks like, number {n}," says {a.split()[-1]}.',
        f"Claudia Sheinbaum had sent {n:,} additional troops to the border in 20{rng.randint(10, 30)}.",
        f"Officials said on March {rng.randint(1, 28)}th that about {rng.randint(1, 99)}% of "
        f"{rng.randint(2, 90)} tonnes of fentanyl were seized.",
        f'{b} remained doubtful. "Seizures alone will not end addiction in {rng.choice(_PLACES)}," he explains.',
        f"Sheriff {b} of {rng.choice(_PLACES)} told David Hathaway that U.S. Customs and Mr. Smith agreed.",
    ]) + "\n\n"


def article(size: int, seed: int = 1) -> str:
    """A synthetic article of ``size`` characters; the same seed gives the same text."""
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size:
        parts.append(_paragraph(rng))
        length += len(parts[-1])
    return "".join(parts)[:size]


def add_seconds(size: int, work: Path) -> float:
    """Wall time of `kgborder add` for an article of ``size`` characters, in a fresh project."""
    project = work / f"project-{size}"
    project.mkdir()
    shutil.copytree(ROOT / "graph", project / "graph")
    shutil.copytree(ROOT / "ontology", project / "ontology")
    source = work / f"article-{size}.txt"
    source.write_text(article(size), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([str(BIN / "kgborder"), "--project", str(project), "add", str(source),
                    "--title", f"Synthetic article of {size} characters", "--date", "2025-03-04"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,10000000",
                        help="comma-separated article sizes in characters")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'size':>12}  {'seconds':>8}  {'s per MB':>8}  {'ratio to previous':>17}")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            seconds = add_seconds(size, Path(tmp))
            ratio = f"{seconds / previous:.1f}" if previous else ""
            print(f"{size:>12,}  {seconds:>8.2f}  {seconds / size * 1e6:>8.2f}  {ratio:>17}", flush=True)
            previous = seconds


if __name__ == "__main__":
    main()
