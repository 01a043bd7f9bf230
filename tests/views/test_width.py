"""Display width (views/width.py): the one rule both terminal tables (--dry-run, --stats) align by."""

from __future__ import annotations

import pytest

from shizheng_anki.views.width import display_width, fit


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("稳中求进", 8),
        ("GDP", 3),
        ("２", 2),  # full-width digit
        ("a\u200bb", 2),  # zero width space takes no column
        ("e\u0301", 1),  # e + combining acute accent: one letter on screen
        ("\u00ad", 0),  # soft hyphen
        ("", 0),
    ],
)
def test_display_width(text: str, columns: int) -> None:
    assert display_width(text) == columns


def test_fit_cuts_by_display_width_and_pads() -> None:
    assert fit("稳中求进工作总基调", 9) == "稳中求进…"
    assert display_width(fit("稳中求进工作总基调", 9)) == 9
    assert fit("abc", 5) == "abc  "
    assert fit("中央经济", 8) == "中央经济"
    assert display_width(fit("零\u200b宽\u200b字\u200b符\u200b很\u200b多", 7)) == 7


def test_fit_is_linear_in_the_text() -> None:
    # the --stats table once cut a long phrase one character at a time, measuring it whole each time
    assert fit("字" * 200_000, 10) == "字" * 4 + "…" + " "
