"""The whole pipeline through real Apertium: glossary terms and non-translatable spans survive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.api import glossary_for, translate_file
from bilingue.cli import cli
from bilingue.config import load_settings
from bilingue.engines.apertium import ApertiumEngine, apertium_available

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        not apertium_available(),
        reason="Apertium with fr-es and spa-eng is not installed "
        "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
    ),
]

# Five shapes of French text a press office sends, each with what must survive verbatim.
TEXTS = {
    "quotes": (
        "Lancement réussi pour Ariane 6\n\n"
        "« Nous sommes fiers de ce succès », a déclaré Jean-Yves Le Gall, Président du "
        "CNES. Le lanceur a décollé du Centre spatial guyanais à Kourou. "
        "« L’ESA et le CNES ont travaillé ensemble pendant dix ans », a-t-il ajouté.\n",
        ["Ariane 6", "Jean-Yves Le Gall", "CNES", "Guiana Space Centre", "Kourou", "ESA"],
    ),
    "bullets": (
        "Les objectifs de la mission sont les suivants :\n\n"
        "- étudier l’atmosphère de Mars avec Exomars ;\n"
        "- préparer la mission Mars Sample Return avec la NASA ;\n"
        "- lancer Soyouz depuis Baïkonour vers la Station spatiale internationale.\n",
        [
            "ExoMars",
            "Mars Sample Return",
            "NASA",
            "Soyuz",
            "Baikonur",
            "International Space Station",
        ],
    ),
    "headline": (
        "Soyouz décolle de Baïkonour avec un équipage de l’Agence spatiale européenne\n",
        ["Soyuz", "Baikonur", "European Space Agency"],
    ),
    "contacts": (
        "Le CNES publie son rapport annuel sur https://cnes.fr/fr/rapport-2013?lang=fr "
        "et sur @CNES avec le mot-dièse #Ariane6.\n\n"
        "Contact presse : Pascale Bresson, pascale.bresson@cnes.fr, "
        "tél. +33 (0)1 44 76 75 39.\n",
        [
            "CNES",
            "https://cnes.fr/fr/rapport-2013?lang=fr",
            "@CNES",
            "#Ariane6",
            "pascale.bresson@cnes.fr",
            "+33 (0)1 44 76 75 39",
        ],
    ),
    "long": (
        "La coopération entre la France et la Russie dans le domaine spatial remonte à "
        "la visite du Général De Gaulle à Baïkonour en 1966. Depuis, le CNES et "
        "Roscosmos ont mené ensemble de nombreux projets scientifiques, des vols habités "
        "et des lancements commerciaux de Soyouz depuis le Centre spatial guyanais. "
        "L’ESA participe à la Station spatiale internationale, et Roscosmos coopère avec "
        "l’ESA sur le programme Exomars d’exploration de Mars. Les deux agences "
        "préparent un accord-cadre qui couvrira les lanceurs, les systèmes orbitaux et "
        "la microgravité pour les dix prochaines années.\n",
        [
            "CNES",
            "Roscosmos",
            "Soyuz",
            "Guiana Space Centre",
            "ESA",
            "International Space Station",
            "ExoMars",
            "Baikonur",
        ],
    ),
}

MARKER = re.compile(r"[\[\]⟨⟩\x00]|\\")


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


@pytest.mark.parametrize("shape", sorted(TEXTS))
def test_pipeline_keeps_every_term_through_apertium(
    shape: str, engine: ApertiumEngine, repo_root: Path, tmp_path: Path
) -> None:
    text, must_appear = TEXTS[shape]
    source = tmp_path / f"{shape}.txt"
    source.write_text(text, encoding="utf-8")
    glossary = glossary_for(load_settings(root=repo_root))
    result = translate_file(source, tmp_path, engine, glossary)
    assert result.status == "done"
    data = json.loads((tmp_path / f"{shape}.json").read_text(encoding="utf-8"))
    english = " ".join(s["target"] for s in data["segments"])
    for expected in must_appear:
        assert expected in english, (expected, english)
    assert "THAT" not in english
    assert not MARKER.search(english), english
    terms = [t for s in data["segments"] for t in s["terms"]]
    assert terms and all(t["ok"] is True for t in terms)
    assert data["term_accuracy"]["found"] == data["term_accuracy"]["expected"] == len(terms)


def test_the_sample_release_through_apertium_from_the_cli(
    workspace: Path, seed_path: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["translate", str(seed_path), "-o", str(tmp_path), "--engine", "apertium"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / f"{seed_path.stem}.json").read_text(encoding="utf-8"))
    english = " ".join(s["target"] for s in data["segments"])
    for expected in [
        "ESA",
        "Soyuz",
        "Guiana Space Centre",
        "International Space Station",
        "Baikonur",
        "ExoMars",
        "European Space Agency",
        "Vladimir",
    ]:
        assert expected in english, expected
    assert "THAT" not in english
    assert not MARKER.search(english)
    found, expected_count = data["term_accuracy"]["found"], data["term_accuracy"]["expected"]
    assert found == expected_count > 0
    assert f"glossary terms {found}/{expected_count} (100.0%)" in result.stdout
    assert data["engine"]["name"] == "apertium"
