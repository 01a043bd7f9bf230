"""Markdown text → blocks: mistune does the Markdown, and its token dicts stay in this package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import count
from typing import Any

import mistune
from mistune.plugins import import_plugin

from ..marks import MARKS
from .blocks import Block, ListItem
from .inline import lines_of
from .obsidian import OBSIDIAN_PLUGINS
from .pictures import NoteExtras, find_extras
from .plugins import cjk_strong
from .positions import LINE, TEXT_LINES, markdown_with_lines
from .tables import table_rows


def _markdown() -> mistune.Markdown:
    plugins: list[Any] = [import_plugin(name) for name in ("table", "footnotes", "mark", "strikethrough")]
    return markdown_with_lines([*plugins, cjk_strong, *OBSIDIAN_PLUGINS])


_MARKDOWN = _markdown()


def _blocks(
    tokens: list[dict[str, Any]], list_ids: Iterator[int], marks: frozenset[str], item: ListItem | None = None
) -> Iterator[Block]:
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            lines = lines_of(token["children"], token.get(TEXT_LINES) or (token[LINE],), marks)
            if lines:
                yield Block("heading", lines, level=token["attrs"]["level"])
        elif kind in ("paragraph", "block_text"):
            lines = lines_of(token["children"], token[TEXT_LINES], marks)
            if lines:
                yield Block("paragraph", lines, item=item)
                if item is not None and item.first:
                    item = ListItem(item.list_id, item.position, item.ordered, first=False)
        elif kind == "block_quote":
            for block in _blocks(token["children"], list_ids, marks, item):
                yield block
                if item is not None and block.item == item:
                    item = ListItem(item.list_id, item.position, item.ordered, first=False)
        elif kind == "list":
            list_id = next(list_ids)
            ordered = bool(token.get("attrs", {}).get("ordered"))
            for position, child in enumerate(token["children"], 1):
                yield from _blocks(child["children"], list_ids, marks, ListItem(list_id, position, ordered, True))
        elif kind == "table":
            yield from table_rows(token, marks)
        # block_code, block_html (comments), footnotes, thematic_break, blank_line: no facts there


def parse_markdown(text: str, marks: Iterable[str] = MARKS) -> tuple[Block, ...]:
    """Parse Markdown into headings, paragraphs and table rows, each line with its source line number
    (as mistune read it: see :mod:`.positions`).

    ``marks`` names the markers that make a key phrase (see :data:`MARKS`)."""
    return parse_notes(text, marks)[0]


def parse_notes(text: str, marks: Iterable[str] = MARKS) -> tuple[tuple[Block, ...], NoteExtras]:
    """:func:`parse_markdown`, and what the notes hold besides text: pictures, embedded notes and
    inline tags (:func:`~.pictures.find_extras`)."""
    tokens = _MARKDOWN(text)
    assert isinstance(tokens, list)
    return tuple(_blocks(tokens, count(1), frozenset(marks))), find_extras(tokens, text)
