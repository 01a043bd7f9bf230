"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Collection, Iterable, Iterator

from .exam import phrase_key
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


def _hidden(phrase: KeyPhrase) -> str:
    """What the cloze hides: the phrase without its closing punctuation (as :func:`markup.cloze`)."""
    body = phrase.text.rstrip("。！？；，、!?;,. ")
    return body if body.strip() else phrase.text


def _cloze_text(phrase: KeyPhrase) -> str:
    # the phrase written again elsewhere in its sentence is hidden too (same deletion): a card
    # never shows what it asks
    hidden = _hidden(phrase)
    parts = []
    for index, span in enumerate(phrase.sentence_spans):
        if index == phrase.index:
            parts.append(cloze(span.text))
        else:
            parts.append(cloze(hidden).join(escape(piece) for piece in span.text.split(hidden)))
    return "".join(parts)


def _masked(text: str, hidden: str) -> str:
    """A title shown on the front, with the phrase the card asks replaced by ``…``."""
    return escape(text.replace(hidden, "…"))


def _phrase_note(key: str, document: Document, event: Event, phrase: KeyPhrase, deck: str, tags: tuple[str, ...]) -> Note:
    # the paragraph adds context on the back only where it says more than the sentence
    context = escape(phrase.paragraph) if phrase.paragraph.strip() != phrase.sentence else ""
    hidden = _hidden(phrase)
    fields = (_cloze_text(phrase), _masked(event.title, hidden), context, _masked(document.title, hidden))
    guid = guid_for(key, event.title, "key_phrase", phrase.text)
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
    key: str,
    document: Document, event: Event, position: int, enumeration: Enumeration, deck: str, tags: tuple[str, ...]
) -> Iterator[Note]:
    count = len(enumeration.items)
    base = (key, event.title, "enumeration", str(position))
    for item in enumeration.items:
        question = f'{_stem_html(enumeration)}<div class="ask">（共{count}项）{escape(item.marker)}什么？</div>'
        fields = (question, escape(item.text), escape(event.title), _list_html(enumeration, item.ordinal), escape(document.title))
        yield Note(guid_for(*base, "item", str(item.ordinal)), QUESTION, deck, fields, tags)
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", escape(event.title), _list_html(enumeration), escape(document.title))
    yield Note(guid_for(*base, "count"), QUESTION, deck, fields, tags)


def document_deck(root: str, document: Document, key: str) -> str:
    """The deck of a document's notes: ``<root>::<title>``; a second file with the same title (its key
    is not its title) gets a subdeck of its own, ``标题（2）``."""
    deck = deck_name(root, document)
    if key != document.title:
        deck += f"（{key.rsplit(_SEP, 1)[-1]}）"
    return deck


def document_notes(
    document: Document, root: str = DEFAULT_DECK, key: str | None = None, frequent: Collection[str] = frozenset()
) -> Iterator[Note]:
    """The notes of one document, in source order.

    ``key`` identifies the document in GUIDs (default: its title); :func:`build_notes` gives a
    second document with the same title a key of its own so that its facts stay its own.
    A phrase in ``frequent`` (as :func:`shizheng_anki.exam.phrase_key` writes it) gets the tag ``高频``.
    """
    key = document.title if key is None else key
    deck = document_deck(root, document, key)
    base_tags = (ROOT_TAG,) + ((document.month,) if document.month else ())
    for event in document.events:
        tags = base_tags + (tag(event.title),)
        for phrase in event.key_phrases:
            hot = ("高频",) if phrase_key(phrase.text) in frequent else ()
            yield _phrase_note(key, document, event, phrase, deck, tags + hot)
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


def unique_notes(notes: Iterable[Note], taken: Iterable[str] = ()) -> tuple[Note, ...]:
    """Notes that would share a GUID (the same phrase marked twice in one event) are merged when
    identical, else the later one gets ``guid_for(guid, "n")`` for its n-th distinct variant;
    ``taken`` are GUIDs already given to other notes. Deterministic, and linear in the number of notes."""
    kept: list[Note] = []
    used: set[str] = set(taken)
    variants: dict[str, dict[tuple[str, ...], str]] = {}  # base GUID → fields → the GUID given to them
    for note in notes:
        seen = variants.setdefault(note.guid, {})
        if note.fields in seen:
            continue  # the same fact written twice: one note
        guid, occurrence = note.guid, len(seen) + 1
        while guid in used:  # a variant, or (never seen yet) a 64-bit collision with another fact
            guid = guid_for(note.guid, str(occurrence))
            occurrence += 1
        seen[note.fields] = guid
        used.add(guid)
        kept.append(replace(note, guid=guid) if guid != note.guid else note)
    return tuple(kept)


def build_notes(documents: Iterable[Document], *, deck: str | None = None, frequent: Collection[str] = frozenset()) -> tuple[Note, ...]:
    """Map facts to notes, in source order (document, then position), with :func:`unique_notes`.

    ``frequent``: phrases whose key-phrase notes get the tag ``高频`` (see :mod:`shizheng_anki.exam`).
    """
    documents = tuple(documents)
    root = deck or DEFAULT_DECK
    return unique_notes(
        note
        for document, key in zip(documents, document_keys(documents))
        for note in document_notes(document, root, key, frequent)
    )
