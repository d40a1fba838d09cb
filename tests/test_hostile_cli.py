"""Hostile and careless use of the command line: where output goes, what a build exports, and
malformed values for every option of every command."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kgborder.project import Project

# --- output files: pipes and devices written through, links followed, modes as the umask says


@pytest.fixture
def umask():
    """Set the process's umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


def _reader(path: Path) -> tuple[threading.Thread, dict]:
    """A thread that reads a named pipe to its end, as a consumer process would."""
    box: dict = {}

    def read() -> None:
        with open(path, "rb") as fh:
            box["data"] = fh.read()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, box


def _device(tmp_path: Path, name: str, major: int, minor: int) -> Path:
    """A character device made in the test's directory (never the system's own /dev node)."""
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


@pytest.mark.parametrize("command", [["export"], ["query", "deployments", "--format", "json"],
                                     ["view"]])
def test_output_writes_through_a_named_pipe(built_project, run, tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, box = _reader(fifo)
    result = run("--project", built_project, *command, "-o", fifo)
    thread.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the named pipe is still a named pipe"
    assert box["data"] == run("--project", built_project, *command, "-o", "-").stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"], "no temporary file left"


def test_output_to_a_null_device_stays_a_device(built_project, run, tmp_path):
    null = _device(tmp_path, "null", 1, 3)
    before = os.lstat(null)
    for command in (["export"], ["query", "deployments"], ["view"], ["timeline", "--format", "svg"]):
        result = run("--project", built_project, *command, "-o", null)
        assert result.exit_code == 0, (command, result.output)
        after = os.lstat(null)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev, command
        assert after.st_ino == before.st_ino, "the very node, not a new one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_to_a_full_device_is_one_line_and_the_device_stays(built_project, run, tmp_path):
    full = _device(tmp_path, "full", 1, 7)
    for command in (["export"], ["query", "deployments", "--format", "json"], ["view"]):
        result = run("--project", built_project, *command, "-o", full)
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.strip().splitlines()
        assert lines == [f"error: {full}: No space left on device"], result.stderr
        assert stat.S_ISCHR(os.lstat(full).st_mode), "the device is still a device"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_output_through_a_symbolic_link_replaces_its_target(built_project, run, tmp_path):
    target = tmp_path / "real" / "graph.ttl"
    target.parent.mkdir()
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "link.ttl"
    link.symlink_to(target)
    result = run("--project", built_project, "export", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target), "the link stays a link to its target"
    assert target.read_bytes() == run("--project", built_project, "export").stdout_bytes
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "a replaced file keeps its mode"
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.ttl"]
    # A link whose target does not exist yet: the target is made, the link kept.
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "real" / "page.html")
    assert run("--project", built_project, "view", "-o", dangling).exit_code == 0
    assert dangling.is_symlink() and (tmp_path / "real" / "page.html").read_bytes().startswith(b"<!DOCTYPE")


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_new_files_follow_the_umask_and_replaced_ones_keep_their_mode(project, run, tmp_path, umask, mask,
                                                                      monkeypatch):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    umask(mask)
    expected = 0o666 & ~mask
    (project / "graph" / "kgborder.ttl").unlink()
    assert run("--project", project, "build").exit_code == 0
    written = {"graph/kgborder.ttl": project / "graph" / "kgborder.ttl"}
    for name, command in (("out.ttl", ["export"]), ("out.csv", ["query", "deployments"]),
                          ("out.html", ["view"]), ("out.json", ["timeline"])):
        out = tmp_path / name
        result = run("--project", project, *command, "-o", out)
        assert result.exit_code == 0, result.output
        written[name] = out
    story = tmp_path / "story.txt"
    story.write_text("Claudia Sheinbaum spoke in Tijuana on Monday.\n", encoding="utf-8")
    assert run("--project", project, "add", story, "--title", "A short story", "--date", "2025-03-02").exit_code == 0
    written["article"] = project / "graph" / "articles" / "a-short-story.txt"
    written["draft"] = project / "graph" / "articles" / "a-short-story.yaml"
    modes = {name: oct(stat.S_IMODE(path.stat().st_mode)) for name, path in written.items()}
    assert modes == {name: oct(expected) for name in written}
    # Replaced: the mode a user gave the file stays, whatever the umask.
    for path in (written["out.ttl"], written["graph/kgborder.ttl"]):
        path.chmod(0o604)
    assert run("--project", project, "export", "-o", written["out.ttl"]).exit_code == 0
    assert run("--project", project, "build").exit_code == 0
    assert stat.S_IMODE(written["out.ttl"].stat().st_mode) == 0o604
    assert stat.S_IMODE(written["graph/kgborder.ttl"].stat().st_mode) == 0o604


@pytest.mark.parametrize("command", [["export"], ["query", "deployments"], ["view"], ["timeline"]])
def test_output_into_a_missing_directory_is_one_line(built_project, run, tmp_path, command):
    out = tmp_path / "missing" / "out.txt"
    result = run("--project", built_project, *command, "-o", out)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(tmp_path / "missing") in lines[0], lines
    assert not (tmp_path / "missing").exists(), "no directory is made for -o"


# --- determinism: every export format, byte for byte, across builds and processes

EXPORTS = [[], ["--data-only"], ["--article", "mexico-border-military-presence"]]


def _kgborder(project: Path, *args: str, seed: str = "0") -> bytes:
    """Run kgborder in a fresh process (its own hash seed) and return what it wrote to stdout."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("KGBORDER_STORE", None)
    done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(project), *args],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def _exports(project: Path, seed: str) -> dict[str, bytes]:
    return {f"{fmt} {' '.join(extra)}": _kgborder(project, "export", "--format", fmt, *extra, seed=seed)
            for fmt in ("turtle", "nt", "jsonld") for extra in EXPORTS}


def test_every_export_is_byte_identical_across_builds_and_processes(project, tmp_path):
    from conftest import copy_project

    other = copy_project(tmp_path / "other")
    _kgborder(project, "build", seed="1")
    _kgborder(other, "build", seed="2")
    first, second = _exports(project, "3"), _exports(other, "4")
    _kgborder(project, "build", seed="5")
    rebuilt = _exports(project, "6")
    assert b"_:" in first["nt "], "the ontology's blank nodes are exported"
    differ = [name for name in first if not first[name] == second[name] == rebuilt[name]]
    assert differ == [], f"exports that differ between builds: {differ}"


def test_loaded_graphs_export_alike_after_a_build(project, tmp_path):
    """A build carries the loaded graphs over with their blank nodes as they were."""
    _kgborder(project, "build")
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix ex: <http://example.org/> .\n"
                     "ex:a ex:knows [ ex:name \"b\" ; ex:list ( 1 2 [ ex:c ex:d ] ) ] .\n", encoding="utf-8")
    _kgborder(project, "load", str(extra))
    before = {fmt: _kgborder(project, "export", "--format", fmt) for fmt in ("turtle", "nt", "jsonld")}
    _kgborder(project, "build", seed="7")
    after = {fmt: _kgborder(project, "export", "--format", fmt) for fmt in ("turtle", "nt", "jsonld")}
    assert b"ex:name" in before["turtle"] or b"http://example.org/name" in before["turtle"]
    assert [fmt for fmt in before if before[fmt] != after[fmt]] == []
