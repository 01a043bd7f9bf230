"""``build_deck()``: the stages composed — read, parse and extract (through the parse cache), exam
facts, notes. What it returns (:class:`~shizheng_anki.result.BuildResult`) writes the deck."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace

from .cache import ParseCache, Parsed
from .cards import build_notes, exam_notes
from .errors import NoNotesError, OptionError
from .extract import Document, extract_parsed
from .extract.exam import DocumentExamFacts, combined_exam_facts, document_exam_facts
from .extract.pictures import resolve_pictures
from .marks import MARKS
from .package.previous import live_notes
from .read import Source, SourceText, read_sources
from .result import BuildResult

__all__ = ["BuildResult", "Progress", "build_deck"]


#: Told after each document is read: ``progress(done, total, path)``.
Progress = Callable[[int, int, str], None]


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
        raise OptionError(f"unknown marks {', '.join(unknown)}; choose from {', '.join(MARKS)}")
    if frequent_at < 1:
        raise OptionError(f"frequent_at={frequent_at}: must be at least 1")
    texts = read_sources(sources, encoding=encoding)
    parse_cache = ParseCache(cache) if cache is not None else None
    # each file parsed once (or read from the cache) and its exam facts taken at once, so that its blocks
    # are let go before the next file is read: the build holds plain facts, not every file's blocks
    # (a caller's cycle collector walks what is held at each of its full collections)
    read: list[tuple[Document, DocumentExamFacts]] = []
    for done, source in enumerate(texts, 1):
        document, blocks = _extract(source, marks, parse_cache)
        # the exam facts read every mark (as parsed with the default marks); other marks mean a second parse
        markdown = blocks if set(marks) == set(MARKS) else source.text
        read.append((document, document_exam_facts(document, markdown, split=split, numbers=numbers)))
        del blocks, markdown
        if progress is not None:
            progress(done, len(texts), source.path)
    if parse_cache is not None:
        parse_cache.prune()
    # pictures are read on every build (they change on their own), never kept in the parse cache
    pictures = resolve_pictures([document for document, _ in read], texts)
    documents = pictures.documents
    exam = combined_exam_facts(
        replace(part, events=tuple(replace(event, document=resolved) for event in part.events))
        for resolved, (_, part) in zip(documents, read)
    )
    notes = build_notes(documents, deck=deck, frequent=exam.frequent(frequent_at), hints=hints, type_answer=type_answer)
    taken = {note.guid for note in notes}
    notes += exam_notes(
        exam,
        deck=deck,
        split=split,
        source_cards=source_cards,
        frequent_at=frequent_at,
        taken=taken,
        hints=hints,
        type_answer=type_answer,
    )
    notes = live_notes(notes)  # never tagged as removed: the learner deletes what is
    if not notes:
        names = ", ".join(source.path for source in texts)
        raise NoNotesError(f"{names}: no key phrases (**…**) or enumerations (一是……二是……) found; nothing to build")
    notices = tuple(source.notice for source in texts if source.notice) + pictures.notices
    if parse_cache is not None and parse_cache.problem:
        notices += (parse_cache.problem,)
    cached = parse_cache.hits if parse_cache is not None else 0
    return BuildResult(documents, notes, notices=notices, exam=exam, cached=cached, media=pictures.media)


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
