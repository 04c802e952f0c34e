"""From positioned text lines to raw blocks: running furniture, reading order, kinds.

Pure functions over :class:`Line` (no PDF library here), so every rule is testable on
hand-made lines. The steps:

1. Running headers/footers: a line in the top or bottom band of the page whose text
   (digits ignored) recurs at the same height on at least half the pages, or any
   page-number line there (``3``, ``3/6``, ``– 3 –``, ``Page 3 sur 6``). Removed, and
   returned so the reader can list them: nothing disappears unseen.
2. Reading order per page, by recursive cuts: a vertical gutter no line crosses splits
   the lines into columns (left, then right); otherwise the page is cut into horizontal
   bands, and consecutive bands sharing a gutter are read as one multi-column section.
   A full-width title above two columns, a side column beside the body and a footer
   under both all come out in the order a reader follows.
3. Blocks: a new block where the vertical gap exceeds the paragraph spacing, the
   font changes, a bullet opens a line or an indented first line begins; a paragraph
   broken by a column or page end continues when its text has not ended a sentence.
   Larger or bold short lines are headings (the largest on page 1 the title); a section
   whose short lines align in columns is a table, one TABLE_CELL block per cell.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from bilingue.document import Block, BlockKind, Repair

__all__ = ["Layout", "Line", "find_furniture", "layout_blocks", "reading_order"]

_BAND = 0.12  # top/bottom share of the page where running headers and footers sit
_SAME_HEIGHT = 6.0  # points: one running line, drawn at the same place on each page
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?$"
    r"|^(?:page\s*)?\d{1,4}\s*(?:/|sur|of)\s*\d{1,4}$",
    re.IGNORECASE,
)
_BULLET = re.compile(
    r"^([•●▪◦■□➢►▶✓✔·\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|[-–—*](?=\s)|\d{1,2}[.)](?=\s))\s*"
)
_DOT_LEADER = re.compile(r"\s*(?:\.{4,}|(?:\. ){3,}\.?|…{2,})\s*")
_SENTENCE_END = (".", "!", "?", ":", "»", "…", ";")
_DOCUMENT_LABEL = re.compile(
    r"^(?:communiqué|information|dossier|invitation)(?: de)?(?: presse| bilan)?$", re.IGNORECASE
)
_MAX_HEADING_WORDS = 15
_MIN_SENTENCE_WORDS = 8
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


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = ()


@dataclass
class _Run:
    """Lines read in order as one column section, or a table's rows of cells."""

    lines: list[Line]
    rows: list[list[str]] = field(default_factory=list)  # set for a table
    side: bool = False  # a narrow side column beside the body

    @property
    def right(self) -> float:
        return max(line.x1 for line in self.lines)


def layout_blocks(pages: list[list[Line]]) -> Layout:
    """Raw blocks from every page's lines, furniture removed and listed."""
    furniture = find_furniture(pages)
    runs: list[_Run] = []
    for lines in pages:
        runs.extend(reading_order([line for line in lines if line not in furniture]))
    removed: dict[str, list[str]] = {}
    for line in sorted(furniture, key=lambda ln: (ln.page, ln.top)):
        removed.setdefault(re.sub(r"\d+", "#", line.text), []).append(line.text)
    shown = tuple(f"'{texts[0]}' ({len(texts)}×)" for texts in removed.values())
    return Layout(blocks=_BlockBuilder(runs).build(), removed=shown)


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
    for line in candidates:
        key = re.sub(r"\d+", "#", line.text.strip().lower())
        same = [
            other
            for other in candidates
            if abs(other.top - line.top) <= _SAME_HEIGHT
            and re.sub(r"\d+", "#", other.text.strip().lower()) == key
        ]
        if len({other.page for other in same}) >= need:
            found.update(same)
    return found


def reading_order(lines: list[Line]) -> list[_Run]:
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
        return [_Run(sorted(lines, key=lambda ln: (round(ln.top), ln.x0)))]
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


def _as_table(lines: list[Line], gutters: list[tuple[float, float]]) -> _Run | None:
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
    return _Run(lines, rows=table)


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
        1.5 if c in _WIDE else 1.3 if c.isupper() else 0.55 if c in _NARROW else 1.0
        for c in word
    )
    return right - last.x1 > margin * units * average


def _right_edge(run: _Run, line: Line) -> float:
    """Where lines like ``line`` (same size, same left margin) end at the longest: the
    column's right edge, not that of a wider title or chapô above it."""
    return max(
        other.x1
        for other in run.lines
        if abs(other.size - line.size) < 0.5 and abs(other.x0 - line.x0) < 2 * line.size
    )


@dataclass
class _Draft:
    kind: BlockKind
    lines: list[str]
    last: Line
    right: float
    level: int = 0
    style: str = ""
    size: float = 0.0
    repairs: list[Repair] = field(default_factory=list)
    bold: bool = False


class _BlockBuilder:
    """Walks the runs in order and opens or continues blocks (module doc, step 3)."""

    def __init__(self, runs: list[_Run]) -> None:
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
            for line in run.lines:
                self._line(line, _right_edge(run, line))
            if run.side:
                for draft in self.drafts[first:]:
                    if not draft.style.startswith("list:"):
                        draft.style = "side"
        self._demote_long_bold()
        self._set_heading_levels()
        return tuple(
            Block(
                id=f"p{n}",
                kind=d.kind,
                text="\n".join(d.lines),
                level=d.level,
                style=d.style,
                repairs=tuple(d.repairs),
            )
            for n, d in enumerate(self.drafts, start=1)
        )

    def _table(self, run: _Run) -> None:
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
                            style=f"table:{self.tables}:{r}:{c}",
                        )
                    )

    def _line(self, line: Line, right: float) -> None:
        text = line.text
        repairs: list[Repair] = []
        if _DOT_LEADER.search(text):
            cleaned = _DOT_LEADER.sub(" ", text).strip()
            repairs.append(Repair("dot-leader", text, cleaned))
            text = cleaned
        previous = self.drafts[-1] if self.drafts else None
        # A bullet glyph set as a line of its own opens the item on the next line.
        if previous is not None and previous.kind is BlockKind.LIST_ITEM and not previous.lines:
            previous.lines.append(text)
            previous.last, previous.repairs = line, repairs
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
                    size=line.x0,
                    repairs=repairs,
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
            previous.repairs.extend(repairs)
            return
        style = "bold" if line.bold and not self.body_bold else ""
        self.drafts.append(
            _Draft(BlockKind.PARAGRAPH, [text], line, right, style=style, repairs=repairs)
        )

    def _is_heading(self, line: Line) -> bool:
        words = len(line.text.split())
        if line.size >= self.body * 1.15 and words <= 2 * _MAX_HEADING_WORDS:
            return True
        return (
            line.bold
            and not self.body_bold
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
            return line.x0 > previous.size + 1.0  # hanging indent under the item's text
        # The line before broke early although the next word would have fitted: the
        # writer ended the paragraph (or a contact line) there.
        if _broke_early(previous.right, last, line, 1.5):
            return False
        indented = line.x0 > last.x0 + 1.5 * line.size
        return not (indented and ended)

    def _list_level(self, line: Line, previous: _Draft | None) -> int:
        """Nesting depth from the marker's indent relative to the list's earlier items."""
        if previous is None or previous.kind is not BlockKind.LIST_ITEM:
            return 0
        if line.x0 > previous.size + 0.8 * line.size:
            return previous.level + 1
        for draft in reversed(self.drafts):
            if draft.kind is not BlockKind.LIST_ITEM:
                break
            if abs(draft.size - line.x0) <= 0.8 * line.size:
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
