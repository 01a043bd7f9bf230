"""Ordinals of events: ``第四次``, ``二十届四中全会``, ``十四届全国人大三次会议``, ``党的二十大``."""

from __future__ import annotations

import re

from .facts import EventOrdinal

_NUM = r"[一二三四五六七八九十百零〇两\d]+"
_PLENUM = re.compile(rf"({_NUM})届({_NUM})中全会")
_SESSION = re.compile(rf"({_NUM})届(全国人大|全国人民代表大会|全国政协|全国委员会|人大常委会)?({_NUM})次(?:全体)?会议")
NTH = re.compile(rf"第({_NUM})(次|届)")
#: ``党的二十大``, ``中共四大``: a party congress, named by its number.
_CONGRESS = re.compile(rf"(?<=党的|中共)({_NUM})大")


def ordinals_in(text: str) -> list[tuple[re.Match[str], str, str]]:
    """Each ordinal of ``text`` as (match, what replaces it in the masked name, what to ask)."""
    found: list[tuple[re.Match[str], str, str]] = []
    if "届" not in text and "大" not in text and "第" not in text:
        return found  # what every pattern below needs: most sentences have none
    for pattern in (_PLENUM, _SESSION, _CONGRESS, NTH):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other.end() and other.start() < end for other, _, _ in found):
                continue
            rest = text[end:]
            if (len(rest.strip()) < 2 and pattern is NTH) or rest.startswith("的"):
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
    for match, replacement, ask in ordinals_in(title):
        masked = (title[: match.start()] + replacement + title[match.end() :]).strip()
        if len(masked) >= 2:
            found.append(EventOrdinal(match.group(0), masked, ask))
    return tuple(found)
