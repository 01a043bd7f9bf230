"""Dates (and, when asked, figures) in sentences: ``自2013年提出共建“一带一路”倡议以来`` → 哪一年提出？"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .facts import SentenceFact
from .ordinals import NTH, ordinals_in

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
#: A figure with its unit (``1.4万亿斤``, ``5%左右``): the fact of a sentence that states it.
FIGURE = _NUMBER
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
    ordinals = ordinals_in(sentence)
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
            if match.re is NTH and (_ADVERBIAL.match(after) or not _MEETING.match(after)):
                continue
            ask = ordinal_asks[match.start()].removeprefix("是")
        else:
            if any(a <= match.start() < b for a, b in marked):
                continue
            ask = "括号处的数字是多少？"
        found.append(SentenceFact(kind, value, ask, clause.strip(), sentence, line))
    return found
