"""Last week's deck, damaged or crafted: one line, never a traceback, a hang, or its content re-published.

A previous deck may come from anywhere (``--previous``), and the file at the output path may not be
the deck this tool wrote. Each damage below is checked three ways:

- named with ``--previous`` (the command in a process of its own, with a time limit): exit 1, one line
  ``<path>: cannot be read as an Anki deck: <why>``, the file untouched, nothing written, no temporary
  file beside it or in the system's temporary folder;
- lying at the output path: the build says so (every note counts as changed) and replaces it — except
  a deck Anki itself exported, which may hold the learner's own cards and history: never replaced;
- through the API: :func:`read_previous` raises :class:`PreviousDeckError` saying the same.
"""

from __future__ import annotations

import io
import re
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, VAULT, anki_import, assert_inert, one_line_error, run_command

from shizheng_anki import PreviousDeckError, build_deck
from shizheng_anki.cli import main
from shizheng_anki.package import reading
from shizheng_anki.package.previous import REMOVED_TAG, own_markup_only
from shizheng_anki.package.reading import read_previous

NOTES = "# 笔记\n\n## 会议\n\n坚持**人民至上**，推进**高质量发展**。\n"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A deck as this tool writes it."""
    folder = tmp_path_factory.mktemp("good")
    return build_deck([NOTES]).write(folder / "good.apkg").read_bytes()


def _collection(deck: bytes, folder: Path) -> Path:
    """Last week's collection, unpacked beside (not in) the folder the case works in."""
    (folder.parent / "make").mkdir(exist_ok=True)
    database = folder.parent / "make" / "collection.anki2"
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        database.write_bytes(archive.read("collection.anki2"))
    return database


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def with_sql(*statements: str) -> Callable[[bytes, Path], Path]:
    """Last week's deck with its collection changed by SQL."""

    def make(deck: bytes, folder: Path) -> Path:
        database = _collection(deck, folder)
        connection = sqlite3.connect(database)
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.close()
        return _zip(folder / "last.apkg", {"collection.anki2": database.read_bytes(), "media": b"{}"})

    return make


#: The notes table again, without constraints or column types, so that a value may be anything.
LOOSE_NOTES = (
    "CREATE TABLE loose (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)",
    "INSERT INTO loose SELECT * FROM notes",
    "DROP TABLE notes",
    "ALTER TABLE loose RENAME TO notes",
)


def patched_headers(
    flag: int | None = None, method: int | None = None, size: int | None = None
) -> Callable[[bytes, Path], Path]:
    """Last week's deck with the collection's zip headers (local and central) changed."""

    def make(deck: bytes, folder: Path) -> Path:
        data = bytearray(deck)
        for signature, flag_at, method_at, size_at in ((b"PK\x03\x04", 6, 8, 22), (b"PK\x01\x02", 8, 10, 24)):
            at = data.find(signature)  # collection.anki2 is the first member
            if flag is not None:
                data[at + flag_at : at + flag_at + 2] = struct.pack("<H", data[at + flag_at] | flag)
            if method is not None:
                data[at + method_at : at + method_at + 2] = struct.pack("<H", method)
            if size is not None:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", size)
        path = folder / "last.apkg"
        path.write_bytes(bytes(data))
        return path

    return make


def members(**named: bytes | None) -> Callable[[bytes, Path], Path]:
    """A zip of these members; ``None`` is last week's collection."""

    def make(deck: bytes, folder: Path) -> Path:
        collection = _collection(deck, folder).read_bytes()
        files = {name.replace("_", "."): collection if data is None else data for name, data in named.items()}
        return _zip(folder / "last.apkg", files)

    return make


def raw(data: Callable[[bytes], bytes]) -> Callable[[bytes, Path], Path]:
    def make(deck: bytes, folder: Path) -> Path:
        path = folder / "last.apkg"
        path.write_bytes(data(deck))
        return path

    return make


def zip_bomb(deck: bytes, folder: Path) -> Path:
    """100 MiB of zeros deflate to a tenth of a MiB: a collection that grows a thousandfold."""
    path = folder / "last.apkg"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("collection.anki2", "w") as member,
    ):
        for _ in range(100):
            member.write(bytes(1 << 20))
    return path


INFINITE_VIEW = (
    "DROP TABLE notes",
    "CREATE VIEW notes AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
    " SELECT n AS id, 'g' || n AS guid, 1 AS mid, 0 AS mod, 0 AS usn, '' AS tags, '' AS flds, '' AS sfld,"
    " 0 AS csum, 0 AS flags, '' AS data FROM r",
)
GENERATED_FIELDS = (
    "CREATE TABLE loose (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text,"
    " flds text AS (zeroblob(100000000)) VIRTUAL, sfld text, csum integer, flags integer, data text)",
    "DROP TABLE notes",
    "ALTER TABLE loose RENAME TO notes",
)

#: name → (how to make the damaged deck from a good one, what the line says after "cannot be read as an Anki deck: ")
DAMAGE: dict[str, tuple[Callable[[bytes, Path], Path], str]] = {
    "empty file": (raw(lambda deck: b""), "it is not a zip file"),
    "not a zip": (raw(lambda deck: b"last week's notes, as text"), "it is not a zip file"),
    "cut short": (raw(lambda deck: deck[: len(deck) // 2]), "it is not a zip file"),
    "encrypted member": (patched_headers(flag=0x1), "its collection is encrypted"),
    "unknown compression": (patched_headers(method=93), "its collection is compressed by method 93"),
    "larger than its entry says": (patched_headers(size=1000), "it is not a complete zip file (Bad CRC-32"),
    "zip bomb": (zip_bomb, "its collection would grow"),
    "no collection": (members(media=b"{}"), "it holds no collection.anki2"),
    "not a database": (
        members(collection_anki2=b"SQLite format 2\x00" + bytes(5000)),
        "its collection is not a database",
    ),
    "exported by a newer Anki": (
        members(collection_anki2=None, collection_anki21b=b"\x28\xb5\x2f\xfd zstd", media=b""),
        "it was exported by a newer Anki (collection.anki21b)",
    ),
    "exported by Anki 2.1": (members(collection_anki2=None, collection_anki21=None), "it was exported by Anki 2.1"),
    "no notes table": (with_sql("DROP TABLE notes"), "its collection has no notes table"),
    "notes as a view that never ends": (with_sql(*INFINITE_VIEW), "in its collection, notes is a view, not a table"),
    "fields computed on reading": (with_sql(*GENERATED_FIELDS), "its notes table has no stored column flds"),
    "no col row": (with_sql("DELETE FROM col"), "its collection has no col row"),
    "models JSON a list": (with_sql("UPDATE col SET models = '[]'"), "its note types (col.models) JSON is a list"),
    "decks JSON a list": (with_sql("UPDATE col SET decks = '[1, 2]'"), "its decks (col.decks) JSON is a list"),
    "models JSON nested deeply": (
        with_sql("UPDATE col SET models = '" + "[" * 100_000 + "]" * 100_000 + "'"),
        "its note types (col.models) JSON is nested too deeply",
    ),
    "models not JSON": (with_sql("UPDATE col SET models = '{'"), "are not valid JSON"),
    "a note type's mod as text": (
        with_sql(
            "UPDATE col SET models = json_set(models, '$.' || (SELECT key FROM json_each(models) LIMIT 1) || '.mod', 'soon')"
        ),
        "mod is text, not a whole number",
    ),
    "a deck that is a number": (
        with_sql("UPDATE col SET decks = json_set(decks, '$.' || (SELECT key FROM json_each(decks) LIMIT 1), 7)"),
        "is a number, not an object",
    ),
    "NULL tags": (with_sql(*LOOSE_NOTES, "UPDATE notes SET tags = NULL"), "tags is null, not text"),
    "mod as text": (with_sql("UPDATE notes SET mod = 'tomorrow'"), "mod is text, not a whole number"),
    "mod out of range": (
        with_sql("UPDATE notes SET mod = 99999999999999"),
        "mod is 99999999999999, outside 0..4354819199",
    ),
    "fields as a number": (with_sql(*LOOSE_NOTES, "UPDATE notes SET flds = 12"), "fields is a number, not text"),
    "a guid Anki never writes": (with_sql("UPDATE notes SET guid = 'a b' || id"), "is not one Anki writes"),
    "a card's deck as text": (with_sql("UPDATE cards SET did = 'x'"), "a card's deck id is text"),
}


def _work(tmp_path: Path) -> Path:
    (tmp_path / "work").mkdir(exist_ok=True)
    return tmp_path / "work"


#: Damage that marks a deck the learner made in Anki: never replaced, even at the output path.
EXPORTS = {"exported by a newer Anki", "exported by Anki 2.1"}


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE)
def test_a_damaged_previous_deck_is_one_line(damage: str, good: bytes, tmp_path: Path) -> None:
    make, says = DAMAGE[damage]
    folder, temp = tmp_path / "work", tmp_path / "tmp"
    folder.mkdir()
    temp.mkdir()
    previous = make(good, folder)
    before = previous.read_bytes()
    notes = folder / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")

    ran = run_command(notes, "-o", folder / "new.apkg", "--previous", previous, env={"TMPDIR": str(temp)})
    line = one_line_error(ran, f"{previous}: cannot be read as an Anki deck: ", says)
    assert previous.read_bytes() == before and not (folder / "new.apkg").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["last.apkg", "notes.md"]
    assert list(temp.iterdir()) == [], line

    with pytest.raises(PreviousDeckError, match=f"cannot be read as an Anki deck: .*{re.escape(says)}"):
        read_previous(previous)
    with pytest.raises(PreviousDeckError):
        build_deck([notes]).compare(previous, required=True)

    at_output = CliRunner().invoke(main, [str(notes), "-o", str(previous)])
    if damage in EXPORTS:  # the learner's own export: not replaced
        assert at_output.exit_code == 1 and "is a deck Anki exported" in at_output.output
        assert "not replaced" in at_output.output and previous.read_bytes() == before
        dry = CliRunner().invoke(main, [str(notes), "-o", str(previous), "--dry-run"])
        assert dry.exit_code == 0 and "cannot be read as an Anki deck" in dry.stderr
        return
    assert at_output.exit_code == 0, at_output.output
    assert "cannot be read as an Anki deck: " in at_output.stderr and says in at_output.stderr
    assert "every note counts as changed" in at_output.stderr
    assert "Traceback" not in at_output.output
    imported = anki_import(previous, tmp_path / "collection.anki2")
    assert len(imported.cards) == 2
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)


def test_a_directory_of_too_many_entries_is_refused_before_it_is_read(
    good: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_ENTRIES", 2)  # a real one would be 100,001 entries
    previous = members(collection_anki2=None, media=b"{}", extra=b"x")(good, _work(tmp_path))
    with pytest.raises(PreviousDeckError, match="it holds 3 files"):
        read_previous(previous)


def test_a_runaway_query_is_stopped() -> None:
    """The backstop behind the table checks: SQLite stops after work far beyond the database's size."""
    connection = sqlite3.connect(":memory:")
    reading._bound_work(connection, 1 << 20)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        connection.execute(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
        ).fetchone()


# -- what a previous deck held is not written again as it was --------------------------------------------

HOSTILE_FIELDS = (
    "<script>alert(1)</script>坚持{{c1::<img src=x onerror=alert(2)>人民}}[sound:x.mp3]",
    '<a href="javascript:alert(3)">来源</a>&#60;script&#62;',
    "<iframe src=https://evil.example></iframe>{{c2::x",
    "[sound:y.mp3]&#91;sound:z.mp3&#93;",
)


def test_a_removed_note_is_written_again_with_only_our_own_markup(good: bytes, tmp_path: Path) -> None:
    """A note last week's deck held and this week's notes do not is written once more, tagged, so that
    the learner finds it. Its fields come from that deck, which may be anyone's: what this tool does not
    write (a script, an event handler, a sound, a link) is escaped as text, so the card shows it and
    does nothing."""
    fields = "\x1f".join(HOSTILE_FIELDS)
    previous = with_sql(
        "INSERT INTO notes SELECT id + 1000, 'removed1', mid, mod, usn, tags, '"
        + fields.replace("'", "''")
        + "', sfld, csum, flags, data FROM notes LIMIT 1",
        "INSERT INTO cards SELECT id + 1000, nid + 1000, did, ord, mod, usn, type, queue, due, ivl, factor, reps,"
        " lapses, left, odue, odid, flags, data FROM cards LIMIT 1",
    )(good, _work(tmp_path))
    deck = tmp_path / "new.apkg"
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    ran = run_command(notes, "-o", deck, "--previous", previous)
    assert ran.code == 0, ran.output
    assert "1 no longer in the notes" in ran.stderr
    imported = anki_import(deck, tmp_path / "collection.anki2")
    (removed,) = [note for note in imported.notes if REMOVED_TAG in note.tags]
    assert removed.guid == "removed1" and removed.cards
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)
    shown = "\n".join(card.answer for card in removed.cards)
    assert "<script>alert(1)</script>" in shown and "[sound:x.mp3]" in shown  # as text, as it was written
    assert "人民" in removed.cards[0].answer and "[...]" in removed.cards[0].question  # its cloze still asks


def test_fields_this_tool_writes_come_back_unchanged() -> None:
    """Our own markup is kept whole: every field of the example (every card option) and of a hostile
    build passes :func:`own_markup_only` as it is."""
    hostile = (
        "# 标题<b>\n\n## 会议\n\n坚持**人民<script>至上**，防止**{{c1::x}}**与**[sound:x.mp3]**、**a::b**。\n\n"
        "一是<b>甲</b>。\n二是乙。\n\n公式**\\\\(x\\\\)**与\\\\[y\\\\]照原样显示。\n"
    )
    builds = [
        build_deck([EXAMPLE], hints=True, source_cards=True, numbers=True),
        build_deck([EXAMPLE], type_answer=True),
        build_deck([hostile], source_cards=True),
        build_deck([VAULT]),  # pictures on the backs
    ]
    assert any("<img " in field for note in builds[-1].notes for field in note.fields)
    assert any("<span>\\</span>" in field for note in builds[-2].notes for field in note.fields)
    for result in builds:
        for note in result.notes:
            for field in note.fields:
                assert own_markup_only(field) == field, field
