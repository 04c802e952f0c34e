"""The long-lived Apertium pipelines: one start per pair for a whole run, survival, shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bilingue.engines.apertium import ApertiumEngine, apertium_available
from bilingue.engines.apertium_pipe import StagePipeline

pytestmark = pytest.mark.skipif(
    not apertium_available(), reason="Apertium with fr-es and spa-eng is not installed"
)

DOCUMENTS = [
    [
        f"Le satellite numéro {n} a été lancé depuis Kourou.",
        "La France et la Russie coopèrent dans le domaine spatial.",
        f"Le CNES a signé {n} accords en {1990 + n}.",
    ]
    for n in range(25)
]


def _one_off(engine: ApertiumEngine, sources: list[str]) -> list[str]:
    """What a fresh `apertium` call per pair (the old way) makes of ``sources``."""
    fresh = ApertiumEngine(unknown_marks=engine.unknown_marks, persistent=False)
    drafts = fresh.translate(sources)
    assert fresh.pipelines == ()
    return drafts


def _group_members(pgid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "-g", str(pgid)], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("unknown_marks", [False, True])
def test_many_documents_go_through_one_pipeline_per_pair(unknown_marks: bool) -> None:
    with ApertiumEngine(unknown_marks=unknown_marks) as engine:
        outputs = [engine.translate(sources) for sources in DOCUMENTS]
        assert [p.starts for p in engine.pipelines] == [1, 1]
        assert len(engine.pipelines) == len(engine.pairs)
        # The same drafts as one fresh `apertium` call per batch.
        for index in (0, 7, 24):
            assert outputs[index] == _one_off(engine, DOCUMENTS[index])
    assert all(len(draft) == 3 and all(draft) for draft in outputs)


def test_unknown_marks_survive_the_long_lived_pipeline() -> None:
    with ApertiumEngine(unknown_marks=True) as engine:
        [marked] = engine.translate(["Le zorglubique satellite est lancé."])
    assert "*zorglubique" in marked


def test_a_killed_module_is_replaced_and_the_batch_still_translates() -> None:
    with ApertiumEngine() as engine:
        expected = engine.translate(DOCUMENTS[0])
        first = engine.pipelines[0]
        pgid = first.pid
        assert pgid is not None
        modules = [pid for pid in _group_members(pgid) if pid != pgid]
        assert modules, "the pipeline's modules run in its process group"
        os.kill(modules[len(modules) // 2], signal.SIGKILL)
        time.sleep(0.2)
        assert engine.translate(DOCUMENTS[0]) == expected
        assert first.starts == 2
        assert engine.translate(DOCUMENTS[1]) == _one_off(engine, DOCUMENTS[1])
        assert first.starts == 2


def test_close_ends_every_process_of_the_pipelines() -> None:
    engine = ApertiumEngine()
    engine.translate(DOCUMENTS[0])
    groups = [p.pid for p in engine.pipelines]
    members = [pid for pgid in groups if pgid for pid in _group_members(pgid)]
    assert len(members) >= 2 * 5
    engine.close()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in members) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in members)
    assert all(p.pid is None for p in engine.pipelines)
    # A closed engine starts its pipelines again if it is used again.
    assert engine.translate(["Bonjour."])[0]
    engine.close()


def test_a_pipeline_that_never_answers_times_out_and_is_killed(tmp_path: Path) -> None:
    from bilingue.errors import EngineError

    pipeline = StagePipeline(["sh", "-c", "cat > /dev/null"], "fake")
    with pytest.raises(EngineError, match="timed out"):
        pipeline.run(b"x\0", 1, timeout=0.3)
    assert pipeline.pid is None
    pipeline.close()


def test_every_pair_is_started_before_the_first_one_translates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second pair loads its dictionaries while the first translates (as a shell
    # pipe does): by the time the first pipeline is asked, both are running.
    running_at_first_run: list[list[int | None]] = []
    original = StagePipeline.run

    def watched(self: StagePipeline, stream: bytes, count: int, timeout: float) -> bytes:
        if not running_at_first_run:
            running_at_first_run.append([p.pid for p in engine.pipelines])
        return original(self, stream, count, timeout)

    monkeypatch.setattr(StagePipeline, "run", watched)
    with ApertiumEngine() as engine:
        drafts = engine.translate(DOCUMENTS[0])
        assert [p.starts for p in engine.pipelines] == [1, 1]
    assert len(running_at_first_run[0]) == 2
    assert all(pid is not None for pid in running_at_first_run[0])
    assert drafts == _one_off(ApertiumEngine(), DOCUMENTS[0])


def test_an_engine_opened_for_a_run_has_its_pipelines_loading_already() -> None:
    from bilingue.engines import EngineOptions
    from bilingue.engines.apertium import open_apertium

    engine = open_apertium(EngineOptions(packages_dir=Path("unused")))
    try:
        pids = [p.pid for p in engine.pipelines]
        assert len(pids) == 2 and all(pid is not None for pid in pids)
        assert engine.translate(DOCUMENTS[1]) == _one_off(engine, DOCUMENTS[1])
        assert [p.starts for p in engine.pipelines] == [1, 1]  # the same processes
    finally:
        engine.close()
    assert all(not _alive(pid) for pid in pids if pid is not None)


def test_a_pipeline_never_used_is_ended_by_close() -> None:
    engine = ApertiumEngine()
    engine.start()
    groups = [p.pid for p in engine.pipelines]
    assert all(pid is not None for pid in groups)
    members = [pid for group in groups if group is not None for pid in _group_members(group)]
    engine.close()
    assert [p.pid for p in engine.pipelines] == [None, None]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in members) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in members)
