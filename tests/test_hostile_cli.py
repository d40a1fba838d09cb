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


# --- malformed values for every option and argument of every command: one line, never a traceback

import time  # noqa: E402

import click  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings, strategies as st  # noqa: E402

from kgborder.cli import cli  # noqa: E402

# `serve` runs until it is stopped, and a value it accepts would start a server per example; its
# options are checked by the server's own tests. Everything else is walked.
NOT_WALKED = {"serve": "runs a server until stopped", "review": "runs a server until stopped (tests/test_review.py gives it bad input)"}
# Values for the parameters a command cannot run without, by parameter name; FILE-like ones are
# made by the fixture. A new command with a required parameter must be given one here.
REQUIRED = {"a": "sheinbaum", "b": "dea", "gsp_url": "http://127.0.0.1:1/store"}  # port 1: refused, nothing sent
# Parameters click does not mark required that a command still needs (it says so itself); the
# saved query `facts` declares optional parameters, so --param values reach their checks; `add`
# takes the title and date of a file without a header from its options.
NEEDED = {("query", "query_"): "facts", ("add", "title"): "A hostile test", ("add", "date_"): "2025-03-02"}
# NAME=VALUE options (--param): names the query declares, and some it does not.
PARAM_NAMES = ["article", "year", "entity", "x", "", "?article", "a b"]
# Hostile text: quotes, angle brackets, spaces, line ends (a bare CR too), a BOM, right-to-left
# marks, SPARQL and YAML syntax, percent signs, a long value. NUL is not among them: an argument
# vector cannot hold one (files with NUL bytes are below).
HOSTILE_TEXT = ["", " ", "a b", 'a"b', "a'b", "<a>", "a>b", "http://a\"b", "http://a b", "http://ex.org/a b",
                "<http://a>b>", "urn:x", "id:a b", "id:", "x=y", "=", "a=", "-", "--", "-x", "\r", "a\rb",
                "a\nb", "\ufeffa", "\u202ea\u202c", "é", "%", "%s%n", "{{}}", "${x}", "\\", "\\u0000",
                "#", "?x", "$x", "SELECT", "{", "}", ".", "..", "~", "*", "[", "]", "a:b:c", "1e999999999",
                "99999999999999999999999", "-1", "0", "nan", "inf", "2025-02-30", "0000-00-00", "9999-99",
                "http://127.0.0.1:1/q\"<>", "https://127.0.0.1:1/a b", "ftp://127.0.0.1:1/",
                "x" * 10_000]
NUMBERS = ["", "abc", "1e999999999", "99999999999999999999999999", "-1", "0", "-0", "nan", "inf", "-inf",
           "1.5", "0x10", " 7", "1_000", "٣", "1e-999", "2147483648", "9" * 400]
RANDOM_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"), max_size=24)
# A command's run in-process, measured on this machine, takes at most about 2 s (a build);
# ten times that is a hang, not a slow answer.
SLOW = 20.0


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A built project, input files of every kind, and a working directory to write into."""
    from conftest import copy_project

    from kgborder.build import build

    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    build(Project(project.resolve()))
    files = root / "files"
    files.mkdir()
    good_nt = files / "good.nt"
    good_nt.write_bytes(b"<http://example.org/a> <http://example.org/p> \"x\" .\n")
    good_txt = files / "story.txt"
    good_txt.write_text("Claudia Sheinbaum met the DEA in Tijuana on Monday.\n", encoding="utf-8")
    hostile_files = {
        "not-utf8.ttl": b"<http://a> <http://b> \"\xff\xfe\" .\n", "not-utf8.txt": b"Caf\xe9 \xff\n",
        "not-utf8.rq": b"SELECT * WHERE { ?s ?p \"\xff\" }", "nul.nt": b"\x00" * 1000, "nul.txt": b"\x00" * 1000,
        "nul.rq": b"SELECT \x00 WHERE {}", "empty.ttl": b"", "empty.txt": b"", "empty.rq": b"",
        "crlf.txt": b"Claudia Sheinbaum spoke.\r\nThe DEA answered.\r\n", "bom.txt": b"\xef\xbb\xbfSheinbaum spoke.\n",
        "space name.ttl": good_nt.read_bytes(), 'quote"and>angle.nt': good_nt.read_bytes(),
        "odd é name.txt": good_txt.read_bytes(), "bad.ttl": b"<http://a> <http://b> .\n",
        "rdfxml.ttl": b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>",
        "deep.rq": b"SELECT * WHERE " + b"{" * 200 + b"}" * 200, "huge-number.rq": b"SELECT (1e999999999 AS ?x) {}",
        "rdf.gz.nt.gz": b"not gzip", "unknown.xyz": b"x",
    }
    for name, data in hostile_files.items():
        (files / name).write_bytes(data)
    (files / "a-directory.ttl").mkdir()
    work = root / "work"
    work.mkdir()
    (work / "an-ordinary-directory").mkdir()
    # Inputs are only read; outputs and stores go under work/ (so no run changes another's input).
    inputs = [str(files / name) for name in hostile_files] + [
        str(files / "a-directory.ttl"), str(files / "missing.ttl"), str(files / "missing" / "x.txt"), str(files)]
    outputs = [str(work / "missing" / "x.txt"), str(work), str(work / "an-ordinary-directory"),
               str(work / "new-output.txt")]
    return {"project": project, "work": work, "inputs": inputs, "outputs": outputs, "required": {
        **REQUIRED, "files": str(good_nt), "articles": str(good_txt)}}


def _walked() -> list[str]:
    return [name for name in sorted(cli.commands) if name not in NOT_WALKED] + ["(group)"]


def _values(param: click.Parameter, env: dict):
    """A strategy of malformed values for ``param``, each with whether it must be refused."""
    kind = param.type

    def refused_by_type(value: str) -> bool:
        if isinstance(kind, click.Path) and kind.exists is False and not Path(value).exists():
            return False
        try:
            kind.convert(value, param, None)
        except click.BadParameter:
            return True
        return False

    if isinstance(kind, click.Choice):
        texts = st.one_of(st.sampled_from(HOSTILE_TEXT), RANDOM_TEXT)
        return texts.map(lambda v: (v, v not in kind.choices))
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return st.sampled_from(NUMBERS).map(lambda v: (v, refused_by_type(v)))
    if isinstance(kind, click.Path):
        # Relative names land in work/ (the current directory), never above it.
        known = env["inputs"] if kind.exists else env["outputs"]
        names = [v for v in HOSTILE_TEXT if len(v) < 100 and v != ".."]
        paths = st.sampled_from(known) | st.sampled_from(names) | RANDOM_TEXT.filter(lambda v: v != "..")
        return paths.map(lambda v: (v, refused_by_type(v)))
    texts = st.one_of(st.sampled_from(HOSTILE_TEXT), st.sampled_from(env["inputs"]), RANDOM_TEXT)
    if "=" in (param.metavar or ""):
        texts = st.one_of(texts, st.tuples(st.sampled_from(PARAM_NAMES), texts).map("=".join))
    return texts.map(lambda v: (v, False))


def _invocation(name: str, target: click.Parameter, value: str, env: dict) -> list[str]:
    """kgborder's arguments for ``name`` with every required parameter set and ``target`` given
    ``value``."""
    if name == "(group)":
        return [f"--{target.name}", value, "stats"] if target.name == "project" else ["stats"]
    command = cli.commands[name]
    args: list[str] = []
    positional: list[str] = []
    for param in command.params:
        given_value = value if param is target else NEEDED.get((name, param.name)) or (
            env["required"].get(param.name) if param.required else None)
        if given_value is None:
            continue
        if isinstance(param, click.Argument):
            positional.append(given_value)
        else:
            args += [param.opts[-1], given_value]
    return ["--project", str(env["project"]), name, *args, "--", *positional]


# Examples per command: a build takes about 2 s in-process here and has one option to break,
# every other command well under a second; the whole walk takes about 30 s on 2 cores.
EXAMPLES = {"build": 4}


@pytest.mark.parametrize("name", _walked())
def test_malformed_values_give_one_line_never_a_traceback(hostile, name, monkeypatch):
    """Every command, every option and argument, fed malformed values: an exit of 0, 1 or 2,
    never a traceback; a value its type refuses gives a usage error; no run hangs."""
    assert set(NOT_WALKED) <= set(cli.commands)
    params = [p for p in (cli.params if name == "(group)" else cli.commands[name].params)
              if not getattr(p, "is_flag", False) and p.name != "version"]
    if not params:
        return  # validate: no option or argument to break
    monkeypatch.chdir(hostile["work"])
    monkeypatch.delenv("KGBORDER_STORE", raising=False)

    # No shrinking: a failing example is short already, and shrinking one run by run took minutes.
    @settings(max_examples=EXAMPLES.get(name, 15), deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def walk(data) -> None:
        target = data.draw(st.sampled_from(params), label="parameter")
        value, must_refuse = data.draw(_values(target, hostile), label="value")
        args = _invocation(name, target, value, hostile)
        started = time.perf_counter()
        result = CliRunner().invoke(cli, args, input="", catch_exceptions=True)
        elapsed = time.perf_counter() - started
        shown = f"kgborder {' '.join(repr(a) for a in args)}\n{result.output[-2000:]}"
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            f"{shown}\nraised {type(result.exception).__name__}: {result.exception}"
        assert "Traceback" not in result.output, shown
        assert result.exit_code in (0, 1, 2), shown
        if must_refuse:
            assert result.exit_code == 2, shown
        if result.exit_code:
            errors = [line for line in result.stderr.splitlines() if line.startswith("error:") or "Error:" in line]
            assert errors, f"a failure says why\n{shown}"
        assert elapsed < SLOW, f"{shown}\ntook {elapsed:.1f} s"

    walk()


@pytest.mark.parametrize("args,where", [
    (["query", "entity", "--param", 'entity=http://a"b'], "parameter entity"),
    (["query", "entity", "--param", "entity=<http://a b>"], "parameter entity"),
    (["query", "entity", "--param", "entity=id:a b"], "parameter entity"),
    (["query", "facts", "--param", "article=<foo>"], "parameter article"),
    (["query", "{files}/not-utf8.rq"], "not-utf8.rq:1: column 25"),
    (["export", "--article", "a b"], "--article"),
    (["export", "--article", "<x>"], "--article"),
    (["query", "facts", "--timeout", "nan"], "--timeout"),
    (["query", "facts", "--timeout", "inf"], "--timeout"),
    (["load", "--graph", 'http://a"b', "{files}/good.nt"], "--graph"),
    (["load", "--graph", "http://ex.org/a b", "{files}/good.nt"], "--graph"),
])
def test_named_malformed_values_are_one_line(hostile, run, args, where, tmp_path):
    files = Path(hostile["inputs"][0]).parent
    args = [a.replace("{files}", str(files)) for a in args]
    kept = hostile["project"] / ".kgborder"
    before = sorted(p.name for p in kept.iterdir())
    result = run("--project", hostile["project"], *args)
    assert sorted(p.name for p in kept.iterdir()) == before, "nothing left behind"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (1, 2), result.output
    errors = [line for line in result.stderr.splitlines() if "rror" in line]
    assert len(errors) == 1 and where in errors[0], result.stderr


def test_a_query_from_stdin_that_is_not_utf8_is_one_line(hostile):
    done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(hostile["project"]), "query", "-"],
                          input=b"SELECT * WHERE { ?s ?p \"\xff\" }", capture_output=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == ["error: <stdin>:1: column 25: not UTF-8 text (byte 0xff)"]


def test_output_with_a_name_near_the_length_limit(built_project, run, tmp_path):
    """A name of 250 bytes is a valid file name; its temporary sibling must fit too."""
    out = tmp_path / ("x" * 246 + ".ttl")
    result = run("--project", built_project, "export", "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == run("--project", built_project, "export").stdout_bytes
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_output_to_dev_stdout_appends_to_the_file_the_shell_opened(built_project, tmp_path):
    """`kgborder export -o /dev/stdout >> log`: the log keeps what it held; the export follows it."""
    log = tmp_path / "log.txt"
    log.write_bytes(b"kept\n")
    env = {k: v for k, v in os.environ.items() if k != "KGBORDER_STORE"}
    with open(log, "ab") as stdout:
        done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(built_project), "export",
                               "--data-only", "-o", "/dev/stdout"], stdout=stdout, stderr=subprocess.PIPE,
                              env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = _kgborder(built_project, "export", "--data-only")
    assert log.read_bytes() == b"kept\n" + expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt"]


# --- input files that never end: a device or a link to one is read up to a stated bound --------

# Runs a command as its child and prints the child's peak RSS in kB on the last line of stderr.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.mark.parametrize("name,args,bound_mb", [
    ("story.txt", ["add", "{link}", "--title", "Endless", "--date", "2025-03-01"], 150),
    ("other.ttl", ["view", "--input", "{link}", "-o", "{tmp}/view.html"], 400),
    ("endless.rq", ["query", "{link}"], 150),
])
def test_an_endless_input_file_is_refused_in_bounded_memory(hostile, tmp_path, name, args, bound_mb):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    args = [a.replace("{link}", str(link)).replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "kgborder",
                           "--project", str(hostile["project"]), *args], capture_output=True, text=True, timeout=180)
    *lines, peak_kb = done.stderr.splitlines()
    assert done.returncode == 1, done.stderr[-500:]
    assert len(lines) == 1 and lines[0].startswith(f"error: {link}: more than "), lines
    assert int(peak_kb) < bound_mb * 1024, f"peak {int(peak_kb) // 1024} MB"


def test_an_endless_query_on_stdin_is_refused(hostile):
    with open("/dev/zero", "rb") as endless:
        done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(hostile["project"]), "query", "-"],
                              stdin=endless, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["error: <stdin>: the query is longer than 65,536 characters, the limit"]
