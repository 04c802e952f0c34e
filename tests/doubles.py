"""Fake translation engines for unit tests, each misbehaving the way real engines do."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from bilingue.document import Block, BlockKind, Document, EngineInfo, Segment
from bilingue.engines import Piece, Translator

__all__ = [
    "MANGLED",
    "ApertiumLikeMangler",
    "CountingEngine",
    "DropCapitalisedEngine",
    "EmptyEngine",
    "IdentityEngine",
    "InventingEngine",
    "MarkerLeakingEngine",
    "RecordingEngine",
    "SpanKeepingDouble",
    "document_of",
]

# Word-by-word, the way rule-based MT treats names: ESA is read as the pronoun
# "ça"→"that", a capitalised particle keeps its capital.
MANGLED = {
    "ESA": "THAT",
    "De": "Of",
    "de": "of",
    "du": "of the",
    "des": "of the",
    "le": "the",
    "la": "the",
    "les": "the",
    "Le": "The",
    "La": "The",
    "et": "and",
    "à": "in",
    "avec": "with",
    "pour": "for",
    "sur": "on",
    "en": "in",
    "depuis": "from",
    "un": "a",
    "une": "a",
}
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_ELIDED_ARTICLES = frozenset({"l", "d", "j", "m", "n", "s", "t", "qu"})


class RecordingEngine:
    """Base: remembers every batch it was given, so tests can count engine calls."""

    name = "recording"
    keeps_spans: ClassVar[bool] = False

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(name=self.name, model="test double", version="0")

    def translate(self, sources: Sequence[str]) -> list[str]:
        self.calls.append(list(sources))
        return [self.render(source) for source in sources]

    def render(self, source: str) -> str:
        return source


class IdentityEngine(RecordingEngine):
    """Returns every source unchanged."""

    name = "identity"


class EmptyEngine(RecordingEngine):
    """Returns an empty string for everything (a crashed decoder, a time-out)."""

    name = "empty"

    def render(self, source: str) -> str:
        return ""


class ApertiumLikeMangler(RecordingEngine):
    """What rule-based MT does to names, word by word.

    Known words are replaced (``ESA`` → ``THAT``, ``De`` → ``Of``); other capitalised
    words get the unknown-word mark (``Soyuz`` → ``*Soyuz``); other all-caps words are
    lowercased (``NASA`` → ``nasa``); elided articles (``l’``) and the marker brackets
    ``⟨`` ``⟩`` are dropped; words of nine letters or more come out twice.
    """

    name = "mangler"

    def render(self, source: str) -> str:
        tokens = _TOKEN.findall(source.replace("⟨", "").replace("⟩", ""))
        out: list[str] = []
        skip = False
        for index, token in enumerate(tokens):
            if skip:
                skip = False
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if following in ("'", "’") and token.lower() in _ELIDED_ARTICLES:
                skip = True
                continue
            out.append(self._word(token))
        return "".join(out)

    @staticmethod
    def _word(token: str) -> str:
        if token in MANGLED:
            return MANGLED[token]
        if token.isalpha() and token.isupper() and len(token) > 1:
            return token.lower()
        if token[:1].isupper():
            return "*" + token
        if token.isalpha() and len(token) >= 9:
            return f"{token} {token}"
        return token


class DropCapitalisedEngine(RecordingEngine):
    """Drops every word that starts with a capital: every name, so every term, is lost."""

    name = "drop-capitalised"

    def render(self, source: str) -> str:
        kept = [t for t in re.findall(r"\S+|\s+", source) if not t[:1].isupper()]
        return re.sub(r"\s{2,}", " ", "".join(kept)).strip()


class InventingEngine(RecordingEngine):
    """Adds a word of its own to every output (an NMT hallucination or repetition)."""

    name = "inventing"

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def render(self, source: str) -> str:
        return f"{source} {self.word}".strip()


class MarkerLeakingEngine(RecordingEngine):
    """Passes text through but leaks placeholder markers (``⟨0⟩``, ``XTERM1X``) into it."""

    name = "leaker"

    def render(self, source: str) -> str:
        return f"⟨0⟩ {source} XTERM1X ⟨ 2 ⟩ ⟩".strip()


class SpanKeepingDouble(RecordingEngine):
    """A span-keeping engine: kept pieces verbatim, other text uppercased.

    With ``breaks_spans`` it lowercases the kept pieces too: a span keeper that
    breaks its promise, which the check must catch.
    """

    name = "span-keeper"
    keeps_spans: ClassVar[bool] = True

    def __init__(self, *, breaks_spans: bool = False) -> None:
        super().__init__()
        self.breaks_spans = breaks_spans
        self.kept_calls: list[list[list[Piece]]] = []

    def render(self, source: str) -> str:
        return source.upper()

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        self.kept_calls.append([list(item) for item in items])
        return [
            "".join(
                (text.lower() if self.breaks_spans else text) if keep else self.render(text)
                for text, keep in item
            )
            for item in items
        ]


class CountingEngine(RecordingEngine):
    """Wraps a real engine (plain ``translate`` only) to count its batch calls."""

    def __init__(self, inner: Translator) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.info.name

    @property
    def info(self) -> EngineInfo:
        return self.inner.info

    def translate(self, sources: Sequence[str]) -> list[str]:
        self.calls.append(list(sources))
        return self.inner.translate(sources)


def document_of(*sources: str, kept: Sequence[int] = ()) -> Document:
    """One paragraph whose segments are ``sources``; indexes in ``kept`` are not translated."""
    segments = tuple(
        Segment(id=f"p1.s{i + 1}", source=text, space_after=" ", translate=i not in kept)
        for i, text in enumerate(sources)
    )
    return Document(
        source_path="release.txt",
        blocks=(Block("p1", BlockKind.PARAGRAPH, " ".join(sources), segments),),
    )
