"""The command line: a thin click layer over :func:`shizheng_anki.build_deck`."""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import OutputError, ShizhengAnkiError
from .marks import MARKS
from .paths import printable, shown
from .text import counted

if TYPE_CHECKING:
    from .build import BuildResult
    from .package.previous import Changes

# The pipeline (mistune, yaml, genanki) is imported inside main(), when there is something to build:
# ``--help``, ``--version`` and a usage error cost little more than click (tests/test_performance.py).


class _Progress:
    """A progress bar on stderr while documents are read — only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled or total < 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="读取笔记 Reading notes", file=sys.stderr, width=30)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _echo(line: str, *, err: bool = False, **style: Any) -> None:
    """Print a line as any stream takes it: a name that is not UTF-8 shows as ``\\x..``, never an error."""
    click.echo(click.style(printable(line), **style) if style else printable(line), err=err)


def _print_details(result: BuildResult, preview: Path | None) -> None:
    """``--verbose``: one line per document, what the parse cache gave, where the preview went."""
    from .result import facts_counted

    for document in result.documents:
        _echo(f"{document.path}: 《{document.title}》 {facts_counted(document.events)}", err=True)
    if result.cached:
        _echo(
            f"{result.cached} of {len(result.documents)} files unchanged since an earlier build: read from the parse cache",
            err=True,
        )
    if preview is not None:
        _echo(f"preview → {preview}", err=True)


def _default_output(first: Path) -> Path:
    """The deck's name when ``-o`` is not given: the first input's, in the current folder."""
    return Path((first.resolve().name.removesuffix(".md") or "notes") + ".apkg")


def _marks(text: str) -> tuple[str, ...]:
    chosen = tuple(mark.strip() for mark in text.split(",") if mark.strip())
    if set(chosen) - set(MARKS) or not chosen:
        raise click.BadParameter(f"choose from {', '.join(MARKS)}", param_hint="--marks")
    return chosen


def _check_preview_path(preview: Path | None, target: Path, previous: Path | None) -> None:
    """``--preview`` must name a file of its own: not the deck written, nor last week's deck."""
    if preview is None:
        return
    for other, what in ((target, "the deck (-o)"), (previous, "the previous deck (--previous)")):
        if other is not None and os.path.realpath(preview) == os.path.realpath(other):
            raise OutputError(
                f"{shown(preview)}: is also {what}; give the preview a name of its own, such as {shown(Path(preview.stem + '.html'))}"
            )


def _print_problems(result: BuildResult, *, quiet: bool, asked: bool) -> None:
    """Notices (how files were read, the cache) and problems in the notes, on stderr; ``-q`` silences
    them, except the problems when they were ``asked`` for (``--check``, ``--strict``)."""
    for line in () if quiet else result.notices:
        _echo(line, err=True)
    for diagnostic in () if quiet and not asked else result.diagnostics:
        _echo(str(diagnostic), err=True)


def _print_json(result: BuildResult, changes: Changes) -> None:
    """``--json``: the facts and notes, and ``changes`` when there was a previous deck to compare with."""
    import json

    data = result.to_json() | ({"changes": changes.to_json()} if changes.previous is not None else {})
    _echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_table(result: BuildResult) -> None:
    """``--dry-run``: a table of the cards, cut to the terminal's width."""
    import shutil

    from .views.table import format_table

    header, *lines = format_table(result.notes, shutil.get_terminal_size((100, 24)).columns)
    _echo(header, bold=True)
    for line in lines:
        _echo(line)


def _print_summary(
    result: BuildResult, changes: Changes, written: Path | None, *, compared: Path, to_stderr: bool
) -> None:
    """The summary line (on stderr under ``--json``), then how the notes compare with last week's deck
    (at ``compared``): when a deck is written, or when there was a file to compare with."""
    _echo(result.summary(written), err=to_stderr, fg="green")
    if written is not None or os.path.lexists(compared):
        _echo(changes.summary(written=written is not None), err=True)


def _print_stats(result: BuildResult, frequent_at: int, as_json: bool) -> None:
    import json

    from .views.report import frequency_json, frequency_table

    report = frequency_json(result.exam, frequent_at) if as_json else None
    _echo(json.dumps(report, ensure_ascii=False, indent=2) if report else frequency_table(result.exam))


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (``kill``, a closing terminal, a stopped editor hook) ends the build the way Ctrl-C does:
    as an exception, so the half-written deck is removed and last week's stays as it was."""

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread (an embedding program): leave its handlers alone
        pass


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
# readable=False: an unreadable file is reported by read_sources in one line, like every other bad input
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, readable=False),
    help="The .apkg to write (default: named after the first input, in the current folder).",
)
@click.option("--deck", help="Root deck name (default 时政); each document becomes a subdeck.")
@click.option("--hints", is_flag=True, help="Show each blank's length, e.g. […4字…].")
@click.option("--type-answer", is_flag=True, help="Cloze cards ask you to type the phrase; Anki compares.")
@click.option(
    "--preview", type=click.Path(path_type=Path), help="Also write an HTML page of every card, front and back."
)
@click.option("--dry-run", is_flag=True, help="Print a table of the cards it would make; write no deck.")
@click.option("--json", "as_json", is_flag=True, help="Print the extracted facts and notes as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print what was found in each file.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="Last week's .apkg to compare with (default: the output file, when it exists).",
)
@click.option("--encoding", help="Decode the notes with this encoding (default: UTF-8, else GB18030).")
@click.option(
    "--marks", default=",".join(MARKS), show_default=True, help="Which markers make a key phrase, comma-separated."
)
@click.option("--check", is_flag=True, help="Report problems in the notes as file:line: message; write no file.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when a problem was reported.")
@click.option("--no-split", is_flag=True, help="Keep parallel phrases whole (no card per part).")
@click.option("--numbers", is_flag=True, help="Also ask unmarked figures in sentences (1.3万亿元, 5%左右).")
@click.option("--source-cards", is_flag=True, help="Add one 出处 card per marked phrase (where is it from?).")
@click.option(
    "--frequent-at",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    metavar="N",
    help="Tag 高频 the cards of phrases found under at least N events.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Keep parsed files here between builds, so that a rebuild parses only what changed; safe to delete"
    " (default: shizheng-anki in your user cache folder, e.g. ~/.cache).",
)
@click.option("--no-cache", is_flag=True, help="Parse every file; read and write no parse cache.")
@click.option(
    "--stats",
    is_flag=True,
    help="Print the frequency report of recurring phrases (JSON with --json) and write no deck.",
)
@click.version_option(__version__, prog_name="shizheng-anki")
def main(
    notes: tuple[Path, ...],
    output: Path | None,
    deck: str | None,
    hints: bool,
    type_answer: bool,
    preview: Path | None,
    dry_run: bool,
    as_json: bool,
    quiet: bool,
    verbose: bool,
    previous: Path | None,
    encoding: str | None,
    marks: str,
    check: bool,
    strict: bool,
    no_split: bool,
    numbers: bool,
    source_cards: bool,
    frequent_at: int,
    cache_dir: Path | None,
    no_cache: bool,
    stats: bool,
) -> None:
    """Turn 时政 study notes (Markdown files or folders) into an Anki deck (.apkg)."""
    chosen = _marks(marks)  # a usage error is told before the pipeline is imported
    from .build import build_deck  # the pipeline is imported only now that there is work for it
    from .cache import default_folder

    target = output or _default_output(notes[0])
    writes = not (dry_run or check)
    _exit_cleanly_on_sigterm()
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        try:
            result = build_deck(
                notes,
                deck=deck,
                encoding=encoding,
                marks=chosen,
                hints=hints,
                type_answer=type_answer,
                progress=progress,
                split=not no_split,
                numbers=numbers,
                source_cards=source_cards,
                frequent_at=frequent_at,
                cache=None if no_cache else cache_dir or default_folder(),
            )
        finally:
            progress.close()
        if stats:  # a report: no deck written, nothing compared
            return _print_stats(result, frequent_at, as_json)
        refused = strict and bool(result.diagnostics)  # --strict: a problem means nothing is written
        changes = _compare_and_write(result, target, preview, previous, writes=writes and not refused, refused=refused)
    except ShizhengAnkiError as error:
        raise click.ClickException(printable(str(error))) from None
    _print_problems(result, quiet=quiet, asked=check or strict)
    if as_json:
        _print_json(result, changes)
    elif dry_run and not quiet:
        _print_table(result)
    if not quiet:
        if verbose:
            _print_details(result, preview if not refused else None)
        written = target if writes and not refused else None
        _print_summary(result, changes, written, compared=previous or target, to_stderr=as_json)
    if refused:
        _echo(f"--strict: {counted(len(result.diagnostics), 'problem')} reported; nothing written", err=True)
        raise SystemExit(1)


def _compare_and_write(
    result: BuildResult, target: Path, preview: Path | None, previous: Path | None, *, writes: bool, refused: bool
) -> Changes:
    """Compare with last week's deck (``--previous``, else the deck at ``target``), then write the
    preview and the deck; nothing is written when the build is ``refused`` (``--strict``)."""
    _check_preview_path(preview, target, previous)
    changes = result.compare(previous or target, required=previous is not None)
    if preview is not None and not refused:
        result.write_preview(preview)
    if writes:
        result.write(target, changes)
    return changes


def run() -> None:
    """The ``shizheng-anki`` command: one build, then the process ends.

    The cycle collector stays off for the whole process: a build makes no garbage cycles (tested), and
    turned back on after the build, its first pass walked every object the build had made (a quarter
    of a second on a 10 MiB build) only for the process to exit.
    """
    gc.disable()
    main(prog_name="shizheng-anki")
