"""Stage 1, read: paths (files, folders of ``.md`` files) or Markdown text → :class:`SourceText` s.

Takes what the user named and an optional encoding; returns each document's text with its line ends
normalised, and what there is to say about how it was decoded. Bad input is a :class:`SourceError`.
"""

from .files import TEXT, Source, SourceText, normalize, read_sources

__all__ = ["TEXT", "Source", "SourceText", "normalize", "read_sources"]
