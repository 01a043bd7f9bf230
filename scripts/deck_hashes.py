"""Build the example and every corpus file with each card option, reproducibly, and record or compare
the decks' SHA-256 hashes: the proof that a refactoring changed no deck.

    .venv/bin/python scripts/deck_hashes.py record FILE     # before the change
    .venv/bin/python scripts/deck_hashes.py compare FILE    # after: lists every deck that differs
    .venv/bin/python scripts/deck_hashes.py diff BEFORE AFTER   # two --notes folders, note by note

``--notes DIR`` also writes each deck's notes (GUID, tags, fields) as JSON, one file per deck, so that
two runs can be diffed note by note to say which notes a fix changed.

Each deck is built by the command itself (``python -m shizheng_anki``) in a process of its own, with
``SOURCE_DATE_EPOCH`` set and no parse cache, so that the same code always gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The card options a deck can be built with (each on its own, and none).
OPTIONS: dict[str, tuple[str, ...]] = {
    "default": (),
    "hints": ("--hints",),
    "type-answer": ("--type-answer",),
    "source-cards": ("--source-cards",),
    "numbers": ("--numbers",),
    "no-split": ("--no-split",),
}
EPOCH = "1733097600"  # 2024-12-02 00:00 UTC


def inputs() -> list[Path]:
    return [ROOT / "examples" / "2024-12-shizheng.md", *sorted((ROOT / "tests" / "corpus").glob("*.md"))]


def notes_of(apkg: Path) -> list[dict[str, object]]:
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as folder:
        database = archive.extract("collection.anki2", folder)
        connection = sqlite3.connect(database)
        try:
            rows = connection.execute("SELECT guid, tags, flds FROM notes ORDER BY id").fetchall()
        finally:
            connection.close()
    return [{"guid": guid, "tags": tags.split(), "fields": flds.split("\x1f")} for guid, tags, flds in rows]


def build_all(notes_dir: Path | None) -> dict[str, str]:
    hashes: dict[str, str] = {}
    # the package of this checkout, whichever one the running Python has installed (a worktree of an
    # older commit records that commit's decks)
    path = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
    environment = os.environ | {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0", "PYTHONPATH": path}
    with tempfile.TemporaryDirectory() as folder:
        for source in inputs():
            for name, flags in OPTIONS.items():
                key = f"{source.relative_to(ROOT)}:{name}"
                output = Path(folder) / f"{source.stem}.{name}.apkg"
                command = [
                    sys.executable,
                    "-m",
                    "shizheng_anki",
                    str(source),
                    "-o",
                    str(output),
                    "-q",
                    "--no-cache",
                    *flags,
                ]
                run = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=folder)
                if run.returncode != 0:
                    hashes[key] = f"exit {run.returncode}: {run.stderr.strip()[-200:]}"
                    continue
                hashes[key] = hashlib.sha256(output.read_bytes()).hexdigest()
                if notes_dir is not None:
                    notes_dir.mkdir(parents=True, exist_ok=True)
                    (notes_dir / f"{source.parent.name}.{source.stem}.{name}.json").write_text(
                        json.dumps(notes_of(output), ensure_ascii=False, indent=1), encoding="utf-8"
                    )
    return hashes


FIELD_NAMES = {4: ("Text", "Event", "Context", "Source"), 5: ("Question", "Answer", "Event", "Context", "Source")}


def diff_notes(before: Path, after: Path, examples: int = 2) -> int:
    """Print, per deck, the notes added, removed and changed (which fields, which tags), with examples."""
    changed_decks = 0
    for old_file in sorted(before.glob("*.json")):
        new_file = after / old_file.name
        old = {n["guid"]: n for n in json.loads(old_file.read_text(encoding="utf-8"))}
        new = {n["guid"]: n for n in json.loads(new_file.read_text(encoding="utf-8"))} if new_file.exists() else {}
        added, removed = sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys())
        changes: dict[str, list[str]] = {}
        for guid in old.keys() & new.keys():
            a, b = old[guid], new[guid]
            names = FIELD_NAMES.get(len(a["fields"]), ())
            for index, (x, y) in enumerate(zip(a["fields"], b["fields"])):
                if x != y:
                    name = names[index] if index < len(names) else str(index)
                    changes.setdefault(f"field {name}", []).append(f"{x[:70]!r} → {y[:70]!r}")
            if a["tags"] != b["tags"]:
                gained = sorted(set(b["tags"]) - set(a["tags"]))
                lost = sorted(set(a["tags"]) - set(b["tags"]))
                changes.setdefault("tags", []).append(f"+{gained} -{lost}")
        if not (added or removed or changes):
            continue
        changed_decks += 1
        print(f"{old_file.stem}: {len(added)} added, {len(removed)} removed")
        for what, items in sorted(changes.items()):
            print(f"  {what}: {len(items)} notes, e.g. {items[:examples]}")
    return changed_decks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "compare", "diff"))
    parser.add_argument("file", type=Path)
    parser.add_argument("after", type=Path, nargs="?", help="diff: the second --notes folder")
    parser.add_argument("--notes", type=Path, help="also write each deck's notes as JSON into this folder")
    arguments = parser.parse_args()
    if arguments.action == "diff":
        print(f"{diff_notes(arguments.file, arguments.after)} decks with different notes")
        return 0
    hashes = build_all(arguments.notes)
    if arguments.action == "record":
        arguments.file.write_text(json.dumps(hashes, indent=1) + "\n", encoding="utf-8")
        print(f"{len(hashes)} decks recorded in {arguments.file}")
        return 0
    recorded = json.loads(arguments.file.read_text(encoding="utf-8"))
    differ = sorted(key for key in recorded.keys() | hashes.keys() if recorded.get(key) != hashes.get(key))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(hashes) - len(differ)} of {len(hashes)} decks byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
