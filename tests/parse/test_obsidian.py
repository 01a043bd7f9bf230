"""Obsidian's own syntax, read as Obsidian shows it: one fixture per syntax, and what must stay text."""

from __future__ import annotations

import pytest

from shizheng_anki import build_deck
from shizheng_anki.extract import extract_facts
from shizheng_anki.parse import parse_notes


def lines(markdown: str, marks: tuple[str, ...] = ("bold", "highlight", "underline", "color")) -> list[str]:
    """Each parsed line as text, its marked phrases in 【】."""
    blocks, _ = parse_notes(markdown, marks)
    return ["".join(f"【{s.text}】" if s.marked else s.text for s in line.spans) for b in blocks for line in b.lines]


def numbered(markdown: str) -> list[tuple[int, str]]:
    blocks, _ = parse_notes(markdown)
    return [(line.number, line.text) for block in blocks for line in block.lines]


# -- callouts -----------------------------------------------------------------------------------------

CALLOUTS = [
    ("type and title", "> [!note] 会议总基调\n> 坚持**稳中求进**。\n", ["会议总基调", "坚持【稳中求进】。"]),
    ("folded", "> [!important]- 重点\n> 坚持**稳中求进**。\n", ["重点", "坚持【稳中求进】。"]),
    ("unfolded", "> [!tip]+ 重点\n> 坚持**稳中求进**。\n", ["重点", "坚持【稳中求进】。"]),
    ("no title: the type is no text", "> [!warning]\n> 坚持**稳中求进**。\n", ["坚持【稳中求进】。"]),
    ("title only", "> [!quote] 只有标题\n", ["只有标题"]),
    (
        "marks in the title are not phrases",
        "> [!note] **标题**与==高亮==\n> 正文**要点**。\n",
        ["标题与高亮", "正文【要点】。"],
    ),
    (
        "body after a blank quote line",
        "> [!info] 题\n>\n> 第一段**甲**。\n>\n> 第二段。\n",
        ["题", "第一段【甲】。", "第二段。"],
    ),
    ("nested", "> [!note] 外\n> > [!tip] 内\n> > 内文**乙**。\n", ["外", "内", "内文【乙】。"]),
    ("upper case, as GitHub writes it", "> [!NOTE] 题\n> 文。\n", ["题", "文。"]),
    # not callouts
    ("a plain quote", "> 会议强调，坚持**稳中求进**。\n", ["会议强调，坚持【稳中求进】。"]),
    ("[!x] outside a quote stays text", "[!note] 不是提示框\n", ["[!note] 不是提示框"]),
    ("[!x] later in a quote stays text", "> 第一行\n> [!note] 第二行\n", ["第一行", "[!note] 第二行"]),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), CALLOUTS, ids=[c[0] for c in CALLOUTS])
def test_callouts(name: str, markdown: str, expected: list[str]) -> None:
    assert lines(markdown) == expected


def test_a_callout_title_is_the_stem_of_the_list_in_its_body() -> None:
    document = extract_facts("## 会议\n\n> [!important]- 明年重点任务\n> 一是扩大内需。二是科技创新。\n")
    (enumeration,) = document.events[0].enumerations
    assert enumeration.stem == "明年重点任务" and [i.text for i in enumeration.items] == ["扩大内需。", "科技创新。"]


def test_a_callout_title_counts_like_any_stem() -> None:
    document = extract_facts("## 会议\n\n> [!note] 四个意识\n> 政治意识、大局意识、核心意识、看齐意识。\n")
    (enumeration,) = document.events[0].enumerations
    assert enumeration.declared_count == 4 and len(enumeration.items) == 4


# -- coloured highlights ------------------------------------------------------------------------------

HIGHLIGHTS = [
    ("Highlightr colour", "坚持~={red}稳中求进=~工作总基调", ["坚持【稳中求进】工作总基调"]),
    ("hex colour", "贯彻~={#FFB8EBA6}新发展理念=~。", ["贯彻【新发展理念】。"]),
    ("no colour", "贯彻~=新发展理念=~。", ["贯彻【新发展理念】。"]),
    ("bold inside is asked on its own", "坚持~={yellow}稳中**求进**=~", ["坚持稳中【求进】"]),
    ("two on a line", "~={red}甲=~和~={blue}乙=~", ["【甲】和【乙】"]),
    ("unclosed stays text", "约~=3倍", ["约~=3倍"]),
    ("strikethrough still works", "~~删去~~保留", ["删去保留"]),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), HIGHLIGHTS, ids=[c[0] for c in HIGHLIGHTS])
def test_coloured_highlights(name: str, markdown: str, expected: list[str]) -> None:
    assert lines(markdown) == expected


def test_coloured_highlights_are_the_highlight_mark_of_marks() -> None:
    markdown = "坚持~={red}稳中求进=~和**高质量发展**"
    assert lines(markdown, marks=("bold",)) == ["坚持稳中求进和【高质量发展】"]
    assert lines(markdown, marks=("highlight",)) == ["坚持【稳中求进】和高质量发展"]
    result = build_deck(["## 会议\n\n" + markdown + "。\n"], marks=["highlight"])
    assert [note.field("Text") for note in result.notes] == ["坚持{{c1::稳中求进}}和高质量发展。"]


# -- wikilinks and embeds -----------------------------------------------------------------------------

WIKILINKS = [
    ("page", "参见[[二十届三中全会]]。", ["参见二十届三中全会。"]),
    ("alias", "全会通过了[[二十届三中全会决定|《决定》]]。", ["全会通过了《决定》。"]),
    ("heading", "见[[2024年12月时政#中央经济工作会议]]。", ["见2024年12月时政 > 中央经济工作会议。"]),
    ("heading of this note", "见[[#中央经济工作会议]]。", ["见中央经济工作会议。"]),
    ("block reference", "见[[笔记#^abc123]]。", ["见笔记。"]),
    ("alias inside bold", "坚持**[[新发展理念|新发展理念]]**。", ["坚持【新发展理念】。"]),
    (
        "in a table, with an escaped pipe",
        "| 会议 | 内容 |\n|---|---|\n| [[三中全会\\|全会]] | 改革 |\n",
        ["会议：全会；内容：改革"],
    ),
    ("embedded picture: no text", "结构图如下![[新发展理念.png|300]]。", ["结构图如下。"]),
    ("embedded note: no text", "另见![[另一篇笔记]]。", ["另见。"]),
    ("[[ without ]] stays text", "数组[[1, 2]是错的", ["数组[[1, 2]是错的"]),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), WIKILINKS, ids=[c[0] for c in WIKILINKS])
def test_wikilinks(name: str, markdown: str, expected: list[str]) -> None:
    assert lines(markdown) == expected


def test_embeds_are_pictures_or_notes_with_their_size() -> None:
    _, extras = parse_notes(
        "## 会议\n\n![[新发展理念.png]]\n\n![[图 2.JPG|300]] ![[图3.png|400x200]] ![[图4.webp|结构图]]\n\n![[另一篇]]\n"
    )
    found = [(e.kind, e.target, e.line, e.width, e.alt) for e in extras.embeds]
    assert found == [
        ("picture", "新发展理念.png", 3, None, ""),
        ("picture", "图 2.JPG", 5, 300, ""),
        ("picture", "图3.png", 5, 400, ""),
        ("picture", "图4.webp", 5, None, "结构图"),
        ("note", "另一篇", 7, None, ""),
    ]


def test_an_embedded_note_is_not_followed_and_says_so() -> None:
    document = extract_facts("## 会议\n\n坚持**稳中求进**。\n\n![[二十大报告全文]]\n", "notes.md")
    (diagnostic,) = document.diagnostics
    assert str(diagnostic).startswith("notes.md:5: ![[二十大报告全文]] embeds another note")
    assert "not followed" in diagnostic.message
    assert [p.text for e in document.events for p in e.key_phrases] == ["稳中求进"]


# -- inline tags ---------------------------------------------------------------------------------------

TAGS = [
    ("alone on a line", "#时政/2024-12\n\n坚持**稳中求进**。", ["坚持【稳中求进】。"], ["时政/2024-12"]),
    ("in a sentence", "会议 #时政 强调**稳中求进**。", ["会议 强调【稳中求进】。"], ["时政"]),
    ("at the end", "坚持**稳中求进**。 #考点 #公考/常识", ["坚持【稳中求进】。"], ["考点", "公考/常识"]),
    ("each once", "#时政 甲。\n\n#时政 乙。", ["甲。", "乙。"], ["时政"]),
    ("in a heading", "## 中央经济工作会议 #会议", ["中央经济工作会议"], ["会议"]),
    # not tags
    ("a number", "第 #2024 号文件", ["第 #2024 号文件"], []),
    ("after a letter", "C#语言与F#", ["C#语言与F#"], []),
    ("inside code", "用`#时政`标记", ["用#时政标记"], []),
    ("escaped", "\\#时政 不是标签", ["#时政 不是标签"], []),
    ("an entity", "&#35;时政", ["#时政"], []),
    ("a link's anchor", "[会议](https://example.com/#时政)", ["会议"], []),
    ("a heading", "## 会议\n\n正文。", ["会议", "正文。"], []),
]


@pytest.mark.parametrize(("name", "markdown", "expected", "tags"), TAGS, ids=[c[0] for c in TAGS])
def test_inline_tags(name: str, markdown: str, expected: list[str], tags: list[str]) -> None:
    assert lines(markdown) == expected
    assert list(parse_notes(markdown)[1].tags) == tags


def test_inline_tags_become_anki_tags_with_their_hierarchy() -> None:
    (note,) = build_deck(["## 会议\n\n#时政/2024-12 #公考/常识判断 #时政/2024-12\n\n坚持**稳中求进**。\n"]).notes
    assert "时政::2024-12" in note.tags and "公考::常识判断" in note.tags
    assert "#" not in note.field("Text") and "时政/2024-12" not in "".join(note.fields)


# -- comments and block ids --------------------------------------------------------------------------

DROPPED = [
    ("inline comment", "坚持%%这里是批注%%**稳中求进**。", ["坚持【稳中求进】。"]),
    ("comment with markup", "坚持%%**不考**%%**稳中求进**。", ["坚持【稳中求进】。"]),
    ("comment lines", "甲。\n\n%%\n**不考的内容**\n\n还是注释\n%%\n\n乙。", ["甲。", "乙。"]),
    ("comment lines inside a paragraph", "甲。\n%%\n注释\n%%\n乙。", ["甲。", "乙。"]),
    ("unclosed comment lines: to the end", "甲。\n\n%%\n**不考**\n", ["甲。"]),
    ("unclosed inline %% stays text", "增长50%%以上", ["增长50%%以上"]),
    ("block id", "坚持**稳中求进**。 ^abc123", ["坚持【稳中求进】。"]),
    ("block id on its own line", "坚持**稳中求进**。\n\n^abc-123", ["坚持【稳中求进】。"]),
    ("block id after a list", "- 甲\n- 乙\n\n^list-1", ["甲", "乙"]),
    ("a power stays", "2^10等于1024", ["2^10等于1024"]),
    ("a caret word mid-line stays", "记作 ^x 号", ["记作 ^x 号"]),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), DROPPED, ids=[c[0] for c in DROPPED])
def test_comments_and_block_ids_are_dropped(name: str, markdown: str, expected: list[str]) -> None:
    assert lines(markdown) == expected


# -- front matter ----------------------------------------------------------------------------------------


def test_front_matter_tags_as_before_and_aliases_are_not_text() -> None:
    text = "---\ntags: [时政, 公考]\naliases: [十二月时政, 2024-12时政]\ncssclasses: wide\n---\n\n## 会议\n\n坚持**稳中求进**。\n"
    document = extract_facts(text, "2024年12月时政.md")
    assert document.tags == ("时政", "公考") and document.title == "2024年12月时政"
    (note,) = build_deck([text]).notes
    assert "公考" in note.tags and not any("十二月时政" in field for field in note.fields)


# -- line numbers ----------------------------------------------------------------------------------------


def test_lines_keep_their_numbers_through_the_syntax() -> None:
    text = (
        "## 会议\n\n%%\n注释\n%%\n\n"  # 1-5
        "全会通过了[[二十届三中全会决定|《决定》]]，强调**改革**。\n\n"  # 7
        "> [!note]- 题\n> #时政 坚持~={red}稳中求进=~。 ^id\n"  # 9, 10
    )
    assert numbered(text) == [(1, "会议"), (7, "全会通过了《决定》，强调改革。"), (9, "题"), (10, "坚持稳中求进。")]


# -- pictures -------------------------------------------------------------------------------------------

PICTURES = [
    ("markdown", "![会议](assets/会议.png)", [("assets/会议.png", None, "会议")]),
    ("percent-escaped", "![](assets/%E4%BC%9A%E8%AE%AE%201.png)", [("assets/会议 1.png", None, "")]),
    ("angle brackets", "![](<assets/会议 1.png>)", [("assets/会议 1.png", None, "")]),
    ("spaces, as Typora writes them", "![会场](assets/会场 图.jpg)", [("assets/会场 图.jpg", None, "会场")]),
    ("Obsidian size in the alt text", "![图|300](x.png)", [("x.png", 300, "图")]),
    ("img tag", '<img src="assets/图.png" alt="图" style="zoom:50%;" />', [("assets/图.png", None, "")]),
    ("img tag with width", "文字<img width=240 src='a.png'>文字", [("a.png", 240, "")]),
    ("img in block html", '<div align="center">\n<img src="b.png">\n</div>', [("b.png", None, "")]),
    ("remote", "![](https://example.com/a.png)", [("https://example.com/a.png", None, "")]),
    # not pictures
    ("in a callout's title", '> [!note] 结构图<img src="t.png">\n> 正文。', [("t.png", None, "")]),
    ("in a code block", "```\n![](x.png)\n```", []),
    ("in inline code", "`![](x.png)`", []),
    ("a link", "[图](x.png)", []),
]


@pytest.mark.parametrize(("name", "markdown", "expected"), PICTURES, ids=[c[0] for c in PICTURES])
def test_pictures_are_found(name: str, markdown: str, expected: list[tuple[str, int | None, str]]) -> None:
    blocks, extras = parse_notes(markdown)
    assert [(e.target, e.width, e.alt) for e in extras.embeds] == expected
    if expected:  # a picture is no text
        assert all("![" not in line.text and "<img" not in line.text for b in blocks for line in b.lines)


def test_each_picture_knows_its_line_and_paragraph() -> None:
    text = (
        "## 会议\n\n"  # 1
        "坚持**稳中求进**，见下图：\n![](a.png)\n\n"  # 3, 4
        "![](b.png)\n\n"  # 6
        "- 一是甲 ![](c.png)\n- 二是乙\n\n"  # 8, 9
        "| 列 | 图 |\n|---|---|\n| 甲 | ![](d.png) |\n"  # 11-13
    )
    _, extras = parse_notes(text)
    assert [(e.target, e.line, e.paragraph, e.with_text) for e in extras.embeds] == [
        ("a.png", 4, (3, 4), True),
        ("b.png", 6, (6, 6), False),
        ("c.png", 8, (8, 8), True),
        ("d.png", 13, (13, 13), True),
    ]
