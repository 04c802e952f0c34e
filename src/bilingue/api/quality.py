"""Quality tasks: check a translated or reviewed document again (`bilingue qa`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bilingue.document import Document, Severity
from bilingue.errors import BadInput

__all__ = ["QaSummary", "qa_file", "qa_summary"]


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


def qa_file(path: Path) -> Document:
    """``path`` (a JSON sidecar) checked again, the reviewer's English never changed.

    A reviewed DOCX needs the review importer (formats/review_import.py, from the
    review branch); until it lands it is refused with a hint.
    """
    from bilingue.stages.qa import qa

    path = Path(path)
    if path.suffix.lower() == ".json":
        from bilingue.formats.sidecar_json import read_sidecar

        doc = read_sidecar(path)
    elif path.suffix.lower() == ".docx":
        # Hook for the review importer: read the reviewed DOCX into a Document here.
        raise BadInput(
            "checking a reviewed DOCX needs the review importer",
            path=path,
            hint="run bilingue qa on the JSON sidecar written beside it",
        )
    else:
        raise BadInput("not a bilingue sidecar (.json)", path=path, hint="give the .json file")
    return qa(doc, repair=False)
