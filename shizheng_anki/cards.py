"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Iterator

from .facts import Document, Enumeration, Event, KeyPhrase
from .markup import cloze, escape, strip_control
from .notetypes import CLOZE, QUESTION, NoteType

DEFAULT_DECK = "时政"
ROOT_TAG = "时政"


@dataclass(frozen=True, slots=True)
class Note:
    """One Anki note, ready to package."""

    #: Stable identity: a hash of what the fact is (document, event, kind, phrase or item).
    guid: str
    note_type: NoteType
    #: Full deck name, ``时政::2024年12月时政``.
    deck: str
    #: Field values, in ``note_type.fields`` order, as HTML.
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    def field(self, name: str) -> str:
        return self.fields[self.note_type.fields.index(name)]


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def guid_for(*parts: str) -> str:
    """A 64-bit hash of ``parts``, written in base 91 as Anki writes its own GUIDs."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    while number:
        number, rest = divmod(number, len(_BASE91))
        chars.append(_BASE91[rest])
    return "".join(reversed(chars)) or _BASE91[0]


def tag(text: str) -> str:
    """An Anki tag for ``text``: no spaces (they separate tags), no ``::`` (it makes a hierarchy)."""
    return "_".join(strip_control(text).replace("::", "：").split())


def deck_name(root: str, document: Document) -> str:
    return strip_control(f"{root}::{document.title.replace('::', '：')}")


def _cloze_text(phrase: KeyPhrase) -> str:
    parts = []
    for index, span in enumerate(phrase.sentence_spans):
        parts.append(cloze(span.text) if index == phrase.index else escape(span.text))
    return "".join(parts)


def _phrase_note(document: Document, event: Event, phrase: KeyPhrase, deck: str, tags: tuple[str, ...]) -> Note:
    # the paragraph adds context on the back only where it says more than the sentence
    context = escape(phrase.paragraph) if phrase.paragraph.strip() != phrase.sentence else ""
    fields = (_cloze_text(phrase), escape(event.title), context, escape(document.title))
    guid = guid_for(document.title, event.title, "key_phrase", phrase.text)
    return Note(guid, CLOZE, deck, fields, tags)


def _list_html(enumeration: Enumeration, current: int | None = None) -> str:
    rows = []
    for item in enumeration.items:
        row = f"{escape(item.marker)}{escape(item.text)}"
        rows.append(f'<li class="current">{row}</li>' if item.ordinal == current else f"<li>{row}</li>")
    return "<ol>" + "".join(rows) + "</ol>"


def _stem_html(enumeration: Enumeration) -> str:
    return f'<div class="stem">{escape(enumeration.stem)}</div>' if enumeration.stem else ""


def _enumeration_notes(
    document: Document, event: Event, position: int, enumeration: Enumeration, deck: str, tags: tuple[str, ...]
) -> Iterator[Note]:
    count = len(enumeration.items)
    key = (document.title, event.title, "enumeration", str(position))
    for item in enumeration.items:
        question = f'{_stem_html(enumeration)}<div class="ask">（共{count}项）{escape(item.marker)}什么？</div>'
        fields = (question, escape(item.text), escape(event.title), _list_html(enumeration, item.ordinal), escape(document.title))
        yield Note(guid_for(*key, "item", str(item.ordinal)), QUESTION, deck, fields, tags)
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", escape(event.title), _list_html(enumeration), escape(document.title))
    yield Note(guid_for(*key, "count"), QUESTION, deck, fields, tags)


def document_notes(document: Document, root: str = DEFAULT_DECK) -> Iterator[Note]:
    """The notes of one document, in source order."""
    deck = deck_name(root, document)
    base_tags = (ROOT_TAG,) + ((document.month,) if document.month else ())
    for event in document.events:
        tags = base_tags + (tag(event.title),)
        for phrase in event.key_phrases:
            yield _phrase_note(document, event, phrase, deck, tags)
        for position, enumeration in enumerate(event.enumerations, 1):
            yield from _enumeration_notes(document, event, position, enumeration, deck, tags)


def build_notes(documents: Iterable[Document], *, deck: str | None = None) -> tuple[Note, ...]:
    """Map facts to notes; facts that would share a GUID are merged when identical, else numbered."""
    notes: list[Note] = []
    seen: dict[str, Note] = {}
    # the last occurrence number given per GUID, so that a phrase marked 1,000 times costs no 1,000² hashes
    occurrences: dict[str, int] = {}
    for document in documents:
        for note in document_notes(document, deck or DEFAULT_DECK):
            if note.guid in seen:
                if seen[note.guid].fields == note.fields:
                    continue  # the same fact written twice: one note
                occurrence = occurrences.get(note.guid, 1) + 1
                while guid_for(note.guid, str(occurrence)) in seen:
                    occurrence += 1
                occurrences[note.guid] = occurrence
                note = Note(guid_for(note.guid, str(occurrence)), note.note_type, note.deck, note.fields, note.tags)
            seen[note.guid] = note
            notes.append(note)
    return tuple(notes)
