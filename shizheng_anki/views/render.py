"""Render a note's card as Anki does, for the preview and the dry-run table — without Anki.

Only the template syntax our note types use: ``{{Field}}``, ``{{#Field}}…{{/Field}}``,
``{{^Field}}…{{/Field}}``, ``{{cloze:Field}}``, ``{{type:cloze:Field}}`` and ``{{FrontSide}}``.
The output matches Anki's own ``card.question()`` / ``card.answer()`` HTML (without the leading
``<style>``); ``tests/test_render.py`` checks that against real Anki for every card of the example deck.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..cards import Note

_SECTION = re.compile(r"\{\{([#^])([^{}]+?)\}\}(.*?)\{\{/\2\}\}", re.DOTALL)
_TAG = re.compile(r"\{\{([^{}#^/][^{}]*?)\}\}")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# Anki treats a field holding only whitespace, <br> or <div> tags as empty.
_EMPTY = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """One card's two sides as HTML, the note type's CSS not included."""

    question: str
    answer: str


def _attribute(text: str) -> str:
    """Anki's attribute escaping (Rust ``htmlescape::encode_attribute``): ASCII other than letters and
    digits becomes an entity; everything else stays as it is."""
    named = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    return "".join(
        char if ord(char) >= 128 or char.isalnum() else named.get(char, f"&#x{ord(char):02X};") for char in text
    )


def render_cloze(text: str, ordinal: int, *, answer: bool) -> str:
    """``{{cloze:Field}}``: cloze ``ordinal`` as a blank (or revealed on the answer side), others shown."""

    def one(match: re.Match[str]) -> str:
        number, body, hint = int(match.group(1)), match.group(2), match.group(3)
        if number != ordinal:
            return f'<span class="cloze-inactive" data-ordinal="{number}">{body}</span>'
        if answer:
            return f'<span class="cloze" data-ordinal="{number}">{body}</span>'
        return f'<span class="cloze" data-cloze="{_attribute(body)}" data-ordinal="{number}">[{hint or "..."}]</span>'

    return _CLOZE.sub(one, text)


def render(
    template: str, fields: dict[str, str], *, ordinal: int = 1, answer: bool = False, front_side: str = ""
) -> str:
    """Fill one card template with ``fields`` (HTML, as stored in the note)."""

    def section(match: re.Match[str]) -> str:
        empty = _EMPTY.match(fields.get(match.group(2).strip(), "")) is not None
        shown = empty if match.group(1) == "^" else not empty
        return match.group(3) if shown else ""

    while True:
        template, count = _SECTION.subn(section, template)
        if not count:
            break

    def tag(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name == "FrontSide":
            return front_side
        if name.startswith("type:"):
            return f"[[{name}]]"  # Anki leaves the type-in box to the reviewer
        if name.startswith("cloze:"):
            return render_cloze(fields[name[6:]], ordinal, answer=answer)
        return fields[name]

    return _TAG.sub(tag, template)


def render_card(note: Note, ordinal: int = 1) -> RenderedCard:
    """Card ``ordinal`` of ``note`` (its cloze number, or its template's position), both sides, as
    Anki renders them."""
    fields = dict(zip(note.note_type.fields, note.fields))
    template = note.note_type.templates[0 if note.note_type.is_cloze else ordinal - 1]
    question = render(template.front, fields, ordinal=ordinal)
    return RenderedCard(question, render(template.back, fields, ordinal=ordinal, answer=True, front_side=question))


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</div>|</p>|</li>|<hr[^>]*>")
_STYLE_OR_SCRIPT = re.compile(r"(?is)<(style|script)\b.*?</\1>")
_ANY_TAG = re.compile(r"<[^>]+>")


def html_to_text(card_html: str, *, lines: bool = False) -> str:
    """Card HTML as a person reads it: style and script blocks dropped, tags dropped, entities decoded.
    One line with blocks joined by a space; with ``lines``, a line per block (blank lines dropped)."""
    text = _STYLE_OR_SCRIPT.sub("", card_html)
    text = html.unescape(_ANY_TAG.sub("", _BLOCK_END.sub("\n", text)))
    if lines:
        return re.sub(r"\n\s*\n+", "\n", text).strip()
    return " ".join(text.split())


def text_of(card_html: str) -> str:
    """HTML as one line of plain text (:func:`html_to_text`)."""
    return html_to_text(card_html)


def hidden_phrase(note: Note, ordinal: int = 1) -> str:
    """The HTML cloze ``ordinal`` of a cloze note hides (empty for other notes)."""
    if not note.note_type.is_cloze:
        return ""
    for match in _CLOZE.finditer(note.field("Text")):
        if int(match.group(1)) == ordinal:
            return match.group(2)
    return ""


def question_and_answer(note: Note, ordinal: int = 1) -> tuple[str, str]:
    """What card ``ordinal`` asks and what it wants, as short plain text (for the dry-run table)."""
    if note.note_type.is_cloze:
        return text_of(render_cloze(note.field("Text"), ordinal, answer=False)), text_of(hidden_phrase(note, ordinal))
    return text_of(note.field("Question")), text_of(note.field("Answer"))
