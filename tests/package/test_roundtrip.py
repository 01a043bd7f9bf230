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
    assert example_import.log["new"] == 112  # 94 for the phrases and lists, 18 exam notes (test_exam.py)
    assert example_import.log["conflicting"] == example_import.log["duplicate"] == 0
    assert all(note.cards for note in example_import.notes)
    assert {card.deck for card in example_import.cards} == {"时政::2024年12月时政"}


def test_all_66_phrases_are_clozed_one_per_card(example_import: Imported) -> None:
    facts = build_deck([EXAMPLE]).documents[0]
    expected = sorted(p.text.rstrip("。") for e in facts.events for p in e.key_phrases)
    clozed = []
    for note in example_import.notes:
        if note.notetype != "shizheng-anki 时政填空" or "并列" in note.tags:  # parallel parts: test_exam.py
            continue
        (card,) = note.cards
        assert card.question.count("[...]") == 1
        hidden = re.search(r'<span class="cloze"[^>]*>(.*?)</span>', card.answer_html).group(1)  # type: ignore[union-attr]
        clozed.append(hidden)
    assert sorted(clozed) == expected


def test_all_25_items_are_asked_and_every_question_names_its_event(example_import: Imported) -> None:
    events = {"第四次“一带一路”建设工作座谈会", "总书记视察信息支援部队", "中央经济工作会议", "2025年全国能源工作会议"}
    asked = []
    for note in example_import.notes:
        if "序数" in note.tags:  # names its event without the ordinal it asks: test_exam.py
            continue
        for card in note.cards:
            assert any(event in card.question.splitlines()[0] for event in events), card.question
        if note.notetype == "shizheng-anki 时政问答":
            match = re.search(r"（共(\d+)项）(.+?)是什么？", card.question)
            if match:
                asked.append((int(match.group(1)), match.group(2)))
                assert note.fields["Answer"] in card.answer
    assert len(asked) == 25
    assert sorted(set(asked)) == sorted(asked)
    assert "会议确定，明年要抓好以下重点任务。" in next(
        c.question for c in example_import.cards if "（共9项）一是" in c.question
    )


def test_count_cards_show_the_whole_list_on_the_back(example_import: Imported) -> None:
    lists = [c for c in example_import.cards if "分别是什么？" in c.question]
    assert len(lists) == 3
    energy = next(c for c in lists if "十方面重点" in c.question)
    assert "共10项" in energy.answer
    for marker in "一二三四五六七八九十":
        assert f"{marker}是" in energy.answer


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
    assert "112 notes" in done.stdout and out.exists()
