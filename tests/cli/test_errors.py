"""Every way a build can fail, through the CLI and through the API.

CLI: exit status 1, one line that names the path and says what to do, no traceback, last week's deck
byte-for-byte intact and no temporary file left beside it. API: the named exception of
:mod:`shizheng_anki.errors`.

Permission cases need a user whom permissions stop; the tests run as root in CI, so those run in a
forked child that has dropped to user ``nobody`` (root skips every permission check).
"""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, TESTS

from shizheng_anki import (
    NoNotesError,
    OutputError,
    ShizhengAnkiError,
    SourceError,
    atomic,  # imported before any fork: a child as nobody cannot read the stdlib
    build_deck,
)
from shizheng_anki.cli import main

OLD_DECK = b"PK\x03\x04 last week's deck, with review history"
NOBODY = 65534
NOTES = "# 笔记\n\n## 会议\n\n坚持**人民至上**。\n"


@dataclass
class Case:
    """A broken build: ``setup(folder)`` returns (notes path, output path); what the user must see."""

    setup: Callable[[Path], tuple[Path, Path]]
    error: type[ShizhengAnkiError]
    #: Words the message must hold, besides the path.
    says: str
    #: The path the message must name: "notes" or "output".
    names: str = "notes"
    #: Needs a user whom file permissions stop.
    unprivileged: bool = False


def _file(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _notes(folder: Path) -> Path:
    return _file(folder, "notes.md", NOTES)


def _unreadable_file(folder: Path) -> tuple[Path, Path]:
    path = _notes(folder)
    path.chmod(0)
    return path, folder / "deck.apkg"


def _unreadable_folder(folder: Path) -> tuple[Path, Path]:
    (folder / "notes").mkdir()
    _notes(folder / "notes")
    (folder / "notes").chmod(0)
    return folder / "notes", folder / "deck.apkg"


def _folder_without_md(folder: Path) -> tuple[Path, Path]:
    (folder / "notes").mkdir()
    _file(folder / "notes", "readme.txt", NOTES)
    return folder / "notes", folder / "deck.apkg"


def _unwritable_output(folder: Path) -> tuple[Path, Path]:
    (folder / "out").mkdir()
    (folder / "out" / "deck.apkg").write_bytes(OLD_DECK)
    (folder / "out").chmod(0o555)
    return _notes(folder), folder / "out" / "deck.apkg"


CASES = {
    "missing file": Case(lambda d: (d / "missing.md", d / "deck.apkg"), SourceError, "no such file"),
    "missing folder": Case(lambda d: (d / "missing" / "notes", d / "deck.apkg"), SourceError, "no such file"),
    "unreadable file": Case(_unreadable_file, SourceError, "cannot be read", unprivileged=True),
    "unreadable folder": Case(_unreadable_folder, SourceError, "cannot be read", unprivileged=True),
    "folder without .md": Case(_folder_without_md, SourceError, "no .md files"),
    "empty file": Case(lambda d: (_file(d, "e.md", b""), d / "deck.apkg"), SourceError, "empty"),
    "blank file": Case(lambda d: (_file(d, "b.md", " \n\t\n\u3000\n"), d / "deck.apkg"), SourceError, "empty"),
    "BOM only": Case(lambda d: (_file(d, "bom.md", b"\xef\xbb\xbf\n"), d / "deck.apkg"), SourceError, "empty"),
    "binary (PNG)": Case(
        lambda d: (_file(d, "p.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"), d / "deck.apkg"), SourceError, "binary"
    ),
    "binary (.docx)": Case(
        lambda d: (_file(d, "w.md", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa4"), d / "deck.apkg"),
        SourceError,
        "binary",
    ),
    "not text": Case(
        lambda d: (_file(d, "x.md", b"# \xc8\xab\xc3\xe6 \x80\x80\xff\xfe notes\n"), d / "deck.apkg"),
        SourceError,
        "UTF-8",
    ),
    "quotes and lists nested past the parser's recursion": Case(
        lambda d: (_file(d, "deep.md", "# 标题\n\n**提法**\n\n" + "> 引用\n- 列表\n\n" * 400), d / "deck.apkg"),
        SourceError,
        "nested too deeply",
    ),
    "nothing to learn": Case(
        lambda d: (_file(d, "n.md", "# 标题\n\n没有任何提法。\n"), d / "deck.apkg"), NoNotesError, "nothing to build"
    ),
    "output folder missing": Case(
        lambda d: (_notes(d), d / "no" / "deck.apkg"), OutputError, "does not exist", "output"
    ),
    "output folder is a file": Case(
        lambda d: (_notes(d), _file(d, "f", "x") / "deck.apkg"), OutputError, "not a folder", "output"
    ),
    "output folder not writable": Case(_unwritable_output, OutputError, "not writable", "output", unprivileged=True),
    "output is a folder": Case(
        lambda d: (_notes(d), (d / "deck.apkg").mkdir() or d / "deck.apkg"), OutputError, "is a folder", "output"
    ),
    "output is the notes": Case(lambda d: (_notes(d), d / "notes.md"), OutputError, "is one of the notes", "output"),
}


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder that user nobody may enter too (pytest's own tmp_path is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="shizheng-errors-"))
    path.chmod(0o755)
    yield path
    for below in [path, *path.rglob("*")]:
        if below.is_dir() and not below.is_symlink():
            below.chmod(0o755)
    shutil.rmtree(path)


def unprivileged(run: Callable[[], object]) -> object:
    """``run()``, as a user whom permissions stop: in-process when we are not root, else in a forked
    child that has become user nobody. Returns its result, or the exception it raised."""
    if os.geteuid() != 0:
        try:
            return run()
        except Exception as error:
            return error
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, report, never return into pytest
        try:
            os.close(read)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                payload = pickle.dumps(run())
            except Exception as error:
                payload = pickle.dumps(error)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(payload)


def _temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def _cli(notes: Path, output: Path, as_nobody: bool) -> tuple[int, str]:
    def run() -> tuple[int, str]:
        result = CliRunner().invoke(main, [str(notes), "-o", str(output)])
        return result.exit_code, result.output

    outcome = unprivileged(run) if as_nobody else run()
    assert isinstance(outcome, tuple), outcome
    return outcome


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_cli_says_one_line_naming_the_path_and_keeps_the_deck(case: Case, folder: Path) -> None:
    notes, output = case.setup(folder)
    if not output.exists() and output.parent.is_dir():
        output.write_bytes(OLD_DECK)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and os.access(p, os.R_OK)}
    code, text = _cli(notes, output, case.unprivileged)
    lines = text.strip().splitlines()
    assert code == 1, text
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    named = notes if case.names == "notes" else output
    assert str(named) in lines[0] and case.says in lines[0], lines[0]
    assert ";" in lines[0]  # the message goes on to say what to do
    assert "Traceback" not in text
    after = {p: p.read_bytes() for p in before}
    assert after == before  # last week's deck, and everything else, byte-for-byte
    assert _temporary_files(folder) == []


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_api_raises_the_named_exception(case: Case, folder: Path) -> None:
    notes, output = case.setup(folder)

    def run() -> object:
        return build_deck([notes]).write(output)

    outcome = unprivileged(run) if case.unprivileged else _raised(run)
    assert type(outcome) is case.error, outcome
    assert isinstance(outcome, ShizhengAnkiError) and case.says in str(outcome)


def _raised(run: Callable[[], object]) -> object:
    try:
        return run()
    except Exception as error:
        return error


def test_markdown_text_that_is_blank_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="<text>: is empty"):
        build_deck([" \n \n"])


def test_text_with_a_stray_nul_is_text_not_binary(folder: Path) -> None:
    notes = _file(folder, "pdf.md", "# 笔记\n\n坚持**人民\x00至上**。\n")  # copied out of a PDF
    (phrase,) = build_deck([notes]).documents[0].events[0].key_phrases
    assert phrase.text.replace("\x00", "").replace("\ufffd", "") == "人民至上"


# -- a build that fails while the deck is being written -------------------------------------------


class _HalfWrite:
    """The deck file being written: takes half the bytes, then fails as a full disk or Ctrl-C does."""

    def __init__(self, file: Any, error: BaseException) -> None:
        self.file, self.error = file, error

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise self.error

    def __enter__(self) -> _HalfWrite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


class _FailingOs:
    """``os`` as the atomic writer sees it, but every file it opens fails halfway through."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> _HalfWrite:
        return _HalfWrite(os.fdopen(fd, *args, **kwargs), self.error)


def _fail_writing(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    monkeypatch.setattr(atomic, "os", _FailingOs(error))


def test_a_full_disk_midway_leaves_the_old_deck(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _file(folder, "deck.apkg", OLD_DECK)
    _fail_writing(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = CliRunner().invoke(main, [str(EXAMPLE), "-o", str(output)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {output}: cannot be written (No space left on device)"]
    assert output.read_bytes() == OLD_DECK and _temporary_files(folder) == []
    with pytest.raises(OutputError, match="No space left"):
        build_deck([EXAMPLE]).write(output)
    assert output.read_bytes() == OLD_DECK and _temporary_files(folder) == []


def test_ctrl_c_midway_leaves_the_old_deck(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _file(folder, "deck.apkg", OLD_DECK)
    _fail_writing(monkeypatch, KeyboardInterrupt())
    result = CliRunner().invoke(main, [str(EXAMPLE), "-o", str(output)])
    assert result.exit_code == 1 and "Aborted!" in result.output and "Traceback" not in result.output
    assert output.read_bytes() == OLD_DECK and _temporary_files(folder) == []
    with pytest.raises(KeyboardInterrupt):  # the API does not swallow it
        build_deck([EXAMPLE]).write(output)
    assert output.read_bytes() == OLD_DECK and _temporary_files(folder) == []


@pytest.mark.parametrize(
    ("signal_name", "exit_code", "said"),
    [("SIGINT", 1, "Aborted!"), ("SIGTERM", 128 + 15, "")],
    ids=["ctrl-c", "kill"],
)
def test_a_real_signal_midway_leaves_the_old_deck(folder: Path, signal_name: str, exit_code: int, said: str) -> None:
    """The real thing: a separate process gets the signal while the deck file is being written."""
    output = _file(folder, "deck.apkg", OLD_DECK)
    script = (
        "import os, signal, sys, time\n"
        "sys.path[:0] = sys.argv.pop(1).split(os.pathsep)\n"
        "from test_errors import _FailingOs\n"
        "from shizheng_anki import atomic\n"
        "from shizheng_anki.cli import main\n"
        "class SignalOs(_FailingOs):\n"
        "    def fdopen(self, fd, *args, **kwargs):\n"
        "        file = super().fdopen(fd, *args, **kwargs)\n"
        "        write = file.file.write\n"
        "        def half_then_signal(data):\n"
        "            write(data[: len(data) // 2])\n"
        "            file.file.flush()\n"
        f"            os.kill(os.getpid(), signal.{signal_name})\n"
        "            time.sleep(5)\n"
        "            write(data[len(data) // 2 :])\n"
        "        file.write = half_then_signal\n"
        "        return file\n"
        "atomic.os = SignalOs(None)\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, f"{Path(__file__).parent}{os.pathsep}{TESTS}", str(EXAMPLE), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == exit_code and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert output.read_bytes() == OLD_DECK and _temporary_files(folder) == []


def test_a_failure_before_writing_leaves_no_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = folder / "new.apkg"
    _fail_writing(monkeypatch, OSError(errno.EIO, "Input/output error"))
    assert CliRunner().invoke(main, [str(EXAMPLE), "-o", str(output)]).exit_code == 1
    assert list(folder.iterdir()) == []


def test_a_temp_file_left_by_a_killed_run_is_removed_by_the_next(folder: Path) -> None:
    """``kill -9`` cannot clean up; the next build of the same deck does."""
    output = _file(folder, "deck.apkg", OLD_DECK)
    leftover = folder / ".deck.apkg.k1ll3d_x.tmp"  # mkstemp's name: 8 random characters
    leftover.write_bytes(b"half a deck")
    os.utime(leftover, (1, 1))  # long ago
    build_deck([EXAMPLE]).write(output)
    assert _temporary_files(folder) == [] and output.read_bytes() != OLD_DECK
