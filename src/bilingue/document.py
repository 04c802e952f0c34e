"""The one data model every stage reads and returns: Document → Block → Segment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

__all__ = [
    "FRENCH",
    "PLACEHOLDER_KINDS",
    "Block",
    "BlockKind",
    "Comment",
    "Document",
    "EngineInfo",
    "Flag",
    "FlagCode",
    "InlineCode",
    "LanguageGuess",
    "Repair",
    "ReviewMark",
    "Revision",
    "Segment",
    "SegmentState",
    "Severity",
    "TableCell",
    "TargetOrigin",
    "TermHit",
    "TmSuggestion",
]


FRENCH = "fr"  # the source language bilingue translates from (an ISO 639-1 code)


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


class FlagCode(StrEnum):
    """Every kind of flag a stage or reader puts on a segment or a document, defined once."""

    LANG_KEPT = "lang-kept"  # detect: a segment kept in its own language
    TERM_MISSING = "term-missing"  # translate: a protected term is not in the target
    PROTECT_FALLBACK = "protect-fallback"  # translate: target made around the terms
    ENGINE_EMPTY = "engine-empty"  # translate: the engine returned nothing for some text
    SEGMENT_SPLIT = "segment-split"  # translate: too long for the engine, sent in parts
    ENGINE_FALLBACK = "engine-fallback"  # api (document note): an engine was passed over
    CODE_MOVED = "code-moved"  # codes/xliff: inline formatting placed approximately
    CODE_LOST = "code-lost"  # review: a placeholder the reviewer deleted (put back at the end)
    TYPOGRAPHY = "typography"  # typography: a change made to the English typesetting
    ENCODING_REPAIRED = "encoding-repaired"  # reader: a line decoded with a fallback table
    TERM_SENSE = "term-sense"  # protect: a glossary match left unprotected (wrong sense here)
    GLOSSARY_NONE = "glossary-none"  # protect (document note): the run has no glossary file
    PAGE_FURNITURE = "page-furniture"  # reader/clean (document note): running line removed
    # The qa stage's checks (stages/qa/), one code per check.
    QA_UNTRANSLATED = "qa-untranslated"
    QA_MARKUP = "qa-markup"
    QA_NAME = "qa-name"
    QA_NUMBER = "qa-number"
    QA_URL = "qa-url"
    QA_LENGTH = "qa-length"
    QA_REPETITION = "qa-repetition"
    QA_BRACKETS = "qa-brackets"
    QA_PUNCTUATION = "qa-punctuation"
    QA_TERM_FORBIDDEN = "qa-term-forbidden"


class TargetOrigin(StrEnum):
    """Where a segment's target came from: the engine, the memory, a person, the source."""

    NONE = ""
    MT = "mt"
    TM = "tm"
    HUMAN = "human"
    SOURCE = "source"


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

    code: FlagCode
    message: str
    severity: Severity = Severity.WARNING
    spans: tuple[tuple[int, int], ...] = ()  # target offsets of suspect words, to highlight


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
    plural: bool = False  # a French plural of the entry; ``target`` is the English plural
    forbidden: tuple[str, ...] = ()  # English renderings the entry forbids (for QA)
    context: str = ""  # the sense the entry means (its context note), for QA and reviewers


@dataclass(frozen=True)
class InlineCode:
    """Formatting or an object inside a segment's text, like XLIFF 2 ``<pc>``/``<ph>``.

    A paired code (bold, italic, underline, superscript, subscript, link) spans
    ``text[start:end]``; a placeholder (footnote reference, field, line break, image)
    stands at ``start == end``. ``data`` holds what the kind needs: a link's URL, a
    field's instruction. ``ref`` says where the original markup is (e.g. the index of
    the run in its DOCX paragraph), so a writer can put the object itself back.
    """

    id: str  # "c1", unique in its segment and kept from source to target
    kind: str  # "bold", "italic", "underline", "sup", "sub", "link", "footnote", …
    start: int
    end: int
    data: str = ""
    ref: str = ""

    @property
    def is_placeholder(self) -> bool:
        return self.kind in PLACEHOLDER_KINDS


# Codes that stand at one place instead of spanning text (XLIFF <ph>).
PLACEHOLDER_KINDS = frozenset({"footnote", "endnote", "field", "break", "image", "tab", "object"})


@dataclass(frozen=True)
class TableCell:
    """Where a table-cell block sits: table, row and column (0-based) and its spans."""

    table: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


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
class Revision:
    """One version of a segment's target: who made it, how, when, in which state."""

    target: str
    origin: str  # "mt", "tm", "human", … (TargetOrigin values)
    author: str = ""
    date: str = ""  # ISO 8601
    state: str = ""  # the SegmentState it was saved in
    codes: tuple[InlineCode, ...] = ()  # the target's inline codes in this version


@dataclass(frozen=True)
class Comment:
    """A remark on a segment; ``source`` tells a reviewer's words from the tool's."""

    text: str
    author: str = ""
    date: str = ""  # ISO 8601
    source: str = "reviewer"  # "reviewer" (typed in the review DOCX) or "bilingue"


@dataclass(frozen=True)
class ReviewMark:
    """A reviewer's verdict. XLIFF 2 has no rejected state, so rejection lives here."""

    status: str  # "approved" or "rejected"
    author: str = ""
    date: str = ""  # ISO 8601


@dataclass(frozen=True)
class TmSuggestion:
    """A translation-memory match offered to the reviewer; ``score`` is 0–100."""

    source: str
    target: str
    score: float


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
    lang: str = FRENCH
    translate: bool = True
    state: SegmentState = SegmentState.INITIAL
    repairs: tuple[Repair, ...] = ()
    flags: tuple[Flag, ...] = ()
    terms: tuple[TermHit, ...] = ()
    codes: tuple[InlineCode, ...] = ()  # over ``source``
    target_codes: tuple[InlineCode, ...] = ()  # over ``target``, same ids as ``codes``
    history: tuple[Revision, ...] = ()  # every target version, the current one last
    comments: tuple[Comment, ...] = ()
    review: ReviewMark | None = None
    origin: TargetOrigin = TargetOrigin.NONE
    suggestions: tuple[TmSuggestion, ...] = ()

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
    level: int = 0  # heading level; 1 is the release's title
    style: str = ""  # the reader's style name (DOCX), kept for writers
    codes: tuple[InlineCode, ...] = ()  # over ``text``, until segment hands them on
    part: str = "body"  # body, header, footer, footnote, endnote, textbox
    list_kind: str = ""  # "bullet" or "number" for a list item
    list_level: int = 0  # 0-based nesting of a list item
    table: TableCell | None = None
    anchor: str = ""  # where the source holds this block (DOCX: "part#paragraph index")

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
