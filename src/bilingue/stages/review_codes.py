"""The reviewer's formatting as target codes: what the English cell's runs say, ids kept.

The review DOCX shows a segment's codes as formatting (``formats/review_format.py``);
this reads the formatting the reviewer left back into :class:`InlineCode` spans over
the imported English. A span overlapping a code of the same kind (and URL) keeps
that code's id; a new one gets a fresh ``r<n>`` id. Placeholders come back from
their markers, matched to the ones shown in order; one the reviewer deleted is put
back at the end of the English and reported (never dropped: a footnote without its
reference breaks the published document), an extra one (a pasted marker) is left out.
Codes the cell cannot show (kinds other than bold, italic, underline, sup, sub and
links) follow the text as it changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from bilingue.document import FlagCode, InlineCode
from bilingue.formats.review_format import FORMAT_KINDS, CellFormat
from bilingue.inline import remap_codes

__all__ = ["CODE_LOST", "ReviewedCodes", "reviewed_codes", "same_formatting"]

CODE_LOST = FlagCode.CODE_LOST
_SHOWN_KINDS = frozenset({*FORMAT_KINDS, "link"})


@dataclass(frozen=True)
class ReviewedCodes:
    codes: tuple[InlineCode, ...]
    lost: tuple[InlineCode, ...] = ()  # placeholders whose marker the reviewer deleted
    added: tuple[str, ...] = ()  # kinds of markers the reviewer added (left out)

    def message(self) -> str:
        parts = []
        if self.lost:
            names = ", ".join(f"{c.kind} {c.id}" for c in self.lost)
            parts.append(f"deleted in review, put back at the end of the English: {names}")
        if self.added:
            parts.append(f"added in review, left out: {', '.join(self.added)}")
        return "; ".join(parts)


def _shown(code: InlineCode) -> bool:
    if code.kind == "link":
        return bool(code.data) and code.start < code.end
    return code.kind in _SHOWN_KINDS and code.start < code.end


def _coverage(
    spans: list[tuple[str, int, int, str]], length: int
) -> frozenset[tuple[str, str, int]]:
    """Which characters carry which formatting, so touching spans compare equal to one."""
    links = {i for kind, start, end, _ in spans if kind == "link" for i in range(start, end)}
    return frozenset(
        (kind, data if kind == "link" else "", i)
        for kind, start, end, data in spans
        for i in range(max(start, 0), min(end, length))
        if not (kind == "underline" and i in links)  # a link's underline is not read back
    )


def _under_kept_link(code: InlineCode, links: list[InlineCode], reviewed: CellFormat) -> bool:
    """An underline that is part of a link's look, and the link is still there."""
    urls = {k.data for k in links if k.start <= code.start and code.end <= k.end}
    return any(s.kind == "link" and s.data in urls for s in reviewed.spans)


def same_formatting(text: str, shown: tuple[InlineCode, ...], reviewed: CellFormat) -> bool:
    """Whether the cell shows ``shown``'s formatting and placeholders exactly as written."""
    length = len(text)
    before = _coverage([(c.kind, c.start, c.end, c.data) for c in shown if _shown(c)], length)
    after = _coverage([(s.kind, s.start, s.end, s.data) for s in reviewed.spans], length)
    places = sorted((min(c.start, length), c.kind) for c in shown if c.is_placeholder)
    found = sorted((position, kind) for kind, position in reviewed.markers)
    return before == after and places == found


def reviewed_codes(
    old_text: str, shown: tuple[InlineCode, ...], new_text: str, reviewed: CellFormat
) -> ReviewedCodes:
    """The codes over ``new_text`` that the reviewed cell's formatting and markers give."""
    taken = {c.id for c in shown}
    fresh = (f"r{n}" for n in range(1, 1_000_000) if f"r{n}" not in taken)
    used: set[str] = set()
    codes: list[InlineCode] = []
    moved = remap_codes(old_text, new_text, shown)  # where the shown codes now stand
    for span in reviewed.spans:
        match = next(
            (
                c
                for c in moved
                if _shown(c)
                and c.id not in used
                and c.kind == span.kind
                and (span.kind != "link" or c.data == span.data)
                and c.start < span.end
                and span.start < c.end
            ),
            None,
        )
        code_id = match.id if match else next(fresh)
        used.add(code_id)
        ref = match.ref if match else ""
        codes.append(InlineCode(code_id, span.kind, span.start, span.end, span.data, ref))
    # What the cell cannot show follows the text: unknown kinds, and a link's underline.
    links = [c for c in shown if c.kind == "link" and _shown(c)]
    hidden = tuple(
        c
        for c in shown
        if not c.is_placeholder
        and (not _shown(c) or (c.kind == "underline" and _under_kept_link(c, links, reviewed)))
    )
    codes += remap_codes(old_text, new_text, hidden)
    placeholders = sorted((c for c in shown if c.is_placeholder), key=lambda c: c.start)
    markers = list(reviewed.markers)
    matcher = difflib.SequenceMatcher(
        None, [c.kind for c in placeholders], [kind for kind, _ in markers], autojunk=False
    )
    matched: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            matched[block.a + offset] = block.b + offset
    lost: list[InlineCode] = []
    end = len(new_text)
    for index, code in enumerate(placeholders):
        at = markers[matched[index]][1] if index in matched else end
        codes.append(InlineCode(code.id, code.kind, at, at, code.data, code.ref))
        if index not in matched:
            lost.append(code)
    added = tuple(kind for i, (kind, _) in enumerate(markers) if i not in matched.values())
    ordered = sorted(codes, key=lambda c: (c.start, -c.end))
    return ReviewedCodes(tuple(ordered), tuple(lost), added)
