"""The clean stage: raw reader blocks → tidy, classified blocks with every repair recorded.

What it does, block by block:

- Rebuilds paragraphs from hard-wrapped lines (lines stripped, joined with one space).
  Unwrapping is not reported as a repair: every paragraph of a PDF extraction is
  wrapped, so one repair per paragraph would be noise that hides the real ones.
- Rejoins end-of-line hyphenation when the joined word is known and the hyphenated
  compound is not ("coopé-⏎ration" → "coopération"); real hyphens stay ("Jean-Yves",
  "accord-cadre", "Vega-C"). Reported as "hyphenation".
- Collapses runs of spaces and tabs to one space. A run holding a no-break space
  (U+00A0) or narrow no-break space (U+202F) becomes one U+00A0: French typography
  puts it before ``: ; ! ? »`` and after ``«``, and keeping one kind of no-break space
  lets later stages match a single character. Reported as one "spaces" repair per
  block (before "N doubled spaces", after "single spaces", start = end = the place
  of the first collapsed run, so the note lands on the sentence that had it).
- Rejoins words split by spurious spaces ("Cet te" → "Cette", "V ladimir" →
  "Vladimir") when word frequencies make the join clearly right (see
  :func:`bilingue.stages.words.should_join`). Reported as "split-word".
- Drops empty blocks and renumbers ids p1..pn.

Structure (only PARAGRAPH blocks are reclassified; kinds set by a DOCX reader stay):
the title at the top becomes HEADING level 1; a short block with a date and no final
period becomes DATELINE; lines starting with a list marker become one LIST_ITEM each,
the marker kept out of the text and in ``Block.style`` as ``"list:<marker>"``; a block
entirely inside « » becomes QUOTE; a short title-like line followed by a paragraph
becomes HEADING level 2.

Repair offsets locate ``after`` in the cleaned block text: ``text[start:end] == after``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingue.document import Block, BlockKind, Document, Repair
from bilingue.inline import remap_codes
from bilingue.stages.words import should_dehyphenate, should_join

__all__ = ["clean", "clean_text", "split_list_items"]

# Horizontal whitespace a PDF or Word export leaves inside lines.
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0\u202f\u2000-\u200a]+")
_NO_BREAK = frozenset("\u00a0\u202f")

# A line ending in letter/digit + hyphen, and the word opening the next line.
_LINE_END_HYPHEN = re.compile(r"([^\W_]*)([-\u2010\u00ad])$")
_LINE_START_WORD = re.compile(r"[^\W_]+")

# Words, with inner apostrophes and hyphens kept in one token so "l’ESA" or
# "Jean-Yves" are never candidates for a split-word join.
_TOKEN = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")

# "- ", "– ", "— ", "• ", "* ", "1. ", "12) " at the start of a line.
_LIST_MARKER = re.compile(r"^([-–—•*]|\d{1,2}[.)])\s+(?=\S)")

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|"
    "octobre|novembre|décembre|decembre"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})\b",
    re.IGNORECASE,
)

_DATELINE_MAX_WORDS = 12
_DATELINE_MAX_INDEX = 3  # datelines sit under the title, never deep in the text
_TITLE_MAX_WORDS = 40
_TITLE_MAX_LINES = 3
_HEADING_MAX_WORDS = 11
_HEADING_MAX_LINES = 2
_NOT_TITLE_END = frozenset(".:;")
_NOT_HEADING_END = frozenset(".,;:!»…")


@dataclass(frozen=True)
class _Piece:
    """A block's raw lines before cleaning, with the kind it will start from."""

    source: Block
    lines: tuple[str, ...]
    kind: BlockKind
    style: str


def clean(doc: Document) -> Document:
    """Unwrap, repair and classify ``doc``'s raw blocks; a new Document (see module doc)."""
    pieces: list[_Piece] = []
    for block in doc.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            pieces.extend(_split_paragraph(block))
        else:
            pieces.append(_Piece(block, tuple(block.text.split("\n")), block.kind, block.style))
    cleaned: list[tuple[_Piece, Block]] = []
    for piece in pieces:
        text, repairs = clean_text(piece.lines)
        if text:
            # with_ keeps what the reader knew (structure, anchor); codes follow the text.
            block = piece.source.with_(
                id="",
                kind=piece.kind,
                text=text,
                segments=(),
                repairs=(*piece.source.repairs, *repairs),
                style=piece.style,
                codes=remap_codes(piece.source.text, text, piece.source.codes),
            )
            cleaned.append((piece, block))
    blocks = _classify([block for _, block in cleaned], [len(p.lines) for p, _ in cleaned])
    return doc.with_(blocks=tuple(b.with_(id=f"p{n}") for n, b in enumerate(blocks, start=1)))


def clean_text(lines: Sequence[str]) -> tuple[str, tuple[Repair, ...]]:
    """One paragraph's text from its raw ``lines``, and the repairs made to get it."""
    doubled = 0
    first_doubled: tuple[int, int] | None = None  # (line index in tidy, offset in line)
    tidy: list[str] = []
    for line in lines:
        line, count, offset = _collapse_spaces(line)
        if count and first_doubled is None and line:
            first_doubled = (len(tidy), offset)
        doubled += count
        if line:
            tidy.append(line)
    text, hyphenations, line_starts = _unwrap(tidy)
    text, joins, removed = _join_split_words(text)
    repairs = [
        Repair(
            "hyphenation",
            before,
            after,
            _shift(start, removed),
            _shift(start, removed) + len(after),
        )
        for start, before, after in hyphenations
    ]
    repairs.extend(joins)
    repairs.sort(key=lambda r: r.start)
    if doubled:
        plural = "s" if doubled > 1 else ""
        # Located at the first collapsed run, so the note lands on the sentence that had it.
        at = 0
        if first_doubled is not None:
            at = _shift(line_starts[first_doubled[0]] + first_doubled[1], removed)
        # Zero-width: the summary points at a place, it does not span a fix.
        repairs.append(
            Repair("spaces", f"{doubled} doubled space{plural}", "single spaces", at, at)
        )
    return text, tuple(repairs)


def split_list_items(lines: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Group ``lines`` into (marker, lines) runs; marker "" for text before a list.

    A marked line opens an item when it starts the block, follows a line ending a
    sentence or clause (``: ; . ! ?``), or follows another item: a wrapped sentence whose
    next line happens to start with "12. " is not a list. Unmarked lines continue the
    current run.
    """
    groups: list[tuple[str, list[str]]] = []
    in_list = False
    previous = ""
    for line in lines:
        match = _LIST_MARKER.match(line.strip())
        opens = match is not None and (
            not groups or in_list or previous.rstrip().endswith((":", ";", ".", "!", "?"))
        )
        if match is not None and opens:
            groups.append((match.group(1), [line.strip()[match.end() :]]))
            in_list = True
        elif groups:
            groups[-1][1].append(line)
        else:
            groups.append(("", [line]))
        if line.strip():
            previous = line
    return groups


def _split_paragraph(block: Block) -> list[_Piece]:
    lines = block.text.split("\n")
    groups = split_list_items(lines)
    if len(groups) == 1 and not groups[0][0]:
        return [_Piece(block, tuple(lines), block.kind, block.style)]
    return [
        _Piece(
            block,
            tuple(group),
            BlockKind.LIST_ITEM if marker else BlockKind.PARAGRAPH,
            f"list:{marker}" if marker else block.style,
        )
        for marker, group in groups
    ]


def _collapse_spaces(line: str) -> tuple[str, int, int]:
    """``line`` stripped with inner space runs collapsed, how many runs were doubled,
    and where the first doubled run stands in the collapsed line (-1 if none)."""
    doubled = 0
    first = -1
    removed_before = 0

    def one(match: re.Match[str]) -> str:
        nonlocal doubled, first, removed_before
        run = match.group(0)
        if len(run) > 1 or run == "\t":
            doubled += 1
            if first < 0:
                first = match.start() - removed_before
        removed_before += len(run) - 1
        return "\u00a0" if _NO_BREAK.intersection(run) else " "

    # str.strip() drops every Unicode space, no-break ones included: at a line's edge
    # they are extraction noise, and the line is rejoined with a plain space anyway.
    return _SPACE_RUN.sub(one, line.strip()), doubled, first


def _unwrap(lines: Sequence[str]) -> tuple[str, list[tuple[int, str, str]], list[int]]:
    """Lines joined with one space, end-of-line hyphens resolved; (start, before, after)
    for each hyphenation; and where each line starts in the joined text."""
    text = ""
    hyphenations: list[tuple[int, str, str]] = []
    starts: list[int] = []
    for line in lines:
        starts.append(len(text) + 1 if text else 0)
        if not text:
            text = line
            continue
        end = _LINE_END_HYPHEN.search(text)
        if end is None or not end.group(1) or not line[0].isalnum():
            text += " " + line
            continue
        left, hyphen = end.group(1), end.group(2)
        start_word = _LINE_START_WORD.match(line)
        right = start_word.group(0) if start_word else ""
        # A soft hyphen (U+00AD) only ever marks a break inside a word.
        if right and (hyphen == "\u00ad" or should_dehyphenate(left, right)):
            hyphenations.append((end.start(1), f"{left}-{right}", left + right))
            text = text[: end.start(2)] + line
        else:
            text = text[: end.start(2)] + ("-" if hyphen == "\u00ad" else hyphen) + line
        starts[-1] = len(text) - len(line)
    return text, hyphenations, starts


def _join_split_words(text: str) -> tuple[str, list[Repair], list[int]]:
    """``text`` with split words rejoined, the repairs, and removed-space positions."""
    tokens = list(_TOKEN.finditer(text))
    removed: list[int] = []
    index = 0
    while index < len(tokens) - 1:
        left, right = tokens[index], tokens[index + 1]
        if (
            left.end() + 1 == right.start()
            and text[left.end()] == " "
            and should_join(left.group(0), right.group(0))
        ):
            removed.append(left.end())
            index += 2  # never chain: a joined word is not joined again
            continue
        index += 1
    if not removed:
        return text, [], []
    pieces: list[str] = []
    repairs: list[Repair] = []
    last = 0
    for position in removed:
        pieces.append(text[last:position])
        last = position + 1
    pieces.append(text[last:])
    new_text = "".join(pieces)
    for shift, position in enumerate(removed):
        start = _word_start(text, position)
        end = _word_end(text, position + 1)
        after = text[start:position] + text[position + 1 : end]
        new_start = start - shift
        repairs.append(
            Repair("split-word", text[start:end], after, new_start, new_start + len(after))
        )
    return new_text, repairs, removed


def _word_start(text: str, position: int) -> int:
    while position > 0 and text[position - 1].isalpha():
        position -= 1
    return position


def _word_end(text: str, position: int) -> int:
    while position < len(text) and text[position].isalpha():
        position += 1
    return position


def _shift(position: int, removed: Sequence[int]) -> int:
    """Where ``position`` lands once the spaces at ``removed`` are deleted."""
    return position - sum(1 for r in removed if r < position)


def _classify(blocks: list[Block], line_counts: list[int]) -> list[Block]:
    """Blocks with PARAGRAPH kinds refined into title, dateline, quote and headings."""
    out = list(blocks)
    has_title = any(b.kind is BlockKind.HEADING and b.level == 1 for b in out)
    for index, block in enumerate(out):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        if index <= _DATELINE_MAX_INDEX and _is_dateline(block.text):
            out[index] = block.with_(kind=BlockKind.DATELINE)
        elif _is_quote(block.text):
            out[index] = block.with_(kind=BlockKind.QUOTE)
        elif (
            index == 0
            and not has_title
            and len(out) > 1
            and line_counts[index] <= _TITLE_MAX_LINES
            and _is_title_like(block.text, _TITLE_MAX_WORDS, _NOT_TITLE_END)
        ):
            out[index] = block.with_(kind=BlockKind.HEADING, level=1)
    # Backwards, so each block sees the final kind of the one after it.
    for index in range(len(out) - 2, 0, -1):
        block = out[index]
        if (
            block.kind is BlockKind.PARAGRAPH
            and out[index + 1].kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            and line_counts[index] <= _HEADING_MAX_LINES
            and _is_title_like(block.text, _HEADING_MAX_WORDS, _NOT_HEADING_END)
        ):
            out[index] = block.with_(kind=BlockKind.HEADING, level=2)
    return out


def _is_title_like(text: str, max_words: int, bad_ends: frozenset[str]) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return (
        len(text.split()) <= max_words
        and text[-1] not in bad_ends
        and (first.isupper() or first.isdigit())
    )


def _is_dateline(text: str) -> bool:
    return (
        len(text.split()) <= _DATELINE_MAX_WORDS
        and not text.endswith(".")
        and _DATE.search(text) is not None
    )


def _is_quote(text: str) -> bool:
    body = text[:-1] if text.endswith(".") else text
    return body.startswith("«") and body.endswith("»") and body.find("»") == len(body) - 1
