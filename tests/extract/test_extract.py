"""Stage 2: blocks → facts. Title, month, events, key phrases with their sentences, enumerations."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE

from shizheng_anki.extract import extract_facts
from shizheng_anki.extract.document import month_of


@pytest.fixture(scope="module")
def example():  # type: ignore[no-untyped-def]
    return extract_facts(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))


def test_document_title_month_and_metadata(example) -> None:  # type: ignore[no-untyped-def]
    assert example.title == "2024年12月时政"
    assert example.month == "2024-12"
    assert example.metadata == "2025/03/09 23:54:08  by: 程序员·小李"
    assert [(e.title, e.line) for e in example.events] == [
        ("第四次“一带一路”建设工作座谈会", 4),
        ("总书记视察信息支援部队", 15),
        ("中央经济工作会议", 28),
        ("2025年全国能源工作会议", 70),
    ]


def test_all_66_key_phrases_with_their_sentences(example) -> None:  # type: ignore[no-untyped-def]
    phrases = [p for e in example.events for p in e.key_phrases]
    assert len(phrases) == 66
    by_text = {p.text: p for p in phrases}
    energy_law = by_text["《能源法》"]
    assert energy_law.sentence.startswith("加快构建适应新型能源体系的体制机制")  # the sentence, not the paragraph
    assert energy_law.paragraph.startswith("二是深入贯彻落实党的二十届三中全会精神")
    assert energy_law.line == 91
    small = by_text["“小而美”民生项目建设"]
    assert small.line == 10 and "统筹推进重大标志性工程和“小而美”民生项目建设" in small.sentence
    for phrase in phrases:
        assert phrase.text in phrase.sentence
        assert phrase.sentence_spans[phrase.index].text == phrase.text
        assert phrase.sentence in phrase.paragraph.replace("\n", "") or phrase.sentence in phrase.paragraph


def test_the_phrases_of_a_sentence_and_of_a_list_item_share_its_spans() -> None:
    """A sentence is held once, however many phrases it has, and an item's spans are the line's own:
    a large build holds fewer objects for Python's cycle collector to walk. A sentence cut for a card
    is still cut for each of its phrases."""
    short = extract_facts(
        "## 会议\n\n要**稳中求进**，**以进促稳**，**先立后破**。\n\n一是**扩大内需**，二是**科技创新**。\n"
    )
    first, second, third, *in_items = short.events[0].key_phrases
    assert first.sentence_spans is second.sentence_spans is third.sentence_spans
    assert [p.sentence_spans[p.index].text for p in (first, second, third)] == ["稳中求进", "以进促稳", "先立后破"]
    (enumeration,) = short.events[0].enumerations
    item_spans = {id(span) for item in enumeration.items for span in item.spans}
    assert [p.text for p in in_items] == ["扩大内需", "科技创新"]
    assert all(id(p.sentence_spans[p.index]) in item_spans for p in in_items)

    long = extract_facts("## 会议\n\n" + "甲" * 400 + "**稳中求进**" + "乙" * 10 + "**以进促稳**" + "丙" * 400 + "。\n")
    cut_first, cut_second = long.events[0].key_phrases
    assert cut_first.sentence_spans is not cut_second.sentence_spans
    assert cut_first.sentence.startswith("…") and cut_second.sentence.endswith("…")


def test_three_enumerations_with_all_25_items(example) -> None:  # type: ignore[no-untyped-def]
    enumerations = [en for e in example.events for en in e.enumerations]
    assert [len(en.items) for en in enumerations] == [9, 6, 10]
    assert [en.stem for en in enumerations][::2] == [
        "会议确定，明年要抓好以下重点任务。",
        "此次会议明确了2025年能源工作的十方面重点。",
    ]
    assert [en.declared_count for en in enumerations] == [None, None, 10]
    for en in enumerations:
        assert [item.ordinal for item in en.items] == list(range(1, len(en.items) + 1))
    first = enumerations[0]
    assert first.items[3].text == "扩大高水平对外开放，稳外贸、稳外资。"  # `>四是` with no space
    assert (first.items[5].marker, first.items[5].line) == ("六是", 59)  # 五是/六是 on consecutive lines
    assert first.items[4].line == 58


def test_title_falls_back_to_file_name_and_month_to_file_name() -> None:
    document = extract_facts("## 会议\n\n**提法**\n", "notes/2024-11-时政.md")
    assert (document.title, document.month) == ("2024-11-时政", "2024-11")
    assert document.events[0].title == "会议"
    assert month_of("无月份") is None


def test_facts_before_the_first_heading_belong_to_the_document() -> None:
    document = extract_facts("# 2024年11月时政\n\n开头的**提法**。\n\n## 会议\n\n还有**另一个**。\n")
    assert [(e.title, [p.text for p in e.key_phrases]) for e in document.events] == [
        ("2024年11月时政", ["提法"]),
        ("会议", ["另一个"]),
    ]
