"""Weekly re-export, proved with real Anki: build → import → review → edit the notes → rebuild over
last week's deck → import into the same collection. Only what changed may change in Anki."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, anki_import, card_states, new_card_order, review_all

from shizheng_anki import build_deck
from shizheng_anki.cli import main
from shizheng_anki.package.previous import REMOVED_TAG

DAY = 24 * 3600
WEEK = 7 * DAY
MONDAY = 1735516800  # 2024-12-30 00:00 UTC

SENTENCE = "我们要**坚定战略自信，保持战略定力，勇于担当作为**，开创"
EDITED = "我们必须**坚定战略自信，保持战略定力，勇于担当作为**，奋力开创"
NEW_EVENT = "## 2025年全国宣传部长会议\n\n会议强调，要**守正创新**，推动宣传思想文化工作高质量发展。\n\n"
MOVED = "## 总书记视察信息支援部队"


def next_week(text: str) -> str:
    """Edit one sentence around a phrase, add an event with one new phrase, move a section to the end."""
    assert SENTENCE in text and MOVED in text
    text = text.replace(SENTENCE, EDITED)
    head, rest = text.split(MOVED, 1)
    moved, tail = rest.split("\n## ", 1)
    return head + "## " + tail.rstrip("\n") + "\n\n" + MOVED + moved.rstrip("\n") + "\n\n" + NEW_EVENT


def build(text: str, out: Path, when: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(when))
    return build_deck([text]).write(out)


@pytest.fixture
def reviewed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Last week: the example built, imported into a collection, every card reviewed."""
    deck, collection = tmp_path / "时政.apkg", tmp_path / "collection.anki2"
    build(EXAMPLE.read_text(encoding="utf-8"), deck, MONDAY, monkeypatch)
    assert anki_import(deck, collection).log["new"] == 110  # 92 phrases and lists, 18 exam notes
    assert review_all(collection) >= 110
    return deck, collection


def test_a_week_of_edits_updates_only_the_edited_note_and_keeps_every_history(reviewed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    deck, collection = reviewed
    before = card_states(collection)
    assert all(state.reps >= 1 and state.reviews >= 1 for state in before.values())

    build(next_week(EXAMPLE.read_text(encoding="utf-8")), deck, MONDAY + WEEK, monkeypatch)
    imported = anki_import(deck, collection)

    assert imported.log["new"] == 1  # the one new phrase
    assert imported.log["updated"] == 2  # the one edited sentence: its phrase's note and its parallel parts' note
    assert imported.log["conflicting"] == 0
    assert imported.log["duplicate"] == 108  # Anki's word for "matched, nothing to update"
    guids = [note.guid for note in imported.notes]
    assert len(guids) == len(set(guids)) == 111  # no note twice
    after = card_states(collection)
    assert {guid: after[guid] for guid in before} == before  # every reviewed card keeps its history
    (new,) = set(after) - set(before)
    assert after[new].reps == 0
    new_note = next(note for note in imported.notes if note.guid == new)
    assert "守正创新" in new_note.cards[0].answer and new_note.cards[0].deck == "时政::2024年12月时政"
    edited = next(note for note in imported.notes if "我们必须" in note.fields["Text"] and "并列" not in note.tags)
    assert "我们必须[...]，奋力开创" in edited.cards[0].question  # the edit is visible


def test_an_unchanged_rebuild_imports_nothing(reviewed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    deck, collection = reviewed
    before = card_states(collection)
    build(EXAMPLE.read_text(encoding="utf-8"), deck, MONDAY + WEEK, monkeypatch)
    imported = anki_import(deck, collection)
    assert imported.log["new"] == imported.log["updated"] == imported.log["conflicting"] == 0
    assert card_states(collection) == before


def test_a_change_of_card_style_reaches_anki_without_touching_notes(reviewed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from anki.collection import Collection

    from shizheng_anki.cards import CLOZE

    deck, collection = reviewed
    restyled = replace(CLOZE, css=CLOZE.css + "\n.cloze { color: #b91c1c; }\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MONDAY + WEEK))
    result = build_deck([EXAMPLE.read_text(encoding="utf-8")])
    notes = tuple(replace(note, note_type=restyled) if note.note_type == CLOZE else note for note in result.notes)
    replace(result, notes=notes).write(deck)
    imported = anki_import(deck, collection)
    assert imported.log["new"] == imported.log["updated"] == 0
    col = Collection(str(collection))
    try:
        assert "#b91c1c" in col.models.get(restyled.id)["css"]  # type: ignore[index]
    finally:
        col.close()


def test_without_the_previous_deck_every_note_is_updated_but_history_is_kept(reviewed, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _deck, collection = reviewed
    before = card_states(collection)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MONDAY + WEEK))
    elsewhere = tmp_path / "elsewhere.apkg"
    result = CliRunner().invoke(main, [str(EXAMPLE), "-o", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert "no previous deck" in result.stderr and "name that file with --previous" in result.stderr
    assert "will be overwritten" not in result.stderr  # nothing to warn of: a first build, as far as it knows
    imported = anki_import(elsewhere, collection)
    assert imported.log["updated"] == 110 and imported.log["new"] == 0
    assert card_states(collection) == before


def test_removed_notes_are_reported_and_tagged_until_next_week(reviewed, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from anki.collection import Collection

    deck, collection = reviewed
    notes = tmp_path / "notes.md"
    notes.write_text(EXAMPLE.read_text(encoding="utf-8").replace("**战略性兵种**", "战略性兵种"), encoding="utf-8")

    def rebuild(when: int) -> dict:  # type: ignore[type-arg]
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(when))
        result = CliRunner().invoke(main, [str(notes), "-o", str(deck), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["changes"] | {"stderr": result.stderr}

    changes = rebuild(MONDAY + WEEK)
    assert (changes["new"], changes["changed"], changes["unchanged"]) == ([], [], 109)
    (removed,) = changes["removed"]
    assert "战略性兵种" in removed["fields"][0]
    assert "0 new, 0 changed, 109 unchanged, 1 no longer in the notes" in changes["stderr"]
    assert f"tag:{REMOVED_TAG}" in changes["stderr"]

    imported = anki_import(deck, collection)
    assert imported.log["new"] == 0 and imported.log["updated"] == 1  # only the tag is new
    (tagged,) = [note for note in imported.notes if REMOVED_TAG in note.tags]
    assert tagged.guid == removed["guid"] and tagged.cards[0].reps >= 1  # history kept, card not suspended

    # a rebuild later that week (say, after fixing a typo, before importing) keeps the tag; not reported again
    changes = rebuild(MONDAY + WEEK + 3 * DAY)
    assert changes["removed"] == [] and changes["tagged_removed"] == [removed["guid"]]
    assert "1 removed earlier still tagged" in changes["stderr"]
    assert anki_import(deck, collection).log["updated"] == 0

    # next week's build drops it: a learner who deleted it in Anki does not get it back
    col = Collection(str(collection))
    col.remove_notes(col.find_notes(f"tag:{REMOVED_TAG}"))
    col.close()
    assert rebuild(MONDAY + 2 * WEEK)["tagged_removed"] == []
    imported = anki_import(deck, collection)
    assert imported.log["new"] == imported.log["updated"] == 0
    assert removed["guid"] not in {note.guid for note in imported.notes}


def test_new_cards_come_in_source_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2024-11.md").write_text(
        "# 2024年11月时政\n\n## 会议甲\n\n**乙提法**，**甲提法**。\n\n## 会议乙\n\n坚持**丙提法**。\n", encoding="utf-8"
    )
    (folder / "2024-12.md").write_text(
        "# 2024年12月时政\n\n## 会议丙\n\n坚持**丁提法**\n\n坚持**戊提法**\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MONDAY))
    result = build_deck([folder])
    anki_import(result.write(tmp_path / "d.apkg"), tmp_path / "c.anki2")
    assert new_card_order(tmp_path / "c.anki2") == [note.guid for note in result.notes]
    hidden = [note.fields[0].split("{{c1::")[1].split("}}")[0] for note in result.notes]
    assert hidden == ["乙提法", "甲提法", "丙提法", "丁提法", "戊提法"]


def test_the_same_epoch_gives_the_same_bytes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"SOURCE_DATE_EPOCH": str(MONDAY)}
    outputs = []
    for run, seed in enumerate(("1", "2")):
        out = tmp_path / f"{run}" / "时政.apkg"
        out.parent.mkdir()
        done = subprocess.run(
            [sys.executable, "-m", "shizheng_anki", str(EXAMPLE), "-o", str(out)],
            env=env | {"PYTHONHASHSEED": seed},
            capture_output=True,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(tmp_path / "0" / "时政.apkg") as archive:
        assert [i.filename for i in archive.infolist()] == ["collection.anki2", "media"]
        assert {i.date_time for i in archive.infolist()} == {(2024, 12, 30, 0, 0, 0)}
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_previous_deck_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    deck = tmp_path / "时政.apkg"
    missing = runner.invoke(main, [str(EXAMPLE), "-o", str(deck), "--previous", str(tmp_path / "last.apkg")])
    assert missing.exit_code == 1 and "last.apkg: no such previous deck" in missing.output and not deck.exists()

    deck.write_bytes(b"not a zip")  # what is there is not a deck: say so, build as if there were none
    broken = runner.invoke(main, [str(EXAMPLE), "-o", str(deck)])
    assert broken.exit_code == 0, broken.output
    assert "cannot be read as an Anki deck" in broken.stderr and "every note counts as changed" in broken.stderr
    assert zipfile.is_zipfile(deck)
    named = runner.invoke(main, [str(EXAMPLE), "-o", str(tmp_path / "b.apkg"), "--previous", str(tmp_path / "x.md")])
    assert named.exit_code == 1 and "no such previous deck" in named.output

    (tmp_path / "x.apkg").write_bytes(b"not a zip")
    explicit = runner.invoke(
        main, [str(EXAMPLE), "-o", str(tmp_path / "c.apkg"), "--previous", str(tmp_path / "x.apkg")]
    )
    assert explicit.exit_code == 1 and "x.apkg: cannot be read as an Anki deck" in explicit.output
    assert "Traceback" not in explicit.output and not (tmp_path / "c.apkg").exists()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = runner.invoke(main, [str(EXAMPLE), "-o", str(deck)])
    assert bad.exit_code == 1 and "SOURCE_DATE_EPOCH='yesterday'" in bad.output


def test_dry_run_reports_changes_without_writing(reviewed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    deck, _ = reviewed
    before = deck.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MONDAY + WEEK))
    notes = deck.parent / "notes.md"
    notes.write_text(next_week(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(main, [str(notes), "-o", str(deck), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"compared with {deck}: 1 new, 2 changed, 108 unchanged, 0 no longer in the notes" in result.stderr
    assert deck.read_bytes() == before


def test_a_list_added_above_another_keeps_the_other_lists_notes() -> None:
    """An enumeration's identity is its stem, not its position among the event's lists."""
    from shizheng_anki import build_deck

    later = "会议强调两点。\n\n一是丙。\n\n二是丁。\n"
    before = build_deck(["# 笔记\n\n## 会议\n\n" + later])
    after = build_deck(
        [
            "# 笔记\n\n## 会议\n\n会议指出三点。\n\n一是甲。\n\n二是乙。\n\n三是戊。\n\n"
            + later.replace("两点。", "两点：")
        ]
    )
    kept = {note.guid for note in before.notes}
    assert kept <= {note.guid for note in after.notes}  # the same two notes (the set's blanks, the whole set)
    assert len(after.notes) == len(before.notes) + 2  # and the new set's two
    same_stem = build_deck(["# 笔记\n\n## 会议\n\n" + later + "\n" + later])
    assert len({note.guid for note in same_stem.notes}) == 2 * len(before.notes)  # the same stem twice: two lists
