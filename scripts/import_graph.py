"""Print which of shizheng_anki's own modules each module imports, read from the source with ``ast``.

    .venv/bin/python scripts/import_graph.py             # module → the package's modules it imports
    .venv/bin/python scripts/import_graph.py --stages    # the same, collapsed to stages (packages)
    .venv/bin/python scripts/import_graph.py --write     # refresh both in docs/architecture.md

Each line reads ``module → imports``. An import made at the top of a module is listed plainly; one
made inside a function, or through ``importlib.import_module`` (a computed name is looked up in the
module's top-level dicts: the package's lazy ``_MODULES`` table), so only when it is used, is marked
``(on use)``; one made only for type checkers (``if TYPE_CHECKING:``) is marked ``(types)``.
``from .x import y`` counts as importing ``x.y`` when ``y`` is a module, else ``x``. Outside
libraries (mistune, genanki, click …) are not listed. tests/pipeline/test_docs.py checks that
docs/architecture.md shows what this prints.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "shizheng_anki"
NAME = "shizheng_anki"
DOC = ROOT / "docs" / "architecture.md"
MARKERS = {
    "modules": ("<!-- import-graph -->\n", "<!-- /import-graph -->"),
    "stages": ("<!-- stage-graph -->\n", "<!-- /stage-graph -->"),
}
ON_USE, TYPES, TOP = "on use", "types", ""


def module_name(path: Path) -> str:
    """``shizheng_anki/cards/notes.py`` → ``cards.notes``; a package's ``__init__`` is the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or NAME


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(importer: str, path: Path, level: int, target: str | None) -> str | None:
    """The module a relative import names, as :func:`module_name` writes it (None: outside the package)."""
    if level == 0:
        if target is None or not (target == NAME or target.startswith(NAME + ".")):
            return None
        return target.removeprefix(NAME + ".") if target != NAME else NAME
    base = [] if importer == NAME else importer.split(".")
    if not _is_package(path):
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    parts = base + (target.split(".") if target else [])
    return ".".join(parts) or NAME


def _submodule(known: dict[str, Path], package: str, name: str) -> str:
    """``from package import name``: the module ``package.name`` when there is one, else ``package``."""
    candidate = name if package == NAME else f"{package}.{name}"
    return candidate if candidate in known else package


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, kind: str) -> Iterator[tuple[ast.AST, str]]:
    """Every node below ``node``, with how an import there is made: at the top, on use, for types."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            child_kind = TYPES
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            child_kind = ON_USE if kind == TOP else kind
        else:
            child_kind = kind
        yield child, child_kind
        yield from _walk(child, child_kind)


def imports_of(name: str, path: Path, known: dict[str, Path]) -> dict[str, str]:
    """The package's modules that ``name`` imports, each with the strongest way it does (top > on use > types)."""
    found: dict[str, str] = {}
    rank = {TOP: 0, ON_USE: 1, TYPES: 2}

    def add(target: str | None, kind: str) -> None:
        if target is None or target == name:
            return
        if target not in found or rank[kind] < rank[found[target]]:
            found[target] = kind

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node, kind in _walk(tree, TOP):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(_resolve(name, path, 0, alias.name), kind)
        elif isinstance(node, ast.ImportFrom):
            package = _resolve(name, path, node.level, node.module)
            if package is not None:
                for alias in node.names:
                    add(_submodule(known, package, alias.name), kind)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            target = node.args[0].value
            level = len(target) - len(target.lstrip("."))
            add(_resolve(name, path, level, target.lstrip(".") or None), ON_USE)
        elif _is_computed_import(node):
            for target in _lazy_table(tree):
                add(_resolve(name, path, 1, target), ON_USE)
    return found


def _is_computed_import(node: ast.AST) -> bool:
    """``importlib.import_module(f".{…}", …)``: a module named at run time."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and bool(node.args)
        and not isinstance(node.args[0], ast.Constant)
    )


def _lazy_table(tree: ast.Module) -> set[str]:
    """The module names a computed import picks from: the string values of the module's top-level
    dicts (``_MODULES = {"build_deck": "build", …}`` in the package's ``__init__``)."""
    names: set[str] = set()
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.Dict):
            names |= {v.value for v in value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
    return names


def _line(name: str, imported: dict[str, str]) -> str:
    if not imported:
        return f"{name} → (none)"
    listed = [f"{target} ({kind})" if kind else target for target, kind in sorted(imported.items())]
    return f"{name} → " + ", ".join(listed)


def module_graph() -> str:
    known = modules()
    return "\n".join(_line(name, imports_of(name, path, known)) for name, path in known.items())


def stage_of(name: str) -> str:
    """The stage (top-level package or module) a module belongs to."""
    return name.split(".")[0]


def stage_graph() -> str:
    """The module graph collapsed to stages: ``cards → extract, parse`` when any module of ``cards``
    imports any module of ``extract`` and ``parse``. Imports within a stage are left out."""
    known = modules()
    stages: dict[str, dict[str, str]] = {}
    rank = {TOP: 0, ON_USE: 1, TYPES: 2}
    for name, path in known.items():
        stage = stages.setdefault(stage_of(name), {})
        for target, kind in imports_of(name, path, known).items():
            other = stage_of(target)
            if other != stage_of(name) and (other not in stage or rank[kind] < rank[stage[other]]):
                stage[other] = kind
    return "\n".join(_line(stage, imported) for stage, imported in sorted(stages.items()))


def write() -> None:
    """Put both graphs between their markers in docs/architecture.md."""
    text = DOC.read_text(encoding="utf-8")
    for key, graph in (("modules", module_graph()), ("stages", stage_graph())):
        start, end = MARKERS[key]
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + start + "```text\n" + graph + "\n```\n" + end + after
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    elif sys.argv[1:] == ["--stages"]:
        print(stage_graph())
    elif not sys.argv[1:]:
        print(module_graph())
    else:
        sys.exit(__doc__)
