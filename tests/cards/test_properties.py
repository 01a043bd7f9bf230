"""Property: whatever notes a learner writes, a build either fails with a named error or gives a deck
that real Anki imports with one card for every note, and no card holds active HTML.

Documents are generated from what notes are made of: headings, **markers**, 一是……二是……, lists,
quotes, tables, code, raw HTML, Chinese punctuation, Anki's own syntax and control characters.
300 examples by default (most of the time goes to Anki importing); more with
``SHIZHENG_HYPOTHESIS_EXAMPLES=5000 python -m pytest tests/test_properties.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from conftest import anki_import
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from test_injection import assert_inert

from shizheng_anki import ShizhengAnkiError, build_deck
from shizheng_anki.cards.markup import strip_control

EXAMPLES = int(os.environ.get("SHIZHENG_HYPOTHESIS_EXAMPLES", "300"))

WORDS = [
    "坚持",
    "人民至上",
    "高质量发展",
    "新质生产力",
    "会议",
    "强调",
    "全面深化改革",
    "2024年",
    "12月",
    "党中央",
    "a",
    "x",
    " ",
    "  ",
]
PUNCTUATION = list("。，、；：“”‘’《》（）！？…—·「」【】") + [".", ",", ";", "!", "?", "'", '"', "(", ")"]
ANKI = [
    "{{",
    "}}",
    "{{c1::",
    "::",
    "{{c2::x::提示}}",
    "[sound:x.mp3]",
    "[latex]",
    "[/latex]",
    "[$]",
    "[/$]",
    "{{Text}}",
    "[anki:tts]",
]
HTML = [
    "<b>",
    "</b>",
    "<u>",
    "</u>",
    "<mark>",
    "</mark>",
    '<font color="red">',
    "</font>",
    "<br>",
    "<br/>",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">',
    "</a>",
    "<style>*{}</style>",
    "<iframe src=x>",
    "<div>",
    "</div>",
    "<span style='color:red'>",
    "</span>",
    "&lt;",
    "&amp;",
    "&#123;",
    "&nbsp;",
]
MARKDOWN = ["**", "*", "_", "__", "`", "\\", "[", "](", ")", "![", "~~", "<", ">", "|", "#", "---", "&"]
CONTROL = ["\x00", "\x1f", "\x07", "\x0b", "\x7f", "\u200b", "\ufeff", "\u3000", "\t"]
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "两"]

atom = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(ANKI),
    st.sampled_from(HTML),
    st.sampled_from(MARKDOWN),
    st.sampled_from(CONTROL),
    st.text(min_size=1, max_size=3),
)
inline = st.lists(atom, min_size=1, max_size=8).map("".join)
marked = st.builds(lambda before, phrase, after: f"{before}**{phrase}**{after}", inline, inline, inline)
item = st.builds(lambda n, text: f"{n}是{text}", st.sampled_from(NUMERALS), st.one_of(inline, marked))
text_line = st.one_of(inline, marked, marked, item, item)

line = st.one_of(
    text_line,
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), text_line),
    st.builds(lambda depth, text: "> " * depth + text, st.integers(1, 4), text_line),
    st.builds(
        lambda indent, bullet, text: "  " * indent + bullet + " " + text,
        st.integers(0, 3),
        st.sampled_from(["-", "*", "+", "1.", "2)"]),
        text_line,
    ),
    st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", text_line, text_line),
    st.builds(lambda lang, text: f"```{lang}\n{text}\n```", st.sampled_from(["", "python", "html"]), text_line),
    st.builds(lambda text: f"`{text}`", inline),
    st.sampled_from(["", "---", "<div>", "</div>", "<!-- 注释 -->", "\u3000"]),
)
document = st.builds(
    lambda title, lines, joints: title + "".join(joint + text for joint, text in zip(joints, lines)) + "\n",
    st.one_of(st.just(""), st.builds(lambda t: f"# {t}\n", inline)),
    st.lists(line, min_size=1, max_size=12),
    st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]), min_size=12, max_size=12),
)


@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(document)
@example("坚持**\x00**坚持\n")  # found by this test: a phrase of a control character, an empty cloze
@example("坚持**\x00。**坚持\n")  # and one whose only visible character is the full stop kept outside the blank
@example(
    "\n坚持\n坚持**\uf900**坚持\n"
)  # found by this test: a compatibility ideograph, which Anki stores composed (NFC)
def test_every_build_fails_by_name_or_imports_with_a_card_per_note(markdown: str) -> None:
    try:
        result = build_deck([markdown])
    except ShizhengAnkiError as error:
        event(type(error).__name__)
        return  # a named error is a fine answer (most often: nothing to learn)
    event("deck")
    with tempfile.TemporaryDirectory() as folder:
        apkg = result.write(Path(folder) / "deck.apkg")
        imported = anki_import(apkg, Path(folder) / "collection.anki2")
    assert imported.log["new"] == len(result.notes)
    assert sum(imported.log.values()) == imported.log["new"]  # nothing conflicting, duplicate, missing
    assert len(imported.notes) == len(result.notes)
    assert {note.guid for note in imported.notes} == {note.guid for note in result.notes}
    ordinals = {note.guid: note.card_ordinals for note in result.notes}
    for note in imported.notes:
        # a card for every cloze of the note (parallel parts: one per part), none empty
        assert [card.ord + 1 for card in note.cards] == list(ordinals[note.guid]), note.fields
        for card in note.cards:
            assert_inert(card.question_html)
            assert_inert(card.answer_html)
    # every key phrase shows on the back of a card as written (less the control characters)
    answers = [_words(card.answer) for card in imported.cards]
    for document in result.documents:
        for phrase in (p for e in document.events for p in e.key_phrases):
            assert any(_words(phrase.text) in answer for answer in answers), phrase.text


def _words(text: str) -> str:
    return " ".join(strip_control(text).split())
