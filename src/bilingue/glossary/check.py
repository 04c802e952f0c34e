"""Glossary checks a terminologist runs before a release: conflicts, gaps, shadowed terms."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.errors import GlossaryError
from bilingue.glossary.model import GlossaryEntry
from bilingue.glossary.store import read_tsv_lenient

__all__ = ["GlossaryProblem", "check_glossary"]


@dataclass(frozen=True)
class GlossaryProblem:
    severity: str  # "error" (the glossary cannot be trusted) or "warning"
    file: str
    line: int  # 0 when the problem is about the file as a whole
    message: str


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, the way the matcher compares by default."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class _Located:
    entry: GlossaryEntry
    file: str
    line: int


def _whitespace_problems(item: _Located) -> list[GlossaryProblem]:
    problems = []
    for name, value in (("source", item.entry.source), ("target", item.entry.target)):
        if "  " in value:
            problems.append(
                GlossaryProblem(
                    "warning", item.file, item.line, f"{name} {value!r} has a double space"
                )
            )
    return problems


def check_glossary(paths: Sequence[Path]) -> list[GlossaryProblem]:
    """Every problem found in ``paths``, errors first within each file order.

    Errors: a file that does not parse, one source with two targets, a variant that
    is another entry's source with another target. Warnings: exact duplicates,
    double spaces, a term that only ever matches inside a longer one (the longer
    entry wins there, which is usually meant but worth knowing).
    """
    problems: list[GlossaryProblem] = []
    located: list[_Located] = []
    for path in paths:
        try:
            entries, bad_lines = read_tsv_lenient(path)
        except GlossaryError as err:
            problems.append(GlossaryProblem("error", str(path), 0, err.message))
            continue
        located.extend(_Located(entry, str(path), number) for number, entry in entries)
        problems.extend(GlossaryProblem("error", str(path), n, m) for n, m in bad_lines)
    first_by_source: dict[str, _Located] = {}
    for item in located:
        problems.extend(_whitespace_problems(item))
        key = _fold(item.entry.source) if not item.entry.case_sensitive else item.entry.source
        earlier = first_by_source.get(key)
        if earlier is None:
            first_by_source[key] = item
            continue
        where = f"{earlier.file}:{earlier.line}"
        if earlier.entry.target != item.entry.target:
            problems.append(GlossaryProblem(
                "error", item.file, item.line,
                f"{item.entry.source!r} has two targets: {earlier.entry.target!r} ({where}) "
                f"and {item.entry.target!r}",
            ))  # fmt: skip
        else:
            problems.append(GlossaryProblem(
                "warning", item.file, item.line, f"{item.entry.source!r} duplicates {where}"
            ))  # fmt: skip
    sources = {_fold(i.entry.source): i for i in located}
    for item in located:
        for variant in item.entry.variants:
            other = sources.get(_fold(variant))
            if other is not None and other.entry.target != item.entry.target:
                problems.append(GlossaryProblem(
                    "error", item.file, item.line,
                    f"variant {variant!r} of {item.entry.source!r} is also an entry with "
                    f"target {other.entry.target!r} ({other.file}:{other.line})",
                ))  # fmt: skip
    folded = [(_fold(i.entry.source), i) for i in located]
    for short, item in folded:
        longer = [
            other for text, other in folded
            if other is not item and len(text) > len(short) and f" {short} " in f" {text} "
        ]  # fmt: skip
        if longer:
            names = ", ".join(repr(o.entry.source) for o in longer[:3])
            problems.append(GlossaryProblem(
                "warning", item.file, item.line,
                f"{item.entry.source!r} is part of {names}: the longer entry wins there",
            ))  # fmt: skip
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.line))
