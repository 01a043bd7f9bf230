"""Reading notes: files, folders of ``.md`` files, or Markdown given as a string."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union

from ..errors import SourceError

Source = Union[str, "os.PathLike[str]"]
TEXT = "<text>"
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True, slots=True)
class SourceText:
    """One document's Markdown, with line ends normalised to ``\\n``."""

    path: str
    text: str
    #: The encoding it was read with.
    encoding: str = "utf-8"
    #: Said to the user about the reading, e.g. that GB18030 was guessed; None when nothing to say.
    notice: str | None = None
    #: The notes folder: the folder named, or the named file's folder (None for Markdown given as text).
    #: Pictures are read from inside it, or from inside the Obsidian vault it belongs to.
    folder: str | None = None


def normalize(text: str) -> str:
    """Line ends to ``\\n`` (CRLF from Windows, CR from old Macs); a BOM left by a decoder dropped; the
    text in Unicode's composed form (NFC), as Anki stores a note's fields: a compatibility ideograph
    (U+F900) would otherwise show on the card as another character than the one hidden."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _is_binary(data: bytes, encoding: str | None) -> bool:
    """A NUL byte near the start marks a binary file (an image, a .docx), unless the text is UTF-16 or
    the whole file is valid UTF-8: text copied out of a PDF may carry a stray NUL, and escaping drops it."""
    if b"\x00" not in data[:8192] or (encoding or "").lower().startswith("utf-16"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _decode(path: Path, data: bytes, encoding: str | None = None) -> SourceText:
    if _is_binary(data, encoding):
        raise SourceError(f"{path}: is a binary file, not Markdown notes; give the .md file of your notes")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise SourceError(f"{path}: unknown encoding {encoding!r}; try utf-8 or gb18030") from None
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise SourceError(f"{path}:{line}: is not valid {encoding} text; check --encoding") from None
        return _checked(path, normalize(text), encoding, None)
    for guess in _ENCODINGS:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            continue
        if guess == "utf-8-sig":
            return _checked(path, normalize(text), "utf-8", None)
        notice = f"{path}: not UTF-8, read as {guess.upper()} (Chinese Windows); use --encoding to choose another"
        return _checked(path, normalize(text), guess, notice)
    raise SourceError(f"{path}: is not UTF-8 or GB18030 text; save it as UTF-8 or give --encoding")


def _checked(path: Path, text: str, encoding: str, notice: str | None) -> SourceText:
    if not text.strip():
        raise SourceError(f"{path}: is empty; write some notes in it first")
    return SourceText(str(path), text, encoding, notice)


def _read_file(path: Path, encoding: str | None = None) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error}); check that you may read it") from None
    return _decode(path, data, encoding)


def _hidden(relative: Path) -> bool:
    """Whether a file lies in a hidden folder (``.obsidian``, ``.trash`` of a vault, ``.git``)."""
    return any(part.startswith(".") for part in relative.parts[:-1])


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):  # else rglob would quietly find nothing
            raise SourceError(f"{path}: folder cannot be read (permission denied); check that you may read it")
        files = sorted(p for p in path.rglob("*.md") if p.is_file() and not _hidden(p.relative_to(path)))
        if not files:
            raise SourceError(f"{path}: folder holds no .md files; notes must be Markdown files ending in .md")
        return files
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder; check the path")
    return [path]


def read_sources(sources: Source | Iterable[Source], *, encoding: str | None = None) -> tuple[SourceText, ...]:
    """Read every source. A ``str`` holding a line break is Markdown text; anything else is a path,
    and a folder means every ``.md`` file below it (hidden folders such as a vault's ``.trash`` left
    out), in sorted order.

    Files are decoded as ``encoding`` when given, else as UTF-8 (with or without BOM), else as
    GB18030 (a superset of GBK/GB2312) with a :attr:`SourceText.notice` saying so."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    texts: list[SourceText] = []
    for source in sources:
        if isinstance(source, str) and "\n" in source:
            if not source.strip():
                raise SourceError(f"{TEXT}: is empty; write some notes in it first")
            texts.append(SourceText(TEXT, normalize(source)))
            continue
        folder = str(source) if Path(source).is_dir() else str(Path(source).parent)
        texts.extend(replace(_read_file(path, encoding), folder=folder) for path in _files(Path(source)))
    if not texts:
        raise SourceError("no notes given: name a Markdown file or a folder of them")
    return tuple(texts)
