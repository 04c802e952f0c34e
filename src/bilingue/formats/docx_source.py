"""DOCX reader: body, headers, footers and notes as typed blocks with their inline codes."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from bilingue.document import Block, BlockKind, Document
from bilingue.errors import BadInput, BilingueError, EmptyDocument
from bilingue.formats.source_file import read_source_bytes

__all__ = ["open_docx", "read_docx"]

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


_T = TypeVar("_T")

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


def read_docx(path: Path) -> Document:
    """Read a .docx into blocks: body headings, paragraphs, list items and table cells,
    then headers, footers, footnotes and endnotes, each with its inline codes.

    Whatever python-docx, zipfile or lxml raise on a damaged package becomes one
    BadInput naming the file: a fuzzed, truncated, encrypted or deflate64 DOCX is a
    bad input, not a crash.
    """
    path = Path(path)
    data = read_source_bytes(path)
    return _guarded(path, lambda: _read(path, data))


def open_docx(path: Path) -> Any:
    """The python-docx Document for ``path``, or BadInput saying why it is not one."""
    path = Path(path)
    data = read_source_bytes(path)
    return _guarded(path, lambda: _open(path, data))


def _guarded(path: Path, read: Callable[[], _T]) -> _T:
    try:
        return read()
    except BilingueError:
        raise
    except Exception as err:
        from lxml import etree  # type: ignore[import-untyped]

        if not isinstance(err, (*_LIBRARY_FAILURES, etree.LxmlError)):
            raise  # a bug of ours, not damage in the file: the batch reports it as such
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:200]
        raise BadInput(f"not a DOCX file (damaged: {detail})", path=path, hint=_HINT) from err


def _read(path: Path, data: bytes) -> Document:
    from bilingue.formats.docx_walk import read_paragraph, walk_parts

    document = _open(path, data)
    numbering = _numbering_formats(document)
    blocks: list[Block] = []
    for walked in walk_parts(document):
        content = read_paragraph(walked)
        if not content.text.strip():
            continue
        kind, level, style = _paragraph_kind(document, walked.element)
        if walked.table is not None:
            kind = BlockKind.TABLE_CELL
        elif walked.part_kind != "body" and kind is BlockKind.HEADING:
            kind = BlockKind.PARAGRAPH
        list_kind, list_level = _list_info(walked.element, document, numbering)
        text = unicodedata.normalize("NFC", content.text)
        blocks.append(
            Block(
                id=f"p{len(blocks) + 1}",
                kind=kind,
                text=text,
                level=level,
                style=style,
                codes=tuple(content.codes) if len(text) == len(content.text) else (),
                part=walked.part_kind,
                list_kind=list_kind if kind is BlockKind.LIST_ITEM else "",
                list_level=list_level if kind is BlockKind.LIST_ITEM else 0,
                table=walked.table,
                anchor=walked.anchor,
            )
        )
    if not blocks:
        raise EmptyDocument(path=path, hint="the DOCX body has no text")
    return Document(source_path=str(path), blocks=tuple(blocks))


def _paragraph_kind(document: Any, p: Any) -> tuple[BlockKind, int, str]:
    from docx.text.paragraph import Paragraph

    style = Paragraph(p, document).style
    style_name = (style.name or "") if style is not None else ""
    level = _heading_level(p, style)
    if level:
        return BlockKind.HEADING, level, style_name
    if _is_list_item(p, style):
        return BlockKind.LIST_ITEM, 0, style_name
    return BlockKind.PARAGRAPH, 0, style_name


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """(numId, level) → numFmt ("bullet", "decimal", …) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for item in numbering.iterchildren(f"{_W}abstractNum"):
        levels: dict[int, str] = {}
        for lvl in item.iterchildren(f"{_W}lvl"):
            fmt = lvl.find(f"{_W}numFmt")
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
            )
        abstract[item.get(f"{_W}abstractNumId", "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.iterchildren(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        levels = abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {})
        for level, fmt in levels.items():
            formats[(num.get(f"{_W}numId", ""), level)] = fmt
    return formats


def _list_info(p: Any, document: Any, formats: dict[tuple[str, int], str]) -> tuple[str, int]:
    """("bullet" | "number", 0-based level) from the paragraph's or its style's numbering."""
    from docx.text.paragraph import Paragraph

    num_pr = p.find(f"{_W}pPr/{_W}numPr")
    style = Paragraph(p, document).style
    for ancestor in [] if num_pr is not None else list(_style_chain(style)):
        num_pr = ancestor.element.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            break
    name = (style.name or "").lower() if style is not None else ""
    if num_pr is None:
        return ("bullet" if "bullet" in name else "number" if "number" in name else ""), 0
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
    fmt = formats.get((num_id.get(f"{_W}val", "") if num_id is not None else "", level), "")
    if not fmt:
        fmt = "bullet" if "bullet" in name else "decimal"
    return ("bullet" if fmt == "bullet" else "number"), level


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
