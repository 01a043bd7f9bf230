"""The command line: a thin click layer over :func:`shizheng_anki.build_deck`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__
from .build import build_deck
from .errors import ShizhengAnkiError
from .report import frequency_json, frequency_table


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
@click.option("--no-split", is_flag=True, help="Keep parallel phrases whole (no card per part).")
@click.option("--numbers", is_flag=True, help="Also ask unmarked figures in sentences (1.3万亿元, 5%左右).")
@click.option("--source-cards", is_flag=True, help="Add one 出处 card per marked phrase (where is it from?).")
@click.option("--frequent-at", type=click.IntRange(min=1), default=3, show_default=True, metavar="N", help="Tag 高频 the cards of phrases found under at least N events.")
@click.option("--stats", is_flag=True, help="Print the frequency report of recurring phrases (JSON with --json) and write no deck.")
@click.version_option(__version__, prog_name="shizheng-anki")
def main(
    notes: tuple[Path, ...],
    output: Path | None,
    deck: str | None,
    dry_run: bool,
    as_json: bool,
    previous: Path | None,
    no_split: bool,
    numbers: bool,
    source_cards: bool,
    frequent_at: int,
    stats: bool,
) -> None:
    """Turn 时政 study notes (Markdown files or folders) into an Anki deck (.apkg)."""
    target = output or Path((notes[0].resolve().name.removesuffix(".md") or "notes") + ".apkg")
    options = {"split": not no_split, "numbers": numbers, "source_cards": source_cards, "frequent_at": frequent_at}
    try:
        result = build_deck(notes, deck=deck, **options)
        if stats:  # a report: no deck written, nothing compared
            report = frequency_json(result.exam, frequent_at) if as_json else None
            click.echo(json.dumps(report, ensure_ascii=False, indent=2) if report else frequency_table(result.exam))
            return
        changes = result.compare(previous or target, required=previous is not None)
        if not dry_run:
            result.write(target, changes)
    except ShizhengAnkiError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.to_json() | {"changes": changes.to_json()}, ensure_ascii=False, indent=2))
    click.echo(result.summary(None if dry_run else target), err=as_json)
    if changes.previous is not None or not dry_run:
        click.echo(changes.summary(), err=True)
