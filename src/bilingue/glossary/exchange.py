"""Glossary exchange with spreadsheets and CAT tools (TSV, CSV, XLSX, TBX) and merging imports.

CSV and XLSX hold the same table as the TSV files (a header row naming the columns,
see :mod:`bilingue.glossary.table`). A cell a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is written with a leading
``'``, and import strips exactly that protection, so ``-ESA-`` or ``+33`` round-trip.
TBX is handled in :mod:`bilingue.glossary.tbx`.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.errors import GlossaryError
from bilingue.glossary.model import GlossaryEntry
from bilingue.glossary.store import format_tsv, read_tsv, update_entries
from bilingue.glossary.table import (
    COLUMNS,
    HEADER_HINT,
    Table,
    entry_cells,
    entry_problems,
    parse_table,
)
from bilingue.glossary.tbx import read_tbx, tbx_bytes
from bilingue.safeio import atomic_output, atomic_write_bytes, atomic_write_text

__all__ = [
    "EXCHANGE_EXTENSIONS",
    "FORMULA_STARTS",
    "MergeReport",
    "export_glossary",
    "import_glossary",
    "import_into",
    "merge_entries",
    "neutralise_formula",
    "restore_formula",
]

EXCHANGE_EXTENSIONS = (".tsv", ".csv", ".xlsx", ".tbx")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CSV_DELIMITERS = (",", ";", "\t")  # Excel in a French locale saves CSV with ';'


def _needs_protection(value: str) -> bool:
    # A value already starting with the protecting quote is quoted again, so that
    # import strips exactly what export added and every value round-trips.
    return value.startswith(FORMULA_STARTS) or (
        value.startswith("'") and _needs_protection(value[1:])
    )


def neutralise_formula(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    return "'" + value if _needs_protection(value) else value


def restore_formula(value: str) -> str:
    """Undo :func:`neutralise_formula` (and only it)."""
    return value[1:] if value.startswith("'") and _needs_protection(value[1:]) else value


def _extension(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in EXCHANGE_EXTENSIONS:
        raise GlossaryError(
            f"unsupported glossary format {suffix or '(none)'!r}",
            path=path,
            hint=f"use one of {', '.join(EXCHANGE_EXTENSIONS)}",
        )
    return suffix


def _entries_of(table: Table, path: Path, unit: str) -> list[GlossaryEntry]:
    if table.errors:
        number, message = table.errors[0]
        raise GlossaryError(
            f"{unit} {number}: {message}",
            path=path,
            hint=HEADER_HINT if number == table.header_line else "",
        )
    if not table.header_line:
        raise GlossaryError("no header row (source, target, …)", path=path)
    return table.entries()


def _table_cells(entry: GlossaryEntry) -> list[str]:
    return [neutralise_formula(cell) for cell in entry_cells(entry)]


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as err:
        raise GlossaryError(f"line {reader.line_num}: not valid CSV ({err})") from err


def _header_score(text: str, delimiter: str) -> int:
    """How many known column names the first line gives when split on ``delimiter``."""
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return sum(cell.strip().lower() in COLUMNS for cell in first)


def _read_csv(path: Path) -> list[GlossaryEntry]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise GlossaryError(
            f"not UTF-8 text (byte {err.start})", path=path, hint="save it as CSV UTF-8"
        ) from err
    delimiter = max(_CSV_DELIMITERS, key=lambda d: _header_score(text, d))
    try:
        rows = _csv_rows(text, delimiter)
    except GlossaryError as err:
        raise GlossaryError(err.message, path=path) from err
    restored = ((n, [restore_formula(cell) for cell in cells]) for n, cells in rows)
    return _entries_of(parse_table(restored), path, "line")


def _write_csv(entries: Sequence[GlossaryEntry], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(COLUMNS)
    writer.writerows(_table_cells(e) for e in entries)
    # The BOM makes Excel read the file as UTF-8, so accents survive a double-click.
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a year typed as a number reads back as 2013, not 2013.0
    return str(value)


def _read_xlsx(path: Path) -> list[GlossaryEntry]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # Files from other tools trigger openpyxl's style and extension notices.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                rows = [
                    (number, [restore_formula(_cell_text(v)) for v in row])
                    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
                ]
            finally:
                book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise GlossaryError(
            f"not a readable .xlsx file ({err})",
            path=path,
            hint="save it from a spreadsheet as .xlsx",
        ) from err
    return _entries_of(parse_table(rows), path, "row")


def _write_xlsx(entries: Sequence[GlossaryEntry], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "glossary"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, entry in enumerate(entries, start=2):
        for column, text in enumerate(_table_cells(entry), start=1):
            if text:  # an empty cell stays empty rather than holding ""
                # A string explicitly: openpyxl would store "=…" as a formula.
                cell = sheet.cell(row=row_number, column=column, value=text)
                cell.data_type = "s"
    widths = (34, 34, 14, 40, 24, 12, 30, 30, 30, 24)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    with atomic_output(path) as tmp:
        book.save(tmp)


# --- public API --------------------------------------------------------------------------


def import_glossary(path: Path) -> list[GlossaryEntry]:
    """Entries from a .tsv, .csv, .xlsx or .tbx file (chosen by extension), in file order."""
    path = Path(path)
    suffix = _extension(path)
    if not path.is_file():
        raise GlossaryError("glossary file not found", path=path, hint="check the path")
    readers = {".tsv": read_tsv, ".csv": _read_csv, ".xlsx": _read_xlsx, ".tbx": read_tbx}
    return readers[suffix](path)


def export_glossary(
    entries: Sequence[GlossaryEntry], path: Path, *, tbx_version: str = "2"
) -> None:
    """Write ``entries`` in the format the extension names, atomically.

    TBX: ``tbx_version="2"`` writes TBX-Basic 2008 (``martif``, what most CAT tools
    read by default), ``"3"`` writes TBX v3 (``tbx``, ISO 30042:2019).
    """
    path = Path(path)
    suffix = _extension(path)
    for entry in entries:
        problems = entry_problems(entry)
        if problems:
            raise GlossaryError(f"entry {entry.source!r}: {'; '.join(problems)}", path=path)
    if suffix == ".tsv":
        atomic_write_text(path, format_tsv(entries))
    elif suffix == ".csv":
        _write_csv(entries, path)
    elif suffix == ".xlsx":
        _write_xlsx(entries, path)
    else:
        atomic_write_bytes(path, tbx_bytes(entries, tbx_version))


@dataclass(frozen=True)
class MergeReport:
    """The merged entries and what the incoming ones did to them."""

    entries: tuple[GlossaryEntry, ...]
    added: tuple[GlossaryEntry, ...] = ()
    changed: tuple[GlossaryEntry, ...] = ()  # the new versions
    skipped: tuple[GlossaryEntry, ...] = ()  # identical to what was there


def merge_entries(
    existing: Sequence[GlossaryEntry], incoming: Sequence[GlossaryEntry]
) -> MergeReport:
    """``existing`` updated by ``incoming``: a known source is replaced in place, a new one
    appended; an incoming entry identical to the current one is skipped.

    ``existing`` is read the way :func:`~bilingue.glossary.store.load_glossary` reads a
    file: for a source listed twice, the later entry counts, at the first one's place.
    """
    merged = {e.source: e for e in existing}
    added: list[GlossaryEntry] = []
    changed: list[GlossaryEntry] = []
    skipped: list[GlossaryEntry] = []
    for entry in incoming:
        before = merged.get(entry.source)
        if before == entry:
            skipped.append(entry)
            continue
        (added if before is None else changed).append(entry)
        merged[entry.source] = entry
    return MergeReport(tuple(merged.values()), tuple(added), tuple(changed), tuple(skipped))


def import_into(path_in: Path, into: Path) -> MergeReport:
    """Merge a glossary file into the TSV file ``into`` in one locked, atomic write.

    ``into``'s comments and other lines stay as they are (see
    :func:`~bilingue.glossary.store.update_entries`); it is created if missing and
    left untouched when nothing changes. A value a spreadsheet would run as a formula
    is refused with the entry named (CSV and XLSX files may carry the ``'`` guard,
    which is removed first).
    """
    incoming = import_glossary(Path(path_in))
    reports: list[MergeReport] = []

    def decide(existing: list[GlossaryEntry]) -> list[GlossaryEntry]:
        # Runs under the lock, on what the file holds now, so the report is exact.
        report = merge_entries(existing, incoming)
        reports.append(report)
        # Added first: an incoming source listed twice is added, then changed.
        return [*report.added, *report.changed]

    update_entries(Path(into), decide)
    return reports[0]
