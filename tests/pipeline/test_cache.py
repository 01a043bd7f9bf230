"""The parse cache: a weekly rebuild parses only the files that changed, and is never wrong for it."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, EXAMPLE

import shizheng_anki.build
import shizheng_anki.cache
from shizheng_anki import build_deck
from shizheng_anki.cache import KEPT_FOR
from shizheng_anki.cli import main


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A notes folder: the example and every corpus file (GB18030, CRLF and front matter among them)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for path in [EXAMPLE, *sorted(CORPUS.glob("*.md"))]:
        shutil.copy(path, folder / path.name)
    return folder


def test_a_rebuild_parses_only_the_edited_file_and_builds_the_same_deck(
    notes: Path, tmp_path: Path, parsed_files: list[str]
) -> None:
    cache = tmp_path / "cache"
    files = sorted(path.name for path in notes.glob("*.md"))
    first = build_deck([notes], cache=cache)
    assert sorted(parsed_files) == files and first.cached == 0
    parsed_files.clear()
    again = build_deck([notes], cache=cache)
    assert parsed_files == [] and again.cached == len(files)
    assert again.to_json() == first.to_json() and again.exam == first.exam

    edited = notes / "2024-12-shizheng.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("**稳中求进**", "**稳中求进、以进促稳**", 1), encoding="utf-8"
    )
    rebuilt = build_deck([notes], cache=cache)
    assert parsed_files == ["2024-12-shizheng.md"] and rebuilt.cached == len(files) - 1
    fresh = build_deck([notes])  # no cache at all
    assert rebuilt.to_json() == fresh.to_json() and rebuilt.exam == fresh.exam
    assert "稳中求进、以进促稳" in str(rebuilt.to_json())


def test_other_marks_or_another_path_or_other_code_is_parsed_again(
    notes: Path, tmp_path: Path, parsed_files: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    build_deck([EXAMPLE], cache=cache)
    parsed_files.clear()
    bold_only = build_deck([EXAMPLE], cache=cache, marks=["bold"])
    assert parsed_files == [EXAMPLE.name] and bold_only.to_json() == build_deck([EXAMPLE], marks=["bold"]).to_json()

    parsed_files.clear()
    moved = tmp_path / "moved.md"
    shutil.copy(EXAMPLE, moved)
    assert build_deck([moved], cache=cache).documents[0].path == str(moved)  # its own path, not the cached one's
    assert parsed_files == ["moved.md"]

    parsed_files.clear()
    monkeypatch.setattr(shizheng_anki.cache, "_code_version", lambda: "a newer shizheng-anki")
    build_deck([EXAMPLE], cache=cache)
    assert parsed_files == [EXAMPLE.name]  # an upgrade (or an edit to the code) never reads old entries


def test_a_damaged_entry_is_parsed_again_and_replaced(tmp_path: Path, parsed_files: list[str]) -> None:
    cache = tmp_path / "cache"
    expected = build_deck([EXAMPLE], cache=cache).to_json()
    (entry,) = cache.glob("*.parsed")
    for damage in (
        b"",
        b"not a pickle",
        entry.read_bytes()[:1000],
        b"\x80\x05K\x01.",
    ):  # empty, junk, cut short, not ours
        entry.write_bytes(damage)
        parsed_files.clear()
        assert build_deck([EXAMPLE], cache=cache).to_json() == expected
        assert parsed_files == [EXAMPLE.name]
        parsed_files.clear()
        build_deck([EXAMPLE], cache=cache)
        assert parsed_files == []  # written again, whole


def test_a_cache_that_cannot_be_written_is_skipped_with_one_notice(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    result = build_deck([EXAMPLE, *sorted(CORPUS.glob("*.md"))[:3]], cache=blocked)
    problems = [notice for notice in result.notices if "parse cache not written" in notice]
    assert len(problems) == 1 and str(blocked) in problems[0]
    assert result.to_json() == build_deck([EXAMPLE, *sorted(CORPUS.glob("*.md"))[:3]]).to_json()
    assert blocked.read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_write_that_fails_leaves_the_entries_already_there_in_use(
    tmp_path: Path, parsed_files: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while the first (edited) file's entry is written: said once, and the other files
    are still read from the cache (the failed write had switched the cache off for reading too)."""
    folder, cache = tmp_path / "notes", tmp_path / "cache"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.md").write_text(f"## 会议{name}\n\n坚持**稳中求进{name}**。\n", encoding="utf-8")
    build_deck([folder], cache=cache)
    (folder / "a.md").write_text("## 会议a\n\n坚持**以进促稳**。\n", encoding="utf-8")

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(shizheng_anki.cache, "write_atomically", disk_full)
    parsed_files.clear()
    result = build_deck([folder], cache=cache)
    assert parsed_files == ["a.md"] and result.cached == 2
    assert [notice for notice in result.notices if "parse cache not written" in notice] == [
        f"{cache}: parse cache not written (No space left on device); the next build parses every file again"
    ]


def test_entries_unused_for_a_month_are_removed_and_used_ones_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_deck([EXAMPLE], cache=cache)
    build_deck([CORPUS / "2021-11-shizheng-liyuan837.md"], cache=cache)
    entries = sorted(cache.glob("*.parsed"), key=lambda path: path.stat().st_mtime)
    assert len(entries) == 2
    old = time.time() - KEPT_FOR - 3600
    for entry in entries:
        os.utime(entry, (old, old))
    leftover = cache / f".{entries[0].name}.k1ll3d_x.tmp"  # what a killed run's write leaves
    users_own = [cache / ".leftover.tmp", cache / "notes.tmp", cache / "old.parsed"]  # not names the cache writes
    for path in [leftover, *users_own]:
        path.write_bytes(b"old")
        os.utime(path, (old, old))
    build_deck([EXAMPLE], cache=cache)  # uses (and so keeps) the example's entry
    remaining = list(cache.glob("*.parsed"))
    assert len(remaining) == 2 and time.time() - min(p.stat().st_mtime for p in remaining) > 60  # old.parsed kept
    assert sum(time.time() - p.stat().st_mtime < 60 for p in remaining) == 1
    assert not leftover.exists()
    assert all(path.read_bytes() == b"old" for path in users_own)


def test_cli_caches_in_the_user_cache_folder_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    runner = CliRunner()
    deck = tmp_path / "deck.apkg"
    done = runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "-v"])
    assert done.exit_code == 0, done.output
    assert len(list((tmp_path / "xdg" / "shizheng-anki").glob("*.parsed"))) == 1
    assert "read from the parse cache" not in done.output
    again = runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "-v"])
    assert "1 of 1 files unchanged since an earlier build: read from the parse cache" in again.output

    elsewhere = tmp_path / "elsewhere"
    assert runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "--cache-dir", str(elsewhere)]).exit_code == 0
    assert len(list(elsewhere.glob("*.parsed"))) == 1

    shutil.rmtree(tmp_path / "xdg")
    assert runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "--no-cache"]).exit_code == 0
    assert not (tmp_path / "xdg").exists()


def test_without_a_home_folder_the_cli_builds_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    done = CliRunner().invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "deck.apkg")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "deck.apkg").exists()
