"""Where each block and line sits in the source file, as mistune's own parsers found it.

mistune 3 keeps no positions in its tokens, but its parsers know them while they work: the block
parser's cursor stands at the start of each block it reads, and a block quote or list item is read in
a child state whose ``src`` keeps one line per source line (the ``>`` or the indent stripped). The
parsers here write down, for each block token, the file line it starts on (:data:`LINE`); for each
paragraph, the file line of each line of its text (:data:`TEXT_LINES`: mistune may add to a paragraph
a line that comes after a block quote it has not placed yet); and for each inline token, how many
source line ends it took up (:data:`NEWLINES`: a soft or hard break, a code span or an HTML tag
written across lines). A line of a paragraph is then the file line of the paragraph's text line after
as many line ends. Nothing here looks at the text to find a line, and the work is linear in the input.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from re import Match
from typing import Any, Literal

import mistune
from mistune import BlockParser, BlockState, InlineParser, InlineState

#: Key of a block token (heading, paragraph, table …): the 1-based file line it starts on.
LINE = "source_line"
#: Key of a paragraph token (and of a setext heading, once a paragraph): the file line of each line of
#: its text, in order.
TEXT_LINES = "source_text_lines"
#: Key of an inline token: the source line ends it took up, its children's not counted.
NEWLINES = "source_newlines"

#: A list item's marker line with nothing after the marker: mistune starts the item's text on the
#: next line.
_MARKER_ONLY = re.compile(r" {0,3}(?:[*+-]|\d{1,9}[.)])[^\S\n]*(?:\n|\Z)")
_CONTAINERS = ("block_quote", "list")


@dataclass(slots=True)
class _Container:
    """A block quote or list being read in a state: where in its ``src`` the next child state starts
    (the quote's first line, or the marker line of the list's next item)."""

    kind: Literal["block_quote", "list"]
    start: int


class SourceLinesState(BlockState):
    """A :class:`mistune.BlockState` that knows which file line its ``src`` starts on."""

    def __init__(self, parent: Any | None = None) -> None:
        super().__init__(parent)
        #: The file line of ``src``'s first line.
        self.first_line = 1
        #: The block quotes and lists being read in this state, innermost last.
        self.containers: list[_Container] = []
        self._line_ends: list[int] | None = None

    def process(self, src: str) -> None:
        super().process(src)
        self._line_ends = None

    def line_at(self, position: int) -> int:
        """The file line of ``src[position]``."""
        if self._line_ends is None:
            self._line_ends = [match.start() for match in re.finditer("\n", self.src)]
        return self.first_line + bisect_left(self._line_ends, position)

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, SourceLinesState)
        child.first_line = self._child_first_line()
        return child

    def _child_first_line(self) -> int:
        """The file line of the child state made now: a block quote's text starts on the quote's first
        line, a list item's on its marker line (or the next, when nothing follows the marker).

        A child made outside both (a footnote's text, read after the document) is given this state's
        first line; the parser hands on nothing from footnotes."""
        if not self.containers:
            return self.first_line
        container = self.containers[-1]
        line = self.line_at(container.start)
        if container.kind == "list":
            if _MARKER_ONLY.match(self.src, container.start):
                line += 1
            # mistune makes an item's child state once it has read the next item's marker line: that
            # line, the one before the cursor, is where the next child starts
            container.start = self.src.rfind("\n", 0, max(self.cursor - 1, 0)) + 1
        return line

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        super().add_paragraph(text)
        paragraph = self.tokens[-1]
        if paragraph is not last:  # a new paragraph, starting at the cursor
            paragraph[LINE] = self.line_at(self.cursor)
            paragraph[TEXT_LINES] = []
        self._number_text_lines(paragraph, text)

    def append_paragraph(self) -> int | None:
        paragraph = self.last_token()
        end = super().append_paragraph()
        if end is not None:
            self._number_text_lines(paragraph, self.src[self.cursor : end])
        return end

    def _number_text_lines(self, paragraph: dict[str, Any], text: str) -> None:
        """Record the file lines of ``text``, just added to ``paragraph`` from the cursor."""
        first = self.line_at(self.cursor)
        count = text.count("\n") + (not text.endswith("\n"))
        paragraph[TEXT_LINES].extend(range(first, first + count))


class SourceLinesBlockParser(BlockParser):
    """mistune's block parser, writing each block token's file line (:data:`LINE`)."""

    state_cls = SourceLinesState

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        assert isinstance(state, SourceLinesState)
        start, count = state.cursor, len(state.tokens)
        kind = m.lastgroup
        assert kind is not None
        container = kind in _CONTAINERS
        if container:
            state.containers.append(_Container("list" if kind == "list" else "block_quote", start))
        try:
            # the rule called as mistune's own parse_method does, not through it: mistune recurses
            # through this method from one block to the next (a quote that a list ends, that a quote
            # ends …), and a frame more here would meet Python's recursion limit sooner
            end = self._methods[kind](m, state)
        finally:
            if container:
                state.containers.pop()
        if len(state.tokens) > count:
            # the rule's tokens (a block quote is put before the list that ended it, so both are new)
            line = state.line_at(start)
            for index in range(count, len(state.tokens)):
                state.tokens[index].setdefault(LINE, line)
        return end


class SourceLinesInlineParser(InlineParser):
    """mistune's inline parser, writing the source line ends each inline token took up (:data:`NEWLINES`).

    Counted in the paragraph's own inline state only (depth 0): tokens parsed in a copy of it (the
    text inside ``==…==``) are counted as part of the token that holds them."""

    def parse_method(self, m: Match[str], state: InlineState) -> int | None:
        end = super().parse_method(m, state)
        if end and state.depth == 0 and state.tokens:
            newlines = state.src.count("\n", m.start(), end)
            if newlines:
                token = state.tokens[-1]
                token[NEWLINES] = token.get(NEWLINES, 0) + newlines
        return end


def source_newlines(token: dict[str, Any]) -> int:
    """The source line ends an inline token took up, with those of its children."""
    return int(token.get(NEWLINES, 0)) + sum(source_newlines(child) for child in token.get("children", ()))


def markdown_with_lines(plugins: list[Any]) -> mistune.Markdown:
    """A mistune parser giving tokens (no renderer) that carry their source lines."""
    return mistune.Markdown(
        renderer=None, block=SourceLinesBlockParser(), inline=SourceLinesInlineParser(), plugins=plugins
    )
