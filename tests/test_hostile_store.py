"""Hostile and careless input to the store: a --store that is not kgborder's, writers and
readers side by side (real processes), a killed load, memory bombs (peak memory measured in
a child process), a malformed --graph, and the messages a user reads."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from kgborder.errors import StoreError
from kgborder.store import MEMORY_LIMIT, load_files, writing

NT = '<http://example.org/a> <http://example.org/p> "one" .\n<http://example.org/a> <http://example.org/q> <http://example.org/b> .\n'
KGBORDER = [sys.executable, "-m", "kgborder"]


def tree(path: Path) -> dict:
    """Every file and link under ``path`` with its content, to show that nothing changed."""
    out = {}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            full = Path(root) / name
            rel = str(full.relative_to(path))
            if full.is_symlink():
                out[rel] = ("link", os.readlink(full))
            elif full.is_file():
                out[rel] = full.read_bytes()
            else:
                out[rel] = "dir"
    return out


def one_line_error(result, *names) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for name in names:
        assert str(name) in lines[0]
    return lines[0]


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.nt"
    path.write_text(NT, encoding="utf-8")
    return path


def user_directory(path: Path) -> Path:
    (path / "sub").mkdir(parents=True)
    (path / "thesis.txt").write_text("four years of work\n")
    (path / "sub" / "notes.txt").write_text("notes\n")
    return path


# --- 1: never delete or replace what kgborder did not make ------------------------------------

@pytest.mark.parametrize("command", ["load", "build"])
def test_a_store_path_that_is_a_users_directory_is_refused_and_kept(run, project, tmp_path, good, command):
    data = user_directory(tmp_path / "d")
    before = tree(data)
    args = ["load", "--store", data, good] if command == "load" else ["--project", project, "build", "--store", data]
    line = one_line_error(run(*args), data)
    assert "not a store kgborder made" in line
    assert not data.is_symlink() and tree(data) == before
    assert not (data.parent / ".d.lock").exists(), "nothing is made beside a refused path"


def test_a_link_to_a_users_directory_or_file_is_refused(run, tmp_path, good):
    data = user_directory(tmp_path / "d")
    before = tree(data)
    (tmp_path / "file.txt").write_text("keep me\n")
    for i, target in enumerate([data, tmp_path / "file.txt", tmp_path / "missing"]):
        link = tmp_path / f"link{i}"
        link.symlink_to(target)
        result = run("load", "--store", link, good)
        if target.is_file():  # click refuses a file for a directory option: a usage error
            assert result.exit_code == 2 and str(link) in result.stderr and "Traceback" not in result.output
            with pytest.raises(StoreError, match="not a store kgborder made"):
                load_files(link, [good])
        else:
            one_line_error(result, link)
        assert os.readlink(link) == str(target)
    # A link named as kgborder names its versions, to a directory without kgborder's marker.
    (tmp_path / ".fake-1").mkdir()
    (tmp_path / ".fake-1" / "db").mkdir()
    (tmp_path / ".fake-1" / "db" / "paper.txt").write_text("mine\n")
    (tmp_path / "fake").symlink_to(".fake-1/db")
    one_line_error(run("load", "--store", tmp_path / "fake", good), tmp_path / "fake")
    assert tree(data) == before and (tmp_path / "file.txt").read_text() == "keep me\n"
    assert (tmp_path / ".fake-1" / "db" / "paper.txt").read_text() == "mine\n"


def test_a_store_path_that_is_a_file_is_refused(run, tmp_path, good):
    path = tmp_path / "file.txt"
    path.write_text("keep me\n")
    result = run("load", "--store", path, good)
    assert result.exit_code != 0 and "Traceback" not in result.output
    with pytest.raises(StoreError, match="not a store kgborder made"):
        load_files(path, [good])
    assert path.read_text() == "keep me\n"


def test_files_a_user_put_into_the_store_survive_its_replacement(run, tmp_path, good):
    store = tmp_path / "store"
    assert run("load", "--store", store, good).exit_code == 0
    (store / "mine.txt").write_text("do not lose\n")  # into the database directory
    version = Path(os.readlink(store)).parts[0]
    (tmp_path / version / "other.txt").write_text("nor this\n")  # beside it
    result = run("load", "--store", store, "--graph", "http://example.org/g2", good)
    assert result.exit_code == 0, result.output
    assert "kept" in result.stderr and version in result.stderr
    assert (tmp_path / version / "db" / "mine.txt").read_text() == "do not lose\n"
    assert (tmp_path / version / "other.txt").read_text() == "nor this\n"
    assert len(pyoxigraph.Store.read_only(str(store.resolve()))) == 4


@pytest.mark.parametrize("swap_in", ["directory", "link"])
def test_a_store_path_swapped_between_check_and_rename_is_not_replaced(tmp_path, good, swap_in):
    """The check and the rename act on the same object: whatever is put at the store path
    after kgborder checked it is left there."""
    store = tmp_path / "store"
    load_files(store, [good])
    data = user_directory(tmp_path / "d")
    before = tree(data)
    with writing(store) as writer:
        new = writer.new_version()
        pyoxigraph.Store(str(new)).flush()
        os.unlink(store)
        if swap_in == "directory":
            os.rename(data, store)
        else:
            store.symlink_to(data)
        with pytest.raises(StoreError, match="changed while kgborder was writing"):
            writer.swap(new)
    if swap_in == "directory":
        assert not store.is_symlink() and tree(store) == before
    else:
        assert os.readlink(store) == str(data) and tree(data) == before


def test_a_directory_put_where_a_version_was_is_not_swept(tmp_path, good):
    """Only directories holding kgborder's marker are removed, checked on the directory opened."""
    store = tmp_path / "store"
    load_files(store, [good])
    impostor = user_directory(tmp_path / f".store-{time.time_ns()}")
    before = tree(impostor)
    load_files(store, [good])
    assert tree(impostor) == before


# --- 6: writers in turn, readers keep their version ------------------------------------------

def _start(args, cwd=None, **kwargs):
    return subprocess.Popen(KGBORDER + [str(a) for a in args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_a_load_beside_a_build_keeps_the_loaded_graph(project, tmp_path, monkeypatch):
    """Real processes, the load started at different moments of the build, each round with a
    change to the sources: afterwards the store holds every loaded graph and this round's build."""
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    store = project / ".kgborder" / "store"
    entities = project / "graph" / "entities.yaml"
    original = entities.read_text(encoding="utf-8")
    assert "description: President of Mexico." in original
    medium = tmp_path / "medium.nt"
    medium.write_text("".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(50_000)))
    assert subprocess.run(KGBORDER + ["--project", str(project), "build"], capture_output=True).returncode == 0
    lost_loads, lost_builds = [], []
    for i, delay in enumerate([0.0, 0.5, 1.0, 1.5, 2.0, 2.5]):
        label = f"President of Mexico (round {i})."
        entities.write_text(original.replace("President of Mexico.", label), encoding="utf-8")
        build = _start(["--project", project, "build"])
        time.sleep(delay)
        load = _start(["--project", project, "load", "--graph", f"http://example.org/loaded{i}", medium])
        assert load.wait(120) == 0, load.stderr.read()
        assert build.wait(120) == 0, build.stderr.read()
        final = pyoxigraph.Store.read_only(str(store.resolve()))
        named = {g.value for g in final.named_graphs()}
        if not {f"http://example.org/loaded{j}" for j in range(i + 1)} <= named:
            lost_loads.append(i)
        if not any(True for _ in final.quads_for_pattern(None, None, pyoxigraph.Literal(label),
                                                         pyoxigraph.DefaultGraph())):
            lost_builds.append(i)
        del final
    assert (lost_loads, lost_builds) == ([], []), "rounds that lost the loaded graphs, the build"


READER = """
import sys, time, pyoxigraph
from pathlib import Path
from kgborder.store import open_store
end, errors, reads = time.time() + float(sys.argv[2]), [], 0
while time.time() < end:
    try:
        store = open_store(Path(sys.argv[1]))
        reads += int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value) > 0
    except Exception as exc:
        errors.append(str(exc))
print(reads, len(errors), errors[:1])
"""


def test_a_query_beside_builds_never_loses_its_store(project, monkeypatch):
    monkeypatch.delenv("KGBORDER_STORE", raising=False)
    store = project / ".kgborder" / "store"
    assert subprocess.run(KGBORDER + ["--project", str(project), "build"], capture_output=True).returncode == 0
    reader = subprocess.Popen([sys.executable, "-c", READER, str(store), "12"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    builds = 0
    deadline = time.monotonic() + 11
    while time.monotonic() < deadline:
        assert subprocess.run(KGBORDER + ["--project", str(project), "build"], capture_output=True).returncode == 0
        builds += 1
    out, err = reader.communicate(60)
    reads, failures, first = out.split(" ", 2)
    assert builds >= 2 and int(reads) > 10, (builds, out, err)
    assert int(failures) == 0, first
    # Once the reader is gone, the next writer removes every version it held.
    assert subprocess.run(KGBORDER + ["--project", str(project), "build"], capture_output=True).returncode == 0
    versions = [p.name for p in store.parent.iterdir() if p.name.startswith(".store-")]
    assert len(versions) == 1


def test_two_loads_at_once_both_land(tmp_path, good):
    """The second load waits for the first (and says why) instead of failing on RocksDB's lock."""
    store = tmp_path / "store"
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(300_000)))
    first = _start(["load", "--store", store, "--graph", "http://example.org/big", big])
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".store-*/db")) and time.monotonic() < deadline:
        time.sleep(0.01)
    second = _start(["load", "--store", store, "--graph", "http://example.org/small", good])
    assert second.wait(120) == 0, second.stderr.read()
    assert first.wait(120) == 0, first.stderr.read()
    err = second.stderr.read()
    assert "lock" not in err.replace("the store is busy", "")
    assert "waiting: the store is busy (another kgborder load or build is running)" in err
    named = {g.value for g in pyoxigraph.Store.read_only(str(store.resolve())).named_graphs()}
    assert named == {"http://example.org/big", "http://example.org/small"}


# --- 14: a killed load leaves nothing the next command does not clean -------------------------

def test_a_killed_load_is_swept_by_the_next_command(tmp_path, good):
    store = tmp_path / "store"
    assert subprocess.run(KGBORDER + ["load", "--store", str(store), str(good)], capture_output=True).returncode == 0
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(400_000)))
    load = _start(["load", "--store", store, big], start_new_session=False)
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob(".store-*/db"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.5)  # into the parse
    load.send_signal(signal.SIGKILL)
    load.wait()
    time.sleep(0.5)  # the load's own child dies with it
    assert len(list(tmp_path.glob(".store-*"))) == 2, "the kill left a staging store"
    # The next command, a reading one here, removes it (as the next load or build would).
    assert subprocess.run(KGBORDER + ["stats", "--store", str(store)], capture_output=True).returncode == 0
    current = os.readlink(store).split("/")[0]
    assert [p.name for p in tmp_path.glob(".store-*")] == [current]
    assert len(pyoxigraph.Store.read_only(str(store.resolve()))) == 2


# --- 7: memory bombs, measured in a child ------------------------------------------------------

MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(done.returncode, peak, round(time.monotonic() - start, 1))
print(done.stderr)
"""


def measured_load(tmp_path, path) -> tuple[int, int, float, str]:
    """(exit code, peak resident bytes of kgborder and its children, seconds, stderr)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *KGBORDER, "load", "--store", str(tmp_path / "store"),
                          str(path)], capture_output=True, text=True, timeout=300).stdout
    head, _, err = out.partition("\n")
    code, peak, seconds = head.split()
    return int(code), int(peak), float(seconds), err


def billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY l0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
            f'<rdf:Description rdf:about="http://example.org/a"><ex:p>&l{levels - 1};</ex:p></rdf:Description>\n'
            "</rdf:RDF>\n")


def test_an_xml_entity_bomb_is_refused_with_flat_memory(tmp_path):
    bomb = tmp_path / "laughs.rdf"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    code, peak, seconds, err = measured_load(tmp_path, bomb)
    print(f"entity bomb: exit {code}, peak {peak / 2**20:.0f} MB, {seconds} s")
    assert code == 1 and "Traceback" not in err
    assert err.strip().count("\n") == 0 and str(bomb) in err and "memory" in err
    assert peak < MEMORY_LIMIT + 256 * 2**20
    assert seconds < 60
    assert not (tmp_path / "store").exists() and not list(tmp_path.glob(".store-*"))


def gzip_bomb(path: Path, head: bytes, size: int = 2**30) -> Path:
    chunk = b"a" * 2**20
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(head)
        for _ in range(size // len(chunk)):
            fh.write(chunk)
    return path


@pytest.mark.parametrize("name,head", [
    ("endless.nt.gz", b"<http://example.org/"),                        # the parallel block reader
    ("endless-blank.nt.gz", b"_:b <http://example.org/p> \"x\" .\n<"),  # the single-load tail
    ("endless.ttl.gz", b"<http://example.org/"),                       # Oxigraph's streaming parser
    ("endless.jsonld.gz", b'{"@id": "http://example.org/'),
    ("endless.rdf.gz", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                       b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a"><ex:p>'),
])
def test_a_gzip_bomb_without_line_end_is_refused_with_flat_memory(tmp_path, name, head):
    bomb = gzip_bomb(tmp_path / name, head)
    code, peak, seconds, err = measured_load(tmp_path, bomb)
    print(f"{name}: {bomb.stat().st_size} bytes unpacking to 1 GiB: exit {code}, peak {peak / 2**20:.0f} MB, "
          f"{seconds} s")
    assert code == 1 and "Traceback" not in err
    assert err.strip().count("\n") == 0 and str(bomb) in err
    assert peak < MEMORY_LIMIT + 256 * 2**20
    assert not list(tmp_path.glob(".store-*"))


# --- 11, 15: one line, nothing left, the format named ------------------------------------------

@pytest.mark.parametrize("graph", ["http://ex.org/a b", "http://ex.org/a>b", 'http://ex.org/"', "http://[x"])
def test_a_malformed_graph_iri_is_one_line_and_leaves_nothing(run, tmp_path, good, graph):
    store = tmp_path / "store"
    assert run("load", "--store", store, good).exit_code == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    line = one_line_error(run("load", "--store", store, "--graph", graph, good))
    assert "--graph" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_format_tried_is_named_with_file_and_line(run, tmp_path):
    xml = tmp_path / "data.ttl"  # RDF/XML under a Turtle name
    xml.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                   "</rdf:RDF>\n", encoding="utf-8")
    line = one_line_error(run("load", "--store", tmp_path / "store", xml), xml)
    assert "malformed Turtle (by the extension .ttl) at line 1, column " in line
    bad_xml = tmp_path / "data.rdf"
    bad_xml.write_text('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                       '<rdf:Description rdf:about="http://example.org/a"><foo</rdf:RDF>', encoding="utf-8")
    line = one_line_error(run("load", "--store", tmp_path / "store", bad_xml), bad_xml)
    assert "malformed RDF/XML (by the extension .rdf)" in line and "Turtle" not in line
    unterminated = tmp_path / "open.ttl"
    unterminated.write_text('@prefix a: <http://a/> .\n a:b a:c "x .\n', encoding="utf-8")
    line = one_line_error(run("load", "--store", tmp_path / "store", unterminated), unterminated)
    assert "at line 2, column 10: " in line and "(line" not in line and line.count("line") == 1
    assert not list(tmp_path.glob(".store-*"))


def test_a_served_store_is_kept_until_the_server_stops(tmp_path, good):
    """The Oxigraph server holds the version it serves: a load swaps in a new one, the server
    goes on answering from the old, and the next writer after it stops removes the old."""
    import socket
    import urllib.parse
    import urllib.request

    store = tmp_path / "store"
    assert subprocess.run(KGBORDER + ["load", "--store", str(store), str(good)], capture_output=True).returncode == 0
    served = os.readlink(store).split("/")[0]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _start(["serve", "--store", store, "--port", port])
    try:
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.1)
        for i in range(2):
            done = subprocess.run(KGBORDER + ["load", "--store", str(store), "--graph", f"http://example.org/g{i}",
                                              str(good)], capture_output=True)
            assert done.returncode == 0, done.stderr
        assert (tmp_path / served / "db").is_dir(), "the served version is kept"
        ask = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        answer = json.loads(urllib.request.urlopen(ask, timeout=5).read())
        assert answer["results"]["bindings"][0]["n"]["value"] == "2"  # still the store it was started on
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    done = subprocess.run(KGBORDER + ["load", "--store", str(store), "--graph", "http://example.org/g9", str(good)],
                          capture_output=True)
    assert done.returncode == 0
    assert [p.name for p in tmp_path.glob(".store-*")] == [os.readlink(store).split("/")[0]]
