"""Shared test helpers, above all the real-Anki round trip: import a deck into a fresh collection
with Anki's own backend (the ``anki`` package) and read back what a learner gets."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-12-shizheng.md"


def plain(card_html: str) -> str:
    """Card HTML as a person reads it: no style blocks, no tags, entities decoded."""
    text = re.sub(r"(?is)<(style|script)\b.*?</\1>", "", card_html)
    text = re.sub(r"(?i)<br\s*/?>|</div>|</p>|</li>|<hr[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n\s*\n+", "\n", html.unescape(text)).strip()


@dataclass
class AnkiCard:
    deck: str
    ord: int
    question: str  # as rendered by Anki, in plain text
    answer: str
    question_html: str
    answer_html: str
    reps: int


@dataclass
class AnkiNote:
    guid: str
    notetype: str
    fields: dict[str, str]
    tags: list[str]
    cards: list[AnkiCard]


@dataclass
class Imported:
    log: dict[str, int]
    notes: list[AnkiNote]

    @property
    def cards(self) -> list[AnkiCard]:
        return [card for note in self.notes for card in note.cards]


LOG_KINDS = ("new", "updated", "duplicate", "conflicting", "first_field_match", "missing_notetype", "missing_deck", "empty_first_field")


def anki_import(apkg: Path, collection: Path) -> Imported:
    """Import ``apkg`` with Anki's default options into ``collection`` (created when missing)."""
    from anki.collection import Collection, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageOptions

    col = Collection(str(collection))
    try:
        result = col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg.resolve()), options=ImportAnkiPackageOptions())
        )
        col.models._clear_cache()
        log = {kind: len(getattr(result.log, kind)) for kind in LOG_KINDS}
        notes = []
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            cards = []
            for card in note.cards():
                question, answer = card.question(), card.answer()
                cards.append(AnkiCard(col.decks.name(card.did), card.ord, plain(question), plain(answer), question, answer, card.reps))
            notes.append(
                AnkiNote(note.guid, note.note_type()["name"], dict(zip(col.models.field_names(note.note_type()), note.fields)), list(note.tags), cards)
            )
        return Imported(log, notes)
    finally:
        col.close()


@pytest.fixture
def import_deck(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``import_deck(apkg)`` → what a fresh Anki collection holds after importing it."""

    def run(apkg: Path, collection: Path | None = None) -> Imported:
        return anki_import(apkg, collection or tmp_path / "collection.anki2")

    return run
