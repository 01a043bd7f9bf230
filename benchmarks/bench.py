"""Benchmark: shizheng-anki against the floor every converter pays.

    python benchmarks/bench.py            # 1 MiB and 10 MiB corpora, a few alternating runs each
    python benchmarks/bench.py --quick    # 1 MiB only, fewer runs

The floor is what no Markdown → Anki converter can avoid: parsing the same Markdown once with stock
mistune and writing the same number of notes, of the same total field size, with genanki's default
writer. Floor and tool each run as a whole process (interpreter start-up included), alternately, and
the medians are compared. Peak memory is each process's own maximum resident set (``wait4``).

The corpora are the reference notes (examples/2024-12-shizheng.md) copied into one file per month,
with the title and every event heading varied, so that every copy's facts are distinct notes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-12-shizheng.md"
MIB = 1 << 20

FLOOR = r'''
import sys, genanki, mistune
from pathlib import Path
folder, out, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
md = mistune.create_markdown(renderer=None)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.md"))]
for text in texts:
    md(text)
source = "".join(texts)
model = genanki.Model(1607392319, "floor", fields=[{"name": "Text"}, {"name": "Extra"}],
                      templates=[{"name": "c", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}{{Extra}}"}],
                      model_type=genanki.Model.CLOZE)
deck = genanki.Deck(2059400110, "floor")
for i in range(count):
    start = (i * size) % max(1, len(source) - size)
    body = source[start:start + size // 2]
    deck.add_note(genanki.Note(model=model, fields=["{{c1::%d}}" % i + body, source[start + size // 2:start + size]], guid=str(i)))
genanki.Package(deck).write_to_file(out)
'''


def make_corpus(folder: Path, target_bytes: int) -> int:
    """Write monthly copies of the reference notes until ``target_bytes``; return the file count."""
    template = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    written = copies = 0
    while written < target_bytes:
        copies += 1
        year, month = 2000 + copies // 12, copies % 12 + 1
        text = template.replace("# 2024年12月时政", f"# {year}年{month}月时政（第{copies}辑）", 1)
        text = re.sub(r"^## (.+)$", lambda m: f"## {m.group(1)}（{year}年{month}月）", text, flags=re.M)
        path = folder / f"{year}-{month:02d}-{copies:04d}.md"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return copies


def run(argv: list[str]) -> tuple[float, int]:
    """Run a whole process; return (seconds, peak RSS in bytes) of that process alone."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{argv} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss * 1024


def note_stats(folder: Path) -> tuple[int, int]:
    """How many notes the tool makes from the corpus, and their mean total field length."""
    done = subprocess.run([sys.executable, "-m", "shizheng_anki", str(folder), "--dry-run", "--json"],
                          capture_output=True, text=True, check=True)
    notes = json.loads(done.stdout)["notes"]
    return len(notes), sum(len("".join(n["fields"].values())) for n in notes) // max(1, len(notes))


def deflated_size(path: Path) -> int:
    """What the genanki package would weigh with its entries deflated."""
    out = path.with_suffix(".deflated")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return out.stat().st_size


def bench_corpus(work: Path, mib: int, repeats: int) -> dict[str, float]:
    folder = work / f"corpus-{mib}mib"
    files = make_corpus(folder, mib * MIB)
    count, size = note_stats(folder)
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    floor_out, tool_out = work / f"floor-{mib}.apkg", work / f"tool-{mib}.apkg"
    floor_runs, tool_runs = [], []
    for _ in range(repeats):  # alternate, so that machine noise hits both alike
        floor_runs.append(run([sys.executable, str(floor_script), str(folder), str(floor_out), str(count), str(size)]))
        tool_runs.append(run([sys.executable, "-m", "shizheng_anki", str(folder), "-o", str(tool_out), "--quiet"]
                             if _supports_quiet() else [sys.executable, "-m", "shizheng_anki", str(folder), "-o", str(tool_out)]))
    floor_time = statistics.median(t for t, _ in floor_runs)
    tool_time = statistics.median(t for t, _ in tool_runs)
    floor_mem = statistics.median(m for _, m in floor_runs)
    tool_mem = statistics.median(m for _, m in tool_runs)
    return {
        "mib": mib, "files": files, "notes": count,
        "floor_s": floor_time, "tool_s": tool_time, "time_ratio": tool_time / floor_time,
        "floor_peak_mib": floor_mem / MIB, "tool_peak_mib": tool_mem / MIB, "memory_ratio": tool_mem / floor_mem,
        "genanki_apkg_mib": floor_out.stat().st_size / MIB, "genanki_deflated_mib": deflated_size(floor_out) / MIB,
        "tool_apkg_mib": tool_out.stat().st_size / MIB,
        "size_ratio": tool_out.stat().st_size / floor_out.stat().st_size,
    }


_QUIET: bool | None = None


def _supports_quiet() -> bool:
    global _QUIET
    if _QUIET is None:
        help_text = subprocess.run([sys.executable, "-m", "shizheng_anki", "--help"], capture_output=True, text=True).stdout
        _QUIET = "--quiet" in help_text
    return _QUIET


def bench_startup(repeats: int) -> dict[str, float]:
    exe = shutil.which("shizheng-anki") or ""
    ours = [sys.executable, "-m", "shizheng_anki", "--help"] if not exe else [exe, "--help"]
    click_runs, ours_runs = [], []
    for _ in range(repeats):
        click_runs.append(run([sys.executable, "-c", "import click"])[0])
        ours_runs.append(run(ours)[0])
    click_time, ours_time = statistics.median(click_runs), statistics.median(ours_runs)
    return {"import_click_s": click_time, "help_s": ours_time, "help_ratio": ours_time / click_time}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 MiB only, fewer runs")
    parser.add_argument("--repeats", type=int, default=0, help="runs per corpus (default 5 for 1 MiB, 3 for 10 MiB)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="shizheng-bench-") as tmp:
        work = Path(tmp)
        sizes = [(1, args.repeats or (3 if args.quick else 5))] + ([] if args.quick else [(10, args.repeats or 3)])
        results = [bench_corpus(work, mib, repeats) for mib, repeats in sizes]
    startup = bench_startup(5 if args.quick else 15)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    print()
    print("| corpus | files | notes | floor s | tool s | time × floor | floor peak MiB | tool peak MiB | memory × floor | genanki .apkg MiB | tool .apkg MiB | size × genanki |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['mib']} MiB | {r['files']} | {r['notes']} | {r['floor_s']:.2f} | {r['tool_s']:.2f} | {r['time_ratio']:.2f} | "
              f"{r['floor_peak_mib']:.0f} | {r['tool_peak_mib']:.0f} | {r['memory_ratio']:.2f} | {r['genanki_apkg_mib']:.1f} | "
              f"{r['tool_apkg_mib']:.1f} | {r['size_ratio']:.2f} |")
    if len(results) == 2:
        print(f"\nscaling: the 10 MiB build took {results[1]['tool_s'] / results[0]['tool_s']:.1f}× the 1 MiB build "
              f"(floor: {results[1]['floor_s'] / results[0]['floor_s']:.1f}×)")
    print(f"start-up: `shizheng-anki --help` {startup['help_s'] * 1000:.0f} ms, `python -c \"import click\"` "
          f"{startup['import_click_s'] * 1000:.0f} ms: {startup['help_ratio']:.2f}×")
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
