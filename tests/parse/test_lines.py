"""Every line's number is the line of the file it was written on: what a ``file:line`` message and a
fact's line point at. Taken from mistune's own parsing, so a sentence written twice, or a line that
starts like another, is not mistaken for the other.

Each fixture marks its own lines where their text starts: ``@`` starts a line of text (``@@`` two, as
with ``<br>``), ``%`` an enumeration item; the marks are cut out before the text is parsed, so the
expected numbers are the lines the marks were on, whatever the parser does.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from shizheng_anki.extract import extract_facts
from shizheng_anki.parse import parse_markdown, split_front_matter
from shizheng_anki.parse.markdown import parse_notes
from shizheng_anki.read import read_sources

_MARKS = re.compile(r"[@%]+")
#: A bold key phrase, which may be written across lines.
_BOLD = re.compile(r"\*\*([^*]+?)\*\*")


@dataclass(frozen=True)
class Fixture:
    #: The lines, each with its marks in front.
    marked: str
    #: How the file ends its lines.
    newline: str = "\n"
    #: Whether the file starts with a byte-order mark.
    bom: bool = False

    def lines(self) -> list[str]:
        return [_MARKS.sub("", line, count=1) for line in self.marked.split("\n")]

    def text(self) -> str:
        """The file's text as an editor would save it."""
        return ("\ufeff" if self.bom else "") + self.newline.join(self.lines())

    def expected(self, mark: str) -> list[int]:
        """1-based line numbers, once per ``mark`` in front of the line."""
        numbers = []
        for number, line in enumerate(self.marked.split("\n"), 1):
            marks = _MARKS.search(line)
            numbers += [number] * (marks.group(0).count(mark) if marks else 0)
        return numbers

    def expected_phrases(self) -> list[tuple[int, str]]:
        """Each ``**phrase**``, with the line it starts on."""
        text = "\n".join(self.lines())
        return [(text.count("\n", 0, m.start()) + 1, m.group(1).replace("\n", "")) for m in _BOLD.finditer(text)]


FIXTURES = {
    # the same sentence twice, and lines whose first twelve letters start a later (or an earlier) line
    "written twice": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

@会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民为中心**的发展思想。

@中央经济工作会议明确提出，要**大力提振消费**，
@中央经济工作会议明确提出，要**扩大国内需求**。

@会议指出：
@%%一是**稳中求进**；二是以进促稳。
@%%一是**稳中求进**；二是以进促稳。

@会议强调，坚持**以人民为中心**的发展思想。"""
    ),
    "CRLF": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议
@会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民为中心**的发展思想。

1. @%扩大**国内需求**；
2. @%推动**科技创新**。
@会议强调，坚持**以人民为中心**的发展思想。""",
        newline="\r\n",
    ),
    "BOM": Fixture(
        """@# 2024年12月时政
@## 中央经济工作会议

@会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民为中心**的发展思想。""",
        bom=True,
    ),
    "front matter": Fixture(
        """---
title: 2024年12月时政
tags: [时政, 会议强调]
---
@## 中央经济工作会议

@会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民为中心**的发展思想。""",
        newline="\r\n",
        bom=True,
    ),
    "tabs": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

@会议部署了三项工作：

1.\t@%扩大**国内需求**；
\t@续写在第一项里的**一句话**。
2.\t@%推动**科技创新**；
\t-\t@%嵌套的**新质生产力**
\t-\t@%嵌套的**新质生产力**
3.\t@%深化**改革开放**。

>\t@引用里的**全面深化改革**。
>\t@引用里的**全面深化改革**。"""
    ),
    "setext headings": Fixture(
        """@2024年12月时政
==========

@中央经济工作会议
----------------

@会议强调，坚持**以人民为中心**的发展思想。

@中央政治局会议
@会议强调，坚持以人民为中心的发展思想。
---

@中央政治局会议
---------------
@会议强调，坚持**以人民为中心**的发展思想。

---

@会议强调，坚持**以人民为中心**的发展思想。"""
    ),
    "nested lists and quotes": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

> @会议部署了三项工作：
>
> 1. @%扩大**国内需求**；
> 2. @%推动**科技创新**；
>    > @引用里的**新质生产力**。
>    > @引用里的**新质生产力**。
> 3. @%深化**改革开放**。
@懒惰续行也在引用里，**稳中求进**。

- @%第一条，**先立后破**
  > @列表里的引用，**系统观念**。
  > - @引用里再嵌套的**底线思维**
  >   - @第三层的**底线思维**
-
  @%标记后空着，正文在下一行的**守正创新**。

- @%松散列表的第一段，**以进促稳**。

  @松散列表的第二段，**以进促稳**。"""
    ),
    "table": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

| 领域 | 部署 |
| --- | --- |
| @中央经济工作会议部署的重点任务 | 扩大**国内需求** |
| @中央经济工作会议部署的重点任务 | 扩大**国内需求** |
| @中央经济工作会议部署的重点任务之二 | 推动**科技创新** |

@中央经济工作会议部署的重点任务，**扩大国内需求**。"""
    ),
    "footnotes, HTML, code before text": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

[^1]: 会议强调，坚持以人民为中心的发展思想。
    会议强调，坚持以人民为中心的发展思想。

<div align="center">
会议强调，坚持以人民为中心的发展思想。
</div>

<!--
会议强调，坚持以人民为中心的发展思想。
-->

```
会议强调，坚持以人民为中心的发展思想。
```

@会议强调，坚持**以人民为中心**的发展思想。[^1]"""
    ),
    # Obsidian: a callout's title and body, wikilinks, highlights and a block id
    "Obsidian": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

> [!important]- @会议强调的重点
> @会议强调，坚持**以人民为中心**的发展思想。
> @会议强调，坚持**以人民为中心**的发展思想。

@会议强调，坚持[[以人民为中心|**以人民为中心**]]的发展思想。
@会议强调，坚持~={red}**以人民为中心**=~的发展思想。 ^block1"""
    ),
    # a line's lines: soft and hard breaks, <br>, and markup written across lines
    "inside a paragraph": Fixture(
        """@# 2024年12月时政

@## 中央经济工作会议

@会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民为中心**的发展思想。\x20\x20
@@会议强调，坚持**以人民为中心**的发展思想。<br>会议强调，坚持**以人民为中心**的发展思想。
@会议强调，坚持**以人民
为中心**的发展思想。\\
@会议强调，坚持`以人民
为中心`的发展思想。
@会议强调，坚持<span
style="color: red">以人民为中心</span>的发展思想。
\u3000\u3000
@会议强调，坚持**以人民为中心**的发展思想。"""
    ),
}


def _read(fixture: Fixture, folder: Path) -> str:
    """The fixture as the pipeline reads it: saved to a file, read back."""
    path = folder / "notes.md"
    path.write_bytes(fixture.text().encode("utf-8"))
    return read_sources(path)[0].text


@pytest.mark.parametrize("name", FIXTURES)
def test_every_line_has_the_number_of_its_line_in_the_file(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES[name]
    _meta, body = split_front_matter(_read(fixture, tmp_path))
    numbers = [line.number for block in parse_markdown(body) for line in block.lines]
    assert numbers == fixture.expected("@")


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fact_has_the_number_of_its_line_in_the_file(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES[name]
    document = extract_facts(_read(fixture, tmp_path), "notes.md")
    phrases = [(phrase.line, phrase.text) for event in document.events for phrase in event.key_phrases]
    items = [item.line for event in document.events for enumeration in event.enumerations for item in enumeration.items]
    assert sorted(phrases) == fixture.expected_phrases()
    assert sorted(items) == fixture.expected("%")


#: Pictures (and an embedded note) wherever notes hold them, each named for the line it is on (``L8``):
#: its name says the line it must be given, under front matter, and after a code block that shows the
#: same picture's markup (no picture there), which a search for the markup took for it.
PICTURES = """\
---
tags: [时政]
---
# 标题

```
![](L11.png)
```

段落第一行
第二行 ![](L11.png)

> 引用 ![](L13.png)
> 第二行 <img src="L14.png">

- 列表一 ![](L16.png)
  - 嵌套 ![](L17.png)
- 列表二
  续行 ![[L19.png]] ![[L19笔记]]

| 表头 | 图 |
| --- | --- |
| 甲 | ![](L23.png) |
| 乙 | ![](L24.png) |

<div>
<img src="L27.png">
</div>

## 小标题 ![](L30.png)

**加粗
跨行** ![](L33.png)

> [!note] 标题 ![](L35.png)
> 正文 ![](L36.png)

同一行 ![](L38.png) 和 ![](L38.png)

硬换行\\
![](L41.png)

Setext 标题 ![](L43.png)
===

<span>内联</span> <img
src="L46.png"> 后
"""


@pytest.mark.parametrize("newline, bom", [("\n", False), ("\r\n", True)], ids=["LF", "CRLF-BOM"])
def test_every_picture_has_the_number_of_its_line_in_the_file(newline: str, bom: bool, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(("\ufeff" if bom else "").encode() + PICTURES.replace("\n", newline).encode("utf-8"))
    _meta, body = split_front_matter(read_sources(path)[0].text)
    embeds = parse_notes(body)[1].embeds
    assert [(embed.target, embed.line) for embed in embeds] == [
        (embed.target, int(re.sub(r"\D", "", embed.target))) for embed in embeds
    ]
    assert len(embeds) == 19 and [embed.target for embed in embeds if embed.kind == "note"] == ["L19笔记"]
    first = embeds[0]
    assert (first.paragraph, first.with_text) == ((10, 11), True)  # its paragraph, not the code block


def test_text_given_with_crlf_is_numbered_as_the_file() -> None:
    """``parse_markdown`` on text not read from a file (CRLF kept): mistune's line ends, the same lines."""
    fixture = FIXTURES["CRLF"]
    assert "\r\n" in fixture.text()
    numbers = [line.number for block in parse_markdown(fixture.text()) for line in block.lines]
    assert numbers == fixture.expected("@")


def test_rows_number_from_the_header_of_their_own_table() -> None:
    """Two tables with the same rows: each row on its own line, the second table's too."""
    table = "| 领域 | 部署 |\n| --- | --- |\n| 重点任务 | 扩大国内需求 |\n| 重点任务 | 扩大国内需求 |\n"
    text = f"{table}\n段落\n\n{table}"
    rows = [block.number for block in parse_markdown(text) if block.kind == "row"]
    lines = text.split("\n")
    assert rows == [number for number, line in enumerate(lines, 1) if line.startswith("| 重点任务")]


# -- random documents: every line of text starts with its own line number ---------------------------------

_TAG = "{T}"
_TAGGED = re.compile(r"L(\d+)号")
#: Inline endings of a paragraph line: hard breaks, <br>, and markup written across lines.
_ENDINGS = ("", "  ", "\\", f"<br>{_TAG}后半", " **加粗跨\n行**", " `代码\n跨行`", " <span\nclass=x>标签</span>")


def _random_blocks(rng: random.Random, depth: int = 0) -> list[str]:
    """Source lines of a few random blocks; ``{T}`` where a line's text starts."""
    lines: list[str] = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["paragraph", "heading", "setext", "quote", "list", "table", "skipped", "lazy", "wide"])
        if depth > 3 and kind in ("quote", "list"):
            kind = "paragraph"
        if kind == "paragraph":
            lines += [f"{_TAG}内容{rng.choice(['**重点**', '==标记==', ''])}{rng.choice(_ENDINGS)}" for _ in range(3)]
        elif kind == "heading":
            lines.append("#" * rng.randint(1, 6) + f" {_TAG}标题")
        elif kind == "setext":
            lines += [f"{_TAG}标题", rng.choice(["===", "---"])]
        elif kind == "quote":
            lines += [rng.choice(["> ", ">", ">\t"]) + line for line in _random_blocks(rng, depth + 1)]
        elif kind == "list":
            for number in range(1, rng.randint(2, 4)):
                marker = rng.choice(["-", "*", f"{number}.", f"{number + 4}."])
                gap = rng.choice([" ", "  ", "\t"])
                item = _random_blocks(rng, depth + 1) or [f"{_TAG}项"]
                indent = " " * (len(marker) + len(gap)) if gap != "\t" else rng.choice(["\t", "    "])
                head = [marker, indent + item[0]] if rng.random() < 0.15 else [marker + gap + item[0]]
                lines += head + [indent + line for line in item[1:]]
        elif kind == "table":
            lines += ["| 甲 | 乙 |", "| --- | --- |"] + [f"| {_TAG}格 | 值 |"] * rng.randint(1, 3)
        elif kind == "skipped":  # blocks with no text to learn, which the lines after must not lose count of
            lines += rng.choice(
                [
                    ["```", "代码", "```"],
                    ["<div>", "块内", "</div>"],
                    ["[^1]: 脚注", "    续"],
                    ["    缩进代码"],
                    ["***"],
                ]
            )
        elif kind == "lazy":
            lines += [f"> {_TAG}引用", f"{_TAG}懒惰续行"]
        elif kind == "wide":
            lines += [f"{_TAG}前", "\u3000\u3000", f"{_TAG}后"]
        if rng.random() < 0.6:
            lines.append("")
    return "\n".join(lines).split("\n")  # the markup written across lines splits into lines of its own


def test_random_documents_number_every_line_as_written() -> None:
    """Random nestings of quotes, lists, tables, breaks and markup across lines, tabs and lazy lines:
    each line of text is tagged with the number of the line it is written on."""
    checked = 0
    for seed in range(300):
        template = _random_blocks(random.Random(seed))
        text = "\n".join(line.replace(_TAG, f"L{number}号") for number, line in enumerate(template, 1))
        for block in parse_markdown(text):
            for line in block.lines:
                tag = _TAGGED.match(line.text)
                if tag:
                    assert line.number == int(tag.group(1)), (seed, line.text)
                    checked += 1
    assert checked > 2000
