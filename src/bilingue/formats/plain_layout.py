"""Paragraph ends that plain text marks without a blank line.

A release pasted from an e-mail or exported from a word processor often separates
paragraphs and headings by a single line break, or puts a heading right above its
paragraph. The clean stage joins every line of a blank-line-separated chunk into one
paragraph, so this splits a chunk first where a line plainly ends a paragraph:

- a heading line: at most :data:`HEADING_MAX_WORDS` words, no closing punctuation, set
  in capitals above a line that is not (``COMMUNIQUÉ DE PRESSE`` ⏎ ``Toulouse, le…``),
  or reading "À propos de …" / "Contact(s) …" above a line opening with a capital;
- a sentence end (``.``, ``!``, ``?``, ``»``, ``:``) where the next line's first word
  would have fitted on the line, so the line break was the author's, not the wrap's.
  The wrap width is the longest line of the text, and the line must stay well short of
  it (:data:`SHORT_LINE_SHARE`), because proportional fonts make PDF lines uneven.

Text whose lines are far longer than anyone wraps (one paragraph a line, as a word
processor exports it) was not wrapped at all: there every line break is the author's.

A wrapped title ("Jean-Yves Le Gall, Président du CNES, a rencontré" ⏎ "Vladimir
Popovkine…") is not in capitals and does not end a sentence, so it stays one block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

__all__ = ["HEADING_MAX_WORDS", "SHORT_LINE_SHARE", "split_paragraph_lines", "wrap_width"]

HEADING_MAX_WORDS = 11
# A line ends a paragraph when it and the next word fill less than this share of the
# wrap width.
SHORT_LINE_SHARE = 0.7
# Lines longer than this were not wrapped by anyone: one paragraph a line.
_UNWRAPPED_WIDTH = 130

_SENTENCE_END = re.compile(r"[.!?»:…](?:[\s\u00a0]*[»”\"’)])*$")
_HEADING_BAD_END = frozenset(".,;:!?»…-–—(")
_ABOUT_OR_CONTACT = re.compile(r"^(?:(?:à|a)\s+propos\s+d|contacts?\b)", re.IGNORECASE)
_OPENERS = frozenset('«“"([-–—•')


def wrap_width(chunks: Sequence[Sequence[str]]) -> int:
    """The wrap width of chunks of two lines or more: the 90th percentile of their line
    lengths, so one long URL line does not set it (0 when there are none)."""
    lengths = sorted(len(line.strip()) for lines in chunks if len(lines) > 1 for line in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def split_paragraph_lines(lines: Sequence[str], width: int) -> list[list[str]]:
    """``lines`` of one blank-line-separated chunk, cut where a line ends a paragraph."""
    runs: list[list[str]] = [[lines[0]]]
    for previous, line in pairwise(lines):
        if _ends_paragraph(previous.strip(), line.strip(), width):
            runs.append([line])
        else:
            runs[-1].append(line)
    return runs


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    if not line or not following:
        return False
    if width > _UNWRAPPED_WIDTH:
        return True
    if not _opens(following):
        return False
    if _is_heading(line) and (
        (_in_capitals(line) and not _in_capitals(following)) or _ABOUT_OR_CONTACT.match(line)
    ):
        return True
    if not _SENTENCE_END.search(line):
        return False
    next_word = following.split(maxsplit=1)[0]
    return len(line) + 1 + len(next_word) < SHORT_LINE_SHARE * width


def _opens(line: str) -> bool:
    first = line[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _is_heading(line: str) -> bool:
    return len(line.split()) <= HEADING_MAX_WORDS and line[-1] not in _HEADING_BAD_END


def _in_capitals(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and sum(char.isupper() for char in letters) >= 0.8 * len(letters)
