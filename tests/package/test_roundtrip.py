"""The proof of a deck: build it, import it into a fresh real-Anki collection, read the cards back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, Imported

from shizheng_anki import build_deck


@pytest.fixture(scope="module")
def example_import(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    from conftest import anki_import

    folder = tmp_path_factory.mktemp("example")
    apkg = build_deck([EXAMPLE]).write(folder / "2024-12.apkg")
    return anki_import(apkg, folder / "collection.anki2")


def test_every_note_imports_with_a_card_and_nothing_conflicts(example_import: Imported) -> None:
    assert example_import.log["new"] == 110  # 92 for the phrases and lists, 18 exam notes (test_exam.py)
    assert example_import.log["conflicting"] == example_import.log["duplicate"] == 0
    assert all(note.cards for note in example_import.notes)
    assert {card.deck for card in example_import.cards} == {"时政::2024年12月时政"}


def _hidden(card_html: str) -> str:
    return re.search(r'<span class="cloze"[^>]*>(.*?)</span>', card_html).group(1)  # type: ignore[union-attr]


def test_all_66_phrases_are_clozed_a_breath_at_a_time(example_import: Imported) -> None:
    facts = build_deck([EXAMPLE]).documents[0]
    expected = sorted(p.text.rstrip("。") for e in facts.events for p in e.key_phrases)
    clozed = []
    for note in example_import.notes:
        if note.notetype != "shizheng-anki 时政填空" or "并列" in note.tags:  # parallel parts: test_exam.py
            continue
        hidden = [_hidden(card.answer_html) for card in note.cards]
        for card in note.cards:
            assert card.question.count("[...]") == 1
        if len(hidden) > 1:  # a phrase longer than a breath: one card per clause, each short
            assert all(len(clause) <= 40 for clause in hidden)
            phrase = next(p for p in expected if re.sub(r"[，、；]", "", p) == "".join(hidden))
            clozed.append(phrase)
        else:
            clozed.append(hidden[0])
    assert sorted(clozed) == expected


def test_all_25_items_are_asked_by_their_head_after_a_neighbour(example_import: Imported) -> None:
    events = {"第四次“一带一路”建设工作座谈会", "总书记视察信息支援部队", "中央经济工作会议", "2025年全国能源工作会议"}
    asked = []
    for note in example_import.notes:
        if "序数" in note.tags:  # names its event without the ordinal it asks: test_exam.py
            continue
        for card in note.cards:
            assert any(event in card.question.splitlines()[0] for event in events), card.question
            assert "第" not in card.question.splitlines()[-1] or "项" not in card.question  # no "第k项"
        if "［…］" in note.fields.get("Question", ""):
            (card,) = note.cards
            lines = card.question.splitlines()
            blank = next(line for line in lines if line.endswith("是［…］"))
            neighbour = lines[lines.index(blank) - 1] if lines.index(blank) == len(lines) - 1 else lines[-1]
            assert re.match(r"[一二三四五六七八九十]+是\S", neighbour)  # the item before (or after) it, by its head
            assert note.fields["Answer"] in card.answer and len(note.fields["Answer"]) <= 40
            asked.append((lines[1], blank))
    assert len(asked) == 25
    assert sorted(set(asked)) == sorted(asked)
    assert "会议确定，2025年要抓好以下重点任务。" in next(
        c.question for c in example_import.cards if "一是［…］" in c.question and "重点任务" in c.question
    )


def test_only_a_short_list_is_asked_whole(example_import: Imported) -> None:
    (whole,) = [c for c in example_import.cards if "分别是什么？" in c.question]
    assert "（共6项）" in whole.question and "2024年能源各领域工作取得新进展新成效" in whole.question
    heads = "坚持端牢能源饭碗、坚持锚定双碳目标任务、坚持改革创新根本动力、坚持提升监管能力水平、坚持高水平对外开放、坚持全面从严治党"
    assert heads in whole.answer
    for marker in "一二三四五六":
        assert f"{marker}是坚持" in whole.answer  # the items themselves on the back


def test_hostile_text_shows_as_written_and_runs_nothing(tmp_path: Path, import_deck) -> None:  # type: ignore[no-untyped-def]
    notes = (
        "# 笔记\n\n## 会议 &lt;b&gt;x&lt;/b&gt;\n\n"
        "坚持**\\<script>alert(1)\\</script>**和**{{c2::x}}**，还有a}}b 与 [sound:x.mp3]<script>alert(2)</script>。\n"
    )
    result = build_deck([notes])
    imported = import_deck(result.write(tmp_path / "h.apkg"))
    assert imported.log["new"] == 2 and all(n.cards for n in imported.notes)
    for card in imported.cards:
        assert "<script" not in card.question_html and "<script" not in card.answer_html
        assert "[sound:" not in card.question_html
        assert "会议 <b>x</b>" in card.question  # the heading as written, not bold
    answers = " ".join(c.answer for c in imported.cards)
    assert (
        "<script>alert(1)</script>" in answers
        and "{{c2::x}}" in answers
        and "a}}b" in answers
        and "[sound:x.mp3]" in answers
    )


def test_python_m_and_console_script_agree(tmp_path: Path) -> None:
    out = tmp_path / "m.apkg"
    done = subprocess.run(
        [sys.executable, "-m", "shizheng_anki", str(EXAMPLE), "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "110 notes" in done.stdout and out.exists()
