"""What is no fact to ask, read from the notes' own layout: a bracketed aside under a declared count,
a marked cell alone in a table row (the table's sub-heading), a date whose year the notes never say."""

from __future__ import annotations

from shizheng_anki import build_deck
from shizheng_anki.extract import extract_facts


def test_bracketed_asides_are_no_items_of_a_declared_set() -> None:
    notes = "## 6.认识的规律\n\n认识的两大规律：**反复性和无限性。**\n > （对应《背诵笔记》P35）\n > （对应《必背20题》第3题）\n"
    document = extract_facts(notes)
    assert document.events[0].enumerations == ()
    cards = " ".join(field for note in build_deck([notes]).notes for field in note.fields)
    assert "{{c1::（对应" not in cards and "{{c2::（对应" not in cards
    # the same two lines without brackets are the two items the count declares
    plain = notes.replace("（对应《背诵笔记》P35）", "反复性").replace("（对应《必背20题》第3题）", "无限性")
    (enumeration,) = extract_facts(plain).events[0].enumerations
    assert [item.text for item in enumeration.items] == ["反复性", "无限性"]


def test_a_marked_cell_alone_in_its_row_is_a_sub_heading_of_the_table() -> None:
    notes = (
        "## 毛泽东思想的形成\n\n| 时期 | 文献 |\n| --- | --- |\n| **成熟时期** | |\n| 遵义会议之后 | **《实践论》** |\n"
    )
    phrases = [phrase.text for phrase in extract_facts(notes).events[0].key_phrases]
    assert phrases == ["《实践论》"]


def test_a_date_without_its_year_is_asked_only_in_notes_that_say_the_year() -> None:
    row = "## 1914\n\n| 年份 | 事件 |\n| --- | --- |\n| 1914 | 7月孙中山组建中华革命党 |\n\n坚持**稳中求进**。\n"
    history = build_deck([row])
    assert not [note for note in history.notes if note.kind == "date"]
    dated = build_deck(["# 2024年12月时政\n\n## 会议\n\n12月11日，中央经济工作会议在北京举行，坚持**稳中求进**。\n"])
    (date,) = [note for note in dated.notes if note.kind == "date"]
    assert date.field("Answer") == "12月11日"


def test_a_count_of_characters_or_months_announces_no_items() -> None:
    notes = "## 十九大\n\n党的十九大 增加了两个字“美丽”\n\n历史方位\n社会主义初级阶段\n\n坚持**稳中求进**。\n"
    assert extract_facts(notes).events[0].enumerations == ()
    counted = "## 会议\n\n会议提出两个要求\n\n稳中求进\n以进促稳\n"
    (enumeration,) = extract_facts(counted).events[0].enumerations
    assert [item.text for item in enumeration.items] == ["稳中求进", "以进促稳"]


def test_a_marked_label_before_a_colon_is_no_parallel_phrase() -> None:
    label = "## 独立自主\n\n**独立自主、自力更生的经济、外交运用**：自力更生为主，争取外援为辅的方针。\n"
    assert not [note for note in build_deck([label]).notes if note.kind == "parallel"]
    phrase = "## 会议\n\n始终秉持**和平合作、开放包容、互学互鉴、互利共赢**的丝路精神。\n"
    assert [note for note in build_deck([phrase]).notes if note.kind == "parallel"]
