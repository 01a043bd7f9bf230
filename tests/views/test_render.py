"""Our own template renderer (preview, dry run) must show exactly what Anki shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, anki_import

from shizheng_anki import build_deck
from shizheng_anki.views.render import question_and_answer, render, render_card

HOSTILE = (
    "# 笔记\n\n## 会议 &lt;b&gt; {{x}}\n\n前文。坚持**\\<i>稳中求进 [x]**和**a&b\"';#**工作总基调。\n\n"
    "> 会议要求。\n>\n> 一是甲<br>。\n> 二是乙。\n> 三是丙。\n> 四是丁。\n"
)


def _without_style(card_html: str) -> str:
    return re.sub(r"(?s)^<style>.*?</style>", "", card_html)


@pytest.mark.parametrize(
    ("sources", "options"),
    [([EXAMPLE], {}), ([EXAMPLE], {"hints": True, "type_answer": True}), ([HOSTILE], {"hints": True})],
    ids=["example", "example-hints-type-answer", "hostile"],
)
def test_every_card_renders_exactly_as_anki_renders_it(tmp_path: Path, sources: list, options: dict) -> None:  # type: ignore[type-arg]
    result = build_deck(sources, **options)
    imported = anki_import(result.write(tmp_path / "deck.apkg"), tmp_path / "collection.anki2")
    by_guid = {note.guid: note for note in imported.notes}
    assert len(by_guid) == len(result.notes)
    for note in result.notes:
        cards = by_guid[note.guid].cards
        assert [card.ord + 1 for card in cards] == list(note.card_ordinals)
        for card in cards:
            ours = render_card(note, card.ord + 1)
            assert ours.question == _without_style(card.question_html)
            assert ours.answer == _without_style(card.answer_html)


def test_sections_show_only_for_non_empty_fields() -> None:
    template = "{{#A}}a={{A}}{{/A}}{{^A}}no a{{/A}}|{{#B}}b{{/B}}"
    assert render(template, {"A": "1", "B": " <br> "}) == "a=1|"
    assert render(template, {"A": "", "B": "x"}) == "no a|b"
    assert render("{{Q}}<hr>{{FrontSide}}", {"Q": "{{Q}}"}, front_side="F") == "{{Q}}<hr>F"  # field text is data


def test_dry_run_text_hides_the_phrase_and_gives_it_as_answer() -> None:
    result = build_deck(["## 会议\n\n坚持**稳中求进**工作总基调。\n"], hints=True)
    assert question_and_answer(result.notes[0]) == ("坚持[…4字…]工作总基调。", "稳中求进")
