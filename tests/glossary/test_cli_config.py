"""Every glossary command uses the files a run uses: bilingue.toml's list, else glossary/*.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.glossary.store import read_tsv

HEADER = "source\ttarget\ttype\n"


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose bilingue.toml names terms/*.tsv; glossary/ holds an unused file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "space.tsv").write_text(
        HEADER + "Soyouz\tSoyuz\tprogramme\n", encoding="utf-8"
    )
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "main.tsv").write_text(
        HEADER + "Kourou\tKourou\tplace\nKourou\tCayenne\tplace\n", encoding="utf-8"
    )
    (tmp_path / "terms" / "extra.tsv").write_text(
        HEADER + "lanceur\tlauncher\tterm\n", encoding="utf-8"
    )
    (tmp_path / "bilingue.toml").write_text(
        'glossary = ["terms/main.tsv", "terms/extra.tsv"]\n', encoding="utf-8"
    )
    return tmp_path


def test_check_checks_the_configured_glossary(configured: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "check"])
    assert result.exit_code == 1, result.output
    assert f"{configured / 'terms' / 'main.tsv'}:3: error: one source with two targets" in (
        result.output
    )
    assert result.output.splitlines()[-1] == "2 file(s) checked: 1 error(s), 0 warning(s)"


def test_remove_removes_from_the_configured_glossary(configured: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "remove", "lanceur"])
    assert result.exit_code == 0, result.output
    assert read_tsv(configured / "terms" / "extra.tsv") == []
    # glossary/ is not in the configured list: an entry there is not found.
    missing = CliRunner().invoke(cli, ["glossary", "remove", "Soyouz"])
    assert missing.exit_code == 1
    assert len(read_tsv(configured / "glossary" / "space.tsv")) == 1


def test_list_and_find_use_the_same_files(configured: Path) -> None:
    listed = CliRunner().invoke(cli, ["glossary", "list"]).output
    assert "lanceur\tlauncher\tterm" in listed
    assert "Soyouz" not in listed
    found = CliRunner().invoke(cli, ["glossary", "find", "Le lanceur Soyouz"]).output
    assert found.splitlines()[-1] == "1 match(es)"
