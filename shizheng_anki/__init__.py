"""shizheng-anki: 时政笔记 (Markdown) → Anki decks.

    from shizheng_anki import build_deck
    build_deck(["notes/2024-12.md"]).write("2024-12.apkg")
"""

from .build import BuildResult, build_deck
from .cards import Note, build_notes
from .errors import NoNotesError, OutputError, ShizhengAnkiError, SourceError
from .extract import extract_facts
from .facts import Diagnostic, Document, Enumeration, EnumerationItem, Event, KeyPhrase, Span
from .parse import MARKS, parse_markdown
from .sources import read_sources

__version__ = "0.1.0"

__all__ = [
    "MARKS",
    "BuildResult",
    "Diagnostic",
    "Document",
    "Enumeration",
    "EnumerationItem",
    "Event",
    "KeyPhrase",
    "NoNotesError",
    "Note",
    "OutputError",
    "ShizhengAnkiError",
    "SourceError",
    "Span",
    "build_deck",
    "build_notes",
    "extract_facts",
    "parse_markdown",
    "read_sources",
]

