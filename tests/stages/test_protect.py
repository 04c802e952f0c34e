"""The protect stage: each translatable segment gets its protected occurrences."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from bilingue.document import Flag, FlagCode, Severity, TermHit
from bilingue.glossary.match import Matcher, compile_matcher
from bilingue.glossary.model import Glossary, GlossaryEntry
from bilingue.stages import protect as protect_module
from bilingue.stages.protect import protect
from tests.doubles import document_of

GLOSSARY = Glossary(
    entries=(
        GlossaryEntry("Soyouz", "Soyuz", "programme"),
        GlossaryEntry("ESA", "ESA", "organisation"),
        GlossaryEntry("lanceur", "launcher", "term"),
    ),
    files=("glossary/space.tsv", "glossary/extra.tsv"),
)


def test_protect_fills_terms_with_offsets_into_the_segment() -> None:
    doc = protect(
        document_of("Le lanceur Soyouz et l’ESA.", "Voir www.cnes.fr ou 01 44 76 76 00."),
        GLOSSARY,
    )
    first, second = doc.segments()
    assert first.terms == (
        TermHit("lanceur", "launcher", 3, 10, "term", "lanceur"),
        TermHit("Soyouz", "Soyuz", 11, 17, "programme", "Soyouz"),
        TermHit("ESA", "ESA", 23, 26, "organisation", "ESA"),
    )
    assert second.terms == (
        TermHit("www.cnes.fr", "www.cnes.fr", 5, 16, "url", ""),
        TermHit("01 44 76 76 00", "01 44 76 76 00", 20, 34, "phone", ""),
    )
    assert all(hit.ok is None for hit in first.terms + second.terms)
    assert doc.glossaries == ("glossary/space.tsv", "glossary/extra.tsv")


def test_a_sentence_initial_term_gets_a_capitalised_target() -> None:
    doc = protect(document_of("Lanceur prêt."), GLOSSARY)
    assert [hit.target for hit in next(doc.segments()).terms] == ["Launcher"]


def test_segments_kept_in_their_language_get_no_terms() -> None:
    doc = protect(document_of("Soyouz part.", "Soyuz launched.", kept=[1]), GLOSSARY)
    assert [len(s.terms) for s in doc.segments()] == [1, 0]


def test_protect_replaces_earlier_terms_and_is_idempotent() -> None:
    once = protect(document_of("Soyouz part."), GLOSSARY)
    stale = once.map_segments(lambda s: s.with_(terms=(replace(s.terms[0], ok=False),) * 2))
    assert protect(stale, GLOSSARY) == once
    assert protect(once, GLOSSARY) == once


def test_an_empty_glossary_still_protects_non_translatable_spans() -> None:
    doc = protect(document_of("Écrire à presse@cnes.fr."), Glossary())
    assert [(h.source, h.kind) for h in next(doc.segments()).terms] == [("presse@cnes.fr", "email")]
    assert doc.glossaries == ()


def test_term_accuracy_counts_only_confirmed_hits() -> None:
    doc = protect(document_of("Soyouz, ESA et lanceur.", "ESA."), GLOSSARY)
    assert doc.term_accuracy() == (0, 4)
    checked = doc.map_segments(
        lambda s: s.with_(
            terms=tuple(replace(h, ok=(h.target != "ESA")) for h in s.terms),
        )
    )
    assert checked.term_accuracy() == (2, 4)
    assert document_of("Rien.").term_accuracy() == (0, 0)


def test_offsets_hold_in_decomposed_and_multiline_segments() -> None:
    nfd = unicodedata.normalize("NFD", "Depuis Baïkonour,\nl’ESA")
    glossary = Glossary((GlossaryEntry("Baïkonour", "Baikonur", "place"), *GLOSSARY.entries))
    [segment] = protect(document_of(nfd), glossary).segments()
    assert [(h.source, h.start, h.end) for h in segment.terms] == [
        (unicodedata.normalize("NFD", "Baïkonour"), 7, 17),
        ("ESA", 21, 24),
    ]
    assert all(segment.source[h.start : h.end] == h.source for h in segment.terms)


def test_every_block_is_protected(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Glossary] = []

    def counting(glossary: Glossary) -> Matcher:
        calls.append(glossary)
        return compile_matcher(glossary)

    monkeypatch.setattr(protect_module, "compile_matcher", counting)
    glossary = Glossary((GlossaryEntry("Ariane 6", "Ariane 6", "programme"),))
    doc = document_of("Ariane 6 vole.", "ESA.")
    doc = doc.with_(blocks=(*doc.blocks, replace(doc.blocks[0], id="p2")))
    protected = protect(doc, glossary)
    assert [len(s.terms) for s in protected.segments()] == [1, 0, 1, 0]
    # One compilation per glossary, however many segments and calls.
    assert protect(doc, glossary) == protected
    assert calls == [glossary]


@pytest.mark.parametrize(("entry_type", "kind"), [("place", "place"), ("", "term")])
def test_the_hit_kind_is_the_entry_type(entry_type: str, kind: str) -> None:
    glossary = Glossary((GlossaryEntry("Kourou", "Kourou", entry_type),))
    [segment] = protect(document_of("à Kourou"), glossary).segments()
    assert segment.terms == (TermHit("Kourou", "Kourou", 2, 8, kind, "Kourou"),)


# --- what the glossary's extra columns put on the hits ---------------------------------

VOL = GlossaryEntry(
    "vol",
    "flight",
    forbidden=("theft", "robbery"),
    context="a space flight",
    not_context=("données",),
)


def test_hits_carry_the_entry_fields_a_qa_check_needs() -> None:
    orbit = GlossaryEntry("orbite", "orbit", plural="orbits")
    doc = protect(document_of("Le vol vers les orbites basses."), Glossary((VOL, orbit)))
    [segment] = doc.segments()
    assert segment.terms == (
        TermHit(
            "vol", "flight", 3, 6, "term", "vol",
            forbidden=("theft", "robbery"), context="a space flight",
        ),
        TermHit("orbites", "orbits", 16, 23, "term", "orbite", plural=True),
    )  # fmt: skip
    assert segment.flags == ()


def test_a_wrong_sense_match_is_flagged_not_protected_and_not_counted() -> None:
    doc = protect(document_of("Le vol de données inquiète.", "Le vol part."), Glossary((VOL,)))
    first, second = doc.segments()
    assert first.terms == ()
    assert [(f.code, f.severity) for f in first.flags] == [("term-sense", Severity.WARNING)]
    assert first.flags[0].message == (
        "'vol' not protected: next to 'données' it is not the glossary's vol → flight "
        "(a space flight); check its translation"
    )
    assert [h.source for h in second.terms] == ["vol"]
    assert doc.term_accuracy() == (0, 1)
    assert protect(doc, Glossary((VOL,))) == doc  # its own flags are replaced, not repeated


def test_the_glossary_notes_become_document_notes_once() -> None:
    glossary = Glossary(notes=("no glossary found (looked in glossary/*.tsv)",))
    doc = protect(document_of("Soyouz part."), glossary)
    assert doc.notes == (
        Flag(
            FlagCode.GLOSSARY_NONE, "no glossary found (looked in glossary/*.tsv)", Severity.WARNING
        ),
    )
    assert protect(doc, glossary) == doc
    assert protect(doc, GLOSSARY).notes == ()
