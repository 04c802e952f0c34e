"""Raw OOXML helpers: run and cell XML, custom properties, safe part reading, visible text.

Writers build WordprocessingML as strings (one pass, linear in the text written) and
parse it once; readers go through :func:`parse_part`, which never resolves entities
or loads a DTD, and :func:`visible_text`, which reads a paragraph the way Word prints
it with tracked changes applied.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from bilingue.errors import BadInput

__all__ = [
    "CUSTOM_PART",
    "MAX_PART_BYTES",
    "NOT_TEXT",
    "W_NS",
    "W",
    "add_custom_properties",
    "attr",
    "cell_xml",
    "custom_properties",
    "escape_text",
    "open_package",
    "parse_part",
    "read_part",
    "run_content_xml",
    "run_xml",
    "splice_body",
    "track_field",
    "visible_text",
    "w",
    "xml_safe",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
# ECMA-376 Part 1 §22.3.2.1: user-defined properties use this format id.
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CUSTOM_PART = "docProps/custom.xml"

# A press release's document.xml is a few hundred kB; refuse to inflate zip bombs.
MAX_PART_BYTES = 200 * 1024 * 1024
_HINT = "re-save it from Word or LibreOffice"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")
_TIGHT_PARAGRAPH = '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: ``w("p")`` → ``{…/main}p``."""
    return W + tag


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced, so any segment can be written.

    Form feeds and vertical tabs (PDF page breaks) become line breaks; anything else
    becomes U+FFFD so the reviewer sees that something was there.
    """
    return _XML_INVALID.sub(lambda m: "\n" if m.group() in "\f\v" else "\ufffd", text)


def escape_text(text: str) -> str:
    """``text`` made XML-safe and escaped for element content."""
    return escape(xml_safe(text))


def attr(value: str) -> str:
    """A quoted, escaped attribute value."""
    return quoteattr(xml_safe(value))


def run_xml(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    colour: str | None = None,
    lang: str | None = None,
) -> str:
    """One ``w:r``; line breaks become ``w:br`` and tabs ``w:tab``, as Word writes them."""
    # CT_RPr order (ECMA-376 §17.3.2.28): b, i, color, sz, u, lang.
    props = "".join(
        (
            "<w:b/>" if bold else "",
            "<w:i/>" if italic else "",
            f'<w:color w:val="{colour}"/>' if colour else "",
            f'<w:sz w:val="{round(size * 2)}"/>' if size else "",
            '<w:u w:val="single"/>' if underline else "",
            f'<w:lang w:val="{lang}"/>' if lang else "",
        )
    )
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{run_content_xml(text)}</w:r>"


def run_content_xml(text: str) -> str:
    """A run's content for ``text``: line breaks as ``w:br``, tabs as ``w:tab``, the rest
    as ``w:t`` with its spaces kept."""
    content = []
    for piece in _BREAKS.split(xml_safe(text)):
        if piece == "\n":
            content.append("<w:br/>")
        elif piece == "\t":
            content.append("<w:tab/>")
        elif piece:
            content.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(content)


def cell_xml(
    width_twips: int, fill: str, paragraphs: str, *, top_rule: bool = False, plain: bool = False
) -> str:
    """One ``w:tc`` of fixed width and background; ``paragraphs`` is its ``w:p`` content.

    ``plain`` writes ``paragraphs`` as is (already whole ``w:p`` elements).
    """
    borders = (
        '<w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="7F7F7F"/></w:tcBorders>'
        if top_rule
        else ""
    )
    # CT_TcPr order (§17.4.70): tcW, …, tcBorders, shd.
    props = (
        f'<w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>{borders}'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
    )
    body = paragraphs if plain else f"{_TIGHT_PARAGRAPH}{paragraphs}</w:p>"
    return f"<w:tc>{props}{body}</w:tc>"


def add_custom_properties(document: Any, properties: Mapping[str, str]) -> None:
    """Store ``properties`` as custom document properties (docProps/custom.xml).

    Word and LibreOffice both keep user-defined properties on save, which makes them
    the place for data that must come back with the file.
    """
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name={attr(name)}>'
        f"<vt:lpwstr>{escape_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{entries}</Properties>'
    ).encode()
    package = document.part.package
    part = Part(PackURI("/" + CUSTOM_PART), _CUSTOM_TYPE, blob, package)
    package.relate_to(part, _CUSTOM_REL)


def splice_body(package: bytes, marker: str, xml: str) -> bytes:
    """``package`` (a saved DOCX) with the body paragraph holding ``marker`` replaced by ``xml``.

    Splicing text keeps a large table out of the lxml tree python-docx saves, so
    writing it costs one string join (no element moves or namespace fix-ups).
    """
    import io

    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index(marker)
                start = text.rindex("<w:p>", 0, at)
                end = text.index("</w:p>", at) + len("</w:p>")
                data = (text[:start] + xml + text[end:]).encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def open_package(path: Path) -> zipfile.ZipFile:
    """A review DOCX opened as a zip package, or BadInput saying why it is not a DOCX."""
    from bilingue.safeinput import REVIEW_DOCX_LIMITS, open_checked_zip

    # Every part's size, ratio and tag count is checked before any part is parsed.
    archive = open_checked_zip(path, REVIEW_DOCX_LIMITS, error=BadInput)
    if "word/document.xml" not in archive.namelist():
        archive.close()
        raise BadInput("not a DOCX file (no word/document.xml)", path=path, hint=_HINT)
    return archive


def read_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    """The bytes of part ``name`` (None when absent); BadInput when too large or damaged."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise BadInput(f"{name} too large to read safely", path=path, hint=_HINT)
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise BadInput(f"not a DOCX file (damaged {name}: {err})", path=path, hint=_HINT) from err


def parse_part(data: bytes, name: str, path: Path) -> Any:
    """The lxml root of an XML part, parsed with no entity resolution, DTD or network."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise BadInput(f"not a DOCX file (malformed {name}: {err})", path=path, hint=_HINT) from err
    if root.getroottree().docinfo.internalDTD is not None:
        raise BadInput(f"{name} declares a DTD, which a DOCX never does", path=path, hint=_HINT)
    return root


def custom_properties(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """The package's custom document properties as text (empty when it has none)."""
    data = read_part(archive, CUSTOM_PART, path)
    if data is None:
        return {}
    root = parse_part(data, CUSTOM_PART, path)
    found: dict[str, str] = {}
    for prop in root.iterchildren(f"{{{_CUSTOM_NS}}}property"):
        name = prop.get("name")
        if name:
            found[name] = "".join(prop.itertext())
    return found


# Subtrees that are not printed text: deleted and moved-away tracked changes, property
# blocks (rPrChange holds old formatting), text boxes, and the fallback copy of drawings.
NOT_TEXT = frozenset(
    w(tag)
    for tag in (
        "pPr",
        "rPr",
        "tcPr",
        "trPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "txbxContent",
        "footnoteReference",
        "endnoteReference",
    )
) | {f"{_MC}Fallback"}


def visible_text(element: Any) -> str:
    """The text of ``element`` as printed with every tracked change accepted.

    Insertions and moved-to text count, deletions and moved-from text do not; field
    instructions (``w:instrText`` and everything between a ``begin`` and ``separate``
    ``w:fldChar``) are not content, their results are. Paragraphs inside are joined
    with a line break.
    """
    fields: list[bool] = []  # per open complex field: still in its instruction part?
    return "".join(_walk(element, fields))


def track_field(fld_char: Any, fields: list[bool]) -> None:
    """Follow one ``w:fldChar`` in ``fields``: per open complex field, whether the walk
    is still in its instruction part (``begin`` … ``separate``) rather than its result."""
    kind = fld_char.get(w("fldCharType"))
    if kind == "begin":
        fields.append(True)
    elif kind == "separate" and fields:
        fields[-1] = False
    elif kind == "end" and fields:
        fields.pop()


def _walk(element: Any, fields: list[bool]) -> Iterator[str]:
    first_paragraph = True
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in NOT_TEXT:
            continue  # comments and processing instructions have non-string tags
        if tag == w("p"):
            if not first_paragraph:
                yield "\n"
            first_paragraph = False
            yield from _walk(child, fields)
        elif tag == w("fldChar"):
            track_field(child, fields)
        elif tag in _LEAVES:
            if not any(fields):  # text inside a field instruction is not content
                yield _LEAVES[tag] if tag != w("sym") else _symbol(child)
        elif tag == w("t"):
            if not any(fields):
                yield child.text or ""
        elif tag != w("softHyphen"):  # shown only where a line breaks: not in the words
            yield from _walk(child, fields)


_LEAVES = {
    w("tab"): "\t",
    w("ptab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "\u2011",
    w("sym"): "",
}


def _symbol(sym: Any) -> str:
    code = sym.get(w("char"), "")
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol fonts address their glyphs at F000+code (ECMA-376 §17.3.3.30).
    if 0xF020 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value)
