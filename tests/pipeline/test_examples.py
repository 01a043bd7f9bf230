"""``examples/`` holds the reference notes, the deck built from them and its preview page. They must be
what the code makes today; rebuild them with

    shizheng-anki examples/2024-12-shizheng.md -o examples/2024-12-shizheng.apkg --preview examples/2024-12-shizheng.preview.html
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, Imported, anki_import

from shizheng_anki.cli import main

DECK = EXAMPLE.with_suffix(".apkg")
PREVIEW = EXAMPLE.with_suffix(".preview.html")
REBUILD = f"rm -f examples/{DECK.name} && shizheng-anki examples/{EXAMPLE.name} -o examples/{DECK.name} --preview examples/{PREVIEW.name}"


def deck_content(apkg: Path, folder: Path) -> dict[str, Any]:
    """What an .apkg holds, without the timestamps that make its bytes differ on every build."""
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", folder)
    with sqlite3.connect(folder / "collection.anki2") as db:
        notes = sorted(db.execute("select guid, mid, flds, tags from notes"))
        cards = sorted(db.execute("select n.guid, c.ord, c.due from cards c join notes n on n.id = c.nid"))
        models_json, decks_json = db.execute("select models, decks from col").fetchone()
    models = {
        model_id: (
            m["name"],
            [f["name"] for f in m["flds"]],
            [(t["name"], t["qfmt"], t["afmt"]) for t in m["tmpls"]],
            m["css"],
        )
        for model_id, m in json.loads(models_json).items()
    }
    return {
        "notes": notes,
        "cards": cards,
        "models": models,
        "decks": sorted(d["name"] for d in json.loads(decks_json).values()),
    }


def test_examples_are_current(tmp_path: Path) -> None:
    deck, page = tmp_path / DECK.name, tmp_path / PREVIEW.name
    result = CliRunner().invoke(main, [str(EXAMPLE), "-o", str(deck), "--preview", str(page)])
    assert result.exit_code == 0, result.output
    stale = f"examples/ is stale: rebuild with\n    {REBUILD}"
    assert PREVIEW.read_text(encoding="utf-8") == page.read_text(encoding="utf-8"), stale
    (tmp_path / "old").mkdir(), (tmp_path / "new").mkdir()
    assert deck_content(DECK, tmp_path / "old") == deck_content(deck, tmp_path / "new"), stale


@pytest.fixture(scope="module")
def example_deck(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return anki_import(DECK, tmp_path_factory.mktemp("anki") / "collection.anki2")


def test_every_question_names_its_event_and_hides_one_thing(example_deck: Imported) -> None:
    """Read back from real Anki: each front shows its event (the cue) and a blank; a cloze hides one
    phrase (or one clause of a phrase longer than a breath) and shows the rest of its sentence; an item
    card hides one item's head after its neighbour; the whole-set card asks for a short list's heads."""
    assert len(example_deck.cards) == 145
    kinds = {"cloze": 0, "item": 0, "whole": 0}
    exam_tags = {"并列", "序数", "日期", "数字", "术语", "出处"}  # exam-grade cards: tests/test_exam.py
    for note in example_deck.notes:
        if exam_tags & set(note.tags):
            continue
        event = re.sub(r"<[^>]+>", "", note.fields["Event"])
        for card in note.cards:
            assert card.question.splitlines()[0].startswith(event), card.question
            if note.notetype == "shizheng-anki 时政填空":
                kinds["cloze"] += 1
                assert card.question.count("[...]") == 1  # the blank, and only one
                hidden = re.search(rf"\{{\{{c{card.ord + 1}::(.*?)\}}\}}", note.fields["Text"]).group(1)  # type: ignore[union-attr]
                assert hidden not in card.question and hidden in card.answer and len(hidden) <= 40
            elif "分别是什么？" in card.question:
                kinds["whole"] += 1
            else:
                kinds["item"] += 1
                assert re.search(r"[一二三四五六七八九十]+是［…］", card.question)  # the blank is this item
                assert "共" not in card.question  # never by its position
                assert note.fields["Answer"] not in card.question and note.fields["Answer"] in card.answer
    assert kinds == {"cloze": 66 + 7, "item": 25, "whole": 1}  # two long phrases: 5 and 4 clause cards
