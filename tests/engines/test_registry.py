"""Engine names, the registry that builds engines on demand, and the ``auto`` policy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bilingue.cli.common import ENGINE_OPTION
from bilingue.config import load_settings
from bilingue.engines import ENGINES, EngineName, EngineOptions, Translator, build_engine
from bilingue.engines.choice import AUTO_ORDER, choose_engine
from bilingue.errors import ConfigError, EngineUnavailable, ModelNotInstalled
from tests.doubles import IdentityEngine

OPTIONS = EngineOptions(packages_dir=Path("/nonexistent/packages"))


class NamedDouble(IdentityEngine):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


def working(options: EngineOptions) -> Translator:
    return NamedDouble("working")


def missing(options: EngineOptions) -> Translator:
    raise ModelNotInstalled("no Argos fr→en package is installed")


def broken(options: EngineOptions) -> Translator:
    raise EngineUnavailable("the installed Argos model x does not work (bad model.bin)")


def unavailable(options: EngineOptions) -> Translator:
    raise EngineUnavailable("Apertium is not installed")


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[EngineName, str]:
    """The registry, restored after the test; tests point names at the factories above."""
    patched = dict(ENGINES)
    monkeypatch.setattr("bilingue.engines.ENGINES", patched)
    return patched


def point(registry: dict[EngineName, str], **factories: str) -> None:
    for name, factory in factories.items():
        registry[EngineName(name)] = f"{__name__}:{factory}"


def test_every_concrete_name_is_registered_and_auto_tries_them() -> None:
    concrete = [name for name in EngineName if name is not EngineName.AUTO]
    assert sorted(ENGINES) == sorted(concrete)
    assert set(AUTO_ORDER) == set(concrete)


def test_the_cli_and_the_settings_offer_exactly_the_engine_names(tmp_path: Path) -> None:
    choice = next(p for p in ENGINE_OPTION(lambda: None).__click_params__)  # type: ignore[attr-defined]
    assert list(choice.type.choices) == [name.value for name in EngineName]
    (tmp_path / "bilingue.toml").write_text('engine = "google"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(root=tmp_path, environ={})
    assert caught.value.message == "engine must be one of auto, argos, apertium, not 'google'"
    clean = tmp_path / "clean"
    settings = load_settings(root=clean, overrides={"engine": "apertium"}, environ={})
    assert settings.engine is EngineName.APERTIUM


def test_importing_the_registry_loads_no_engine() -> None:
    code = (
        "import sys, bilingue.engines, bilingue.engines.choice\n"
        "roots = ('bilingue.engines.', 'ctranslate2')\n"
        "print(sorted(m for m in sys.modules if m.startswith(roots)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['bilingue.engines.choice']"


def test_auto_is_not_an_engine_to_build() -> None:
    with pytest.raises(ValueError, match="no engine registered as"):
        build_engine(EngineName.AUTO, OPTIONS)


def test_an_unknown_name_is_refused_with_the_known_ones() -> None:
    with pytest.raises(EngineUnavailable) as caught:
        choose_engine("google", OPTIONS)
    assert caught.value.message == "unknown engine 'google' (auto, argos, apertium)"


def test_auto_takes_the_first_engine_that_works(registry: dict[EngineName, str]) -> None:
    point(registry, argos="working", apertium="broken")
    choice = choose_engine(EngineName.AUTO, OPTIONS)
    assert (choice.name, choice.engine.info.name, choice.notes) == (EngineName.ARGOS, "working", ())


def test_auto_passes_over_a_missing_model_without_a_note(registry: dict[EngineName, str]) -> None:
    point(registry, argos="missing", apertium="working")
    choice = choose_engine("auto", OPTIONS)
    assert (choice.name, choice.notes) == (EngineName.APERTIUM, ())


def test_auto_passes_over_a_broken_model_with_a_note(registry: dict[EngineName, str]) -> None:
    point(registry, argos="broken", apertium="working")
    choice = choose_engine("auto", OPTIONS)
    assert choice.name is EngineName.APERTIUM
    assert choice.notes == (
        "the installed Argos model x does not work (bad model.bin); apertium was used instead",
    )


def test_auto_with_nothing_working_names_every_reason(registry: dict[EngineName, str]) -> None:
    point(registry, argos="broken", apertium="unavailable")
    with pytest.raises(EngineUnavailable) as caught:
        choose_engine("auto", OPTIONS)
    assert caught.value.message == (
        "no French→English engine works here (the installed Argos model x does not work "
        "(bad model.bin); Apertium is not installed)"
    )
    assert "bilingue models install fr en" in caught.value.hint


def test_a_named_engine_is_used_or_its_error_raised(registry: dict[EngineName, str]) -> None:
    point(registry, argos="broken", apertium="working")
    assert choose_engine("apertium", OPTIONS).engine.info.name == "working"
    with pytest.raises(EngineUnavailable, match="does not work"):
        choose_engine("argos", OPTIONS)
