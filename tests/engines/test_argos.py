"""The Argos engine on the synthetic random-weight package: loading, batching, caps, errors."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from bilingue.document import EngineInfo
from bilingue.engines import Translator
from bilingue.engines.argos import (
    ArgosEngine,
    LoadedModel,
    argos_engine_from_installed,
    clear_model_cache,
    decoding_cap,
)
from bilingue.errors import EngineError, ModelNotInstalled
from bilingue.packages import InstalledPackage, find_installed
from tests.model_fixture import SYNTHETIC_NAME

REPO = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Le CNES et Roscosmos signent un accord.",
    "Bonjour.",
    "Le lanceur Soyouz décollera du Centre spatial guyanais à Kourou en 2014, a annoncé le CNES.",
    "Paris, le 17 mai 2013",
]


class SpyTranslator:
    """Wraps the real CTranslate2 translator and records every batch call."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[list[list[str]], dict[str, Any], list[int]]] = []

    def translate_batch(self, batch: list[list[str]], **options: Any) -> Any:
        results = self.real.translate_batch(batch, **options)
        lengths = [len(r.hypotheses[0]) for r in results]
        self.calls.append((batch, options, lengths))
        return results


@pytest.fixture
def spied(
    argos_engine: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> tuple[ArgosEngine, SpyTranslator]:
    engine = ArgosEngine(argos_engine.package, batch_size=32)
    real = argos_engine.load()
    spy = SpyTranslator(real.translator)
    monkeypatch.setattr(engine, "load", lambda: dataclasses.replace(real, translator=spy))
    return engine, spy


def test_is_a_translator_with_info(argos_engine: ArgosEngine) -> None:
    assert isinstance(argos_engine, Translator)
    assert argos_engine.info == EngineInfo(
        name="argos", model=f"{SYNTHETIC_NAME} 1.0", version=metadata.version("ctranslate2")
    )


def test_translates_every_source_to_a_string(argos_engine: ArgosEngine) -> None:
    outputs = argos_engine.translate(SENTENCES)
    assert len(outputs) == len(SENTENCES)
    assert all(isinstance(o, str) and o and o == o.strip() for o in outputs)


def test_order_is_preserved(argos_engine: ArgosEngine) -> None:
    # Distinct lengths → the same length-sorted batch whatever the input order,
    # so a permutation of the input must permute the output identically.
    forward = argos_engine.translate(SENTENCES)
    order = [2, 0, 3, 1]
    permuted = argos_engine.translate([SENTENCES[i] for i in order])
    assert permuted == [forward[i] for i in order]
    assert argos_engine.translate(SENTENCES) == forward  # deterministic


@pytest.mark.parametrize(
    "sources",
    [[], [""], ["", " ", "\n\t", "\u00a0"]],
)
def test_blank_sources_pass_through_without_loading(sources: list[str], tmp_path: Path) -> None:
    ghost = InstalledPackage("ghost", tmp_path / "ghost", "fr", "en", "1", 0)
    assert ArgosEngine(ghost).translate(sources) == sources


def test_blank_sources_keep_their_place(argos_engine: ArgosEngine) -> None:
    outputs = argos_engine.translate(["", "Bonjour.", "  ", "Merci."])
    assert outputs[0] == "" and outputs[2] == "  "
    assert outputs[1] and outputs[3]


def test_batches_are_length_sorted_and_sized(spied: tuple[ArgosEngine, SpyTranslator]) -> None:
    engine, spy = spied
    sources = [f"{SENTENCES[i % 4]} ({'encore ' * (i % 7)}{i})" for i in range(70)]
    outputs = engine.translate(sources)
    assert len(outputs) == 70 and all(isinstance(o, str) and o for o in outputs)
    assert [len(batch) for batch, _, _ in spy.calls] == [32, 32, 6]
    lengths = [len(tokens) for batch, _, _ in spy.calls for tokens in batch]
    assert lengths == sorted(lengths)


def test_decoding_is_capped_relative_to_the_source(
    spied: tuple[ArgosEngine, SpyTranslator],
) -> None:
    engine, spy = spied
    long_source = " ".join(SENTENCES * 3)
    [output] = engine.translate([long_source])
    [(batch, options, lengths)] = spy.calls
    cap = 2 * len(batch[0]) + 10
    assert options["max_decoding_length"] == cap
    assert options["no_repeat_ngram_size"] == 8
    assert options["beam_size"] == 2
    assert 0 < lengths[0] <= cap
    assert isinstance(output, str)


@pytest.mark.parametrize(("tokens", "cap"), [(1, 12), (10, 30), (200, 410)])
def test_decoding_cap(tokens: int, cap: int) -> None:
    assert decoding_cap(tokens) == cap


def test_model_is_loaded_once_per_process(argos_engine: ArgosEngine) -> None:
    package = argos_engine.package
    first = ArgosEngine(package).load()
    assert isinstance(first, LoadedModel)
    assert ArgosEngine(package, beam_size=4, batch_size=8).load() is first
    assert ArgosEngine(package, threads=1).load() is not first
    clear_model_cache()
    assert ArgosEngine(package).load() is not first


@pytest.mark.parametrize(
    ("requested", "used"), [("int8", "int8"), ("float32", "float32"), ("bfloat16-nope", "default")]
)
def test_compute_type_falls_back_to_the_model_default(
    argos_engine: ArgosEngine, requested: str, used: str
) -> None:
    engine = ArgosEngine(argos_engine.package, compute_type=requested)
    assert engine.load().compute_type == used
    assert isinstance(engine.translate(["Bonjour."])[0], str)


@pytest.mark.parametrize("options", [{"beam_size": 0}, {"batch_size": 0}, {"threads": -1}])
def test_invalid_options(argos_engine: ArgosEngine, options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="must be"):
        ArgosEngine(argos_engine.package, **options)


def test_broken_model_is_an_engine_error(argos_engine: ArgosEngine, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(argos_engine.package.path, broken)
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    engine = ArgosEngine(dataclasses.replace(argos_engine.package, name="broken", path=broken))
    with pytest.raises(EngineError, match="cannot load the Argos model") as caught:
        engine.translate(["Bonjour."])
    assert caught.value.path == str(broken)


def test_engine_from_installed(argos_packages_dir: Path) -> None:
    engine = argos_engine_from_installed("fr", "en", beam_size=3, batch_size=4)
    assert engine.package == find_installed("fr", "en")
    assert (engine.beam_size, engine.batch_size) == (3, 4)


def test_engine_from_installed_without_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "none"))
    with pytest.raises(ModelNotInstalled) as caught:
        argos_engine_from_installed()
    assert caught.value.message == "no Argos fr→en package is installed"
    assert "bilingue models install fr en" in caught.value.hint
    assert "bilingue models install --file PATH.argosmodel" in caught.value.hint
    assert not (tmp_path / "none").exists()


def _run(code: str, env: dict[str, str]) -> Any:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_translating_loads_neither_argostranslate_translate_nor_stanza(
    argos_packages_dir: Path, tmp_path: Path
) -> None:
    report = _run(
        """
        import json, sys
        from bilingue.engines.argos import argos_engine_from_installed
        out = argos_engine_from_installed().translate(["Bonjour.", "", "Merci."])
        roots = ("argostranslate", "stanza", "torch", "spacy")
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in roots)
        print(json.dumps({"out": [type(o).__name__ for o in out], "blank": out[1], "heavy": heavy}))
        """,
        {"ARGOS_PACKAGES_DIR": str(argos_packages_dir), "HOME": str(tmp_path)},
    )
    assert report == {"out": ["str", "str", "str"], "blank": "", "heavy": []}


def _sequence_type_check(engine: ArgosEngine, sources: Sequence[str]) -> list[str]:
    return engine.translate(sources)


def test_accepts_any_sequence(argos_engine: ArgosEngine) -> None:
    assert _sequence_type_check(argos_engine, ("Bonjour.",)) == argos_engine.translate(["Bonjour."])
