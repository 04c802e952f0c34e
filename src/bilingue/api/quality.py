"""Quality tasks: check a translated or reviewed document again (`bilingue qa`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bilingue.document import Document, Severity
from bilingue.errors import BadInput

__all__ = ["QaSummary", "qa_file", "qa_summary", "reviewed_document"]


@dataclass(frozen=True)
class QaSummary:
    """What the QA stage found in one document, for one summary line."""

    segments: int
    flagged: int  # segments with a qa flag of severity warning or error
    errors: int
    warnings: int
    by_code: tuple[tuple[str, int], ...]

    def line(self) -> str:
        codes = ", ".join(f"{code} {count}" for code, count in self.by_code)
        return (
            f"QA: {self.flagged}/{self.segments} segments flagged "
            f"({self.errors} errors, {self.warnings} warnings)" + (f": {codes}" if codes else "")
        )


def qa_summary(doc: Document) -> QaSummary:
    from bilingue.stages.qa import QA_CODES

    segments = list(doc.segments())
    flags = [
        (segment.id, flag)
        for segment in segments
        for flag in segment.flags
        if flag.code in QA_CODES and flag.severity is not Severity.INFO
    ]
    return QaSummary(
        segments=len(segments),
        flagged=len({segment_id for segment_id, _ in flags}),
        errors=sum(1 for _, f in flags if f.severity is Severity.ERROR),
        warnings=sum(1 for _, f in flags if f.severity is Severity.WARNING),
        by_code=tuple(sorted(Counter(f.code for _, f in flags).items())),
    )


def qa_file(path: Path, *, sidecar: Path | None = None) -> Document:
    """``path`` (a JSON sidecar, or a reviewed DOCX) checked again; nothing is written.

    A reviewed DOCX is read the way ``bilingue review import`` reads it (same tamper
    checks, tracked changes applied) and folded into its sidecar (``<stem>.json``
    beside it, or ``sidecar``) in memory only, so the checks see the reviewer's English.
    """
    from bilingue.stages.qa import qa

    path = Path(path)
    if path.suffix.lower() == ".json":
        from bilingue.formats.sidecar_json import read_sidecar

        doc = read_sidecar(path)
    elif path.suffix.lower() == ".docx":
        doc = reviewed_document(path, sidecar=sidecar)
    else:
        raise BadInput(
            "not a bilingue sidecar (.json) or review DOCX (.docx)",
            path=path,
            hint="give the .json file or the .review.docx",
        )
    return qa(doc, repair=False)


def reviewed_document(path: Path, *, sidecar: Path | None = None) -> Document:
    """The sidecar's document with the reviewed DOCX ``path`` applied, in memory only."""
    from bilingue.api.review import bound_sidecar
    from bilingue.formats.review_import import read_reviewed_docx
    from bilingue.stages.review import apply_review

    reviewed = read_reviewed_docx(path)
    _, doc, _ = bound_sidecar(path, reviewed, sidecar)
    return apply_review(doc, reviewed).document
