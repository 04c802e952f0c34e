"""The glossary table rules: its columns, how a row makes an entry, what an entry may hold.

A glossary is a table a terminologist edits in a spreadsheet; TSV files, CSV and
XLSX exchange files all hold it. The header row names the columns (any order;
``source`` and ``target`` are required, a missing ``type`` means ``term``):

==============  ==========================================================================
column          holds
==============  ==========================================================================
source          the French term as it should be written
target          its English
type            name, programme, organisation, place, title or term (default: term)
note            free text for terminologists and reviewers
variants        other French spellings, separated by ``|``
case            exact, capitals, insensitive, or empty (see :class:`CaseRule`)
plural          the English for a plural match (``term`` entries; default: English rule)
forbidden       wrong English renderings to flag, separated by ``|``
context         which sense the entry means, for the reviewer
not_context     French words that mean another sense when in the segment, ``|``-separated
==============  ==========================================================================

Older files with only the first six columns stay valid. A field is taken literally
(no quoting), so a tab or line break cannot be stored in one. Every entry, whichever
file it comes from or goes to, is judged by :func:`entry_problems`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bilingue.errors import GlossaryError
from bilingue.glossary.model import ENTRY_TYPES, CaseRule, GlossaryEntry

__all__ = [
    "CASE_VALUES",
    "COLUMNS",
    "HEADER_HINT",
    "LIST_COLUMNS",
    "REQUIRED_COLUMNS",
    "VARIANT_SEPARATOR",
    "Table",
    "TableRow",
    "entry_cells",
    "entry_from_cells",
    "entry_problems",
    "missing_columns",
    "parse_table",
    "runs_as_formula",
    "split_list",
]

COLUMNS = (
    "source",
    "target",
    "type",
    "note",
    "variants",
    "case",
    "plural",
    "forbidden",
    "context",
    "not_context",
)
REQUIRED_COLUMNS = ("source", "target")
LIST_COLUMNS = ("variants", "forbidden", "not_context")  # several values, `|`-separated
CASE_VALUES = tuple(rule.value for rule in CaseRule if rule.value)
VARIANT_SEPARATOR = "|"
HEADER_HINT = "the first row must name the columns: " + ", ".join(COLUMNS)
# A spreadsheet opening the file runs a cell starting with `=` as a formula (`=cmd|…`
# reaches the shell through DDE); after `+ - @` a DDE link (`|`) or a function call
# (`SUM(`) runs too, while `+33 (0)1 44`, `-ESA-` or `@CNES` are plain text.
_FORMULA_AFTER_SIGN = re.compile(r"\||[A-Za-z_][\w.]*\(")


@dataclass(frozen=True)
class TableRow:
    """One data row: its raw cells by column name and the entry they make (or why not)."""

    line: int  # 1-based line (TSV, CSV) or row (XLSX) number
    cells: Mapping[str, str]
    entry: GlossaryEntry | None
    error: str = ""


@dataclass(frozen=True)
class Table:
    """A parsed glossary table; ``errors`` holds (line, message) for every bad row."""

    columns: tuple[str, ...] = ()
    header_line: int = 0  # 0 while no header row was found
    rows: tuple[TableRow, ...] = ()
    errors: tuple[tuple[int, str], ...] = ()

    def entries(self) -> list[GlossaryEntry]:
        return [row.entry for row in self.rows if row.entry is not None]


def split_list(cell: str) -> tuple[str, ...]:
    """The values of a ``|``-separated cell, stripped, empty ones dropped."""
    return tuple(v.strip() for v in cell.split(VARIANT_SEPARATOR) if v.strip())


def runs_as_formula(value: str) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula (`=…`, `+cmd|…`, `@SUM(…)`)."""
    if value.startswith("="):
        return True
    return value[:1] in ("+", "-", "@") and _FORMULA_AFTER_SIGN.search(value) is not None


def _bad_char(text: str) -> bool:
    # Control characters break TSV lines and XML; U+FFFE/U+FFFF are not XML characters.
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in text)


def _fields(entry: GlossaryEntry) -> dict[str, str]:
    """Every text an entry holds, named for messages."""
    named = {
        "source": entry.source,
        "target": entry.target,
        "note": entry.note,
        "plural": entry.plural,
        "context": entry.context,
    }
    for column in LIST_COLUMNS:
        values: tuple[str, ...] = getattr(entry, column)
        named.update({f"{_ITEM_NAMES[column]} {i + 1}": v for i, v in enumerate(values)})
    return named


_ITEM_NAMES = {"variants": "variant", "forbidden": "forbidden rendering", "not_context": "cue"}


def entry_problems(entry: GlossaryEntry, *, to_write: bool = True) -> list[str]:
    """Why ``entry`` is not a valid glossary entry (empty when it is); the one validator.

    ``to_write=False`` (a row read from a file) skips what only matters when writing
    a value out: control characters and surrounding spaces the file already holds.
    """
    problems: list[str] = []
    if not entry.source.strip():
        problems.append("empty source")
    if not entry.target.strip():
        problems.append(f"empty target for {entry.source!r}" if entry.source else "empty target")
    if entry.type not in ENTRY_TYPES:
        problems.append(f"invalid type {entry.type!r} (use one of: {', '.join(ENTRY_TYPES)})")
    if entry.case not in ("", *CASE_VALUES):
        problems.append(
            f"invalid case {entry.case!r} (use {', '.join(CASE_VALUES)} or leave it empty)"
        )
    if entry.source.startswith("#"):
        problems.append("a source cannot start with # (that marks a comment line)")
    for name, value in _fields(entry).items():
        if to_write and _bad_char(value):
            problems.append(f"a tab, line break or control character in the {name}")
        elif to_write and value != value.strip():
            problems.append(f"leading or trailing space in the {name}")
        elif runs_as_formula(value):
            problems.append(
                f"the {name} {value!r} would run as a formula in a spreadsheet "
                "(remove the leading sign or rephrase it)"
            )
    for column in LIST_COLUMNS:
        for value in getattr(entry, column):
            if not value.strip() or VARIANT_SEPARATOR in value:
                problems.append(
                    f"{_ITEM_NAMES[column]} {value!r} is empty or contains {VARIANT_SEPARATOR!r}"
                )
    return problems


def entry_from_cells(cells: Mapping[str, str]) -> GlossaryEntry | str:
    """The entry a row describes, or the first reason it describes none."""
    entry = GlossaryEntry(
        source=cells.get("source", "").strip(),
        target=cells.get("target", "").strip(),
        type=cells.get("type", "").strip().lower() or "term",
        note=cells.get("note", "").strip(),
        variants=split_list(cells.get("variants", "")),
        case=cells.get("case", "").strip().lower(),
        plural=cells.get("plural", "").strip(),
        forbidden=split_list(cells.get("forbidden", "")),
        context=cells.get("context", "").strip(),
        not_context=split_list(cells.get("not_context", "")),
    )
    problems = entry_problems(entry, to_write=False)
    return problems[0] if problems else entry


def _entry_values(entry: GlossaryEntry) -> dict[str, str]:
    values = {name: getattr(entry, name) for name in COLUMNS if name not in LIST_COLUMNS}
    values.update({name: VARIANT_SEPARATOR.join(getattr(entry, name)) for name in LIST_COLUMNS})
    return values


def missing_columns(entry: GlossaryEntry, columns: Sequence[str]) -> list[str]:
    """Columns ``entry`` needs that ``columns`` lacks (no type column means ``term``)."""
    values = _entry_values(entry)
    return [
        name
        for name in COLUMNS
        if values[name] and name not in columns and (name, values[name]) != ("type", "term")
    ]


def entry_cells(entry: GlossaryEntry, columns: Sequence[str] = COLUMNS) -> list[str]:
    """The cells that store ``entry`` under ``columns`` (raises if it cannot be stored)."""
    problems = entry_problems(entry)
    if problems:
        raise GlossaryError(f"entry {entry.source!r}: {'; '.join(problems)}")
    lost = missing_columns(entry, columns)
    if lost:
        raise GlossaryError(f"entry {entry.source!r}: no column for {', '.join(lost)}")
    values = _entry_values(entry)
    return [values[name] for name in columns]


def _is_skipped(cells: Sequence[str]) -> bool:
    """Blank rows and rows whose first cell starts with ``#`` carry no entry."""
    return all(not cell.strip() for cell in cells) or cells[0].lstrip().startswith("#")


def _parse_header(cells: Sequence[str]) -> tuple[tuple[str, ...], str]:
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:  # spreadsheets may save trailing empty cells
        names.pop()
    unknown = list(dict.fromkeys(name or "(empty)" for name in names if name not in COLUMNS))
    if unknown:
        return (), f"unknown column {', '.join(repr(n) for n in unknown)} in the header"
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        return (), f"column {', '.join(repr(n) for n in repeated)} appears twice in the header"
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        return (), f"the header lacks the column(s) {', '.join(missing)}"
    return tuple(names), ""


def parse_table(rows: Iterable[tuple[int, Sequence[str]]]) -> Table:
    """Apply the glossary table rules to numbered rows of cells; never raises.

    The first row that is neither blank nor a comment is the header. A row may
    have fewer cells than the header (missing cells are empty) but not more
    non-empty ones.
    """
    columns: tuple[str, ...] = ()
    header_line = 0
    parsed: list[TableRow] = []
    errors: list[tuple[int, str]] = []
    for line, cells in rows:
        if not cells or _is_skipped(cells):
            continue
        if not header_line:
            header_line = line
            columns, error = _parse_header(cells)
            if error:
                return Table(header_line=line, errors=((line, error),))
            continue
        extra = [cell for cell in cells[len(columns) :] if cell.strip()]
        named = dict(zip(columns, cells, strict=False))
        named.update({name: "" for name in columns[len(cells) :]})
        if extra:
            result: GlossaryEntry | str = (
                f"{len(columns)} columns in the header but more cells on this line"
            )
        else:
            result = entry_from_cells(named)
        if isinstance(result, str):
            parsed.append(TableRow(line, named, None, result))
            errors.append((line, result))
        else:
            parsed.append(TableRow(line, named, result))
    return Table(columns, header_line, tuple(parsed), tuple(errors))
