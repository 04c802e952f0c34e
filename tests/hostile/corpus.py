"""Hostile files, generated: zip bombs, XML entity attacks, damaged packages, bad text.

Every builder writes one file and returns its path; nothing here is committed as a
binary. Bombs are streamed through zipfile so building one never holds its
uncompressed size in memory.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FRENCH = (
    "Le Centre national d'études spatiales a signé un accord avec l'agence russe. "
    "La coopération portera sur l'exploration de Mars et de la Lune."
)
MIB = 1024 * 1024

XXE_DTD = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
LAUGHS_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY l0 "ha">\n'
    + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def plain_docx() -> bytes:
    """A real one-paragraph French DOCX made by python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph(FRENCH)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rebuild(
    source: bytes,
    path: Path,
    *,
    replace: dict[str, bytes] | None = None,
    streamed: dict[str, tuple[bytes, bytes, int, bytes]] | None = None,
    extra: Iterable[tuple[str, bytes]] = (),
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """``source`` (a zip) rewritten to ``path`` with parts replaced, streamed or added.

    ``streamed[name] = (head, chunk, repeat, tail)`` writes head + chunk*repeat + tail
    without building it in memory (a bomb part).
    """
    replace = replace or {}
    streamed = streamed or {}
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(path, "w", method) as new:
        for info in old.infolist():
            if info.filename in streamed:
                continue
            data = replace.get(info.filename, old.read(info))
            new.writestr(info.filename, data)
        for name, (head, chunk, repeat, tail) in streamed.items():
            entry = zipfile.ZipInfo(name)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with new.open(entry, "w", force_zip64=False) as member:
                member.write(head)
                for _ in range(repeat):
                    member.write(chunk)
                member.write(tail)
        for name, data in extra:
            new.writestr(name, data)
    return path


def xml_bomb(root: str, element: bytes, total_bytes: int) -> tuple[bytes, bytes, int, bytes]:
    """An XML part of ``total_bytes`` made of ``element`` repeated under ``root``."""
    chunk = element * (MIB // len(element))
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:{root} xmlns:w="{W_NS}">'.encode()
    return head, chunk, total_bytes // len(chunk), f"</w:{root}>".encode()


def docx_styles_bomb(path: Path) -> Path:
    """styles.xml of empty elements: 120 MB (30M elements) from ~130 kB."""
    return rebuild(
        plain_docx(), path, streamed={"word/styles.xml": xml_bomb("styles", b"<a/>", 120 * MIB)}
    )


def docx_document_bomb(path: Path) -> Path:
    """document.xml padded with 100 MB of empty runs: small file, huge inflation."""
    body = f"<w:p><w:r><w:t>{FRENCH}</w:t></w:r></w:p>".encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
    chunk = b"<w:r/>" * (MIB // 6)
    return rebuild(
        plain_docx(),
        path,
        streamed={
            "word/document.xml": (
                head.encode() + body,
                chunk,
                100,
                b"</w:body></w:document>",
            )
        },
    )


def docx_media_bomb(path: Path) -> Path:
    """A 'photo' of 400 MB of zeros compressed to a few hundred kB."""
    return rebuild(
        plain_docx(),
        path,
        streamed={"word/media/image1.png": (b"\x89PNG\r\n\x1a\n", b"\0" * MIB, 400, b"")},
    )


def docx_many_tags(path: Path, repeats: int = 20) -> Path:
    """styles.xml with 65,536 × ``repeats`` elements (1.3M by default) that compress
    only a little (no ratio alarm)."""
    rows = b"".join(b'<a b="' + os.urandom(3).hex().encode() + b'"/>' for _ in range(65536))
    head, _, _, tail = xml_bomb("styles", b"<a/>", 0)
    return rebuild(plain_docx(), path, streamed={"word/styles.xml": (head, rows, repeats, tail)})


def docx_with_part(path: Path, name: str, xml: str) -> Path:
    """The plain DOCX with part ``name`` replaced by ``xml``."""
    return rebuild(plain_docx(), path, replace={name: xml.encode()})


def docx_entity_attack(path: Path, dtd: str, reference: str) -> Path:
    """document.xml declaring a DTD whose entity is used in the text."""
    xml = (
        dtd.replace("<!DOCTYPE r", "<!DOCTYPE w:document")
        + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{FRENCH} {reference}'
        + "</w:t></w:r></w:p></w:body></w:document>"
    )
    return docx_with_part(path, "word/document.xml", xml)


def patch_members(data: bytes, *, method: int | None = None, flags: int | None = None) -> bytes:
    """Rewrite every local and central header's compression method or flag bits."""
    buffer = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (found := buffer.find(signature, start)) != -1:
            if flags is not None:
                old = struct.unpack_from("<H", buffer, found + flag_at)[0]
                struct.pack_into("<H", buffer, found + flag_at, old | flags)
            if method is not None:
                struct.pack_into("<H", buffer, found + method_at, method)
            start = found + 4
    return bytes(buffer)


def docx_patched(path: Path, **changes: int) -> Path:
    path.write_bytes(patch_members(plain_docx(), **changes))
    return path


def docx_many_members(path: Path, count: int = 20_000) -> Path:
    return rebuild(
        plain_docx(),
        path,
        extra=((f"customXml/item{i}.bin", b"") for i in range(count)),
        method=zipfile.ZIP_STORED,
    )


def docx_duplicate_member(path: Path) -> Path:
    """Two word/document.xml entries: which one a reader takes is not ours to guess."""
    source = plain_docx()
    with zipfile.ZipFile(io.BytesIO(source)) as old:
        original = old.read("word/document.xml")
    rebuild(source, path)
    import warnings

    with zipfile.ZipFile(path, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        archive.writestr("word/document.xml", original.replace(b"Mars", b"Venus"))
    return path


def xlsx_glossary(path: Path) -> Path:
    """A real two-row glossary spreadsheet from openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["source", "target"])
    sheet.append(["Centre national d'études spatiales", "French space agency"])
    book.save(path)
    return path


def xlsx_bomb(path: Path) -> Path:
    """sharedStrings.xml inflating to 60 MB of empty strings from about 60 kB."""
    xlsx_glossary(path)
    source = path.read_bytes()
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return rebuild(
        source,
        path,
        streamed={"xl/sharedStrings.xml": (head, b"<si><t/></si>" * 80000, 60, b"</sst>")},
    )


def xlsx_entity_attack(path: Path, dtd: str, reference: str) -> Path:
    xlsx_glossary(path)
    source = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    sheet = dtd.replace("<!DOCTYPE r", "<!DOCTYPE worksheet") + body
    sheet = sheet.replace("<v>", f"<v>{reference}", 1)
    return rebuild(source, path, replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def tbx_entity_attack(path: Path, dtd: str, reference: str) -> Path:
    path.write_text(
        dtd.replace("<!DOCTYPE r", "<!DOCTYPE martif")
        + '<martif type="TBX" xml:lang="fr"><text><body><termEntry>'
        + f'<langSet xml:lang="fr"><tig><term>Mars {reference}</term></tig></langSet>'
        + '<langSet xml:lang="en"><tig><term>Mars</term></tig></langSet>'
        + "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    return path


def tmx_entity_attack(path: Path, dtd: str, reference: str) -> Path:
    path.write_text(
        dtd.replace("<!DOCTYPE r", "<!DOCTYPE tmx")
        + '<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence" '
        + 'adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
        + f'<tu><tuv xml:lang="fr"><seg>Mars {reference}</seg></tuv>'
        + '<tuv xml:lang="en"><seg>Mars</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    return path


def model_variant(
    source: Path, path: Path, *, add: dict[str, bytes] | None = None, symlink: str = ""
) -> Path:
    """A copy of the ``source`` .argosmodel with members replaced or added."""
    add = add or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in add:
                new.writestr(info, old.read(info))
        for name, data in add.items():
            new.writestr(name, data)
        if symlink:
            link = zipfile.ZipInfo(symlink)
            link.external_attr = 0o120777 << 16
            new.writestr(link, "/etc/passwd")
    return path


def model_bomb(source: Path, path: Path, top: str) -> Path:
    """A copy of ``source`` with 300 MB of zeros hidden in one member."""
    shutil_copy(source, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo(f"{top}/model/padding.bin")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w", force_zip64=False) as member:
            for _ in range(300):
                member.write(b"\0" * MIB)
    return path


def shutil_copy(source: Path, target: Path) -> None:
    import shutil

    shutil.copyfile(source, target)


def xlsx_patched(path: Path, **changes: int) -> Path:
    """The glossary spreadsheet with every member's flags or method rewritten."""
    xlsx_glossary(path)
    path.write_bytes(patch_members(path.read_bytes(), **changes))
    return path


def plain_odt() -> bytes:
    """A real one-paragraph French ODT made by odfpy."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=FRENCH))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odt_bomb(path: Path) -> Path:
    """styles.xml inflating to 100 MB of empty elements from about 100 kB."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    head = f'<?xml version="1.0"?><office:document-styles xmlns:office="{office}">'.encode()
    return rebuild(
        plain_odt(),
        path,
        streamed={"styles.xml": (head, b"<a/>" * (MIB // 4), 100, b"</office:document-styles>")},
    )


def odt_entity_attack(path: Path, dtd: str, reference: str) -> Path:
    source = plain_odt()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        content = archive.read("content.xml").decode()
    body = content.split("?>", 1)[1] if content.startswith("<?xml") else content
    body = body.replace("Mars", f"Mars {reference}", 1)
    return rebuild(
        source,
        path,
        replace={
            "content.xml": (
                dtd.replace("<!DOCTYPE r", "<!DOCTYPE office:document-content") + body
            ).encode()
        },
    )
