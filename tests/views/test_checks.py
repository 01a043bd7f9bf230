"""The mechanical rules of a card a learner keeps (docs/cards.md), held at zero over every corpus file,
on the cards as real Anki renders them; and each check catching what it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE, anki_import

from shizheng_anki import build_deck
from shizheng_anki.cards import QUESTION, Note
from shizheng_anki.views.checks import CHECKS, card_problems, cards_of

FILES = sorted(CORPUS.glob("*.md")) + [EXAMPLE]


def _without_style(card_html: str) -> str:
    return re.sub(r"(?s)^<style>.*?</style>", "", card_html)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_no_card_of_real_notes_breaks_a_mechanical_rule(path: Path, tmp_path: Path) -> None:
    result = build_deck([path])
    imported = anki_import(result.write(tmp_path / "deck.apkg"), tmp_path / "collection.anki2")
    anki = {(note.guid, card.ord + 1): card for note in imported.notes for card in note.cards}
    broken = []
    for card in cards_of(result.notes):
        shown = anki[(card.note.guid, card.ordinal)]  # the checks read what real Anki shows
        assert _without_style(shown.question_html) == card.question_html
        assert _without_style(shown.answer_html) == card.answer_html
        if problems := card_problems(card):
            broken.append((problems, card.body[:80], card.answer[:40]))
    assert broken == []


def _question(text: str, answer: str, kind: str = "next") -> Note:
    fields = (f'<div class="stem">{text}</div>', answer, "会议", "", "笔记")
    return Note("g", QUESTION, "时政::笔记", fields, ("时政",), kind)


def _problems(note: Note) -> set[str]:
    return {problem for card in cards_of([note]) for problem in card_problems(card)}


def test_each_check_catches_what_it_names() -> None:
    assert _problems(_question("坚持**稳中求进**", "稳中求进")) >= {"markup", "answer_on_front"}
    assert _problems(_question("（共22项）16.是什么？", "坚持党的领导")) == {"position_only"}
    assert _problems(_question("（共5项）二是什么？", "坚持党的领导")) == set()  # a short list may
    assert _problems(_question("六是［…］", "强化反垄断和防止资本无序扩张" * 3)) == {"long_answer"}
    assert set(CHECKS) == {"markup", "answer_on_front", "blank_only", "position_only", "long_answer"}


def test_a_blank_only_front_is_caught() -> None:
    from dataclasses import replace

    (note,) = build_deck(["# 笔记\n\n## 会议\n\n坚持**稳中求进**工作总基调。\n"]).notes
    assert _problems(note) == set()
    assert _problems(replace(note, fields=("12.{{c1::稳中求进}}。", *note.fields[1:]))) == {"blank_only"}
