"""Finding a statement's evidence in the article's exact words.

A quote matches when it occurs in the text once typographic quotes and runs of
white space are made plain on both sides; the passage recorded is the text's own
characters, with their offsets (Unicode code points, 0-based, end exclusive).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
CONTEXT = 32  # characters of prefix and suffix kept with a quote


@dataclass(frozen=True)
class Passage:
    """Where a quote stands in the text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Normalized:
    """The text with plain quotes and single spaces, mapped back to the original offsets."""

    def __init__(self, text: str):
        self.text = text
        chars: list[str] = []
        offsets: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if in_space:
                    continue
                in_space = True
                ch = " "
            else:
                in_space = False
            chars.append(ch.translate(_PLAIN))
            offsets.append(i)
        self.plain = "".join(chars)
        self.offsets = offsets

    def find_all(self, quote: str) -> list[Passage]:
        needle = normalize(quote)
        if not needle:
            return []
        found = []
        i = self.plain.find(needle)
        while i != -1:
            start = self.offsets[i]
            end = self.offsets[i + len(needle) - 1] + 1
            found.append(Passage(start, end, self.text[start:end],
                                 self.text[max(0, start - CONTEXT):start], self.text[end:end + CONTEXT]))
            i = self.plain.find(needle, i + 1)
        return found

    def closest(self, quote: str) -> str:
        """The passage of the text most like ``quote`` (in the text's own characters), for an error message."""
        needle = normalize(quote)
        starts = [0] + [i + 1 for i, ch in enumerate(self.plain) if ch == " "]
        n = max(1, needle.count(" ") + 1)
        best, best_ratio = (0, 0), -1.0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        for k, start in enumerate(starts):
            end = starts[k + n] - 1 if k + n < len(starts) else len(self.plain)
            matcher.set_seq1(self.plain[start:end])
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = (start, end), ratio
            if k + n >= len(starts):
                break
        start, end = best
        if end <= start:
            return ""
        return self.text[self.offsets[start]:self.offsets[end - 1] + 1]


def normalize(text: str) -> str:
    """Plain quotes and single spaces, trimmed."""
    return " ".join(text.translate(_PLAIN).split())
