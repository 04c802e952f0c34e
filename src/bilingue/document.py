"""The one data model every stage reads and returns: Document → Block → Segment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "EngineInfo",
    "Flag",
    "LanguageGuess",
    "Repair",
    "Segment",
    "SegmentState",
    "Severity",
    "TermHit",
]


class BlockKind(StrEnum):
    HEADING = "heading"
    DATELINE = "dateline"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    LEAD = "lead"  # subtitle or chapô under the title
    ABOUT = "about"  # "À propos de …" boilerplate
    CONTACT = "contact"  # press contacts: names, phones, e-mails


class SegmentState(StrEnum):
    """XLIFF 2.0 segment states, so DOCX, TMX and XLIFF map onto one scale."""

    INITIAL = "initial"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    FINAL = "final"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Repair:
    """One change the cleaner made to the source text, shown to the reviewer.

    ``start``/``end`` locate ``after`` in the cleaned text of the block (or, once
    segmented, of the segment), so a writer can point at it.
    """

    kind: str  # "split-word", "hyphenation", "spaces", "unwrap", …
    before: str
    after: str
    start: int = 0
    end: int = 0

    def describe(self) -> str:
        return f"{self.kind}: {self.before!r} → {self.after!r}"


@dataclass(frozen=True)
class Flag:
    """Something the reviewer must look at (language decision, glossary miss, QA)."""

    code: str  # "lang-kept", "term-missing", "qa-number", …
    message: str
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class TermHit:
    """One protected occurrence in a segment's source and whether the target kept it."""

    source: str  # the text as it stands in the source segment
    target: str  # the form the translation must contain
    start: int
    end: int
    kind: str = "term"  # glossary type, or "url", "email", "phone", …
    entry: str = ""  # the glossary entry's canonical source form
    ok: bool | None = None  # None until translated and checked


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    confidence: float


@dataclass(frozen=True)
class EngineInfo:
    name: str
    model: str = ""
    version: str = ""


@dataclass(frozen=True)
class Segment:
    """A sentence-sized unit of translation.

    ``space_after`` is the whitespace that separated this segment from the next
    one in the block, so ``"".join(s.source + s.space_after)`` rebuilds the block.
    """

    id: str  # "p3.s2"
    source: str
    space_after: str = ""
    target: str | None = None
    lang: str = "fr"
    translate: bool = True
    state: SegmentState = SegmentState.INITIAL
    repairs: tuple[Repair, ...] = ()
    flags: tuple[Flag, ...] = ()
    terms: tuple[TermHit, ...] = ()

    def with_(self, **changes: object) -> Segment:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, quote or list item, with its sentences once segmented.

    ``text`` is the block's cleaned text; before cleaning it holds the raw text
    (hard line breaks included) as the reader found it.
    """

    id: str  # "p3"
    kind: BlockKind
    text: str
    segments: tuple[Segment, ...] = ()
    repairs: tuple[Repair, ...] = ()
    level: int = 0  # heading level (1 is the release's title); list nesting depth for items
    style: str = ""  # the reader's style name (DOCX), kept for writers

    def with_(self, **changes: object) -> Block:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Document:
    source_path: str
    blocks: tuple[Block, ...]
    language: LanguageGuess | None = None
    engine: EngineInfo | None = None
    glossaries: tuple[str, ...] = ()
    encoding: str = ""
    notes: tuple[Flag, ...] = ()  # document-level decisions shown in the review header
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: object) -> Document:
        return replace(self, **changes)  # type: ignore[arg-type]

    def segments(self) -> Iterator[Segment]:
        for block in self.blocks:
            yield from block.segments

    def term_accuracy(self) -> tuple[int, int]:
        """(found, expected): protected occurrences the translation kept, out of all."""
        hits = [hit for segment in self.segments() for hit in segment.terms]
        return sum(1 for hit in hits if hit.ok is True), len(hits)

    def map_segments(self, fn: Callable[[Segment], Segment]) -> Document:
        """A copy of the document with ``fn`` applied to every segment."""
        return self.with_(
            blocks=tuple(b.with_(segments=tuple(fn(s) for s in b.segments)) for b in self.blocks)
        )
