"""What the rules of :mod:`.events` read and write while they walk one event's blocks.

Like markdown-it's ``StateBlock``: plain data, no behaviour. The rules are functions of it, each in
the module of its kind (:mod:`.lists`, :mod:`.phrases`, :mod:`.events`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Diagnostic, Enumeration, EnumerationItem, KeyPhrase


@dataclass(slots=True)
class OpenList:
    """An enumeration being read: its family (the written shape of its markers), stem and items so far."""

    family: str
    stem: str
    items: list[EnumerationItem] = field(default_factory=list)


@dataclass(slots=True)
class EventState:
    """One event while its blocks are read: what was found, and what the next block may continue."""

    title: str
    line: int
    path: str
    context: str | None = None
    key_phrases: list[KeyPhrase] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Enumerations being read, by family (``是``, ``（一）``, ``list3`` …).
    open: dict[str, OpenList] = field(default_factory=dict)
    #: The last sentence of the last line that is not an item: the stem of a list that starts now.
    stem: str = ""
    #: The last sentence of the line just before, item or not (a nested list's stem is its parent item).
    previous: str = ""
    #: A count declared by a heading or stem line that items have not answered yet: (stem, count).
    pending: tuple[str, int] | None = None


def warn(state: EventState, line: int, message: str) -> None:
    """Report a problem in the notes at ``line`` (``file:line: message``)."""
    state.diagnostics.append(Diagnostic(state.path, line, message))
