"""``build_deck()``: the four stages composed — read, parse and extract, build notes, package."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import ParseCache, Parsed
from .cards import Note, build_notes, exam_notes
from .errors import NoNotesError, OutputError, ShizhengAnkiError
from .extract import Diagnostic, Document, ExamFacts, exam_facts, extract_parsed
from .marks import MARKS
from .package.previous import Changes, PreviousDeckError, compare, read_previous
from .read import TEXT, Source, SourceText, read_sources


def build_timestamp() -> int:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return int(time.time())
    if not value.isdigit():
        raise ShizhengAnkiError(f"SOURCE_DATE_EPOCH={value!r}: must be whole seconds since 1970-01-01 UTC")
    return int(value)


@contextlib.contextmanager
def paused_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused (as it was before, after); also a decorator.

    A build allocates millions of small objects (spans, facts, rows) and keeps nearly all of them: the
    collector's passes over them found nothing to free and took a sixth of a 10 MiB build. Memory is
    still freed as usual (reference counting); a build makes no reference cycles (tested).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Said when there is no previous deck to compare with.
NO_PREVIOUS = (
    "{reason}: every note counts as changed. Anki keeps the review history of notes it already has,"
    " but edits you made to them in Anki will be overwritten on import"
)


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made: the facts per document and the notes, ready to write."""

    documents: tuple[Document, ...]
    notes: tuple[Note, ...]
    #: Seconds since the epoch that stamp what changed: ``SOURCE_DATE_EPOCH`` when set, else the clock.
    timestamp: int = field(default_factory=build_timestamp)
    #: What reading the files had to say (``read as GB18030``), one line each.
    notices: tuple[str, ...] = ()
    #: The exam-grade facts (parallel phrases, ordinals, dates, terms, where each phrase appears).
    exam: ExamFacts = ExamFacts((), ())  # noqa: RUF009  (frozen: one shared empty value is safe)
    #: How many files were read from the parse cache instead of parsed.
    cached: int = 0

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every problem found in the notes, as ``file:line: message`` (``str(diagnostic)``)."""
        return tuple(d for document in self.documents for d in document.diagnostics)

    @property
    def card_count(self) -> int:
        """Cards Anki makes: one per template of a Q&A note, one per deletion number of a cloze note."""
        return sum(len(note.card_ordinals) for note in self.notes)

    def summary(self, output: str | os.PathLike[str] | None = None) -> str:
        """One line: documents, events, key phrases, enumeration items → notes, cards, output."""
        events = [event for document in self.documents for event in document.events]
        phrases = sum(len(event.key_phrases) for event in events)
        items = sum(len(e.items) for event in events for e in event.enumerations)
        line = (
            f"{len(self.documents)} document{'s' * (len(self.documents) != 1)}, {len(events)} events, "
            f"{phrases} key phrases, {items} enumeration items → {len(self.notes)} notes, {self.card_count} cards"
        )
        return f"{line} → {output}" if output is not None else line

    def to_json(self) -> dict[str, Any]:
        """The extraction and the notes as JSON-ready data (the CLI's ``--json``)."""
        return {"documents": [_document_json(d) for d in self.documents], "notes": [_note_json(n) for n in self.notes]}

    def compare(self, previous: str | os.PathLike[str] | None, *, required: bool = False) -> Changes:
        """How the notes compare with the deck last written at ``previous`` (usually the output path).

        A missing or unreadable previous deck is a :class:`Changes` whose ``notice`` says that every
        note counts as changed, unless ``required``: then it is a :class:`ShizhengAnkiError`.
        """
        if previous is None:
            return compare(self.notes, None, self.timestamp, notice=NO_PREVIOUS.format(reason="no previous deck given"))
        try:
            deck = read_previous(previous)
        except PreviousDeckError as error:
            if required:
                raise
            return compare(self.notes, None, self.timestamp, notice=NO_PREVIOUS.format(reason=str(error)))
        if deck is None:
            if required:
                raise PreviousDeckError(f"{previous}: no such previous deck")
            reason = f"{previous}: no previous deck (first build?)"
            return compare(self.notes, None, self.timestamp, notice=NO_PREVIOUS.format(reason=reason))
        return compare(self.notes, deck, self.timestamp)

    @paused_cycle_collection()
    def write(self, path: str | os.PathLike[str], changes: Changes | None = None) -> Path:
        """Write the ``.apkg``; an existing file is replaced only once the new one is complete.

        ``changes`` defaults to :meth:`compare` with the file at ``path``: a deck written over last
        week's updates only the notes that changed.
        """
        from .package.apkg import write_package  # genanki is imported only when a deck is written

        target = _writable(path, "notes.apkg", self.documents)
        if changes is None:
            changes = self.compare(target)
        try:
            return write_package(self.notes, target, timestamp=self.timestamp, changes=changes)
        except OSError as error:
            raise OutputError(f"{target}: cannot be written ({error.strerror or error})") from None

    def write_preview(self, path: str | os.PathLike[str]) -> Path:
        """Write the preview page: every card, front and back, as Anki renders it (see :mod:`.preview`)."""
        from .views.preview import write_preview

        target = _writable(path, "preview.html", self.documents)
        titles = ", ".join(document.title for document in self.documents)
        try:
            return write_preview(self.notes, target, title=f"卡片预览 · {titles}")
        except OSError as error:
            raise OutputError(f"{target}: cannot be written ({error.strerror or error})") from None


def _writable(path: str | os.PathLike[str], example: str, documents: Iterable[Document] = ()) -> Path:
    """``path`` as a file we may write, else an :class:`OutputError` saying why not."""
    target = Path(path)
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputError(f"{target}: {target.parent} is a file, not a folder; choose another output path")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist; create it first")
    if any(target.resolve() == Path(d.path).resolve() for d in documents if d.path != TEXT):
        raise OutputError(f"{target}: is one of the notes files; give it a name ending in {Path(example).suffix}")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name such as {target / example}")
    if not os.access(target.parent, os.W_OK):
        raise OutputError(f"{target}: folder {target.parent} is not writable; choose another output path")
    return target


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "title": document.title,
        "month": document.month,
        "metadata": document.metadata,
        "events": [
            {
                "title": event.title,
                "context": event.context,
                "line": event.line,
                "key_phrases": [{"text": p.text, "sentence": p.sentence, "line": p.line} for p in event.key_phrases],
                "enumerations": [
                    {
                        "stem": e.stem,
                        "declared_count": e.declared_count,
                        "line": e.line,
                        "items": [
                            {"ordinal": i.ordinal, "marker": i.marker, "text": i.text, "line": i.line} for i in e.items
                        ],
                    }
                    for e in event.enumerations
                ],
            }
            for event in document.events
        ],
    }


def _note_json(note: Note) -> dict[str, Any]:
    return {
        "guid": note.guid,
        "note_type": note.note_type.name,
        "deck": note.deck,
        "tags": list(note.tags),
        "fields": dict(zip(note.note_type.fields, note.fields)),
    }


#: Told after each document is read: ``progress(done, total, path)``.
Progress = Callable[[int, int, str], None]


@paused_cycle_collection()
def build_deck(
    sources: Source | Iterable[Source],
    *,
    deck: str | None = None,
    encoding: str | None = None,
    marks: Iterable[str] = MARKS,
    hints: bool = False,
    type_answer: bool = False,
    progress: Progress | None = None,
    split: bool = True,
    numbers: bool = False,
    source_cards: bool = False,
    frequent_at: int = 3,
    cache: str | os.PathLike[str] | None = None,
) -> BuildResult:
    """Build notes from Markdown files, folders of them, or Markdown text.

    ``deck`` is the root deck (default ``时政``); each document becomes ``<root>::<title>``.
    ``encoding`` forces how files are decoded (default: UTF-8, else GB18030 with a notice).
    ``marks`` names the markers that make a key phrase: ``bold``, ``highlight``, ``underline``,
    ``color`` (default: all). ``hints`` shows each blank's length (``[…4字…]``); ``type_answer``
    makes the cloze cards type-in cards (note type ``shizheng-anki 时政填空（输入）``). ``progress``
    is called after each document.
    Exam cards: ``split`` asks parallel phrases part by part; ``numbers`` adds cards for unmarked
    figures (``1.3万亿元``); ``source_cards`` adds one 出处 card per marked phrase; a phrase found under
    at least ``frequent_at`` events tags its cards ``高频``.
    ``cache`` names a folder where parsed files are kept between builds, so that a rebuild parses only
    the files that changed (see :mod:`shizheng_anki.cache`; :func:`shizheng_anki.cache.default_folder`
    is where the CLI keeps it); None parses every file.
    Raises :class:`~shizheng_anki.errors.ShizhengAnkiError` subclasses for bad input.
    """
    marks = tuple(marks)
    unknown = sorted(set(marks) - set(MARKS))
    if unknown:
        raise ValueError(f"unknown marks {', '.join(unknown)}; choose from {', '.join(MARKS)}")
    if frequent_at < 1:
        raise ValueError("frequent_at must be at least 1")
    texts = read_sources(sources, encoding=encoding)
    parse_cache = ParseCache(cache) if cache is not None else None
    extracted = []
    for done, source in enumerate(texts, 1):
        extracted.append(_extract(source, marks, parse_cache))  # each file parsed once, or not at all
        if progress is not None:
            progress(done, len(texts), source.path)
    if parse_cache is not None:
        parse_cache.prune()
    documents = tuple(document for document, _ in extracted)
    # the exam facts read every mark (as parsed with the default marks); other marks mean a second parse
    exam_input = extracted if set(marks) == set(MARKS) else zip(documents, (source.text for source in texts))
    exam = exam_facts(exam_input, split=split, numbers=numbers)
    notes = build_notes(documents, deck=deck, frequent=exam.frequent(frequent_at), hints=hints, type_answer=type_answer)
    taken = {note.guid for note in notes}
    notes += exam_notes(exam, deck=deck, split=split, source_cards=source_cards, frequent_at=frequent_at, taken=taken)
    if not notes:
        names = ", ".join(source.path for source in texts)
        raise NoNotesError(f"{names}: no key phrases (**…**) or enumerations (一是……二是……) found; nothing to build")
    notices = tuple(source.notice for source in texts if source.notice)
    if parse_cache is not None and parse_cache.problem:
        notices += (parse_cache.problem,)
    cached = parse_cache.hits if parse_cache is not None else 0
    return BuildResult(documents, notes, notices=notices, exam=exam, cached=cached)


def _extract(source: SourceText, marks: tuple[str, ...], parse_cache: ParseCache | None) -> Parsed:
    """The file's facts and blocks: from the parse cache when it has them, else parsed (and kept there)."""
    if parse_cache is None:
        return extract_parsed(source.text, source.path, marks=marks)
    key = parse_cache.key(source.text, source.path, marks)
    parsed = parse_cache.load(key)
    if parsed is None:
        parsed = extract_parsed(source.text, source.path, marks=marks)
        parse_cache.store(key, parsed)
    return parsed
