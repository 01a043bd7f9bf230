"""Real notes (tests/corpus/, see SOURCES.txt): every file builds, imports into real Anki, and
gives a card for what a person sees marked or listed in it.

The marked phrases are found here independently of our parser, by plain regular expressions over
the source lines; the enumerations were counted by hand and are pinned below.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT, Imported, anki_import

from shizheng_anki import build_deck
from shizheng_anki.result import BuildResult

CORPUS = ROOT / "tests" / "corpus"
FILES = sorted(path.name for path in CORPUS.glob("*.md"))

#: Hand-counted enumerations: file → (line of the first item, number of items, a word of the stem).
ENUMERATIONS: dict[str, list[tuple[int, int, str]]] = {
    "2024-12-shizheng.md": [(50, 9, "重点任务"), (89, 10, "十方面重点")],
    "2020-12-cewc-coder-docs.md": [(56, 8, "重点任务"), (34, 15, "做好明年经济工作"), (22, 3, "制度优势")],
    "2024-07-third-plenum-decision-kumika.md": [
        (9, 3, "重要性和必要性"),
        (28, 6, "必然要求"),
        (58, 5, "5个目标"),
        (71, 7, "7个聚焦"),
    ],
    "2023-party-theory-topics-kumika.md": [
        (16, 4, "四个意识"),
        (309, 9, "九个坚持"),
        (332, 14, "十四个强调"),
        (638, 8, "八项规定"),
    ],
    "2021-11-shizheng-liyuan837.md": [(1, 20, ""), (5, 5, "五点建议"), (89, 4, "四个原则")],
    "kaoyan-keypoints-highlight-linlong.md": [(46, 3, "三个代表"), (142, 4, "四项基本原则")],
    "2024-qiushi-excerpts-hobin2017.md": [(25, 5, "和平共处五项原则"), (26, 4, "四个全面")],
    "19th-congress-fontcolor-emary.md": [(1, 22, ""), (42, 5, "总要求")],
    "2019-kaoyan-beisong-gwing97.md": [(375, 6, "六大举措"), (875, 3, "以下3点"), (14, 8, "马原")],
    "kaoyan-history-tables-weigo6.md": [(273, 44, "第一次"), (320, 24, "根本"), (349, 4, "中共一大：内容")],
}

#: How many marked phrases the regular expressions below find per file (outside code, headings,
#: footnotes, whole-line bold): pinned so that a broken finder cannot pass by finding nothing.
MARKED = {
    "19th-congress-fontcolor-emary.md": 6,  # 5 <font color> + 1 bold
    "2019-kaoyan-beisong-gwing97.md": 307,
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


def test_every_marked_phrase_is_clozed(corpus: tuple[str, BuildResult, Imported]) -> None:
    name, _result, imported = corpus
    clozed = set()
    for note in imported.notes:
        for field in note.fields.values():
            for body in re.findall(r"\{\{c\d+::(.*?)\}\}", field):
                clozed.add(words(html.unescape(body)))
    expected = marked_phrases((CORPUS / name).read_text(encoding="utf-8"))
    assert len(expected) == MARKED[name]
    missing = [(line, phrase) for line, phrase in expected if words(phrase) not in clozed]
    assert not missing, f"{name}: {len(missing)} of {len(expected)} marked phrases not clozed: {missing[:5]}"


def shows_stem(question_html: str, stem: str) -> bool:
    """The question shows ``stem``, where ``…`` may stand for the item the card asks."""
    shown = re.search(r'<div class="stem">(.*?)</div>', question_html, re.S)
    if not shown:
        return not stem
    pattern = ".*".join(re.escape(piece) for piece in html.unescape(shown.group(1)).split("…"))
    return re.fullmatch(pattern, stem, re.S) is not None


def test_hand_counted_enumerations_are_asked_item_by_item(corpus: tuple[str, BuildResult, Imported]) -> None:
    name, result, imported = corpus
    enumerations = {e.line: e for d in result.documents for event in d.events for e in event.enumerations}
    for line, count, stem in ENUMERATIONS[name]:
        assert line in enumerations, f"{name}:{line}: no enumeration found"
        enumeration = enumerations[line]
        assert len(enumeration.items) == count, f"{name}:{line}: {len(enumeration.items)} items, counted {count}"
        assert stem in enumeration.stem
        items = {words(item.text) for item in enumeration.items}
        asked = [  # (the stem on the front shows … where it spells out the item asked)
            note
            for note in imported.notes
            if "Answer" in note.fields
            and f"（共{count}项）" in note.fields["Question"]
            and words(html.unescape(note.fields["Answer"])) in items
            and shows_stem(note.fields["Question"], enumeration.stem)
        ]
        answers = sorted(words(html.unescape(note.fields["Answer"])) for note in asked)
        assert answers == sorted(words(item.text) for item in enumeration.items), f"{name}:{line}"
        for note in asked:  # each item card shows one item and asks for it by its ordinal
            (card,) = note.cards
            assert card.question.count("什么？") == 1


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
