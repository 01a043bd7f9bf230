"""Count the exam cards (考点卡片) each corpus file gives, as the README's Markdown table.

    .venv/bin/python scripts/exam_counts.py [FILES…]     (default: tests/corpus/*.md)

Every file is built on its own with all exam options on (``numbers=True, source_cards=True``);
cells are notes, and for parallel phrases ``notes/cards`` (one card per part).
"""

from __future__ import annotations

import sys
from pathlib import Path

from shizheng_anki import build_deck
from shizheng_anki.cards.kinds import kind_tag
from shizheng_anki.errors import NoNotesError

ROOT = Path(__file__).resolve().parent.parent
EXAM_KINDS = ("parallel", "ordinal", "date", "number", "term", "source")


def counts(path: Path) -> list[str]:
    try:
        result = build_deck([path], numbers=True, source_cards=True)
    except NoNotesError:
        return ["—"] * (len(EXAM_KINDS) + 2)
    cells = []
    for kind in EXAM_KINDS:
        notes = [n for n in result.notes if kind_tag(kind) in n.tags]
        if kind == "parallel":
            cards = sum(len({part for part in range(1, 100) if f"{{{{c{part}::" in n.fields[0]}) for n in notes)
            cells.append(f"{len(notes)}/{cards}")
        else:
            cells.append(str(len(notes)))
    cells.append(str(len(result.exam.recurring())))
    cells.append(str(len(result.exam.frequent(3))))
    return cells


def main(paths: list[Path]) -> None:
    header = [
        "file",
        "并列 notes/cards",
        "序数",
        "日期",
        "数字 (--numbers)",
        "术语",
        "出处 (--source-cards)",
        "recurring phrases",
        "高频 (≥3 events)",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" + "---:|" * (len(header) - 1))
    for path in paths:
        print(f"| {path.name} | " + " | ".join(counts(path)) + " |")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]] or sorted((ROOT / "tests" / "corpus").glob("*.md")))
