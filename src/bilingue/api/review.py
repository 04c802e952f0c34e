"""Review tasks: bring a reviewed DOCX back into its sidecar, and keep runs from destroying one."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.config import Settings
from bilingue.document import Document, Segment
from bilingue.errors import (
    BadInput,
    BilingueError,
    ReviewAtRisk,
    ReviewMismatch,
    StaleReview,
    escape_undecodable,
)
from bilingue.formats.review_binding import ReviewRecord

if TYPE_CHECKING:
    from bilingue.formats.review_import import ReviewedDocx

__all__ = [
    "REVIEW_SUFFIX",
    "ReviewImport",
    "ReviewImportReport",
    "default_sidecar",
    "guard_review_outputs",
    "import_review",
    "import_reviews",
]

REVIEW_SUFFIX = ".review.docx"


@dataclass(frozen=True)
class ReviewImport:
    """What importing one reviewed DOCX did."""

    docx: Path
    sidecar: Path
    summary: str  # "2 edited, 1 approved, 1 rejected, 1 comment"
    written: bool  # False when the sidecar already held exactly this review
    remembered: int  # approved pairs new to the translation memory

    def line(self) -> str:
        done = f"→ {self.sidecar}" if self.written else f"(already in {self.sidecar})"
        return f"{self.docx}: {self.summary} {done}"


@dataclass
class ReviewImportReport:
    imported: list[ReviewImport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or not self.imported else 0


def default_sidecar(docx: Path) -> Path:
    """``<stem>.json`` beside ``<stem>.review.docx`` (or beside any ``<stem>.docx``)."""
    name = docx.name
    stem = name[: -len(REVIEW_SUFFIX)] if name.lower().endswith(REVIEW_SUFFIX) else docx.stem
    return docx.with_name(f"{stem}.json")


def import_reviews(
    paths: Sequence[Path],
    settings: Settings,
    *,
    sidecar: Path | None = None,
    force: bool = False,
    on_result: Callable[[ReviewImport | BilingueError], None] | None = None,
) -> ReviewImportReport:
    """Import each reviewed DOCX; one file's refusal never stops the others."""
    if sidecar is not None and len(paths) > 1:
        raise ReviewMismatch(
            "--sidecar names one sidecar, but several DOCX files were given",
            hint="import them one at a time",
        )
    report = ReviewImportReport()
    for path in paths:
        try:
            result = import_review(path, settings, sidecar=sidecar, force=force)
        except BilingueError as err:
            report.errors.append(err.line())
            if on_result is not None:
                on_result(err)
            continue
        report.imported.append(result)
        if on_result is not None:
            on_result(result)
    return report


def bound_sidecar(
    path: Path, reviewed: ReviewedDocx, sidecar: Path | None = None
) -> tuple[Path, Document, ReviewRecord | None]:
    """The sidecar a reviewed file belongs to, read: ``sidecar`` if given, else the one
    beside it; refused when missing or written for another document."""
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    sidecar = Path(sidecar) if sidecar is not None else default_sidecar(path)
    if not sidecar.is_file():
        raise BadInput(
            "no sidecar for this review",
            path=sidecar,
            hint=(
                "keep the DOCX beside the JSON written with it, "
                "or give that JSON with --sidecar PATH"
            ),
        )
    doc, record = read_sidecar_and_record(sidecar)
    if record is not None and record.document_id != reviewed.binding.document_id:
        written_for = reviewed.binding.source_name or "another document"
        raise ReviewMismatch(
            f"this review belongs to {written_for}, not to the document in {sidecar}",
            path=path,
            hint="give the sidecar written with it (--sidecar PATH)",
        )
    return sidecar, doc, record


def import_review(
    path: Path, settings: Settings, *, sidecar: Path | None = None, force: bool = False
) -> ReviewImport:
    """Fold one reviewed DOCX into its sidecar and remember its approved pairs.

    Everything is checked before anything is written: a DOCX of another document,
    a tampered one (edited source or id, rows deleted, added or moved) or one older
    than the review already imported (unless ``force``) leaves sidecar and memory
    untouched.
    """
    from bilingue.formats.review_import import read_reviewed_docx
    from bilingue.formats.sidecar_json import sidecar_text
    from bilingue.safeio import atomic_write_text
    from bilingue.stages.review import apply_review

    path = Path(path)
    returned_codes = None
    if path.suffix.lower() == ".xlf":  # a CAT tool's XLIFF: same checks, codes too
        from bilingue.formats.xliff import read_reviewed_xliff

        reviewed, returned_codes = read_reviewed_xliff(path)
    else:
        reviewed = read_reviewed_docx(path)
    sidecar, doc, record = bound_sidecar(path, reviewed, sidecar)
    if record is None:
        raise ReviewMismatch(
            "the sidecar has no review record (written by an older bilingue)",
            path=sidecar,
            hint="translate the document again and review the new DOCX",
        )
    if not force:
        _refuse_stale(path, reviewed.binding.revision, reviewed.modified, record)
    outcome = apply_review(doc, reviewed)
    if returned_codes is not None:
        from bilingue.formats.xliff import with_returned_codes

        outcome = replace(outcome, document=with_returned_codes(outcome.document, returned_codes))
    record = replace(
        record,
        imported_revision=reviewed.binding.revision,
        imported_modified=max(reviewed.modified, record.imported_modified)
        if reviewed.binding.revision == record.imported_revision
        else reviewed.modified,
        imported_sha256=reviewed.sha256,
    )
    text = sidecar_text(outcome.document, record)
    written = text != sidecar.read_text(encoding="utf-8")
    if written:
        atomic_write_text(sidecar, text)
    remembered = _remember(outcome.approved, outcome.document, settings)
    return ReviewImport(path, sidecar, outcome.counts.line(), written, remembered)


def _refuse_stale(path: Path, revision: int, modified: str, record: ReviewRecord) -> None:
    """StaleReview when this DOCX is older than what the sidecar already holds."""
    if revision < record.revision:
        raise StaleReview(
            f"this review is of export {revision}, but the document was exported again "
            f"(export {record.revision}); importing it would undo newer work",
            path=path,
            hint="import the newer review DOCX, or --force to import this one anyway",
        )
    if (
        revision == record.imported_revision
        and modified
        and record.imported_modified
        and modified < record.imported_modified
    ):
        raise StaleReview(
            f"this review was saved {modified}, before the one already imported "
            f"({record.imported_modified})",
            path=path,
            hint="import the newer review DOCX, or --force to import this one anyway",
        )


def _remember(approved: Sequence[Segment], doc: Document, settings: Settings) -> int:
    """Store approved pairs in the translation memory; how many were new."""
    if not approved:
        return 0
    from bilingue.tm import TmUnit, open_memory

    name = escape_undecodable(Path(doc.source_path).name)  # SQLite holds UTF-8 only
    engine = doc.engine.name if doc.engine else ""
    glossaries = ", ".join(Path(g).name for g in doc.glossaries)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    units = [
        TmUnit(
            source=segment.source,
            target=segment.target or "",
            document=name,
            segment_id=segment.id,
            created=(segment.review.date if segment.review and segment.review.date else now),
            engine=engine,
            glossary_version=glossaries,
            author=segment.review.author if segment.review else "",
        )
        for segment in approved
    ]
    with open_memory(settings.resolve(settings.tm)) as memory:
        return memory.add(units)


def guard_review_outputs(
    review_path: Path, json_path: Path, *, force: bool
) -> tuple[Document | None, ReviewRecord | None]:
    """The previous sidecar (document and record) of outputs about to be replaced.

    Raises ReviewAtRisk when the review DOCX there changed since bilingue wrote it
    and was not imported (or cannot be proven unchanged); with ``force`` the old
    DOCX is kept as a dated backup instead.
    """
    from bilingue.formats.review_binding import file_sha256
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    previous: Document | None = None
    record: ReviewRecord | None = None
    if json_path.exists():
        try:
            previous, record = read_sidecar_and_record(json_path)
        except BilingueError:
            previous, record = None, None
    if not review_path.exists():
        return previous, record
    digest = file_sha256(review_path)
    known = record is not None and record.knows(digest)
    if known:
        return previous, record
    if not force:
        if record is None:
            raise ReviewAtRisk(
                f"a review DOCX is there but {json_path.name} does not record it, so it may "
                "hold review work; not overwritten",
                path=review_path,
                hint="move it away, or translate with --force to replace it (the old file "
                "is kept as a dated backup)",
            )
        raise ReviewAtRisk(
            "the review DOCX changed since bilingue wrote it; not overwritten",
            path=review_path,
            hint=f"bring it in with `bilingue review import {review_path}`, or translate "
            "with --force to replace it (the old file is kept as a dated backup)",
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = (
        review_path.name[: -len(REVIEW_SUFFIX)]
        if review_path.name.endswith(REVIEW_SUFFIX)
        else review_path.stem
    )
    backup = review_path.with_name(f"{stem}.review.{stamp}.docx")
    shutil.copy2(review_path, backup)
    return previous, record
