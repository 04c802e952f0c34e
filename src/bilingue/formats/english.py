"""The English a publisher writes: each block's text and codes from its segments' targets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from bilingue.document import Block, Document, InlineCode, Segment, SegmentState

__all__ = ["APPROVED_STATES", "EnglishBlock", "english_blocks", "is_approved", "unapproved_ids"]

APPROVED_STATES = frozenset({SegmentState.REVIEWED, SegmentState.FINAL})


@dataclass(frozen=True)
class EnglishBlock:
    """A block as published: the English text and the inline codes over it."""

    block: Block
    text: str
    codes: tuple[InlineCode, ...]


def _rejected(segment: Segment) -> bool:
    # Segment.review (ReviewMark) arrives with the review round trip; absent, not rejected.
    mark = getattr(segment, "review", None)
    return mark is not None and getattr(mark, "status", "") == "rejected"


def is_approved(segment: Segment) -> bool:
    """Reviewed or final, and not rejected by the reviewer (blank segments need nothing)."""
    if not segment.source.strip():
        return True
    return segment.state in APPROVED_STATES and not _rejected(segment)


def unapproved_ids(doc: Document) -> list[str]:
    """Ids of the segments a publication with ``--require-approved`` waits for."""
    return [segment.id for segment in doc.segments() if not is_approved(segment)]


def _english(segment: Segment) -> tuple[str, tuple[InlineCode, ...]]:
    if segment.target is None:
        return segment.source, segment.codes
    if segment.target_codes or not segment.codes:
        # A reviewer's edit may have shortened the text under the codes: clamp them.
        end = len(segment.target)
        return segment.target, tuple(
            replace(c, start=min(c.start, end), end=min(c.end, end)) for c in segment.target_codes
        )
    # Translated before codes were carried (an older sidecar): keep them, at the edges.
    end = len(segment.target)
    return segment.target, tuple(
        replace(c, start=0 if c.start == 0 else end, end=end if c.end else 0) for c in segment.codes
    )


def english_blocks(doc: Document) -> Iterator[EnglishBlock]:
    """Every block with segments, its English joined the way its French was."""
    for block in doc.blocks:
        if not block.segments:
            continue
        text = ""
        codes: list[InlineCode] = []
        for segment in block.segments:
            english, spans = _english(segment)
            offset = len(text)
            codes += [replace(c, start=c.start + offset, end=c.end + offset) for c in spans]
            text += english + segment.space_after
        yield EnglishBlock(block, text.rstrip(), _joined(codes))


def _joined(codes: list[InlineCode]) -> tuple[InlineCode, ...]:
    """Parts of one code cut at segment edges joined again where they touch."""
    out: list[InlineCode] = []
    for code in codes:
        previous = next((c for c in reversed(out) if c.id == code.id), None)
        if (
            previous is not None
            and not code.is_placeholder
            and previous.end >= code.start - 1
            and previous.kind == code.kind
        ):
            out[out.index(previous)] = replace(previous, end=max(previous.end, code.end))
        else:
            out.append(code)
    return tuple(out)
