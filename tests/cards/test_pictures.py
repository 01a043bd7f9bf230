"""Which pictures a note shows: those whose line range (paragraph or section) holds one of the note's
source lines, in source order, each picture file once — found by bisection, not by looking at every
picture of the document for every note."""

from __future__ import annotations

import random

import pytest

from shizheng_anki.cards.pictures import pictures_by_line
from shizheng_anki.extract.facts import Document, Picture


def shown_by_definition(pictures: tuple[Picture, ...], lines: tuple[int, ...]) -> tuple[Picture, ...]:
    """Every picture looked at for the note: what the index must agree with."""
    shown: dict[str, Picture] = {}
    for picture in pictures:
        first, last = picture.shown_with
        if picture.media is not None and picture.media not in shown and any(first <= n <= last for n in lines):
            shown[picture.media] = picture
    return tuple(shown.values())


def ranges(rng: random.Random, lines: int, overlapping: bool) -> list[tuple[int, int]]:
    """Sections (from one heading to the next) and the paragraphs inside them, as the extractor gives
    them; or, ``overlapping``, any ranges at all."""
    if overlapping:
        return [(start, start + rng.randint(0, 30)) for start in (rng.randint(1, lines) for _ in range(40))]
    cuts = sorted(rng.sample(range(2, lines), 6))
    sections = list(zip([1, *cuts], [cut - 1 for cut in cuts] + [lines]))
    paragraphs = []
    for first, last in sections:
        line = first + 1
        while line + 2 <= last:
            paragraphs.append((line, line + rng.randint(0, 2)))
            line = paragraphs[-1][1] + 2
    return sections + paragraphs


@pytest.mark.parametrize("overlapping", [False, True], ids=["sections-and-paragraphs", "any-ranges"])
@pytest.mark.parametrize("seed", range(10))
def test_a_note_shows_the_pictures_of_its_lines(seed: int, overlapping: bool) -> None:
    rng = random.Random(seed)
    spans = ranges(rng, 120, overlapping)
    pictures = tuple(
        Picture(
            f"图{number}.png",
            first,
            (first, last),
            media=None if rng.random() < 0.1 else f"shizheng-{rng.randint(0, 12):032x}.png",  # some files shown twice
        )
        for number, (first, last) in enumerate(rng.sample(spans, k=min(len(spans), 25)))
    )
    pictures = tuple(sorted(pictures, key=lambda picture: picture.line))  # in source order, as extracted
    index = pictures_by_line(Document("笔记.md", "笔记", None, None, (), pictures=pictures))
    shown_some = 0
    for _ in range(200):
        lines = tuple(rng.randint(0, 125) for _ in range(rng.randint(1, 4)))
        shown = index.shown_with(lines)
        assert shown == shown_by_definition(pictures, lines)
        shown_some += bool(shown)
    assert shown_some > 20
    if not overlapping:
        assert len(index.layers) <= 2  # sections, and the paragraphs inside them


def test_a_document_without_pictures_shows_none() -> None:
    none = pictures_by_line(Document("笔记.md", "笔记", None, None, ()))
    assert none.layers == () and none.shown_with((1, 2, 3)) == ()
