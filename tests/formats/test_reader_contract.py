"""Every reader registered today, put through the one reader contract (contract.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx

from tests.formats.contract import ReaderContract


class TestTxtReader(ReaderContract):
    extension = ".txt"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


class TestDocxReader(ReaderContract):
    extension = ".docx"

    def write_document(self, path: Path, paragraphs: Sequence[str]) -> None:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(path))
