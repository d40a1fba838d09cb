"""Regenerate docs/screenshot.png: the article graph's network view in headless Chromium.

    python scripts/screenshot.py [--output docs/screenshot.png] [--chromium /usr/bin/chromium]

Draws graph/kgborder.ttl (no store needed), opens the page, waits for the layout to settle,
clicks the edge "Claudia Sheinbaum deploys National Guard" so that the panel shows its
evidence, and saves the window.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kgborder.view import view

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
SUBJECT = "https://w3id.org/kgborder/id/claudia-sheinbaum"
RELATION = "https://w3id.org/kgborder/ontology#deploys"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page_file = view(ROOT / "graph" / "kgborder.ttl", project=ROOT).save(Path(tmp) / "view.html")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=2)
            page.route("http*://**", lambda route: route.abort())
            page.goto(page_file.as_uri())
            page.wait_for_function("window.kgborderReady === true")
            x, y, rest_x, rest_y = page.evaluate(
                """([subject, relation]) => {
                    const edge = network.body.data.edges.get().find(e => e.from === subject && e.rel === relation);
                    const point = network.body.edges[edge.id].edgeType.getPoint(0.5);
                    const dom = network.canvasToDOM(point);
                    const box = document.getElementById('graph').getBoundingClientRect();
                    return [box.left + dom.x, box.top + dom.y, box.left + 4, box.bottom - 4];
                }""", [SUBJECT, RELATION])
            page.mouse.click(x, y)
            page.mouse.move(rest_x, rest_y)  # an empty corner, so that no tooltip covers the graph
            page.wait_for_timeout(400)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
