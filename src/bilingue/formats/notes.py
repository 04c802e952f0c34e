"""What the reviewer is told about each segment and the document, shared by all writers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bilingue.document import Block, Document, Flag, FlagCode, Segment, Severity
from bilingue.flags import lang_kept, term_missing

__all__ = [
    "Note",
    "ReviewCounts",
    "ReviewRow",
    "flag_note",
    "review_counts",
    "review_rows",
    "segment_notes",
]


@dataclass(frozen=True)
class Note:
    """One line of the Notes column; ``severity`` lets a writer colour it."""

    text: str
    severity: Severity = Severity.INFO


@dataclass(frozen=True)
class ReviewRow:
    """One segment as a review writer lays it out: its block, position and notes."""

    block: Block
    segment: Segment
    first_in_block: bool
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class ReviewCounts:
    blocks: int
    segments: int
    translated: int
    untranslated: int  # kept in the source language on purpose (translate False)
    terms_found: int
    terms_expected: int
    flagged: int  # segments carrying at least one flag


def flag_note(flag: Flag) -> Note:
    """The Notes line a flag shows as, in the flag's own severity."""
    return Note(f"[{flag.severity}] {flag.message}", flag.severity)


def segment_notes(segment: Segment, extra_repairs: tuple[Note, ...] = ()) -> tuple[Note, ...]:
    """Repairs, then flags, then missed terms, then why the English cell is as it is."""
    notes: list[Note] = [*extra_repairs]
    notes += [Note(repair.describe()) for repair in segment.repairs]
    notes += [flag_note(flag) for flag in segment.flags]
    codes = {flag.code for flag in segment.flags}
    # The translate stage names each missed term in a "term-missing" flag; a document
    # from elsewhere (an older sidecar) may carry only ok=False hits, so say it once,
    # in the very words the stage would have used.
    if FlagCode.TERM_MISSING not in codes:
        notes += [flag_note(term_missing(hit)) for hit in segment.terms if hit.ok is False]
    if not segment.translate:
        # The detect stage usually explains itself with a "lang-kept" flag already.
        if FlagCode.LANG_KEPT not in codes:
            notes.append(flag_note(lang_kept(segment.lang)))
    elif segment.target is None:
        notes.append(Note("not translated yet", Severity.WARNING))
    return tuple(notes)


def _block_only_repairs(block: Block) -> tuple[Note, ...]:
    """Block repairs that no segment of the block reports itself.

    The cleaner records repairs on blocks; once segmented they may be carried by the
    segments too. Showing each once keeps the Notes column honest either way.
    """
    on_segments = Counter(
        (r.kind, r.before, r.after) for segment in block.segments for r in segment.repairs
    )
    remaining: list[Note] = []
    for repair in block.repairs:
        key = (repair.kind, repair.before, repair.after)
        if on_segments[key]:
            on_segments[key] -= 1
        else:
            remaining.append(Note(repair.describe()))
    return tuple(remaining)


def review_rows(doc: Document) -> Iterator[ReviewRow]:
    """Every segment in document order, with the notes its row shows."""
    for block in doc.blocks:
        block_repairs = _block_only_repairs(block)
        for index, segment in enumerate(block.segments):
            extra = block_repairs if index == 0 else ()
            yield ReviewRow(block, segment, index == 0, segment_notes(segment, extra))


def review_counts(doc: Document) -> ReviewCounts:
    segments = list(doc.segments())
    found, expected = doc.term_accuracy()
    return ReviewCounts(
        blocks=len(doc.blocks),
        segments=len(segments),
        translated=sum(1 for s in segments if s.translate and s.target is not None),
        untranslated=sum(1 for s in segments if not s.translate),
        terms_found=found,
        terms_expected=expected,
        flagged=sum(1 for s in segments if s.flags),
    )
