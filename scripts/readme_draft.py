"""The draft shown in the README's "Growing the corpus": a real `kgborder add` of one of the test
articles, cut to one or two items of each kind, so that the README shows what the tool writes.

    python scripts/readme_draft.py           # print the command and the excerpt (Markdown)
    python scripts/readme_draft.py --write   # put them into README.md, between the markers

The article is drafted in a temporary copy of the project (graph/ and ontology/), never in the
repository's graph/. tests/test_docs_draft.py checks that every line of the README's excerpt
is in what `kgborder add` writes today, in the same order; when the drafter changes, run this
script with --write.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# A wire report written for the tests: it has a statement, a new person, a quotation, quantities
# and dates, in 2,255 characters.
ARTICLE = Path("benchmarks") / "data" / "draft" / "wire-nogales-guard"
BEGIN = "<!-- the draft below is written by: python scripts/readme_draft.py --write -->"
END = "<!-- end of the draft -->"
# Each item's sentence is left out of the excerpt: one long line that the offsets already give.
LEFT_OUT = ("sentence",)


def command() -> list[str]:
    """The arguments of the `kgborder add` shown: the article and its title and date from its gold file."""
    gold = yaml.safe_load((ROOT / ARTICLE / "gold.yaml").read_text(encoding="utf-8"))["article"]
    return ["add", str(ARTICLE / "article.txt"), "--title", str(gold["title"]), "--date", str(gold["date"])]


def written() -> str:
    """The YAML `kgborder add` writes for the article, in a temporary copy of the project."""
    with tempfile.TemporaryDirectory(prefix="kgborder-readme-") as tmp:
        project = Path(tmp)
        for part in ("graph", "ontology"):
            shutil.copytree(ROOT / part, project / part)
        articles = project / "graph" / "articles"
        before = set(articles.glob("*.yaml"))
        env = {k: v for k, v in os.environ.items() if k != "KGBORDER_STORE"}
        done = subprocess.run([sys.executable, "-m", "kgborder", "--project", str(project), *command()],
                              cwd=ROOT, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"kgborder add failed:\n{done.stderr}")
        (drafted,) = set(articles.glob("*.yaml")) - before
        return drafted.read_text(encoding="utf-8")


def _items(lines: list[str], section: str) -> tuple[int, list[list[str]]]:
    """(the line of ``draft.<section>``, its items as their lines)."""
    head = lines.index(f"  {section}:") if f"  {section}:" in lines else lines.index(f"  {section}: []")
    items: list[list[str]] = []
    for line in lines[head + 1:]:
        if line.startswith("  - "):
            items.append([line])
        elif line.startswith("    ") and items:
            items[-1].append(line)
        else:
            break
    return head, items


def _shown(item: list[str]) -> list[str]:
    """An item's lines less the fields LEFT_OUT (a field runs to the next field of the item)."""
    out, skipping = [], False
    for line in item:
        field = re.match(r"^(?:  - |    )([a-z_]+):", line)
        if field:
            skipping = field.group(1) in LEFT_OUT
        if not skipping:
            out.append(line)
    return out


def _pick(items: list[list[str]], prefer, count: int = 1) -> list[list[str]]:
    """The first ``count`` items that ``prefer`` (a test of the item's values) likes, else the first."""
    liked = [item for item in items if prefer(yaml.safe_load("\n".join(line[2:] for line in item))[0])]
    return (liked or items)[:count]


def excerpt(text: str) -> list[str]:
    """The lines of the README's excerpt of a draft: the article's metadata, then one or two items
    of each kind, with '...' where lines are left out."""
    lines = text.splitlines()
    out = lines[lines.index("article:"):lines.index("article:") + 3] + ["...", "draft:"]
    kinds = [  # what to show of each kind: (how many, which items first)
        ("statements", 2, lambda v: v.get("confidence", 0) >= 0.7),  # the surer ones: an action, not a title
        ("mentions", 2, lambda v: len(v.get("also", ())) == 1),  # one more place, so that 'also' shows
        ("new_entities", 1, lambda v: v.get("type") == "Person"),
        ("quotations", 1, lambda v: v.get("speaker") and v.get("role")),
        ("quantities", 1, lambda v: v.get("measure") and v.get("approx")),
        ("dates", 1, lambda v: v.get("resolved_from")),
    ]
    shown = sorted((_items(lines, section), count, prefer) for section, count, prefer in kinds)
    for (head, items), count, prefer in shown:
        out.append(lines[head])
        for item in _pick(items, prefer, count):
            out.extend(_shown(item))
        if len(items) > count:
            out.append("  ...")
    return out


def markdown(lines: list[str]) -> str:
    """The command and the excerpt as the README shows them, between the markers."""
    args = " ".join(_quoted(a) for a in command())
    return "\n".join([BEGIN, "```sh", f"kgborder {args}", "```", "", "```yaml", *lines, "```", END])


def _quoted(arg: str) -> str:
    return arg if re.fullmatch(r"[\w./:-]+", arg) else '"' + arg.replace('"', '\\"') + '"'


def in_readme(readme: str) -> list[str]:
    """The excerpt's lines as the README has them now."""
    block = readme[readme.index(BEGIN):readme.index(END)]
    return block.split("```yaml\n", 1)[1].split("\n```", 1)[0].splitlines()


def main(argv: list[str]) -> None:
    block = markdown(excerpt(written()))
    if argv[1:] == ["--write"]:
        readme = README.read_text(encoding="utf-8")
        start, end = readme.index(BEGIN), readme.index(END) + len(END)
        README.write_text(readme[:start] + block + readme[end:], encoding="utf-8")
    elif argv[1:]:
        raise SystemExit(__doc__)
    else:
        sys.stdout.write(block + "\n")


if __name__ == "__main__":
    main(sys.argv)
