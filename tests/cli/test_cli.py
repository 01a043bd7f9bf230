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
        f"1 document, 4 events, 66 key phrases, 25 enumeration items → 110 notes, 145 cards → {out}"
    ]
    assert "no previous deck (first build?): every note is new" in result.stderr
    assert "will be overwritten" not in result.stderr  # a first build: nothing in Anki to overwrite
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
    assert len(data["notes"]) == 110  # 92 for the phrases and lists, 18 exam notes
    assert set(data["notes"][0]) == {"guid", "note_type", "deck", "tags", "fields"}
    assert "110 notes" in result.stderr


def test_dry_run_writes_nothing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, [str(EXAMPLE), "--dry-run"])
    assert result.exit_code == 0
    assert list(tmp_path.iterdir()) == []
    assert "→" in result.output and ".apkg" not in result.output


def test_default_output_is_named_after_the_first_input(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    (tmp_path / "b" / "2024-12.md").write_text("# 十二月\n\n## 会议\n\n坚持**乙**。\n", encoding="utf-8")
    (tmp_path / "2024-11.md").write_text("# 十一月\n\n## 会议\n\n坚持**甲**。\n", encoding="utf-8")
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


def test_check_prints_diagnostics_like_a_compiler_and_strict_fails(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "n.md"
    notes.write_text("## 会议\n\n会议提出五个必须：\n\n一是甲。\n\n二是乙。\n\n未闭合的**粗体\n", encoding="utf-8")
    result = runner.invoke(main, [str(notes), "--check"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        f"{notes}:5: stem declares 5 items but 2 follow: 会议提出五个必须：",
        f"{notes}:9: unclosed ** or __ kept as text",
    ]
    assert list(tmp_path.iterdir()) == [notes]  # --check writes no deck
    strict = runner.invoke(main, [str(notes), "--check", "--strict"])
    assert strict.exit_code == 1
    clean = runner.invoke(main, [str(EXAMPLE), "--check", "--strict"])
    assert clean.exit_code == 0 and clean.stderr == ""


def test_warnings_stay_off_the_json_on_stdout(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_bytes("## 会议\n\n会议提出五个必须：\n\n一是**甲**。\n\n二是乙。\n".encode("gb18030"))
    result = runner.invoke(main, [str(notes), "--json", "--dry-run"])
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert "read as GB18030" in result.stderr and "stem declares 5" in result.stderr


def test_marks_and_encoding_options(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_bytes("## 会议\n\n坚持**加粗**和==高亮==。\n".encode("gbk"))
    result = runner.invoke(main, [str(notes), "--json", "--dry-run", "--marks", "highlight", "--encoding", "gbk"])
    assert result.exit_code == 0, result.stderr
    phrases = [p["text"] for p in json.loads(result.stdout)["documents"][0]["events"][0]["key_phrases"]]
    assert phrases == ["高亮"] and "GB18030" not in result.stderr
    bad = runner.invoke(main, [str(notes), "--marks", "italic"])
    assert bad.exit_code == 2 and "--marks" in bad.stderr
    wrong = runner.invoke(main, [str(notes), "--encoding", "utf-8", "--dry-run"])
    assert wrong.exit_code == 1 and "is not valid utf-8" in wrong.stderr and "Traceback" not in wrong.output


def test_dry_run_table_is_aligned_by_display_width_and_fits_the_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shizheng_anki.views.width import display_width

    monkeypatch.setenv("COLUMNS", "90")
    result = runner.invoke(main, [str(EXAMPLE), "--dry-run", "--hints"])
    assert result.exit_code == 0, result.output
    header, *rows, summary = result.stdout.strip().splitlines()
    assert header.split() == ["事件", "类型", "问题", "答案"]
    assert len(rows) == 145 and "110 notes, 145 cards" in summary  # a row per card: parallel notes have several
    assert all(display_width(line) <= 90 for line in rows)
    # the kind column starts at the same screen column on every row, whatever the Chinese text before it
    kinds = {
        display_width(line[: line.index(kind)])
        for line in rows
        for kind in ("填空", "顺序", "整组", "并列", "序数", "日期")
        if f"  {kind}  " in line
    }
    assert len(kinds) == 1
    first = rows[0]
    assert "第四次" in first and "填空" in first and "[…18字…]" in first and "坚定战略自信" in first
    item = next(line for line in rows if "三是［…］" in line and "发挥经济体制改革" in line)
    assert "顺序" in item


def test_quiet_prints_nothing_and_verbose_names_each_file(runner: CliRunner, tmp_path: Path) -> None:
    quiet = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "q.apkg"), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == "" and (tmp_path / "q.apkg").exists()
    quiet_error = runner.invoke(main, [str(tmp_path / "missing.md"), "-q"])
    assert quiet_error.exit_code == 1 and "missing.md" in quiet_error.output
    verbose = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "v.apkg"), "--verbose"])
    assert f"{EXAMPLE}: 《2024年12月时政》 4 events, 66 key phrases, 25 enumeration items" in verbose.stderr
    assert "110 notes" in verbose.stdout


def test_colour_only_on_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    args = [str(EXAMPLE), "--dry-run"]
    assert "\x1b[" not in runner.invoke(main, args).output  # piped: plain text
    assert "\x1b[" in runner.invoke(main, args, color=True).output


def test_no_progress_bar_when_piped(tmp_path: Path) -> None:
    import subprocess
    import sys

    for month in range(1, 6):
        (tmp_path / f"2024-{month:02}.md").write_text(
            f"# {month}月\n\n## 会议\n\n坚持**稳中求进**。\n", encoding="utf-8"
        )
    done = subprocess.run(
        [sys.executable, "-m", "shizheng_anki", str(tmp_path), "-o", str(tmp_path / "d.apkg")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "读取笔记" not in done.stderr and "\r" not in done.stderr and "\x1b[" not in done.stderr + done.stdout


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    for month in range(1, 6):
        (tmp_path / f"2024-{month:02}.md").write_text(
            f"# {month}月\n\n## 会议\n\n坚持**稳中求进**。\n", encoding="utf-8"
        )
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "shizheng_anki", str(tmp_path), "-o", str(tmp_path / "d.apkg")],
        stdout=subprocess.PIPE,
        stderr=follower,
        text=False,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert "读取笔记".encode() in shown and b"100%" in shown


def test_hints_type_answer_and_preview_options(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "preview.html"
    result = runner.invoke(
        main, [str(EXAMPLE), "--hints", "--type-answer", "--preview", str(page), "--json", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    clozes = [n for n in notes if n["note_type"] == "shizheng-anki 时政填空（输入）"]
    assert len(clozes) == 80  # 66 phrase notes and 14 并列 notes
    assert "{{c1::稳中求进::…4字…}}" in next(n["fields"]["Text"] for n in clozes if "稳中求进::" in n["fields"]["Text"])
    assert page.read_text(encoding="utf-8").count('class="pv-pair"') == 2 * 145  # every card, light and night
    assert not list(tmp_path.glob("*.apkg"))


def test_preview_into_a_missing_folder_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [str(EXAMPLE), "--dry-run", "--preview", str(tmp_path / "no" / "p.html")])
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
