"""Stage 4: notes → ``.apkg``. The only module that imports genanki."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

import genanki

from .cards import Note
from .notetypes import NoteType


def deck_id(name: str) -> int:
    """A fixed deck id for a deck name, so that a rebuild lands in the same deck."""
    return 1 << 30 | int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")


def _model(note_type: NoteType) -> genanki.Model:
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )


def to_package(notes: Iterable[Note]) -> genanki.Package:
    """genanki's view of the notes: one deck per deck name, new cards in source order."""
    models: dict[int, genanki.Model] = {}
    decks: dict[str, genanki.Deck] = {}
    for position, note in enumerate(notes, 1):
        model = models.get(note.note_type.id) or models.setdefault(note.note_type.id, _model(note.note_type))
        deck = decks.get(note.deck) or decks.setdefault(note.deck, genanki.Deck(deck_id(note.deck), note.deck))
        deck.add_note(genanki.Note(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid, due=position))
    return genanki.Package(list(decks.values()))


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, else what the umask gives a new file (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_package(notes: Iterable[Note], path: str | os.PathLike[str]) -> Path:
    """Write the notes as an ``.apkg``, atomically: an existing file is replaced only by a complete one."""
    target = Path(path)
    package = to_package(notes)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        package.write_to_file(temporary)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
