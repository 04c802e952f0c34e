"""The translation engine interface and the registry that builds engines by name.

An engine turns a batch of French segments into English. Engines that can carry
some spans through untouched (Apertium's superblanks) also implement
``translate_keeping``; the translate stage uses it for exact glossary protection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from bilingue.document import EngineInfo

__all__ = ["Piece", "SpanKeepingTranslator", "Translator"]

# A piece of a segment: its text and whether it must come through verbatim.
Piece = tuple[str, bool]


@runtime_checkable
class Translator(Protocol):
    """A batch of French sources in, the same number of English targets out, in order."""

    @property
    def info(self) -> EngineInfo: ...

    def translate(self, sources: Sequence[str]) -> list[str]: ...


@runtime_checkable
class SpanKeepingTranslator(Translator, Protocol):
    """An engine that can pass marked pieces through unchanged.

    Each item is a sequence of pieces; pieces marked ``True`` must appear verbatim
    in the output (the engine may move them, never alter them).
    """

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]: ...
