"""Reading last week's ``.apkg``, which may be anything: damaged, crafted, or a deck Anki exported.

The deck is a zip holding a SQLite collection. Before anything is unpacked or trusted:

- the file must be a regular file of at most :data:`MAX_DECK_BYTES` (:mod:`shizheng_anki.paths`);
- the zip's directory is sized from its end record before :mod:`zipfile` reads it (at most
  :data:`MAX_ENTRIES` entries), and the collection member must be neither encrypted nor compressed
  other than as Anki compresses, unpack to at most :data:`MAX_COLLECTION_BYTES`, and grow at most
  :data:`MAX_RATIO` times (a zip bomb grows a thousandfold); it is unpacked in a stream that stops at
  the size its entry states;
- a deck Anki itself exported (``collection.anki21b``, zstd-compressed, or ``collection.anki21``, beside
  a "please update" placeholder ``collection.anki2``) is named as such, not read through the placeholder;
- the collection is opened read-only; ``col``, ``notes`` and ``cards`` must be plain tables (a view or
  a virtual table could compute for ever) with plain columns, and SQLite is stopped after work far
  beyond what reading a database of its size takes;
- every value is checked before it is used: JSON objects that are objects (and not nested beyond what
  the parser takes), text that is text, ids that are whole numbers, times in :data:`TIMESTAMPS`.

Anything wrong is one line: ``<path>: cannot be read as an Anki deck: <why>``.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..atomic import clean_stale, new_scratch
from ..errors import PreviousDeckError
from ..paths import NotRegularFile, TooLarge, open_regular
from .previous import TIMESTAMPS, PreviousDeck, PreviousNote, note_type_digest

#: The largest previous deck read: a 10 MiB archive of notes makes a 16 MiB deck.
MAX_DECK_BYTES = 1 << 30
#: The largest collection unpacked from it (a deck's collection is 10–50 times its compressed size).
MAX_COLLECTION_BYTES = 4 << 30
#: How many times its compressed size a collection over 1 MiB may grow when unpacked.
MAX_RATIO = 200
#: Entries of the zip's directory (a deck this tool writes has two; one Anki exports, one per media file).
MAX_ENTRIES = 100_000
MAX_DIRECTORY_BYTES = 64 << 20
#: SQLite's work while the collection is read, in virtual-machine steps: per byte of the database,
#: and at least. Reading a collection this tool wrote takes under 2 steps per byte.
_WORK_PER_BYTE = 64
_WORK_BASE = 10_000_000
_WORK_STEP = 10_000

#: Members whose presence means Anki itself exported the deck, and how to say so.
_ANKI_EXPORTS = {
    "collection.anki21b": "it was exported by a newer Anki (collection.anki21b), not written by shizheng-anki;"
    " give the .apkg this tool wrote",
    "collection.anki21": "it was exported by Anki 2.1 (collection.anki21), not written by shizheng-anki;"
    " give the .apkg this tool wrote",
}
#: The tables read, and their columns that are read.
#: Modification times a previous deck may hold: from 0 (what older tools wrote) to the last a build can have.
_TIMES_READ = (0, TIMESTAMPS[1])
_COLUMNS = {"col": ("models", "decks"), "notes": ("id", "guid", "mid", "flds", "tags", "mod"), "cards": ("nid", "did")}


class DeckProblem(Exception):
    """What is wrong with a previous deck, said after ``cannot be read as an Anki deck:``."""


def read_previous(path: str | os.PathLike[str]) -> PreviousDeck | None:
    """Read a deck this tool wrote before; ``None`` when there is no file at ``path``.

    Anything else that cannot be read is a :class:`~shizheng_anki.errors.PreviousDeckError` of one
    line (see the module docstring for what is checked)."""
    path = Path(path)
    try:
        with open_regular(path, MAX_DECK_BYTES) as file:
            return _read_archive(path, file)
    except FileNotFoundError:
        return None
    except NotRegularFile as error:
        raise _unreadable(path, f"it is {error.kind}, not a file") from None
    except TooLarge as error:
        raise _unreadable(path, f"it is larger than {error.limit >> 20} MiB") from None
    except DeckProblem as error:
        raise _unreadable(path, str(error)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _unreadable(path, f"it is not a complete zip file ({error})") from None
    except sqlite3.Error as error:
        raise _unreadable(path, f"its collection is not a database Anki wrote ({error})") from None
    except OSError as error:
        raise _unreadable(path, error.strerror or str(error)) from None


def anki_export_member(path: str | os.PathLike[str]) -> str | None:
    """The member that marks the file at ``path`` as a deck Anki itself exported (``collection.anki21b``
    or ``collection.anki21``), else None (not such a deck, or not readable)."""
    try:
        with open_regular(Path(path), MAX_DECK_BYTES) as file:
            _check_directory(file)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
    except (OSError, NotRegularFile, TooLarge, DeckProblem, zipfile.BadZipFile, ValueError):
        return None
    return next((name for name in _ANKI_EXPORTS if name in names), None)


def _unreadable(path: Path, why: str) -> PreviousDeckError:
    return PreviousDeckError(f"{path}: cannot be read as an Anki deck: {why}")


def _check_directory(file: BinaryIO) -> None:
    """Size the zip's directory from its end record, before :mod:`zipfile` reads the whole of it."""
    size = file.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise DeckProblem("it is not a zip file (an .apkg is a zip holding collection.anki2)")
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    locator = at - 20
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and tail[max(locator, 0) : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", tail, locator + 8)
        file.seek(record)
        zip64 = file.read(56)
        if len(zip64) == 56 and zip64[:4] == b"PK\x06\x06":
            entries, directory = struct.unpack_from("<QQ", zip64, 32)
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY_BYTES:
        raise DeckProblem(f"it holds {entries} files; a deck holds a few (at most {MAX_ENTRIES} are read)")
    file.seek(0)


def _collection_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    names = set(archive.namelist())
    for name, why in _ANKI_EXPORTS.items():
        if name in names:
            raise DeckProblem(why)
    if "collection.anki2" not in names:
        raise DeckProblem("it holds no collection.anki2; it was not written by shizheng-anki")
    member = archive.getinfo("collection.anki2")
    grows = member.file_size // max(member.compress_size, 1)
    if member.flag_bits & 0x1:
        raise DeckProblem("its collection is encrypted (a zip with a password)")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DeckProblem(f"its collection is compressed by method {member.compress_type}; Anki's decks use deflate")
    if member.file_size > MAX_COLLECTION_BYTES:
        raise DeckProblem(
            f"its collection would unpack to {member.file_size >> 20} MiB (at most {MAX_COLLECTION_BYTES >> 20} MiB are read)"
        )
    if member.file_size > 1 << 20 and grows > MAX_RATIO:
        raise DeckProblem(
            f"its collection would grow {grows}× when unpacked (a zip bomb?); a deck grows at most {MAX_RATIO}×"
        )
    return member


def _read_archive(path: Path, file: BinaryIO) -> PreviousDeck:
    _check_directory(file)
    with zipfile.ZipFile(file) as archive:
        member = _collection_member(archive)
        with _scratch(path) as database:
            with archive.open(member) as source, database.open("wb") as target:
                unpacked = 0
                while chunk := source.read(1 << 20):
                    unpacked += len(chunk)
                    if unpacked > member.file_size:  # zipfile stops at the stated size: checked, not assumed
                        raise DeckProblem("its collection is larger than its zip entry says")
                    target.write(chunk)
            connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            try:
                _bound_work(connection, unpacked)
                return _read_collection(str(path), connection)
            finally:
                connection.close()


@contextlib.contextmanager
def _scratch(deck: Path) -> Iterator[Path]:
    """Where the collection is unpacked: a hidden file beside the deck (the next build removes one a
    killed run left), else, beside a deck in a folder we may not write, the system's temporary folder."""
    try:
        scratch: Path | None = new_scratch(deck)
    except OSError:
        scratch = None
    if scratch is None:
        with tempfile.TemporaryDirectory(prefix="shizheng-anki-") as folder:
            yield Path(folder) / "collection.anki2"
        return
    try:
        clean_stale(deck, {scratch.name})
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)


def _bound_work(connection: sqlite3.Connection, size: int) -> None:
    """Stop SQLite after work far beyond what reading a collection of ``size`` bytes takes."""
    budget = [_WORK_PER_BYTE * size + _WORK_BASE]

    def spend() -> int:
        budget[0] -= _WORK_STEP
        return 1 if budget[0] < 0 else 0  # non-zero interrupts the statement: sqlite3.OperationalError

    connection.set_progress_handler(spend, _WORK_STEP)
    connection.execute("PRAGMA trusted_schema = OFF")


def _check_tables(connection: sqlite3.Connection) -> None:
    """``col``, ``notes`` and ``cards`` are plain tables whose columns we read are stored values."""
    schema = {
        name: (kind, sql or "")
        for name, kind, sql in connection.execute(
            "SELECT name, type, sql FROM sqlite_master WHERE name IN ('col', 'notes', 'cards')"
        )
    }
    for table, columns in _COLUMNS.items():
        kind, sql = schema.get(table, (None, ""))
        if kind is None:
            raise DeckProblem(f"its collection has no {table} table")
        if kind != "table" or sql.upper().lstrip().startswith("CREATE VIRTUAL"):
            raise DeckProblem(
                f"in its collection, {table} is a {kind if kind != 'table' else 'virtual table'}, not a table"
            )
        stored = {row[1]: row[6] for row in connection.execute(f"PRAGMA table_xinfo({table})")}
        for column in columns:
            if stored.get(column) != 0:
                raise DeckProblem(f"its {table} table has no stored column {column}")


def _json_object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, str):
        raise DeckProblem(f"its {what} are not JSON text")
    try:
        data = json.loads(value)
    except RecursionError:
        raise DeckProblem(f"its {what} JSON is nested too deeply") from None
    except ValueError:
        raise DeckProblem(f"its {what} are not valid JSON") from None
    if not isinstance(data, dict):
        raise DeckProblem(f"its {what} JSON is {_kind(data)}, not an object")
    return data


def _kind(value: object) -> str:
    """What a value read is, in words: ``a list``, ``text``, ``null`` …"""
    kinds = {list: "a list", dict: "an object", str: "text", bytes: "bytes", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a fraction" if isinstance(value, float) else "a number")


def _whole(value: object, what: str, low: int = -(1 << 63), high: int = (1 << 63) - 1) -> int:
    """``value`` when it is a whole number in ``low..high`` (not a bool, not text), else a DeckProblem."""
    if type(value) is not int:
        raise DeckProblem(f"{what} is {_kind(value)}, not a whole number")
    if not low <= value <= high:
        raise DeckProblem(f"{what} is {value}, outside {low}..{high}")
    return value


def _id(key: str, what: str) -> int:
    if not (key.isascii() and key.lstrip("-").isdigit() and len(key) <= 20):
        raise DeckProblem(f"{what} id {key[:30]!r} is not a whole number")
    return _whole(int(key), f"{what} id")


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise DeckProblem(f"{what} is {_kind(value)}, not text")
    return value


def _objects(value: object, what: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise DeckProblem(f"{what} is not a list of objects")
    return value


def _note_type(key: str, model: object) -> tuple[int, str]:
    """A note type's time and digest (see :func:`note_type_digest`), every value checked."""
    what = f"note type {key[:30]}"
    if not isinstance(model, dict):
        raise DeckProblem(f"{what} is {_kind(model)}, not an object")
    templates = [
        (
            _text(t.get("name"), f"{what}: a template's name"),
            _text(t.get("qfmt"), f"{what}: a front"),
            _text(t.get("afmt"), f"{what}: a back"),
        )
        for t in _objects(model.get("tmpls"), f"{what}: tmpls")
    ]
    fields = [_text(f.get("name"), f"{what}: a field's name") for f in _objects(model.get("flds"), f"{what}: flds")]
    kind = _whole(model.get("type"), f"{what}: type", 0, 1)
    mod = _whole(model.get("mod"), f"{what}: mod", *_TIMES_READ)
    name, css = _text(model.get("name"), f"{what}: name"), _text(model.get("css"), f"{what}: css")
    return mod, note_type_digest(name, fields, templates, css, kind == 1)


def _guid(value: object) -> str:
    guid = _text(value, "a note's guid")
    if not 1 <= len(guid) <= 64 or not all("!" <= char <= "~" for char in guid):
        raise DeckProblem(f"a note's guid {guid[:30]!r} is not one Anki writes (1–64 printable ASCII characters)")
    return guid


def _read_collection(path: str, connection: sqlite3.Connection) -> PreviousDeck:
    _check_tables(connection)
    row = connection.execute("SELECT models, decks FROM col").fetchone()
    if row is None:
        raise DeckProblem("its collection has no col row")
    models, decks = _json_object(row[0], "note types (col.models)"), _json_object(row[1], "decks (col.decks)")
    deck_names: dict[int, str] = {}
    for key, deck in decks.items():
        if not isinstance(deck, dict):
            raise DeckProblem(f"deck {key[:30]} is {_kind(deck)}, not an object")
        deck_names[_id(key, "deck")] = _text(deck.get("name"), f"deck {key[:30]}: name")
    note_types = {_id(key, "note type"): _note_type(key, model) for key, model in models.items()}
    first_deck: dict[int, int] = {}  # a note's deck: the lowest deck id of its cards
    for nid, did in connection.execute("SELECT nid, did FROM cards"):
        nid, did = _whole(nid, "a card's note id"), _whole(did, "a card's deck id")
        if did < first_deck.get(nid, did + 1):
            first_deck[nid] = did
    notes: dict[str, PreviousNote] = {}
    for nid, guid, mid, flds, tags, mod in connection.execute("SELECT id, guid, mid, flds, tags, mod FROM notes"):
        guid = _guid(guid)
        what = f"note {guid}"
        notes[guid] = PreviousNote(
            guid,
            _whole(mid, f"{what}: note type id"),
            deck_names.get(first_deck.get(_whole(nid, f"{what}: id"), 0), ""),
            tuple(_text(flds, f"{what}: fields").split("\x1f")),
            tuple(_text(tags, f"{what}: tags").split()),
            _whole(mod, f"{what}: mod", *_TIMES_READ),
        )
    return PreviousDeck(path, notes, note_types)
