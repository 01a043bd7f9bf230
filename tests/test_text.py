"""The text rules every stage reads (shizheng_anki/text.py), tested beside their one definition."""

from __future__ import annotations

import pytest

from shizheng_anki.cards.markup import cloze
from shizheng_anki.text import TRAILING_PUNCTUATION, phrase_key, strip_trailing, visible, visible_length


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("坚持稳中求进，", "坚持稳中求进"),
        ("新质生产力：", "新质生产力"),
        ("坚持:", "坚持"),
        ("“小而美”。", "“小而美”"),  # a closing quote belongs to the phrase
        ("一是", "一是"),
        ("。；", ""),
    ],
)
def test_closing_punctuation_is_not_part_of_a_phrase(text: str, stripped: str) -> None:
    assert strip_trailing(text) == stripped


def test_a_phrase_key_ignores_outer_space_and_closing_punctuation() -> None:
    assert phrase_key("  稳中求进、以进促稳； ") == "稳中求进、以进促稳"
    assert phrase_key("稳中求进") == phrase_key("稳中求进。")


def test_every_stage_uses_the_same_closing_set_for_a_cloze() -> None:
    for mark in TRAILING_PUNCTUATION.strip():
        assert cloze(f"提法{mark}").startswith("{{c1::提法}}"), mark


def test_a_hint_after_a_phrase_ending_in_a_colon_stays_one_hint() -> None:
    # "坚持:" once gave {{c1::坚持:::…2字…}}, which Anki shows as [:…2字…]
    assert cloze("坚持:", hint="…2字…") == "{{c1::坚持::…2字…}}:"


@pytest.mark.parametrize(("text", "shown"), [("提法", True), (" \u200b\t", False), ("\x00", False), ("", False)])
def test_visible(text: str, shown: bool) -> None:
    assert visible(text) is shown


@pytest.mark.parametrize(
    ("text", "length"),
    [("坚持稳中求进", 6), ("“小而美”民生项目，", 7), ("GDP 增长5%", 6), ("Ⅲ、②", 2), (" \u200b—…", 0)],
)
def test_visible_length_counts_what_a_learner_says(text: str, length: int) -> None:
    """Letters and digits (a Roman numeral, a circled number too), never punctuation, spaces or symbols:
    the one count of the breath limit, the list shapes and the card checks."""
    assert visible_length(text) == length
