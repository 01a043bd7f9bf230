"""Stage 3, exam part: exam-grade facts (``exam.py``) → notes.

- a parallel phrase → one cloze note with one deletion per part (``{{c1::和平合作}}、{{c2::开放包容}}…``):
  Anki makes one card per part and shows the other parts on it. The whole phrase stays the key-phrase
  note that ``cards.py`` builds; ``split=False`` makes no parallel notes;
- an ordinal → "“一带一路”建设工作座谈会是第几次？", the event named without its ordinal;
- a date or number → its clause with the value blanked, "哪一年提出？";
- a term → "什么是X？";
- with ``source_cards``: a marked phrase (4+ characters, not a label such as ``考点一：…``) → one
  "where does it come from" card listing every event of the build it appears in; its front names the
  documents and months, never an event.

Identities: ``guid_for(document key, event, kind, key)`` as the other notes (the document key is its
title, ``title␟n`` for the n-th file with a title already used); a 出处 card spans the build and
is ``guid_for("source", phrase)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..extract.facts import EventExamFacts, ExamFacts, ParallelPhrase, PhraseSource
from ..text import phrase_key
from .markup import escape
from .notes import DEFAULT_DECK, ROOT_TAG, Note, document_deck, document_keys, guid_for, tag, unique_notes
from .notetypes import CLOZE, QUESTION
from .pictures import with_pictures

#: The tag of cards whose phrase appears under at least ``frequent_at`` events.
FREQUENT_TAG = "高频"
#: A tag per kind of exam card, to study or suspend one kind at a time.
KIND_TAGS = {"parallel": "并列", "ordinal": "序数", "date": "日期", "number": "数字", "term": "术语", "source": "出处"}


def _context(text: str, *shown: str) -> str:
    return escape(text) if text.strip() and text.strip() not in shown else ""


def _parallel_note(facts: EventExamFacts, key: str, parallel: ParallelPhrase, deck: str, tags: tuple[str, ...]) -> Note:
    phrase = parallel.phrase
    number = 0
    pieces = []
    for index, part in enumerate(parallel.parts):
        if index in parallel.asked:
            number += 1
            pieces.append(f"{{{{c{number}::{escape(part)}}}}}")
        else:
            pieces.append(escape(part))
        if index < len(parallel.separators):
            pieces.append(escape(parallel.separators[index]))
    tail = phrase.text[len(phrase.text.rstrip("。；，、：;,: ")) :]
    text = "".join(
        "".join(pieces) + escape(tail) if index == phrase.index else escape(span.text)
        for index, span in enumerate(phrase.sentence_spans)
    )
    fields = (
        text,
        escape(facts.event.title),
        _context(phrase.paragraph, phrase.sentence),
        escape(facts.document.title),
    )
    guid = guid_for(key, facts.event.title, "parallel", phrase.text)
    return Note(guid, CLOZE, deck, fields, tags + (KIND_TAGS["parallel"],), "parallel")


def _question(stem: str, ask: str) -> str:
    return (f'<div class="stem">{escape(stem)}</div>' if stem else "") + f'<div class="ask">{escape(ask)}</div>'


def event_notes(
    facts: EventExamFacts, key: str, root: str, frequent: frozenset[str], *, split: bool = True
) -> Iterator[Note]:
    """The exam notes of one event, in a fixed order: parallel phrases, ordinals, dates/numbers, terms.

    ``key`` is the document's identity in GUIDs (:func:`shizheng_anki.cards.document_keys`)."""
    document, event = facts.document, facts.event
    deck = document_deck(root, document, key)
    tags = (ROOT_TAG,) + ((document.month,) if document.month else ()) + (tag(event.title),)
    title, source = escape(event.title), escape(document.title)
    if split:
        for parallel in facts.parallels:
            hot = phrase_key(parallel.phrase.text) in frequent or any(part in frequent for part in parallel.parts)
            note = _parallel_note(facts, key, parallel, deck, tags + ((FREQUENT_TAG,) if hot else ()))
            yield with_pictures(note, document, (parallel.phrase.line,))
    for ordinal in facts.ordinals:
        masked = escape(ordinal.masked_title)
        fields = (_question("", ordinal.masked_title + ordinal.ask), escape(ordinal.ordinal), masked, title, source)
        guid = guid_for(key, event.title, "ordinal", ordinal.ordinal)
        note = Note(guid, QUESTION, deck, fields, tags + (KIND_TAGS["ordinal"],), "ordinal")
        yield with_pictures(note, document, (event.line,))
    for fact in facts.sentence_facts:
        blanked = fact.clause.replace(fact.value, "（　　）", 1)
        fields = (_question(blanked, fact.ask), escape(fact.value), title, _context(fact.sentence, fact.clause), source)
        guid = guid_for(key, event.title, fact.kind, fact.clause)
        note = Note(guid, QUESTION, deck, fields, tags + (KIND_TAGS[fact.kind],), fact.kind)
        yield with_pictures(note, document, (fact.line,))
    for term in facts.terms:
        ask = f"{term.term}是什么的简称？" if term.kind == "abbreviation" else f"什么是{term.term}？"
        fields = (_question("", ask), escape(term.definition), title, _context(term.sentence, term.definition), source)
        guid = guid_for(key, event.title, "term", term.term)
        note = Note(guid, QUESTION, deck, fields, tags + (KIND_TAGS["term"],), "term")
        yield with_pictures(note, document, (term.line,))


#: A marked label is no 提法: ``考点一：…``, ``二是鼓足干事创业的精气神``, ``一要提升政治能力``, ``第一，…``
#: get no 出处 card.
_LABEL = re.compile(r"[：:]|^(?:[一二三四五六七八九十]+[是要]|第[一二三四五六七八九十]+|考点|[（(]?\d+[）)、.])")


def _months(source: PhraseSource) -> str:
    return "、".join(dict.fromkeys(o.month for o in source.occurrences if o.month))


def source_note(source: PhraseSource, decks: dict[str, str], frequent: frozenset[str]) -> Note:
    """One card per phrase: where does it come from? Every event it appears in, marked or not."""
    # the documents and months, but not a document whose title is itself an answer (notes without
    # headings: their one event is named after the document)
    events = {o.event for o in source.occurrences}
    documents = "、".join(dict.fromkeys(o.document for o in source.occurrences if o.document not in events))
    months = _months(source)
    if source.event_count == 1:
        ask = f"「{source.phrase}」是在哪次会议/讲话中提出的？"
    else:
        ask = f"「{source.phrase}」出现在哪些会议/讲话中？（共{source.event_count}处）"
    answer = "<br>".join(escape(o.event) for o in source.occurrences)
    context = (
        "<ol>"
        + "".join(
            f"<li>{escape(o.event)} · {escape(o.document)} · {'加粗' if o.marked else '未加粗'}</li>"
            for o in source.occurrences
        )
        + "</ol>"
    )
    first = next((o for o in source.occurrences if o.marked), source.occurrences[0])
    tags = (ROOT_TAG,) + tuple(months.split("、") if months else ()) + (KIND_TAGS["source"],)
    tags += tuple(dict.fromkeys(tag(o.event) for o in source.occurrences))
    if source.phrase in frequent:
        tags += (FREQUENT_TAG,)
    cue = "提法出处" + (f"（{months}）" if months else "")
    fields = (_question("", ask), answer, escape(documents or "时政笔记"), context, escape(cue))
    return Note(guid_for("source", source.phrase), QUESTION, decks[first.document], fields, tags, "source")


def exam_notes(
    facts: ExamFacts,
    *,
    deck: str | None = None,
    split: bool = True,
    source_cards: bool = False,
    frequent_at: int = 3,
    taken: Iterable[str] = (),
) -> tuple[Note, ...]:
    """All exam notes of a build. ``taken`` are the GUIDs already used by the other notes; a clash is
    resolved as ``build_notes`` does (:func:`shizheng_anki.cards.unique_notes`)."""
    root = deck or DEFAULT_DECK
    frequent = facts.frequent(frequent_at)
    documents = list({id(e.document): e.document for e in facts.events}.values())
    keys = {id(document): key for document, key in zip(documents, document_keys(documents))}
    notes: list[Note] = []
    for event in facts.events:
        notes.extend(event_notes(event, keys[id(event.document)], root, frequent, split=split))
    if source_cards:
        decks = {d.title: document_deck(root, d, keys[id(d)]) for d in reversed(documents)}
        marked = {phrase_key(p.text) for e in facts.events for p in e.event.key_phrases}
        for source in facts.sources:
            # a phrase that names one of its own events would show the answer in the question
            if source.phrase not in marked or _LABEL.search(source.phrase):
                continue
            if not any(o.event in source.phrase for o in source.occurrences):
                notes.append(source_note(source, decks, frequent))
    return unique_notes(notes, taken)
