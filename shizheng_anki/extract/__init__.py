"""Stage 3, extract: blocks → facts.

Takes the parsed blocks of one file (and its front matter) and returns a :class:`Document` of
:class:`Event` s, each holding its :class:`KeyPhrase` s and :class:`Enumeration` s; then, across the
build, the exam-grade facts (:func:`exam_facts`: parallel phrases, ordinals, dates, terms, and where
each phrase recurs). Every fact is frozen data carrying its source line.
"""

from .document import extract_document, extract_facts, extract_parsed
from .exam import exam_facts
from .facts import (
    Diagnostic,
    Document,
    Enumeration,
    EnumerationItem,
    Event,
    EventExamFacts,
    EventOrdinal,
    ExamFacts,
    KeyPhrase,
    Occurrence,
    OccurrenceRow,
    ParallelPhrase,
    PhraseSource,
    SentenceFact,
    Term,
)

__all__ = [
    "Diagnostic",
    "Document",
    "Enumeration",
    "EnumerationItem",
    "Event",
    "EventExamFacts",
    "EventOrdinal",
    "ExamFacts",
    "KeyPhrase",
    "Occurrence",
    "OccurrenceRow",
    "ParallelPhrase",
    "PhraseSource",
    "SentenceFact",
    "Term",
    "exam_facts",
    "extract_document",
    "extract_facts",
    "extract_parsed",
]
