"""Key phrases: each marked run of a line (not an ordinal, not a whole-line sub-heading), with as much
of its sentence as a card can show."""

from __future__ import annotations

from ..parse import Line, Span
from ..text import visible
from .facts import KeyPhrase
from .markers import is_ordinal_label
from .state import EventState, warn

#: How much of its sentence a card shows on each side of a phrase, and the longest paragraph shown as
#: context. Real notes stay well below (the longest sentence in the reference notes has 293
#: characters); the limits keep a line without a full stop, or a paragraph of a thousand marked
#: phrases, from being repeated on every one of its cards — output quadratic in the input.
SENTENCE_SIDE = 300
MAX_CONTEXT = 2000
_ELLIPSIS = "…"


def sentence_window(sentence: tuple[Span, ...], index: int) -> tuple[tuple[Span, ...], int]:
    """The sentence around its phrase ``sentence[index]``: at most :data:`SENTENCE_SIDE` characters on
    each side, cut with an ellipsis (never inside another marked phrase). Returns spans and new index.

    Walks outward from the phrase only as far as the limit, so each phrase costs O(limit)."""
    before: list[Span] = []
    cut = False
    budget = SENTENCE_SIDE
    for span in (sentence[at] for at in range(index - 1, -1, -1)):  # no copy of the sentence per phrase
        if len(span.text) <= budget:
            before.append(span)
            budget -= len(span.text)
            continue
        before.append(
            Span(_ELLIPSIS + span.text[len(span.text) - budget :]) if not span.marked and budget else Span(_ELLIPSIS)
        )
        cut = True
        break
    after: list[Span] = []
    budget = SENTENCE_SIDE
    for span in (sentence[at] for at in range(index + 1, len(sentence))):
        if len(span.text) <= budget:
            after.append(span)
            budget -= len(span.text)
            continue
        after.append(Span(span.text[:budget] + _ELLIPSIS) if not span.marked and budget else Span(_ELLIPSIS))
        cut = True
        break
    if not cut:  # the phrases of one sentence share its tuple
        return sentence, index
    return (*reversed(before), sentence[index], *after), len(before)


def is_key_phrase(span: Span) -> bool:
    """A marked run that shows something and is not an ordinal (``**第一**，大力发展……``)."""
    return span.marked and visible(span.text) and not is_ordinal_label(span.text)


def read_key_phrases(state: EventState, line: Line, paragraph: str, whole: bool = False) -> None:
    """The line's key phrases, each with its sentence (``whole``: the line is one sentence, a table
    row) and its paragraph as context. A line that is one marked run is a sub-heading or a list stem,
    not a phrase to hide. Broken markup met on the line is reported here."""
    for problem in line.problems:
        warn(state, line.number, problem)
    if line.whole_marked:
        return
    if len(paragraph) > MAX_CONTEXT:
        paragraph = line.text if len(line.text) <= MAX_CONTEXT else ""
    for sentence in (line.spans,) if whole else line.sentences:
        for index, span in enumerate(sentence):
            if is_key_phrase(span):
                spans, position = sentence_window(sentence, index)
                state.key_phrases.append(KeyPhrase(span.text, spans, position, paragraph, line.number))
