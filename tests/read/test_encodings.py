"""Every text file and file name a learner may have: read as what it is, or refused in one line.

Windows Notepad saves "Unicode" as UTF-16 with a byte-order mark; unzip leaves a Windows archive's
names as GBK bytes, which are not UTF-8 (Python sees them as lone surrogates, which no strict encoder
takes: not the deck's SQLite, not a strict UTF-8 stdout). Codecs Python has that do not decode text
files are refused; text that holds lone surrogates (from the API, or a codec such as UTF-7) has them
replaced, with a notice.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import anki_import, assert_inert, one_line_error, run_command

from shizheng_anki import SourceError, build_deck
from shizheng_anki.cli import main

NOTES = "# 笔记\n\n## 会议\n\n坚持**人民至上**。\n"
#: 中文笔记.md in GBK bytes, and a name that is not even GBK.
GBK_NAME = "中文笔记.md".encode("gbk")
BAD_NAME = b"\xff\xfe\xff.md"
STRICT = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
    ids=["UTF-16 LE", "UTF-16 BE", "UTF-32 LE", "UTF-32 BE"],
)
def test_utf16_and_utf32_with_a_bom_are_read_as_such(bom: bytes, encoding: str, tmp_path: Path) -> None:
    notes = tmp_path / "notepad.md"
    notes.write_bytes(bom + NOTES.replace("\n", "\r\n").encode(encoding))
    deck = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, [str(notes), "-o", str(deck)])
    assert result.exit_code == 0, result.output
    assert "binary" not in result.output and "not UTF-8" not in result.output
    (phrase,) = build_deck([notes]).documents[0].events[0].key_phrases
    assert phrase.text == "人民至上" and phrase.line == 5
    (card,) = anki_import(deck, tmp_path / "collection.anki2").cards
    assert card.question.splitlines() == ["会议 · 笔记", "坚持[...]。"] and "人民至上" in card.answer


def test_a_utf16_file_that_is_cut_short_is_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "cut.md"
    notes.write_bytes(codecs.BOM_UTF16_LE + NOTES.encode("utf-16-le")[:-1])
    line = one_line_error(run_command(notes, "--dry-run"), str(notes))
    assert "is not valid utf-16 text" in line


def _gbk_folder(tmp_path: Path) -> Path:
    """A notes folder as unzip leaves a Windows archive: the file names are GBK bytes."""
    folder = tmp_path / "unzipped"
    folder.mkdir()
    # no # title: the document is named after its file; an unclosed ** for a problem to report
    (folder / os.fsdecode(GBK_NAME)).write_bytes("## 会议\n\n坚持**人民至上**。\n\n未闭合的**粗体\n".encode())
    (folder / os.fsdecode(BAD_NAME)).write_bytes("## 会议\n\n坚持**稳中求进**。\n".encode())
    return folder


def test_file_names_that_are_not_utf8_build_and_print_on_a_strict_utf8_stream(tmp_path: Path) -> None:
    folder = _gbk_folder(tmp_path)
    deck = tmp_path / "deck.apkg"
    built = run_command(folder, "-o", deck, env=STRICT)
    assert built.code == 0, built.output
    assert (
        "中文笔记.md: file name is not UTF-8 (\\xd6\\xd0\\xce\\xc4\\xb1\\xca\\xbc\\xc7.md); shown as GB18030"
        in built.stderr
    )
    assert "\\xff\\xfe\\xff.md: file name is not UTF-8 (\\xff\\xfe\\xff.md)\n" in built.stderr
    imported = anki_import(deck, tmp_path / "collection.anki2")
    assert {card.deck for card in imported.cards} == {"时政::中文笔记", "时政::\\xff\\xfe\\xff"}
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)

    checked = run_command(folder, "--check", env=STRICT)
    assert checked.code == 0 and "Traceback" not in checked.output
    assert f"{folder}/中文笔记.md:5: unclosed ** or __ kept as text" in checked.stderr

    printed = run_command(folder, "--json", "--dry-run", env=STRICT)
    assert printed.code == 0, printed.output
    paths = [document["path"] for document in json.loads(printed.stdout)["documents"]]
    assert sorted(Path(path).name for path in paths) == ["\\xff\\xfe\\xff.md", "中文笔记.md"]

    alone = run_command(Path(folder / os.fsdecode(GBK_NAME)), env=STRICT, cwd=tmp_path)  # the deck named after it
    assert alone.code == 0, alone.output
    assert (tmp_path / os.fsdecode(GBK_NAME.removesuffix(b".md") + b".apkg")).is_file()

    (document, other) = build_deck([folder]).documents
    assert {document.title, other.title} == {"中文笔记", "\\xff\\xfe\\xff"}


def test_a_missing_file_named_in_bytes_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / os.fsdecode(GBK_NAME)
    line = one_line_error(run_command(missing, env=STRICT), "中文笔记.md")
    assert "no such file or folder" in line


@pytest.mark.parametrize("codec", ["unicode_escape", "raw_unicode_escape", "idna", "hex", "rot13", "base64"])
def test_a_codec_that_does_not_decode_text_files_is_one_line(codec: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    line = one_line_error(run_command(notes, "--encoding", codec, "-o", tmp_path / "deck.apkg"), str(notes))
    assert "not an encoding of text files" in line or "not a text encoding" in line or "unknown encoding" in line
    assert not (tmp_path / "deck.apkg").exists()
    with pytest.raises(SourceError, match="encoding"):
        build_deck([notes], encoding=codec)


def test_utf7_is_read_and_a_lone_surrogate_it_makes_is_replaced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(NOTES.encode("utf-7").replace(b"\xe4", b"") + b"\n+2AA-\n")  # +2AA- is U+D800 alone
    deck = tmp_path / "deck.apkg"
    built = run_command(notes, "--encoding", "utf-7", "-o", deck, env=STRICT)
    assert built.code == 0, built.output
    assert "1 unpaired surrogate (U+D800) replaced by U+FFFD" in built.stderr
    (card,) = anki_import(deck, tmp_path / "collection.anki2").cards
    assert "人民至上" in card.answer
    not_utf7 = tmp_path / "utf8.md"
    not_utf7.write_bytes("# 笔记\n\n坚持**人民至上**。+Zm9v-\n".encode())  # UTF-8 bytes are not 7-bit
    assert "is not valid utf-7 text" in one_line_error(run_command(not_utf7, "--encoding", "utf-7"), str(not_utf7))


def test_a_lone_surrogate_in_text_given_to_build_deck_is_replaced_with_a_notice(tmp_path: Path) -> None:
    result = build_deck(["# 笔记\n\n## 会议\n\n坚持**人民\ud800至上**。\n"])
    assert result.notices == (
        "<text>:5: 1 unpaired surrogate (U+D800) replaced by U+FFFD; they are not text (check the encoding)",
    )
    (phrase,) = result.documents[0].events[0].key_phrases
    assert phrase.text == "人民\ufffd至上"
    (card,) = anki_import(result.write(tmp_path / "deck.apkg"), tmp_path / "collection.anki2").cards
    assert "人民\ufffd至上" in card.answer
