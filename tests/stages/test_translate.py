"""The translate stage: whatever the engine does, every protected term is right or flagged."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingue.document import (
    Document,
    EngineInfo,
    Flag,
    FlagCode,
    SegmentState,
    Severity,
    TargetOrigin,
    TermHit,
)
from bilingue.engines import Translator
from bilingue.errors import EngineError
from bilingue.flags import engine_empty, lang_kept, protect_fallback, term_missing
from bilingue.glossary.model import Glossary, GlossaryEntry
from bilingue.stages.protect import protect
from bilingue.stages.translate import (
    Verification,
    has_markers,
    inline_source,
    pieces,
    remove_markers,
    translate,
    verify,
)
from tests.doubles import (
    ApertiumLikeMangler,
    CountingEngine,
    DropCapitalisedEngine,
    EmptyEngine,
    IdentityEngine,
    InventingEngine,
    MarkerLeakingEngine,
    RecordingEngine,
    SpanKeepingDouble,
    document_of,
)

# The glossary these tests protect with, through the real protect stage.
GLOSSARY = {
    "Soyouz": "Soyuz",
    "Baïkonour": "Baikonur",
    "ESA": "ESA",
    "Agence spatiale européenne": "European Space Agency",
    "Directeur général de l’ESA": "ESA Director General",
    "Général De Gaulle": "General de Gaulle",
    "Centre spatial guyanais": "Guiana Space Centre",
    "lanceur": "launcher",
    "https://cnes.fr": "https://cnes.fr",
    "julien.watelet@cnes.fr": "julien.watelet@cnes.fr",
}
SOURCES = (
    "Soyouz décolle de Baïkonour avec l’ESA.",
    "La visite du Général De Gaulle à Baïkonour, voir https://cnes.fr.",
    "Soyouz",
    "Bonjour à tous.",
)
MARKER = re.compile(r"[⟨⟩\x00]|XTERM")
FALLBACK = protect_fallback()
EMPTY = engine_empty()


def protected(
    *sources: str, kept: Sequence[int] = (), glossary: Mapping[str, str] = GLOSSARY
) -> Document:
    entries = tuple(GlossaryEntry(source, target) for source, target in glossary.items())
    return protect(document_of(*sources, kept=kept), Glossary(entries))


def run(engine: Translator, *sources: str, kept: Sequence[int] = ()) -> Document:
    return translate(protected(*sources, kept=kept), engine)


def targets(doc: Document) -> list[str | None]:
    return [s.target for s in doc.segments()]


def flags(doc: Document) -> list[list[Flag]]:
    return [list(s.flags) for s in doc.segments()]


def assert_no_silent_miss(doc: Document) -> None:
    """The promise: each hit is right, or a term-missing flag names it; no marker ships."""
    for segment in doc.segments():
        if not segment.translate:
            continue
        assert segment.state is SegmentState.TRANSLATED
        assert segment.target is not None and not MARKER.search(segment.target), segment.target
        missing = [f.message for f in segment.flags if f.code is FlagCode.TERM_MISSING]
        expected = [
            f"glossary term not in translation: {h.source} → {h.target}"
            for h in segment.terms
            if h.ok is False
        ]
        assert all(h.ok is not None for h in segment.terms)
        assert missing == expected, (segment.id, segment.terms)
        flagged = [f for f in segment.flags if f.code is FlagCode.TERM_MISSING]
        assert all(f.severity is Severity.ERROR for f in flagged)


# --- each strategy path -----------------------------------------------------------


def test_identity_engine_gets_the_target_forms_inline_in_one_batch() -> None:
    engine = IdentityEngine()
    doc = run(engine, *SOURCES)
    assert engine.calls == [
        [
            "Soyuz décolle de Baikonur avec l’ESA.",
            "La visite du General de Gaulle à Baikonur, voir https://cnes.fr.",
            "Soyuz",
            "Bonjour à tous.",
        ]
    ]
    assert targets(doc) == engine.calls[0]
    assert [h.ok for s in doc.segments() for h in s.terms] == [True] * 7
    assert flags(doc) == [[], [], [], []]
    assert [s.state for s in doc.segments()] == [SegmentState.TRANSLATED] * 4
    assert doc.engine == EngineInfo("identity", "test double", "0")
    assert doc.term_accuracy() == (7, 7)


def test_a_mangling_engine_is_worked_around_by_translating_between_terms() -> None:
    engine = ApertiumLikeMangler()
    doc = run(engine, *SOURCES)
    # One batch inline, then only the failing segments' text between terms, in one batch.
    assert engine.calls[1] == ["décolle de", "avec l’", "La visite du", "à", ", voir"]
    assert len(engine.calls) == 2
    assert targets(doc) == [
        "Soyuz décolle of Baikonur with ESA.",
        "The visite of the General de Gaulle in Baikonur, voir https://cnes.fr.",
        "Soyuz",
        "*Bonjour in tous.",
    ]
    assert flags(doc) == [[FALLBACK], [FALLBACK], [FALLBACK], []]
    assert doc.term_accuracy() == (7, 7)
    assert "THAT" not in " ".join(t or "" for t in targets(doc))


def test_a_span_keeping_engine_gets_pieces_and_keeps_the_terms_exactly() -> None:
    engine = SpanKeepingDouble()
    doc = run(engine, SOURCES[0], SOURCES[3])
    assert engine.calls == []
    assert engine.kept_calls == [
        [
            [
                ("Soyuz", True),
                (" décolle de ", False),
                ("Baikonur", True),
                (" avec l’", False),
                ("ESA", True),
                (".", False),
            ],
            [("Bonjour à tous.", False)],
            # Terminology (these entries' default kind) also goes left French; here
            # that English lacks the targets, so the kept one is used.
            [("Soyouz décolle de Baïkonour avec l’ESA.", False)],
        ]
    ]
    assert targets(doc) == ["Soyuz DÉCOLLE DE Baikonur AVEC L’ESA.", "BONJOUR À TOUS."]
    assert flags(doc) == [[], []]
    assert doc.term_accuracy() == (3, 3)


def test_terminology_the_engine_renders_itself_is_not_kept_in_place() -> None:
    # The double lowercases kept pieces (they would fail the check) and uppercases
    # the rest: the French "lanceur" translated by the engine gives the target.
    engine = SpanKeepingDouble(breaks_spans=True)
    entries = (
        GlossaryEntry("lanceur", "LANCEUR", type="term"),
        GlossaryEntry("Soyouz", "Soyuz", type="programme"),
    )
    doc = translate(
        protect(document_of("Un lanceur russe.", "Soyouz vole."), Glossary(entries)), engine
    )
    assert engine.kept_calls[0][2:] == [[("Un lanceur russe.", False)]]  # names stay kept
    assert engine.calls == [["vole."]]  # only Soyouz's segment needed the split
    assert targets(doc) == ["UN LANCEUR RUSSE.", "Soyuz VOLE."]
    assert flags(doc) == [[], [FALLBACK]]


def test_a_span_keeper_that_alters_spans_falls_back_to_split() -> None:
    engine = SpanKeepingDouble(breaks_spans=True)
    doc = run(engine, SOURCES[0], SOURCES[3])
    assert engine.calls == [["décolle de", "avec l’"]]
    assert targets(doc) == ["Soyuz DÉCOLLE DE Baikonur AVEC L’ESA.", "BONJOUR À TOUS."]
    assert flags(doc) == [[FALLBACK], []]
    assert doc.term_accuracy() == (3, 3)


def test_an_engine_that_drops_every_name_is_worked_around() -> None:
    engine = DropCapitalisedEngine()
    doc = run(engine, SOURCES[0], SOURCES[3])
    assert engine.calls == [
        ["Soyuz décolle de Baikonur avec l’ESA.", "Bonjour à tous."],
        ["décolle de", "avec l’"],
    ]
    assert targets(doc) == ["Soyuz décolle de Baikonur avec l’ESA.", "à tous."]
    assert flags(doc) == [[FALLBACK], []]


def test_an_engine_returning_nothing_keeps_the_terms_and_says_so() -> None:
    doc = run(EmptyEngine(), SOURCES[0], SOURCES[3])
    assert targets(doc) == ["Soyuz Baikonur ESA.", ""]
    assert flags(doc) == [[FALLBACK, EMPTY], [EMPTY]]
    assert doc.term_accuracy() == (3, 3)


def test_a_term_the_engine_duplicates_is_not_a_lost_term() -> None:
    engine = InventingEngine("Soyuz")
    doc = run(engine, "Soyouz et Soyouz décollent.")
    assert targets(doc) == ["Soyuz et Soyuz décollent. Soyuz"]
    assert flags(doc) == [[]]
    assert len(engine.calls) == 1


def test_leaked_markers_are_removed_before_the_check() -> None:
    doc = run(MarkerLeakingEngine(), SOURCES[0])
    assert targets(doc) == ["Soyuz décolle de Baikonur avec l’ESA."]
    assert flags(doc) == [[]]


def test_when_every_strategy_fails_the_best_is_kept_and_each_miss_flagged() -> None:
    # Overlapping hits (protect never makes them) cannot be cut, so no strategy can
    # bring the inner ESA through: it must be flagged, not dropped.
    source = "Soyouz et le Directeur général de l’ESA"
    title = TermHit("Directeur général de l’ESA", "ESA Director General", 13, 39)
    inner = TermHit("ESA", "ESA", 36, 39)
    soyuz = TermHit("Soyouz", "Soyuz", 0, 6)
    doc = document_of(source)
    doc = doc.map_segments(lambda s: s.with_(terms=(soyuz, title, inner)))
    engine = ApertiumLikeMangler()
    [segment] = translate(doc, engine).segments()
    assert engine.calls == [["Soyuz et le ESA Director General"], ["et le"]]
    # Inline kept 0 of 3, split 2 of 3: split wins, and the one miss is named.
    assert segment.target == "Soyuz and the ESA Director General"
    assert [h.ok for h in segment.terms] == [True, True, False]
    assert list(segment.flags) == [
        FALLBACK,
        term_missing(inner),
    ]


def test_on_a_tie_the_earlier_strategy_is_kept() -> None:
    source = "Directeur général de l’ESA"
    hits = (TermHit(source, "ESA Director General", 0, 26), TermHit("ESA", "ESA", 23, 26))
    doc = document_of(source).map_segments(lambda s: s.with_(terms=hits))
    engine = IdentityEngine()
    [segment] = translate(doc, engine).segments()
    assert engine.calls == [["ESA Director General"]]  # no text between terms to send
    assert segment.target == "ESA Director General"
    assert [h.ok for h in segment.terms] == [True, False]
    assert [f.code for f in segment.flags] == [FlagCode.TERM_MISSING]


def test_split_needs_no_engine_when_only_punctuation_lies_between_terms() -> None:
    class Loser(RecordingEngine):
        def render(self, source: str) -> str:
            return "nothing of it"

    terms = (TermHit("Soyouz", "Soyuz", 0, 6), TermHit("Soyouz", "Soyuz", 8, 14))
    doc = document_of("Soyouz, Soyouz").map_segments(lambda s: s.with_(terms=terms))
    engine = Loser()
    [segment] = translate(doc, engine).segments()
    assert engine.calls == [["Soyuz, Soyuz"]]
    assert segment.target == "Soyuz, Soyuz"
    assert list(segment.flags) == [FALLBACK]


def test_each_missing_hit_gets_its_own_flag() -> None:
    source = "Directeur général de l’ESA"
    inner = TermHit("ESA", "ESA", 23, 26)
    hits = (TermHit(source, "ESA Director General", 0, 26), inner, inner)
    doc = document_of(source).map_segments(lambda s: s.with_(terms=hits))
    [segment] = translate(doc, IdentityEngine()).segments()
    assert [h.ok for h in segment.terms] == [True, False, False]
    missing = term_missing(inner)
    assert list(segment.flags) == [missing, missing]
    assert missing.message == "glossary term not in translation: ESA → ESA"


def test_terms_are_never_glued_to_translated_words_or_marks() -> None:
    class Gluer(RecordingEngine):
        def render(self, source: str) -> str:
            return {"": "", "l’": "the*", "de": "of"}.get(source, "x")

    doc = document_of("l’ESA de").map_segments(
        lambda s: s.with_(terms=(TermHit("ESA", "ESA", 2, 5),))
    )
    [segment] = translate(doc, Gluer()).segments()
    assert segment.target == "the* ESA of"
    assert segment.terms[0].ok is True


# --- segments the engine never sees ---------------------------------------------------


def test_kept_segments_are_copied_untouched_and_blank_ones_copied() -> None:
    engine = ApertiumLikeMangler()
    doc = protected("Soyouz part.", "Soyuz launched from ESA.", "  ", kept=(1,))
    kept_flag = lang_kept("en", 0.99)
    doc = doc.map_segments(lambda s: s.with_(flags=(kept_flag,)) if not s.translate else s)
    out = translate(doc, engine)
    assert engine.calls[0] == ["Soyuz part."]
    assert targets(out) == ["Soyuz part.", "Soyuz launched from ESA.", "  "]
    first, kept, blank = out.segments()
    assert [first.state, kept.state, blank.state] == [
        SegmentState.TRANSLATED,
        SegmentState.INITIAL,
        SegmentState.TRANSLATED,
    ]
    assert kept == list(doc.segments())[1].with_(
        target="Soyuz launched from ESA.", origin=TargetOrigin.SOURCE
    )
    assert (kept.flags, kept.terms, blank.flags, blank.terms) == ((kept_flag,), (), (), ())


def test_a_document_with_nothing_to_translate_never_calls_the_engine() -> None:
    engine = IdentityEngine()
    doc = run(engine, "English only.", kept=(0,))
    assert engine.calls == []
    assert targets(doc) == ["English only."]
    assert doc.engine == engine.info


def test_an_engine_returning_the_wrong_number_of_translations_is_an_error() -> None:
    class Short(RecordingEngine):
        def translate(self, sources: Sequence[str]) -> list[str]:
            return ["one"]

    with pytest.raises(EngineError, match="returned 1 translations for 2 segments"):
        run(Short(), "Un.", "Deux.")


def test_engine_errors_propagate() -> None:
    class Broken(RecordingEngine):
        def translate(self, sources: Sequence[str]) -> list[str]:
            raise EngineError("decoder crashed")

    with pytest.raises(EngineError, match="decoder crashed"):
        run(Broken(), *SOURCES)


def test_translating_again_replaces_the_stage_flags() -> None:
    once = run(ApertiumLikeMangler(), *SOURCES)
    assert translate(once, ApertiumLikeMangler()) == once
    assert translate(once, IdentityEngine()) == run(IdentityEngine(), *SOURCES)


# --- the pure pieces ----------------------------------------------------------------


def hit(target: str) -> TermHit:
    return TermHit(target, target, 0, len(target))


@pytest.mark.parametrize(
    ("translation", "expected", "passed"),
    [
        ("Soyuz flies.", Verification((True,), markers=False), True),
        ("Soyuz ⟨1⟩ flies.", Verification((True,), markers=True), False),
        ("flies XTERM1X.", Verification((False,), markers=True), False),
        ("flies.", Verification((False,), markers=False), False),
    ],
)
def test_verify(translation: str, expected: Verification, passed: bool) -> None:
    verification = verify(translation, [hit("Soyuz")])
    assert verification == expected
    assert verification.passed is passed


def test_pieces_and_inline_source() -> None:
    source = "l’ESA et Soyouz"
    hits = [TermHit("Soyouz", "Soyuz", 9, 15), TermHit("ESA", "ESA", 2, 5)]
    assert pieces(source, hits) == [("l’", False), ("ESA", True), (" et ", False), ("Soyuz", True)]
    assert inline_source(source, hits) == "l’ESA et Soyuz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("⟨0⟩ Soyuz ⟨ 12 ⟩ left XTERM3X.", "Soyuz left."),
        ("stray ⟩ bracket ⟨", "stray  bracket"),
        ("nul\x00 byte", "nul byte"),
        ("clean", "clean"),
    ],
)
def test_remove_markers(text: str, expected: str) -> None:
    assert remove_markers(text) == expected
    assert not has_markers(remove_markers(text))


@settings(deadline=None)
@given(st.text(alphabet="ab ⟨⟩XTERM0123\x00*", max_size=40))
def test_remove_markers_leaves_none(text: str) -> None:
    assert not has_markers(remove_markers(text))


# --- properties over every double -----------------------------------------------------

WORDS = ["le", "vol", "de", "l’", "décolle", ",", ".", "«", "»", "2013", "avec", "spatiale", "Le"]
sentences = st.lists(st.sampled_from(WORDS + list(GLOSSARY)), min_size=1, max_size=12).map(" ".join)
DOUBLES: dict[str, Callable[[], Translator]] = {
    "identity": IdentityEngine,
    "mangler": ApertiumLikeMangler,
    "drop-capitalised": DropCapitalisedEngine,
    "empty": EmptyEngine,
    "inventing": lambda: InventingEngine("Baikonur"),
    "leaker": MarkerLeakingEngine,
    "span-keeper": SpanKeepingDouble,
    "broken-span-keeper": lambda: SpanKeepingDouble(breaks_spans=True),
}


@pytest.mark.parametrize("double", sorted(DOUBLES))
@settings(max_examples=40, deadline=None)
@given(texts=st.lists(sentences, min_size=1, max_size=4))
def test_no_engine_makes_a_silent_miss(double: str, texts: list[str]) -> None:
    engine = DOUBLES[double]()
    doc = run(engine, *texts)
    assert_no_silent_miss(doc)
    assert len(getattr(engine, "calls", [])) <= 2
    # Split puts every target form in verbatim, so with cut-able hits nothing is lost.
    assert all(h.ok for s in doc.segments() for h in s.terms)


@settings(deadline=None)
@given(st.lists(sentences, min_size=1, max_size=4))
def test_with_the_identity_engine_only_the_terms_change(texts: list[str]) -> None:
    doc = run(IdentityEngine(), *texts)
    assert targets(doc) == [inline_source(s.source, s.terms) for s in doc.segments()]
    assert all(h.ok for s in doc.segments() for h in s.terms)
    assert flags(doc) == [[] for _ in texts]


@settings(deadline=None)
@given(st.lists(sentences, min_size=1, max_size=4))
def test_protect_then_restore_is_the_identity(texts: list[str]) -> None:
    as_is = {term: term for term in GLOSSARY}
    doc = translate(protected(*texts, glossary=as_is), IdentityEngine())
    assert targets(doc) == texts


# --- real engines -------------------------------------------------------------------

RELEASE = (
    "L’ESA et Roscosmos lanceront Soyouz depuis le Centre spatial guyanais.",
    "Contact : julien.watelet@cnes.fr.",
    "Soyouz décolle de Baïkonour avec l’ESA, dit le Directeur général de l’ESA.",
)


def test_the_synthetic_argos_model_never_makes_a_silent_miss(argos_engine: Translator) -> None:
    engine = CountingEngine(argos_engine)
    doc = run(engine, *RELEASE)
    found, expected = doc.term_accuracy()
    assert expected == 8
    assert_no_silent_miss(doc)
    assert len(engine.calls) <= 2  # the batch, then one batch for the fallback
    assert doc.engine is not None and doc.engine.name == "argos"
    flagged = sum(1 for s in doc.segments() for f in s.flags if f.code is FlagCode.TERM_MISSING)
    assert flagged == expected - found


@pytest.mark.apertium
def test_apertium_keeps_the_terms_exactly() -> None:
    from bilingue.engines.apertium import ApertiumEngine, apertium_available

    if not apertium_available():
        pytest.skip("Apertium with fr-es and spa-eng is not installed")
    source = "L’ESA et Roscosmos coopèrent sur le programme Exomars."
    glossary = {"ESA": "ESA", "Roscosmos": "Roscosmos", "Exomars": "ExoMars"}
    doc = translate(protected(source, glossary=glossary), ApertiumEngine())
    [segment] = doc.segments()
    assert [(h.target, h.ok) for h in segment.terms] == [
        ("ESA", True),
        ("Roscosmos", True),
        ("ExoMars", True),
    ]
    assert segment.flags == ()
    assert segment.target is not None and "THAT" not in segment.target
    assert doc.engine is not None and doc.engine.name == "apertium"
