"""Markdown text → blocks: mistune does the Markdown, and its token dicts stay in this package."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import mistune

from ..marks import MARKS
from .blocks import Block, ListItem
from .inline import lines_of
from .locate import LineLocator
from .obsidian import OBSIDIAN_PLUGINS, as_shown
from .pictures import NoteExtras, find_extras
from .plugins import cjk_strong
from .tables import table_rows


def _markdown() -> mistune.Markdown:
    plugins: list[Any] = ["table", "footnotes", "mark", "strikethrough", cjk_strong, *OBSIDIAN_PLUGINS]
    return mistune.create_markdown(renderer=None, plugins=plugins)


_MARKDOWN = _markdown()


def _blocks(
    tokens: list[dict[str, Any]], locator: LineLocator, marks: frozenset[str], item: ListItem | None = None
) -> Iterator[Block]:
    ids = _list_ids(locator)
    for token in tokens:
        kind = token["type"]
        if kind == "heading":
            lines = lines_of(token["children"], locator, marks)
            if lines:
                yield Block("heading", lines, level=token["attrs"]["level"])
        elif kind in ("paragraph", "block_text"):
            lines = lines_of(token["children"], locator, marks)
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
            yield from table_rows(token, locator, marks)
        # block_code, block_html (comments), footnotes, thematic_break, blank_line: no facts there


def _list_ids(locator: LineLocator) -> Iterator[int]:
    while True:
        locator.lists += 1
        yield locator.lists


def parse_markdown(text: str, marks: Iterable[str] = MARKS) -> tuple[Block, ...]:
    """Parse Markdown into headings, paragraphs and table rows, each line with its source line number.

    ``marks`` names the markers that make a key phrase (see :data:`MARKS`)."""
    return parse_notes(text, marks)[0]


def parse_notes(text: str, marks: Iterable[str] = MARKS) -> tuple[tuple[Block, ...], NoteExtras]:
    """:func:`parse_markdown`, and what the notes hold besides text: pictures, embedded notes and
    inline tags (:func:`~.pictures.find_extras`)."""
    tokens = _MARKDOWN(text)
    assert isinstance(tokens, list)
    return tuple(_blocks(tokens, LineLocator(as_shown(text)), frozenset(marks))), find_extras(tokens, text)
