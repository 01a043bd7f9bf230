"""Exam-grade facts: what 时政 questions ask beyond the marked phrases.

Reads the extracted :class:`~shizheng_anki.facts.Document` s and the Markdown they came from (every
sentence of an event, marked or not) and derives, each by one small rule:

- **parallel phrases** — a marked phrase made of 2+ short parallel parts (:mod:`.parallel`);
- **ordinals** of an event, from its title (:mod:`.ordinals`);
- **dates** tied to a verb (``2013年提出``, ``3月5日…开幕``), and with ``numbers=True`` unmarked
  figures with a unit (``1.3万亿元``, ``5%左右``) (:mod:`.dates`);
- **terms** and their definitions (:mod:`.terms`);
- **where each phrase appears**: every event of the build whose text holds it, marked or not
  (:mod:`.recurrence`) — the frequency report and the 出处 cards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..parse import Block, Span
from ..text import phrase_key
from .dates import sentence_facts
from .facts import Document, EventExamFacts, ExamFacts, SentenceFact, Term
from .ordinals import title_ordinals
from .parallel import parallel_phrase
from .recurrence import EventText, event_lines, event_texts, sources_in
from .terms import line_terms, sentence_terms

#: A phrase is traced to its sources (frequency report, 出处 cards) only from 4 characters on: a
#: marked word (``基础``, ``统一``) recurs everywhere and says nothing about where it was said.
SOURCE_MIN_LENGTH = 4


def _marked_ranges(sentence: tuple[Span, ...]) -> list[tuple[int, int]]:
    ranges, position = [], 0
    for span in sentence:
        if span.marked:
            ranges.append((position, position + len(span.text)))
        position += len(span.text)
    return ranges


@dataclass(frozen=True, slots=True)
class DocumentExamFacts:
    """The exam-grade facts of one document, and what the search for recurring phrases needs of it:
    plain values, so that a build can let the document's blocks go before it reads the next file."""

    events: tuple[EventExamFacts, ...]
    texts: tuple[EventText, ...]
    #: The phrases to trace (marked phrases and parallel parts, as :func:`phrase_key` writes them).
    phrases: tuple[str, ...]


def document_exam_facts(
    document: Document, markdown: str | Sequence[Block], *, split: bool = True, numbers: bool = False
) -> DocumentExamFacts:
    """The exam-grade facts of one document, given with the Markdown it was extracted from (or the
    blocks parsed from it, so that a build parses each file once)."""
    per_event: list[EventExamFacts] = []
    phrases: list[str] = []
    events = event_lines(document, markdown)
    for event, lines in events:
        titles = f"{event.title}\n{document.title}"
        parallels = [p for p in (parallel_phrase(phrase, titles) for phrase in event.key_phrases) if p] if split else []
        found: list[SentenceFact] = []
        terms: list[Term] = []
        for line in lines:
            terms += line_terms(line)
            for spans in line.sentences:
                sentence = "".join(span.text for span in spans)
                facts = sentence_facts(sentence, _marked_ranges(spans), titles, line.number, numbers=numbers)
                # a date without its year (``7月``) is a fact only where the notes say the year (their
                # month); in a history table the year stands in another cell, and ``7月`` asks nothing
                found += [f for f in facts if f.kind != "date" or "年" in f.value or document.month]
                if not terms or terms[-1].line != line.number:
                    terms += sentence_terms(sentence, line.number)
        ordinals = tuple(o for o in title_ordinals(event.title) if o.ordinal not in document.title)
        per_event.append(EventExamFacts(document, event, tuple(parallels), ordinals, tuple(found), tuple(terms)))
        phrases.extend(phrase_key(phrase.text) for phrase in event.key_phrases)
        for parallel in parallels:
            phrases.extend(parallel.parts)
    return DocumentExamFacts(tuple(per_event), tuple(event_texts(document, events)), tuple(phrases))


def combined_exam_facts(documents: Iterable[DocumentExamFacts]) -> ExamFacts:
    """The exam-grade facts of a build, from each document's, with where each phrase recurs."""
    documents = tuple(documents)
    texts = [text for document in documents for text in document.texts]
    phrases = (phrase for document in documents for phrase in document.phrases if len(phrase) >= SOURCE_MIN_LENGTH)
    return ExamFacts(tuple(event for document in documents for event in document.events), sources_in(texts, phrases))


def exam_facts(
    sources: Iterable[tuple[Document, str | Sequence[Block]]], *, split: bool = True, numbers: bool = False
) -> ExamFacts:
    """The exam-grade facts of documents, each given with the Markdown it was extracted from (or the
    blocks parsed from it)."""
    return combined_exam_facts(
        document_exam_facts(document, markdown, split=split, numbers=numbers) for document, markdown in sources
    )
