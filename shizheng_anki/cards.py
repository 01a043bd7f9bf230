"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .facts import Document, Enumeration, Event, KeyPhrase
from .markup import cloze, escape
from .notetypes import CLOZE, CLOZE_TYPED, QUESTION, NoteType

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
    #: What the card asks: ``key_phrase`` (a cloze), ``item`` (one enumeration item) or ``count`` (a whole list).
    kind: str = ""

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
    return "_".join(text.replace("::", "：").split())


def deck_name(root: str, document: Document) -> str:
    return f"{root}::{document.title.replace('::', '：')}"


def length_hint(phrase: str) -> str:
    """The blank's hint, ``…4字…``: how many characters to recall, punctuation and spaces not counted."""
    count = sum(1 for char in phrase if not unicodedata.category(char).startswith(("P", "Z", "C")) and not char.isspace())
    return f"…{count}字…"


def _cloze_text(phrase: KeyPhrase, hints: bool) -> str:
    parts = []
    for index, span in enumerate(phrase.sentence_spans):
        if index == phrase.index:
            parts.append(cloze(span.text, hint=length_hint(span.text) if hints else None))
        else:
            parts.append(escape(span.text))
    return "".join(parts)


def _paragraph_html(phrase: KeyPhrase) -> str:
    """The paragraph around the phrase, its sentence marked; empty when it says no more than the sentence."""
    paragraph = phrase.paragraph.strip()
    if paragraph == phrase.sentence.strip():
        return ""
    at = paragraph.find(phrase.sentence)
    if at < 0 or not phrase.sentence:
        return escape(paragraph)
    end = at + len(phrase.sentence)
    return f'{escape(paragraph[:at])}<span class="current">{escape(paragraph[at:end])}</span>{escape(paragraph[end:])}'


def _source(document: Document) -> str:
    """The document title, and its month when the title does not say it (``笔记（2024年12月）``)."""
    if document.month:
        year, month = document.month.split("-")
        if f"{int(month)}月" not in document.title:
            return escape(f"{document.title}（{year}年{int(month)}月）")
    return escape(document.title)


def _phrase_note(
    document: Document, event: Event, phrase: KeyPhrase, deck: str, tags: tuple[str, ...], hints: bool, type_answer: bool
) -> Note:
    fields = (_cloze_text(phrase, hints), escape(event.title), _paragraph_html(phrase), _source(document))
    guid = guid_for(document.title, event.title, "key_phrase", phrase.text)
    return Note(guid, CLOZE_TYPED if type_answer else CLOZE, deck, fields, tags, "key_phrase")


def _list_html(enumeration: Enumeration, current: int | None = None) -> str:
    """The whole list; around ``current`` only its neighbours, the rest shown as ``…``."""
    rows = []
    items = enumeration.items
    if current is not None:
        shown = [item for item in items if abs(item.ordinal - current) <= 1]
        if shown and shown[0] is not items[0]:
            rows.append('<li class="more">…</li>')
        items = tuple(shown)
    for item in items:
        row = f"{escape(item.marker)}{escape(item.text)}"
        rows.append(f'<li class="current">{row}</li>' if item.ordinal == current else f"<li>{row}</li>")
    if current is not None and items and items[-1] is not enumeration.items[-1]:
        rows.append(f'<li class="more">…（共{len(enumeration.items)}项）</li>')
    return "<ul>" + "".join(rows) + "</ul>"


def _stem_html(enumeration: Enumeration) -> str:
    return f'<div class="stem">{escape(enumeration.stem)}</div>' if enumeration.stem else ""


def _enumeration_notes(
    document: Document, event: Event, position: int, enumeration: Enumeration, deck: str, tags: tuple[str, ...]
) -> Iterator[Note]:
    count = len(enumeration.items)
    source = _source(document)
    key = (document.title, event.title, "enumeration", str(position))
    for item in enumeration.items:
        question = f'{_stem_html(enumeration)}<div class="ask">（共{count}项）{escape(item.marker)}什么？</div>'
        fields = (question, escape(item.text), escape(event.title), _list_html(enumeration, item.ordinal), source)
        yield Note(guid_for(*key, "item", str(item.ordinal)), QUESTION, deck, fields, tags, "item")
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", escape(event.title), _list_html(enumeration), source)
    yield Note(guid_for(*key, "count"), QUESTION, deck, fields, tags, "count")


def document_notes(
    document: Document, root: str = DEFAULT_DECK, *, hints: bool = False, type_answer: bool = False
) -> Iterator[Note]:
    """The notes of one document, in source order.

    ``hints`` gives each blank a length hint (``［…4字…］``); ``type_answer`` makes the cloze notes
    type-in cards (the learner types the phrase and Anki compares)."""
    deck = deck_name(root, document)
    base_tags = (ROOT_TAG,) + ((document.month,) if document.month else ())
    for event in document.events:
        tags = base_tags + (tag(event.title),)
        for phrase in event.key_phrases:
            yield _phrase_note(document, event, phrase, deck, tags, hints, type_answer)
        for position, enumeration in enumerate(event.enumerations, 1):
            yield from _enumeration_notes(document, event, position, enumeration, deck, tags)


def build_notes(
    documents: Iterable[Document], *, deck: str | None = None, hints: bool = False, type_answer: bool = False
) -> tuple[Note, ...]:
    """Map facts to notes; facts that would share a GUID are merged when identical, else numbered.

    ``hints`` and ``type_answer`` as for :func:`document_notes`."""
    notes: list[Note] = []
    seen: dict[str, Note] = {}
    for document in documents:
        for note in document_notes(document, deck or DEFAULT_DECK, hints=hints, type_answer=type_answer):
            if note.guid in seen:
                if seen[note.guid].fields == note.fields:
                    continue  # the same fact written twice: one note
                occurrence = 2
                while guid_for(note.guid, str(occurrence)) in seen:
                    occurrence += 1
                note = replace(note, guid=guid_for(note.guid, str(occurrence)))
            seen[note.guid] = note
            notes.append(note)
    return tuple(notes)
