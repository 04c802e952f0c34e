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

Before anything, page-number lines and running footers left in extracted text are
dropped and listed in ``Document.notes`` (:func:`bilingue.stages.structure.drop_page_furniture`).
Lines starting with a list marker become one LIST_ITEM each, the marker kept out of
the text and in ``Block.style`` as ``"list:<marker>"``. Then the press-release
structure (title, lead, dateline, headings, quotes, "À propos" and contact blocks) is
read by :func:`bilingue.stages.structure.classify`.

Repair offsets locate ``after`` in the cleaned block text: ``text[start:end] == after``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingue.collector import collector_paused
from bilingue.document import Block, BlockKind, Document, Repair
from bilingue.inline import remap_codes
from bilingue.stages.structure import classify, drop_page_furniture
from bilingue.stages.words import should_dehyphenate, should_join

__all__ = ["clean", "clean_text", "split_list_items"]

# Horizontal whitespace a PDF or Word export leaves inside lines.
_SPACE_RUN = re.compile(r"[ \t\f\v\u00a0\u202f\u2000-\u200a]+")
_NO_BREAK = frozenset("\u00a0\u202f")

# A line ending in letter/digit + hyphen, and the word opening the next line.
_LINE_END_HYPHEN = re.compile(r"([^\W_]*)([-\u2010\u00ad])$")
_LINE_START_WORD = re.compile(r"[^\W_]+")

# A URL or e-mail at a line end that a line break has cut, and what continues it: a
# lower-case run with URL punctuation and no space ("es/forumphp/", "communication.com").
_URL_TAIL = re.compile(
    r"(?:https?://|www\.|[\w.+\-]+@)\S*(?:[/@._\-=?&#~%]|[/.@]\w+)$", re.IGNORECASE
)
_PATH_SEGMENT = re.compile(r"[a-z0-9][\w~%]*-[\w\-~%]*[^\w\s]?(?=\s|$)")
_URL_CONTINUATION = re.compile(r"[a-z0-9][\w\-~%]*[/._=?&#]\S*(?=\s|$)")

# Words, with inner apostrophes and hyphens kept in one token so "l’ESA" or
# "Jean-Yves" are never candidates for a split-word join.
_TOKEN = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")

_LIST_HEADING_MAX_WORDS = 11
_TOC_ENTRY = re.compile(r"(?:\.{4,}|(?:\. ){3,}\.?|…{2,})\s*\d+\s*$")
_DOT_LEADER = re.compile(r"\s*(?:\.{4,}|(?:\. ){3,}\.?|…{2,})\s*")

# "- ", "– ", "— ", "• ", "* ", "1. ", "12) " at the start of a line.
_LIST_MARKER = re.compile(r"^([-–—•*]|\d{1,2}[.)])\s+(?=\S)")


@dataclass(frozen=True)
class _Piece:
    """A block's raw lines before cleaning, with the kind it will start from."""

    source: Block
    lines: tuple[str, ...]
    kind: BlockKind
    style: str
    list_kind: str = ""  # "bullet" or "number" for an item split out of a paragraph
    list_level: int = 0


@collector_paused()
def clean(doc: Document) -> Document:
    """Unwrap, repair and classify ``doc``'s raw blocks; a new Document (see module doc)."""
    doc = drop_page_furniture(doc)
    pieces: list[_Piece] = []
    for block in doc.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            pieces.extend(_split_paragraph(block))
        else:
            pieces.append(
                _Piece(
                    block,
                    tuple(block.text.split("\n")),
                    block.kind,
                    block.style,
                    block.list_kind,
                    block.list_level,
                )
            )
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
                list_kind=piece.list_kind,
                list_level=piece.list_level,
                style=piece.style,
                codes=remap_codes(piece.source.text, text, piece.source.codes),
            )
            cleaned.append((piece, block))
    blocks = classify([block for _, block in cleaned], [len(p.lines) for p, _ in cleaned])
    return doc.with_(blocks=tuple(b.with_(id=f"p{n}") for n, b in enumerate(blocks, start=1)))


def clean_text(lines: Sequence[str]) -> tuple[str, tuple[Repair, ...]]:
    """One paragraph's text from its raw ``lines``, and the repairs made to get it."""
    doubled = 0
    first_doubled: tuple[int, int] | None = None  # (line index in tidy, offset in line)
    tidy: list[str] = []
    leaders = 0
    for line in lines:
        # Table-of-contents dot leaders ("Le programme ........ 3") are layout, not text.
        without_leaders = _DOT_LEADER.sub(" ", line)
        if without_leaders != line:
            leaders += 1
            line = without_leaders
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
            "url-join" if " " in before else "hyphenation",
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
    if leaders:
        plural = "s" if leaders > 1 else ""
        repairs.append(Repair("dot-leader", f"{leaders} dot leader{plural}", "removed", 0, 0))
    return text, tuple(repairs)


def split_list_items(lines: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Group ``lines`` into (marker, lines) runs; marker "" for text before a list.

    A marked line opens an item when it starts the block, follows a line ending a
    sentence or clause (``: ; . ! ?``), or follows another item: a wrapped sentence whose
    next line happens to start with "12. " is not a list. Unmarked lines continue the
    current run.
    """
    return [(marker, group) for marker, group, _ in _group_items(lines)]


def _group_items(lines: Sequence[str]) -> list[tuple[str, list[str], int]]:
    """split_list_items, with each run's marker indentation (in spaces)."""
    groups: list[tuple[str, list[str], int]] = []
    in_list = False
    previous = ""
    for line in lines:
        match = _LIST_MARKER.match(line.strip())
        opens = match is not None and (
            not groups
            or in_list
            or previous.rstrip().endswith((":", ";", ".", "!", "?"))
            # A bullet (not a number) right under a short heading line that opens the block.
            or (not match.group(1)[0].isdigit() and _is_list_heading(groups))
        )
        if match is not None and opens:
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
            groups.append((match.group(1), [line.strip()[match.end() :]], indent))
            in_list = True
        elif groups:
            groups[-1][1].append(line)
        else:
            groups.append(("", [line], 0))
        if line.strip():
            previous = line
    return groups


def _is_list_heading(groups: list[tuple[str, list[str], int]]) -> bool:
    """The block so far is one short unmarked line: a heading above a bulleted list."""
    if len(groups) != 1 or groups[0][0] or len(groups[0][1]) != 1:
        return False
    line = groups[0][1][0].strip()
    return 0 < len(line.split()) <= _LIST_HEADING_MAX_WORDS and line[-1].isalnum()


def _split_paragraph(block: Block) -> list[_Piece]:
    lines = block.text.split("\n")
    if any(_TOC_ENTRY.search(line) for line in lines):
        # A table of contents: one entry a line, never unwrapped into one paragraph.
        return [
            _Piece(
                block,
                (line,),
                block.kind,
                "toc" if _TOC_ENTRY.search(line) else block.style,
                block.list_kind,
                block.list_level,
            )
            for line in lines
            if line.strip()
        ]
    groups = _group_items(lines)
    if len(groups) == 1 and not groups[0][0]:
        return [
            _Piece(block, tuple(lines), block.kind, block.style, block.list_kind, block.list_level)
        ]
    # Nesting depth: the rank of each item's indentation among the block's items.
    indents = sorted({indent for marker, _, indent in groups if marker})
    return [
        _Piece(
            block,
            tuple(group),
            BlockKind.LIST_ITEM if marker else BlockKind.PARAGRAPH,
            f"list:{marker}" if marker else block.style,
            ("number" if marker[0].isdigit() else "bullet") if marker else "",
            indents.index(indent) if marker else 0,
        )
        for marker, group, indent in groups
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
        if _URL_TAIL.search(text) and (
            _URL_CONTINUATION.match(line)
            # After a slash, a hyphenated path segment ("visite-romane") goes on too.
            or (text.endswith("/") and _PATH_SEGMENT.match(line))
        ):
            # A link or address broken at the line end: the next line's first token
            # carries on the same URL or e-mail, so no space goes between them.
            token = line.split()[0]
            head = text.rsplit(" ", 1)[-1]
            hyphenations.append((len(text) - len(head), f"{head} {token}", head + token))
            text += line
            starts[-1] = len(text) - len(line)
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
