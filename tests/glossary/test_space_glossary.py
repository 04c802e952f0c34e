"""The shipped space-sector glossary: large enough, clean, and holding what releases need."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bilingue.glossary import ENTRY_TYPES, GlossaryEntry
from bilingue.glossary.check import check_glossary
from bilingue.glossary.model import CaseRule
from bilingue.glossary.store import read_tsv


@pytest.fixture(scope="module")
def space_path(repo_root: Path) -> Path:
    return repo_root / "glossary" / "space.tsv"


@pytest.fixture(scope="module")
def space(space_path: Path) -> dict[str, GlossaryEntry]:
    return {entry.source: entry for entry in read_tsv(space_path)}


def test_it_is_large_valid_and_free_of_errors(space_path: Path) -> None:
    entries = read_tsv(space_path)
    assert len(entries) >= 80
    assert len({e.source for e in entries}) == len(entries)
    assert {e.type for e in entries} == set(ENTRY_TYPES)
    assert [p for p in check_glossary([space_path]) if p.severity == "error"] == []


def test_every_field_is_clean_nfc_text(space_path: Path) -> None:
    for entry in read_tsv(space_path):
        for value in (entry.source, entry.target, entry.note, *entry.variants):
            assert unicodedata.normalize("NFC", value) == value, value
            assert "  " not in value and value == value.strip(), value


def test_only_warnings_are_shadowed_terms(space_path: Path) -> None:
    problems = check_glossary([space_path])
    assert problems, "the shipped glossary nests terms on purpose (CNES in Président du CNES)"
    assert all("the longer entry wins there" in p.message for p in problems)


# The entries the sample release (input/cnes-roscosmos-2013-05-17.fr.txt) needs, and
# the core of the sector named in the glossary's brief.
EXPECTED = {
    "CNES": "CNES",
    "Roscosmos": "Roscosmos",
    "Soyouz": "Soyuz",
    "Centre spatial guyanais": "Guiana Space Centre",
    "Station spatiale internationale": "International Space Station",
    "ESA": "ESA",
    "Agence spatiale européenne": "European Space Agency",
    "Exomars": "ExoMars",
    "Baïkonour": "Baikonur",
    "Centre national d'études spatiales": "Centre National d'Etudes Spatiales",
    "NASA": "NASA",
    "JAXA": "JAXA",
    "ISRO": "ISRO",
    "DLR": "DLR",
    "ASI": "ASI",
    "ONERA": "ONERA",
    "Arianespace": "Arianespace",
    "EUMETSAT": "EUMETSAT",
    "Airbus Defence and Space": "Airbus Defence and Space",
    "Thales Alenia Space": "Thales Alenia Space",
    "Commission européenne": "European Commission",
    "Union européenne": "European Union",
    "Ariane 5": "Ariane 5",
    "Ariane 6": "Ariane 6",
    "Vega-C": "Vega-C",
    "Véga": "Vega",
    "Proton": "Proton",
    "Falcon 9": "Falcon 9",
    "ATV": "ATV",
    "Progress": "Progress",
    "CSG": "CSG",
    "Kourou": "Kourou",
    "Centre spatial de Toulouse": "Toulouse Space Centre",
    "Plessetsk": "Plesetsk",
    "Vostotchny": "Vostochny",
    "Guyane française": "French Guiana",
    "ISS": "ISS",
    "Galileo": "Galileo",
    "Copernicus": "Copernicus",
    "Rosetta": "Rosetta",
    "Philae": "Philae",
    "Mars Sample Return": "Mars Sample Return",
    "Hubble": "Hubble",
    "James Webb": "James Webb",
    "Pléiades": "Pleiades",
    "SPOT": "SPOT",
    "Jason": "Jason",
    "SWOT": "SWOT",
    "Gaia": "Gaia",
    "Mars Express": "Mars Express",
    "Venus Express": "Venus Express",
    "Juice": "Juice",
    "BepiColombo": "BepiColombo",
    "Président du CNES": "CNES President",
    "Président-directeur général": "Chairman and CEO",
    "Directeur général": "Director General",
    "Directeur général de l'ESA": "ESA Director General",
    "Jean-Yves Le Gall": "Jean-Yves Le Gall",
    "Thomas Pesquet": "Thomas Pesquet",
    "Vladimir Popovkine": "Vladimir Popovkin",
    "Général De Gaulle": "General de Gaulle",
    "lanceur": "launcher",
    "vols habités": "human spaceflight",
    "microgravité": "microgravity",
    "accord-cadre": "framework agreement",
    "charge utile": "payload",
}


@pytest.mark.parametrize(("source", "target"), sorted(EXPECTED.items()))
def test_the_needed_entries_are_there(
    space: dict[str, GlossaryEntry], source: str, target: str
) -> None:
    assert space[source].target == target


def test_baikonur_also_matches_the_unaccented_spelling(space: dict[str, GlossaryEntry]) -> None:
    assert "Baikonour" in space["Baïkonour"].variants


@pytest.mark.parametrize("source", ["Proton", "Progress", "Mars", "Lune", "Jason"])
def test_names_that_are_also_common_words_keep_their_capitals(
    space: dict[str, GlossaryEntry], source: str
) -> None:
    assert space[source].case_rule is CaseRule.CAPITALS


@pytest.mark.parametrize(
    ("kind", "examples"),
    [
        ("organisation", ["CNES", "Roscosmos", "Agence spatiale européenne"]),
        ("place", ["Kourou", "Baïkonour", "Centre spatial guyanais"]),
        ("name", ["Jean-Yves Le Gall", "Vladimir Popovkine", "Thomas Pesquet"]),
        ("title", ["Président du CNES", "Directeur général de l'ESA"]),
        ("term", ["lanceur", "microgravité", "charge utile"]),
        ("programme", ["Soyouz", "Exomars", "Station spatiale internationale"]),
    ],
)
def test_types_say_what_entries_are(
    space: dict[str, GlossaryEntry], kind: str, examples: list[str]
) -> None:
    assert [space[source].type for source in examples] == [kind] * len(examples)
