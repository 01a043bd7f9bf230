"""Print the table of what each real-notes file in tests/corpus/ gives (docs/notes-format.md).

    python scripts/corpus_table.py            # the Markdown table, as pasted in docs/notes-format.md
    python scripts/corpus_table.py --write    # replace the table in docs/notes-format.md

Measured by building each file with build_deck(); tests/pipeline/test_docs.py checks the page is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shizheng_anki import build_deck

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
START, END = "<!-- corpus-table -->\n", "<!-- /corpus-table -->"
HEADER = ("file", "events", "key phrases", "enumerations", "items", "notes", "cards", "warnings")


def rows() -> list[tuple[str, ...]]:
    table = []
    for path in sorted(CORPUS.glob("*.md")):
        result = build_deck([path])
        events = [event for document in result.documents for event in document.events]
        enumerations = [e for event in events for e in event.enumerations]
        table.append(
            (
                f"`{path.name}`",
                str(len(events)),
                str(sum(len(event.key_phrases) for event in events)),
                str(len(enumerations)),
                str(sum(len(e.items) for e in enumerations)),
                str(len(result.notes)),
                str(result.card_count),
                str(len(result.diagnostics) + len(result.notices)),
            )
        )
    return table


def markdown() -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---" + "|---:" * (len(HEADER) - 1) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        page = ROOT / "docs" / "notes-format.md"
        text = page.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        page.write_text(before + START + markdown() + "\n" + END + after, encoding="utf-8")
    else:
        print(markdown())
