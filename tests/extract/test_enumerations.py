"""Enumerations: every shape a list of points takes in real notes (一是, 第一，, （一）, ①, ``1.``, lists,
declared counts), and what must NOT become a list. One table of each, held against ``extract_facts``."""

from __future__ import annotations

import pytest

from shizheng_anki.extract import extract_facts
from shizheng_anki.extract.markers import chinese_number, declared_count


def enumerations(markdown: str) -> list[tuple[str, list[str]]]:
    """(stem, item texts) of every enumeration of the notes' first event."""
    document = extract_facts("## 会议\n\n" + markdown)
    return [(e.stem, [i.text for i in e.items]) for ev in document.events for e in ev.enumerations]


SHAPES = [
    ("一是 paragraphs", "会议要求：\n\n一是甲。\n\n二是乙。\n\n三是丙。\n", 3),
    ("一要", "会议要求：\n\n一要甲。\n\n二要乙。\n", 2),
    ("第一，", "会议要求：\n\n第一，甲。\n\n第二，乙。\n\n第三，丙。\n", 3),
    ("第一， inside one paragraph", "会议要求：第一，甲；第二，乙；第三，丙。\n", 3),
    ("一是 inside one paragraph", "会议强调，一是甲；二是乙。\n", 2),
    ("（一）", "会议要求：\n\n（一）甲\n\n（二）乙\n", 2),
    ("(1)", "会议要求：\n\n(1)甲\n(2)乙\n(3)丙\n", 3),
    ("1）", "会议要求：\n\n1）甲\n2）乙\n", 2),
    ("①", "会议要求：①甲；②乙；③丙。\n", 3),
    ("1、", "会议要求：\n\n1、甲\n\n2、乙\n", 2),
    ("1.text, not a CommonMark list", "会议要求：\n\n1.甲\n\n2.乙\n\n3.丙\n", 3),
    ("ordered list", "会议要求：\n\n1. 甲\n2. 乙\n3. 丙\n", 3),
    ("bullet list", "会议要求：\n\n- 甲\n- 乙\n", 2),
    ("首先其次最后", "会议要求：\n\n首先，甲。\n\n其次，乙。\n\n最后，丙。\n", 3),
    ("English", "The meeting asked:\n\nFirst, A.\n\nSecond, B.\n\nThird, C.\n", 3),
    ("English in one paragraph", "The meeting asked: firstly none. First, A; Second, B; Third, C.\n", 3),
    ("目标1：", "5个目标\n\n目标1：甲\n\n目标2：乙\n", 2),
    ("bold 一是", "会议要求：\n\n**一是甲。**\n\n**二是乙。**\n", 2),
    ("consecutive lines", "会议要求：\n一是甲。\n二是乙。\n", 2),
    ("inside a block quote", "> 会议部署了三项工作。\n>\n> 一是甲。\n> 二是乙。\n>\n>三是丙。\n", 3),
    (
        "up to 十几是",
        "会议要点如下。\n"
        + "".join(f"{n}是要点{n}。\n" for n in "一二三四五六七八九十")
        + "十一是要点十一。\n十二是要点十二。\n",
        12,
    ),
    ("a list of list items", "会议要点如下。\n\n- 一是甲。\n- 二是乙。\n", 2),
]


@pytest.mark.parametrize(("name", "markdown", "count"), SHAPES, ids=[s[0] for s in SHAPES])
def test_enumeration_shapes(name: str, markdown: str, count: int) -> None:
    document = extract_facts("## 会议\n\n" + markdown)
    ((enumeration,),) = [event.enumerations for event in document.events]
    items = [item.text for item in enumeration.items]
    assert [item.ordinal for item in enumeration.items] == list(range(1, count + 1))
    assert enumeration.stem.lstrip("> ").startswith(("会议", "The meeting", "5个目标"))
    assert all(item.strip() and item[0] not in "0123456789一二三（(①第首其最FST" for item in items)


NOT_ENUMERATIONS = [
    ("第一要义", "“第一要义”属科学发展观；“第二要务”不是列举。\n"),
    ("统一是非", "这是统一是非的问题，二是吗。\n"),
    ("alert(1)", "调用alert(1)和alert(2)。\n"),
    ("one item", "一是单独一项。\n"),
    ("code fence", "```\n第一，代码\n第二，代码\n```\n"),
    ("a list that does not start at 1", "（二）乙\n\n（三）丙\n"),
    ("十九大 declares nothing", "党的十九大和二十大精神。\n\n**提法**\n"),
    ("one item, a sentence", "一是单独一项，不成列表。\n"),
    ("two words that hold 是", "这是一个统一是非的问题。\n\n那是二是吗\n"),
    ("a code fence of 一是", "```\n一是代码\n二是代码\n```\n"),
]


@pytest.mark.parametrize(("name", "markdown"), NOT_ENUMERATIONS, ids=[n[0] for n in NOT_ENUMERATIONS])
def test_not_enumerations(name: str, markdown: str) -> None:
    assert enumerations(markdown + "\n\n**一个提法**\n") == []


def test_two_lists_under_one_event_are_two_enumerations_with_their_own_stems() -> None:
    document = extract_facts(
        "## 会议\n\n会议指出三点。\n\n一是甲。\n\n二是乙。\n\n会议强调两点。\n\n一是丙。\n\n二是丁。\n"
    )
    stems = [(e.stem, len(e.items)) for e in document.events[0].enumerations]
    assert stems == [("会议指出三点。", 2), ("会议强调两点。", 2)]


def test_item_that_holds_key_phrases_is_still_an_item() -> None:
    document = extract_facts("## 会议\n\n一是坚持**端牢能源饭碗**。\n二是坚持**改革创新**。\n")
    event = document.events[0]
    assert [p.text for p in event.key_phrases] == ["端牢能源饭碗", "改革创新"]
    assert [i.text for i in event.enumerations[0].items] == ["坚持端牢能源饭碗。", "坚持改革创新。"]


def test_nested_list_children_belong_to_their_item() -> None:
    text = "1. 甲会议\n2. 乙会议，提出五点建议：\n   - 子一\n   - 子二\n   - 子三\n   - 子四\n   - 子五\n3. 丙会议\n"
    found = enumerations(text)
    assert found == [
        ("会议", ["甲会议", "乙会议，提出五点建议：", "丙会议"]),
        ("乙会议，提出五点建议：", ["子一", "子二", "子三", "子四", "子五"]),
    ]


@pytest.mark.parametrize(
    ("markdown", "items"),
    [
        ("“四个意识”\n\n政治意识、大局意识、核心意识、看齐意识。\n", ["政治意识", "大局意识", "核心意识", "看齐意识"]),
        ("提出“两个确立”，\n确立甲的核心地位，\n确立乙的指导地位。\n", ["确立甲的核心地位，", "确立乙的指导地位。"]),
        ("6个必然要求\n\n是甲\n\n是乙\n\n是丙\n", None),
        ("三个必然要求：\n\n是甲\n\n是乙\n\n是丙\n", ["是甲", "是乙", "是丙"]),
    ],
)
def test_declared_count_answered_without_ordinals(markdown: str, items: list[str] | None) -> None:
    found = enumerations(markdown)
    assert (found[0][1] if found else None) == items


def test_heading_that_declares_a_count_lists_its_items() -> None:
    document = extract_facts("# 笔记\n\n## 四个全面。建设现代化国家，深化改革，依法治国，从严治党。\n")
    (enumeration,) = document.events[0].enumerations
    assert (enumeration.stem, enumeration.declared_count, len(enumeration.items)) == ("四个全面", 4, 4)


def test_declared_count_that_differs_is_a_warning_with_file_and_line() -> None:
    document = extract_facts("## 会议\n\n会议提出五个必须：\n\n一是甲。\n\n二是乙。\n", "n.md")
    (enumeration,) = document.events[0].enumerations
    assert enumeration.declared_count == 5 and len(enumeration.items) == 2
    assert [str(d) for d in document.diagnostics] == ["n.md:5: stem declares 5 items but 2 follow: 会议提出五个必须："]


@pytest.mark.parametrize(
    ("stem", "count"),
    [
        ("此次会议明确了2025年能源工作的十方面重点。", 10),
        ("提出五个必须。", 5),
        ("六大主张", 6),
        ("会议确定，明年要抓好以下重点任务。", None),
        ("十二项任务", 12),
    ],
)
def test_declared_count(stem: str, count: int | None) -> None:
    assert declared_count(stem) == count


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in ("一", "九", "十", "十一", "十九", "二十", "12")] == [1, 9, 10, 11, 19, 20, 12]


def test_a_declared_count_skips_the_introduction_before_its_items() -> None:
    """“六个必须坚持” then an introduction, then six short paragraphs; “五个必由之路” then ``全党必须牢记，``
    and five paragraphs: the items are the paragraphs, never the introduction, and the dash is no text."""
    from shizheng_anki.extract import extract_facts
    from shizheng_anki.extract.shapes import item_parts

    six = "\n\n".join(
        f"——必须坚持{x}。" for x in ("人民至上", "自信自立", "守正创新", "问题导向", "系统观念", "胸怀天下")
    )
    intro = "继续推进实践基础上的理论创新，首先要把握好这一思想的世界观和方法论，坚持好、运用好贯穿其中的立场观点方法。"
    five = "\n\n".join(
        f"{x}是必由之路，"
        for x in ("坚持党的全面领导", "中国特色社会主义", "团结奋斗", "贯彻新发展理念", "全面从严治党")
    )
    notes = f"# 笔记\n\n## “六个必须坚持”\n\n{intro}\n\n{six}\n\n## “五个必由之路”\n\n全党必须牢记，\n\n{five}\n"
    first, second = extract_facts(notes).events
    (musts,) = first.enumerations
    assert item_parts(musts.items[0].spans).head == "必须坚持人民至上"
    assert len(musts.items) == 6 and musts.is_list
    (ways,) = second.enumerations
    assert len(ways.items) == 5 and ways.items[0].text.startswith("坚持党的全面领导") and ways.is_list


def test_the_second_point_declares_no_count() -> None:
    from shizheng_anki.extract.markers import declared_count

    assert declared_count("第二点：") is None and declared_count("以下两点：") == 2


def test_quotation_marks_and_brackets_hold_their_clauses_together() -> None:
    """One rule of what is inside quotation marks and brackets (shapes.outside_brackets), for the clause
    ends of a list item and for where a long phrase is cut in two."""
    from shizheng_anki.cards.notes import clause_split
    from shizheng_anki.extract.shapes import outside_brackets, split_clauses

    assert split_clauses("欢呼“将来的环球，必是赤旗的世界”，揭示本质") == [
        "欢呼“将来的环球，必是赤旗的世界”",
        "揭示本质",
    ]
    assert split_clauses("【甲，乙】丙，丁") == ["【甲，乙】丙", "丁"]
    assert outside_brackets("甲‘乙’丙") == [True, False, False, False, True]
    # a hinge word inside 【】 or ‘’ is no place to cut a long phrase: the one outside is
    long = "【把发展经济的着力点放在实体经济上是重大判断】和新时代新征程上全党全国各族人民的中心任务"
    assert clause_split(long) == (
        ["【把发展经济的着力点放在实体经济上是重大判断】", "新时代新征程上全党全国各族人民的中心任务"],
        ["和"],
    )
