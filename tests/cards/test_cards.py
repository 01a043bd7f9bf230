"""Stage 3: facts → notes, without genanki: what each note asks, hides and shows."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLE

from shizheng_anki.cards.markup import cloze, escape
from shizheng_anki.cards.notes import build_notes, guid_for, tag
from shizheng_anki.cards.notetypes import CLOZE, NOTE_TYPES, QUESTION
from shizheng_anki.extract import extract_facts


@pytest.fixture(scope="module")
def notes():  # type: ignore[no-untyped-def]
    return build_notes([extract_facts(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))])


def test_one_cloze_note_per_key_phrase_hiding_only_that_phrase(notes) -> None:  # type: ignore[no-untyped-def]
    clozes = [n for n in notes if n.note_type is CLOZE]
    assert len(clozes) == 66
    for note in clozes:
        text = note.field("Text")
        numbers = re.findall(r"\{\{c(\d+)::", text)
        # one blank, or (a phrase longer than a breath) one per clause, each its own card
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
        if len(numbers) > 1:
            assert all(len(hidden) <= 40 for hidden in re.findall(r"\{\{c\d+::(.*?)\}\}", text))
    sentence = next(n for n in clozes if "{{c1::重大标志性工程}}" in n.field("Text")).field("Text")
    assert "“小而美”民生项目建设" in sentence  # the other phrase of the sentence stays visible


def test_list_items_are_asked_by_their_head_and_short_lists_as_a_whole(notes) -> None:  # type: ignore[no-untyped-def]
    questions = [n for n in notes if n.note_type is QUESTION]
    items = [n for n in questions if n.kind == "next"]
    assert len(items) == 25  # every item of the three lists
    third = next(n for n in items if "三是［…］" in n.field("Question") and "重点任务" in n.field("Question"))
    assert "会议确定，2025年要抓好以下重点任务。" in third.field("Question")  # 明年 of notes of 2024-12
    assert third.field("Answer") == "发挥经济体制改革牵引作用"  # its head; the rest on the back
    assert "推动标志性改革举措落地见效" in third.field("Context")
    assert third.field("Event") == "中央经济工作会议"
    # only the six-item list is short enough to recite whole (9 and 10 items are not)
    (whole,) = [n for n in questions if n.kind == "whole_set"]
    assert "分别是什么？（共6项）" in whole.field("Question")
    assert whole.field("Answer").split("、")[0] == "坚持端牢能源饭碗"
    assert whole.field("Context").count("<li") == 6


def test_deck_tags_and_event_on_every_note(notes) -> None:  # type: ignore[no-untyped-def]
    for note in notes:
        assert note.deck == "时政::2024年12月时政"
        assert note.tags[:2] == ("时政", "2024-12")
        assert note.field("Event") and note.field("Source") == "2024年12月时政"
    assert {n.tags[2] for n in notes} == {
        "第四次“一带一路”建设工作座谈会",
        "总书记视察信息支援部队",
        "中央经济工作会议",
        "2025年全国能源工作会议",
    }
    assert len({n.guid for n in notes}) == len(notes)


def test_root_deck_can_be_changed() -> None:
    (note,) = build_notes([extract_facts("# 笔记\n\n## 会议\n\n坚持**提法**。\n")], deck="考研政治")
    assert note.deck == "考研政治::笔记"


def test_guid_comes_from_what_the_fact_is_not_its_sentence() -> None:
    before = build_notes([extract_facts("# 笔记\n\n## 会议\n\n坚持**稳中求进**工作总基调。\n")])
    after = build_notes([extract_facts("# 笔记\n\n## 会议\n\n前言。\n\n要坚持**稳中求进**的工作总基调！\n")])
    assert [n.guid for n in before] == [n.guid for n in after]
    other_event = build_notes([extract_facts("# 笔记\n\n## 另一个会议\n\n坚持**稳中求进**工作总基调。\n")])
    assert other_event[0].guid != before[0].guid


def test_the_same_phrase_twice_in_one_event_is_merged_or_told_apart() -> None:
    same = build_notes([extract_facts("## 会议\n\n坚持**稳中求进**。\n\n坚持**稳中求进**。\n")])
    assert len(same) == 1
    different = build_notes([extract_facts("## 会议\n\n坚持**稳中求进**。\n\n又说**稳中求进**工作总基调。\n")])
    assert len(different) == 2 and different[0].guid != different[1].guid


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("{{c1::x}}", "&#123;&#123;c1:&#58;x&#125;&#125;"),
        ("a}}b", "a&#125;&#125;b"),
        ("[sound:x.mp3]", "&#91;sound:x.mp3&#93;"),
        ("控制\x1f字符\x00", "控制字符"),
        ("甲\n乙", "甲<br>乙"),
        # MathJax's delimiters \( and \[: a backslash in an element of its own starts no formula
        ("\\(x\\)", "<span>\\</span>(x<span>\\</span>)"),
        ("a\\\\[b", "a<span>\\\\</span>&#91;b"),
    ],
)
def test_notes_text_is_data_never_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_cloze_keeps_closing_punctuation_outside_the_blank() -> None:
    assert cloze("坚决反对形式主义。") == "{{c1::坚决反对形式主义}}。"
    assert cloze("a::b") == "{{c1::a:&#58;b}}"


def test_tags_have_no_spaces_or_hierarchy() -> None:
    assert tag("2025年 全国::能源") == "2025年_全国：能源"
    assert guid_for("a", "b") == guid_for("a", "b") != guid_for("a b")


def test_guids_stay_those_of_earlier_builds() -> None:
    """A changed GUID is a new note in Anki and the old one's review history is orphaned."""
    import hashlib

    from shizheng_anki.cards.notes import _BASE91

    def digit_by_digit(*parts: str) -> str:  # how the GUIDs of the first release were written
        number = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:8], "big")
        digits = ""
        while number:
            number, rest = divmod(number, 91)
            digits = _BASE91[rest] + digits
        return digits or _BASE91[0]

    assert guid_for("2024年12月时政", "中央经济工作会议", "key_phrase", "稳中求进") == "FVEPe{eWSc"
    assert guid_for("") == "ME_YHw2?15" and guid_for("x" * 1000) == "l3:(X:)k|Z"
    samples = [(str(n), "事件") for n in range(20000)]
    assert [guid_for(*parts) for parts in samples] == [digit_by_digit(*parts) for parts in samples]
    assert min(len(guid_for(*parts)) for parts in samples) < 10  # leading zero digits were among them


def test_note_types_have_fixed_ids_and_names_of_our_own() -> None:
    assert [t.id for t in NOTE_TYPES] == [1733091201, 1733091202, 1733091203]
    assert all(t.name.startswith("shizheng-anki ") for t in NOTE_TYPES)


def test_a_phrase_marked_a_thousand_times_gets_distinct_guids_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import shizheng_anki.cards.notes as cards

    lines = "\n\n".join(f"第{n}句坚持**稳中求进**。" for n in range(1000))
    document = extract_facts(f"# 笔记\n\n## 会议\n\n{lines}\n")
    calls = []
    monkeypatch.setattr(cards, "guid_for", lambda *parts: calls.append(parts) or guid_for(*parts))
    notes = build_notes([document])
    assert len(notes) == len({n.guid for n in notes}) == 1000
    assert len(calls) <= 2 * 1000  # one hash per note and one per numbered variant, not a search from 2 up
    assert [n.guid for n in build_notes([document])] == [n.guid for n in notes]  # deterministic
    assert notes[1].guid == guid_for(notes[0].guid, "2") and notes[999].guid == guid_for(notes[0].guid, "1000")


def test_the_same_fact_in_two_documents_is_two_notes_also_when_the_titles_match() -> None:
    text = "# 2024年12月时政\n\n## 会议\n\n坚持**稳中求进**。\n"
    first, second = extract_facts(text, "a/12月.md"), extract_facts(text, "b/12月.md")
    notes = build_notes([first, second])
    assert len(notes) == 2 and notes[0].guid != notes[1].guid
    assert [n.deck for n in notes] == ["时政::2024年12月时政", "时政::2024年12月时政（2）"]
    assert notes[0].guid == build_notes([first])[0].guid  # the first file keeps the GUIDs it had alone
    other = build_notes([first, extract_facts(text.replace("2024年12月", "2024年11月"))])
    assert len({n.guid for n in other}) == 2


def test_an_item_card_shows_the_items_numbered_next_to_it() -> None:
    # 二是 is missing: 三是's card shows 四是 after it but not 一是 before it (items of two clauses: a
    # list asked item by item, not a set of short items)
    items = {
        "一": "扩大内需，提振消费。",
        "三": "科技创新，发展新质生产力。",
        "四": "深化改革，激发活力。",
        "五": "对外开放，稳外贸稳外资。",
    }
    text = "# 笔记\n\n## 会议\n\n会议提出四点。\n\n" + "".join(f"{n}是{item}\n\n" for n, item in items.items())
    notes = build_notes([extract_facts(text)])
    one, three, four, five = (f"{n}是{item}" for n, item in items.items())
    assert [note.field("Context") for note in notes if note.kind == "next"] == [
        f'<ul><li class="current">{one}</li><li class="more">…（共4项）</li></ul>',
        f'<ul><li class="more">…</li><li class="current">{three}</li><li>{four}</li><li class="more">…（共4项）</li></ul>',
        f'<ul><li class="more">…</li><li>{three}</li><li class="current">{four}</li><li>{five}</li></ul>',
        f'<ul><li class="more">…</li><li>{four}</li><li class="current">{five}</li></ul>',
    ]


def test_a_list_card_never_shows_its_answer_in_the_source_it_names() -> None:
    """Notes titled by what one of their items says: the item's 顺序 and 标签 cards name the source on
    the front with the answer masked, as every other card does (they showed the title as written)."""
    from shizheng_anki import build_deck
    from shizheng_anki.views.checks import cards_of, shows_its_answer

    heads = [
        "坚持人民至上",
        "坚持自信自立",
        "坚持守正创新",
        "坚持问题导向",
        "坚持系统观念",
        "坚持胸怀天下",
        "坚持敢于斗争",
        "坚持开放合作",
    ]
    markdown = "# 坚持人民至上学习笔记\n\n## 会议\n\n会议提出以下八点：\n\n"
    markdown += "".join(f"{number}. {head}，要求{number}。\n" for number, head in enumerate(heads, 1))
    markdown += "\n会议明确：\n\n- 首要原则：坚持人民至上\n- 方法：坚持系统观念\n"
    cards = list(cards_of(build_deck([markdown]).notes))
    asked = [card for card in cards if card.note.kind in ("next", "label") and card.answer == "坚持人民至上"]
    assert {card.note.kind for card in asked} == {"next", "label"}
    assert not [card.front for card in cards if shows_its_answer(card)]


@pytest.mark.parametrize("marker", ["{n}）", "（{n}）", "{n}、", "{n}.", "第{n}，"])
def test_a_marked_item_head_is_asked_once_whatever_its_ordinal(marker: str) -> None:
    """A bold item head with its ordinal inside the bold (``**1）坚持人民至上**``) is asked by the list's
    cards, not also by a cloze of its own: the ordinal is taken off by the rule that took it off the
    item (``markers.leading_marker``), which knows every family (only some were known here)."""
    from shizheng_anki import build_deck

    heads = ["坚持人民至上", "坚持自信自立", "坚持守正创新"]
    numerals = "一二三" if "第" in marker else "123"
    markdown = "## 会议\n\n会议提出以下要求：\n\n" + "".join(
        f"**{marker.format(n=numeral)}{head}**，抓好落实。\n\n" for numeral, head in zip(numerals, heads)
    )
    kinds = sorted(note.kind for note in build_deck([markdown]).notes)
    assert "key_phrase" not in kinds and kinds.count("next") == 3
