"""Published forms through the whole run: a folder of PDF, HTML and Markdown releases
translated with the real (synthetic) Argos model into review DOCX + JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from tests.formats.pdf_fixtures import release_pdf

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo_root)
    return repo_root


def test_batch_of_published_forms(argos_packages_dir: Path, in_repo: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    release_pdf(source / "cnes.pdf")
    shutil.copy(FIXTURES / "release.html", source / "swot.html")
    shutil.copy(FIXTURES / "release.md", source / "dinum.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(source), str(out), "--engine", "argos"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "cnes.json",
        "cnes.review.docx",
        "dinum.json",
        "dinum.review.docx",
        "swot.json",
        "swot.review.docx",
    ]
    data = json.loads((out / "cnes.json").read_text(encoding="utf-8"))
    notes = [note["message"] for note in data["notes"] if note["code"] == "page-furniture"]
    assert notes == [
        "removed running header/footer or page number: 'CNES – Communiqué de presse' (2×)",
        "removed running header/footer or page number: '– 1 –' (2×)",
        "removed running header/footer or page number: 'cnes.fr – Communiqué 1/2' (2×)",
    ]
    sources = [s["source"] for s in data["segments"]]
    assert not any("Communiqué" in s or "– 1 –" in s for s in sources)
    assert "https://cnes.fr/fr/communiques/accord-2025.html" in " ".join(sources)
    markdown = json.loads((out / "dinum.json").read_text(encoding="utf-8"))
    assert not any("**" in s["source"] for s in markdown["segments"])
