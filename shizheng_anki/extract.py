"""Stage 2: blocks → facts. Finds the title, the events, the key phrases and the enumerations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .facts import Document, Enumeration, EnumerationItem, Event, KeyPhrase, Span
from .markup import visible
from .parse import Block, Line, parse_markdown

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
#: ``三是``, ``十一是`` at the start of a line: an enumeration item.
_ITEM = re.compile(rf"^\s*({_NUMERAL})是")
#: ``十方面重点``, ``五个必须``, ``六大主张``, ``3项``: the count a stem declares.
_DECLARED = re.compile(rf"({_NUMERAL}|两|\d{{1,2}})(?:个方面|方面|个|项|大|条|点|件|类|种|部分)")
_MONTH_IN_TITLE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.年](\d{1,2})(?!\d)")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
#: Characters that end a sentence, and closing marks that stay with the sentence they end.
_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】》\"'"
_SENTENCE_END = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*")

UNTITLED = "未命名笔记"

#: How much of its sentence a card shows on each side of a phrase, and the longest paragraph shown as
#: context. Real notes stay well below (the longest sentence in the reference notes has 293
#: characters); the limits keep a line without a full stop, or a paragraph of a thousand marked
#: phrases, from being repeated on every one of its cards — output quadratic in the input.
_SENTENCE_SIDE = 300
_MAX_CONTEXT = 2000
_ELLIPSIS = "…"


def chinese_number(text: str) -> int:
    """``十一`` → 11, ``二十`` → 20, ``7`` → 7."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS[text]


def declared_count(stem: str) -> int | None:
    """The number of points a stem announces (``此次会议明确了2025年能源工作的十方面重点。`` → 10)."""
    match = _DECLARED.search(stem)
    return chinese_number(match.group(1)) if match else None


def month_of(*texts: str) -> str | None:
    """``2024年12月时政`` or ``2024-12-notes`` → ``2024-12``; the first text that names a month wins."""
    for pattern in (_MONTH_IN_TITLE, _MONTH_IN_NAME):
        for text in texts:
            match = pattern.search(text)
            if match and 1 <= int(match.group(2)) <= 12:
                return f"{match.group(1)}-{int(match.group(2)):02d}"
    return None


def split_sentences(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    """Cut a line into sentences at 。！？； — never inside a marked phrase."""
    sentences: list[tuple[Span, ...]] = []
    current: list[Span] = []
    for span in spans:
        if span.marked:
            current.append(span)
            if span.text.rstrip(_CLOSERS).endswith(tuple(_TERMINATORS)):
                sentences.append(tuple(current))
                current = []
            continue
        start = 0
        for match in _SENTENCE_END.finditer(span.text):
            current.append(Span(span.text[start : match.end()]))
            sentences.append(tuple(current))
            current, start = [], match.end()
        if start < len(span.text):
            current.append(Span(span.text[start:]))
    if current:
        sentences.append(tuple(current))
    return [_strip(sentence) for sentence in sentences if "".join(s.text for s in sentence).strip()]


def _strip(sentence: tuple[Span, ...]) -> tuple[Span, ...]:
    spans = list(sentence)
    if not spans[0].marked:
        spans[0] = Span(spans[0].text.lstrip())
    if not spans[-1].marked:
        spans[-1] = Span(spans[-1].text.rstrip())
    return tuple(span for span in spans if span.text)


def _window(sentence: tuple[Span, ...], index: int) -> tuple[tuple[Span, ...], int]:
    """The sentence around its phrase ``sentence[index]``: at most ``_SENTENCE_SIDE`` characters on
    each side, cut with an ellipsis (never inside another marked phrase). Returns spans and new index.

    Walks outward from the phrase only as far as the limit, so each phrase costs O(limit)."""
    before: list[Span] = []
    budget = _SENTENCE_SIDE
    for span in reversed(sentence[:index]):
        if len(span.text) <= budget:
            before.append(span)
            budget -= len(span.text)
            continue
        if not span.marked and budget:
            before.append(Span(_ELLIPSIS + span.text[len(span.text) - budget :]))
        elif before or index:
            before.append(Span(_ELLIPSIS))
        break
    after: list[Span] = []
    budget = _SENTENCE_SIDE
    for span in sentence[index + 1 :]:
        if len(span.text) <= budget:
            after.append(span)
            budget -= len(span.text)
            continue
        after.append(Span(span.text[:budget] + _ELLIPSIS) if not span.marked and budget else Span(_ELLIPSIS))
        break
    return tuple(reversed(before)) + (sentence[index],) + tuple(after), len(before)


def _drop_prefix(spans: tuple[Span, ...], length: int) -> tuple[Span, ...]:
    """The spans without their first ``length`` characters (an item without its ``三是``)."""
    rest: list[Span] = []
    for span in spans:
        if length >= len(span.text):
            length -= len(span.text)
            continue
        rest.append(Span(span.text[length:], span.marked) if length else span)
        length = 0
    return tuple(rest)


@dataclass
class _OpenEvent:
    title: str
    line: int
    key_phrases: list[KeyPhrase] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    # the enumeration being read: stem, declared count, items
    stem: str = ""
    items: list[EnumerationItem] = field(default_factory=list)
    last_sentence: str = ""

    def close_enumeration(self) -> None:
        if len(self.items) >= 2:
            self.enumerations.append(
                Enumeration(self.stem, declared_count(self.stem), tuple(self.items), self.items[0].line)
            )
        self.items = []

    def read_line(self, line: Line, paragraph: str) -> None:
        if len(paragraph) > _MAX_CONTEXT:
            paragraph = line.text if len(line.text) <= _MAX_CONTEXT else ""
        for sentence in split_sentences(line.spans):
            for index, span in enumerate(sentence):
                if span.marked and visible(span.text):
                    spans, position = _window(sentence, index)
                    self.key_phrases.append(KeyPhrase(span.text, spans, position, paragraph, line.number))
        item = _ITEM.match(line.text)
        if item:
            ordinal = chinese_number(item.group(1))
            if ordinal == 1 or not self.items or ordinal <= self.items[-1].ordinal:
                self.close_enumeration()
                self.stem = self.last_sentence if ordinal == 1 else ""
            spans = _drop_prefix(line.spans, item.end())
            self.items.append(EnumerationItem(ordinal, item.group(1) + "是", spans, line.number))
        else:
            sentences = split_sentences(line.spans)
            if sentences:
                self.last_sentence = "".join(span.text for span in sentences[-1])

    def freeze(self) -> Event:
        self.close_enumeration()
        return Event(self.title, self.line, tuple(self.key_phrases), tuple(self.enumerations))


def extract_document(blocks: tuple[Block, ...], path: str) -> Document:
    """Turn parsed blocks into a :class:`Document` of events and their facts."""
    name = PurePath(path).stem if path != "<text>" else ""
    body = list(blocks)
    title = ""
    title_line = 1
    if body and body[0].kind == "heading" and body[0].level == 1:
        title, title_line = body[0].text.strip(), body[0].number
        body.pop(0)
    title = title or name or UNTITLED

    metadata = None
    if body and body[0].kind == "paragraph" and len(body[0].lines) == 1:
        line = body[0].lines[0]
        if line.code_only or (_DATE.search(line.text) and len(line.text) <= 80):
            metadata = line.text.strip()
            body.pop(0)

    events: list[Event] = []
    current = _OpenEvent(title, title_line)
    for block in body:
        if block.kind == "heading":
            events.append(current.freeze())
            current = _OpenEvent(block.text.strip(), block.number)
            continue
        paragraph = block.text  # once per block: a property that joins every line
        for line in block.lines:
            current.read_line(line, paragraph)
    events.append(current.freeze())
    # the text before the first heading is an event of its own only when it holds facts
    if not (events[0].key_phrases or events[0].enumerations) and len(events) > 1:
        events.pop(0)
    return Document(path, title, month_of(title, name), metadata, tuple(events))


def extract_facts(markdown: str, path: str = "<text>") -> Document:
    """Parse Markdown notes and extract their facts: ``extract_facts(text, "2024-12.md")``."""
    return extract_document(parse_markdown(markdown), path)
