"""Review DOCX: page set-up, header facts, one row per segment, term marks, notes."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from hypothesis import HealthCheck, given, settings

from bilingue.document import Block, BlockKind, Document, Segment, TermHit
from bilingue.errors import OutputError
from bilingue.formats.review_docx import (
    COLUMNS,
    TermSpan,
    target_term_spans,
    term_spans,
    write_review_docx,
    xml_safe,
)
from tests.formats.samples import documents, sample_document

CREATED = datetime(2013, 5, 17, 14, 30)
BLUE = RGBColor.from_string("1F4E9A")
RED = RGBColor.from_string("C00000")
GREY = RGBColor.from_string("7F7F7F")


@pytest.fixture(scope="module")
def review_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "release.review.docx"
    write_review_docx(sample_document(), path, created=CREATED)
    return path


@pytest.fixture(scope="module")
def review(review_path: Path) -> Any:
    return docx.Document(str(review_path))


def rows_by_id(review: Any) -> dict[str, Any]:
    return {row.cells[0].text: row for row in review.tables[0].rows[1:]}


def marked(cell: Any) -> list[tuple[str, RGBColor | None, bool]]:
    """(text, colour, underlined) of the coloured (glossary-marked) runs in ``cell``."""
    return [
        (run.text, run.font.color.rgb, bool(run.underline))
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.font.color.rgb in (BLUE, RED)
    ]


def test_file_is_a_clean_zip_and_nothing_else_is_left(review_path: Path) -> None:
    with zipfile.ZipFile(review_path) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    assert [p.name for p in review_path.parent.iterdir()] == ["release.review.docx"]


def test_page_is_landscape_a4_with_narrow_margins(review: Any) -> None:
    section = review.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word stores lengths in twips, so compare millimetres to 0.1 mm.
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (297, 210)
    sides = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert {round(side.mm, 1) for side in sides} == {12.7}


def test_default_font_and_properties(review: Any) -> None:
    normal = review.styles["Normal"].font
    assert (normal.name, normal.size) == ("Calibri", Pt(10))
    props = review.core_properties
    assert props.title == "bilingue review: cnes-roscosmos.fr.txt"
    assert props.subject == "French → English translation review of cnes-roscosmos.fr.txt"
    assert props.author == "bilingue"
    assert props.created == CREATED.astimezone(UTC)


def test_header_block(review: Any) -> None:
    lines = [p.text for p in review.paragraphs if p.text]
    assert lines == [
        "bilingue review",
        "Source file: cnes-roscosmos.fr.txt (cp1252)",
        "Created: 2013-05-17 14:30",
        "Detected language: fr, confidence 1.00",
        "Engine: argos · model translate-fr_en · version 1.9",
        "Glossaries: space.tsv",
        "Counts: 4 blocks · 5 segments · 4 translated · 1 kept untranslated · "
        "terms 3/4 found · 3 segments with flags",
        "Note: [info] document detected as French",
        "How to review: edit the English column in place (tracked changes are welcome); "
        "set Status to approved or rejected (empty: not reviewed; validé / rejeté work too); "
        "write remarks in the Comment column or as Word/LibreOffice comments. Grey cells "
        "are bilingue's: don't edit them, or add or delete rows — the import refuses a "
        "changed ID or French cell. Then run `bilingue review import` on this file.",
    ]


def test_no_absolute_or_folder_path_anywhere(review_path: Path) -> None:
    with zipfile.ZipFile(review_path) as z:
        text = b"".join(z.read(name) for name in z.namelist()).decode("utf-8", "replace")
    assert "input/" not in text and "glossaries/" not in text


def test_header_without_language_engine_or_glossary(tmp_path: Path) -> None:
    path = tmp_path / "bare.docx"
    doc = sample_document().with_(language=None, engine=None, glossaries=(), notes=())
    write_review_docx(doc, path, created=CREATED)
    lines = [p.text for p in docx.Document(str(path)).paragraphs if p.text]
    assert "Detected language: not detected" in lines
    assert "Engine: none (not translated)" in lines
    assert "Glossaries: none" in lines
    assert not any(line.startswith("Note:") for line in lines)


def test_one_table_one_row_per_segment_in_order(review: Any) -> None:
    assert len(review.tables) == 1
    table = review.tables[0]
    assert len(table.rows) == 5 + 1
    assert [cell.text for cell in table.rows[0].cells] == list(COLUMNS)
    ids = [row.cells[0].text for row in table.rows[1:]]
    assert ids == ["p1.s1", "p2.s1", "p2.s2", "p3.s1", "p4.s1"]
    for row in table.rows[1:]:
        [paragraph] = row.cells[0].paragraphs
        assert len(paragraph.runs) == 1  # nothing but the id for a re-import to key on


def test_header_row_repeats_and_no_row_splits(review: Any) -> None:
    rows = review.tables[0].rows
    header_trpr = rows[0]._tr.trPr
    assert [child.tag for child in header_trpr] == [qn("w:cantSplit"), qn("w:tblHeader")]
    for row in rows[1:]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert row._tr.trPr.find(qn("w:tblHeader")) is None


def test_column_widths_favour_the_text_columns(review: Any) -> None:
    table = review.tables[0]
    grid = [round(column.width.mm, 1) for column in table.columns]
    assert grid == [16, 80, 80, 22, 36, 37.6]
    assert sum(grid) <= 297 - 2 * 12.7  # fits between the margins
    for row in table.rows:
        assert [round(cell.width.mm, 1) for cell in row.cells] == grid


def test_texts_in_source_and_target_columns(review: Any) -> None:
    doc = sample_document()
    rows = rows_by_id(review)
    for segment in doc.segments():
        row = rows[segment.id]
        assert row.cells[1].text == segment.source
        expected = segment.source if not segment.translate else segment.target or ""
        assert row.cells[2].text == expected
        assert row.cells[3].text == ""


def test_found_terms_are_blue_in_both_columns_and_not_bold(review: Any) -> None:
    # Colour only: bold in a text cell is formatting, which the import reads back.
    row = rows_by_id(review)["p4.s1"]
    assert marked(row.cells[1]) == [("presse@cnes.fr", BLUE, False)]
    assert marked(row.cells[2]) == [("presse@cnes.fr", BLUE, False)]
    runs = [r for cell in row.cells[1:3] for p in cell.paragraphs for r in p.runs]
    assert not any(r.bold for r in runs)


def test_heading_row_is_larger_with_terms_marked(review: Any) -> None:
    row = rows_by_id(review)["p1.s1"]
    runs = row.cells[1].paragraphs[0].runs
    assert [(r.text, r.bold, r.font.size) for r in runs] == [
        ("Le ", None, Pt(12)),
        ("CNES", None, Pt(12)),
        (" rencontre ", None, Pt(12)),
        ("Roscosmos", None, Pt(12)),
    ]
    assert [r.font.color.rgb for r in runs] == [None, BLUE, None, BLUE]
    assert marked(row.cells[2]) == [("CNES", BLUE, False), ("Roscosmos", BLUE, False)]


def test_missed_term_is_red_in_source_and_noted(review: Any) -> None:
    row = rows_by_id(review)["p2.s2"]
    assert marked(row.cells[1]) == [("ESA", RED, True)]
    assert marked(row.cells[2]) == []
    notes = [p.text for p in row.cells[5].paragraphs]
    assert notes == [
        "[info] target much shorter than source",
        "[error] glossary term not in translation: ESA → ESA",
    ]
    assert row.cells[5].paragraphs[1].runs[0].font.color.rgb == RED


def test_rows_carry_no_block_kind_labels(review: Any) -> None:
    rows = rows_by_id(review)
    first_lines = {sid: row.cells[5].paragraphs[0].text for sid, row in rows.items()}
    assert first_lines == {
        "p1.s1": "",
        "p2.s1": "split-word: 'Cet te' → 'Cette'",
        "p2.s2": "[info] target much shorter than source",
        "p3.s1": "[info] segment is in English: kept as is",
        "p4.s1": "[error] number 2013 missing",
    }


def cell_fill(cell: Any) -> str:
    return str(cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")))


def has_top_rule(cell: Any) -> bool:
    return cell._tc.tcPr.find(f"{qn('w:tcBorders')}/{qn('w:top')}") is not None


def test_bilingue_cells_are_shaded_and_blocks_ruled(review: Any) -> None:
    rows = review.tables[0].rows
    assert {cell_fill(cell) for cell in rows[0].cells} == {"D9E2F3"}
    for row in rows[1:-1]:
        # ID, French and Notes look read-only; English, Status and Comment are the reviewer's.
        assert [cell_fill(cell) for cell in row.cells] == [
            "EDEDED", "EDEDED", "FFFFFF", "FFFFFF", "FFFFFF", "EDEDED",
        ]  # fmt: skip
    # The last segment carries a QA error: its English cell is shaded for attention.
    assert [cell_fill(cell) for cell in rows[-1].cells] == [
        "EDEDED", "EDEDED", "FCE4D6", "FFFFFF", "FFFFFF", "EDEDED",
    ]  # fmt: skip
    assert [has_top_rule(row.cells[1]) for row in rows[1:]] == [True, True, False, True, True]


def test_untranslated_segment_shows_source_grey(review: Any) -> None:
    row = rows_by_id(review)["p3.s1"]
    [run] = row.cells[2].paragraphs[0].runs
    assert (run.text, run.italic, run.font.color.rgb) == ("« Space is our future. »", None, GREY)
    assert [p.text for p in row.cells[5].paragraphs] == [
        "[info] segment is in English: kept as is",
    ]


def test_runs_carry_the_column_language(review: Any) -> None:
    row = rows_by_id(review)["p2.s1"]

    def langs(cell: Any) -> set[str]:
        return {
            run._r.rPr.find(qn("w:lang")).get(qn("w:val"))
            for paragraph in cell.paragraphs
            for run in paragraph.runs
        }

    assert langs(row.cells[1]) == {"fr-FR"}
    assert langs(row.cells[2]) == {"en-GB"}


def test_untranslated_yet_target_is_empty(tmp_path: Path) -> None:
    block = Block(
        id="p1",
        kind=BlockKind.PARAGRAPH,
        text="Bonjour.",
        segments=(Segment(id="p1.s1", source="Bonjour."),),
    )
    path = tmp_path / "draft.docx"
    write_review_docx(Document(source_path="a.txt", blocks=(block,)), path)
    [row] = docx.Document(str(path)).tables[0].rows[1:]
    assert [cell.text for cell in row.cells] == [
        "p1.s1",
        "Bonjour.",
        "",
        "",
        "",
        "not translated yet",
    ]


def test_binding_rides_in_custom_properties(review_path: Path) -> None:
    from bilingue.formats.review_binding import ReviewBinding, segment_hash
    from bilingue.formats.review_import import read_binding

    binding = read_binding(review_path)
    assert isinstance(binding, ReviewBinding)
    doc = sample_document()
    assert binding.segments == tuple((s.id, segment_hash(s.source)) for s in doc.segments())
    assert binding.source_name == "cnes-roscosmos.fr.txt"
    assert binding.revision == 1


def status_text(element: Any) -> str:
    content = element.find(f".//{qn('w:sdtContent')}")
    return "".join(t.text for t in content.iter(qn("w:t")))


def test_status_is_a_drop_down_with_the_fixed_vocabulary(review: Any) -> None:
    row = rows_by_id(review)["p2.s1"]
    sdt = row.cells[3]._tc.find(f".//{qn('w:sdt')}")
    items = [item.get(qn("w:value")) for item in sdt.iter(qn("w:listItem"))]
    assert items == ["(not reviewed)", "approved", "rejected"]
    assert status_text(sdt) == "(not reviewed)"


def test_a_review_mark_prefills_the_status(tmp_path: Path) -> None:
    from bilingue.document import ReviewMark

    doc = sample_document().map_segments(
        lambda s: s.with_(review=ReviewMark("rejected")) if s.id == "p2.s2" else s
    )
    path = tmp_path / "marked.docx"
    write_review_docx(doc, path)
    row = rows_by_id(docx.Document(str(path)))["p2.s2"]
    assert status_text(row.cells[3]._tc) == "rejected"


def test_memory_origin_and_suggestions_are_shown(tmp_path: Path) -> None:
    from bilingue.document import TargetOrigin, TmSuggestion

    def mark(segment: Segment) -> Segment:
        if segment.id == "p1.s1":
            return segment.with_(origin=TargetOrigin.TM)
        if segment.id == "p2.s1":
            return segment.with_(suggestions=(TmSuggestion("Cette annonce", "This news", 87.4),))
        return segment

    path = tmp_path / "tm.docx"
    write_review_docx(sample_document().map_segments(mark), path)
    rows = rows_by_id(docx.Document(str(path)))
    assert rows["p1.s1"].cells[5].paragraphs[0].text == "TM 100%"
    assert rows["p2.s1"].cells[5].paragraphs[0].text == "TM 87% suggestion: This news"


def test_existing_review_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "release.docx"
    path.write_bytes(b"old")
    write_review_docx(sample_document(), path)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["release.docx"]


def test_missing_output_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="output folder does not exist"):
        write_review_docx(sample_document(), tmp_path / "absent" / "release.docx")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents())
def test_any_document_can_be_written(doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "any.docx"
    write_review_docx(doc, path)
    rows = docx.Document(str(path)).tables[0].rows
    segments = list(doc.segments())
    assert len(rows) == len(segments) + 1
    assert [row.cells[0].text for row in rows[1:]] == [xml_safe(s.id) for s in segments]
    assert [row.cells[1].text for row in rows[1:]] == [
        xml_safe(s.source).replace("\r", "\n") for s in segments
    ]


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("page\x0cbreak", "page\nbreak"),
        ("a\x00b\x1fc", "a\ufffdb\ufffdc"),
        ("tab\tnew\nline", "tab\tnew\nline"),
        ("Président ’«»", "Président ’«»"),
    ],
)
def test_xml_safe(text: str, safe: str) -> None:
    assert xml_safe(text) == safe


@pytest.mark.parametrize(
    ("hits", "spans"),
    [
        ([TermHit("CNES", "CNES", 0, 4)], [TermSpan(0, 4)]),
        ([TermHit("X", "X", 5, 3)], []),  # end before start
        ([TermHit("X", "X", 0, 99)], []),  # beyond the text
        ([TermHit("a", "a", -1, 2)], []),
        (
            [TermHit("de Roscosmos", "", 14, 26), TermHit("Roscosmos", "", 17, 26, ok=False)],
            [TermSpan(14, 26)],
        ),
        (
            [TermHit("Roscosmos", "", 17, 26, ok=False), TermHit("CNES", "", 0, 4)],
            [TermSpan(0, 4), TermSpan(17, 26, missed=True)],
        ),
    ],
)
def test_term_spans(hits: list[TermHit], spans: list[TermSpan]) -> None:
    segment = Segment(id="s", source="CNES et agence de Roscosmos.", terms=tuple(hits))
    assert term_spans(segment) == spans


@pytest.mark.parametrize(
    ("target", "forms", "found"),
    [
        ("ESA and ESA", ["ESA"], ["ESA", "ESA"]),
        ("ESAs and NESA", ["ESA"], []),
        (
            "the European Space Agency",
            ["European Space Agency", "Space"],
            ["European Space Agency"],
        ),
        ("Dr. Le Gall", ["Dr."], ["Dr."]),
        ("CNES (Paris)", ["(Paris)"], ["(Paris)"]),
        ("anything", [""], []),
    ],
)
def test_target_term_spans(target: str, forms: list[str], found: list[str]) -> None:
    hits = tuple(TermHit(form, form, 0, len(form)) for form in forms)
    assert [target[s.start : s.end] for s in target_term_spans(target, hits)] == found


@pytest.mark.libreoffice
def test_libreoffice_renders_the_review(review_path: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice is not on PATH: cannot check that LibreOffice opens the review")
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(review_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "release.review.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
