"""Exam-grade facts: each rule with what it takes and what it must not take, then the deck in real Anki."""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, ROOT, Imported

from shizheng_anki import build_deck
from shizheng_anki.cli import main
from shizheng_anki.extract import exam_facts, extract_facts
from shizheng_anki.extract.dates import sentence_facts
from shizheng_anki.extract.ordinals import title_ordinals
from shizheng_anki.extract.parallel import split_parallel
from shizheng_anki.extract.recurrence import event_lines, phrase_sources
from shizheng_anki.extract.terms import line_terms, sentence_terms
from shizheng_anki.parse import parse_markdown
from shizheng_anki.views.report import frequency_table
from shizheng_anki.views.width import display_width as width

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.md"))

# --- the rules, as fixture tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, parts",
    [
        ("和平合作、开放包容、互学互鉴、互利共赢", ("和平合作", "开放包容", "互学互鉴", "互利共赢")),
        ("坚定战略自信，保持战略定力，勇于担当作为", ("坚定战略自信", "保持战略定力", "勇于担当作为")),
        ("基础设施“硬联通”、规则标准“软联通”", ("基础设施“硬联通”", "规则标准“软联通”")),
        # split at the strongest separator only: three pairs, not six words
        (
            "稳中求进、以进促稳，守正创新、先立后破，系统集成、协同配合",
            ("稳中求进、以进促稳", "守正创新、先立后破", "系统集成、协同配合"),
        ),
        ("领导力、组织力、执行力。", ("领导力", "组织力", "执行力")),
    ],
)
def test_parallel_phrases_split_into_their_parts(phrase: str, parts: tuple[str, ...]) -> None:
    split = split_parallel(phrase)
    assert split is not None and split[0] == parts


@pytest.mark.parametrize(
    "phrase",
    [
        "共商共建共享",  # one part
        "增长稳、就业稳和物价合理回升",  # 3 against 10 characters: not parallel
        "坚决反对热衷于对上表现、不对下负责、不考虑实效的形式主义、官僚主义。",
        "新质生产力稳步发展，改革开放持续深化，重点领域风险化解有序有效，民生保障扎实有力，中国式现代化迈出新的坚实步伐",
        "1、2、3",  # no Chinese in the parts
        "考点一：内涵、意义",  # a label with its content
    ],
)
def test_what_is_not_a_parallel_phrase(phrase: str) -> None:
    assert split_parallel(phrase) is None


@pytest.mark.parametrize(
    "title, ordinal, masked, ask",
    [
        ("第四次“一带一路”建设工作座谈会", "第四次", "“一带一路”建设工作座谈会", "是第几次？"),
        ("党的二十届四中全会", "二十届四中全会", "党的中央全会", "是几届几中全会？"),
        ("十四届全国人大三次会议开幕", "十四届全国人大三次会议", "全国人大会议开幕", "是几届几次会议？"),
        ("第十五届全国运动会开幕", "第十五届", "全国运动会开幕", "是第几届？"),
        ("党的二十大开幕会", "二十大", "党的全国代表大会开幕会", "是第几次全国代表大会？"),
    ],
)
def test_ordinals_of_event_titles(title: str, ordinal: str, masked: str, ask: str) -> None:
    (found,) = title_ordinals(title)
    assert (found.ordinal, found.masked_title, found.ask) == (ordinal, masked, ask)


@pytest.mark.parametrize(
    "title", ["坚持发展是第一要义", "史纲重要的第一次", "10 党的二十届三中全会的议题", "中央经济工作会议", "论十大关系"]
)
def test_what_is_not_an_ordinal(title: str) -> None:
    assert title_ordinals(title) == ()


@pytest.mark.parametrize(
    "sentence, value, ask",
    [
        ("自2013年提出共建“一带一路”倡议以来，取得了重大成就。", "2013年", "哪一年提出？"),
        ("总书记回顾了“2013年提出共建‘一带一路’倡议”的历程。", "2013年", "哪一年提出？"),  # in a quote: still a date
        ("十四届全国人大三次会议3月5日上午在人民大会堂开幕。", "3月5日", "哪一天开幕？"),
        ("习近平今年4月亲自向信息支援部队授予军旗。", "今年4月", "何时授予？"),
        ("11月22日，第四届世界媒体峰会在北京开幕，主题为“疫情冲击下的媒体发展战略”", "11月22日", "哪一天开幕？"),
        ("11月8~11日，十九届六中全会在北京举行", "11月8~11日", "哪一天举行？"),
    ],
)
def test_dates_tied_to_a_verb(sentence: str, value: str, ask: str) -> None:
    (fact,) = [f for f in sentence_facts(sentence, [], "某会议", 1) if f.kind == "date"]
    assert (fact.value, fact.ask) == (value, ask)
    assert fact.clause.count(value) == 1


@pytest.mark.parametrize(
    "sentence, title",
    [
        ("2024年能源各领域工作取得新进展新成效。", "会议"),  # no verb of record
        ("到2029年中华人民共和国成立80周年时，完成本决定提出的改革任务。", "会议"),  # an anniversary
        ("4月黄花岗起义 5月清政府成立责任内阁", "大事年表"),  # 成立 belongs to 5月, not 4月
        ("2025年全国能源工作会议12月召开，2025年部署十方面重点。", "2025年全国能源工作会议"),  # the title shows 2025年
    ],
)
def test_what_is_not_a_date_card(sentence: str, title: str) -> None:
    assert [
        f.value for f in sentence_facts(sentence, [], title, 1) if f.value in ("2024年", "2029年", "4月", "2025年")
    ] == []


@pytest.mark.parametrize(
    "sentence, value, ask",
    [
        ("11月19日，第三次“一带一路”建设座谈会在北京召开。", "第三次", "第几次？"),
        ("党的二十届三中全会通过的《决定》", "二十届三中全会", "几届几中全会？"),
        ("1925 中共四大 第一次明确提出了无产阶级在民主革命中的领导权", "四大", "第几次全国代表大会？"),
    ],
)
def test_ordinals_in_sentences_with_a_verb_of_record(sentence: str, value: str, ask: str) -> None:
    (fact,) = [f for f in sentence_facts(sentence, [], "时政", 1) if f.kind == "ordinal"]
    assert (fact.value, fact.ask) == (value, ask)


def test_an_ordinal_that_opens_its_clause_keeps_the_date_before_it() -> None:
    (fact,) = [f for f in sentence_facts("11月8~11日，十九届六中全会在北京举行", [], "时政", 1) if f.kind == "ordinal"]
    assert (fact.value, fact.ask, fact.clause) == (
        "十九届六中全会",
        "几届几中全会？",
        "11月8~11日，十九届六中全会在北京举行",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "全面贯彻落实党的二十大和二十届二中、三中全会精神。",  # no verb of record
        "坚持发展是第一要义。",
        "1982年 第一次提出“建设有中国特色的社会主义”命题",  # "for the first time"
        "第一次国内革命战争时期提出",  # no meeting after it
    ],
)
def test_what_is_not_an_ordinal_in_a_sentence(sentence: str) -> None:
    assert [f for f in sentence_facts(sentence, [], "时政", 1) if f.kind == "ordinal"] == []


def test_numbers_only_when_asked_unmarked_and_with_a_unit() -> None:
    sentence = "今年新增专项债券1.3万亿元，经济增长5%左右，共2批，重点是3个方面。"
    assert sentence_facts(sentence, [], "政府工作报告", 1) == []
    found = [f.value for f in sentence_facts(sentence, [], "政府工作报告", 1, numbers=True)]
    assert found == ["1.3万亿元", "5%左右", "3个"]  # ``2批``: no unit we know
    marked = [(sentence.index("1.3"), sentence.index("1.3") + len("1.3万亿元"))]
    assert [f.value for f in sentence_facts(sentence, marked, "政府工作报告", 1, numbers=True)] == ["5%左右", "3个"]


def _line(markdown: str):  # type: ignore[no-untyped-def]
    return parse_markdown(markdown)[0].lines[0]


@pytest.mark.parametrize(
    "markdown, term, definition",
    [
        (
            "**新质生产力**：创新起主导作用，摆脱传统经济增长方式的先进生产力质态。",
            "新质生产力",
            "创新起主导作用，摆脱传统经济增长方式的先进生产力质态",
        ),
        (
            "**真理的概念**：人们对于客观事物及其发展规律的**正确反映**。",
            "真理",
            "人们对于客观事物及其发展规律的正确反映",
        ),
        (
            "**毛泽东思想成熟标志**：新民主主义革命理论的完整形成。",
            "毛泽东思想成熟标志",
            "新民主主义革命理论的完整形成",
        ),
    ],
)
def test_terms_a_marked_span_and_a_colon(markdown: str, term: str, definition: str) -> None:
    (found,) = line_terms(_line(markdown))
    assert (found.term, found.definition) == (term, definition)


@pytest.mark.parametrize(
    "markdown",
    [
        "**相互区别**：",
        "**两个基本条件**：\n",
        "总书记强调：**要坚持稳中求进**。",
        "**一是**：坚持党的领导",
        # a label and its content, not a definition (CARDS.md: term cards only from definitions)
        "**社会保障**：提高养老金和城乡居民基础养老金的最低标准。",
        "**实事求是的本质要求**：理论与实际相统一；基本环节：调查研究。",
        "**相互联系**：真理与谬误又是统一的，它们相互依存、相互转化。",
        "**五位一体**：经济建设、政治建设、文化建设、社会建设、生态文明建设。",
    ],
)
def test_what_is_not_a_colon_term(markdown: str) -> None:
    assert line_terms(_line(markdown)) == []


@pytest.mark.parametrize(
    "sentence, term, definition, kind",
    [
        (
            "矛盾的特殊性是指各个具体事物的矛盾各有其特点。",
            "矛盾的特殊性",
            "各个具体事物的矛盾各有其特点",
            "definition",
        ),
        (
            "认识过程的反复性，是指人们对复杂事物的认识往往要经过多次反复。",
            "认识过程的反复性",
            "人们对复杂事物的认识往往要经过多次反复",
            "definition",
        ),
        ("APEC，是亚太经济合作组织的简称。", "APEC", "亚太经济合作组织", "abbreviation"),
    ],
)
def test_terms_in_sentences(sentence: str, term: str, definition: str, kind: str) -> None:
    (found,) = sentence_terms(sentence, 1)
    assert (found.term, found.definition, found.kind) == (term, definition, kind)


@pytest.mark.parametrize(
    "sentence",
    ["这是指我们必须坚持的原则。", "总书记强调，高质量发展是指能够很好满足人民日益增长的美好生活需要的发展。"],
)
def test_what_is_not_a_term(sentence: str) -> None:
    assert sentence_terms(sentence, 1) == []


def test_cjk_width_keeps_the_table_aligned() -> None:
    assert width("稳中求进") == 8 and width("GDP") == 3 and width("２") == 2
    table = frequency_table(build_deck([EXAMPLE]).exam).splitlines()
    starts = {width(line[: line.index("2024-12")]) for line in table[1:]}
    assert len(starts) == 1  # the 出处 column starts at the same terminal column on every row


# --- the example deck in real Anki --------------------------------------------------------------


@pytest.fixture(scope="module")
def exam_import(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    from conftest import anki_import

    folder = tmp_path_factory.mktemp("exam")
    apkg = build_deck([EXAMPLE], source_cards=True).write(folder / "exam.apkg")
    return anki_import(apkg, folder / "collection.anki2")


def test_parallel_phrases_are_asked_part_by_part_with_the_others_visible(exam_import: Imported) -> None:
    parts = ["和平合作", "开放包容", "互学互鉴", "互利共赢"]
    note = next(n for n in exam_import.notes if "并列" in n.tags and "{{c4::互利共赢}}" in n.fields["Text"])
    assert len(note.cards) == 4
    for card in note.cards:
        assert card.question.count("[...]") == 1
        hidden = re.search(r'<span class="cloze"[^>]*>(.*?)</span>', card.answer_html).group(1)  # type: ignore[union-attr]
        assert hidden == parts[card.ord]
        assert all(part in card.question for part in parts if part != hidden) and hidden not in card.question
    # the whole phrase is still its own key-phrase card
    whole = [
        n
        for n in exam_import.notes
        if "并列" not in n.tags and "{{c1::和平合作、开放包容、互学互鉴、互利共赢}}" in n.fields.get("Text", "")
    ]
    assert len(whole) == 1
    split = {n.fields["Text"] for n in exam_import.notes if "并列" in n.tags}
    assert len(split) == 14 and sum(len(n.cards) for n in exam_import.notes if "并列" in n.tags) == 42


def test_no_split_keeps_phrases_whole() -> None:
    notes = build_deck([EXAMPLE], split=False).notes
    # 66 phrases, 25 list items, 1 whole-set card; an ordinal and 3 dates
    assert not [n for n in notes if "并列" in n.tags] and len(notes) == 66 + 25 + 1 + 4


def test_fourth_symposium_gets_an_ordinal_card_that_hides_the_ordinal(exam_import: Imported) -> None:
    (note,) = [n for n in exam_import.notes if "序数" in n.tags]
    (card,) = note.cards
    assert "“一带一路”建设工作座谈会" in card.question and "第四次" not in card.question
    assert "是第几次？" in card.question
    assert card.answer.splitlines()[2] == "第四次"  # cue, question, then the answer
    assert "第四次“一带一路”建设工作座谈会" in card.answer  # the full title on the back


def test_2013_gets_a_date_card(exam_import: Imported) -> None:
    dates = [n for n in exam_import.notes if "日期" in n.tags]
    note = next(n for n in dates if n.fields["Answer"] == "2013年")
    (card,) = note.cards
    assert "提出共建“一带一路”倡议以来" in card.question and "哪一年提出？" in card.question
    assert "2013" not in card.question and "第四次“一带一路”建设工作座谈会" in card.question.splitlines()[0]
    assert "2013年" in card.answer


def test_wenzhongqiujin_has_one_source_card_listing_all_its_events(exam_import: Imported) -> None:
    sources = [n for n in exam_import.notes if "出处" in n.tags and "「稳中求进」" in n.cards[0].question]
    (note,) = sources
    (card,) = note.cards
    events = ["第四次“一带一路”建设工作座谈会", "中央经济工作会议", "2025年全国能源工作会议"]
    assert all(event in card.answer and event not in card.question for event in events)
    assert "2024年12月时政" in card.question and "2024-12" in card.question  # document and month instead
    assert "未加粗" in card.answer  # the energy conference only mentions it
    assert "高频" in note.tags
    frequent = {n.fields.get("Text", "") for n in exam_import.notes if "高频" in n.tags and "出处" not in n.tags}
    assert len(frequent) == 2 and all("{{c1::稳中求进}}" in text for text in frequent)


def test_frequency_report_ranks_wenzhongqiujin_first(tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(main, [str(EXAMPLE), "--stats", "-o", str(tmp_path / "x.apkg")])
    assert table.exit_code == 0
    assert table.output.splitlines()[1].split()[:4] == ["1", "3", "1", "稳中求进"]
    assert not (tmp_path / "x.apkg").exists()  # --stats reports, it writes no deck
    data = json.loads(runner.invoke(main, [str(EXAMPLE), "--stats", "--json"]).stdout)
    top = data["phrases"][0]
    assert (top["phrase"], top["events"], top["frequent"]) == ("稳中求进", 3, True)
    assert [o["marked"] for o in top["occurrences"]] == [True, True, False]


def test_frequent_at_moves_the_tag_threshold() -> None:
    tagged = [n for n in build_deck([EXAMPLE], frequent_at=2).notes if "高频" in n.tags]
    assert any("高水平对外开放" in n.fields[0] for n in tagged)
    assert not [n for n in build_deck([EXAMPLE], frequent_at=4).notes if "高频" in n.tags]
    result = CliRunner().invoke(main, [str(EXAMPLE), "--frequent-at", "0", "--dry-run"])
    assert result.exit_code == 2 and "--frequent-at" in result.output


def test_exam_identities_do_not_depend_on_position() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    moved = text.replace("## 第四次", "\n\n一段新的说明。\n\n## 第四次", 1)

    def exam(markdown: str) -> set[str]:
        return {
            n.guid
            for n in build_deck([markdown], source_cards=True).notes
            if {"并列", "序数", "日期", "出处"} & set(n.tags)
        }

    assert exam(text) == exam(moved)


# --- no card asks what its own question shows: every card, example and corpus --------------------


def _leaks(imported: Imported) -> list[str]:
    """Every (answer, question) where the answer — a cloze's hidden text, or a line of a Q&A answer —
    shows on the card's front."""
    leaks = []
    for note in imported.notes:
        for card in note.cards:
            if note.notetype.endswith("填空"):
                answers = re.findall(r'<span class="cloze"[^>]*>(.*?)</span>', card.answer_html, re.S)
            else:
                answers = re.split(r"<br\s*/?>", note.fields["Answer"])
            front = card.question.replace("[...]", "")
            for answer in (html.unescape(re.sub(r"<[^>]+>", "", a)).strip() for a in answers):
                if answer and answer in front:
                    leaks.append(f"{answer!r} in {card.question!r}")
    return leaks


@pytest.mark.parametrize(
    "path", [EXAMPLE, *CORPUS, ROOT / "tests" / "corpus"], ids=lambda p: p.name
)  # each file, then all in one build
def test_no_card_shows_its_answer_on_the_front(path: Path, tmp_path: Path, import_deck) -> None:  # type: ignore[no-untyped-def]
    from shizheng_anki.errors import NoNotesError

    try:
        result = build_deck([path], numbers=True, source_cards=True)
    except NoNotesError:
        pytest.skip("no notes in this file")
    imported = import_deck(result.write(tmp_path / "deck.apkg"))
    assert imported.log["new"] == len(result.notes)
    assert _leaks(imported) == []


def test_exam_facts_reads_events_without_the_cli() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    facts = exam_facts([(extract_facts(text, str(EXAMPLE)), text)])
    assert [len(e.parallels) for e in facts.events] == [5, 5, 3, 1]
    assert facts.recurring()[0].phrase == "稳中求进"


def test_labels_get_no_source_card() -> None:
    notes = build_deck(
        [
            "# 笔记\n\n## 某会议\n\n**考点一：市场作用**很重要，**二是鼓足干事创业的精气神**，**一要提升政治能力**，**守正创新**。\n"
        ],
        source_cards=True,
    ).notes
    asked = [n.fields[0] for n in notes if "出处" in n.tags]
    assert len(asked) == 1 and "「守正创新」" in asked[0]


def test_cli_exam_options_reach_the_deck() -> None:
    runner = CliRunner()

    def notes(*options: str) -> list[dict]:  # type: ignore[type-arg]
        result = runner.invoke(main, [str(EXAMPLE), "--json", "--dry-run", *options])
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["notes"]

    default, whole, everything = notes(), notes("--no-split"), notes("--source-cards", "--numbers")
    assert len(default) == 110 and len(whole) == 96
    assert len([n for n in everything if "出处" in n["tags"]]) == 63
    assert not [n for n in default if "出处" in n["tags"]]


def test_a_value_the_document_title_shows_is_not_asked() -> None:
    notes = "# 2013年学习笔记\n\n## 某会议\n\n自**2013年**提出共建“一带一路”倡议以来，2015年发布愿景与行动。\n"
    facts = build_deck([notes]).exam
    assert [f.value for e in facts.events for f in e.sentence_facts] == ["2015年"]


def test_one_source_card_across_documents_names_both_months(tmp_path: Path, import_deck) -> None:  # type: ignore[no-untyped-def]
    january = "# 2025年1月时政\n\n## 国务院常务会议\n\n会议强调，要坚持**稳中求进**工作总基调。\n"
    result = build_deck([EXAMPLE, january], source_cards=True)
    imported = import_deck(result.write(tmp_path / "two.apkg"))
    (card,) = [c for n in imported.notes if "出处" in n.tags for c in n.cards if "「稳中求进」" in c.question]
    assert "（共4处）" in card.question and "2024-12、2025-01" in card.question
    assert "2024年12月时政、2025年1月时政" in card.question
    assert card.deck == "时政::2024年12月时政" and "国务院常务会议" in card.answer
    top = result.exam.recurring()[0]
    assert (top.phrase, top.event_count, top.document_count) == ("稳中求进", 4, 2)


def test_two_files_with_one_title_keep_their_own_exam_notes() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = build_deck([text, text])
    ordinals = [n for n in result.notes if "序数" in n.tags]
    assert len(ordinals) == 2 and len({n.guid for n in ordinals}) == 2
    assert [n.deck for n in ordinals] == ["时政::2024年12月时政", "时政::2024年12月时政（2）"]
    alone = {n.guid for n in build_deck([text]).notes if "序数" in n.tags}
    assert ordinals[0].guid in alone  # the first file keeps the identities it has when built alone


def test_hostile_text_in_exam_cards_shows_as_written(tmp_path: Path, import_deck) -> None:  # type: ignore[no-untyped-def]
    notes = (
        "# 笔记\n\n## 第二次&lt;b&gt;会议\n\n坚持**\\<i>甲乙\\</i>、{{丙丁戊己}}、[戊己甲乙丙]**。\n\n"
        "**新质生产力**：\\<script>alert(1)\\</script>先进生产力的质态。\n\n自2013年提出{{c3::x}}倡议以来。\n"
    )
    imported = import_deck(build_deck([notes], source_cards=True).write(tmp_path / "h.apkg"))
    kinds = {tag for note in imported.notes for tag in note.tags} & {"并列", "序数", "日期", "术语", "出处"}
    assert kinds == {"并列", "序数", "日期", "术语", "出处"}
    for card in imported.cards:
        assert (
            "<script" not in card.answer_html
            and "<i>" not in card.question_html
            and "[sound:" not in card.question_html
        )
    parts = next(n for n in imported.notes if "并列" in n.tags)
    assert (
        len(parts.cards) == 3 and "{{丙丁戊己}}、[戊己甲乙丙]" in parts.cards[0].question
    )  # the other parts, as written
    assert "<i>甲乙</i>" in parts.cards[1].question
    term = next(n for n in imported.notes if "术语" in n.tags).cards[0]
    assert "<script>alert(1)</script>先进生产力的质态" in term.answer
    date = next(n for n in imported.notes if "日期" in n.tags).cards[0]
    assert "{{c3::x}}" in date.question


@pytest.mark.parametrize("seed", range(20))
def test_phrase_sources_are_every_event_and_first_line_holding_each_phrase(seed: int) -> None:
    """Random events and phrases over a few letters, so that phrases overlap, repeat and hold one
    another (甲乙, 乙, 甲乙甲): what the one-pass search finds is what looking for each phrase in each
    line finds."""
    rng = random.Random(seed)

    def text(length: int) -> str:
        return "".join(rng.choice("甲乙丙丁戊己") for _ in range(length))

    markdown = "# 题\n\n" + "".join(
        f"## 事{index}\n\n"
        + "".join(f"{text(rng.randint(0, 6))}**{text(rng.randint(1, 4))}**{text(2)}\n\n" for _ in range(4))
        for index in range(6)
    )
    document = extract_facts(markdown)
    lines = event_lines(document, markdown)
    texts = [line.text for _, event in lines for line in event]
    pieces = [rng.choice(texts) for _ in range(30)]
    phrases = [piece[start : start + rng.randint(1, 5)] for piece in pieces for start in [rng.randrange(len(piece))]]
    phrases += [text(rng.randint(1, 4)) for _ in range(20)]
    expected = {}
    for phrase in dict.fromkeys(phrases):
        hits = []
        for event, held in lines:
            first = next((line for line in held if phrase in line.text), None)
            if first is not None:
                marked = any(phrase in span.text for line in held for span in line.spans if span.marked)
                hits.append((event.title, marked, first.number))
        if hits:
            expected[phrase] = hits
    found = phrase_sources([(document, lines)], phrases)
    assert {s.phrase: [(o.event, o.marked, o.line) for o in s.occurrences] for s in found} == expected
    assert len(expected) > 20
    for source in found:  # the plain rows it holds are what its occurrences say
        assert [(o.document, o.month, o.event, o.marked, o.line) for o in source.occurrences] == list(source.rows)
        assert source.event_count == len(source.occurrences)
        assert source.document_count == len({o.document for o in source.occurrences}) == 1


def test_quotation_marks_stay_with_the_part_they_belong_to() -> None:
    notes = "# 笔记\n\n## 会议\n\n统筹深化**基础设施“硬联通”、规则标准“软联通”**，“**为人民谋幸福，为民族谋复兴**”。\n"
    texts = [n.fields[0] for n in build_deck([notes]).notes if "并列" in n.tags]
    assert any("{{c1::基础设施“硬联通”}}、{{c2::规则标准“软联通”}}" in text for text in texts)
    assert any("“{{c1::为人民谋幸福}}，{{c2::为民族谋复兴}}”" in text for text in texts)
