"""The command line: a thin click layer over :func:`shizheng_anki.build_deck`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .build import build_deck
from .errors import ShizhengAnkiError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
# readable=False: an unreadable file is reported by read_sources in one line, like every other bad input
@click.argument("notes", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, readable=False), help="The .apkg to write (default: named after the first input, in the current folder).")
@click.option("--deck", help="Root deck name (default 时政); each document becomes a subdeck.")
@click.option("--dry-run", is_flag=True, help="Extract and build, but write no file.")
@click.option("--json", "as_json", is_flag=True, help="Print the extracted facts and notes as JSON on stdout.")
@click.version_option(__version__, prog_name="shizheng-anki")
def main(notes: tuple[Path, ...], output: Path | None, deck: str | None, dry_run: bool, as_json: bool) -> None:
    """Turn 时政 study notes (Markdown files or folders) into an Anki deck (.apkg)."""
    target = output or Path((notes[0].resolve().name.removesuffix(".md") or "notes") + ".apkg")
    try:
        result = build_deck(notes, deck=deck)
        if not dry_run:
            result.write(target)
    except ShizhengAnkiError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    click.echo(result.summary(None if dry_run else target), err=as_json)
