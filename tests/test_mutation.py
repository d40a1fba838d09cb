"""Property-based: any mutation of a curation file gives either a good build or a clean
failure (exit 1, error lines, no traceback) that leaves the last good graph untouched."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kgborder.cli import cli

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = Path("graph/articles/mexico-border-military-presence.yaml")
ENTITIES = Path("graph/entities.yaml")
NASTY = [":", "-", " ", "\n", '"', "'", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "%", "@", "`",
         "\t", "\u2019", "\u00e9", "\x00", "true", "null", "~", "? ", "- ", ": ", "0", "1e9"]

edits = st.lists(
    st.tuples(
        st.sampled_from(["delete-lines", "duplicate-line", "swap-lines", "insert", "replace-char", "truncate"]),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from(NASTY) | st.text(max_size=4),
    ),
    min_size=1, max_size=4,
)


def mutate(text: str, ops) -> str:
    for op, a, b, s in ops:
        lines = text.split("\n")
        i, j = a % max(1, len(lines)), b % max(1, len(lines))
        if op == "delete-lines":
            del lines[min(i, j):max(i, j) + 1]
        elif op == "duplicate-line":
            lines.insert(i, lines[i] if lines else s)
        elif op == "swap-lines" and lines:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            pos = a % (len(text) + 1)
            text = text[:pos] + s + text[pos:]
            continue
        elif op == "replace-char" and text:
            pos = a % len(text)
            text = text[:pos] + s + text[pos + 1:]
            continue
        elif op == "truncate":
            text = text[: a % (len(text) + 1)]
            continue
        text = "\n".join(lines)
    return text


@pytest.fixture
def good_project(built_project) -> Path:
    """A built project: the last good graph and store that no mutation may lose (each example copies it)."""
    return built_project


@pytest.mark.parametrize("target", [ARTICLE, ENTITIES], ids=["article", "entities"])
@settings(max_examples=int(os.environ.get("KGBORDER_MUTATIONS", "25")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=edits)
def test_mutated_sources_never_crash_or_lose_the_graph(good_project, monkeypatch, target, ops):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        shutil.copytree(good_project, project, symlinks=True)
        path = project / target
        path.write_text(mutate(path.read_text(encoding="utf-8"), ops), encoding="utf-8", errors="surrogatepass")
        before = (project / "graph" / "kgborder.ttl").read_bytes()
        link_before = os.readlink(project / ".kgborder" / "store")

        result = CliRunner().invoke(cli, ["--project", str(project), "build"])

        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            Graph().parse(project / "graph" / "kgborder.ttl")  # a good build writes a readable graph
        else:
            assert result.exit_code == 1, result.output
            lines = result.stderr.strip().splitlines()
            assert lines and all(line.startswith("error: ") for line in lines), lines
            assert (project / "graph" / "kgborder.ttl").read_bytes() == before
            assert os.readlink(project / ".kgborder" / "store") == link_before
