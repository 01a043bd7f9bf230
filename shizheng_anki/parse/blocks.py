"""What the parser hands on: :class:`Block` s of :class:`Line` s of spans, each line numbered as in the
source file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .spans import Span, split_sentences

BlockKind = Literal["heading", "paragraph", "row"]

#: What a line is compared by: letters, digits and CJK characters.
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Line:
    """One source line of a block, as spans."""

    spans: tuple[Span, ...]
    #: 1-based line number in the source.
    number: int
    #: True when the whole line is inline code (a date stamp such as `2025/03/09 by: 某某`).
    code_only: bool = False
    #: Broken markup met on this line and what was done with it (``unclosed ** kept as text``).
    problems: tuple[str, ...] = ()
    #: The line as plain text: its spans joined once here, since every later stage reads it.
    text: str = field(init=False, repr=False, compare=False)

    #: :attr:`sentences`, once made.
    _sentences: tuple[tuple[Span, ...], ...] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "".join(span.text for span in self.spans))

    @property
    def sentences(self) -> tuple[tuple[Span, ...], ...]:
        """The line cut into sentences (:func:`split_sentences`), made once: the phrases and the exam
        facts both read them."""
        if self._sentences is None:
            object.__setattr__(self, "_sentences", tuple(split_sentences(self.spans)))
        assert self._sentences is not None
        return self._sentences

    @property
    def whole_marked(self) -> bool:
        """True when one marked run fills the line (``**新发展理念的内涵和要求：**``): a sub-heading
        or a list stem, not a phrase to hide. Punctuation after it does not count."""
        marked = [span for span in self.spans if span.marked]
        rest = "".join(span.text for span in self.spans if not span.marked)
        return len(marked) == 1 and not _NOT_WORD.sub("", rest)


@dataclass(frozen=True, slots=True)
class ListItem:
    """Where a block sits in a Markdown list: which list, which item, how deep."""

    #: Distinct per list in the document (nested lists get their own).
    list_id: int
    #: 1-based position of the item in its list.
    position: int
    ordered: bool
    #: True for the item's first block (its text); later blocks continue the item.
    first: bool


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, a paragraph (inside block quotes and list items too) or a table row."""

    kind: BlockKind
    lines: tuple[Line, ...]
    #: Heading level (1 for ``#``); 0 for paragraphs.
    level: int = 0
    #: The list item this block belongs to, if any.
    item: ListItem | None = None
    #: For a table row: its cells as (header, spans), in column order.
    cells: tuple[tuple[str, tuple[Span, ...]], ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def number(self) -> int:
        return self.lines[0].number if self.lines else 0
