"""Hostile notes, through real Anki: every rendered card runs nothing and shows what the learner wrote.

Anki's reviewer runs ``<script>`` in card HTML on purpose, so a field is a web page on the learner's
phone. No raw HTML from the notes reaches a field: the cards hold only the markup we generate
(``div``, ``span``, ``ol``/``li``, ``br``) and the markup Anki adds for a cloze, and a rendered card is
checked against exactly that allow-list, tags and attributes.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import Imported, anki_import
from conftest import assert_inert as assert_inert_anywhere

from shizheng_anki import build_deck
from shizheng_anki.cards.notetypes import CSS

SECRET = "TOP-SECRET-0xC0FFEE"

# Everything a copy-paste out of a web page, a PDF or a chat can bring, and everything a mischief-maker
# would try. Control characters are written as escapes; \x00 and \x1f (Anki's field separator) included.
HOSTILE = """\
# 笔记<script>alert('title')</script>{{c1::t}}\x1f

## 会议<img src="x" onerror="alert('h2')"> [sound:h.mp3]\x00

坚持**人民<script>alert(1)</script>至上**，反对<img src=x onerror="alert(2)">形式主义。

防止**{{c1::x}}**和**a}}b**与**甲::乙**，以及**[sound:x.mp3]**、**[latex]x^2[/latex]**、**[$]y[/$]**。

看<a href="javascript:alert(3)">**链接文字**</a>与[**点我**](javascript:alert(4))和<javascript:alert(5)>，见**自动链接**。

<style>body{display:none}</style>

<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">

控制字符**甲\x1f乙\x07丙\x7f丁**。零字符**零\x00零**结束。

![](../outside/secret.txt) <img src="../outside/secret.txt"> ![](/etc/passwd) 图片**路径安全**。

实体**&lt;b&gt;不加粗&lt;/b&gt;**与**&#123;&#123;实体&#125;&#125;**。

公式**\\\\(\\href{javascript:alert(10)}{点我}\\\\)**与**&#92;[\\style{color:red}{红}&#92;]**，跨段**甲\\\\**(乙\\\\)。

<svg onload="alert(6)"><script>alert(7)</script></svg>

会议提出两点。

一是<b onmouseover="alert(8)">扩大内需</b>{{c2::y}}。
二是**科技创新**<span style="background:url(javascript:alert(9))">新质生产力</span>。
"""

#: What each phrase card must show, exactly as written (control characters, which no one can see, gone).
SHOWN = [
    "{{c1::x}}",
    "a}}b",
    "甲::乙",
    "[sound:x.mp3]",
    "[latex]x^2[/latex]",
    "[$]y[/$]",
    "甲乙丙丁",
    "零零",
    "<b>不加粗</b>",
    "{{实体}}",
    "\\(\\href{javascript:alert(10)}{点我}\\)",
    "\\[\\style{color:red}{红}\\]",
    "甲\\(乙\\)",
]


def assert_inert(card_html: str) -> None:
    """The card's HTML is our note type's style block, then nothing that runs (conftest.assert_inert)."""
    assert card_html.startswith(f"<style>{CSS}</style>")
    assert_inert_anywhere(card_html)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Imported]:
    root = tmp_path_factory.mktemp("hostile")
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "notes").mkdir()
    notes = root / "notes" / "hostile.md"
    notes.write_text(HOSTILE, encoding="utf-8")
    apkg = build_deck([notes]).write(root / "hostile.apkg")
    return apkg, anki_import(apkg, root / "collection.anki2")


def test_the_hostile_notes_import_with_a_card_for_every_note(hostile: tuple[Path, Imported]) -> None:
    _apkg, imported = hostile
    assert imported.log["new"] == len(imported.notes) >= len(SHOWN)
    assert all(len(note.cards) == 1 for note in imported.notes)  # one cloze per note: none smuggled in


def test_every_rendered_card_is_free_of_active_html(hostile: tuple[Path, Imported]) -> None:
    _, imported = hostile
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)
        assert "[anki:" not in card.question_html + card.answer_html  # no sound or TTS tag was made


def test_each_phrase_is_shown_as_written(hostile: tuple[Path, Imported]) -> None:
    _, imported = hostile
    cloze_answers = [c.answer for c in imported.cards if "[...]" in c.question]
    for text in SHOWN:
        assert any(text in answer for answer in cloze_answers), text
    for card in imported.cards:
        assert "\x00" not in card.answer and "\x1f" not in card.answer and "\x07" not in card.answer
        # the event, as the learner wrote it; its text stays text
        assert card.question.splitlines()[0].startswith("会议")
    items = [c for c in imported.cards if "一是［…］" in c.question or "二是［…］" in c.question]
    assert len(items) == 2 and all("扩大内需{{c2::y}}。" in c.answer for c in items)


def test_escaped_html_in_notes_stays_literal_text(hostile: tuple[Path, Imported]) -> None:
    # no sanitiser runs over our fields: it would turn &#123; back into { and &lt;b&gt; into bold
    _, imported = hostile
    cards = [c for c in imported.cards if "<b>不加粗</b>" in c.answer]
    assert cards and all("&lt;b&gt;不加粗&lt;/b&gt;" in c.answer_html for c in cards)
    assert any("&#123;&#123;实体&#125;&#125;" in c.answer_html for c in cards)


def test_no_file_is_packed_and_nothing_outside_the_notes_is_read(
    hostile: tuple[Path, Imported], tmp_path: Path
) -> None:
    apkg, imported = hostile
    with zipfile.ZipFile(apkg) as package:
        names = set(package.namelist())
        assert names <= {"collection.anki2", "collection.anki21", "media", "meta"}
        assert json.loads(package.read("media")) == {}
        for name in names:
            assert SECRET.encode() not in package.read(name) and b"root:x:0:0" not in package.read(name)
    media = apkg.parent / "collection.media"
    assert not media.exists() or list(media.iterdir()) == []
    assert all(SECRET not in field for note in imported.notes for field in note.fields.values())


def test_control_characters_in_titles_and_headings_reach_no_deck_name_or_tag() -> None:
    result = build_deck(["# 标题\x1f甲\x00\n\n## 事\x1f件 a::b\n\n坚持**提法**。\n"])
    (note,) = result.notes
    assert not any(ord(ch) < 32 for ch in note.deck + "".join(note.tags))
