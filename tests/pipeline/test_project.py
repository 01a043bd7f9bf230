"""What a user or packager reads about the project itself: its version, its licence, its changelog."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

from conftest import ROOT

import shizheng_anki


def test_version_command_prints_the_installed_package_version() -> None:
    """The version is written once (``shizheng_anki.__version__``, read by pyproject.toml): what
    ``--version`` says is what pip installed."""
    installed = importlib.metadata.version("shizheng-anki")
    printed = subprocess.run(
        [sys.executable, "-m", "shizheng_anki", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == f"shizheng-anki, version {installed}"
    assert shizheng_anki.__version__ == installed


def test_pyproject_does_not_write_the_version_again() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert not re.search(r"(?m)^version\s*=\s*\"", pyproject)
    assert 'dynamic = ["version"]' in pyproject


def test_license_file_is_the_licence_the_package_declares() -> None:
    declared = importlib.metadata.metadata("shizheng-anki")["License"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert declared == "MIT"
    assert licence.startswith("MIT License\n")
    assert "shizheng-anki contributors" in licence


def test_changelog_has_a_section_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"(?m)^## \[([^\]]+)\]", changelog)
    assert sections[0] == "Unreleased"
    assert shizheng_anki.__version__ in sections
