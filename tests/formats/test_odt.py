"""ODT reader: files written with odfpy, and a LibreOffice-made ODT."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bilingue.document import TableCell
from bilingue.errors import BadInput
from bilingue.formats import read_document
from bilingue.stages.clean import clean


def _write_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, S, Span

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Le CNES signe avec la JAXA"))
    doc.text.addElement(P(text="Tokyo, le 4 avril 2023"))
    body = P(text="Les deux agences coopèrent")
    body.addElement(S(c=2))
    body.addElement(Span(text="depuis 1978"))
    note = Note(noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    note_body = NoteBody()
    note_body.addElement(P(text="Premier accord signé à Paris."))
    note.addElement(note_body)
    body.addElement(note)
    body.addText(".")
    doc.text.addElement(body)
    items = List()
    for text, nested in (
        ("l’exploration de Mars ;", ["MMX ;"]),
        ("l’observation de la Terre.", []),
    ):
        item = ListItem()
        item.addElement(P(text=text))
        if nested:
            inner = List()
            for sub in nested:
                sub_item = ListItem()
                sub_item.addElement(P(text=sub))
                inner.addElement(sub_item)
            item.addElement(inner)
        items.addElement(item)
    doc.text.addElement(items)
    table = Table(name="Calendrier")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row_cells in (("Étape", "Date"), ("Signature", "4 avril")):
        row = TableRow()
        for cell_text in row_cells:
            cell = TableCell()
            cell.addElement(P(text=cell_text))
            row.addElement(cell)
        table.addElement(row)
    doc.text.addElement(table)
    contact = P(text="Contact presse")
    contact.addElement(LineBreak())
    contact.addText("presse@cnes.fr")
    doc.text.addElement(contact)
    doc.save(str(path))
    return path


def test_odt_blocks(tmp_path: Path) -> None:
    doc = clean(read_document(_write_odt(tmp_path / "release.odt")))
    shape = [
        (b.kind.value, b.level + b.list_level, b.style, b.table, b.part, b.text) for b in doc.blocks
    ]
    assert shape == [
        ("heading", 1, "", None, "body", "Le CNES signe avec la JAXA"),
        ("dateline", 0, "", None, "body", "Tokyo, le 4 avril 2023"),
        ("paragraph", 0, "", None, "body", "Les deux agences coopèrent depuis 1978."),
        ("list_item", 0, "list:•", None, "body", "l’exploration de Mars ;"),
        ("list_item", 1, "list:•", None, "body", "MMX ;"),
        ("list_item", 0, "list:•", None, "body", "l’observation de la Terre."),
        ("table_cell", 0, "", TableCell(0, 0, 0), "body", "Étape"),
        ("table_cell", 0, "", TableCell(0, 0, 1), "body", "Date"),
        ("table_cell", 0, "", TableCell(0, 1, 0), "body", "Signature"),
        ("table_cell", 0, "", TableCell(0, 1, 1), "body", "4 avril"),
        ("contact", 0, "", None, "body", "Contact presse presse@cnes.fr"),
        ("paragraph", 0, "", None, "footnote", "Premier accord signé à Paris."),
    ]
    assert {b.list_kind for b in doc.blocks if b.kind.value == "list_item"} == {"bullet"}


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "faux.odt"
    path.write_text("pas un document", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: not an ODT file (zip header missing) — re-save it from LibreOffice Writer as .odt"
    )


@pytest.mark.libreoffice
def test_libreoffice_made_odt(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = Path(__file__).parent / "fixtures" / "release.html"
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "odt:writer8",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc = clean(read_document(tmp_path / "release.odt"))
    texts = [b.text for b in doc.blocks]
    assert "Une mission en trois phases" in texts
    assert "Toulouse, le 16 décembre 2022" in texts
    assert any(
        b.kind.value == "list_item" and b.text == "réglage des antennes ;" for b in doc.blocks
    )
