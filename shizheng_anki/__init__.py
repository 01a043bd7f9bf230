"""shizheng-anki: 时政笔记 (Markdown) → Anki decks.

    from shizheng_anki import build_deck
    build_deck(["notes/2024-12.md"]).write("2024-12.apkg")

The names below are imported on first use (PEP 562), so that ``shizheng-anki --help`` does not pay
for the parser and the packager.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .marks import MARKS

if TYPE_CHECKING:
    from .build import build_deck
    from .cards import Note, build_notes
    from .errors import (
        NoNotesError,
        OptionError,
        OutputError,
        PreviousDeckError,
        ShizhengAnkiError,
        SourceError,
    )
    from .extract import Diagnostic, Document, Enumeration, EnumerationItem, Event, KeyPhrase, extract_facts
    from .parse import Span, parse_markdown
    from .read import read_sources
    from .result import BuildResult

__version__ = "0.1.0"  # the one place the version is written: pyproject.toml reads it from here

_MODULES = {
    "BuildResult": "result",
    "build_deck": "build",
    "Note": "cards",
    "build_notes": "cards",
    "NoNotesError": "errors",
    "OptionError": "errors",
    "PreviousDeckError": "errors",
    "OutputError": "errors",
    "ShizhengAnkiError": "errors",
    "SourceError": "errors",
    "extract_facts": "extract",
    "Diagnostic": "extract",
    "Document": "extract",
    "Enumeration": "extract",
    "EnumerationItem": "extract",
    "Event": "extract",
    "KeyPhrase": "extract",
    "Span": "parse",
    "parse_markdown": "parse",
    "read_sources": "read",
}

__all__ = ["MARKS", *sorted(_MODULES)]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
