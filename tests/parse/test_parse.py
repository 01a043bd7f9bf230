"""Stage 1: Markdown → lines of spans. Above all, bold next to Chinese punctuation."""

from __future__ import annotations

import re

import mistune
import pytest
from conftest import EXAMPLE

from shizheng_anki.parse import parse_markdown


def marked(markdown: str) -> list[str]:
    return [
        span.text for block in parse_markdown(markdown) for line in block.lines for span in line.spans if span.marked
    ]


BOLD_CASES = [
    # CommonMark refuses these: ** between Chinese punctuation and a Chinese character
    ("统筹推进**重大标志性工程**和**“小而美”民生项目建设**，统筹巩固", ["重大标志性工程", "“小而美”民生项目建设"]),
    ("以贯彻实施**《能源法》**为契机夯实能源法治根基。", ["《能源法》"]),
    ("坚持求真务实，**坚决反对形式主义、官僚主义。**统筹发展和安全", ["坚决反对形式主义、官僚主义。"]),
    (
        "统筹深化**基础设施“硬联通”、规则标准“软联通”**和同共建**国家人民“心联通”**，统筹",
        ["基础设施“硬联通”、规则标准“软联通”", "国家人民“心联通”"],
    ),
    ("要**打好政策“组合拳”**。加强财政", ["打好政策“组合拳”"]),
    (
        "**新质生产力稳步发展，中国式现代化迈出新的坚实步伐**。一年来",
        ["新质生产力稳步发展，中国式现代化迈出新的坚实步伐"],
    ),
    # ordinary bold keeps working
    ("坚持**稳中求进**工作总基调", ["稳中求进"]),
    ("plain **bold** text and **more bold**", ["bold", "more bold"]),
    ("> 一是坚持**端牢能源饭碗**，能源安全保障能力取得新提高。", ["端牢能源饭碗"]),
    ("- 列表里的**重点**", ["重点"]),
    # not bold
    ("2 ** 3 ** 4 is arithmetic", []),
    ("`**代码里的星号**` 不是提法", []),
    ("```\n**围栏代码**\n```", []),
    ("这是*单星号强调*，不是提法", []),
    ("未闭合的**粗体一直到行尾", []),
]


@pytest.mark.parametrize(("markdown", "expected"), BOLD_CASES)
def test_bold_spans_on_one_line_are_marked(markdown: str, expected: list[str]) -> None:
    assert marked(markdown) == expected


def test_stock_commonmark_parse_loses_phrases_that_ours_keeps() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    regex_count = len(re.findall(r"\*\*[^*\n]+?\*\*", text))
    stock = mistune.create_markdown(renderer="html")(text)
    assert isinstance(stock, str)
    assert stock.count("<strong>") < regex_count  # the CJK problem is real in this mistune
    assert len(marked(text)) == regex_count == 66


def test_lines_carry_source_line_numbers() -> None:
    text = "# 标题\n\n## 会议\n\n> 会议确定：\n>\n> 一是**甲**。\n> 二是乙。\n\n段落\n第二行**丙**\n"
    lines = [(line.number, line.text) for block in parse_markdown(text) for line in block.lines]
    assert lines == [
        (1, "标题"),
        (3, "会议"),
        (5, "会议确定："),
        (7, "一是甲。"),
        (8, "二是乙。"),
        (10, "段落"),
        (11, "第二行丙"),
    ]


def test_example_phrase_lines_match_the_file() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    source_lines = text.split("\n")
    for block in parse_markdown(text):
        for line in block.lines:
            for span in line.spans:
                if span.marked:
                    assert f"**{span.text}**" in source_lines[line.number - 1]
