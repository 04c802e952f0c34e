"""The review DOCX: one table row per segment, French beside English, made to come back.

The segment table is written as one XML string and parsed once (python-docx's
``add_row`` copies the grid and ``insert_element_before`` scans children, which made
the writer quadratic). The binding to the document rides in custom properties.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bilingue.document import BlockKind, Document, Segment, Severity, TargetOrigin, TermHit
from bilingue.errors import escape_undecodable
from bilingue.formats.notes import Note, ReviewRow, review_counts, review_rows
from bilingue.formats.ooxml import (
    add_custom_properties,
    attr,
    cell_xml,
    run_xml,
    splice_body,
    xml_safe,
)
from bilingue.formats.review_binding import ReviewBinding, binding_for
from bilingue.formats.review_format import Decoration, formatted_runs
from bilingue.safeio import atomic_output
from bilingue.term_check import target_spans

__all__ = [
    "APPROVED",
    "COLUMNS",
    "COMMENT_COLUMN",
    "ID_COLUMN",
    "NOTES_COLUMN",
    "NOT_REVIEWED",
    "REJECTED",
    "REVIEW_STATUSES",
    "SOURCE_COLUMN",
    "STATUS_COLUMN",
    "TARGET_COLUMN",
    "TermSpan",
    "target_term_spans",
    "term_spans",
    "write_review_docx",
    "xml_safe",
]

COLUMNS = ("ID", "French (source)", "English (target)", "Status", "Comment", "Notes (bilingue)")
# Index of each column in a row, for the importer.
ID_COLUMN, SOURCE_COLUMN, TARGET_COLUMN, STATUS_COLUMN, COMMENT_COLUMN, NOTES_COLUMN = range(6)
APPROVED, REJECTED = "approved", "rejected"
NOT_REVIEWED = "(not reviewed)"
REVIEW_STATUSES = (APPROVED, REJECTED)

# Landscape A4 with Word's "narrow" margins leaves 271.6 mm; the two text columns
# share most of it, ID and Status need room for "p12.s3"/"approved" only.
_COLUMN_WIDTHS_MM = (16.0, 80.0, 80.0, 22.0, 36.0, 37.6)
_TWIPS_PER_MM = 1440 / 25.4
_COLUMN_TWIPS = tuple(round(mm * _TWIPS_PER_MM) for mm in _COLUMN_WIDTHS_MM)
_PAGE_MM = (297.0, 210.0)
_MARGIN_MM = 12.7

_TERM_COLOUR = "1F4E9A"  # dark blue: the same colour in both columns links a term pair
_MISSED_COLOUR = "C00000"  # red: the target lacks this protected term
_KEPT_COLOUR = "7F7F7F"  # grey: source text standing in for a target on purpose
_LABEL_COLOUR = "595959"
_TM_COLOUR = "2E7D32"  # green: a target that came from the translation memory
_NOTE_COLOURS = {Severity.ERROR: "C00000", Severity.WARNING: "B35C00", Severity.INFO: "404040"}
_HEADER_FILL = "D9E2F3"
_FLAGGED_FILL = "FCE4D6"  # light orange: the English cell of a segment QA flagged
_READ_ONLY_FILL = "EDEDED"  # ID, source and notes cells: grey reads as "not yours to edit"
_EDIT_FILL = "FFFFFF"
_SOURCE_LANG = "fr-FR"
_TARGET_LANG = "en-GB"  # so Word spell-checks the English column as English
_TABLE_MARKER = "\ue000bilingue-segment-table\ue000"  # private-use: never in real text


@dataclass(frozen=True)
class TermSpan:
    start: int
    end: int
    missed: bool = False


def write_review_docx(
    doc: Document,
    path: Path,
    *,
    created: datetime | None = None,
    binding: ReviewBinding | None = None,
) -> None:
    """Write the review DOCX for ``doc`` at ``path``, atomically, carrying ``binding``.

    Without a binding, one for revision 1 with no source checksum is written.
    """
    import docx

    created = created or datetime.now().astimezone()
    binding = binding or binding_for(doc, "", 1)
    review = docx.Document()
    _set_page(review)
    _set_styles(review)
    _set_properties(review, doc, created)
    add_custom_properties(review, binding.to_properties())
    _write_summary(review, doc, created)
    review.add_paragraph(_TABLE_MARKER)
    table = _segment_table_xml(doc, _link_ids(review))  # before saving: it adds link targets
    buffer = io.BytesIO()
    review.save(buffer)
    package = splice_body(buffer.getvalue(), _TABLE_MARKER, table)
    with atomic_output(Path(path)) as tmp:
        tmp.write_bytes(package)


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


def _set_page(review: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = review.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(_MARGIN_MM))
    footer = section.footer.paragraphs[0]
    _append_xml(footer._p, run_xml("bilingue review — page ", size=8, colour=_LABEL_COLOUR))
    _append_xml(
        footer._p,
        f'<w:fldSimple w:instr="PAGE">{run_xml("1", size=8, colour=_LABEL_COLOUR)}</w:fldSimple>',
    )


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
    name = xml_safe(escape_undecodable(Path(doc.source_path).name))
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


def _engine_line(doc: Document) -> str:
    if doc.engine is None:
        return "none (not translated)"
    parts = (
        doc.engine.name,
        doc.engine.model and f"model {doc.engine.model}",
        doc.engine.version and f"version {doc.engine.version}",
    )
    return " · ".join(part for part in parts if part)


def _write_summary(review: Any, doc: Document, created: datetime) -> None:
    review.add_heading("bilingue review", level=1)
    counts = review_counts(doc)
    language = (
        f"{doc.language.code}, confidence {doc.language.confidence:.2f}"
        if doc.language
        else "not detected"
    )
    # The file name only: these files go to outside reviewers.
    source = escape_undecodable(Path(doc.source_path).name)
    source += f" ({doc.encoding})" if doc.encoding else ""
    facts = [
        ("Source file", source),
        ("Created", created.strftime("%Y-%m-%d %H:%M")),
        ("Detected language", language),
        ("Engine", _engine_line(doc)),
        ("Glossaries", ", ".join(Path(g).name for g in doc.glossaries) or "none"),
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
            "edit the English column in place (tracked changes are welcome); set Status to "
            f"{APPROVED} or {REJECTED} (empty: not reviewed; validé / rejeté work too); "
            "write remarks in the Comment column or as Word/LibreOffice comments. "
            "Grey cells are bilingue's: don't edit them, or add or delete rows — the "
            "import refuses a changed ID or French cell. Then run "
            "`bilingue review import` on this file.",
        )
    )
    for label, value in facts:
        paragraph = review.add_paragraph()
        paragraph.paragraph_format.space_after = 0
        _append_xml(paragraph._p, run_xml(f"{label}: ", bold=True) + run_xml(value))
    review.add_paragraph()


def _append_xml(parent: Any, xml: str) -> None:
    from docx.oxml import parse_xml

    wrapper = parse_xml(f"<w:wrap {_NS}>{xml}</w:wrap>")
    for child in list(wrapper):
        parent.append(child)


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _link_ids(review: Any) -> Callable[[str], str]:
    """A function giving the relationship id of a hyperlink URL (one per URL)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    part = review.part
    return lambda url: str(part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))


def _segment_table_xml(doc: Document, link_id: Callable[[str], str]) -> str:
    """The segment table as one string, spliced into document.xml in place of a marker."""
    grid = "".join(f'<w:gridCol w:w="{twips}"/>' for twips in _COLUMN_TWIPS)
    header = "".join(
        cell_xml(twips, _HEADER_FILL, run_xml(title, bold=True))
        for title, twips in zip(COLUMNS, _COLUMN_TWIPS, strict=True)
    )
    parts = [
        "<w:tbl><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>",
    ]
    parts += [_row_xml(row, link_id) for row in review_rows(doc)]
    parts.append("</w:tbl>")
    return "".join(parts)


def _row_xml(data: ReviewRow, link_id: Callable[[str], str]) -> str:
    segment, block = data.segment, data.block
    # Headings are larger, not bold: bold in a text cell is formatting the importer reads.
    size = 12.0 if block.kind is BlockKind.HEADING else None
    rule = data.first_in_block  # a heavier rule above each block's first row
    # The ID cell holds the id and nothing else: the import keys on it.
    cells = [
        cell_xml(_COLUMN_TWIPS[0], _READ_ONLY_FILL, run_xml(segment.id, size=8), top_rule=rule),
        cell_xml(
            _COLUMN_TWIPS[1],
            _READ_ONLY_FILL,
            formatted_runs(
                segment.source,
                segment.codes,
                _decorations(term_spans(segment)),
                link_id,
                lang=_SOURCE_LANG,
                size=size,
            ),
            top_rule=rule,
        ),
        cell_xml(
            _COLUMN_TWIPS[2],
            _FLAGGED_FILL if _qa_flagged(segment) else _EDIT_FILL,
            _target_runs(segment, link_id, size),
            top_rule=rule,
        ),
        cell_xml(_COLUMN_TWIPS[3], _EDIT_FILL, _status_xml(segment), top_rule=rule),
        cell_xml(_COLUMN_TWIPS[4], _EDIT_FILL, "", top_rule=rule),
        cell_xml(
            _COLUMN_TWIPS[5],
            _READ_ONLY_FILL,
            _notes_xml(_row_notes(data)),
            top_rule=rule,
            plain=True,
        ),
    ]
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"


def _target_runs(segment: Segment, link_id: Callable[[str], str], size: float | None) -> str:
    """The English cell: the target with its codes, terms coloured, QA's suspect words
    highlighted; a segment kept untranslated shows its source in grey."""
    if not segment.translate:
        grey = [Decoration(0, len(segment.source), colour=_KEPT_COLOUR)]
        return formatted_runs(
            segment.source, segment.codes, grey, link_id, lang=_SOURCE_LANG, size=size
        )
    if segment.target is None:
        return ""
    # Red only: an underline in the English cell would come back as the reviewer's.
    decorations = _decorations(target_term_spans(segment.target, segment.terms), underline=False)
    decorations += [
        Decoration(start, end, highlight=True)
        for flag in segment.flags
        for start, end in flag.spans
        if 0 <= start < end <= len(segment.target)
    ]
    return formatted_runs(
        segment.target, segment.target_codes, decorations, link_id, lang=_TARGET_LANG, size=size
    )


def _decorations(spans: list[TermSpan], *, underline: bool = True) -> list[Decoration]:
    """Glossary terms coloured (red, and underlined if asked, where the target missed
    them), never bold: bold is formatting."""
    return [
        Decoration(
            span.start,
            span.end,
            colour=_MISSED_COLOUR if span.missed else _TERM_COLOUR,
            underline=underline and span.missed,
        )
        for span in spans
    ]


def _status_xml(segment: Segment) -> str:
    """A drop-down content control holding the segment's review status.

    Run-level (inside the paragraph) because LibreOffice 7.4 turns a cell-level
    ``w:sdt`` into this form anyway and keeps its list; it drops ``w:tag``, so the
    importer reads the cell's text, never the control's properties.
    """
    current = segment.review.status if segment.review else NOT_REVIEWED
    items = "".join(
        f"<w:listItem w:displayText={attr(item)} w:value={attr(item)}/>"
        for item in (NOT_REVIEWED, *REVIEW_STATUSES)
    )
    return (
        '<w:sdt><w:sdtPr><w:alias w:val="Status"/><w:tag w:val="bilingue-status"/>'
        f"<w:dropDownList>{items}</w:dropDownList></w:sdtPr>"
        f"<w:sdtContent>{run_xml(current, size=8)}</w:sdtContent></w:sdt>"
    )


def _row_notes(data: ReviewRow) -> list[Note]:
    """The tool's notes for the row: translation memory first, then earlier comments."""
    segment = data.segment
    notes: list[Note] = []
    if segment.origin is TargetOrigin.TM:
        notes.append(Note("TM 100%"))
    for suggestion in segment.suggestions:
        notes.append(Note(f"TM {suggestion.score:.0f}% suggestion: {suggestion.target}"))
    notes += data.notes
    notes += [
        Note(f"comment ({comment.author or 'reviewer'}): {comment.text}")
        for comment in segment.comments
    ]
    return notes


def _notes_xml(notes: list[Note]) -> str:
    paragraphs = [
        '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        + run_xml(
            note.text,
            size=8,
            colour=_TM_COLOUR if note.text.startswith("TM ") else _NOTE_COLOURS[note.severity],
        )
        + "</w:p>"
        for note in notes
    ]
    return "".join(paragraphs) or '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>'


def _qa_flagged(segment: Segment) -> bool:
    """A QA check found something the reviewer must look at (not a mere repair note)."""
    return any(f.code.startswith("qa-") and f.severity is not Severity.INFO for f in segment.flags)
