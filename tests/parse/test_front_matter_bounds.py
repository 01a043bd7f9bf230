"""Front matter as people (and mischief) write it: every value builds as text, or is refused with a
diagnostic; nothing YAML can make of it raises, hangs or fills memory."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import anki_import, assert_inert, run_command

from shizheng_anki import build_deck
from shizheng_anki.cli import main
from shizheng_anki.parse.front_matter import MAX_FRONT_MATTER, read_front_matter

BODY = "# 标题\n\n## 会议\n\n坚持**人民至上**。\n"

#: Nine levels of nine aliases: a few hundred bytes that YAML expands to 9**9 (387 million) nodes.
ALIAS_BOMB = "\n".join(
    [
        "a: &a [x, x, x, x, x, x, x, x, x]",
        *(f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")),
    ]
)

ALIASES = "front matter not read: it uses YAML anchors or aliases (&, *)"
#: front matter → (title, month, tags, diagnostic) of the document it heads.
CASES: dict[str, tuple[str, tuple[str, str | None, tuple[str, ...], str | None]]] = {
    "a date that is no day": ("date: 2024-02-30", ("标题", "2024-02", (), None)),
    "a 5,000-digit title": ("title: " + "9" * 5000, ("9" * 5000, None, (), None)),
    "an alias bomb as the title": (ALIAS_BOMB + "\ntitle: *i", ("标题", None, (), ALIASES)),
    "an alias bomb as the tags": (ALIAS_BOMB + "\ntags: *i", ("标题", None, (), ALIASES)),
    "a mapping as the title": ("title: {a: 1}", ("标题", None, (), "front matter title not read: not text")),
    "mappings among the tags": ("tags: [考研, {b: 2}]", ("标题", None, (), "front matter tags not read: not text")),
    "numbers and booleans": (
        "title: 2024\ndate: 20241201\ntags: [yes, 3.5, null]",
        ("2024", None, ("yes", "3.5"), None),
    ),
    "a float title": ("title: 1e400", ("1e400", None, (), None)),
    "deep nesting": (
        "tags: " + "[" * 5000 + "]" * 5000,
        ("标题", None, (), "front matter not read: it is nested more than 20 levels deep"),
    ),
    "too long": (
        "title: t\nx: " + "长" * MAX_FRONT_MATTER,
        ("标题", None, (), "front matter not read: it is longer than 64 KiB"),
    ),
    # not front matter at all: Markdown that starts with ---, read as such (as before)
    "not a mapping": ("- a\n- b", ("标题", None, (), None)),
    "not YAML": ("title: [unclosed", ("notes", None, (), None)),
}


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_front_matter_builds_as_text_or_is_reported(case: str, tmp_path: Path) -> None:
    front, (title, month, tags, said) = CASES[case]
    notes = tmp_path / "notes.md"
    notes.write_text(f"---\n{front}\n---\n{BODY}", encoding="utf-8")
    started = time.process_time()
    ran = run_command(notes, "-o", tmp_path / "deck.apkg", timeout=30)
    assert ran.code == 0 and "Traceback" not in ran.output, ran.output
    if said:
        assert f"{notes}:1: " in ran.stderr and said in ran.stderr
    result = build_deck([notes])
    assert time.process_time() - started < 10  # an alias bomb expanded would not finish
    (document,) = result.documents
    assert (document.title, document.month, document.tags) == (title, month, tags)
    assert [d.message for d in document.diagnostics if d.line == 1] == ([said] if said else [])
    imported = anki_import(tmp_path / "deck.apkg", tmp_path / "collection.anki2")
    card = next(card for card in imported.cards if "人民至上" in card.answer)
    assert card.deck == f"时政::{title}"
    for card in imported.cards:
        assert_inert(card.question_html)
        assert_inert(card.answer_html)


def test_an_alias_bomb_costs_no_memory() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    front = read_front_matter(f"---\n{ALIAS_BOMB}\ntitle: *i\n---\n{BODY}")
    assert front.meta == {} and front.problem == "front matter not read: it uses YAML anchors or aliases (&, *)"
    assert front.body.startswith("\n" * 12 + "# 标题")  # blanked: line numbers stay the file's
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


def test_the_check_reports_refused_front_matter_like_any_problem(tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text(f"---\n{ALIAS_BOMB}\ntitle: *i\n---\n{BODY}", encoding="utf-8")
    checked = CliRunner().invoke(main, [str(notes), "--check", "--strict"])
    assert checked.exit_code == 1
    assert f"{notes}:1: front matter not read: it uses YAML anchors or aliases (&, *)" in checked.stderr
