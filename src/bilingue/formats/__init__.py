"""Readers and writers, chosen by file extension and imported on demand."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from bilingue.document import Document
from bilingue.errors import BadInput, UnsupportedFormat

__all__ = ["READERS", "SUPPORTED_EXTENSIONS", "read_document", "reader_for"]

Reader = Callable[[Path], Document]

# Extension → "module:function", imported only when a file of that type is read, so
# `import bilingue.formats` stays free of python-docx and charset-normalizer.
READERS: dict[str, str] = {
    ".txt": "bilingue.formats.txt:read_txt",
    ".docx": "bilingue.formats.docx_source:read_docx",
    ".pdf": "bilingue.formats.pdf:read_pdf",
    ".html": "bilingue.formats.html:read_html",
    ".htm": "bilingue.formats.html:read_html",
    ".md": "bilingue.formats.markdown:read_markdown",
    ".markdown": "bilingue.formats.markdown:read_markdown",
    ".odt": "bilingue.formats.odt:read_odt",
}

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(READERS))


def reader_for(path: Path) -> Reader:
    """The reader function registered for ``path``'s extension (case-insensitive)."""
    suffix = Path(path).suffix.lower()
    target = READERS.get(suffix)
    if target is None:
        shown = suffix or "(none)"
        raise UnsupportedFormat(
            f"unsupported file type '{shown}'",
            path=path,
            hint=f"supported types: {', '.join(sorted(READERS))}",
        )
    module_name, _, function_name = target.partition(":")
    module = importlib.import_module(module_name)
    return cast(Reader, getattr(module, function_name))


def read_document(path: Path) -> Document:
    """Read any supported source file into a Document of raw (uncleaned) blocks."""
    path = Path(path)
    if not path.exists():
        raise BadInput("no such file", path=path, hint="check the path")
    if path.is_dir():
        raise BadInput(
            "is a folder, not a file",
            path=path,
            hint=f"give one file of a supported type: {', '.join(sorted(READERS))}",
        )
    return reader_for(path)(path)
