"""Regenerate docs/review.png: `kgborder review` on the wire report of the drafting tests.

    python scripts/review_screenshot.py [--output docs/review.png] [--chromium /usr/bin/chromium]

Adds benchmarks/data/draft/wire-nogales-guard/article.txt (written for the tests) to a temporary
copy of the project, serves its draft with `kgborder review`'s app, accepts the first statement,
hovers the second so that its evidence and participants light up, and saves the window.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from review_effort import ARGS, Served  # noqa: E402

from kgborder.draft import add_article  # noqa: E402
from kgborder.project import Project  # noqa: E402

ARTICLE = ROOT / "benchmarks" / "data" / "draft" / "wire-nogales-guard" / "article.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "review.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "graph", root / "graph")
        shutil.copytree(ROOT / "ontology", root / "ontology")
        add_article(Project.at(root), ARTICLE, title="Arizona sends more Guard members to Nogales",
                    date="2025-03-11", slug="arizona-sends-more-guard-members")
        served = Served(root, "arizona-sends-more-guard-members")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=2)
                page.goto(served.address)
                page.wait_for_selector("#cards .card")
                page.wait_for_function("() => document.body.dataset.checked !== undefined", timeout=60000)
                page.keyboard.press("a")
                page.wait_for_selector('#cards .card[data-key="draft.statements#0"].confirmed')
                page.hover('#cards .card[data-key="draft.statements#1"] .head')
                page.wait_for_timeout(300)
                args.output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.output))
                browser.close()
        finally:
            served.stop()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
