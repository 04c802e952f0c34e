"""The English DOCX from a DOCX source: the original package, every text replaced in place.

Each block's ``anchor`` finds its paragraph again (the same walk as the reader);
the paragraph keeps its properties (style, numbering), its bookmarks and every
object its codes stand for (footnote references, fields, images, which are moved,
never copied), and gets new runs for the English: the first text run's properties,
plus bold/italic/underline/superscript/subscript and links from the target codes.
Every run of every part is tagged ``w:lang`` with the chosen English.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bilingue.document import Document, InlineCode
from bilingue.formats.docx_walk import (
    ParagraphContent,
    W,
    WalkedParagraph,
    link_target,
    read_paragraph,
)
from bilingue.formats.english import EnglishBlock, english_blocks

__all__ = ["DRAFT_LINE", "publish_docx", "tag_language"]

DRAFT_LINE = "DRAFT — not reviewed"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# CT_RPr child order (ECMA-376 Part 1, §17.3.2.28): new children go in their place.
_RPR_ORDER = [
    f"{W}{name}"
    for name in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
]
_CODE_PROPERTIES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "bold": [("b", {})],
    "italic": [("i", {})],
    "underline": [("u", {"val": "single"})],
    "sup": [("vertAlign", {"val": "superscript"})],
    "sub": [("vertAlign", {"val": "subscript"})],
}
_CODED_TAGS = {f"{W}{t}" for t in ("b", "bCs", "i", "iCs", "u", "vertAlign")}


def _element(name: str) -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement(f"w:{name}")


def _set_property(rpr: Any, name: str, attributes: dict[str, str]) -> None:
    tag = f"{W}{name}"
    for old in rpr.findall(tag):
        rpr.remove(old)
    element = _element(name)
    for key, value in attributes.items():
        element.set(f"{W}{key}", value)
    rank = _RPR_ORDER.index(tag)
    for index, child in enumerate(rpr):
        if child.tag in _RPR_ORDER and _RPR_ORDER.index(child.tag) > rank:
            rpr.insert(index, element)
            return
    rpr.append(element)


def _rpr(run: Any) -> Any:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        rpr = _element("rPr")
        run.insert(0, rpr)
    return rpr


def tag_language(root: Any, language: str) -> None:
    """Every run under ``root`` marked as ``language`` (``w:lang w:val``)."""
    for run in root.iter(f"{W}r"):
        _set_property(_rpr(run), "lang", {"val": language})


def _stripped(rpr: Any) -> Any:
    """A copy of run properties without what codes decide (bold, italic, …)."""
    rpr = copy.deepcopy(rpr)
    for child in list(rpr):
        if child.tag in _CODED_TAGS:
            rpr.remove(child)
    return rpr


def _text_length(run: Any) -> int:
    return sum(len(t.text or "") for t in run.iter(f"{W}t"))


def _base_rpr(paragraph: Any) -> Any:
    """The properties of the paragraph's main text: its longest run outside links."""
    runs = [
        run
        for run in paragraph.iter(f"{W}r")
        if run.find(f"{W}t") is not None and run.getparent().tag != f"{W}hyperlink"
    ]
    if not runs:
        return _element("rPr")
    longest = max(runs, key=_text_length)
    rpr = longest.find(f"{W}rPr")
    return _element("rPr") if rpr is None else _stripped(rpr)


def _link_rprs(walked: WalkedParagraph) -> dict[str, Any]:
    """URL → the run properties its link had (the Hyperlink character style, colour)."""
    found: dict[str, Any] = {}
    for hyperlink in walked.element.iter(f"{W}hyperlink"):
        url = link_target(walked.part, hyperlink)
        run = hyperlink.find(f"{W}r/{W}rPr")
        if url and url not in found and run is not None:
            found[url] = _stripped(run)
    return found


def _text_run(text: str, base: Any, kinds: set[str]) -> Any:
    run = _element("r")
    rpr = copy.deepcopy(base)
    for kind in sorted(kinds):
        for name, attributes in _CODE_PROPERTIES.get(kind, []):
            _set_property(rpr, name, attributes)
    run.append(rpr)
    pieces = text.replace("\t", "\0\t\0").replace("\n", "\0\n\0").split("\0")
    for piece in pieces:
        if piece == "\t":
            run.append(_element("tab"))
        elif piece == "\n":
            run.append(_element("br"))
        elif piece:
            t = _element("t")
            run.append(t)
            t.text = piece
            t.set(_XML_SPACE, "preserve")
    return run


def _boundaries(text: str, codes: Sequence[InlineCode]) -> list[int]:
    cuts = {0, len(text)}
    for code in codes:
        cuts.update((min(code.start, len(text)), min(code.end, len(text))))
    return sorted(cuts)


def _hyperlink(part: Any, url: str) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    element = _element("hyperlink")
    if url.startswith("#"):
        element.set(f"{W}anchor", url[1:])
    else:
        element.set(f"{_R}id", part.relate_to(url, RT.HYPERLINK, is_external=True))
    return element


def _rebuild(walked: WalkedParagraph, english: EnglishBlock) -> None:
    """Replace the paragraph's content with ``english``, keeping properties and objects."""
    paragraph = walked.element
    original = read_paragraph(walked)
    base = _base_rpr(paragraph)
    link_bases = _link_rprs(walked)
    by_id = {c.id: c for c in original.codes}
    keep = [
        child
        for child in paragraph
        if child.tag in (f"{W}pPr", f"{W}bookmarkStart", f"{W}bookmarkEnd")
    ]
    for child in list(paragraph):
        paragraph.remove(child)
    for child in keep:
        paragraph.append(child)

    text, codes = english.text, english.codes
    paired = [c for c in codes if not c.is_placeholder]
    placeholders = sorted((c for c in codes if c.is_placeholder), key=lambda c: c.start)
    link: tuple[str, Any] | None = None
    cuts = _boundaries(text, codes)
    for start, end in zip(cuts, [*cuts[1:], cuts[-1]], strict=True):
        for code in [p for p in placeholders if p.start == start]:
            placeholders.remove(code)
            _place_object(paragraph, code, by_id, original, text)
        if end <= start:
            continue
        active = [c for c in paired if c.start <= start and end <= c.end]
        kinds = {c.kind for c in active}
        url = next((c.data for c in active if c.kind == "link"), "")
        run = _text_run(text[start:end], link_bases.get(url, base) if url else base, kinds)
        if url:
            if link is None or link[0] != url:
                link = (url, _hyperlink(walked.part, url))
                paragraph.append(link[1])
            link[1].append(run)
        else:
            link = None
            paragraph.append(run)
    for code in placeholders:  # beyond the text (clamped): at the end, never lost
        _place_object(paragraph, code, by_id, original, text)


def _place_object(
    paragraph: Any,
    code: InlineCode,
    by_id: dict[str, InlineCode],
    original: ParagraphContent,
    text: str,
) -> None:
    """Move a placeholder's original markup here, with the space the French had around it."""
    source = by_id.get(code.id)
    if source is None or not source.ref.isdigit() or int(source.ref) >= len(original.objects):
        return
    before = original.text[source.start - 1 : source.start]
    after = original.text[source.start : source.start + 1]
    if before.isspace() and code.start > 0 and not text[code.start - 1 : code.start].isspace():
        paragraph.append(_space_run())
    for element in original.objects[int(source.ref)]:
        paragraph.append(element)
    if after.isspace() and code.start < len(text) and not text[code.start].isspace():
        paragraph.append(_space_run())


def _space_run() -> Any:
    run = _element("r")
    t = _element("t")
    run.append(t)
    t.text = " "
    t.set(_XML_SPACE, "preserve")
    return run


def _draft_paragraph(body: Any) -> None:
    paragraph = _element("p")
    run = _text_run(DRAFT_LINE, _element("rPr"), {"bold"})
    _set_property(run.find(f"{W}rPr"), "color", {"val": "C00000"})
    paragraph.append(run)
    body.insert(0, paragraph)


def publish_docx(
    doc: Document,
    source: Path,
    out: Path,
    *,
    language: str = "en-GB",
    draft: bool = False,
    title: str = "",
) -> None:
    """Write the English copy of ``source`` (the DOCX ``doc`` was read from) to ``out``."""
    from docx.opc.oxml import serialize_part_xml

    from bilingue.formats.docx_source import open_docx
    from bilingue.formats.docx_walk import walk_parts

    document = open_docx(Path(source))
    roots: dict[str, Any] = {}
    walked = {w.anchor: w for w in walk_parts(document, roots)}
    grouped: dict[str, list[EnglishBlock]] = defaultdict(list)
    for english in english_blocks(doc):
        if english.block.anchor in walked:
            grouped[english.block.anchor].append(english)
    for anchor, parts in grouped.items():
        _rebuild(walked[anchor], _merge(parts))
    if draft:
        _draft_paragraph(document.element.body)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name in roots:
            tag_language(roots[name], language)
            if getattr(part, "element", None) is None:
                # A part python-docx keeps as bytes: write the edited tree back.
                part._blob = serialize_part_xml(roots[name])
    _default_language(document, language)
    properties = document.core_properties
    if title:
        properties.title = title
    properties.language = language
    properties.content_status = DRAFT_LINE if draft else "Reviewed"
    document.save(str(out))


def _merge(parts: list[EnglishBlock]) -> EnglishBlock:
    """Blocks the cleaner cut from one paragraph (list lines) go back as lines of it."""
    if len(parts) == 1:
        return parts[0]
    text = ""
    codes: list[InlineCode] = []
    for english in parts:
        if text:
            text += "\n"
        offset = len(text)
        codes += [
            InlineCode(c.id, c.kind, c.start + offset, c.end + offset, c.data, c.ref)
            for c in english.codes
        ]
        text += english.text
    return EnglishBlock(parts[0].block, text, tuple(codes))


def _default_language(document: Any, language: str) -> None:
    """The styles' default run language too, so new text typed in Word is English."""
    styles = document.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None:
        _set_property(defaults, "lang", {"val": language})
