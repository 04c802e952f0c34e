"""Raw OOXML helpers: visible text as Word and LibreOffice write it, properties, safe parsing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]

from bilingue.errors import BadInput
from bilingue.formats.ooxml import (
    add_custom_properties,
    custom_properties,
    open_package,
    parse_part,
    run_xml,
    visible_text,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(body: str) -> str:
    return visible_text(etree.fromstring(f"<w:body {W}><w:p>{body}</w:p></w:body>"))


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # Runs split by rsid, with proofing marks and bookmarks between them.
        (
            '<w:r w:rsidR="00A1"><w:t>The meet</w:t></w:r><w:proofErr w:type="spellStart"/>'
            '<w:r w:rsidR="00B2"><w:t>ing</w:t></w:r><w:proofErr w:type="spellEnd"/>'
            '<w:bookmarkStart w:id="0" w:name="x"/><w:r><w:t xml:space="preserve"> ended.</w:t>'
            '</w:r><w:bookmarkEnd w:id="0"/>',
            "The meeting ended.",
        ),
        # Tracked changes: insertions count, deletions do not.
        (
            "<w:r><w:t>It </w:t></w:r><w:del><w:r><w:delText>has found</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>met</w:t></w:r></w:ins><w:r><w:t> him.</w:t></w:r>",
            "It met him.",
        ),
        # Moves: the text is where it moved to, not where it was.
        (
            "<w:moveFrom><w:r><w:t>Today, </w:t></w:r></w:moveFrom><w:r><w:t>we met</w:t></w:r>"
            "<w:moveTo><w:r><w:t> today</w:t></w:r></w:moveTo><w:r><w:t>.</w:t></w:r>",
            "we met today.",
        ),
        # A simple field shows its result.
        (
            '<w:r><w:t>Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r>'
            "</w:fldSimple>",
            "Page 3",
        ),
        # A complex field: the instruction is not content, the result is.
        (
            '<w:r><w:t>See </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://cnes.fr" </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>cnes.fr</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r>',
            "See cnes.fr.",
        ),
        # Smart tags, hyperlinks and content controls wrap ordinary runs.
        (
            '<w:smartTag w:element="place"><w:r><w:t>Moscow</w:t></w:r></w:smartTag>'
            '<w:hyperlink r:id="rId5" xmlns:r="urn:r"><w:r><w:t>, Russia</w:t></w:r></w:hyperlink>'
            "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent><w:r><w:t>.</w:t></w:r>"
            "</w:sdtContent></w:sdt>",
            "Moscow, Russia.",
        ),
        # Soft line breaks, tabs, symbols, non-breaking and soft hyphens.
        (
            "<w:r><w:t>A</w:t><w:br/><w:t>B</w:t><w:tab/><w:t>C</w:t>"
            '<w:sym w:font="Wingdings" w:char="00E9"/><w:noBreakHyphen/><w:softHyphen/>'
            "<w:t>D</w:t></w:r>",
            "A\nB\tCé\u2011D",
        ),
        # Comments anchors and references add nothing.
        (
            '<w:commentRangeStart w:id="1"/><w:r><w:t>Text</w:t></w:r>'
            '<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>',
            "Text",
        ),
    ],
    ids=[
        "rsid-proof-bookmark",
        "ins-del",
        "moves",
        "fldSimple",
        "fldChar",
        "wrappers",
        "breaks-and-symbols",
        "comment-anchors",
    ],
)
def test_visible_text(body: str, text: str) -> None:
    assert paragraph(body) == text


def test_paragraphs_in_a_cell_are_joined_by_a_line_break() -> None:
    cell = etree.fromstring(
        f"<w:tc {W}><w:p><w:r><w:t>One.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Two.</w:t></w:r></w:p></w:tc>"
    )
    assert visible_text(cell) == "One.\nTwo."


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("a\nb", '<w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t>'),
        ("a\tb", '<w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t>'),
        ("x < y & z", '<w:t xml:space="preserve">x &lt; y &amp; z</w:t>'),
        ("\x07bell", '<w:t xml:space="preserve">\ufffdbell</w:t>'),
    ],
)
def test_run_xml_writes_what_visible_text_reads(text: str, xml: str) -> None:
    run = run_xml(text)
    assert xml in run
    read = paragraph(run)
    assert read == text.replace("\x07", "\ufffd")


def test_custom_properties_round_trip(tmp_path: Path) -> None:
    document = docx.Document()
    values = {"bilingue.document": "abc", "bilingue.note": "x < y & « z »"}
    add_custom_properties(document, values)
    path = tmp_path / "p.docx"
    document.save(str(path))
    with open_package(path) as archive:
        assert custom_properties(archive, path) == values


def test_a_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(BadInput, match="declares a DTD"):
        parse_part(bomb, "document", tmp_path / "x.docx")


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"plain text")
    with pytest.raises(BadInput, match="not a zip archive"):
        open_package(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.xml", "<x/>")
    with pytest.raises(BadInput, match=r"no word/document\.xml"):
        open_package(path)
