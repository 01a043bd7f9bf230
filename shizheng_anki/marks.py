"""The ways of marking a key phrase — a module of its own so that the CLI can name them (``--marks``)
without importing the parser (mistune, yaml) before it has a file to read."""

from __future__ import annotations

from typing import Literal

MarkKind = Literal["bold", "highlight", "underline", "color"]
#: Every way of marking a key phrase, by name (the CLI's ``--marks``):
#: ``bold`` is ``**…**``, ``__…__``, ``<b>``, ``<strong>``; ``highlight`` is ``==…==``, ``<mark>`` and
#: Obsidian's coloured ``~={red}…=~`` (the Highlightr plugin);
#: ``underline`` is ``<u>``; ``color`` is ``<font color=…>``. Single ``*emphasis*`` never counts.
MARKS: tuple[MarkKind, ...] = ("bold", "highlight", "underline", "color")
