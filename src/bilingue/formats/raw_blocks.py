"""How the structured readers (PDF, HTML, Markdown, ODT) make their raw blocks."""

from __future__ import annotations

from bilingue.document import Block, BlockKind, TableCell

__all__ = ["raw_block"]


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
