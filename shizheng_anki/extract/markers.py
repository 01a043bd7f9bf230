"""Ordinal markers: the ``一是``, ``第一，``, ``（一）``, ``①``, ``1、`` … that number the points of a list,
and the counts a stem declares (``十方面重点``).

:func:`find_markers` reads one line and returns where its items start. A line may open with a
marker (one item per line or paragraph) or hold a whole sequence (``会议强调，一是……；二是……。``).
Each marker belongs to a *family* (its written shape); an enumeration is a run of one family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL = r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 0, "最后": 0}
_ENGLISH = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")

#: (family, pattern with group ``n``, may it also stand inside a line?)
_FAMILIES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("是", re.compile(rf"(?P<n>{NUMERAL})是"), True),
    ("要", re.compile(rf"(?P<n>{NUMERAL})要(?![求素点])"), True),
    ("第", re.compile(rf"第(?P<n>{NUMERAL})[，,、：:]"), True),
    ("（一）", re.compile(rf"[（(](?P<n>{NUMERAL})[）)]"), True),
    ("(1)", re.compile(r"[（(](?P<n>\d{1,2})[）)]"), True),
    ("①", re.compile(rf"(?P<n>[{_CIRCLED}])"), True),
    ("首先", re.compile(r"(?P<n>首先|其次|再次|然后|最后)[，,：:]?"), True),
    ("First", re.compile(rf"(?P<n>{'|'.join(_ENGLISH)})(?:ly)?\s*[,，]\s*"), True),
    ("1）", re.compile(r"(?P<n>\d{1,2})[）)](?!\d)"), False),
    ("1、", re.compile(r"(?P<n>\d{1,2})、"), False),
    ("一、", re.compile(rf"(?P<n>{NUMERAL})、"), False),
    ("1.", re.compile(r"(?P<n>\d{1,2})[.．](?![\d.．])\s*(?=\S)"), False),
)
#: ``目标1：``, ``聚焦2：``: a short word numbered by a digit; the word names the family.
_WORD_NUMBER = re.compile(r"(?P<word>[\u4e00-\u9fff]{1,4})(?P<n>\d{1,2})[：:]")
#: What may stand right before a marker inside a line: a marker after a letter (``统一是非``) is a word.
_BOUNDARY = set('，。；：、,.;:!?！？ \t\u3000“”"（(【[')


@dataclass(frozen=True, slots=True)
class Marker:
    """One ordinal marker found in a line."""

    family: str
    #: 1 for ``一是``; 0 for ``最后``/``然后`` (the next one, whatever the count).
    ordinal: int
    #: The marker as written (``三是``, ``（2）``, ``First, ``).
    text: str
    start: int
    end: int


def chinese_number(text: str) -> int:
    """``十一`` → 11, ``二十`` → 20, ``7`` → 7."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)
    return _DIGITS[text]


def _ordinal(family: str, word: str) -> int:
    if family == "①":
        return _CIRCLED.index(word) + 1
    if family == "首先":
        return _SEQUENCE_WORDS[word]
    if family == "First":
        return _ENGLISH.index(word) + 1
    return chinese_number(word)


def _marker(family: str, match: re.Match[str]) -> Marker:
    return Marker(family, _ordinal(family, match.group("n")), match.group(0).rstrip(), match.start(), match.end())


def leading_marker(text: str) -> Marker | None:
    """The marker a line opens with (white space before it allowed), else None."""
    indent = len(text) - len(text.lstrip())
    for family, pattern, _ in _FAMILIES:
        match = pattern.match(text, indent)
        if match and match.end() < len(text.rstrip()):  # a marker with nothing after it is no item
            return _marker(family, match)
    match = _WORD_NUMBER.match(text, indent)
    if match and match.end() < len(text.rstrip()):
        return Marker(match.group("word") + "N", int(match.group("n")), match.group(0), match.start(), match.end())
    return None


def _inline(text: str, family: str, pattern: re.Pattern[str], after: int) -> list[Marker]:
    found = []
    for match in pattern.finditer(text, after):
        if match.start() > 0 and text[match.start() - 1] not in _BOUNDARY and family != "①":
            continue
        found.append(_marker(family, match))
    return found


def _follow(first: Marker, candidates: list[Marker]) -> list[Marker]:
    """``first`` and the markers after it that continue its count (2 after 1, 最后 at the end)."""
    run = [first]
    for marker in candidates:
        if marker.start < run[-1].end:
            continue
        if marker.ordinal == run[-1].ordinal + 1 or (marker.ordinal == 0 and run[-1].ordinal > 0):
            run.append(marker)
            if marker.ordinal == 0:
                break
    return run


def find_markers(text: str, anywhere: bool = False) -> list[Marker]:
    """The item markers of a line, in order: the one it opens with and those continuing its count
    inside the line, or else a sequence starting at 1 inside the line (at least two markers).

    ``anywhere`` lets every shape stand inside the text (a table cell: ``1、……。2、……``)."""
    first = leading_marker(text)
    if first is not None:
        for family, pattern, inline in _FAMILIES:
            if family == first.family and (inline or anywhere):
                return _follow(first, _inline(text, family, pattern, first.end))
        return [first]
    for family, pattern, inline in _FAMILIES:
        if not (inline or anywhere):
            continue
        candidates = _inline(text, family, pattern, 0)
        one = next((index for index, marker in enumerate(candidates) if marker.ordinal == 1), None)
        if one is not None:
            # only the first 1 needs trying: a later 1 has only some of the markers after it, so if the
            # first starts no run none does (``，一是`` × 5,000 tried 5,000 runs over the whole line)
            run = _follow(candidates[one], candidates[one + 1 :])
            if len(run) >= 2:
                return run
    return []


#: ``十方面重点``, ``五个必须``, ``六大主张``, ``四个新``, ``3项``: the count a stem declares.
#: ``两个字`` counts characters and ``两个月`` a time: neither announces items.
_DECLARED = re.compile(rf"({NUMERAL}|两|\d{{1,2}})(?:个方面|方面|个(?![字月])|项|大|条|点|件|类|种|部分)")


def declared_count(stem: str) -> int | None:
    """The number of points a stem announces (``此次会议明确了2025年能源工作的十方面重点。`` → 10).

    The last count in the stem wins; ``十九大`` (a congress) and a quoted name inside a longer
    sentence (``坚定“四个自信”``) declare nothing."""
    for match in reversed(list(_DECLARED.finditer(stem))):
        number = chinese_number(match.group(1))
        after = stem[match.end() : match.end() + 1]
        if match.group(0).endswith("大") and (
            number > 10 or not "\u4e00" <= after <= "\u9fff" or after in "会精报以和后前上"
        ):
            continue  # 十九大, 中共二大： a congress, not 六大主张
        if match.start() > 0 and stem[match.start() - 1] in '“‘「"' and len(stem) > 20:
            continue
        if match.start() > 0 and stem[match.start() - 1] == "第":
            continue  # ``第二点``: the second point, not two
        if number >= 2:  # ``一个`` is an article, not a count
            return number
    return None


#: An ordinal written on its own (``第一``, ``一是``, ``（二）``, ``3.``, ``首先``): it numbers an item, and
#: is never a fact to ask (a marked ``**第一**，`` is no key phrase, ``一是`` no term).
ORDINAL_LABEL = re.compile(
    rf"第?(?:{NUMERAL}|\d{{1,2}})[是要]?[，,、：:.]?|首先|其次|再次|最后|[（(](?:{NUMERAL}|\d{{1,2}})[）)][、.]?"
)
#: What opens a labelled phrase (``考点一：…``, ``二是鼓足干事创业的精气神``, ``一要…``, ``第一…``, ``（2）…``).
_LABEL_OPENING = re.compile(rf"第?{NUMERAL}[是要]|第{NUMERAL}|考点|[（(]?\d+[）)、.]")


def is_ordinal_label(text: str) -> bool:
    """Whether ``text`` is nothing but an ordinal (see :data:`ORDINAL_LABEL`)."""
    return ORDINAL_LABEL.fullmatch(text.strip()) is not None


def is_labelled(phrase: str) -> bool:
    """Whether a marked phrase is a label and its content rather than a 提法: it holds a colon or opens
    with an ordinal or ``考点`` (such phrases get no 出处 card)."""
    return "：" in phrase or ":" in phrase or _LABEL_OPENING.match(phrase) is not None
