"""How items join enumerations: a list opens at its first item, goes on while the ordinals count up,
and is kept when it has two items or more (checked against the count its stem declares)."""

from __future__ import annotations

from ..parse import Span
from .facts import Enumeration, EnumerationItem
from .markers import declared_count
from .shapes import is_a_list
from .state import EventState, OpenList, warn


def close_list(state: EventState, family: str) -> None:
    """End the list of ``family``: kept when it has 2+ items, as a list to recite only when it is one
    (:func:`~.shapes.is_a_list`); a declared count a list misses is a warning."""
    current = state.open.pop(family, None)
    if current is None or len(current.items) < 2:
        return
    count = declared_count(current.stem)
    first = current.items[0].line
    listed = is_a_list(family, current.stem, [item.text for item in current.items])
    state.enumerations.append(Enumeration(current.stem, count, tuple(current.items), first, listed))
    if listed and count is not None and count != len(current.items):
        warn(state, first, f"stem declares {count} items but {len(current.items)} follow: {current.stem[:40]}")


def close_lists(state: EventState) -> None:
    """End every list still open (the event is over)."""
    for family in list(state.open):
        close_list(state, family)


def add_item(
    state: EventState, family: str, ordinal: int, marker: str, spans: tuple[Span, ...], line: int, stem: str
) -> None:
    """Item ``ordinal`` of a ``family`` list: continues the open list, or closes it and opens another.

    ``ordinal`` 0 (``最后``, ``然后``) is the next one of a run already open. A list starts at 1 (``一是``
    lists keep their old leniency); an item with no letter in it is no item."""
    current = state.open.get(family)
    if ordinal == 0:
        if current is None or not current.items:
            return
        ordinal = current.items[-1].ordinal + 1
    if current is not None and current.items and ordinal <= current.items[-1].ordinal:
        close_list(state, family)
        current = None
    if current is None:
        if ordinal != 1 and family != "是":
            return
        current = state.open[family] = OpenList(family, stem)
    if any(char.isalnum() for span in spans for char in span.text):
        current.items.append(EnumerationItem(ordinal, marker, spans, line))
    state.pending = None
