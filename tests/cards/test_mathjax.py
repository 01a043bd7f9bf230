"""No card typesets TeX from the notes: checked by MathJax itself, as Anki's reviewer runs it.

Anki's reviewer (desktop, AnkiDroid, AnkiMobile) runs MathJax 3 over every card side: ``\\(…\\)`` is
inline and ``\\[…\\]`` display math, and its TeX loads extensions when a formula names them, so
``\\(\\href{javascript:alert(1)}{点我}\\)`` in a note would be a ``javascript:`` link on the card. MathJax
reads the text after the browser decoded the entities (``&#92;(`` is ``\\(``), so no check of the HTML
or of class names proves anything: ``tests/mathjax/find_math.js`` typesets each card side with
``mathjax-full`` configured as Anki configures it and says which formulas it found. Run
``npm ci --prefix tests/mathjax`` once (``.ci/run`` does).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import pytest
from conftest import TESTS, Imported, anki_import

from shizheng_anki import BuildResult, build_deck
from shizheng_anki.views.render import render_card

MATHJAX = TESTS / "mathjax"

#: Formulas in every place of a document that reaches a card: title and tags in the front matter,
#: headings, bold, highlight, underline, tables, lists, enumerations, items, quotes, the paragraph
#: around a phrase. Written the ways a backslash reaches the text: a Markdown escape (``\\\\(``), a
#: character reference (``&#92;``), a backslash before a parenthesis (``\\(`` stays as written), a
#: backslash at the end of one span and the parenthesis at the start of the next, a control character
#: (removed) in between. ``$$`` is no delimiter in Anki; it is here so that a change in that would show.
HOSTILE = r"""---
title: 笔记\(\href{javascript:alert('title')}{标题}\)
tags: [标签\(x\), '&#92;(y&#92;)']
---

## 会议\\(\href{javascript:alert('h2')}{标题}\\)与\\[\style{color:red}{x}\\]

坚持**\\(\href{javascript:alert(1)}{点我}\\)**，推进**&#92;(\style{background:red}{样式}&#92;)**。

强调==\\[\class{x}{高亮}\\]==与<u>\\(\cssId{a}{下划线}\\)</u>，以及**跨段\\**(\href{javascript:alert(2)}{x}\\)。

又有**$$\href{javascript:alert(3)}{x}$$**与**$\href{javascript:alert(4)}{y}$**和**控制\\\x01(\href{javascript:alert(5)}{z}\\)**。

会议提出两点。一是\\(\href{javascript:alert(6)}{第一}\\)；二是**&#92;[\style{color:red}{第二}&#92;]**。

> 引用中**\\(\href{javascript:alert(7)}{引用}\\)**。

- 列表\\(a\\)
- 列表&#92;(b&#92;)

| 名称 | 内容 |
| --- | --- |
| 表格\\(c\\) | 1、\\(\href{javascript:alert(8)}{甲}\\)。2、**乙&#92;(d&#92;)**。 |

### \\(\href{javascript:alert(9)}{小标题}\\)

2024年12月，**“一带一路”\\(e\\)**国际合作高峰论坛是第三次。

## 第三届\\(f\\)“一带一路”国际合作高峰论坛

2013年\\(g\\)提出**共建“一带一路”\\(h\\)**倡议，投资1.3万亿元\\(i\\)。

新质生产力\\(j\\)是指创新起主导作用的先进生产力\\(k\\)。

秉持**和平\\(l\\)、开放包容、互学互鉴、互利共赢**的丝路精神。
"""

#: What MathJax must find in a card that does not neutralise the delimiters: proof that the check runs
#: MathJax with Anki's delimiters and that it would see a formula from the notes.
CONTROL = r"<div>前\(\href{javascript:alert(1)}{点我}\)中&#92;(x&#92;)后\[y\]</div>"


def typeset(sides: list[str]) -> list[dict[str, Any]]:
    """Each card side as MathJax 3 (configured as Anki's reviewer) sees it: the formulas it found and
    the links in its output."""
    node = shutil.which("node")
    if node is None or not (MATHJAX / "node_modules" / "mathjax-full").is_dir():
        if os.environ.get("CI"):
            pytest.fail("CI must run the MathJax test: install node and run npm ci --prefix tests/mathjax")
        pytest.skip("node or mathjax-full missing (npm ci --prefix tests/mathjax); CI runs this test")
    done = subprocess.run(
        [node, str(MATHJAX / "find_math.js")],
        input=json.dumps(sides),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(found) == len(sides)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Imported]:
    root = tmp_path_factory.mktemp("mathjax")
    notes = root / "hostile.md"
    notes.write_text(HOSTILE.replace(r"\x01", "\x01"), encoding="utf-8")
    result = build_deck([notes], hints=True, source_cards=True, numbers=True, frequent_at=1)
    return result, anki_import(result.write(root / "hostile.apkg"), root / "collection.anki2")


def test_the_check_finds_a_formula_where_there_is_one() -> None:
    (control,) = typeset([CONTROL])
    assert [formula["tex"] for formula in control["formulas"]] == [r"\href{javascript:alert(1)}{点我}", "x", "y"]
    assert control["links"] == ["javascript:alert(1)"]


def test_the_hostile_notes_reach_the_cards(hostile: tuple[BuildResult, Imported]) -> None:
    # every place of the notes above made a card showing its backslashes and parentheses as written
    result, imported = hostile
    kinds = {note.kind for note in result.notes}
    assert {"key_phrase", "next", "source", "parallel", "ordinal", "date", "number", "term"} <= kinds
    shown = "\n".join(card.question + "\n" + card.answer for card in imported.cards)
    for text in (
        r"\(\href{javascript:alert(1)}{点我}\)",
        r"\(\style{background:red}{样式}\)",
        r"\[\class{x}{高亮}\]",
        r"\(\cssId{a}{下划线}\)",
        r"\(\href{javascript:alert(6)}{第一}\)",
        r"\(\href{javascript:alert(8)}{甲}\)",
        r"会议\(\href{javascript:alert('h2')}{标题}\)",
        r"\(\href{javascript:alert(9)}{小标题}\)",
        r"笔记\(\href{javascript:alert('title')}{标题}\)",
        r"控制\(\href{javascript:alert(5)}{z}\)",
    ):
        assert text in shown, text


def test_no_card_side_typesets_anything_from_the_notes(hostile: tuple[BuildResult, Imported]) -> None:
    # as real Anki renders each side, and as our preview renders it
    result, imported = hostile
    sides = [side for card in imported.cards for side in (card.question_html, card.answer_html)]
    for note in result.notes:
        for ordinal in note.card_ordinals:
            card = render_card(note, ordinal)
            sides += [card.question, card.answer]
    assert any("\\" in side for side in sides)
    for side, found in zip(sides, typeset(sides)):
        assert found == {"formulas": [], "links": []}, side
