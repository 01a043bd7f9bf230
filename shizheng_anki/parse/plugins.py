"""Our mistune customisations, as plain-function plugins (mistune's own style).

CommonMark's emphasis rules decide whether ``**`` may open or close by looking at the characters
around it, and treat a delimiter run between Chinese punctuation and a Chinese character as unable
to open or close: ``和**“小而美”民生项目建设**，`` and ``实施**《能源法》**为契机`` do not come out
bold. That is a known defect of CommonMark for CJK text (the "CJK-friendly emphasis" proposal);
learners write ``**…**`` around whole 提法 whatever the punctuation, so we read a ``**`` pair that
opens and closes on one line as strong emphasis, as every Chinese Markdown editor displays it.
The same holds for ``__…__``; ``__`` followed by white space or another ``_`` is a fill-in blank
(``坚持 __ 工作的方向``, ``____``), never bold.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from re import Match
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mistune import InlineParser, InlineState, Markdown

#: An opening ``**`` or ``__`` followed by something other than white space or another ``*``/``_``.
CJK_STRONG_PATTERN = r"(?:\*\*|__)(?=[^\s*_])"
#: A closing delimiter: one that follows a non-space character.
_CLOSE = {"**": re.compile(r"(?<=\S)\*\*"), "__": re.compile(r"(?<=\S)__")}
_LINE_END = re.compile(r"\n")


def parse_cjk_strong(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    """Close at the first matching ``**`` (``__``) on the same line that follows a non-space character.

    When there is none, hand the ``**`` back to mistune's own delimiter algorithm, so that
    anything CommonMark makes of it (bold across a soft line break, literal asterisks) is kept.
    """
    if state.depth >= inline.max_nested_level:
        return inline.parse_emphasis(m, state)
    src = state.src
    start = m.end()
    closes, line_ends = _positions(state, m.group(0))
    close = closes[bisect_left(closes, start + 1)]
    if close >= line_ends[bisect_left(line_ends, start)]:
        return inline.parse_emphasis(m, state)
    child = state.copy()
    child.src = src[start:close]
    state.append_token({"type": "strong", "children": inline.render(child)})
    return close + 2


def _positions(state: InlineState, delimiter: str) -> tuple[list[int], list[int]]:
    """Where closing ``delimiter`` s (after a non-space) and line ends are in ``state.src``, each list
    ending with ``len(src)``.

    Found once per text, so that a line of thousands of ``**`` is not scanned again for each one."""
    cache = state.env.setdefault("cjk_strong_positions", {})
    key = (state.src, delimiter)
    if key not in cache:
        src, end = state.src, len(state.src)
        closes = [m.start() for m in _CLOSE[delimiter].finditer(src)] + [end]
        line_ends = [m.start() for m in _LINE_END.finditer(src)] + [end]
        cache[key] = (closes, line_ends)
    positions: tuple[list[int], list[int]] = cache[key]
    return positions


def cjk_strong(md: Markdown) -> None:
    """Register ``**…**`` and ``__…__`` on one line as strong, ahead of CommonMark emphasis."""
    md.inline.register("cjk_strong", CJK_STRONG_PATTERN, parse_cjk_strong, before="emphasis", start_chars=("*", "_"))
