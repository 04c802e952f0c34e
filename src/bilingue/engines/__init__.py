"""The translation engine interface, engine names, and the registry that builds engines by name.

An engine turns a batch of French segments into English. Engines that can carry
some spans through untouched (Apertium's superblanks) say so with ``keeps_spans``
and implement ``translate_keeping``; the translate stage uses it for exact glossary
protection. Engines are registered by name as ``"module:factory"`` strings and
imported only when built, so ``import bilingue.engines`` loads nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, cast

from bilingue.document import EngineInfo

__all__ = [
    "ENGINES",
    "EngineFactory",
    "EngineName",
    "EngineOptions",
    "Piece",
    "SpanKeepingTranslator",
    "Translator",
    "build_engine",
    "span_keeper",
    "split_sources",
]

# A piece of a segment: its text and whether it must come through verbatim.
Piece = tuple[str, bool]


class EngineName(StrEnum):
    """Every engine a user can ask for; ``auto`` lets engines/choice.py pick one."""

    AUTO = "auto"
    ARGOS = "argos"
    APERTIUM = "apertium"


class Translator(Protocol):
    """A batch of French sources in, the same number of English targets out, in order.

    ``keeps_spans`` is a plain attribute (a class attribute in practice): whether the
    engine also offers ``translate_keeping``. It is read, never probed, so asking costs
    nothing and runs nothing.
    """

    @property
    def keeps_spans(self) -> bool: ...

    @property
    def info(self) -> EngineInfo: ...

    def translate(self, sources: Sequence[str]) -> list[str]: ...


class SpanKeepingTranslator(Translator, Protocol):
    """An engine that can pass marked pieces through unchanged.

    Each item is a sequence of pieces; pieces marked ``True`` must appear verbatim
    in the output (the engine may move them, never alter them).
    """

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]: ...


def span_keeper(engine: Translator) -> SpanKeepingTranslator | None:
    """``engine`` as a span keeper when its ``keeps_spans`` says so, else None."""
    # No isinstance() against a runtime Protocol: on Python 3.11 that evaluates every
    # property (Apertium's ``info`` runs dpkg-query and ``apertium -V``).
    return cast(SpanKeepingTranslator, engine) if engine.keeps_spans else None


def split_sources(engine: Translator) -> frozenset[int]:
    """Indexes of the last ``translate`` call's sources that the engine translated in parts.

    Engines with an input limit (Argos) split overlong sources at safe boundaries
    rather than truncate them, and record which in ``last_split``; others split none.
    """
    found: object = getattr(engine, "last_split", frozenset())
    return found if isinstance(found, frozenset) else frozenset()


@dataclass(frozen=True)
class EngineOptions:
    """What a factory needs to build an engine: plain values taken from Settings."""

    packages_dir: Path
    beam_size: int = 2
    batch_size: int = 32
    threads: int = 0  # CPU threads the run may use (0: every core it may run on)
    inter_threads: int = 0  # translators decoding batches side by side (0: from threads)
    intra_threads: int = 0  # threads inside each translator (0: from threads)
    batch_tokens: int = 512  # padded source tokens per batch (engines/batching.py)
    from_code: str = "fr"
    to_code: str = "en"


# A factory returns an engine ready to translate (checked), or raises EngineUnavailable.
EngineFactory = Callable[[EngineOptions], Translator]

# Name → "module:factory", imported only when that engine is built.
ENGINES: dict[EngineName, str] = {
    EngineName.ARGOS: "bilingue.engines.argos:open_argos",
    EngineName.APERTIUM: "bilingue.engines.apertium:open_apertium",
}


def build_engine(name: EngineName, options: EngineOptions) -> Translator:
    """The engine registered as ``name``, checked and ready (EngineUnavailable if not)."""
    target = ENGINES.get(name)
    if target is None:
        known = ", ".join(ENGINES)
        raise ValueError(f"no engine registered as {name!r} (registered: {known})")
    module_name, _, factory_name = target.partition(":")
    factory = cast(EngineFactory, getattr(importlib.import_module(module_name), factory_name))
    return factory(options)
