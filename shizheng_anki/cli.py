"""The command line: a thin click layer over :func:`shizheng_anki.build_deck`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .build import build_deck
from .errors import ShizhengAnkiError
from .parse import MARKS


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="The .apkg to write (default: named after the first input, in the current folder).")
@click.option("--deck", help="Root deck name (default 时政); each document becomes a subdeck.")
@click.option("--dry-run", is_flag=True, help="Extract and build, but write no file.")
@click.option("--json", "as_json", is_flag=True, help="Print the extracted facts and notes as JSON on stdout.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="Last week's .apkg to compare with (default: the output file, when it exists).",
)
@click.option("--encoding", help="Decode the notes with this encoding (default: UTF-8, else GB18030).")
@click.option("--marks", default=",".join(MARKS), show_default=True, help="Which markers make a key phrase, comma-separated.")
@click.option("--check", is_flag=True, help="Report problems in the notes as file:line: message; write no file.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when a problem was reported.")
@click.version_option(__version__, prog_name="shizheng-anki")
def main(
    notes: tuple[Path, ...],
    output: Path | None,
    deck: str | None,
    dry_run: bool,
    as_json: bool,
    previous: Path | None,
    encoding: str | None,
    marks: str,
    check: bool,
    strict: bool,
) -> None:
    """Turn 时政 study notes (Markdown files or folders) into an Anki deck (.apkg)."""
    target = output or Path((notes[0].resolve().name.removesuffix(".md") or "notes") + ".apkg")
    chosen = tuple(mark.strip() for mark in marks.split(",") if mark.strip())
    unknown = sorted(set(chosen) - set(MARKS))
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(MARKS)}", param_hint="--marks")
    try:
        result = build_deck(notes, deck=deck, encoding=encoding, marks=chosen)
        changes = result.compare(previous or target, required=previous is not None)
        if not (dry_run or check):
            result.write(target, changes)
    except ShizhengAnkiError as error:
        raise click.ClickException(str(error)) from None
    for line in result.notices + tuple(str(d) for d in result.diagnostics):
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(result.to_json() | {"changes": changes.to_json()}, ensure_ascii=False, indent=2))
    click.echo(result.summary(None if (dry_run or check) else target), err=as_json)
    if changes.previous is not None or not (dry_run or check):
        click.echo(changes.summary(), err=True)
    if strict and result.diagnostics:
        raise SystemExit(1)
