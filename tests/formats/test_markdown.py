"""Markdown reader: structure kept, markup never left in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.document import Document
from bilingue.formats import read_document
from bilingue.formats.markdown import markdown_to_document
from bilingue.pipeline import prepare
from bilingue.stages.clean import clean

FIXTURE = Path(__file__).parent / "fixtures" / "release.md"


@pytest.fixture(scope="module")
def doc() -> Document:
    return clean(read_document(FIXTURE))


def test_release_blocks(doc: Document) -> None:
    assert [(b.kind.value, b.level + b.list_level, b.text) for b in doc.blocks] == [
        ("heading", 1, "La DINUM publie le guide de l'IA générative"),
        ("dateline", 0, "Paris, le 3 juin 2024"),
        (
            "paragraph",
            0,
            "Le guide aide les agents publics à utiliser l'IA générative en toute sécurité. "
            "La demande a été identifiée. L'usage de ces outils doit rester encadré, "
            "rappelle la DINUM.",
        ),
        ("heading", 3, "Ce que contient le guide"),
        ("list_item", 0, "des règles simples ;"),
        ("list_item", 1, "ne jamais saisir de données personnelles ;"),
        ("list_item", 1, "vérifier chaque réponse ;"),
        ("list_item", 0, "des cas d'usage."),
        (
            "quote",
            0,
            "« Nous voulons que chaque agent puisse en profiter sans risque. » "
            "— Stéphanie Schaer, directrice",
        ),
        ("table_cell", 0, "Chapitre"),
        ("table_cell", 0, "Pages"),
        ("table_cell", 0, "Principes"),
        ("table_cell", 0, "12"),
        ("heading", 3, "À propos de la DINUM :"),
        ("about", 0, "La direction interministérielle du numérique accompagne les ministères."),
        ("heading", 3, "Contact presse"),
        ("contact", 0, "presse@numerique.gouv.fr – 01 71 21 00 00"),
    ]


def test_no_markup_in_any_segment() -> None:
    doc = prepare(read_document(FIXTURE))
    for segment in doc.segments():
        assert not any(mark in segment.source for mark in ("**", "](", "> ", "|", "#")), segment


def test_bold_sentence_start_is_split() -> None:
    doc = prepare(read_document(FIXTURE))
    sources = [s.source for s in doc.segments()]
    assert "La demande a été identifiée." in sources
    assert "L'usage de ces outils doit rester encadré, rappelle la DINUM." in sources


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Un *mot* et un `code`.", "Un mot et un code."),
        ("Voir ![logo du CNES](logo.png) ici.", "Voir logo du CNES ici."),
        ("**Gras** au début de la phrase.", "Gras au début de la phrase."),
    ],
)
def test_inline_markup_reduced_to_text(text: str, expected: str) -> None:
    doc = markdown_to_document(text, source_path="x.md")
    assert [b.text for b in doc.blocks] == [expected]


def test_read_from_disk_keeps_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp.md"
    path.write_bytes("# Été\n\nLe lancement réussi.\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.encoding == "cp1252"
    assert [b.text for b in doc.blocks] == ["Été", "Le lancement réussi."]
