"""The errors a user can cause and fix. The CLI prints each as one line; nothing else is caught."""

from __future__ import annotations


class ShizhengAnkiError(Exception):
    """Base class: the message names the file (and line) and says what to do."""


class SourceError(ShizhengAnkiError):
    """A notes file or folder cannot be read: missing, empty, binary, not text."""


class NoNotesError(ShizhengAnkiError):
    """The notes hold nothing to learn: no key phrase, no enumeration."""


class OutputError(ShizhengAnkiError):
    """The deck cannot be written where it was asked to go."""
