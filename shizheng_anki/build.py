"""``build_deck()``: the four stages composed — read, parse and extract, build notes, package."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .cards import Note, build_notes
from .errors import NoNotesError, OutputError
from .extract import extract_facts
from .facts import Document
from .sources import TEXT, Source, read_sources


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made: the facts per document and the notes, ready to write."""

    documents: tuple[Document, ...]
    notes: tuple[Note, ...]

    @property
    def card_count(self) -> int:
        return len(self.notes)  # every note type of ours has exactly one card per note

    def summary(self, output: str | os.PathLike[str] | None = None) -> str:
        """One line: documents, events, key phrases, enumeration items → notes, cards, output."""
        events = [event for document in self.documents for event in document.events]
        phrases = sum(len(event.key_phrases) for event in events)
        items = sum(len(e.items) for event in events for e in event.enumerations)
        line = (
            f"{len(self.documents)} document{'s' * (len(self.documents) != 1)}, {len(events)} events, "
            f"{phrases} key phrases, {items} enumeration items → {len(self.notes)} notes, {self.card_count} cards"
        )
        return f"{line} → {output}" if output is not None else line

    def to_json(self) -> dict[str, Any]:
        """The extraction and the notes as JSON-ready data (the CLI's ``--json``)."""
        return {"documents": [_document_json(d) for d in self.documents], "notes": [_note_json(n) for n in self.notes]}

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the ``.apkg``; an existing file is replaced only once the new one is complete."""
        from .package import write_package  # genanki is imported only when a deck is written

        target = Path(path)
        if target.parent.exists() and not target.parent.is_dir():
            raise OutputError(f"{target}: {target.parent} is a file, not a folder; choose another output path")
        if not target.parent.is_dir():
            raise OutputError(f"{target}: folder {target.parent} does not exist; create it first")
        if any(target.resolve() == Path(d.path).resolve() for d in self.documents if d.path != TEXT):
            raise OutputError(f"{target}: is one of the notes files; give the deck a name ending in .apkg")
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; give a file name such as {target / 'notes.apkg'}")
        if not os.access(target.parent, os.W_OK):
            raise OutputError(f"{target}: folder {target.parent} is not writable; choose another output path")
        try:
            return write_package(self.notes, target)
        except OSError as error:
            raise OutputError(f"{target}: cannot be written ({error.strerror or error})") from None


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "title": document.title,
        "month": document.month,
        "metadata": document.metadata,
        "events": [
            {
                "title": event.title,
                "line": event.line,
                "key_phrases": [{"text": p.text, "sentence": p.sentence, "line": p.line} for p in event.key_phrases],
                "enumerations": [
                    {
                        "stem": e.stem,
                        "declared_count": e.declared_count,
                        "line": e.line,
                        "items": [{"ordinal": i.ordinal, "marker": i.marker, "text": i.text, "line": i.line} for i in e.items],
                    }
                    for e in event.enumerations
                ],
            }
            for event in document.events
        ],
    }


def _note_json(note: Note) -> dict[str, Any]:
    return {
        "guid": note.guid,
        "note_type": note.note_type.name,
        "deck": note.deck,
        "tags": list(note.tags),
        "fields": dict(zip(note.note_type.fields, note.fields)),
    }


def build_deck(sources: Source | Iterable[Source], *, deck: str | None = None) -> BuildResult:
    """Build notes from Markdown files, folders of them, or Markdown text.

    ``deck`` is the root deck (default ``时政``); each document becomes ``<root>::<title>``.
    Raises :class:`~shizheng_anki.errors.ShizhengAnkiError` subclasses for bad input.
    """
    texts = read_sources(sources)
    documents = tuple(extract_facts(source.text, source.path) for source in texts)
    notes = build_notes(documents, deck=deck)
    if not notes:
        names = ", ".join(source.path for source in texts)
        raise NoNotesError(f"{names}: no key phrases (**…**) or enumerations (一是……二是……) found; nothing to build")
    return BuildResult(documents, notes)
