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

from typing import TYPE_CHECKING, Match, Optional

if TYPE_CHECKING:
    from mistune import InlineParser, InlineState, Markdown

#: An opening ``**`` or ``__`` followed by something other than white space or another ``*``/``_``.
CJK_STRONG_PATTERN = r"(?:\*\*|__)(?=[^\s*_])"


def parse_cjk_strong(inline: "InlineParser", m: Match[str], state: "InlineState") -> Optional[int]:
    """Close at the first matching ``**`` (``__``) on the same line that follows a non-space character.

    When there is none, hand the ``**`` back to mistune's own delimiter algorithm, so that
    anything CommonMark makes of it (bold across a soft line break, literal asterisks) is kept.
    """
    src = state.src
    start = m.end()
    line_end = src.find("\n", start)
    if line_end < 0:
        line_end = len(src)
    delimiter = m.group(0)
    close = src.find(delimiter, start + 1, line_end)
    while close >= 0 and src[close - 1].isspace():
        close = src.find(delimiter, close + 1, line_end)
    if close < 0 or state.depth >= inline.max_nested_level:
        return inline.parse_emphasis(m, state)
    child = state.copy()
    child.src = src[start:close]
    state.append_token({"type": "strong", "children": inline.render(child)})
    return close + 2


def cjk_strong(md: "Markdown") -> None:
    """Register ``**…**`` and ``__…__`` on one line as strong, ahead of CommonMark emphasis."""
    md.inline.register("cjk_strong", CJK_STRONG_PATTERN, parse_cjk_strong, before="emphasis", start_chars=("*", "_"))
