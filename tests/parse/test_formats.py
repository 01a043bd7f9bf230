"""Fixture tables: every input shape real notes come in — encodings, front matter, markers,
enumeration shapes, declared counts, tables, broken markup — and what must NOT become a fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from shizheng_anki import build_deck
from shizheng_anki.errors import SourceError
from shizheng_anki.extract import extract_facts
from shizheng_anki.read import read_sources


def phrases(markdown: str, **options: object) -> list[str]:
    document = extract_facts("## 会议\n\n" + markdown, **options)  # type: ignore[arg-type]
    return [p.text for e in document.events for p in e.key_phrases]


def enumerations(markdown: str) -> list[tuple[str, list[str]]]:
    """(stem, item texts) of every enumeration of the notes' first event."""
    document = extract_facts("## 会议\n\n" + markdown)
    return [(e.stem, [i.text for i in e.items]) for ev in document.events for e in ev.enumerations]


# -- encodings and line ends ----------------------------------------------------------------------

NOTES = "# 2024年12月时政\n\n## 会议\n\n坚持**稳中求进**。\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-8", NOTES.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + NOTES.encode("utf-8")),
        ("CRLF", NOTES.replace("\n", "\r\n").encode("utf-8")),
        ("CR", NOTES.replace("\n", "\r").encode("utf-8")),
        ("GB18030", NOTES.encode("gb18030")),
        ("GBK CRLF", NOTES.replace("\n", "\r\n").encode("gbk")),
    ],
)
def test_every_encoding_and_line_end_gives_the_same_facts(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(data)
    result = build_deck([path])
    (document,) = result.documents
    assert document.title == "2024年12月时政"
    assert [(p.text, p.line) for e in document.events for p in e.key_phrases] == [("稳中求进", 5)]
    assert bool(result.notices) == name.startswith("GB")
    if result.notices:
        assert "GB18030" in result.notices[0] and str(path) in result.notices[0]


def test_encoding_can_be_forced(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(NOTES.encode("gbk"))
    (source,) = read_sources(path, encoding="gbk")
    assert source.notice is None and "稳中求进" in source.text
    with pytest.raises(SourceError, match=r"notes.md:1: is not valid utf-8"):
        read_sources(path, encoding="utf-8")
    with pytest.raises(SourceError, match="unknown encoding"):
        read_sources(path, encoding="no-such-codec")


def test_ideographic_space_indents_are_not_text() -> None:
    (enumeration,) = (
        extract_facts("## 会议\n\n\u3000\u3000会议确定：\n\n\u3000\u3000一是甲。\n\n\u3000\u3000二是乙。\n")
        .events[0]
        .enumerations
    )
    assert enumeration.stem == "会议确定：" and [i.text for i in enumeration.items] == ["甲。", "乙。"]


# -- titles, front matter --------------------------------------------------------------------------


def test_front_matter_gives_title_month_and_tags_and_keeps_line_numbers() -> None:
    text = '---\ntitle: "中央经济工作会议"\ndate: 2020-12-19T23:24:22+08:00\ntags:\n  - 考研政治\n  - 时政 笔记\n---\n\n## 会议\n\n坚持**稳中求进**。\n'
    document = extract_facts(text, "x.md")
    assert (document.title, document.month, document.tags) == ("中央经济工作会议", "2020-12", ("考研政治", "时政 笔记"))
    assert document.events[0].key_phrases[0].line == 11
    (note,) = build_deck([text]).notes
    assert "考研政治" in note.tags and "时政_笔记" in note.tags


def test_setext_title_and_file_name_fallback() -> None:
    assert (
        extract_facts("> [首页](index.html)\n\n背诵大作战\n=====\n\n## 马原\n\n坚持**实践**。\n").title == "背诵大作战"
    )
    assert extract_facts("## 会议\n\n坚持**实践**。\n", "notes/2024年11月.md").title == "2024年11月"


def test_ambiguous_heading_shows_its_parent_on_the_card() -> None:
    text = "# 笔记\n\n## 新发展理念\n\n### 1. 贯彻新发展理念\n\n坚持**创新**。\n\n## 会议\n\n坚持**协调**。\n"
    events = extract_facts(text).events
    assert [(e.title, e.context, e.cue) for e in events] == [
        ("新发展理念", None, "新发展理念"),
        ("1. 贯彻新发展理念", "新发展理念", "新发展理念 › 1. 贯彻新发展理念"),
        ("会议", None, "会议"),
    ]
    notes = build_deck([text]).notes
    assert notes[0].field("Event") == "新发展理念 › 1. 贯彻新发展理念"


# -- key-phrase markers ------------------------------------------------------------------------------

MARKERS = [
    ("bold", "坚持**稳中求进**工作总基调", ["稳中求进"]),
    ("underscore bold", "坚持__稳中求进__工作总基调", ["稳中求进"]),
    ("highlight", "坚持==稳中求进==工作总基调", ["稳中求进"]),
    ("underline", "坚持<u>稳中求进</u>工作总基调", ["稳中求进"]),
    ("mark tag", "坚持<mark>稳中求进</mark>工作总基调", ["稳中求进"]),
    ("b tag", "坚持<b>稳中求进</b>工作总基调", ["稳中求进"]),
    ("strong tag", "坚持<strong>稳中求进</strong>工作总基调", ["稳中求进"]),
    ("font colour", '形成<font color="#00b050">军委管总、战区主战</font>新格局', ["军委管总、战区主战"]),
    ("bold inside underline is one phrase", "坚持<u>稳中**求进**</u>工作", ["稳中求进"]),
    # negatives
    ("single emphasis", "坚持*稳中求进*工作", []),
    ("font without colour", "坚持<font size=3>稳中求进</font>工作", []),
    ("whole-line bold is a stem", "**新发展理念的内涵和要求：**\n\n坚持**创新**。", ["创新"]),
    ("fill-in blanks", "坚持 __ 工作的方向，____ 是路径", []),
    ("inline code", "`**代码**` 与 `==代码==`", []),
    ("fenced code", "```\n**围栏**\n==围栏==\n```", []),
    ("html comment", "<!-- **注释** -->\n\n正文", []),
    ("inline html comment", "正文<!-- **注释** -->正文", []),
    ("trailing base64 comment", "正文\n\n<!--\n**aGVsbG8=**\n-->\n", []),
    ("footnote definition", "正文[^1]\n\n[^1]: 脚注里的**提法**", []),
    ("link url", "见[**链接文字**](http://x.cn/**不是**)", ["链接文字"]),
    ("marked ordinal", "**第一**，大力发展**实体经济**。", ["实体经济"]),
    # marks nested in a mark are each a phrase (the outer mark is their sentence), also in a bold line
    ("highlight in bold", "**意识具有==自觉性==和==目的性==。** 后文", ["自觉性", "目的性"]),
    ("colour in a bold line", '**会议强调，要<font color="red">坚持稳中求进</font>。**', ["坚持稳中求进"]),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), MARKERS, ids=[m[0] for m in MARKERS])
def test_markers(name: str, markdown: str, expected: list[str]) -> None:
    assert phrases(markdown) == expected


def test_marks_choose_which_markers_count() -> None:
    text = "坚持**加粗**和==高亮==和<u>下划线</u>和<font color=red>彩色</font>。"
    assert phrases(text) == ["加粗", "高亮", "下划线", "彩色"]
    assert phrases(text, marks=("highlight",)) == ["高亮"]
    assert phrases(text, marks=("bold", "color")) == ["加粗", "彩色"]


def test_table_cell_phrase_is_clozed_with_its_row_and_header() -> None:
    text = "| 年份 | 事件 | 意义 |\n|---|---|---|\n| 1840 | **鸦片战争** | 近代史的开端 |\n"
    document = extract_facts("## 时间轴\n\n" + text)
    (phrase,) = document.events[0].key_phrases
    assert (phrase.text, phrase.line) == ("鸦片战争", 5)
    assert phrase.sentence == "年份：1840；事件：鸦片战争；意义：近代史的开端"


def test_enumeration_inside_a_table_cell_is_asked_with_its_row_and_column() -> None:
    text = "| 会议 | 时间 | 内容 |\n|---|---|---|\n| 中共一大 | 1921.7 | 1、通过了党纲。2、确定了**党的名称**。3、确立了奋斗目标。 |\n"
    document = extract_facts("## 重要会议\n\n" + text)
    (enumeration,) = document.events[0].enumerations
    assert enumeration.stem == "中共一大：内容" and enumeration.declared_count is None
    assert [(i.marker, i.text) for i in enumeration.items] == [
        ("1、", "通过了党纲。"),
        ("2、", "确定了党的名称。"),
        ("3、", "确立了奋斗目标。"),
    ]
    assert [p.text for p in document.events[0].key_phrases] == ["党的名称"]


# -- broken input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected", "problem"),
    [
        ("未闭合的**粗体一直到行尾\n\n另一行**提法**。", ["提法"], "unclosed ** or __"),
        ("坚持<u>下划线没有闭合\n", [], "unclosed <u>"),
        ("坚持**提法**。</dev>还有正文", ["提法"], "stray </dev>"),
    ],
)
def test_broken_markup_is_skipped_and_reported(markdown: str, expected: list[str], problem: str) -> None:
    document = extract_facts("## 会议\n\n" + markdown, "broken.md")
    assert [p.text for e in document.events for p in e.key_phrases] == expected
    assert any(problem in d.message and str(d).startswith("broken.md:3: ") for d in document.diagnostics)


def test_bold_across_a_line_break_is_one_phrase() -> None:
    assert phrases("坚持**稳中\n求进**工作") == ["稳中求进"]
