"""Spans and sentences: the inline text of a line, and where a line's sentences end.

A :class:`Span` is a run of text that is either marked (a key phrase) or not. :func:`split_sentences`
is the one rule for where a sentence ends (``。！？；``, closing quotes kept with it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text in one source line."""

    #: The text as the learner wrote it, Markdown markup removed.
    text: str
    #: True when the learner marked the run as a key phrase (``**…**``, ``==…==``, ``<u>…</u>`` …).
    marked: bool = False


#: Characters that end a sentence, and closing marks that stay with the sentence they end.
_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】》\"'"
_TERMINATOR_TUPLE = tuple(_TERMINATORS)
_SENTENCE_END = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*")


def split_sentences(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """Cut a line into sentences at 。！？； — never inside a marked phrase."""
    sentences: list[list[Span]] = []
    current: list[Span] = []
    for span in spans:
        text = span.text
        if span.marked:
            current.append(span)
            if text.rstrip(_CLOSERS).endswith(_TERMINATOR_TUPLE):
                sentences.append(current)
                current = []
            continue
        start = 0
        for match in _SENTENCE_END.finditer(text):
            end = match.end()
            current.append(span if start == 0 and end == len(text) else Span(text[start:end]))
            sentences.append(current)
            current, start = [], end
        if start < len(text):
            current.append(span if start == 0 else Span(text[start:]))
    if current:
        sentences.append(current)
    return [stripped for stripped in map(strip_sentence, sentences) if stripped]


def strip_sentence(sentence: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """The sentence without white space at its ends (outside marked phrases) and without empty spans;
    empty when nothing is left."""
    spans = list(sentence)
    first, last = spans[0], spans[-1]
    if not first.marked and first.text[:1].isspace():
        spans[0] = Span(first.text.lstrip())
    if not last.marked and last.text[-1:].isspace():
        spans[-1] = Span(spans[-1].text.rstrip())
    spans = [span for span in spans if span.text]
    if all(span.text.isspace() for span in spans):
        return ()
    return tuple(spans)


def slice_spans(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """The spans covering characters ``start:end`` of their joined text (a marked span cut stays marked)."""
    result: list[Span] = []
    position = 0
    for span in spans:
        left, right = max(start, position), min(end, position + len(span.text))
        if left < right:  # a span wholly inside is the same span: the slice and the line share it
            whole = left == position and right == position + len(span.text)
            result.append(span if whole else Span(span.text[left - position : right - position], span.marked))
        position += len(span.text)
    return strip_sentence(result) if result else ()


def last_sentence(spans: tuple[Span, ...], sentences: Sequence[tuple[Span, ...]] | None = None) -> str:
    """The last sentence of ``spans`` as text (``sentences``: their :func:`split_sentences`, when made)."""
    sentences = split_sentences(spans) if sentences is None else sentences
    return "".join(span.text for span in sentences[-1]) if sentences else ""
