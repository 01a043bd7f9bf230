"""Building from a vault on the command line: the deck with its pictures, and one line for each thing
left out, naming the file and line; the build goes on."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import VAULT

from shizheng_anki.cli import main

NOTE = VAULT / "时政" / "2024年12月时政.md"


def test_a_vault_builds_with_its_pictures_and_says_what_was_left_out(tmp_path: Path) -> None:
    out = tmp_path / "时政.apkg"
    result = CliRunner().invoke(main, [str(VAULT), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    errors = result.stderr.splitlines()
    assert f"{NOTE}:30: picture 图/还没存的图.png: not found next to the note or in the vault; left out" in errors
    assert any(line.startswith(f"{NOTE}:28: ![[2024年11月时政]] embeds another note") for line in errors)
    assert sum("remote picture" in line for line in errors) == 1
    assert result.stdout.strip().startswith("2 documents,") and f"cards, 4 pictures → {out}" in result.stdout
    with zipfile.ZipFile(out) as archive:
        assert len(json.loads(archive.read("media"))) == 4


def test_strict_fails_on_a_missing_picture_and_quiet_silences_its_warning(tmp_path: Path) -> None:
    strict = CliRunner().invoke(main, [str(VAULT), "--check", "--strict", "--no-cache"])
    assert strict.exit_code == 1 and "还没存的图.png" in strict.stderr
    quiet = CliRunner().invoke(main, [str(VAULT), "-o", str(tmp_path / "x.apkg"), "-q", "--no-cache"])
    assert quiet.exit_code == 0 and quiet.stderr == ""  # -q: nothing but errors
