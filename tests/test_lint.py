"""Lint and types over the whole repository, with the settings in pyproject.toml: ruff (pyflakes,
pycodestyle, bugbear and a complexity limit of 15) and mypy over src/kgborder. CI runs them as
part of the one test command, so a developer's `pytest` and CI see the same verdict."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing(tmp_path):
    # its own cache directory: nothing written into the checkout, no stale answer reused
    done = _run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("source, rule", [
    ("import os\n", "F401"),
    ("def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(16)) + "    return -1\n", "C901"),
])
def test_the_configuration_is_the_one_in_force(tmp_path, source, rule):
    """pyproject.toml's settings report an unused import and a function of complexity 17."""
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise",
                "--config", str(ROOT / "pyproject.toml"), str(probe))
    assert done.returncode == 1 and rule in done.stdout, done.stdout + done.stderr


def _bound_twice(source: str) -> list[tuple[str, int]]:
    """Module-level names bound by a second statement, with its line; overloads excepted."""
    import ast

    seen: set[str] = set()
    again = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            if any(isinstance(d, ast.Name) and d.id == "overload" for d in getattr(node, "decorator_list", [])):
                continue
            names = [node.name]
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names = [node.target.id]
        else:
            continue
        again += [(name, node.lineno) for name in names if name in seen]
        seen.update(names)
    return again


def test_no_module_binds_a_name_twice():
    """A second `_THEY = ...` far down a module silently replaced the first for every function
    above it (a whitespace-backtracking pattern ran where a plain word match was meant, and a
    draft of a text with a long run of spaces never finished). ruff does not report it; this does."""
    found = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in sorted((ROOT / "src").rglob("*.py"))
             for name, line in _bound_twice(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_name_bound_twice_is_reported():
    assert _bound_twice("A = 1\ndef f():\n    return A\nA = 2\n") == [("A", 4)]
