"""`kgborder review`: a draft curated in Chromium from open to build, the files' round trip, and
the guards of a local web app (token, Host, Origin, the files it may touch, hostile text)."""
from __future__ import annotations

import difflib
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from kgborder.project import Project
from kgborder.review import Conflict, Review, ReviewError
from conftest import copy_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from review_effort import select_words  # noqa: E402  the benchmark's curator selects words as the tests do

ROOT = Path(__file__).resolve().parents[1]
WIRE = ROOT / "benchmarks" / "data" / "draft" / "wire-nogales-guard" / "article.txt"
SLUG = "arizona-sends-more-guard-members"
COMMENT = "# A curator's note that must survive every save.\n"
EVIL = "<img src=x onerror=window.__pwned=1>"


def kgborder(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgborder", "--project", str(project), *args],
                          capture_output=True, text=True, check=check, timeout=300)


def added(project: Path, source: Path = WIRE, slug: str = SLUG) -> Path:
    """``source`` added to ``project`` under ``slug``, with a curator's comment in its YAML."""
    kgborder(project, "add", str(source), "--title", "Arizona sends more Guard members", "--date", "2025-03-11",
             "--slug", slug)
    path = project / "graph" / "articles" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("article:\n", COMMENT + "article:\n", 1), encoding="utf-8")
    return path


class Running:
    """`kgborder review` in a process of its own, and the address it printed. Its stderr goes to a
    file (a pipe nobody reads could fill and stop the server), shown when a test fails."""

    def __init__(self, project: Path, *args: str):
        self.log = project.parent / f"review-{time.monotonic_ns()}.log"
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kgborder", "--project", str(project), "review", "--no-open", "--port", "0",
                 *args], stdout=subprocess.DEVNULL, stderr=log, text=True)
        self.address = self._address()
        m = re.match(r"(http://127\.0\.0\.1:(\d+))(\S*)\?token=(\S+)$", self.address)
        assert m, self.address
        self.origin, self.port, self.path, self.token = m.group(1), int(m.group(2)), m.group(3), m.group(4)

    def _address(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r"^review: (http\S+)$", self.log.read_text(encoding="utf-8"), re.M)
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kgborder review printed no address: {self.log.read_text(encoding='utf-8')}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def api(self, method: str, path: str, **kw) -> httpx.Response:
        headers = {"X-Kgborder-Token": self.token, **kw.pop("headers", {})}
        return httpx.request(method, self.origin + path, headers=headers, timeout=30, **kw)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def reviewing(tmp_path):
    project = copy_project(tmp_path / "project")
    path = added(project)
    server = Running(project, SLUG)
    try:
        yield project, path, server
    finally:
        server.stop()


def draft_index(path: Path, subject: str, relation: str, obj: str) -> int:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["draft"]["statements"]
    return next(i for i, s in enumerate(items)
                if (s.get("subject"), s.get("relation"), s.get("object")) == (subject, relation, obj))


# --- the whole flow in a real browser ----------------------------------------------------------

def test_a_draft_is_curated_in_the_browser_and_built(reviewing, browser):
    project, path, server = reviewing
    accepted = [("cbp", "agencyOf", "united-states"), ("nogales-arizona", "locatedIn", "arizona"),
                ("donald-trump", "threatensTariffsOn", "mexico")]
    wrong = ("teresa-villalobos", "holdsOffice", "us-mexico-border")
    to_fix = ("katie-hobbs", "deploys", "national-guard-mexico")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.address)
    page.wait_for_selector("#cards .card")

    def card(key: str):
        return page.locator(f'#cards .card[data-key="{key}"]')

    def keyed(key: str, press: str) -> None:
        card(key).locator(".head").click()
        page.keyboard.press(press)
        try:
            page.wait_for_selector(f'#cards .card[data-key="{key}"].{"confirmed" if press == "a" else "rejected"}',
                                   timeout=10000)
        except Exception:
            raise AssertionError(f"{key}: {page.text_content('#banner')!r} {page.text_content('#status')!r} "
                                 f"{page.get_attribute('#cards .card.current', 'data-key')}") from None

    for triple in accepted:  # three accepted with the keyboard
        keyed(f"draft.statements#{draft_index(path, *triple)}", "a")
    # accepting moved on to the next item still to review
    current = page.get_attribute("#cards .card.current", "data-key")
    assert current == f"draft.statements#{draft_index(path, *accepted[-1]) + 1}"
    keyed(f"draft.statements#{draft_index(path, *wrong)}", "r")  # one rejected

    # a new entity, from words selected in the text
    select_words(page, "Arizona Guard")
    page.click("#selection-form button:has-text('New entity')")
    page.select_option("#entity-form select[name=type]", "SecurityForce")
    page.click("#entity-form button[type=submit]")
    page.wait_for_function("() => !document.getElementById('entity-form')")

    # one fixed: the Arizona governor deploys Arizona's guard, not Mexico's
    fix = f"draft.statements#{draft_index(path, *to_fix)}"
    card(fix).locator(".head").click()
    page.keyboard.press("e")
    page.fill(f'#cards .card[data-key="{fix}"] input[name=object]', "arizona-guard")
    page.click(f'#cards .card[data-key="{fix}"] button[type=submit]')
    page.wait_for_selector(f'#cards .card[data-key="{fix}"].confirmed')
    # fixed and accepted: the page moved on, as accepting does
    assert page.get_attribute("#cards .card.current", "data-key") != fix
    hobbs = new_entity_index(path, "Katie Hobbs")
    keyed(f"draft.new_entities#{hobbs}", "a")

    # one written from a selection
    # one written from a selection: the form guesses the relation from its cue ("send") and the
    # participants from the names before and after it, so Enter writes it
    select_words(page, "Claudia Sheinbaum agreed to send 10,000 National Guard troops")
    assert page.input_value("#selection-form select[name=relation]") == "deploys"
    assert page.input_value("#selection-form input[name=subject]") == "claudia-sheinbaum"
    assert page.input_value("#selection-form input[name=object]") == "national-guard-mexico"
    page.keyboard.press("Enter")
    page.wait_for_selector('#cards .card[data-key="statements#0"]')
    select_words(page, "CBP officers at Mariposa seized about 180 pounds of fentanyl")
    assert [page.input_value(f"#selection-form [name={n}]") for n in ("relation", "subject", "object")] == [
        "seizes", "cbp", "fentanyl"]
    page.click("#selection-form button:has-text('Cancel')")
    # someone's words: a drafted quotation's words are its speaker's comment; a clause of a
    # sentence with a speech verb and a person named in it is that person's claim
    select_words(page, "If every truck waits an extra hour, so does every tomato")
    assert [page.input_value(f"#selection-form [name={n}]") for n in ("relation", "subject")] == [
        "commentsOn", "teresa-villalobos"]
    page.click("#selection-form button:has-text('Cancel')")
    select_words(page, "its government was not doing enough to stop the drug")
    assert [page.input_value(f"#selection-form [name={n}]") for n in ("relation", "subject")] == [
        "claimsAbout", "donald-trump"]
    page.click("#selection-form button:has-text('Cancel')")

    try:
        page.wait_for_function("() => document.body.dataset.checked === 'ok'", timeout=30000)
    except Exception:
        raise AssertionError(f"{page.text_content('#banner')!r} {server.output()} "
                             f"{page.eval_on_selector_all('.problems li', 'ns => ns.map(n => n.textContent)')}") from None
    page.keyboard.press("Control+s")
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('saved')")
    page.keyboard.press("b")
    page.wait_for_selector("#built[open]", timeout=120000)
    assert "statements" in page.text_content("#built-summary")
    assert page.frame_locator("#network").locator("body").count() == 1
    assert errors == []

    saved = path.read_text(encoding="utf-8")
    assert COMMENT in saved
    doc = yaml.safe_load(saved)
    drafted = doc["draft"]["statements"]
    confirmed = {(s["subject"], s["relation"], s["object"]) for s in drafted if s.get("confirmed")}
    assert confirmed == set(accepted) | {("katie-hobbs", "deploys", "arizona-guard")}
    assert {(s["subject"], s["relation"], s["object"]) for s in drafted if s.get("rejected")} == {wrong}
    assert [(s["subject"], s["relation"], s["object"], s["evidence"]) for s in doc["statements"]] == [
        ("claudia-sheinbaum", "deploys", "national-guard-mexico",
         "Claudia Sheinbaum agreed to send 10,000 National Guard troops")]
    registry = yaml.safe_load((project / "graph" / "entities.yaml").read_text(encoding="utf-8"))["entities"]
    ids = {e["id"]: e for e in registry}
    assert ids["arizona-guard"]["type"] == "SecurityForce" and "katie-hobbs" in ids
    for ask in ("ASK { id:katie-hobbs kgb:deploys id:arizona-guard }",
                "ASK { id:claudia-sheinbaum kgb:deploys id:national-guard-mexico }",
                "ASK { id:donald-trump kgb:threatensTariffsOn id:mexico }"):
        assert kgborder(project, "query", ask).stdout.strip() == "true", ask
    assert kgborder(project, "query", "ASK { id:teresa-villalobos kgb:holdsOffice id:us-mexico-border }"
                    ).stdout.strip() == "false"


def new_entity_index(path: Path, name: str) -> int:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["draft"]["new_entities"]
    return next(i for i, e in enumerate(items) if e["name"] == name)


def test_a_checks_answer_keeps_the_form_the_curator_is_typing_in(reviewing, browser):
    project, path, server = reviewing
    page = browser.new_page()
    page.goto(server.address)
    page.wait_for_function("() => document.body.dataset.checked")  # the check after loading
    key = "draft.statements#0"
    page.locator(f'#cards .card[data-key="{key}"] .head').click()
    page.keyboard.press("e")
    field = f'#cards .card[data-key="{key}"] form input[name=role]'
    page.fill(field, "")
    page.click(field)
    page.keyboard.type("port direc")
    page.evaluate("() => { delete document.body.dataset.checked; window.kgborderCheck(); }")
    page.wait_for_function("() => document.body.dataset.checked")
    assert page.input_value(field) == "port direc"
    assert page.evaluate("() => document.activeElement && document.activeElement.name") == "role"
    page.keyboard.type("tor")
    assert page.input_value(field) == "port director"


def serving(tmp_path: Path, browser, text: str, slug: str):
    """A page of `kgborder review` on ``text`` added to a copy of the project, and its server."""
    project = copy_project(tmp_path / "project")
    source = tmp_path / f"{slug}.txt"
    source.write_text(text, encoding="utf-8")
    added(project, source, slug)
    server = Running(project, slug)
    page = browser.new_page()
    page.goto(server.address)
    page.wait_for_selector("#cards .card")
    return page, server


def test_hostile_words_in_the_article_run_no_script(tmp_path, browser):
    page, server = serving(tmp_path, browser, f"Written for the kgborder tests.\n\nOfficials said {EVIL} Maria {EVIL} "
                           f"Lopez of Customs and Border Protection seized fentanyl. \"{EVIL}\" said Maria Lopez.\n",
                           "evil")
    try:
        page.wait_for_timeout(300)
        assert EVIL in page.text_content("#text")
        assert page.evaluate("() => window.__pwned") is None
        assert page.locator("#text img, #cards img").count() == 0
    finally:
        server.stop()


# Written for the kgborder tests: a count, an amount hidden in something, the writer's own claim
# before someone's words, and a quotation with a count in it.
GUESSES = ("Written for the kgborder tests; not a real news report.\n\n"
           "The Nogales port of entry saw about 1,500 trucks a day in March. Officers found 40 pounds of "
           "fentanyl hidden in a spare tire on Monday. Longer inspections are not a cure for the drug trade. "
           "David Hathaway said the lines would grow.\n\n"
           "\"Last week we had 300 trucks waiting at dawn. Now the lines are shorter, and the drivers are "
           "calmer,\" said Maria Elena Ruiz, the mayor of Nogales, Arizona.\n\n"
           "Trucks waited at the Nogales port of entry after David Hathaway told reporters that the lines "
           "would grow.\n\n"
           "Claudia Sheinbaum sent 1,000 National Guard troops north, and the lines at the Nogales port of entry "
           "grew. Mexico won a 30-day pause.\n\n"
           "Claudia Sheinbaum is determined to win. Most of it enters through the larger ports.\n")


@pytest.fixture(scope="module")
def guessing(tmp_path_factory, browser):
    page, server = serving(tmp_path_factory.mktemp("guesses"), browser, GUESSES, "guesses")
    yield page
    server.stop()


@pytest.mark.parametrize("words, guessed", [
    # a count that no cue explains: a Measurement of what its sentence names before it
    ("The Nogales port of entry saw about 1,500 trucks a day in March.",
     ["kind:Measurement", "nogales-crossing", ""]),
    # a cue with only its object named: the relation and the object, who hid it left to the curator
    ("40 pounds of fentanyl hidden in a spare tire", ["concealsIn", "", "spare-tires"]),
    # a whole sentence of the writer's, ending with its full stop (the next sentence's "said" is
    # someone else's): the writer's claim, about what it names
    ("Longer inspections are not a cure for the drug trade.", ["claimsAbout", "", "drug-trade"]),
    # a count in a short part of a quotation: a Measurement, not the speaker's comment
    ("Last week we had 300 trucks waiting at dawn.", ["kind:Measurement", "", ""]),
    # words no speech verb reports, in a sentence with one: no claim
    ("Trucks waited at the Nogales port of entry", ["", "trucks", "nogales-crossing"]),
    # words it reports: the claim of the person named before it
    ("the lines would grow", ["claimsAbout", "david-hathaway", ""]),
    # a cue of the sentence whose participants all stand outside the selection says something else
    ("the lines at the Nogales port of entry grew", ["", "nogales-crossing", ""]),
    # "a 30-day pause": a modifier, no count to measure (the whole sentence: the writer's claim)
    ("Mexico won a 30-day pause", ["claimsAbout", "", "mexico"]),
    # a predicate naming nothing: the agent named last before it
    ("is determined to win", ["", "claudia-sheinbaum", ""]),
    # a cue with neither side named: its relation
    ("it enters through the larger ports", ["smuggledThrough", "", ""]),
])
def test_the_selection_form_guesses_what_the_words_say(guessing, words, guessed):
    select_words(guessing, words)
    try:
        assert [guessing.input_value(f"#selection-form [name={n}]") for n in ("relation", "subject", "object")] == guessed
    finally:
        guessing.click("#selection-form button:has-text('Cancel')")


@pytest.mark.parametrize("filler", [" ", ", ", '" \u201d'], ids=["spaces", "commas", "quotation marks"])
def test_a_guess_across_a_long_hostile_run_answers_at_once(tmp_path, browser, filler):
    # written for the tests: 200,000 characters of what may stand between words and a speech verb
    # after them (the speaker's test before the verb backtracked quadratically over them: 6 s)
    run = (filler * (200_000 // len(filler)))[:200_000]
    page, server = serving(tmp_path, browser, "Written for the kgborder tests.\n\nLines grew" + run
                           + " and then Maria Lopez said.\n", "spaces")
    try:
        started = time.monotonic()
        select_words(page, "Lines grew")
        assert time.monotonic() - started < 5
    finally:
        server.stop()


# --- the guards ---------------------------------------------------------------------------------

def test_every_request_needs_the_token_and_this_servers_host_and_origin(reviewing):
    project, path, server = reviewing
    before = path.read_bytes()
    act = f"/api/article/{SLUG}/act"
    body = {"op": "set", "section": "draft.statements", "index": 0, "fields": {"confirmed": True}}
    assert httpx.get(server.origin + "/api/articles").status_code == 403  # no token
    assert httpx.get(server.origin + f"/article/{SLUG}").status_code == 403  # the page, no token
    assert httpx.get(server.origin + f"/article/{SLUG}?token=wrong").status_code == 403
    assert server.api("GET", "/api/articles", headers={"X-Kgborder-Token": "x" * 43}).status_code == 403
    assert server.api("POST", act, json=body, headers={"Origin": "http://evil.example"}).status_code == 403
    assert server.api("POST", act, json=body, headers={"Origin": "null"}).status_code == 403
    rebound = httpx.get(server.origin + "/api/articles", headers={"X-Kgborder-Token": server.token,
                                                                   "Host": f"evil.example:{server.port}"})
    assert rebound.status_code == 403  # DNS rebinding: another name for this address
    assert server.api("POST", f"/api/article/{SLUG}/save", json={}, headers={"Origin": "http://evil.example"}
                      ).status_code == 403
    assert path.read_bytes() == before
    # with all three, the same action is taken
    assert server.api("POST", act, json=body, headers={"Origin": server.origin}).status_code == 200
    assert httpx.get(server.address).status_code == 200


def test_only_the_projects_articles_can_be_opened(reviewing, tmp_path):
    project, path, server = reviewing
    outside = tmp_path / "secret.yaml"
    outside.write_text("article: {title: secret}\nstatements: []\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret\n", encoding="utf-8")
    articles = project / "graph" / "articles"
    os.symlink(outside, articles / "linked.yaml")
    os.symlink(tmp_path / "secret.txt", articles / "linked.txt")
    for slug in ("linked", "..%2F..%2Fsecret", "%2E%2E", "entities", "../entities", "..", "x" * 300):
        answer = server.api("GET", f"/api/article/{slug}")
        assert answer.status_code in (400, 404), slug
        assert "secret" not in answer.text
    listed = server.api("GET", "/api/articles").json()["articles"]
    assert "linked" not in {a["slug"] for a in listed} and SLUG in {a["slug"] for a in listed}
    assert server.api("POST", "/api/article/linked/save", json={}).status_code == 400
    assert outside.read_text(encoding="utf-8").startswith("article: {title: secret}")


@pytest.mark.parametrize("which", ["yaml", "registry"])
def test_a_file_swapped_for_a_link_after_the_page_loaded_is_neither_read_nor_written(tmp_path, which):
    """The article was listed as a regular file; a symbolic link put in its place afterwards (to a
    copy outside graph/ with the same bytes, so no digest tells them apart) is refused at save and at
    reload, and the file it points to is left as it was."""
    project = copy_project(tmp_path / "project")
    path = added(project)
    r = Review(Project.at(project), SLUG)
    r.act({"op": "set", "section": "draft.statements", "index": 0, "fields": {"confirmed": True}})
    target = path if which == "yaml" else project / "graph" / "entities.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(target.read_bytes())
    before = outside.read_bytes()
    target.unlink()
    os.symlink(outside, target)
    with pytest.raises(ReviewError, match=f"{target.name}: cannot be read: a symbolic link"):
        r.save()
    with pytest.raises(ReviewError, match="a symbolic link"):
        r.load()
    assert outside.read_bytes() == before and target.is_symlink()


def test_the_review_writes_only_the_files_themselves_never_through_a_link(tmp_path):
    """What the review saves with (write_atomic(follow=False)): a link, a dangling link or a named
    pipe at the path is an error and nothing outside changes; a link put in place while the new
    file is written is replaced by the file, its target untouched."""
    from kgborder.errors import KgborderError
    from kgborder.fileio import atomic_output, write_atomic

    outside = tmp_path / "outside.yaml"
    outside.write_bytes(b"theirs\n")
    link, dangling, pipe, own = (tmp_path / n for n in ("link.yaml", "dangling.yaml", "pipe.yaml", "own.yaml"))
    os.symlink(outside, link)
    os.symlink(tmp_path / "nowhere" / "made.yaml", dangling)
    os.mkfifo(pipe)
    for path, why in ((link, "symbolic link"), (dangling, "symbolic link"), (pipe, "not a regular file")):
        with pytest.raises(KgborderError, match=why):
            write_atomic(path, b"mine\n", follow=False)
    assert outside.read_bytes() == b"theirs\n" and not (tmp_path / "nowhere").exists()
    own.write_bytes(b"old\n")
    os.chmod(own, 0o640)
    with atomic_output(own, follow=False) as fh:
        fh.write(b"mine\n")
        own.unlink()
        os.symlink(outside, own)  # swapped for a link between the check and the rename
    assert not own.is_symlink() and own.read_bytes() == b"mine\n" and outside.read_bytes() == b"theirs\n"
    assert stat.S_IMODE(own.stat().st_mode) == 0o640
    # a hard link to a file outside is a regular file: the rename gives the name a new file and
    # the other name's bytes stay as they were
    hard = tmp_path / "hard.yaml"
    os.link(outside, hard)
    write_atomic(hard, b"mine\n", follow=False)
    assert hard.read_bytes() == b"mine\n" and outside.read_bytes() == b"theirs\n"


def test_malformed_actions_get_a_message_not_a_crash(reviewing):
    project, path, server = reviewing
    act = f"/api/article/{SLUG}/act"
    for body in ({"op": "rm"}, {"op": "set", "section": "draft.statements", "index": 10**6, "fields": {"confirmed": True}},
                 {"op": "set", "section": "../x", "index": 0, "fields": {"a": 1}},
                 {"op": "set", "section": "draft.statements", "index": 0, "fields": {"evil": 1}},
                 {"op": "set", "section": "draft.statements", "index": 0, "fields": {"object": [[[["deep"]]]]}},
                 {"op": "set", "section": "draft.statements", "index": True, "fields": {"confirmed": True}}, [1, 2]):
        answer = server.api("POST", act, json=body)
        assert answer.status_code == 400 and answer.json()["error"], body
    assert server.api("POST", act, content=b"{" * 100000).status_code == 400
    assert server.api("POST", act, content=b" " * (2**20 + 10)).status_code == 400
    assert server.process.poll() is None


# --- the files ----------------------------------------------------------------------------------

def test_saving_keeps_comments_order_and_formatting(tmp_path):
    project = copy_project(tmp_path / "project")
    path = added(project)
    registry = project / "graph" / "entities.yaml"
    before, before_registry = path.read_text(encoding="utf-8"), registry.read_text(encoding="utf-8")
    r = Review(Project.at(project), SLUG)
    r.act({"op": "set", "section": "draft.statements", "index": 0, "fields": {"confirmed": True}})
    r.act({"op": "set", "section": "draft.statements", "index": 0, "fields": {"confirmed": False}})
    r.save()
    assert path.read_text(encoding="utf-8") == before  # nothing but what the actions changed
    assert registry.read_text(encoding="utf-8") == before_registry
    r.act({"op": "set", "section": "draft.statements", "index": 2, "fields": {"rejected": True}})
    r.save()
    after = path.read_text(encoding="utf-8")
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert diff == ["+   rejected: true"] or diff == ["+     rejected: true"], diff  # one line added, none changed
    assert COMMENT in after
    main = ROOT / "graph" / "articles" / "mexico-border-military-presence.yaml"
    assert Review(Project.at(ROOT), main.stem).texts() == (main.read_text(encoding="utf-8"),
                                                         (ROOT / "graph" / "entities.yaml").read_text(encoding="utf-8"))


def test_a_file_changed_on_disk_is_never_overwritten(tmp_path):
    project = copy_project(tmp_path / "project")
    path = added(project)
    r = Review(Project.at(project), SLUG)
    r.act({"op": "set", "section": "draft.statements", "index": 0, "fields": {"confirmed": True}})
    path.write_text(path.read_text(encoding="utf-8") + "# edited by hand meanwhile\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(Conflict, match="changed since the page was loaded"):
        r.save()
    assert path.read_bytes() == edited
    r.load()
    assert not r.dirty and b"edited by hand" in r.texts()[0].encode()


def test_undo_merge_and_checks_beside_their_items(tmp_path):
    project = copy_project(tmp_path / "project")
    path = added(project)
    r = Review(Project.at(project), SLUG)
    original = r.texts()
    index = draft_index(path, "katie-hobbs", "deploys", "national-guard-mexico")
    r.act({"op": "set", "section": "draft.statements", "index": index, "fields": {"object": "nowhere",
                                                                                "confirmed": True}})
    found = r.check()
    assert any("unknown entity 'nowhere'" in m for m in found["items"][f"draft.statements#{index}"])
    r.act({"op": "undo"})
    assert r.texts() == original and not r.dirty
    hobbs = new_entity_index(path, "Katie Hobbs")
    r.act({"op": "merge", "index": hobbs, "into": "claudia-sheinbaum"})  # a wrong merge, to undo
    text = r.texts()[0]
    assert "subject: katie-hobbs" not in text
    r.act({"op": "undo"})
    assert r.texts() == original
    with pytest.raises(ReviewError, match="not in graph/entities.yaml"):
        r.act({"op": "merge", "index": hobbs, "into": "nobody"})
    assert r.texts() == original
    # a statement of the curator's own is removed, and back on undo; a proposal cannot be
    r.act({"op": "add", "fields": {"relation": "seizes", "subject": "cbp", "object": "fentanyl",
                                   "evidence": "seized about 180 pounds of fentanyl pills"}})
    added_text = r.texts()
    r.act({"op": "remove", "index": 0})
    assert "seized about 180 pounds" not in r.texts()[0].split("draft:")[0]
    r.act({"op": "undo"})
    assert r.texts() == added_text
    with pytest.raises(ReviewError, match="statements has no item 5"):
        r.act({"op": "remove", "index": 5})


# --- the command ---------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["no-such-article", "../graph/entities", "a" * 500, "-", "\u202e"])
def test_an_unknown_article_is_one_line_and_exit_1(tmp_path, slug):
    project = copy_project(tmp_path / "project")
    done = kgborder(project, "review", "--no-open", "--port", "0", "--", slug, check=False)
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "no article" in done.stderr and "Traceback" not in done.stderr


def test_a_port_taken_is_one_line_and_exit_1(tmp_path):
    import socket

    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = kgborder(project, "review", "--no-open", "--port", str(taken.getsockname()[1]),
                        "mexico-border-military-presence", check=False)
    assert done.returncode == 1 and "cannot listen on 127.0.0.1" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_without_a_slug_the_latest_article_with_items_to_review_opens(tmp_path):
    project = copy_project(tmp_path / "project")
    added(project)
    server = Running(project)
    try:
        assert server.path == f"/article/{SLUG}"
        listed = server.api("GET", "/api/articles").json()
        assert listed["default"] == SLUG
        assert {a["slug"]: a["unconfirmed"] > 0 for a in listed["articles"]} == {
            SLUG: True, "mexico-border-military-presence": False}
    finally:
        server.stop()


def test_checks_asked_for_at_once_all_answer(reviewing):
    """The page may ask for a check before the last one answered; the build's checks run one at
    a time (rdflib's SPARQL parser, under the SHACL validation, fails when two threads parse)."""
    from concurrent.futures import ThreadPoolExecutor

    project, path, server = reviewing
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: server.api("POST", f"/api/article/{SLUG}/check", json={}), range(4)))
    assert [a.status_code for a in answers] == [200] * 4
    assert "Traceback" not in server.output()


@pytest.mark.parametrize("bad", ["article: [unclosed\n", "a: &a [*a, *a]\n" + "b: &b [*a, *a, *a]\n" * 3, "\x00"])
def test_a_curation_file_that_cannot_be_read_is_one_line_and_exit_1(tmp_path, bad):
    project = copy_project(tmp_path / "project")
    path = added(project)
    path.write_text(bad, encoding="utf-8")
    done = kgborder(project, "review", "--no-open", "--port", "0", SLUG, check=False)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"graph/articles/{SLUG}.yaml" in lines[0] and "Traceback" not in done.stderr
    assert path.read_text(encoding="utf-8") == bad
