"""The draft the README shows is what `kgborder add` writes today: the same command, run in a
temporary copy of the project, writes every line of the README's excerpt, in the same order."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGENERATE = "regenerate it with: python scripts/readme_draft.py --write"


def _script():
    spec = importlib.util.spec_from_file_location("readme_draft", ROOT / "scripts" / "readme_draft.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_a_real_draft():
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.markdown([]).split("```yaml")[0] in readme, f"the README's `kgborder add` command; {REGENERATE}"
    shown = [line for line in script.in_readme(readme) if line.strip() != "..."]
    assert len(shown) > 30, f"the README's draft excerpt is missing or cut short; {REGENERATE}"
    written = script.written().splitlines()
    at = 0
    for line in shown:
        try:
            at = written.index(line, at) + 1
        except ValueError:
            raise AssertionError(f"the README's draft excerpt has {line!r}, which `kgborder add` no longer writes "
                                 f"there (after line {at} of its draft); {REGENERATE}") from None


def test_the_excerpt_leaves_out_only_whole_fields():
    """What the script cuts from an item is a whole field, never part of one."""
    script = _script()
    item = ["  - entity: cbp", "    text: CBP", "    sentence: one long", "      sentence wrapped", "    also:",
            "    - - 1", "      - 2", "    confirmed: false"]
    assert script._shown(item) == ["  - entity: cbp", "    text: CBP", "    also:", "    - - 1", "      - 2",
                                   "    confirmed: false"]
