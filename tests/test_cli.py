"""The command line, through click's runner: summary, JSON, dry run, default names, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from shizheng_anki.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_writes_the_deck_and_prints_one_summary_line(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "2024-12.apkg"
    result = runner.invoke(main, [str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        f"1 document, 4 events, 66 key phrases, 25 enumeration items → 112 notes, 140 cards → {out}"
    ]
    assert "every note counts as changed" in result.stderr and "will be overwritten" in result.stderr
    assert out.stat().st_size > 0


def test_json_alone_on_stdout(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [str(EXAMPLE), "--json", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (document,) = data["documents"]
    assert document["title"] == "2024年12月时政"
    event = document["events"][2]
    assert set(event) >= {"title", "line", "key_phrases", "enumerations"}
    assert set(event["key_phrases"][0]) >= {"text", "sentence", "line"}
    assert set(event["enumerations"][0]) >= {"stem", "declared_count", "items"}
    assert set(event["enumerations"][0]["items"][0]) >= {"ordinal", "text", "line"}
    assert len(data["notes"]) == 112  # 94 for the phrases and lists, 18 exam notes
    assert set(data["notes"][0]) == {"guid", "note_type", "deck", "tags", "fields"}
    assert "112 notes" in result.stderr


def test_dry_run_writes_nothing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, [str(EXAMPLE), "--dry-run"])
    assert result.exit_code == 0
    assert list(tmp_path.iterdir()) == []
    assert "→" in result.output and ".apkg" not in result.output


def test_default_output_is_named_after_the_first_input(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(EXAMPLE, notes / "12月.md")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert runner.invoke(main, [str(notes / "12月.md")]).exit_code == 0
    assert runner.invoke(main, [str(notes)]).exit_code == 0
    assert sorted(p.name for p in work.iterdir()) == ["12月.apkg", "notes.apkg"]


def test_folder_builds_every_md_below_it_in_sorted_order(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2024-12.md").write_text("# 十二月\n\n## 会议\n\n**乙**\n", encoding="utf-8")
    (tmp_path / "2024-11.md").write_text("# 十一月\n\n## 会议\n\n**甲**\n", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not notes", encoding="utf-8")
    result = runner.invoke(main, [str(tmp_path), "--json", "--dry-run"])
    assert [d["title"] for d in json.loads(result.stdout)["documents"]] == ["十一月", "十二月"]


def test_deck_option(runner: CliRunner) -> None:
    result = runner.invoke(main, [str(EXAMPLE), "--deck", "考研", "--json", "--dry-run"])
    assert {n["deck"] for n in json.loads(result.stdout)["notes"]} == {"考研::2024年12月时政"}


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.md", "no such file or folder"),
        (lambda d: _write(d / "empty.md", ""), "is empty"),
        (lambda d: _write(d / "blank.md", " \n\n"), "is empty"),
        (lambda d: _write(d / "nothing.md", "# 标题\n\n没有任何提法。\n"), "nothing to build"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "holds no .md files"),
        (lambda d: _write_bytes(d / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00"), "binary"),
    ],
    ids=["missing", "empty", "blank", "no facts", "empty folder", "binary"],
)
def test_bad_input_is_one_line_naming_the_file(runner: CliRunner, tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    path = setup(tmp_path)
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"last week's deck")
    result = runner.invoke(main, [str(path), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"last week's deck"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_output_in_a_missing_folder_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "no" / "deck.apkg"
    result = runner.invoke(main, [str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 1 and str(out) in result.output and "does not exist" in result.output
    assert not out.parent.exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_deck_file_gets_ordinary_permissions(runner: CliRunner, tmp_path: Path) -> None:
    import os

    out = tmp_path / "deck.apkg"
    umask = os.umask(0o022)
    try:
        assert runner.invoke(main, [str(EXAMPLE), "-o", str(out)]).exit_code == 0
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o600)
    assert runner.invoke(main, [str(EXAMPLE), "-o", str(out)]).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600  # a rebuild keeps what the learner chose
