"""Benchmark: shizheng-anki against the floor every converter pays.

    python benchmarks/bench.py            # 1 MiB and 10 MiB corpora, alternating runs (about 3 minutes)
    python benchmarks/bench.py --quick    # 1 MiB only, fewer runs
    python benchmarks/bench.py --profile  # also: where the 10 MiB build spends its time (cProfile)

The floor is what no Markdown → Anki converter can avoid: parsing the same Markdown once with stock
mistune (``create_markdown(renderer=None)``: tokens only) and writing the SAME notes (the tool's own
fields, tags, GUIDs and note types, read from a flat file written before the timing; the floor times
that reading, and it is subtracted) with genanki's default writer, ``Package.write_to_file``, in one
deck. Floor and tool each run as a whole process (interpreter start-up included), alternately, so that
noise from other work on the machine hits both alike; the medians are compared, and the spread
(slowest/fastest run) says how noisy they were.
Peak memory is each process's own maximum resident set (``wait4``; Linux counts into it the memory
the benchmark itself held when it started the process, so the benchmark keeps small: it prints its own). The tool builds afresh (no previous
deck, an empty parse cache, which it fills) and, as a separate column, rebuilds after one file was
edited (the weekly rebuild: the edited file parsed, the others read from the parse cache, last week's
deck read and compared, the deck written).

The corpora are the reference notes (examples/2024-12-shizheng.md) copied into one file per month,
with the title and every event heading varied, so that every copy's facts are distinct notes.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-12-shizheng.md"
MIB = 1 << 20
FIELD, RECORD = "\x1f", "\x1e"  # never in a note's fields: markup.escape removes control characters

FLOOR = r"""
import sys, time, genanki, mistune
from pathlib import Path
folder, notes_file, out, load_time = sys.argv[1:5]
md = mistune.create_markdown(renderer=None)
for path in sorted(Path(folder).rglob("*.md")):
    md(path.read_text(encoding="utf-8"))
start = time.perf_counter()  # reading the notes is not the floor's work: timed, and subtracted
models_part, *records = Path(notes_file).read_text(encoding="utf-8").split("\x1e")
records = [record.split("\x1f") for record in records]
Path(load_time).write_text(str(time.perf_counter() - start))
models = {}
for spec in models_part.split("\x1d"):
    model_id, name, is_cloze, css, fields, *templates = spec.split("\x1f")
    models[model_id] = genanki.Model(
        int(model_id), name, fields=[{"name": f} for f in fields.split("\x1c")],
        templates=[dict(zip(("name", "qfmt", "afmt"), t.split("\x1c"))) for t in templates],
        css=css, model_type=genanki.Model.CLOZE if is_cloze == "1" else genanki.Model.FRONT_BACK)
deck = genanki.Deck(2059400110, "floor")
for guid, model_id, tags, *fields in records:
    deck.add_note(genanki.Note(model=models[model_id], fields=fields, tags=tags.split(), guid=guid))
genanki.Package(deck).write_to_file(out)
"""


def make_corpus(folder: Path, target_bytes: int) -> int:
    """Write monthly copies of the reference notes until ``target_bytes``; return the file count."""
    template = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    written = copies = 0
    while written < target_bytes:
        copies += 1
        year, month = 2000 + copies // 12, copies % 12 + 1
        text = template.replace("# 2024年12月时政", f"# {year}年{month}月时政（第{copies}辑）", 1)
        text = re.sub(
            r"^## (.+)$", lambda m, year=year, month=month: f"## {m.group(1)}（{year}年{month}月）", text, flags=re.M
        )
        path = folder / f"{year}-{month:02d}-{copies:04d}.md"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return copies


def dump_notes(folder: Path, target: Path) -> int:
    """Write the tool's notes of ``folder`` (and their note types) as the floor reads them; return the count."""
    sys.path.insert(0, str(ROOT))
    from shizheng_anki import build_deck

    notes = build_deck([folder]).notes
    types = {note.note_type.id: note.note_type for note in notes}
    specs = [
        FIELD.join(
            [str(t.id), t.name, "1" if t.is_cloze else "0", t.css, "\x1c".join(t.fields)]
            + ["\x1c".join((c.name, c.front, c.back)) for c in t.templates]
        )
        for t in types.values()
    ]
    records = [FIELD.join([n.guid, str(n.note_type.id), " ".join(n.tags), *n.fields]) for n in notes]
    target.write_text(RECORD.join(["\x1d".join(specs), *records]), encoding="utf-8")
    return len(notes)


def run(argv: list[str]) -> tuple[float, int]:
    """Run a whole process; return (seconds, peak RSS in bytes) of that process alone."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{argv} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss * 1024


def spread(times: list[float]) -> float:
    return max(times) / min(times)


def bench_corpus(work: Path, mib: float, repeats: int) -> dict[str, float]:
    folder = work / f"corpus-{mib}mib"
    files = make_corpus(folder, int(mib * MIB))
    notes_file = work / f"notes-{mib}mib.txt"
    # in a process of its own: a child's peak memory (wait4) counts the parent's resident memory at the
    # fork, so this process must stay small to measure the floor's and the tool's own
    dumped = subprocess.run(
        [sys.executable, __file__, "--dump-notes", str(folder), str(notes_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    count = int(dumped.stdout)
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    floor_out, tool_out = work / f"floor-{mib}.apkg", work / f"tool-{mib}.apkg"
    load_time = work / "floor-load-seconds"
    cache = work / f"cache-{mib}mib"
    tool = [
        sys.executable,
        "-m",
        "shizheng_anki",
        str(folder),
        "-o",
        str(tool_out),
        "--quiet",
        "--cache-dir",
        str(cache),
    ]
    edited = sorted(folder.glob("*.md"))[-1]
    floor_runs, tool_runs, rebuild_runs = [], [], []
    for week in range(repeats):  # alternate, so that machine noise hits both alike
        seconds, peak = run(
            [sys.executable, str(floor_script), str(folder), str(notes_file), str(floor_out), str(load_time)]
        )
        floor_runs.append((seconds - float(load_time.read_text()), peak))
        tool_out.unlink(missing_ok=True)  # a first build: nothing to compare with, nothing parsed before
        shutil.rmtree(cache, ignore_errors=True)
        tool_runs.append(run(tool))
        with edited.open("a", encoding="utf-8") as notes:  # the week's edit, to one file
            notes.write(f"\n会议还强调，要**第{week + 1}周补充的提法**。\n")
        rebuild_runs.append(run(tool))  # over the deck just written: parse one file, read, compare, write
    floor_time = statistics.median(t for t, _ in floor_runs)
    tool_time = statistics.median(t for t, _ in tool_runs)
    floor_mem = statistics.median(m for _, m in floor_runs)
    tool_mem = max(statistics.median(m for _, m in tool_runs), statistics.median(m for _, m in rebuild_runs))
    return {
        "mib": mib,
        "files": files,
        "notes": count,
        "floor_s": floor_time,
        "tool_s": tool_time,
        "time_ratio": tool_time / floor_time,
        "rebuild_s": statistics.median(t for t, _ in rebuild_runs),
        "noise": max(spread([t for t, _ in runs]) for runs in (floor_runs, tool_runs, rebuild_runs)),
        "floor_peak_mib": floor_mem / MIB,
        "tool_peak_mib": tool_mem / MIB,
        "memory_ratio": tool_mem / floor_mem,
        "genanki_apkg_mib": floor_out.stat().st_size / MIB,
        "tool_apkg_mib": tool_out.stat().st_size / MIB,
        "size_ratio": tool_out.stat().st_size / floor_out.stat().st_size,
    }


def bench_startup(work: Path, repeats: int) -> dict[str, float]:
    script = Path(sys.executable).parent / "shizheng-anki"
    ours = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "shizheng_anki", "--help"]
    month_cache = work / "month-cache"
    month = [
        sys.executable,
        "-m",
        "shizheng_anki",
        str(EXAMPLE),
        "-o",
        str(work / "month.apkg"),
        "--quiet",
        "--cache-dir",
        str(month_cache),
    ]
    runs: dict[str, list[float]] = {"python": [], "click": [], "help": [], "month": []}
    for _ in range(repeats):
        runs["python"].append(run([sys.executable, "-c", "pass"])[0])
        runs["click"].append(run([sys.executable, "-c", "import click"])[0])
        runs["help"].append(run(ours)[0])
        (work / "month.apkg").unlink(missing_ok=True)  # a first build
        shutil.rmtree(month_cache, ignore_errors=True)
        runs["month"].append(run(month)[0])
    return {name: statistics.median(times) for name, times in runs.items()}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = re.findall(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = names[0].strip() if names else cpu
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


STAGES = r"""
import gc, sys, time
gc.disable()  # as the command runs (shizheng_anki.cli.run)
from pathlib import Path
from shizheng_anki.package import apkg as package
from shizheng_anki.cards import build_notes
from shizheng_anki.extract import exam_facts
from shizheng_anki.cards import exam_notes
from shizheng_anki.extract import extract_document
from shizheng_anki.parse import parse_markdown, split_front_matter
from shizheng_anki.read import read_sources
from shizheng_anki.cache import ParseCache
from shizheng_anki.marks import MARKS
laps, last = [], time.perf_counter()
def lap(name):
    global last
    now = time.perf_counter(); laps.append((name, now - last)); last = now
texts = read_sources([Path(sys.argv[1])]); lap("read the files")
parsed = [(split_front_matter(s.text), s.path) for s in texts]
blocks = [parse_markdown(body) for (meta, body), path in parsed]; lap("parse (mistune and our spans)")
documents = [extract_document(b, path, meta) for b, ((meta, body), path) in zip(blocks, parsed)]; lap("extract phrases and lists")
cache = ParseCache(sys.argv[2])
for source, document, block in zip(texts, documents, blocks):
    cache.store(cache.key(source.text, source.path, MARKS), (document, block))
lap("write the parse cache (a first build)")
for source in texts:
    cache.load(cache.key(source.text, source.path, MARKS))
lap("read the parse cache (a rebuild: instead of parsing and extracting)")
exam = exam_facts(zip(documents, blocks)); lap("exam facts (parallels, ordinals, dates, 出处)")
notes = build_notes(documents, frequent=exam.frequent(3))
notes += exam_notes(exam, deck=None, split=True, source_cards=False, frequent_at=3, taken={n.guid for n in notes}); lap("card HTML")
package.package_bytes(notes, 1700000000); lap("write the collection (SQLite) and deflate")
for name, seconds in laps:
    print(f"| {name} | {seconds:.2f} |")
"""


def profile(work: Path) -> None:
    """The 10 MiB build stage by stage (no profiler), then under cProfile: the functions with the most
    time of their own."""
    folder = work / "corpus-10mib"
    if not folder.exists():
        make_corpus(folder, 10 * MIB)
    print("\nstages of the 10 MiB build (in one process, imports excluded):\n\n| stage | s |\n|---|---:|")
    sys.stdout.flush()
    subprocess.run([sys.executable, "-c", STAGES, str(folder), str(work / "stages-cache")], check=True, cwd=ROOT)
    stats = work / "build.prof"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(stats),
            "-m",
            "shizheng_anki",
            str(folder),
            "-o",
            str(work / "profiled.apkg"),
            "--quiet",
            "--cache-dir",
            str(work / "profile-cache"),
        ],
        check=True,
    )
    import pstats

    print("\nprofile of the 10 MiB build (cProfile; its overhead roughly doubles the time):")
    pstats.Stats(str(stats), stream=sys.stdout).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 MiB only, fewer runs")
    parser.add_argument("--repeats", type=int, default=0, help="runs per corpus (default 5 for 1 MiB, 3 for 10 MiB)")
    parser.add_argument("--profile", action="store_true", help="also profile the 10 MiB build")
    parser.add_argument("--dump-notes", nargs=2, metavar=("FOLDER", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump_notes:
        print(dump_notes(Path(args.dump_notes[0]), Path(args.dump_notes[1])))
        return
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="shizheng-bench-") as tmp:
        work = Path(tmp)
        sizes = [(1, args.repeats or (3 if args.quick else 5))] + ([] if args.quick else [(10, args.repeats or 3)])
        results = [bench_corpus(work, mib, repeats) for mib, repeats in sizes]
        startup = bench_startup(work, 5 if args.quick else 11)
        load_after = os.getloadavg()[0]
        print(f"machine: {machine()}; load average {load_before:.1f} before, {load_after:.1f} after")
        print()
        print(
            "| corpus | files | notes | floor s | tool s | time × floor | rebuild after one edit s | noise | floor peak MiB | tool peak MiB "
            "| memory × floor | genanki .apkg MiB | tool .apkg MiB | size × genanki |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in results:
            print(
                f"| {r['mib']} MiB | {r['files']} | {r['notes']} | {r['floor_s']:.2f} | {r['tool_s']:.2f} | "
                f"**{r['time_ratio']:.2f}** | {r['rebuild_s']:.2f} | {r['noise']:.2f} | {r['floor_peak_mib']:.0f} | "
                f"{r['tool_peak_mib']:.0f} | **{r['memory_ratio']:.2f}** | {r['genanki_apkg_mib']:.1f} | "
                f"{r['tool_apkg_mib']:.1f} | **{r['size_ratio']:.2f}** |"
            )
        print()
        print(
            "- weekly rebuild after one edit (parse cache, last week's deck): "
            + ", ".join(f"**{r['rebuild_s'] / r['floor_s']:.2f}×** the floor at {r['mib']} MiB" for r in results)
        )
        if len(results) == 2:
            print(
                f"- scaling: the 10 MiB build took **{results[1]['tool_s'] / results[0]['tool_s']:.1f}×** the 1 MiB build "
                f"(floor: {results[1]['floor_s'] / results[0]['floor_s']:.1f}×)"
            )
        print(
            f'- start-up: `shizheng-anki --help` {startup["help"] * 1000:.0f} ms, `python -c "import click"` '
            f"{startup['click'] * 1000:.0f} ms: **{startup['help'] / startup['click']:.2f}×**; a one-month build "
            f"(the example, {EXAMPLE.stat().st_size // 1024} KiB) {startup['month'] * 1000:.0f} ms, "
            f"`python -c pass` {startup['python'] * 1000:.0f} ms"
        )
        own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"- memory: this benchmark's own peak {own_peak:.0f} MiB, below which no process it starts can read")
        print("- noise: slowest run ÷ fastest run of the same command (1.00 = steady); times are medians")
        print(f"- benchmark took {time.perf_counter() - started:.0f} s")
        if args.profile:
            profile(work)


if __name__ == "__main__":
    main()
