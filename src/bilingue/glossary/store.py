"""Glossary TSV files: reading, writing, loading, and locked edits that keep every other line.

A TSV glossary is the table of :mod:`bilingue.glossary.table` saved as UTF-8 text,
one row a line, cells separated by tabs; lines starting with ``#`` are comments and
blank lines are allowed. Edits (add, remove, import) take an exclusive lock on a
``.NAME.lock`` file beside the real file, read it afresh under the lock and replace
it atomically, so concurrent edits queue instead of losing each other's entries. A
glossary reached through a symbolic link is edited where the link points: the link
stays a link.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.errors import GlossaryError
from bilingue.glossary.model import Glossary, GlossaryEntry
from bilingue.glossary.table import (
    COLUMNS,
    HEADER_HINT,
    Table,
    entry_cells,
    entry_problems,
    missing_columns,
    parse_table,
)
from bilingue.safeio import atomic_write_text

__all__ = [
    "GLOSSARY_FOLDER",
    "add_entry",
    "default_glossary_paths",
    "edit_lock",
    "format_tsv",
    "load_glossary",
    "read_table",
    "read_tsv",
    "remove_entry",
    "update_entries",
    "upsert_entries",
    "write_tsv",
]

GLOSSARY_FOLDER = "glossary"


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
        hint = HEADER_HINT if line == table.header_line else ""
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
    """The text of a TSV glossary holding ``entries``: the six main columns, then any
    other column an entry uses."""
    columns = list(COLUMNS[:6])
    for entry in entries:
        columns += [name for name in missing_columns(entry, columns) if name not in columns]
    columns.sort(key=COLUMNS.index)
    return "".join(line + "\n" for line in ["\t".join(columns), *_render(entries, columns)])


def write_tsv(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    """Write ``entries`` as a new TSV glossary, atomically (GlossaryError if one cannot be).

    A whole new file, as an export writes it: no lock, since nothing is read first.
    """
    path = Path(path)
    try:
        text = format_tsv(entries)
    except GlossaryError as err:
        raise GlossaryError(err.message, path=path, hint=err.hint) from err
    # Through a link, like every edit, so a shared glossary stays shared.
    atomic_write_text(Path(os.path.realpath(path)), text)


def default_glossary_paths(root: Path) -> list[Path]:
    """The shipped and local glossaries: ``root/glossary/*.tsv``, sorted by name."""
    return sorted(Path(root, GLOSSARY_FOLDER).glob("*.tsv"))


def load_glossary(paths: Sequence[Path]) -> Glossary:
    """Entries from every file in order; a later entry for the same source replaces the earlier."""
    by_source: dict[str, GlossaryEntry] = {}
    for path in paths:
        for entry in read_tsv(Path(path)):
            by_source[entry.source] = entry
    return Glossary(entries=tuple(by_source.values()), files=tuple(str(p) for p in paths))


# --- edits: locked, re-read under the lock, through links, keeping every other line ----


@contextlib.contextmanager
def edit_lock(path: Path, *, create_folder: bool = False) -> Iterator[Path]:
    """Hold the edit lock of glossary ``path``; yield the real file it names (links followed).

    The lock is ``flock`` on ``.NAME.lock`` beside the real file, not on the file itself,
    because an atomic edit replaces the file (and with it any lock held on it). The
    kernel releases it when the holder exits, even on ``kill -9``; the lock file is
    removed after the edit (one left by a killed process is harmless and reused).
    """
    real = Path(os.path.realpath(path))
    if create_folder:
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise GlossaryError(
                f"cannot create the glossary folder ({err.strerror})", path=real.parent
            ) from err
    lock_path = real.parent / f".{real.name}.lock"
    fd = _lock(lock_path, path)
    try:
        yield real
    finally:
        # Removed while held: a waiter then finds its file gone and locks afresh (_lock).
        lock_path.unlink(missing_ok=True)
        os.close(fd)


def _lock(lock_path: Path, path: Path) -> int:
    """An open descriptor holding the exclusive lock on ``lock_path`` (waits for it)."""
    import fcntl

    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as err:
            raise GlossaryError(
                f"cannot lock the glossary for editing ({err.strerror})",
                path=path,
                hint=f"the folder {lock_path.parent} must exist and be writable",
            ) from err
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = os.stat(lock_path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            return fd
        os.close(fd)  # the holder before us removed this file: lock the new one


def _load_for_edit(path: Path) -> _TsvFile:
    tsv = _parse_tsv(_read_text(path))
    _raise_first_error(tsv.table, path)
    return tsv


def _end_last_line(lines: list[str], newline: str) -> None:
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline


def _save(path: Path, tsv: _TsvFile, lines: list[str]) -> None:
    atomic_write_text(path, ("\ufeff" if tsv.bom else "") + "".join(lines))


def _upsert_lines(path: Path, tsv: _TsvFile, entries: Sequence[GlossaryEntry]) -> list[str]:
    lines = list(tsv.lines)
    columns = list(tsv.table.columns)
    header_index = tsv.table.header_line - 1
    if header_index < 0:
        columns = list(COLUMNS[:6])  # others are added below as entries need them
        _end_last_line(lines, tsv.newline)
        header_index = len(lines)
        lines.append("\t".join(columns) + tsv.newline)
    row_sources = {row.line - 1: row.entry.source for row in tsv.table.rows if row.entry}
    for entry in entries:
        needed = missing_columns(entry, columns)
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
    return lines


def update_entries(
    path: Path, decide: Callable[[list[GlossaryEntry]], Sequence[GlossaryEntry]]
) -> None:
    """Add or replace entries in a TSV file in one locked, atomic write.

    Under the lock, ``decide`` gets the entries the file holds now (none for a missing
    file) and returns those to add or replace; nothing is written when it returns none.
    An entry whose source is already in the file takes the place of its first line
    (later lines with that source go, since they would override it); others are
    appended. Comments, blank lines and all other lines keep their exact text. A
    missing file (and folder) is created with a header; a missing column is appended
    to the header.
    """
    path = Path(path)
    with edit_lock(path, create_folder=True) as real:
        tsv = _load_for_edit(real) if real.exists() else None
        entries = list(decide(tsv.table.entries() if tsv else []))
        for entry in entries:
            problems = entry_problems(entry)
            if problems:
                raise GlossaryError(f"entry {entry.source!r}: {'; '.join(problems)}", path=path)
        if not entries:
            return
        if tsv is None:
            unique = {e.source: e for e in entries}
            try:
                text = format_tsv(list(unique.values()))
            except GlossaryError as err:
                raise GlossaryError(err.message, path=path, hint=err.hint) from err
            atomic_write_text(real, text)
            return
        _save(real, tsv, _upsert_lines(path, tsv, entries))


def upsert_entries(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    """Add or replace ``entries`` in a TSV file (see :func:`update_entries`)."""
    update_entries(path, lambda _current: entries)


def add_entry(path: Path, entry: GlossaryEntry) -> None:
    """Append ``entry`` to a TSV file, or replace the line that has its source."""
    upsert_entries(path, [entry])


def remove_entry(path: Path, source: str) -> bool:
    """Delete every line whose source is ``source``; False (file untouched) if there was none."""
    path = Path(path)
    if not path.exists():
        return False
    with edit_lock(path) as real:
        tsv = _load_for_edit(real)
        doomed = {
            row.line - 1 for row in tsv.table.rows if row.entry and row.entry.source == source
        }
        if not doomed:
            return False
        _save(real, tsv, [line for i, line in enumerate(tsv.lines) if i not in doomed])
        return True
