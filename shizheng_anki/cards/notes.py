"""Stage 3: facts → notes. One cloze note per key phrase; per enumeration one Q&A note per item
and one asking for the whole list. No genanki here: notes are plain data."""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

from ..extract.dates import FIGURE
from ..extract.document import month_of
from ..extract.facts import Document, Enumeration, EnumerationItem, Event, KeyPhrase
from ..extract.markers import leading_marker
from ..extract.shapes import ItemParts, announces, is_sentence_pieces, item_parts, outside_brackets, split_clauses
from ..extract.terms import is_definition
from ..parse import Span
from ..text import phrase_key, strip_trailing, visible_length
from .markup import cloze, escape, strip_control
from .notetypes import CLOZE, CLOZE_TYPED, QUESTION, NoteType
from .pictures import PicturesByLine, pictures_by_line, with_pictures

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
    #: What the card asks: a name of :data:`~.kinds.KINDS` (``key_phrase``, ``set``, ``next`` …).
    kind: str = ""
    #: The event the note belongs to, as its cue names it (empty for a note of the whole build):
    #: the preview groups by it, whatever the card shows in its Event field.
    event: str = ""

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


def _month_text(document: Document) -> str:
    """``2024年12月``, or empty when the notes name no month."""
    if not document.month:
        return ""
    year, month = document.month.split("-")
    return f"{year}年{int(month)}月"


def _source_text(document: Document) -> str:
    """The document title, and its month when the title does not say it (``笔记（2024年12月）``); a title
    that names its month in any form (``2025-03-08``) is not followed by it again."""
    month = _month_text(document)
    if month and month_of(document.title) is None:
        return f"{document.title}（{month}）"
    return document.title


#: ``今年``, ``去年``, ``明年``, ``前年``: years counted from the notes' own year.
_RELATIVE_YEAR = re.compile("(前年|去年|今年|明年)")
_YEAR_OFFSET = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}


def absolute_dates(html: str, year: int | None) -> str:
    """``今年4月`` in notes of 2024 → ``2024年4月``: a card is reviewed for years after the notes."""
    if year is None or "年" not in html:
        return html
    return _RELATIVE_YEAR.sub(lambda match: f"{year + _YEAR_OFFSET[match.group(1)]}年", html)


@dataclass(frozen=True, slots=True)
class Words:
    """What the cards say in their own voice, in the language of the notes."""

    #: The whole-set card's question.
    whole_set: str
    #: What the cue calls notes that name neither a title nor a month.
    notes: str


CHINESE = Words(whole_set="分别是什么？（共{count}项）", notes="笔记")
ENGLISH = Words(whole_set="Name all {count}.", notes="notes")
_CJK = re.compile(r"[\u3400-\u9fff]")


def words_of(document: Document) -> Words:
    """Chinese questions, unless the notes hold no Chinese at all."""
    texts = [document.title]
    for event in document.events:
        texts.append(event.title)
        texts.extend(phrase.sentence for phrase in event.key_phrases)
        texts.extend(item.text for enumeration in event.enumerations for item in enumeration.items)
    return CHINESE if any(_CJK.search(text) for text in texts) else ENGLISH


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
    #: The document's pictures, by the source lines whose notes show them.
    pictures: PicturesByLine
    #: What the cards say in their own voice.
    words: Words
    #: The notes' year, which ``今年`` means (:func:`absolute_dates`), if known.
    year: int | None

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
        fields = tuple(absolute_dates(field, self.year) for field in fields)
        note = Note(guid, note_type, self.deck, fields, self.tags + extra_tags, kind, self.event.cue)
        return with_pictures(note, self.pictures, lines) if lines else note


def event_notes_of(
    document: Document,
    key: str,
    root: str,
    event: Event,
    words: Words,
    pictures: PicturesByLine,
) -> EventNotes:
    """The shared parts of the notes of ``event`` in ``document`` (``words``: :func:`words_of` the
    document, and ``pictures``: :func:`pictures_by_line` of it, made once for all its events)."""
    tags = (ROOT_TAG,) + ((document.month,) if document.month else ()) + tuple(tag(t) for t in document.tags)
    if document.inline_tags:
        tags = tuple(dict.fromkeys(tags + tuple(hierarchy_tag(t) for t in document.inline_tags)))
    deck = document_deck(root, document, key)
    # notes without a title are named after their file: the cue names them once, with their month
    source = _source_text(document) if event.title != document.title else _month_text(document) or words.notes
    year = int(document.month[:4]) if document.month else None
    return EventNotes(key, event, deck, (*tags, tag(event.title)), source, pictures, words, year)


#: A sentence showing fewer letters than this besides its blank is shown after the one before it.
CONTEXT_MIN = 8
#: A marked word that says only "for the first time", "marks" or what was done (打响了) frames the
#: fact; it is not the fact.
FRAME_ONLY = re.compile(
    r"第[一二三四五六七八九十\d]+次|(?:首次|第一次|最早)提出了?|首次|第一个|第一|标志着?|开始进入|开始|进入|成为|是|为"
    r"|[\u4e00-\u9fff]{1,6}了"
)
#: The author's asides about the exam or memorising (``在分析题当中出题，有这么几个角度``, ``口诀：…``):
#: no fact to ask.
ASIDE = re.compile(
    r"出题|命题角度|考点是|答题|这[一二两三四五六七八九十几]?段话|这句话|背诵|口诀|谐音|巧记|速记|记忆方法|超级重要|重要的内容"
)
_CJK_WORDS = re.compile(r"[\u4e00-\u9fff]{2}")
#: A marked frame around its content: ``在饮水安全方面``, ``关于对外开放``.
_FRAMED = re.compile(r"(?:在|关于|对于|对)(.+?)(?:方面|问题上|上|中)?")
#: A sentence that opens with one of these does not name its subject.
_PRONOUN = re.compile(r"^\s*(?:它|其|这|该|此|他|她)")
_ORDINALS = re.compile(r"\d+|第?[一二三四五六七八九十]+[是要、，]?|[（(][^）)]{1,3}[）)]|[①-⑳]")
#: Where the sentence before a phrase's sentence ends: a full stop, or the end of a line (a table of
#: dates written a line each has no full stop).
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
#: The most of the sentence before that a front shows (its end, after ``…``).
_BEFORE_MAX = 60


def _previous_sentence(phrase: KeyPhrase) -> str:
    """The sentence before the phrase's sentence in its paragraph, else empty."""
    at = phrase.paragraph.find(phrase.sentence) if phrase.sentence else -1
    if at <= 0:
        return ""
    before = [part for part in _SENTENCE_END.split(phrase.paragraph[:at]) if visible_length(part)]
    last = before[-1].strip() if before else ""
    return last if len(last) <= _BEFORE_MAX else _ELLIPSIS + last[-_BEFORE_MAX:]


def _content_of_label(phrase: KeyPhrase) -> KeyPhrase:
    """``**中国革命和建设的基本立足点**：独立自主。``: a marked label that opens its sentence, followed by
    a short content that is no definition, is the frame; the card hides the content instead."""
    spans, index = phrase.sentence_spans, phrase.index
    before, after = spans[:index], spans[index + 1 :]
    if not after or any(span.marked for span in after) or not after[0].text.startswith(("：", ":")):
        return phrase
    if visible_length(_ORDINALS.sub("", "".join(span.text for span in before))):
        return phrase
    rest = "".join(span.text for span in after)
    content = rest[1:].strip()
    if not 2 <= visible_length(content) <= BREATH or is_definition(content):
        return phrase
    label = Span(phrase.text + rest[: len(rest) - len(content)])
    return replace(phrase, text=content, sentence_spans=(*before, label, Span(content, True)), index=len(before) + 1)


def _figure_of(phrase: KeyPhrase) -> KeyPhrase:
    """``**粮食产量1.4万亿斤左右**``: where a marked phrase states one figure, the figure is the fact;
    the card hides it and shows the words around it."""
    figures = list(FIGURE.finditer(phrase.text))
    if len(figures) != 1 or not _CJK_WORDS.search(phrase.text.replace(figures[0].group(0), "")):
        return phrase
    figure = figures[0]
    before, after = phrase.text[: figure.start()], phrase.text[figure.end() :]
    spans = phrase.sentence_spans
    middle = tuple(part for part in (Span(before), Span(figure.group(0), True), Span(after)) if part.text)
    index = phrase.index + (1 if before else 0)
    return replace(
        phrase,
        text=figure.group(0),
        sentence_spans=(*spans[: phrase.index], *middle, *spans[phrase.index + 1 :]),
        index=index,
    )


def _given_away(phrase: KeyPhrase) -> bool:
    """``[在饮水安全方面]，很多贫困人口饮水安全问题没有解决``: a marked frame (在…方面, 关于…) whose
    content stands unmarked in its own sentence: the card would show its answer."""
    match = _FRAMED.fullmatch(phrase_key(phrase.text))
    if match is None or visible_length(match.group(1)) < 2:
        return False
    rest = "".join(span.text for position, span in enumerate(phrase.sentence_spans) if position != phrase.index)
    return match.group(1) in rest


def asked_phrase(phrase: KeyPhrase, title: str) -> KeyPhrase | None:
    """The phrase as its card asks it, or None when no card can.

    A phrase longer than a breath (:data:`BREATH`) is asked by its head, its lead clause, the rest
    shown; a sentence that gives nothing to recall the phrase from (it is the whole sentence) or does
    not name its subject (``它是…``) is shown after the sentence before it, or the heading."""
    if FRAME_ONLY.fullmatch(phrase_key(phrase.text)) or _given_away(phrase) or ASIDE.search(phrase.sentence):
        return None
    phrase = _figure_of(_content_of_label(phrase))
    spans, index = phrase.sentence_spans, phrase.index
    hidden = _hidden(phrase)
    if visible_length(hidden) > BREATH:
        if clause_split(hidden) is not None:
            return phrase  # asked clause by clause (:func:`_clauses_text`)
        head = split_clauses(hidden, maxsplit=1)[0]
        if not 2 <= visible_length(head) <= BREATH:
            return None
        rest = phrase.text[len(head) :]
        spans = (*spans[:index], Span(head, True), Span(rest), *spans[index + 1 :])
        phrase = replace(phrase, text=head, sentence_spans=spans)
    others = visible_length(_ORDINALS.sub("", "".join(s.text for i, s in enumerate(spans) if i != index)))
    if others < CONTEXT_MIN or _PRONOUN.match(phrase.sentence):
        # the sentence before; the heading only when nothing at all is around the blank (the cue
        # names the heading anyway)
        before = _previous_sentence(phrase) or (f"{title}：" if others < 2 else "")
        if before:
            phrase = replace(phrase, sentence_spans=(Span(before), *spans), index=index + 1)
    return phrase


def clause_split(text: str) -> tuple[list[str], list[str]] | None:
    """A long phrase cut into clauses a learner says in a breath, at the strongest separator that
    gives such clauses (``；`` before ``，`` before ``、``): (clauses, separators), else None."""
    body = strip_trailing(text)
    for separators in ("；;", "，,", "、"):
        if not any(separator in body for separator in separators):
            continue
        pieces = re.split(f"([{separators}])", body)
        clauses = pieces[0::2]
        if all(2 <= visible_length(clause) <= BREATH for clause in clauses):
            return clauses, pieces[1::2]
    return _split_in_two(body)


#: Where a long clause without punctuation divides into what it says of what (``…主要矛盾已经转化为|…``).
_HINGES = ("转化为", "成为", "是", "为", "和", "与", "并")


def _split_in_two(body: str) -> tuple[list[str], list[str]] | None:
    """A long clause cut at its first hinge word outside brackets, both sides said in a breath."""
    if visible_length(body) > 2 * BREATH + max(map(len, _HINGES)):
        return None  # no cut leaves both sides in a breath (and trying each hinge costs its length)
    outside = outside_brackets(body)
    for hinge in _HINGES:
        start = body.find(hinge)
        while start >= 0:
            left, right = body[:start], body[start + len(hinge) :]
            if all(outside[start : start + len(hinge)]) and all(
                4 <= visible_length(p) <= BREATH for p in (left, right)
            ):
                return [left, right], [hinge]
            start = body.find(hinge, start + 1)
    return None


def _clauses_text(phrase: KeyPhrase, hints: bool) -> str:
    """The sentence with a long phrase's clauses each a cloze of its own (c1, c2 …): Anki makes one
    card per clause, the others shown."""
    split = clause_split(phrase.text)
    assert split is not None
    clauses, separators = split
    pieces = []
    for number, clause in enumerate(clauses, 1):
        pieces.append(cloze(clause, number, length_hint(clause) if hints else None))
        if number <= len(separators):
            pieces.append(escape(separators[number - 1]))
    return sentence_with(phrase, "".join(pieces))


def sentence_with(phrase: KeyPhrase, html: str) -> str:
    """The phrase's sentence as HTML with the phrase written as ``html`` (its clauses or parts as
    blanks), the punctuation that closes the phrase kept after it."""
    tail = escape(phrase.text[len(strip_trailing(phrase.text)) :])
    return "".join(
        html + tail if index == phrase.index else escape(span.text) for index, span in enumerate(phrase.sentence_spans)
    )


def _phrase_note(
    context: EventNotes, original: KeyPhrase, hints: bool, type_answer: bool, hot: tuple[str, ...]
) -> Note | None:
    phrase = asked_phrase(original, context.event.title)
    if phrase is None:
        return None
    hidden = _hidden(phrase)
    text = _clauses_text(phrase, hints) if visible_length(hidden) > BREATH else _cloze_text(phrase, hints)
    fields = (text, context.cue(hidden), _paragraph_html(phrase), context.source_html(hidden))
    note_type = CLOZE_TYPED if type_answer else CLOZE
    return context.note("key_phrase", ("key_phrase", original.text), note_type, fields, hot, (phrase.line,))


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


def _short_stem(stem: str) -> str:
    """A long stem shows its last words, which introduce the list."""
    text = stem.strip()
    return _ELLIPSIS + text[len(text) - STEM_LIMIT :] if len(text) > STEM_LIMIT else text


def _stem_html(enumeration: Enumeration, hidden: str = "") -> str:
    """The stem; an item the card asks (``hidden``) shows as ``…`` where the stem repeats it."""
    if not enumeration.stem:
        return ""
    text = _short_stem(enumeration.stem)
    stem = _masked(text, hidden) if hidden else escape(text)
    return f'<div class="stem">{stem}</div>'


#: The longest answer a learner can say in a breath (visible characters): a longer blank hides only
#: its head, a longer item head gets no card.
BREATH = 40
#: A set is recited whole (a whole-set card, one blank per item) only up to this many items ...
SET_MAX = 7
#: ... each at most this long (visible characters).
SHORT_ITEM = 16
#: A stem longer than this shows only its last characters.
STEM_LIMIT = 60
_ELLIPSIS = "…"
_SYNTHETIC_MARKER = re.compile(r"第\d+项")


def _written_marker(item: EnumerationItem) -> str:
    """The item's ordinal as the notes write it (``六是``, ``（2）``); empty for a bare list item."""
    if _SYNTHETIC_MARKER.fullmatch(item.marker):
        return ""
    marker = item.marker
    if marker.endswith((",", ":", ";")):
        return f"{marker} "  # ``First, …``
    return marker if marker.endswith(("是", "要", "，", "、", "：", ".", "）", ")")) else f"{marker}："


def _is_short_set(enumeration: Enumeration, parts: list[ItemParts]) -> bool:
    """A named set of short items (``四个全面``, ``7个聚焦``): each item a phrase said in one go."""
    return len(parts) <= SET_MAX and all(
        not part.label and part.head == strip_trailing(part.text) and visible_length(part.head) <= SHORT_ITEM
        for part in parts
    )


def _set_notes(
    context: EventNotes, identity: str, enumeration: Enumeration, parts: list[ItemParts], hints: bool
) -> Iterator[Note]:
    """A named set: one cloze note with one deletion per item (Anki makes one card per item, the
    others shown), and a card asking for the whole set."""
    stem = enumeration.stem or context.event.title
    heads = [part.head for part in parts]
    blanks = "、".join(
        cloze(head, number, length_hint(head) if hints else None) for number, head in enumerate(heads, 1)
    )
    text = f'<div class="stem">{_masked(stem, *heads)}</div>{blanks}'
    fields = (text, context.cue(*heads), "", context.source_html(*heads))
    lines = tuple(item.line for item in enumeration.items)  # the pictures of every item
    yield context.note("set", ("enumeration", identity, "set"), CLOZE, fields, lines=lines)
    yield _whole_set_note(context, identity, stem, heads, "", lines)


def _whole_set_note(
    context: EventNotes, identity: str, stem: str, heads: list[str], context_html: str, lines: tuple[int, ...]
) -> Note:
    """The card asking for a whole set (7 items or fewer, each short): its items, in order."""
    ask = context.words.whole_set.format(count=len(heads))
    question = f'<div class="stem">{_masked(_short_stem(stem), *heads)}</div><div class="ask">{escape(ask)}</div>'
    answer = "、".join(escape(head) for head in heads)
    fields = (question, answer, context.cue(*heads), context_html, context.source_html(*heads))
    return context.note("whole_set", ("enumeration", identity, "whole_set"), QUESTION, fields, lines=lines)


def _pieces_notes(context: EventNotes, identity: str, enumeration: Enumeration, hints: bool) -> Iterator[Note]:
    """A sentence cut into numbered pieces (``1. 坚持稳中求进工作总基调，2. 立足新发展阶段，…``) is one
    sentence: each piece a learner can say in a breath is asked in it, between its neighbours."""
    texts = [item.text.strip() for item in enumeration.items]
    stem = _stem_html(enumeration) if enumeration.stem != context.event.title else ""
    for index, text in enumerate(texts):
        if not 2 <= visible_length(strip_trailing(text)) <= BREATH:
            continue
        before = (_ELLIPSIS if index > 1 else "") + (escape(texts[index - 1]) if index else "")
        after = (
            escape(texts[index + 1]) + (_ELLIPSIS if index + 2 < len(texts) else "") if index + 1 < len(texts) else ""
        )
        body = f"{before}{cloze(text, 1, length_hint(text) if hints else None)}{after}"
        fields = (stem + body, context.cue(strip_trailing(text)), "", context.source_html(strip_trailing(text)))
        identity_of_piece = ("enumeration", identity, "pieces", phrase_key(text))
        yield context.note("pieces", identity_of_piece, CLOZE, fields, lines=(enumeration.items[index].line,))


def _label_note(
    context: EventNotes,
    identity: str,
    enumeration: Enumeration,
    item: EnumerationItem,
    part: ItemParts,
    rows: list[str],
) -> Note | None:
    """``近代中国开眼看世界的第一人：林则徐`` → "近代中国开眼看世界的第一人：［…］" → 林则徐: asked by its label."""
    if visible_length(part.head) > BREATH or not visible_length(part.head):
        return None
    stem = _stem_html(enumeration, part.head) if enumeration.stem != context.event.title else ""
    question = f'{stem}<div class="ask">{escape(_written_marker(item))}{escape(part.label)}：［…］</div>'
    context_html = _list_html(enumeration, item.ordinal, rows)
    fields = (question, escape(part.head), context.cue(part.head), context_html, context.source_html(part.head))
    return context.note("label", ("enumeration", identity, "label", part.label), QUESTION, fields, lines=(item.line,))


def _sequence_note(
    context: EventNotes, identity: str, enumeration: Enumeration, index: int, parts: list[ItemParts], rows: list[str]
) -> Note | None:
    """An item of a long or ordered list, asked by its head with its neighbour as the cue: the item
    before it (the one after it, for the first)."""
    item, part = enumeration.items[index], parts[index]
    if visible_length(part.head) > BREATH or not visible_length(part.head):
        return None
    neighbour = index - 1 if index else index + 1
    other = parts[neighbour].label or parts[neighbour].head
    shown = f"<div>{escape(_written_marker(enumeration.items[neighbour]))}{escape(other)}</div>"
    asked = f'<div class="ask">{escape(_written_marker(item))}［…］</div>'
    rows_html = shown + asked if index else asked + shown
    question = f"{_stem_html(enumeration, part.head)}{rows_html}"
    fields = (
        question,
        escape(part.head),
        context.cue(part.head),
        _list_html(enumeration, item.ordinal, rows),
        context.source_html(part.head),
    )
    return context.note("next", ("enumeration", identity, "next", part.head), QUESTION, fields, lines=(item.line,))


def _enumeration_notes(
    context: EventNotes, identity: str, enumeration: Enumeration, parts: list[ItemParts], hints: bool = False
) -> Iterator[Note]:
    """A named set of short items as a set; a list item with a label asked by its label; any other
    item of a list by its head, with its neighbour. Things that are no list: only their labels.
    ``parts``: :func:`distinct_parts` of the enumeration."""
    if _says_nothing(enumeration.stem, context.event):
        enumeration = replace(enumeration, stem="")
    if enumeration.is_list and _is_short_set(enumeration, parts):
        yield from _set_notes(context, identity, enumeration, parts, hints)
        return
    if not enumeration.is_list and is_sentence_pieces([item.text for item in enumeration.items]):
        yield from _pieces_notes(context, identity, enumeration, hints)
        return
    rows = _list_rows(enumeration)
    for index, (item, part) in enumerate(zip(enumeration.items, parts)):
        if part.label:
            note = _label_note(context, identity, enumeration, item, part, rows)
        elif enumeration.is_list:
            note = _sequence_note(context, identity, enumeration, index, parts, rows)
        else:
            note = None
        if note is not None:
            yield note
    heads = [part.head for part in parts]
    if (
        enumeration.is_list
        and (len(parts) >= 3 or announces(enumeration.stem))
        and len(parts) <= SET_MAX
        and not any(part.label for part in parts)
        and all(0 < visible_length(head) <= SHORT_ITEM for head in heads)
    ):
        # a short list of sentence items: its heads are recited as a set too (two items only when the
        # stem announces them: two lines under a title are no set to name)
        stem = enumeration.stem or context.event.title
        lines = tuple(item.line for item in enumeration.items)
        yield _whole_set_note(context, identity, stem, heads, _list_html(enumeration, rows=rows), lines)


#: A page reference or file name is never shown as what a list is about.
_PAGE_REFERENCE = re.compile(r"对应《|(?<![A-Za-z])[Pp]\d{1,4}(?!\d)|第\d+页|第\d+题")


def _says_nothing(stem: str, event: Event) -> bool:
    """A stem that only repeats the heading the cue shows, or is a page reference (``（对应《必背20题》
    第5题 命题2）``), says nothing on the front."""
    text = stem.strip()
    return text in (event.title, event.cue) or _PAGE_REFERENCE.search(text) is not None


def distinct_parts(enumeration: Enumeration) -> list[ItemParts]:
    """Each item's parts; items whose heads are the same (they open with the same clause) are told
    apart by their next clause."""
    parts = [item_parts(item.spans) for item in enumeration.items]
    heads = Counter(part.head for part in parts)
    return [
        item_parts(item.spans, skip=1) if heads[part.head] > 1 and not part.label else part
        for item, part in zip(enumeration.items, parts)
    ]


def without_ordinal(text: str) -> str:
    """A phrase as a list item's head compares: ``三要提升实践能力`` is item 三's ``提升实践能力``."""
    key = phrase_key(text)
    marker = leading_marker(key)  # the rule that took the item's own marker off
    return (key[marker.end :] if marker else key).strip()


def asked_items(event: Event, parts: Iterable[list[ItemParts]] | None = None) -> set[tuple[int, str]]:
    """(line, text) of what the list cards of ``event`` ask: a marked phrase that is an item's head
    or the whole item is asked there, once, and gets no cloze or 并列 note of its own. ``parts``:
    :func:`distinct_parts` of each enumeration, when made already."""
    asked: set[tuple[int, str]] = set()
    if parts is None:
        parts = map(distinct_parts, event.enumerations)
    for enumeration, enumeration_parts in zip(event.enumerations, parts):
        for item, part in zip(enumeration.items, enumeration_parts):
            if enumeration.is_list or part.label:
                asked.add((item.line, part.head))
                asked.add((item.line, phrase_key(item.text)))
    return asked


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
    words, pictures = words_of(document), pictures_by_line(document)
    for event in document.events:
        context = event_notes_of(document, key, root, event, words, pictures)
        parts = [distinct_parts(enumeration) for enumeration in event.enumerations]  # once, for both uses
        asked = asked_items(event, parts)
        for phrase in event.key_phrases:
            if (phrase.line, without_ordinal(phrase.text)) in asked:
                continue
            hot = (FREQUENT_TAG,) if phrase_key(phrase.text) in frequent else ()
            note = _phrase_note(context, phrase, hints, type_answer, hot)
            if note is not None:
                yield note
        for identity, enumeration, enumeration_parts in zip(enumeration_keys(event), event.enumerations, parts):
            yield from _enumeration_notes(context, identity, enumeration, enumeration_parts, hints)


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
