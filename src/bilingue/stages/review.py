"""The review stage: a reviewed DOCX's rows folded into the document, tampering refused.

Needs a translated Document (from its sidecar) and the rows read from its review
DOCX (:mod:`bilingue.formats.review_import`); adds reviewer targets (the machine's
kept in ``Segment.history``), ``Segment.review`` marks, states (``reviewed`` for
approved; rejected stays ``translated``, marked rejected) and reviewer comments. The
glossary is checked again on every edited target with the translate stage's rule.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from bilingue.document import (
    Comment,
    Document,
    ReviewMark,
    Revision,
    Segment,
    SegmentState,
    TargetOrigin,
)
from bilingue.errors import ReviewMismatch
from bilingue.flags import code_lost, term_missing
from bilingue.formats.ooxml import xml_safe
from bilingue.formats.review_binding import segment_hash
from bilingue.formats.review_docx import APPROVED
from bilingue.formats.review_import import ReviewedDocx, ReviewedRow
from bilingue.stages.review_codes import CODE_LOST, ReviewedCodes, reviewed_codes, same_formatting
from bilingue.stages.translate import OWN_FLAGS
from bilingue.term_check import check_terms

__all__ = ["ReviewCounts", "ReviewOutcome", "apply_review", "carry_review", "check_rows"]

_HINT = "start again from the review DOCX bilingue wrote, or undo that change"


@dataclass(frozen=True)
class ReviewCounts:
    """What one import changed: rows edited, newly approved or rejected, new comments."""

    edited: int = 0
    approved: int = 0
    rejected: int = 0
    comments: int = 0
    terms_broken: int = 0  # edited targets that lost a glossary term

    def line(self) -> str:
        words = [
            f"{self.edited} edited",
            f"{self.approved} approved",
            f"{self.rejected} rejected",
            f"{self.comments} comment{'s' if self.comments != 1 else ''}",
        ]
        if self.terms_broken:
            words.append(f"{self.terms_broken} with a glossary term broken (flagged)")
        return ", ".join(words)


@dataclass(frozen=True)
class ReviewOutcome:
    document: Document
    counts: ReviewCounts
    approved: tuple[Segment, ...]  # approved segments whose terms all check out


def check_rows(doc: Document, reviewed: ReviewedDocx) -> list[tuple[Segment, ReviewedRow]]:
    """Each segment paired with its row; ReviewMismatch naming the segment on tampering.

    Refused: a DOCX written for other segments, an edited or duplicated id, a deleted
    row, an added or moved row, an edited source cell.
    """
    path = reviewed.path
    segments = list(doc.segments())
    expected = [(s.id, segment_hash(s.source)) for s in segments]
    if list(reviewed.binding.segments) != expected:
        raise ReviewMismatch(
            "the review was written for another version of this document "
            "(its segments differ from the sidecar's)",
            path=path,
            hint="import it with the sidecar written beside it (--sidecar)",
        )
    by_id = {s.id: s for s in segments}
    order = {s.id: index for index, s in enumerate(segments)}
    seen: dict[str, int] = {}
    pairs: list[tuple[Segment, ReviewedRow]] = []
    previous = "the header"
    for row in reviewed.rows:
        if not row.segment_id:
            raise ReviewMismatch(f"a row was added after {previous}", path=path, hint=_HINT)
        if row.segment_id not in by_id:
            raise ReviewMismatch(
                f"row {row.position} (after {previous}): {row.segment_id!r} is not a segment "
                "id of this document (edited id or added row)",
                path=path,
                hint=_HINT,
            )
        if row.segment_id in seen:
            raise ReviewMismatch(
                f"{row.segment_id} appears twice, rows {seen[row.segment_id]} and "
                f"{row.position} (duplicated row or edited id)",
                path=path,
                hint=_HINT,
            )
        if order[row.segment_id] != len(pairs):
            missing = segments[len(pairs)].id
            raise ReviewMismatch(
                f"{missing}: its row was deleted or moved ({row.segment_id} comes instead)",
                path=path,
                hint=_HINT,
            )
        seen[row.segment_id] = row.position
        segment = by_id[row.segment_id]
        if _nfc(row.source) != _nfc(xml_safe(segment.source)):
            raise ReviewMismatch(
                f"{segment.id}: the French (source) cell was edited", path=path, hint=_HINT
            )
        pairs.append((segment, row))
        previous = segment.id
    if len(pairs) < len(segments):
        raise ReviewMismatch(
            f"{segments[len(pairs)].id}: its row was deleted", path=path, hint=_HINT
        )
    return pairs


def apply_review(doc: Document, reviewed: ReviewedDocx) -> ReviewOutcome:
    """``doc`` with the review folded in (see module docstring); pure."""
    pairs = dict((segment.id, row) for segment, row in check_rows(doc, reviewed))
    by = reviewed.modified_by if reviewed.modified_by != "bilingue" else ""
    totals = {"edited": 0, "approved": 0, "rejected": 0, "comments": 0, "terms_broken": 0}
    approved: list[Segment] = []

    def review(segment: Segment) -> Segment:
        row = pairs[segment.id]
        updated = _with_target(segment, row, by, reviewed.modified)
        if updated is not segment:
            totals["edited"] += 1
            totals["terms_broken"] += any(h.ok is False for h in updated.terms)
        updated, newly = _with_status(updated, row.status, by, reviewed.modified)
        if newly:
            totals[newly] += 1
        updated, added = _with_comments(updated, row, by, reviewed.modified)
        totals["comments"] += added
        if updated.review and updated.review.status == APPROVED and _terms_ok(updated):
            approved.append(updated)
        return updated

    document = doc.map_segments(review)
    return ReviewOutcome(document, ReviewCounts(**totals), tuple(approved))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _terms_ok(segment: Segment) -> bool:
    return all(hit.ok is not False for hit in segment.terms)


def _with_target(segment: Segment, row: ReviewedRow, by: str, when: str) -> Segment:
    """The segment with the reviewer's English and formatting, if either differs from
    what the DOCX showed."""
    shown = (segment.target if segment.translate else segment.source) or ""
    shown_codes = segment.target_codes if segment.translate else segment.codes
    new = _nfc(row.target)
    same_text = new == _nfc(xml_safe(shown))
    formatting = row.target_format
    if same_text and (formatting is None or same_formatting(shown, shown_codes, formatting)):
        return segment
    codes = (
        reviewed_codes(shown, shown_codes, new, formatting)
        if formatting is not None
        else ReviewedCodes(segment.target_codes)
    )
    if new == segment.target and codes.codes == segment.target_codes:
        return segment  # this review is already in (a lost code was put back before)
    author, date = row.edit_author or by, row.edit_date or when
    history = segment.history or (
        Revision(
            target=segment.target or "",
            origin=str(segment.origin or TargetOrigin.MT),
            state=str(segment.state),
            codes=segment.target_codes,
        ),
    )
    state = segment.state if segment.state is not SegmentState.INITIAL else SegmentState.TRANSLATED
    history += (Revision(new, str(TargetOrigin.HUMAN), author, date, str(state), codes.codes),)
    ok = check_terms(new, segment.terms)
    terms = tuple(replace(hit, ok=verdict) for hit, verdict in zip(segment.terms, ok, strict=True))
    flags = [f for f in segment.flags if f.code not in OWN_FLAGS and f.code != CODE_LOST]
    flags += [term_missing(hit) for hit in terms if not hit.ok]
    if codes.lost or codes.added:
        flags.append(code_lost(codes.message()))
    return segment.with_(
        target=new,
        target_codes=codes.codes,
        terms=terms,
        flags=tuple(flags),
        history=history,
        state=state,
        translate=True,
        origin=TargetOrigin.HUMAN,
        suggestions=(),
    )


def _with_status(segment: Segment, status: str, by: str, when: str) -> tuple[Segment, str]:
    """The segment with the row's status; the second value names a new verdict, if any."""
    current = segment.review.status if segment.review else ""
    if status == current:
        return segment, ""
    if not status:
        state = SegmentState.TRANSLATED if segment.state is SegmentState.REVIEWED else segment.state
        return segment.with_(review=None, state=state), ""
    mark = ReviewMark(status, by, when)
    if status == APPROVED:
        return segment.with_(review=mark, state=SegmentState.REVIEWED), "approved"
    # XLIFF 2 has no rejected state: the segment stays (or goes back to) translated.
    state = SegmentState.TRANSLATED if segment.state is SegmentState.REVIEWED else segment.state
    return segment.with_(review=mark, state=state), "rejected"


def _with_comments(segment: Segment, row: ReviewedRow, by: str, when: str) -> tuple[Segment, int]:
    known = {c.text for c in segment.comments}
    new = []
    for comment in row.comments:
        if comment.text in known:
            continue  # importing the same review twice adds nothing
        known.add(comment.text)
        new.append(Comment(comment.text, comment.author or by, comment.date or when))
    if not new:
        return segment, 0
    return segment.with_(comments=segment.comments + tuple(new)), len(new)


def carry_review(previous: Document, doc: Document) -> tuple[Document, tuple[str, ...]]:
    """``doc`` (a new translation) with the review work ``previous`` holds carried over.

    A segment with the same id and source keeps its reviewed target, history, mark
    and state (human work wins over a new machine translation); one with comments
    only keeps the comments. Returns the ids of reviewed segments that could not be
    carried (their source changed or is gone).
    """
    old = {s.id: s for s in previous.segments() if s.history or s.review or s.comments}
    carried: set[str] = set()

    def carry(segment: Segment) -> Segment:
        before = old.get(segment.id)
        if before is None or before.source != segment.source:
            return segment
        carried.add(segment.id)
        if before.history or before.review:
            return before
        return segment.with_(comments=before.comments)

    document = doc.map_segments(carry)
    return document, tuple(i for i in old if i not in carried)
