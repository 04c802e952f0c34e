"""QA through real Apertium: flags reach the JSON, the review DOCX and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from bilingue.api import glossary_for, translate_file
from bilingue.cli import cli
from bilingue.config import load_settings
from bilingue.engines.apertium import ApertiumEngine, apertium_available
from bilingue.formats.review_docx import NOTES_COLUMN

pytestmark = [
    pytest.mark.apertium,
    pytest.mark.skipif(
        not apertium_available(),
        reason="Apertium with fr-es and spa-eng is not installed "
        "(apt-get install apertium apertium-fr-es apertium-eng-spa)",
    ),
]

RELEASE = (
    "Nouvelle plateforme pour les développeurs\n\n"
    "Joël Barre a présenté la plateforme .NET aux 5 000 agents de l’entreprise. "
    "Il a dû jongler avec ses identifiants lors de la réunion interministérielle. "
    "Adrian Valente et Lucas Gonzalez, responsables de l’ADCS, la présenteront prochainement.\n"
)


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    folder = tmp_path_factory.mktemp("qa")
    source = folder / "release.txt"
    source.write_text(RELEASE, encoding="utf-8")
    glossary = glossary_for(load_settings(root=repo_root))
    result = translate_file(source, folder, ApertiumEngine(unknown_marks=True), glossary)
    assert result.status == "done"
    assert result.qa_flagged >= 2
    return folder


def _segments(folder: Path) -> list[dict[str, object]]:
    data = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    return list(data["segments"])


def test_names_come_through_verbatim_and_marks_are_gone(translated: Path) -> None:
    english = " ".join(str(s["target"]) for s in _segments(translated))
    for name in ("Joël Barre", ".NET", "Adrian Valente", "Lucas Gonzalez", "ADCS"):
        assert name in english, english
    assert "*" not in english and "#" not in english and "<prn>" not in english


def test_untranslated_words_and_french_numbers_are_flagged_in_the_json(translated: Path) -> None:
    qa = {
        (s["id"], item["code"]): item["message"]
        for s in _segments(translated)
        for item in s["qa"]  # type: ignore[attr-defined]
    }
    untranslated = " ".join(m for (_, code), m in qa.items() if code == "qa-untranslated")
    for word in ("jongler", "identifiants", "interministérielle"):
        assert word in untranslated, qa
    # The typography stage puts the French "5 000" into English before QA reads it,
    # and says so; QA no longer sees a French number (its check stays for typography off).
    assert not any(code == "qa-number" and "5 000" in m for (_, code), m in qa.items()), qa
    flags = [f for s in _segments(translated) for f in s["flags"]]  # type: ignore[attr-defined]
    assert any(f["code"] == "typography" and "'5 000' → '5,000'" in f["message"] for f in flags)
    assert any(f.get("spans") for f in flags if f["code"] == "qa-untranslated")


def test_the_french_line_of_names_is_translated(translated: Path) -> None:
    line = next(s for s in _segments(translated) if "Adrian" in str(s["source"]))
    assert line["translate"] is True and line["lang"] == "fr"
    assert line["target"] != line["source"]


def test_review_docx_shows_the_qa_messages(translated: Path) -> None:
    review = docx.Document(str(translated / "release.review.docx"))
    table = review.tables[0]
    notes = "\n".join(row.cells[NOTES_COLUMN].text for row in table.rows)
    assert "untranslated: " in notes and "jongler" in notes
    cells: list[Any] = [row.cells[2] for row in table.rows[1:]]
    shaded = [
        cell._tc.tcPr.xpath("./w:shd")[0].get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill"
        )
        for cell in cells
    ]
    assert "FCE4D6" in shaded


def test_bilingue_qa_checks_the_sidecar_again(translated: Path) -> None:
    result = CliRunner().invoke(cli, ["qa", str(translated / "release.json")])
    assert result.exit_code == 0, result.output
    assert "qa-untranslated" in result.stdout
    assert "segments flagged" in result.stderr


def test_the_sample_through_the_cli_reports_qa(
    workspace: Path, seed_path: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["translate", str(seed_path), "-o", str(tmp_path), "--engine", "apertium"]
    )
    assert result.exit_code == 0, result.output
    assert " flagged (" in result.stderr
    data = json.loads((tmp_path / f"{seed_path.stem}.json").read_text(encoding="utf-8"))
    qa = [item for s in data["segments"] for item in s["qa"]]
    assert any(item["code"] == "qa-untranslated" and "revêt" in item["message"] for item in qa)
    english = " ".join(s["target"] for s in data["segments"])
    assert "*" not in english
    review = docx.Document(str(tmp_path / f"{seed_path.stem}.review.docx"))
    assert "revêt" in "\n".join(row.cells[NOTES_COLUMN].text for row in review.tables[0].rows)


def test_apertium_keeps_its_marks_only_when_asked() -> None:
    source = "Il a dû jongler avec ses identifiants prochainement."
    (plain,) = ApertiumEngine().translate([source])
    (marked,) = ApertiumEngine(unknown_marks=True).translate([source])
    assert "*" not in plain and "jongler" in plain
    assert "**jongler" in marked and "*próximamente" in marked
    assert marked.replace("*", "") == plain


def test_french_numbers_are_flagged_when_typography_is_off(tmp_path: Path, repo_root: Path) -> None:
    source = tmp_path / "release.txt"
    source.write_text(RELEASE, encoding="utf-8")
    glossary = glossary_for(load_settings(root=repo_root))
    engine = ApertiumEngine(unknown_marks=True)
    translate_file(source, tmp_path, engine, glossary, typography=None)
    qa = [item for s in _segments(tmp_path) for item in s["qa"]]  # type: ignore[attr-defined]
    assert any(i["code"] == "qa-number" and "5 000" in i["message"] for i in qa), qa
