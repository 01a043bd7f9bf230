"""Reading notes: files, folders of ``.md`` files, or Markdown given as a string."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Union

from ..errors import SourceError
from ..paths import NotRegularFile, TooLarge, as_bytes, decoded_name, kind_of, read_regular, shown
from ..text import counted

Source = Union[str, "os.PathLike[str]"]
TEXT = "<text>"
_ENCODINGS = ("utf-8-sig", "gb18030")
#: The largest notes file read: a whole 考研 book is 1–10 MB; a file of more is not notes.
MAX_NOTES_BYTES = 64 << 20
#: Byte-order marks, longest first (UTF-32 LE begins as UTF-16 LE does), and what they mean.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Codecs Python has that decode something other than a text file: escapes of Python source, domain names.
_NOT_FOR_FILES = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"})
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class SourceText:
    """One document's Markdown, with line ends normalised to ``\\n``."""

    #: The file's path as text a person can read (see :func:`shizheng_anki.paths.shown`), or ``<text>``.
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


def _bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names (Windows Notepad's "Unicode" is UTF-16)."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _is_binary(data: bytes, encoding: str | None) -> bool:
    """A NUL byte near the start marks a binary file (an image, a .docx), unless the text is UTF-16 or
    UTF-32 or the whole file is valid UTF-8: text copied out of a PDF may carry a stray NUL, and
    escaping drops it."""
    if b"\x00" not in data[:8192] or _codec_name(encoding or "").startswith(("utf-16", "utf-32")):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _check_encoding(name: str, encoding: str) -> None:
    """``encoding`` must be a codec Python knows that decodes text files; else a :class:`SourceError`."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise SourceError(f"{name}: unknown encoding {encoding!r}; try utf-8 or gb18030") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise SourceError(f"{name}: {encoding!r} is not an encoding of text files; try utf-8 or gb18030")


def _decode(name: str, data: bytes, encoding: str | None = None) -> SourceText:
    bom = _bom_encoding(data) if not encoding else None
    if _is_binary(data, encoding or bom):
        raise SourceError(f"{name}: is a binary file, not Markdown notes; give the .md file of your notes")
    if encoding or bom in ("utf-16", "utf-32"):
        chosen = encoding or bom or ""
        _check_encoding(name, chosen)
        try:
            text = data.decode(chosen)
        except UnicodeDecodeError as error:
            line = data[: error.start].decode(chosen, "replace").count("\n") + 1
            raise SourceError(f"{name}:{line}: is not valid {chosen} text; check --encoding") from None
        return _checked(name, normalize(text), chosen, None)
    for guess in _ENCODINGS:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            continue
        if guess == "utf-8-sig":
            return _checked(name, normalize(text), "utf-8", None)
        notice = f"{name}: not UTF-8, read as {guess.upper()} (Chinese Windows); use --encoding to choose another"
        return _checked(name, normalize(text), guess, notice)
    raise SourceError(f"{name}: is not UTF-8 or GB18030 text; save it as UTF-8 or give --encoding")


def _checked(name: str, text: str, encoding: str, notice: str | None) -> SourceText:
    if not text.strip():
        raise SourceError(f"{name}: is empty; write some notes in it first")
    text, replaced = _without_surrogates(name, text)
    notices = "\n".join(line for line in (notice, replaced) if line)
    return SourceText(name, text, encoding, notices or None)


def _without_surrogates(name: str, text: str) -> tuple[str, str | None]:
    """``text`` with each lone surrogate (half of a UTF-16 pair: not a character, and no encoder takes
    it) replaced by U+FFFD, and what to say about it."""
    first = _SURROGATE.search(text)
    if first is None:
        return text, None
    line = text.count("\n", 0, first.start()) + 1
    count = len(_SURROGATE.findall(text))
    said = f"{name}:{line}: {counted(count, 'unpaired surrogate')} (U+{ord(first.group()):04X}) replaced by U+FFFD"
    return _SURROGATE.sub("\ufffd", text), f"{said}; they are not text (check the encoding)"


def _read_file(path: Path, encoding: str | None = None) -> SourceText:
    name = shown(path)
    try:
        data = read_regular(path, MAX_NOTES_BYTES)
    except NotRegularFile as error:
        raise SourceError(f"{name}: is {error.kind}, not a file; give the .md file of your notes") from None
    except TooLarge:
        raise SourceError(
            f"{name}: is larger than {MAX_NOTES_BYTES >> 20} MiB, more than notes ever are; split it into files"
        ) from None
    except OSError as error:
        raise SourceError(f"{name}: cannot be read ({error.strerror or error}); check that you may read it") from None
    source = _decode(name, data, encoding)
    if name != os.fspath(path):
        odd = path.name if shown(path.name) != path.name else os.fspath(path)  # the part that is not UTF-8
        read_as = decoded_name(odd)[1]
        said = f"{name}: file name is not UTF-8 ({as_bytes(odd)}){'; shown as GB18030' if read_as == 'gb18030' else ''}"
        notice = "\n".join(line for line in (said, source.notice) if line)
        source = SourceText(source.path, source.text, source.encoding, notice)
    return source


def _kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (``a folder``, ``a FIFO (named pipe)``), else None;
    a missing path is a :class:`SourceError`."""
    try:
        return kind_of(os.stat(path).st_mode)
    except FileNotFoundError:
        raise SourceError(f"{shown(path)}: no such file or folder; check the path") from None
    except (OSError, ValueError) as error:  # ValueError: a name no file system takes (a NUL, a lone surrogate)
        strerror = getattr(error, "strerror", None) or "not a file name"
        raise SourceError(f"{shown(path)}: cannot be read ({strerror}); check the path") from None


def _hidden(relative: Path) -> bool:
    """Whether a file lies in a hidden folder (``.obsidian``, ``.trash`` of a vault, ``.git``)."""
    return any(part.startswith(".") for part in relative.parts[:-1])


def _files(path: Path) -> list[Path]:
    kind = _kind(path)
    if kind != "a folder":
        return [path]  # a special file is refused by _read_file, unopened
    if not os.access(path, os.R_OK | os.X_OK):  # else rglob would quietly find nothing
        raise SourceError(f"{shown(path)}: folder cannot be read (permission denied); check that you may read it")
    files = []
    for found in sorted(path.rglob("*.md")):
        if _hidden(found.relative_to(path)):
            continue  # .obsidian, .trash: a vault's own folders hold no notes
        try:
            mode = os.stat(found).st_mode
        except OSError:
            continue  # a link to nothing
        if stat.S_ISREG(mode):
            files.append(found)
        elif not stat.S_ISDIR(mode):  # a folder named *.md is searched, not read
            raise SourceError(
                f"{shown(found)}: is {kind_of(mode)}, not a file; notes folders hold Markdown files (move it out)"
            )
    if not files:
        raise SourceError(f"{shown(path)}: folder holds no .md files; notes must be Markdown files ending in .md")
    return files


def read_sources(sources: Source | Iterable[Source], *, encoding: str | None = None) -> tuple[SourceText, ...]:
    """Read every source. A ``str`` holding a line break is Markdown text; anything else is a path,
    and a folder means every ``.md`` file below it (hidden folders such as a vault's ``.trash`` left
    out), in sorted order.

    Files are decoded as ``encoding`` when given, else by their byte-order mark (UTF-8, UTF-16,
    UTF-32), else as UTF-8, else as GB18030 (a superset of GBK/GB2312) with a
    :attr:`SourceText.notice` saying so. Only regular files are opened, and at most
    :data:`MAX_NOTES_BYTES` of each is read. Lone surrogates in the text (from a ``str`` given, or
    a codec such as UTF-7) are replaced by U+FFFD, with a notice."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    texts: list[SourceText] = []
    for source in sources:
        if isinstance(source, str) and "\n" in source:
            if not source.strip():
                raise SourceError(f"{TEXT}: is empty; write some notes in it first")
            text, replaced = _without_surrogates(TEXT, normalize(source))
            texts.append(SourceText(TEXT, text, notice=replaced))
            continue
        folder = str(source) if Path(source).is_dir() else str(Path(source).parent)
        texts.extend(replace(_read_file(path, encoding), folder=folder) for path in _files(Path(source)))
    if not texts:
        raise SourceError("no notes given: name a Markdown file or a folder of them")
    return tuple(texts)
