"""Reading a reviewed DOCX back: rows, statuses, comments, binding, with tracked changes applied.

Reads XML as Word writes it (runs split by rsid, proofing marks, bookmarks, fields,
smart tags, content controls) and as LibreOffice Writer writes it. Nothing here
judges the rows against the document; :mod:`bilingue.stages.review` does that.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingue.errors import BadInput, ReviewMismatch
from bilingue.formats.ooxml import (
    custom_properties,
    open_package,
    parse_part,
    read_part,
    visible_text,
    w,
)
from bilingue.formats.review_binding import ReviewBinding
from bilingue.formats.review_docx import (
    APPROVED,
    COLUMNS,
    COMMENT_COLUMN,
    ID_COLUMN,
    NOT_REVIEWED,
    REJECTED,
    SOURCE_COLUMN,
    STATUS_COLUMN,
    TARGET_COLUMN,
)
from bilingue.formats.review_format import CellFormat, cell_format, cell_text, styles_map

__all__ = [
    "ReviewedComment",
    "ReviewedDocx",
    "ReviewedRow",
    "parse_status",
    "read_binding",
    "read_reviewed_docx",
]

_CORE_PART = "docProps/core.xml"
_DC = "{http://purl.org/dc/terms/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_HINT = "export the review again with `bilingue translate`"

# Every spelling the Status column accepts, accents and case aside.
_STATUS_WORDS = {
    "": "",
    NOT_REVIEWED: "",
    "not reviewed": "",
    APPROVED: APPROVED,
    "approve": APPROVED,
    "valide": APPROVED,
    "validee": APPROVED,
    REJECTED: REJECTED,
    "reject": REJECTED,
    "rejete": REJECTED,
    "rejetee": REJECTED,
}


@dataclass(frozen=True)
class ReviewedComment:
    """A reviewer's comment: typed in the Comment column, or a Word/LibreOffice comment."""

    text: str
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class ReviewedRow:
    """One table row as the reviewer left it, tracked changes accepted."""

    position: int  # 1-based, header excluded
    segment_id: str
    source: str
    target: str
    status: str  # "", "approved" or "rejected"
    comments: tuple[ReviewedComment, ...]
    edit_author: str = ""  # author of the latest tracked change in the English cell
    edit_date: str = ""
    # The English cell's formatting and placeholder markers (None: not from a DOCX).
    target_format: CellFormat | None = None


@dataclass(frozen=True)
class ReviewedDocx:
    path: Path
    binding: ReviewBinding
    rows: tuple[ReviewedRow, ...]
    modified: str  # dcterms:modified, updated by Word and LibreOffice on save
    modified_by: str  # cp:lastModifiedBy
    sha256: str


def parse_status(text: str) -> str | None:
    """``approved``, ``rejected`` or ``""`` (not reviewed) for a Status cell; None if unknown.

    Any case, with or without accents: ``Approved``, ``validé``, ``REJETÉ``.
    """
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    key = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _STATUS_WORDS.get(" ".join(key.split()))


def read_binding(path: Path) -> ReviewBinding | None:
    """The review binding of a DOCX, None when it is not a bilingue review."""
    with open_package(Path(path)) as archive:
        props = custom_properties(archive, Path(path))
    try:
        return ReviewBinding.from_properties(props)
    except ValueError as err:
        raise ReviewMismatch(f"damaged review binding ({err})", path=path, hint=_HINT) from err


def read_reviewed_docx(path: Path) -> ReviewedDocx:
    """Every segment row of a review DOCX; BadInput when it is not one."""
    path = Path(path)
    data = path.read_bytes() if path.is_file() else b""
    with open_package(path) as archive:
        binding = _binding(archive, path)
        document = parse_part(_required(archive, "word/document.xml", path), "document", path)
        comments = _word_comments(archive, path)
        modified, modified_by = _core(archive, path)
        formats = _CellReader(archive, path)
    table = _segment_table(document, path)
    rows = tuple(_rows(table, comments, formats, path))
    return ReviewedDocx(
        path=path,
        binding=binding,
        rows=rows,
        modified=modified,
        modified_by=modified_by,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _binding(archive: Any, path: Path) -> ReviewBinding:
    try:
        binding = ReviewBinding.from_properties(custom_properties(archive, path))
    except ValueError as err:
        raise ReviewMismatch(f"damaged review binding ({err})", path=path, hint=_HINT) from err
    if binding is None:
        raise ReviewMismatch(
            "not a bilingue review DOCX (no binding in its document properties)",
            path=path,
            hint="import the review DOCX bilingue wrote, saved from Word or LibreOffice",
        )
    return binding


def _required(archive: Any, name: str, path: Path) -> bytes:
    data = read_part(archive, name, path)
    if data is None:
        raise BadInput(f"not a DOCX file (no {name})", path=path)
    return data


def _core(archive: Any, path: Path) -> tuple[str, str]:
    data = read_part(archive, _CORE_PART, path)
    if data is None:
        return "", ""
    root = parse_part(data, _CORE_PART, path)
    modified = root.find(f"{_DC}modified")
    by = root.find(f"{_CP}lastModifiedBy")
    return (
        (modified.text or "").strip() if modified is not None else "",
        (by.text or "").strip() if by is not None else "",
    )


def _word_comments(archive: Any, path: Path) -> dict[str, ReviewedComment]:
    """Word/LibreOffice comments by id (word/comments.xml)."""
    data = read_part(archive, "word/comments.xml", path)
    if data is None:
        return {}
    root = parse_part(data, "comments", path)
    found: dict[str, ReviewedComment] = {}
    for comment in root.iterchildren(w("comment")):
        text = visible_text(comment).strip()
        if text:
            found[comment.get(w("id"), "")] = ReviewedComment(
                text=text, author=comment.get(w("author"), ""), date=comment.get(w("date"), "")
            )
    return found


def _segment_table(document: Any, path: Path) -> Any:
    """The table whose header row reads ID, French (source), …"""
    for table in document.iter(w("tbl")):
        first = next(_table_rows(table), None)
        if first is None:
            continue
        titles = [visible_text(cell).strip() for cell in _row_cells(first)]
        if titles[:3] == list(COLUMNS[:3]):
            return table
    raise ReviewMismatch(
        "no segment table (a table headed ID, French (source), English (target))",
        path=path,
        hint=_HINT,
    )


def _unwrapped(parent: Any, tag: str) -> Iterator[Any]:
    """Children ``tag`` of ``parent``, looking through content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _unwrapped(content, tag)


def _table_rows(table: Any) -> Iterator[Any]:
    for row in _unwrapped(table, w("tr")):
        # A row deleted with tracked changes on is gone once the changes are accepted.
        if row.find(f"{w('trPr')}/{w('del')}") is None:
            yield row


def _row_cells(row: Any) -> list[Any]:
    return list(_unwrapped(row, w("tc")))


class _CellReader:
    """Reads a cell's text and formatting with the package's styles and link targets."""

    def __init__(self, archive: Any, path: Path) -> None:
        styles = read_part(archive, "word/styles.xml", path)
        self.styles = styles_map(parse_part(styles, "styles", path) if styles else None)
        self.links: dict[str, str] = {}
        rels = read_part(archive, _DOCUMENT_RELS, path)
        if rels is not None:
            for rel in parse_part(rels, _DOCUMENT_RELS, path).iterchildren(f"{_RELS}Relationship"):
                if rel.get("Type", "").endswith("/hyperlink"):
                    self.links[rel.get("Id", "")] = rel.get("Target", "")

    def __call__(self, cell: Any) -> CellFormat:
        return cell_format(cell, self.styles, self.links)


_DOCUMENT_RELS = "word/_rels/document.xml.rels"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _rows(
    table: Any, comments: dict[str, ReviewedComment], formats: _CellReader, path: Path
) -> Iterator[ReviewedRow]:
    rows = _table_rows(table)
    next(rows)  # the header
    previous = "the header"
    for position, row in enumerate(rows, start=1):
        cells = _row_cells(row)
        segment_id = visible_text(cells[ID_COLUMN]).strip() if cells else ""
        if len(cells) != len(COLUMNS):
            where = segment_id or f"the row after {previous}"
            raise ReviewMismatch(
                f"{where}: the row has {len(cells)} cells, expected {len(COLUMNS)} "
                "(cells merged, split or deleted)",
                path=path,
                hint=_HINT,
            )
        status_text = visible_text(cells[STATUS_COLUMN])
        status = parse_status(status_text)
        if status is None:
            raise ReviewMismatch(
                f"{segment_id or f'the row after {previous}'}: unknown status "
                f"{status_text.strip()!r}",
                path=path,
                hint=f"use {APPROVED} or {REJECTED} (validé, rejeté), or leave it empty",
            )
        typed = visible_text(cells[COMMENT_COLUMN]).strip()
        row_comments = [ReviewedComment(typed)] if typed else []
        anchors = dict.fromkeys(
            element.get(w("id"), "")
            for element in row.iter(w("commentRangeStart"), w("commentReference"))
        )
        row_comments += [comments[key] for key in anchors if key in comments]
        author, date = _latest_change(cells[TARGET_COLUMN])
        # Both text cells without their placeholder markers (⟦footnote⟧…).
        target = formats(cells[TARGET_COLUMN])
        yield ReviewedRow(
            position=position,
            segment_id=segment_id,
            source=cell_text(cells[SOURCE_COLUMN]),
            target=target.text,
            status=status,
            comments=tuple(row_comments),
            edit_author=author,
            edit_date=date,
            target_format=target,
        )
        previous = segment_id or previous


def _latest_change(cell: Any) -> tuple[str, str]:
    """(author, date) of the most recent tracked change in ``cell``, if any."""
    latest = ("", "")
    for change in cell.iter(w("ins"), w("del"), w("moveTo"), w("moveFrom")):
        date = change.get(w("date"), "")
        if not latest[0] or date >= latest[1]:
            latest = (change.get(w("author"), ""), date)
    return latest
