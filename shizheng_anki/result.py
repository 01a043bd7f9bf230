"""What a build made (:class:`BuildResult`): the facts and the notes, and writing them — the deck
(through :mod:`.package`), the preview page, the JSON — and comparing them with last week's deck."""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cards import Note
from .errors import OptionError, OutputError, PreviousDeckError
from .extract import Diagnostic, Document, Event, ExamFacts
from .package.previous import TIMESTAMPS, Changes, compare
from .package.reading import anki_export_member, read_previous
from .paths import final_target, kind_of, printable, shown
from .read import TEXT
from .text import counted
from .views.export import build_json

_WHOLE_SECONDS = re.compile(r"[0-9]{1,12}", re.ASCII)


def build_timestamp() -> int:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else the clock.

    It must be whole seconds in :data:`~shizheng_anki.package.previous.TIMESTAMPS` (1980-01-01 to
    2107-12-31 UTC): what a zip entry and Anki can hold; else an :class:`OptionError`."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return int(time.time())
    first, last = TIMESTAMPS
    if not _WHOLE_SECONDS.fullmatch(value) or not first <= int(value) <= last:
        raise OptionError(
            f"SOURCE_DATE_EPOCH={printable(value)[:40]!r}: must be whole seconds since 1970-01-01 UTC, from {first}"
            f" (1980-01-01) to {last} (2107-12-31), the times a deck (a zip) and Anki can hold"
        )
    return int(value)


#: Said when there is no previous deck to compare with because there is none yet.
FIRST_BUILD = (
    "{path}: no previous deck (first build?): every note is new to it. If you imported these notes before"
    " from another deck file, name that file with --previous to keep the edits you made in Anki"
)
#: Said when the previous deck cannot be read (``reason``), or none was given.
NO_PREVIOUS = (
    "{reason}: every note counts as changed. Anki keeps the review history of notes it already has,"
    " but edits you made to them in Anki will be overwritten on import"
)


def facts_counted(events: Iterable[Event]) -> str:
    """What these events hold, in words: ``4 events, 66 key phrases, 25 enumeration items``."""
    events = tuple(events)
    phrases = sum(len(event.key_phrases) for event in events)
    items = sum(len(enumeration.items) for event in events for enumeration in event.enumerations)
    return f"{counted(len(events), 'event')}, {counted(phrases, 'key phrase')}, {counted(items, 'enumeration item')}"


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
        line = (
            f"{counted(len(self.documents), 'document')}, {facts_counted(events)} → "
            f"{counted(len(self.notes), 'note')}, {counted(self.card_count, 'card')}"
        )
        if self.media:
            line += f", {counted(len(self.media), 'picture')}"
        return f"{line} → {shown(output)}" if output is not None else line

    def to_json(self) -> dict[str, Any]:
        """The extraction and the notes as JSON-ready data (the CLI's ``--json``)."""
        return build_json(self.documents, self.notes)

    def compare(self, previous: str | os.PathLike[str] | None, *, required: bool = False) -> Changes:
        """How the notes compare with the deck last written at ``previous`` (usually the output path).

        No file at ``previous`` is a first build: every note is new, said in :attr:`Changes.notice`. A
        file there that cannot be read as a deck is a :class:`Changes` whose ``notice`` says that every
        note counts as changed. With ``required`` (``--previous``) either is a :class:`PreviousDeckError`.
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
                raise PreviousDeckError(f"{shown(previous)}: no such previous deck; check the path")
            return compare(self.notes, None, self.timestamp, notice=FIRST_BUILD.format(path=shown(previous)))
        return compare(self.notes, deck, self.timestamp)

    def write(self, path: str | os.PathLike[str], changes: Changes | None = None) -> Path:
        """Write the ``.apkg``; an existing file is replaced only once the new one is complete.

        ``changes`` defaults to :meth:`compare` with the file at ``path``: a deck written over last
        week's updates only the notes that changed. A symbolic link at ``path`` is written through
        (the file it points to is replaced; the link stays). A deck Anki itself exported is never
        replaced, nor anything but a regular file (``/dev/null``, a FIFO): an :class:`OutputError`.
        """
        from .package.apkg import write_package  # genanki is imported only when a deck is written

        target = _writable(path, "notes.apkg", self.documents)
        exported = anki_export_member(target)
        if exported is not None:
            raise OutputError(
                f"{shown(path)}: is a deck Anki exported ({exported}), not one shizheng-anki wrote; it is not"
                " replaced: move it away or choose another output path"
            )
        if changes is None:
            changes = self.compare(target)
        try:
            return write_package(self.notes, target, timestamp=self.timestamp, changes=changes, media=self.media)
        except OSError as error:
            raise OutputError(f"{shown(path)}: cannot be written ({error.strerror or error})") from None

    def write_preview(self, path: str | os.PathLike[str]) -> Path:
        """Write the preview page: every card, front and back, as Anki renders it (see :mod:`.preview`).
        Its name must end in ``.html`` (or ``.htm``): a preview never replaces a deck or the notes."""
        from .views.preview import write_preview

        target = _writable(path, "preview.html", self.documents)
        titles = ", ".join(document.title for document in self.documents)
        try:
            return write_preview(self.notes, target, title=f"卡片预览 · {titles}", media=self.media)
        except OSError as error:
            raise OutputError(f"{shown(path)}: cannot be written ({error.strerror or error})") from None


#: What each kind of output must be called.
_SUFFIXES = {".apkg": (".apkg",), ".html": (".html", ".htm")}


def _writable(path: str | os.PathLike[str], example: str, documents: Iterable[Document] = ()) -> Path:
    """Where writing ``path`` lands (through a symbolic link, to the file it points to), when it is a
    file we may write; else an :class:`OutputError` saying why not. Nothing is opened here."""
    given = Path(path)
    name = shown(given)
    target = given
    try:
        target = final_target(given)
        status: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet, or no folder to put it in (said below)
        status = None
    except OSError as error:
        raise OutputError(f"{name}: {error.strerror or error}; choose another output path") from None
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputError(f"{name}: {shown(target.parent)} is a file, not a folder; choose another output path")
    if not target.parent.is_dir():
        raise OutputError(f"{name}: folder {shown(target.parent)} does not exist; create it first")
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{name}: is a folder; give a file name such as {shown(given / example)}")
    kind = kind_of(status.st_mode) if status is not None else None
    if kind is not None:
        raise OutputError(f"{name}: is {kind}, not a file; it is not replaced: give a file name such as {example}")
    if any(target.resolve() == Path(d.path).resolve() for d in documents if d.path != TEXT):
        raise OutputError(f"{name}: is one of the notes files; give it a name ending in {Path(example).suffix}")
    suffixes = _SUFFIXES[Path(example).suffix]
    if given.suffix.lower() not in suffixes:
        raise OutputError(f"{name}: does not end in {suffixes[0]}; give a name such as {example}")
    if not os.access(target.parent, os.W_OK):
        raise OutputError(f"{name}: folder {shown(target.parent)} is not writable; choose another output path")
    return target
