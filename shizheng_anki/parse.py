"""Stage 1: Markdown text → blocks of lines of spans.

mistune does the Markdown; this module keeps its token dicts to itself and hands the next stage
typed :class:`Block` s, each line numbered as in the source file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Literal

import mistune
import yaml

from .facts import Span
from .marks import MARKS, MarkKind
from .plugins import cjk_strong

BlockKind = Literal["heading", "paragraph", "row"]

#: Characters that end a sentence, and closing marks that stay with the sentence they end.
_TERMINATORS = "。！？；!?;"
_CLOSERS = "”’」』）)】》\"'"
_TERMINATOR_TUPLE = tuple(_TERMINATORS)
_SENTENCE_END = re.compile(rf"[{_TERMINATORS}]+[{re.escape(_CLOSERS)}]*")


@dataclass(frozen=True, slots=True)
class Line:
    """One source line of a block, as spans."""

    spans: tuple[Span, ...]
    #: 1-based line number in the source.
    number: int
    #: True when the whole line is inline code (a date stamp such as `2025/03/09 by: 某某`).
    code_only: bool = False
    #: Broken markup met on this line and what was done with it (``unclosed ** kept as text``).
    problems: tuple[str, ...] = ()
    #: The line as plain text: its spans joined once here, since every later stage reads it.
    text: str = field(init=False, repr=False, compare=False)

    #: :attr:`sentences`, once made.
    _sentences: tuple[tuple[Span, ...], ...] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "".join(span.text for span in self.spans))

    @property
    def sentences(self) -> tuple[tuple[Span, ...], ...]:
        """The line cut into sentences (:func:`split_sentences`), made once: the phrases and the exam
        facts both read them."""
        if self._sentences is None:
            object.__setattr__(self, "_sentences", tuple(split_sentences(self.spans)))
        assert self._sentences is not None
        return self._sentences

    @property
    def whole_marked(self) -> bool:
        """True when one marked run fills the line (``**新发展理念的内涵和要求：**``): a sub-heading
        or a list stem, not a phrase to hide. Punctuation after it does not count."""
        marked = [span for span in self.spans if span.marked]
        rest = "".join(span.text for span in self.spans if not span.marked)
        return len(marked) == 1 and not _NOT_WORD.sub("", rest)


@dataclass(frozen=True, slots=True)
class ListItem:
    """Where a block sits in a Markdown list: which list, which item, how deep."""

    #: Distinct per list in the document (nested lists get their own).
    list_id: int
    #: 1-based position of the item in its list.
    position: int
    ordered: bool
    #: True for the item's first block (its text); later blocks continue the item.
    first: bool


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, a paragraph (inside block quotes and list items too) or a table row."""

    kind: BlockKind
    lines: tuple[Line, ...]
    #: Heading level (1 for ``#``); 0 for paragraphs.
    level: int = 0
    #: The list item this block belongs to, if any.
    item: ListItem | None = None
    #: For a table row: its cells as (header, spans), in column order.
    cells: tuple[tuple[str, tuple[Span, ...]], ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def number(self) -> int:
        return self.lines[0].number if self.lines else 0


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


def _markdown() -> mistune.Markdown:
    plugins: list[Any] = ["table", "footnotes", "mark", "strikethrough", cjk_strong]
    return mistune.create_markdown(renderer=None, plugins=plugins)


_MARKDOWN = _markdown()

# What survives of a line for locating it in the source: letters, digits and CJK characters.
_NOT_WORD = re.compile(r"[\W_]+")
# no "<" inside: else a line of many "<" and no ">" is scanned to its end once per "<"
_TAG = re.compile(r"<[^<>\n]*>")
_KEY_LENGTH = 12
_ROW_KEY_LENGTH = 40
_LOOKAHEAD = 400


class _LineLocator:
    """Finds the source line of each rendered line, moving forward through the file.

    mistune does not report positions, so each line is found by its first letters among the
    source lines (markup and punctuation ignored), never before the line found last.
    """

    def __init__(self, source: str) -> None:
        self._lines = [_NOT_WORD.sub("", _TAG.sub("", line)) for line in source.split("\n")]
        self._cursor = 0
        #: Lists numbered so far (each Markdown list gets its own id).
        self.lists = 0

    def locate(self, text: str, length: int = _KEY_LENGTH) -> int:
        """The line of ``text``; a longer ``length`` tells apart lines that start alike (table rows)."""
        words = _NOT_WORD.sub("", text)
        for key in dict.fromkeys((words[:length], words[:_KEY_LENGTH])):
            if not key:
                continue
            stop = min(len(self._lines), self._cursor + _LOOKAHEAD)
            for index in range(self._cursor, stop):
                if key in self._lines[index]:
                    self._cursor = index
                    return index + 1
        return self._cursor + 1


_MARKER_TAG = re.compile(r"(?is)<\s*(/?)\s*(u|mark|b|strong|font)\b([^>]*)>")
_TAG_KIND: dict[str, MarkKind] = {"u": "underline", "mark": "highlight", "b": "bold", "strong": "bold", "font": "color"}
_ANY_TAG = re.compile(r"(?s)<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
_BR = re.compile(r"(?i)<\s*br\s*/?\s*>")
#: ``**`` or ``__`` directly before a letter that did not pair up: an unclosed marker.
_UNCLOSED = re.compile(r"(\*\*|__)(?=[^\s*_])")

Run = tuple[str, str]  # (kind, text); kind is text, mark, code, break or problem


def _inline_runs(tokens: Iterable[dict[str, Any]], marks: frozenset[str]) -> Iterator[Run]:
    """Flatten inline tokens into (kind, text) runs; kind is text, mark, code, break or problem.

    A marked phrase is one run, whatever mistune split it into. Marker tags (``<u>``, ``<mark>``,
    ``<b>``, ``<strong>``, ``<font color>``) mark the text up to their closing tag; ``<br>`` is a
    line break; every other tag is dropped and its text kept."""
    open_tags: list[tuple[str, bool]] = []  # (tag name, marks a key phrase)
    buffer: list[Run] = []
    seen: dict[str, int] = {}

    def emit(run: Run) -> Iterator[Run]:
        if open_tags and run[0] in ("text", "mark", "code"):
            buffer.append(run)
        else:
            yield run

    def close_all(kept_as: str) -> Iterator[Run]:
        text = "".join(text for _, text in buffer)
        buffer.clear()
        if text:
            yield kept_as, text

    for run in _token_runs(tokens, marks):
        if run[0] != "html":
            yield from emit(run)
            continue
        raw = run[1]
        if _BR.fullmatch(raw.strip()):
            if not open_tags:
                yield "break", "\n"
            continue
        tag = _MARKER_TAG.match(raw.strip())
        if tag and not (not tag.group(1) and tag.group(2).lower() == "font" and "color" not in tag.group(3).lower()):
            name = tag.group(2).lower()
            if not tag.group(1):
                counts = _TAG_KIND[name] in marks
                if not open_tags:
                    yield from close_all("text")
                open_tags.append((name, counts))
            elif any(open_name == name for open_name, _ in open_tags):
                while open_tags:
                    open_name, counts = open_tags.pop()
                    if open_name == name:
                        break
                if not open_tags:
                    yield from close_all("mark" if counts else "text")
            elif seen.get(name, 0) > 0:
                seen[name] -= 1  # closes a tag that marks nothing (``<font size=3>``)
            else:
                yield "problem", f"stray {raw.strip()} dropped"
            continue
        other = _ANY_TAG.match(raw.strip())
        if other and not raw.startswith("<!--"):
            name = other.group(2).lower()
            if other.group(1):
                if seen.get(name, 0) <= 0:
                    yield "problem", f"stray {raw.strip()} dropped"
                seen[name] = seen.get(name, 0) - 1
            else:
                seen[name] = seen.get(name, 0) + 1
    if open_tags:
        yield "problem", f"unclosed <{open_tags[0][0]}> kept as text"
        open_tags.clear()
        yield from close_all("text")


def _token_runs(tokens: Iterable[dict[str, Any]], marks: frozenset[str]) -> Iterator[Run]:
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            yield "text", html.unescape(token["raw"])
        elif kind in ("strong", "mark"):
            children = _inline_runs(token["children"], marks)
            text = "".join(text for kind, text in children if kind not in ("break", "problem"))
            yield ("mark" if (kind == "mark" and "highlight" in marks) or (kind == "strong" and "bold" in marks) else "text"), text
        elif kind in ("emphasis", "link", "strikethrough", "insert", "superscript", "subscript"):
            yield from _token_runs(token.get("children", ()), marks)
        elif kind == "codespan":
            yield "code", token["raw"]
        elif kind in ("softbreak", "linebreak"):
            yield "break", "\n"
        elif kind == "inline_html":
            yield "html", token["raw"]
        # images and footnote references carry no text to learn


def _lines(tokens: list[dict[str, Any]], locator: _LineLocator, marks: frozenset[str]) -> tuple[Line, ...]:
    lines: list[Line] = []
    spans: list[Span] = []
    problems: list[str] = []
    code_only = True

    def flush() -> None:
        nonlocal spans, code_only, problems
        merged = _merge(spans)
        text = "".join(s.text for s in merged)
        if any(not s.marked and _UNCLOSED.search(s.text) for s in merged):
            problems.append("unclosed ** or __ kept as text")
        if text.strip():
            lines.append(Line(merged, locator.locate(text), code_only, tuple(problems)))
        spans, code_only, problems = [], True, []

    for kind, text in _inline_runs(tokens, marks):
        if kind == "break":
            flush()
            continue
        if kind == "problem":
            problems.append(text)
            continue
        if kind != "code" and text.strip():
            code_only = False
        spans.append(Span(text, marked=kind == "mark"))
    flush()
    return tuple(lines)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Join neighbouring spans of the same kind; trim the line's outer white space."""
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].marked == span.marked and not span.marked:
            merged[-1] = Span(merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    if merged and not merged[0].marked:
        merged[0] = Span(merged[0].text.lstrip())
    if merged and not merged[-1].marked:
        merged[-1] = Span(merged[-1].text.rstrip())
    return tuple(span for span in merged if span.text)


def _cell_spans(cell: dict[str, Any], marks: frozenset[str]) -> list[Span]:
    spans = []
    for kind, text in _inline_runs(cell["children"], marks):
        if kind == "break":
            spans.append(Span(" "))
        elif kind != "problem":
            spans.append(Span(text, marked=kind == "mark"))
    return spans


def _table_rows(token: dict[str, Any], locator: _LineLocator, marks: frozenset[str]) -> Iterator[Block]:
    """One block per body row: each cell as ``header：cell``, cells joined by ``；``."""
    head = next((child for child in token["children"] if child["type"] == "table_head"), None)
    headers = ["".join(s.text for s in _cell_spans(cell, marks)).strip() for cell in (head or {}).get("children", ())]
    for body in token["children"]:
        if body["type"] != "table_body":
            continue
        for row in body["children"]:
            spans: list[Span] = []
            cells = ""
            columns: list[tuple[str, tuple[Span, ...]]] = []
            for column, cell in enumerate(row["children"]):
                cell_spans = [s for s in _cell_spans(cell, marks) if s.text]
                cells += "".join(s.text for s in cell_spans)
                columns.append((headers[column] if column < len(headers) else "", _merge(cell_spans)))
                if not "".join(s.text for s in cell_spans).strip():
                    continue
                if spans:
                    spans.append(Span("；"))
                if column < len(headers) and headers[column]:
                    spans.append(Span(headers[column] + "："))
                spans.extend(cell_spans)
            merged = _merge(spans)
            text = "".join(s.text for s in merged)
            if text.strip():
                yield Block("row", (Line(merged, locator.locate(cells, _ROW_KEY_LENGTH)),), cells=tuple(columns))


def _blocks(
    tokens: list[dict[str, Any]], locator: _LineLocator, marks: frozenset[str], item: ListItem | None = None
) -> Iterator[Block]:
    ids = _list_ids(locator)
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            lines = _lines(token["children"], locator, marks)
            if lines:
                yield Block("heading", lines, level=token["attrs"]["level"])
        elif kind in ("paragraph", "block_text"):
            lines = _lines(token["children"], locator, marks)
            if lines:
                yield Block("paragraph", lines, item=item)
                if item is not None and item.first:
                    item = ListItem(item.list_id, item.position, item.ordered, first=False)
        elif kind == "block_quote":
            for block in _blocks(token["children"], locator, marks, item):
                yield block
                if item is not None and block.item == item:
                    item = ListItem(item.list_id, item.position, item.ordered, first=False)
        elif kind == "list":
            list_id = next(ids)
            ordered = bool(token.get("attrs", {}).get("ordered"))
            for position, child in enumerate(token["children"], 1):
                yield from _blocks(child["children"], locator, marks, ListItem(list_id, position, ordered, True))
        elif kind == "table":
            yield from _table_rows(token, locator, marks)
        # block_code, block_html (comments), footnotes, thematic_break, blank_line: no facts there


def _list_ids(locator: _LineLocator) -> Iterator[int]:
    while True:
        locator.lists += 1
        yield locator.lists


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the very top) as a dict, and the text with those lines
    blanked (so line numbers stay those of the file). Front matter that is not a YAML mapping is
    left in the text."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    blank = "\n" * match.group(0).count("\n")
    return data, blank + text.lstrip("\ufeff")[match.end() :]


def parse_markdown(text: str, marks: Iterable[str] = MARKS) -> tuple[Block, ...]:
    """Parse Markdown into headings, paragraphs and table rows, each line with its source line number.

    ``marks`` names the markers that make a key phrase (see :data:`MARKS`)."""
    tokens = _MARKDOWN(text)
    assert isinstance(tokens, list)
    return tuple(_blocks(tokens, _LineLocator(text), frozenset(marks)))
