"""YAML front matter (``---`` … ``---`` at the very top of a file).

Only ``title``, ``date`` and ``tags`` are read, and only as text: every scalar stays the string it is
written as (``date: 2024-02-30`` is not a date YAML must check, a 5,000-digit ``title`` is not a number
Python must convert), ``tags`` is text or a list of scalars. The YAML is bounded before it is parsed:
at most :data:`MAX_FRONT_MATTER` characters, no anchors or aliases (an alias bomb expands a few lines
into billions of nodes), no nesting beyond :data:`MAX_DEPTH`. Front matter that breaks a bound, or is
not a YAML mapping, is left in the text as it was; front matter that breaks a bound is blanked and
not read, with a :attr:`FrontMatter.problem` to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
#: The longest front matter read; real front matter is a few lines.
MAX_FRONT_MATTER = 64 * 1024
#: The deepest nesting of lists and mappings read.
MAX_DEPTH = 20
#: The keys read, each as text (``tags`` also as a list of texts).
KEYS = ("title", "date", "tags")


class _Refused(Exception):
    """Front matter this tool does not parse; the message says why."""


class _TextLoader(yaml.SafeLoader):  # type: ignore[misc]  # yaml has no type hints
    """YAML's safe loader, where every scalar is the text it is written as (``null`` and ``~`` aside),
    anchors and aliases are refused, and nesting is bounded."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("uses YAML anchors or aliases (&, *)")
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_DEPTH:
            raise _Refused(f"is nested more than {MAX_DEPTH} levels deep")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


# Only null is resolved; booleans, numbers and timestamps stay the text they are written as.
_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the front matter said, and the text with it blanked."""

    #: ``title`` and ``date`` as text, ``tags`` as text or a list of texts; only the keys present.
    meta: dict[str, Any] = field(default_factory=dict)
    #: The text, the front matter lines blank (line numbers stay those of the file).
    body: str = ""
    #: Why front matter at the top was not read (``uses YAML anchors or aliases``), else None.
    problem: str | None = None


def read_front_matter(text: str) -> FrontMatter:
    """The front matter of ``text`` (see the module docstring for what is read and what is refused)."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return FrontMatter({}, text)
    source = match.group(1)
    body = "\n" * match.group(0).count("\n") + text.lstrip("\ufeff")[match.end() :]
    if len(source) > MAX_FRONT_MATTER:
        return FrontMatter({}, body, f"front matter not read: it is longer than {MAX_FRONT_MATTER // 1024} KiB")
    try:
        data = yaml.load(source, Loader=_TextLoader)  # a safe loader, made stricter
    except _Refused as refused:
        return FrontMatter({}, body, f"front matter not read: it {refused}")
    except (yaml.YAMLError, RecursionError):
        return FrontMatter({}, text)  # not YAML: Markdown that happens to start with ---
    if not isinstance(data, dict):
        return FrontMatter({}, text)
    meta, problems = _as_text(data)
    problem = f"front matter {', '.join(problems)} not read: not text" if problems else None
    return FrontMatter(meta, body, problem)


def _as_text(data: dict[Any, Any]) -> tuple[dict[str, Any], list[str]]:
    """The keys read, as text, and the names of those that are not text (a mapping as a title)."""
    meta: dict[str, Any] = {}
    problems: list[str] = []
    for key in KEYS:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if isinstance(value, str):
            meta[key] = value
        elif key == "tags" and isinstance(value, list) and all(isinstance(v, str) or v is None for v in value):
            meta[key] = [v for v in value if v is not None]
        else:
            problems.append(key)
    return meta, problems


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (``---`` … ``---`` at the very top) as a dict of the keys read, and the text
    with those lines blanked (so line numbers stay those of the file). Front matter that is not a YAML
    mapping is left in the text; what is refused, and why, :func:`read_front_matter` says."""
    front = read_front_matter(text)
    return front.meta, front.body
