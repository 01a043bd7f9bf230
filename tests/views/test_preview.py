"""The preview page's counts and groups: what the learner reads before importing."""

from __future__ import annotations

import re

from conftest import EXAMPLE

from shizheng_anki import build_deck
from shizheng_anki.views.preview import preview_html


def test_the_title_counts_cards_and_each_event_is_one_group() -> None:
    result = build_deck([EXAMPLE])
    page = preview_html(result.notes, title="2024年12月时政")
    assert result.card_count == 145 and len(result.notes) == 110
    assert "<title>2024年12月时政 · 145 张卡片</title>" in page  # cards, not notes
    groups = re.findall(r'<section class="pv-event"><h3>(.*?) <span', page)
    # light and night copies of the four events: the 序数 card (its cue hides 第四次) is no group of its own
    assert len(groups) == 8 and len(set(groups)) == 4
    assert "第四次“一带一路”建设工作座谈会" in groups
