"""Parallel phrases: a marked phrase made of short parallel parts (``和平合作、开放包容、互学互鉴、互利共赢``)."""

from __future__ import annotations

import re

from ..text import phrase_key
from .facts import KeyPhrase, ParallelPhrase

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


def parallel_phrase(phrase: KeyPhrase, titles: str) -> ParallelPhrase | None:
    split = split_parallel(phrase.text)
    following = phrase.sentence_spans[phrase.index + 1].text if phrase.index + 1 < len(phrase.sentence_spans) else ""
    if split is None or following.lstrip().startswith(("：", ":")):
        return None  # a marked label before a colon (``经济、外交运用：…``) names what follows; no parts to ask
    parts, separators = split
    # what the card shows besides the phrase: the rest of its sentence, the event and document titles
    shown = "".join(s.text for i, s in enumerate(phrase.sentence_spans) if i != phrase.index) + "\n" + titles
    asked = tuple(i for i, part in enumerate(parts) if part not in shown and parts.count(part) == 1)
    return ParallelPhrase(phrase, parts, separators, asked) if asked else None
