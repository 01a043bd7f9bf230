"""Stage 4: notes → ``.apkg``. The only module that imports genanki.

genanki writes the tables and the notes; we write its ``decks``/``models`` JSON once (genanki rewrites it
per deck), set each note's and note type's modification time (see :mod:`shizheng_anki.previous`) and
write the zip ourselves, with fixed entry times and order, so
that the same notes and the same timestamp always give the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterable, Mapping

import genanki

from .atomic import write_atomically
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


def _write_collection(
    cursor: sqlite3.Cursor, package: genanki.Package, timestamp: int, note_mods: Mapping[str, int], note_type_mods: Mapping[int, int]
) -> None:
    """What ``package.write_to_db`` writes, in the same order and bytes, in linear time.

    genanki re-reads and re-writes the ``decks`` and ``models`` JSON once per deck (quadratic in the
    number of documents); here both are written once. Each note's modification time is set by its id
    (the primary key) right after the note is written.
    """
    genanki.Package([]).write_to_db(cursor, timestamp, iter(()))  # the schema and the col row, no decks
    (decks_json, models_json) = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks, models = json.loads(decks_json), json.loads(models_json)
    for deck in package.decks:
        decks[str(deck.deck_id)] = deck.to_json()
        # as genanki: a note type is described with the id of the last deck that uses it
        for model in dict.fromkeys(note.model for note in deck.notes):
            models[str(model.model_id)] = model.to_json(timestamp, deck.deck_id) | {"mod": note_type_mods.get(model.model_id, timestamp)}
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models)))
    ids = itertools.count(timestamp * 1000)
    changed = []
    for deck in package.decks:
        for note in deck.notes:
            note_id = next(ids)
            note.write_to_db(cursor, timestamp, deck.deck_id, itertools.chain((note_id,), ids))
            mod = note_mods.get(note.guid, timestamp)
            if mod != timestamp:
                changed.append((mod, note_id))
    cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", changed)


def _collection(notes: tuple[Note, ...], timestamp: int, note_mods: Mapping[str, int], note_type_mods: Mapping[int, int]) -> bytes:
    """The SQLite collection as bytes: genanki's tables, our modification times, ids from ``timestamp``."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            _write_collection(connection.cursor(), to_package(notes), timestamp, note_mods, note_type_mods)
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
            # the fastest deflate: a tenth of the size already (level 6 saves 2% more and takes 3× as long)
            archive.writestr(_zip_entry("collection.anki2", timestamp), database, compresslevel=1)
            archive.writestr(_zip_entry("media", timestamp), "{}", compresslevel=1)
        handle.seek(0)
        return handle.read()


def write_package(notes: Iterable[Note], path: str | os.PathLike[str], *, timestamp: int | None = None, changes: Changes | None = None) -> Path:
    """Write the notes as an ``.apkg``, atomically: an existing file is replaced only by a complete one.

    ``timestamp`` defaults to the clock; ``changes`` (from :func:`shizheng_anki.previous.compare`)
    carries the modification times that keep unchanged notes unchanged in Anki.
    """
    data = package_bytes(notes, int(time.time()) if timestamp is None else timestamp, changes)
    return write_atomically(Path(path), data)
