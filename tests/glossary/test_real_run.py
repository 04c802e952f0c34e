"""The glossary a real run uses: bilingue.toml's list and --glossary, through real Apertium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.engines.apertium import apertium_available

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        not apertium_available(),
        reason="Apertium with fr-es and spa-eng is not installed "
        "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
    ),
]

HEADER = "source\ttarget\ttype\tplural\tnot_context\tcontext\n"
RELEASE = (
    "Le lanceur Soy\u00adouz décollera de Kourou la semaine prochaine.\n\n"
    "Le satellite rejoindra ensuite les orbites géostationnaires prévues par la mission.\n\n"
    "Le vol de données personnelles inquiète les responsables de l’agence spatiale.\n"
)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """terms/main.tsv is configured in bilingue.toml; glossary/ holds a file it overrides."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "space.tsv").write_text(
        "source\ttarget\ttype\nKourou\tKOUROU FROM THE FOLDER\tplace\n", encoding="utf-8"
    )
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "main.tsv").write_text(
        HEADER + "lanceur\tcarrier rocket\tterm\n"
        "Soyouz\tSoyuz\tprogramme\n"
        "orbite géostationnaire\tGEO orbit\tterm\tGEO orbits\n"
        "vol\tflight\tterm\t\tdonnées\ta space flight\n",
        encoding="utf-8",
    )
    (tmp_path / "bilingue.toml").write_text('glossary = ["terms/main.tsv"]\n', encoding="utf-8")
    (tmp_path / "extra.tsv").write_text(
        "source\ttarget\ttype\nKourou\tKourou Spaceport\tplace\n", encoding="utf-8"
    )
    (tmp_path / "release.txt").write_text(RELEASE, encoding="utf-8")
    return tmp_path


def _translate(*options: str) -> tuple[Any, dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["translate", "release.txt", "-o", "out", "--engine", "apertium", *options]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(Path("out", "release.json").read_text(encoding="utf-8"))
    return result, data


def test_the_configured_list_and_glossary_option_decide_the_terms(workspace: Path) -> None:
    _, data = _translate("--glossary", "extra.tsv")
    english = [segment["target"] for segment in data["segments"]]
    assert "carrier rocket" in english[0]
    assert "Soyuz" in english[0]
    assert "Kourou Spaceport" in english[0]
    assert "GEO orbits" in english[1]
    assert not any("FROM THE FOLDER" in text for text in english)
    assert data["glossaries"] == [str(workspace / "terms" / "main.tsv"), "extra.tsv"]
    hits = [hit for segment in data["segments"] for hit in segment["terms"]]
    assert [(hit["source"], hit["target"], hit["ok"]) for hit in hits] == [
        ("lanceur", "carrier rocket", True),
        ("Soy\u00adouz", "Soyuz", True),
        ("Kourou", "Kourou Spaceport", True),
        ("orbites géostationnaires", "GEO orbits", True),
    ]
    assert hits[3]["plural"] is True


def test_a_match_in_the_wrong_sense_is_flagged_not_forced(workspace: Path) -> None:
    _, data = _translate()
    third = data["segments"][2]
    assert third["terms"] == []  # not forced: whatever the engine wrote is the reviewer's call
    [flag] = [flag for flag in third["flags"] if flag["code"] == "term-sense"]
    assert flag["message"] == (
        "'vol' not protected: next to 'données' it is not the glossary's vol → flight "
        "(a space flight); check its translation"
    )
    assert data["term_accuracy"] == {"found": 3, "expected": 3}  # no Kourou without extra.tsv
    assert f"[warning] {flag['message']}" in _docx_text(Path("out", "release.review.docx"))


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_a_run_without_any_glossary_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "release.txt").write_text(RELEASE, encoding="utf-8")
    result, data = _translate()
    note = (
        f"no glossary found (looked in {tmp_path / 'glossary' / '*.tsv'}); "
        "only URLs, e-mails, phone numbers and codes are protected"
    )
    assert f"note: {note}" in result.stderr.splitlines()
    assert {"code": "glossary-none", "message": note, "severity": "warning"} in data["notes"]
    assert f"[warning] {note}" in _docx_text(Path("out", "release.review.docx"))
