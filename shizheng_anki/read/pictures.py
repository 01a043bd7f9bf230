"""Reading the pictures the notes show, from the notes folder or the Obsidian vault it belongs to.

A picture named in the notes (``![](assets/图.png)``, ``![[图.png]]``) is looked up, in this order:

1. next to the note (the path taken from the note's folder);
2. in a vault (a folder holding ``.obsidian/``: the notes folder or one above it): in the attachment
   folder that ``.obsidian/app.json`` names (``attachmentFolderPath``: ``/`` the vault, ``./…`` beside
   the note, else a folder of the vault), then from the vault's top;
3. Typora's convention: in ``assets/`` or ``<note>.assets/`` beside the note;
4. a bare file name (``![[图.png]]``), in a vault: the one file of that name anywhere in it.

Only files inside the notes folder (or its vault) are read: an absolute path or address, a ``..`` or a
symbolic link that leads outside is refused, and so is anything that is not a regular file. What is
read must be a PNG, JPEG, GIF or WebP picture by its content (its first bytes), whatever its name, and
no larger than the limit. A picture is packed under a name made of its content's hash, so the same
picture always has the same name and a changed one a new name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..paths import NotRegularFile, TooLarge, read_regular

#: The largest picture packed (a screenshot or a mind map is well below).
PICTURE_LIMIT = 10 * 1024 * 1024
#: The most picture data one deck carries: Anki copies every file to every device the learner syncs.
DECK_LIMIT = 100 * 1024 * 1024
#: The largest ``.obsidian/app.json`` read (Obsidian writes a few hundred bytes).
_SETTINGS_LIMIT = 1024 * 1024

#: Content → (file name ending, MIME type): the pictures every Anki client shows.
_MAGIC: tuple[tuple[re.Pattern[bytes], str, str], ...] = (
    (re.compile(rb"\x89PNG\r\n\x1a\n"), ".png", "image/png"),
    (re.compile(rb"\xff\xd8\xff"), ".jpg", "image/jpeg"),
    (re.compile(rb"GIF8[79]a"), ".gif", "image/gif"),
    (re.compile(rb"RIFF....WEBP", re.S), ".webp", "image/webp"),
)
MIME_TYPES = {suffix: mime for _, suffix, mime in _MAGIC}
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//|^https?:", re.I)
#: ``file:``, ``data:``, ``C:\``, ``/…``, ``\…``, ``~/…``: an address or a path from outside the notes.
_ABSOLUTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\~])")


class PictureRefused(Exception):
    """Why a picture is left out (``not found``, ``outside the notes folder`` …)."""


class PictureTooLarge(PictureRefused):
    """A picture over the size limit."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size / 1024 / 1024:.1f} MB")
        self.size = size


@dataclass(frozen=True, slots=True)
class PictureFile:
    """A picture as packed: its media file name (content hash and type) and its bytes."""

    name: str
    data: bytes = field(repr=False)


def is_remote(target: str) -> bool:
    """An address on the internet (``https://…``, ``//host/…``): never fetched, never packed."""
    return bool(_REMOTE.match(target.strip()))


def picture_type(data: bytes) -> str | None:
    """The file name ending of the picture in ``data`` (by its first bytes), None when it is none we pack."""
    for magic, suffix, _ in _MAGIC:
        if magic.match(data):
            return suffix
    return None


def media_name(data: bytes, suffix: str) -> str:
    """The name a picture is packed as: the hash of its content, so that an unchanged picture keeps it."""
    return f"shizheng-{hashlib.sha256(data).hexdigest()[:32]}{suffix}"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class NotesFolder:
    """The folder pictures may be read from: the notes folder, or the vault above it; and where a
    vault keeps its attachments."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        folder = Path(os.path.abspath(folder))
        #: The vault (the nearest folder at or above ``folder`` holding ``.obsidian/``), else None.
        self.vault = next((p for p in (folder, *folder.parents) if (p / ".obsidian").is_dir()), None)
        #: Where pictures may come from, as named and as the file system resolves it.
        self.root = self.vault or folder
        self.real_root = os.path.realpath(self.root)
        #: ``attachmentFolderPath`` of the vault's ``app.json``, when it names one.
        self.attachments = _attachment_setting(self.vault) if self.vault else None
        self._by_name: dict[str, list[str]] | None = None

    def attachment_folder(self, note_folder: Path) -> Path | None:
        """The vault's attachment folder, for a note in ``note_folder`` (None outside a vault)."""
        if self.vault is None:
            return None
        setting = (self.attachments or "/").replace("\\", "/").strip()
        if setting in ("", "/"):
            return self.vault
        if setting == "." or setting.startswith("./"):
            return note_folder / setting[2:]
        return self.vault / setting.strip("/")

    def candidates(self, target: str, note: Path) -> list[Path]:
        """Where ``target`` may be, in the order it is looked up (see the module's docstring)."""
        relative = PurePosixPath(target.replace("\\", "/"))
        folder = note.parent
        places = [folder / relative]
        attachments = self.attachment_folder(folder)
        if attachments is not None:
            places += [attachments / relative, self.root / relative]
        places += [folder / "assets" / relative, folder / f"{note.stem}.assets" / relative]
        if self.vault is not None and len(relative.parts) == 1:
            named = self.files_named(relative.name)
            if len(named) == 1:  # Obsidian's shortest links name a file unique in the vault
                places.append(Path(named[0]))
        return places

    def files_named(self, name: str) -> list[str]:
        """The files of the vault with this name (hidden folders and symbolic links not entered)."""
        if self._by_name is None:
            self._by_name = {}
            for folder, folders, files in os.walk(self.root):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for file in files:
                    self._by_name.setdefault(file, []).append(os.path.join(folder, file))
        return self._by_name.get(name, [])

    def find(self, target: str, note: str | os.PathLike[str]) -> str:
        """The real path of the picture ``target`` named in ``note``; :class:`PictureRefused` says why not."""
        if _ABSOLUTE.match(target.strip()):
            raise PictureRefused("an absolute path or address: only pictures inside the notes folder are read")
        root = os.path.abspath(self.root)
        outside = False
        for place in self.candidates(target.strip(), Path(os.path.abspath(note))):
            path = os.path.normpath(place)
            if not _inside(path, root):
                outside = True  # ``..`` leads out: not even looked at
                continue
            if not os.path.lexists(path):
                continue
            real = os.path.realpath(path)
            if not _inside(real, self.real_root):
                outside = True  # a symbolic link out of the folder
                continue
            return real
        where = "the vault" if self.vault else "the notes folder"
        if outside:
            raise PictureRefused(f"leads outside {where} ({self.root}); only pictures inside it are read")
        raise PictureRefused(f"not found next to the note or in {where}")


def _attachment_setting(vault: Path) -> str | None:
    """``attachmentFolderPath`` from the vault's ``.obsidian/app.json``; None when unset or unreadable."""
    try:  # read as every file is: a FIFO or a device there is no settings file, and never waited on
        settings = json.loads(read_regular(vault / ".obsidian" / "app.json", _SETTINGS_LIMIT))
    except (OSError, ValueError, NotRegularFile, TooLarge):
        return None
    value = settings.get("attachmentFolderPath") if isinstance(settings, dict) else None
    return value if isinstance(value, str) else None


def read_picture(path: str, limit: int = PICTURE_LIMIT) -> PictureFile:
    """Read the picture at ``path`` (a real path, from :meth:`NotesFolder.find`): a regular file of at
    most ``limit`` bytes whose content is a PNG, JPEG, GIF or WebP picture."""
    try:  # read as every file is (no FIFO waited on), and not through a link: ``path`` is real
        data = read_regular(path, limit, follow_links=False)
    except NotRegularFile:
        raise PictureRefused("not a regular file") from None
    except TooLarge as error:
        raise PictureTooLarge(error.size) from None
    except OSError as error:
        raise PictureRefused(f"cannot be read ({error.strerror or error})") from None
    suffix = picture_type(data)
    if suffix is None:
        raise PictureRefused("not a PNG, JPEG, GIF or WebP picture (by its content, whatever its name)")
    return PictureFile(media_name(data, suffix), data)
