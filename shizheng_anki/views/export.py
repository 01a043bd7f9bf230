"""``--json``: the extraction and the notes as JSON-ready data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..cards import Note
from ..extract import Document


def build_json(documents: Iterable[Document], notes: Iterable[Note]) -> dict[str, Any]:
    """Every document's facts and every note, as lists and dicts of plain values."""
    return {"documents": [document_json(d) for d in documents], "notes": [note_json(n) for n in notes]}


def document_json(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "title": document.title,
        "month": document.month,
        "metadata": document.metadata,
        "events": [
            {
                "title": event.title,
                "context": event.context,
                "line": event.line,
                "key_phrases": [{"text": p.text, "sentence": p.sentence, "line": p.line} for p in event.key_phrases],
                "enumerations": [
                    {
                        "stem": e.stem,
                        "declared_count": e.declared_count,
                        "line": e.line,
                        "items": [
                            {"ordinal": i.ordinal, "marker": i.marker, "text": i.text, "line": i.line} for i in e.items
                        ],
                    }
                    for e in event.enumerations
                ],
            }
            for event in document.events
        ],
    }


def note_json(note: Note) -> dict[str, Any]:
    return {
        "guid": note.guid,
        "note_type": note.note_type.name,
        "deck": note.deck,
        "tags": list(note.tags),
        "fields": dict(zip(note.note_type.fields, note.fields)),
    }
