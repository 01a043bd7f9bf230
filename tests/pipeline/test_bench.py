"""``benchmarks/bench.py`` compares like with like: the floor writes the very notes the tool writes."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

BENCH = ROOT / "benchmarks" / "bench.py"


def note_count(apkg: Path, folder: Path) -> int:
    with zipfile.ZipFile(apkg) as archive:
        database = archive.extract("collection.anki2", folder)
    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("SELECT count(*) FROM notes").fetchone()[0])
    finally:
        connection.close()


def test_the_benchmark_runs_floor_and_tool_on_the_same_notes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench
    spec.loader.exec_module(bench)

    result = bench.bench_corpus(tmp_path, 0.03, 1)  # about 30 KiB: three months of the example
    assert result["files"] == 3
    floor = note_count(tmp_path / "floor-0.03.apkg", tmp_path / "floor")
    tool = note_count(tmp_path / "tool-0.03.apkg", tmp_path / "tool")
    assert floor == result["notes"] == 3 * 110  # every copy's facts are notes of their own
    assert tool == floor + 1  # the rebuild's edit: one phrase added to one file
    assert result["floor_s"] > 0 and result["tool_s"] > 0 and result["rebuild_s"] > 0
    assert 0 < result["size_ratio"] < 0.4 and result["memory_ratio"] > 0
