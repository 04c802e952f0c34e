"""Raw documents as the text reader hands them over, for the text-stage tests.

Both helpers go through the real reader (``bilingue.formats``), so a change to how
text files become blocks shows up in the stage tests too.
"""

from __future__ import annotations

from pathlib import Path

from bilingue.document import Document
from bilingue.formats import read_document
from bilingue.formats.txt import text_to_document

__all__ = ["raw_document", "read_raw"]


def raw_document(text: str, source_path: str = "release.txt") -> Document:
    """``text`` as the text reader turns a file's decoded content into blocks."""
    return text_to_document(text, source_path=source_path)


def read_raw(path: Path) -> Document:
    """A file read by the reader registered for its extension."""
    return read_document(path)
