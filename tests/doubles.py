"""Fake translation engines for unit tests, each misbehaving the way real engines do."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bilingue.document import Block, BlockKind, Document, EngineInfo, Segment
from bilingue.engines import Piece, Translator

__all__ = [
    "MANGLED",
    "CountingEngine",
    "EmptyEngine",
    "IdentityEngine",
    "InventingEngine",
    "Mangler",
    "MarkerLeakingEngine",
    "PlaceholderDropper",
    "RecordingEngine",
    "SpanKeeper",
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
    "a": "has",
    "avec": "with",
    "pour": "for",
    "sur": "on",
    "en": "in",
    "depuis": "from",
    "vers": "towards",
    "un": "a",
    "une": "a",
}
_WORD = re.compile(r"⟨[^⟩]*⟩|\w+|[^\w\s]|\s+")
_MARKER = re.compile(r"⟨\s*([^⟩\s]*)\s*⟩")
_ELIDED_ARTICLES = frozenset({"l", "d", "j", "m", "n", "s", "t", "qu"})


class RecordingEngine:
    """Base: remembers every batch it was given, so tests can count engine calls."""

    name = "recording"

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


class Mangler(RecordingEngine):
    """What rule-based MT does to names, word by word.

    Known words are replaced (``ESA`` → ``THAT``, ``De`` → ``Of``); unknown
    capitalised words get the unknown-word mark (``*Soyuz``); unknown all-caps words
    are lowercased; elided articles (``l’``) are dropped; words of nine letters or
    more come out twice; markers lose their brackets' shape (``⟨1⟩`` → ``< 1 >``).
    """

    name = "mangler"

    def render(self, source: str) -> str:
        tokens = _WORD.findall(source)
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
        if _MARKER.fullmatch(token):
            return _MARKER.sub(r"< \1 >", token)
        if token in MANGLED:
            return MANGLED[token]
        if token.isalpha() and token.isupper() and len(token) > 1:
            return token.lower()
        if token[:1].isupper():
            return "*" + token
        if token.isalpha() and len(token) >= 9:
            return f"{token} {token}"
        return token


class PlaceholderDropper(RecordingEngine):
    """Drops every placeholder and every capitalised word (what it takes for one)."""

    name = "dropper"

    def render(self, source: str) -> str:
        kept = [t for t in _WORD.findall(source) if not (_MARKER.fullmatch(t) or t[:1].isupper())]
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
    """Passes text through but leaks sentinel markers (``⟨0⟩``, ``XTERM1X``) into it."""

    name = "leaker"

    def render(self, source: str) -> str:
        return f"⟨0⟩ {source} XTERM1X ⟨ 2 ⟩".strip()


class SpanKeeper(Mangler):
    """A span-keeping engine: kept pieces verbatim (unless ``breaks_spans``), the rest mangled."""

    name = "span-keeper"

    def __init__(self, *, breaks_spans: bool = False) -> None:
        super().__init__()
        self.breaks_spans = breaks_spans
        self.kept_calls: list[list[list[Piece]]] = []

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        self.kept_calls.append([list(item) for item in items])
        outputs: list[str] = []
        for item in items:
            parts: list[str] = []
            for text, keep in item:
                if keep:
                    parts.append(text.upper() if self.breaks_spans else text)
                else:
                    parts.append(self.render(text))
            outputs.append("".join(parts))
        return outputs


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
