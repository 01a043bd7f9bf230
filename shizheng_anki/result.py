"""What a build made (:class:`BuildResult`): the facts and the notes, and writing them — the deck
(through :mod:`.package`), the preview page, the JSON — and comparing them with last week's deck."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cards import Note
from .errors import OptionError, OutputError, PreviousDeckError
from .extract import Diagnostic, Document, ExamFacts
from .package.previous import Changes, compare, read_previous
from .read import TEXT
from .views.export import build_json


def build_timestamp() -> int:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return int(time.time())
    if not value.isdigit():
        raise OptionError(f"SOURCE_DATE_EPOCH={value!r}: must be whole seconds since 1970-01-01 UTC")
    return int(value)


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
    #: The pictures the cards show: media file name (its content's hash) → bytes, packed into the deck.
    media: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every problem found in the notes, as ``file:line: message`` (``str(diagnostic)``)."""
        return tuple(d for document in self.documents for d in document.diagnostics)

    @property
    def card_count(self) -> int:
        """Cards Anki makes: one per template of a Q&A note, one per deletion number of a cloze note."""
        return sum(len(note.card_ordinals) for note in self.notes)

    def summary(self, output: str | os.PathLike[str] | None = None) -> str:
        """One line: documents, events, key phrases, enumeration items → notes, cards (and pictures), output."""
        events = [event for document in self.documents for event in document.events]
        phrases = sum(len(event.key_phrases) for event in events)
        items = sum(len(e.items) for event in events for e in event.enumerations)
        line = (
            f"{len(self.documents)} document{'s' * (len(self.documents) != 1)}, {len(events)} events, "
            f"{phrases} key phrases, {items} enumeration items → {len(self.notes)} notes, {self.card_count} cards"
        )
        if self.media:
            line += f", {len(self.media)} picture{'s' * (len(self.media) != 1)}"
        return f"{line} → {output}" if output is not None else line

    def to_json(self) -> dict[str, Any]:
        """The extraction and the notes as JSON-ready data (the CLI's ``--json``)."""
        return build_json(self.documents, self.notes)

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
            return write_package(self.notes, target, timestamp=self.timestamp, changes=changes, media=self.media)
        except OSError as error:
            raise OutputError(f"{target}: cannot be written ({error.strerror or error})") from None

    def write_preview(self, path: str | os.PathLike[str]) -> Path:
        """Write the preview page: every card, front and back, as Anki renders it (see :mod:`.preview`)."""
        from .views.preview import write_preview

        target = _writable(path, "preview.html", self.documents)
        titles = ", ".join(document.title for document in self.documents)
        try:
            return write_preview(self.notes, target, title=f"卡片预览 · {titles}", media=self.media)
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
