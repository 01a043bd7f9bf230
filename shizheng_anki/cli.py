"""The command line: a thin click layer over :func:`shizheng_anki.build_deck`."""

from __future__ import annotations

import gc
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import ShizhengAnkiError
from .marks import MARKS

if TYPE_CHECKING:
    from .build import BuildResult

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


def _details(result: BuildResult) -> list[str]:
    """``--verbose``: one line per document."""
    lines = []
    for document in result.documents:
        phrases = sum(len(event.key_phrases) for event in document.events)
        items = sum(len(e.items) for event in document.events for e in event.enumerations)
        lines.append(
            f"{document.path}: 《{document.title}》 {len(document.events)} events, {phrases} key phrases, {items} enumeration items"
        )
    if result.cached:
        lines.append(
            f"{result.cached} of {len(result.documents)} files unchanged since an earlier build: read from the parse cache"
        )
    return lines


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
    target = output or Path((notes[0].resolve().name.removesuffix(".md") or "notes") + ".apkg")
    chosen = tuple(mark.strip() for mark in marks.split(",") if mark.strip())
    unknown = sorted(set(chosen) - set(MARKS))
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(MARKS)}", param_hint="--marks")
    import json  # the pipeline is imported only now that there is work for it
    import shutil

    from .build import build_deck
    from .cache import default_folder
    from .views.report import frequency_json, frequency_table
    from .views.table import format_table

    writes = not (dry_run or check)
    _exit_cleanly_on_sigterm()
    options: dict[str, Any] = {
        "split": not no_split,
        "numbers": numbers,
        "source_cards": source_cards,
        "frequent_at": frequent_at,
    }
    cache = None if no_cache else cache_dir or default_folder()
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
                cache=cache,
                **options,
            )
        finally:
            progress.close()
        if stats:  # a report: no deck written, nothing compared
            report = frequency_json(result.exam, frequent_at) if as_json else None
            click.echo(json.dumps(report, ensure_ascii=False, indent=2) if report else frequency_table(result.exam))
            return
        changes = result.compare(previous or target, required=previous is not None)
        if preview is not None:
            result.write_preview(preview)
        if writes:
            result.write(target, changes)
    except ShizhengAnkiError as error:
        raise click.ClickException(str(error)) from None
    for line in (() if quiet else result.notices) + tuple(str(d) for d in result.diagnostics):
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(result.to_json() | {"changes": changes.to_json()}, ensure_ascii=False, indent=2))
    elif dry_run and not quiet:
        width = shutil.get_terminal_size((100, 24)).columns
        header, *lines = format_table(result.notes, width)
        click.echo(click.style(header, bold=True))
        for line in lines:
            click.echo(line)
    if not quiet:
        if verbose:
            for line in _details(result):
                click.echo(line, err=True)
            if preview is not None:
                click.echo(f"preview → {preview}", err=True)
        click.echo(click.style(result.summary(target if writes else None), fg="green"), err=as_json)
        if changes.previous is not None or writes:
            click.echo(changes.summary(), err=True)
    if strict and result.diagnostics:
        raise SystemExit(1)


def run() -> None:
    """The ``shizheng-anki`` command: one build, then the process ends.

    The cycle collector stays off for the whole process: a build makes no garbage cycles (tested), and
    turned back on after the build, its first pass walked every object the build had made (a quarter
    of a second on a 10 MiB build) only for the process to exit.
    """
    gc.disable()
    main(prog_name="shizheng-anki")
