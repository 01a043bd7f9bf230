"""Every error a user can cause and fix, in one place. The CLI prints each as one line (its message
names the file, and the line where there is one); nothing else is caught.

- :class:`SourceError`: a notes file or folder cannot be read;
- :class:`NoNotesError`: the notes hold nothing to learn;
- :class:`OutputError`: the deck (or preview) cannot be written where it was asked to go;
- :class:`PreviousDeckError`: last week's deck cannot be read;
- :class:`OptionError`: an option or setting is wrong (``marks``, ``frequent_at``, ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

__all__ = ["NoNotesError", "OptionError", "OutputError", "PreviousDeckError", "ShizhengAnkiError", "SourceError"]


class ShizhengAnkiError(Exception):
    """Base class: the message names the file (and line) and says what to do."""


class SourceError(ShizhengAnkiError):
    """A notes file or folder cannot be read: missing, empty, binary, not text."""


class NoNotesError(ShizhengAnkiError):
    """The notes hold nothing to learn: no key phrase, no enumeration."""


class OutputError(ShizhengAnkiError):
    """The deck cannot be written where it was asked to go."""


class PreviousDeckError(ShizhengAnkiError):
    """The previous deck cannot be read."""


class OptionError(ShizhengAnkiError, ValueError):
    """An option or setting has a value the tool cannot use (also a ``ValueError``, as a bad argument is)."""
