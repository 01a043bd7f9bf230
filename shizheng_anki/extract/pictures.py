"""Pictures, embedded notes and inline tags: what a document holds besides its facts.

- :func:`attach_extras` (part of extraction, so kept in the parse cache): each picture gets the source
  lines whose cards show it — its paragraph when that holds a key phrase or an enumeration item, else
  its section; an embedded note (``![[另一篇]]``) is reported as not followed; inline tags are kept.
- :func:`resolve_pictures` (every build, since pictures change on their own): each picture is found
  and read (:mod:`shizheng_anki.read.pictures`) and named by its content; what cannot be is said —
  a missing or refused picture as ``file:line``, remote pictures once per file, pictures too large
  for the limits once per build — and the build goes on without it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..parse import Block, NoteExtras
from ..read import TEXT, SourceText
from ..read.pictures import (
    DECK_LIMIT,
    PICTURE_LIMIT,
    NotesFolder,
    PictureFile,
    PictureRefused,
    PictureTooLarge,
    is_remote,
    read_picture,
)
from ..text import counted
from .facts import Diagnostic, Document, Picture

#: How many of the pictures left out for their size the notice names.
_NAMED = 5


def _fact_lines(document: Document) -> list[int]:
    lines = {phrase.line for event in document.events for phrase in event.key_phrases}
    lines |= {item.line for event in document.events for e in event.enumerations for item in e.items}
    return sorted(lines)


def _section(headings: Sequence[int], line: int) -> tuple[int, int]:
    """The lines from the heading above ``line`` (else the top) to the line before the next heading."""
    above = bisect_right(headings, line)
    first = headings[above - 1] if above else 1
    last = headings[above] - 1 if above < len(headings) else 1 << 30
    return first, last


def attach_extras(document: Document, blocks: Iterable[Block], extras: NoteExtras) -> Document:
    """``document`` with its pictures (and the lines whose cards show each), its inline tags, and a
    diagnostic for each embedded note, which is not followed."""
    if not extras.embeds and not extras.tags:
        return document
    facts = _fact_lines(document)
    headings = sorted(block.number for block in blocks if block.kind == "heading")
    pictures: list[Picture] = []
    diagnostics = list(document.diagnostics)
    for embed in extras.embeds:
        if embed.kind == "note":
            diagnostics.append(
                Diagnostic(
                    document.path,
                    embed.line,
                    f"![[{embed.target}]] embeds another note (or file): not followed, its text is not in the"
                    " deck; build from that note too, or copy its text here",
                )
            )
            continue
        first, last = embed.paragraph
        at = bisect_left(facts, first)
        has_facts = embed.with_text and at < len(facts) and facts[at] <= last
        shown_with = embed.paragraph if has_facts else _section(headings, embed.line)
        pictures.append(Picture(embed.target, embed.line, shown_with, embed.width, embed.alt))
    return replace(
        document,
        pictures=tuple(pictures),
        inline_tags=extras.tags,
        diagnostics=tuple(sorted(diagnostics, key=lambda d: d.line)),
    )


@dataclass
class ResolvedPictures:
    """What :func:`resolve_pictures` made: the documents with their pictures' media names, the media
    files (name → bytes, in the order first shown) and what there is to tell the user."""

    documents: tuple[Document, ...]
    media: dict[str, bytes] = field(default_factory=dict)
    notices: tuple[str, ...] = ()


def _refused(document: Document, picture: Picture, reason: str) -> Diagnostic:
    return Diagnostic(document.path, picture.line, f"picture {picture.target}: {reason}; left out")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def resolve_pictures(
    documents: Sequence[Document],
    sources: Sequence[SourceText],
    *,
    picture_limit: int = PICTURE_LIMIT,
    deck_limit: int = DECK_LIMIT,
) -> ResolvedPictures:
    """Find and read every document's pictures (``sources``: what each document was read from, for its
    folder). A picture is packed once however often it is shown; at most ``picture_limit`` bytes a
    picture and ``deck_limit`` bytes for them all, in the order the notes show them."""
    media: dict[str, bytes] = {}
    total = 0
    folders: dict[str, NotesFolder] = {}
    files: dict[str, PictureFile | PictureRefused] = {}
    too_large: list[str] = []
    notices: list[str] = []
    resolved: list[Document] = []
    for document, source in zip(documents, sources):
        if not document.pictures:
            resolved.append(document)
            continue
        remote: list[str] = []
        pictures: list[Picture] = []
        diagnostics = list(document.diagnostics)
        for picture in document.pictures:
            picture = replace(picture, media=None)
            pictures.append(picture)
            if is_remote(picture.target):
                remote.append(picture.target)
                continue
            if source.folder is None or source.path == TEXT:
                diagnostics.append(_refused(document, picture, "notes given as text have no folder to find it in"))
                continue
            folder = folders.get(source.folder) or folders.setdefault(source.folder, NotesFolder(source.folder))
            try:
                path = folder.find(picture.target, Path(source.path))
            except PictureRefused as error:
                diagnostics.append(_refused(document, picture, str(error)))
                continue
            if path not in files:
                try:
                    files[path] = read_picture(path, picture_limit)
                except PictureRefused as error:
                    files[path] = error
            found = files[path]
            if isinstance(found, PictureTooLarge):
                too_large.append(f"{document.path}:{picture.line} {picture.target} ({found})")
                continue
            if isinstance(found, PictureRefused):
                diagnostics.append(_refused(document, picture, str(found)))
                continue
            if found.name not in media:
                if total + len(found.data) > deck_limit:
                    too_large.append(
                        f"{document.path}:{picture.line} {picture.target} (over the deck's {_megabytes(deck_limit)})"
                    )
                    continue
                media[found.name] = found.data
                total += len(found.data)
            pictures[-1] = replace(picture, media=found.name)
        if remote:
            shown = ", ".join(dict.fromkeys(remote[:3])) + (" …" if len(remote) > 3 else "")
            notices.append(
                f"{document.path}: {counted(len(remote), 'remote picture')} not packed ({shown}):"
                " a card never loads from the internet; save the picture beside the notes to have it on the cards"
            )
        resolved.append(
            replace(document, pictures=tuple(pictures), diagnostics=tuple(sorted(diagnostics, key=lambda d: d.line)))
        )
    if too_large:
        named = "; ".join(too_large[:_NAMED]) + (
            f"; and {len(too_large) - _NAMED} more" if len(too_large) > _NAMED else ""
        )
        notices.append(
            f"{counted(len(too_large), 'picture')} left out for their size (at most"
            f" {_megabytes(picture_limit)} a picture, {_megabytes(deck_limit)} a deck): {named}"
        )
    return ResolvedPictures(tuple(resolved), media, tuple(notices))
