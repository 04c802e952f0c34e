"""Engine selection and `ensure_engine` (what `make run` relies on), through real components."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bilingue.api import choose_engine, ensure_engine, open_engine
from bilingue.config import load_settings
from bilingue.engines import EngineName
from bilingue.engines.apertium import apertium_available
from bilingue.errors import EngineUnavailable, ModelInstallError, ModelNotInstalled
from devtools.synthetic_argos import SYNTHETIC_NAME

needs_apertium = pytest.mark.skipif(
    not apertium_available(), reason="Apertium with fr-es and spa-eng is not installed"
)


@pytest.fixture
def no_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty packages folder and an unreachable Argos index: a machine offline."""
    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    return folder


@pytest.fixture
def broken_model(argos_packages_dir: Path, no_models: Path) -> Path:
    """An installed Argos package whose model.bin is garbage (a bad reinstall, a bad disk)."""
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, no_models / SYNTHETIC_NAME)
    (no_models / SYNTHETIC_NAME / "model" / "model.bin").write_bytes(b"\x00garbage" * 100)
    return no_models / SYNTHETIC_NAME


@pytest.fixture
def no_apertium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_auto_picks_argos_when_a_model_is_installed(argos_packages_dir: Path) -> None:
    engine = open_engine(load_settings(root=Path.cwd()))
    assert engine.info.name == "argos"
    assert engine.info.model.startswith(SYNTHETIC_NAME)


@needs_apertium
def test_auto_falls_back_to_apertium_without_a_model(no_models: Path) -> None:
    assert open_engine(load_settings(root=Path.cwd())).info.name == "apertium"


def test_auto_without_any_engine_explains_both_ways(no_models: Path, no_apertium: None) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        open_engine(load_settings(root=Path.cwd()))
    line = caught.value.line()
    assert "bilingue models install fr en" in line
    assert "apt-get install apertium apertium-fr-es apertium-eng-spa" in line


def test_argos_requested_without_a_model_says_how_to_install(no_models: Path) -> None:
    with pytest.raises(ModelNotInstalled) as caught:
        open_engine(load_settings(root=Path.cwd()), "argos")
    assert "--file" in caught.value.line()


@needs_apertium
def test_auto_with_a_broken_argos_model_falls_back_to_apertium_and_says_why(
    broken_model: Path,
) -> None:
    choice = choose_engine(load_settings(root=Path.cwd()))
    assert choice.name is EngineName.APERTIUM
    assert choice.engine.info.name == "apertium"
    [note] = choice.notes
    assert note.startswith(
        f"the installed Argos model {SYNTHETIC_NAME} does not work (cannot load the Argos model"
    )
    assert note.endswith("; apertium was used instead")


def test_auto_with_a_broken_model_and_no_apertium_names_both_reasons(
    broken_model: Path, no_apertium: None
) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        open_engine(load_settings(root=Path.cwd()))
    assert caught.value.message.startswith(
        f"no French→English engine works here (the installed Argos model {SYNTHETIC_NAME} "
        "does not work"
    )
    assert "Apertium is not installed" in caught.value.message


def test_argos_requested_with_a_broken_model_is_refused(broken_model: Path) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        open_engine(load_settings(root=Path.cwd()), "argos")
    assert caught.value.path == str(broken_model)
    assert "reinstall it" in caught.value.hint


def test_ensure_uses_an_installed_model(argos_packages_dir: Path) -> None:
    status = ensure_engine(load_settings(root=Path.cwd()))
    assert status.engine is EngineName.ARGOS
    assert status.message == f"engine: Argos model {SYNTHETIC_NAME} 1.0 is installed"


@needs_apertium
def test_ensure_offline_falls_back_to_apertium_and_says_why(no_models: Path) -> None:
    status = ensure_engine(load_settings(root=Path.cwd()))
    assert status.engine is EngineName.APERTIUM
    assert status.message.startswith("engine: Apertium (the Argos fr→en model could not be")


def test_ensure_offline_without_apertium_fails_with_both_ways(
    no_models: Path, no_apertium: None
) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        ensure_engine(load_settings(root=Path.cwd()))
    assert "bilingue models install --file PATH.argosmodel" in caught.value.line()


def test_ensure_offline_with_argos_forced_fails(no_models: Path) -> None:
    with pytest.raises(ModelInstallError) as caught:
        ensure_engine(load_settings(root=Path.cwd(), overrides={"engine": "argos"}))
    assert "bilingue models install --file PATH.argosmodel" in caught.value.line()


def test_a_missing_extra_glossary_is_named(tmp_path: Path, repo_root: Path) -> None:
    from bilingue.api import glossary_for
    from bilingue.errors import GlossaryError

    missing = tmp_path / "nope.tsv"
    with pytest.raises(GlossaryError) as caught:
        glossary_for(load_settings(root=repo_root), [missing])
    assert caught.value.line() == f"{missing}: glossary file not found — check the path"


def test_argos_engine_gets_the_settings_options(argos_packages_dir: Path) -> None:
    settings = load_settings(root=Path.cwd(), overrides={"beam_size": 3, "batch_size": 8})
    engine = open_engine(settings, "argos")
    assert (engine.beam_size, engine.batch_size) == (3, 8)  # type: ignore[attr-defined]
