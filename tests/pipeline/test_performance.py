"""Speed that a learner notices: a build grows linearly with the notes, and ``--help`` does not wait for
the parser. Cheap guards against quadratic stages; ``benchmarks/bench.py`` measures the real figures."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, EXAMPLE

from shizheng_anki import build_deck
from shizheng_anki.package.apkg import package_bytes

HEAVY = ("mistune", "yaml", "genanki", "sqlite3", "shizheng_anki.build", "shizheng_anki.parse")


def word(n: int) -> str:
    """Four CJK characters that differ from one n to the next, as real phrases do."""
    return "".join(chr(0x4E00 + ((n * 2654435761 + s * 40503) >> 7) % 20000) for s in range(4))


def month(index: int, events: int) -> str:
    """One month of notes: every event with its own heading, marked phrase and three-item list."""
    parts = [f"# 2024年{index % 12 + 1}月时政（{word(index)}）\n"]
    for event in range(events):
        k = (index * 1000 + event) * 10
        parts.append(
            f"## {word(k)}会议\n\n会议强调，要**{word(k + 1)}{word(k + 2)}**，推动{word(k + 3)}高质量发展。"
            f"一是{word(k + 4)}，二是{word(k + 5)}，三是{word(k + 6)}。\n"
        )
    return "\n".join(parts)


def cpu_seconds(work: Callable[[], object]) -> float:
    """CPU time of ``work`` (less disturbed by other processes than the clock), best of two."""
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def rebuild(texts: list[str], folder: Path) -> None:
    """What a weekly rebuild does: build, write, then build again over last week's deck."""
    result = build_deck(texts, source_cards=True)
    deck = folder / "deck.apkg"
    deck.write_bytes(package_bytes(result.notes, 1_700_000_000))
    package_bytes(result.notes, 1_700_600_000, result.compare(deck, required=True))


def test_four_times_the_documents_take_about_four_times_as_long(tmp_path: Path) -> None:
    # 10 and 40 documents of 20 events: 1,200 and 4,800 notes in as many subdecks' worth of work.
    # Linear work gives about 4×; a stage quadratic in documents, events, phrases or notes gives ~16×.
    small = [month(index, 20) for index in range(10)]
    large = [month(index, 20) for index in range(40)]
    assert len(build_deck(large).notes) == 4 * len(build_deck(small).notes)
    ratio = cpu_seconds(lambda: rebuild(large, tmp_path)) / cpu_seconds(lambda: rebuild(small, tmp_path))
    assert ratio < 7, f"4× the documents took {ratio:.1f}× as long"


def test_four_times_the_events_of_one_document_take_about_four_times_as_long(tmp_path: Path) -> None:
    # a 考研 book is one big file: per-document work must be linear in its events too
    small, large = [month(0, 200)], [month(0, 800)]
    ratio = cpu_seconds(lambda: rebuild(large, tmp_path)) / cpu_seconds(lambda: rebuild(small, tmp_path))
    assert ratio < 7, f"4× the events took {ratio:.1f}× as long"


def imported_by(*args: str) -> list[str]:
    code = (
        "import sys\nfrom shizheng_anki.cli import main\n"
        f"try:\n    main({list(args)!r}, prog_name='shizheng-anki')\nexcept SystemExit:\n    pass\n"
        f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stderr.splitlines()[-1].split()[1:]


def test_help_and_version_do_not_load_the_pipeline() -> None:
    assert imported_by("--help") == []
    assert imported_by("--version") == []
    assert imported_by("--marks", "nonsense", "notes.md") == []  # a usage error is told at once, too


def test_the_package_still_names_its_api() -> None:
    import shizheng_anki

    assert shizheng_anki.build_deck is build_deck
    assert {"build_deck", "BuildResult", "extract_facts", "parse_markdown", "MARKS"} <= set(dir(shizheng_anki))
    done = subprocess.run(
        [sys.executable, "-c", "import shizheng_anki; shizheng_anki.no_such_name"], capture_output=True, text=True
    )
    assert done.returncode == 1 and "has no attribute 'no_such_name'" in done.stderr


def test_the_apkg_is_deflated_to_well_under_half_of_what_genanki_writes(tmp_path: Path) -> None:
    import genanki

    notes = build_deck([EXAMPLE.read_text(encoding="utf-8")] + [month(index, 20) for index in range(5)]).notes
    ours = package_bytes(notes, 1_700_000_000)
    models = {
        t.id: genanki.Model(
            t.id,
            t.name,
            fields=[{"name": f} for f in t.fields],
            css=t.css,
            templates=[{"name": c.name, "qfmt": c.front, "afmt": c.back} for c in t.templates],
            model_type=genanki.Model.CLOZE if t.is_cloze else genanki.Model.FRONT_BACK,
        )
        for t in {note.note_type for note in notes}
    }
    deck = genanki.Deck(1, "时政")
    for note in notes:
        deck.add_note(
            genanki.Note(
                model=models[note.note_type.id], fields=list(note.fields), tags=list(note.tags), guid=note.guid
            )
        )
    genanki_default = tmp_path / "genanki.apkg"
    genanki.Package(deck).write_to_file(str(genanki_default))  # genanki's own writer: the collection stored as is
    assert len(ours) <= 0.4 * genanki_default.stat().st_size


def test_the_indexed_source_search_finds_what_a_full_search_finds() -> None:
    """出处 through the phrase finder = every phrase looked for in every event's every line."""

    from shizheng_anki.extract import extract_facts
    from shizheng_anki.extract.recurrence import event_lines, phrase_sources

    texts = [
        EXAMPLE.read_text(encoding="utf-8"),
        month(1, 30),
        "# 第二份\n\n## 甲\n\n第一行\n又提到**稳中求进**和新质生产力。\n\n## 乙\n\n稳中求进，以进促稳。\n",
    ]
    events = [(doc, event_lines(doc, text)) for doc, text in ((extract_facts(t), t) for t in texts)]
    phrases = [p.text.strip("。，") for _, evs in events for event, _ in evs for p in event.key_phrases] + [
        "新质生产力",
        "以进促稳",
    ]
    phrases = [p for p in phrases if len(p) >= 2]
    expected = []
    for phrase in dict.fromkeys(phrases):
        hits = []
        for document, evs in events:
            for event, lines in evs:
                hit = next((line for line in lines if phrase in line.text), None)
                if hit is not None:
                    marked = any(phrase in span.text for line in lines for span in line.spans if span.marked)
                    hits.append((document.title, event.title, marked, hit.number))
        if hits:
            expected.append((phrase, hits))
    found = {
        s.phrase: [(o.document, o.event, o.marked, o.line) for o in s.occurrences]
        for s in phrase_sources(events, phrases)
    }
    assert found == dict(expected)
    assert found["稳中求进"][-2:] == [("第二份", "甲", True, 6), ("第二份", "乙", False, 10)]


def test_a_build_leaves_the_cycle_collector_to_its_caller_and_makes_no_cycles(tmp_path: Path) -> None:
    """The library changes no process-wide state: the collector stays as the caller set it, during a
    build and a write. The command turns it off for its own one-build process (``cli.run``), which is
    safe only because a build makes no garbage cycles for the collector to free: checked here."""
    import gc

    sources = [EXAMPLE, *sorted(CORPUS.glob("*.md"))]
    seen: list[bool] = []
    assert gc.isenabled()
    result = build_deck(sources, source_cards=True, progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and all(seen), "a build switched the caller's collector off"
    gc.collect()
    gc.disable()
    try:
        result = build_deck(sources, source_cards=True)
        result.write(tmp_path / "deck.apkg")
        result.write(tmp_path / "deck.apkg")  # over last week's deck: read, compare, write
        assert not gc.isenabled()  # a caller's own choice is kept
        assert gc.collect() == 0, "the build left garbage cycles that only the collector frees"
    finally:
        gc.enable()


def _tracked_objects_held(root: object) -> int:
    """How many objects the cycle collector tracks among those ``root`` holds (not classes, modules or
    functions): what every full collection of a program that keeps ``root`` walks again."""
    import gc
    import types

    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        held = stack.pop()
        if id(held) in seen or isinstance(held, (type, types.ModuleType, types.FunctionType)):
            continue
        seen.add(id(held))
        count += gc.is_tracked(held)
        stack.extend(gc.get_referents(held))
    return count


def test_a_build_gives_the_cycle_collector_few_objects_to_walk() -> None:
    """A program that calls ``build_deck`` with Python's default collector pays, at each full
    collection, for every object the facts and notes hold (``benchmarks/gc_cost.py``). A build holds
    about five per note: the notes, phrases, items and spans themselves. Where a phrase appears is
    kept as plain tuples (``PhraseSource.rows``), which the collector stops tracking, and the spans of
    a sentence are shared by its phrases and items, not copied: 6.1 per note before, 4.8 after."""
    import gc

    result = build_deck([EXAMPLE, *sorted(CORPUS.glob("*.md"))], source_cards=True)
    gc.collect()  # tuples of plain values are untracked when the collector first meets them
    assert _tracked_objects_held(result) < 5.5 * len(result.notes)
    assert any(len(source.rows) > 1 for source in result.exam.sources)
    assert all(not gc.is_tracked(source.rows) for source in result.exam.sources)


def test_writing_a_deck_holds_no_object_per_note() -> None:
    """Writing the deck plans its rows in lists of numbers, not a tuple per note that holds the note:
    the collector's live objects grow by a few hundred while a deck of thousands of notes is written
    (by two per note before)."""
    import gc

    result = build_deck([month(index, 20) for index in range(60)])
    package_bytes(result.notes[:3], 1_700_000_000)  # genanki and sqlite3 imported before counting
    gc.collect()
    before = len(gc.get_objects())
    peak = before

    def sample(phase: str, info: dict[str, int]) -> None:
        nonlocal peak
        if phase == "start":
            peak = max(peak, len(gc.get_objects()))

    gc.callbacks.append(sample)
    try:
        package_bytes(result.notes, 1_700_000_000)
    finally:
        gc.callbacks.remove(sample)
    assert len(result.notes) >= 4000
    assert peak - before < len(result.notes) / 2


def test_a_first_build_lists_the_parse_cache_folder_once_however_many_files_it_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One cache entry per file goes into one folder; listing the folder per entry (to clear killed
    runs' temporary files) made filling it quadratic: 0.4 s more on a 10 MiB archive's first build."""
    import os

    cache = tmp_path / "cache"
    listings: list[str] = []
    scandir = os.scandir

    def counting(path: Any = ".") -> Any:
        if Path(path) == cache:
            listings.append(str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    texts = [f"# 笔记{n}\n\n## 会议{n}\n\n会议强调**{word(n)}**。\n" for n in range(300)]
    build_deck(texts, cache=cache)
    assert len(listings) == 1  # the prune, once per build
    assert len(list(cache.glob("*.parsed"))) == 300
