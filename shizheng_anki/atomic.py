"""Writing a file so that it is never half-written: the deck and the preview page.

The bytes go to a hidden temporary file beside the target, which is renamed over the target only
when complete. Any failure or interruption (an error, Ctrl-C, SIGTERM from the CLI) removes the
temporary file and leaves the old target byte for byte. A hard kill (``kill -9``, a power cut)
cannot clean up after itself: the next write to the same target removes what such a run left.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

#: A temporary file older than this, of the same target, was left by a run that was killed.
STALE_AFTER = 60.0


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, else what the umask gives a new file (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_stale(target: Path, keep: str) -> None:
    now = time.time()
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if leftover.name != keep and now - leftover.stat().st_mtime > STALE_AFTER:
                leftover.unlink()
        except OSError:
            pass  # another process's, or gone already: not ours to insist on


def write_atomically(target: Path, data: bytes, *, remove_stale: bool = True) -> Path:
    """Write ``data`` to ``target``: all of it, or nothing (the old file stays as it was).

    ``remove_stale=False`` leaves killed runs' temporary files to the caller: looking for them lists the
    folder, once per file written (the parse cache writes hundreds of files to one folder, and prunes)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if remove_stale:
        _remove_stale(target, Path(temporary).name)
    return target
