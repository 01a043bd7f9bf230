"""Exam-grade facts: what 时政 questions ask beyond the marked phrases.

Reads the extracted :class:`~shizheng_anki.facts.Document` s and the Markdown they came from (every
sentence of an event, marked or not) and derives, each by one small rule:

- **parallel phrases** — a marked phrase made of 2+ short parallel parts (:func:`split_parallel`);
- **ordinals** of an event, from its title (:func:`title_ordinals`);
- **dates** tied to a verb (``2013年提出``, ``3月5日…开幕``), and with ``numbers=True`` unmarked
  figures with a unit (``1.3万亿元``, ``5%左右``) (:func:`sentence_facts`);
- **terms** and their definitions (:func:`line_terms`, :func:`sentence_terms`);
- **where each phrase appears**: every event of the build whose text holds it, marked or not
  (:func:`phrase_sources`) — the frequency report and the 出处 cards.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from .facts import (
    Document,
    Event,
    EventExamFacts,
    EventOrdinal,
    ExamFacts,
    KeyPhrase,
    Occurrence,
    ParallelPhrase,
    PhraseSource,
    SentenceFact,
    Span,
    Term,
)
from .parse import Block, Line, parse_markdown

#: A phrase is traced to its sources (frequency report, 出处 cards) only from 4 characters on: a
#: marked word (``基础``, ``统一``) recurs everywhere and says nothing about where it was said.
SOURCE_MIN_LENGTH = 4
_TRIM = "。；，、：;,:.!！?？ \t"


def phrase_key(text: str) -> str:
    """A marked phrase as it is compared and counted: trailing punctuation and spaces removed."""
    return text.strip().rstrip(_TRIM).strip()


# --- parallel phrases --------------------------------------------------------------------------

#: Separators from strongest to weakest; a phrase is split at the strongest one it holds, so
#: ``稳中求进、以进促稳，守正创新、先立后破`` gives two parts, not four.
_SEPARATORS = ("；;", "，,", "、")
#: A part is short: 2 to 12 characters; the longest at most twice the shortest.
_PART_MIN, _PART_MAX, _PART_RATIO = 2, 12, 2.0
_CJK = re.compile(r"[\u4e00-\u9fff]")


def split_parallel(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """``和平合作、开放包容、互学互鉴、互利共赢`` → (parts, separators), or None when not parallel.

    Rule: split at the strongest separator present (``；`` > ``，`` > ``、``); every part is 2–12
    characters with a Chinese character in it, and the longest is at most twice the shortest
    (``增长稳、就业稳和物价合理回升`` is not parallel); a phrase with a colon is a label, not parallel.
    """
    body = phrase_key(text)
    if "：" in body or ":" in body:
        return None  # a label and its content (``考点一：…``), not a list of parts
    for separators in _SEPARATORS:
        if any(separator in body for separator in separators):
            pieces = re.split(f"([{separators}])", body)
            break
    else:
        return None
    parts = tuple(piece.strip() for piece in pieces[0::2])
    lengths = [len(part) for part in parts]
    if len(parts) < 2 or min(lengths) < _PART_MIN or max(lengths) > _PART_MAX:
        return None
    if max(lengths) > _PART_RATIO * min(lengths) or not all(_CJK.search(part) for part in parts):
        return None
    return parts, tuple(pieces[1::2])


def _parallel(phrase: KeyPhrase, titles: str) -> ParallelPhrase | None:
    split = split_parallel(phrase.text)
    if split is None:
        return None
    parts, separators = split
    # what the card shows besides the phrase: the rest of its sentence, the event and document titles
    shown = "".join(s.text for i, s in enumerate(phrase.sentence_spans) if i != phrase.index) + "\n" + titles
    asked = tuple(i for i, part in enumerate(parts) if part not in shown and parts.count(part) == 1)
    return ParallelPhrase(phrase, parts, separators, asked) if asked else None


# --- ordinals ----------------------------------------------------------------------------------

_NUM = r"[一二三四五六七八九十百零〇两\d]+"
_PLENUM = re.compile(rf"({_NUM})届({_NUM})中全会")
_SESSION = re.compile(rf"({_NUM})届(全国人大|全国人民代表大会|全国政协|全国委员会|人大常委会)?({_NUM})次(?:全体)?会议")
_NTH = re.compile(rf"第({_NUM})(次|届)")
#: ``党的二十大``, ``中共四大``: a party congress, named by its number.
_CONGRESS = re.compile(rf"(?<=党的|中共)({_NUM})大")


def _ordinals(text: str) -> list[tuple[re.Match[str], str, str]]:
    """Each ordinal of ``text`` as (match, what replaces it in the masked name, what to ask)."""
    found: list[tuple[re.Match[str], str, str]] = []
    if "届" not in text and "大" not in text and "第" not in text:
        return found  # what every pattern below needs: most sentences have none
    for pattern in (_PLENUM, _SESSION, _CONGRESS, _NTH):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other.end() and other.start() < end for other, _, _ in found):
                continue
            rest = text[end:]
            if len(rest.strip()) < 2 and pattern is _NTH or rest.startswith("的"):
                continue
            if pattern is _PLENUM:
                found.append((match, "中央全会", "是几届几中全会？"))
            elif pattern is _SESSION:
                found.append((match, (match.group(2) or "") + "会议", "是几届几次会议？"))
            elif pattern is _CONGRESS:
                found.append((match, "全国代表大会", "是第几次全国代表大会？"))
            else:
                found.append((match, "", f"是第几{match.group(2)}？"))
    return sorted(found, key=lambda item: item[0].start())


def title_ordinals(title: str) -> tuple[EventOrdinal, ...]:
    """The ordinals of an event title.

    - ``二十届四中全会`` → asks 是几届几中全会, the title names it ``中央全会``;
    - ``十四届全国人大三次会议`` → asks 是几届几次会议, the title names it ``全国人大会议``;
    - ``党的二十大`` → asks 是第几次全国代表大会, the title names it ``党的全国代表大会``;
    - ``第四次…``, ``第X届…`` → asks 是第几次 / 是第几届, the title without the ordinal.

    Not ordinals: ``第一要义`` (no 次/届), an ordinal that ends the title (``史纲重要的第一次``: no
    event after it) or is followed by ``的`` (``二十届三中全会的议题``: a topic, not the event).
    """
    found = []
    for match, replacement, ask in _ordinals(title):
        masked = (title[: match.start()] + replacement + title[match.end() :]).strip()
        if len(masked) >= 2:
            found.append(EventOrdinal(match.group(0), masked, ask))
    return tuple(found)


# --- dates and numbers in sentences -------------------------------------------------------------

_DAY = r"\d{1,2}(?:日(?:[~～至到—-]\d{1,2}日)?|[~～至到—-]\d{1,2}日)"
_MONTH = rf"\d{{1,2}}月(?:{_DAY})?"
#: ``2013年``, ``2021年2月10日``, ``3月5日``, ``今年4月``, ``11月8~11日``, ``6月28日至29日``.
_DATE = re.compile(rf"(?<![\d.])(?:\d{{4}}年(?:{_MONTH})?|(?:今年|去年|明年)?{_MONTH})")
#: The verbs that make a date an exam fact: it says when something was proposed, held, issued…
_VERBS = re.compile(
    r"审议通过|提出|召开|开幕|闭幕|举行|举办|发布|印发|通过|成立|组建|实施|施行|部署|授予|签署|签订|发表|出台|颁布|"
    r"视察|考察|主持|宣布|设立|启动|会晤|会见|出席|发射|致信|访问"
)
_VERB_REACH = 20
_UNIT = (
    r"(?:%|％|‰|(?:万亿|亿|万|千|百)?(?:元|美元|人次|人|个月|个|项|家|吨|斤|千瓦|千米|公里|公顷|亩|倍|件|座|所|户|岁|台|辆|架|艘|篇|部|场|名|天|小时)"
    r"|万亿|亿|万)"
)
_NUMBER = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?{_UNIT}(?:左右|以上|以下)?")
_CLAUSE = re.compile(r"[^，,；;：|]+")


#: ``第一次提出…``: "for the first time", not the ordinal of an event.
_ADVERBIAL = re.compile(rf"\s*(?:{_VERBS.pattern}|明确|正式|完整|系统|全面|首次)")
#: In a sentence, ``第X次`` / ``第X届`` is an event's ordinal only when a meeting follows it.
_MEETING = re.compile(r"[^，。；：]{0,20}?(?:会议|大会|全会|峰会|座谈会|论坛|博览会|运动会|会晤)")


def _when(date: str) -> str:
    if "日" in date:
        return "哪一天"
    return "何时" if "月" in date else "哪一年"


def _clause_at(sentence: str, position: int, value: str, kind: str) -> tuple[int, str]:
    """The clause around ``position``. A clause that is only the date (``11月22日，第四届世界媒体峰会
    在北京开幕``) goes on to the next clause, which says what happened then; a clause that opens with
    the ordinal asked (``11月8~11日，十九届六中全会在北京举行``) keeps the clause before, which says when."""
    clauses = list(_CLAUSE.finditer(sentence))
    for index, match in enumerate(clauses):
        if match.start() <= position < match.end():
            start, end = match.start(), match.end()
            if not match.group(0).replace(value, "").strip(" \t0123456789.、") and index + 1 < len(clauses):
                end = clauses[index + 1].end()
            elif kind == "ordinal" and not sentence[start:position].strip() and index > 0:
                start = clauses[index - 1].start()
            return start, sentence[start:end]
    return 0, sentence


def sentence_facts(
    sentence: str, marked: Sequence[tuple[int, int]], shown: str, line: int, *, numbers: bool = False
) -> list[SentenceFact]:
    """Dates (and with ``numbers``, figures) of one sentence.

    A date (``2013年``, ``3月5日``, ``今年4月``) counts when a verb of :data:`_VERBS` follows it in its
    clause (cut at ，；：and table bars; a clause that is only the date goes on to the next) within 20
    characters and before the next date, and no ``周年``
    follows (``到2029年中华人民共和国成立80周年`` is no founding date):
    ``自2013年提出共建“一带一路”倡议`` → "哪一年提出？". Quotes do not matter (``“2013年提出”`` is
    still a date). A figure counts only with ``numbers``, only outside marked spans, and only with a
    unit or ``%`` (``1.3万亿元``, ``5%左右``; not a bare ``2``). An ordinal (as in
    :func:`title_ordinals`) counts when its clause has a verb of record; ``第X次/届`` only when a
    meeting follows it and no verb does directly (``第一次提出`` means "for the first time"):
    ``11月19日，第三次“一带一路”建设座谈会在北京召开`` → "第几次？". Skipped when the value shows twice in
    its clause or in ``shown`` (the event and document titles on the card): the question would show it.
    """
    found: list[SentenceFact] = []
    # every date has 年 or 月; most sentences have neither, and the date pattern is slow to say so
    dates = _DATE.finditer(sentence) if "年" in sentence or "月" in sentence else ()
    candidates: list[tuple[str, re.Match[str]]] = [("date", m) for m in dates]
    ordinals = _ordinals(sentence)
    ordinal_asks = {match.start(): ask for match, _, ask in ordinals}
    candidates += [("ordinal", match) for match, _, _ in ordinals]
    if numbers:
        candidates += [("number", m) for m in _NUMBER.finditer(sentence)]
    for kind, match in sorted(candidates, key=lambda c: c[1].start()):
        value = match.group(0)
        offset, clause = _clause_at(sentence, match.start(), value, kind)
        if clause.count(value) != 1 or value in shown:
            continue
        if kind == "date":
            # the verb must come before the next date of the clause, and not announce an anniversary
            following = _DATE.search(clause, match.end() - offset)
            reach = min(match.end() - offset + _VERB_REACH, following.start() if following else len(clause))
            verb = _VERBS.search(clause, match.end() - offset, reach)
            if verb is None or "周年" in clause[verb.end() :]:
                continue
            ask = f"{_when(value)}{verb.group(0)}？"
        elif kind == "ordinal":
            after = sentence[match.end() :]
            if not _VERBS.search(clause):
                continue
            if match.re is _NTH and (_ADVERBIAL.match(after) or not _MEETING.match(after)):
                continue
            ask = ordinal_asks[match.start()].removeprefix("是")
        else:
            if any(a <= match.start() < b for a, b in marked):
                continue
            ask = "括号处的数字是多少？"
        found.append(SentenceFact(kind, value, ask, clause.strip(), sentence, line))
    return found


# --- terms ---------------------------------------------------------------------------------------

_TERM_SUFFIX = re.compile(r"(?:的概念|的含义|的内涵|的定义)$")
_DEFINES = re.compile(r"^([^，。；：、“”~=*|\s]{2,15}?)，?是指(.{4,})$")
_ABBREVIATES = re.compile(r"^([^，。；：、~=*|\s]{2,15}?)，?是(.{2,40}?)的简称")
#: ``一是``, ``第一``, ``（1）``: an enumeration marker, not a term.
_ENUMERATOR = re.compile(r"^(?:第?[一二三四五六七八九十]+[是要、，]?|[（(]?\d+[）)、.]?)$")
_NOT_A_TERM = re.compile(r"^(?:这|那|它|其|此|该)")


def line_terms(line: Line) -> list[Term]:
    """``**新质生产力**：…`` — a line that opens with a marked span and a colon defines that span.

    ``**真理的概念**：…`` defines ``真理``; a colon with nothing after it (``**相互区别**：``) is a heading;
    the definition stops before a next label (``…相统一；基本环节：…``).
    """
    spans = [span for span in line.spans if span.text]
    if len(spans) < 2 or not spans[0].marked or not spans[1].text.startswith(("：", ":")):
        return []
    term = _TERM_SUFFIX.sub("", spans[0].text.strip())
    definition = line.text[len(spans[0].text) + 1 :].strip()
    # ``理论与实际相统一；基本环节：调查研究`` — the definition ends where the next label begins
    definition = re.split(r"[。；;](?=[^。；;]*[：:])", definition, maxsplit=1)[0].rstrip("。")
    if not 2 <= len(term) <= 15 or len(definition) < 4 or re.search(r"[，。；]", term) or _ENUMERATOR.match(term):
        return []
    return [Term(term, definition, "definition", line.text.strip(), line.number)]


def sentence_terms(sentence: str, line: int) -> list[Term]:
    """``X是指…`` / ``X，是指…`` (X: 2–15 characters opening the sentence, not ``这``/``其``…), and
    ``X，是…的简称`` → a term."""
    text = sentence.strip()
    for pattern, kind in ((_DEFINES, "definition"), (_ABBREVIATES, "abbreviation")):
        match = pattern.match(text)
        if match and not _NOT_A_TERM.match(match.group(1)) and not _ENUMERATOR.match(match.group(1)):
            term = _TERM_SUFFIX.sub("", match.group(1))
            return [Term(term, match.group(2).strip().rstrip("。；"), kind, text, line)]
    return []


# --- where phrases appear ------------------------------------------------------------------------


def event_lines(document: Document, markdown: str | Sequence[Block]) -> list[tuple[Event, tuple[Line, ...]]]:
    """Every event of ``document`` with all its source lines (a paragraph belongs to the last event
    whose heading comes before it). ``markdown``: the text, or the blocks already parsed from it."""
    events = sorted(document.events, key=lambda event: event.line)
    starts = [event.line for event in events]
    lines: list[list[Line]] = [[] for _ in events]
    for block in parse_markdown(markdown) if isinstance(markdown, str) else markdown:
        owner = bisect.bisect_right(starts, block.number) - 1
        if block.kind != "heading" and owner >= 0:
            lines[owner].extend(line for line in block.lines if not line.code_only)
    return [(event, tuple(event_lines)) for event, event_lines in zip(events, lines)]


#: The length of the phrase pieces :func:`phrase_sources` indexes events by.
_PIECE = 3


def _pieces(phrase: str) -> set[str]:
    """Every run of :data:`_PIECE` characters of ``phrase``; a shorter phrase is its own piece."""
    if len(phrase) <= _PIECE:
        return {phrase}
    return {phrase[at : at + _PIECE] for at in range(len(phrase) - _PIECE + 1)}


def phrase_sources(
    texts: Sequence[tuple[Document, Sequence[tuple[Event, tuple[Line, ...]]]]], phrases: Iterable[str]
) -> tuple[PhraseSource, ...]:
    """Each phrase with every event whose text holds it (marked: inside a marked span), most frequent
    first (events, then documents, then first appearance).

    Linear in the corpus, not phrases × events: an index of which events hold each 3-character piece
    of a phrase (the whole phrase when shorter) narrows a phrase's search to the events holding its
    two rarest pieces. (Single characters were not enough: ``提法1`` … ``提法9999`` under 10,000
    headings share every character, and each phrase was looked for in every event.)"""
    unique = list(dict.fromkeys(phrases))
    wanted: dict[int, set[str]] = {}  # piece length → the pieces of the phrases
    for phrase in unique:
        wanted.setdefault(min(len(phrase), _PIECE), set()).update(_pieces(phrase))
    entries = [(document, event, lines, "\n".join(line.text for line in lines)) for document, events in texts for event, lines in events]
    holders: dict[str, list[int]] = {}
    for index, (_, _, _, text) in enumerate(entries):
        for size, pieces in wanted.items():
            held = set(text) if size == 1 else {text[at : at + size] for at in range(len(text) - size + 1)}
            for piece in pieces.intersection(held):
                holders.setdefault(piece, []).append(index)
    # per event met: where each line starts in its text, and its marked spans (one a line)
    seen: dict[int, tuple[list[int], str]] = {}
    found: list[PhraseSource] = []
    for phrase in unique:
        rarest = sorted((holders.get(piece, []) for piece in _pieces(phrase)), key=len)[:2]
        occurrences = []
        for index in sorted(set(rarest[0]).intersection(*rarest[1:])) if rarest else ():
            document, event, lines, text = entries[index]
            at = text.find(phrase)
            if at < 0:
                continue
            if index not in seen:
                starts = list(itertools.accumulate((len(line.text) + 1 for line in lines[:-1]), initial=0))
                seen[index] = (starts, "\n".join(span.text for line in lines for span in line.spans if span.marked))
            starts, marked = seen[index]
            hit = bisect.bisect_right(starts, at) - 1
            if at + len(phrase) > starts[hit] + len(lines[hit].text):  # across lines: only a line holding it counts
                hit = next((number for number, line in enumerate(lines) if phrase in line.text), -1)
                if hit < 0:
                    continue
            in_marked = phrase in marked if "\n" not in phrase else any(
                phrase in span.text for line in lines for span in line.spans if span.marked
            )
            occurrences.append(Occurrence(document.title, document.month, event.title, in_marked, lines[hit].number))
        if occurrences:
            found.append(PhraseSource(phrase, tuple(occurrences)))
    order = {source.phrase: index for index, source in enumerate(found)}
    return tuple(sorted(found, key=lambda s: (-s.event_count, -s.document_count, order[s.phrase])))


# --- the whole build -----------------------------------------------------------------------------


def _marked_ranges(sentence: tuple[Span, ...]) -> list[tuple[int, int]]:
    ranges, position = [], 0
    for span in sentence:
        if span.marked:
            ranges.append((position, position + len(span.text)))
        position += len(span.text)
    return ranges


def exam_facts(
    sources: Iterable[tuple[Document, str | Sequence[Block]]], *, split: bool = True, numbers: bool = False
) -> ExamFacts:
    """The exam-grade facts of documents, each given with the Markdown it was extracted from (or the
    blocks parsed from it, so that a build parses each file once)."""
    per_event: list[EventExamFacts] = []
    texts = []
    phrases: list[str] = []
    for document, markdown in sources:
        events = event_lines(document, markdown)
        texts.append((document, events))
        for event, lines in events:
            titles = f"{event.title}\n{document.title}"
            parallels = [p for p in (_parallel(phrase, titles) for phrase in event.key_phrases) if p] if split else []
            found: list[SentenceFact] = []
            terms: list[Term] = []
            for line in lines:
                terms += line_terms(line)
                for spans in line.sentences:
                    sentence = "".join(span.text for span in spans)
                    found += sentence_facts(sentence, _marked_ranges(spans), titles, line.number, numbers=numbers)
                    if not terms or terms[-1].line != line.number:
                        terms += sentence_terms(sentence, line.number)
            ordinals = tuple(o for o in title_ordinals(event.title) if o.ordinal not in document.title)
            per_event.append(EventExamFacts(document, event, tuple(parallels), ordinals, tuple(found), tuple(terms)))
            for phrase in event.key_phrases:
                phrases.append(phrase_key(phrase.text))
            for parallel in parallels:
                phrases.extend(parallel.parts)
    return ExamFacts(tuple(per_event), phrase_sources(texts, (p for p in phrases if len(p) >= SOURCE_MIN_LENGTH)))
