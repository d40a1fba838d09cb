"""The registry stays whole while the corpus grows, tried as a curator would with the real CLI:
`kgborder add`, an edit of the draft, `kgborder build`, and `add` again.

Every article text here is written for these tests (each says so in its first line).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ARTICLES = Path("graph") / "articles"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def article(tmp_path: Path, name: str, body: str, header: str = "") -> Path:
    """An article text written for these tests."""
    return write(tmp_path / name, header + "TEST ARTICLE - written for kgborder's tests.\n\n" + body + "\n")


@pytest.fixture
def cli(project, run, monkeypatch):
    """run() in the temporary project; ``cli.project`` is its directory."""
    monkeypatch.delenv("KGBORDER_STORE", raising=False)

    def invoke(*args):
        return run("--project", project, *args)

    invoke.project = project  # type: ignore[attr-defined]
    return invoke


def drafts(project: Path) -> set[str]:
    return {p.stem for p in (project / ARTICLES).glob("*.yaml")}


# --- slugs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,slug", [
    # at most 60 characters, cut where a word ends ("...-inspections", not "...-inspections-o")
    ("Governors of Sonora and Arizona announce joint inspections of freight trucks at the border",
     "governors-of-sonora-and-arizona-announce-joint-inspections"),
    # accents dropped, the letters kept
    ("Autoridades de Nogales, Sonora, anuncian más inspecciones en la garita Dennis DeConcini",
     "autoridades-de-nogales-sonora-anuncian-mas-inspecciones-en"),
    # dashes and curly quotes part words ("fall-again", not "fallagain")
    ("¿Qué pasó? “Border crossings” fall—again—at San Luis Río Colorado, officials say (update)",
     "que-paso-border-crossings-fall-again-at-san-luis-rio"),
])
def test_add_names_the_article_by_whole_words(cli, tmp_path, title, slug):
    source = article(tmp_path, "a.txt", "Officials in Nogales said on Monday that crossings fell.")
    before = drafts(cli.project)
    result = cli("add", source, "--title", title, "--date", "2025-03-04")
    assert result.exit_code == 0, result.output
    assert drafts(cli.project) - before == {slug}
