"""Test documents for the writers: one hand-built release and a hypothesis strategy."""

from __future__ import annotations

from hypothesis import strategies as st

from bilingue.document import (
    Block,
    BlockKind,
    Comment,
    Document,
    EngineInfo,
    Flag,
    FlagCode,
    LanguageGuess,
    Repair,
    ReviewMark,
    Revision,
    Segment,
    SegmentState,
    Severity,
    TargetOrigin,
    TermHit,
    TmSuggestion,
)

__all__ = ["documents", "sample_document"]


def sample_document() -> Document:
    """A translated release touching every feature the review shows."""
    title = Block(
        id="p1",
        kind=BlockKind.HEADING,
        level=1,
        text="Le CNES rencontre Roscosmos",
        segments=(
            Segment(
                id="p1.s1",
                source="Le CNES rencontre Roscosmos",
                target="CNES meets Roscosmos",
                state=SegmentState.TRANSLATED,
                terms=(
                    TermHit("CNES", "CNES", 3, 7, "organisation", "CNES", ok=True),
                    TermHit("Roscosmos", "Roscosmos", 18, 27, "organisation", "Roscosmos", True),
                ),
            ),
        ),
    )
    body = Block(
        id="p2",
        kind=BlockKind.PARAGRAPH,
        text="Cette rencontre a eu lieu à Moscou. La France participe via l’ESA.",
        repairs=(Repair("split-word", "Cet te", "Cette", 0, 5),),
        segments=(
            Segment(
                id="p2.s1",
                source="Cette rencontre a eu lieu à Moscou.",
                space_after=" ",
                target="This meeting took place in Moscow.",
                state=SegmentState.TRANSLATED,
                repairs=(Repair("split-word", "Cet te", "Cette", 0, 5),),
            ),
            Segment(
                id="p2.s2",
                source="La France participe via l’ESA.",
                target="France takes part through the agency.",
                state=SegmentState.TRANSLATED,
                flags=(Flag(FlagCode.QA_LENGTH, "target much shorter than source", Severity.INFO),),
                terms=(TermHit("ESA", "ESA", 26, 29, "organisation", "ESA", ok=False),),
            ),
        ),
    )
    quote = Block(
        id="p3",
        kind=BlockKind.QUOTE,
        text="« Space is our future. »",
        segments=(
            Segment(
                id="p3.s1",
                source="« Space is our future. »",
                lang="en",
                translate=False,
                flags=(
                    Flag(FlagCode.LANG_KEPT, "segment is in English: kept as is", Severity.INFO),
                ),
            ),
        ),
    )
    items = Block(
        id="p4",
        kind=BlockKind.LIST_ITEM,
        text="Contact : presse@cnes.fr",
        segments=(
            Segment(
                id="p4.s1",
                source="Contact : presse@cnes.fr",
                target="Contact: presse@cnes.fr",
                state=SegmentState.REVIEWED,
                flags=(Flag(FlagCode.QA_NUMBER, "number 2013 missing", Severity.ERROR),),
                terms=(TermHit("presse@cnes.fr", "presse@cnes.fr", 10, 24, "email", ok=True),),
            ),
        ),
    )
    return Document(
        source_path="input/cnes-roscosmos.fr.txt",
        blocks=(title, body, quote, items),
        language=LanguageGuess("fr", 0.9999),
        engine=EngineInfo("argos", "translate-fr_en", "1.9"),
        glossaries=("glossaries/space.tsv",),
        encoding="cp1252",
        notes=(Flag(FlagCode.ENCODING_REPAIRED, "document detected as French", Severity.INFO),),
    )


_text = st.text(max_size=20)
_ints = st.integers(min_value=0, max_value=10_000)
_severity = st.sampled_from(Severity)
_repairs = st.builds(Repair, kind=_text, before=_text, after=_text, start=_ints, end=_ints)
_flags = st.builds(Flag, code=st.sampled_from(FlagCode), message=_text, severity=_severity)
_terms = st.builds(
    TermHit,
    source=_text,
    target=_text,
    start=_ints,
    end=_ints,
    kind=_text,
    entry=_text,
    ok=st.none() | st.booleans(),
)

_suggestions = st.builds(
    TmSuggestion,
    source=_text,
    target=_text,
    score=st.floats(min_value=0, max_value=100, allow_nan=False),
)
_revisions = st.builds(Revision, target=_text, origin=_text, author=_text, date=_text, state=_text)
_comments = st.builds(Comment, text=_text, author=_text, date=_text, source=_text)
_marks = st.builds(
    ReviewMark, status=st.sampled_from(["approved", "rejected"]), author=_text, date=_text
)


def _segment(segment_id: str) -> st.SearchStrategy[Segment]:
    return st.builds(
        Segment,
        id=st.just(segment_id),
        source=_text,
        space_after=st.sampled_from(["", " ", "\n", "  "]),
        target=st.none() | _text,
        lang=st.sampled_from(["fr", "en", "de"]),
        translate=st.booleans(),
        state=st.sampled_from(SegmentState),
        repairs=st.lists(_repairs, max_size=2).map(tuple),
        flags=st.lists(_flags, max_size=2).map(tuple),
        terms=st.lists(_terms, max_size=2).map(tuple),
        origin=st.sampled_from(TargetOrigin),
        suggestions=st.lists(_suggestions, max_size=2).map(tuple),
        history=st.lists(_revisions, max_size=2).map(tuple),
        comments=st.lists(_comments, max_size=2).map(tuple),
        review=st.none() | _marks,
    )


@st.composite
def _block(draw: st.DrawFn, number: int) -> Block:
    block_id = f"p{number}"
    count = draw(st.integers(min_value=0, max_value=3))
    segments = tuple(draw(_segment(f"{block_id}.s{n}")) for n in range(1, count + 1))
    return Block(
        id=block_id,
        kind=draw(st.sampled_from(BlockKind)),
        text=draw(_text),
        segments=segments,
        repairs=tuple(draw(st.lists(_repairs, max_size=2))),
        level=draw(st.integers(min_value=0, max_value=6)),
        style=draw(st.sampled_from(["", "Normal", "Heading 1", "Titre"])),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Any Document the pipeline could hand a writer (block ids unique, as it guarantees)."""
    count = draw(st.integers(min_value=0, max_value=4))
    return Document(
        source_path=draw(_text),
        blocks=tuple(draw(_block(n)) for n in range(1, count + 1)),
        language=draw(
            st.none()
            | st.builds(
                LanguageGuess,
                code=_text,
                confidence=st.floats(min_value=0, max_value=1, allow_nan=False),
            )
        ),
        engine=draw(st.none() | st.builds(EngineInfo, name=_text, model=_text, version=_text)),
        glossaries=tuple(draw(st.lists(_text, max_size=2))),
        encoding=draw(st.sampled_from(["", "utf-8", "cp1252"])),
        notes=tuple(draw(st.lists(_flags, max_size=2))),
    )
