"""Inline codes as spans over text: moving them when the text changes, cutting them per segment."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

from bilingue.document import InlineCode

__all__ = ["clip_codes", "is_unchanged_at", "map_offset", "remap_codes"]


def map_offset(
    opcodes: Sequence[tuple[str, int, int, int, int]], position: int, *, end: bool
) -> int:
    """Where ``position`` of the old text stands in the new one.

    Inside an unchanged run it moves by the run's shift; inside a changed run it goes
    to the changed run's start (a code's start) or end (a code's end), so a span
    over rewritten text still covers the rewrite.
    """
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal" and i1 <= position < i2:
            return j1 + position - i1
        if tag != "equal" and i1 <= position < i2:
            return j2 if end else j1
    return opcodes[-1][4] if opcodes else position


def remap_codes(old: str, new: str, codes: Sequence[InlineCode]) -> tuple[InlineCode, ...]:
    """``codes`` over ``old`` moved onto ``new`` (a cleaned or typeset copy of it)."""
    if not codes or old == new:
        return tuple(codes)
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    moved: list[InlineCode] = []
    for code in codes:
        start = map_offset(opcodes, code.start, end=False)
        if code.end == code.start:
            moved.append(replace(code, start=start, end=start))
            continue
        # The end is exclusive: map the last covered character, then step past it.
        end = map_offset(opcodes, code.end - 1, end=True)
        end = end + 1 if is_unchanged_at(opcodes, code.end - 1) else end
        moved.append(replace(code, start=start, end=max(start, end)))
    return tuple(moved)


def is_unchanged_at(opcodes: Sequence[tuple[str, int, int, int, int]], position: int) -> bool:
    """Whether ``position`` of the old text lies in a run the rewrite left as it was."""
    return any(tag == "equal" and i1 <= position < i2 for tag, i1, i2, _, _ in opcodes)


def clip_codes(codes: Sequence[InlineCode], start: int, end: int) -> tuple[InlineCode, ...]:
    """The parts of ``codes`` inside ``[start, end)``, rebased to ``start``.

    A paired code crossing the edge is cut (each segment keeps its part, with the
    same id, so a writer can join them again); a placeholder belongs to the range
    holding its position (at ``end`` only for the last range, via ``end`` inclusive
    callers pass).
    """
    out: list[InlineCode] = []
    for code in codes:
        if code.start == code.end:
            if start <= code.start < end:
                out.append(replace(code, start=code.start - start, end=code.start - start))
            continue
        low, high = max(code.start, start), min(code.end, end)
        if low < high:
            out.append(replace(code, start=low - start, end=high - start))
    return tuple(out)
