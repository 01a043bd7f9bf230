"""Reading notes: files, folders of ``.md`` files, or Markdown given as a string."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

from .errors import SourceError

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


def normalize(text: str) -> str:
    """Line ends to ``\\n`` (CRLF from Windows, CR from old Macs); a BOM left by a decoder dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode(path: Path, data: bytes, encoding: str | None = None) -> SourceText:
    if b"\x00" in data[:8192] and not (encoding or "").lower().startswith("utf-16"):
        raise SourceError(f"{path}: is a binary file, not Markdown notes")
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
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None
    return _decode(path, data, encoding)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.md") if p.is_file())
        if not files:
            raise SourceError(f"{path}: folder holds no .md files")
        return files
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    return [path]


def read_sources(sources: Source | Iterable[Source], *, encoding: str | None = None) -> tuple[SourceText, ...]:
    """Read every source. A ``str`` holding a line break is Markdown text; anything else is a path,
    and a folder means every ``.md`` file below it, in sorted order.

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
        texts.extend(_read_file(path, encoding) for path in _files(Path(source)))
    if not texts:
        raise SourceError("no notes given: name a Markdown file or a folder of them")
    return tuple(texts)
