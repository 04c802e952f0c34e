"""The DOCX paragraph walk shared by the reader and the publisher.

Both must see the same paragraphs in the same order, so a block's ``anchor``
(``"<part name>#<index>"``) finds its paragraph again in the published copy. One
paragraph's content is read as text plus inline codes (bold, italic, underline,
superscript, subscript, links as paired codes; footnote references, fields, images
and other objects as placeholders whose markup the publisher copies back).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bilingue.document import InlineCode, TableCell

__all__ = [
    "ParagraphContent",
    "W",
    "WalkedParagraph",
    "link_target",
    "read_paragraph",
    "walk_parts",
]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Parts holding translatable paragraphs, by content type, and the block part names.
_PART_KINDS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "body",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "body",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": "header",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": "footer",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": "footnote",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml": "endnote",
}
_PART_ORDER = ("body", "header", "footer", "footnote", "endnote")
_SKIPPED = frozenset({f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{_MC}Fallback"})
_FORMATS = (("b", "bold"), ("i", "italic"), ("u", "underline"))
_OBJECTS = {
    f"{W}footnoteReference": "footnote",
    f"{W}endnoteReference": "endnote",
    f"{W}drawing": "image",
    f"{W}pict": "image",
    f"{W}object": "object",
    f"{W}footnoteRef": "object",
    f"{W}endnoteRef": "object",
    f"{W}sym": "object",
    f"{_MC}AlternateContent": "image",
}


@dataclass(frozen=True)
class WalkedParagraph:
    """One paragraph of the package, where it is and what surrounds it."""

    element: Any
    part: Any  # the python-docx Part (for relationships and numbering)
    part_kind: str  # body, header, footer, footnote, endnote (textbox when inside one)
    anchor: str
    table: TableCell | None


@dataclass
class ParagraphContent:
    """A paragraph's printed text, its codes, and the markup of its placeholders."""

    text: str = ""
    codes: list[InlineCode] = field(default_factory=list)
    objects: list[list[Any]] = field(default_factory=list)  # per placeholder: elements


def walk_parts(document: Any, roots: dict[str, Any] | None = None) -> Iterator[WalkedParagraph]:
    """Every paragraph of body, headers, footers, footnotes and endnotes, in a fixed order.

    Parts python-docx keeps as bytes (footnotes, endnotes) are parsed here; pass
    ``roots`` to get those trees back (part name → root) and write edits to them.
    """
    parts: list[tuple[int, str, Any]] = []
    seen: set[str] = set()
    for part in document.part.package.iter_parts():
        kind = _PART_KINDS.get(part.content_type)
        if kind is None or str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        parts.append((_PART_ORDER.index(kind), str(part.partname), part))
    for _, name, part in sorted(parts, key=lambda item: (item[0], item[1])):
        kind = _PART_KINDS[part.content_type]
        root = part.element if kind == "body" else _part_root(part)
        if roots is not None:
            roots[name] = root
        # Keyed by id(): the cells list keeps every w:tc proxy alive, so ids stay unique.
        cells = list(root.iter(f"{W}tc"))
        tables = _table_positions(root)
        index = 0
        for p in root.iter(f"{W}p"):
            if _has_ancestor(p, f"{_MC}Fallback"):
                continue
            in_box = _has_ancestor(p, f"{W}txbxContent")
            cell = _cell_of(p)
            yield WalkedParagraph(
                element=p,
                part=part,
                part_kind="textbox" if in_box else kind,
                anchor=f"{name}#{index}",
                table=tables.get(id(cell)) if cell is not None and not in_box else None,
            )
            index += 1
        del cells


def _part_root(part: Any) -> Any:
    # python-docx loads header, footer and notes parts as XmlParts (with .element);
    # an unknown part type would be a plain Part, whose XML it parses on demand.
    from docx.oxml.parser import parse_xml

    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)


def _has_ancestor(element: Any, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _cell_of(p: Any) -> Any:
    parent = p.getparent()
    while parent is not None and parent.tag != f"{W}tc":
        if parent.tag in (f"{W}txbxContent", f"{W}body"):
            return None
        parent = parent.getparent()
    return parent


def _table_positions(root: Any) -> dict[int, TableCell]:
    """Each w:tc's table index, row, grid column and spans (vMerge counted down)."""
    positions: dict[int, TableCell] = {}
    for number, table in enumerate(root.iter(f"{W}tbl")):
        starts: dict[int, Any] = {}  # grid column → the cell a vertical merge started in
        for row_index, row in enumerate(table.iterchildren(f"{W}tr")):
            column = 0
            for cell in row.iterchildren(f"{W}tc"):
                props = cell.find(f"{W}tcPr")
                span_el = props.find(f"{W}gridSpan") if props is not None else None
                colspan = int(span_el.get(f"{W}val", "1")) if span_el is not None else 1
                merge = props.find(f"{W}vMerge") if props is not None else None
                if merge is not None and merge.get(f"{W}val") != "restart" and column in starts:
                    first = positions[id(starts[column])]
                    positions[id(starts[column])] = TableCell(
                        first.table, first.row, first.col, first.rowspan + 1, first.colspan
                    )
                    positions[id(cell)] = TableCell(number, row_index, column, 0, colspan)
                else:
                    positions[id(cell)] = TableCell(number, row_index, column, 1, colspan)
                    if merge is not None:
                        starts[column] = cell
                    else:
                        starts.pop(column, None)
                column += colspan
    return positions


def link_target(part: Any, hyperlink: Any) -> str:
    """A w:hyperlink's URL (external relationship) or ``#anchor``."""
    rid = hyperlink.get(f"{_R}id")
    if rid and rid in part.rels:
        return str(part.rels[rid].target_ref)
    anchor = hyperlink.get(f"{W}anchor")
    return f"#{anchor}" if anchor else ""


def _run_formats(run: Any) -> set[str]:
    props = run.find(f"{W}rPr")
    found: set[str] = set()
    if props is None:
        return found
    for tag, name in _FORMATS:
        element = props.find(f"{W}{tag}")
        if element is not None and element.get(f"{W}val", "true") not in ("0", "false", "none"):
            found.add(name)
    align = props.find(f"{W}vertAlign")
    if align is not None and align.get(f"{W}val") in ("superscript", "subscript"):
        found.add("sup" if align.get(f"{W}val") == "superscript" else "sub")
    return found


class _Reader:
    """Collects text pieces with their formats, then turns runs of a format into codes."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.content = ParagraphContent()
        self.pieces: list[tuple[int, int, frozenset[str]]] = []  # start, end, formats+links
        self.field: list[Any] | None = None  # elements of an open complex field
        self.field_depth = 0
        self.instruction: list[str] = []

    def placeholder(self, kind: str, elements: list[Any], data: str = "") -> None:
        content = self.content
        ref = str(len(content.objects))
        content.objects.append(elements)
        at = len(content.text)
        content.codes.append(InlineCode(f"x{ref}", kind, at, at, data=data, ref=ref))

    def text(self, value: str, formats: frozenset[str]) -> None:
        start = len(self.content.text)
        self.content.text += value
        if formats:
            self.pieces.append((start, len(self.content.text), formats))

    def run(self, run: Any, link: str) -> None:
        if self._in_field(run):
            return
        formats = frozenset(_run_formats(run) | ({f"link\0{link}"} if link else set()))
        for child in run.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}t":
                self.text(child.text or "", formats)
            elif tag == f"{W}tab":
                self.text("\t", formats)
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") in (None, "textWrapping"):
                    self.text("\n", formats)
            elif tag == f"{W}noBreakHyphen":
                self.text("-", formats)
            elif tag in _OBJECTS:
                self.placeholder(_OBJECTS[tag], [run])
                return  # the whole run is copied back; its other children come with it

    def _in_field(self, run: Any) -> bool:
        """Complex fields (begin … separate … end) become one placeholder."""
        char = run.find(f"{W}fldChar")
        kind = char.get(f"{W}fldCharType") if char is not None else None
        if self.field is None:
            if kind != "begin":
                return False
            self.field, self.field_depth, self.instruction = [run], 1, []
            return True
        self.field.append(run)
        for instr in run.iter(f"{W}instrText"):
            self.instruction.append(instr.text or "")
        if kind == "begin":
            self.field_depth += 1
        elif kind == "end":
            self.field_depth -= 1
            if self.field_depth == 0:
                self.placeholder("field", self.field, "".join(self.instruction).strip())
                self.field = None
        return True

    def walk(self, element: Any, link: str = "") -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}r":
                self.run(child, link)
            elif tag == f"{W}hyperlink":
                self.walk(child, link_target(self.part, child) or link)
            elif tag == f"{W}fldSimple":
                self.placeholder("field", [child], (child.get(f"{W}instr") or "").strip())
            elif tag in (f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr"):
                continue
            else:
                self.walk(child, link)

    def codes(self) -> list[InlineCode]:
        """Placeholders plus one paired code per maximal run of each format or link."""
        spans: list[InlineCode] = []
        names = sorted({name for _, _, formats in self.pieces for name in formats})
        for name in names:
            open_at: int | None = None
            last_end = 0
            for start, end, formats in [*self.pieces, (-1, -1, frozenset())]:
                inside = name in formats
                joined = (
                    open_at is not None and inside and not self.content.text[last_end:start].strip()
                )
                if open_at is not None and not joined:
                    spans.append(self._paired(name, open_at, last_end, len(spans)))
                    open_at = None
                if inside and open_at is None:
                    open_at = start
                if inside:
                    last_end = end
        all_codes = [*self.content.codes, *spans]
        return sorted(all_codes, key=lambda c: (c.start, -c.end))

    def _paired(self, name: str, start: int, end: int, number: int) -> InlineCode:
        kind, _, url = name.partition("\0")
        return InlineCode(f"c{number}", kind, start, end, data=url)


def read_paragraph(walked: WalkedParagraph) -> ParagraphContent:
    """The text and codes of one paragraph (its text boxes are paragraphs of their own)."""
    reader = _Reader(walked.part)
    reader.walk(walked.element)
    reader.content.codes = reader.codes()
    return reader.content
