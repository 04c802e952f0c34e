"""The translate stage: whatever the engine does, every protected term is right or flagged."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingue.document import Document, EngineInfo, Flag, Segment, SegmentState, Severity, TermHit
from bilingue.engines import Translator
from bilingue.errors import EngineError
from bilingue.glossary.model import Glossary, GlossaryEntry
from bilingue.stages.protect import protect, term_accuracy
from bilingue.stages.translate import (
    check_terms,
    count_form,
    inline_source,
    pieces,
    remove_markers,
    translate,
)
from tests.doubles import (
    CountingEngine,
    EmptyEngine,
    IdentityEngine,
    InventingEngine,
    Mangler,
    MarkerLeakingEngine,
    PlaceholderDropper,
    RecordingEngine,
    SpanKeeper,
    document_of,
)

GLOSSARY = Glossary(
    (
        GlossaryEntry("Soyouz", "Soyuz", "programme"),
        GlossaryEntry("Baïkonour", "Baikonur", "place"),
        GlossaryEntry("ESA", "ESA", "organisation"),
        GlossaryEntry("Agence spatiale européenne", "European Space Agency", "organisation"),
        GlossaryEntry("Directeur général de l'ESA", "ESA Director General", "title"),
        GlossaryEntry("Général De Gaulle", "General de Gaulle", "name"),
        GlossaryEntry("lanceur", "launcher", "term"),
    ),
    files=("test.tsv",),
)
SOURCES = (
    "Soyouz décolle de Baïkonour avec l’ESA.",
    "La visite du Général De Gaulle à Baïkonour, voir https://cnes.fr.",
    "Soyouz",
    "Bonjour à tous.",
)
MARKER = re.compile(r"⟨|⟩|XTERM|\[\[|\x00")


def run(engine: Translator, *sources: str, kept: tuple[int, ...] = ()) -> Document:
    return translate(protect(document_of(*sources, kept=kept), GLOSSARY), engine)


def targets(doc: Document) -> list[str | None]:
    return [s.target for s in doc.segments()]


def codes(segment: Segment) -> list[str]:
    return [flag.code for flag in segment.flags]


def assert_no_silent_miss(doc: Document) -> None:
    """The promise: each hit is right, or a term-missing flag names it; no marker ships."""
    for segment in doc.segments():
        assert segment.state is SegmentState.TRANSLATED
        assert segment.target is not None and not MARKER.search(segment.target), segment.target
        for hit in segment.terms:
            assert hit.ok is not None
            if hit.ok is False:
                assert any(
                    f.code == "term-missing"
                    and f.severity is Severity.ERROR
                    and f"{hit.source} → {hit.target}" in f.message
                    for f in segment.flags
                ), (segment.id, hit)


# --- each engine double -----------------------------------------------------------


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
    assert all(hit.ok is True for s in doc.segments() for hit in s.terms)
    assert all(s.flags == () for s in doc.segments())
    assert doc.engine == EngineInfo("identity", "test double", "0")
    assert term_accuracy(doc) == (7, 7)


def test_a_mangling_engine_is_worked_around_by_translating_between_terms() -> None:
    engine = Mangler()
    doc = run(engine, *SOURCES)
    assert len(engine.calls) == 2
    # Only the failing segments' French text between terms goes back, in one batch.
    assert engine.calls[1] == ["décolle de", "avec l’", "La visite du", "à", ", voir"]
    assert targets(doc) == [
        "Soyuz décolle of Baikonur with ESA.",
        "The visite of the General de Gaulle in Baikonur, voir https://cnes.fr.",
        "Soyuz",
        "*Bonjour in tous.",
    ]
    first, second, third, fourth = doc.segments()
    assert codes(first) == codes(second) == codes(third) == ["protect-fallback"]
    assert first.flags[0] == Flag(
        "protect-fallback",
        "target from strategy split (text between protected terms translated on its own): "
        "the inline translation lost Soyouz → Soyuz, Baïkonour → Baikonur, ESA → ESA",
        Severity.INFO,
    )
    assert codes(fourth) == []
    assert term_accuracy(doc) == (7, 7)
    assert_no_silent_miss(doc)


def test_a_span_keeping_engine_gets_pieces_and_keeps_the_terms_exactly() -> None:
    engine = SpanKeeper()
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
        ]
    ]
    assert targets(doc) == ["Soyuz décolle of Baikonur with ESA.", "*Bonjour in tous."]
    assert all(s.flags == () for s in doc.segments())
    assert term_accuracy(doc) == (3, 3)


def test_a_span_keeper_that_alters_spans_falls_back_to_plain_translation() -> None:
    engine = SpanKeeper(breaks_spans=True)
    doc = run(engine, SOURCES[0])
    assert engine.calls == [["décolle de", "avec l’"]]
    assert targets(doc) == ["Soyuz décolle of Baikonur with ESA."]
    assert "the keep translation lost" in next(doc.segments()).flags[0].message
    assert term_accuracy(doc) == (3, 3)


def test_an_engine_that_drops_names_is_worked_around() -> None:
    doc = run(PlaceholderDropper(), SOURCES[0])
    assert targets(doc) == ["Soyuz décolle de Baikonur avec l’ESA."]
    assert term_accuracy(doc) == (3, 3)


def test_an_engine_returning_nothing_keeps_the_terms_and_says_so() -> None:
    doc = run(EmptyEngine(), SOURCES[0], SOURCES[3])
    first, second = doc.segments()
    assert (first.target, second.target) == ("Soyuz Baikonur ESA.", "")
    assert codes(first) == ["protect-fallback", "engine-empty"]
    assert codes(second) == ["engine-empty"]
    assert term_accuracy(doc) == (3, 3)
    assert_no_silent_miss(doc)


def test_a_term_the_engine_duplicates_even_when_split_is_flagged() -> None:
    doc = run(InventingEngine("Soyuz"), "Soyouz et Soyouz décollent de Baïkonour.")
    [segment] = doc.segments()
    # Both strategies fail; the first (more fluent) translation is kept.
    assert segment.target == "Soyuz et Soyuz décollent de Baikonur. Soyuz"
    assert [(h.target, h.ok) for h in segment.terms] == [
        ("Soyuz", False),
        ("Soyuz", False),
        ("Baikonur", True),
    ]
    assert segment.flags == (
        Flag(
            "term-missing",
            "glossary term not in translation: Soyouz → Soyuz (2 occurrences)",
            Severity.ERROR,
        ),
    )
    assert term_accuracy(doc) == (1, 3)
    assert_no_silent_miss(doc)


def test_leaked_markers_never_reach_the_target() -> None:
    doc = run(MarkerLeakingEngine(), SOURCES[0])
    assert targets(doc) == ["Soyuz décolle de Baikonur avec l’ESA."]
    assert term_accuracy(doc) == (3, 3)


# --- segments the engine never sees ---------------------------------------------------


def test_kept_and_blank_segments_are_copied_not_translated() -> None:
    engine = Mangler()
    doc = run(engine, "Soyouz part.", "Soyuz launched from ESA.", "  ", kept=(1,))
    assert engine.calls[0] == ["Soyuz part."]
    assert targets(doc) == ["Soyuz part.", "Soyuz launched from ESA.", "  "]
    assert [s.state for s in doc.segments()] == [SegmentState.TRANSLATED] * 3
    assert [s.terms for s in list(doc.segments())[1:]] == [(), ()]


def test_a_document_with_nothing_to_translate_never_calls_the_engine() -> None:
    engine = IdentityEngine()
    doc = run(engine, "English only.", kept=(0,))
    assert engine.calls == []
    assert targets(doc) == ["English only."]
    assert doc.engine == engine.info


def test_an_engine_returning_the_wrong_number_of_translations_is_an_error() -> None:
    class Short(RecordingEngine):
        def translate(self, sources: object) -> list[str]:
            return ["one"]

    with pytest.raises(EngineError, match="returned 1 translations for 2 segments"):
        run(Short(), "Un.", "Deux.")


def test_translating_again_replaces_the_stage_flags() -> None:
    once = run(Mangler(), *SOURCES)
    assert translate(once, Mangler()) == once
    assert translate(once, IdentityEngine()) == run(IdentityEngine(), *SOURCES).with_(
        engine=IdentityEngine().info
    )


# --- the pieces -------------------------------------------------------------------


def hit(target: str, start: int = 0, end: int = 0) -> TermHit:
    return TermHit(target, target, start, end)


@pytest.mark.parametrize(
    ("translation", "hits", "expected"),
    [
        ("Soyuz and Soyuz", [hit("Soyuz"), hit("Soyuz")], (True, True)),
        ("Soyuz", [hit("Soyuz"), hit("Soyuz")], (False, False)),
        ("Soyuz Soyuz Soyuz", [hit("Soyuz"), hit("Soyuz")], (False, False)),
        ("the *Soyuz", [hit("Soyuz")], (False,)),
        ("Soyuzes", [hit("Soyuz")], (False,)),
        ("soyuz", [hit("Soyuz")], (False,)),
        ("ESA Director General and ESA", [hit("ESA Director General"), hit("ESA")], (True, True)),
        ("ESA Director General", [hit("ESA Director General"), hit("ESA")], (True, False)),
        ("follow @CNES", [hit("@CNES"), hit("CNES")], (True, False)),
        ("@CNES and CNES", [hit("@CNES"), hit("CNES")], (True, True)),
        ("C++ and C", [hit("C++")], (True,)),
        ("anything", [], ()),
    ],
)
def test_check_terms(translation: str, hits: list[TermHit], expected: tuple[bool, ...]) -> None:
    assert check_terms(translation, hits) == expected


def test_count_form_respects_word_boundaries() -> None:
    assert count_form("ESA, RESA, ESAs, (ESA)", "ESA") == 2
    assert count_form("anything", "") == 0


def test_pieces_and_inline_source() -> None:
    source = "l’ESA et Soyouz"
    hits = [TermHit("ESA", "ESA", 2, 5), TermHit("Soyouz", "Soyuz", 9, 15)]
    assert pieces(source, hits) == [("l’", False), ("ESA", True), (" et ", False), ("Soyuz", True)]
    assert inline_source(source, hits) == "l’ESA et Soyuz"


def test_remove_markers() -> None:
    assert remove_markers("⟨0⟩ Soyuz ⟨ 12 ⟩ left XTERM3X.") == "Soyuz left."


# --- properties -------------------------------------------------------------------

WORDS = ["le", "vol", "de", "l’", "décolle", ",", ".", "«", "»", "2013", "avec", "spatiale"]
TERMS = ["Soyouz", "Baïkonour", "ESA", "Agence spatiale européenne", "lanceur", "Général De Gaulle"]
sentences = st.lists(
    st.sampled_from(WORDS + TERMS + ["www.cnes.fr", "01 44 76 76 00"]), min_size=1, max_size=12
).map(" ".join)
DOUBLES: dict[str, Callable[[], Translator]] = {
    "identity": IdentityEngine,
    "mangler": Mangler,
    "dropper": PlaceholderDropper,
    "empty": EmptyEngine,
    "inventing": lambda: InventingEngine("Baikonur"),
    "leaker": MarkerLeakingEngine,
    "span-keeper": SpanKeeper,
    "broken-span-keeper": lambda: SpanKeeper(breaks_spans=True),
}


@given(st.lists(sentences, min_size=1, max_size=4))
def test_protect_then_restore_is_the_identity(texts: list[str]) -> None:
    as_is = Glossary(tuple(GlossaryEntry(e.source, e.source, e.type) for e in GLOSSARY.entries))
    doc = translate(protect(document_of(*texts), as_is), IdentityEngine())
    assert targets(doc) == texts
    assert all(hit.ok for s in doc.segments() for hit in s.terms)


@given(st.lists(sentences, min_size=1, max_size=4))
def test_with_the_identity_engine_only_the_terms_change(texts: list[str]) -> None:
    doc = run(IdentityEngine(), *texts)
    assert targets(doc) == [inline_source(s.source, s.terms) for s in doc.segments()]


@pytest.mark.parametrize("double", sorted(DOUBLES))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(sentences, min_size=1, max_size=4))
def test_no_engine_makes_a_silent_miss(double: str, texts: list[str]) -> None:
    doc = run(DOUBLES[double](), *texts)
    assert_no_silent_miss(doc)


# --- real engines -----------------------------------------------------------------


def release_document(path: Path) -> Document:
    """The sample release as sentences, cleaned just enough (the real stages do more)."""
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8")).strip()
    text = text.replace("V ladimir", "Vladimir").replace("Cet te", "Cette")
    return document_of(*re.split(r"(?<=[.!?»]) (?=[A-ZÀ-Ý«])", text))


def test_the_sample_release_through_the_synthetic_argos_model(
    argos_engine: Translator, repo_root: Path, seed_path: Path
) -> None:
    from bilingue.glossary.store import load_glossary

    glossary = load_glossary([repo_root / "glossary" / "space.tsv"])
    engine = CountingEngine(argos_engine)
    doc = translate(protect(release_document(seed_path), glossary), engine)
    found, expected = term_accuracy(doc)
    assert expected >= 30
    assert_no_silent_miss(doc)
    assert len(engine.calls) <= 2  # the batch, then one batch for the fallback
    assert doc.engine is not None and doc.engine.name == "argos"
    flagged = sum(1 for s in doc.segments() for f in s.flags if f.code == "term-missing")
    assert (found == expected) == (flagged == 0)


@pytest.mark.apertium
def test_the_sample_release_through_apertium_keeps_every_term(
    repo_root: Path, seed_path: Path
) -> None:
    from bilingue.engines.apertium import ApertiumEngine, apertium_available
    from bilingue.glossary.store import load_glossary

    if not apertium_available():
        pytest.skip("Apertium with fr-es and spa-eng is not installed")
    glossary = load_glossary([repo_root / "glossary" / "space.tsv"])
    doc = translate(protect(release_document(seed_path), glossary), ApertiumEngine())
    found, expected = term_accuracy(doc)
    assert found == expected >= 30
    assert_no_silent_miss(doc)
    assert not any(f.code == "protect-fallback" for s in doc.segments() for f in s.flags)
    english = " ".join(t or "" for t in targets(doc))
    assert "THAT" not in english and "Soyuz" in english and "Baikonur" in english
