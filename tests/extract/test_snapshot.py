"""A pinned snapshot of the facts extracted from the reference notes.

A change to extraction shows up here as a diff a reviewer can read. To accept an intended change:
``SHIZHENG_UPDATE_SNAPSHOT=1 python -m pytest tests/test_snapshot.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import EXAMPLE

from shizheng_anki import build_deck

SNAPSHOT = Path(__file__).parent / "snapshots" / "2024-12-shizheng.facts.json"


def test_facts_of_the_example_match_the_snapshot() -> None:
    documents = build_deck([EXAMPLE]).to_json()["documents"]
    for document in documents:
        document["path"] = Path(document["path"]).name
    if os.environ.get("SHIZHENG_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(documents, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert documents == json.loads(SNAPSHOT.read_text(encoding="utf-8"))
