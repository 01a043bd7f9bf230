"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .facts import Document, Enumeration, Event, KeyPhrase
from .markup import cloze, escape
from .notetypes import CLOZE, QUESTION, NoteType

DEFAULT_DECK = "时政"
ROOT_TAG = "时政"
_SEP = "\x1f"  # between a repeated document title and its occurrence number, in document keys


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
    return "_".join(text.replace("::", "：").split())


def deck_name(root: str, document: Document) -> str:
    return f"{root}::{document.title.replace('::', '：')}"


def _cloze_text(phrase: KeyPhrase) -> str:
    parts = []
    for index, span in enumerate(phrase.sentence_spans):
        parts.append(cloze(span.text) if index == phrase.index else escape(span.text))
    return "".join(parts)


def _phrase_note(key: str, document: Document, event: Event, phrase: KeyPhrase, deck: str, tags: tuple[str, ...]) -> Note:
    # the paragraph adds context on the back only where it says more than the sentence
    context = escape(phrase.paragraph) if phrase.paragraph.strip() != phrase.sentence else ""
    fields = (_cloze_text(phrase), escape(event.cue), context, escape(document.title))
    guid = guid_for(key, event.title, "key_phrase", phrase.text)
    return Note(guid, CLOZE, deck, fields, tags)


def _list_html(enumeration: Enumeration, current: int | None = None) -> str:
    rows = []
    for item in enumeration.items:
        marker = item.marker if item.marker.endswith(("是", "要", "，", "、", "：", ".", "）", ")")) else f"{item.marker}："
        row = f"{escape(marker)}{escape(item.text)}"
        rows.append(f'<li class="current">{row}</li>' if item.ordinal == current else f"<li>{row}</li>")
    return "<ol>" + "".join(rows) + "</ol>"


def _asking(marker: str) -> str:
    """``三是`` asks as it is; ``（三）``, ``第3项``, ``First,`` ask ``…是什么？``."""
    return marker if marker.endswith(("是", "要")) else f"{marker.rstrip('，,:：')}是"


def _stem_html(enumeration: Enumeration) -> str:
    return f'<div class="stem">{escape(enumeration.stem)}</div>' if enumeration.stem else ""


def _enumeration_notes(
    key: str,
    document: Document, event: Event, position: int, enumeration: Enumeration, deck: str, tags: tuple[str, ...]
) -> Iterator[Note]:
    count = len(enumeration.items)
    base = (key, event.title, "enumeration", str(position))
    for item in enumeration.items:
        question = f'{_stem_html(enumeration)}<div class="ask">（共{count}项）{escape(_asking(item.marker))}什么？</div>'
        fields = (question, escape(item.text), escape(event.cue), _list_html(enumeration, item.ordinal), escape(document.title))
        yield Note(guid_for(*base, "item", str(item.ordinal)), QUESTION, deck, fields, tags)
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", escape(event.cue), _list_html(enumeration), escape(document.title))
    yield Note(guid_for(*base, "count"), QUESTION, deck, fields, tags)


def document_notes(document: Document, root: str = DEFAULT_DECK, key: str | None = None) -> Iterator[Note]:
    """The notes of one document, in source order.

    ``key`` identifies the document in GUIDs (default: its title); :func:`build_notes` gives a
    second document with the same title a key of its own so that its facts stay its own.
    """
    key = document.title if key is None else key
    deck = deck_name(root, document)
    if key != document.title:  # a second file with this title: a subdeck of its own, 标题（2）
        deck += f"（{key.rsplit(_SEP, 1)[-1]}）"
    base_tags = (ROOT_TAG,) + ((document.month,) if document.month else ()) + tuple(tag(t) for t in document.tags)
    for event in document.events:
        tags = base_tags + (tag(event.title),)
        for phrase in event.key_phrases:
            yield _phrase_note(key, document, event, phrase, deck, tags)
        for position, enumeration in enumerate(event.enumerations, 1):
            yield from _enumeration_notes(key, document, event, position, enumeration, deck, tags)


def document_keys(documents: Iterable[Document]) -> Iterator[str]:
    """Each document's identity in GUIDs: its title; the n-th document (n ≥ 2, in input order) with a
    title already used gets ``title␟n``, so the same fact in two files stays two facts."""
    counts: dict[str, int] = {}
    for document in documents:
        counts[document.title] = counts.get(document.title, 0) + 1
        occurrence = counts[document.title]
        yield document.title if occurrence == 1 else f"{document.title}{_SEP}{occurrence}"


def build_notes(documents: Iterable[Document], *, deck: str | None = None) -> tuple[Note, ...]:
    """Map facts to notes, in source order (document, then position).

    Two facts of one document that would share a GUID (the same phrase marked twice in one event)
    are merged when their notes are identical, else the later one gets ``guid_for(guid, "n")`` for
    its n-th distinct variant: deterministic, and linear in the number of notes.
    """
    documents = tuple(documents)
    notes: list[Note] = []
    taken: set[str] = set()
    variants: dict[str, dict[tuple[str, ...], str]] = {}  # base GUID → fields → the GUID given to them
    for document, key in zip(documents, document_keys(documents)):
        for note in document_notes(document, deck or DEFAULT_DECK, key):
            seen = variants.setdefault(note.guid, {})
            if note.fields in seen:
                continue  # the same fact written twice: one note
            guid, occurrence = note.guid, len(seen) + 1
            while guid in taken:  # a variant, or (never seen yet) a 64-bit collision with another fact
                guid = guid_for(note.guid, str(occurrence))
                occurrence += 1
            seen[note.fields] = guid
            taken.add(guid)
            notes.append(replace(note, guid=guid) if guid != note.guid else note)
    return tuple(notes)
