"""Hostile and careless input to the curation side: `kgborder add` and `kgborder build`.

Each test here failed on the code before its fix. Times and memory are measured in child
processes, so that one case cannot hide in another's numbers.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def child(code: str, timeout: float) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python with kgborder importable; fail the test on a timeout."""
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s")


# --- kgborder add takes time in proportion to the text ---------------------------------------

# Texts of a given length: news-like prose, and shapes that once made one part or another read
# the text again for each thing found in it.
_SHAPES = {
    "news": "article(n)",
    "digits": "'1' * n",
    "one space run": "'a' + ' ' * n + 'b'",
    "no sentence end": "'word ' * (n // 5)",
    "new names": "' '.join(f'met Ab{i} Cd{i} today.' for i in range(n // 24))",
    "quotations": "'\"ab\" ' * (n // 5)",
    "speakers and roles": "' '.join(f'Bob Ray{i}, the mayor, came. \"We agree,\" says Ray{i}. Sheriff Al Ng{i} said.'"
                          " for i in range(n // 70))",
    "surnames": "('Juan Ruiz said. ' + 'Ruiz ' * 20) * (n // 116)",
    "abbreviations": "'Mr. A. B. Smith arrived. ' * (n // 25)",
    "carriage returns": "'Sheriff Bob Ray said it.\\r' * (n // 25)",
    "dates": "'on March 3, 2025 ' * (n // 17)",
}

_GROWTH = """
import json, sys, time
sys.path.insert(0, "benchmarks")
from add_speed import article
import yaml
from pathlib import Path
from kgborder.curation import read_entities
from kgborder.draft import make_draft

entities = read_entities(Path("graph/entities.yaml"), "graph/entities.yaml")
lines = 0

def count(frame, event, arg):  # lines run in kgborder's own code
    global lines
    if "kgborder" not in frame.f_code.co_filename:
        return None
    lines += 1
    return count

def measure(text):
    global lines
    lines, cpu = 0, []
    sys.settrace(count)
    draft = make_draft(text, entities, 2025)
    sys.settrace(None)
    out = yaml.dump(draft, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)
    for _ in range(2):
        started = time.process_time()
        make_draft(text, entities, 2025)
        cpu.append(time.process_time() - started)
    return {"lines": lines, "cpu": min(cpu), "yaml": len(out)}

result = {}
for name, make in SHAPES.items():
    result[name] = [measure(eval(make, {"article": article, "n": n})) for n in (N, 4 * N)]
    print(json.dumps({name: result[name]}), file=sys.stderr, flush=True)
print(json.dumps(result))
"""


def test_add_grows_in_proportion_to_the_text():
    """Four times the text costs about four times the work: lines of kgborder run (counted, so
    the same on every machine), CPU time (for the regular expressions, which run in C) and the size
    of the draft. The bound is twice the linear 4; the quadratic code this replaced took 16 and
    more (a 100 KB article: 42 s; 1 MB: 193 s)."""
    n = 12_500
    code = f"SHAPES = {_SHAPES!r}\nN = {n}\n" + _GROWTH
    done = child(code, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    for shape, (small, large) in result.items():
        assert large["lines"] <= 8 * max(small["lines"], 1000), (shape, small, large)
        assert large["yaml"] <= 8 * max(small["yaml"], 1000), (shape, small, large)
        assert large["cpu"] <= 8 * max(small["cpu"], 0.05), (shape, small, large)
