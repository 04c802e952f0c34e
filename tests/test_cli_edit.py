"""The CLI's model and glossary commands, through the real installer and real TSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.glossary.store import read_tsv


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    return folder


def test_models_install_from_file_list_and_remove(
    packages: Path, synthetic_argosmodel: Path
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "install", "--file", str(synthetic_argosmodel)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("installed translate-fr_en-synthetic (fr→en) in ")
    listed = runner.invoke(cli, ["models", "list"]).output
    assert listed.startswith("translate-fr_en-synthetic\tfr→en\t")
    assert runner.invoke(cli, ["models", "remove", "translate-fr_en-synthetic"]).exit_code == 0
    assert "no translation packages installed" in runner.invoke(cli, ["models", "list"]).output


def test_models_install_of_a_bad_file_is_one_error_line(packages: Path, tmp_path: Path) -> None:
    bad = tmp_path / "fake.argosmodel"
    bad.write_text("not a zip", encoding="utf-8")
    result = CliRunner().invoke(cli, ["models", "install", "--file", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: not an .argosmodel (zip) file")
    assert result.stderr.count("\n") == 1


def test_models_install_offline_says_how_to_install_from_a_file(packages: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "install", "fr", "en"])
    assert result.exit_code == 1
    assert "bilingue models install --file PATH.argosmodel" in result.stderr
    assert "Traceback" not in result.output


def test_models_install_needs_two_languages_or_a_file(packages: Path) -> None:
    assert CliRunner().invoke(cli, ["models", "install", "fr"]).exit_code == 2


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "space.tsv").write_text(
        "# agencies\nsource\ttarget\ttype\nESA\tESA\torganisation\n"
        "Soyouz\tSoyuz\tprogramme\nBaïkonour\tBaikonur\tplace\n",
        encoding="utf-8",
    )
    return tmp_path


def test_glossary_list_filters_by_type_and_text(workspace: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["glossary", "list", "--type", "place"]).output == (
        "Baïkonour\tBaikonur\tplace\n"
    )
    assert runner.invoke(cli, ["glossary", "list", "--search", "soy"]).output == (
        "Soyouz\tSoyuz\tprogramme\n"
    )


def test_glossary_add_then_remove(workspace: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli, ["glossary", "add", "Kourou", "Kourou", "--type", "place", "--variants", "Courou"]
    )
    assert added.exit_code == 0, added.output
    custom = workspace / "glossary" / "custom.tsv"
    assert [e.variants for e in read_tsv(custom)] == [("Courou",)]
    assert "Kourou\tKourou\tplace" in runner.invoke(cli, ["glossary", "list"]).output
    removed = runner.invoke(cli, ["glossary", "remove", "Soyouz"])
    assert removed.exit_code == 0
    assert "Soyouz" not in (workspace / "glossary" / "space.tsv").read_text(encoding="utf-8")
    missing = runner.invoke(cli, ["glossary", "remove", "Ariane 7"])
    assert missing.exit_code == 1


def test_glossary_find_in_text_shows_where_and_what(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["glossary", "find", "L’ESA lance Soyouz depuis Baikonour."])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "text\t2-5\tESA → ESA\t(organisation)",
        "text\t12-18\tSoyouz → Soyuz\t(programme)",
        "text\t26-35\tBaikonour → Baikonur\t(place)",
        "3 match(es)",
    ]


def test_glossary_export_then_import_round_trips(workspace: Path) -> None:
    runner = CliRunner()
    for name in ["g.tbx", "g.csv", "g.xlsx"]:
        assert runner.invoke(cli, ["glossary", "export", name]).exit_code == 0
        result = runner.invoke(cli, ["glossary", "import", name, "--into", f"back-{name}.tsv"])
        assert result.stdout.endswith(": 3 added, 0 changed, 0 unchanged\n"), result.output
        assert "is not among the files runs use" in result.stderr
        assert read_tsv(workspace / f"back-{name}.tsv") == read_tsv(
            workspace / "glossary" / "space.tsv"
        )
