"""Glossary TSV files as terminologists edit them: read, load, and atomic line-preserving edits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingue.errors import GlossaryError
from bilingue.glossary.model import ENTRY_TYPES, Glossary, GlossaryEntry
from bilingue.safeio import atomic_write_text

__all__ = [
    "COLUMNS",
    "add_entry",
    "default_glossary_paths",
    "entry_to_row",
    "format_tsv",
    "load_glossary",
    "read_tsv",
    "read_tsv_lenient",
    "remove_entry",
    "row_to_entry",
    "upsert_entries",
    "write_tsv",
]

COLUMNS = ("source", "target", "type", "note", "variants", "case")
REQUIRED = ("source", "target")
CASE_VALUES = ("", "exact", "insensitive")
VARIANT_SEPARATOR = "|"


@dataclass(frozen=True)
class _Line:
    """One physical line of a glossary file; entries are parsed, everything else kept as is."""

    number: int
    raw: str
    entry: GlossaryEntry | None


def row_to_entry(row: dict[str, str], where: str = "") -> GlossaryEntry:
    """A glossary entry from column values, validated; ``where`` prefixes error messages."""
    prefix = f"{where}: " if where else ""
    source, target = row.get("source", "").strip(), row.get("target", "").strip()
    if not source or not target:
        raise GlossaryError(f"{prefix}source and target must both be filled in")
    entry_type = row.get("type", "").strip() or "term"
    if entry_type not in ENTRY_TYPES:
        raise GlossaryError(f"{prefix}type {entry_type!r} is not one of {', '.join(ENTRY_TYPES)}")
    case = row.get("case", "").strip()
    if case not in CASE_VALUES:
        raise GlossaryError(f"{prefix}case must be 'exact', 'insensitive' or empty, not {case!r}")
    variants = tuple(
        v.strip() for v in row.get("variants", "").split(VARIANT_SEPARATOR) if v.strip()
    )
    return GlossaryEntry(
        source=source,
        target=target,
        type=entry_type,
        note=row.get("note", "").strip(),
        variants=variants,
        case=case,
    )


def entry_to_row(entry: GlossaryEntry) -> dict[str, str]:
    return {
        "source": entry.source,
        "target": entry.target,
        "type": entry.type,
        "note": entry.note,
        "variants": VARIANT_SEPARATOR.join(entry.variants),
        "case": entry.case,
    }


def _format_line(entry: GlossaryEntry, columns: Sequence[str]) -> str:
    if entry.source.startswith("#"):
        raise GlossaryError(
            f"{entry.source!r}: a source cannot start with # in a TSV file (it reads as a "
            "comment); hashtags are protected without a glossary entry"
        )
    row = entry_to_row(entry)
    for name, value in row.items():
        if "\t" in value or "\n" in value or "\r" in value:
            raise GlossaryError(f"{entry.source!r}: {name} contains a tab or line break")
    return "\t".join(row[c] for c in columns).rstrip("\t")


def format_tsv(entries: Sequence[GlossaryEntry]) -> str:
    lines = ["\t".join(COLUMNS)] + [_format_line(e, COLUMNS) for e in entries]
    return "\n".join(lines) + "\n"


def _parse(
    path: Path, problems: list[tuple[int, str]] | None = None
) -> tuple[list[str], list[_Line]]:
    """The header's columns and every line, entries parsed (errors name the line).

    With ``problems`` given, a bad entry line is recorded there and skipped instead
    of raising, so a check can report every bad line at once.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise GlossaryError("glossary file not found", path=path) from err
    except UnicodeDecodeError as err:
        raise GlossaryError("not UTF-8 text", path=path, hint="save it as UTF-8") from err
    columns: list[str] = []
    lines: list[_Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.rstrip("\r")
        if not raw.strip() or raw.lstrip().startswith("#"):
            lines.append(_Line(number, raw, None))
            continue
        cells = raw.split("\t")
        if not columns:
            columns = [c.strip().lower() for c in cells]
            unknown = [c for c in columns if c not in COLUMNS]
            missing = [c for c in REQUIRED if c not in columns]
            if unknown or missing or len(set(columns)) != len(columns):
                raise GlossaryError(
                    f"line {number}: header must name the columns "
                    f"{', '.join(COLUMNS)} (source and target required)",
                    path=path,
                )
            lines.append(_Line(number, raw, None))
            continue
        try:
            if len(cells) > len(columns):
                raise GlossaryError(
                    f"line {number}: {len(cells)} fields for {len(columns)} columns"
                )
            entry = row_to_entry(dict(zip(columns, cells, strict=False)), f"line {number}")
        except GlossaryError as err:
            if problems is None:
                raise GlossaryError(err.message, path=path) from err
            problems.append((number, err.message.split(": ", 1)[1]))
            lines.append(_Line(number, raw, None))
            continue
        lines.append(_Line(number, raw, entry))
    if not columns:
        raise GlossaryError("no header line (source, target, …)", path=path)
    return columns, lines


def read_tsv(path: Path) -> list[GlossaryEntry]:
    _, lines = _parse(path)
    return [line.entry for line in lines if line.entry is not None]


def read_tsv_lenient(path: Path) -> tuple[list[tuple[int, GlossaryEntry]], list[tuple[int, str]]]:
    """(line number, entry) for every valid line and (line number, problem) for the rest.

    A file whose header is unusable still raises GlossaryError.
    """
    problems: list[tuple[int, str]] = []
    _, lines = _parse(path, problems)
    return [(line.number, line.entry) for line in lines if line.entry is not None], problems


def write_tsv(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    atomic_write_text(path, format_tsv(entries))


def default_glossary_paths(root: Path) -> list[Path]:
    """Every ``glossary/*.tsv`` under the workspace root, sorted for a stable order."""
    return sorted((root / "glossary").glob("*.tsv"))


def load_glossary(paths: Sequence[Path]) -> Glossary:
    """All entries of ``paths``; a later file's entry replaces an earlier one's source."""
    by_source: dict[str, GlossaryEntry] = {}
    for path in paths:
        for entry in read_tsv(path):
            by_source[entry.source] = entry
    return Glossary(entries=tuple(by_source.values()), files=tuple(str(p) for p in paths))


def add_entry(path: Path, entry: GlossaryEntry) -> None:
    """Append ``entry``, or replace the line with the same source in place."""
    upsert_entries(path, [entry])


def upsert_entries(path: Path, entries: Sequence[GlossaryEntry]) -> None:
    """Replace lines whose source matches an entry, append the rest, in one write.

    Every other line (comments included) is written back byte for byte, and the
    file is replaced atomically, so a crash leaves the old file whole.
    """
    if not path.exists():
        write_tsv(path, entries)
        return
    columns, lines = _parse(path)
    pending = {e.source: e for e in entries}
    out: list[str] = []
    for line in lines:
        if line.entry is not None and line.entry.source in pending:
            out.append(_format_line(pending.pop(line.entry.source), columns))
        else:
            out.append(line.raw)
    if pending:
        while out and not out[-1].strip():
            out.pop()
        out.extend(_format_line(e, columns) for e in pending.values())
    atomic_write_text(path, "\n".join(out) + "\n")


def remove_entry(path: Path, source: str) -> bool:
    """Remove the entries whose source is ``source``; False when there were none."""
    if not path.exists():
        return False
    _, lines = _parse(path)
    kept = [line.raw for line in lines if line.entry is None or line.entry.source != source]
    if len(kept) == len(lines):
        return False
    atomic_write_text(path, "\n".join(kept) + "\n")
    return True
