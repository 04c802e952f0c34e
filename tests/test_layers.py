"""The import graph runs one way: CLI → api → pipeline → stages → formats, engines → document.

Each top-level part of the package has a rank; a module may import only parts of a
lower rank (or its own part). A new part must be given a rank here, which is the
moment to decide where it sits.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

RANKS = {
    "document": 0,
    "errors": 0,
    "usercache": 0,
    "flags": 1,
    "term_check": 1,
    "inline": 1,
    "safeio": 1,
    "safeinput": 1,
    "collector": 1,
    "frequency": 1,
    "batch": 2,  # plans inputs with safeinput's checks (special_kind)
    "progress": 3,  # above batch, whose results it shows
    "packages": 2,
    "tm": 2,
    "glossary": 2,
    "engines": 3,
    "formats": 3,
    "config": 4,
    "stages": 4,
    "pooling": 4,
    "pipeline": 5,
    "incremental": 5,
    "api": 6,
    "cli": 7,
    "bilingue": 8,  # the package's own __init__
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "bilingue"


def _imports() -> list[tuple[str, str, str]]:
    """(importing file, importing part, imported part) for every bilingue import."""
    found = []
    for path in sorted((SRC / "bilingue").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name == "bilingue" or name.startswith("bilingue."):
                    found.append((str(path.relative_to(SRC)), _part(module), _part(name)))
    return found


def test_every_part_has_a_rank() -> None:
    parts = {p.stem if p.is_file() else p.name for p in (SRC / "bilingue").iterdir()}
    parts = {p for p in parts if not p.startswith(("_", ".")) and p != "py"}
    assert parts - set(RANKS) == set()


def test_imports_run_one_way() -> None:
    upward = [
        f"{where}: {importer} (rank {RANKS[importer]}) imports {imported} (rank {RANKS[imported]})"
        for where, importer, imported in _imports()
        if importer != imported and RANKS[imported] >= RANKS[importer]
    ]
    assert upward == []


def test_the_check_sees_the_imports() -> None:
    """The scan finds the imports we know are there, so an empty result above means something."""
    edges = {(importer, imported) for _, importer, imported in _imports()}
    assert {("cli", "api"), ("api", "pipeline"), ("stages", "document")} <= edges


def test_the_graph_has_no_relative_imports() -> None:
    """Relative imports would slip past the check above."""
    for path in (SRC / "bilingue").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}: relative import"
