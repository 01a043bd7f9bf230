"""Stage 1: Markdown text → blocks of lines of spans.

mistune does the Markdown; this module keeps its token dicts to itself and hands the next stage
typed :class:`Block` s, each line numbered as in the source file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Literal

import mistune

from .facts import Span
from .plugins import cjk_strong

BlockKind = Literal["heading", "paragraph"]


@dataclass(frozen=True, slots=True)
class Line:
    """One source line of a block, as spans."""

    spans: tuple[Span, ...]
    #: 1-based line number in the source.
    number: int
    #: True when the whole line is inline code (a date stamp such as `2025/03/09 by: 某某`).
    code_only: bool = False

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or a paragraph (inside block quotes and list items too)."""

    kind: BlockKind
    lines: tuple[Line, ...]
    #: Heading level (1 for ``#``); 0 for paragraphs.
    level: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def number(self) -> int:
        return self.lines[0].number if self.lines else 0


def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=None, plugins=[cjk_strong])


_MARKDOWN = _markdown()

# What survives of a line for locating it in the source: letters, digits and CJK characters.
_NOT_WORD = re.compile(r"[\W_]+")
# no "<" inside: else a line of many "<" and no ">" is scanned to its end once per "<"
_TAG = re.compile(r"<[^<>\n]*>")
_KEY_LENGTH = 12
_LOOKAHEAD = 400


class _LineLocator:
    """Finds the source line of each rendered line, moving forward through the file.

    mistune does not report positions, so each line is found by its first letters among the
    source lines (markup and punctuation ignored), never before the line found last.
    """

    def __init__(self, source: str) -> None:
        self._lines = [_NOT_WORD.sub("", _TAG.sub("", line)) for line in source.split("\n")]
        self._cursor = 0

    def locate(self, text: str) -> int:
        key = _NOT_WORD.sub("", text)[:_KEY_LENGTH]
        if key:
            stop = min(len(self._lines), self._cursor + _LOOKAHEAD)
            for index in range(self._cursor, stop):
                if key in self._lines[index]:
                    self._cursor = index
                    break
        return self._cursor + 1


def _inline_runs(tokens: Iterable[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """Flatten inline tokens into (kind, text) runs; kind is text, mark, code or break.

    A marked phrase is one run, whatever mistune split it into."""
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            yield "text", html.unescape(token["raw"])
        elif kind == "strong":
            text = "".join(text for kind, text in _inline_runs(token["children"]) if kind != "break")
            yield "mark", text
        elif kind in ("emphasis", "link", "strikethrough", "mark", "insert", "superscript", "subscript"):
            yield from _inline_runs(token.get("children", ()))
        elif kind == "codespan":
            yield "code", token["raw"]
        elif kind in ("softbreak", "linebreak"):
            yield "break", "\n"
        elif kind == "image":
            continue  # an image carries no text to learn
        # inline_html and anything unknown carries no text of its own


def _lines(tokens: list[dict[str, Any]], locator: _LineLocator) -> tuple[Line, ...]:
    lines: list[Line] = []
    spans: list[Span] = []
    code_only = True

    def flush() -> None:
        nonlocal spans, code_only
        merged = _merge(spans)
        text = "".join(s.text for s in merged)
        if text.strip():
            lines.append(Line(merged, locator.locate(text), code_only))
        spans, code_only = [], True

    for kind, text in _inline_runs(tokens):
        if kind == "break":
            flush()
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


def _blocks(tokens: list[dict[str, Any]], locator: _LineLocator) -> Iterator[Block]:
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            lines = _lines(token["children"], locator)
            if lines:
                yield Block("heading", lines, level=token["attrs"]["level"])
        elif kind in ("paragraph", "block_text"):
            lines = _lines(token["children"], locator)
            if lines:
                yield Block("paragraph", lines)
        elif kind in ("block_quote", "list", "list_item"):
            yield from _blocks(token["children"], locator)
        # block_code, block_html, thematic_break, blank_line: no facts there


def parse_markdown(text: str) -> tuple[Block, ...]:
    """Parse Markdown into headings and paragraphs, each line with its source line number."""
    tokens = _MARKDOWN(text)
    assert isinstance(tokens, list)
    return tuple(_blocks(tokens, _LineLocator(text)))
