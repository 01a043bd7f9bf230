"""Text from the notes is data, never markup: escaping for HTML and for Anki's own syntax."""

from __future__ import annotations

import html
import re

from ..text import strip_trailing, visible

# Control characters: U+001F separates fields inside Anki's database and aborts an import.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Anki reads {{c1::…}}, {{Field}}, hints after ::, [sound:…], [latex] and [$]…[/$] in field text.
_ANKI_SYNTAX = {"{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;"}
_ANKI = re.compile(r"[{}\[\]]|::")
# Anki's reviewer typesets ``\(…\)`` and ``\[…\]`` with MathJax 3, whose TeX can load extensions on
# demand (``\href{javascript:…}``, ``\style``). MathJax looks for its delimiters in the text of one
# run of text nodes, and every element but ``<br>``/``<wbr>`` ends a run; entities are decoded first,
# so ``&#92;(`` is a delimiter too. A backslash alone in its own element can start no formula, whatever
# text (or field, or cloze) comes next, and the card still shows it as written.
_BACKSLASHES = re.compile(r"\\+")
# Any character that one of the steps below may change: most Chinese text has none (it is called a
# million times on a 10 MB build).
_SPECIAL = re.compile(r"[\x00-\x1f\x7f&<>\"'{}\[\]:\\]")


def strip_control(text: str) -> str:
    """``text`` without control characters (tab and line feed kept): for deck names and tags, which
    are not HTML. In a deck name U+001F is Anki's own separator of ``::`` levels."""
    return _CONTROL.sub("", text)


def escape(text: str) -> str:
    """Escape notes text so that a card shows exactly what the learner wrote, and does nothing else."""
    if not _SPECIAL.search(text):
        return text
    text = html.escape(_CONTROL.sub("", text), quote=True)
    text = _ANKI.sub(lambda m: _ANKI_SYNTAX.get(m.group(0), ":&#58;"), text)
    text = _BACKSLASHES.sub(lambda m: f"<span>{m.group(0)}</span>", text)
    return text.replace("\n", "<br>")


def cloze(text: str, number: int = 1, hint: str | None = None) -> str:
    """A cloze deletion of ``text`` (escaped); closing punctuation stays outside the blank.

    ``hint`` is shown in the blank on the front (Anki renders ``[hint]`` instead of ``[...]``)."""
    body = strip_trailing(text)
    tail = text[len(body) :]
    if not visible(body):
        body, tail = text, ""
    shown = f"::{escape(hint)}" if hint else ""
    return f"{{{{c{number}::{escape(body)}{shown}}}}}{escape(tail)}"
