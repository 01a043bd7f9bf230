"""``--preview``: one self-contained HTML page showing every card, front and back, as Anki renders it.

The cards are rendered by :mod:`.render` with the note types' own templates and CSS, grouped by
document and event, with counts. No script, no external file: the page opens anywhere. Night mode
(Anki's ``.nightMode``) is a second copy of the cards, shown instead when the address ends in ``#night``.
Pictures are in the page too, each once however many cards show it: a style rule per picture holds it
as a ``data:`` URI, and each ``<img>`` names its rule.
"""

from __future__ import annotations

import base64
import html
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..atomic import write_atomically
from ..cards import NOTE_TYPES, Note
from ..cards.kinds import KINDS, kind_label
from ..cards.markup import escape
from ..read.pictures import MIME_TYPES
from .render import hidden_phrase, render_card

_PAGE_CSS = """\
html, body { margin: 0; padding: 0; }
body { background: #eceae4; color: #1f2328;
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; }
body:has(#night:target) { background: #0f1217; color: #e5e7eb; }
.pv-head { max-width: 72rem; margin: 0 auto; padding: 1rem 1rem 0.5rem; }
.pv-head h1 { font-size: 1.3rem; margin: 0 0 0.3rem; }
.pv-head p { margin: 0.2rem 0; font-size: 0.9rem; }
.pv-head a { color: inherit; margin-right: 1em; }
body:not(:has(#night:target)) #dark, body:has(#night:target) #light { display: none; }
.pv-cards { max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem; }
.pv-document > h2 { font-size: 1.15rem; margin: 1.2rem 0 0.4rem; }
.pv-event > h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
.pv-count { font-weight: normal; font-size: 0.85em; opacity: 0.7; }
.pv-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem; margin: 0 0 1rem; }
.pv-face { border-radius: 0.5rem; overflow: hidden; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.18); }
.pv-label { font-size: 0.75rem; padding: 0.25rem 0.8rem; background: #d9d6ce; color: #4b5563; }
#dark .pv-label { background: #2a303b; color: #9ca3af; }
.pv-face > .card { height: 100%; }
@media (max-width: 700px) { .pv-pair { grid-template-columns: 1fr; } .pv-cards, .pv-head { padding-left: 0.5rem; padding-right: 0.5rem; } }
"""

_TYPE_IN = '<input id="typeans" type="text" placeholder="输入答案" disabled>'


#: A packed picture on a card: ``<img src="shizheng-<hash>.png"``.
_MEDIA_SRC = re.compile(r'<img src="(shizheng-[0-9a-f]{32}(\.[a-z]+))"')


def _media_css(page: str, media: Mapping[str, bytes]) -> str:
    """One style rule per picture the page shows, holding it as a ``data:`` URI."""
    rules = []
    for name, suffix in dict.fromkeys(_MEDIA_SRC.findall(page)):
        if name in media and suffix in MIME_TYPES:
            data = base64.b64encode(media[name]).decode("ascii")
            rules.append(
                f'img.pv-{name.replace(".", "-")} {{ content: url("data:{MIME_TYPES[suffix]};base64,{data}"); }}'
            )
    return "\n".join(rules)


def _media_classes(page: str) -> str:
    """Each ``<img src="name">`` as ``<img class="pv-name">``: the page loads no file."""
    return _MEDIA_SRC.sub(lambda m: f'<img class="pv-{m.group(1).replace(".", "-")}"', page)


def _type_box(card_html: str, note: Note, answer: bool, ordinal: int = 1) -> str:
    """What the reviewer puts where Anki leaves ``[[type:cloze:Text]]``: an input box, or the answer."""
    if "[[type:" not in card_html:
        return card_html
    if not answer:
        return card_html.replace("[[type:cloze:Text]]", _TYPE_IN)
    return card_html.replace("[[type:cloze:Text]]", f'<div id="typeans">应输入：{hidden_phrase(note, ordinal)}</div>')


def _groups(notes: Iterable[Note]) -> dict[str, dict[str, list[Note]]]:
    """Notes by document (deck) and event (as HTML), in source order: an ordinal card, whose Event field
    hides the ordinal, stays with its event."""
    groups: dict[str, dict[str, list[Note]]] = {}
    for note in notes:
        event = escape(note.event) if note.event else note.field("Event")
        groups.setdefault(note.deck, {}).setdefault(event, []).append(note)
    return groups


def _counts(notes: list[Note]) -> str:
    """How many cards, by kind."""
    kinds: Counter[str] = Counter()
    for note in notes:
        kinds[note.kind] += len(note.card_ordinals)
    total = sum(kinds.values())
    parts = [f"{kind_label(kind)} {kinds[kind]}" for kind in KINDS if kinds[kind]]
    return f"{total} 张（{' · '.join(parts)}）" if parts else f"{total} 张"


#: Where a card's classes say night mode: the page is rendered once and written twice, the dark copy
#: with Anki's night classes there. A control character, which no card holds (markup.escape drops them).
_NIGHT = "\x00night\x00"


def _pair(note: Note, ordinal: int = 1) -> str:
    card = render_card(note, ordinal)
    classes = f"card card{ordinal}{_NIGHT}"
    faces = []
    for label, side, answer in (("正面", card.question, False), ("背面", card.answer, True)):
        faces.append(
            f'<div class="pv-face"><div class="pv-label">{label} · {html.escape(note.note_type.name)}</div>'
            f'<div class="{classes}">{_type_box(side, note, answer, ordinal)}</div></div>'
        )
    return f'<article class="pv-pair" data-kind="{note.kind}">{"".join(faces)}</article>'


def _cards(notes: list[Note]) -> str:
    parts = []
    for events in _groups(notes).values():
        document_notes = [note for event_notes in events.values() for note in event_notes]
        source = document_notes[0].field("Source")
        parts.append(
            f'<section class="pv-document"><h2>{source} <span class="pv-count">{_counts(document_notes)}</span></h2>'
        )
        for event, event_notes in events.items():
            parts.append(
                f'<section class="pv-event"><h3>{event} <span class="pv-count">{_counts(event_notes)}</span></h3>'
            )
            parts.extend(_pair(note, ordinal) for note in event_notes for ordinal in note.card_ordinals)
            parts.append("</section>")
        parts.append("</section>")
    return "\n".join(parts)


def preview_html(notes: Iterable[Note], title: str = "卡片预览", media: Mapping[str, bytes] | None = None) -> str:
    """The whole page as a string; ``media`` holds the pictures the cards show (name → bytes)."""
    notes = list(notes)
    documents = _groups(notes)
    events = sum(len(events) for events in documents.values())
    card_css = "\n".join(dict.fromkeys(note_type.css for note_type in NOTE_TYPES))
    cards = _cards(notes)
    dark, light = cards.replace(_NIGHT, " nightMode night_mode"), cards.replace(_NIGHT, "")
    if media:
        card_css += "\n" + _media_css(light, media)
        dark, light = _media_classes(dark), _media_classes(light)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {sum(len(note.card_ordinals) for note in notes)} 张卡片</title>
<style>
{_PAGE_CSS}
{card_css}
</style>
</head>
<body>
<a id="night"></a>
<header class="pv-head">
<h1>{html.escape(title)}</h1>
<p>{len(documents)} 份笔记 · {events} 个事件 · {_counts(notes)}</p>
<p>每张卡片左为正面、右为背面，与 Anki 显示相同 · Each card: front, then back, as Anki shows it ·
<a href="#night">夜间模式 Night</a><a href="#">日间模式 Day</a></p>
</header>
<main id="dark" class="pv-cards">
{dark}
</main>
<main id="light" class="pv-cards">
{light}
</main>
</body>
</html>
"""


def write_preview(
    notes: Iterable[Note],
    path: str | os.PathLike[str],
    title: str = "卡片预览",
    media: Mapping[str, bytes] | None = None,
) -> Path:
    """Write :func:`preview_html` to ``path`` (UTF-8), replacing it only once complete."""
    return write_atomically(Path(path), preview_html(notes, title, media).encode("utf-8"))
