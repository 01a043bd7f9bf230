"""Stage 2: blocks → facts. Finds the title, the events, the key phrases and the enumerations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from ..marks import MARKS
from ..parse import Block, Line, Span, parse_markdown, split_sentences, strip_sentence
from ..parse.front_matter import read_front_matter
from ..text import visible
from .facts import Diagnostic, Document, Enumeration, EnumerationItem, Event, KeyPhrase
from .markers import NUMERAL, Marker, chinese_number, find_markers

__all__ = ["chinese_number", "declared_count", "extract_document", "extract_facts", "month_of", "split_sentences"]

#: ``十方面重点``, ``五个必须``, ``六大主张``, ``四个新``, ``3项``: the count a stem declares.
_DECLARED = re.compile(rf"({NUMERAL}|两|\d{{1,2}})(?:个方面|方面|个|项|大|条|点|件|类|种|部分)")
_MONTH_IN_TITLE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.年](\d{1,2})(?!\d)")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")

UNTITLED = "未命名笔记"

#: How much of its sentence a card shows on each side of a phrase, and the longest paragraph shown as
#: context. Real notes stay well below (the longest sentence in the reference notes has 293
#: characters); the limits keep a line without a full stop, or a paragraph of a thousand marked
#: phrases, from being repeated on every one of its cards — output quadratic in the input.
_SENTENCE_SIDE = 300
_MAX_CONTEXT = 2000
_ELLIPSIS = "…"


def declared_count(stem: str) -> int | None:
    """The number of points a stem announces (``此次会议明确了2025年能源工作的十方面重点。`` → 10).

    The last count in the stem wins; ``十九大`` (a congress) and a quoted name inside a longer
    sentence (``坚定“四个自信”``) declare nothing."""
    for match in reversed(list(_DECLARED.finditer(stem))):
        number = chinese_number(match.group(1))
        after = stem[match.end() : match.end() + 1]
        if match.group(0).endswith("大") and (
            number > 10 or not "\u4e00" <= after <= "\u9fff" or after in "会精报以和后前上"
        ):
            continue  # 十九大, 中共二大： a congress, not 六大主张
        if match.start() > 0 and stem[match.start() - 1] in '“‘「"' and len(stem) > 20:
            continue
        if number >= 2:  # ``一个`` is an article, not a count
            return number
    return None


def month_of(*texts: str) -> str | None:
    """``2024年12月时政`` or ``2024-12-notes`` → ``2024-12``; the first text that names a month wins."""
    for pattern in (_MONTH_IN_TITLE, _MONTH_IN_NAME):
        for text in texts:
            match = pattern.search(text)
            if match and 1 <= int(match.group(2)) <= 12:
                return f"{match.group(1)}-{int(match.group(2)):02d}"
    return None


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


def _slice(spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """The spans covering characters ``start:end`` of their joined text (a marked span cut stays marked)."""
    result: list[Span] = []
    position = 0
    for span in spans:
        left, right = max(start, position), min(end, position + len(span.text))
        if left < right:
            result.append(Span(span.text[left - position : right - position], span.marked))
        position += len(span.text)
    return strip_sentence(result) if result else ()


def _last_sentence(spans: tuple[Span, ...], sentences: Sequence[tuple[Span, ...]] | None = None) -> str:
    """The last sentence of ``spans`` (``sentences``: their :func:`split_sentences`, when already made)."""
    sentences = split_sentences(spans) if sentences is None else sentences
    return "".join(span.text for span in sentences[-1]) if sentences else ""


#: A heading that does not say which event it is on its own: ``1. 贯彻新发展理念``, ``（二）``, ``三、``.
_NUMBERED_HEADING = re.compile(rf"^\s*(?:\d+|{NUMERAL}|[（(](?:\d+|{NUMERAL})[）)])(?:[\s.．、:：)）]|$)")
#: A marked ordinal (``**第一**，大力发展……``) numbers an item; it is not a phrase to learn.
_ORDINAL_ONLY = re.compile(
    rf"第?(?:{NUMERAL}|\d{{1,2}})[是要]?[，,、：:]?|首先|其次|再次|最后|[（(](?:{NUMERAL}|\d{{1,2}})[）)]"
)
#: Whole phrases that an enumeration item may be split into: ``政治意识、大局意识、核心意识、看齐意识。``
_PHRASE_LIMIT = 20


@dataclass
class _OpenList:
    family: str
    stem: str
    items: list[EnumerationItem] = field(default_factory=list)


@dataclass
class _OpenEvent:
    title: str
    line: int
    path: str
    context: str | None = None
    key_phrases: list[KeyPhrase] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Enumerations being read, by family (``是``, ``（一）``, ``list3`` …).
    open: dict[str, _OpenList] = field(default_factory=dict)
    #: The last sentence of the last line that is not an item: the stem of a list that starts now.
    last_sentence: str = ""
    #: The last sentence of the line just before, item or not (a nested list's stem is its parent item).
    previous: str = ""
    #: A count declared by a heading or stem line that items have not answered yet: (stem, count).
    pending: tuple[str, int] | None = None

    def __post_init__(self) -> None:
        self.previous = self.title
        count = declared_count(self.title)
        self.pending = (self.title, count) if count else None
        # ``## 四个全面。建设社会主义现代化国家，深化改革，依法治国，从严治党。``: the heading lists them
        head, stop, rest = self.title.partition("。")
        parts = [part.strip() for part in re.split(r"[，、,]", rest.strip().rstrip("。")) if part.strip()]
        count = declared_count(head)
        if stop and count and len(parts) == count:
            for ordinal, part in enumerate(parts, 1):
                self.add_item("declared", ordinal, f"第{ordinal}项", (Span(part),), self.line, head)
            self.close("declared")

    # -- enumerations -------------------------------------------------------------------------
    def close(self, family: str) -> None:
        current = self.open.pop(family, None)
        if current is None or len(current.items) < 2:
            return
        count = declared_count(current.stem)
        first = current.items[0].line
        self.enumerations.append(Enumeration(current.stem, count, tuple(current.items), first))
        if count is not None and count != len(current.items):
            self.warn(first, f"stem declares {count} items but {len(current.items)} follow: {current.stem[:40]}")

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def add_item(self, family: str, ordinal: int, marker: str, spans: tuple[Span, ...], line: int, stem: str) -> None:
        current = self.open.get(family)
        if ordinal == 0:  # 最后 / 然后: the next one of a run already open
            if current is None or not current.items:
                return
            ordinal = current.items[-1].ordinal + 1
        if current is not None and current.items and ordinal <= current.items[-1].ordinal:
            self.close(family)
            current = None
        if current is None:
            if ordinal != 1 and family != "是":  # a list starts at 1 (``一是`` lists keep their old leniency)
                return
            current = self.open[family] = _OpenList(family, stem)
        if any(char.isalnum() for span in spans for char in span.text):
            current.items.append(EnumerationItem(ordinal, marker, spans, line))
        self.pending = None

    def _stem(self) -> str:
        return self.last_sentence or self.title

    # -- lines ----------------------------------------------------------------------------------
    def phrases(self, line: Line, paragraph: str, whole: bool = False) -> tuple[tuple[Span, ...], ...] | None:
        """Read the line's key phrases; return its sentences when they were split (to reuse them)."""
        for problem in line.problems:
            self.warn(line.number, problem)
        if line.whole_marked:
            return None  # a sub-heading or a list stem, not a phrase to hide
        if len(paragraph) > _MAX_CONTEXT:
            paragraph = line.text if len(line.text) <= _MAX_CONTEXT else ""
        sentences = (line.spans,) if whole else line.sentences
        for sentence in sentences:
            for index, span in enumerate(sentence):
                if span.marked and visible(span.text) and not _ORDINAL_ONLY.fullmatch(span.text.strip()):
                    spans, position = _window(sentence, index)
                    self.key_phrases.append(KeyPhrase(span.text, spans, position, paragraph, line.number))
        return None if whole else sentences

    def read_blocks(self, blocks: list[Block]) -> None:
        index = 0
        while index < len(blocks):
            first = blocks[index].lines[0].text.rstrip() if blocks[index].lines else ""
            if not self.pending and len(blocks[index].lines) > 2 and first.endswith(("：", ":", "，", ",")):
                count = declared_count(first)
                self.pending = (first, count) if count else None
            if self.pending:
                used = self._declared_items(blocks[index:])
                if used:
                    index += used
                    continue
            self.read_block(blocks[index])
            index += 1

    def read_block(self, block: Block) -> None:
        if block.kind == "row":
            for line in block.lines:
                self.phrases(line, line.text, whole=True)
                self.read_cells(block, line.number)
            return
        in_item = block.item is not None and block.item.first
        paragraph = block.text  # once per block: a property that joins every line
        for index, line in enumerate(block.lines):
            sentences = self.phrases(line, paragraph)
            markers = find_markers(line.text)
            if in_item and index == 0 and not markers:
                assert block.item is not None
                position = block.item.position
                self.add_item(
                    f"list{block.item.list_id}", position, f"第{position}项", line.spans, line.number, self.previous
                )
            elif markers:
                self.read_items(line, markers)
                after = _slice(line.spans, markers[-1].end, len(line.text))
                self.previous = _last_sentence(after) or self.previous
                continue
            last = _last_sentence(line.spans, sentences)
            if not in_item or index != 0:  # not the item's own text (the branch above)
                if last:
                    self.last_sentence = last
                    count = declared_count(last)
                    self.pending = (last, count) if count else None
            self.previous = last or self.previous

    def read_cells(self, row: Block, number: int) -> None:
        """An enumeration inside a table cell (``1、……。2、……``); its stem is the row's first cell
        and the column's header (``中共一大：主要内容``)."""
        name = "".join(span.text for span in row.cells[0][1]).strip() if row.cells else ""
        for column, (header, spans) in enumerate(row.cells):
            text = "".join(span.text for span in spans)
            markers = find_markers(text, anywhere=True)
            if len(markers) < 2 or column == 0:
                continue
            stem = "：".join(part for part in (name, header) if part)
            ends = [marker.start for marker in markers[1:]] + [len(text)]
            for marker, end in zip(markers, ends):
                self.add_item("cell", marker.ordinal, marker.text, _slice(spans, marker.end, end), number, stem)
            self.close("cell")

    def read_items(self, line: Line, markers: list[Marker]) -> None:
        if markers[0].start > 0:
            stem = _last_sentence(_slice(line.spans, 0, markers[0].start))
            if stem:
                self.last_sentence = stem
        stem = self.last_sentence or self.title
        ends = [marker.start for marker in markers[1:]] + [len(line.text)]
        for marker, end in zip(markers, ends):
            spans = _slice(line.spans, marker.end, end)
            self.add_item(marker.family, marker.ordinal, marker.text, spans, line.number, stem)

    def _declared_items(self, blocks: list[Block]) -> int:
        """Items that answer a declared count without ordinals: ``四个意识`` then
        ``政治意识、大局意识、核心意识、看齐意识。``, one bare line per item, or one bare paragraph
        per item. Returns how many blocks they took (0: none)."""
        assert self.pending is not None
        stem, count = self.pending
        self.pending = None
        block = blocks[0]
        if (
            count < 2
            or block.kind != "paragraph"
            or block.item is not None
            or any(find_markers(line.text) for line in block.lines)
        ):
            return 0
        for line in block.lines:
            parts = line.text.rstrip("。；;.").split("、")
            if len(parts) == count and all(0 < len(part.strip()) <= _PHRASE_LIMIT for part in parts):
                position, items = 0, []
                for part in parts:
                    start = line.text.index(part, position)
                    position = start + len(part)
                    items.append((_slice(line.spans, start, position), line.number))
                return self._declared(block.lines, items, stem, 1)
        lines = list(block.lines)
        if len(lines) == count + 1 and lines[0].text.rstrip().endswith(("：", ":", "，", ",")):
            stem = f"{stem} {lines[0].text}".strip() if stem == self.title else lines[0].text
            lines.pop(0)
        if len(lines) == count:
            return self._declared(block.lines, [(line.spans, line.number) for line in lines], stem, 1)
        bare = blocks[:count]
        if len(bare) == count and all(
            b.kind == "paragraph" and b.item is None and len(b.lines) == 1 and not find_markers(b.text) for b in bare
        ):
            return self._declared([b.lines[0] for b in bare], [(b.lines[0].spans, b.number) for b in bare], stem, count)
        return 0

    def _declared(self, lines: Iterable[Line], items: list[tuple[tuple[Span, ...], int]], stem: str, used: int) -> int:
        for line in lines:
            self.phrases(line, line.text)
        self.close("declared")
        for ordinal, (spans, number) in enumerate(items, 1):
            self.add_item("declared", ordinal, f"第{ordinal}项", spans, number, stem)
        self.close("declared")
        return used

    def freeze(self) -> Event:
        for family in list(self.open):
            self.close(family)
        enumerations = tuple(sorted(self.enumerations, key=lambda e: e.line))
        return Event(self.title, self.line, tuple(self.key_phrases), enumerations, self.context)


def _title(blocks: list[Block], meta: dict[str, Any], name: str) -> tuple[str, int, list[Block]]:
    """The document title and its line, and the blocks without the title heading.

    Front matter ``title`` wins; else the ``#`` (or setext ``===``) heading when it is the first
    heading and the only one of level 1; else the file name."""
    headings = [index for index, block in enumerate(blocks) if block.kind == "heading"]
    first = headings[0] if headings else None
    level_one = [index for index in headings if blocks[index].level == 1]
    declared = str(meta.get("title") or "").strip()
    if first is not None and blocks[first].level == 1 and len(level_one) <= 2:
        if not declared or blocks[first].text.strip() == declared:
            heading = blocks.pop(first)
            return declared or heading.text.strip(), heading.number, blocks
    return declared or name or UNTITLED, 1, blocks


def extract_document(blocks: tuple[Block, ...], path: str, meta: dict[str, Any] | None = None) -> Document:
    """Turn parsed blocks (and the front matter ``meta``) into a :class:`Document` of events and facts."""
    meta = meta or {}
    name = PurePath(path).stem if path != "<text>" else ""
    title, title_line, body = _title(list(blocks), meta, name)

    metadata = None
    if body and body[0].kind == "paragraph" and len(body[0].lines) == 1 and body[0].item is None:
        line = body[0].lines[0]
        if line.code_only or (_DATE.search(line.text) and len(line.text) <= 80):
            metadata = line.text.strip()
            body.pop(0)

    headings = [block.text.strip() for block in body if block.kind == "heading"]
    events: list[Event] = []
    diagnostics: list[Diagnostic] = []
    parents: list[tuple[int, str]] = []
    current = _OpenEvent(title, title_line, path)
    pending: list[Block] = []
    for block in body:
        if block.kind == "heading":
            current.read_blocks(pending)
            pending = []
            events.append(current.freeze())
            diagnostics.extend(current.diagnostics)
            heading = block.text.strip()
            while parents and parents[-1][0] >= block.level:
                parents.pop()
            ambiguous = _NUMBERED_HEADING.match(heading) or headings.count(heading) > 1
            context = parents[-1][1] if ambiguous and parents else None
            parents.append((block.level, heading))
            current = _OpenEvent(heading, block.number, path, context)
            continue
        pending.append(block)
    current.read_blocks(pending)
    events.append(current.freeze())
    diagnostics.extend(current.diagnostics)
    # the text before the first heading is an event of its own only when it holds facts
    if not (events[0].key_phrases or events[0].enumerations) and len(events) > 1:
        events.pop(0)
    date = str(meta.get("date") or "")
    return Document(
        path,
        title,
        month_of(title, date, name),
        metadata,
        tuple(events),
        _tags(meta.get("tags")),
        tuple(sorted(diagnostics, key=lambda d: d.line)),
    )


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace("，", ",").split(",") if "," in value or "，" in value else value.split()
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(str(item).strip() for item in value if str(item).strip())


def extract_facts(markdown: str, path: str = "<text>", *, marks: Iterable[str] = MARKS) -> Document:
    """Parse Markdown notes and extract their facts: ``extract_facts(text, "2024-12.md")``.

    ``marks`` names the markers that make a key phrase (default: all of them, see ``parse.MARKS``)."""
    return extract_parsed(markdown, path, marks=marks)[0]


def extract_parsed(
    markdown: str, path: str = "<text>", *, marks: Iterable[str] = MARKS
) -> tuple[Document, tuple[Block, ...]]:
    """:func:`extract_facts`, and the blocks it parsed (the front matter left out), for the stages that
    read the text again (:func:`shizheng_anki.exam.exam_facts`) without parsing it again."""
    front = read_front_matter(markdown)
    blocks = parse_markdown(front.body, marks)
    document = extract_document(blocks, path, front.meta)
    if front.problem:  # said first: it is at the top of the file
        document = replace(document, diagnostics=(Diagnostic(path, 1, front.problem), *document.diagnostics))
    return document, blocks
