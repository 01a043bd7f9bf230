"""What a path names, found out before it is opened; reading with a size limit; paths as text.

Every file the tool reads (notes, last week's deck, parse-cache entries) or replaces (the deck, the
preview page) must be a regular file. A FIFO would block the open (or the read) for ever, ``/dev/zero``
would be read until memory runs out, and replacing ``/dev/null`` as root breaks the machine. So the
path is ``stat``-ed first, opened only when it is a regular file, with ``O_NONBLOCK`` (a FIFO swapped
in after the check cannot block the open), and checked again on the open file before a byte is read.
See ``docs/safety.md``.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(Exception):
    """The path names something other than a regular file; :attr:`kind` says what (``a FIFO (named pipe)``)."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(f"{path}: is {kind}, not a file")
        self.kind = kind


class TooLarge(Exception):
    """The file holds more than the :attr:`limit` bytes the tool reads of it (:attr:`size` or more)."""

    def __init__(self, path: str | os.PathLike[str], limit: int, size: int) -> None:
        super().__init__(f"{path}: is larger than {limit} bytes")
        self.limit = limit
        self.size = size


def kind_of(mode: int) -> str | None:
    """What a ``st_mode`` names when it is not a regular file (``a character device``), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for is_kind, kind in _KINDS if is_kind(mode)), "not a regular file")


def check_regular(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat(path)`` (links followed), when it names a regular file; else :class:`NotRegularFile`.
    A missing path is ``FileNotFoundError``, as for ``open``."""
    status = os.stat(path)
    kind = kind_of(status.st_mode)
    if kind is not None:
        raise NotRegularFile(path, kind)
    return status


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str], limit: int, *, follow_links: bool = True) -> Iterator[BinaryIO]:
    """Open a regular file of at most ``limit`` bytes for reading, having made sure it is one; else
    :class:`NotRegularFile` or :class:`TooLarge` (and ``OSError`` as ``open`` raises it, for a
    symbolic link too when ``follow_links`` is False)."""
    check_regular(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags)
    try:
        status = os.fstat(handle)  # what was opened, in case the path changed since the check
        kind = kind_of(status.st_mode)
        if kind is not None:
            raise NotRegularFile(path, kind)
        if status.st_size > limit:
            raise TooLarge(path, limit, status.st_size)
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        file = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with file:
        yield file


def read_regular(path: str | os.PathLike[str], limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`). A file that
    grows past the limit while it is read (or claims a size it does not hold) is :class:`TooLarge` too."""
    with open_regular(path, limit, follow_links=follow_links) as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit, len(data))
    return data


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text a terminal (or a strict UTF-8 stream) can show and a person can read.

    On POSIX a file name is bytes; names that are not UTF-8 (a Windows archive unpacked on Linux
    leaves GBK names) come to Python as lone surrogates, which no encoder accepts. Such a name is
    shown as GB18030 (the superset of GBK) when it decodes as that, else with each byte that is not
    UTF-8 written as ``\\xNN`` (see :func:`decoded_name`)."""
    return decoded_name(path)[0]


def decoded_name(path: str | os.PathLike[str]) -> tuple[str, str]:
    """:func:`shown` of ``path``, and how its bytes were read: ``utf-8``, ``gb18030`` or ``bytes``
    (the bytes that are not UTF-8 written as ``\\xNN``)."""
    text = os.fspath(path)
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return printable(text), "utf-8"
    raw = os.fsencode(text)
    try:
        return printable(raw.decode("gb18030")), "gb18030"
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace"), "bytes"


def as_bytes(path: str | os.PathLike[str]) -> str:
    """The bytes of a path as ASCII text, every other byte written ``\\xNN``: what ``ls -b`` shows."""
    return os.fsencode(os.fspath(path)).decode("ascii", "backslashreplace")


def printable(text: str) -> str:
    """``text`` with every lone surrogate written as ``\\udXXX``: what a strict UTF-8 stream can take."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def final_target(path: Path) -> Path:
    """Where writing ``path`` lands: the path itself, or, when it is a symbolic link, the file it
    finally points to (the deck is written *through* the link; the link stays).

    A link is not followed where the kernel's ``protected_symlinks`` would not follow it: in a
    sticky folder anyone may write (``/tmp``), a link owned neither by us nor by the folder's owner
    (another user's link there could point at any file we may write). Such a path is ``PermissionError``.
    Loops and chains of more than 40 links are ``OSError`` (ELOOP), as for ``open``."""
    current = Path(path)
    for _ in range(40):
        try:
            status = os.lstat(current)
        except FileNotFoundError:
            return current
        if not stat.S_ISLNK(status.st_mode):
            return current
        _check_link_owner(current, status)
        current = current.parent / os.readlink(current)
    raise OSError(40, "Too many levels of symbolic links", str(path))


def _check_link_owner(link: Path, status: os.stat_result) -> None:
    if not hasattr(os, "geteuid"):
        return
    folder = os.stat(link.parent)
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if shared and status.st_uid not in (os.geteuid(), folder.st_uid):
        raise PermissionError(
            1, f"a symbolic link another user made in the shared folder {link.parent} is not followed", str(link)
        )
