"""Where each phrase appears: every event of the build whose text holds it, marked or not (the
frequency report and the 出处 cards)."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterable, Sequence

from ..parse import Block, Line, parse_markdown
from .facts import Document, Event, OccurrenceRow, PhraseSource


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


class _PhraseFinder:
    """All the phrases at once, found in one pass over a text (Aho–Corasick): a trie of the phrases,
    each node linked to its longest proper suffix that is also in the trie (``fail``) and to the
    longest proper suffix that is a whole phrase (``shorter``). Reading a text costs its length plus
    the phrases reported, whatever the number of phrases: looking for each phrase in turn cost
    phrases × text, quadratic when one event holds thousands of marked paragraphs."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.children: list[dict[str, int]] = [{}]
        self.phrase: list[int] = [-1]  # the phrase a node spells, by index, or -1
        for number, text in enumerate(phrases):
            node = 0
            for char in text:
                child = self.children[node].get(char)
                if child is None:
                    child = len(self.children)
                    self.children[node][char] = child
                    self.children.append({})
                    self.phrase.append(-1)
                node = child
            self.phrase[node] = number
        self.fail = [0] * len(self.children)
        self.shorter = [0] * len(self.children)
        # breadth first, so that a node's links are set before its children's; the root's children link to the root
        queue = deque(self.children[0].values())
        while queue:
            node = queue.popleft()
            for char, child in self.children[node].items():
                suffix = self.fail[node]
                while suffix and char not in self.children[suffix]:
                    suffix = self.fail[suffix]
                self.fail[child] = self.children[suffix].get(char, 0)
                link = self.fail[child]
                self.shorter[child] = link if self.phrase[link] >= 0 else self.shorter[link]
                queue.append(child)

    def new_in(self, text: str, seen: list[int], mark: int) -> list[int]:
        """The phrases in ``text`` whose ``seen`` entry is not ``mark`` yet, in the order their first
        occurrences end; their entries are set to ``mark``. A phrase already seen ends the walk down
        its suffixes: they were seen with it."""
        children, fail, phrase, shorter = self.children, self.fail, self.phrase, self.shorter
        new = []
        node = 0
        for char in text:
            while node and char not in children[node]:
                node = fail[node]
            node = children[node].get(char, 0)
            hit = node if phrase[node] >= 0 else shorter[node]
            while hit and seen[phrase[hit]] != mark:
                seen[phrase[hit]] = mark
                new.append(phrase[hit])
                hit = shorter[hit]
        return new


#: One event's text as the search reads it, in plain values only (strings and numbers in tuples, which
#: Python's cycle collector stops tracking): document title, month, event title, its lines as (text,
#: line number), and its marked spans' texts. A build keeps these, not the blocks, until every file is read.
EventText = tuple[str, "str | None", str, tuple[tuple[str, int], ...], tuple[str, ...]]


def event_texts(document: Document, events: Sequence[tuple[Event, tuple[Line, ...]]]) -> list[EventText]:
    """The events of :func:`event_lines` as :data:`EventText` s."""
    return [
        (
            document.title,
            document.month,
            event.title,
            tuple((line.text, line.number) for line in lines),
            tuple(span.text for line in lines for span in line.spans if span.marked),
        )
        for event, lines in events
    ]


def phrase_sources(
    texts: Sequence[tuple[Document, Sequence[tuple[Event, tuple[Line, ...]]]]], phrases: Iterable[str]
) -> tuple[PhraseSource, ...]:
    """:func:`sources_in` of documents given with their :func:`event_lines`."""
    return sources_in([text for document, events in texts for text in event_texts(document, events)], phrases)


def sources_in(texts: Sequence[EventText], phrases: Iterable[str]) -> tuple[PhraseSource, ...]:
    """Each phrase with every event whose text holds it (marked: inside a marked span), most frequent
    first (events, then documents, then first appearance).

    An event holds a phrase when one of its lines does; the occurrence names the first such line.
    Linear in the corpus and the phrases, not phrases × events: all phrases are looked for at once
    (:class:`_PhraseFinder`), line by line and marked span by marked span."""
    unique = [phrase for phrase in dict.fromkeys(phrases) if phrase]
    finder = _PhraseFinder(unique)
    occurrences: list[list[OccurrenceRow]] = [[] for _ in unique]
    in_line = [-1] * len(unique)  # per phrase: the last event whose lines held it
    in_marked = [-1] * len(unique)  # … and whose marked spans did
    for number, (document, month, event, lines, marked_texts) in enumerate(texts, 1):
        first = [(phrase, line) for text, line in lines for phrase in finder.new_in(text, in_line, number)]
        for text in marked_texts:
            finder.new_in(text, in_marked, number)
        for phrase, line_number in first:
            marked = in_marked[phrase] == number
            occurrences[phrase].append((document, month, event, marked, line_number))
    found = [PhraseSource(phrase, tuple(held)) for phrase, held in zip(unique, occurrences) if held]
    order = {source.phrase: index for index, source in enumerate(found)}
    return tuple(sorted(found, key=lambda s: (-s.event_count, -s.document_count, order[s.phrase])))
