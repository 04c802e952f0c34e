"""The review DOCX: one table row per segment, French beside English, for a translator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bilingue.document import BlockKind, Document, Segment, Severity, TermHit
from bilingue.formats.notes import ReviewRow, review_counts, review_rows
from bilingue.safeio import atomic_output
from bilingue.term_check import target_spans

__all__ = [
    "COLUMNS",
    "REVIEW_STATUSES",
    "TermSpan",
    "target_term_spans",
    "term_spans",
    "write_review_docx",
    "xml_safe",
]

COLUMNS = ("ID", "French (source)", "English (target)", "Status", "Notes")
REVIEW_STATUSES = ("approved", "edited", "rejected")

# Landscape A4 with Word's "narrow" margins leaves 271.6 mm; the two text columns
# share most of it, the ID and Status columns only need room for "p12.s3"/"approved".
_COLUMN_WIDTHS_MM = (18.0, 90.0, 90.0, 20.0, 53.6)
_PAGE_MM = (297.0, 210.0)
_MARGIN_MM = 12.7

_TERM_COLOUR = "1F4E9A"  # dark blue: the same colour in both columns links a term pair
_MISSED_COLOUR = "C00000"  # red: the target lacks this protected term
_KEPT_COLOUR = "7F7F7F"  # grey: source text standing in for a target on purpose
_LABEL_COLOUR = "595959"
_NOTE_COLOURS = {Severity.ERROR: "C00000", Severity.WARNING: "B35C00", Severity.INFO: "404040"}
_HEADER_FILL = "D9E2F3"
_FLAGGED_FILL = "FCE4D6"  # light orange: the English cell of a segment QA flagged
_BLOCK_FILLS = ("FFFFFF", "EEF3F8")  # alternate per block so a paragraph reads as a group
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SOURCE_LANG = "fr-FR"
_TARGET_LANG = "en-GB"  # so Word spell-checks the English column as English


@dataclass(frozen=True)
class TermSpan:
    start: int
    end: int
    missed: bool = False


def write_review_docx(doc: Document, path: Path, *, created: datetime | None = None) -> None:
    """Write the review DOCX for ``doc`` at ``path``, atomically."""
    import docx

    created = created or datetime.now().astimezone()
    review = docx.Document()
    _set_page(review)
    _set_styles(review)
    _set_properties(review, doc, created)
    _write_summary(review, doc, created)
    _write_segment_table(review, doc)
    with atomic_output(Path(path)) as tmp:
        review.save(str(tmp))


def term_spans(segment: Segment) -> list[TermSpan]:
    """Where the glossary hits sit in the source, in order, overlaps and bad offsets dropped."""
    spans: list[TermSpan] = []
    for hit in sorted(segment.terms, key=lambda h: (h.start, -h.end)):
        if not 0 <= hit.start < hit.end <= len(segment.source):
            continue
        if spans and hit.start < spans[-1].end:
            continue
        spans.append(TermSpan(hit.start, hit.end, missed=hit.ok is False))
    return spans


def target_term_spans(target: str, hits: tuple[TermHit, ...]) -> list[TermSpan]:
    """Where the hits' target forms stand in ``target``, by the translate stage's own rule."""
    return [TermSpan(s.start, s.end, missed=s.missed) for s in target_spans(target, hits)]


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced, so any segment can be written.

    Form feeds and vertical tabs (PDF page breaks) become line breaks; anything else
    becomes U+FFFD so the reviewer sees that something was there.
    """
    return _XML_INVALID.sub(lambda m: "\n" if m.group() in "\f\v" else "\ufffd", text)


def _set_page(review: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = review.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(_MARGIN_MM))
    footer = section.footer.paragraphs[0]
    _add_run(footer, "bilingue review — page ", size=8, colour=_LABEL_COLOUR)
    _add_field(footer, "PAGE")


def _set_styles(review: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = review.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    # Without eastAsia the theme font still wins for some characters in Word.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Calibri")
    normal.paragraph_format.space_after = Pt(2)


def _set_properties(review: Any, doc: Document, created: datetime) -> None:
    name = xml_safe(Path(doc.source_path).name)
    props = review.core_properties
    props.title = f"bilingue review: {name}"
    props.subject = f"French → English translation review of {name}"
    props.author = props.last_modified_by = "bilingue"
    props.keywords = "bilingue; review; fr; en"
    props.category = "translation review"
    props.comments = ""
    # OOXML stores W3CDTF in UTC; python-docx writes a naive datetime with a 'Z'.
    props.created = props.modified = created.astimezone(UTC).replace(tzinfo=None)
    props.revision = 1


def _write_summary(review: Any, doc: Document, created: datetime) -> None:
    review.add_heading("bilingue review", level=1)
    counts = review_counts(doc)
    language = (
        f"{doc.language.code}, confidence {doc.language.confidence:.2f}"
        if doc.language
        else "not detected"
    )
    engine = (
        " · ".join(
            part
            for part in (
                doc.engine.name,
                doc.engine.model and f"model {doc.engine.model}",
                doc.engine.version and f"version {doc.engine.version}",
            )
            if part
        )
        if doc.engine
        else "none (not translated)"
    )
    source = doc.source_path + (f" ({doc.encoding})" if doc.encoding else "")
    facts = [
        ("Source file", source),
        ("Created", created.strftime("%Y-%m-%d %H:%M")),
        ("Detected language", language),
        ("Engine", engine),
        ("Glossaries", ", ".join(doc.glossaries) or "none"),
        (
            "Counts",
            f"{counts.blocks} blocks · {counts.segments} segments · "
            f"{counts.translated} translated · {counts.untranslated} kept untranslated · "
            f"terms {counts.terms_found}/{counts.terms_expected} found · "
            f"{counts.flagged} segments with flags",
        ),
    ]
    facts += [("Note", f"[{flag.severity}] {flag.message}") for flag in doc.notes]
    facts.append(
        (
            "How to review",
            f"fill Status with one of: {' / '.join(REVIEW_STATUSES)}; edit the English "
            "column in place; don't change the ID column.",
        )
    )
    for label, value in facts:
        paragraph = review.add_paragraph()
        paragraph.paragraph_format.space_after = 0
        _add_run(paragraph, f"{label}: ", bold=True)
        _add_run(paragraph, value)
    review.add_paragraph()


def _write_segment_table(review: Any, doc: Document) -> None:
    from docx.shared import Mm

    table = review.add_table(rows=1, cols=len(COLUMNS))
    table.style = review.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, _COLUMN_WIDTHS_MM, strict=True):
        column.width = Mm(width)  # w:gridCol, which LibreOffice follows
    header = table.rows[0]
    for cell, title, width in zip(header.cells, COLUMNS, _COLUMN_WIDTHS_MM, strict=True):
        cell.width = Mm(width)  # w:tcW, which Word follows
        _add_run(cell.paragraphs[0], title, bold=True)
        _shade(cell, _HEADER_FILL)
    _row_properties(header, repeat_as_header=True)
    block_index = -1
    for row_data in review_rows(doc):
        if row_data.first_in_block:
            block_index += 1
        row = table.add_row()  # copies the grid widths into each w:tcW
        _row_properties(row, repeat_as_header=False)
        _fill_row(row, row_data, _BLOCK_FILLS[block_index % 2])


def _fill_row(row: Any, data: ReviewRow, fill: str) -> None:
    segment, block = data.segment, data.block
    id_cell, source_cell, target_cell, _status, notes_cell = row.cells
    heading = block.kind is BlockKind.HEADING
    size = 12 if heading else None
    # The ID cell holds the id and nothing else: re-importing the review keys on it.
    _add_run(id_cell.paragraphs[0], segment.id, size=8)
    _add_marked(
        source_cell.paragraphs[0],
        segment.source,
        term_spans(segment),
        lang=_SOURCE_LANG,
        bold=heading,
        size=size,
    )
    if not segment.translate:
        _add_run(
            target_cell.paragraphs[0],
            segment.source,
            italic=True,
            colour=_KEPT_COLOUR,
            bold=heading,
            size=size,
            lang=_SOURCE_LANG,
        )
    elif segment.target is not None:
        _add_marked(
            target_cell.paragraphs[0],
            segment.target,
            target_term_spans(segment.target, segment.terms),
            lang=_TARGET_LANG,
            bold=heading,
            size=size,
        )
    notes_paragraph = notes_cell.paragraphs[0]
    if data.first_in_block:
        label = str(block.kind).replace("_", " ").upper()
        if block.level:
            label += f" {block.level}"
        _add_run(notes_paragraph, label, bold=True, size=7, colour=_LABEL_COLOUR)
    for note in data.notes:
        if notes_paragraph.runs:
            notes_paragraph = notes_cell.add_paragraph()
        _add_run(notes_paragraph, note.text, size=8, colour=_NOTE_COLOURS[note.severity])
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = 0
        if data.first_in_block:
            _top_border(cell)
        flagged = cell._tc is target_cell._tc and _qa_flagged(segment)
        _shade(cell, _FLAGGED_FILL if flagged else fill)


def _qa_flagged(segment: Segment) -> bool:
    """A QA check found something the reviewer must look at (not a mere repair note)."""
    return any(f.code.startswith("qa-") and f.severity is not Severity.INFO for f in segment.flags)


def _add_marked(
    paragraph: Any,
    text: str,
    spans: list[TermSpan],
    *,
    lang: str,
    bold: bool = False,
    size: float | None = None,
) -> None:
    """``text`` as runs, the glossary spans bold and coloured (red if the target missed it)."""
    position = 0
    for span in spans:
        if span.start > position:
            _add_run(paragraph, text[position : span.start], bold=bold, size=size, lang=lang)
        _add_run(
            paragraph,
            text[span.start : span.end],
            bold=True,
            size=size,
            lang=lang,
            colour=_MISSED_COLOUR if span.missed else _TERM_COLOUR,
            underline=span.missed,
        )
        position = span.end
    if position < len(text) or not text:
        _add_run(paragraph, text[position:], bold=bold, size=size, lang=lang)


def _add_run(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    colour: str | None = None,
    lang: str | None = None,
) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(xml_safe(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    if size is not None:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour)
    if lang is not None:
        element = OxmlElement("w:lang")
        element.set(qn("w:val"), lang)
        rpr = run._r.get_or_add_rPr()
        # CT_RPr sequence (ECMA-376 §17.3.2.28): w:lang precedes these three.
        rpr.insert_element_before(element, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    return run


def _add_field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag, value in (("w:color", _LABEL_COLOUR), ("w:sz", "16")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"  # shown until the viewer updates the field
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _row_properties(row: Any, *, repeat_as_header: bool) -> None:
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    # CT_TrPr sequence (ECMA-376 §17.4.82): cantSplit, trHeight, tblHeader, …
    trpr.insert_element_before(
        OxmlElement("w:cantSplit"),
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
    )
    if repeat_as_header:
        trpr.insert_element_before(
            OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden"
        )


_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHD)


def _top_border(cell: Any) -> None:
    """A heavier rule above the first row of each block, so block boundaries show."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "0"), ("color", "7F7F7F")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    cell._tc.get_or_add_tcPr().insert_element_before(borders, "w:shd", *_AFTER_SHD)
