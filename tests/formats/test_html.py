"""HTML reader: main content only, structure kept, page chrome dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.document import Document
from bilingue.errors import BadInput
from bilingue.formats import read_document
from bilingue.formats.html import html_to_document
from bilingue.pipeline import prepare
from bilingue.stages.clean import clean

FIXTURE = Path(__file__).parent / "fixtures" / "release.html"


@pytest.fixture(scope="module")
def doc() -> Document:
    return clean(read_document(FIXTURE))


def test_release_page_blocks(doc: Document) -> None:
    assert [(b.kind.value, b.level + b.list_level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Le satellite SWOT a rejoint son orbite"),
        (
            "lead",
            0,
            "Le satellite franco-américain observera l’eau de surface de la planète "
            "pendant trois ans.",
        ),
        ("dateline", 0, "Toulouse, le 16 décembre 2022"),
        (
            "paragraph",
            0,
            "Lancé par une fusée Falcon 9 depuis la base de Vandenberg, le satellite SWOT "
            "a été placé sur son orbite à 890\u00a0km d’altitude.",
        ),
        ("heading", 2, "Une mission en trois phases"),
        ("list_item", 0, "la recette en vol, jusqu’en mars ;"),
        ("list_item", 1, "calibrage de l’altimètre ;"),
        ("list_item", 1, "réglage des antennes ;"),
        ("list_item", 0, "la phase scientifique ;"),
        ("list_item", 0, "l’exploitation des données."),
        ("quote", 0, "« Ce lancement ouvre une ère nouvelle pour l’hydrologie spatiale. »"),
        ("table_cell", 0, "Paramètre"),
        ("table_cell", 0, "Valeur"),
        ("table_cell", 0, "Masse"),
        ("table_cell", 0, "2 200 kg"),
        ("heading", 3, "À propos du CNES"),
        ("about", 0, "Le CNES est l’agence spatiale française. Il emploie 2 400 personnes."),
        ("heading", 3, "Contact presse"),
        ("contact", 0, "Pascale Bresson – 01 44 76 75 39 – pascale.bresson@cnes.fr"),
    ]


@pytest.mark.parametrize(
    "chrome", ["cookies", "Accepter", "Actualités", "Partager", "À lire aussi", "Mentions"]
)
def test_page_chrome_dropped(doc: Document, chrome: str) -> None:
    assert all(chrome not in b.text for b in doc.blocks)


def test_page_without_main_uses_densest_element() -> None:
    html = (
        "<html><body><div class='menu'><a>Accueil</a></div><h1>Un titre</h1>"
        "<div id='contenu'><p>Premier paragraphe du communiqué.</p>"
        "<p>Second paragraphe, plus long que le menu.</p></div>"
        "<div class='footer-links'><p>Plan du site</p></div></body></html>"
    )
    doc = html_to_document(html, source_path="page.html")
    assert [b.text for b in doc.blocks] == [
        "Un titre",
        "Premier paragraphe du communiqué.",
        "Second paragraphe, plus long que le menu.",
    ]


def test_segments_carry_no_markup() -> None:
    doc = prepare(read_document(FIXTURE))
    assert all("<" not in s.source and "&nbsp;" not in s.source for s in doc.segments())


def test_empty_page_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "vide.html"
    path.write_text("<html><body><nav>Menu</nav></body></html>", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: empty document — the page has no main text"
