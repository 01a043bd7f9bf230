"""Each shape notes take, and the cards a learner keeps from it (docs/cards.md): built into a deck,
imported into real Anki, read back as the learner sees the cards. What is no list must not become one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Imported, anki_import

from shizheng_anki import build_deck


def deck(markdown: str, tmp_path: Path, **options: bool) -> Imported:
    return anki_import(build_deck([markdown], **options).write(tmp_path / "d.apkg"), tmp_path / "c.anki2")


def fronts(imported: Imported) -> list[str]:
    return [card.question for card in imported.cards]


NEWS = """# 2021年11月时政

## 十一月要闻

- 11月8日至11日，十九届六中全会在北京举行。
- 11月16日，中美元首举行视频会晤，双方就**中美关系**交换意见。
- 11月22日，第四届世界媒体峰会在北京开幕。
"""


def test_news_under_one_heading_are_no_list(tmp_path: Path) -> None:
    imported = deck(NEWS, tmp_path)
    for front in fronts(imported):
        assert "第2项" not in front and "共有几项" not in front and "共3项" not in front and "［…］" not in front
    (marked,) = [c for c in imported.cards if "[...]" in c.question and "视频会晤" in c.question]
    assert "中美关系" in marked.answer  # what is marked in them is still asked


PIECES = """# 2020年12月中央经济工作会议

## 总体要求

做好明年经济工作，要以习近平新时代中国特色社会主义思想为指导，

1. 坚持稳中求进工作总基调，
2. 立足新发展阶段，
3. 贯彻新发展理念，
4. 构建新发展格局，
5. 以推动高质量发展为主题。
"""


def test_a_sentence_cut_into_numbered_pieces_asks_each_piece_between_its_neighbours(tmp_path: Path) -> None:
    imported = deck(PIECES, tmp_path)
    pieces = [c for c in imported.cards if "[...]" in c.question]
    assert len(pieces) == 5
    third = next(c for c in pieces if "立足新发展阶段，[...]，构建新发展格局" in c.question)
    assert "贯彻新发展理念" in third.answer and "贯彻新发展理念" not in third.question
    assert all("第" not in front or "项" not in front for front in fronts(imported))


SET = """# 2024年4月学习笔记

## 理论学习

全党要坚定“四个自信”：道路自信、理论自信、制度自信、文化自信。
"""


def test_a_named_set_found_in_a_sentence_hides_one_item_per_card_and_is_asked_whole(tmp_path: Path) -> None:
    imported = deck(SET, tmp_path)
    (blanks,) = [n for n in imported.notes if n.notetype == "shizheng-anki 时政填空"]
    assert len(blanks.cards) == 4  # one note, a card per item, the other three shown
    second = next(c for c in blanks.cards if c.ord == 1)
    assert "道路自信、[...]、制度自信、文化自信" in second.question and "理论自信" in second.answer
    (whole,) = [c for c in imported.cards if "分别是什么？（共4项）" in c.question]
    assert whole.answer.splitlines()[-2] == "道路自信、理论自信、制度自信、文化自信"
    assert "道路自信" not in whole.question


LONG = "# 2024年12月时政\n\n## 能源工作会议\n\n此次会议明确了2025年能源工作的十方面重点。\n\n" + "\n\n".join(
    f"{n}是{task}，{rest}。"
    for n, task, rest in zip(
        "一二三四五六七八九十",
        (
            "深入学习贯彻重要论述",
            "贯彻落实全会精神",
            "发挥导向引领作用",
            "扛牢能源安全首要职责",
            "坚持绿色低碳转型",
            "加快推进科技自立自强",
            "坚持问题导向",
            "树立安全发展理念",
            "深化能源国际合作",
            "加强党的全面领导",
        ),
        ["推动各项工作取得实效并且不断开创能源高质量发展新局面"] * 10,
    )
)


def test_a_long_list_asks_each_head_after_its_neighbour_never_by_position(tmp_path: Path) -> None:
    imported = deck(LONG, tmp_path)
    items = [c for c in imported.cards if "是［…］" in c.question]
    assert len(items) == 10
    sixth = next(c for c in items if "六是［…］" in c.question)
    assert sixth.question.splitlines()[-2:] == ["五是坚持绿色低碳转型", "六是［…］"]
    assert sixth.answer.split("六是［…］")[1].splitlines()[1] == "加快推进科技自立自强"  # the head only
    assert "推动各项工作取得实效" in sixth.answer  # the rest of the item, on the back
    for front in fronts(imported):
        assert "共10项" not in front and "共有几项" not in front
    assert not [c for c in imported.cards if "分别是什么" in c.question]  # ten are too many to recite


LABELS = """# 考研政治笔记

## 史纲重要的第一次

- 近代中国开眼看世界的第一人：林则徐
- 中国近代史上签订的第一个不平等条约：中英《南京条约》
"""


def test_an_item_with_a_label_is_asked_by_its_label(tmp_path: Path) -> None:
    imported = deck(LABELS, tmp_path)
    (card,) = [c for c in imported.cards if "近代中国开眼看世界的第一人：［…］" in c.question]
    assert "林则徐" in card.answer and "林则徐" not in card.question
    assert len(imported.cards) == 2


BOLD_ITEMS = """# 2024年12月时政

## 中央经济工作会议

会议确定，明年要抓好以下重点任务。

一是**大力提振消费、提高投资效益**，全方位扩大国内需求。

二是**以科技创新引领新质生产力发展**，建设现代化产业体系。

**会议要求，各地区各部门要抓好贯彻落实。**

会议指出，要**坚持稳中求进**。它是治国理政的**重要原则**。
"""


def test_each_fact_is_asked_once_and_no_front_is_only_a_blank(tmp_path: Path) -> None:
    imported = deck(BOLD_ITEMS, tmp_path)
    about_consumption = [c for c in imported.cards if "大力提振消费" in c.answer.split("\n", 2)[-1][:40]]
    heads = [c for c in imported.cards if "一是［…］" in c.question]
    assert len(heads) == 1 and "大力提振消费、提高投资效益" in heads[0].answer
    # the bold item is asked as the list's item, not again as a cloze nor as 并列 parts
    assert not [c for c in imported.cards if "[...]" in c.question and "全方位扩大国内需求" in c.question]
    assert about_consumption
    for card in imported.cards:
        body = card.question.splitlines()[1:]
        assert any(len(line.replace("[...]", "").strip("。，：")) >= 2 for line in body), card.question
    (it,) = [c for c in imported.cards if "它是治国理政的[...]" in c.question]
    assert "要坚持稳中求进。它是" in it.question  # 它 is named: the sentence before shows what it is
    assert "2025年要抓好以下重点任务" in heads[0].question  # 明年 of notes of 2024-12


TERMS = """# 考研政治笔记

## 概念

**新质生产力**：创新起主导作用的先进生产力质态。

**社会保障**：提高养老金，完善医保。

**中国革命和建设的基本立足点**：独立自主。
"""


def test_terms_only_from_definitions_and_labels_ask_their_content(tmp_path: Path) -> None:
    imported = deck(TERMS, tmp_path)
    terms = [c.question.splitlines()[-1] for n in imported.notes if "术语" in n.tags for c in n.cards]
    assert terms == ["什么是新质生产力？"]
    (label,) = [c for c in imported.cards if "基本立足点" in c.question]
    assert "中国革命和建设的基本立足点：[...]" in label.question and "独立自主" in label.answer


ENGLISH = """# Study notes

## Party congress

The congress set out three tasks:

1. First, **deepen reform** in all fields.
2. Second, **expand opening up** to the world.
3. Third, **improve people's livelihoods** across the country.
"""


def test_notes_without_chinese_are_asked_in_english(tmp_path: Path) -> None:
    imported = deck(ENGLISH, tmp_path)
    assert imported.cards
    for front in fronts(imported):
        assert not any("\u4e00" <= char <= "\u9fff" for char in front), front


@pytest.mark.parametrize("callout", ["> [!important]\n", "> [!important] 重点\n"])
def test_a_callout_marker_never_reaches_a_card(callout: str, tmp_path: Path) -> None:
    notes = f"# 2024年12月时政\n\n## 会议\n\n{callout}> 会议强调，要**坚持稳中求进**。\n>\n> 一是**加强领导**；二是**完善制度**。\n"
    imported = deck(notes, tmp_path)
    for card in imported.cards:
        assert "important" not in card.question + card.answer and "[!" not in card.question + card.answer


def test_a_file_without_a_title_names_itself_once(tmp_path: Path) -> None:
    notes = tmp_path / "2025-03-08.md"
    notes.write_text("会议强调，要**坚持稳中求进**，推动发展。\n", encoding="utf-8")
    imported = anki_import(build_deck([notes]).write(tmp_path / "d.apkg"), tmp_path / "c.anki2")
    (card,) = imported.cards
    assert card.question.splitlines()[0] == "2025-03-08 · 2025年3月"


def test_a_frame_is_not_the_question(tmp_path: Path) -> None:
    """A marked frame word (标志着) is no fact; a marked frame whose content stands in the sentence
    (在饮水安全方面 … 饮水安全问题) would show its answer: neither gets a card, the rest of the line does."""
    notes = (
        "# 笔记\n\n## 脱贫\n\n**在饮水安全方面**，很多贫困人口饮水安全问题没有解决。\n\n"
        "1945年六届七中全会**标志着**整风运动的结束，会议通过了**历史决议**。\n\n"
        "1927年南昌起义**打响了**武装反抗国民党反动派第一枪。\n"
    )
    imported = deck(notes, tmp_path)
    answers = [card.answer for card in imported.cards]
    assert len(answers) == 1 and "历史决议" in answers[0]


def test_the_authors_asides_are_not_asked(tmp_path: Path) -> None:
    notes = (
        "# 笔记\n\n## 政府与市场\n\n要发挥**市场**在资源配置中的决定性作用。\n\n"
        "这个点在考试当中还有一种出题的方法：如何处理好“**看得见的手**”和“看不见的手”的关系。\n"
    )
    imported = deck(notes, tmp_path)
    assert [card.answer.split("\n")[1] for card in imported.cards] == ["要发挥市场在资源配置中的决定性作用。"]


def test_the_figure_is_the_fact(tmp_path: Path) -> None:
    notes = "# 2024年3月笔记\n\n## 政府工作报告\n\n今年发展主要预期目标是：**粮食产量1.3万亿斤以上**，**国内生产总值增长5%左右**。\n"
    imported = deck(notes, tmp_path)
    fronts = sorted(card.question.splitlines()[1] for card in imported.cards)
    assert fronts == [
        "2024年发展主要预期目标是：粮食产量1.3万亿斤以上，国内生产总值增长[...]。",  # 今年 of notes of 2024
        "2024年发展主要预期目标是：粮食产量[...]，国内生产总值增长5%左右。",
    ]


def test_a_blank_with_little_around_it_is_shown_after_the_line_before_not_the_whole_paragraph() -> None:
    lines = [f"{1949 + n} 事件{n} 说明第{n}件事情的意义" for n in range(12)]
    notes = "## 新中国成立后\n\n" + "  \n".join(lines) + "  \n2012 中共十八大 开启**新时代**\n"
    (note,) = [n for n in build_deck([notes]).notes if "新时代" in n.fields[0]]
    front = note.fields[0]
    assert front.startswith(lines[-1]) and "2012 中共十八大 开启{{c1::新时代}}" in front
    assert lines[-2] not in front  # the line before, not every line above it


@pytest.mark.parametrize(
    ("notes", "asked"),
    [
        # the author's word on the notes themselves is no fact
        (
            "## 三件大事\n\n这三段话是对近代史的一个**高度总结**。属于超级重要的内容！\n\n坚持**稳中求进**。\n",
            ["稳中求进"],
        ),
    ],
)
def test_remarks_about_the_notes_themselves_are_not_asked(notes: str, asked: list[str]) -> None:
    clozes = [note.fields[0] for note in build_deck([notes]).notes if note.kind == "key_phrase"]
    assert [cloze.split("{{c1::")[1].split("}}")[0] for cloze in clozes] == asked
