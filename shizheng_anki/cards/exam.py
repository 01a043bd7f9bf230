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

from collections.abc import Iterable, Iterator

from ..extract.facts import EventExamFacts, ExamFacts, Occurrence, ParallelPhrase, PhraseSource
from ..extract.markers import is_labelled
from ..text import phrase_key, visible_length
from .kinds import kind_tag
from .markup import cloze, escape
from .notes import (
    BREATH,
    DEFAULT_DECK,
    FREQUENT_TAG,
    ROOT_TAG,
    EventNotes,
    Note,
    Words,
    asked_items,
    document_deck,
    document_keys,
    event_notes_of,
    guid_for,
    length_hint,
    sentence_with,
    tag,
    unique_notes,
    without_ordinal,
    words_of,
)
from .notetypes import CLOZE, CLOZE_TYPED, QUESTION
from .pictures import PicturesByLine, pictures_by_line

_QUOTES = "“”‘’「」『』\"'《》"


def _context(text: str, *shown: str) -> str:
    return escape(text) if text.strip() and text.strip() not in shown else ""


def _parallel_note(
    context: EventNotes, parallel: ParallelPhrase, hot: tuple[str, ...], hints: bool = False, type_answer: bool = False
) -> Note:
    phrase = parallel.phrase
    number = 0
    pieces = []
    for index, part in enumerate(parallel.parts):
        if index in parallel.asked:
            number += 1
            # quotation marks around a part stay outside its blank: ``“[...]``
            body = part.strip(_QUOTES)
            if any(quote in body for quote in _QUOTES):
                body = part  # ``基础设施“硬联通”``: its quotation marks belong to it
            start = part.index(body) if body else 0
            blank = cloze(body, number, length_hint(body) if hints else None) if body else escape(part)
            pieces.append(escape(part[:start]) + blank + escape(part[start + len(body) :]) if body else blank)
        else:
            pieces.append(escape(part))
        if index < len(parallel.separators):
            pieces.append(escape(parallel.separators[index]))
    text = sentence_with(phrase, "".join(pieces))
    asked = tuple(parallel.parts[index] for index in parallel.asked)
    fields = (text, context.cue(*asked), _context(phrase.paragraph, phrase.sentence), context.source_html(*asked))
    note_type = CLOZE_TYPED if type_answer else CLOZE
    tags = (*hot, kind_tag("parallel"))
    return context.note("parallel", ("parallel", phrase.text), note_type, fields, tags, (phrase.line,))


def _question(stem: str, ask: str) -> str:
    return (f'<div class="stem">{escape(stem)}</div>' if stem else "") + f'<div class="ask">{escape(ask)}</div>'


def event_notes(
    facts: EventExamFacts,
    key: str,
    root: str,
    frequent: frozenset[str],
    *,
    split: bool = True,
    hints: bool = False,
    type_answer: bool = False,
    words: Words,
    pictures: PicturesByLine,
) -> Iterator[Note]:
    """The exam notes of one event, in a fixed order: parallel phrases, ordinals, dates/numbers, terms.

    ``key`` is the document's identity in GUIDs (:func:`shizheng_anki.cards.document_keys`); ``hints``
    and ``type_answer`` as for the phrase notes. A phrase that is a list item's head is asked by the
    list's cards, not split here."""
    context = event_notes_of(facts.document, key, root, facts.event, words, pictures)
    if split and facts.parallels:
        asked = asked_items(facts.event)
        for parallel in facts.parallels:
            if (parallel.phrase.line, without_ordinal(parallel.phrase.text)) in asked:
                continue
            if visible_length(phrase_key(parallel.phrase.text)) > BREATH:
                continue  # its cloze note already asks it part by part
            hot = phrase_key(parallel.phrase.text) in frequent or any(part in frequent for part in parallel.parts)
            yield _parallel_note(context, parallel, (FREQUENT_TAG,) if hot else (), hints, type_answer)
    for ordinal in facts.ordinals:
        # the event named without its ordinal: the cue masks it, the back shows the whole cue
        masked = context.cue_named(ordinal.masked_title, ordinal.ordinal)
        question = _question("", ordinal.masked_title + ordinal.ask)
        fields = (question, escape(ordinal.ordinal), masked, context.cue(), context.source_html(ordinal.ordinal))
        tags = (kind_tag("ordinal"),)
        yield context.note("ordinal", ("ordinal", ordinal.ordinal), QUESTION, fields, tags, (facts.event.line,))
    for fact in facts.sentence_facts:
        blanked = fact.clause.replace(fact.value, "（　　）", 1)
        context_html = _context(fact.sentence, fact.clause)
        fields = (
            _question(blanked, fact.ask),
            escape(fact.value),
            context.cue(fact.value),
            context_html,
            context.source_html(fact.value),
        )
        yield context.note(fact.kind, (fact.kind, fact.clause), QUESTION, fields, (kind_tag(fact.kind),), (fact.line,))
    for term in facts.terms:
        ask = f"{term.term}是什么的简称？" if term.kind == "abbreviation" else f"什么是{term.term}？"
        context_html = _context(term.sentence, term.definition)
        fields = (_question("", ask), escape(term.definition), context.cue(), context_html, context.source_html())
        yield context.note("term", ("term", term.term), QUESTION, fields, (kind_tag("term"),), (term.line,))


def _months(occurrences: tuple[Occurrence, ...]) -> str:
    return "、".join(dict.fromkeys(o.month for o in occurrences if o.month))


def source_note(source: PhraseSource, decks: dict[str, str], frequent: frozenset[str]) -> Note:
    """One card per phrase: where does it come from? Every event it appears in, marked or not."""
    # the documents and months, but not a document whose title is itself an answer (notes without
    # headings: their one event is named after the document)
    occurrences = source.occurrences
    events = {o.event for o in occurrences}
    documents = "、".join(dict.fromkeys(o.document for o in occurrences if o.document not in events))
    months = _months(occurrences)
    if source.event_count == 1:
        ask = f"「{source.phrase}」是在哪次会议/讲话中提出的？"
    else:
        ask = f"「{source.phrase}」出现在哪些会议/讲话中？（共{source.event_count}处）"
    answer = "<br>".join(escape(o.event) for o in occurrences)
    context = (
        "<ol>"
        + "".join(
            f"<li>{escape(o.event)} · {escape(o.document)} · {'加粗' if o.marked else '未加粗'}</li>"
            for o in occurrences
        )
        + "</ol>"
    )
    first = next((o for o in occurrences if o.marked), occurrences[0])
    tags = (ROOT_TAG,) + tuple(months.split("、") if months else ()) + (kind_tag("source"),)
    tags += tuple(dict.fromkeys(tag(o.event) for o in occurrences))
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
    hints: bool = False,
    type_answer: bool = False,
) -> tuple[Note, ...]:
    """All exam notes of a build. ``taken`` are the GUIDs already used by the other notes; a clash is
    resolved as ``build_notes`` does (:func:`shizheng_anki.cards.unique_notes`). ``hints`` and
    ``type_answer`` make the 并列 cards as the phrase cards."""
    root = deck or DEFAULT_DECK
    frequent = facts.frequent(frequent_at)
    documents = list({id(e.document): e.document for e in facts.events}.values())
    keys = {id(document): key for document, key in zip(documents, document_keys(documents))}
    notes: list[Note] = []
    words = {id(document): words_of(document) for document in documents}
    pictures = {id(document): pictures_by_line(document) for document in documents}
    for event in facts.events:
        document = id(event.document)
        notes.extend(
            event_notes(
                event,
                keys[document],
                root,
                frequent,
                split=split,
                hints=hints,
                type_answer=type_answer,
                words=words[document],
                pictures=pictures[document],
            )
        )
    if source_cards:
        decks = {d.title: document_deck(root, d, keys[id(d)]) for d in reversed(documents)}
        marked = {phrase_key(p.text) for e in facts.events for p in e.event.key_phrases}
        for source in facts.sources:
            # a phrase that names one of its own events would show the answer in the question
            if source.phrase not in marked or is_labelled(source.phrase):
                continue
            if not any(event in source.phrase for _, _, event, _, _ in source.rows):
                notes.append(source_note(source, decks, frequent))
    return unique_notes(notes, taken)
