"""Stage 4, cards: facts → notes.

Takes the extracted documents and exam facts and returns :class:`Note` s: plain data (GUID, note
type, deck, fields as escaped HTML, tags, kind), in source order. Nothing here imports genanki.
"""

from .exam import exam_notes
from .notes import DEFAULT_DECK, ROOT_TAG, Note, build_notes, guid_for
from .notetypes import CLOZE, CLOZE_TYPED, NOTE_TYPES, QUESTION, CardTemplate, NoteType

__all__ = [
    "CLOZE",
    "CLOZE_TYPED",
    "DEFAULT_DECK",
    "NOTE_TYPES",
    "QUESTION",
    "ROOT_TAG",
    "CardTemplate",
    "Note",
    "NoteType",
    "build_notes",
    "exam_notes",
    "guid_for",
]
