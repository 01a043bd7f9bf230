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


# Night mode: Anki puts ``nightMode`` on the card's body (the manual's ``.card.nightMode``); ``night_mode`` is
# the older class some clients still set.
CSS = """\
.card {
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 20px;
  line-height: 1.8;
  letter-spacing: 0.02em;
  text-align: left;
  color: #1f2328;
  background: #fbfaf7;
}
.sheet { max-width: 32em; margin: 0 auto; padding: 0.6em 1em 1.2em; }
.cue { font-size: 0.7em; line-height: 1.5; color: #6b7280; padding-bottom: 0.5em; margin-bottom: 0.9em;
  border-bottom: 1px solid #e5e2da; }
.cue .event { font-weight: 600; color: #374151; }
.cue .month { white-space: nowrap; }
.text, .question { font-size: 1.05em; }
.stem { color: #374151; }
.ask { margin-top: 0.5em; font-weight: 600; }
.cloze { font-weight: 700; color: #1d4ed8; }
.back .cloze { background: #fff3bf; color: #1f2328; border-radius: 0.2em; padding: 0 0.15em; }
hr#answer { border: 0; border-top: 1px dashed #d6d3cb; margin: 1em 0; }
.answer { font-weight: 700; color: #1d4ed8; }
.label { font-size: 0.7em; color: #9ca3af; margin-bottom: 0.2em; letter-spacing: 0.1em; }
.context { margin-top: 1.1em; font-size: 0.85em; color: #4b5563; }
.context .current { color: #1f2328; background: #fff3bf; border-radius: 0.2em; }
.context ul { list-style: none; padding: 0; margin: 0; }
.context li { margin: 0.25em 0; }
.context li.more { color: #9ca3af; }
.source { margin-top: 1.1em; font-size: 0.7em; color: #9ca3af; }
#typeans { font-family: inherit; font-size: 1em; width: 100%; box-sizing: border-box; margin-top: 0.8em; padding: 0.3em 0.5em; }
.nightMode.card, .night_mode.card, .nightMode .card { color: #e5e7eb; background: #1b1f27; }
.nightMode .cue, .night_mode .cue { color: #9ca3af; border-bottom-color: #374151; }
.nightMode .cue .event, .nightMode .stem, .night_mode .cue .event, .night_mode .stem { color: #d1d5db; }
.nightMode .context, .night_mode .context { color: #a8b0bd; }
.nightMode .cloze, .nightMode .answer, .night_mode .cloze, .night_mode .answer { color: #93c5fd; }
.nightMode .back .cloze, .nightMode .context .current, .night_mode .back .cloze, .night_mode .context .current {
  color: #fef3c7; background: #4a3f17; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #374151; }
@media (max-width: 480px) {
  .card { font-size: 18px; line-height: 1.75; }
  .sheet { padding: 0.4em 0.6em 1em; }
}
"""

# The cue: the event is what the learner recalls from, the source and month place it in time.
_CUE = '<div class="cue"><span class="event">{{Event}}</span> · <span class="month">{{Source}}</span></div>\n'
_CONTEXT = '\n{{#Context}}<div class="context"><div class="label">{{ContextLabel}}</div>{{Context}}</div>{{/Context}}'
_SOURCE = '\n<div class="source">出处：{{Source}} · {{Event}}</div>'


def _sheet(side: str, body: str) -> str:
    return f'<div class="sheet {side}">\n{body}\n</div>'


def _cloze_templates(name: str, typing: str = "") -> tuple[CardTemplate, ...]:
    text = '<div class="text">{{cloze:Text}}</div>'
    return (
        CardTemplate(
            name,
            _sheet("front", _CUE + text + typing),
            _sheet("back", _CUE + text + typing + _CONTEXT.replace("{{ContextLabel}}", "原文段落") + _SOURCE),
        ),
    )


CLOZE = NoteType(
    id=1733091201,
    name="shizheng-anki 时政填空",
    fields=("Text", "Event", "Context", "Source"),
    templates=_cloze_templates("填空"),
    css=CSS,
    is_cloze=True,
)

#: The type-in variant (``--type-answer``): the learner types the phrase and Anki compares.
CLOZE_TYPED = NoteType(
    id=1733091203,
    name="shizheng-anki 时政填空（输入）",
    fields=CLOZE.fields,
    templates=_cloze_templates("填空（输入）", "\n{{type:cloze:Text}}"),
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
            _sheet("front", _CUE + '<div class="question">{{Question}}</div>'),
            _sheet(
                "back",
                _CUE + '<div class="question">{{Question}}</div>\n<hr id="answer">\n'
                '<div class="answer">{{Answer}}</div>' + _CONTEXT.replace("{{ContextLabel}}", "原文") + _SOURCE,
            ),
        ),
    ),
    css=CSS,
)

NOTE_TYPES = (CLOZE, QUESTION, CLOZE_TYPED)
