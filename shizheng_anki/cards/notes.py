"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from ..extract.facts import Document, Enumeration, EnumerationItem, Event, KeyPhrase
from ..text import phrase_key, strip_trailing
from .markup import cloze, escape, strip_control
from .notetypes import CLOZE, CLOZE_TYPED, QUESTION, NoteType
from .pictures import with_pictures

_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
_NOT_WORD = re.compile(r"[\W_]+")

DEFAULT_DECK = "时政"
ROOT_TAG = "时政"
#: The tag of notes whose phrase appears under at least ``frequent_at`` events.
FREQUENT_TAG = "高频"
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

    @property
    def card_ordinals(self) -> tuple[int, ...]:
        """The cards Anki makes of this note: one per cloze number, else one per template (1, 2, …)."""
        if self.note_type.is_cloze:
            return tuple(sorted({int(n) for field in self.fields for n in _CLOZE_NUMBER.findall(field)}))
        return tuple(range(1, len(self.note_type.templates) + 1))


_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"


#: Every number below 91² as its two base-91 digits: a GUID is written two digits per division.
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]


def guid_for(*parts: str) -> str:
    """A 64-bit hash of ``parts``, written in base 91 as Anki writes its own GUIDs (no leading zeros)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    pairs = []
    while number:
        number, rest = divmod(number, 8281)  # 91²
        pairs.append(_BASE91_PAIRS[rest])
    return "".join(reversed(pairs)).lstrip(_BASE91[0]) or _BASE91[0]


def tag(text: str) -> str:
    """An Anki tag for ``text``: no spaces (they separate tags), no ``::`` (it makes a hierarchy)."""
    return "_".join(strip_control(text).replace("::", "：").split())


def hierarchy_tag(text: str) -> str:
    """An Obsidian tag (``时政/2024-12``) as an Anki tag keeping its hierarchy (``时政::2024-12``)."""
    return "::".join(tag(part) for part in text.split("/") if tag(part))


def deck_name(root: str, document: Document) -> str:
    return strip_control(f"{root}::{document.title.replace('::', '：')}")


def length_hint(phrase: str) -> str:
    """The blank's hint, ``…4字…``: how many characters to recall, punctuation and spaces not counted."""
    count = sum(
        1 for char in phrase if not unicodedata.category(char).startswith(("P", "Z", "C")) and not char.isspace()
    )
    return f"…{count}字…"


def _hidden(phrase: KeyPhrase) -> str:
    """What the cloze hides: the phrase without its closing punctuation (as :func:`markup.cloze`)."""
    body = strip_trailing(phrase.text)
    return body if body.strip() else phrase.text


def _cloze_text(phrase: KeyPhrase, hints: bool) -> str:
    # the phrase written again elsewhere in its sentence is hidden too (same deletion): a card
    # never shows what it asks
    hidden = _hidden(phrase)
    hint = length_hint(phrase.text) if hints else None
    parts = []
    blank = cloze(hidden, hint=hint)
    for index, span in enumerate(phrase.sentence_spans):
        if index == phrase.index:
            parts.append(cloze(span.text, hint=hint))
        elif hidden in span.text:
            parts.append(blank.join(escape(piece) for piece in span.text.split(hidden)))
        else:
            parts.append(escape(span.text))
    return "".join(parts)


def _masked(text: str, *hidden: str) -> str:
    """A title shown on the front, with what the card asks replaced by ``…``."""
    for each in hidden:
        if each:
            text = text.replace(each, "…")
    return escape(text)


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


def _source_text(document: Document) -> str:
    """The document title, and its month when the title does not say it (``笔记（2024年12月）``)."""
    if document.month:
        year, month = document.month.split("-")
        if f"{int(month)}月" not in document.title:
            return f"{document.title}（{year}年{int(month)}月）"
    return document.title


@dataclass(frozen=True, slots=True)
class EventNotes:
    """What every note of one event shares, made once here so that every kind of note carries the same
    deck, tags, cue and source: the one place a note is made (:meth:`note`)."""

    #: The document's identity in GUIDs (:func:`document_keys`).
    key: str
    event: Event
    deck: str
    #: ``时政``, the month, the front matter's tags, the event.
    tags: tuple[str, ...]
    #: The document title, with its month when the title does not say it.
    source: str
    #: The document, for the pictures a note of these source lines shows.
    document: Document

    def cue(self, *hidden: str) -> str:
        """The event as the card names it (``parent › heading``), as HTML; what the card asks
        (``hidden``) shows as ``…`` where the cue repeats it."""
        return _masked(self.event.cue, *hidden)

    def cue_named(self, title: str, *hidden: str) -> str:
        """:meth:`cue` with the event's heading written as ``title`` (an ordinal card names the event
        without its ordinal)."""
        return _masked(f"{self.event.context} › {title}" if self.event.context else title, *hidden)

    def source_html(self, *hidden: str) -> str:
        return _masked(self.source, *hidden)

    def note(
        self,
        kind: str,
        identity: tuple[str, ...],
        note_type: NoteType,
        fields: tuple[str, ...],
        extra_tags: tuple[str, ...] = (),
        lines: tuple[int, ...] = (),
    ) -> Note:
        """A note of this event: its GUID is the document key, the event and ``identity`` (what the
        note asks, never its wording); it shows on its back the pictures of its source ``lines``."""
        guid = guid_for(self.key, self.event.title, *identity)
        note = Note(guid, note_type, self.deck, fields, self.tags + extra_tags, kind)
        return with_pictures(note, self.document, lines) if lines else note


def event_notes_of(document: Document, key: str, root: str, event: Event) -> EventNotes:
    """The shared parts of the notes of ``event`` in ``document``."""
    tags = (ROOT_TAG,) + ((document.month,) if document.month else ()) + tuple(tag(t) for t in document.tags)
    if document.inline_tags:
        tags = tuple(dict.fromkeys(tags + tuple(hierarchy_tag(t) for t in document.inline_tags)))
    deck = document_deck(root, document, key)
    return EventNotes(key, event, deck, (*tags, tag(event.title)), _source_text(document), document)


def _phrase_note(context: EventNotes, phrase: KeyPhrase, hints: bool, type_answer: bool, hot: tuple[str, ...]) -> Note:
    hidden = _hidden(phrase)
    fields = (_cloze_text(phrase, hints), context.cue(hidden), _paragraph_html(phrase), context.source_html(hidden))
    note_type = CLOZE_TYPED if type_answer else CLOZE
    return context.note("key_phrase", ("key_phrase", phrase.text), note_type, fields, hot, (phrase.line,))


def _list_rows(enumeration: Enumeration) -> list[str]:
    """Each item of the list as escaped HTML (without its ``<li>``), escaped once per list."""
    rows = []
    for item in enumeration.items:
        marker = (
            item.marker if item.marker.endswith(("是", "要", "，", "、", "：", ".", "）", ")")) else f"{item.marker}："
        )
        rows.append(f"{escape(marker)}{escape(item.text)}")
    return rows


def _ordinal(item: EnumerationItem) -> int:
    return item.ordinal


def _list_html(enumeration: Enumeration, current: int | None = None, rows: list[str] | None = None) -> str:
    """The whole list; around ``current`` only its neighbours, the rest shown as ``…``.

    ``rows``: :func:`_list_rows` of the list, made once for all its item cards (else made here).
    The items' ordinals rise (extract starts a new list where one does not), so the neighbours are
    found by bisection: looking at every item for every item card made a list of 20,000 items quadratic."""
    rows = _list_rows(enumeration) if rows is None else rows
    items = enumeration.items
    if current is None:
        return "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"
    shown = range(
        bisect.bisect_left(items, current - 1, key=_ordinal), bisect.bisect_right(items, current + 1, key=_ordinal)
    )
    html = ['<li class="more">…</li>'] if shown and shown[0] != 0 else []
    for index in shown:
        html.append(
            f'<li class="current">{rows[index]}</li>' if items[index].ordinal == current else f"<li>{rows[index]}</li>"
        )
    if shown and shown[-1] != len(items) - 1:
        html.append(f'<li class="more">…（共{len(items)}项）</li>')
    return "<ul>" + "".join(html) + "</ul>"


def _asking(marker: str) -> str:
    """``三是`` asks as it is; ``（三）``, ``第3项``, ``First,`` ask ``…是什么？``."""
    return marker if marker.endswith(("是", "要")) else f"{marker.rstrip('，,:：')}是"


def _stem_html(enumeration: Enumeration, hidden: str = "") -> str:
    """The stem; an item the card asks (``hidden``) shows as ``…`` where the stem repeats it."""
    if not enumeration.stem:
        return ""
    stem = _masked(enumeration.stem, hidden) if hidden else escape(enumeration.stem)
    return f'<div class="stem">{stem}</div>'


def _enumeration_notes(context: EventNotes, identity: str, enumeration: Enumeration) -> Iterator[Note]:
    count = len(enumeration.items)
    source = escape(context.source)
    rows = _list_rows(enumeration)
    for item in enumeration.items:
        # a heading or stem that spells out the list (``和平共处五项原则。尊重主权和领土完整，…``) must
        # not show the item the card asks
        hidden = strip_trailing(item.text.strip())
        question = f'{_stem_html(enumeration, hidden)}<div class="ask">（共{count}项）{escape(_asking(item.marker))}什么？</div>'
        fields = (question, escape(item.text), context.cue(hidden), _list_html(enumeration, item.ordinal, rows), source)
        identity_of_item = ("enumeration", identity, "item", str(item.ordinal))
        yield context.note("item", identity_of_item, QUESTION, fields, lines=(item.line,))
    ask = "分别是什么？" if enumeration.declared_count else "共有几项？分别是什么？"
    stem = _stem_html(enumeration) or '<div class="stem">本事件列举的要点</div>'
    question = f'{stem}<div class="ask">{ask}</div>'
    fields = (question, f"共{count}项", context.cue(), _list_html(enumeration, rows=rows), source)
    # the whole list's card shows the pictures of every item
    lines = tuple(item.line for item in enumeration.items)
    yield context.note("count", ("enumeration", identity, "count"), QUESTION, fields, lines=lines)


def enumeration_keys(event: Event) -> Iterator[str]:
    """Each enumeration's identity within its event: what its stem says (letters and digits only, so
    punctuation fixes do not count), and for a stem used before in the event (or none), how many
    times it was. Not its position: a list added above another leaves the other's notes alone."""
    seen: dict[str, int] = {}
    for enumeration in event.enumerations:
        stem = _NOT_WORD.sub("", enumeration.stem)
        seen[stem] = seen.get(stem, 0) + 1
        yield stem if seen[stem] == 1 else f"{stem}{_SEP}{seen[stem]}"


def document_deck(root: str, document: Document, key: str) -> str:
    """The deck of a document's notes: ``<root>::<title>``; a second file with the same title (its key
    is not its title) gets a subdeck of its own, ``标题（2）``."""
    deck = deck_name(root, document)
    if key != document.title:
        deck += f"（{key.rsplit(_SEP, 1)[-1]}）"
    return deck


def document_notes(
    document: Document,
    root: str = DEFAULT_DECK,
    key: str | None = None,
    frequent: Collection[str] = frozenset(),
    *,
    hints: bool = False,
    type_answer: bool = False,
) -> Iterator[Note]:
    """The notes of one document, in source order.

    ``hints`` gives each blank a length hint (``［…4字…］``); ``type_answer`` makes the cloze notes
    type-in cards (the learner types the phrase and Anki compares).
    ``key`` identifies the document in GUIDs (default: its title); :func:`build_notes` gives a
    second document with the same title a key of its own so that its facts stay its own.
    A phrase in ``frequent`` (as :func:`shizheng_anki.exam.phrase_key` writes it) gets the tag ``高频``.
    """
    key = document.title if key is None else key
    for event in document.events:
        context = event_notes_of(document, key, root, event)
        for phrase in event.key_phrases:
            hot = (FREQUENT_TAG,) if phrase_key(phrase.text) in frequent else ()
            yield _phrase_note(context, phrase, hints, type_answer, hot)
        for identity, enumeration in zip(enumeration_keys(event), event.enumerations):
            yield from _enumeration_notes(context, identity, enumeration)


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


def build_notes(
    documents: Iterable[Document],
    *,
    deck: str | None = None,
    frequent: Collection[str] = frozenset(),
    hints: bool = False,
    type_answer: bool = False,
) -> tuple[Note, ...]:
    """Map facts to notes, in source order (document, then position), with :func:`unique_notes`.

    ``frequent``: phrases whose key-phrase notes get the tag ``高频`` (see :mod:`shizheng_anki.exam`);
    ``hints`` and ``type_answer`` as for :func:`document_notes`.
    """
    documents = tuple(documents)
    root = deck or DEFAULT_DECK
    return unique_notes(
        note
        for document, key in zip(documents, document_keys(documents))
        for note in document_notes(document, root, key, frequent, hints=hints, type_answer=type_answer)
    )
