"""Shared test helpers, above all the real-Anki round trip: import a deck into a fresh collection
with Anki's own backend (the ``anki`` package) and read back what a learner gets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shizheng_anki.views.render import html_to_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-12-shizheng.md"
TESTS = ROOT / "tests"
#: Real notes, copied byte for byte (see SOURCES.txt there).
CORPUS = TESTS / "corpus"
#: An Obsidian vault with an attachment folder and a Typora-style ``assets/`` folder (tests/vaults/make_pictures.py).
VAULT = TESTS / "vaults" / "时政笔记库"


def picture(colour: str = "#1d4ed8", size: tuple[int, int] = (24, 16), kind: str = "PNG") -> bytes:
    """A small real picture (PNG, JPEG, GIF or WEBP), made with Pillow."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()


def plain(card_html: str) -> str:
    """Card HTML as a person reads it, a line per block (the package's own rule: views.render)."""
    return html_to_text(card_html, lines=True)


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


LOG_KINDS = (
    "new",
    "updated",
    "duplicate",
    "conflicting",
    "first_field_match",
    "missing_notetype",
    "missing_deck",
    "empty_first_field",
)


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
                cards.append(
                    AnkiCard(
                        col.decks.name(card.did), card.ord, plain(question), plain(answer), question, answer, card.reps
                    )
                )
            notes.append(
                AnkiNote(
                    note.guid,
                    note.note_type()["name"],
                    dict(zip(col.models.field_names(note.note_type()), note.fields)),
                    list(note.tags),
                    cards,
                )
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


def _study(col, deck: str) -> None:  # type: ignore[no-untyped-def]
    """Study ``deck`` and its subdecks, with no daily limit."""
    for config in col.decks.all_config():
        config["new"]["perDay"] = config["rev"]["perDay"] = 9999
        col.decks.update_config(config)
    col.decks.select(col.decks.id_for_name(deck))


def review_all(collection: Path, deck: str = "时政") -> int:
    """Answer every due card of ``deck`` (new ones included) "Good" until none is due, as a learner would;
    returns the number of answers."""
    from anki.collection import Collection

    col = Collection(str(collection))
    try:
        _study(col, deck)
        answered = 0
        while (queued := col.sched.get_queued_cards(fetch_limit=1).cards) and answered < 10000:
            card = col.get_card(queued[0].card.id)
            card.start_timer()
            col.sched.answerCard(card, 3)
            answered += 1
        return answered
    finally:
        col.close()


@dataclass(frozen=True)
class CardState:
    """What a learner's review history of one card is: scheduling and review-log entries."""

    card_id: int
    type: int
    queue: int
    due: int
    ivl: int
    reps: int
    reviews: int  # rows in the review log


def card_states(collection: Path) -> dict[str, CardState]:
    """GUID → the state of the note's (only) card."""
    from anki.collection import Collection

    col = Collection(str(collection))
    try:
        rows = col.db.all(
            "SELECT n.guid, c.id, c.type, c.queue, c.due, c.ivl, c.reps, (SELECT COUNT(*) FROM revlog r WHERE r.cid = c.id)"
            " FROM cards c JOIN notes n ON n.id = c.nid"
        )
        return {guid: CardState(*values) for guid, *values in rows}
    finally:
        col.close()


def new_card_order(collection: Path, deck: str = "时政") -> list[str]:
    """The GUIDs of the new cards of ``deck``, in the order Anki's scheduler will show them."""
    from anki.collection import Collection
    from anki.scheduler_pb2 import QueuedCards

    col = Collection(str(collection))
    try:
        _study(col, deck)
        queued = col.sched.get_queued_cards(fetch_limit=1000).cards
        return [col.get_card(q.card.id).note().guid for q in queued if q.queue == QueuedCards.NEW]
    finally:
        col.close()


@pytest.fixture(autouse=True)
def _own_parse_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI keeps a parse cache in the user's cache folder: in tests, a fresh one per test (so that
    no test reads what another parsed), never the real one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


# -- hostile input: the command in a process of its own, and what a card may hold -----------------


@dataclass
class Ran:
    """What a run of the command did: its exit status and what it printed (decoded as the terminal would)."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_command(
    *args: str | bytes | Path, env: dict[str, str] | None = None, timeout: float = 30, cwd: Path | None = None
) -> Ran:
    """``shizheng-anki ARGS`` in a process of its own, as a user runs it: needed where a real FIFO, a
    device or a signal is involved, and a time limit (a hang fails the test, it does not stop the run).
    Arguments may be bytes (a file name that is not UTF-8)."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "shizheng_anki", *(os.fsencode(a) if isinstance(a, Path) else a for a in args)],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    return Ran(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def one_line_error(ran: Ran, *named: str) -> str:
    """The run failed as every bad input must: status 1, one line ``Error: …`` naming each of ``named``,
    no traceback. Returns the line."""
    lines = ran.stderr.strip().splitlines()
    assert ran.code == 1, ran.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), ran.output
    assert "Traceback" not in ran.output
    for name in named:
        assert name in lines[0], (name, lines[0])
    return lines[0]


#: Tags and attributes a rendered card may hold (ours, Anki's cloze span): nothing that runs or loads.
#: Tags a rendered card may hold (the type-in box is Anki's own <input>): nothing that runs or loads.
INERT_TAGS = {"div", "span", "br", "ul", "ol", "li", "hr", "input"}
#: Attributes a rendered card may hold: no event handler, no URL of any kind.
INERT_ATTRIBUTES = {"class", "id", "data-cloze", "data-ordinal", "type"}


class _Markup(HTMLParser):
    """Collects every tag and attribute of a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


class _TextRuns(HTMLParser):
    """The runs of text in which MathJax looks for its delimiters: entities decoded, text joined across
    ``<br>`` (as a line break), ``<wbr>`` and comments, every other tag ending a run; no style block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs = [""]
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.runs[-1] += data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        if tag == "br":
            self.runs[-1] += "\n"
        elif tag != "wbr":
            self.runs.append("")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if tag not in ("br", "wbr"):
            self.runs.append("")


def live_tex(card_html: str) -> list[str]:
    """The runs of a card's text that start MathJax math in Anki's reviewer (``\\(`` or ``\\[``)."""
    runs = _TextRuns()
    runs.feed(card_html)
    runs.close()
    return [run for run in runs.runs if "\\(" in run or "\\[" in run]


def assert_inert(card_html: str) -> None:
    """A rendered card side runs nothing: after its style blocks, no tag or attribute off the list (no
    script, no event handler, no link or image), no ``javascript:``, no sound (``[sound:…]`` becomes
    ``[anki:play…]`` when Anki renders), no text that MathJax would typeset."""
    body = re.sub(r"(?is)<style>.*?</style>", "", card_html)
    markup = _Markup()
    markup.feed(body)
    markup.close()
    for tag, attrs in markup.tags:
        assert tag in INERT_TAGS, f"<{tag}> in a card: {card_html[-500:]}"
        for name, value in attrs:
            assert name in INERT_ATTRIBUTES, f"{name}= on <{tag}> in a card"
            assert name == "data-cloze" or "javascript:" not in (value or "").lower()
    assert "[sound:" not in body and "[anki:" not in body, body[-500:]
    assert live_tex(card_html) == [], card_html


@pytest.fixture
def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files a build really parses (the rest come from the parse cache)."""
    import shizheng_anki.build

    parsed: list[str] = []
    parse = shizheng_anki.build.extract_parsed

    def counting(markdown: str, path: str = "<text>", **options):  # type: ignore[no-untyped-def]
        parsed.append(Path(path).name)
        return parse(markdown, path, **options)

    monkeypatch.setattr(shizheng_anki.build, "extract_parsed", counting)
    return parsed
