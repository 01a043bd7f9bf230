"""Real notes (tests/corpus/, see SOURCES.txt): every file builds, imports into real Anki, and
gives a card for what a person sees marked or listed in it.

The marked phrases are found here independently of our parser, by plain regular expressions over
the source lines; the enumerations were counted by hand and are pinned below.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT, AnkiNote, Imported, anki_import

from shizheng_anki import build_deck
from shizheng_anki.cards.notes import ASIDE, FRAME_ONLY, distinct_parts
from shizheng_anki.result import BuildResult

CORPUS = ROOT / "tests" / "corpus"
FILES = sorted(path.name for path in CORPUS.glob("*.md"))

#: Hand-counted enumerations: file → (line of the first item, number of items, a word of the stem, shape).
#: The shape says how a learner memorises them (docs/cards.md): ``set`` — a named set of short items,
#: one blank per item; ``list`` — each item asked by its head after its neighbour; ``pieces`` — one
#: sentence cut into numbered pieces, each asked between its neighbours; ``none`` — things under one
#: heading (news of a month, a table of contents, numbered remarks), asked only through their marks
#: and labels.
ENUMERATIONS: dict[str, list[tuple[int, int, str, str]]] = {
    "2024-12-shizheng.md": [(50, 9, "重点任务", "list"), (89, 10, "十方面重点", "list")],
    "2020-12-cewc-coder-docs.md": [
        (56, 8, "重点任务", "list"),
        (34, 15, "做好明年经济工作", "pieces"),
        (22, 3, "制度优势", "none"),
    ],
    "2024-07-third-plenum-decision-kumika.md": [
        (9, 3, "重要性和必要性", "list"),
        (28, 6, "必然要求", "list"),
        (58, 5, "5个目标", "list"),
        (71, 7, "7个聚焦", "set"),
    ],
    "2023-party-theory-topics-kumika.md": [
        (16, 4, "四个意识", "set"),
        (309, 9, "九个坚持", "list"),
        (336, 14, "十四个强调", "list"),
        (640, 8, "中央政治局", "list"),
    ],
    "2021-11-shizheng-liyuan837.md": [(1, 20, "", "none"), (5, 5, "五点建议", "set"), (89, 4, "四个原则", "set")],
    "kaoyan-keypoints-highlight-linlong.md": [(46, 3, "三个代表", "set"), (142, 4, "四项基本原则", "set")],
    "2024-qiushi-excerpts-hobin2017.md": [(25, 5, "和平共处五项原则", "set"), (26, 4, "四个全面", "set")],
    "19th-congress-fontcolor-emary.md": [(1, 22, "", "list"), (42, 5, "总要求", "list")],
    "2019-kaoyan-beisong-gwing97.md": [
        (375, 6, "六大举措", "list"),
        (875, 3, "以下3点", "list"),
        (14, 8, "马原", "none"),
    ],
    "kaoyan-history-tables-weigo6.md": [
        (273, 44, "第一次", "none"),
        (320, 24, "根本", "none"),
        (349, 4, "中共一大：内容", "list"),
    ],
}

#: How many marked phrases the regular expressions below find per file (outside code, headings,
#: footnotes, whole-line bold): pinned so that a broken finder cannot pass by finding nothing.
MARKED = {
    "19th-congress-fontcolor-emary.md": 6,  # 5 <font color> + 1 bold
    "2019-kaoyan-beisong-gwing97.md": 309,  # ==highlights== inside a **bold** sentence count one by one
    "2020-12-cewc-coder-docs.md": 0,
    "2021-11-shizheng-liyuan837.md": 0,
    "2023-party-theory-topics-kumika.md": 12,
    "2024-07-third-plenum-decision-kumika.md": 0,
    "2024-12-shizheng.md": 66,
    "2024-qiushi-excerpts-hobin2017.md": 0,
    "kaoyan-history-tables-weigo6.md": 308,
    "kaoyan-keypoints-highlight-linlong.md": 18,  # ==highlight==
}

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKED = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|==(?=\S)(.+?)(?<=\S)==|<u>(.+?)</u>|<mark>(.+?)</mark>|<b>(.+?)</b>"
    r"|<strong>(.+?)</strong>|<font\s+color=[^>]*>(.+?)</font>"
)
_PREFIX = re.compile(r"^\s*(?:>\s*|[-*+]\s+|\d+[.)]\s+)*")
_ORDINAL = re.compile(r"第?[一二三四五六七八九十\d]+[是要]?[，,、：:]?|首先|其次|最后")


def words(text: str) -> str:
    """Letters, digits and CJK only: how a phrase is compared whatever its markup and punctuation."""
    return re.sub(r"</?[A-Za-z][^>]*>|[\W_]+", "", text)


def marked_phrases(text: str) -> list[tuple[int, str]]:
    """Every marked phrase a person sees, outside code, headings, footnotes, comments and whole-line bold."""
    found = []
    fenced = False
    lines = re.sub(r"(?s)<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text).split("\n")
    for number, line in enumerate(lines, 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith("#") or re.match(r"\s*\[\^[^\]]+\]:", line):
            continue
        if number < len(lines) and re.fullmatch(r"\s*(=+|-+)\s*", lines[number]) and line.strip():
            continue  # a setext heading
        line = re.sub(r"`[^`]*`", "", line)
        body = _PREFIX.sub("", line).strip()
        for match in _MARKED.finditer(line):
            phrase = next(group for group in match.groups() if group is not None)
            inner = [next(g for g in m.groups() if g is not None) for m in _MARKED.finditer(phrase)]
            if inner:  # marks nested in a mark: each inner one is a phrase, the outer their sentence
                found.extend((number, each) for each in inner if words(each))
                continue
            if not words(phrase) or _ORDINAL.fullmatch(words(phrase)):
                continue
            if words(body) == words(phrase):
                continue  # whole-line bold: a sub-heading or stem
            found.append((number, phrase))
    return found


@pytest.fixture(scope="module", params=FILES)
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, BuildResult, Imported]:
    name = request.param
    folder = tmp_path_factory.mktemp(name.removesuffix(".md"))
    result = build_deck([CORPUS / name])
    imported = anki_import(result.write(folder / "deck.apkg"), folder / "collection.anki2")
    return name, result, imported


def test_every_file_imports_with_a_card_for_every_note(corpus: tuple[str, BuildResult, Imported]) -> None:
    _name, result, imported = corpus
    assert imported.log["new"] == len(result.notes) > 0
    assert imported.log["conflicting"] == imported.log["duplicate"] == 0
    assert all(note.cards for note in imported.notes)
    for note in imported.notes:
        assert note.fields["Event"].strip()  # every card names its event
        for card in note.cards:
            assert card.question.strip() and card.answer.strip()
            if "Text" in note.fields:  # a cloze hides only its own phrase (wherever its sentence repeats it)
                assert len(set(re.findall(r'class="cloze"[^>]*data-ordinal="(\d+)"', card.question_html))) == 1


def _gives_itself_away(phrase: str, line: str) -> bool:
    """A marked frame (``在饮水安全方面``) whose content stands unmarked in its line: its card would show
    the answer, so it has none."""
    framed = re.fullmatch(r"(?:在|关于|对于|对)(.+?)(?:方面|问题上|上|中)?", words(phrase))
    return framed is not None and words(line).count(framed.group(1)) > 1


def test_every_marked_phrase_is_asked(corpus: tuple[str, BuildResult, Imported]) -> None:
    """Each marked phrase has a card: a cloze of it (or of each of its clauses, when it is longer than
    a breath, or of its head), a list card asking it as an item's head, or, when it is a label
    (``**X**：Y``), a card showing it and asking its content."""
    name, _result, imported = corpus
    asked = set()
    for note in imported.notes:
        for field in note.fields.values():
            bodies = [words(html.unescape(body)) for body in re.findall(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", field)]
            asked.update(bodies)
            asked.add("".join(bodies))
            for label in re.findall(r"([^>：:]+)[：:]\s*(?:\{\{c\d+::|［…］)", html.unescape(field)):
                asked.add(words(label))  # a label shown, its content asked
        if "Answer" in note.fields:
            asked.add(words(html.unescape(note.fields["Answer"])))
    heads = [head for head in asked if len(head) >= 4]
    expected = marked_phrases((CORPUS / name).read_text(encoding="utf-8"))
    assert len(expected) == MARKED[name]
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    missing = [
        (line, phrase)
        for line, phrase in expected
        if not FRAME_ONLY.fullmatch(words(phrase))
        and not _gives_itself_away(phrase, lines[line - 1])
        and not ASIDE.search(lines[line - 1])  # the author's aside about the exam: no fact
        and words(phrase) not in asked
        and not any(words(phrase).startswith(head) or words(phrase).endswith(head) for head in heads)
    ]
    assert not missing, f"{name}: {len(missing)} of {len(expected)} marked phrases not asked: {missing[:5]}"


def shows_stem(question_html: str, stem: str) -> bool:
    """The question shows ``stem``, where ``…`` may stand for the item the card asks."""
    shown = re.search(r'<div class="stem">(.*?)</div>', question_html, re.S)
    if not shown:
        return not stem
    year = re.compile(r"前年|去年|今年|明年|\d{4}年")  # 明年 in notes of 2024 is shown as 2025年
    shown_text = year.sub("X年", html.unescape(shown.group(1)))
    pattern = ".*".join(re.escape(piece) for piece in shown_text.split("…"))
    return re.fullmatch(pattern, year.sub("X年", stem), re.S) is not None


def _cloze_bodies(note: AnkiNote) -> list[str]:
    return [
        words(html.unescape(body))
        for body in re.findall(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", note.fields.get("Text", ""))
    ]


def test_hand_counted_enumerations_are_asked_as_people_memorise_them(
    corpus: tuple[str, BuildResult, Imported],
) -> None:
    name, result, imported = corpus
    enumerations = {e.line: e for d in result.documents for event in d.events for e in event.enumerations}
    # a stem that only repeats the heading (which the cue shows) is not shown again
    headings = {
        e.line: (event.title, event.cue) for d in result.documents for event in d.events for e in event.enumerations
    }
    exam = {"并列", "序数", "日期", "数字", "术语", "出处"}  # exam cards: tests/extract/test_exam.py
    questions = [note for note in imported.notes if "Answer" in note.fields and not exam & set(note.tags)]
    for line, count, stem, shape in ENUMERATIONS[name]:
        assert line in enumerations, f"{name}:{line}: no enumeration found"
        enumeration = enumerations[line]
        assert len(enumeration.items) == count, f"{name}:{line}: {len(enumeration.items)} items, counted {count}"
        assert stem in enumeration.stem
        assert enumeration.is_list == (shape in ("set", "list")), f"{name}:{line}: {shape}"
        items = [words(item.text) for item in enumeration.items]
        stem_is_heading = enumeration.stem.strip() in headings[line]
        if shape == "set":  # one note: a blank per item, the others shown
            assert any(_cloze_bodies(note) == items for note in imported.notes), f"{name}:{line}"
        elif shape == "list":  # each item by its head (its lead clause), after its neighbour
            heads = [words(part.label or part.head) for part in distinct_parts(enumeration)]
            for index, item in enumerate(items):
                assert heads[index] in item and len(heads[index]) <= 40
                neighbours = [heads[i] for i in (index - 1, index + 1) if 0 <= i < len(items)]
                asked = [
                    note
                    for note in questions
                    if shows_stem(note.fields["Question"], "" if stem_is_heading else enumeration.stem)
                    and words(html.unescape(note.fields["Answer"])) in (heads[index], item)
                ]
                assert asked, f"{name}:{line}: item {index + 1} not asked"
                for note in asked:
                    front = words(html.unescape(re.sub(r"<[^>]+>", "", note.fields["Question"])))
                    assert "（共" not in note.fields["Question"] or count <= 7  # never its position alone
                    assert "：［…］" in note.fields["Question"] or any(n in front for n in neighbours), (
                        f"{name}:{line}: item {index + 1} asked without its neighbour"
                    )
        elif shape == "pieces":  # the short pieces, each asked in its sentence
            clozed = {body for note in imported.notes for body in _cloze_bodies(note)}
            short = [item for item in items if len(item) <= 40]
            assert short and all(item in clozed for item in short), f"{name}:{line}"
        else:  # not a list: no card asks an item by its place among the others
            heads = {words(part.head) for part in distinct_parts(enumeration)} | set(items)
            for note in questions:
                if "：［…］" in note.fields["Question"]:
                    continue  # an item's label asks for its content: test_an_item_with_a_label_is_asked_by_it
                answer = words(html.unescape(note.fields["Answer"]))
                assert not (answer in heads and shows_stem(note.fields["Question"], enumeration.stem)), (name, line)


def test_an_item_with_a_label_is_asked_by_it(corpus: tuple[str, BuildResult, Imported]) -> None:
    name, _result, imported = corpus
    if name != "kaoyan-history-tables-weigo6.md":
        return
    (card,) = [c for n in imported.notes for c in n.cards if "近代中国开眼看世界的第一人：［…］" in c.question]
    assert "林则徐" in card.answer and "林则徐" not in card.question


def test_every_fact_points_at_its_source_line(corpus: tuple[str, BuildResult, Imported]) -> None:
    name, result, _imported = corpus
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    for document in result.documents:
        for event in document.events:
            for phrase in event.key_phrases:
                assert words(phrase.text) in words(lines[phrase.line - 1]), (name, phrase.line, phrase.text)
            for enumeration in event.enumerations:
                for item in enumeration.items:
                    assert words(item.text)[:6] in words(lines[item.line - 1]), (name, item.line, item.text)
