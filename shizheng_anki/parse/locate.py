"""Where each rendered line sits in the source file."""

from __future__ import annotations

import re

# What survives of a line for locating it in the source: letters, digits and CJK characters.
_NOT_WORD = re.compile(r"[\W_]+")
# no "<" inside: else a line of many "<" and no ">" is scanned to its end once per "<"
_TAG = re.compile(r"<[^<>\n]*>")
_KEY_LENGTH = 12
_LOOKAHEAD = 400


class LineLocator:
    """Finds the source line of each rendered line, moving forward through the file.

    mistune does not report positions, so each line is found by its first letters among the
    source lines (markup and punctuation ignored), never before the line found last.
    """

    def __init__(self, source: str) -> None:
        self._lines = [_NOT_WORD.sub("", _TAG.sub("", line)) for line in source.split("\n")]
        self._cursor = 0
        #: Lists numbered so far (each Markdown list gets its own id).
        self.lists = 0

    def locate(self, text: str, length: int = _KEY_LENGTH) -> int:
        """The line of ``text``; a longer ``length`` tells apart lines that start alike (table rows)."""
        words = _NOT_WORD.sub("", text)
        for key in dict.fromkeys((words[:length], words[:_KEY_LENGTH])):
            if not key:
                continue
            stop = min(len(self._lines), self._cursor + _LOOKAHEAD)
            for index in range(self._cursor, stop):
                if key in self._lines[index]:
                    self._cursor = index
                    return index + 1
        return self._cursor + 1
