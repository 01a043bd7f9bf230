"""Inline tokens → lines of spans: marked phrases as one run each, marker tags (``<u>``, ``<mark>``,
``<b>``, ``<font color>``) read, other tags dropped with their text kept, broken markup reported."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any

from ..marks import MarkKind
from .blocks import Line
from .positions import NEWLINES, source_newlines
from .spans import Span

_MARKER_TAG = re.compile(r"(?is)<\s*(/?)\s*(u|mark|b|strong|font)\b([^>]*)>")
_TAG_KIND: dict[str, MarkKind] = {"u": "underline", "mark": "highlight", "b": "bold", "strong": "bold", "font": "color"}
_ANY_TAG = re.compile(r"(?s)<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")
_BR = re.compile(r"(?i)<\s*br\s*/?\s*>")
#: ``**`` or ``__`` directly before a letter that did not pair up: an unclosed marker.
_UNCLOSED = re.compile(r"(\*\*|__)(?=[^\s*_])")

Run = tuple[str, str]  # (kind, text); kind is text, mark, code, break, newline or problem
#: A line end in the source that does not break the line (inside a bold run, a code span, a tag).
NEWLINE: Run = ("newline", "")


def inline_runs(tokens: Iterable[dict[str, Any]], marks: frozenset[str]) -> Iterator[Run]:
    """Flatten inline tokens into (kind, text) runs; kind is text, mark, code, break, newline or problem.

    A marked phrase is one run, whatever mistune split it into. Marker tags (``<u>``, ``<mark>``,
    ``<b>``, ``<strong>``, ``<font color>``) mark the text up to their closing tag; ``<br>`` is a
    line break; every other tag is dropped and its text kept.

    The source's line ends are kept count of: a break's text holds the line ends it took up (none for
    ``<br>``, one for a soft break, more when it passed a line of full-width spaces), and a
    ``newline`` run stands for each line end inside anything else (a bold run, a tag written across
    lines)."""
    open_tags: list[tuple[str, bool]] = []  # (tag name, marks a key phrase)
    buffer: list[Run] = []
    seen: dict[str, int] = {}

    def close_all(kept_as: str) -> Iterator[Run]:
        text = "".join(text for _, text in buffer)
        buffer.clear()
        if text:
            yield kept_as, text

    for run in _token_runs(tokens, marks):
        kind = run[0]
        if kind != "html":
            if open_tags and kind in ("text", "mark", "code"):
                buffer.append(run)
            else:
                yield run
            continue
        raw = run[1]
        if _BR.fullmatch(raw.strip()):
            if not open_tags:
                yield "break", ""
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
            children = list(inline_runs(token["children"], marks))
            outer = (kind == "mark" and "highlight" in marks) or (kind == "strong" and "bold" in marks)
            if outer and any(child == "mark" for child, _ in children):
                # marks nested in a mark (``**意识具有==自觉性==…**``, a red <font> in a bold lead): the
                # inner marks are the phrases to ask, each its own run; the outer mark is their sentence
                yield from ((child, text) for child, text in children if child in ("text", "mark"))
            else:
                text = "".join(text for kind, text in children if kind not in ("break", "newline", "problem"))
                yield ("mark" if outer else "text"), text
            newlines = sum(
                len(text) if kind == "break" else 1 for kind, text in children if kind in ("break", "newline")
            )
            yield from repeat(NEWLINE, newlines)
        elif kind in ("emphasis", "link", "strikethrough", "insert", "superscript", "subscript"):
            yield from _token_runs(token.get("children", ()), marks)
        elif kind == "codespan":
            yield "code", token["raw"]
        elif kind in ("softbreak", "linebreak"):
            yield "break", "\n" * token.get(NEWLINES, 0)
            continue
        elif kind == "inline_html":
            yield "html", token["raw"]
        elif "children" in token:  # images carry no text to learn, but may be written across lines
            yield from repeat(NEWLINE, sum(map(source_newlines, token["children"])))
        # footnote references: no text either
        if NEWLINES in token:
            yield from repeat(NEWLINE, token[NEWLINES])


def lines_of(tokens: list[dict[str, Any]], text_lines: Sequence[int], marks: frozenset[str]) -> tuple[Line, ...]:
    """The lines of a heading or paragraph whose text lines are on file lines ``text_lines``: cut at
    each break, each numbered by the file line its text starts on."""
    lines: list[Line] = []
    spans: list[Span] = []
    problems: list[str] = []
    code_only = True
    newlines = 0  # source line ends passed so far
    number: int | None = None  # the line being read: the source line of its first text

    def flush() -> None:
        nonlocal spans, code_only, problems, number
        merged = merge(spans)
        text = "".join(s.text for s in merged)
        if any(not s.marked and _UNCLOSED.search(s.text) for s in merged):
            problems.append("unclosed ** or __ kept as text")
        if text.strip() and number is not None:
            lines.append(Line(merged, number, code_only, tuple(problems)))
        spans, code_only, problems, number = [], True, [], None

    for kind, text in inline_runs(tokens, marks):
        if kind == "break":
            flush()
            newlines += len(text)
            continue
        if kind == "newline":
            newlines += 1
            continue
        if kind == "problem":
            problems.append(text)
            continue
        if text.strip():
            if kind != "code":
                code_only = False
            if number is None:
                number = text_lines[min(newlines, len(text_lines) - 1)]
        spans.append(Span(text, marked=kind == "mark"))
    flush()
    return tuple(lines)


def merge(spans: list[Span]) -> tuple[Span, ...]:
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


def cell_spans(cell: dict[str, Any], marks: frozenset[str]) -> list[Span]:
    spans = []
    for kind, text in inline_runs(cell["children"], marks):
        if kind == "break":
            spans.append(Span(" "))
        elif kind not in ("newline", "problem"):
            spans.append(Span(text, marked=kind == "mark"))
    return spans
