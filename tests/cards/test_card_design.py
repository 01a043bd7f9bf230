"""What the learner sees on a card, read back from real Anki: the cue, the blank and its hint, the
type-in variant, the answer in its sentence and paragraph, the neighbouring items, night mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, Imported, anki_import

from shizheng_anki import build_deck
from shizheng_anki.cards.notes import length_hint
from shizheng_anki.cards.notetypes import NOTE_TYPES


@pytest.fixture(scope="module")
def hinted(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    folder = tmp_path_factory.mktemp("hinted")
    return anki_import(build_deck([EXAMPLE], hints=True, type_answer=True).write(folder / "d.apkg"), folder / "c.anki2")


def test_hint_gives_the_phrase_length_in_characters(hinted: Imported) -> None:
    card = next(c for n in hinted.notes if "并列" not in n.tags for c in n.cards if "我们要" in c.question)
    assert (
        "我们要[…18字…]，开创共建“一带一路”更加光明的未来。" in card.question
    )  # 坚定战略自信，保持战略定力，勇于担当作为
    assert length_hint("“小而美”民生项目建设") == "…9字…"
    assert length_hint("《能源法》") == "…3字…"


def test_type_answer_cards_ask_anki_to_compare_what_was_typed(hinted: Imported) -> None:
    typed = [n for n in hinted.notes if n.notetype == "shizheng-anki 时政填空（输入）"]
    clozes = [n for n in hinted.notes if "{{c1::" in n.fields.get("Text", "")]
    assert len(typed) == len(clozes) == 80  # 66 phrases and 14 并列 notes: --type-answer reaches them all
    assert sum("并列" in n.tags for n in typed) == 14
    for note in typed:
        for card in note.cards:
            assert (
                "[[type:cloze:Text]]" in card.question_html and "[[type:cloze:Text]]" in card.answer_html
            )  # the reviewer's type-in box
    parallel = next(n for n in typed if "并列" in n.tags)
    assert re.search(r"\[…\d+字…\]", parallel.cards[0].question)  # and --hints too


def test_back_shows_the_answer_in_its_sentence_then_the_paragraph_then_the_source(tmp_path: Path) -> None:
    imported = anki_import(build_deck([EXAMPLE]).write(tmp_path / "d.apkg"), tmp_path / "c.anki2")
    card = next(c for n in imported.notes if "并列" not in n.tags for c in n.cards if "我们要" in c.question)
    lines = card.answer.splitlines()
    assert lines[0] == "第四次“一带一路”建设工作座谈会 · 2024年12月时政"  # the cue
    assert lines[1] == "我们要坚定战略自信，保持战略定力，勇于担当作为，开创共建“一带一路”更加光明的未来。"
    assert '<span class="cloze" data-ordinal="1">坚定战略自信，保持战略定力，勇于担当作为</span>' in card.answer_html
    assert lines[2] == "原文段落" and lines[3].startswith("总书记强调，在当前严峻复杂的国际环境下")
    assert '<span class="current">我们要坚定战略自信' in card.answer_html  # the sentence marked in its paragraph
    assert lines[-1] == "出处：2024年12月时政 · 第四次“一带一路”建设工作座谈会"


def test_list_items_are_asked_by_their_head_after_the_item_before(tmp_path: Path) -> None:
    imported = anki_import(build_deck([EXAMPLE]).write(tmp_path / "d.apkg"), tmp_path / "c.anki2")
    third = next(c for n in imported.notes for c in n.cards if "三是［…］" in c.question)
    front = third.question.splitlines()
    assert front[1:] == ["会议确定，2025年要抓好以下重点任务。", "二是以科技创新引领新质生产力发展", "三是［…］"]
    assert "共9项" not in third.question  # never asked by its position
    answer = third.answer.splitlines()
    assert answer[answer.index("三是［…］") + 1] == "发挥经济体制改革牵引作用"  # the head
    items = third.answer[third.answer.index("原文") :].splitlines()[1:-1]
    assert items == [
        "…",
        "二是以科技创新引领新质生产力发展，建设现代化产业体系。",
        "三是发挥经济体制改革牵引作用，推动标志性改革举措落地见效。",  # the rest of the item, on the back
        "四是扩大高水平对外开放，稳外贸、稳外资。",
        "…（共9项）",
    ]
    assert '<li class="current">三是' in third.answer_html
    first = next(c for n in imported.notes for c in n.cards if "一是［…］" in c.question and "重点任务" in c.question)
    assert first.question.splitlines()[-1] == "二是以科技创新引领新质生产力发展"  # the first: the one after it


def test_a_month_missing_from_the_title_joins_the_cue(tmp_path: Path) -> None:
    notes = tmp_path / "2024-12-学习.md"
    notes.write_text("# 学习笔记\n\n## 会议\n\n坚持**稳中求进**。\n", encoding="utf-8")
    (note,) = build_deck([notes]).notes
    assert note.field("Source") == "学习笔记（2024年12月）"
    (undated,) = build_deck(["# 学习笔记\n\n## 会议\n\n坚持**稳中求进**。\n"]).notes
    assert undated.field("Source") == "学习笔记"


def test_styles_are_for_chinese_text_night_mode_and_no_script() -> None:
    for note_type in NOTE_TYPES:
        css = note_type.css
        for font in ("PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei"):
            assert font in css
        assert re.search(r"line-height: 1\.[6-9]", css) and "max-width" in css
        assert ".nightMode.card" in css and ".nightMode .cloze" in css
        assert "@media (max-width: 480px)" in css
        for template in note_type.templates:
            assert "<script" not in template.front + template.back
            assert template.front.count('class="cue"') == 1 and "{{Event}}" in template.front


def test_switching_to_type_answer_does_not_convert_imported_cards(tmp_path: Path) -> None:
    """The README's limit: Anki reports the type-in notes as conflicting and keeps the cards it has."""
    collection = tmp_path / "c.anki2"
    anki_import(build_deck([EXAMPLE]).write(tmp_path / "a.apkg"), collection)
    again = anki_import(build_deck([EXAMPLE], type_answer=True).write(tmp_path / "b.apkg"), collection)
    assert again.log["new"] == 0 and again.log["conflicting"] == 80  # 66 phrase and 14 并列 notes
    assert {n.notetype for n in again.notes} == {"shizheng-anki 时政填空", "shizheng-anki 时政问答"}
