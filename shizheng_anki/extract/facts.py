"""The facts extracted from 时政笔记: plain, frozen data that every later stage reads.

A :class:`Document` holds :class:`Event` s (one per heading: a meeting, a speech, an inspection), and
each event holds what a learner must recite: :class:`KeyPhrase` s (the bold 提法) and
:class:`Enumeration` s (``一是……二是……``). Every fact keeps its source line so that a message or a card
can point back at the notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parse.spans import Span


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the notes, printed like a compiler's: ``file:line: message``."""

    #: The notes file (or ``<text>``).
    file: str
    #: 1-based line of the source file.
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class KeyPhrase:
    """A marked 提法, e.g. ``坚定战略自信，保持战略定力，勇于担当作为``."""

    #: The phrase itself.
    text: str
    #: The sentence it sits in, as spans; ``sentence[index]`` is this phrase. A sentence longer
    #: than a card can show is cut to a few hundred characters either side of the phrase, with ``…``.
    sentence_spans: tuple[Span, ...]
    #: Position of this phrase among ``sentence_spans``.
    index: int
    #: The whole paragraph (or enumeration item) around the sentence, as plain text; only its
    #: line when the paragraph is very long (over 2,000 characters), and empty when that is too.
    paragraph: str
    #: 1-based line of the source file.
    line: int

    @property
    def sentence(self) -> str:
        """The sentence as plain text."""
        return "".join(span.text for span in self.sentence_spans)


@dataclass(frozen=True, slots=True)
class EnumerationItem:
    """One item of an enumeration, e.g. ``三是发挥经济体制改革牵引作用……``."""

    #: Its position, 1 for ``一是``.
    ordinal: int
    #: The ordinal word as written (``三是``).
    marker: str
    #: The item text after the marker, as spans (key phrases stay marked).
    spans: tuple[Span, ...]
    #: 1-based line of the source file.
    line: int

    @property
    def text(self) -> str:
        """The item as plain text, without its marker."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Enumeration:
    """A numbered list of points (``一是……二是……``) with the sentence that introduces it."""

    #: The sentence that introduces the list (``会议确定，明年要抓好以下重点任务。``); may be empty.
    stem: str
    #: The count the stem declares (``十方面重点`` → 10), else None.
    declared_count: int | None
    #: The items, in order.
    items: tuple[EnumerationItem, ...]
    #: 1-based line of the first item.
    line: int
    #: True when the items are a list to recite (written ordinals, or a stem that declares or
    #: announces them); False for things that merely sit under one heading (news bullets), which are
    #: asked only through their labels and marks (:func:`~.shapes.is_a_list`).
    is_list: bool = True


@dataclass(frozen=True, slots=True)
class Event:
    """A heading of the notes: one meeting, speech or event, and the facts below it."""

    #: The heading text (``中央经济工作会议``).
    title: str
    #: 1-based line of the heading (of the document title for text before the first heading).
    line: int
    key_phrases: tuple[KeyPhrase, ...] = ()
    enumerations: tuple[Enumeration, ...] = ()
    #: The parent heading, when the heading alone is ambiguous (``### 1. 贯彻新发展理念``), else None.
    context: str | None = None

    @property
    def cue(self) -> str:
        """What a card shows to name the event: ``parent › heading`` when the heading is ambiguous."""
        return f"{self.context} › {self.title}" if self.context else self.title


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture the notes show (``![](图.png)``, ``<img src="…">``, ``![[图.png|300]]``) and the source
    lines whose cards show it on their back."""

    #: The path or address as written (``assets/图.png``, ``https://…``).
    target: str
    #: 1-based line of the source file.
    line: int
    #: The cards from these source lines (first, last) show it: its paragraph, when that holds a key
    #: phrase or an enumeration item; else its section (from its heading to the next).
    shown_with: tuple[int, int]
    #: The width asked for (``![[图.png|300]]``), else None: the card's width at most, in any case.
    width: int | None = None
    alt: str = ""
    #: The media file it is packed as (named by its content's hash), once found and read; None before,
    #: and when it was left out (missing, remote, unsafe, not a picture, too large).
    media: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One file of notes."""

    #: Where the notes came from (a file path, or ``<text>`` for Markdown given as a string).
    path: str
    #: The front matter ``title``, else the ``#`` (or setext ``===``) title, else the file name.
    title: str
    #: The month the notes cover, ``YYYY-MM`` (from ``2024年12月`` in the title or the file name), or None.
    month: str | None
    #: The metadata line under the title (date, author), if present.
    metadata: str | None
    events: tuple[Event, ...]
    #: Tags from the YAML front matter (``tags: [考研政治]``).
    tags: tuple[str, ...] = ()
    #: Problems found while reading: skipped broken markup, declared counts that do not match.
    diagnostics: tuple[Diagnostic, ...] = ()
    #: The pictures the notes show, in source order.
    pictures: tuple[Picture, ...] = ()
    #: Obsidian's inline tags, as written without ``#`` (``时政/2024-12``): Anki tags ``时政::2024-12``.
    inline_tags: tuple[str, ...] = ()


# --- Exam-grade facts (``exam.py``): what the exams ask beyond the marked phrases. -----------------


@dataclass(frozen=True, slots=True)
class ParallelPhrase:
    """A marked phrase made of short parallel parts (``和平合作、开放包容、互学互鉴、互利共赢``)."""

    #: The whole marked phrase, as extracted.
    phrase: KeyPhrase
    #: The parts, in order (``和平合作`` …).
    parts: tuple[str, ...]
    #: The text between consecutive parts (``、``); one fewer than ``parts``.
    separators: tuple[str, ...]
    #: Positions (0-based) of the parts that get a card: a part that also shows elsewhere in its
    #: sentence or event title would be asked by a question that shows it, so it gets none.
    asked: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class EventOrdinal:
    """The how-many-th of an event, from its title: ``第四次“一带一路”建设工作座谈会`` → ``第四次``."""

    #: The ordinal as written in the title (``第四次``, ``二十届四中全会``, ``十四届全国人大三次会议``).
    ordinal: str
    #: The title with the ordinal taken out (``“一带一路”建设工作座谈会``): how a card names the event.
    masked_title: str
    #: What the card asks (``是第几次？``).
    ask: str


@dataclass(frozen=True, slots=True)
class SentenceFact:
    """A date, an ordinal or a number in a sentence of an event (``自2013年提出共建“一带一路”倡议以来``)."""

    #: ``date``, ``ordinal`` or ``number``.
    kind: str
    #: The date or number as written (``2013年``, ``1.3万亿元``).
    value: str
    #: What the card asks (``哪一年提出？``).
    ask: str
    #: The clause the value sits in (cut at ，；：), with the value.
    clause: str
    #: The whole sentence, as plain text.
    sentence: str
    #: 1-based line of the source file.
    line: int


@dataclass(frozen=True, slots=True)
class Term:
    """A term and what it means: ``**新质生产力**：…``, ``**X**是指…``, ``X，是…的简称``."""

    term: str
    #: The definition (for an abbreviation: what it abbreviates).
    definition: str
    #: ``definition`` or ``abbreviation``.
    kind: str
    #: The sentence (or line) it was read from.
    sentence: str
    #: 1-based line of the source file.
    line: int


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event in which a phrase appears."""

    document: str
    month: str | None
    event: str
    #: True when the phrase is (part of) a marked span in this event, False when it only appears unmarked.
    marked: bool
    #: 1-based line of its first appearance in the event.
    line: int


#: An :class:`Occurrence` as a :class:`PhraseSource` holds it: (document, month, event, marked, line).
OccurrenceRow = tuple[str, "str | None", str, bool, int]


@dataclass(frozen=True, slots=True)
class PhraseSource:
    """A phrase and every event of the build it appears in, in build order."""

    phrase: str
    #: Where it appears, one row per event, as plain tuples: a large build holds one per phrase and
    #: event, and Python's cycle collector walks every object of a class but no tuple of plain values.
    #: :attr:`occurrences` reads them.
    rows: tuple[OccurrenceRow, ...]

    @property
    def occurrences(self) -> tuple[Occurrence, ...]:
        """Every event it appears in, in build order."""
        return tuple(Occurrence(*row) for row in self.rows)

    @property
    def event_count(self) -> int:
        return len(self.rows)

    @property
    def document_count(self) -> int:
        return len({document for document, *_ in self.rows})


@dataclass(frozen=True, slots=True)
class EventExamFacts:
    """The exam-grade facts of one event."""

    document: Document
    event: Event
    parallels: tuple[ParallelPhrase, ...] = ()
    ordinals: tuple[EventOrdinal, ...] = ()
    #: Dates and ordinals, and (only with ``numbers=True``) other numbers, in source order.
    sentence_facts: tuple[SentenceFact, ...] = ()
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class ExamFacts:
    """The exam-grade facts of a whole build."""

    events: tuple[EventExamFacts, ...]
    #: Every marked phrase (and every part of a parallel phrase) with the events it appears in,
    #: most frequent first.
    sources: tuple[PhraseSource, ...]

    def frequent(self, at: int) -> frozenset[str]:
        """The phrases that appear under at least ``at`` events."""
        return frozenset(source.phrase for source in self.sources if source.event_count >= at)

    def recurring(self) -> tuple[PhraseSource, ...]:
        """The frequency report: phrases that appear under two events or more, most frequent first."""
        return tuple(source for source in self.sources if source.event_count >= 2)
