"""The translation memory as an engine wrapper: approved segments never reach the engine.

:func:`with_memory` wraps any :class:`Translator`. Before a batch, the translate
stage hands the wrapper the whole document (:meth:`MemoryTranslator.recall`): every
segment with an exact approved match takes the memory's English (``origin`` TM) and
is not sent; the others carry the memory's fuzzy matches as ``suggestions`` and go to
the wrapped engine in one batch, exactly as without a memory. The stage still
checks the glossary on the memory's English: a pair approved before a glossary
change is flagged, not trusted.

Recall works on the segment's source as read, not on what the stage sends the
engine (terms already replaced, pieces), so the memory sees what the reviewer saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from bilingue.document import Document, EngineInfo, Segment, TargetOrigin, TmSuggestion
from bilingue.engines import Piece, SpanKeepingTranslator, Translator, split_sources

if TYPE_CHECKING:
    from bilingue.tm import TranslationMemory

__all__ = [
    "FUZZY_THRESHOLD",
    "SUGGESTIONS",
    "MemoryTranslator",
    "Recalling",
    "SpanKeepingMemoryTranslator",
    "with_memory",
]

FUZZY_THRESHOLD = 75.0
SUGGESTIONS = 3


@runtime_checkable
class Recalling(Protocol):
    """An engine that can answer some segments of a document before translating it."""

    def recall(self, doc: Document) -> Document: ...


class MemoryTranslator:
    """A :class:`Translator` that first fills a document's segments from a memory."""

    keeps_spans: ClassVar[bool] = False

    def __init__(
        self,
        engine: Translator,
        memory: TranslationMemory,
        *,
        threshold: float = FUZZY_THRESHOLD,
        suggestions: int = SUGGESTIONS,
    ) -> None:
        self.engine = engine
        self.memory = memory
        self.threshold = threshold
        self.suggestions = suggestions

    @property
    def info(self) -> EngineInfo:
        # The document's engine is the one that translated what the memory did not.
        return self.engine.info

    def translate(self, sources: Sequence[str]) -> list[str]:
        return self.engine.translate(sources)

    @property
    def last_split(self) -> frozenset[int]:
        """The wrapped engine's overlong sources of the last call (same indexes)."""
        return split_sources(self.engine)

    def recall(self, doc: Document) -> Document:
        """``doc`` with exact matches as targets (origin TM) and fuzzy ones as suggestions."""
        return doc.map_segments(self._recall_segment)

    def _recall_segment(self, segment: Segment) -> Segment:
        if not segment.translate or not segment.source.strip():
            return segment
        exact = self.memory.exact(segment.source)
        if exact is not None:
            return segment.with_(target=exact.unit.target, origin=TargetOrigin.TM, suggestions=())
        matches = self.memory.fuzzy(
            segment.source, threshold=self.threshold, limit=self.suggestions
        )
        return segment.with_(
            suggestions=tuple(
                TmSuggestion(m.unit.source, m.unit.target, round(m.score, 1)) for m in matches
            )
        )


class SpanKeepingMemoryTranslator(MemoryTranslator):
    """The wrapper for an engine that keeps marked spans (Apertium): it keeps them too."""

    engine: SpanKeepingTranslator
    keeps_spans: ClassVar[bool] = True

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        return self.engine.translate_keeping(items)


def with_memory(
    engine: Translator,
    memory: TranslationMemory,
    *,
    threshold: float = FUZZY_THRESHOLD,
    suggestions: int = SUGGESTIONS,
) -> MemoryTranslator:
    """``engine`` answered first by ``memory``, keeping its span-keeping ability if any."""
    if engine.keeps_spans:
        return SpanKeepingMemoryTranslator(
            engine, memory, threshold=threshold, suggestions=suggestions
        )
    return MemoryTranslator(engine, memory, threshold=threshold, suggestions=suggestions)
