"""The parse cache trusts nothing it reads: entries are data checked against their types (never a
pickle, which runs code), read only from a folder no one else may write, only when they are regular
files; the prune removes only the cache's own files."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import stat
import time
from pathlib import Path

import pytest
from conftest import CORPUS, EXAMPLE, run_command

from shizheng_anki import build_deck
from shizheng_anki.cache import ParseCache, decode, encode
from shizheng_anki.extract import extract_parsed
from shizheng_anki.marks import MARKS
from shizheng_anki.read import read_sources


class _Planted:
    """What an attacker's pickle does when it is loaded: run a command."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.proof}",))


def _entry(cache: Path, notes: Path) -> Path:
    (source,) = read_sources([notes])
    return cache / f"{ParseCache(cache).key(source.text, source.path, MARKS)}.parsed"


def test_a_planted_pickle_runs_nothing(tmp_path: Path, parsed_files: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    proof = tmp_path / "pwned"
    _entry(cache, EXAMPLE).write_bytes(pickle.dumps(_Planted(proof)))
    expected = build_deck([EXAMPLE]).to_json()
    parsed_files.clear()
    assert build_deck([EXAMPLE], cache=cache).to_json() == expected
    assert not proof.exists() and parsed_files == [EXAMPLE.name]  # read as data, found wrong, parsed again
    assert decode(_entry(cache, EXAMPLE).read_bytes())[0].title == "2024年12月时政"  # and replaced


def _signed(data: bytes) -> bytes:
    """An entry as :func:`encode` frames it: the SHA-256 of the JSON, then the JSON."""
    return hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def test_a_crafted_entry_of_the_wrong_types_is_parsed_again(tmp_path: Path, parsed_files: list[str]) -> None:
    """The digest tells damage; whoever could forge it (only the folder's owner may write there) still
    gets no further than the type checks: a value of the wrong type is a wrong entry, parsed again."""
    cache = tmp_path / "cache"
    build_deck([EXAMPLE], cache=cache)
    entry = _entry(cache, EXAMPLE)
    digest, _, good = entry.read_bytes().partition(b"\n")
    assert digest == hashlib.sha256(good).hexdigest().encode()
    expected = build_deck([EXAMPLE]).to_json()
    month = b'"2024-12"'
    assert month in good
    for crafted in (
        good.replace(month, b"202412", 1),  # a number where a text or null goes
        good.replace(month, b'["2024-12"]', 1),  # a list where a text goes
        good.replace(b"true", b'"yes"', 1),  # text where true or false goes
        good.replace(b'"heading"', b'"script"', 1),  # a kind of block there is not
        good[:-1] + b",1]",  # a field too many
        b'[[],[{"__class__":"os.system"},[]]]',
        b"[[1],[[],[]]]",  # a table of texts that holds a number
        b"[" * 100_000 + b"]" * 100_000,
    ):
        entry.write_bytes(_signed(crafted))
        parsed_files.clear()
        assert build_deck([EXAMPLE], cache=cache).to_json() == expected
        assert parsed_files == [EXAMPLE.name], crafted[:80]
    entry.write_bytes(_signed(good))
    parsed_files.clear()
    build_deck([EXAMPLE], cache=cache)
    assert parsed_files == []  # the same bytes, signed again: read


@pytest.mark.parametrize("kind", ["writable by others", "another user's"])
def test_a_folder_others_may_write_is_not_used(kind: str, tmp_path: Path, parsed_files: list[str]) -> None:
    """As ssh and pip refuse theirs: another user's entries could make the deck say what they chose."""
    cache = tmp_path / "cache"
    build_deck([EXAMPLE], cache=cache)
    if kind == "writable by others":
        cache.chmod(0o777)
        says = f"{cache}: parse cache not used: other users may write to the folder (run chmod go-w {cache})"
    else:
        os.chown(cache, 65534, 65534)
        says = f"{cache}: parse cache not used: the folder belongs to another user; choose your own with --cache-dir"
    entries = sorted(p.name for p in cache.iterdir())
    parsed_files.clear()
    result = build_deck([EXAMPLE, CORPUS / "2021-11-shizheng-liyuan837.md"], cache=cache)
    assert parsed_files == [EXAMPLE.name, "2021-11-shizheng-liyuan837.md"] and result.cached == 0
    assert [notice for notice in result.notices if "parse cache" in notice] == [says + "; every file is parsed"]
    assert sorted(p.name for p in cache.iterdir()) == entries  # nothing written there either


def test_a_new_cache_folder_is_the_users_alone(tmp_path: Path) -> None:
    build_deck([EXAMPLE], cache=tmp_path / "new" / "cache")
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) == 0o700


@pytest.mark.parametrize("kind", ["FIFO", "link to /dev/zero", "link to a FIFO"])
def test_a_special_file_as_an_entry_is_skipped_and_replaced(kind: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    entry = _entry(cache, EXAMPLE)
    if kind == "FIFO":
        os.mkfifo(entry)
    elif kind == "link to /dev/zero":
        entry.symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "pipe")
        entry.symlink_to(tmp_path / "pipe")
    ran = run_command(EXAMPLE, "--dry-run", "--cache-dir", cache, timeout=60)
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    assert stat.S_ISREG(os.lstat(entry).st_mode)  # the entry written in its place, the link replaced
    assert decode(entry.read_bytes())[0].title == "2024年12月时政"
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


def test_the_prune_removes_only_the_caches_own_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_deck([EXAMPLE], cache=cache)
    old = time.time() - 90 * 24 * 3600
    (entry,) = cache.glob("*.parsed")
    own = [entry, cache / f".{entry.name}.k1ll3d_x.tmp"]
    others = [cache / "notes.tmp", cache / ".notes.md.abcdefgh.tmp", cache / "x.parsed", cache / f"{entry.name}.bak"]
    os.mkfifo(
        cache / f".{'0' * 64}.parsed.fifo_x_y.tmp"
    )  # a FIFO named like one of ours: the prune stats it, never opens it
    for path in own[1:] + others:
        path.write_bytes(b"old")
    for path in own + others:
        os.utime(path, (old, old))
    ParseCache(cache).prune()
    assert not any(path.exists() for path in own)
    assert all(path.read_bytes() == b"old" for path in others)


def test_entries_are_data_that_round_trip_exactly() -> None:
    for path in [EXAMPLE, *sorted(CORPUS.glob("*.md"))]:
        (source,) = read_sources([path])
        parsed = extract_parsed(source.text, source.path)
        back = decode(encode(parsed))
        assert back == parsed, path.name
        assert [line.text for block in back[1] for line in block.lines] == [
            line.text for block in parsed[1] for line in block.lines
        ]


def test_reading_the_cache_is_much_faster_than_parsing(tmp_path: Path) -> None:
    """What the cache is for. On the 10 MiB benchmark corpus (``benchmarks/cache_speed.py``) reading
    took 0.75 s of CPU and parsing 3.1 s (4.2×; the pickles it replaced read in about 0.35 s). Here, on
    the corpus files three times over: reading in at most 1/2.5 of the parsing time (CPU time, so that
    other work on the machine counts for neither)."""
    sources = read_sources([EXAMPLE, *sorted(CORPUS.glob("*.md"))])
    cache = ParseCache(tmp_path / "cache")
    keys = [cache.key(source.text, source.path, MARKS) for source in sources]
    gc.disable()  # as the command runs: the collector's passes over new objects would count for both
    try:
        start = time.process_time()
        for _ in range(3):
            parsed = [extract_parsed(source.text, source.path) for source in sources]
        parsing = time.process_time() - start
        for key, entry in zip(keys, parsed):
            cache.store(key, entry)
        start = time.process_time()
        for _ in range(3):
            loaded = [cache.load(key) for key in keys]
        reading = time.process_time() - start
    finally:
        gc.enable()
    assert loaded == parsed
    assert reading < parsing / 2.5, (reading, parsing)
    shutil.rmtree(tmp_path / "cache")
