"""The DOCX reader keeps what publishing needs: codes, lists, tables, parts, anchors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.document import BlockKind, Document, TableCell
from bilingue.formats.docx_source import read_docx
from bilingue.formats.sidecar_json import document_from_json, document_to_json
from bilingue.pipeline import prepare
from tests.formats.docx_fixture import URL, build_release_docx


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return read_docx(build_release_docx(tmp_path_factory.mktemp("docx") / "release.docx"))


def _block(doc: Document, start: str) -> object:
    return next(b for b in doc.blocks if b.text.startswith(start))


def _spans(doc: Document, start: str) -> list[tuple[str, str, str]]:
    block = next(b for b in doc.blocks if b.text.startswith(start))
    return [(c.kind, block.text[c.start : c.end], c.data) for c in block.codes]


def test_bold_italic_and_footnote_reference_are_codes(release: Document) -> None:
    assert _spans(release, "Le président") == [
        ("bold", "président", ""),
        ("italic", "accord", ""),
        ("footnote", "", ""),
    ]
    block = next(b for b in release.blocks if b.text.startswith("Le président"))
    footnote = block.codes[-1]
    assert footnote.start == len(block.text) and footnote.ref == "0"


def test_hyperlink_keeps_its_url(release: Document) -> None:
    assert ("link", "site", URL) in _spans(release, "Le texte complet")


def test_field_in_the_footer_is_a_placeholder_not_text(release: Document) -> None:
    footer = next(b for b in release.blocks if b.part == "footer")
    assert footer.text == "Page "  # the field's result "1" is not text to translate
    assert [(c.kind, c.data) for c in footer.codes] == [("field", "PAGE")]


def test_header_footer_and_footnote_are_blocks_of_their_own(release: Document) -> None:
    parts = [b.part for b in release.blocks]
    assert parts.count("header") == parts.count("footer") == parts.count("footnote") == 1
    note = next(b for b in release.blocks if b.part == "footnote")
    assert "agence spatiale" in note.text
    assert note.codes[0].start == 0  # the footnote's own number mark


def test_lists_keep_type_and_level(release: Document) -> None:
    items = [
        (b.text, b.list_kind, b.list_level) for b in release.blocks if b.kind is BlockKind.LIST_ITEM
    ]
    assert items == [
        ("La recherche", "bullet", 0),
        ("Les lanceurs", "bullet", 0),
        ("Première étape", "number", 0),
        ("Deuxième étape", "number", 0),
    ]


def test_table_keeps_rows_columns_and_the_merged_cell(release: Document) -> None:
    cells = {b.text: b.table for b in release.blocks if b.kind is BlockKind.TABLE_CELL}
    assert cells["Agence"] == TableCell(0, 0, 0)
    assert cells["Budget"] == TableCell(0, 0, 2)
    assert cells["Europe"] == TableCell(0, 1, 1, rowspan=2)
    assert cells["Trois milliards"] == TableCell(0, 2, 2)
    assert len(cells) == 8  # 9 grid cells, one merged


def test_anchors_are_unique_and_name_their_part(release: Document) -> None:
    anchors = [b.anchor for b in release.blocks]
    assert len(set(anchors)) == len(anchors)
    assert {a.split("#")[0] for a in anchors} == {
        "/word/document.xml",
        "/word/header1.xml",
        "/word/footer1.xml",
        "/word/footnotes.xml",
    }


def test_codes_survive_cleaning_and_segmentation(release: Document) -> None:
    doc = prepare(release)
    segment = next(s for s in doc.segments() if s.source.startswith("Le président"))
    assert [(c.kind, segment.source[c.start : c.end]) for c in segment.codes] == [
        ("bold", "président"),
        ("italic", "accord"),
        ("footnote", ""),
    ]


def test_sidecar_round_trip_keeps_codes_and_structure(release: Document) -> None:
    doc = prepare(release)
    back = document_from_json(document_to_json(doc))
    assert [(b.part, b.list_kind, b.list_level, b.table, b.anchor) for b in back.blocks] == [
        (b.part, b.list_kind, b.list_level, b.table, b.anchor) for b in doc.blocks
    ]
    assert [s.codes for s in back.segments()] == [s.codes for s in doc.segments()]


def test_text_box_is_read_once_as_its_own_block(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("Avant la boîte.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    v = "urn:schemas-microsoft-com:vml"
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{w}" xmlns:v="{v}"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Texte dans la boîte.</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.save(str(tmp_path / "box.docx"))
    doc = read_docx(tmp_path / "box.docx")
    assert [(b.text, b.part) for b in doc.blocks] == [
        ("Avant la boîte.", "body"),
        ("Texte dans la boîte.", "textbox"),
    ]
    assert [c.kind for c in doc.blocks[0].codes] == ["image"]  # the shape itself stays
