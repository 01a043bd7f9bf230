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


#: A token placed: the token, the file line it starts on, and the block it stands in (a paragraph, a
#: heading, a table row) with that block's first line.
_Placed = tuple[dict[str, Any], int, tuple[dict[str, Any], int] | None]
#: Tokens that show a picture or an embed, or hide their text in a tag: not the words of a paragraph.
_NOT_WORDS = ("image", "obsidian_embed", "inline_html")
_WORD = re.compile(r"\w")
_HTML_TAG = re.compile(r"<[^<>]*>")


def _placed(
    tokens: list[dict[str, Any]], line: int, block: tuple[dict[str, Any], int] | None = None
) -> Iterator[_Placed]:
    """Every token under ``tokens``, with the file line it starts on, as the parser recorded it
    (:mod:`.positions`), and the block it stands in: a block's own line; an inline token of a
    paragraph, its text line after the line ends of the tokens before it; a table row, its table's
    line + 2 + its index (the header and delimiter rows above); a token inside an inline token, that
    token's line. ``line``: the line of what holds ``tokens``."""
    for token in tokens:
        here = int(token.get(LINE, line))
        yield token, here, block
        children = token.get("children")
        if not isinstance(children, list):
            continue
        text_lines = token.get(TEXT_LINES)
        if text_lines:
            ends = 0
            for child in children:
                yield from _placed([child], text_lines[min(ends, len(text_lines) - 1)], (token, text_lines[0]))
                ends += source_newlines(child)
        elif token["type"] == "table_body":
            for index, row in enumerate(children):
                yield from _placed([row], here + _FIRST_ROW_OFFSET + index, block)
        elif token["type"] in ("heading", "table_head", "table_row"):
            yield from _placed(children, here, (token, here))
        else:
            yield from _placed(children, here, block)


def _has_words(tokens: list[dict[str, Any]]) -> bool:
    """Whether inline ``tokens`` say something besides their pictures, embeds and tags."""
    for token in tokens:
        if token["type"] in _NOT_WORDS:
            continue
        children = token.get("children")
        if _WORD.search(token.get("raw", "")) or (isinstance(children, list) and _has_words(children)):
            return True
    return False


def _paragraph(block: dict[str, Any], first: int) -> tuple[tuple[int, int], bool]:
    """The lines (first, last) of the block a picture stands in, and whether it holds text besides
    pictures: the cards of those lines show the picture when it does."""
    if block["type"] == "block_html":
        raw = str(block.get("raw", ""))
        words = _WORD.search(_HTML_TAG.sub("", raw)) is not None
        return (first, first + raw.rstrip("\n").count("\n")), words
    lines = block.get(TEXT_LINES) or (first,)
    return (lines[0], lines[-1]), _has_words(block.get("children", []))


def _text(tokens: list[dict[str, Any]]) -> str:
    return "".join(token.get("raw", "") or _text(token.get("children", [])) for token in tokens)


def _decoded(url: str) -> str:
    return unquote(html.unescape(url)).strip()


def find_extras(tokens: list[dict[str, Any]], text: str) -> NoteExtras:
    """The pictures, embedded notes and inline tags of parsed notes (``text``: what was parsed)."""
    if not _MAY_EMBED.search(text) and not may_hold_tags(text):
        return NoteExtras()
    embeds: list[Embed] = []
    tags: dict[str, None] = {}
    paragraphs: dict[int, tuple[tuple[int, int], bool]] = {}  # by the block's id: each block read once

    def add(
        kind: EmbedKind,
        target: str,
        line: int,
        block: tuple[dict[str, Any], int],
        width: int | None = None,
        alt: str = "",
    ) -> None:
        token, first = block
        paragraph = paragraphs.get(id(token))
        if paragraph is None:
            paragraph = paragraphs[id(token)] = _paragraph(token, first)
        embeds.append(Embed(kind, target, line, paragraph[0], paragraph[1], width, alt))

    for token, line, block in _placed(tokens, 1):
        kind = token["type"]
        holder = block or (token, line)  # in no paragraph, heading or row: an HTML block, its own
        if kind == "image":
            attrs = token.get("attrs", {})
            url, alt = str(attrs.get("url", "")), _text(token.get("children", []))
            width = attrs.get("width")
            sized = _ALT_SIZE.match(alt)
            if sized and width is None:
                alt, width = sized.group(1), int(sized.group(2))
            add("picture", _decoded(url), line, holder, width, alt.strip())
        elif kind in ("inline_html", "block_html"):
            raw = token.get("raw", "")
            for img in _IMG.finditer(raw):
                src = next(group for group in img.groups() if group is not None)
                width_match = _IMG_WIDTH.search(img.group(0))
                width = int(width_match.group(1)) if width_match else None
                add("picture", _decoded(src), line + raw.count("\n", 0, img.start()), holder, width)
        elif kind == "obsidian_embed":
            attrs = token["attrs"]
            add("note", attrs["target"], line, holder)
        elif kind == "obsidian_tag":
            tags[token["raw"]] = None
    return NoteExtras(tuple(embeds), tuple(tag for tag in tags if tag))
