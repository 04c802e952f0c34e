"""The memory wrapped round an engine: exact matches skip the engine, fuzzy ones are suggested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bilingue.document import Document, SegmentState, TargetOrigin
from bilingue.engines import span_keeper
from bilingue.engines.memory import MemoryTranslator, with_memory
from bilingue.glossary import Glossary, GlossaryEntry
from bilingue.pipeline import run
from bilingue.stages.translate import translate
from bilingue.tm import TmUnit, TranslationMemory, open_memory
from tests.doubles import IdentityEngine, SpanKeepingDouble, document_of

APPROVED = TmUnit(
    "Le lanceur Soyouz a décollé de Baïkonour.",
    "The Soyuz launcher lifted off from Baikonur.",
    document="earlier.docx",
    segment_id="p2.s1",
    engine="apertium",
    author="Claire",
)
GLOSSARY = Glossary(
    (
        GlossaryEntry("Soyouz", "Soyuz", "name"),
        GlossaryEntry("Baïkonour", "Baikonur", "place"),
        GlossaryEntry("Kourou", "Kourou", "place"),
    )
)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with open_memory(tmp_path / "tm.sqlite") as opened:
        opened.add([APPROVED])
        yield opened


def by_id(doc: Document) -> dict[str, object]:
    return {s.id: s for s in doc.segments()}


def test_an_exact_match_never_reaches_the_engine(memory: TranslationMemory) -> None:
    engine = IdentityEngine()
    # The same sentence as approved, typed with a no-break space and extra spaces.
    doc = document_of(
        "Bonjour à tous.",
        "Le lanceur Soyouz a décollé\u00a0de  Baïkonour.",
        "La fusée est prête.",
    )
    out = translate(doc, with_memory(engine, memory))
    assert engine.calls == [["Bonjour à tous.", "La fusée est prête."]]
    first, recalled, last = out.segments()
    assert recalled.target == APPROVED.target
    assert recalled.origin == TargetOrigin.TM
    assert recalled.state == SegmentState.TRANSLATED
    assert (first.origin, last.origin) == (TargetOrigin.MT, TargetOrigin.MT)
    assert out.engine == engine.info


def test_a_document_fully_in_memory_makes_no_engine_call(memory: TranslationMemory) -> None:
    engine = IdentityEngine()
    out = translate(document_of(APPROVED.source, APPROVED.source), with_memory(engine, memory))
    assert engine.calls == []
    assert [s.target for s in out.segments()] == [APPROVED.target] * 2


def test_fuzzy_matches_are_suggested_on_segments_the_engine_translates(
    memory: TranslationMemory,
) -> None:
    engine = IdentityEngine()
    close = "Le lanceur Soyouz a décollé de Kourou."
    out = translate(document_of(close, "Rien à voir ici."), with_memory(engine, memory))
    assert engine.calls == [[close, "Rien à voir ici."]]
    suggested, unrelated = out.segments()
    assert suggested.origin == TargetOrigin.MT and suggested.target == close
    [suggestion] = suggested.suggestions
    assert (suggestion.source, suggestion.target) == (APPROVED.source, APPROVED.target)
    assert 75.0 <= suggestion.score < 100.0
    assert unrelated.suggestions == ()


def test_the_glossary_is_checked_on_memory_targets(memory: TranslationMemory) -> None:
    # Approved before "Baïkonour" was in the glossary: the English spells it otherwise.
    memory.add([TmUnit("Retour à Baïkonour.", "Back to Baykonur.")])
    engine = IdentityEngine()
    out = run(
        document_of("Retour à Baïkonour.", APPROVED.source), with_memory(engine, memory), GLOSSARY
    )
    assert engine.calls == []
    broken, kept = out.segments()
    assert broken.target == "Back to Baykonur." and broken.origin == TargetOrigin.TM
    assert [hit.ok for hit in broken.terms] == [False]
    assert [flag.code for flag in broken.flags] == ["term-missing"]
    assert [hit.ok for hit in kept.terms] == [True, True] and kept.flags == ()


def test_a_span_keeping_engine_stays_span_keeping(memory: TranslationMemory) -> None:
    engine = SpanKeepingDouble()
    wrapped = with_memory(engine, memory)
    keeper: object = span_keeper(wrapped)
    assert wrapped.keeps_spans and keeper is wrapped
    assert span_keeper(with_memory(IdentityEngine(), memory)) is None
    out = run(document_of(APPROVED.source, "Soyouz décolle."), wrapped, GLOSSARY)
    assert engine.kept_calls == [[[("Soyuz", True), (" décolle.", False)]]]
    assert [s.origin for s in out.segments()] == [TargetOrigin.TM, TargetOrigin.MT]


def test_kept_and_blank_segments_are_not_looked_up(memory: TranslationMemory) -> None:
    memory.add([TmUnit("The launch went well.", "Should not be used.")])
    wrapped: MemoryTranslator = with_memory(IdentityEngine(), memory)
    doc = document_of("The launch went well.", "  ", kept=(0,))
    out = translate(doc, wrapped)
    kept, blank = out.segments()
    assert kept.target == "The launch went well." and kept.origin == TargetOrigin.SOURCE
    assert blank.origin == TargetOrigin.SOURCE


def test_an_empty_memory_changes_nothing(tmp_path: Path) -> None:
    doc = document_of("Bonjour à tous.", "La fusée est prête.")
    with open_memory(tmp_path / "empty.sqlite") as empty:
        with_tm = translate(doc, with_memory(IdentityEngine(), empty))
    without = translate(doc, IdentityEngine())
    assert with_tm == without
    assert {s.origin for s in with_tm.segments()} == {TargetOrigin.MT}
