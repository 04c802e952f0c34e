"""Formatting in review cells: written as runs (python-docx reads them), read back as codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import RGBColor
from lxml import etree  # type: ignore[import-untyped]

from bilingue.document import (
    Block,
    BlockKind,
    Document,
    Flag,
    FlagCode,
    InlineCode,
    Segment,
    SegmentState,
    Severity,
    TermHit,
)
from bilingue.formats.review_binding import binding_for
from bilingue.formats.review_docx import write_review_docx
from bilingue.formats.review_format import CellFormat, PairedSpan, cell_format, styles_map
from bilingue.formats.review_import import read_reviewed_docx
from bilingue.stages.review import apply_review
from bilingue.stages.review_codes import reviewed_codes, same_formatting

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BLUE = RGBColor.from_string("1F4E9A")
TARGET = "CNES had to jongler with it, said Le Gall."


def flagged_document() -> Document:
    segment = Segment(
        "p1.s1",
        "Le CNES a dû jongler, a dit Le Gall.",
        target=TARGET,
        state=SegmentState.TRANSLATED,
        terms=(TermHit("CNES", "CNES", 3, 7, ok=True),),
        codes=(InlineCode("c0", "bold", 3, 7),),
        target_codes=(InlineCode("c0", "bold", 0, 4),),
        flags=(
            Flag(
                FlagCode.QA_UNTRANSLATED,
                "untranslated: jongler (French)",
                Severity.ERROR,
                ((12, 19),),
            ),
        ),
    )
    block = Block("p1", BlockKind.PARAGRAPH, segment.source, (segment,))
    return Document("release.docx", (block,))


def test_suspect_words_are_highlighted_and_terms_coloured_over_bold(tmp_path: Path) -> None:
    doc = flagged_document()
    path = tmp_path / "release.review.docx"
    write_review_docx(doc, path, binding=binding_for(doc, "", 1))
    english = docx.Document(str(path)).tables[0].rows[1].cells[2]
    runs = [run for paragraph in english.paragraphs for run in paragraph.runs]
    assert [r.text for r in runs if r.font.highlight_color is not None] == ["jongler"]
    [term] = [r for r in runs if r.font.color.rgb == BLUE]
    assert (term.text, term.bold) == ("CNES", True)
    assert [r.text for r in runs if r.bold] == ["CNES"]


def test_highlight_and_colours_are_not_read_back_as_formatting(tmp_path: Path) -> None:
    doc = flagged_document()
    path = tmp_path / "release.review.docx"
    write_review_docx(doc, path, binding=binding_for(doc, "", 1))
    reviewed = read_reviewed_docx(path)
    [row] = reviewed.rows
    assert row.target_format == CellFormat(TARGET, (PairedSpan("bold", 0, 4),), ())
    outcome = apply_review(doc, reviewed)
    assert outcome.counts.edited == 0
    assert outcome.document == doc


def cell(xml: str) -> Any:
    return etree.fromstring(f'<w:tc xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p>{xml}</w:p></w:tc>')


STYLES = etree.fromstring(
    f'<w:styles xmlns:w="{W_NS}">'
    '<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Loud"><w:basedOn w:val="Strong"/>'
    "<w:rPr><w:i/></w:rPr></w:style>"
    '<w:style w:type="character" w:styleId="Hyperlink"><w:rPr><w:u w:val="single"/></w:rPr>'
    "</w:style></w:styles>"
)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (  # a character style, followed through basedOn
            '<w:r><w:rPr><w:rStyle w:val="Loud"/></w:rPr><w:t>Big</w:t></w:r>'
            "<w:r><w:t> news</w:t></w:r>",
            CellFormat("Big news", (PairedSpan("bold", 0, 3), PairedSpan("italic", 0, 3))),
        ),
        (  # bold switched off over a bold style; superscript
            '<w:r><w:rPr><w:rStyle w:val="Strong"/><w:b w:val="0"/></w:rPr><w:t>1</w:t></w:r>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>st</w:t></w:r>',
            CellFormat("1st", (PairedSpan("sup", 1, 3),)),
        ),
        (  # a tracked insertion counts, a deletion does not; runs split by rsid join
            '<w:ins w:id="1"><w:r><w:rPr><w:b/></w:rPr><w:t>new</w:t></w:r></w:ins>'
            '<w:del w:id="2"><w:r><w:rPr><w:b/></w:rPr><w:delText>old</w:delText></w:r></w:del>'
            '<w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> one</w:t></w:r>',
            CellFormat("new one", (PairedSpan("bold", 0, 7),)),
        ),
        (  # a link's own underline is not the reviewer's; an anchor link keeps its name
            '<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
            '<w:t>site</w:t></w:r></w:hyperlink><w:hyperlink w:anchor="top"><w:r><w:rPr><w:u/>'
            "</w:rPr><w:t>up</w:t></w:r></w:hyperlink>",
            CellFormat(
                "siteup",
                (PairedSpan("link", 0, 4, "https://cnes.fr/"), PairedSpan("link", 4, 6, "#top")),
            ),
        ),
        (  # markers leave the text; their place is kept
            "<w:r><w:t>See</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>⟦foot</w:t></w:r>"
            "<w:r><w:t>note⟧</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t>, p. </w:t></w:r>"
            "<w:r><w:t>⟦field⟧</w:t></w:r>",
            CellFormat("See, p. ", (), (("footnote", 3), ("field", 8))),
        ),
    ],
)
def test_cells_are_read_with_their_formatting(xml: str, expected: CellFormat) -> None:
    got = cell_format(cell(xml), styles_map(STYLES), {"rId9": "https://cnes.fr/"})
    assert got.text == expected.text
    assert sorted(got.spans, key=repr) == sorted(expected.spans, key=repr)
    assert got.markers == expected.markers


SHOWN = (
    InlineCode("c0", "bold", 0, 4),
    InlineCode("c1", "link", 11, 15, "https://cnes.fr/"),
    InlineCode("c2", "underline", 11, 15),
    InlineCode("c3", "strike", 16, 20),  # a kind the cell cannot show
    InlineCode("x0", "footnote", 20, 20, ref="0"),
    InlineCode("x1", "field", 20, 20, "PAGE", ref="1"),
)
TEXT = "CNES meets site here now."
LINK = "https://cnes.fr/"


def test_unchanged_formatting_is_recognised() -> None:
    shown = CellFormat(
        TEXT,
        (
            PairedSpan("bold", 0, 2),
            PairedSpan("bold", 2, 4),
            PairedSpan("link", 11, 15, LINK),
        ),
        (("footnote", 20), ("field", 20)),
    )
    assert same_formatting(TEXT, SHOWN, shown)
    moved = CellFormat(TEXT, shown.spans, (("footnote", 21), ("field", 20)))
    assert not same_formatting(TEXT, SHOWN, moved)


def test_reviewed_codes_keep_ids_and_never_drop_a_placeholder() -> None:
    new_text = "CNES meets the site here now."
    reviewed = CellFormat(
        new_text,
        (
            PairedSpan("bold", 0, 4),
            PairedSpan("bold", 6, 10),
            PairedSpan("link", 15, 19, "https://cnes.fr/"),
        ),
        (("field", 5), ("image", 6)),
    )
    result = reviewed_codes(TEXT, SHOWN, new_text, reviewed)
    by_id = {c.id: c for c in result.codes}
    assert (by_id["c0"].start, by_id["c0"].end) == (0, 4)
    assert (by_id["r1"].kind, by_id["r1"].start, by_id["r1"].end) == ("bold", 6, 10)
    assert (by_id["c1"].start, by_id["c1"].end) == (15, 19)
    assert (by_id["c2"].kind, by_id["c2"].start, by_id["c2"].end) == ("underline", 15, 19)
    assert (by_id["c3"].kind, by_id["c3"].start, by_id["c3"].end) == ("strike", 20, 24)
    assert (by_id["x1"].start, by_id["x1"].data, by_id["x1"].ref) == (5, "PAGE", "1")
    assert (by_id["x0"].start, by_id["x0"].ref) == (len(new_text), "0")  # lost: at the end
    assert [c.id for c in result.lost] == ["x0"]
    assert result.added == ("image",)
    assert "footnote x0" in result.message() and "image" in result.message()


def test_a_removed_link_takes_its_underline_with_it() -> None:
    reviewed = CellFormat(TEXT, (), (("footnote", 20), ("field", 20)))
    result = reviewed_codes(TEXT, SHOWN, TEXT, reviewed)
    assert {c.kind for c in result.codes} == {"strike", "footnote", "field"}
    assert not result.lost
