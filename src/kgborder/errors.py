"""Exception types raised by the kgborder library.

The CLI turns them into one clear line per problem and a non-zero exit code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input: where it is and what is wrong."""

    file: str
    line: int | None
    entry: str | None
    message: str

    def __str__(self) -> str:
        if not self.file:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        entry = f" {self.entry}:" if self.entry else ""
        return f"{where}:{entry} {self.message}"


class KgborderError(Exception):
    """Base class of every error the library raises on bad input."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class CurationError(KgborderError):
    """The curated sources (YAML, article text, ontology) are malformed or inconsistent."""


class ValidationError(KgborderError):
    """The compiled graph violates a SHACL shape or its evidence does not match the text."""


class StoreError(KgborderError):
    """The store is missing, locked or unreadable."""


_SYNTAX = re.compile(r"^(?:Parser )?error (?:at (?:line )?(\d+)(?::(\d+)| column (\d+)| between columns (\d+) and \d+)?"
                     r"|between line (\d+) column (\d+) and line \d+ column \d+):? ?(.*)$")


def syntax_location(message: str, first_line: int = 1) -> tuple[int | None, str]:
    """A parser's message as (line, 'line L, column C: what'), for one-line errors; ``first_line``:
    the line of the whole file that the parsed text began on."""
    text = " ".join(str(message).split())
    m = _SYNTAX.match(text)
    if not m:
        return None, text
    line = int(m.group(1) or m.group(5)) + first_line - 1
    col = m.group(2) or m.group(3) or m.group(4) or m.group(6)
    rest = re.sub(r" \((?:[^()]*, )?line \d+\)$", "", m.group(7))
    return line, f"line {line}" + (f", column {col}" if col else "") + f": {rest}"
