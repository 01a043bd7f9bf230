"""Pictures on the cards: on the back only (in the Context field, which no front shows), scaled to the
card's width.

A note shows the pictures of the source lines it was made from (:attr:`Picture.shown_with`: a picture's
paragraph, or its whole section). The ``<img>`` carries its own style, so the note types' CSS — and with
it every deck built from notes without pictures — stays as it was.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..extract.facts import Document, Picture
from .markup import escape

if TYPE_CHECKING:
    from .notes import Note

#: What keeps a picture inside the card, however large it is (``width`` may ask for less).
_IMG_STYLE = "max-width:100%;height:auto"
_BLOCK_STYLE = "margin-top:0.6em"


#: What :func:`picture_html` and :func:`with_pictures` write, and nothing else (a previous deck's fields
#: are held to it: :func:`is_picture_markup`).
_OWN_PICTURE_MARKUP = re.compile(
    rf'<img src="shizheng-[0-9a-f]{{32}}\.[a-z]{{3,4}}"(?: alt="[^"<>]*")?(?: width="[0-9]{{1,5}}")? '
    rf'style="{re.escape(_IMG_STYLE)}">|<div style="{re.escape(_BLOCK_STYLE)}">'
)


def is_picture_markup(tag: str) -> bool:
    """Whether ``tag`` is one this module writes (an ``<img>`` of a packed picture, or its ``<div>``)."""
    return _OWN_PICTURE_MARKUP.fullmatch(tag) is not None


def picture_html(picture: Picture) -> str:
    """One packed picture as an ``<img>`` (its media name is a hash: nothing there to escape)."""
    assert picture.media is not None
    width = f' width="{picture.width}"' if picture.width else ""
    alt = f' alt="{escape(" ".join(picture.alt.split()))}"' if picture.alt.strip() else ""
    return f'<img src="{picture.media}"{alt}{width} style="{_IMG_STYLE}">'


#: One layer of :class:`PicturesByLine`: line ranges that do not overlap, sorted, as their first lines,
#: their last lines and the pictures each shows (positions in the document's pictures).
_Layer = tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]


@dataclass(frozen=True, slots=True)
class PicturesByLine:
    """A document's packed pictures, found by the source lines whose cards show them.

    A picture is shown with a range of lines (:attr:`Picture.shown_with`: its paragraph, or its
    section). The ranges are laid out in layers in which none overlap — paragraphs do not overlap one
    another, nor sections, so there are one or two — and a line is looked up by bisection in each:
    a note costs its few lines, not the document's pictures (looking at every picture for every note
    cost pictures × notes)."""

    pictures: tuple[Picture, ...]
    layers: tuple[_Layer, ...]

    def shown_with(self, lines: Iterable[int]) -> tuple[Picture, ...]:
        """The packed pictures the cards from these source lines show, in source order, each once."""
        if not self.layers:  # most notes: no packed picture in their file
            return ()
        found: set[int] = set()
        for line in lines:
            for firsts, lasts, shown in self.layers:
                at = bisect.bisect_right(firsts, line) - 1
                if at >= 0 and line <= lasts[at]:
                    found.update(shown[at])
        pictures: dict[str, Picture] = {}
        for position in sorted(found):
            picture = self.pictures[position]
            assert picture.media is not None
            pictures.setdefault(picture.media, picture)
        return tuple(pictures.values())


def pictures_by_line(document: Document) -> PicturesByLine:
    """:class:`PicturesByLine` of ``document``'s packed pictures (not those left out: missing, remote …)."""
    ranges: dict[tuple[int, int], list[int]] = {}
    for position, picture in enumerate(document.pictures):
        if picture.media is not None:
            ranges.setdefault(picture.shown_with, []).append(position)
    layers: list[tuple[list[int], list[int], list[tuple[int, ...]]]] = []
    for first, last in sorted(ranges, key=lambda range_: (range_[0], -range_[1])):
        # the first layer whose last range ends before this one starts (ranges come sorted by start)
        layer = next((layer for layer in layers if layer[1][-1] < first), None)
        if layer is None:
            layer = ([], [], [])
            layers.append(layer)
        layer[0].append(first)
        layer[1].append(last)
        layer[2].append(tuple(ranges[first, last]))
    return PicturesByLine(document.pictures, tuple((tuple(a), tuple(b), tuple(c)) for a, b, c in layers))


def with_pictures(note: Note, pictures: PicturesByLine, lines: Iterable[int]) -> Note:
    """``note`` with the pictures of its source ``lines`` at the end of its Context field (the back)."""
    shown = pictures.shown_with(lines)
    if not shown:
        return note
    index = note.note_type.fields.index("Context")
    html = "".join(f'<div style="{_BLOCK_STYLE}">{picture_html(picture)}</div>' for picture in shown)
    fields = note.fields[:index] + (note.fields[index] + html,) + note.fields[index + 1 :]
    return replace(note, fields=fields)
