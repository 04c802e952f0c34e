"""The protect stage: each translatable segment gets its protected occurrences."""

from __future__ import annotations

from dataclasses import replace

from bilingue.document import TermHit
from bilingue.glossary.model import Glossary, GlossaryEntry
from bilingue.stages.protect import protect, term_accuracy
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
    assert term_accuracy(doc) == (0, 4)
    checked = doc.map_segments(
        lambda s: s.with_(
            terms=tuple(replace(h, ok=(h.target != "ESA")) for h in s.terms),
        )
    )
    assert term_accuracy(checked) == (2, 4)
    assert term_accuracy(document_of("Rien.")) == (0, 0)
