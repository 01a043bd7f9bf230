"""Print random exam cards (考点卡片) front → back as plain text, to read them as a learner would.

    .venv/bin/python scripts/sample_cards.py [-n 30] [--seed 7] [FILES…]   (default: tests/corpus/*.md)

All exam options are on (numbers, source cards). The same seed prints the same cards.
"""

from __future__ import annotations

import argparse
import html
import random
import re
from pathlib import Path

from shizheng_anki import build_deck
from shizheng_anki.cards import Note
from shizheng_anki.cards.kinds import KINDS
from shizheng_anki.errors import NoNotesError

ROOT = Path(__file__).resolve().parent.parent


def text(field: str) -> str:
    field = re.sub(r"<br\s*/?>|</div>|</li>", " / ", field)
    return html.unescape(re.sub(r"<[^>]+>", "", field)).strip(" /")


def cards(note: Note) -> list[tuple[str, str]]:
    """(front, back) of each card of ``note``."""
    if note.note_type.is_cloze:
        numbers = sorted({int(n) for n in re.findall(r"\{\{c(\d+)::", note.fields[0])})
        out = []
        for number in numbers:
            front = re.sub(
                r"\{\{c(\d+)::(.*?)\}\}",
                lambda m, number=number: "[...]" if int(m.group(1)) == number else m.group(2),
                note.fields[0],
            )
            hidden = re.findall(rf"\{{\{{c{number}::(.*?)\}}\}}", note.fields[0])
            out.append(
                (
                    f"{text(note.field('Event'))} · {text(note.field('Source'))} | {text(front)}",
                    "、".join(text(h) for h in hidden),
                )
            )
        return out
    cue = f"{text(note.field('Event'))} · {text(note.field('Source'))}"
    return [(f"{cue} | {text(note.field('Question'))}", text(note.field("Answer")))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    kinds = {kind.tag for kind in KINDS.values() if kind.tag}
    pool: list[tuple[str, str, str, str]] = []
    for path in args.files or sorted((ROOT / "tests" / "corpus").glob("*.md")):
        try:
            notes = build_deck([path], numbers=True, source_cards=True).notes
        except NoNotesError:
            continue
        for note in notes:
            kind = next((t for t in note.tags if t in kinds), None)
            if kind:
                pool += [(path.name, kind, front, back) for front, back in cards(note)]
    for index, (name, kind, front, back) in enumerate(random.Random(args.seed).sample(pool, min(args.n, len(pool))), 1):
        print(f"{index:>2}. [{kind}] {name}\n    Q: {front[:300]}\n    A: {back[:200]}")


if __name__ == "__main__":
    main()
