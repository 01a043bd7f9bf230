"""The notes that once made a build's cost quadratic (issue 13), built at n and 4n: CPU seconds of the
whole build (``build_deck``) each, in a process of its own.

    python benchmarks/pathology.py                 # every case at the issue's sizes (a few minutes)
    python benchmarks/pathology.py list-items 5000 # one case at n = 5,000 (and 20,000)
    python benchmarks/pathology.py --profile list-items 5000  # and where the 4n build spends its time

Linear work grows about 4× from n to 4n, quadratic work 16×. ``tests/pipeline/test_pathology.py``
checks the same notes stage by stage at n = 5,000.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shizheng_anki import build_deck

#: Each case: the notes of size n, and the n the issue measured.
CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "headings": (lambda n: "# 标题\n\n" + "".join(f"## 事件{i}\n\n坚持**提法{i}**。\n\n" for i in range(n)), 25_000),
    "marked-paragraphs": (
        lambda n: "# 段落\n\n## 会议\n\n" + "".join(f"坚持**提法{i}**。\n\n" for i in range(n)),
        20_000,
    ),
    "phrases-in-one-sentence": (
        lambda n: "# 长句\n\n## 会议\n\n" + "".join(f"推进{i}**高质量{i}**发展" for i in range(n)) + "。\n",
        10_000,
    ),
    "yi-shi-in-one-line": (lambda n: "# 一是\n\n## 会议\n\n坚持**提法**。\n\n会议强调" + "，一是" * n + "。\n", 5_000),
    "list-items": (
        lambda n: "# 长列表\n\n## 会议\n\n会议提出以下要点：\n\n" + "".join(f"- 要点内容{i}\n" for i in range(n)),
        5_000,
    ),
}


def cpu_seconds(case: str, n: int, profile: bool = False) -> float:
    markdown = CASES[case][0](n)
    profiler = cProfile.Profile() if profile else None
    start = time.process_time()
    if profiler is not None:
        profiler.enable()
    build_deck([markdown])
    seconds = time.process_time() - start
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", nargs="?", choices=sorted(CASES))
    parser.add_argument("n", nargs="?", type=int)
    parser.add_argument("--profile", action="store_true", help="profile the 4n build")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a single build, in this process
    args = parser.parse_args()
    if args.one:
        print(f"{cpu_seconds(args.case, args.n, args.profile):.2f}")
        return
    for case in [args.case] if args.case else list(CASES):
        n = args.n or CASES[case][1]
        figures = []
        for size, profile in ((n, False), (4 * n, args.profile)):
            command = [sys.executable, __file__, case, str(size), "--one"] + (["--profile"] if profile else [])
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            if profile:
                print(output)
            figures.append(float(output.split()[-1]))
        small, large = figures
        print(f"{case:24} n={n:>6}: {small:7.2f} s   4n={4 * n:>6}: {large:7.2f} s   ×{large / small:.1f}")


if __name__ == "__main__":
    main()
