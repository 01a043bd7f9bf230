"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .facts import Document, Enumeration, Event, KeyPhrase
from .markup import cloze, escape, strip_control
from .notetypes import CLOZE, CLOZE_TYPED, QUESTION, NoteType

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
    return "_".join(strip_control(text).replace("::", "：").split())


def deck_name(root: str, document: Document) -> str:
    return strip_control(f"{root}::{document.title.replace('::', '：')}")


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
    key: str,
    document: Document, event: Event, phrase: KeyPhrase, deck: str, tags: tuple[str, ...], hints: bool, type_answer: bool
) -> Note:
    fields = (_cloze_text(phrase, hints), escape(event.cue), _paragraph_html(phrase), _source(document))
    guid = guid_for(key, event.title, "key_phrase", phrase.text)
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
        marker = item.marker if item.marker.endswith(("是", "要", "，", "、", "：", ".", "）", ")")) else f"{item.marker}："
        row = f"{escape(marker)}{escape(item.text)}"
        rows.append(f'<li class="current">{row}</li>' if item.ordinal == current else f"<li>{row}</li>")
    if current is not None and items and items[-1] is not enumeration.items[-1]:
        rows.append(f'<li class="more">…（共{len(enumeration.items)}项）</li>')
    return "<ul>" + "".join(rows) + "</ul>"


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
    source = _source(document)
    base = (key, event.title, "enumeration", str(position))
    for item in enumeration.items:
        question = f'{_stem_html(enumeration)}<div class="ask">（共{count}项）{escape(_asking(item.marker))}什么？</div>'
        fields = (question, escape(item.text), escape(event.cue), _list_html(enumeration, item.ordinal), source)
        yield Note(guid_for(*base, "item", str(item.ordinal)), QUESTION, deck, fields, tags, "item")
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", escape(event.cue), _list_html(enumeration), source)
    yield Note(guid_for(*base, "count"), QUESTION, deck, fields, tags, "count")


def document_notes(
    document: Document,
    root: str = DEFAULT_DECK,
    key: str | None = None,
    *,
    hints: bool = False,
    type_answer: bool = False,
) -> Iterator[Note]:
    """The notes of one document, in source order.

    ``hints`` gives each blank a length hint (``［…4字…］``); ``type_answer`` makes the cloze notes
    type-in cards (the learner types the phrase and Anki compares).
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
            yield _phrase_note(key, document, event, phrase, deck, tags, hints, type_answer)
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


def build_notes(
    documents: Iterable[Document], *, deck: str | None = None, hints: bool = False, type_answer: bool = False
) -> tuple[Note, ...]:
    """Map facts to notes, in source order (document, then position).

    Two facts of one document that would share a GUID (the same phrase marked twice in one event)
    are merged when their notes are identical, else the later one gets ``guid_for(guid, "n")`` for
    its n-th distinct variant: deterministic, and linear in the number of notes. ``hints`` and
    ``type_answer`` as for :func:`document_notes`.
    """
    documents = tuple(documents)
    notes: list[Note] = []
    taken: set[str] = set()
    variants: dict[str, dict[tuple[str, ...], str]] = {}  # base GUID → fields → the GUID given to them
    for document, key in zip(documents, document_keys(documents)):
        for note in document_notes(document, deck or DEFAULT_DECK, key, hints=hints, type_answer=type_answer):
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
