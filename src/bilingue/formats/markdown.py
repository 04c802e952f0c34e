"""Markdown reader: CommonMark (+ tables) via markdown-it-py → typed raw blocks.

Emphasis and link markup never reach a block: only their text does, so no ``**`` is
ever left in a segment; bold, italic, links and autolinks become ``Block.codes`` over
that text (a link's URL as written). A paragraph opening with a bold label on a line of its own
(``**Contact presse**``, ``**À propos de la DINUM :**``) is read as that heading
followed by the paragraph, as the page shows it. List nesting depth goes to
``Block.level``; paragraphs inside ``>`` quotes are QUOTE blocks.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from bilingue.document import Block, BlockKind, Document, TableCell
from bilingue.errors import BadInput
from bilingue.formats.raw_blocks import InlineText, raw_block, settle_codes
from bilingue.formats.source_file import read_source_bytes
from bilingue.formats.txt import decode_text

__all__ = ["markdown_to_document", "read_markdown"]

_BREAKS = frozenset({"softbreak", "hardbreak"})
_FORMATS = {"strong": "bold", "em": "italic", "link": "link"}


def read_markdown(path: Path) -> Document:
    """Read a Markdown release into raw blocks."""
    path = Path(path)
    text, encoding = decode_text(read_source_bytes(path), path=path)
    return markdown_to_document(text, source_path=str(path), encoding=encoding)


def markdown_to_document(text: str, *, source_path: str, encoding: str = "") -> Document:
    """Blocks of the Markdown ``text`` (see module doc)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []

    def add(
        kind: BlockKind,
        inline: InlineText | str,
        level: int = 0,
        style: str = "",
        table: TableCell | None = None,
    ) -> None:
        if isinstance(inline, str):
            inline = InlineText.of(inline)
        body = unicodedata.normalize("NFC", inline.text).strip()
        if body:
            number = len(blocks) + 1
            codes = settle_codes(inline.text, body, inline.codes)
            blocks.append(
                raw_block(number, kind, body, level=level, style=style, table=table, codes=codes)
            )

    lists: list[str] = []  # marker style of each open list, innermost last
    quotes = 0
    heading = 0
    in_item = False
    tables = 0
    row = cell = 0
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("list:•" if kind == "bullet_list_open" else "list:1.")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            in_item = True
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = 0
        elif kind == "table_open":
            tables += 1
            row = 0
        elif kind == "tr_open":
            row += 1
            cell = 0
        elif kind in ("th_open", "td_open"):
            cell += 1
        elif kind in ("code_block", "fence"):
            add(BlockKind.PARAGRAPH, token.content, style="code")
        elif kind == "inline":
            children = token.children or []
            if heading:
                add(BlockKind.HEADING, _text(children), heading)
            elif cell:
                add(
                    BlockKind.TABLE_CELL,
                    _text(children),
                    table=TableCell(tables - 1, row - 1, cell - 1),
                )
            elif lists and in_item:
                add(BlockKind.LIST_ITEM, _text(children), len(lists) - 1, lists[-1])
                in_item = False  # later paragraphs of the item read as its continuation
            elif lists:
                if blocks and blocks[-1].kind is BlockKind.LIST_ITEM:
                    last = blocks[-1]
                    joined = InlineText.of(last.text, last.codes)
                    more = _text(children)
                    more.text = unicodedata.normalize("NFC", more.text)
                    joined.extend(more, "\n")
                    codes = settle_codes(joined.text, joined.text, joined.codes)
                    blocks[-1] = last.with_(text=joined.text, codes=codes)
            else:
                label, rest = _bold_label(children)
                if label is not None:
                    add(BlockKind.HEADING, label, 3)
                add(BlockKind.QUOTE if quotes else BlockKind.PARAGRAPH, _text(rest))
        if kind == "tr_close":
            cell = 0
    if not blocks:
        raise BadInput("empty document", path=source_path, hint="the file has no text")
    return Document(source_path=source_path, blocks=tuple(blocks), encoding=encoding)


def _bold_label(children: list[Any]) -> tuple[InlineText | None, list[Any]]:
    """(label, rest) when the paragraph's first line is wholly bold, else (None, children)."""
    # markdown-it brackets inline markup with empty text tokens; they carry nothing.
    tokens = [c for c in children if not (c.type == "text" and not c.content)]
    if len(tokens) < 4 or tokens[0].type != "strong_open":
        return None, children
    for index, child in enumerate(tokens):
        if child.type == "strong_close":
            after = tokens[index + 1 : index + 2]
            if after and after[0].type in _BREAKS:
                return _text(tokens[1:index]), tokens[index + 2 :]
            return None, children
    return None, children


def _text(children: list[Any]) -> InlineText:
    """The text of inline tokens, with emphasis and links as codes over it."""
    inline = InlineText()
    opened: list[tuple[int, str]] = []  # (start, URL) of each open span, innermost last
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            inline.append(child.content)
        elif kind in _BREAKS:
            inline.append("\n")
        elif kind == "image":
            inline.extend(_text(child.children or []))
        elif kind.endswith("_open") and kind.removesuffix("_open") in _FORMATS:
            href = str(child.attrGet("href") or "") if kind == "link_open" else ""
            opened.append((len(inline.text), href))
        elif kind.endswith("_close") and kind.removesuffix("_close") in _FORMATS and opened:
            start, href = opened.pop()
            inline.mark(_FORMATS[kind.removesuffix("_close")], start, data=href)
    return inline
