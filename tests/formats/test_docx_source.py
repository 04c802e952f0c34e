"""DOCX reader: document order, block kinds, tables, tracked changes, damaged files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from bilingue.document import BlockKind
from bilingue.errors import BadInput
from bilingue.formats import read_document
from bilingue.formats.docx_source import read_docx

HINT = "re-save it from Word or LibreOffice"


def save(document: Any, tmp_path: Path, name: str = "release.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def summary(path: Path) -> list[tuple[str, BlockKind, int, str, str]]:
    return [(b.id, b.kind, b.level, b.style, b.text) for b in read_document(path).blocks]


def test_paragraphs_headings_lists_and_table_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Communiqué de presse", level=0)
    document.add_heading("Coopération spatiale", level=1)
    document.add_paragraph("")
    document.add_paragraph("Paris, le 17 mai 2013")
    document.add_paragraph("   ")
    document.add_heading("Détails", level=3)
    document.add_paragraph("Premier point", style="List Bullet")
    document.add_paragraph("Deuxième point", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Agence"
    table.cell(0, 1).text = "Pays"
    table.cell(1, 0).text = "CNES"
    document.add_paragraph("Fin.")
    assert summary(save(document, tmp_path)) == [
        ("p1", BlockKind.HEADING, 1, "Title", "Communiqué de presse"),
        ("p2", BlockKind.HEADING, 1, "Heading 1", "Coopération spatiale"),
        ("p3", BlockKind.PARAGRAPH, 0, "Normal", "Paris, le 17 mai 2013"),
        ("p4", BlockKind.HEADING, 3, "Heading 3", "Détails"),
        ("p5", BlockKind.LIST_ITEM, 0, "List Bullet", "Premier point"),
        ("p6", BlockKind.LIST_ITEM, 0, "List Number", "Deuxième point"),
        ("p7", BlockKind.TABLE_CELL, 0, "Normal", "Agence"),
        ("p8", BlockKind.TABLE_CELL, 0, "Normal", "Pays"),
        ("p9", BlockKind.TABLE_CELL, 0, "Normal", "CNES"),
        ("p10", BlockKind.PARAGRAPH, 0, "Normal", "Fin."),
    ]


def test_numbering_on_a_plain_paragraph_makes_a_list_item(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Un point numéroté")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    switched_off = document.add_paragraph("Numérotation désactivée", style="List Number")
    switched_off._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>')
    )
    kinds = [(b.kind, b.text) for b in read_docx(save(document, tmp_path)).blocks]
    assert kinds == [
        (BlockKind.LIST_ITEM, "Un point numéroté"),
        (BlockKind.PARAGRAPH, "Numérotation désactivée"),
    ]


def test_outline_level_and_custom_heading_style(tmp_path: Path) -> None:
    document = docx.Document()
    custom = document.styles.add_style("Titre communiqué", 1)  # WD_STYLE_TYPE.PARAGRAPH
    custom.base_style = document.styles["Heading 2"]
    document.add_paragraph("Sous-titre maison", style="Titre communiqué")
    outlined = document.add_paragraph("Niveau de plan 4")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
    blocks = read_docx(save(document, tmp_path)).blocks
    assert [(b.kind, b.level, b.style) for b in blocks] == [
        (BlockKind.HEADING, 2, "Titre communiqué"),
        (BlockKind.HEADING, 4, "Normal"),
    ]


def test_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal span
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical span
    texts = [b.text for b in read_docx(save(document, tmp_path)).blocks]
    # merge() concatenates the merged cells' paragraphs into the surviving cell.
    assert texts == ["r0c0", "r0c1", "r0c2", "r1c0", "r1c1", "r1c2", "r2c2", "r2c0", "r2c1"]


def test_cell_with_several_paragraphs_and_nested_table(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Premier"
    cell.add_paragraph("")
    cell.add_paragraph("Second")
    cell.add_table(rows=1, cols=1).cell(0, 0).text = "Imbriqué"
    blocks = read_docx(save(document, tmp_path)).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.TABLE_CELL, "Premier"),
        (BlockKind.TABLE_CELL, "Second"),
        (BlockKind.TABLE_CELL, "Imbriqué"),
    ]


def test_runs_breaks_tabs_and_hyperlinks(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Jean-Yves ")
    paragraph.add_run("Le Gall").bold = True
    paragraph.add_run("\tPrésident\nCNES")
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")}><w:r><w:t xml:space="preserve"> cnes.fr</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("fin")
    [block] = read_docx(save(document, tmp_path)).blocks
    assert block.text == "Jean-Yves Le Gall\tPrésident\nCNES cnes.frfin"


def test_tracked_changes_show_the_accepted_text(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("La France ")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>et</w:delText></w:r>'
            "</w:del>"
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>avec</w:t></w:r></w:ins>')
    )
    paragraph.add_run(" la Russie")
    [block] = read_docx(save(document, tmp_path)).blocks
    assert block.text == "La France avec la Russie"


def test_content_control_paragraphs_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Avant")
    body = document.element.body
    body.insert(
        len(body) - 1,  # before w:sectPr
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Dans le contrôle</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>"
        ),
    )
    texts = [b.text for b in read_docx(save(document, tmp_path)).blocks]
    assert texts == ["Avant", "Dans le contrôle"]


def test_nfc(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pre\u0301sident")
    assert read_docx(save(document, tmp_path)).blocks[0].text == "Président"


def test_empty_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("  ")
    with pytest.raises(BadInput, match="empty document"):
        read_docx(save(document, tmp_path))


# --- damaged files -------------------------------------------------------------------------


def valid_docx_bytes(tmp_path: Path) -> bytes:
    document = docx.Document()
    document.add_paragraph("Bonjour")
    return save(document, tmp_path, "valid.docx").read_bytes()


def zip_with(tmp_path: Path, entries: dict[str, str]) -> Path:
    path = tmp_path / "release.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "release.docx"
    path.write_text("Ceci est du texte renommé en .docx")
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a DOCX file (not a zip archive) — {HINT}"


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_docx(tmp_path: Path, keep: float) -> None:
    data = valid_docx_bytes(tmp_path)
    path = tmp_path / "release.docx"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert caught.value.message.startswith("not a DOCX file (")
    assert caught.value.hint == HINT


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = zip_with(tmp_path, {"xl/workbook.xml": "<workbook/>"})
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a DOCX file (no word/document.xml) — {HINT}"


def test_zip_with_document_xml_but_no_package_parts(tmp_path: Path) -> None:
    path = zip_with(tmp_path, {"word/document.xml": "<w:document/>"})
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert caught.value.message.startswith("not a DOCX file (damaged: ")
    assert caught.value.hint == HINT


def test_malformed_document_xml(tmp_path: Path) -> None:
    valid_docx_bytes(tmp_path)  # writes valid.docx
    path = tmp_path / "release.docx"
    with (
        zipfile.ZipFile(tmp_path / "valid.docx") as original,
        zipfile.ZipFile(path, "w") as damaged,
    ):
        for info in original.infolist():
            content = original.read(info.filename)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            damaged.writestr(info, content)
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert caught.value.message.startswith("not a DOCX file (damaged: ")


# --- damage inside a well-formed zip: every failure is a BadInput naming the file -------


def _rezip(source: Path, target: Path, change: Any) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as damaged:
        for info in original.infolist():
            content = change(info.filename, original.read(info.filename))
            if content is not None:
                damaged.writestr(info, content)


_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
)


def _mutants(content: bytes) -> list[bytes | None]:
    """Structural damage a fuzzer finds: cuts, dropped or renamed elements, bad values."""
    cuts = [content[: len(content) * k // 4] for k in range(1, 4)]
    return [
        None,
        b"",
        *cuts,
        content.replace(b"<w:p>", b"<w:tbl>", 3),
        content.replace(b"w:val=", b'w:val="999999999999" x=', 5),
        content.replace(b"Target=", b'Target="../../../etc/passwd" y=', 2),
        content.replace(b"<w:body>", b"<w:body><w:sdt><w:sdtContent>"),
        content.replace(b"w:styleId=", b'w:styleId="" z=', 20),
        content.replace(b"<Override ", b"<Default ", 3),
        content.replace(b"xmlns:w=", b"xmlns:q=", 1),
    ]


def test_structurally_damaged_parts_are_bad_input(tmp_path: Path) -> None:
    valid_docx_bytes(tmp_path)  # writes valid.docx
    target = tmp_path / "release.docx"
    outcomes: set[str] = set()
    for part in _PARTS:
        with zipfile.ZipFile(tmp_path / "valid.docx") as archive:
            if part not in archive.namelist():
                continue
            original = archive.read(part)
        for mutant in _mutants(original):
            _rezip(
                tmp_path / "valid.docx",
                target,
                lambda name, content, part=part, mutant=mutant: mutant if name == part else content,
            )
            try:
                read_docx(target)
                outcomes.add("read")
            except BadInput as err:
                assert err.path == str(target)
                assert "\n" not in err.line()
                outcomes.add("refused")
    assert outcomes == {"read", "refused"}


@pytest.mark.parametrize(
    ("flag_bits", "compress_type", "problem"),
    [(0x1, zipfile.ZIP_DEFLATED, "encrypted"), (0, 9, "deflate64")],
    ids=["encrypted-member", "deflate64-member"],
)
def test_unreadable_members_are_bad_input(
    tmp_path: Path, flag_bits: int, compress_type: int, problem: str
) -> None:
    data = bytearray(valid_docx_bytes(tmp_path))
    # Patch the central directory entry of word/document.xml as a tool using that
    # feature would write it: zipfile then refuses to open the member.
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    if problem == "encrypted":
        data[central + 8] |= flag_bits
    else:
        data[central + 10 : central + 12] = compress_type.to_bytes(2, "little")
    path = tmp_path / "release.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(BadInput) as caught:
        read_docx(path)
    assert caught.value.path == str(path)
    assert caught.value.message.startswith("not a DOCX file (")
