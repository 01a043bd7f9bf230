"""The parse cache on the 10 MiB benchmark corpus: parsing every file against reading it back.

    python benchmarks/cache_speed.py          # 10 MiB, three rounds
    python benchmarks/cache_speed.py --mib 1

CPU seconds (``time.process_time``) of one process with the cycle collector off, as the command runs:
parsing and extracting every file (``extract_parsed``), writing every entry (``ParseCache.store``) and
reading every entry back (``ParseCache.load``: the file read, the digest checked, the JSON parsed and
every value checked against its type). The fastest of the rounds is printed. The corpus is the one
``bench.py`` makes.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus

from shizheng_anki.cache import ParseCache
from shizheng_anki.extract import extract_parsed
from shizheng_anki.marks import MARKS
from shizheng_anki.read import read_sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gc.disable()
    work = Path(tempfile.mkdtemp(prefix="cache-speed-"))
    try:
        make_corpus(work / "notes", int(args.mib * (1 << 20)))
        sources = read_sources([work / "notes"])
        keys = [ParseCache(work).key(s.text, s.path, MARKS) for s in sources]
        times: dict[str, list[float]] = {"parse and extract": [], "write the cache": [], "read the cache": []}
        for round_ in range(args.rounds):
            cache = ParseCache(work / f"cache{round_}")
            start = time.process_time()
            parsed = [extract_parsed(s.text, s.path) for s in sources]
            times["parse and extract"].append(time.process_time() - start)
            start = time.process_time()
            for key, entry in zip(keys, parsed):
                cache.store(key, entry)
            times["write the cache"].append(time.process_time() - start)
            start = time.process_time()
            loaded = [cache.load(key) for key in keys]
            times["read the cache"].append(time.process_time() - start)
            assert loaded == parsed, "an entry read back differs from what was written"
        size = sum(p.stat().st_size for p in (work / "cache0").iterdir())
        notes = sum(len(s.text.encode("utf-8")) for s in sources)
        print(f"{len(sources)} files, {notes / (1 << 20):.1f} MiB of notes, entries {size / (1 << 20):.1f} MiB")
        for name, seconds in times.items():
            print(f"{name}: {min(seconds):.2f} s CPU (fastest of {args.rounds})")
        ratio = min(times["parse and extract"]) / min(times["read the cache"])
        print(f"reading the cache is {ratio:.1f}× faster than parsing")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
