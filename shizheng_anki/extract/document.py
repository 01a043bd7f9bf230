"""A document: its title, month and metadata line, and its events (one per heading, read by
:func:`~.events.read_event`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from ..errors import SourceError
from ..marks import MARKS
from ..parse import Block, parse_notes
from ..parse.front_matter import read_front_matter
from .events import event_of, read_event
from .facts import Diagnostic, Document, Event
from .markers import NUMERAL
from .pictures import attach_extras

__all__ = ["extract_document", "extract_facts", "extract_parsed", "month_of"]

_MONTH_IN_TITLE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.年](\d{1,2})(?!\d)")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")

UNTITLED = "未命名笔记"


def month_of(*texts: str) -> str | None:
    """``2024年12月时政`` or ``2024-12-notes`` → ``2024-12``; the first text that names a month wins."""
    for pattern in (_MONTH_IN_TITLE, _MONTH_IN_NAME):
        for text in texts:
            match = pattern.search(text)
            if match and 1 <= int(match.group(2)) <= 12:
                return f"{match.group(1)}-{int(match.group(2)):02d}"
    return None


#: A heading that does not say which event it is on its own: ``1. 贯彻新发展理念``, ``（二）``, ``三、``.
_NUMBERED_HEADING = re.compile(rf"^\s*(?:\d+|{NUMERAL}|[（(](?:\d+|{NUMERAL})[）)])(?:[\s.．、:：)）]|$)")


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


def _sections(body: list[Block]) -> Iterator[tuple[Block | None, list[Block]]]:
    """The blocks before the first heading (with None), then each heading with the blocks under it."""
    heading: Block | None = None
    blocks: list[Block] = []
    for block in body:
        if block.kind == "heading":
            yield heading, blocks
            heading, blocks = block, []
        else:
            blocks.append(block)
    yield heading, blocks


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

    headings = Counter(block.text.strip() for block in body if block.kind == "heading")
    events: list[Event] = []
    diagnostics: list[Diagnostic] = []
    parents: list[tuple[int, str]] = []  # the headings above the current one: (level, text)
    for heading, section in _sections(body):
        if heading is None:
            state = read_event(title, title_line, path, section)
        else:
            text = heading.text.strip()
            while parents and parents[-1][0] >= heading.level:
                parents.pop()
            ambiguous = _NUMBERED_HEADING.match(text) or headings[text] > 1
            state = read_event(text, heading.number, path, section, parents[-1][1] if ambiguous and parents else None)
            parents.append((heading.level, text))
        events.append(event_of(state))
        diagnostics.extend(state.diagnostics)
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
    try:
        blocks, extras = parse_notes(front.body, marks)
    except RecursionError:  # mistune reads nested quotes and lists by recursion
        raise SourceError(
            f"{path}: quotes and lists are nested too deeply for the Markdown parser; flatten them"
        ) from None
    document = attach_extras(extract_document(blocks, path, front.meta), blocks, extras)
    if front.problem:  # said first: it is at the top of the file
        document = replace(document, diagnostics=(Diagnostic(path, 1, front.problem), *document.diagnostics))
    return document, blocks
