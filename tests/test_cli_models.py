"""`bilingue models …` through the CLI (what `make run` relies on), with real packages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.engines.apertium import apertium_available
from devtools.synthetic_argos import SYNTHETIC_NAME

needs_apertium = pytest.mark.skipif(
    not apertium_available(), reason="Apertium with fr-es and spa-eng is not installed"
)
OFFLINE_INDEX = "http://127.0.0.1:9/"


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty packages folder, an unreachable index, and a workspace without settings."""
    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", OFFLINE_INDEX)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def broken(offline: Path, argos_packages_dir: Path) -> Path:
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, offline / SYNTHETIC_NAME)
    (offline / SYNTHETIC_NAME / "model" / "model.bin").write_bytes(b"not a model")
    return offline / SYNTHETIC_NAME


@pytest.fixture
def no_apertium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_ensure_with_a_working_model(argos_packages_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "ensure"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"engine: Argos model {SYNTHETIC_NAME} 1.0 is installed\n"


@needs_apertium
def test_ensure_offline_falls_back_to_apertium(offline: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "ensure"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "engine: Apertium (the Argos fr→en model could not be downloaded: "
        f"could not fetch the package index {OFFLINE_INDEX}index.json"
    )


@needs_apertium
def test_ensure_with_a_broken_model_offline_says_why_it_uses_apertium(broken: Path) -> None:
    result = CliRunner().invoke(cli, ["models", "ensure"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"engine: Apertium (the installed Argos model {SYNTHETIC_NAME} does not work "
        "(cannot load the Argos model"
    )
    assert "the Argos fr→en model could not be downloaded" in result.stdout


def test_ensure_without_any_engine_fails_with_one_error_line(
    offline: Path, no_apertium: None
) -> None:
    result = CliRunner().invoke(cli, ["models", "ensure"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: no French→English engine: the Argos model could not be")
    assert "bilingue models install --file PATH.argosmodel" in line


def test_ensure_with_argos_forced_offline_fails(offline: Path) -> None:
    (offline.parent / "bilingue.toml").write_text('engine = "argos"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["models", "ensure"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: the Argos fr→en model could not be installed (")


def test_list_install_remove_round_trip(offline: Path, synthetic_argosmodel: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(cli, ["models", "list"])
    assert (empty.exit_code, empty.stdout) == (
        0,
        f"no translation packages installed in {offline}\n",
    )
    installed = runner.invoke(cli, ["models", "install", "--file", str(synthetic_argosmodel)])
    assert installed.exit_code == 0, installed.output
    assert installed.stdout == (
        f"installed {SYNTHETIC_NAME} (fr→en) in {offline / SYNTHETIC_NAME}\n"
    )
    listed = runner.invoke(cli, ["models", "list"])
    assert listed.stdout.startswith(f"{SYNTHETIC_NAME}\tfr→en\tv1.0\t")
    removed = runner.invoke(cli, ["models", "remove", SYNTHETIC_NAME])
    assert (removed.exit_code, removed.stdout) == (0, f"removed {SYNTHETIC_NAME}\n")
    again = runner.invoke(cli, ["models", "remove", SYNTHETIC_NAME])
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: {offline}: no installed package named '{SYNTHETIC_NAME}' "
        "— see `bilingue models list`\n"
    )


def test_installing_a_model_that_does_not_load_is_one_error_line(
    offline: Path, synthetic_argosmodel: Path, tmp_path: Path
) -> None:
    import zipfile

    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(synthetic_argosmodel) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = b"garbage" if info.filename.endswith("model.bin") else zin.read(info)
            zout.writestr(info, data)
    result = CliRunner().invoke(cli, ["models", "install", "--file", str(bad)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {bad}: the model does not work (cannot load the Argos model")
    assert list(offline.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["install"], ["install", "fr"], ["install", "fr", "en", "--file", "x.argosmodel"]]
)
def test_install_usage_errors_exit_2(offline: Path, args: list[str]) -> None:
    assert CliRunner().invoke(cli, ["models", *args]).exit_code == 2


@needs_apertium
def test_translate_with_a_broken_model_tells_the_user_and_the_reviewer(
    broken: Path, seed_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["translate", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    engine_note = f"note: the installed Argos model {SYNTHETIC_NAME} does not work"
    notes = [line for line in result.stderr.splitlines() if line.startswith(engine_note)]
    assert len(notes) == 1
    sidecar = json.loads((out / f"{seed_path.stem}.json").read_text(encoding="utf-8"))
    fallback = [n for n in sidecar["notes"] if n["code"] == "engine-fallback"]
    assert len(fallback) == 1
    assert fallback[0]["message"] == notes[0].removeprefix("note: ")
