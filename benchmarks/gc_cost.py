"""What Python's cycle collector costs ``build_deck`` (and writing the deck) on the benchmark's corpus.

    python benchmarks/gc_cost.py            # 10 MiB corpus, 3 alternating runs each way
    python benchmarks/gc_cost.py --mib 1 --repeats 5

The library leaves the collector as its caller set it (a library changes no process-wide state); the
``shizheng-anki`` command switches it off for its own one-build process. This measures the difference
for a program that calls the API with the collector on (Python's default): each way runs in a process
of its own, alternately, and the CPU time (user + system) of the build and write is compared, which a
busy machine disturbs less than the wall clock.

That difference is small beside the build, so other work on the machine blurs it. Two figures say it
more steadily: the time spent inside the collector (timed from ``gc.callbacks``, in the runs with it
on), and — the same on every machine and every run — how many objects its collections walked (in one
more run, counting each collection's generations as it starts), with the number of full collections.
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
way = sys.argv[4]
if way == "off":
    gc.disable()
inside = [0.0, 0.0]  # seconds in the collector; when the current collection started
walked = [0, 0]  # objects the collections walked; full collections


def timed(phase, info):
    if phase == "start":
        inside[1] = time.perf_counter()
    else:
        inside[0] += time.perf_counter() - inside[1]


def counted(phase, info):
    if phase == "start":
        walked[0] += sum(len(gc.get_objects(generation)) for generation in range(info["generation"] + 1))
        walked[1] += info["generation"] == 2


if way == "on":
    gc.callbacks.append(timed)
elif way == "count":
    gc.callbacks.append(counted)
from shizheng_anki import build_deck
before = resource.getrusage(resource.RUSAGE_SELF)
collections = sum(stat["collections"] for stat in gc.get_stats())
result = build_deck([sys.argv[2]])
result.write(sys.argv[3])
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(json.dumps({"cpu": cpu, "notes": len(result.notes), "inside": inside[0], "walked": walked[0],
                  "full": walked[1],
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
        runs: dict[str, list[dict[str, float]]] = {"on": [], "off": [], "count": []}
        for repeat in range(arguments.repeats):
            for way in ("on", "off", "count") if repeat == 0 else ("on", "off"):
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
    inside = statistics.median(run["inside"] for run in runs["on"])
    print(f"time inside the collector (median of the runs with it on): {inside:.2f} s")
    count = runs["count"][0]
    print(f"objects its collections walked: {int(count['walked']):,}, in {int(count['full'])} full collections")


if __name__ == "__main__":
    main()
