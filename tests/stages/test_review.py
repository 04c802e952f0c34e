"""The review stage: rows matched to segments (tampering refused), edits, verdicts, comments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from bilingue.document import (
    Block,
    BlockKind,
    Comment,
    Document,
    ReviewMark,
    SegmentState,
    TargetOrigin,
    TermHit,
)
from bilingue.document import Segment as Seg
from bilingue.errors import ReviewMismatch
from bilingue.formats.review_binding import binding_for
from bilingue.formats.review_import import ReviewedComment, ReviewedDocx, ReviewedRow
from bilingue.stages.review import apply_review, carry_review, check_rows

TERM = TermHit("CNES", "CNES", 3, 7, entry="CNES", ok=True)


def document() -> Document:
    segments = (
        Seg("p1.s1", "Le CNES signe.", " ", "CNES signs.", state=SegmentState.TRANSLATED,
            terms=(TERM,), origin=TargetOrigin.MT),
        Seg("p1.s2", "Il part.", "", "He leaves.", state=SegmentState.TRANSLATED,
            origin=TargetOrigin.MT),
        Seg("p1.s3", "Fin.", "", "End.", state=SegmentState.TRANSLATED, origin=TargetOrigin.MT),
    )  # fmt: skip
    block = Block("p1", BlockKind.PARAGRAPH, "Le CNES signe. Il part.Fin.", segments)
    return Document("release.txt", (block,))


def reviewed(doc: Document, **changes: Mapping[str, object]) -> ReviewedDocx:
    """The rows as bilingue wrote them, with ``changes`` per segment id."""
    rows = [
        replace(
            ReviewedRow(n, s.id, s.source, s.target or "", "", ()),
            **changes.get(s.id, {}),  # type: ignore[arg-type]
        )
        for n, s in enumerate(doc.segments(), start=1)
    ]
    return ReviewedDocx(
        Path("r.review.docx"), binding_for(doc, "c", 1), tuple(rows), "2026-11-20T10:00:00Z",
        "Ana", "h",
    )  # fmt: skip


def test_untouched_rows_change_nothing() -> None:
    doc = document()
    outcome = apply_review(doc, reviewed(doc))
    assert outcome.document == doc
    assert outcome.counts.line() == "0 edited, 0 approved, 0 rejected, 0 comments"


def test_an_approved_edit_keeps_the_machine_version_in_history() -> None:
    doc = document()
    outcome = apply_review(
        doc, reviewed(doc, **{"p1.s1": {"target": "CNES signed.", "status": "approved"}})
    )
    segment = next(outcome.document.segments())
    assert segment.target == "CNES signed."
    assert segment.state is SegmentState.REVIEWED
    assert segment.origin is TargetOrigin.HUMAN
    assert segment.review == ReviewMark("approved", "Ana", "2026-11-20T10:00:00Z")
    assert [(r.target, r.origin, r.author) for r in segment.history] == [
        ("CNES signs.", "mt", ""),
        ("CNES signed.", "human", "Ana"),
    ]
    assert outcome.approved == (segment,)
    assert outcome.counts.line() == "1 edited, 1 approved, 0 rejected, 0 comments"


def test_a_broken_term_is_flagged_and_not_approved_into_memory() -> None:
    doc = document()
    outcome = apply_review(
        doc, reviewed(doc, **{"p1.s1": {"target": "The agency signs.", "status": "approved"}})
    )
    segment = next(outcome.document.segments())
    assert [h.ok for h in segment.terms] == [False]
    assert [f.code for f in segment.flags] == ["term-missing"]
    assert outcome.approved == ()
    assert outcome.counts.terms_broken == 1


def test_rejection_keeps_the_translated_state_and_comments_are_added_once() -> None:
    doc = document()
    comments = (ReviewedComment("Too literal."), ReviewedComment("Hmm", "Bo", "2026-01-01"))
    review = reviewed(doc, **{"p1.s2": {"status": "rejected", "comments": comments}})
    once = apply_review(doc, review).document
    twice = apply_review(once, review)
    segment = list(twice.document.segments())[1]
    assert segment.state is SegmentState.TRANSLATED
    assert segment.review is not None and segment.review.status == "rejected"
    assert segment.comments == (
        Comment("Too literal.", "Ana", "2026-11-20T10:00:00Z"),
        Comment("Hmm", "Bo", "2026-01-01"),
    )
    assert twice.document == once
    assert twice.counts.line() == "0 edited, 0 approved, 0 rejected, 0 comments"


def test_clearing_a_status_takes_the_approval_back() -> None:
    doc = document()
    approved = apply_review(doc, reviewed(doc, **{"p1.s3": {"status": "approved"}})).document
    cleared = apply_review(approved, reviewed(approved)).document
    segment = list(cleared.segments())[2]
    assert (segment.review, segment.state) == (None, SegmentState.TRANSLATED)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            lambda r: [r[0], replace(r[1], source="Il est parti."), r[2]],
            "p1.s2: the French (source) cell was edited",
        ),
        (
            lambda r: [r[0], replace(r[1], segment_id="p1.s9"), r[2]],
            "row 2 (after p1.s1): 'p1.s9' is not a segment id",
        ),
        (
            lambda r: [r[0], r[1], replace(r[1], position=3), r[2]],
            "p1.s2 appears twice, rows 2 and 3",
        ),
        (lambda r: [r[0], r[2]], "p1.s2: its row was deleted or moved (p1.s3 comes instead)"),
        (lambda r: [r[0], r[1]], "p1.s3: its row was deleted"),
        (lambda r: [r[0], replace(r[1], segment_id=""), r[1], r[2]], "a row was added after p1.s1"),
        (lambda r: [r[1], r[0], r[2]], "p1.s1: its row was deleted or moved (p1.s2 comes instead)"),
    ],
    ids=["source", "id", "duplicate", "deleted", "deleted-last", "added", "moved"],
)
def test_tampering_is_refused_naming_the_segment(rows: object, message: str) -> None:
    doc = document()
    review = reviewed(doc)
    tampered = replace(review, rows=tuple(rows(list(review.rows))))  # type: ignore[operator]
    with pytest.raises(ReviewMismatch, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_rows(doc, tampered)


def test_a_review_of_other_segments_is_refused() -> None:
    doc = document()
    other = doc.map_segments(lambda s: s.with_(source=s.source + "!"))
    with pytest.raises(ReviewMismatch, match="written for another version"):
        check_rows(doc, reviewed(other))


def test_carry_review_keeps_human_work_where_the_source_is_unchanged() -> None:
    doc = document()
    changes: dict[str, Mapping[str, object]] = {
        "p1.s1": {"target": "CNES signed.", "status": "approved"},
        "p1.s2": {"comments": (ReviewedComment("Check."),)},
    }
    review = reviewed(doc, **changes)
    previous = apply_review(doc, review).document
    retranslated = doc.map_segments(lambda s: s.with_(target=(s.target or "") + " (v2)"))
    carried, lost = carry_review(previous, retranslated)
    first, second, third = carried.segments()
    assert first == next(previous.segments())
    assert second.target == "He leaves. (v2)" and [c.text for c in second.comments] == ["Check."]
    assert third.target == "End. (v2)"
    assert lost == ()
    changed = retranslated.map_segments(
        lambda s: s.with_(source="Le CNES a signé.") if s.id == "p1.s1" else s
    )
    assert carry_review(previous, changed)[1] == ("p1.s1",)


def test_decomposed_accents_are_not_an_edit() -> None:
    import unicodedata

    doc = document().map_segments(
        lambda s: (
            s.with_(source=unicodedata.normalize("NFD", "Été " + s.source))
            if s.id == "p1.s3"
            else s
        )
    )
    composed = {"p1.s3": {"source": unicodedata.normalize("NFC", "Été Fin.")}}
    outcome = apply_review(doc, reviewed(doc, **composed))
    assert outcome.document == doc
