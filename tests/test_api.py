"""Engine selection and `ensure_engine` (what `make run` relies on), through real components."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.api import ensure_engine, open_engine
from bilingue.config import load_settings
from bilingue.engines.apertium import apertium_available
from bilingue.errors import EngineUnavailable, ModelInstallError, ModelNotInstalled
from tests.model_fixture import SYNTHETIC_NAME

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


def test_ensure_uses_an_installed_model(argos_packages_dir: Path) -> None:
    choice = ensure_engine(load_settings(root=Path.cwd()))
    assert choice.engine == "argos"
    assert "is installed" in choice.message


@needs_apertium
def test_ensure_offline_falls_back_to_apertium_and_says_why(no_models: Path) -> None:
    choice = ensure_engine(load_settings(root=Path.cwd()))
    assert choice.engine == "apertium"
    assert choice.message.startswith("engine: Apertium (the Argos fr→en model could not be")


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
