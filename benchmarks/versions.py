"""Two versions of shizheng-anki, benchmarked in the same run on the same machine: the build's ratio to
the floor (benchmarks/bench.py) for each, alternately, so that the machine's noise hits both alike.

    python benchmarks/versions.py OLD_TREE [NEW_TREE] [--rounds 2] [--mib 1]

A tree is a checkout of the repository (``git worktree add /tmp/old <commit>``); each is benchmarked
with its own ``benchmarks/bench.py`` and its own package (put first on ``PYTHONPATH``), with this
Python and the packages installed in it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ratio(tree: Path, mib: float) -> tuple[float, float]:
    """(build ÷ floor, weekly rebuild ÷ floor) of one ``bench.py`` run of ``tree``."""
    done = subprocess.run(
        [sys.executable, str(tree / "benchmarks" / "bench.py"), "--quick", "--repeats", "3"],
        env=os.environ | {"PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    )
    row = next(line for line in done.stdout.splitlines() if re.match(rf"\|\s*{mib:g} MiB", line))
    # bench.py's table: corpus | files | notes | floor s | tool s | time × floor | rebuild s | …
    cells = [cell.strip(" *") for cell in row.strip().strip("|").split("|")]
    floor, tool, rebuild = float(cells[3]), float(cells[4]), float(cells[6])
    return tool / floor, rebuild / floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--mib", type=float, default=1)
    arguments = parser.parse_args()
    found: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    for _ in range(arguments.rounds):
        for name in ("old", "new"):
            found[name].append(ratio(getattr(arguments, name), arguments.mib))
    for name in ("old", "new"):
        builds = [build for build, _ in found[name]]
        rebuilds = [rebuild for _, rebuild in found[name]]
        print(
            f"{name}: build {statistics.median(builds):.2f}× the floor (runs {', '.join(f'{b:.2f}' for b in builds)}), "
            f"weekly rebuild {statistics.median(rebuilds):.2f}× (runs {', '.join(f'{r:.2f}' for r in rebuilds)})"
        )


if __name__ == "__main__":
    main()
