"""A clean English DOCX built from the blocks, for sources that are not DOCX (.txt, PDF…).

Each block kind has its own paragraph style: the title "Title", other headings
"Heading N", the dateline "Dateline" (made, italic, if the template lacks it),
paragraphs "Normal", quotes "Quote", list items "List Bullet"/"List Number" (and
their level-2/3 variants), tables a grid. ``template`` (a house DOCX) supplies the
styles; its body text is dropped, its page setup and headers stay.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bilingue.document import BlockKind, Document
from bilingue.errors import BadInput
from bilingue.formats.english import EnglishBlock, english_blocks
from bilingue.formats.publish_docx import DRAFT_LINE, tag_language

__all__ = ["DATELINE_STYLE", "STYLE_FOR_KIND", "build_docx"]

DATELINE_STYLE = "Dateline"
STYLE_FOR_KIND = {
    BlockKind.PARAGRAPH: "Normal",
    BlockKind.QUOTE: "Quote",
    BlockKind.DATELINE: DATELINE_STYLE,
}
_RUN_FORMATS = {"bold": "bold", "italic": "italic", "underline": "underline"}


def _style_name(english: EnglishBlock) -> str:
    block = english.block
    if block.kind is BlockKind.HEADING:
        return "Title" if block.level <= 1 else f"Heading {min(block.level - 1, 9)}"
    if block.kind is BlockKind.LIST_ITEM:
        numbered = block.list_kind == "number" or block.style[5:6].isdigit()
        base = "List Number" if numbered else "List Bullet"
        return base if block.list_level == 0 else f"{base} {min(block.list_level + 1, 3)}"
    return STYLE_FOR_KIND.get(block.kind, "Normal")


def _ensure_style(document: Any, name: str) -> str:
    """``name`` if the template has it; Dateline is created; else the nearest base style."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.name for style in document.styles}
    if name in names:
        return name
    if name == DATELINE_STYLE:
        style = document.styles.add_style(DATELINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.italic = True
        return name
    base = name.rsplit(" ", 1)[0] if name[-1:].isdigit() else "Normal"
    return base if base in names else "Normal"


def _add_text(paragraph: Any, english: EnglishBlock) -> None:
    text = english.text
    paired = [c for c in english.codes if not c.is_placeholder and c.end > c.start]
    cuts = sorted(
        {0, len(text)}
        | {min(c.start, len(text)) for c in paired}
        | {min(c.end, len(text)) for c in paired}
    )
    for start, end in itertools.pairwise(cuts):
        active = {c.kind for c in paired if c.start <= start and end <= c.end}
        run = paragraph.add_run(text[start:end])
        run.bold = True if "bold" in active else None
        run.italic = True if "italic" in active else None
        run.underline = True if "underline" in active or "link" in active else None
        run.font.superscript = True if "sup" in active else None
        run.font.subscript = True if "sub" in active else None


def _add_table(document: Any, cells: Sequence[EnglishBlock]) -> None:
    places = [c.block.table for c in cells if c.block.table is not None]
    rows = 1 + max(p.row for p in places)
    cols = 1 + max(p.col + p.colspan - 1 for p in places)
    table = document.add_table(rows=rows, cols=cols)
    if "Table Grid" in {s.name for s in document.styles}:
        table.style = "Table Grid"
    for english in cells:
        place = english.block.table
        assert place is not None
        cell = table.cell(place.row, place.col)
        if place.rowspan > 1 or place.colspan > 1:
            last = table.cell(
                min(place.row + max(place.rowspan, 1) - 1, rows - 1),
                min(place.col + place.colspan - 1, cols - 1),
            )
            cell = cell.merge(last)
        paragraph = cell.paragraphs[-1]
        if paragraph.text:
            paragraph = cell.add_paragraph()
        _add_text(paragraph, english)


def build_docx(
    doc: Document,
    out: Path,
    *,
    language: str = "en-GB",
    draft: bool = False,
    template: Path | None = None,
) -> None:
    """Write ``doc``'s English as a new styled DOCX at ``out``."""
    import docx
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(str(template)) if template is not None else docx.Document()
    except (OpcError, KeyError, ValueError, OSError) as err:
        raise BadInput(
            f"not a usable DOCX template ({err})", path=template, hint="give a .docx"
        ) from err
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)  # a house template's sample text goes; its sections stay
    if draft:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(DRAFT_LINE)
        run.bold = True
    title = ""
    blocks = [e for e in english_blocks(doc) if e.block.part in ("body", "textbox")]
    index = 0
    while index < len(blocks):
        english = blocks[index]
        if english.block.table is not None:
            number = english.block.table.table
            cells = []
            while (
                index < len(blocks)
                and (place := blocks[index].block.table) is not None
                and place.table == number
            ):
                cells.append(blocks[index])
                index += 1
            _add_table(document, cells)
            continue
        style = _ensure_style(document, _style_name(english))
        _add_text(document.add_paragraph(style=style), english)
        if english.block.kind is BlockKind.HEADING and not title:
            title = english.text
        index += 1
    tag_language(document.element.body, language)
    properties = document.core_properties
    properties.title = title
    properties.language = language
    properties.content_status = DRAFT_LINE if draft else "Reviewed"
    document.save(str(out))
