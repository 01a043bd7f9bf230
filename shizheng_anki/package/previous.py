"""Last week's deck: what the previous ``.apkg`` held, and how this build's notes compare with it.

Anki updates a note on import only when the incoming modification time is newer than its own, so a
note's time must move forward exactly when its content changed. We keep no state of our own: the
previous output deck *is* the record of what the learner imported (stdlib ``zipfile`` + ``sqlite3``
read it), so there is no manifest to lose or to fall out of step with the deck.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..cards import DEFAULT_DECK, NOTE_TYPES, ROOT_TAG, Note, NoteType
from ..cards.markup import escape, strip_control
from ..cards.pictures import is_picture_markup

#: The tag given to notes that are no longer in the notes: search ``tag:时政-已移除`` in Anki's browser.
REMOVED_TAG = f"{ROOT_TAG}-已移除"


def live_notes(notes: Iterable[Note]) -> tuple[Note, ...]:
    """``notes`` without :data:`REMOVED_TAG`: a note of this build is not removed, whatever its tags say
    (a heading ``## 时政-已移除`` tags its notes so; the learner deletes what carries that tag). The tag
    is dropped; the note keeps every other."""
    return tuple(
        replace(note, tags=tuple(tag for tag in note.tags if tag != REMOVED_TAG)) if REMOVED_TAG in note.tags else note
        for note in notes
    )


#: The times a build may stamp (``SOURCE_DATE_EPOCH``), in seconds since 1970: from 1980-01-01 to
#: 2107-12-31 23:59:59 UTC, the first and last times a zip entry can hold (a zip time is a date from 1980
#: with a 7-bit year). Anki stores and shows notes stamped with either end (tested); 0 gives note id 0,
#: which Anki imports but cannot show.
TIMESTAMPS = (315_532_800, 4_354_819_199)


#: How long a removed note stays in the deck with :data:`REMOVED_TAG`: rebuilds within the same week
#: (before the learner imported) keep the tag; next week's build drops the note. Not longer: a note
#: the learner already deleted would come back as a new card (Anki's default import resets scheduling,
#: so even a suspended card arrives unsuspended).
REMOVED_KEPT_FOR = 6 * 24 * 3600


@dataclass(frozen=True, slots=True)
class PreviousNote:
    """A note as the previous deck held it."""

    guid: str
    note_type_id: int
    #: Full deck name of its card.
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    #: Modification time, seconds since the epoch.
    mod: int


@dataclass(frozen=True, slots=True)
class PreviousDeck:
    """What the previous ``.apkg`` held: its notes by GUID, and each note type's time and content."""

    path: str
    notes: Mapping[str, PreviousNote]
    #: Note type id → (modification time, :func:`note_type_digest` of what Anki shows).
    note_types: Mapping[int, tuple[int, str]]


def note_type_digest(
    name: str, fields: Iterable[str], templates: Iterable[tuple[str, str, str]], css: str, is_cloze: bool
) -> str:
    """What a learner sees of a note type, as one comparable string."""
    return json.dumps([name, list(fields), [list(t) for t in templates], css, is_cloze], ensure_ascii=False)


def digest_of(note_type: NoteType) -> str:
    templates = [(t.name, t.front, t.back) for t in note_type.templates]
    return note_type_digest(note_type.name, note_type.fields, templates, note_type.css, note_type.is_cloze)


@dataclass(frozen=True, slots=True)
class Changes:
    """How this build's notes compare with the previous deck, and the modification times that follow.

    A note's time moves forward only when its fields, tags or note type changed; an unchanged note
    keeps the previous deck's time, so Anki leaves it (and any edit the learner made to it) alone.
    """

    #: The previous deck compared with, or None when there was none (then every note is new).
    previous: str | None
    new: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    #: Notes of the previous deck that the notes no longer hold (Anki keeps them; an .apkg cannot delete),
    #: not counting those an earlier build already reported.
    removed: tuple[PreviousNote, ...]
    #: Removed notes written again with :data:`REMOVED_TAG` so the learner can find them: these and those
    #: an earlier build tagged less than :data:`REMOVED_KEPT_FOR` ago.
    tagged_removed: tuple[Note, ...]
    #: GUID → modification time to write.
    note_mods: Mapping[str, int] = field(default_factory=dict)
    #: Note type id → modification time to write.
    note_type_mods: Mapping[int, int] = field(default_factory=dict)
    #: Why there is nothing to compare with, when there is not (said to the user).
    notice: str | None = None

    def summary(self, *, written: bool = True) -> str:
        """One or two lines for the user; ``written=False`` when the deck is not written (a dry run)."""
        if self.previous is None:
            return self.notice or ""
        line = (
            f"compared with {self.previous}: {len(self.new)} new, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} no longer in the notes"
        )
        earlier = len(self.tagged_removed) - len(self.removed)
        if earlier > 0:
            line += f" ({earlier} removed earlier still tagged {REMOVED_TAG})"
        if self.removed and written:
            line += (
                f"\nAn .apkg cannot delete notes: the {len(self.removed)} no longer in the notes stay in Anki,"
                f" tagged {REMOVED_TAG}; search tag:{REMOVED_TAG} in Anki's browser and delete them"
            )
        elif self.removed:
            line += (
                f"\nNo deck written: a build that writes it tags the {len(self.removed)} no longer in the notes"
                f" {REMOVED_TAG}, for you to find in Anki's browser and delete"
            )
        return line

    def to_json(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "new": list(self.new),
            "changed": list(self.changed),
            "unchanged": len(self.unchanged),
            "removed": [
                {"guid": n.guid, "deck": n.deck, "fields": list(n.fields), "tags": list(n.tags)} for n in self.removed
            ],
            "removed_tag": REMOVED_TAG,
            "tagged_removed": [n.guid for n in self.tagged_removed],
            "notice": self.notice,
        }


#: The markup this tool writes into fields (cards/notes.py, cards/exam.py), tag by tag, exactly.
OWN_TAGS = frozenset(
    {
        "<br>",
        '<span class="current">',
        "</span>",
        '<div class="stem">',
        '<div class="ask">',
        "<div>",
        "</div>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        '<li class="current">',
        '<li class="more">',
        "</li>",
    }
)
#: The character references :func:`~shizheng_anki.cards.markup.escape` writes (``&lt;``, ``&#91;`` …).
OWN_ENTITIES = frozenset(
    reference
    for char in [chr(code) for code in range(32, 127)] + ["::"]
    for reference in re.findall(r"&#?\w+;", escape(char))
)
#: Backslashes in a span of their own, as :func:`escape` writes them: no MathJax delimiter crosses it.
_OWN_BACKSLASHES = re.compile(r"<span>\\+</span>")
_MARKUP = re.compile(rf"{_OWN_BACKSLASHES.pattern}|<[^<>]*>|&#?\w+;|\{{\{{c[1-9][0-9]{{0,3}}::|::|\}}\}}")


def own_markup_only(field_html: str) -> str:
    """A field of a previous deck, with everything this tool would not have written escaped as text.

    A removed note is written again (tagged) from what last week's deck held, and that deck may come
    from anywhere (``--previous``). Its tags as :data:`OWN_TAGS` lists them, the references ``escape``
    writes and cloze markup (``{{c1::…::hint}}``) are kept; anything else — ``<script>``, an event
    handler, ``[sound:…]``, a stray ``{{`` — is escaped as the learner's text is (:func:`escape`), so the
    card shows it and does nothing. A field this tool wrote comes back unchanged (tested)."""
    parts: list[str] = []
    position = 0
    in_cloze = hint = False
    for match in _MARKUP.finditer(field_html):
        parts.append(escape(field_html[position : match.start()]))
        token = match.group()
        if token in OWN_TAGS or token in OWN_ENTITIES or is_picture_markup(token) or _OWN_BACKSLASHES.fullmatch(token):
            parts.append(token)
        elif token.startswith("{{c") and not in_cloze:
            parts.append(token)
            in_cloze, hint = True, False
        elif token == "::" and in_cloze and not hint:
            parts.append(token)
            hint = True
        elif token == "}}" and in_cloze:
            parts.append(token)
            in_cloze = False
        else:
            parts.append(escape(token))
        position = match.end()
    parts.append(escape(field_html[position:]))
    return escape(field_html) if in_cloze else "".join(parts)  # an unclosed deletion is not ours: all text


def _written_again(note_type: NoteType, before: PreviousNote, tags: tuple[str, ...]) -> Note:
    """A note of the previous deck as it is written again: its fields keep only our own markup, its
    tags and deck are stripped of control characters (a tag or deck name is not HTML)."""
    fields = tuple(own_markup_only(value) for value in before.fields)
    kept = tuple(tag for tag in (strip_control(tag) for tag in tags) if tag)
    return Note(before.guid, note_type, strip_control(before.deck) or DEFAULT_DECK, fields, kept)


def _content(note: Note) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    return note.note_type.id, note.fields, note.tags


def compare(notes: Iterable[Note], previous: PreviousDeck | None, now: int, *, notice: str | None = None) -> Changes:
    """Sort ``notes`` into new, changed and unchanged against ``previous`` and give each its time.

    Changed notes and note types get ``now``, and never less than one second past their previous
    time (Anki updates only on a strictly newer time). Without a previous deck every note gets
    ``now``: Anki keeps review history, but overwrites in-Anki edits of the notes it updates.
    """
    notes = tuple(notes)
    types = {t.id: t for t in NOTE_TYPES} | {note.note_type.id: note.note_type for note in notes}
    if previous is None:
        return Changes(
            None,
            tuple(n.guid for n in notes),
            (),
            (),
            (),
            (),
            {n.guid: now for n in notes},
            {i: now for i in types},
            notice,
        )
    new: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    mods: dict[str, int] = {}
    for note in notes:
        before = previous.notes.get(note.guid)
        if before is None:
            new.append(note.guid)
            mods[note.guid] = now
        elif (before.note_type_id, before.fields, before.tags) == _content(note):
            unchanged.append(note.guid)
            mods[note.guid] = before.mod
        else:
            changed.append(note.guid)
            mods[note.guid] = max(now, before.mod + 1)
    current = set(mods)
    removed: list[PreviousNote] = []
    tagged: list[Note] = []
    for guid, before in previous.notes.items():
        if guid in current:
            continue
        note_type = types.get(before.note_type_id)
        if note_type is None or len(note_type.fields) != len(before.fields):
            if REMOVED_TAG not in before.tags:
                removed.append(before)  # reported, but its note type is gone: it cannot be written again
            continue
        if REMOVED_TAG in before.tags:
            # tagged by an earlier build: its time is when it was tagged; keep it for a while, unchanged
            if now - before.mod < REMOVED_KEPT_FOR:
                tagged.append(_written_again(note_type, before, before.tags))
                mods[guid] = before.mod
            continue
        removed.append(before)
        tagged.append(_written_again(note_type, before, before.tags + (REMOVED_TAG,)))
        mods[guid] = max(now, before.mod + 1)
    type_mods: dict[int, int] = {}
    for type_id, note_type in types.items():
        mod, digest = previous.note_types.get(type_id, (None, None))
        type_mods[type_id] = mod if mod is not None and digest == digest_of(note_type) else max(now, (mod or 0) + 1)
    return Changes(
        previous.path, tuple(new), tuple(changed), tuple(unchanged), tuple(removed), tuple(tagged), mods, type_mods
    )
