"""YAML front matter (``---`` … ``---`` at the very top of a file)."""

from __future__ import annotations

import re
from typing import Any

import yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the very top) as a dict, and the text with those lines
    blanked (so line numbers stay those of the file). Front matter that is not a YAML mapping is
    left in the text."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    blank = "\n" * match.group(0).count("\n")
    return data, blank + text.lstrip("\ufeff")[match.end() :]
