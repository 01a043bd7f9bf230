"""Stage 2, parse: Markdown text → :class:`Block` s (headings, paragraphs, table rows) of numbered
:class:`Line` s of :class:`Span` s, marked or not.

Takes the text of one file (front matter split off by :func:`split_front_matter`) and the marks that
make a key phrase; returns plain frozen data. mistune's token dicts never leave this package.
"""

from .blocks import Block, BlockKind, Line, ListItem
from .front_matter import split_front_matter
from .markdown import parse_markdown, parse_notes
from .pictures import Embed, NoteExtras
from .spans import Span, last_sentence, slice_spans, split_sentences, strip_sentence

__all__ = [
    "Block",
    "BlockKind",
    "Embed",
    "Line",
    "ListItem",
    "NoteExtras",
    "Span",
    "last_sentence",
    "parse_markdown",
    "parse_notes",
    "slice_spans",
    "split_front_matter",
    "split_sentences",
    "strip_sentence",
]
