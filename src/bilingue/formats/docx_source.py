"""DOCX reader: body paragraphs and table cells, in document order, as typed blocks."""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilingue.document import Block, BlockKind, Document
from bilingue.errors import BadInput

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees whose text is not part of the paragraph as printed: deleted or moved-away
# tracked changes, text boxes (anchored shapes, not body text), and the VML fallback
# copy of every drawing (mc:AlternateContent holds the same text twice).
_SKIPPED = frozenset(
    {f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_MC}Fallback"}
)

_MAIN_PART = "word/document.xml"
_HINT = "re-save it from Word or LibreOffice"
_HEADING_NAME = re.compile(r"heading\s*(\d)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx into blocks: headings, paragraphs, list items and table cells."""
    path = Path(path)
    document = _open(path)
    blocks: list[Block] = []
    for kind, level, style, text in _iter_body(document, document.element.body):
        blocks.append(
            Block(
                id=f"p{len(blocks) + 1}",
                kind=kind,
                text=unicodedata.normalize("NFC", text),
                level=level,
                style=style,
            )
        )
    if not blocks:
        raise BadInput("empty document", path=path, hint="the DOCX body has no text")
    return Document(source_path=str(path), blocks=tuple(blocks))


def _open(path: Path) -> Any:
    """The python-docx Document for ``path``, or BadInput saying why it is not one."""
    import docx
    from docx.opc.exceptions import OpcError

    from bilingue.safeinput import DOCX_LIMITS, open_checked_zip

    # Every part (styles, media, fonts…) is capped before python-docx parses any.
    with open_checked_zip(path, DOCX_LIMITS) as archive:
        names = set(archive.namelist())
    if _MAIN_PART not in names:
        raise BadInput(f"not a DOCX file (no {_MAIN_PART})", path=path, hint=_HINT)
    try:
        return docx.Document(str(path))
    except (
        OpcError,
        KeyError,
        ValueError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
        SyntaxError,  # lxml's XMLSyntaxError: malformed XML inside the package
    ) as err:
        raise BadInput(f"not a DOCX file (damaged: {err})", path=path, hint=_HINT) from err


def _iter_body(document: Any, container: Any) -> Iterator[tuple[BlockKind, int, str, str]]:
    """(kind, level, style, text) for each non-empty paragraph under ``container``."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            block = _paragraph_block(document, child)
            if block is not None:
                yield block
        elif child.tag == f"{_W}tbl":
            yield from _iter_table(document, child)
        elif child.tag == f"{_W}sdt":
            # Content controls (cover-page fields, templates) wrap ordinary body content.
            for content in child.iterchildren(f"{_W}sdtContent"):
                yield from _iter_body(document, content)


def _iter_table(document: Any, table: Any) -> Iterator[tuple[BlockKind, int, str, str]]:
    for row in table.iterchildren(f"{_W}tr"):
        for cell in row.iterchildren(f"{_W}tc"):
            # A vertically merged cell keeps its text in the first row of the span;
            # the cells below it are placeholders (a horizontal span is one w:tc).
            if cell.vMerge == "continue":
                continue
            for _, level, style, text in _iter_body(document, cell):
                yield BlockKind.TABLE_CELL, level, style, text


def _paragraph_block(document: Any, p: Any) -> tuple[BlockKind, int, str, str] | None:
    from docx.text.paragraph import Paragraph

    text = "".join(_iter_text(p))
    if not text.strip():
        return None
    style = Paragraph(p, document).style
    style_name = (style.name or "") if style is not None else ""
    level = _heading_level(p, style)
    if level:
        return BlockKind.HEADING, level, style_name, text
    if _is_list_item(p, style):
        return BlockKind.LIST_ITEM, 0, style_name, text
    return BlockKind.PARAGRAPH, 0, style_name, text


def _iter_text(element: Any) -> Iterator[str]:
    """The printed text of a paragraph, tracked insertions in, deletions out."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue  # comments and processing instructions have non-string tags
        if tag == f"{_W}t":
            yield child.text or ""
        elif tag == f"{_W}tab":
            yield "\t"
        elif tag == f"{_W}br":
            # Page and column breaks end a page, not a line of the sentence.
            if child.get(f"{_W}type") in (None, "textWrapping"):
                yield "\n"
        elif tag == f"{_W}cr":
            yield "\n"
        elif tag == f"{_W}noBreakHyphen":
            yield "-"
        else:
            yield from _iter_text(child)


def _style_chain(style: Any) -> Iterator[Any]:
    seen: set[int] = set()
    while style is not None and id(style.element) not in seen:
        seen.add(id(style.element))
        yield style
        style = style.base_style


def _outline_level(ppr: Any) -> int:
    """1-based outline level from a w:pPr, 0 if none (OOXML stores it 0-based; 9 is body)."""
    if ppr is None:
        return 0
    found = ppr.find(f"{_W}outlineLvl")
    if found is None:
        return 0
    value = found.get(f"{_W}val", "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else 0


def _heading_level(p: Any, style: Any) -> int:
    direct = _outline_level(p.pPr)
    if direct:
        return direct
    for ancestor in _style_chain(style):
        name = ancestor.name or ""
        if name.lower() == "title":
            return 1
        if name.lower() == "subtitle":
            return 2
        match = _HEADING_NAME.fullmatch(name.strip())
        if match:
            return int(match.group(1)) or 1
        level = _outline_level(ancestor.element.pPr)
        if level:
            return level
    return 0


def _has_numbering(ppr: Any) -> bool:
    if ppr is None:
        return False
    num_id = ppr.find(f"{_W}numPr/{_W}numId")
    # numId 0 is OOXML's way of switching off numbering inherited from the style.
    return num_id is not None and num_id.get(f"{_W}val") != "0"


def _is_list_item(p: Any, style: Any) -> bool:
    ppr = p.pPr
    if ppr is not None and ppr.find(f"{_W}numPr/{_W}numId") is not None:
        return _has_numbering(ppr)
    for ancestor in _style_chain(style):
        if (ancestor.name or "").lower().startswith("list") or _has_numbering(ancestor.element.pPr):
            return True
    return False
