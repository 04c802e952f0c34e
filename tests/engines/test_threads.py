"""The run's thread budget shared out into CTranslate2 translators (engines/threads.py),
and the real synthetic Argos model loaded with the result, from flags and bilingue.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bilingue.engines import EngineOptions
from bilingue.engines import argos as argos_module
from bilingue.engines.threads import (
    MAX_TRANSLATORS,
    ThreadPlan,
    available_cores,
    plan_threads,
)


@pytest.mark.parametrize(
    ("threads", "plan"),
    [
        (1, ThreadPlan(1, 1)),
        (2, ThreadPlan(2, 1)),
        (3, ThreadPlan(3, 1)),
        (4, ThreadPlan(4, 1)),
        (5, ThreadPlan(2, 2)),
        (6, ThreadPlan(3, 2)),
        (8, ThreadPlan(4, 2)),
        (12, ThreadPlan(4, 3)),
        (16, ThreadPlan(4, 4)),
    ],
)
def test_a_budget_is_shared_translators_first_then_threads_inside(
    threads: int, plan: ThreadPlan
) -> None:
    assert plan_threads(threads) == plan


@pytest.mark.parametrize("budget", range(1, 65))
def test_the_automatic_plan_never_exceeds_the_budget_and_wastes_little(budget: int) -> None:
    plan = plan_threads(budget)

    assert 1 <= plan.inter_threads <= MAX_TRANSLATORS
    assert plan.total <= budget
    # At most one translator's worth of threads is left idle.
    assert budget - plan.total < plan.intra_threads


def test_no_budget_means_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    # A container or taskset: 3 of the host's CPUs, whatever os.cpu_count() says.
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 5, 7})
    monkeypatch.setattr("os.cpu_count", lambda: 64)

    assert available_cores() == 3
    assert plan_threads() == ThreadPlan(3, 1)
    assert plan_threads(cores=8) == ThreadPlan(4, 2)


@pytest.mark.parametrize(
    ("given", "plan"),
    [
        ({"threads": 8, "inter_threads": 2}, ThreadPlan(2, 4)),
        ({"threads": 8, "intra_threads": 8}, ThreadPlan(1, 8)),
        ({"threads": 2, "inter_threads": 4}, ThreadPlan(4, 1)),  # explicit values win
        ({"threads": 2, "inter_threads": 3, "intra_threads": 5}, ThreadPlan(3, 5)),
        ({"threads": 3, "intra_threads": 2}, ThreadPlan(1, 2)),
    ],
)
def test_explicit_inter_or_intra_threads_take_what_the_budget_leaves(
    given: dict[str, int], plan: ThreadPlan
) -> None:
    assert plan_threads(**given) == plan


def test_negative_values_are_refused() -> None:
    with pytest.raises(ValueError, match="must be ≥ 0"):
        plan_threads(inter_threads=-1)


class TranslatorSpy:
    """Records the keyword arguments the real ctranslate2.Translator is built with."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import ctranslate2

        self.built: list[dict[str, Any]] = []
        real = ctranslate2.Translator

        def build(*args: Any, **kwargs: Any) -> Any:
            self.built.append(kwargs)
            return real(*args, **kwargs)

        monkeypatch.setattr(ctranslate2, "Translator", build)
        # A model loaded earlier in the session with the same plan would be served
        # from the cache without building a translator.
        monkeypatch.setattr(argos_module, "_MODELS", {})


@pytest.mark.parametrize(
    ("threads", "intra_given", "inter", "intra"), [(1, 0, 1, 1), (6, 0, 3, 2), (2, 2, 1, 2)]
)
def test_the_synthetic_model_is_loaded_with_the_planned_threads(
    argos_packages_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    threads: int,
    intra_given: int,
    inter: int,
    intra: int,
) -> None:
    spy = TranslatorSpy(monkeypatch)
    options = EngineOptions(
        packages_dir=argos_packages_dir, threads=threads, intra_threads=intra_given
    )

    engine = argos_module.open_argos(options)
    loaded = engine.load()  # the check may be remembered: loading is what builds it

    [built] = spy.built
    assert (built["inter_threads"], built["intra_threads"]) == (inter, intra)
    assert loaded.translator.num_translators == inter


def test_threads_flag_and_config_reach_the_model(
    argos_packages_dir: Path,
    seed_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bilingue.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingue.toml").write_text("threads = 4\nintra_threads = 2\n", encoding="utf-8")
    spy = TranslatorSpy(monkeypatch)
    args = ["translate", str(seed_path), "-o", "out", "--engine", "argos", "--no-tm", "-q"]

    from_config = CliRunner().invoke(cli, args)
    # Another output folder: in the first one the document is up to date, and a run
    # with nothing to translate loads no model.
    from_flag = CliRunner().invoke(cli, [*args[:3], "out2", *args[4:], "--threads", "6"])

    assert from_config.exit_code == 0, from_config.output
    assert from_flag.exit_code == 0, from_flag.output
    planned = [(b["inter_threads"], b["intra_threads"]) for b in spy.built]
    assert planned == [(2, 2), (3, 2)]  # the flag replaces the file's budget


def test_threads_flag_refuses_zero() -> None:
    from bilingue.cli import cli

    result = CliRunner().invoke(cli, ["batch", "in", "out", "--threads", "0"])

    assert result.exit_code == 2
    assert "--threads" in result.output


def test_config_shows_what_the_thread_budget_means_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bilingue.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(6)))
    by_default = CliRunner().invoke(cli, ["config"])
    (tmp_path / "bilingue.toml").write_text("threads = 8\n", encoding="utf-8")
    from_file = CliRunner().invoke(cli, ["config"])

    assert (
        "threads = 0 (every core: 6) → CTranslate2 3 translator(s) × 2 thread(s)\t(default)"
        in by_default.output
    )
    assert (
        "threads = 8 → CTranslate2 4 translator(s) × 2 thread(s)\t(bilingue.toml)"
        in from_file.output
    )
