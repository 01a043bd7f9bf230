"""The layout shows the flow: a package per stage, imports only down the flow
(read → parse → extract → cards → package; views read notes), mistune only in parse/, genanki only
in package/, at most 12 modules at the top, and each stage's ``__init__`` saying what it takes and
returns. Read from the source with ``ast``, so that a wrong import fails here, not in a review."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "shizheng_anki"
#: The stages in flow order; a module may import from its own stage or an earlier one.
STAGES = ("read", "parse", "extract", "cards", "package", "views")
#: Top-level modules that every stage may read: leaves that import nothing of ours but each other.
LEAVES = {"errors", "marks", "text", "atomic", "paths"}


def _imports(path: Path) -> set[str]:
    """Every module of ours that ``path`` imports, as a dotted name under shizheng_anki."""
    package = list(path.relative_to(PACKAGE).parts[:-1])  # the package a relative import starts from
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module is None:
                found.update(".".join([*target, alias.name]) for alias in node.names)
            else:
                found.add(".".join(target))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("shizheng_anki"):
            found.add(node.module.removeprefix("shizheng_anki").lstrip("."))
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("shizheng_anki.") for a in node.names if a.name.startswith("shizheng_anki.")
            )
    return {name for name in found if name}


def _third_party(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def _stage(module: str) -> str:
    return module.split(".")[0]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_imports_run_only_down_the_flow() -> None:
    against: list[str] = []
    for path in _modules():
        here = _stage(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        if here not in STAGES:
            continue  # the top level composes the stages
        for imported in _imports(path):
            there = _stage(imported)
            if there in LEAVES or there == here:
                continue
            if there not in STAGES or STAGES.index(there) > STAGES.index(here):
                against.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert against == []


def test_leaves_import_only_leaves() -> None:
    for name in LEAVES:
        imported = {_stage(m) for m in _imports(PACKAGE / f"{name}.py")}
        assert imported <= LEAVES, (name, imported)


def test_mistune_only_in_parse_and_genanki_only_in_package() -> None:
    for path in _modules():
        stage = path.relative_to(PACKAGE).parts[0]
        used = _third_party(path)
        if "mistune" in used:
            assert stage == "parse" or path.name == "cache.py", path  # the cache keys on mistune's version
        if "genanki" in used:
            assert stage == "package", path


def test_at_most_twelve_modules_at_the_top_and_every_stage_says_what_it_does() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= 12
    for stage in STAGES:
        docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and len(docstring.split()) >= 10, stage
