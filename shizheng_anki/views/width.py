"""How many terminal columns text takes, for the tables the command prints (``--dry-run``,
``--stats``): one rule, so that both tables line up the same way.

A wide or full-width character (CJK) takes two columns; a combining mark, an enclosing mark and a
format character (U+200B zero width space, U+200D joiner, soft hyphen …) take none; anything else one.
"""

from __future__ import annotations

import unicodedata


def char_width(char: str) -> int:
    """Columns one character takes."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    return sum(map(char_width, text))


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns (ending in ``…`` when cut) and padded to exactly ``width``."""
    if display_width(text) > width:
        kept, used = [], 0
        for char in text:
            if used + char_width(char) > width - 1:
                break
            kept.append(char)
            used += char_width(char)
        text = "".join(kept) + "…"
    return text + " " * (width - display_width(text))
