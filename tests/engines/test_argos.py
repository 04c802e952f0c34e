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
from bilingue.engines import EngineOptions
from bilingue.engines.argos import (
    ArgosEngine,
    LoadedModel,
    decoding_cap,
    open_argos,
)
from bilingue.errors import EngineError, EngineUnavailable, ModelNotInstalled
from bilingue.packages import InstalledPackage, find_installed
from devtools.synthetic_argos import SYNTHETIC_NAME

REPO = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Le CNES et Roscosmos signent un accord.",
    "Bonjour.",
    "Le lanceur Soyouz décollera du Centre spatial guyanais à Kourou en 2014, a annoncé le CNES.",
    "Paris, le 17 mai 2013",
]


class SpyTranslator:
    """Wraps the real CTranslate2 translator and records every batch call."""

    def __init__(self, real: Any, decode_limit: int | None = None) -> None:
        self.real = real
        # A random-weight model never stops on its own: a test may cut decoding short
        # (the options recorded are still the engine's own).
        self.decode_limit = decode_limit
        self.calls: list[tuple[list[list[str]], dict[str, Any], list[int]]] = []
        self.hypotheses: list[list[str]] = []

    def translate_batch(self, batch: list[list[str]], **options: Any) -> Any:
        sent = dict(options)
        if self.decode_limit is not None:
            sent["max_decoding_length"] = self.decode_limit
        # Run at once (the calls are recorded in order), answered the way it was asked.
        sent["asynchronous"] = False
        results = self.real.translate_batch(batch, **sent)
        lengths = [len(r.hypotheses[0]) for r in results]
        self.calls.append((batch, options, lengths))
        self.hypotheses += [list(r.hypotheses[0]) for r in results]
        return [_Done(r) for r in results] if options.get("asynchronous") else results


class _Done:
    """A finished result standing in for CTranslate2's AsyncTranslationResult."""

    def __init__(self, result: Any) -> None:
        self._result = result

    def result(self) -> Any:
        return self._result


@pytest.fixture
def spied(
    argos_engine: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> tuple[ArgosEngine, SpyTranslator]:
    engine = ArgosEngine(argos_engine.package, batch_size=32)
    real = argos_engine.load()
    spy = SpyTranslator(real.translator)
    monkeypatch.setattr(engine, "load", lambda: dataclasses.replace(real, translator=spy))
    return engine, spy


def test_describing_the_engine_loads_nothing(tmp_path: Path) -> None:
    # A package folder that does not exist: any attempt to load would raise.
    ghost = InstalledPackage(SYNTHETIC_NAME, tmp_path / "ghost", "fr", "en", "1.0", 0)
    engine = ArgosEngine(ghost)
    assert engine.keeps_spans is False
    assert engine.info == EngineInfo(
        name="argos", model=f"{SYNTHETIC_NAME} 1.0", version=metadata.version("ctranslate2")
    )
    with pytest.raises(EngineError, match="cannot load the Argos model"):
        engine.load()


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
    sizes = [len(batch) for batch, _, _ in spy.calls]
    assert sum(sizes) == 70 and max(sizes) <= 32 and len(sizes) < 70
    for batch, _, _ in spy.calls:
        assert len(batch) == 1 or len(batch) * max(map(len, batch)) <= engine.batch_tokens
    lengths = [len(tokens) for batch, _, _ in spy.calls for tokens in batch]
    assert lengths == sorted(lengths)
    assert all(options["batch_type"] == "tokens" for _, options, _ in spy.calls)


def test_token_budget_bounds_every_batch_and_keeps_order(
    argos_engine: ArgosEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = ArgosEngine(argos_engine.package, batch_size=1000, batch_tokens=120)
    real = argos_engine.load()
    spy = SpyTranslator(real.translator, decode_limit=3)
    monkeypatch.setattr(engine, "load", lambda: dataclasses.replace(real, translator=spy))
    sources = [f"{SENTENCES[i % 4]} {'encore ' * (i % 9)}n° {i}" for i in range(60)]
    outputs = engine.translate(sources)
    sent = [tokens for batch, _, _ in spy.calls for tokens in batch]
    # Every source went exactly once, shortest first, each batch within the budget.
    expected = sorted(real.processor.encode(sources, out_type=str), key=len)
    assert sorted(map(tuple, sent)) == sorted(map(tuple, expected))
    assert [len(t) for t in sent] == sorted(len(t) for t in sent)
    assert len(spy.calls) > 3
    for batch, options, _ in spy.calls:
        assert len(batch) == 1 or len(batch) * max(map(len, batch)) <= 120
        assert options["max_decoding_length"] == 2 * max(map(len, batch)) + 10
    # Each output is its own source's: the hypotheses come back in input order.
    decoded = {
        tuple(tokens): str(real.processor.decode_pieces(hyp)).strip()
        for tokens, hyp in zip(sent, spy.hypotheses, strict=True)
    }
    encoded = real.processor.encode(sources, out_type=str)
    assert outputs == [decoded[tuple(tokens)] for tokens in encoded]


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


def test_model_is_loaded_once_per_process(argos_engine: ArgosEngine, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(argos_engine.package.path, copy)
    package = dataclasses.replace(argos_engine.package, path=copy)
    first = ArgosEngine(package).load()
    assert isinstance(first, LoadedModel)
    assert ArgosEngine(package, beam_size=4, batch_size=8).load() is first
    assert ArgosEngine(package, inter_threads=1, intra_threads=3).load() is not first
    # A reinstall writes a new model.bin: the stale model is not served again.
    model_bin = copy / "model" / "model.bin"
    replacement = tmp_path / "model.bin"
    shutil.copy(model_bin, replacement)
    replacement.replace(model_bin)
    reloaded = ArgosEngine(package).load()
    assert reloaded is not first
    assert ArgosEngine(package).load() is reloaded


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


def test_open_argos_builds_a_checked_engine(argos_packages_dir: Path) -> None:
    engine = open_argos(EngineOptions(argos_packages_dir, beam_size=3, batch_size=4))
    assert engine.package == find_installed(argos_packages_dir, "fr", "en")
    assert (engine.beam_size, engine.batch_size) == (3, 4)


def test_open_argos_without_a_package(tmp_path: Path) -> None:
    with pytest.raises(ModelNotInstalled) as caught:
        open_argos(EngineOptions(tmp_path / "none"))
    assert caught.value.message == "no Argos fr→en package is installed"
    assert caught.value.path == str(tmp_path / "none")
    assert "bilingue models install fr en" in caught.value.hint
    assert "bilingue models install --file PATH.argosmodel" in caught.value.hint
    assert not (tmp_path / "none").exists()


def _private_copy(argos_packages_dir: Path, tmp_path: Path) -> Path:
    """A packages folder holding a copy of the session's synthetic package."""
    import shutil

    root = tmp_path / "packages"
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, root / SYNTHETIC_NAME)
    return root


def test_open_argos_refuses_a_model_that_does_not_load(
    argos_packages_dir: Path, tmp_path: Path
) -> None:
    root = _private_copy(argos_packages_dir, tmp_path)
    (root / SYNTHETIC_NAME / "model" / "model.bin").write_bytes(b"random bytes, not a model")
    with pytest.raises(EngineUnavailable) as caught:
        open_argos(EngineOptions(root))
    assert caught.value.message.startswith(
        f"the installed Argos model {SYNTHETIC_NAME} does not work (cannot load the Argos model"
    )
    assert caught.value.path == str(root / SYNTHETIC_NAME)


def test_a_model_that_passed_its_check_is_not_checked_again_until_it_changes(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _private_copy(argos_packages_dir, tmp_path)
    monkeypatch.setenv("BILINGUE_CACHE_DIR", str(tmp_path / "cache"))
    checks: list[Path] = []
    real_check = ArgosEngine.check

    def counted(self: ArgosEngine) -> None:
        checks.append(self.package.path)
        real_check(self)

    monkeypatch.setattr(ArgosEngine, "check", counted)
    open_argos(EngineOptions(root))
    open_argos(EngineOptions(root))
    assert len(checks) == 1
    model = root / SYNTHETIC_NAME / "model" / "model.bin"
    os.utime(model, ns=(model.stat().st_atime_ns, model.stat().st_mtime_ns + 10**9))
    open_argos(EngineOptions(root))  # replaced model files: checked again
    assert len(checks) == 2


def test_a_failed_check_is_not_remembered(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _private_copy(argos_packages_dir, tmp_path)
    monkeypatch.setenv("BILINGUE_CACHE_DIR", str(tmp_path / "cache"))
    (root / SYNTHETIC_NAME / "model" / "model.bin").write_bytes(b"random bytes, not a model")
    for _ in range(2):
        with pytest.raises(EngineUnavailable):
            open_argos(EngineOptions(root))


def _run(code: str, env: dict[str, str], *args: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
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
        from pathlib import Path
        from bilingue.engines import EngineOptions
        from bilingue.engines.argos import open_argos
        engine = open_argos(EngineOptions(Path(sys.argv[1])))
        out = engine.translate(["Bonjour.", "", "Merci."])
        roots = ("argostranslate", "stanza", "torch", "spacy")
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in roots)
        print(json.dumps({"out": [type(o).__name__ for o in out], "blank": out[1], "heavy": heavy}))
        """,
        {"HOME": str(tmp_path)},
        str(argos_packages_dir),
    )
    assert report == {"out": ["str", "str", "str"], "blank": "", "heavy": []}


def test_a_tuple_batch_is_translated_like_a_list(argos_engine: ArgosEngine) -> None:
    sources: Sequence[str] = ("Merci.", "", "Bonjour.")
    outputs = argos_engine.translate(sources)
    assert isinstance(outputs, list)
    assert outputs == argos_engine.translate(list(sources))
    assert outputs[1] == "" and outputs[0] and outputs[2]


LONG_SENTENCE = "Le satellite numéro {n} sera lancé depuis Kourou, en Guyane, par une fusée Soyouz."


def test_a_segment_over_the_input_limit_is_split_never_truncated(
    spied: tuple[ArgosEngine, SpyTranslator],
) -> None:
    engine, spy = spied
    spy.decode_limit = 6
    processor = engine.load().processor
    long_source = " ".join(LONG_SENTENCE.format(n=n) for n in range(120))
    assert len(processor.encode(long_source)) > 1024  # CTranslate2 would cut it
    outputs = engine.translate(["Bonjour.", long_source, "Merci."])
    assert engine.last_split == frozenset({1})
    assert len(outputs) == 3 and outputs[0] and outputs[2]
    short = {tuple(processor.encode(s, out_type=str)) for s in ("Bonjour.", "Merci.")}
    sent = [
        (tokens, hyp)
        for (batch, _, _), hyps in _per_call(spy)
        for tokens, hyp in zip(batch, hyps, strict=True)
    ]
    chunks = [(tokens, hyp) for tokens, hyp in sent if tuple(tokens) not in short]
    assert len(chunks) > 4
    assert all(len(tokens) <= engine.max_input_tokens for tokens, _ in chunks)
    # Every chunk is a piece of the source and together they cover all of it.
    texts = [processor.decode_pieces(tokens) for tokens, _ in chunks]
    assert all(text in long_source for text in texts)
    assert sum(len("".join(t.split())) for t in texts) == len("".join(long_source.split()))
    # The chunks went in shared token-budgeted batches, and each one's translation is
    # in the output.
    assert len(spy.calls) < len(chunks)
    for batch, _, _ in spy.calls:
        assert len(batch) == 1 or len(batch) * max(map(len, batch)) <= engine.batch_tokens
    for _, hypothesis in chunks:
        assert processor.decode_pieces(hypothesis).strip() in outputs[1]


def _per_call(
    spy: SpyTranslator,
) -> list[tuple[tuple[list[list[str]], dict[str, Any], list[int]], list[list[str]]]]:
    grouped = []
    start = 0
    for call in spy.calls:
        grouped.append((call, spy.hypotheses[start : start + len(call[0])]))
        start += len(call[0])
    return grouped


def test_a_source_is_split_only_past_the_budget(argos_engine: ArgosEngine) -> None:
    source = LONG_SENTENCE.format(n=1)
    tokens = len(argos_engine.load().processor.encode(source))
    at_budget = ArgosEngine(argos_engine.package, beam_size=1, max_input_tokens=tokens)
    at_budget.translate([source])
    assert at_budget.last_split == frozenset()
    over = ArgosEngine(argos_engine.package, beam_size=1, max_input_tokens=tokens - 1)
    over.translate([source])
    assert over.last_split == frozenset({0})


def test_the_translate_stage_flags_a_split_segment(argos_engine: ArgosEngine) -> None:
    from bilingue.stages.translate import translate
    from tests.doubles import document_of

    engine = ArgosEngine(argos_engine.package, max_input_tokens=12)
    short, long = "Bonjour.", " ".join(LONG_SENTENCE.format(n=n) for n in range(3))
    doc = translate(document_of(short, long), engine)
    first, second = doc.segments()
    assert [f.code for f in first.flags] == []
    assert [(f.code, f.severity.value) for f in second.flags] == [("segment-split", "info")]
    assert second.target


@pytest.mark.parametrize("budget", [0, 1025])
def test_the_input_budget_stays_inside_ctranslate2s_limit(
    argos_engine: ArgosEngine, budget: int
) -> None:
    with pytest.raises(ValueError, match="max_input_tokens must be from 1 to 1024"):
        ArgosEngine(argos_engine.package, max_input_tokens=budget)
