"""HTML reader: a saved release web page → its main content as typed raw blocks.

Parsed with selectolax (lexbor, a fast HTML5 parser). The main content is ``<main>``,
``<article>`` or ``[role=main]`` when the page has one, else the element holding the
most paragraph text; navigation, cookie banners, share bars, asides and footers are
dropped before reading. Headings, paragraphs, list items (with their nesting depth in
``Block.level``), quotes, table cells and contact ``<address>`` blocks keep their kind.
Inline markup leaves only its text in the block; bold, italic, underline, superscript,
subscript and links (``href`` as written) become ``Block.codes`` over that text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bilingue.document import BlockKind, Document, TableCell
from bilingue.errors import BadInput
from bilingue.formats.raw_blocks import BlockCollector, InlineText
from bilingue.formats.source_file import read_source_bytes
from bilingue.formats.txt import decode_text
from bilingue.inline import remap_codes

__all__ = ["html_to_document", "read_html"]

_DROPPED_TAGS = (
    "script, style, noscript, template, nav, aside, form, button, iframe, svg, select, "
    "[hidden], [aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo]"
)
# Class or id words of page chrome around a release (cookie banners, share bars…).
_CHROME = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|rgpd|banner|share|sharing|social|breadcrumbs?|"
    r"newsletter|related|sidebar|menu|navbar|skip|pagination|comments?)(?:$|[-_\s])",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^h([1-6])$")
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "section", "article", "main", "header", "footer", "blockquote"),
        *("ul", "ol", "li", "table", "tr", "td", "th", "thead", "tbody", "tfoot"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "figure", "figcaption"),
        *("dl", "dt", "dd", "hr"),
    }
)
_SPACES = re.compile(r"[ \t\r\n\f]+")
# Inline tags kept as codes, by the code kind they make (``<a href>`` makes a link).
_FORMATS = {
    **dict.fromkeys(("strong", "b"), "bold"),
    **dict.fromkeys(("em", "i"), "italic"),
    "u": "underline",
    "sup": "sup",
    "sub": "sub",
}


def read_html(path: Path) -> Document:
    """Read a saved web page into raw blocks of its main content."""
    path = Path(path)
    text, encoding = decode_text(read_source_bytes(path), path=path)
    return html_to_document(text, source_path=str(path), encoding=encoding)


def html_to_document(html: str, *, source_path: str, encoding: str = "") -> Document:
    """Blocks from the main content of ``html`` (see module doc)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css(_DROPPED_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        label = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME.search(label) and node.tag not in ("body", "html", "main", "article"):
            node.decompose()
    root = _main_content(tree)
    reader = _BlockReader()
    if root.css_first("h1") is None:
        title = tree.css_first("h1")
        if title is not None:
            reader.visit(title, 0, False)
    reader.visit(root, 0, False)
    if not reader.blocks:
        raise BadInput("empty document", path=source_path, hint="the page has no main text")
    return Document(source_path=source_path, blocks=tuple(reader.blocks), encoding=encoding)


def _main_content(tree: Any) -> Any:
    for selector in ("main", "[role=main]", "article"):
        found = tree.css(selector)
        if len(found) == 1:
            return found[0]
    body = tree.body if tree.body is not None else tree.root
    for node in body.css("header, footer"):
        node.decompose()
    best, best_score = body, 0
    for candidate in body.css("div, section"):
        score = sum(len(child.text(deep=True)) for child in candidate.iter() if child.tag == "p")
        if score > best_score * 1.0 and score > 0:
            best, best_score = candidate, score
    # The densest element can be one of several sibling sections; take its parent when
    # that parent's paragraphs are mostly outside it.
    total = sum(len(p.text(deep=True)) for p in body.css("p"))
    return best if best_score >= 0.6 * total else body


class _BlockReader(BlockCollector):
    def add_inline(
        self,
        kind: BlockKind,
        inline: InlineText,
        level: int = 0,
        style: str = "",
        table: TableCell | None = None,
    ) -> None:
        """Add ``inline`` as a block, each line's edge spaces dropped as a browser does."""
        raw = inline.text
        text = "\n".join(line.strip() for line in raw.split("\n")) if "\n" in raw else raw
        codes = remap_codes(raw, text, inline.codes)
        self.add(kind, text, level, style, table, codes=codes)

    def visit(self, node: Any, depth: int, quoted: bool) -> None:
        """Read ``node``'s block children; ``depth`` counts enclosing lists."""
        tag = node.tag
        heading = _HEADING.match(tag or "")
        if heading:
            self.add_inline(BlockKind.HEADING, _inline_text(node), int(heading.group(1)))
        elif tag == "blockquote":
            self._children(node, depth, True)
        elif tag in ("ul", "ol"):
            for item in node.iter():
                if item.tag == "li":
                    self._list_item(item, depth, "list:•" if tag == "ul" else "list:1.")
        elif tag == "table":
            self._table(node)
        elif tag in ("p", "pre", "address", "figcaption", "dt", "dd"):
            kind = BlockKind.QUOTE if quoted else BlockKind.PARAGRAPH
            style = "address" if tag == "address" else ""
            self.add_inline(kind, _inline_text(node), style=style)
        else:
            self._children(node, depth, quoted)

    def _children(self, node: Any, depth: int, quoted: bool) -> None:
        """Block children visited in order; loose inline runs between them as paragraphs."""
        loose = InlineText()
        kind = BlockKind.QUOTE if quoted else BlockKind.PARAGRAPH
        for child in node.iter(include_text=True):
            if child.tag in _BLOCK_TAGS:
                self.add_inline(kind, loose)
                loose = InlineText()
                self.visit(child, depth, quoted)
            else:
                loose.extend(_inline_text(child))
        self.add_inline(kind, loose)

    def _list_item(self, item: Any, depth: int, style: str) -> None:
        text = InlineText()
        nested: list[Any] = []
        for child in item.iter(include_text=True):
            if child.tag in ("ul", "ol"):
                nested.append(child)
            elif child.tag in ("p", "div"):
                text.extend(_inline_text(child))
                text.append(" ")
            else:
                text.extend(_inline_text(child))
        self.add_inline(BlockKind.LIST_ITEM, text, depth, style)
        for child in nested:
            self.visit(child, depth + 1, False)

    def _table(self, table: Any) -> None:
        self.tables += 1
        for r, row in enumerate(table.css("tr"), start=1):
            cells = [c for c in row.iter() if c.tag in ("td", "th")]
            for c, cell in enumerate(cells, start=1):
                self.add_inline(
                    BlockKind.TABLE_CELL,
                    _inline_text(cell),
                    table=TableCell(self.tables - 1, r - 1, c - 1),
                )


def _inline_text(node: Any) -> InlineText:
    """Text of ``node`` as a browser shows it (runs of whitespace as one space, <br> a
    newline), with its formatting and links as codes."""
    inline = InlineText()
    _read_inline(node, inline)
    return inline


def _read_inline(node: Any, into: InlineText) -> None:
    tag = node.tag
    if tag == "-text":
        into.append(_SPACES.sub(" ", node.text_content or ""))
        return
    if tag == "br":
        into.append("\n")
        return
    if tag == "img":
        return
    start = len(into.text)
    for child in node.iter(include_text=True):
        _read_inline(child, into)
    href = (node.attributes.get("href") or "").strip() if tag == "a" else ""
    if href:
        into.mark("link", start, data=href)
    elif tag in _FORMATS:
        into.mark(_FORMATS[tag], start)
