"""What a new user meets on a first afternoon with the tool: it says what it does, no more, no less.

``-q`` is quiet, ``--json`` says what the README says it does, counts agree with their nouns,
``--strict`` writes nothing it then fails, a first build warns of nothing, a dry run does not claim
what only writing does, a heading cannot tag live notes as removed, and ``SOURCE_DATE_EPOCH`` is a
time a deck and Anki can hold.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOT, anki_import, assert_inert, one_line_error, run_command

from shizheng_anki import OptionError, build_deck
from shizheng_anki.cli import main
from shizheng_anki.package.previous import REMOVED_TAG, TIMESTAMPS

ONE = "# 笔记\n\n## 会议\n\n坚持**人民至上**。\n"
#: Read as GB18030 (a notice), with a declared count that does not match (a problem in the notes).
NOISY = "# 笔记\n\n## 会议\n\n会议提出五个必须：\n\n一是**甲**。\n\n二是乙。\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _noisy(folder: Path) -> Path:
    notes = folder / "noisy.md"
    notes.write_bytes(NOISY.encode("gb18030"))
    return notes


def test_quiet_silences_notices_and_warnings_but_not_errors(runner: CliRunner, tmp_path: Path) -> None:
    notes = _noisy(tmp_path)
    loud = runner.invoke(main, [str(notes), "-o", str(tmp_path / "a.apkg")])
    assert "read as GB18030" in loud.stderr and "stem declares 5 items" in loud.stderr
    quiet = runner.invoke(main, [str(notes), "-o", str(tmp_path / "b.apkg"), "-q"])
    assert quiet.exit_code == 0 and quiet.output == "" and (tmp_path / "b.apkg").exists()
    asked = runner.invoke(main, [str(notes), "--check", "-q"])  # what --check is for: still said
    assert asked.exit_code == 0 and asked.stderr.splitlines() == [
        f"{notes}:7: stem declares 5 items but 2 follow: 会议提出五个必须："
    ]
    error = runner.invoke(main, [str(tmp_path / "missing.md"), "-q"])
    assert error.exit_code == 1 and "missing.md: no such file" in error.output


def test_json_carries_changes_only_when_there_was_a_deck_to_compare_with(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "deck.apkg"
    first = runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "--json"])
    assert first.exit_code == 0 and "changes" not in json.loads(first.stdout)
    dry = runner.invoke(main, [str(EXAMPLE), "--json", "--dry-run", "-o", str(tmp_path / "none.apkg")])
    assert "changes" not in json.loads(dry.stdout)
    again = json.loads(runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "--json"]).stdout)
    notes = len(json.loads(first.stdout)["notes"])
    assert again["changes"]["previous"] == str(deck) and again["changes"]["unchanged"] == notes > 100
    named = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "b.apkg"), "--previous", str(deck), "--json"])
    assert json.loads(named.stdout)["changes"]["previous"] == str(deck)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '有上周的卡组时加上比较 `"changes"`' in readme


def test_counts_agree_with_their_nouns(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "one.md"
    notes.write_text(ONE, encoding="utf-8")
    result = runner.invoke(main, [str(notes), "-o", str(tmp_path / "one.apkg"), "-v"])
    assert result.stdout.strip() == (
        f"1 document, 1 event, 1 key phrase, 0 enumeration items → 1 note, 1 card → {tmp_path / 'one.apkg'}"
    )
    assert f"{notes}: 《笔记》 1 event, 1 key phrase, 0 enumeration items" in result.stderr
    assert build_deck([notes]).summary() == "1 document, 1 event, 1 key phrase, 0 enumeration items → 1 note, 1 card"


def test_strict_writes_nothing_when_a_problem_was_reported(runner: CliRunner, tmp_path: Path) -> None:
    notes = _noisy(tmp_path)
    deck, page = tmp_path / "deck.apkg", tmp_path / "page.html"
    deck.write_bytes(b"last week's deck")
    failed = runner.invoke(main, [str(notes), "-o", str(deck), "--preview", str(page), "--strict"])
    assert failed.exit_code == 1
    assert deck.read_bytes() == b"last week's deck" and not page.exists()
    assert "stem declares 5 items" in failed.stderr and "--strict: 1 problem reported; nothing written" in failed.stderr
    assert f"→ {deck}" not in failed.output
    clean = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "clean.apkg"), "--strict"])
    assert clean.exit_code == 0 and (tmp_path / "clean.apkg").exists()


def test_a_first_build_warns_of_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "first.apkg")])
    assert result.exit_code == 0
    assert "no previous deck (first build?): every note is new" in result.stderr
    assert "overwritten" not in result.output and "every note counts as changed" not in result.output


def test_a_dry_run_does_not_say_removed_notes_stay_tagged(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "last.apkg"
    assert runner.invoke(main, [str(EXAMPLE), "-o", str(deck)]).exit_code == 0
    notes = tmp_path / "notes.md"
    notes.write_text(EXAMPLE.read_text(encoding="utf-8").replace("**战略性兵种**", "战略性兵种"), encoding="utf-8")
    dry = runner.invoke(main, [str(notes), "--dry-run", "--previous", str(deck)])
    assert dry.exit_code == 0
    assert "1 no longer in the notes" in dry.stderr and "stay in Anki" not in dry.stderr
    assert f"No deck written: a build that writes it tags the 1 no longer in the notes {REMOVED_TAG}" in dry.stderr
    written = runner.invoke(main, [str(notes), "-o", str(tmp_path / "new.apkg"), "--previous", str(deck)])
    assert "the 1 no longer in the notes stay in Anki, tagged" in written.stderr


def test_a_heading_named_as_the_removal_tag_does_not_tag_live_notes(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        f"---\ntags: [{REMOVED_TAG}, 考研]\n---\n# 笔记\n\n## {REMOVED_TAG}\n\n坚持**人民至上**。\n", encoding="utf-8"
    )
    result = build_deck([notes])
    assert result.notes and all(REMOVED_TAG not in note.tags for note in result.notes)
    assert all("考研" in note.tags for note in result.notes)
    deck = tmp_path / "deck.apkg"
    assert runner.invoke(main, [str(notes), "-o", str(deck)]).exit_code == 0
    imported = anki_import(deck, tmp_path / "collection.anki2")
    assert imported.notes and all(REMOVED_TAG not in note.tags for note in imported.notes)


# -- SOURCE_DATE_EPOCH ---------------------------------------------------------------------------------

BAD_EPOCHS = {
    "zero": "0",  # note id 0: Anki imports it, then cannot show it
    "superscript two": "²",  # str.isdigit() says yes
    "twenty digits": "9" * 20,
    "year 10000": "253402300800",
    "negative": "-1",
    "before zip times": str(TIMESTAMPS[0] - 1),
    "after zip times": str(TIMESTAMPS[1] + 1),
    "a fraction": "1700000000.5",
}


@pytest.mark.parametrize("value", BAD_EPOCHS.values(), ids=BAD_EPOCHS)
def test_a_source_date_epoch_outside_what_anki_holds_is_one_line(value: str, tmp_path: Path) -> None:
    notes = tmp_path / "one.md"
    notes.write_text(ONE, encoding="utf-8")
    line = one_line_error(run_command(notes, "-o", tmp_path / "deck.apkg", env={"SOURCE_DATE_EPOCH": value}))
    assert f"SOURCE_DATE_EPOCH={value!r}: must be whole seconds since 1970-01-01 UTC, from 315532800" in line
    assert "to 4354819199 (2107-12-31)" in line and not (tmp_path / "deck.apkg").exists()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", value)
        with pytest.raises(OptionError, match=re.escape(f"SOURCE_DATE_EPOCH={value!r}")):
            build_deck([notes])


@pytest.mark.parametrize("when", TIMESTAMPS, ids=["1980-01-01", "2107-12-31"])
def test_the_first_and_last_times_build_decks_anki_shows(when: int, tmp_path: Path) -> None:
    notes = tmp_path / "one.md"
    notes.write_text(ONE, encoding="utf-8")
    deck = tmp_path / "deck.apkg"
    assert run_command(notes, "-o", deck, env={"SOURCE_DATE_EPOCH": str(when)}).code == 0
    (card,) = anki_import(deck, tmp_path / "collection.anki2").cards
    assert card.question.splitlines()[-1] == "坚持[...]。"
    assert_inert(card.question_html)
    assert_inert(card.answer_html)
