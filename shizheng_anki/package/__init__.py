"""Stage 5, package: notes → ``.apkg``. The only package that imports genanki.

Takes the notes and how they compare with last week's deck (:mod:`.previous`: reading the previous
``.apkg`` and giving each note its modification time) and writes the deck, atomically and
reproducibly. Importing this package imports genanki: the pipeline does so only when it writes.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["deck_id", "package_bytes", "write_package"]


def __getattr__(name: str) -> Any:
    """genanki is imported with :mod:`.apkg`, on first use: a dry run or a preview never pays for it."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(".apkg", __name__), name)
