"""Glossary TSV files: the table rules, reading, writing, loading and line-preserving edits.

The format is a UTF-8 table a terminologist opens in a spreadsheet::

    source<TAB>target<TAB>type<TAB>note<TAB>variants<TAB>case

The header row names the columns (any order; ``source`` and ``target`` are required,
a missing ``type`` means ``term``). Lines starting with ``#`` are comments, blank lines are allowed.
A field is taken literally (no quoting), so a tab or line break cannot be stored
in one; ``variants`` are separated by ``|``. The same table rules serve the CSV
and XLSX exchange formats (see :func:`parse_table`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.errors import GlossaryError
from bilingue.glossary.model import ENTRY_TYPES, Glossary, GlossaryEntry
from bilingue.safeio import atomic_write_text

__all__ = [
    "CASE_VALUES",
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "VARIANT_SEPARATOR",
    "Table",
    "TableRow",
    "add_entry",
    "default_glossary_paths",
    "entry_cells",
    "entry_problems",
    "format_tsv",
    "load_glossary",
    "parse_table",
    "read_table",
    "read_tsv",
    "remove_entry",
    "upsert_entries",
    "write_tsv",
]

COLUMNS = ("source", "target", "type", "note", "variants", "case")
REQUIRED_COLUMNS = ("source", "target")
CASE_VALUES = ("exact", "insensitive")
VARIANT_SEPARATOR = "|"
_HEADER_HINT = "the first row must name the columns: " + ", ".join(COLUMNS)


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


# --- the table rules, shared by TSV, CSV and XLSX -------------------------------------


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


def _entry_from_cells(cells: Mapping[str, str]) -> GlossaryEntry | str:
    """The entry a row describes, or the reason it describes none."""
    source = cells.get("source", "").strip()
    target = cells.get("target", "").strip()
    kind = cells.get("type", "").strip().lower() or "term"
    case = cells.get("case", "").strip().lower()
    if not source:
        return "empty source"
    if not target:
        return f"empty target for {source!r}"
    if kind not in ENTRY_TYPES:
        return f"invalid type {kind!r} (use one of: {', '.join(ENTRY_TYPES)})"
    if case and case not in CASE_VALUES:
        return f"invalid case {case!r} (use exact, insensitive or leave it empty)"
    raw_variants = cells.get("variants", "").split(VARIANT_SEPARATOR)
    variants = tuple(v.strip() for v in raw_variants if v.strip())
    return GlossaryEntry(
        source=source,
        target=target,
        type=kind,
        note=cells.get("note", "").strip(),
        variants=variants,
        case=case,
    )


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
            result = _entry_from_cells(named)
        if isinstance(result, str):
            parsed.append(TableRow(line, named, None, result))
            errors.append((line, result))
        else:
            parsed.append(TableRow(line, named, result))
    return Table(columns, header_line, tuple(parsed), tuple(errors))


def _bad_char(text: str) -> bool:
    # Control characters break TSV lines and XML; U+FFFE/U+FFFF are not XML characters.
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in text)


def entry_problems(entry: GlossaryEntry) -> list[str]:
    """Why ``entry`` cannot be written to a glossary file (empty when it can)."""
    problems: list[str] = []
    if not entry.source.strip():
        problems.append("empty source")
    if not entry.target.strip():
        problems.append("empty target")
    if entry.type not in ENTRY_TYPES:
        problems.append(f"invalid type {entry.type!r} (use one of: {', '.join(ENTRY_TYPES)})")
    if entry.case and entry.case not in CASE_VALUES:
        problems.append(f"invalid case {entry.case!r} (use exact, insensitive or nothing)")
    if entry.source.startswith("#"):
        problems.append("a source cannot start with # (that marks a comment line)")
    fields = {"source": entry.source, "target": entry.target, "note": entry.note}
    fields.update({f"variant {i + 1}": v for i, v in enumerate(entry.variants)})
    for name, value in fields.items():
        if _bad_char(value):
            problems.append(f"a tab, line break or control character in the {name}")
        elif value != value.strip():
            problems.append(f"leading or trailing space in the {name}")
    for variant in entry.variants:
        if not variant.strip() or VARIANT_SEPARATOR in variant:
            problems.append(f"variant {variant!r} is empty or contains {VARIANT_SEPARATOR!r}")
    return problems


def _missing_columns(values: Mapping[str, str], columns: Sequence[str]) -> list[str]:
    """Columns ``values`` needs that ``columns`` lacks (no type column means ``term``)."""
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
    values = {
        "source": entry.source,
        "target": entry.target,
        "type": entry.type,
        "note": entry.note,
        "variants": VARIANT_SEPARATOR.join(entry.variants),
        "case": entry.case,
    }
    lost = _missing_columns(values, columns)
    if lost:
        raise GlossaryError(f"entry {entry.source!r}: no column for {', '.join(lost)}")
    return [values[name] for name in columns]


# --- TSV files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _TsvFile:
    """A TSV file as lines with their own endings, so edits leave other lines as they were."""

    lines: tuple[str, ...]
    bom: bool
    newline: str
    table: Table


def _strip_ending(line: str) -> str:
    return line.removesuffix("\n").removesuffix("\r")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise GlossaryError("glossary file not found", path=path, hint="check the path") from err
    except OSError as err:
        raise GlossaryError(f"cannot read glossary ({err.strerror})", path=path) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise GlossaryError(
            f"not UTF-8 text (byte {err.start})",
            path=path,
            hint="save it as UTF-8 (in a spreadsheet: character set Unicode UTF-8)",
        ) from err


def _parse_tsv(text: str) -> _TsvFile:
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    # split("\n") rather than splitlines(): U+2028 and friends are text, not line breaks.
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    numbered = ((n, _strip_ending(line).split("\t")) for n, line in enumerate(lines, 1))
    return _TsvFile(tuple(lines), bom, newline, parse_table(numbered))


def _raise_first_error(table: Table, path: Path) -> None:
    if table.errors:
        line, message = table.errors[0]
        hint = _HEADER_HINT if line == table.header_line else ""
        raise GlossaryError(f"line {line}: {message}", path=path, hint=hint)


def read_table(path: Path) -> Table:
    """Parse a TSV glossary without rejecting bad rows (for checking); raises on I/O only."""
    return _parse_tsv(_read_text(Path(path))).table


def read_tsv(path: Path) -> list[GlossaryEntry]:
    """The entries of a TSV glossary, in file order; GlossaryError on the first bad line."""
    path = Path(path)
    table = read_table(path)
    _raise_first_error(table, path)
    return table.entries()


def _format_line(cells: Sequence[str], source: str) -> str:
    line = "\t".join(cells).rstrip("\t")  # empty trailing cells read back as empty
    if line.startswith("#"):
        raise GlossaryError(f"entry {source!r}: its first cell starts with # (a comment)")
    return line


def _render(entries: Sequence[GlossaryEntry], columns: Sequence[str] = COLUMNS) -> list[str]:
    return [_format_line(entry_cells(e, columns), e.source) for e in entries]


def format_tsv(entries: Sequence[GlossaryEntry]) -> str:
    """The text of a TSV glossary holding ``entries`` under all six columns."""
    return "".join(line + "\n" for line in ["\t".join(COLUMNS), *_render(entries)])


def write_tsv(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    """Write ``entries`` as a new TSV glossary, atomically (GlossaryError if one cannot be)."""
    path = Path(path)
    try:
        text = format_tsv(entries)
    except GlossaryError as err:
        raise GlossaryError(err.message, path=path, hint=err.hint) from err
    atomic_write_text(path, text)


def default_glossary_paths(root: Path) -> list[Path]:
    """The shipped and local glossaries: ``root/glossary/*.tsv``, sorted by name."""
    return sorted(Path(root, "glossary").glob("*.tsv"))


def load_glossary(paths: Sequence[Path]) -> Glossary:
    """Entries from every file in order; a later entry for the same source replaces the earlier."""
    by_source: dict[str, GlossaryEntry] = {}
    for path in paths:
        for entry in read_tsv(Path(path)):
            by_source[entry.source] = entry
    return Glossary(entries=tuple(by_source.values()), files=tuple(str(p) for p in paths))


# --- edits that keep every other line as it was ---------------------------------------------


def _load_for_edit(path: Path) -> _TsvFile:
    tsv = _parse_tsv(_read_text(path))
    _raise_first_error(tsv.table, path)
    return tsv


def _end_last_line(lines: list[str], newline: str) -> None:
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline


def _save(path: Path, tsv: _TsvFile, lines: list[str]) -> None:
    atomic_write_text(path, ("\ufeff" if tsv.bom else "") + "".join(lines))


def upsert_entries(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    """Add or replace ``entries`` in a TSV file in one atomic write.

    An entry whose source is already in the file takes the place of its first line
    (later lines with that source go, since they would override it); others are
    appended. Comments, blank lines and all other lines keep their exact text. A
    missing file is created with a header; a missing column (note, variants, case)
    is appended to the header.
    """
    path = Path(path)
    for entry in entries:
        problems = entry_problems(entry)
        if problems:
            raise GlossaryError(f"entry {entry.source!r}: {'; '.join(problems)}", path=path)
    if not path.exists():
        unique = {e.source: e for e in entries}
        write_tsv(path, list(unique.values()))
        return
    tsv = _load_for_edit(path)
    lines = list(tsv.lines)
    columns = list(tsv.table.columns)
    header_index = tsv.table.header_line - 1
    if header_index < 0:
        columns = list(COLUMNS)
        _end_last_line(lines, tsv.newline)
        header_index = len(lines)
        lines.append("\t".join(columns) + tsv.newline)
    row_sources = {row.line - 1: row.entry.source for row in tsv.table.rows if row.entry}
    for entry in entries:
        needed = _missing_columns(dict(zip(COLUMNS, entry_cells(entry), strict=True)), columns)
        if needed:
            columns += needed
            header = lines[header_index]
            ending = header[len(_strip_ending(header)) :]
            lines[header_index] = "\t".join([_strip_ending(header), *needed]) + ending
        try:
            new_line = _render([entry], columns)[0]
        except GlossaryError as err:
            raise GlossaryError(err.message, path=path) from err
        where = sorted(i for i, source in row_sources.items() if source == entry.source)
        if where:
            first = lines[where[0]]
            lines[where[0]] = new_line + (first[len(_strip_ending(first)) :] or tsv.newline)
            for index in where[1:]:
                lines[index] = ""
                del row_sources[index]
        else:
            _end_last_line(lines, tsv.newline)
            row_sources[len(lines)] = entry.source
            lines.append(new_line + tsv.newline)
    _save(path, tsv, lines)


def add_entry(path: Path, entry: GlossaryEntry) -> None:
    """Append ``entry`` to a TSV file, or replace the line that has its source."""
    upsert_entries(path, [entry])


def remove_entry(path: Path, source: str) -> bool:
    """Delete every line whose source is ``source``; False (file untouched) if there was none."""
    path = Path(path)
    if not path.exists():
        return False
    tsv = _load_for_edit(path)
    doomed = {row.line - 1 for row in tsv.table.rows if row.entry and row.entry.source == source}
    if not doomed:
        return False
    _save(path, tsv, [line for i, line in enumerate(tsv.lines) if i not in doomed])
    return True
