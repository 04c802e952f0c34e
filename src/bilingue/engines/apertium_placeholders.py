"""Kept pieces as placeholder words, so Apertium still parses the sentence around them.

A superblank carries a kept piece through untouched, but Apertium no longer sees a
word there: "la [NASA] renforcent" reads as the pronoun "la" before a verb and comes
out "reinforce it", where raw Apertium said "the NASA reinforce". An unknown word
keeps its place in the parse, so each kept piece that holds a letter or a digit
travels as one made-up capitalised word (``Zqxja``, ``Zqxjb``…), which both pairs pass
through as unknown (marked ``*``/``**`` when marks are on), and is put back after.

Pieces without a letter or digit (a lone symbol) would add a word that was not
there, so they stay superblanks. When a placeholder comes back missing, twice or
changed, :func:`restore` returns None and the engine translates that item again the
old way: the placeholders are a quality gain, never a way to lose a term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingue.engines import Piece

__all__ = ["Encoded", "encode", "restore"]

_STEM = "Zqxj"
_PLACEHOLDER = re.compile(r"[*#@]*\b(Zqxj[a-z]+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Encoded:
    """One item's pieces with placeholders, and what each placeholder stands for."""

    pieces: tuple[Piece, ...]
    kept: dict[str, str]


def _name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return _STEM + letters


def encode(pieces: Sequence[Piece]) -> Encoded:
    """``pieces`` with every kept piece holding a letter or digit turned into a placeholder."""
    if any(_STEM.lower() in text.lower() for text, keep in pieces if not keep):
        return Encoded(tuple(pieces), {})  # the text itself spells our stem: do not guess
    out: list[Piece] = []
    kept: dict[str, str] = {}
    for text, keep in pieces:
        if keep and any(char.isalnum() for char in text):
            name = _name(len(kept))
            kept[name] = text
            out.append((name, False))
        else:
            out.append((text, keep))
    return Encoded(tuple(out), kept)


def restore(output: str, encoded: Encoded) -> str | None:
    """``output`` with each placeholder back to its piece; None unless each came back once."""
    if not encoded.kept:
        return output
    seen: list[str] = []

    def put_back(match: re.Match[str]) -> str:
        name = _STEM + match.group(1)[len(_STEM) :].lower()
        seen.append(name)
        return encoded.kept.get(name, match.group(0))

    restored = _PLACEHOLDER.sub(put_back, output)
    if sorted(seen) != sorted(encoded.kept):
        return None
    return restored
