"""Glossary exchange with spreadsheets and CAT tools: TSV, CSV, XLSX and TBX-Basic (2008 and v3).

TBX mapping (TBX-Basic has no slot for our entry type or match case, so they travel
as entry-level notes with a fixed prefix that this module reads back):
``<note>bilingue-type: place</note>``, ``<note>bilingue-case: exact</note>``; the
entry's own note is a plain ``<note>``. The French preferred term carries
``administrativeStatus = preferredTerm-admn-sts``; variants are further French terms
with ``admittedTerm-admn-sts``; the English term is the target.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element  # only for typing the parsed tree

from bilingue.errors import GlossaryError
from bilingue.glossary.model import GlossaryEntry
from bilingue.glossary.store import (
    COLUMNS,
    entry_to_row,
    format_tsv,
    read_tsv,
    row_to_entry,
    upsert_entries,
)
from bilingue.safeio import atomic_output, atomic_write_bytes, atomic_write_text

__all__ = [
    "EXCHANGE_EXTENSIONS",
    "MergeReport",
    "export_glossary",
    "import_glossary",
    "import_into",
    "merge_entries",
]

EXCHANGE_EXTENSIONS = (".tsv", ".csv", ".xlsx", ".tbx")
TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
TYPE_NOTE, CASE_NOTE = "bilingue-type: ", "bilingue-case: "
# A spreadsheet runs a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(value: str) -> bool:
    # A value that already starts with the protecting quote is quoted again, so that
    # import strips exactly what export added and round trips hold.
    return value.startswith(FORMULA_STARTS) or (value.startswith("'") and _needs_quote(value[1:]))


def _neutralise(value: str) -> str:
    return "'" + value if _needs_quote(value) else value


def _restore(value: str) -> str:
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


def _extension(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in EXCHANGE_EXTENSIONS:
        raise GlossaryError(
            f"unsupported glossary format {suffix or '(none)'!r}",
            path=path,
            hint=f"use one of {', '.join(EXCHANGE_EXTENSIONS)}",
        )
    return suffix


# --- CSV and XLSX -----------------------------------------------------------------------


def _rows_to_entries(rows: list[list[str]], path: Path) -> list[GlossaryEntry]:
    if not rows:
        raise GlossaryError("empty glossary file", path=path)
    header = [h.strip().lower() for h in rows[0]]
    if "source" not in header or "target" not in header:
        raise GlossaryError("first row must name the columns source and target", path=path)
    entries = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {h: _restore(c) for h, c in zip(header, cells, strict=False) if h in COLUMNS}
        try:
            entries.append(row_to_entry(row, f"row {number}"))
        except GlossaryError as err:
            raise GlossaryError(err.message, path=path) from err
    return entries


def _entry_cells(entry: GlossaryEntry) -> list[str]:
    row = entry_to_row(entry)
    return [_neutralise(row[c]) for c in COLUMNS]


def _write_csv(entries: Sequence[GlossaryEntry], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_entry_cells(e) for e in entries)
    # The BOM makes Excel read the file as UTF-8, so accents survive a double-click.
    atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")


def _read_csv(path: Path) -> list[GlossaryEntry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise GlossaryError("not UTF-8 text", path=path, hint="export it as CSV UTF-8") from err
    return _rows_to_entries(list(csv.reader(io.StringIO(text))), path)


def _write_xlsx(entries: Sequence[GlossaryEntry], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "glossary"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        sheet.append(_entry_cells(entry))
    for column, width in zip("ABCDEF", (34, 34, 14, 40, 24, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    with atomic_output(path) as tmp:
        book.save(tmp)


def _read_xlsx(path: Path) -> list[GlossaryEntry]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise GlossaryError(f"not a readable .xlsx file ({err})", path=path) from err
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _rows_to_entries(rows, path)


# --- TBX --------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()


def _entry_from_concept(concept: Element, path: Path, number: int) -> GlossaryEntry:
    french: list[tuple[str, str]] = []  # (term, administrative status)
    english: list[str] = []
    for lang_set in [c for c in concept if _local(c.tag) in ("langSet", "langSec")]:
        lang = lang_set.get(XML_LANG, "").lower()
        for holder in [c for c in lang_set if _local(c.tag) in ("tig", "termSec", "ntig")]:
            terms = [e for e in holder.iter() if _local(e.tag) == "term"]
            if not terms:
                continue
            status = next(
                (_text(n) for n in holder.iter()
                 if _local(n.tag) == "termNote" and n.get("type") == "administrativeStatus"),
                "",
            )  # fmt: skip
            if lang.startswith("fr"):
                french.append((_text(terms[0]), status))
            elif lang.startswith("en"):
                english.append(_text(terms[0]))
    notes = [_text(n) for n in _children(concept, "note")]
    entry_type = next((n[len(TYPE_NOTE) :] for n in notes if n.startswith(TYPE_NOTE)), "")
    case = next((n[len(CASE_NOTE) :] for n in notes if n.startswith(CASE_NOTE)), "")
    plain = [n for n in notes if not n.startswith((TYPE_NOTE, CASE_NOTE))]
    if not french or not english:
        raise GlossaryError(f"entry {number}: needs a French and an English term", path=path)
    preferred = next((t for t, s in french if s == PREFERRED), french[0][0])
    row = {
        "source": preferred,
        "target": english[0],
        "type": entry_type,
        "note": " ".join(plain),
        "variants": "|".join(t for t, _ in french if t != preferred),
        "case": case,
    }
    try:
        return row_to_entry(row, f"entry {number}")
    except GlossaryError as err:
        raise GlossaryError(err.message, path=path) from err


def _read_tbx(path: Path) -> list[GlossaryEntry]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        # forbid_dtd: TBX needs no DTD, and refusing it shuts out entity tricks at once.
        root = fromstring(path.read_bytes(), forbid_dtd=True)
    except DefusedXmlException as err:
        raise GlossaryError(
            f"refused: the file declares a DTD or entities ({type(err).__name__})", path=path
        ) from err
    except Exception as err:  # ParseError comes from expat via several modules
        raise GlossaryError(f"not well-formed XML ({err})", path=path) from err
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(f"not a TBX file (root element <{_local(root.tag)}>)", path=path)
    concepts = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    return [_entry_from_concept(c, path, n) for n, c in enumerate(concepts, start=1)]


def _tbx_bytes(entries: Sequence[GlossaryEntry], version: str) -> bytes:
    from xml.etree.ElementTree import SubElement, indent, tostring

    v3 = version == "3"
    root = Element("tbx" if v3 else "martif", {"type": "TBX-Basic", XML_LANG: "fr"})
    if v3:
        root.set("xmlns", TBX3_NAMESPACE)
        root.set("style", "dca")
    header = SubElement(root, "tbxHeader" if v3 else "martifHeader")
    source_desc = SubElement(SubElement(header, "fileDesc"), "sourceDesc")
    SubElement(source_desc, "p").text = "bilingue glossary export"
    body = SubElement(SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        concept = SubElement(body, "conceptEntry" if v3 else "termEntry", {"id": f"e{number}"})
        SubElement(concept, "note").text = TYPE_NOTE + entry.type
        if entry.case:
            SubElement(concept, "note").text = CASE_NOTE + entry.case
        if entry.note:
            SubElement(concept, "note").text = entry.note
        french = SubElement(concept, "langSec" if v3 else "langSet", {XML_LANG: "fr"})
        for term, status in [(entry.source, PREFERRED)] + [(v, ADMITTED) for v in entry.variants]:
            holder = SubElement(french, "termSec" if v3 else "tig")
            SubElement(holder, "term").text = term
            note = SubElement(holder, "termNote", {"type": "administrativeStatus"})
            note.text = status
        english = SubElement(concept, "langSec" if v3 else "langSet", {XML_LANG: "en"})
        SubElement(SubElement(english, "termSec" if v3 else "tig"), "term").text = entry.target
    indent(root)
    data: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


# --- public API -------------------------------------------------------------------------


def import_glossary(path: Path) -> list[GlossaryEntry]:
    """Entries from a .tsv, .csv, .xlsx or .tbx file, in file order."""
    suffix = _extension(path)
    if not path.is_file():
        raise GlossaryError("no such file", path=path)
    readers = {".tsv": read_tsv, ".csv": _read_csv, ".xlsx": _read_xlsx, ".tbx": _read_tbx}
    return readers[suffix](path)


def export_glossary(
    entries: Sequence[GlossaryEntry], path: Path, *, tbx_version: str = "2"
) -> None:
    """Write ``entries`` in the format the extension names (TBX: 2 = 2008 martif, 3 = v3)."""
    suffix = _extension(path)
    if suffix == ".tsv":
        atomic_write_text(path, format_tsv(entries))
    elif suffix == ".csv":
        _write_csv(entries, path)
    elif suffix == ".xlsx":
        _write_xlsx(entries, path)
    else:
        if tbx_version not in ("2", "3"):
            raise GlossaryError(f"TBX version must be 2 or 3, not {tbx_version!r}")
        atomic_write_bytes(path, _tbx_bytes(entries, tbx_version))


@dataclass(frozen=True)
class MergeReport:
    entries: tuple[GlossaryEntry, ...]
    added: tuple[GlossaryEntry, ...] = field(default=())
    changed: tuple[GlossaryEntry, ...] = field(default=())
    skipped: tuple[GlossaryEntry, ...] = field(default=())  # identical to what was there


def merge_entries(
    existing: Sequence[GlossaryEntry], incoming: Sequence[GlossaryEntry]
) -> MergeReport:
    """``existing`` updated by ``incoming``: same source replaces, new sources append."""
    merged = {e.source: e for e in existing}
    added, changed, skipped = [], [], []
    for entry in incoming:
        before = merged.get(entry.source)
        if before is None:
            added.append(entry)
        elif before == entry:
            skipped.append(entry)
            continue
        else:
            changed.append(entry)
        merged[entry.source] = entry
    return MergeReport(tuple(merged.values()), tuple(added), tuple(changed), tuple(skipped))


def import_into(source: Path, into: Path) -> MergeReport:
    """Merge a glossary file into a TSV file in one atomic write, keeping its other lines."""
    incoming = import_glossary(source)
    existing = read_tsv(into) if into.exists() else []
    report = merge_entries(existing, incoming)
    if report.added or report.changed or not into.exists():
        upsert_entries(into, [*report.changed, *report.added])
    return report
