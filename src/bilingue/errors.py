"""One catalogue of errors: each says what went wrong, where, and what to do."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "BadInput",
    "BilingueError",
    "ConfigError",
    "EmptyDocument",
    "EngineError",
    "EngineUnavailable",
    "GlossaryError",
    "LinkOutsideInput",
    "ModelInstallError",
    "ModelNotInstalled",
    "NotFrench",
    "NotRegularFile",
    "OutputCollision",
    "OutputError",
    "PublishRefused",
    "ReviewAtRisk",
    "ReviewMismatch",
    "StaleReview",
    "TmError",
    "UnsupportedFormat",
    "escape_undecodable",
]


def escape_undecodable(text: str) -> str:
    """``text`` with the bytes of a file name that were not UTF-8 written as ``\\xe9``.

    Python keeps such bytes (``communiqu\\xe9.txt`` from a Windows archive) as lone
    surrogates, so the file can still be opened, but no output (a terminal, a DOCX,
    SQLite) can encode them; every name shown or written goes through this.
    """
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+DC80-U+DCFF stand for the bytes 0x80-0xFF (Python's surrogateescape).
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


_SURROGATE = re.compile("[\ud800-\udfff]")


class BilingueError(Exception):
    """Base of every error bilingue raises on purpose.

    ``str(err)`` is the one line the CLI prints after ``Error:``:
    ``input/x.docx: not a DOCX file (zip header missing) — re-save it from Word``.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, hint: str = "") -> None:
        self.message = escape_undecodable(message)
        self.path = escape_undecodable(str(path)) if path is not None else None
        self.hint = escape_undecodable(hint)
        super().__init__(self.line())

    def line(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text} — {self.hint}" if self.hint else text


class BadInput(BilingueError):
    """The input file exists but cannot be read as a document (empty, binary, corrupt)."""


class EmptyDocument(BadInput):
    """The input holds no text to translate (an empty file, an empty DOCX body)."""

    def __init__(self, *, path: str | Path | None, hint: str = "the file has no text") -> None:
        super().__init__("empty document", path=path, hint=hint)


class UnsupportedFormat(BadInput):
    """No reader handles this file's extension."""


class NotFrench(BilingueError):
    """The document is not in French, so it is reported and not translated."""


class OutputError(BilingueError):
    """An output could not be written (folder missing or not writable, disk full)."""


class OutputCollision(OutputError):
    """Two inputs of one run would write the same output names; the second is refused."""


class LinkOutsideInput(BilingueError):
    """A symbolic link in the input folder leads outside it, so it is skipped."""


class NotRegularFile(BilingueError):
    """A FIFO, socket or device (or a link to one) in an input folder: skipped, named."""


class EngineError(BilingueError):
    """A translation engine failed while translating."""


class EngineUnavailable(EngineError):
    """The requested engine cannot run here (binary, language pair or model missing)."""


class ModelNotInstalled(EngineUnavailable):
    """No Argos fr→en package is installed."""


class ModelInstallError(BilingueError):
    """A translation package could not be downloaded or installed."""


class GlossaryError(BilingueError):
    """A glossary file is malformed or an edit is invalid."""


class ConfigError(BilingueError):
    """bilingue.toml or a command-line setting is invalid."""


class PublishRefused(BilingueError):
    """Publishing was refused: segments are not approved (``--require-approved``)."""


class ReviewMismatch(BadInput):
    """A reviewed DOCX does not fit its document: another document's, or tampered with."""


class StaleReview(BilingueError):
    """A reviewed DOCX is older than the review already imported."""


class ReviewAtRisk(OutputError):
    """Writing would overwrite review work that was not imported."""


class TmError(BilingueError):
    """The translation memory cannot be opened, read or written, or a TMX file is refused."""
