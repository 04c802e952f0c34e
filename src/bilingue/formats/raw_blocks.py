"""How the structured readers (PDF, HTML, Markdown, ODT) make their raw blocks."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bilingue.document import Block, BlockKind, InlineCode, TableCell
from bilingue.inline import remap_codes

__all__ = ["BlockCollector", "InlineText", "raw_block", "settle_codes"]


def raw_block(
    number: int,
    kind: BlockKind,
    text: str,
    *,
    level: int = 0,
    style: str = "",
    table: TableCell | None = None,
    part: str = "body",
    codes: tuple[InlineCode, ...] = (),
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
            codes=codes,
        )
    return Block(
        id=f"p{number}",
        kind=kind,
        text=text,
        level=level,
        style=style,
        table=table,
        part=part,
        codes=codes,
    )


class InlineText:
    """A block's text built run by run, with the formatting and links over it as codes.

    Readers of marked-up text (HTML, Markdown) append text and mark spans; the result
    is what ``Block.text``/``Block.codes`` hold, as the DOCX reader makes them.
    """

    def __init__(self) -> None:
        self.text = ""
        self.codes: list[InlineCode] = []

    @classmethod
    def of(cls, text: str, codes: Sequence[InlineCode] = ()) -> InlineText:
        """``text`` with ``codes`` already over it."""
        inline = cls()
        inline.text = text
        inline.codes = list(codes)
        return inline

    def append(self, text: str) -> None:
        self.text += text

    def mark(self, kind: str, start: int, data: str = "") -> None:
        """A ``kind`` code over the text appended since ``start``, without edge spaces."""
        covered = self.text[start:]
        if not covered.strip():
            return  # formatting over nothing (or only spaces) shows nothing
        start += len(covered) - len(covered.lstrip())
        end = start + len(covered.strip())
        self.codes.append(InlineCode("", kind, start, end, data=data))

    def extend(self, other: InlineText, separator: str = "") -> None:
        """``other`` appended after ``separator``, its codes moved with it."""
        self.text += separator
        shift = len(self.text)
        self.text += other.text
        self.codes.extend(
            InlineCode("", c.kind, c.start + shift, c.end + shift, data=c.data) for c in other.codes
        )


def settle_codes(raw: str, text: str, codes: Sequence[InlineCode]) -> tuple[InlineCode, ...]:
    """``codes`` over ``raw`` moved onto ``text`` (its normalised copy), numbered c1, c2…

    Outer codes come first (start, then longest; codes over the same words by kind), so
    the numbering does not depend on how the markup nested them.
    """
    moved = remap_codes(raw, text, codes)
    kept = sorted((c for c in moved if c.end > c.start), key=lambda c: (c.start, -c.end, c.kind))
    return tuple(
        InlineCode(f"c{n}", c.kind, c.start, c.end, data=c.data, ref=c.ref)
        for n, c in enumerate(kept, start=1)
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
        codes: Sequence[InlineCode] = (),
    ) -> None:
        raw = text
        text = unicodedata.normalize("NFC", text).strip("\n ")
        if text.strip():
            number = len(self.blocks) + 1
            settled = settle_codes(raw, text, codes)
            self.blocks.append(
                raw_block(
                    number,
                    kind,
                    text,
                    level=level,
                    style=style,
                    table=table,
                    part=part,
                    codes=settled,
                )
            )
