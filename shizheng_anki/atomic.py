"""Writing a file so that it is never half-written: the deck and the preview page.

The bytes go to a hidden temporary file beside the target, which is renamed over the target only
when complete. Any failure or interruption (an error, Ctrl-C, SIGTERM from the CLI) removes the
temporary file and leaves the old target byte for byte. A hard kill (``kill -9``, a power cut)
cannot clean up after itself: the next write to the same target removes what such a run left.

Scratch files a write needs on the way (the deck's SQLite collection) are made the same way, beside
the target and under the same kind of name (:func:`scratch_beside`), so that the same clean-up finds
them: a killed run leaves nothing in the system's temporary folder.

Temporary files are recognised by their exact name, ``.<target name>.<8 random characters>.tmp``
(:func:`is_temporary_of`), never by a pattern built from the target's name: a target called
``时政[2024].apkg`` or ``*`` must find its own files and only those.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import BinaryIO

#: A temporary file older than this, of the same target, was left by a run that was killed.
STALE_AFTER = 60.0
#: What :func:`tempfile.mkstemp` draws its 8 random characters from.
_RANDOM_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_RANDOM_LENGTH = 8


def is_temporary_of(name: str, target_name: str) -> bool:
    """Whether the file ``name`` is one of our temporary files for the target ``target_name``:
    ``.<target_name>.`` + 8 of mkstemp's random characters + ``.tmp``, compared character by character."""
    prefix, suffix = f".{target_name}.", ".tmp"
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return False
    middle = name[len(prefix) : len(name) - len(suffix)]
    return len(middle) == _RANDOM_LENGTH and set(middle) <= _RANDOM_CHARACTERS


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, else what the umask gives a new file (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def clean_stale(target: Path, keep: Collection[str] = ()) -> None:
    """Remove the temporary files a killed run left beside ``target`` (older than :data:`STALE_AFTER`),
    except those named in ``keep``. Files of other names are never touched."""
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        try:
            if (
                is_temporary_of(entry.name, target.name)
                and entry.name not in keep
                and now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            ):
                os.unlink(entry.path)
        except OSError:
            pass  # another process's, or gone already: not ours to insist on


def new_scratch(target: Path) -> Path:
    """A new empty hidden file beside ``target``, named as its temporary files are (an ``OSError`` when
    the folder cannot be written)."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    return Path(name)


@contextlib.contextmanager
def scratch_beside(target: Path) -> Iterator[Path]:
    """An empty hidden scratch file beside ``target`` (:func:`new_scratch`), removed when the block ends
    (however it ends); one a killed run left is removed by the next :func:`write_atomically` to
    ``target`` (or :func:`clean_stale`)."""
    scratch = new_scratch(target)
    try:
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)


def write_atomically(
    target: Path,
    data: bytes | Callable[[BinaryIO], object],
    *,
    remove_stale: bool = True,
    keep: Collection[str] = (),
) -> Path:
    """Write ``data`` to ``target``: all of it, or nothing (the old file stays as it was).

    ``data`` is the bytes, or a function that writes them to the file it is given (a deck is streamed
    from its scratch collection, never held whole in memory). ``target`` is replaced as a name: a
    symbolic link there is replaced, not followed (resolve it first to write through it).
    ``remove_stale=False`` leaves killed runs' temporary files to the caller: looking for them lists the
    folder, once per file written (the parse cache writes hundreds of files to one folder, and prunes).
    ``keep`` names temporary files beside the target still in use (a scratch file of this write)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                data(file)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if remove_stale:
        clean_stale(target, {Path(temporary).name, *keep})
    return target
