"""The mechanical rules of a card a learner keeps (``docs/cards.md``), checked on the card as Anki
renders it: what :mod:`scripts/card_checks.py` counts per file and the corpus test holds at zero.

Each check is a small function of one :class:`Card` (a note's card, rendered); :func:`card_problems`
names the rules a card breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..cards import Note
from ..cards.notes import BREATH
from ..text import visible_length
from .render import hidden_phrase, render_card, text_of

#: Markup of the notes that must never reach a card (in its rendered text).
MARKUP = ("**", "==", "~=", "[!", "<font", "&nbsp;", "</font")
#: A list longer than this is never asked by position alone.
LONG_LIST = 7
_POSITION = re.compile(r"（共(\d+)项）")
_BLANK = re.compile(r"\[(?:\.\.\.|…\d+字…)\]")


@dataclass(frozen=True, slots=True)
class Card:
    """One card of a note: its front and back as plain text, and the text it asks for."""

    note: Note
    ordinal: int
    front: str
    back: str
    #: What the learner must recall: the cloze's hidden text, or the answer field.
    answer: str
    #: The front without its cue line (the event and source): what the card shows to recall from.
    body: str
    #: Both sides as HTML, as Anki renders them.
    question_html: str = ""
    answer_html: str = ""


def cards_of(notes: Iterable[Note]) -> Iterator[Card]:
    """Every card of ``notes``, rendered as Anki renders it."""
    for note in notes:
        for ordinal in note.card_ordinals:
            rendered = render_card(note, ordinal)
            front, back = text_of(rendered.question), text_of(rendered.answer)
            if note.note_type.is_cloze:
                answer = text_of(hidden_phrase(note, ordinal))
                body = text_of(re.sub(r'<div class="cue">.*?</div>\n', "", rendered.question, flags=re.S))
            else:
                answer = text_of(note.field("Answer"))
                body = text_of(note.field("Question"))
            yield Card(note, ordinal, front, back, answer, body, rendered.question, rendered.answer)


def has_markup(card: Card) -> bool:
    return any(mark in text for mark in MARKUP for text in (card.front, card.back))


def shows_its_answer(card: Card) -> bool:
    """The answer (2+ characters) written on the front: in the question, the cue or the title."""
    answer = card.answer.strip()
    if visible_length(answer) < 2:
        return False
    front = _BLANK.sub("", card.front)
    return answer in front


def only_a_blank(card: Card) -> bool:
    """A cloze front with nothing but the blank (and ordinals, punctuation): ``[...]。``, ``12.[...]``."""
    if not card.note.note_type.is_cloze:
        return False
    rest = re.sub(r"\d+|第?[一二三四五六七八九十]+[是要、]?", "", _BLANK.sub("", card.body))
    return visible_length(rest) == 0


def asked_by_position(card: Card) -> bool:
    """An item of a list of more than :data:`LONG_LIST` asked by its position alone (``（共22项）16.是什么？``)."""
    match = _POSITION.search(card.body)
    return match is not None and int(match.group(1)) > LONG_LIST


def longer_than_a_breath(card: Card) -> bool:
    """An answer of more than :data:`BREATH` characters (a whole set is measured item by item)."""
    if card.note.kind == "whole_set":
        return any(visible_length(part) > BREATH for part in card.answer.split("、"))
    return visible_length(card.answer) > BREATH


#: Each rule, by the name the counts print.
CHECKS = {
    "markup": has_markup,
    "answer_on_front": shows_its_answer,
    "blank_only": only_a_blank,
    "position_only": asked_by_position,
    "long_answer": longer_than_a_breath,
}


def card_problems(card: Card) -> list[str]:
    """The names of the rules ``card`` breaks."""
    return [name for name, check in CHECKS.items() if check(card)]
