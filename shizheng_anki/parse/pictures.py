"""What a note holds besides its text: the pictures it shows, the notes it embeds, its inline tags.

Found in mistune's tokens (so a picture inside a code block is no picture), each with its source line
and the lines of its paragraph: :func:`find_extras`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from .obsidian import may_hold_tags
from .positions import LINE, TEXT_LINES, source_newlines
from .tables import FIRST_ROW_OFFSET as _FIRST_ROW_OFFSET

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


def _placed(tokens: list[dict[str, Any]], line: int) -> Iterator[tuple[dict[str, Any], int]]:
    """Every token under ``tokens``, with the file line it starts on, as the parser recorded it
    (:mod:`.positions`): a block's own line; an inline token of a paragraph, its text line after the
    line ends of the tokens before it; a table row, its table's line + 2 + its index (the header and
    delimiter rows above); a token inside an inline token, that token's line. ``line``: the line of
    what holds ``tokens``."""
    for token in tokens:
        here = int(token.get(LINE, line))
        yield token, here
        children = token.get("children")
        if not isinstance(children, list):
            continue
        text_lines = token.get(TEXT_LINES)
        if text_lines:
            ends = 0
            for child in children:
                yield from _placed([child], text_lines[min(ends, len(text_lines) - 1)])
                ends += source_newlines(child)
        elif token["type"] == "table_body":
            for index, row in enumerate(children):
                yield from _placed([row], here + _FIRST_ROW_OFFSET + index)
        else:
            yield from _placed(children, here)


class _Paragraphs:
    """The source lines, to find the paragraph around a line."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        #: The paragraph found last: the next picture is most often in it (pictures come in source
        #: order), and a paragraph of many pictures is then read once, not once per picture.
        self.last: tuple[tuple[int, int], bool] = ((0, -1), False)

    def paragraph(self, number: int) -> tuple[tuple[int, int], bool]:
        """The lines of the paragraph around line ``number`` (1-based), and whether it holds text besides
        picture markup."""
        (first_line, last_line), _ = self.last
        if first_line <= number <= last_line:
            return self.last
        self.last = self._paragraph(number)
        return self.last

    def _paragraph(self, number: int) -> tuple[tuple[int, int], bool]:
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


def _decoded(url: str) -> str:
    return unquote(html.unescape(url)).strip()


def find_extras(tokens: list[dict[str, Any]], text: str) -> NoteExtras:
    """The pictures, embedded notes and inline tags of parsed notes (``text``: what was parsed)."""
    if not _MAY_EMBED.search(text) and not may_hold_tags(text):
        return NoteExtras()
    paragraphs = _Paragraphs(text)
    embeds: list[Embed] = []
    tags: dict[str, None] = {}

    def add(kind: EmbedKind, target: str, line: int, width: int | None = None, alt: str = "") -> None:
        paragraph, with_text = paragraphs.paragraph(line)
        embeds.append(Embed(kind, target, line, paragraph, with_text, width, alt))

    for token, line in _placed(tokens, 1):
        kind = token["type"]
        if kind == "image":
            attrs = token.get("attrs", {})
            url, alt = str(attrs.get("url", "")), _text(token.get("children", []))
            width = attrs.get("width")
            sized = _ALT_SIZE.match(alt)
            if sized and width is None:
                alt, width = sized.group(1), int(sized.group(2))
            add("picture", _decoded(url), line, width, alt.strip())
        elif kind in ("inline_html", "block_html"):
            raw = token.get("raw", "")
            for img in _IMG.finditer(raw):
                src = next(group for group in img.groups() if group is not None)
                width_match = _IMG_WIDTH.search(img.group(0))
                width = int(width_match.group(1)) if width_match else None
                add("picture", _decoded(src), line + raw.count("\n", 0, img.start()), width)
        elif kind == "obsidian_embed":
            attrs = token["attrs"]
            add("note", attrs["target"], line)
        elif kind == "obsidian_tag":
            tags[token["raw"]] = None
    return NoteExtras(tuple(embeds), tuple(tag for tag in tags if tag))
