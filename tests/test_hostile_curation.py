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


# --- the article text is kept byte for byte ----------------------------------------------------

SYNTHETIC = ROOT / "tests" / "data" / "synthetic-article.txt"


def _line_ends(text: str, ends: list[str]) -> str:
    lines = text.split("\n")
    return "".join(line + ends[i % len(ends)] for i, line in enumerate(lines[:-1])) + lines[-1]


_PLAIN = SYNTHETIC.read_text(encoding="utf-8")
VERBATIM = {
    "crlf": _line_ends(_PLAIN, ["\r\n"]).encode("utf-8"),
    "lone-cr": _line_ends(_PLAIN, ["\r"]).encode("utf-8"),
    "bom": b"\xef\xbb\xbf" + _PLAIN.encode("utf-8"),
    "bom-crlf": b"\xef\xbb\xbf" + _line_ends(_PLAIN, ["\r\n"]).encode("utf-8"),
    "mixed": _line_ends(_PLAIN, ["\r\n", "\n", "\r", "\n\r"]).encode("utf-8"),
    "non-ascii": _PLAIN.replace("Officials in", "Funcionarios de Señora Núñez—“ok” 🚧 in").encode("utf-8"),
    "u2028": _line_ends(_PLAIN, ["\u2028", "\u2029", "\x85", "\x0c"]).encode("utf-8"),
}


def test_add_and_build_keep_the_text_byte_for_byte(project, run, tmp_path, monkeypatch):
    """`add` stores the file's bytes; the draft's offsets, the built evidence offsets (code points
    of the text, BOM and CR included) and the SHA-256 in the graph and the store agree with them."""
    import hashlib

    import pyoxigraph
    import yaml
    from rdflib import Graph, URIRef
    from rdflib.namespace import Namespace

    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    articles = project / "graph" / "articles"
    for name, data in VERBATIM.items():
        source = tmp_path / f"{name}.txt"
        source.write_bytes(data)
        result = run("--project", project, "add", source, "--title", f"Verbatim {name}", "--date", "2025-03-04")
        assert result.exit_code == 0, result.output
        slug = f"verbatim-{name}"
        assert (articles / f"{slug}.txt").read_bytes() == data, name
        text = data.decode("utf-8")
        path = articles / f"{slug}.yaml"
        written = path.read_text(encoding="utf-8")
        doc = yaml.safe_load(written)
        draft = doc["draft"]
        for section, key in (("mentions", "text"), ("quotations", "words"), ("quantities", "text")):
            assert draft[section], (name, section)
            for item in draft[section]:
                assert text[item["start"]:item["end"]] == item[key], (name, item)
        for item in draft["mentions"]:
            item["confirmed"] = item["entity"] in ("cbp", "david-hathaway")
        path.write_text(written[:written.index("article:")] + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
    result = run("--project", project, "build")
    assert result.exit_code == 0, result.output

    SCHEMA, KGB, OA = (Namespace("https://schema.org/"), Namespace("https://w3id.org/kgborder/ontology#"),
                       Namespace("http://www.w3.org/ns/oa#"))
    g = Graph().parse(project / "graph" / "kgborder.ttl")
    store = pyoxigraph.Store.read_only(str(project / ".kgborder" / "store"))
    for name, data in VERBATIM.items():
        art = URIRef(f"https://w3id.org/kgborder/article/verbatim-{name}")
        text = data.decode("utf-8")
        assert str(g.value(art, SCHEMA.text)) == text, name
        assert str(g.value(art, KGB.sha256)) == hashlib.sha256(data).hexdigest(), name
        stored = list(store.quads_for_pattern(pyoxigraph.NamedNode(str(art)), pyoxigraph.NamedNode(str(SCHEMA.text)), None))
        assert [q.object.value for q in stored] == [text], name
        targets = list(g.subjects(OA.hasSource, art))
        assert len(targets) >= 2, name
        for target in targets:
            selectors = list(g.objects(target, OA.hasSelector))
            exact = next(str(g.value(s, OA.exact)) for s in selectors if g.value(s, OA.exact) is not None)
            start = next(int(g.value(s, OA.start)) for s in selectors if g.value(s, OA.start) is not None)
            end = next(int(g.value(s, OA.end)) for s in selectors if g.value(s, OA.end) is not None)
            assert text[start:end] == exact, (name, start, end, exact)
    assert run("--project", project, "validate").exit_code == 0


@pytest.mark.parametrize("data,expected", [
    pytest.param(b"\x00" * 64, r"story\.txt:1: is not text: it holds a NUL character \(at offset 0\)", id="nul-bytes"),
    pytest.param(b"Fine text\nthen \x00 a NUL", r"story\.txt:2: is not text: it holds a NUL", id="one-nul"),
    pytest.param(b"caf\xe9 latin-1\n", r"story\.txt:1: is not UTF-8 text \(byte 3 cannot be read\)", id="latin-1"),
    pytest.param(b"\xff\xfeT\x00e\x00x\x00t\x00", r"story\.txt:1: is not UTF-8 text", id="utf-16"),
    pytest.param(b" \r\n\t\r\n", r"story\.txt: is empty", id="only-white-space"),
])
def test_add_refuses_what_is_not_text(project, run, tmp_path, data, expected):
    import re

    source = tmp_path / "story.txt"
    source.write_bytes(data)
    before = sorted(p.name for p in (project / "graph" / "articles").iterdir())
    result = run("--project", project, "add", source, "--title", "A story", "--date", "2025-03-04")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(expected, lines[0]), lines
    assert sorted(p.name for p in (project / "graph" / "articles").iterdir()) == before


# --- no value changes silently -----------------------------------------------------------------

def _entities(tmp_path: Path, body: str) -> list:
    from kgborder.curation import read_entities

    path = tmp_path / "entities.yaml"
    path.write_text("entities:\n" + textwrap.dedent(body), encoding="utf-8")
    return read_entities(path, "entities.yaml")


def test_yaml_is_read_as_written(tmp_path):
    """YAML 1.2's core schema, and text fields keep the text as written: PyYAML's YAML 1.1 read
    `0123` as 83, `no`/`on` as booleans and `1_000` as 1000."""
    [e] = _entities(tmp_path, """\
        - id: 0123
          type: Person
          name: no
          aliases: [on, yes, 0x1F, 1_000, .5, 2025-02-04, 1:20, true, 0o17]
          description: 1e3
    """)
    assert e.id == "0123" and e.name == "no" and e.description == "1e3"
    assert e.aliases == ("on", "yes", "0x1F", "1_000", ".5", "2025-02-04", "1:20", "true", "0o17")


def _article_problems(project: Path, statement: str) -> list[str]:
    """Build errors after adding ``statement`` (YAML lines) to the sample article's statements."""
    from kgborder.errors import CurationError
    from kgborder.compile import compile_project
    from kgborder.project import Project

    path = project / "graph" / "articles" / "mexico-border-military-presence.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("statements:\n", "statements:\n" + textwrap.indent(textwrap.dedent(statement), "  "), 1),
                    encoding="utf-8")
    try:
        compile_project(Project(project))
    except CurationError as exc:
        return [str(p) for p in exc.problems]
    return []


ART = "graph/articles/mexico-border-military-presence.yaml"


@pytest.mark.parametrize("fields,expected", [
    pytest.param("negated: yes", r"'negated' must be true or false, not 'yes'", id="yes-is-not-true"),
    pytest.param("negated: on", r"'negated' must be true or false, not 'on'", id="on-is-not-true"),
    pytest.param("time: 2025-02-30", r"time: '2025-02-30' is not a date", id="impossible-date"),
    pytest.param("time: 0000", r"time: '0000' is not a date", id="year-0000"),
    pytest.param("time: !!timestamp 2025-02-04", r"the tag 'tag:yaml.org,2002:timestamp' is not allowed", id="timestamp-tag"),
    pytest.param("quantity: {value: 1e999999999, unit: members}", r"quantity: 'value' '1e999999999' is out of range",
                 id="huge-float"),
    pytest.param("quantity: {value: '1e999999999', unit: members}", r"quantity: 'value' '1e999999999' is out of range",
                 id="huge-decimal"),
    pytest.param("quantity: {value: .nan, unit: members}", r"'value' must be a number, not '.nan'", id="nan"),
    pytest.param("quantity: {value: " + "9" * 5000 + ", unit: members}", r"'value' '9999.*' is out of range", id="5000-digits"),
    pytest.param("note: \"a\\0b\"", r"malformed YAML, column \d+: holds the control character U\+0000", id="nul-escape"),
    pytest.param("note: \"\\ud800\"", r"holds the control character U\+D800", id="lone-surrogate"),
    pytest.param("<<: {note: merged}", r"unknown field '<<'", id="no-merge-keys"),
])
def test_build_refuses_what_would_change_silently_or_crash(project, fields, expected):
    import re

    statement = f"""\
        - id: hostile
          kind: Measurement
          subject: claudia-sheinbaum
          measure: hostile value
          evidence: "On February 4th, she announced"
          {fields}
    """
    problems = _article_problems(project, statement)
    assert problems and all(p.startswith(f"{ART}:") for p in problems), problems
    assert all("\n" not in p and len(p) < 400 for p in problems), problems
    assert any(re.search(expected, p) for p in problems), problems


def test_octal_looking_quantities_are_decimal(project):
    from kgborder.compile import read_sources
    from kgborder.project import Project

    assert _article_problems(project, """\
        - id: leading-zero
          kind: Measurement
          subject: claudia-sheinbaum
          measure: members
          quantity: {value: 0123, unit: members}
          time: 2025-02-04
          evidence: "On February 4th, she announced"
    """) == []
    [article] = read_sources(Project(project)).articles
    st = next(s for s in article.statements if s.id == "leading-zero")
    assert st.quantity.value == 123 and st.time.value == "2025-02-04" and st.time.precision == "day"


@pytest.mark.parametrize("iri", ["https://www.wikidata.org/wiki/Q1>x", 'https://example.org/a"b', "https://ex.org/a b",
                                 "https://ex.org/{x}", "https://ex.org/a\\b", "javascript:alert(1)", "https://ex.org/a|b", "https://ex.org/a`b"])
def test_same_as_must_be_an_iri(tmp_path, iri):
    from kgborder.errors import CurationError

    with pytest.raises(CurationError) as caught:
        _entities(tmp_path, f"""\
            - id: x
              type: Person
              name: X
              same_as: [{json.dumps(iri)}]
        """)
    [problem] = caught.value.problems
    assert str(problem).startswith("entities.yaml:5: entity 'x': same_as: ") and "IRI" in str(problem)


def test_an_article_file_name_must_be_a_slug(project, run):
    articles = project / "graph" / "articles"
    for name in ("a b", "a>b"):
        (articles / f"{name}.txt").write_bytes((articles / "mexico-border-military-presence.txt").read_bytes())
        (articles / f"{name}.yaml").write_text("article: {title: T, date: 2025}\nstatements: []\n", encoding="utf-8")
    result = run("--project", project, "build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert sorted(result.stderr.strip().splitlines()) == [
        f"error: graph/articles/{name}.yaml: the file name must be lower-case words joined by '-' (it names the article's IRI)"
        for name in ("a b", "a>b")]


@pytest.mark.parametrize("args,expected", [
    (["--title", "", "--date", "2025-03-04"], "--title must not be empty"),
    (["--title", "  ", "--date", "2025-03-04"], "--title must not be empty"),
    (["--title", "T", "--date", "0000"], "--date '0000' is not a date"),
    (["--title", "T", "--date", "0000-01-01"], "--date '0000-01-01' is not a date"),
    (["--title", "T", "--date", "2025-02-30"], "--date '2025-02-30' is not a date"),
    (["--title", "T\x00", "--date", "2025"], "--title holds a control character"),
    (["--title", "T", "--date", "2025", "--url", "https://ex.org/a>b"], "--url 'https://ex.org/a>b' is not an IRI"),
])
def test_add_refuses_bad_options_naming_the_file(project, run, tmp_path, args, expected):
    source = tmp_path / "a b>c.txt"
    source.write_bytes(SYNTHETIC.read_bytes())
    result = run("--project", project, "add", source, *args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {source}: {expected}"), lines


def test_add_takes_a_file_name_with_a_space_or_angle_bracket(project, run, tmp_path):
    source = tmp_path / "a b>c.txt"
    source.write_bytes(SYNTHETIC.read_bytes())
    result = run("--project", project, "add", source, "--title", "Odd name", "--date", "2025-03-04")
    assert result.exit_code == 0, result.output
    assert run("--project", project, "build").exit_code == 0


# --- YAML bombs: bounded refusal, flat memory --------------------------------------------------

def _bomb(levels: int = 9, leaf: str = "lol") -> str:
    """A statement whose fields nest aliases nine deep (9**9 leaves), used as a quantity and a time."""
    fields = ["note", "words", "measure", "role", "about", "caused_by", "theme", "method", "place"][:levels]
    lines = [f"    {fields[0]}: &l0 [{', '.join([leaf] * 9)}]"]
    for i, name in enumerate(fields[1:], start=1):
        lines.append(f"    {name}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    last = f"*l{len(fields) - 1}"
    return "  - id: bomb\n    kind: Measurement\n" + "\n".join(lines) + f"\n    quantity: {last}\n    time: {last}\n"


BOMBS = {
    "billion-laughs": _bomb(),
    "long-string": _bomb(leaf="x" * 100_000, levels=4),
    "deep-nesting": "  - id: deep\n    note: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "loop": "  - id: loop\n    note: &a [1, *a]\n    quantity: *a\n",
}

_PEAK = """
import resource, subprocess, sys
# a guard for the old code, which grew without bound: fail at 3 GB rather than take the machine
limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, preexec_fn=limit)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak(args: list, timeout: float = 120) -> tuple[int, int, str]:
    """(exit code, peak RSS in KiB, stderr) of a command, measured in a child of a child."""
    try:
        done = subprocess.run([sys.executable, "-c", _PEAK, *map(str, args)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {timeout} s")
    code, peak = done.stdout.split()
    return int(code), int(peak), done.stderr


@pytest.mark.parametrize("name", list(BOMBS))
def test_yaml_bombs_are_refused_in_bounded_memory(project, name):
    kgborder = Path(sys.executable).parent / "kgborder"
    path = project / "graph" / "articles" / "mexico-border-military-presence.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("statements:\n", "statements:\n" + BOMBS[name], 1), encoding="utf-8")
    code, peak, stderr = _peak([kgborder, "--project", project, "build"])
    lines = stderr.strip().splitlines()
    assert code == 1 and "Traceback" not in stderr, stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith(f"error: {ART}:"), lines
    assert peak < 250 * 1024, f"peak RSS {peak // 1024} MB"  # a good build of the sample: 70 MB
