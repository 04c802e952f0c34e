"""Cutting a text that is too long for an engine into chunks at the safest boundaries.

CTranslate2 truncates input past ``max_input_length`` (1024 tokens by default)
without a word, and attention cost grows with the square of the length, so an
overlong segment is translated as several chunks instead. Boundaries are tried
from safest to least safe: sentence ends, then ``;`` and ``:``, then commas, then
any whitespace, and only for a run with no whitespace at all, a plain cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["split_to_budget"]

TokenCounter = Callable[[str], int]

# Each pattern matches the whitespace *after* a boundary; the boundary mark stays
# with the chunk before it and the whitespace between chunks is dropped. No-break
# spaces (French spacing before ``!`` and inside guillemets) are never a cut.
_GAP = r"[^\S\u00a0\u202f]+"
_BOUNDARIES = (
    re.compile(
        rf"(?:(?<=[.!?…]){_GAP}(?![»”’)])"
        rf"|(?<=[.!?…][»”\"’)]){_GAP}"
        rf"|(?<=[.!?…][\s][»”]){_GAP})"
    ),
    re.compile(rf"(?<=[;:]){_GAP}"),
    re.compile(rf"(?<=,){_GAP}"),
    re.compile(_GAP),
)


def _pieces(text: str, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of ``text`` between boundary matches, empty runs dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in boundary.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _hard_cut(text: str, count: TokenCounter, budget: int) -> list[str]:
    """``text`` (with no boundary left) cut into runs of at most ``budget`` tokens."""
    chunks: list[str] = []
    start = 0
    total = max(count(text), 1)
    window = max(1, int(len(text) * budget / total * 0.9))
    while start < len(text):
        end = min(len(text), start + window)
        while end - start > 1 and count(text[start:end]) > budget:
            end = start + max(1, (end - start) * 3 // 4)
        if text[start:end].strip():
            chunks.append(text[start:end])
        start = end
    return chunks


def _split(text: str, count: TokenCounter, budget: int, level: int) -> list[str]:
    if level == len(_BOUNDARIES):
        return _hard_cut(text, count, budget)
    spans = _pieces(text, _BOUNDARIES[level])
    if len(spans) <= 1:
        inner = text[spans[0][0] : spans[0][1]] if spans else ""
        return _split(inner, count, budget, level + 1) if inner else []
    chunks: list[str] = []
    first = last = -1  # the span indexes of the chunk being packed
    tokens = 0

    def flush() -> None:
        nonlocal first, tokens
        if first >= 0:
            chunks.append(text[spans[first][0] : spans[last][1]])
        first, tokens = -1, 0

    for index, (start, end) in enumerate(spans):
        size = count(text[start:end])
        if size > budget:
            flush()
            chunks.extend(_split(text[start:end], count, budget, level + 1))
            continue
        if first >= 0 and tokens + size > budget:
            flush()
        if first < 0:
            first = index
        last = index
        tokens += size
    flush()
    return chunks


def split_to_budget(text: str, count: TokenCounter, budget: int) -> list[str]:
    """``text`` as one chunk when it fits ``budget`` tokens, else chunks that each fit.

    Nothing but the whitespace at a cut is dropped: ``"".join`` of the chunks gives
    ``text`` without those runs of whitespace.
    """
    if budget < 1:
        raise ValueError("budget must be at least one token")
    if count(text) <= budget:
        return [text]
    return _split(text, count, budget, 0)
