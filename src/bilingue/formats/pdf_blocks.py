"""Ordered PDF lines → raw blocks: paragraphs, headings, list items, table cells.

A new block starts where the vertical gap exceeds the paragraph spacing, the font
changes, a bullet opens a line, a bold "Label :" opens a line, an indented first line
begins, or the line before broke early although the next word would have fitted. A
paragraph broken by a column or page end goes on when its text has not ended a
sentence and its last line was full. Larger, or bold and short, lines are headings
(the largest on page 1 the title, a document label such as "Communiqué de presse"
excepted); a bold or large run that reads as a sentence is a chapô (style "bold").
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from bilingue.document import Block, BlockKind, TableCell
from bilingue.formats.pdf_layout import Line, Run, find_furniture, reading_order
from bilingue.formats.raw_blocks import raw_block

__all__ = ["Layout", "layout_blocks"]

_BULLET = re.compile(
    r"^([•●▪◦■□➢►▶✓✔·\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|[-–—*](?=\s)|\d{1,2}[.)](?=\s))\s*"
)
_SENTENCE_END = (".", "!", "?", ":", "»", "…", ";")
_DOCUMENT_LABEL = re.compile(
    r"^(?:communiqué|information|dossier|invitation)(?: de)?(?: presse| bilan)?$", re.IGNORECASE
)
_MAX_HEADING_WORDS = 15
_MIN_SENTENCE_WORDS = 8


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    removed: tuple[tuple[str, int], ...] = ()  # (first text seen, times removed)


def layout_blocks(pages: list[list[Line]]) -> Layout:
    """Raw blocks from every page's lines, furniture removed and listed."""
    furniture = find_furniture(pages)
    if sum(len(lines) for lines in pages) == len(furniture):
        furniture = set()  # all the text there is: a one-line page "3" is content
    runs: list[Run] = []
    for lines in pages:
        runs.extend(reading_order([line for line in lines if line not in furniture]))
    removed: dict[str, list[str]] = {}
    for line in sorted(furniture, key=lambda ln: (ln.page, ln.top)):
        removed.setdefault(re.sub(r"\d+", "#", line.text), []).append(line.text)
    shown = tuple((texts[0], len(texts)) for texts in removed.values())
    return Layout(blocks=_BlockBuilder(runs).build(), removed=shown)


# Widths relative to an average character: capitals and m/w are wide, i/l/t and
# punctuation narrow (Helvetica/Arial/Times proportions, close enough for a yes/no).
_NARROW = frozenset("iljtfr.,;:'’!|()- ")
_WIDE = frozenset("mwMW")


def _broke_early(right: float, last: Line, line: Line, margin: float) -> bool:
    """Whether ``last`` ended with room left for the first word of ``line`` (by
    ``margin`` times its estimated width): the writer broke the line on purpose."""
    average = (last.x1 - last.x0) / max(len(last.text), 1)
    word = line.text.split()[0]
    units = 1.0 + sum(
        1.5 if c in _WIDE else 1.3 if c.isupper() else 0.55 if c in _NARROW else 1.0 for c in word
    )
    return right - last.x1 > margin * units * average


def _right_edges(run: Run) -> dict[tuple[float, int], float]:
    """Where lines of each (size, left margin) end at the longest in ``run``: the
    column's right edge for body lines, not that of a wider title or chapô above."""
    edges: dict[tuple[float, int], float] = {}
    for line in run.lines:
        key = (line.size, round(line.x0 / line.size))
        edges[key] = max(edges.get(key, 0.0), line.x1)
    return edges


def _right_edge(edges: dict[tuple[float, int], float], line: Line) -> float:
    column = round(line.x0 / line.size)
    return max(edges.get((line.size, column + shift), 0.0) for shift in (-1, 0, 1))


@dataclass
class _Draft:
    kind: BlockKind
    lines: list[str]
    last: Line
    right: float
    level: int = 0
    style: str = ""
    size: float = 0.0  # font size (headings)
    bold: bool = False
    marker_x: float = 0.0  # where a list item's bullet stands (nesting, hanging indent)
    table: TableCell | None = None


class _BlockBuilder:
    """Walks the runs in order and opens or continues blocks (module doc, step 3)."""

    def __init__(self, runs: list[Run]) -> None:
        self.runs = runs
        text_lines = [line for run in runs if not run.rows for line in run.lines]
        weights: Counter[float] = Counter()
        bold = 0
        for line in text_lines:
            weights[line.size] += len(line.text)
            bold += len(line.text) if line.bold else -len(line.text)
        self.body = weights.most_common(1)[0][0] if weights else 10.0
        self.body_bold = bold > 0
        self.gap = self._paragraph_gap(text_lines)
        self.drafts: list[_Draft] = []
        self.in_side = False
        self.tables = 0

    def _paragraph_gap(self, lines: list[Line]) -> float:
        gaps = [
            b.top - a.bottom
            for a, b in itertools.pairwise(lines)
            if a.page == b.page and a.size == b.size == self.body and b.top - a.bottom >= 0
        ]
        leading = statistics.median(gaps) if gaps else 2.0
        return leading + 0.5 * self.body

    def build(self) -> tuple[Block, ...]:
        for run in self.runs:
            if run.rows:
                self._table(run)
                continue
            first = len(self.drafts)
            edges = _right_edges(run)
            # A side column's lines are short by design (a venue, a date, a price):
            # where one breaks says nothing about where its block ends.
            self.in_side = run.side
            for line in run.lines:
                self._line(line, _right_edge(edges, line))
            if run.side:
                for draft in self.drafts[first:]:
                    if not draft.style.startswith("list:"):
                        draft.style = "side"
        self._demote_long_bold()
        self._set_heading_levels()
        return tuple(
            raw_block(n, d.kind, "\n".join(d.lines), level=d.level, style=d.style, table=d.table)
            for n, d in enumerate(self.drafts, start=1)
        )

    def _table(self, run: Run) -> None:
        self.tables += 1
        last = run.lines[-1]
        for r, row in enumerate(run.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell:
                    self.drafts.append(
                        _Draft(
                            BlockKind.TABLE_CELL,
                            [cell],
                            last,
                            run.right,
                            table=TableCell(self.tables - 1, r - 1, c - 1),
                        )
                    )

    def _line(self, line: Line, right: float) -> None:
        text = line.text
        previous = self.drafts[-1] if self.drafts else None
        # A bullet glyph set as a line of its own opens the item on the next line.
        if previous is not None and previous.kind is BlockKind.LIST_ITEM and not previous.lines:
            previous.lines.append(text)
            previous.last = line
            return
        marker = _BULLET.match(text)
        if marker is not None and line.size <= self.body * 1.1:
            level = self._list_level(line, previous)
            rest = text[marker.end() :]
            self.drafts.append(
                _Draft(
                    BlockKind.LIST_ITEM,
                    [rest] if rest else [],
                    line,
                    right,
                    level=level,
                    style=f"list:{marker.group(1)}",
                    marker_x=line.x0,
                )
            )
            return
        if (
            previous is not None
            and previous.kind is BlockKind.HEADING
            and previous.size == line.size
            and previous.bold == line.bold
            and self._flows(previous.last, line)
            and line.top - previous.last.bottom <= 0.5 * line.size
        ):
            # A heading (or bold chapô) wrapped over several lines.
            previous.lines.append(text)
            previous.last = line
            return
        if (
            previous is not None
            and previous.kind is BlockKind.HEADING
            and previous.size < self.body * 1.15
            and previous.lines[-1].endswith(":")
            and not line.bold
            and self._flows(previous.last, line)
            and line.top - previous.last.bottom <= self.gap
        ):
            # A bold "Programme complet :" run straight into what it introduces.
            previous.kind = BlockKind.PARAGRAPH
            previous.lines.append(text)
            previous.last, previous.right = line, right
            return
        if self._is_heading(line) and not (
            previous is not None
            and line.size < self.body * 1.15
            and previous.kind is BlockKind.PARAGRAPH
            and self._flows(previous.last, line)
            and line.top - previous.last.bottom <= self.gap
            and not previous.lines[-1].endswith(_SENTENCE_END)
        ):
            if (
                previous is not None
                and previous.kind is BlockKind.HEADING
                and previous.size == line.size
                and self._flows(previous.last, line)
                and line.top - previous.last.bottom <= line.size
            ):
                previous.lines.append(text)
                previous.last = line
                return
            self.drafts.append(
                _Draft(BlockKind.HEADING, [text], line, right, size=line.size, bold=line.bold)
            )
            return
        if previous is not None and self._continues(previous, line):
            previous.lines.append(text)
            previous.last, previous.right = line, right
            return
        style = "bold" if line.bold and not self.body_bold else ""
        self.drafts.append(_Draft(BlockKind.PARAGRAPH, [text], line, right, style=style))

    def _is_heading(self, line: Line) -> bool:
        words = len(line.text.split())
        if line.size >= self.body * 1.15 and words <= 2 * _MAX_HEADING_WORDS:
            return True
        return (
            line.bold
            and not self.body_bold
            and line.size >= self.body  # bold notes in small print are not headings
            and words <= _MAX_HEADING_WORDS
            and not line.text.endswith((".", ","))
        )

    def _flows(self, last: Line, line: Line) -> bool:
        """``line`` sits under ``last`` in the same column of the same page."""
        return (
            last.page == line.page
            and line.top >= last.bottom - 1.0
            and line.x0 < last.x1
            and last.x0 < line.x1
        )

    def _continues(self, previous: _Draft, line: Line) -> bool:
        last = previous.last
        if previous.kind is BlockKind.HEADING or abs(line.size - last.size) > 0.5:
            return False
        if previous.kind is BlockKind.TABLE_CELL or not previous.lines:
            return False
        if not self._flows(last, line):
            # A column or page break: the paragraph goes on while no sentence has ended
            # and its last line was full (the next word would not have fitted on it).
            return (
                previous.kind is BlockKind.PARAGRAPH
                and not previous.lines[-1].endswith(_SENTENCE_END)
                and not _broke_early(previous.right, last, line, 1.1)
            )
        ended = previous.lines[-1].endswith(_SENTENCE_END)
        if line.top - last.bottom > self.gap or (line.bold != last.bold and ended):
            return False
        if line.label and not last.bold:
            return False  # "Contact presse : …" under "Contact AFUP : …" opens its own block
        if previous.kind is BlockKind.LIST_ITEM:
            return line.x0 > previous.marker_x + 1.0  # hanging indent under the item's text
        # The line before broke early although the next word would have fitted: the
        # writer ended the paragraph (or a contact line) there.
        if not self.in_side and _broke_early(previous.right, last, line, 1.5):
            return False
        indented = line.x0 > last.x0 + 1.5 * line.size
        return not (indented and ended)

    def _list_level(self, line: Line, previous: _Draft | None) -> int:
        """Nesting depth from the marker's indent relative to the list's earlier items."""
        if previous is None or previous.kind is not BlockKind.LIST_ITEM:
            return 0
        if line.x0 > previous.marker_x + 0.8 * line.size:
            return previous.level + 1
        for draft in reversed(self.drafts):
            if draft.kind is not BlockKind.LIST_ITEM:
                break
            if abs(draft.marker_x - line.x0) <= 0.8 * line.size:
                return draft.level
        return 0

    def _demote_long_bold(self) -> None:
        """A bold run of body-size lines that reads as prose is a bold lead, not a heading."""
        for draft in self.drafts:
            if draft.kind is not BlockKind.HEADING or draft.size >= self.body * 1.15:
                continue
            text = " ".join(draft.lines)
            if len(draft.lines) > 2 or len(text.split()) > _MAX_HEADING_WORDS or text.endswith("."):
                draft.kind = BlockKind.PARAGRAPH
                draft.style = draft.style or ("bold" if draft.bold else "")
        for draft in self.drafts:
            text = " ".join(draft.lines)
            words = len(text.split())
            if draft.kind is BlockKind.HEADING and (
                len(draft.lines) > 3
                or words > 2 * _MAX_HEADING_WORDS
                # A sentence, not a title: a chapô set large (headings end without a stop).
                or (text.endswith(".") and words >= _MIN_SENTENCE_WORDS)
            ):
                draft.kind = BlockKind.PARAGRAPH
                draft.style = draft.style or ("bold" if draft.bold else "")

    def _set_heading_levels(self) -> None:
        headings = [d for d in self.drafts if d.kind is BlockKind.HEADING]
        for draft in headings:
            draft.level = 2
        titles = [
            d
            for d in headings
            if d.last.page == 0 and not _DOCUMENT_LABEL.match(" ".join(d.lines).strip())
        ]
        if titles:
            max(titles, key=lambda d: d.size).level = 1
