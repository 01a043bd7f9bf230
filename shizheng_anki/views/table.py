"""``--dry-run``'s table: one row per card (event, kind, question, answer), cut to the terminal width.

Chinese characters take two columns in a terminal, so widths are display widths (:mod:`.width`),
not ``len()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..cards import Note
from ..cards.kinds import kind_label
from .render import question_and_answer, text_of
from .width import display_width, fit

HEADERS = ("事件", "类型", "问题", "答案")
_GAP = "  "
_ASK = re.compile(r'<div class="ask">(.*?)</div>')


def around_blank(question: str, width: int) -> str:
    """A long cloze sentence cut from the left so that its blank stays in view."""
    at = question.find("[")
    if at < 0 or display_width(question[: at + 6]) <= width:
        return question
    start = at
    while start > 0 and display_width(question[start - 1 : at]) <= width // 3:
        start -= 1
    return "…" + question[start:]


def rows(notes: Iterable[Note]) -> list[tuple[str, str, str, str]]:
    """The table's rows as plain text; a list question puts what it asks (``（共9项）三是什么？``) first."""
    result = []
    for note, ordinal in ((each, ordinal) for each in notes for ordinal in each.card_ordinals):
        question, answer = question_and_answer(note, ordinal)
        ask = _ASK.search(note.field("Question")) if "Question" in note.note_type.fields else None
        if ask:
            stem = question.replace(text_of(ask.group(1)), "").strip()
            question = f"{text_of(ask.group(1))} {stem}".strip()
        result.append((text_of(note.field("Event")), kind_label(note.kind), question, answer))
    return result


def _widths(table: Sequence[tuple[str, ...]], total: int) -> list[int]:
    natural = [max(display_width(row[column]) for row in table) for column in range(4)]
    event, kind = min(natural[0], 24, total // 5), natural[1]
    room = max(total - event - kind - 3 * len(_GAP), 20)
    question = min(natural[2], max(room * 3 // 5, room - natural[3]))
    return [event, kind, question, max(min(natural[3], room - question), 4)]


def format_table(notes: Iterable[Note], width: int = 100) -> list[str]:
    """The table as lines no wider than ``width`` columns (the first line is the header)."""
    table = [HEADERS, *rows(notes)]
    widths = _widths(table, width)
    lines = []
    for row in table:
        cells = (row[0], row[1], around_blank(row[2], widths[2]), row[3])
        lines.append(_GAP.join(fit(cell, w) for cell, w in zip(cells, widths)).rstrip())
    return lines
