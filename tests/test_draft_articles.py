"""The draft-quality benchmark's own articles (benchmarks/data/draft/<name>/): each is marked as
written for the tests in its first line, and its gold curation builds cleanly, as an article of a
project whose registry is the project's with the folder's entities.yaml over it, so the gold
the drafts are scored against is a curation the build accepts.
"""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from kgborder.build import build
from kgborder.curation import read_entities
from kgborder.project import Project

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "draft"
MARKER = "Written for the kgborder tests; not a real news report."
FOLDERS = sorted(d for d in DATA.iterdir() if d.is_dir()) if DATA.is_dir() else []

_spec = importlib.util.spec_from_file_location("draft_quality", ROOT / "benchmarks" / "draft_quality.py")
assert _spec is not None and _spec.loader is not None
dq = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("draft_quality", dq)  # its dataclasses look their module up there
_spec.loader.exec_module(dq)


def test_the_benchmark_has_five_test_articles_in_five_styles():
    assert {d.name.split("-")[0] for d in FOLDERS} >= {"wire", "release", "feature", "bulletin", "spanish"}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_each_article_is_marked_as_written_for_the_tests(folder: Path):
    text = (folder / "article.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == MARKER
    assert 1500 <= len(text) <= 5000


@pytest.mark.parametrize("mode", dq.MODES)
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_the_marker_line_draws_no_proposal(folder: Path, mode: str):
    """The marker is part of the text the benchmark drafts, but no mention, name, quotation,
    number, date or statement may come from it: it would count against the draft."""
    gold = dq.read_gold(folder)
    doc, _ = dq.draft_article(gold, dq.registry_for(gold, mode))
    draft = doc.get("draft") or {}
    items = [i for part in (draft.values(), [doc.get("statements")]) for items in part if isinstance(items, list)
             for i in items if isinstance(i, dict)]
    assert items  # the rest of the article is drafted
    assert [i for i in items if isinstance(i.get("start"), int) and i["start"] < len(MARKER)] == []
    assert [i for i in items if MARKER in str(i.get("sentence", ""))] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name)
def test_each_gold_builds_cleanly(folder: Path, tmp_path: Path):
    """The gold as an article of a project of its own: read, compiled and validated (SHACL,
    evidence) with no problem and no spelling warning; every statement of the gold is built."""
    root = tmp_path / "project"
    (root / "graph" / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    registry = yaml.safe_load((ROOT / "graph" / "entities.yaml").read_text(encoding="utf-8"))["entities"]
    own = folder / "entities.yaml"
    if own.exists():
        read_entities(own, str(own))  # the folder's file is valid on its own
        registry += yaml.safe_load(own.read_text(encoding="utf-8"))["entities"]
    (root / "graph" / "entities.yaml").write_text(
        yaml.safe_dump({"entities": registry}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    slug = folder.name
    shutil.copyfile(folder / "article.txt", root / "graph" / "articles" / f"{slug}.txt")
    shutil.copyfile(folder / "gold.yaml", root / "graph" / "articles" / f"{slug}.yaml")
    result = build(Project(root.resolve()), store=False)
    assert result.warnings == []
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    assert result.statements == len(gold["statements"])
