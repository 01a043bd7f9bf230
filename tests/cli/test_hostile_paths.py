"""Paths that are not what they seem: FIFOs, devices, sockets, links, odd names, killed runs.

Each case runs the command in a process of its own (a real FIFO or device; a time limit, so a hang
fails the test instead of stopping the run) and checks what a user sees: exit status, one line naming
the path, no traceback; that the FIFO, device or last week's deck is untouched; that no temporary file
is left beside the output or in the system's temporary folder (``TMPDIR``, private to each test). The
same cases through the API raise the named exception. As root (the tests run as root), ``/dev/null``
is the real one: it must never be replaced.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import Ran, anki_import, assert_inert, one_line_error, run_command

from shizheng_anki import OutputError, PreviousDeckError, SourceError, build_deck

NOTES = "# 笔记\n\n## 会议\n\n坚持**人民至上**。\n"


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    """A system temporary folder of the test's own (``TMPDIR`` of the runs): it must stay empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    return folder


def run(temp: Path, *args: str | bytes | Path, env: dict[str, str] | None = None) -> Ran:
    return run_command(*args, env={"TMPDIR": str(temp), **(env or {})})


def leftovers(*folders: Path) -> list[str]:
    """Temporary files (ours are hidden ``.<name>.<8 characters>.tmp``) and anything in a temp folder."""
    return sorted(
        p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp") or folder.name == "tmp"
    )


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def identity(path: Path) -> tuple[int, int, int, int]:
    """What a device or FIFO is: replaced, it would be another inode of another kind."""
    status = os.lstat(path)
    return status.st_ino, stat.S_IFMT(status.st_mode), status.st_rdev, status.st_size


# -- special files as notes -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["FIFO", "character device", "socket"])
def test_a_special_file_as_the_notes_is_refused_unopened(kind: str, work: Path, temp: Path) -> None:
    special = {"FIFO": lambda: fifo(work / "notes.fifo.md"), "character device": lambda: Path("/dev/zero")}
    if kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(work / "s.md"))
        path = work / "s.md"
    else:
        path = special[kind]()
    before = identity(path)
    line = one_line_error(run(temp, path, "-o", work / "deck.apkg"), str(path))
    assert f"is a {kind}" in line and "not a file" in line
    assert identity(path) == before and not (work / "deck.apkg").exists()
    assert leftovers(work, temp) == []
    with pytest.raises(SourceError, match=f"is a {kind}"):
        build_deck([path])


@pytest.mark.parametrize("target", ["fifo", "/dev/zero"])
def test_a_special_file_in_a_notes_folder_is_refused_by_name(target: str, work: Path, temp: Path) -> None:
    notes = work / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(NOTES, encoding="utf-8")
    odd = notes / "b.md"
    if target == "fifo":
        fifo(odd)
    else:
        odd.symlink_to(target)  # a link to a device: what it points to counts
    line = one_line_error(run(temp, notes, "-o", work / "deck.apkg"), str(odd))
    assert "not a file" in line and "move it out" in line
    with pytest.raises(SourceError, match=r"b\.md: is a"):
        build_deck([notes])
    (notes / "sub.md").mkdir()  # a folder named *.md is searched, not refused
    odd.unlink()
    assert run(temp, notes, "-o", work / "deck.apkg").code == 0


def test_a_notes_file_larger_than_any_notes_is_refused_unread(work: Path, temp: Path) -> None:
    huge = work / "huge.md"
    with huge.open("wb") as file:
        file.truncate((64 << 20) + 1)  # sparse: no disk, but 64 MiB and a byte
    line = one_line_error(run(temp, huge, "-o", work / "deck.apkg"), str(huge))
    assert "larger than 64 MiB" in line
    with pytest.raises(SourceError, match="larger than 64 MiB"):
        build_deck([huge])


# -- special files as outputs -----------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--preview"])
def test_dev_null_as_an_output_is_never_replaced(option: str, work: Path, temp: Path) -> None:
    """As root, renaming a file over /dev/null would replace the device: every later write by any
    program would fill a file."""
    assert os.geteuid() == 0 or not os.access("/dev", os.W_OK)
    before = identity(Path("/dev/null"))
    extra = ["-o", str(work / "deck.apkg")] if option == "--preview" else []
    line = one_line_error(run(temp, work / "notes.md", option, "/dev/null", *extra), "/dev/null")
    assert "is a character device, not a file; it is not replaced" in line
    assert identity(Path("/dev/null")) == before and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not any(name.startswith(".null.") for name in os.listdir("/dev"))
    result = build_deck([work / "notes.md"])
    with pytest.raises(OutputError, match="character device"):
        result.write("/dev/null")
    with pytest.raises(OutputError, match="character device"):
        result.write_preview("/dev/null")
    assert identity(Path("/dev/null")) == before


@pytest.mark.parametrize("option", ["-o", "--preview"])
def test_a_fifo_as_an_output_is_refused_unopened(option: str, work: Path, temp: Path) -> None:
    pipe = fifo(work / ("deck.apkg" if option == "-o" else "page.html"))
    extra = ["-o", str(work / "other.apkg")] if option == "--preview" else []
    line = one_line_error(run(temp, work / "notes.md", option, pipe, *extra), str(pipe))
    assert "is a FIFO (named pipe), not a file" in line
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and leftovers(work, temp) == []
    result = build_deck([work / "notes.md"])
    with pytest.raises(OutputError, match="FIFO"):
        result.write(pipe) if option == "-o" else result.write_preview(pipe)


def test_a_fifo_or_device_as_the_previous_deck_is_refused_unopened(work: Path, temp: Path) -> None:
    for previous, kind in (
        (fifo(work / "last.apkg"), "a FIFO (named pipe)"),
        (Path("/dev/zero"), "a character device"),
    ):
        line = one_line_error(
            run(temp, work / "notes.md", "-o", work / "deck.apkg", "--previous", previous), str(previous)
        )
        assert line.endswith(f"{previous}: cannot be read as an Anki deck: it is {kind}, not a file")
        assert not (work / "deck.apkg").exists() and leftovers(work, temp) == []
        with pytest.raises(PreviousDeckError, match=re.escape(f"it is {kind}")):
            build_deck([work / "notes.md"]).compare(previous, required=True)


def test_a_previous_deck_larger_than_any_deck_is_refused_unread(work: Path, temp: Path) -> None:
    huge = work / "last.apkg"
    with huge.open("wb") as file:
        file.truncate((1 << 30) + 1)
    line = one_line_error(run(temp, work / "notes.md", "-o", work / "deck.apkg", "--previous", huge), str(huge))
    assert "cannot be read as an Anki deck: it is larger than 1024 MiB" in line


# -- output paths -----------------------------------------------------------------------------------------


def test_an_output_through_a_symbolic_link_is_written_to_its_target(work: Path, temp: Path) -> None:
    """The link stays a link; the file it points to is the deck (and last week's deck, compared)."""
    (work / "synced").mkdir()
    real = work / "synced" / "时政.apkg"
    link = work / "时政.apkg"
    link.symlink_to(Path("synced") / "时政.apkg")  # relative, as people make them
    first = run(temp, work / "notes.md", "-o", link)
    assert first.code == 0, first.output
    assert link.is_symlink() and real.is_file() and real.stat().st_size > 0
    again = run(temp, work / "notes.md", "-o", link)
    assert again.code == 0 and f"compared with {link}: 0 new, 0 changed, 1 unchanged" in again.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("synced") / "时政.apkg")
    assert leftovers(work, work / "synced", temp) == []
    second_link = work / "again.apkg"
    second_link.symlink_to(link)  # a chain of links, followed to its end
    assert build_deck([work / "notes.md"]).write(second_link) == real and second_link.is_symlink()


def test_a_link_another_user_left_in_a_shared_folder_is_not_followed(work: Path, temp: Path) -> None:
    """In a sticky folder anyone may write (/tmp), another user's link could point at any file root may
    write: refused, as the kernel's protected_symlinks refuses to open through it."""
    shared = work / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    victim = work / "victim.apkg"
    victim.write_bytes(b"not to be replaced")
    trap = shared / "deck.apkg"
    trap.symlink_to(victim)
    os.lchown(trap, 65534, 65534)  # made by user nobody
    line = one_line_error(run(temp, work / "notes.md", "-o", trap), str(trap))
    assert "another user made in the shared folder" in line
    assert victim.read_bytes() == b"not to be replaced" and trap.is_symlink()
    with pytest.raises(OutputError, match="is not followed"):
        build_deck([work / "notes.md"]).write(trap)
    os.lchown(trap, 0, 0)  # our own link there is followed
    assert run(temp, work / "notes.md", "-o", trap).code == 0 and victim.read_bytes() != b"not to be replaced"


def test_a_preview_never_replaces_a_deck_or_the_notes(work: Path, temp: Path) -> None:
    last = work / "last.apkg"
    assert run(temp, work / "notes.md", "-o", last).code == 0
    kept = last.read_bytes()
    notes = work / "notes.md"
    cases = {
        "the previous deck": (["--previous", last, "-o", work / "new.apkg"], "is also the previous deck (--previous)"),
        "the output deck": (["-o", last], "is also the deck (-o)"),
        "a notes file": (["-o", work / "new.apkg"], "is one of the notes files"),
    }
    for what, (args, says) in cases.items():
        preview = notes if what == "a notes file" else last
        line = one_line_error(run(temp, notes, *args, "--preview", preview), f"{preview}: {says}")
        assert last.read_bytes() == kept and notes.read_text(encoding="utf-8") == NOTES, what
        assert not (work / "new.apkg").exists() and leftovers(work, temp) == [], line
    result = build_deck([notes])
    for target, says in ((last, r"does not end in \.html"), (notes, "is one of the notes files")):
        with pytest.raises(OutputError, match=says):
            result.write_preview(target)
    assert last.read_bytes() == kept


def test_a_deck_name_must_end_in_apkg(work: Path, temp: Path) -> None:
    line = one_line_error(run(temp, work / "notes.md", "-o", work / "deck.txt"), str(work / "deck.txt"))
    assert "does not end in .apkg; give a name such as notes.apkg" in line
    assert not (work / "deck.txt").exists()
    with pytest.raises(OutputError, match=r"does not end in \.apkg"):
        build_deck([work / "notes.md"]).write(work / "deck")
    assert run(temp, work / "notes.md", "-o", work / "DECK.APKG").code == 0  # any case


@pytest.mark.parametrize("name", ["时政[2024].apkg", "*.apkg", "?.apkg", "a]b[c.apkg"])
def test_stale_temporary_files_are_told_by_their_exact_name(name: str, work: Path, temp: Path) -> None:
    """A killed run's temporary file of this deck is removed by the next build; nothing else is, however
    the deck is named (a pattern built from ``时政[2024].apkg`` matched none of its own files, and
    ``*`` matched everyone's)."""
    own = work / f".{name}.k1ll3d_x.tmp"
    others = [work / ".other.apkg.k1ll3d_x.tmp", work / "x.tmp", work / f".{name}.short.tmp", work / f"{name}.tmp"]
    for path in [own, *others]:
        path.write_bytes(b"left")
        os.utime(path, (1, 1))
    done = run(temp, work / "notes.md", "-o", work / name)
    assert done.code == 0, done.output
    assert not own.exists() and all(path.read_bytes() == b"left" for path in others)
    assert (work / name).is_file()
    star = one_line_error(run(temp, work / "notes.md", "-o", work / "*"), str(work / "*"))
    assert "does not end in .apkg" in star and all(path.exists() for path in others)


# -- a killed run ------------------------------------------------------------------------------------------

KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from shizheng_anki.package import apkg, reading
    from shizheng_anki.cli import main

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    where = sys.argv.pop(1)
    if where == "writing":  # the collection is made in the scratch file; then kill -9
        write = apkg._write_database
        def write_then_die(database, *args):
            write(database, *args)
            killed()
        apkg._write_database = write_then_die
    else:  # last week's collection is unpacked; then kill -9
        reading._read_collection = killed
    main()
    """
)


@pytest.mark.parametrize("where", ["writing", "reading"])
def test_a_killed_run_leaves_its_scratch_collection_beside_the_deck_for_the_next_run(
    where: str, work: Path, temp: Path
) -> None:
    deck = work / "deck.apkg"
    assert run(temp, work / "notes.md", "-o", deck).code == 0
    last_week = deck.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", KILLED, where, str(work / "notes.md"), "-o", str(deck)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert done.returncode == -signal.SIGKILL
    assert deck.read_bytes() == last_week and os.listdir(temp) == []  # nothing in the system's temp folder
    (scratch,) = [p for p in work.iterdir() if p.name.endswith(".tmp")]
    assert scratch.name.startswith(".deck.apkg.") and scratch.stat().st_size > 0  # hidden, named after the deck
    os.utime(scratch, (1, 1))  # the next build, later
    assert run(temp, work / "notes.md", "-o", deck).code == 0
    assert leftovers(work, temp) == []


# -- a deck that builds is one Anki shows -------------------------------------------------------------------


def test_decks_written_through_odd_paths_import_into_anki(work: Path, temp: Path, tmp_path: Path) -> None:
    deck = work / "时政[2024].apkg"
    assert run(temp, work / "notes.md", "-o", deck).code == 0
    imported = anki_import(deck, tmp_path / "collection.anki2")
    assert [card.question.splitlines()[-1] for card in imported.cards] == ["坚持[...]。"]
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)
