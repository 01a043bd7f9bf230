"""The README is what a newcomer copies: it must match CI and the CLI, stay short enough to read to the
end, and every command it shows must run as written. The pages under docs/ must stay current too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import shizheng_anki
from shizheng_anki.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: "At most about 20 KB": what a user reads to the end. Internals go to docs/.
README_MAX_BYTES = 20 * 1024


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


def test_help_transcript_in_the_docs_is_current() -> None:
    # click wraps help at 80 columns less a margin of 2 on any terminal of 80 columns or more
    help_text = CliRunner().invoke(main, ["--help"], prog_name="shizheng-anki", terminal_width=78).output
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for line in help_text.splitlines():
        assert line.rstrip() in page, line


def test_readme_is_short_enough_to_read_to_the_end() -> None:
    size = len(README.encode("utf-8"))
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; move internals to a page under docs/"


def test_readme_is_chinese_first_then_english() -> None:
    headings = re.findall(r"(?m)^## (.+)$", _outside_fences(README))
    assert "English" in headings
    english = README.index("\n## English\n")
    assert len(README[:english].encode()) > len(README[english:].encode())
    assert re.search(r"[\u4e00-\u9fff]", headings[0])


# --- every command the README shows runs as written -------------------------------------------


@dataclass
class Shown:
    """A command the README shows, with the output it shows after it (console blocks only)."""

    kind: str  # "shell" or "python"
    command: str
    output: list[str]

    @property
    def expected_status(self) -> int:
        return 1 if self.output and self.output[0].startswith("Error:") else 0


_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n?", re.S | re.M)
_INLINE = re.compile(r"`((?:\.venv/bin/)?shizheng-anki [^`]+)`")


def _outside_fences(text: str) -> str:
    return _FENCE.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def _is_ours(segment: str) -> bool:
    words = segment.split()
    return bool(words) and words[0].endswith("shizheng-anki")


def _fence_commands(language: str, body: str) -> list[Shown]:
    if language == "python":
        return [Shown("python", body, [])]
    if language == "sh":
        return [
            Shown("shell", segment.strip(), [])
            for line in body.splitlines()
            for segment in line.split("&&")
            if _is_ours(segment)
        ]
    if language == "console":
        shown: list[Shown] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                shown.append(Shown("shell", line[2:].split("  #")[0].strip(), []))
            elif shown:
                shown[-1].output.append(line)
        return [each for each in shown if _is_ours(each.command)]
    return []


def readme_commands(text: str = README) -> list[Shown]:
    """Every ``shizheng-anki …`` command and Python example of the README, in reading order."""
    found: list[tuple[int, list[Shown]]] = [
        (match.start(), _fence_commands(match.group(1), match.group(2))) for match in _FENCE.finditer(text)
    ]
    prose = _outside_fences(text)
    found += [(match.start(), [Shown("shell", match.group(1), [])]) for match in _INLINE.finditer(prose)]
    return [shown for _, group in sorted(found, key=lambda pair: pair[0]) for shown in group]


def _fresh_checkout(tmp_path: Path) -> Path:
    """The repository as a newcomer has it after the first command: the tracked files and a
    ``.venv/bin/shizheng-anki`` that runs the code under test. Nothing is written into the repository."""
    repo = tmp_path / "repo"
    local = {".git", ".venv", "__pycache__", "build", "dist", ".pytest_cache", ".hypothesis", ".mypy_cache"}
    local_files = re.compile(r".*\.(apkg|html|json)$|.*\.egg-info$")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {name for name in names if name in local or (top and local_files.fullmatch(name))}

    shutil.copytree(ROOT, repo, ignore=ignore)
    script = repo / ".venv" / "bin" / "shizheng-anki"
    script.parent.mkdir(parents=True)
    script.write_text(
        f"#!{sys.executable}\nimport sys\nfrom shizheng_anki.cli import run\nsys.exit(run())\n", encoding="utf-8"
    )
    script.chmod(0o755)
    return repo


def _run(shown: Shown, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    argv = ["bash", "-c", shown.command] if shown.kind == "shell" else [sys.executable, "-c", shown.command]
    return subprocess.run(
        argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300
    )


def _in_order(expected: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(any(line == seen for seen in remaining) for line in expected)


def test_readme_shows_commands_to_run() -> None:
    commands = readme_commands()
    assert sum(shown.kind == "shell" for shown in commands) >= 5
    assert commands[0].command == ".venv/bin/shizheng-anki examples/2024-12-shizheng.md -o 2024-12.apkg"
    assert any(shown.expected_status == 1 for shown in commands)  # the errors a user may see


@pytest.mark.skipif(shutil.which("bash") is None, reason="the README's commands are bash commands")
def test_every_readme_command_runs_as_written_from_the_repository_root(tmp_path: Path) -> None:
    """In order, in a fresh copy of the repository, each command exits as its transcript says (0, or
    1 where it shows an error) and prints every line its transcript shows (``…`` stands for lines
    left out)."""
    repo = _fresh_checkout(tmp_path)
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "NO_COLOR")}
    env |= {
        "COLUMNS": "100",  # the width the dry-run table was shown at
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # a newcomer's empty cache, not the user's
        "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order a terminal shows them
        "PYTHONPATH": str(Path(shizheng_anki.__file__).resolve().parent.parent),
        # as after the set-up commands, without activating the venv: a bare ``shizheng-anki`` fails
        "PATH": os.pathsep.join(
            folder
            for folder in os.environ.get("PATH", "").split(os.pathsep)
            if not (Path(folder) / "shizheng-anki").exists()
        ),
    }
    before = sorted(path.name for path in ROOT.iterdir())
    for shown in readme_commands():
        result = _run(shown, repo, env)
        assert result.returncode == shown.expected_status, f"{shown.command}\n{result.stdout}"
        expected = [line.rstrip() for line in shown.output if line.strip() != "…"]
        actual = [line.rstrip() for line in result.stdout.splitlines()]
        assert _in_order(expected, actual), (
            f"{shown.command}\nshown:\n" + "\n".join(expected) + "\nprinted:\n" + (result.stdout)
        )
        assert "Traceback" not in result.stdout, shown.command
    assert sorted(path.name for path in ROOT.iterdir()) == before
    assert (repo / "2024-12.apkg").is_file() and (repo / "2024-12.html").is_file()


# --- links and the generated sections of docs/ ---------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(heading) for heading in re.findall(r"(?m)^#+ (.+)$", _outside_fences(path.read_text("utf-8")))}


@pytest.mark.parametrize("page", ["README.md", "CHANGELOG.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))])
def test_links_between_the_pages_lead_somewhere(page: str) -> None:
    path = ROOT / page if (ROOT / page).exists() else ROOT / "docs" / page
    text = re.sub(r"`[^`\n]*`", "", _outside_fences(path.read_text(encoding="utf-8")))  # code is no link
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{page}: {target}"
        if anchor:
            assert anchor in _anchors(linked), f"{page}: {target}"


def _section(path: Path, name: str) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split(f"<!-- {name} -->\n", 1)[1].split(f"<!-- /{name} -->", 1)[0]


def test_corpus_table_in_the_docs_is_current() -> None:
    table = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "corpus_table.py")], capture_output=True, text=True, check=True
    ).stdout
    assert _section(ROOT / "docs" / "notes-format.md", "corpus-table") == table, (
        "run: python scripts/corpus_table.py --write"
    )


def test_import_graph_in_the_architecture_page_is_current() -> None:
    printed = {
        name: subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "import_graph.py"), *flags],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name, flags in (("import-graph", []), ("stage-graph", ["--stages"]))
    }
    for name, graph in printed.items():
        assert _section(ROOT / "docs" / "architecture.md", name) == f"```text\n{graph}```\n", (
            "run: python scripts/import_graph.py --write"
        )
