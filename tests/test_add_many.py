"""`kgborder add` with several files at once: each file's header gives its title and date, a file
that fails is named and leaves nothing behind while the others are added, and a bar shows the
progress on a terminal only.

Every article text here is written for these tests.
"""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ARTICLES = Path("graph") / "articles"
BODY = ("Written for kgborder's tests; not a news report.\n\n"
        "Officers at the Nogales crossing seized fentanyl on Monday, said Claudia Sheinbaum.\n")


@pytest.fixture
def cli(run_in_project):
    """run() in the temporary project (conftest.py); ``cli.project`` is its directory."""
    return run_in_project


def story(tmp_path: Path, name: str, header: str, body: str = BODY, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes((header + body).replace("\n", newline).encode("utf-8"))
    return path


def files(project: Path) -> set[str]:
    return {p.name for p in (project / ARTICLES).iterdir()}


def draft(project: Path, slug: str) -> dict:
    return yaml.safe_load((project / ARTICLES / f"{slug}.yaml").read_text(encoding="utf-8"))


def test_several_files_each_with_its_header(cli, tmp_path):
    a = story(tmp_path, "a.txt", "Title: Seizure: fentanyl at Nogales\nDate: 2025-03-04\n"
                                 "URL: https://example.org/a\nPublisher: Test Wire\n\n")
    b = story(tmp_path, "b.txt", "title: Second report\ndate: 2025-03\n\n")
    result = cli("add", a, b)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("added graph/articles/seizure-fentanyl-at-nogales.txt, "
                               "draft graph/articles/seizure-fentanyl-at-nogales.yaml: ")
    assert lines[1].startswith("added graph/articles/second-report.txt, draft graph/articles/second-report.yaml: ")
    assert lines[2] == "added 2 of 2 files"
    assert lines[3].startswith("review them in the browser with 'kgborder review'")
    assert "drafting" not in result.stderr, "no progress bar on a pipe"
    # The header is not the article's: the stored text is the rest, byte for byte, and offsets count in it.
    assert (cli.project / ARTICLES / "second-report.txt").read_bytes() == BODY.encode("utf-8")
    first = draft(cli.project, "seizure-fentanyl-at-nogales")
    assert first["article"] == {"title": "Seizure: fentanyl at Nogales", "date": "2025-03-04",
                                "date_inferred": False, "url": "https://example.org/a", "publisher": "Test Wire"}
    assert draft(cli.project, "second-report")["article"]["date"] == "2025-03"
    text = (cli.project / ARTICLES / "seizure-fentanyl-at-nogales.txt").read_text(encoding="utf-8")
    mentions = first["draft"]["mentions"]
    assert {m["entity"] for m in mentions} >= {"claudia-sheinbaum", "fentanyl"}
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["text"]
    assert cli("build").exit_code == 0


def test_one_article_added_names_the_review_command_that_opens_it(cli, tmp_path):
    result = cli("add", story(tmp_path, "a.txt", "Title: One report\nDate: 2025-03-04\n\n"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].startswith("review it in the browser with 'kgborder review one-report' ")


def test_a_header_with_crlf_and_a_byte_order_mark_leaves_the_text_as_written(cli, tmp_path):
    source = tmp_path / "a.txt"
    body = BODY.replace("\n", "\r\n").encode("utf-8")
    source.write_bytes(b"\xef\xbb\xbfTitle: Windows story\r\nDate: 2025-03-04\r\n\r\n" + body)
    assert cli("add", source).exit_code == 0
    assert (cli.project / ARTICLES / "windows-story.txt").read_bytes() == body
    assert cli("build").exit_code == 0


def test_one_file_options_override_its_header(cli, tmp_path):
    source = story(tmp_path, "a.txt", "Title: From the header\nDate: 2025-03-04\n\n")
    assert cli("add", source, "--title", "From the option").exit_code == 0
    meta = draft(cli.project, "from-the-option")["article"]
    assert (meta["title"], meta["date"]) == ("From the option", "2025-03-04")


def test_a_failing_file_is_named_and_the_others_are_added(cli, tmp_path):
    good = story(tmp_path, "good.txt", "Title: Good one\nDate: 2025-03-04\n\n")
    bad = story(tmp_path, "bad.txt", "Title: Bad one\nDate: March 4\n\n")
    later = story(tmp_path, "later.txt", "Title: Later one\nDate: 2025-03-05\n\n")
    before = files(cli.project)
    result = cli("add", good, bad, later)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {bad}:2: Date: 'March 4' is not a date (YYYY-MM-DD, YYYY-MM or YYYY, a year from 0001)"]
    assert "added 2 of 3 files" in result.stderr
    assert files(cli.project) - before == {"good-one.txt", "good-one.yaml", "later-one.txt", "later-one.yaml"}


@pytest.mark.parametrize("header,line,message", [
    ("Title: T\nDate: 2025-03-04\nAuthor: Someone\n\n", 3, "'Author: Someone' is not a header field"),
    ("Title: T\nDate: 2025-03-04\nTitle: Again\n\n", 3, "Title: is given twice in the header"),
    ("Title: T\nDate:\n\n", 2, "Date: is empty"),
    ("Title: T\nDate: 2025-03-04\nURL: ftp://example.org/a\n\n", 3, "URL: 'ftp://example.org/a' is not an http(s) IRI"),
    ("Title: T\tab\nDate: 2025-03-04\n\n", 1, "Title: holds a control character"),
])
def test_a_bad_header_is_one_line_naming_the_file_and_line(cli, tmp_path, header, line, message):
    source = story(tmp_path, "a.txt", header)
    before = files(cli.project)
    result = cli("add", source)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"error: {source}:{line}: {message}"] or \
        result.stderr.splitlines()[0].startswith(f"error: {source}:{line}: {message}"), result.stderr
    assert files(cli.project) == before


def test_a_header_must_end_with_a_blank_line(cli, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Title: Only a header\nDate: 2025-03-04", encoding="utf-8")
    result = cli("add", source)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {source}:2: the header has no blank line after it")


def test_a_file_without_title_says_how_to_give_one(cli, tmp_path):
    source = story(tmp_path, "a.txt", "")
    result = cli("add", source)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {source}: no title: begin the file with a header ('Title: ...' and "
                                    "'Date: YYYY-MM-DD' lines, then a blank line), or, for one file, give --title")


@pytest.mark.parametrize("option", [["--title", "T"], ["--date", "2025-03-04"], ["--url", "https://example.org/a"],
                                    ["--publisher", "P"], ["--slug", "s"]])
def test_options_for_one_article_are_refused_with_several_files(cli, tmp_path, option):
    a = story(tmp_path, "a.txt", "Title: A\nDate: 2025-03-04\n\n")
    b = story(tmp_path, "b.txt", "Title: B\nDate: 2025-03-04\n\n")
    before = files(cli.project)
    result = cli("add", a, b, *option)
    assert result.exit_code == 2
    assert f"{option[0]} is for one article, and 2 files were given" in result.stderr
    assert files(cli.project) == before


def test_the_same_file_twice_is_refused(cli, tmp_path):
    a = story(tmp_path, "a.txt", "Title: A\nDate: 2025-03-04\n\n")
    link = tmp_path / "link.txt"
    link.symlink_to(a)
    before = files(cli.project)
    twice = cli("add", a, a)
    assert twice.exit_code == 2 and f"{a} is given twice" in twice.stderr
    linked = cli("add", a, link)
    assert linked.exit_code == 2 and f"{link} is given twice (also as {a})" in linked.stderr
    assert files(cli.project) == before


def test_two_files_of_the_same_slug_are_refused(cli, tmp_path):
    a = story(tmp_path, "a.txt", "Title: Guard at the border\nDate: 2025-03-04\n\n")
    b = story(tmp_path, "b.txt", "Title: Guard at the border!\nDate: 2025-03-05\n\n")
    result = cli("add", a, b)
    assert result.exit_code == 1
    assert f"error: {b}: its title gives the slug 'guard-at-the-border', which {a} took: give it another title" \
        in result.stderr.splitlines()
    assert draft(cli.project, "guard-at-the-border")["article"]["date"] == "2025-03-04"
    again = cli("add", b, story(tmp_path, "c.txt", "Title: C\nDate: 2025-03-04\n\n"))
    assert again.exit_code == 1
    assert "graph/articles/guard-at-the-border.txt already exists; give it another title" in again.stderr


def test_nothing_of_a_file_is_left_when_its_draft_cannot_be_written(cli, tmp_path, monkeypatch):
    from kgborder import fileio

    real = fileio.write_atomic

    def full(path, data, parents=True):
        if path.suffix == ".yaml":
            raise OSError(28, "No space left on device", str(path))
        real(path, data, parents)

    monkeypatch.setattr(fileio, "write_atomic", full)
    before = files(cli.project)
    result = cli("add", story(tmp_path, "a.txt", "Title: A\nDate: 2025-03-04\n\n"))
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert files(cli.project) == before


def test_a_terminal_gets_a_progress_bar_and_the_lines(project, tmp_path):
    """The real command with its stderr on a pseudo-terminal."""
    sources = [story(tmp_path, f"{n}.txt", f"Title: Story {n}\nDate: 2025-03-04\n\n") for n in "abc"]
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "KGBORDER_STORE"}
    proc = subprocess.Popen([sys.executable, "-m", "kgborder", "--project", str(project), "add", *map(str, sources)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(60) == 0 and proc.stdout is not None and proc.stdout.read() == b""
    shown = seen.decode("utf-8")
    assert "drafting" in shown and "3/3" in shown
    for n in "abc":
        assert f"added graph/articles/story-{n}.txt" in shown
