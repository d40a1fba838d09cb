"""Values written for a person to read: texts clipped to a width, numbers as an article
writes them. One place, so that a number or a long quote reads the same in a message, the
built graph's labels, the analysis and the view."""
from __future__ import annotations

from decimal import Decimal

ELLIPSIS = "\u2026"


def clip(text: str, limit: int, tidy: bool = True) -> str:
    """``text`` in at most ``limit`` characters: cut one short and ended with '…' when longer.
    ``tidy``: drop the white space the cut leaves before the '…'. The built graph's statement
    labels are cut without it, and stay so, or a rebuild would change a committed graph."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rstrip() if tidy else cut) + ELLIPSIS


QUOTE_LIMIT = 120
"""How much of a quoted passage a one-line message shows: the sample data's evidence quotes
have 74 characters on average and 214 at most, so most are shown whole."""


def one_line(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` on one line (each run of white space one space), clipped to ``limit`` as the
    built graph's labels are (see ``clip``)."""
    return clip(" ".join(text.split()), limit, tidy=False)


def decimal_text(number: Decimal, grouped: bool = False) -> str:
    """A decimal in plain digits, without exponent or trailing zeros ("10600000", "-21", "0.5");
    ``grouped``: with a thousands separator ("10,600,000"). A grouped whole number keeps every
    digit; otherwise Decimal's arithmetic keeps 28 significant ones."""
    if grouped and number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}" if grouped else f"{number.normalize():f}"


def spoken_number(value: float) -> str:
    """A value as an article writes it: "10.6 million", "12,000", "0.5"."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g} million"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def compact_number(value: float) -> str:
    """A value in a few characters, for an axis or a label on a chart: "10.6M", "12k", "0.5"."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"
