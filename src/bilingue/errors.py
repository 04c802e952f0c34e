"""One catalogue of errors: each says what went wrong, where, and what to do."""

from __future__ import annotations

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
]


class BilingueError(Exception):
    """Base of every error bilingue raises on purpose.

    ``str(err)`` is the one line the CLI prints after ``Error:``:
    ``input/x.docx: not a DOCX file (zip header missing) — re-save it from Word``.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, hint: str = "") -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.hint = hint
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
