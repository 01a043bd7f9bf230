"""Pictures on the cards: on the back only (in the Context field, which no front shows), scaled to the
card's width.

A note shows the pictures of the source lines it was made from (:attr:`Picture.shown_with`: a picture's
paragraph, or its whole section). The ``<img>`` carries its own style, so the note types' CSS — and with
it every deck built from notes without pictures — stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
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


def pictures_for(document: Document, lines: Iterable[int]) -> tuple[Picture, ...]:
    """The packed pictures the cards from these source lines show, in source order, each once."""
    if not document.pictures:
        return ()
    lines = tuple(lines)
    shown: dict[str, Picture] = {}
    for picture in document.pictures:
        first, last = picture.shown_with
        if picture.media is not None and picture.media not in shown and any(first <= n <= last for n in lines):
            shown[picture.media] = picture
    return tuple(shown.values())


def with_pictures(note: Note, document: Document, lines: Iterable[int]) -> Note:
    """``note`` with the pictures of its source ``lines`` at the end of its Context field (the back)."""
    pictures = pictures_for(document, lines)
    if not pictures:
        return note
    index = note.note_type.fields.index("Context")
    html = "".join(f'<div style="{_BLOCK_STYLE}">{picture_html(picture)}</div>' for picture in pictures)
    fields = note.fields[:index] + (note.fields[index] + html,) + note.fields[index + 1 :]
    return replace(note, fields=fields)
