"""DOCX reader: body paragraphs and table cells, in document order, as typed blocks."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bilingue.document import Block, BlockKind, Document
from bilingue.errors import BadInput, BilingueError, EmptyDocument
from bilingue.formats.source_file import read_source_bytes

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees whose text is not part of the paragraph as printed: deleted or moved-away
# tracked changes, text boxes (anchored shapes, not body text), and the VML fallback
# copy of every drawing (mc:AlternateContent holds the same text twice).
_SKIPPED = frozenset(
    {f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_MC}Fallback"}
)

# A press release's document.xml is a few hundred kB; refuse to inflate zip bombs.
_MAX_DOCUMENT_XML = 100 * 1024 * 1024
# All parts together (styles, media, fonts…): a zip bomb can hide in any of them.
_MAX_UNCOMPRESSED = 500 * 1024 * 1024
_MAIN_PART = "word/document.xml"
_HINT = "re-save it from Word or LibreOffice"
_HEADING_NAME = re.compile(r"heading\s*(\d)", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx into blocks: headings, paragraphs, list items and table cells.

    Whatever python-docx, zipfile or lxml raise on a damaged package becomes one
    BadInput naming the file: a fuzzed, truncated, encrypted or deflate64 DOCX is a
    bad input, not a crash.
    """
    path = Path(path)
    data = read_source_bytes(path)
    try:
        return _read(path, data)
    except BilingueError:
        raise
    except Exception as err:
        from lxml import etree  # type: ignore[import-untyped]

        if not isinstance(err, (*_LIBRARY_FAILURES, etree.LxmlError)):
            raise  # a bug of ours, not damage in the file: the batch reports it as such
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:200]
        raise BadInput(f"not a DOCX file (damaged: {detail})", path=path, hint=_HINT) from err


# What python-docx, zipfile and zlib raise on damaged input (lxml's LxmlError is added
# where it is imported). Unsupported compression (deflate64) is NotImplementedError,
# an encrypted member RuntimeError; a damaged structure surfaces as a lookup, type or
# attribute error deep inside python-docx; malformed XML as XMLSyntaxError.
_LIBRARY_FAILURES: tuple[type[Exception], ...] = (
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    RecursionError,
    zipfile.BadZipFile,
    zlib.error,
    SyntaxError,
)


def _read(path: Path, data: bytes) -> Document:
    document = _open(path, data)
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
        raise EmptyDocument(path=path, hint="the DOCX body has no text")
    return Document(source_path=str(path), blocks=tuple(blocks))


def _open(path: Path, data: bytes) -> Any:
    """The python-docx Document for ``data``, or BadInput saying why it is not one."""
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as err:
        raise BadInput("not a DOCX file (not a zip archive)", path=path, hint=_HINT) from err
    sizes = {info.filename: info.file_size for info in members}
    if _MAIN_PART not in sizes:
        raise BadInput(f"not a DOCX file (no {_MAIN_PART})", path=path, hint=_HINT)
    if sizes[_MAIN_PART] > _MAX_DOCUMENT_XML or sum(sizes.values()) > _MAX_UNCOMPRESSED:
        raise BadInput("DOCX too large to read safely", path=path, hint=_HINT)
    return docx.Document(io.BytesIO(data))


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
