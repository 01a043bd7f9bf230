"""Terms and their definitions: ``**新质生产力**：…``, ``X是指…``, ``X，是…的简称``."""

from __future__ import annotations

import re

from ..parse import Line
from .facts import Term
from .markers import is_ordinal_label

_TERM_SUFFIX = re.compile(r"(?:的概念|的含义|的内涵|的定义)$")
_DEFINES = re.compile(r"^([^，。；：、“”~=*|\s]{2,15}?)，?是指(.{4,})$")
_ABBREVIATES = re.compile(r"^([^，。；：、~=*|\s]{2,15}?)，?是(.{2,40}?)的简称")
#: ``一是``, ``第一``, ``（1）``: an enumeration marker, not a term.
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
    if not 2 <= len(term) <= 15 or len(definition) < 4 or re.search(r"[，。；]", term) or is_ordinal_label(term):
        return []
    return [Term(term, definition, "definition", line.text.strip(), line.number)]


def sentence_terms(sentence: str, line: int) -> list[Term]:
    """``X是指…`` / ``X，是指…`` (X: 2–15 characters opening the sentence, not ``这``/``其``…), and
    ``X，是…的简称`` → a term."""
    text = sentence.strip()
    for pattern, kind in ((_DEFINES, "definition"), (_ABBREVIATES, "abbreviation")):
        match = pattern.match(text)
        if match and not _NOT_A_TERM.match(match.group(1)) and not is_ordinal_label(match.group(1)):
            term = _TERM_SUFFIX.sub("", match.group(1))
            return [Term(term, match.group(2).strip().rstrip("。；"), kind, text, line)]
    return []
