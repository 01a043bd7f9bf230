"""Reading a vault as a folder of notes: its hidden folders hold no notes to learn."""

from __future__ import annotations

from pathlib import Path

from conftest import VAULT

from shizheng_anki.read import read_sources


def test_hidden_folders_of_a_vault_are_not_read(tmp_path: Path) -> None:
    for path in (".trash/删掉的笔记.md", ".obsidian/plugins/x/README.md", "时政/笔记.md", "时政/.git/x.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("## 会议\n\n坚持**稳中求进**。\n", encoding="utf-8")
    assert [Path(source.path).relative_to(tmp_path).as_posix() for source in read_sources(tmp_path)] == ["时政/笔记.md"]


def test_each_note_knows_the_folder_it_was_named_in(tmp_path: Path) -> None:
    assert {source.folder for source in read_sources(VAULT)} == {str(VAULT)}
    note = VAULT / "时政" / "2024年12月时政.md"
    (source,) = read_sources(note)
    assert source.folder == str(note.parent)
    (text,) = read_sources("## 会议\n\n坚持**稳中求进**。\n")
    assert text.folder is None
