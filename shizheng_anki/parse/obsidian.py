"""Obsidian's own syntax (and Typora's lenient picture links), as mistune plugins.

What a vault's notes write besides CommonMark, read as Obsidian shows it:

- callouts ``> [!note] 标题`` / ``> [!important]-`` (folded): the type and the fold sign are dropped;
  the title becomes a line of its own, never marked (a stem or cue, not a phrase to hide); the body
  is read as the quote it is;
- coloured highlights ``~={red}…=~`` (the Highlightr plugin) are highlights, as ``==…==``;
- wikilinks ``[[页面]]``, ``[[页面|别名]]``, ``[[页面#标题]]`` are their text (``页面``, ``别名``,
  ``页面 > 标题``);
- embeds ``![[图.png]]``, ``![[图.png|300]]`` are pictures (``image`` tokens, with their width);
  ``![[另一篇]]`` embeds a note, which is not followed (an ``obsidian_embed`` token);
- inline tags ``#时政/2024-12`` are no text (``obsidian_tag`` tokens);
- comments ``%%…%%`` (inline, or lines between two ``%%``) and block ids ``^abc123`` are dropped;
- ``![图](assets/图 1.png)``: a picture path with spaces, as Typora writes it (CommonMark reads no
  link there and would leave the markup as text).

Every plugin only reads what starts with its own marker, so notes without this syntax parse as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match
from typing import TYPE_CHECKING, Any

from .positions import LINE, TEXT_LINES

if TYPE_CHECKING:
    from mistune import BlockParser, BlockState, InlineParser, InlineState, Markdown

#: File name endings Obsidian shows as pictures when embedded (what they really are is checked later,
#: by their content).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", ".avif")

# -- callouts ----------------------------------------------------------------------------------------

#: The first line of a callout, inside its block quote: ``[!note]- 标题``.
_CALLOUT = re.compile(r"\A[ \t]*\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*([^\n]*)(?:\n|\Z)")


def _split_callouts(tokens: list[dict[str, Any]]) -> None:
    """Block quotes whose first paragraph opens with ``[!type]``: the title to a ``callout_title`` token
    of its own (empty titles dropped), the rest of the paragraph left as the body."""
    for token in tokens:
        children = token.get("children")
        if not isinstance(children, list):
            continue
        if token["type"] == "block_quote" and children and children[0].get("type") == "paragraph":
            first = children[0]
            match = _CALLOUT.match(first.get("text", ""))
            if match:
                title, body = match.group(3).strip(), first["text"][match.end() :]
                # the title keeps the paragraph's first source line, the body the lines after it
                lines = first.get(TEXT_LINES) or [first.get(LINE, 0)]
                used = first["text"].count("\n", 0, match.end())
                replaced = []
                if title:
                    replaced.append({"type": "callout_title", "text": title, LINE: lines[0], TEXT_LINES: lines[:1]})
                if body.strip():
                    rest = lines[used:] or lines[-1:]
                    replaced.append({"type": "paragraph", "text": body, LINE: rest[0], TEXT_LINES: rest})
                children[:1] = replaced
        _split_callouts(children)


#: Inline tokens whose text stays but whose marking goes: a callout title is never a phrase to hide.
_FLATTENED = ("strong", "emphasis", "mark", "strikethrough", "link")


def _unmarked(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        if token["type"] in _FLATTENED:
            yield from _unmarked(token.get("children", []))
        elif token["type"] != "inline_html" or token.get("raw", "").lower().startswith("<img"):
            yield token  # marker tags (<u>, <font color>) go, their text stays; a picture stays a picture


def _callout_titles_as_paragraphs(tokens: list[dict[str, Any]]) -> None:
    for token in tokens:
        if token["type"] == "callout_title":
            token["type"] = "paragraph"
            token["children"] = list(_unmarked(token.get("children", [])))
        elif isinstance(token.get("children"), list):
            _callout_titles_as_paragraphs(token["children"])


def callouts(md: Markdown) -> None:
    """``> [!note]- 标题``: type and fold sign dropped, the title an unmarked line of its own."""

    def before(md: Markdown, state: BlockState) -> None:
        if "[!" in state.src:  # else there is nothing to look for: most notes
            _split_callouts(state.tokens)

    def after(md: Markdown, result: Any, state: BlockState) -> Any:
        if isinstance(result, list) and "[!" in state.src:
            _callout_titles_as_paragraphs(result)
        return result

    md.before_render_hooks.append(before)
    md.after_render_hooks.append(after)


# -- comments ----------------------------------------------------------------------------------------

#: A line that opens a comment and does not close it on the same line.
BLOCK_COMMENT_PATTERN = r"^ {0,3}%%(?![^\n]*%%)[^\n]*$"
INLINE_COMMENT_PATTERN = r"%%"


def parse_block_comment(block: BlockParser, m: Match[str], state: BlockState) -> int:
    """Lines from an opening ``%%`` to the line holding the closing one (or the end of the notes, as
    Obsidian reads an unclosed comment) are dropped."""
    close = state.src.find("%%", m.end())
    if close < 0:
        end = state.cursor_max
    else:
        line_end = state.src.find("\n", close)
        end = state.cursor_max if line_end < 0 else line_end + 1
    state.append_token({"type": "blank_line"})
    return end


def parse_inline_comment(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    """``%%…%%`` inside a paragraph is dropped; an opening ``%%`` that never closes stays text."""
    close = state.delimiters.find("%%", m.end())
    return None if close is None else close + 2


def comments(md: Markdown) -> None:
    """``%%…%%``: Obsidian's comments, inline or over whole lines, are not read."""
    md.block.register("obsidian_comment", BLOCK_COMMENT_PATTERN, parse_block_comment)
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        if "obsidian_comment" not in rules:
            rules.insert(0, "obsidian_comment")
    md.inline.register(
        "obsidian_comment", INLINE_COMMENT_PATTERN, parse_inline_comment, before="codespan", start_chars="%"
    )


# -- wikilinks and embeds ----------------------------------------------------------------------------

WIKILINK_PATTERN = r"!?\[\[(?=[^\[\]\n]*\]\])"
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\]")
_PIPE = re.compile(r"\\?\|")
#: ``300`` or ``300x200``: the size of an embedded picture.
_SIZE = re.compile(r"\s*(\d{1,5})(?:\s*[xX×]\s*(\d{1,5}))?\s*")


def wikilink_text(target: str, alias: str | None) -> str:
    """What Obsidian shows for a link: the alias; else the page, with ``> 标题`` for a heading
    (``[[#标题]]``: the heading alone; a block reference ``#^id`` shows the page only)."""
    if alias is not None and alias.strip():
        return alias.strip()
    page, _, heading = target.partition("#")
    page, heading = page.strip(), heading.strip()
    if heading.startswith("^"):
        heading = ""
    if page and heading:
        return f"{page} > {heading.replace('#', ' > ')}"
    return page or heading.replace("#", " > ")


def is_picture(target: str) -> bool:
    """Whether an embed or link names a picture (by its ending: what it is, its content says later)."""
    return target.split("#", 1)[0].split("?", 1)[0].strip().lower().endswith(PICTURE_SUFFIXES)


def parse_wikilink(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    match = _WIKILINK.match(state.src, m.start())
    if match is None:
        return None
    embed, inner = match.group(1), match.group(2)
    target, pipe, option = _split_pipe(inner)
    raw = match.group(0)
    if not embed:
        state.append_token({"type": "text", "raw": wikilink_text(target, option if pipe else None)})
    elif is_picture(target):
        size = _SIZE.fullmatch(option) if pipe else None
        attrs: dict[str, Any] = {"url": target.strip(), "raw": raw, "embed": True}
        if size:
            attrs["width"] = int(size.group(1))
        alt = option.strip() if pipe and not size else ""
        state.append_token({"type": "image", "attrs": attrs, "children": [{"type": "text", "raw": alt}]})
    else:
        state.append_token({"type": "obsidian_embed", "attrs": {"target": target.strip(), "raw": raw}})
    return match.end()


def _split_pipe(inner: str) -> tuple[str, str, str]:
    """``target|option`` (a ``\\|`` inside a table counts as the pipe): target, the pipe, the option."""
    parts = _PIPE.split(inner, maxsplit=1)
    return (parts[0], "|", parts[1]) if len(parts) == 2 else (parts[0], "", "")


def wikilinks(md: Markdown) -> None:
    """``[[页面|别名]]`` as its text; ``![[图.png|300]]`` as a picture; ``![[另一篇]]`` as an embedded note."""
    md.inline.register("obsidian_wikilink", WIKILINK_PATTERN, parse_wikilink, before="link", start_chars=("!", "["))


# -- Typora's picture paths with spaces -------------------------------------------------------------

#: ``![图](assets/图 1.png)``: a picture path holding a space, which CommonMark does not read as a link.
LENIENT_PICTURE_PATTERN = (
    r"!\[[^\[\]\n]*\]\((?!<)(?=[^()\n\"]*?[ \t][^()\n\"]*?\.(?i:png|jpe?g|gif|webp|bmp|svg|avif)\))"
)
_LENIENT_PICTURE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\n\"]+)\)", re.I)


def parse_lenient_picture(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    match = _LENIENT_PICTURE.match(state.src, m.start())
    if match is None:
        return None
    attrs = {"url": match.group(2).strip(), "raw": match.group(0)}
    state.append_token({"type": "image", "attrs": attrs, "children": [{"type": "text", "raw": match.group(1)}]})
    return match.end()


def lenient_pictures(md: Markdown) -> None:
    """``![图](assets/图 1.png)`` as the picture Typora shows, not as text."""
    md.inline.register(
        "lenient_picture", LENIENT_PICTURE_PATTERN, parse_lenient_picture, before="link", start_chars="!"
    )


# -- coloured highlights ---------------------------------------------------------------------------

#: ``~={red}`` or ``~=``, followed by the highlighted text.
HIGHLIGHTR_PATTERN = r"~=(?:\{[^{}\n]{0,40}\})?(?=[^\s=])"


def parse_highlightr(inline: InlineParser, m: Match[str], state: InlineState) -> int | None:
    """``~={red}坚持稳中求进=~``: a highlight (a ``mark`` token, as ``==…==``)."""
    if state.depth >= inline.max_nested_level:
        return None
    close = state.delimiters.find("=~", m.end())
    if close is None or close == m.end():
        return None
    child = state.copy()
    child.src = state.src[m.end() : close]
    state.append_token({"type": "mark", "children": inline.render(child)})
    return close + 2


def highlightr(md: Markdown) -> None:
    """``~={red}…=~`` (Obsidian's Highlightr plugin): a highlight, like ``==…==``."""
    md.inline.register("highlightr", HIGHLIGHTR_PATTERN, parse_highlightr, before="strikethrough", start_chars="~")


# -- inline tags and block ids ----------------------------------------------------------------------

#: ``#时政/2024-12`` after a space or at the start of a line; letters, digits, ``_ - /``, and at least one
#: letter (``#2024`` is no tag). The white space before it goes with it.
TAG = re.compile(r"(^|[ \t\u3000]+)#((?=[\w/-]*[^\W\d_])[\w/-]+)")
#: ``^abc123`` closing a line: a block id.
_BLOCK_ID = re.compile(r"(?:^|[ \t\u3000]+)\^[A-Za-z0-9-]+[ \t]*$")
_LINE_ENDS = ("softbreak", "linebreak")


def _plain_runs(tokens: list[dict[str, Any]]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of neighbouring text tokens."""
    start = None
    for index, token in enumerate(tokens + [{"type": "end"}]):
        plain = token["type"] == "text"
        if plain and start is None:
            start = index
        elif not plain and start is not None:
            yield start, index
            start = None


def _without_tags(text: str, line_start: bool, line_end: bool) -> list[dict[str, Any]] | None:
    """The run's text as tokens, tags and a closing block id taken out; None when it holds neither.

    ``line_start``: the run opens its line (a tag there needs no space before it)."""
    block_id = _BLOCK_ID.search(text) if line_end else None
    if block_id:
        text = text[: block_id.start()]
    if not block_id and "#" not in text:
        return None
    tokens: list[dict[str, Any]] = []
    position = 0
    for match in TAG.finditer(text):
        if not match.group(1) and not line_start:
            continue  # ``**甲**#乙``: no space before the ``#``
        if match.start() > position:
            tokens.append({"type": "text", "raw": text[position : match.start()]})
        tokens.append({"type": "obsidian_tag", "raw": match.group(2).strip("/")})
        position = match.end()
    if position == 0 and not block_id:
        return None
    if position < len(text):
        tokens.append({"type": "text", "raw": text[position:]})
    return tokens


def _take_tags(tokens: list[dict[str, Any]]) -> None:
    for token in tokens:
        if token["type"] not in ("image", "link") and isinstance(token.get("children"), list):
            _take_tags(token["children"])
    for start, end in reversed(list(_plain_runs(tokens))):
        line_start = start == 0 or tokens[start - 1]["type"] in _LINE_ENDS
        line_end = end == len(tokens) or tokens[end]["type"] in _LINE_ENDS
        replaced = _without_tags("".join(token["raw"] for token in tokens[start:end]), line_start, line_end)
        if replaced is not None:
            tokens[start:end] = replaced


def parse_escaped_hash(inline: InlineParser, m: Match[str], state: InlineState) -> int:
    """``\\#时政``: a ``#`` the learner wrote as text, never a tag (kept as its entity, which the text
    is unescaped from and a tag never starts with)."""
    state.append_token({"type": "text", "raw": "&#35;"})
    return m.end()


def tags(md: Markdown) -> None:
    """``#时政/2024-12`` as an ``obsidian_tag`` token (no text); a block id ``^abc123`` dropped."""
    md.inline.register("escaped_hash", r"\\#", parse_escaped_hash, before="escape", start_chars="\\")

    def after(md: Markdown, result: Any, state: BlockState) -> Any:
        if isinstance(result, list) and may_hold_tags(state.src):
            _take_tags(result)
        return result

    md.after_render_hooks.append(after)


def may_hold_tags(text: str) -> bool:
    """Whether ``text`` may hold an inline tag or a block id (most notes hold neither: they are not
    looked for then)."""
    return bool(_TAG_IN_SOURCE.search(text) or _BLOCK_ID_IN_SOURCE.search(text))


# -- what to look for ----------------------------------------------------------------------------

_TAG_IN_SOURCE = re.compile(r"(?m)(?:^|(?<=\s))#(?=[\w/-]*[^\W\d_])[\w/-]+")
_BLOCK_ID_IN_SOURCE = re.compile(r"(?m)(?:^|(?<=\s))\^[A-Za-z0-9-]+[ \t]*$")


#: Every plugin of this module, in the order they are registered.
OBSIDIAN_PLUGINS = (comments, callouts, wikilinks, lenient_pictures, highlightr, tags)
