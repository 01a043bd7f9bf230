"""The README is what a newcomer copies: it must match CI and the CLI."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import ROOT

from shizheng_anki.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert "pytest" in command and "venv" in command
    assert command in README


def test_first_screen_has_the_two_newcomer_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:25])
    commands = re.findall(r"```sh\n(.+?)\n```", first_screen)
    assert len(commands) == 2
    assert "shizheng-anki examples/2024-12-shizheng.md" in commands[0]
    assert "pytest" in commands[1]


def test_every_cli_option_is_in_the_readme() -> None:
    options = [opt for param in main.params for opt in getattr(param, "opts", []) if opt.startswith("-")]
    assert options
    for option in options + ["--help"]:
        assert option in README, option


def test_readme_help_transcript_is_current() -> None:
    help_text = CliRunner().invoke(main, ["--help"], prog_name="shizheng-anki", terminal_width=80).output
    for line in help_text.splitlines():
        assert line.rstrip() in README, line


def test_readme_corpus_table_is_current() -> None:
    import subprocess
    import sys

    table = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "corpus_table.py")], capture_output=True, text=True, check=True
    ).stdout
    section = README.split("<!-- corpus-table -->\n", 1)[1].split("<!-- /corpus-table -->", 1)[0]
    assert section == table
