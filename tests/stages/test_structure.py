"""Press-release structure, whatever the reader: datelines, quotes, lead, about, contacts,
and page furniture left in extracted text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.document import BlockKind, Document
from bilingue.formats import read_document
from bilingue.stages.clean import clean
from bilingue.stages.structure import split_dateline


def _clean(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    return clean(read_document(path))


def _kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind.value, b.text) for b in doc.blocks]


@pytest.mark.parametrize("number", ["– 3 –", "- 3 -", "3/6", "Page 3 sur 6", "page 3"])
def test_page_numbers_are_dropped_and_listed(tmp_path: Path, number: str) -> None:
    doc = _clean(tmp_path, f"Le texte commence ici.\n\n{number}\n\nLe texte reprend ici.\n")
    assert _kinds(doc) == [
        ("paragraph", "Le texte commence ici."),
        ("paragraph", "Le texte reprend ici."),
    ]
    assert [(n.code, n.message) for n in doc.notes] == [
        ("page-furniture", f"removed running header/footer or page number: '{number}' (1×)")
    ]


def test_page_number_inside_a_block_is_not_a_list_item(tmp_path: Path) -> None:
    doc = _clean(tmp_path, "Le satellite a été lancé\n– 3 –\nhier soir depuis Kourou.\n")
    assert _kinds(doc) == [("paragraph", "Le satellite a été lancé hier soir depuis Kourou.")]


def test_running_footer_repeated_through_extracted_text(tmp_path: Path) -> None:
    footer = "AFUP - Kit presse - http://www.afup.org {n}/6"
    pages = [f"Texte de la page {n}, une phrase.\n{footer.format(n=n)}" for n in range(1, 5)]
    doc = _clean(tmp_path, "\n\n".join(pages) + "\n")
    assert all("Kit presse" not in b.text for b in doc.blocks)
    assert [n.message for n in doc.notes] == [
        "removed running header/footer or page number: "
        "'AFUP - Kit presse - http://www.afup.org 1/6' (4×)"
    ]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("Paris, le 11 octobre 2005", "Paris, le 11 octobre 2005"),
        ("le vendredi 17 mai 2013 à Moscou", "le vendredi 17 mai 2013 à Moscou"),
        ("Toulouse, 3 mars 2021 –", "Toulouse, 3 mars 2021 –"),
    ],
)
def test_dateline_shapes(tmp_path: Path, text: str, dateline: str) -> None:
    doc = _clean(tmp_path, f"Le CNES lance un satellite\n\n{text}\n\nLe texte suit ici.\n")
    assert _kinds(doc)[1] == ("dateline", dateline)


def test_dateline_opening_the_first_paragraph_is_split_off(tmp_path: Path) -> None:
    doc = _clean(
        tmp_path,
        "Le Forum PHP revient\n\nParis le 10 octobre 2006 – Organisé à Paris les 9 et 10 "
        "novembre, le Forum PHP s’adresse aux développeurs.\n",
    )
    assert _kinds(doc) == [
        ("heading", "Le Forum PHP revient"),
        ("dateline", "Paris le 10 octobre 2006 –"),
        (
            "paragraph",
            "Organisé à Paris les 9 et 10 novembre, le Forum PHP s’adresse aux développeurs.",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le 3 mai 2021 – Le CNES a lancé", ("Le 3 mai 2021 –", "Le CNES a lancé")),
        ("Paris, le 3 mai 2021 – le texte continue", None),  # goes on in lower case
        ("Paris, le 3 mai 2021 le texte", None),  # no dash
    ],
)
def test_leading_dateline(text: str, expected: tuple[str, str] | None) -> None:
    assert split_dateline(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "« Cet accord ouvre une ère nouvelle pour nos deux agences », a déclaré le président.",
            "quote",
        ),
        (
            "Selon Arnaud Limbourg : « PHP est de plus en plus axé vers la simplification. »",
            "quote",
        ),
        (
            "« Une phrase » dit-il, et le texte continue longuement après la citation courte.",
            "paragraph",
        ),
    ],
)
def test_quotes_with_attribution(tmp_path: Path, text: str, kind: str) -> None:
    doc = _clean(tmp_path, f"Titre du communiqué\n\nLe texte commence.\n\n{text}\n")
    assert doc.blocks[-1].kind.value == kind


def test_about_and_contact_sections(tmp_path: Path) -> None:
    doc = _clean(
        tmp_path,
        "Le CNES lance SWOT\n\nParis, le 3 juin 2022\n\nLe satellite est en orbite.\n\n"
        "À propos du CNES\n\nLe CNES est l’agence spatiale française.\n\n"
        "Contact presse\n\nPascale Bresson\n\n01 44 76 75 39 – pascale.bresson@cnes.fr\n",
    )
    assert [b.kind for b in doc.blocks] == [
        BlockKind.HEADING,
        BlockKind.DATELINE,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.ABOUT,
        BlockKind.HEADING,
        BlockKind.CONTACT,
        BlockKind.CONTACT,
    ]


def test_lead_before_the_dateline(tmp_path: Path) -> None:
    doc = _clean(
        tmp_path,
        "Le CNES lance SWOT\n\nLe satellite observera l’eau de la planète.\n\n"
        "Paris, le 3 juin 2022\n\nLe texte suit.\n",
    )
    assert [b.kind for b in doc.blocks][:3] == [
        BlockKind.HEADING,
        BlockKind.LEAD,
        BlockKind.DATELINE,
    ]


def test_nested_list_levels_from_indentation(tmp_path: Path) -> None:
    doc = _clean(tmp_path, "Le programme :\n- deux lanceurs ;\n  - Ariane 6 ;\n- un satellite.\n")
    assert [(b.kind.value, b.level + b.list_level, b.text) for b in doc.blocks] == [
        ("paragraph", 0, "Le programme :"),
        ("list_item", 0, "deux lanceurs ;"),
        ("list_item", 1, "Ariane 6 ;"),
        ("list_item", 0, "un satellite."),
    ]


def test_bullets_under_a_short_heading_line(tmp_path: Path) -> None:
    doc = _clean(tmp_path, "Titre\n\nLe texte.\n\nLes équipages\n- deux de couple ;\n- huit.\n")
    assert _kinds(doc)[2:] == [
        ("heading", "Les équipages"),
        ("list_item", "deux de couple ;"),
        ("list_item", "huit."),
    ]


def test_table_of_contents_entries(tmp_path: Path) -> None:
    doc = _clean(
        tmp_path,
        "Sommaire\nLe programme ........................ 3\nLes partenaires . . . . . . . 5\n\n"
        "Le texte continue ici.\n",
    )
    assert [(b.kind.value, b.style, b.text) for b in doc.blocks] == [
        ("heading", "", "Sommaire"),
        ("paragraph", "toc", "Le programme 3"),
        ("paragraph", "toc", "Les partenaires 5"),
        ("paragraph", "", "Le texte continue ici."),
    ]
    assert [r.kind for b in doc.blocks for r in b.repairs] == ["dot-leader", "dot-leader"]
