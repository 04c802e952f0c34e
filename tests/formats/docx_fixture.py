"""A French press release as a real DOCX with everything publishing must keep.

Heading, dateline, paragraphs with bold, italic and a hyperlink, a bulleted and a
numbered list, a 3×3 table with a merged cell, a footnote, a header and a footer
with a PAGE field, and an image. Built with python-docx plus the raw parts it has
no API for (footnotes, hyperlinks, fields).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

URL = "https://cnes.fr/fr/actualites"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTE_TEXT = " Le Centre national d’études spatiales est l’agence spatiale française."
_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
    "</w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
    "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    "<w:footnoteRef/></w:r>"
    f'<w:r><w:t xml:space="preserve">{_NOTE_TEXT}</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small valid RGB PNG (a red square)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _run(paragraph: Any, text: str, **formats: bool) -> None:
    run = paragraph.add_run(text)
    run.bold = formats.get("bold")
    run.italic = formats.get("italic")


def _hyperlink(paragraph: Any, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships" r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/>'
            f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'
        )
    )


def _page_field(paragraph: Any) -> None:
    from docx.oxml import parse_xml

    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>1</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1)))


def _footnotes_part(document: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        content_type,
        parse_xml(_FOOTNOTES.encode("utf-8")),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _footnote_reference(paragraph: Any) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>'
        )
    )


def build_release_docx(path: Path) -> Path:
    """Write the test release at ``path`` and return it."""
    import io

    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Communiqué de presse du CNES"
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _page_field(footer)

    document.add_heading("Le CNES et Roscosmos signent un accord", level=1)
    document.add_paragraph("Paris, le 17 mai 2013")
    p = document.add_paragraph("Le ")
    _run(p, "président", bold=True)
    p.add_run(" du CNES a signé un ")
    _run(p, "accord", italic=True)
    p.add_run(" avec l’agence russe.")
    _footnote_reference(p)
    p = document.add_paragraph("Le texte complet est sur le ")
    _hyperlink(p, "site", URL)
    p.add_run(" de l’agence.")
    document.add_paragraph("Les deux agences coopèrent depuis longtemps.")
    document.add_paragraph("La recherche", style="List Bullet")
    document.add_paragraph("Les lanceurs", style="List Bullet")
    document.add_paragraph("Première étape", style="List Number")
    document.add_paragraph("Deuxième étape", style="List Number")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    cells = [
        ["Agence", "Pays", "Budget"],
        ["Centre spatial", "France", "Deux milliards"],
        ["Agence russe", "Russie", "Trois milliards"],
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(1, 1).merge(table.cell(2, 1))
    merged.paragraphs[0].text = "Europe"
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    document.add_picture(io.BytesIO(png_bytes()), width=Cm(2))
    document.add_paragraph("La coopération continue.")
    _footnotes_part(document)
    document.core_properties.title = "Accord CNES Roscosmos"
    document.core_properties.language = "fr-FR"
    document.save(str(path))
    return path
