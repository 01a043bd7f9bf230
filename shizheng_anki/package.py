"""Stage 4: notes → ``.apkg``. The only module that imports genanki.

genanki writes the collection (``write_to_db``); we set each note's and note type's modification time
(see :mod:`shizheng_anki.previous`) and write the zip ourselves, with fixed entry times and order, so
that the same notes and the same timestamp always give the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import stat
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterable, Mapping

import genanki

from .cards import Note
from .notetypes import NoteType
from .previous import Changes


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


def _collection(notes: tuple[Note, ...], timestamp: int, note_mods: Mapping[str, int], note_type_mods: Mapping[int, int]) -> bytes:
    """The SQLite collection as bytes: genanki's tables, our modification times, ids from ``timestamp``."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            cursor = connection.cursor()
            to_package(notes).write_to_db(cursor, timestamp, itertools.count(timestamp * 1000))
            # without an index each UPDATE scans every note: 40 s for the 6,580 notes of 1 MB of notes
            cursor.execute("CREATE INDEX ix_notes_guid_build ON notes (guid)")
            cursor.executemany("UPDATE notes SET mod = ? WHERE guid = ?", [(note_mods.get(n.guid, timestamp), n.guid) for n in notes])
            cursor.execute("DROP INDEX ix_notes_guid_build")  # the package keeps genanki's (and Anki's) schema
            (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
            models = json.loads(models_json)
            for key, model in models.items():
                model["mod"] = note_type_mods.get(int(key), timestamp)
            cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
            connection.commit()
        finally:
            connection.close()
        return database.read_bytes()


def _zip_entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    # zip times are local-time fields starting in 1980; UTC keeps them the same on every machine
    entry = zipfile.ZipInfo(name, date_time=time.gmtime(max(timestamp, 315532800))[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, on every platform
    entry.external_attr = 0o644 << 16
    return entry


def package_bytes(notes: Iterable[Note], timestamp: int, changes: Changes | None = None) -> bytes:
    """The ``.apkg`` as bytes. ``timestamp`` (seconds) gives ids and zip entry times, and the
    modification time of every note and note type that ``changes`` gives none."""
    notes = tuple(notes) + (changes.tagged_removed if changes else ())
    database = _collection(notes, timestamp, changes.note_mods if changes else {}, changes.note_type_mods if changes else {})
    handle = tempfile.SpooledTemporaryFile()
    with handle:
        with zipfile.ZipFile(handle, "w") as archive:
            archive.writestr(_zip_entry("collection.anki2", timestamp), database)
            archive.writestr(_zip_entry("media", timestamp), "{}")
        handle.seek(0)
        return handle.read()


def write_package(notes: Iterable[Note], path: str | os.PathLike[str], *, timestamp: int | None = None, changes: Changes | None = None) -> Path:
    """Write the notes as an ``.apkg``, atomically: an existing file is replaced only by a complete one.

    ``timestamp`` defaults to the clock; ``changes`` (from :func:`shizheng_anki.previous.compare`)
    carries the modification times that keep unchanged notes unchanged in Anki.
    """
    target = Path(path)
    data = package_bytes(notes, int(time.time()) if timestamp is None else timestamp, changes)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
