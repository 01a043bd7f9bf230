"""Parsed files kept between builds, so that a weekly rebuild parses only what changed.

Each entry is one file's facts and blocks (:func:`shizheng_anki.extract.extract_parsed`), pickled,
named by a hash of everything they follow from: the file's text and path, the marks, and this
package's own source code and mistune's version (so that an upgrade, or an edit to the code, never
reads an entry an older parser wrote). The folder is safe to delete at any time; an entry that cannot
be read is parsed again, and a cache that cannot be written is skipped without failing the build.
Entries not used for :data:`KEPT_FOR` are removed.

The default folder is the platform's cache folder: ``$XDG_CACHE_HOME/shizheng-anki`` (``~/.cache``)
on Linux, ``~/Library/Caches/shizheng-anki`` on macOS, ``%LOCALAPPDATA%\\shizheng-anki`` on Windows.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .atomic import write_atomically
from .extract import facts
from .extract.facts import Document
from .parse import Block, blocks, spans

Parsed = tuple[Document, tuple[Block, ...]]

#: An entry not read or written for this long is removed (a file since edited or deleted).
KEPT_FOR = 30 * 24 * 3600
_SUFFIX = ".parsed"


def default_folder() -> Path | None:
    """Where the CLI keeps the cache unless told otherwise (see the module docstring); None when the
    user has no home folder to find it in (then nothing is cached)."""
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no HOME, and no passwd entry for this user (some containers)
        return None
    return base / "shizheng-anki"


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of this package's source files and mistune's version: what the parsed blocks follow from."""
    import mistune

    digest = hashlib.sha256(str(getattr(mistune, "__version__", "")).encode())
    root = Path(__file__).parent
    for module in sorted(root.rglob("*.py")):
        digest.update(str(module.relative_to(root)).encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def _reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return lambda value: (cls, tuple([getattr(value, name) for name in names]))


@functools.lru_cache(maxsize=1)
def _dispatch_table() -> dict[type, Any]:
    """Our dataclasses pickled as ``(class, field values)``: on the 10 MiB benchmark corpus about 3×
    faster to write and 6× faster to read than the default (a dict of slots per object); an entry
    holds thousands of them."""
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for module in (facts, blocks, spans):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                table[value] = _reducer(value)
    return table


class ParseCache:
    """A folder of parsed files. ``load`` gives an entry or None; ``store`` writes one, best effort.

    Entries are pickles: only the user's own cache folder is read, as any program's cache there is."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        #: Why the cache could not be written, when it could not (said once to the user).
        self.problem: str | None = None
        #: Entries read this build.
        self.hits = 0

    def key(self, text: str, path: str, marks: Iterable[str]) -> str:
        digest = hashlib.sha256(_code_version().encode())
        for part in (path, ",".join(sorted(marks)), text):
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def load(self, key: str) -> Parsed | None:
        entry = self.folder / f"{key}{_SUFFIX}"
        try:
            data = entry.read_bytes()
        except OSError:  # none yet, or no cache folder to read
            return None
        try:
            parsed = pickle.loads(data)
            if not (
                isinstance(parsed, tuple)
                and len(parsed) == 2
                and isinstance(parsed[0], Document)
                and isinstance(parsed[1], tuple)
            ):
                raise TypeError("not a parsed file")
        except Exception:
            return None
        try:
            os.utime(entry)  # used: kept for another KEPT_FOR
        except OSError:
            pass
        self.hits += 1
        return parsed

    def store(self, key: str, parsed: Parsed) -> None:
        if self.problem is not None:
            return
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _dispatch_table()
        pickler.dump(parsed)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(
                self.folder / f"{key}{_SUFFIX}", buffer.getvalue(), remove_stale=False
            )  # prune() removes them
        except OSError as error:
            self.problem = f"{self.folder}: parse cache not written ({error.strerror or error}); the next build parses every file again"

    def prune(self, now: float | None = None) -> None:
        """Remove entries (and temporary files of killed runs) unused for :data:`KEPT_FOR`."""
        now = time.time() if now is None else now
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.name.endswith((_SUFFIX, ".tmp")) and now - entry.stat().st_mtime > KEPT_FOR:
                    os.unlink(entry.path)
            except OSError:
                pass  # gone already, or not ours to remove
