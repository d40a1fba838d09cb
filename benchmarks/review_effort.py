"""How many actions (clicks and keys) a curator needs in `kgborder review` to go from the draft
to the curated gold, and how fast the page answers each one.

    python benchmarks/review_effort.py [ARTICLE ...]

The articles and their gold are those of benchmarks/draft_quality.py (the Nogales article
leave-one-out and the test articles), drafted with the registry as it is. For each, the draft is
written by `kgborder add` in a temporary project, `kgborder review` serves it on 127.0.0.1, and
Debian's Chromium (Playwright) plays a curator who knows the gold:

- the cards in the order the page shows them (the drafted statements first);
- each drafted statement whose relation and participants are a gold statement's: `a` (accept);
  one with the relation of a gold statement whose evidence it overlaps but other participants:
  `e`, one fill per wrong participant, Enter; any other: `r` (reject). Accepting or rejecting
  moves the page on to the next card, so moving costs `j` presses only where it does not;
- each gold statement of a relation that no card gave: its evidence selected (one drag), one
  action per field of the guessed relation, subject and object that is wrong, Enter;
- Ctrl+S.

A fill, a choice in a list, a drag, a click and a key press are one action each. A gold statement
none of whose evidence stands once in the text cannot be selected: it is counted apart, with no
actions. Qualifiers are left as drafted (a Measurement written from a selection gets its
`measure`): the count is of relation and participants, the measure the drafting benchmark calls
statements.

What is printed per article: gold statements, how many the saved file then holds (relation and
participants, scored as draft_quality.py scores), the actions and actions per gold statement, and
the time each action took in the page (from its request to the page drawn again), median and
slowest. Then the mean of the articles' actions per gold statement, and all actions over all gold
statements (which weighs the long Nogales article more). Target (issue): at most 2 actions per
gold statement on average, and every action answered in under 100 ms on the Nogales article.
"""
from __future__ import annotations

import argparse
from collections import Counter
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from draft_quality import (ROOT, Gold, Scorer, _core, _registry_entry, default_articles,  # noqa: E402
                           read_gold, read_statements)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SLUG = "reviewed"


def select_words(page, words: str) -> None:
    """Select ``words`` in the page's article text as a mouse drag would, and let the page see it."""
    page.evaluate("""(words) => {
        const box = document.getElementById('text');
        const spans = [...box.querySelectorAll('span[data-start]')];
        const text = spans.map((s) => s.textContent).join('');
        const at = text.indexOf(words);
        const point = (offset) => {
            for (const s of spans) {
                const start = Number(s.dataset.start), end = start + s.textContent.length;
                if (start <= offset && offset <= end && s.firstChild) return [s.firstChild, offset - start];
            }
        };
        const range = document.createRange();
        range.setStart(...point(at));
        range.setEnd(...point(at + words.length));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", words)
    page.wait_for_selector("#selection-form")


class Served:
    """`kgborder review` on a free port of 127.0.0.1, in a process of its own as a user runs it
    (in a thread of this process it would share the interpreter with the browser's driver)."""

    def __init__(self, root: Path, slug: str = SLUG):
        import re
        import subprocess

        self.log = root / "review.log"
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "kgborder", "--project", str(root), "review",
                                             slug, "--no-open", "--port", "0"], stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 120
        while not (found := re.search(r"^review: (http\S+)$", self.log.read_text(encoding="utf-8"), re.M)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"kgborder review did not start: {self.log.read_text(encoding='utf-8')}")
            time.sleep(0.1)
        self.address = found.group(1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except Exception:
            self.process.kill()
            self.process.wait()


def project_for(gold: Gold, root: Path) -> Path:
    """A project holding the gold's registry and the project's ontology, the article added."""
    from kgborder.draft import add_article
    from kgborder.project import Project

    (root / "graph" / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "ontology", root / "ontology")
    entries = [_registry_entry(e) for e in gold.registry.values()]
    (root / "graph" / "entities.yaml").write_text(yaml.safe_dump({"entities": entries}, sort_keys=False,
                                                                 allow_unicode=True), encoding="utf-8")
    source = root / "article.txt"
    source.write_bytes(gold.text_file.read_bytes())
    add_article(Project.at(root), source, title=gold.title, date=gold.date, slug=SLUG)
    return root / "graph" / "articles" / f"{SLUG}.yaml"


class Curator:
    """Plays the page as someone who knows the gold, counting actions."""

    def __init__(self, page, gold: Gold, doc: dict):
        self.page, self.gold, self.actions = page, gold, 0
        self.items = (doc.get("draft") or {}).get("statements") or []
        proposed, _ = read_statements(self.items, gold)
        # read_statements keeps the statements the curation reader takes, in order
        self.proposed = [p for p in proposed]
        self.left = list(range(len(gold.statements)))  # gold statements not yet reached
        self.not_writable = 0
        self.written = 0
        self.fixed: Counter[str] = Counter()  # fields of the selection form the guess got wrong
        self.guesses: list[tuple[str, dict, dict]] = []  # (evidence, wanted, guessed) per written statement

    def act(self, what, *args) -> None:
        what(*args)
        self.actions += 1

    def current(self) -> str | None:
        return self.page.get_attribute("#cards .card.current", "data-key")

    def go_to(self, key: str) -> None:
        for _ in range(len(self.items) + 2):
            now = self.current()
            if now == key:
                return
            order = self.page.eval_on_selector_all("#cards .card", "cs => cs.map(c => c.dataset.key)")
            press = "j" if order.index(now) < order.index(key) else "k"
            self.act(self.page.keyboard.press, press)
        raise RuntimeError(f"cannot reach {key}")

    def wait(self, key: str, state: str) -> None:
        self.page.wait_for_selector(f'#cards .card[data-key="{key}"].{state}', timeout=30000)

    def gold_for(self, p) -> int | None:
        for i in self.left:
            if _core(self.gold.statements[i]) == _core(p.statement):
                return i
        return None

    def near(self, p) -> int | None:
        """A gold statement of the same relation whose evidence the drafted one's overlaps."""
        for i in self.left:
            g = self.gold.statements[i]
            if (g.relation or g.kind) != (p.statement.relation or p.statement.kind):
                continue
            spans = [(q.start, q.end) for e in g.evidence for q in self.gold.located.find_all(e)]
            if any(min(a[1], b[1]) > max(a[0], b[0]) for a in spans for b in p.spans):
                return i
        return None

    def review_cards(self) -> None:
        by_evidence = {}
        for p in self.proposed:
            by_evidence.setdefault((p.statement.id), p)
        for index, item in enumerate(self.items):
            key = f"draft.statements#{index}"
            p = by_evidence.get(item.get("id"))
            hit = self.gold_for(p) if p is not None else None
            if hit is not None:
                self.go_to(key)
                self.act(self.page.keyboard.press, "a")
                self.wait(key, "confirmed")
                self.left.remove(hit)
                continue
            close = self.near(p) if p is not None else None
            self.go_to(key)
            if close is None:
                self.act(self.page.keyboard.press, "r")
                self.wait(key, "rejected")
                continue
            self.fix(key, item, self.gold.statements[close])
            self.left.remove(close)

    def fix(self, key: str, item: dict, g) -> None:
        self.act(self.page.keyboard.press, "e")
        form = f'#cards .card[data-key="{key}"] form'
        who = "speaker" if item.get("speaker") else "subject"
        wanted = {who: g.subject or g.speaker or "", "object": ", ".join(g.objects)}
        for name, value in wanted.items():
            if self.page.input_value(f"{form} [name={name}]") != value:
                self.act(self.page.fill, f"{form} [name={name}]", value)
        self.act(self.page.keyboard.press, "Enter")
        self.wait(key, "confirmed")

    def write_missing(self) -> None:
        for i in list(self.left):
            g = self.gold.statements[i]
            evidence = next((e for e in g.evidence if self.gold.text.count(e) == 1), None)
            if evidence is None or not (g.relation or g.kind):
                self.not_writable += 1
                continue
            before = self.page.locator('#cards .card[data-key^="statements#"]').count()
            select_words(self.page, evidence)
            self.actions += 1
            self.written += 1
            wanted = {"relation": g.relation or f"kind:{g.kind}", "subject": g.subject or g.speaker or "",
                      "object": ", ".join(g.objects)}
            if g.kind and not g.relation and g.measure:
                wanted["measure"] = g.measure
            guessed = {name: self.page.input_value(f"#selection-form [name={name}]") for name in wanted}
            self.guesses.append((evidence, wanted, guessed))
            for name, value in wanted.items():
                selector = f"#selection-form [name={name}]"
                if guessed[name] != value:
                    self.fixed[name] += 1
                    if name == "relation":
                        self.act(self.page.select_option, selector, value)
                    else:
                        self.act(self.page.fill, selector, value)
            self.act(self.page.click, "#selection-form button[type=submit]")
            self.page.wait_for_function(
                f"() => document.querySelectorAll('#cards .card[data-key^=\"statements#\"]').length > {before}")
            self.left.remove(i)


def run(gold: Gold, browser) -> dict:
    with tempfile.TemporaryDirectory(prefix="kgborder-review-effort-") as tmp:
        path = project_for(gold, Path(tmp))
        served = Served(Path(tmp))
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(served.address)
            page.wait_for_selector("#cards .card")
            curator = Curator(page, gold, yaml.safe_load(path.read_text(encoding="utf-8")))
            started = time.perf_counter()
            curator.review_cards()
            on_cards = curator.actions
            curator.write_missing()
            writing = curator.actions - on_cards
            curator.act(page.keyboard.press, "Control+s")
            page.wait_for_function("() => document.getElementById('status').textContent.startsWith('saved')")
            seconds = time.perf_counter() - started
            timings = page.evaluate("() => window.kgborderTimings")
            drawing = page.evaluate("() => window.kgborderDrawTimings")
            page.close()
        finally:
            served.stop()
        saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = [s for s in (saved.get("draft") or {}).get("statements") or [] if s.get("confirmed")]
    doc = {"statements": (saved.get("statements") or []) + kept, "draft": {}}
    scores = Scorer(doc, gold, gold.registry.values()).score()
    reached = scores.measures["statements"].recall
    n = len(gold.statements)
    return {"article": gold.name, "gold": n, "reached": reached.hit, "not_writable": curator.not_writable,
            "actions": curator.actions, "per_statement": curator.actions / n, "seconds": seconds,
            "on_cards": on_cards, "writing": writing, "fixed": dict(curator.fixed),
            "written": curator.written, "guesses": curator.guesses,
            "median_ms": statistics.median(timings) if timings else None, "max_ms": max(timings, default=None),
            "timed": len(timings), "draw_ms": statistics.median(drawing) if drawing else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="*", type=Path, metavar="ARTICLE")
    parser.add_argument("--guesses", action="store_true",
                        help="also print, for each statement written from a selection, the form's guess "
                             "beside the gold (wrong fields as guess -> gold)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit("needs Debian's Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for path in args.articles or default_articles():
            rows.append(run(read_gold(path), browser))
        browser.close()
    print("| article | gold statements | reached | not selectable | actions (on cards + writing + save) | "
          "actions per gold statement | time | action answered in (median / slowest) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['article']} | {r['gold']} | {r['reached']} | {r['not_writable']} | {r['actions']} "
              f"({r['on_cards']} + {r['writing']} + 1) | "
              f"{r['per_statement']:.2f} | {r['seconds']:.1f} s | {r['median_ms']:.0f} / {r['max_ms']:.0f} ms "
              f"({r['timed']} actions; drawing {r['draw_ms']:.0f} ms of the median) |")
    fixed = sum((Counter(r["fixed"]) for r in rows), Counter())
    print(f"\nstatements written from a selection: {sum(r['written'] for r in rows)}; fields of the form the "
          "guess got wrong: "
          + ", ".join(f"{k} {v}" for k, v in fixed.most_common()))
    if args.guesses:
        for r in rows:
            print(f"\n{r['article']}:")
            for evidence, wanted, guessed in r["guesses"]:
                wrong = [f"{k} {guessed[k] or '-'} -> {v or '-'}" for k, v in wanted.items() if guessed[k] != v]
                print(f"- {evidence[:70]!r}: " + ("; ".join(wrong) or "right"))
    mean = statistics.mean(r["per_statement"] for r in rows)
    actions, gold = sum(r["actions"] for r in rows), sum(r["gold"] for r in rows)
    print(f"\nmean actions per gold statement: {mean:.2f} (target 2), the articles' mean; {actions / gold:.2f} "
          f"({actions} actions for {gold} gold statements) taken together; slowest action on "
          f"{rows[0]['article']}: {rows[0]['max_ms']:.0f} ms (target 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
