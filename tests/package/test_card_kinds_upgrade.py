"""A learner who has the deck of the release before the new card kinds (issue 14) rebuilds with this
one: proved in real Anki. The old deck is a fixture built at that release (fixtures/README.md)."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import TESTS, anki_import, card_states, review_all

from shizheng_anki import build_deck
from shizheng_anki.package.previous import REMOVED_TAG

FIXTURES = TESTS / "package" / "fixtures"
OLD_DECK = FIXTURES / "shapes-28b1a49.apkg"
NOTES = FIXTURES / "shapes.md"
WEEK_LATER = 1735516800 + 7 * 24 * 3600


def _guids(apkg: Path, folder: Path) -> set[str]:
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", folder)
    with sqlite3.connect(folder / "collection.anki2") as db:
        return {guid for (guid,) in db.execute("select guid from notes")}


def test_the_new_kinds_import_over_the_old_deck_keeping_what_is_asked_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, collection = tmp_path / "shapes.apkg", tmp_path / "collection.anki2"
    shutil.copy(OLD_DECK, deck)
    old = _guids(OLD_DECK, tmp_path / "old")
    assert anki_import(deck, collection).log["new"] == len(old) == 13
    assert review_all(collection) >= len(old)
    before = card_states(collection)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(WEEK_LATER))
    result = build_deck([NOTES])
    changes = result.compare(deck)
    result.write(deck, changes)  # over last week's deck, as the command does
    new = {note.guid for note in result.notes}
    kept, removed = old & new, old - new
    # the marked phrase and the dated facts are asked the same way: same notes
    phrase = next(n for n in result.notes if n.kind == "key_phrase" and "坚持稳中求进工作总基调" in n.fields[0])
    assert phrase.guid in kept
    # the old "第k项是什么" and "共有几项" cards of the bullets and the list are gone, and reported
    assert removed and {note.guid for note in changes.removed} == removed

    imported = anki_import(deck, collection)
    assert imported.log["conflicting"] == 0
    assert imported.log["new"] == len(new - old)  # the new kinds: a set, head-and-neighbour cards
    after = card_states(collection)
    for guid in kept:  # facts asked the same way keep their review history
        assert after[guid].reps == before[guid].reps >= 1 and after[guid].reviews == before[guid].reviews
    tagged = {note.guid for note in imported.notes if REMOVED_TAG in note.tags}
    assert tagged == removed  # notes no longer made stay, tagged for the learner to delete
    for note in imported.notes:
        if note.guid in removed:
            assert all(card.reps >= 1 for card in note.cards)  # and keep their history meanwhile
    kinds = {note.kind for note in result.notes}
    assert {"set", "whole_set", "next"} <= kinds and not {"item", "count"} & kinds
