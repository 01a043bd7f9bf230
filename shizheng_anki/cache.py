"""Parsed files kept between builds, so that a weekly rebuild parses only what changed.

Each entry is one file's facts and blocks (:func:`shizheng_anki.extract.extract_parsed`) as JSON
(:func:`encode`: data, never code; every value is checked against its field's type when read), named by a hash of everything they follow from: the file's text and path, the marks, and this
package's own source code and mistune's version (so that an upgrade, or an edit to the code, never
reads an entry an older parser wrote). The folder is safe to delete at any time; an entry that cannot
be read is parsed again, and a cache that cannot be written is skipped without failing the build.
Entries not used for :data:`KEPT_FOR` are removed, and only they: files are told by their exact names.
The folder must belong to the user and be writable by no one else (checked as ssh and pip check
theirs), else the cache is not used; it is made so (``0700``). Entries are read only when they are
regular files of at most :data:`MAX_ENTRY_BYTES`: a FIFO or a link to ``/dev/zero`` there is skipped.

The default folder is the platform's cache folder: ``$XDG_CACHE_HOME/shizheng-anki`` (``~/.cache``)
on Linux, ``~/Library/Caches/shizheng-anki`` on macOS, ``%LOCALAPPDATA%\\shizheng-anki`` on Windows.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .atomic import is_temporary_of, write_atomically
from .extract import facts
from .extract.facts import Document
from .parse import Block, Span, blocks, spans
from .paths import NotRegularFile, TooLarge, read_regular, shown

Parsed = tuple[Document, tuple[Block, ...]]

#: An entry not read or written for this long is removed (a file since edited or deleted).
KEPT_FOR = 30 * 24 * 3600
_SUFFIX = ".parsed"
#: The largest entry read (a 64 MiB notes file, the largest read, makes an entry of about 250 MiB).
MAX_ENTRY_BYTES = 1 << 30


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


class _BadEntry(Exception):
    """An entry that is not what this version writes."""


#: Turns the JSON of a value back into the value, given the entry's table of shared texts.
Decoder = Callable[[Any, list[str]], Any]
#: Texts at least this long are written once per entry, in its table, and referred to by number
#: (a paragraph is kept with every key phrase in it: without the table an entry is 2.5 times larger).
_SHARED_TEXT = 24


def _refuse(why: str) -> Any:
    raise _BadEntry(why)


def _text(value: Any, shared: list[str]) -> str:
    if type(value) is str:
        return value
    if type(value) is int and 0 <= value < len(shared):
        return shared[value]
    raise _BadEntry("not text")


def _whole(value: Any, shared: list[str]) -> int:
    return value if type(value) is int else _refuse("not a whole number")


def _flag(value: Any, shared: list[str]) -> bool:
    return value if type(value) is bool else _refuse("not true or false")


_SIMPLE: dict[Any, Decoder] = {str: _text, int: _whole, bool: _flag}


def _decoder(kind: Any) -> Decoder:
    """The :data:`Decoder` of a value of type ``kind``: every part checked against the type (a
    dataclass is the list of its fields, a tuple a list, a text may be a number in the table)."""
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)  # type: ignore[arg-type]
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Literal:
        allowed = frozenset(arguments)
        return lambda value, shared: value if type(value) is str and value in allowed else _refuse("not a kind")
    if origin in (typing.Union, types.UnionType) and len(arguments) == 2 and type(None) in arguments:
        inner = _decoder(next(argument for argument in arguments if argument is not type(None)))
        return lambda value, shared: None if value is None else inner(value, shared)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        item = _decoder(arguments[0])
        return lambda value, shared: (
            tuple([item(part, shared) for part in value]) if type(value) is list else _refuse("not a list")
        )
    if origin is tuple:
        parts = tuple(_decoder(argument) for argument in arguments)
        return lambda value, shared: (
            tuple([decode(part, shared) for decode, part in zip(parts, value)])
            if type(value) is list and len(value) == len(parts)
            else _refuse("not a pair")
        )
    raise TypeError(f"no JSON form for {kind!r}")  # a field of a type this cache was not taught


def _span(value: Any, shared: list[str]) -> Span:
    """A :class:`Span`, the most numerous value by far, written in short: its text (or the number of
    its text in the table) when unmarked, ``[text]`` when marked."""
    if type(value) is str:
        return Span(value)
    if type(value) is list and len(value) == 1:
        return Span(_text(value[0], shared), True)
    return Span(_text(value, shared))


@functools.cache
def _dataclass_decoder(cls: type) -> Decoder:
    if cls is Span:
        return _span
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    count = len(fields)
    decoders = [_decoder(hints[f.name]) for f in fields]

    def decode(value: Any, shared: list[str]) -> Any:
        if type(value) is not list or len(value) != count:
            raise _BadEntry(f"not a {cls.__name__}")
        return cls(*[part(item, shared) for part, item in zip(decoders, value)])

    return decode


@functools.lru_cache(maxsize=1)
def _field_names() -> dict[type, tuple[str, ...]]:
    """Each dataclass an entry holds → the names of the fields it is made from, in order."""
    names: dict[type, tuple[str, ...]] = {}
    for module in (facts, blocks, spans):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                names[value] = tuple(f.name for f in dataclasses.fields(value) if f.init)
    return names


def encode(parsed: Parsed) -> bytes:
    """A parsed file as JSON, ``[shared texts, [document, blocks]]``, after a line holding the SHA-256 of
    that JSON (a damaged entry is told from a sound one): each dataclass the list of its fields (a span
    its text, in a list when marked), each tuple a list, each text of :data:`_SHARED_TEXT` characters or
    more the number of its place in the shared texts. Data only: reading it back (:func:`decode`) runs
    no code the entry chooses."""
    names = _field_names()
    table: dict[str, int] = {}

    def fields_of(value: Any) -> Any:
        if type(value) is Span:
            text = value.text if len(value.text) < _SHARED_TEXT else table.setdefault(value.text, len(table))
            return [text] if value.marked else text
        try:
            fields = [getattr(value, name) for name in names[type(value)]]
        except KeyError:
            raise TypeError(f"{type(value).__name__} is not kept in the parse cache") from None
        for index, field in enumerate(fields):
            if type(field) is str and len(field) >= _SHARED_TEXT:
                fields[index] = table.setdefault(field, len(table))
        return fields

    body = json.dumps(parsed, default=fields_of, ensure_ascii=False, separators=(",", ":"))
    shared = json.dumps(list(table), ensure_ascii=False, separators=(",", ":"))
    data = f"[{shared},{body}]".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def decode(data: bytes) -> Parsed:
    """:func:`encode` undone: the digest checked, then every value against the type of the field it
    fills; anything else (damage, other JSON, a different shape) is an error (:class:`_BadEntry`, or
    ``ValueError`` from the JSON parser)."""
    digest, _, data = data.partition(b"\n")
    if digest != hashlib.sha256(data).hexdigest().encode():
        raise _BadEntry("damaged: not the bytes written")
    value = json.loads(data.decode("utf-8", "surrogatepass"))
    if not (type(value) is list and len(value) == 2 and type(value[0]) is list):
        raise _BadEntry("not an entry")
    shared = value[0]
    if not all(type(text) is str for text in shared):
        raise _BadEntry("not a table of texts")
    return _parsed_decoder()(value[1], shared)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1)
def _parsed_decoder() -> Decoder:
    return _decoder(tuple[Document, tuple[Block, ...]])


class ParseCache:
    """A folder of parsed files. ``load`` gives an entry or None; ``store`` writes one, best effort.

    Entries are JSON data (:func:`encode`), never code. Still, entries are read (and written) only
    in a folder that belongs to the user and that no one else may write to, as ssh and pip require
    of theirs: another user's entries could make the deck say what they chose."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        #: Why the cache could not be used or written, when it could not (said once to the user).
        self.problem: str | None = None
        #: Entries read this build.
        self.hits = 0
        #: Whether the folder may be used: checked on first use.
        self._trusted: bool | None = None

    def key(self, text: str, path: str, marks: Iterable[str]) -> str:
        digest = hashlib.sha256(_code_version().encode())
        for part in (path, ",".join(sorted(marks)), text):
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _usable(self) -> bool:
        """Whether the folder may be used (checked once; :attr:`problem` says why not). A write that
        failed does not make it unusable: what is in it is read still."""
        if self._trusted is None:
            untrusted = _untrusted(self.folder)
            self._trusted = untrusted is None
            if untrusted is not None:
                self.problem = f"{shown(self.folder)}: parse cache not used: {untrusted}; every file is parsed"
        return self._trusted

    def load(self, key: str) -> Parsed | None:
        if not self._usable():
            return None
        entry = self.folder / f"{key}{_SUFFIX}"
        try:
            data = read_regular(entry, MAX_ENTRY_BYTES)
        except (OSError, NotRegularFile, TooLarge):  # none yet, no cache folder, or not a file of ours
            return None
        try:
            parsed = decode(data)
        except (_BadEntry, ValueError, RecursionError):
            return None
        try:
            os.utime(entry)  # used: kept for another KEPT_FOR
        except OSError:
            pass
        self.hits += 1
        return parsed

    def store(self, key: str, parsed: Parsed) -> None:
        if not self._usable() or self.problem is not None:  # after a failed write, no more tries
            return
        data = encode(parsed)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomically(self.folder / f"{key}{_SUFFIX}", data, remove_stale=False)  # prune() removes them
        except OSError as error:
            self.problem = f"{shown(self.folder)}: parse cache not written ({error.strerror or error}); the next build parses every file again"

    def prune(self, now: float | None = None) -> None:
        """Remove entries (and temporary files of killed runs) unused for :data:`KEPT_FOR`: files the
        cache names as its own (:func:`is_own_file`), nothing else in the folder."""
        if not self._usable():
            return
        now = time.time() if now is None else now
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                if is_own_file(entry.name) and now - entry.stat(follow_symlinks=False).st_mtime > KEPT_FOR:
                    os.unlink(entry.path)
            except OSError:
                pass  # gone already, or not ours to remove


_ENTRY_NAME = re.compile(rf"[0-9a-f]{{64}}{re.escape(_SUFFIX)}")


def is_own_file(name: str) -> bool:
    """Whether ``name`` is an entry (``<sha-256>.parsed``) or the temporary file of one, exactly."""
    if _ENTRY_NAME.fullmatch(name):
        return True
    entry = name[1 : 1 + 64 + len(_SUFFIX)]
    return name.startswith(".") and _ENTRY_NAME.fullmatch(entry) is not None and is_temporary_of(name, entry)


def _untrusted(folder: Path) -> str | None:
    """Why entries in ``folder`` may have been written by someone else, else None (also when the folder
    does not exist yet: it is made for the user alone)."""
    if not hasattr(os, "geteuid"):
        return None  # Windows: a user's cache folder is the user's
    try:
        status = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return None  # writing it fails, and says so
    if status.st_uid != os.geteuid():
        return "the folder belongs to another user; choose your own with --cache-dir"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"other users may write to the folder (run chmod go-w {shown(folder)})"
    return None
