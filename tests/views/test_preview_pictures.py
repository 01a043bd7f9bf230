"""The preview page shows the cards' pictures and stays one self-contained file: each picture once,
as a ``data:`` URI, however many cards show it."""

from __future__ import annotations

import base64
import re

from conftest import VAULT

from shizheng_anki import build_deck
from shizheng_anki.views.preview import preview_html


def test_each_picture_is_in_the_page_once_and_no_file_is_loaded() -> None:
    result = build_deck([VAULT])
    page = preview_html(result.notes, media=result.media)
    # nothing to load, from a file or the internet: no src at all, and links only within the page
    assert "src=" not in page and all(link.startswith("#") for link in re.findall(r'href="([^"]*)"', page))
    rule = (
        r'img\.pv-(shizheng-[0-9a-f]{32}-(?:png|jpg)) \{ content: url\("data:image/(?:png|jpeg);base64,([^"]+)"\); \}'
    )
    rules = dict(re.findall(rule, page))
    assert {name.replace("-png", ".png").replace("-jpg", ".jpg") for name in rules} == set(result.media)
    for name, data in rules.items():
        assert base64.b64decode(data) == result.media[name[:-4] + "." + name[-3:]]
        assert page.count(data) == 1  # once, however many cards show it
    shown = re.findall(r'<img class="pv-(shizheng-[0-9a-f]{32}-(?:png|jpg))"[^>]*>', page)
    assert set(shown) == set(rules) and len(shown) > len(rules)  # cards share their pictures
    assert all('style="max-width:100%;height:auto"' in img for img in re.findall(r"<img [^>]*>", page))


def test_a_page_without_pictures_is_as_before() -> None:
    result = build_deck(["## 会议\n\n坚持**稳中求进**。\n"])
    assert preview_html(result.notes) == preview_html(result.notes, media={})
    assert "data:" not in preview_html(result.notes)
