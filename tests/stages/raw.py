"""Raw documents as the text reader hands them over, for the text-stage tests."""

from __future__ import annotations

from pathlib import Path

from bilingue.document import Block, BlockKind, Document

__all__ = ["raw_document", "read_raw"]


def raw_document(text: str, source_path: str = "release.txt") -> Document:
    """One PARAGRAPH block per chunk between blank or whitespace-only lines, lines kept."""
    chunks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    blocks = tuple(
        Block(id=f"p{n}", kind=BlockKind.PARAGRAPH, text="\n".join(lines))
        for n, lines in enumerate((c for c in chunks if c), start=1)
    )
    return Document(source_path=source_path, blocks=blocks)


def read_raw(path: Path) -> Document:
    return raw_document(path.read_text(encoding="utf-8"), source_path=str(path))
