"""Our two note types, as constants with fixed ids (genanki's convention).

A change to a note type's fields must come with a new id and a new name: Anki treats a note type
whose fields changed as conflicting and never updates its notes again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CardTemplate:
    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """An Anki note type: fields, card templates and styling."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[CardTemplate, ...]
    css: str
    is_cloze: bool = False


CSS = """\
.card {
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 20px;
  line-height: 1.75;
  text-align: left;
  color: #1f2328;
  background: #fdfdfb;
  max-width: 40em;
  margin: 0 auto;
  padding: 0.5em 1em;
}
.cue { font-size: 0.75em; color: #6b7280; margin-bottom: 0.6em; }
.cue .event { font-weight: 600; color: #374151; }
.stem { color: #374151; }
.ask { margin-top: 0.4em; font-weight: 600; }
.cloze { font-weight: 700; color: #1d4ed8; }
.answer { margin-top: 0.4em; font-weight: 600; color: #1d4ed8; }
.context { margin-top: 0.8em; font-size: 0.85em; color: #4b5563; }
.context .current { color: #1d4ed8; font-weight: 600; }
.context ol { padding-left: 1.5em; margin: 0; }
.source { margin-top: 0.8em; font-size: 0.7em; color: #9ca3af; }
.nightMode .card, .card.nightMode { color: #e5e7eb; background: #1f2937; }
.nightMode .cue, .nightMode .context { color: #9ca3af; }
.nightMode .cue .event, .nightMode .stem { color: #d1d5db; }
.nightMode .cloze, .nightMode .answer, .nightMode .context .current { color: #93c5fd; }
@media (max-width: 480px) { .card { font-size: 18px; padding: 0.25em 0.5em; } }
"""

_CUE = '<div class="cue"><span class="event">{{Event}}</span> · {{Source}}</div>\n'
_BACK_EXTRA = '\n{{#Context}}<div class="context">{{Context}}</div>{{/Context}}\n<div class="source">{{Source}} · {{Event}}</div>'

CLOZE = NoteType(
    id=1733091201,
    name="shizheng-anki 时政填空",
    fields=("Text", "Event", "Context", "Source"),
    templates=(
        CardTemplate(
            "填空",
            _CUE + '<div class="text">{{cloze:Text}}</div>',
            _CUE + '<div class="text">{{cloze:Text}}</div>' + _BACK_EXTRA,
        ),
    ),
    css=CSS,
    is_cloze=True,
)

QUESTION = NoteType(
    id=1733091202,
    name="shizheng-anki 时政问答",
    fields=("Question", "Answer", "Event", "Context", "Source"),
    templates=(
        CardTemplate(
            "问答",
            _CUE + '<div class="question">{{Question}}</div>',
            _CUE + '<div class="question">{{Question}}</div>\n<hr id="answer">\n'
            '<div class="answer">{{Answer}}</div>' + _BACK_EXTRA,
        ),
    ),
    css=CSS,
)

NOTE_TYPES = (CLOZE, QUESTION)
