"""Terms and their definitions: ``**新质生产力**：…``, ``X是指…``, ``X，是…的简称``."""

from __future__ import annotations

import re

from ..parse import Line
from ..text import visible_length
from .facts import Term
from .markers import is_ordinal_label

_TERM_SUFFIX = re.compile(r"(?:的概念|的含义|的内涵|的定义)$")
_DEFINES = re.compile(r"^([^，。；：、“”~=*|\s]{2,15}?)，?是指(.{4,})$")
_ABBREVIATES = re.compile(r"^([^，。；：、~=*|\s]{2,15}?)，?是(.{2,40}?)的简称")
#: A definition says what something is: it opens with 是/指/即, or its last clause names it
#: (``…的先进生产力质态``, ``…的正确反映``).
_SAYS_WHAT = re.compile(r"^(?:是|指|即|就是)|的[^，,；;、的]{1,10}$")
#: What a policy label's content opens with (``社会保障：提高养老金…``): a measure, not a definition.
_MEASURE = re.compile(
    r"^(?:提高|加强|推进|推动|坚持|完善|实施|建立|健全|深化|扩大|促进|落实|发展|实行|开展|强化|保障|优化|加快|支持|做好)"
)
#: The longest definition asked (visible characters): a learner says it in a breath.
DEFINITION_LIMIT = 40


def is_definition(text: str) -> bool:
    """Whether ``text`` (what follows ``**X**：``) defines X rather than listing or labelling: it says
    what X is, is not a list (``；`` or three ``、`` parts) nor a measure, and is said in a breath."""
    body = text.strip().rstrip("。")
    visible = visible_length(body)
    if not body or visible > DEFINITION_LIMIT or re.search(r"[；;]", body) or body.count("、") >= 2:
        return False
    if body.startswith(("《", "“")) or body.endswith(("》", "”")):
        return False  # a title or a quotation: the content of a label (``…的著作：《…》``)
    return _SAYS_WHAT.search(body) is not None and not _MEASURE.match(body)


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
    if not (is_definition(definition) or _TERM_SUFFIX.search(spans[0].text.strip())):
        return []  # a label and its content (``社会保障：提高养老金…``), or a list: no term
    return [Term(term, definition, "definition", line.text.strip(), line.number)]


def sentence_terms(sentence: str, line: int) -> list[Term]:
    """``X是指…`` / ``X，是指…`` (X: 2–15 characters opening the sentence, not ``这``/``其``…), and
    ``X，是…的简称`` → a term."""
    text = sentence.strip()
    for pattern, kind in ((_DEFINES, "definition"), (_ABBREVIATES, "abbreviation")):
        match = pattern.match(text)
        if match and not _NOT_A_TERM.match(match.group(1)) and not is_ordinal_label(match.group(1)):
            term = _TERM_SUFFIX.sub("", match.group(1))
            definition = match.group(2).strip().rstrip("。；")
            if visible_length(definition) > DEFINITION_LIMIT:
                return []  # not said in a breath: the marked term's cloze asks it the other way round
            return [Term(term, definition, kind, text, line)]
    return []
