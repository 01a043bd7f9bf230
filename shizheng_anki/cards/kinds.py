"""The kinds of note, in one place: what each is called where a learner sees it (the preview, the
dry-run table) and the tag that lets the learner study or suspend one kind at a time."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoteKind:
    #: The name in :attr:`Note.kind` (``key_phrase``).
    name: str
    #: What the learner reads (``填空``).
    label: str
    #: The tag every note of this kind gets, or None (the phrase and list notes carry none).
    tag: str | None = None


#: Every kind, in the order a preview counts them.
KINDS: dict[str, NoteKind] = {
    kind.name: kind
    for kind in (
        NoteKind("key_phrase", "填空"),
        NoteKind("set", "成组填空"),
        NoteKind("whole_set", "整组"),
        NoteKind("next", "顺序"),
        NoteKind("label", "标签"),
        NoteKind("pieces", "分句填空"),
        NoteKind("parallel", "并列", "并列"),
        NoteKind("ordinal", "序数", "序数"),
        NoteKind("date", "日期", "日期"),
        NoteKind("number", "数字", "数字"),
        NoteKind("term", "术语", "术语"),
        NoteKind("source", "出处", "出处"),
    )
}


def kind_label(name: str) -> str:
    """``填空`` for ``key_phrase``; an unknown kind is shown by its name."""
    kind = KINDS.get(name)
    return kind.label if kind else name


def kind_tag(name: str) -> str:
    """The tag of a kind that has one (``并列``)."""
    tag = KINDS[name].tag
    if tag is None:
        raise KeyError(f"note kind {name!r} has no tag")
    return tag
