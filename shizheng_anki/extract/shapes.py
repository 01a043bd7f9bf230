"""What shape a run of items has, and what part of an item a learner recites.

A run of items is asked as a list only when it is one (:func:`is_a_list`): the notes number it with
written ordinals, or its stem declares a count or announces it (``以下``, a closing colon), and its
items are not the pieces of one sentence nor a digest of dated news. Things that merely share a
heading (news bullets, a study-session summary) are asked through what is marked in them.

An item is recited by its head (:func:`item_head`): its label's content (``聚焦4：提高人民生活品质``),
its leading marked words, or its lead clause; the rest of the item is shown on the back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..parse import Span
from ..text import strip_trailing, visible_length
from .markers import declared_count

#: A stem that announces the list below it.
_ANNOUNCES = re.compile(r"以下|如下|下列|几点|几个方面|包括|分别|主要有|主要是|体现在|表现为|具体是|有哪些")
#: A stem ending like this opens the items below it.
_OPENS = ("：", ":")
#: An item that opens with a date is a piece of news, not a point to recite.
_DATED = re.compile(r"^\s*(?:\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2})")
#: An item cut off in the middle of its sentence ends with one of these.
_FRAGMENT_END = ("，", ",", "、")
#: Where an item's lead clause ends.
_CLAUSE_END = re.compile(r"[，,：:。；;！？!?]")
#: A lead clause that says by when (``到“十四五”末``, ``截至2023年底``): the item is asked by it.
_WHEN = re.compile(
    r"^\s*(?:(?:到|至|截至|截止|从|自|在)\S*(?:\d{4}年|末|底|前|时|期间|以来)"
    r"|\S*(?:情况下|条件下|背景下|形势下|过程中|基础上|前提下)|(?:本着|按照|根据|围绕)\S*"
    r"|(?:以|通过|依靠|凭借)\S*(?:名义|方式|形式|手段))$"
)
#: A lead clause that ends saying since when (``总结了新中国成立以来，…的经验``) is no head on its own:
#: the next clause completes it.
_OPEN_TIME = re.compile(r"(?:以来|之后|以后|之前|以前|期间)$")
_WHEN_LIMIT = 24
#: ``聚焦4：提高人民生活品质``, ``近代中国开眼看世界的第一人：林则徐``: a short label, a colon, its content.
_LABEL = re.compile(r"^([^，。；：:,;！？{}\[\]<>]{2,24}?)\s*(?:：|:(?!:))\s*([^\s:].*)$", re.S)


_OPENING = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "‘": "’", "【": "】"}


#: A line that is wholly in brackets: the author's aside (``（对应《背诵笔记》P35）``), never an item.
_BRACKETED = re.compile(r"^\s*(?:（[^（）]*）|\([^()]*\)|【[^【】]*】)\s*$")


def is_bracketed_aside(text: str) -> bool:
    """Whether ``text`` is wholly in brackets: an aside, not an item of a list."""
    return _BRACKETED.match(text) is not None


def outside_brackets(text: str) -> list[bool]:
    """For each character of ``text``: whether it stands outside quotation marks and brackets (the
    marks themselves are inside)."""
    closing: list[str] = []
    outside = []
    for char in text:
        if closing and char == closing[-1]:
            closing.pop()
            outside.append(False)
        elif char in _OPENING:
            closing.append(_OPENING[char])
            outside.append(False)
        else:
            outside.append(not closing)
    return outside


def split_clauses(text: str, maxsplit: int = 0) -> list[str]:
    """``text`` cut at its clause ends (，：。；！？) outside quotation marks and brackets: ``欢呼“将来的
    环球，必是赤旗的世界”`` is one clause."""
    clauses: list[str] = []
    start = 0
    for position, (char, outside) in enumerate(zip(text, outside_brackets(text))):
        if outside and _CLAUSE_END.match(char) and (not maxsplit or len(clauses) < maxsplit):
            clauses.append(text[start:position])
            start = position + 1
    clauses.append(text[start:])
    return clauses


def is_written_family(family: str) -> bool:
    """Whether items of ``family`` carry ordinals written in the notes (``一是``, ``（一）``, ``1.``),
    rather than being bare Markdown list items or lines answering a count."""
    return not family.startswith("list") and family != "declared"


def announces(stem: str) -> bool:
    """A stem that declares a count (``十方面重点``) or announces the list (``以下``, a closing colon)."""
    stem = stem.strip()
    return declared_count(stem) is not None or bool(_ANNOUNCES.search(stem)) or stem.endswith(_OPENS)


def is_sentence_pieces(texts: Sequence[str]) -> bool:
    """Items that are the pieces of one sentence: most end with ``，`` or ``、``."""
    return 2 * sum(1 for text in texts if text.rstrip().endswith(_FRAGMENT_END)) >= len(texts)


def is_a_list(family: str, stem: str, texts: Sequence[str]) -> bool:
    """Whether items (their plain ``texts``) are a list to recite rather than things under one heading.

    A list has written ordinals or an announcing stem; it is not a sentence cut into pieces (most
    items end with ``，``) nor a digest of dated news (most items open with a date)."""
    if family != "declared" and not (is_written_family(family) or announces(stem)):
        return False
    if declared_count(stem) == len(texts):
        return True  # ``四项基本原则是：`` and four items, whatever their punctuation
    dated = sum(1 for text in texts if _DATED.match(text))
    return not is_sentence_pieces(texts) and 2 * dated < len(texts)


@dataclass(frozen=True, slots=True)
class ItemParts:
    """An item as a learner recites it."""

    #: The label before the colon (``聚焦4``, ``近代中国开眼看世界的第一人``), else empty.
    label: str
    #: What the learner recites: the label's content, the leading marked words or the lead clause.
    head: str
    #: The whole item, as plain text.
    text: str


#: A head longer than this is cut at its first ``、``.
_HEAD_LIMIT = 40
#: A bare number before an item (``05 ``): its ordinal, not its text.
_NUMBERED = re.compile(r"^\d{1,2}\s+(?=\D)")
#: The content of a label recited whole, up to this many letters.
_LABEL_CONTENT = 30


def item_parts(spans: Sequence[Span], skip: int = 0) -> ItemParts:
    """The label, head and text of an item given as spans.

    The head is the label's content, else the item's leading marked words, else its lead clause; a
    lead clause that only says when (``到“十四五”末，…``) is a label. ``skip`` drops that many lead
    clauses first: items that all open with the same clause (``实现伟大梦想，必须进行伟大斗争``) are told
    apart by the next one."""
    text = "".join(span.text for span in spans).strip().lstrip("—－- ")  # ``——必须坚持人民至上``
    text = _NUMBERED.sub("", text)  # ``05 中国共产党百年奋斗的历史意义``: the number is its ordinal
    label = ""
    body = text
    match = _LABEL.match(text)
    if match and len(strip_trailing(match.group(2)).strip()) >= 1:
        label, body = match.group(1).strip(), match.group(2).strip()
    clauses = split_clauses(body)
    if not label and len(clauses) > 1 and _WHEN.match(clauses[0]) and len(clauses[0]) <= _WHEN_LIMIT:
        label, clauses = clauses[0].strip(), clauses[1:]
        body = body[body.index(label) + len(label) :].lstrip("，,：: ")
    if label and not skip and 0 < visible_length(body) <= _LABEL_CONTENT:
        return ItemParts(label, strip_trailing(body), text)  # a short content is recited whole
    first = next((span for span in spans if span.text.strip()), None)
    if not label and not skip and first is not None and first.marked and text.startswith(first.text.strip()):
        head = first.text.strip()
        if visible_length(head) > _HEAD_LIMIT:  # a whole marked paragraph: its lead clause
            head = split_clauses(head, maxsplit=1)[0]
    else:
        at = min(skip, len(clauses) - 1)
        head = clauses[at]
        if _OPEN_TIME.search(head.strip()) and at + 1 < len(clauses):
            start = body.find(head)
            end = body.find(clauses[at + 1], start + len(head)) + len(clauses[at + 1])
            if visible_length(body[start:end]) <= _HEAD_LIMIT:
                head = body[start:end]
    head = strip_trailing(head.strip()) or strip_trailing(body)
    if visible_length(head) > _HEAD_LIMIT and "、" in head:  # ``坚持A、B``: its first part
        head = head.split("、", 1)[0]
    return ItemParts(label, head, text)
