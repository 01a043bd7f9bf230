"""Rules about the text of the notes that more than one stage reads, each in one place.

- :data:`TRAILING_PUNCTUATION` and :func:`strip_trailing`: what closes a phrase without being part of
  it (a cloze keeps it outside the blank; a phrase is compared and counted without it);
- :func:`phrase_key`: a marked phrase as it is compared and counted;
- :func:`visible`: whether a phrase shows anything at all; :func:`visible_length`: how many
  characters a learner says of it;
- :func:`counted`: a number and the word it counts, in the singular or the plural (messages).
"""

from __future__ import annotations

import unicodedata

#: Punctuation (and white space) that may close a phrase without being part of it: ``坚持稳中求进，``
#: is the phrase ``坚持稳中求进``.
TRAILING_PUNCTUATION = "。！？；，、：!?;,:. \t"


def strip_trailing(text: str) -> str:
    """``text`` without the punctuation and white space that close it."""
    return text.rstrip(TRAILING_PUNCTUATION)


def phrase_key(text: str) -> str:
    """A marked phrase as it is compared and counted: outer white space and closing punctuation removed."""
    return strip_trailing(text.strip()).strip()


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: a phrase of only spaces, control or format characters
    (U+0000, U+200B …) would make an empty cloze, and Anki makes no card for it."""
    return any(not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf") for char in text)


def visible_length(text: str) -> int:
    """Characters a learner says: letters and digits, no punctuation, spaces or symbols."""
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")


def counted(number: int, word: str, plural: str | None = None) -> str:
    """``1 note``, ``2 notes``: a count in a message, its word agreeing with it."""
    return f"{number} {word if number == 1 else plural or word + 's'}"
