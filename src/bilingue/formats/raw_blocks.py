"""How the structured readers (PDF, HTML, Markdown, ODT) make their raw blocks."""

from __future__ import annotations

import unicodedata

from bilingue.document import Block, BlockKind, TableCell

__all__ = ["BlockCollector", "raw_block"]


def raw_block(
    number: int,
    kind: BlockKind,
    text: str,
    *,
    level: int = 0,
    style: str = "",
    table: TableCell | None = None,
    part: str = "body",
) -> Block:
    """Block ``p<number>``. For a list item ``level`` is its nesting depth (it goes to
    ``Block.list_level``) and a numbered marker in ``style`` ("list:1.") makes it a
    numbered item; for a heading it is the heading level."""
    if kind is BlockKind.LIST_ITEM:
        marker = style.removeprefix("list:")
        return Block(
            id=f"p{number}",
            kind=kind,
            text=text,
            style=style,
            list_kind="number" if marker[:1].isdigit() else "bullet",
            list_level=level,
            part=part,
        )
    return Block(
        id=f"p{number}", kind=kind, text=text, level=level, style=style, table=table, part=part
    )


class BlockCollector:
    """Numbers the blocks a structured reader finds, in reading order, dropping empty ones.

    Text is NFC-normalised (PDF, HTML and ODT producers mix composed and decomposed
    accents, which the glossary and the memory must see alike).
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0  # tables seen so far, so each cell knows its table's index

    def add(
        self,
        kind: BlockKind,
        text: str,
        level: int = 0,
        style: str = "",
        table: TableCell | None = None,
        part: str = "body",
    ) -> None:
        text = unicodedata.normalize("NFC", text).strip("\n ")
        if text.strip():
            number = len(self.blocks) + 1
            self.blocks.append(
                raw_block(number, kind, text, level=level, style=style, table=table, part=part)
            )
