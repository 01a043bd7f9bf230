"""What Python's cycle collector costs ``build_deck`` (and writing the deck) on the benchmark's corpus.

    python benchmarks/gc_cost.py            # 10 MiB corpus, 3 alternating runs each way
    python benchmarks/gc_cost.py --mib 1 --repeats 5

The library leaves the collector as its caller set it (a library changes no process-wide state); the
``shizheng-anki`` command switches it off for its own one-build process. This measures the difference
for a program that calls the API with the collector on (Python's default): each way runs in a process
of its own, alternately, and the CPU time (user + system) of the build and write is compared, which a
busy machine disturbs less than the wall clock.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import make_corpus  # the benchmark's own corpus

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import gc, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
if sys.argv[4] == "off":
    gc.disable()
from shizheng_anki import build_deck
before = resource.getrusage(resource.RUSAGE_SELF)
collections = sum(stat["collections"] for stat in gc.get_stats())
result = build_deck([sys.argv[2]])
result.write(sys.argv[3])
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({"cpu": cpu, "notes": len(result.notes),
                  "collections": sum(stat["collections"] for stat in gc.get_stats()) - collections}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "corpus"
        files = make_corpus(folder, int(arguments.mib * (1 << 20)))
        runs: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
        for _ in range(arguments.repeats):
            for way in ("on", "off"):
                out = Path(work) / f"{way}.apkg"
                out.unlink(missing_ok=True)
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(ROOT), str(folder), str(out), way],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[way].append(json.loads(done.stdout))
    on = statistics.median(run["cpu"] for run in runs["on"])
    off = statistics.median(run["cpu"] for run in runs["off"])
    print(
        f"{arguments.mib:g} MiB corpus, {files} files, {int(runs['on'][0]['notes'])} notes, {arguments.repeats} runs each"
    )
    print(f"collector on (the API's default): {on:.2f} s CPU, {int(runs['on'][0]['collections'])} collections")
    print(f"collector off (as the command runs): {off:.2f} s CPU")
    print(f"the collector costs {on - off:.2f} s, {100 * (on - off) / off:.0f}% of a build with it off")


if __name__ == "__main__":
    main()
