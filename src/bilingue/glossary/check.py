"""Glossary checks a terminologist runs before a release: bad lines, conflicts, shadowed terms,
and terms too short or too common to protect safely."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bilingue.errors import GlossaryError
from bilingue.frequency import zipf as frequency_zipf
from bilingue.glossary.model import CaseRule, GlossaryEntry
from bilingue.glossary.store import read_table
from bilingue.glossary.table import LIST_COLUMNS, VARIANT_SEPARATOR

__all__ = ["COMMON_ZIPF", "GlossaryProblem", "Severity", "check_glossary", "entry_warnings"]

Severity = Literal["error", "warning"]
_WORD = re.compile(r"\w+")
# wordfreq's Zipf scale: 5 is 100 occurrences per million words (`espace`, `mars`, `a`
# is 7). A term that common, matched in any case, is forced onto text that mostly
# means something else.
COMMON_ZIPF = 5.0
_SHORT = 2  # characters; `UE` is fine as an acronym (capitals), `ue` or `a` is not


def entry_warnings(entry: GlossaryEntry) -> list[str]:
    """Why protecting ``entry`` may do harm: a source too short, or a common French word.

    Case-sensitive entries are spared the common-word test: `Mars` (capitals) is not
    the month `mars`. A single character is risky in any case (`A` opens sentences).
    """
    source = entry.source.strip()
    insensitive = entry.case_rule is CaseRule.INSENSITIVE
    if len(source) == 1:
        return [f"{source!r} is a single character: it matches wherever that letter stands alone"]
    if insensitive and len(source) <= _SHORT:
        return [
            f"{source!r} is too short to protect in any case (set case to capitals or exact, "
            "or give a longer source)"
        ]
    if insensitive and len(_WORD.findall(source)) == 1:
        zipf = frequency_zipf(source.casefold(), "fr")
        if zipf >= COMMON_ZIPF:
            per_million = round(10**zipf / 1000)
            return [
                f"{source!r} is a common French word (about {per_million} in a million words): "
                f"every occurrence becomes {entry.target!r} (set case or give a longer source)"
            ]
    return []


@dataclass(frozen=True)
class GlossaryProblem:
    """One finding; errors mean the glossary cannot be trusted as it stands."""

    severity: Severity
    file: str
    line: int  # 0 when the problem is about the file as a whole
    message: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class _Located:
    entry: GlossaryEntry
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class _Form:
    """A French spelling an entry matches: its source or one of its variants."""

    text: str
    owner: _Located
    is_variant: bool

    def same_text(self, other: _Form) -> bool:
        """Whether both spellings would match the same text (case folded unless both exact)."""
        if self.text == other.text:
            return True
        exact = self.owner.entry.case_sensitive and other.owner.entry.case_sensitive
        return not exact and self.text.casefold() == other.text.casefold()


def _cell_problems(file: str, line: int, cells: dict[str, str]) -> list[GlossaryProblem]:
    problems = []
    for column, raw in cells.items():
        values = raw.split(VARIANT_SEPARATOR) if column in LIST_COLUMNS else [raw]
        if any(value != value.strip() for value in values if value.strip()):
            message = f"leading or trailing space in {column} {raw.strip()!r} (it is ignored)"
            problems.append(GlossaryProblem("warning", file, line, message))
        if "  " in raw.strip():
            message = f"double space in {column} {raw.strip()!r}"
            problems.append(GlossaryProblem("warning", file, line, message))
    return problems


def _pair_problem(earlier: _Form, later: _Form) -> GlossaryProblem | None:
    """What it means that two entries share a spelling (reported on the later line)."""
    a, b = earlier.owner, later.owner
    if a is b:
        what = "the source" if not earlier.is_variant else "another variant"
        return GlossaryProblem("warning", b.file, b.line, f"variant {later.text!r} repeats {what}")
    same_target = a.entry.target == b.entry.target
    if not earlier.is_variant and not later.is_variant:
        if same_target:
            return GlossaryProblem(
                "warning", b.file, b.line, f"{b.entry.source!r} duplicates {a.where}"
            )
        if a.file != b.file:
            message = (
                f"{b.entry.source!r} → {b.entry.target!r} replaces {a.entry.target!r} "
                f"from {a.where} (later files win)"
            )
            return GlossaryProblem("warning", b.file, b.line, message)
        message = (
            f"one source with two targets: {b.entry.source!r} → {a.entry.target!r} "
            f"({a.where}) and → {b.entry.target!r}"
        )
        return GlossaryProblem("error", b.file, b.line, message)
    role_a = "a variant" if earlier.is_variant else "the source"
    role_b = "a variant" if later.is_variant else "the source"
    if same_target:
        message = f"{later.text!r} is {role_b} here and {role_a} at {a.where}, same target"
        return GlossaryProblem("warning", b.file, b.line, message)
    message = (
        f"{later.text!r} is {role_b} here (→ {b.entry.target!r}) and {role_a} "
        f"at {a.where} (→ {a.entry.target!r}): one spelling, two targets"
    )
    return GlossaryProblem("error", b.file, b.line, message)


def _collisions(forms: list[_Form]) -> list[GlossaryProblem]:
    by_key: dict[str, list[_Form]] = defaultdict(list)
    for form in forms:
        by_key[form.text.casefold()].append(form)
    problems = []
    for group in by_key.values():
        for index, later in enumerate(group):
            for earlier in group[:index]:
                if earlier.same_text(later):
                    problem = _pair_problem(earlier, later)
                    if problem is not None:
                        problems.append(problem)
                    break  # one report per spelling: against the first earlier one
    return problems


def _inner_spans(text: str) -> list[str]:
    """Every run of whole words inside ``text`` that is shorter than ``text``."""
    words = list(_WORD.finditer(text))
    spans = []
    for i, first in enumerate(words):
        for last in words[i:]:
            span = text[first.start() : last.end()]
            if span != text:
                spans.append(span)
    return spans


def _shadowed(forms: list[_Form]) -> list[GlossaryProblem]:
    """Warn when an entry's spelling occurs inside a longer entry's spelling."""
    by_key: dict[str, list[_Form]] = defaultdict(list)
    for form in forms:
        by_key[form.text.casefold()].append(form)
    reported: set[tuple[int, int]] = set()
    problems = []
    for longer in forms:
        for span in _inner_spans(longer.text):
            for short in by_key.get(span.casefold(), []):
                pair = (id(short.owner), id(longer.owner))
                if short.owner is longer.owner or pair in reported:
                    continue
                if short.owner.entry.case_sensitive and span != short.text:
                    continue
                reported.add(pair)
                a, b = short.owner, longer.owner
                message = (
                    f"{short.text!r} also occurs inside {longer.text!r} ({b.where}); "
                    "the longer entry wins there"
                )
                problems.append(GlossaryProblem("warning", a.file, a.line, message))
    return problems


def check_glossary(paths: Sequence[Path]) -> list[GlossaryProblem]:
    """Every problem in ``paths`` (checked together, in load order), sorted by file and line.

    Errors: a file that cannot be read, a malformed line (empty source or target,
    unknown type or case value, too many cells), one source with two targets in a
    file, a spelling that is a variant of one entry and the source or variant of
    another with a different target. Warnings: exact duplicates, a later file
    replacing an earlier file's target, a variant repeating its source, leading or
    trailing spaces, double spaces, an entry whose source or variant occurs inside a
    longer one (the longer entry wins there), and a source too short or too common to
    protect safely (:func:`entry_warnings`).
    """
    problems: list[GlossaryProblem] = []
    forms: list[_Form] = []
    order = {str(path): index for index, path in enumerate(paths)}
    for path in paths:
        file = str(path)
        try:
            table = read_table(Path(path))
        except GlossaryError as err:
            problems.append(GlossaryProblem("error", file, 0, err.message))
            continue
        problems.extend(GlossaryProblem("error", file, n, m) for n, m in table.errors)
        for row in table.rows:
            problems.extend(_cell_problems(file, row.line, dict(row.cells)))
            if row.entry is None:
                continue
            problems.extend(
                GlossaryProblem("warning", file, row.line, message)
                for message in entry_warnings(row.entry)
            )
            owner = _Located(row.entry, file, row.line)
            forms.append(_Form(row.entry.source, owner, False))
            forms.extend(_Form(v, owner, True) for v in row.entry.variants)
    problems.extend(_collisions(forms))
    problems.extend(_shadowed(forms))
    severity_rank = {"error": 0, "warning": 1}
    return sorted(problems, key=lambda p: (order.get(p.file, 0), p.line, severity_rank[p.severity]))
