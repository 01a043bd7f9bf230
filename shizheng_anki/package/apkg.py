"""Stage 4: notes → ``.apkg``. The only module that imports genanki.

genanki writes the schema and the ``col`` row and describes decks and note types; we write the note and
card rows as genanki would (in a few statements, not one per row), the ``decks``/``models`` JSON once
(genanki rewrites it per deck), each note's and note type's modification time (see
:mod:`shizheng_anki.previous`), and the zip, with fixed entry times and order, so that the same notes
and the same timestamp always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from ..atomic import scratch_beside, write_atomically
from ..cards import Note, NoteType
from .previous import TIMESTAMPS, Changes


def deck_id(name: str) -> int:
    """A fixed deck id for a deck name, so that a rebuild lands in the same deck."""
    return 1 << 30 | int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")


def _model_json(note_type: NoteType, timestamp: int, deck: int, mod: int) -> dict[str, object]:
    """The note type as genanki describes it in the ``models`` JSON."""
    model = genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )
    described: dict[str, object] = model.to_json(timestamp, deck)
    return described | {"mod": mod}


def _write_collection(
    cursor: sqlite3.Cursor,
    notes: tuple[Note, ...],
    timestamp: int,
    note_mods: Mapping[str, int],
    note_type_mods: Mapping[int, int],
) -> None:
    """The rows genanki's ``Package.write_to_db`` writes for these notes, in linear time and a few
    statements.

    genanki makes the schema and the ``col`` row and describes decks and note types; the ``notes`` and
    ``cards`` rows are written here in one ``executemany`` each, as ``genanki.Note.write_to_db`` writes
    them (ids from one counter: a note, then its cards), without building a genanki ``Note`` per note
    (its tag and HTML checks were a fifth of a large build). Notes go deck by deck, in source order,
    each card due at its note's position.
    """
    tables = [statement for statement in APKG_SCHEMA.split(";") if "CREATE INDEX" not in statement]
    indexes = [statement for statement in APKG_SCHEMA.split(";") if "CREATE INDEX" in statement]
    cursor.executescript(";".join(tables))
    cursor.executescript(APKG_COL)
    (decks_json, models_json) = cursor.execute("SELECT decks, models FROM col").fetchone()
    decks, models = json.loads(decks_json), json.loads(models_json)
    # notes go deck by deck (decks in order of first use), in source order within a deck; the plan is
    # kept in lists of numbers (notes by their index in ``notes``), not a tuple per note: tuples that
    # hold a note are objects the cycle collector walks, numbers and tuples of numbers are not
    first_use: dict[str, int] = {}
    for note in notes:
        first_use.setdefault(note.deck, len(first_use))
    order = sorted(range(len(notes)), key=lambda index: first_use[notes[index].deck])
    deck_ids = {name: deck_id(name) for name in first_use}
    ordinals = [note.card_ordinals for note in notes]
    note_ids = [0] * len(notes)
    next_id = timestamp * 1000  # ids from one counter: a note, then its cards
    last_deck: dict[NoteType, int] = {}
    for index in order:
        note_ids[index] = next_id
        next_id += 1 + len(ordinals[index])
        last_deck[notes[index].note_type] = deck_ids[notes[index].deck]
    for name, did in deck_ids.items():
        decks[str(did)] = genanki.Deck(did, name).to_json()
    for note_type, did in last_deck.items():  # as genanki: described with the id of the last deck that uses it
        models[str(note_type.id)] = _model_json(note_type, timestamp, did, note_type_mods.get(note_type.id, timestamp))
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models)))

    # the rows are made as SQLite takes them, so that the fields are never held twice
    def note_rows() -> Iterator[tuple[object, ...]]:
        for index in order:
            note = notes[index]
            mod = note_mods.get(note.guid, timestamp)
            tags = f" {' '.join(note.tags)} "
            yield (
                note_ids[index],
                note.guid,
                note.note_type.id,
                mod,
                -1,
                tags,
                "\x1f".join(note.fields),
                note.fields[0],
                0,
                0,
                "",
            )

    def card_rows() -> Iterator[tuple[object, ...]]:
        for index in order:
            nid, did = note_ids[index], deck_ids[notes[index].deck]
            for k, ordinal in enumerate(ordinals[index]):
                # due: the note's position in the notes, so new cards come in source order
                yield nid + 1 + k, nid, did, ordinal - 1, timestamp, -1, 0, 0, index + 1, 0, 0, 0, 0, 0, 0, 0, 0, ""

    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows())
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows())
    cursor.executescript(";".join(indexes) + ";")  # indexes made once, sorted, not grown row by row


def _write_database(
    database: Path,
    notes: tuple[Note, ...],
    timestamp: int,
    note_mods: Mapping[str, int],
    note_type_mods: Mapping[int, int],
) -> None:
    """The SQLite collection at ``database``: genanki's tables, our modification times, ids from ``timestamp``."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to roll back to
        connection.execute("PRAGMA synchronous = OFF")
        # before the first table: 16 KiB pages write a large collection a quarter faster than SQLite's
        # 4 KiB default, and it deflates smaller (Anki reads any page size)
        connection.execute("PRAGMA page_size = 16384")
        _write_collection(connection.cursor(), notes, timestamp, note_mods, note_type_mods)
        connection.commit()
    finally:
        connection.close()


def _zip_entry(name: str, timestamp: int) -> zipfile.ZipInfo:
    # zip times are local-time fields starting in 1980; UTC keeps them the same on every machine
    entry = zipfile.ZipInfo(name, date_time=time.gmtime(max(timestamp, TIMESTAMPS[0]))[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    # the fastest deflate: a tenth of the size already (level 6 saves 2% more and takes 3× as long)
    if hasattr(entry, "compress_level"):  # Python 3.13 and later
        entry.compress_level = 1
    else:
        entry._compresslevel = 1  # type: ignore[attr-defined]  # what 3.10–3.12 call it
    entry.create_system = 3  # Unix, on every platform
    entry.external_attr = 0o644 << 16
    return entry


def _media_entries(media: Mapping[str, bytes]) -> list[tuple[str, str, bytes]]:
    """The media files as the zip holds them (genanki's layout): entries ``0``, ``1``, … in name order,
    and the ``media`` JSON mapping each number to its file name. Pictures are compressed already:
    they are stored as they are."""
    return [(str(number), name, media[name]) for number, name in enumerate(sorted(media))]


def _write_zip(database: Path, file: BinaryIO, timestamp: int, media: Mapping[str, bytes] | None = None) -> None:
    """The ``.apkg`` zip of the collection at ``database`` and of the ``media`` files, into ``file``."""
    with zipfile.ZipFile(file, "w") as archive:
        entry = _zip_entry("collection.anki2", timestamp)
        entry.file_size = database.stat().st_size  # tells zipfile whether it needs ZIP64
        # streamed from the file: the collection is several times the size of the .apkg
        with database.open("rb") as source, archive.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        entries = _media_entries(media or {})
        archive.writestr(_zip_entry("media", timestamp), json.dumps({key: name for key, name, _ in entries}))
        for key, _, data in entries:
            entry = _zip_entry(key, timestamp)
            entry.compress_type = zipfile.ZIP_STORED
            archive.writestr(entry, data)


def _mods(changes: Changes | None) -> tuple[Mapping[str, int], Mapping[int, int]]:
    return (changes.note_mods, changes.note_type_mods) if changes else ({}, {})


def package_bytes(
    notes: Iterable[Note], timestamp: int, changes: Changes | None = None, media: Mapping[str, bytes] | None = None
) -> bytes:
    """The ``.apkg`` as bytes. ``timestamp`` (seconds) gives ids and zip entry times, and the
    modification time of every note and note type that ``changes`` gives none. ``media``: the files the
    cards show (name → bytes)."""
    notes = tuple(notes) + (changes.tagged_removed if changes else ())
    handle = tempfile.SpooledTemporaryFile()
    with tempfile.TemporaryDirectory() as folder, handle:
        database = Path(folder) / "collection.anki2"
        _write_database(database, notes, timestamp, *_mods(changes))
        _write_zip(database, handle, timestamp, media)  # type: ignore[arg-type]  # a spooled file is a binary file
        handle.seek(0)
        return handle.read()


def write_package(
    notes: Iterable[Note],
    path: str | os.PathLike[str],
    *,
    timestamp: int | None = None,
    changes: Changes | None = None,
    media: Mapping[str, bytes] | None = None,
) -> Path:
    """Write the notes as an ``.apkg``, atomically: an existing file is replaced only by a complete one.

    ``timestamp`` defaults to the clock; ``changes`` (from :func:`shizheng_anki.previous.compare`)
    carries the modification times that keep unchanged notes unchanged in Anki; ``media`` are the
    pictures the cards show (name → bytes). The SQLite collection is made in a hidden scratch file
    beside ``path`` (not in the system's temporary folder): removed when the write ends, and, when a
    killed run left it, by the next write to ``path``. The same bytes as :func:`package_bytes`.
    """
    target = Path(path)
    stamp = int(time.time()) if timestamp is None else timestamp
    notes = tuple(notes) + (changes.tagged_removed if changes else ())
    with scratch_beside(target) as database:
        _write_database(database, notes, stamp, *_mods(changes))
        return write_atomically(target, lambda file: _write_zip(database, file, stamp, media), keep={database.name})
