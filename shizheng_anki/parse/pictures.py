"""What a note holds besides its text: the pictures it shows, the notes it embeds, its inline tags.

Found in mistune's tokens (so a picture inside a code block is no picture), each with its source line
and the lines of its paragraph: :func:`find_extras`.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from .obsidian import may_hold_tags

EmbedKind = Literal["picture", "note"]

#: ``<img … src="…" …>`` (quoted or not), in inline or block HTML.
_IMG = re.compile(r"""(?is)<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>""")
#: What a note without pictures, embeds or tags never holds (then its tokens are not walked).
_MAY_EMBED = re.compile(r"!\[|<img\b", re.I)
_IMG_WIDTH = re.compile(r"""(?is)\bwidth\s*=\s*["']?\s*(\d{1,5})(?:px)?\s*["']?""")
#: ``![图|300](x.png)``: Obsidian's size after the alt text of a Markdown picture.
_ALT_SIZE = re.compile(r"^(.*?)\|\s*(\d{1,5})(?:\s*[xX×]\s*\d{1,5})?\s*$", re.S)
#: A line that ends a paragraph above or below it: blank (also inside a block quote).
_BLANK = re.compile(r"^[\s>]*$")
#: A heading or a table row: a paragraph of its own line.
_OWN_LINE = re.compile(r"^[ \t>]*(?:#{1,6}(?:[ \t]|$)|\|)")
#: The first line of a list item: it opens a paragraph.
_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Embed:
    """A picture (``![](…)``, ``<img src>``, ``![[图.png]]``) or an embedded note (``![[另一篇]]``)."""

    kind: EmbedKind
    #: The path or address as written (percent-escapes decoded).
    target: str
    #: 1-based line of the source file.
    line: int
    #: The lines of its paragraph (first, last): the paragraph whose cards show the picture.
    paragraph: tuple[int, int]
    #: Whether the paragraph holds text besides pictures (else the picture stands on its own).
    with_text: bool = False
    #: The width asked for (``![[图.png|300]]``, ``<img width=300>``), else None.
    width: int | None = None
    #: The alt text (``![图一](…)``).
    alt: str = ""


@dataclass(frozen=True, slots=True)
class NoteExtras:
    """The pictures and embedded notes of one file, in source order, and its inline tags."""

    embeds: tuple[Embed, ...] = ()
    #: Inline tags as written, without ``#`` (``时政/2024-12``), each once, in order.
    tags: tuple[str, ...] = ()


class _Finder:
    """Finds each reference's line: the first occurrence of its text at or after the last one found
    (references come in source order), else anywhere, else the last line found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.cursor = 0

    def line(self, *needles: str) -> int:
        for start in (self.cursor, 0):
            for needle in needles:
                at = self.text.find(needle, start) if needle else -1
                if at >= 0:
                    self.cursor = at + len(needle)
                    return bisect_right(self.starts, at)
        return bisect_right(self.starts, self.cursor)

    def paragraph(self, number: int) -> tuple[tuple[int, int], bool]:
        """The lines of the paragraph around line ``number`` (1-based), and whether it holds text besides
        picture markup."""
        lines, index = self.lines, min(max(number - 1, 0), len(self.lines) - 1)
        first = last = index
        if not _OWN_LINE.match(lines[index]):
            while first > 0 and not _ITEM.match(lines[first]):
                above = lines[first - 1]
                if _BLANK.match(above) or _OWN_LINE.match(above):
                    break
                first -= 1
            while last + 1 < len(lines):
                below = lines[last + 1]
                if _BLANK.match(below) or _OWN_LINE.match(below) or _ITEM.match(below):
                    break
                last += 1
        text = "\n".join(lines[first : last + 1])
        return (first + 1, last + 1), bool(re.search(r"\w", _without_pictures(text)))


_PICTURE_MARKUP = re.compile(
    r"!\[[^\]\n]*\]\([^)\n]*\)|!\[\[[^\]\n]*\]\]|<img\b[^>]*>|(?m:^[ \t>]*(?:[-*+]|\d+[.)])[ \t])"
)


_HTML_TAG = re.compile(r"<[^<>]*>")


def _without_pictures(text: str) -> str:
    """The text of a paragraph without its pictures, list markers and HTML tags."""
    return _HTML_TAG.sub("", _PICTURE_MARKUP.sub("", text))


def _text(tokens: list[dict[str, Any]]) -> str:
    return "".join(token.get("raw", "") or _text(token.get("children", [])) for token in tokens)


def _walk(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        children = token.get("children")
        if isinstance(children, list):
            yield from _walk(children)


def _decoded(url: str) -> str:
    return unquote(html.unescape(url)).strip()


def find_extras(tokens: list[dict[str, Any]], text: str) -> NoteExtras:
    """The pictures, embedded notes and inline tags of parsed notes (``text``: what was parsed)."""
    if not _MAY_EMBED.search(text) and not may_hold_tags(text):
        return NoteExtras()
    finder = _Finder(text)
    embeds: list[Embed] = []
    tags: dict[str, None] = {}

    def add(kind: EmbedKind, target: str, needles: tuple[str, ...], width: int | None = None, alt: str = "") -> None:
        line = finder.line(*needles)
        paragraph, with_text = finder.paragraph(line)
        embeds.append(Embed(kind, target, line, paragraph, with_text, width, alt))

    for token in _walk(tokens):
        kind = token["type"]
        if kind == "image":
            attrs = token.get("attrs", {})
            url, alt = str(attrs.get("url", "")), _text(token.get("children", []))
            width = attrs.get("width")
            sized = _ALT_SIZE.match(alt)
            if sized and width is None:
                alt, width = sized.group(1), int(sized.group(2))
            target = _decoded(url)
            add("picture", target, (str(attrs.get("raw", "")), url, target), width, alt.strip())
        elif kind in ("inline_html", "block_html"):
            for img in _IMG.finditer(token.get("raw", "")):
                src = next(group for group in img.groups() if group is not None)
                width_match = _IMG_WIDTH.search(img.group(0))
                width = int(width_match.group(1)) if width_match else None
                add("picture", _decoded(src), (img.group(0), src), width)
        elif kind == "obsidian_embed":
            attrs = token["attrs"]
            add("note", attrs["target"], (attrs["raw"],))
        elif kind == "obsidian_tag":
            tags[token["raw"]] = None
    return NoteExtras(tuple(embeds), tuple(tag for tag in tags if tag))
