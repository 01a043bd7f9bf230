"""Where each phrase appears: every event of the build whose text holds it, marked or not (the
frequency report and the 出处 cards)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

from ..parse import Block, Line, parse_markdown
from .facts import Document, Event, Occurrence, PhraseSource


def event_lines(document: Document, markdown: str | Sequence[Block]) -> list[tuple[Event, tuple[Line, ...]]]:
    """Every event of ``document`` with all its source lines (a paragraph belongs to the last event
    whose heading comes before it). ``markdown``: the text, or the blocks already parsed from it."""
    events = sorted(document.events, key=lambda event: event.line)
    starts = [event.line for event in events]
    lines: list[list[Line]] = [[] for _ in events]
    for block in parse_markdown(markdown) if isinstance(markdown, str) else markdown:
        owner = bisect.bisect_right(starts, block.number) - 1
        if block.kind != "heading" and owner >= 0:
            lines[owner].extend(line for line in block.lines if not line.code_only)
    return [(event, tuple(event_lines)) for event, event_lines in zip(events, lines)]


#: The length of the phrase pieces :func:`phrase_sources` indexes events by.
_PIECE = 3


def _pieces(phrase: str) -> set[str]:
    """Every run of :data:`_PIECE` characters of ``phrase``; a shorter phrase is its own piece."""
    if len(phrase) <= _PIECE:
        return {phrase}
    return {phrase[at : at + _PIECE] for at in range(len(phrase) - _PIECE + 1)}


def phrase_sources(
    texts: Sequence[tuple[Document, Sequence[tuple[Event, tuple[Line, ...]]]]], phrases: Iterable[str]
) -> tuple[PhraseSource, ...]:
    """Each phrase with every event whose text holds it (marked: inside a marked span), most frequent
    first (events, then documents, then first appearance).

    Linear in the corpus, not phrases × events: an index of which events hold each 3-character piece
    of a phrase (the whole phrase when shorter) narrows a phrase's search to the events holding its
    two rarest pieces. (Single characters were not enough: ``提法1`` … ``提法9999`` under 10,000
    headings share every character, and each phrase was looked for in every event.)"""
    unique = list(dict.fromkeys(phrases))
    wanted: dict[int, set[str]] = {}  # piece length → the pieces of the phrases
    for phrase in unique:
        wanted.setdefault(min(len(phrase), _PIECE), set()).update(_pieces(phrase))
    entries = [
        (document, event, lines, "\n".join(line.text for line in lines))
        for document, events in texts
        for event, lines in events
    ]
    holders: dict[str, list[int]] = {}
    for index, (_, _, _, text) in enumerate(entries):
        for size, pieces in wanted.items():
            held = set(text) if size == 1 else {text[at : at + size] for at in range(len(text) - size + 1)}
            for piece in pieces.intersection(held):
                holders.setdefault(piece, []).append(index)
    # per event met: where each line starts in its text, and its marked spans (one a line)
    seen: dict[int, tuple[list[int], str]] = {}
    found: list[PhraseSource] = []
    for phrase in unique:
        rarest = sorted((holders.get(piece, []) for piece in _pieces(phrase)), key=len)[:2]
        occurrences = []
        for index in sorted(set(rarest[0]).intersection(*rarest[1:])) if rarest else ():
            document, event, lines, text = entries[index]
            at = text.find(phrase)
            if at < 0:
                continue
            if index not in seen:
                starts = list(itertools.accumulate((len(line.text) + 1 for line in lines[:-1]), initial=0))
                seen[index] = (starts, "\n".join(span.text for line in lines for span in line.spans if span.marked))
            starts, marked = seen[index]
            hit = bisect.bisect_right(starts, at) - 1
            if at + len(phrase) > starts[hit] + len(lines[hit].text):  # across lines: only a line holding it counts
                hit = next((number for number, line in enumerate(lines) if phrase in line.text), -1)
                if hit < 0:
                    continue
            in_marked = (
                phrase in marked
                if "\n" not in phrase
                else any(phrase in span.text for line in lines for span in line.spans if span.marked)
            )
            occurrences.append(Occurrence(document.title, document.month, event.title, in_marked, lines[hit].number))
        if occurrences:
            found.append(PhraseSource(phrase, tuple(occurrences)))
    order = {source.phrase: index for index, source in enumerate(found)}
    return tuple(sorted(found, key=lambda s: (-s.event_count, -s.document_count, order[s.phrase])))
