"""Positioned text lines on PDF pages: running furniture and reading order.

Pure functions over :class:`Line` (no PDF library here), so every rule is testable on
hand-made lines; :mod:`bilingue.formats.pdf_blocks` turns the ordered lines into blocks.

1. Running headers/footers: a line in the top or bottom band of the page whose text
   (digits ignored) recurs at the same height on at least half the pages, or any
   page-number line there (``3``, ``3/6``, ``– 3 –``, ``Page 3 sur 6``). Removed, and
   returned so the reader can list them: nothing disappears unseen.
2. Reading order per page, by recursive cuts: a vertical gutter no line crosses splits
   the lines into columns (left, then right; a narrow side column after the body);
   otherwise the page is cut into horizontal bands, and consecutive bands sharing a
   gutter are read as one multi-column section. A full-width title above two columns,
   a side column beside the body and a footer under both come out in reading order.
3. Tables: a multi-column section of short lines aligned in rows, whose columns do
   not wrap like prose, is a table (rows of cells).
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field, replace

__all__ = ["Line", "Run", "find_furniture", "reading_order"]

_BAND = 0.12  # top/bottom share of the page where running headers and footers sit
_SAME_HEIGHT = 6.0  # points: one running line, drawn at the same place on each page
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:/|sur|of)\s*\d{1,4}$",
    re.IGNORECASE,
)
_MAX_TABLE_WORDS = 4  # median words per cell line; text columns wrap long lines
_MIN_PROSE_WRAPS = 0.25  # share of lines running on to the next: columns of prose


@dataclass(frozen=True)
class Line:
    """One line of text on a page; ``top``/``bottom`` are measured down from the top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    page: int = 0
    page_width: float = 595.0
    page_height: float = 842.0
    label: bool = False  # opens with a bold "Label :" run ("Contact presse :")

    def joined(self, other: Line) -> Line:
        """This line continued by ``other`` on the same baseline band."""
        space = "" if other.x0 - self.x1 < 0.15 * self.size else " "
        main = self if len(self.text) >= len(other.text) else other
        return replace(
            self,
            text=self.text + space + other.text,
            x1=max(self.x1, other.x1),
            top=min(self.top, other.top),
            bottom=max(self.bottom, other.bottom),
            size=main.size,
            bold=main.bold,
        )


@dataclass
class Run:
    """Lines read in order as one column section, or a table's rows of cells."""

    lines: list[Line]
    rows: list[list[str]] = field(default_factory=list)  # set for a table
    side: bool = False  # a narrow side column beside the body

    @property
    def right(self) -> float:
        return max(line.x1 for line in self.lines)


def find_furniture(pages: list[list[Line]]) -> set[Line]:
    """Running headers, footers and page numbers (see module doc, step 1)."""
    candidates = [
        line
        for lines in pages
        for line in lines
        if line.top < line.page_height * _BAND or line.bottom > line.page_height * (1 - _BAND)
    ]
    found = {line for line in candidates if _PAGE_NUMBER.match(line.text.strip())}
    if len(pages) < 2:
        return found
    need = max(2, (len(pages) + 1) // 2)
    by_text: dict[str, list[Line]] = {}
    for line in candidates:
        by_text.setdefault(re.sub(r"\d+", "#", line.text.strip().lower()), []).append(line)
    for same_text in by_text.values():
        if len({line.page for line in same_text}) < need:
            continue
        for line in same_text:
            same = [o for o in same_text if abs(o.top - line.top) <= _SAME_HEIGHT]
            if len({other.page for other in same}) >= need:
                found.update(same)
    return found


def reading_order(lines: list[Line]) -> list[Run]:
    """One page's lines as runs in reading order (see module doc, step 2)."""
    if not lines:
        return []
    gutters = _gutters(lines)
    if gutters:
        table = _as_table(lines, gutters)
        if table is not None:
            return [table]
        cut = max(gutters, key=lambda g: g[1] - g[0])
        left = [line for line in lines if line.x1 <= cut[0] + 0.5]
        right = [line for line in lines if line.x1 > cut[0] + 0.5]
        if _is_side_column(left, right):
            # A narrow side column (dates, venue, prices) is read after the body it
            # flanks, so the body's paragraphs stay whole and its dateline stays first.
            aside = reading_order(left)
            for run in aside:
                run.side = True
            return reading_order(right) + aside
        return reading_order(left) + reading_order(right)
    groups = _sections(_bands(lines))
    if len(groups) == 1:
        return [Run(sorted(lines, key=lambda ln: (round(ln.top), ln.x0)))]
    return [run for group in groups for run in reading_order(group)]


def _is_side_column(left: list[Line], right: list[Line]) -> bool:
    def width(lines: list[Line]) -> float:
        return max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)

    return width(left) < 0.3 * left[0].page_width and width(right) > 2 * width(left)


def _gutters(lines: list[Line]) -> list[tuple[float, float]]:
    """Vertical strips no line crosses, between the leftmost and rightmost text."""
    spans = sorted((line.x0, line.x1) for line in lines)
    minimum = 0.5 * statistics.median(line.size for line in lines)
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= minimum:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _bands(lines: list[Line]) -> list[list[Line]]:
    bands: list[list[Line]] = []
    bottom = float("-inf")
    for line in sorted(lines, key=lambda ln: ln.top):
        if not bands or line.top >= bottom - 1.0:
            bands.append([line])
            bottom = line.bottom
        else:
            bands[-1].append(line)
            bottom = max(bottom, line.bottom)
    return bands


def _sections(bands: list[list[Line]]) -> list[list[Line]]:
    """Consecutive bands merged while they share a gutter (or while neither has one).

    A band with no gutter of its own joins a multi-column section (or a section with
    none joins a multi-column band) only when its lines fit inside the columns: a short
    line beside an empty column does, a heading or paragraph crossing a gutter does not.
    """
    groups: list[list[Line]] = []
    for band in bands:
        if groups:
            group = groups[-1]
            group_gutters, band_gutters = _gutters(group), _gutters(band)
            union = group + band
            if not group_gutters and not band_gutters:
                groups[-1] = union
                continue
            fits = (
                _fits_columns(band, group, group_gutters)
                if group_gutters
                else _fits_columns(group, band, band_gutters)
            )
            if _gutters(union) and (fits or (group_gutters and band_gutters)):
                groups[-1] = union
                continue
        groups.append(list(band))
    return groups


def _fits_columns(band: list[Line], group: list[Line], gutters: list[tuple[float, float]]) -> bool:
    edges = [
        min(ln.x0 for ln in group),
        *(x for g in gutters for x in g),
        max(ln.x1 for ln in group),
    ]
    columns = list(zip(edges[::2], edges[1::2], strict=True))
    return all(
        any(start - line.size <= line.x0 and line.x1 <= end + line.size for start, end in columns)
        for line in band
    )


def _wrapped_share(lines: list[Line], gutters: list[tuple[float, float]]) -> float:
    """Share of lines whose text runs on to the next line of the same column (a line
    ending in a hyphen, or followed by one starting in lower case): prose wraps, table
    cells rarely do."""
    edges = [g[0] for g in gutters]
    columns: dict[int, list[Line]] = {}
    for line in lines:
        columns.setdefault(sum(1 for edge in edges if line.x0 > edge), []).append(line)
    wrapped = 0
    for column in columns.values():
        column.sort(key=lambda ln: ln.top)
        for above, below in itertools.pairwise(column):
            if above.text.endswith("-") or below.text[:1].islower():
                wrapped += 1
    return wrapped / len(lines)


def _as_table(lines: list[Line], gutters: list[tuple[float, float]]) -> Run | None:
    """The lines as a table's rows when they are short cells aligned in columns."""
    rows = _bands(lines)
    if len(rows) < 2 or sum(1 for row in rows if len(row) >= 2) * 2 < len(rows):
        return None
    if statistics.median(len(line.text.split()) for line in lines) > _MAX_TABLE_WORDS:
        return None
    if _wrapped_share(lines, gutters) >= _MIN_PROSE_WRAPS:
        return None  # columns of running text, however short their lines
    edges = [g[0] for g in gutters]
    table = []
    for row in rows:
        cells = [""] * (len(edges) + 1)
        for line in sorted(row, key=lambda ln: ln.x0):
            column = sum(1 for edge in edges if line.x0 > edge)
            cells[column] = f"{cells[column]}\n{line.text}" if cells[column] else line.text
        table.append(cells)
    return Run(lines, rows=table)
