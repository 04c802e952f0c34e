"""Paragraph ends in plain text without blank lines (formats/plain_layout.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.formats.plain_layout import split_paragraph_lines, wrap_width
from bilingue.formats.txt import read_txt, text_to_document

WRAPPED = [
    "Jean-Yves Le Gall, Président du CNES, a rencontré Vladimir Popovkine, Directeur",
    "de Roscosmos, le vendredi 17 mai 2013 à Moscou. Cette rencontre a permis de",
    "consolider la relation privilégiée qui existe entre la France et la Russie dans le",
    "domaine spatial, dont l’origine remonte à la visite du Général De Gaulle à Baïkonour",
    "en 1966.",
]


def _texts(text: str) -> list[str]:
    return [block.text for block in text_to_document(text, source_path="x.txt").blocks]


def test_a_heading_in_capitals_above_a_dateline_is_its_own_block() -> None:
    assert _texts("COMMUNIQUÉ DE PRESSE\nToulouse, le 3 mars 2024\n") == [
        "COMMUNIQUÉ DE PRESSE",
        "Toulouse, le 3 mars 2024",
    ]


@pytest.mark.parametrize("heading", ["À propos du CNES", "A propos de l'AFUP", "Contact presse"])
def test_about_and_contact_headings_end_before_their_paragraph(heading: str) -> None:
    body = "Le Centre national d'études spatiales est l'établissement public chargé de"
    text = f"{heading}\n{body}\nproposer la politique spatiale de la France.\n"
    assert _texts(text) == [heading, f"{body}\nproposer la politique spatiale de la France."]


def test_a_wrapped_title_stays_one_block() -> None:
    title = (
        "Jean-Yves Le Gall, Président du CNES, a rencontré\n"
        "Vladimir Popovkine, Directeur de Roscosmos,"
    )
    assert _texts(f"{title}\n\n" + "\n".join(WRAPPED)) == [title, "\n".join(WRAPPED)]


def test_a_short_line_ending_a_sentence_ends_the_paragraph() -> None:
    lines = [
        *WRAPPED,
        "Cette coopération a donné lieu à de nombreux succès dans le domaine scientifique",
    ]
    runs = split_paragraph_lines(lines, wrap_width([lines]))
    assert runs == [WRAPPED, lines[-1:]]


def test_a_full_line_ending_a_sentence_is_a_wrap() -> None:
    # "Moscou." ends a sentence at the wrap width: the next word did not fit.
    lines = [
        "Jean-Yves Le Gall, Président du CNES, a rencontré Vladimir Popovkine à Moscou.",
        "Cette rencontre a permis de consolider la relation privilégiée entre les deux",
        "pays.",
    ]
    assert split_paragraph_lines(lines, wrap_width([lines])) == [lines]


def test_one_paragraph_a_line_gives_one_block_a_line() -> None:
    paragraphs = [
        "COMMUNIQUÉ DE PRESSE Toulouse, le 3 mars 2024",
        "Le CNES et l'ESA signent un accord sur Ariane 6",
        " ".join(WRAPPED),
        "À propos du CNES " + " ".join(WRAPPED[:3]),
    ]
    assert _texts("\n".join(paragraphs)) == paragraphs


def test_one_long_url_line_does_not_make_wrapped_text_unwrapped() -> None:
    url = "https://presse.cnes.fr/fr/" + "a" * 150
    lines = [*WRAPPED[:2], url, *WRAPPED[2:]]
    assert wrap_width([lines]) < 130
    assert split_paragraph_lines(lines, wrap_width([lines])) == [lines]


def test_the_reader_splits_the_file(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text("À propos du CNES\n" + "\n".join(WRAPPED) + "\n", encoding="utf-8")
    assert [block.text for block in read_txt(path).blocks] == [
        "À propos du CNES",
        "\n".join(WRAPPED),
    ]
