"""One event's blocks → its key phrases and enumerations, by small named rules.

As markdown-it's block rules: :data:`BLOCK_RULES` is an ordered list of ``(name, rule)``; each rule is
a function ``rule(state, blocks, index) -> int`` that reads ``blocks[index]`` (and the blocks after it,
when it needs them) into the :class:`~.state.EventState` and returns how many blocks it took — 0 when
the block is not its kind, so that the next rule is tried. Within a paragraph, the lines go through
:func:`read_line` the same way. :func:`read_event` runs the rules over one event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ..parse import Block, Line, ListItem, Span, last_sentence, slice_spans
from .facts import Event
from .lists import add_item, close_list, close_lists
from .markers import Marker, declared_count, find_markers
from .phrases import read_key_phrases
from .shapes import is_bracketed_aside
from .state import EventState

#: A rule: reads ``blocks[index]`` (and maybe more) into the state; returns how many blocks it took.
BlockRule = Callable[[EventState, Sequence[Block], int], int]

#: A part of a line listing a declared set is a whole phrase: ``政治意识、大局意识、核心意识、看齐意识。``
_PHRASE_LIMIT = 20
#: A line that opens a list (its items follow on the next lines) ends with one of these.
_OPENS_A_LIST = ("：", ":", "，", ",")


# --- the heading -------------------------------------------------------------------------------


def heading_lists_its_set(state: EventState) -> None:
    """``## 四个全面。建设社会主义现代化国家，深化改革，依法治国，从严治党。``: a heading that declares a
    count and then names that many parts lists them; a heading that only declares a count leaves it
    pending for the items below."""
    count = declared_count(state.title)
    state.pending = (state.title, count) if count else None
    head, stop, rest = state.title.partition("。")
    parts = [part.strip() for part in re.split(r"[，、,]", rest.strip().rstrip("。")) if part.strip()]
    count = declared_count(head)
    if stop and count and len(parts) == count:
        for ordinal, part in enumerate(parts, 1):
            add_item(state, "declared", ordinal, f"第{ordinal}项", (Span(part),), state.line, head)
        close_list(state, "declared")


# --- block rules -------------------------------------------------------------------------------


def count_opener(state: EventState, blocks: Sequence[Block], index: int) -> int:
    """A paragraph of several lines whose first line ends with a colon and declares a count
    (``坚持“两个确立”：``) leaves that count pending for its own lines. Takes no block."""
    block = blocks[index]
    first = block.lines[0].text.rstrip() if block.lines else ""
    if not state.pending and len(block.lines) > 2 and first.endswith(_OPENS_A_LIST):
        count = declared_count(first)
        state.pending = (first, count) if count else None
    return 0


def declared_items(state: EventState, blocks: Sequence[Block], index: int) -> int:
    """Items that answer a pending declared count without ordinals: ``四个意识`` then
    ``政治意识、大局意识、核心意识、看齐意识。``, one bare line per item, or one bare paragraph per item.
    The count is used up whether or not items answer it."""
    if not state.pending:
        return 0
    stem, count = state.pending
    if _stem_comes_first(blocks, index, count):
        # the items start below (after ``“十四个强调”即：`` or an introduction): this paragraph is read
        # as any other, and the count waits for them unless it declares one of its own
        used = paragraph(state, blocks, index)
        state.pending = state.pending or (stem, count)
        return used
    state.pending = None
    block = blocks[index]
    if count < 2 or block.kind != "paragraph" or block.item is not None:
        return 0
    if any(find_markers(line.text) or is_bracketed_aside(line.text) for line in block.lines):
        return 0  # ordinals are another rule's; a bracketed aside (``（对应《背诵笔记》P35）``) is no item
    for line in block.lines:
        parts = line.text.rstrip("。；;.").split("、")
        if len(parts) == count and all(0 < len(part.strip()) <= _PHRASE_LIMIT for part in parts):
            position, items = 0, []
            for part in parts:
                start = line.text.index(part, position)
                position = start + len(part)
                items.append((slice_spans(line.spans, start, position), line.number))
            return _declared_set(state, block.lines, items, stem, 1)
    lines = list(block.lines)
    if len(lines) == count + 1 and lines[0].text.rstrip().endswith(_OPENS_A_LIST):
        stem = f"{stem} {lines[0].text}".strip() if stem == state.title else lines[0].text
        lines.pop(0)
    if len(lines) == count:
        return _declared_set(state, block.lines, [(line.spans, line.number) for line in lines], stem, 1)
    bare = blocks[index : index + count]
    if len(bare) == count and all(
        b.kind == "paragraph"
        and b.item is None
        and len(b.lines) == 1
        and not find_markers(b.text)
        and not is_bracketed_aside(b.text)
        for b in bare
    ):
        lines_of_set = [b.lines[0] for b in bare]
        return _declared_set(state, lines_of_set, [(b.lines[0].spans, b.number) for b in bare], stem, count)
    return 0


#: How many paragraphs below a declared count may come before the stem line that opens its items.
_STEM_LOOKAHEAD = 2


def _opens_items(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and block.item is None
        and len(block.lines) == 1
        and block.lines[0].text.rstrip().endswith(_OPENS_A_LIST)
    )


def _is_introduction(blocks: Sequence[Block], index: int, count: int) -> bool:
    """``blocks[index]`` introduces the ``count`` short paragraphs after it: it is more than twice as
    long as the longest of them (``继续推进…立场观点方法。`` before ``——必须坚持人民至上。``)."""
    after = blocks[index + 1 : index + 1 + count]
    if len(after) < count or not all(b.kind == "paragraph" and len(b.lines) == 1 for b in after):
        return False
    return len(blocks[index].text) > 2 * max(len(b.text) for b in after)


def _stem_comes_first(blocks: Sequence[Block], index: int, count: int) -> bool:
    """A paragraph ending with a colon or comma (``会议一致同意…八项规定：``, ``全党必须牢记，``) at or
    just below ``index``, or an introduction (:func:`_is_introduction`), with paragraphs after it:
    the declared items follow it, not the paragraph before them."""
    if blocks[index].kind == "paragraph" and _is_introduction(blocks, index, count):
        return True
    for ahead in range(index, min(index + _STEM_LOOKAHEAD, len(blocks) - 1)):
        if _opens_items(blocks[ahead]) and len(blocks) - ahead - 1 >= count:
            return True
        if blocks[ahead].kind != "paragraph":
            return False
    return False


def _declared_set(
    state: EventState, lines: Iterable[Line], items: list[tuple[tuple[Span, ...], int]], stem: str, used: int
) -> int:
    for line in lines:
        read_key_phrases(state, line, line.text)
    close_list(state, "declared")
    for ordinal, (spans, number) in enumerate(items, 1):
        add_item(state, "declared", ordinal, f"第{ordinal}项", spans, number, stem)
    close_list(state, "declared")
    return used


def table_row(state: EventState, blocks: Sequence[Block], index: int) -> int:
    """A table row: one sentence of ``header：cell`` parts; an enumeration inside a cell
    (``1、……。2、……``) has the row's first cell and the column's header as its stem
    (``中共一大：主要内容``)."""
    row = blocks[index]
    if row.kind != "row":
        return 0
    filled = [spans for _, spans in row.cells if "".join(span.text for span in spans).strip()]
    if len(filled) == 1 and all(span.marked for span in filled[0] if span.text.strip()):
        return 1  # one marked cell alone in its row (``| **成熟时期** | | |``): a sub-heading of the table
    for line in row.lines:
        read_key_phrases(state, line, line.text, whole=True)
        name = "".join(span.text for span in row.cells[0][1]).strip() if row.cells else ""
        for column, (header, spans) in enumerate(row.cells):
            text = "".join(span.text for span in spans)
            markers = find_markers(text, anywhere=True)
            if len(markers) < 2 or column == 0:
                continue
            stem = "：".join(part for part in (name, header) if part)
            ends = [marker.start for marker in markers[1:]] + [len(text)]
            for marker, end in zip(markers, ends):
                item_spans = slice_spans(spans, marker.end, end)
                add_item(state, "cell", marker.ordinal, marker.text, item_spans, line.number, stem)
            close_list(state, "cell")
    return 1


def paragraph(state: EventState, blocks: Sequence[Block], index: int) -> int:
    """A paragraph (in a quote or list item too): its key phrases, then each line by :func:`read_line`."""
    block = blocks[index]
    text = block.text  # once per block: a property that joins every line
    for position, line in enumerate(block.lines):
        read_key_phrases(state, line, text)
        item = block.item if block.item is not None and block.item.first and position == 0 else None
        read_line(state, line, item)
    return 1


#: The block rules, in the order they are tried.
BLOCK_RULES: tuple[tuple[str, BlockRule], ...] = (
    ("count_opener", count_opener),
    ("declared_items", declared_items),
    ("table_row", table_row),
    ("paragraph", paragraph),
)


# --- line rules --------------------------------------------------------------------------------


def read_line(state: EventState, line: Line, item: ListItem | None) -> None:
    """A line of a paragraph: its ordinal markers make items (:func:`ordinal_items`); else the text of a
    Markdown list item is an item of that list (:func:`list_item`); else its last sentence may be the
    stem of a list that starts below (:func:`stem_sentence`)."""
    markers = find_markers(line.text)
    if markers:
        ordinal_items(state, line, markers)
    elif item is not None:
        list_item(state, line, item)
    elif not inline_set(state, line):
        stem_sentence(state, line)


def ordinal_items(state: EventState, line: Line, markers: list[Marker]) -> None:
    """``会议强调，一是……；二是……。``: an item per marker; the text before the first marker is the stem."""
    if markers[0].start > 0:
        stem = last_sentence(slice_spans(line.spans, 0, markers[0].start))
        if stem:
            state.stem = stem
    stem = state.stem or state.title
    ends = [marker.start for marker in markers[1:]] + [len(line.text)]
    for marker, end in zip(markers, ends):
        spans = slice_spans(line.spans, marker.end, end)
        add_item(state, marker.family, marker.ordinal, marker.text, spans, line.number, stem)
    after = slice_spans(line.spans, markers[-1].end, len(line.text))
    state.previous = last_sentence(after) or state.previous


#: ``“四个自信”：道路自信、理论自信、制度自信、文化自信。``, ``五位一体即经济建设、…``: a count declared
#: before a colon (or 即) and that many short parts after it, in one sentence.
_INLINE_SET = re.compile(r"(?P<head>[^。；！？：:]{2,40}?)(?:[：:]|即)(?P<parts>[^。；！？：:]+)")
_WITHOUT_QUOTES = str.maketrans("", "", "“”‘’「」\"'")


def inline_set(state: EventState, line: Line) -> bool:
    """A set named and spelled out in one sentence: its parts are the items of a declared set."""
    if "：" not in line.text and ":" not in line.text and "即" not in line.text:
        return False  # the pattern needs one: not tried at every position of every line
    for match in _INLINE_SET.finditer(line.text):
        count = declared_count(match.group("head").translate(_WITHOUT_QUOTES))
        body = match.group("parts").rstrip("，,。 ")
        parts = body.split("、")
        if not count or len(parts) != count or not all(0 < len(part.strip()) <= _PHRASE_LIMIT for part in parts):
            continue
        stem = line.text[: match.start("parts")].strip()
        position, items = match.start("parts"), []
        for part in parts:
            start = line.text.index(part, position)
            position = start + len(part)
            items.append((slice_spans(line.spans, start, position), line.number))
        close_list(state, "declared")
        for ordinal, (spans, number) in enumerate(items, 1):
            add_item(state, "declared", ordinal, f"第{ordinal}项", spans, number, stem)
        close_list(state, "declared")
        state.previous = last_sentence(line.spans, line.sentences) or state.previous
        return True
    return False


def list_item(state: EventState, line: Line, item: ListItem) -> None:
    """The first line of a Markdown list item without a marker of its own: item ``position`` of that
    list, with the line before it as the stem (a nested list's stem is its parent item)."""
    family, marker = f"list{item.list_id}", f"第{item.position}项"
    add_item(state, family, item.position, marker, line.spans, line.number, state.previous)
    state.previous = last_sentence(line.spans, line.sentences) or state.previous


def stem_sentence(state: EventState, line: Line) -> None:
    """A line that is no item: its last sentence is the stem of a list that starts below it, and may
    declare how many items that list has."""
    last = last_sentence(line.spans, line.sentences)
    if last:
        state.stem = last
        count = declared_count(last)
        state.pending = (last, count) if count else None
    state.previous = last or state.previous


# --- an event ----------------------------------------------------------------------------------

#: ``**李大钊 **``: a pair of ``**`` that CommonMark does not close (a space before the closing one),
#: kept as text by the parser. What it marks is a key phrase; the stars never reach a card.
_LOOSE_BOLD = re.compile(r"\*\*(?:\s+([^*\s](?:[^*]*?[^*\s])?)\s*|([^*\s](?:[^*]*?[^*\s])?)\s+)\*\*")


def _tightened(span: Span) -> list[Span]:
    if span.marked or "**" not in span.text:
        return [span]
    parts: list[Span] = []
    position = 0
    for match in _LOOSE_BOLD.finditer(span.text):
        if match.start() > position:
            parts.append(Span(span.text[position : match.start()]))
        parts.append(Span(match.group(1) or match.group(2), True))
        position = match.end()
    if position < len(span.text):
        parts.append(Span(span.text[position:]))
    return parts


#: An Obsidian callout's marker, ``[!important]`` (``[!note]-``): layout, not text.
_CALLOUT = re.compile(r"^\s*\[![A-Za-z][\w-]*\][+-]?\s*")


def callout_marker_dropped(block: Block) -> Block:
    """``> [!important] 重点`` → the block without its callout marker (a line holding only the marker
    is dropped), so that ``important]`` never becomes a stem or a card's context."""
    if not block.lines or block.kind == "row" or not _CALLOUT.match(block.lines[0].text):
        return block
    first = block.lines[0]
    cut = _CALLOUT.match(first.text)
    assert cut is not None
    rest = slice_spans(first.spans, cut.end(), len(first.text))
    lines = ((replace(first, spans=rest),) if "".join(span.text for span in rest).strip() else ()) + block.lines[1:]
    return replace(block, lines=lines) if lines else replace(block, lines=(), kind="paragraph")


def loose_bold_closed(block: Block) -> Block:
    """``block`` with each loose pair of ``**`` (:data:`_LOOSE_BOLD`) read as the mark it means."""
    if block.kind == "row" or not any("**" in line.text for line in block.lines):
        return block
    lines = tuple(
        replace(line, spans=tuple(part for span in line.spans for part in _tightened(span)))
        if "**" in line.text
        else line
        for line in block.lines
    )
    return replace(block, lines=lines)


def read_event(title: str, line: int, path: str, blocks: Sequence[Block], context: str | None = None) -> EventState:
    """Run the rules over an event's blocks (the blocks between its heading and the next)."""
    state = EventState(title, line, path, context, previous=title)
    heading_lists_its_set(state)
    blocks = [loose_bold_closed(callout_marker_dropped(block)) for block in blocks]
    blocks = [block for block in blocks if block.lines or block.kind == "heading"]
    index = 0
    while index < len(blocks):
        for _, rule in BLOCK_RULES:
            used = rule(state, blocks, index)
            if used:
                index += used
                break
        else:
            index += 1
    close_lists(state)
    return state


def event_of(state: EventState) -> Event:
    """The event as frozen facts, its enumerations in source order."""
    enumerations = tuple(sorted(state.enumerations, key=lambda e: e.line))
    return Event(state.title, state.line, tuple(state.key_phrases), enumerations, state.context)
