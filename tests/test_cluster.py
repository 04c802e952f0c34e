"""`bilingue batch --cluster local:2`: a real Dask cluster of two worker processes here.

Workers translate, the driver writes: the outputs must be those of a local run, a
re-run must find every document unchanged (the same run keys), and a bad document
must fail alone. Skipped with the reason when the cluster extra is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bilingue.engines.apertium import apertium_available
from tests.releases import write_releases

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("distributed") is None,
        reason="the cluster extra (Dask distributed) is not installed",
    ),
    pytest.mark.skipif(not apertium_available(), reason="Apertium fr-es/eng-spa is not installed"),
]

ENGLISH = "The agency met its partner in Moscow on Friday. Both reviewed their cooperation.\n"


def bilingue(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("bilingue")
    return subprocess.run(
        [str(script), *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def targets(folder: Path) -> dict[str, list[str]]:
    return {
        str(p.relative_to(folder)): [
            s["target"] for s in json.loads(p.read_text("utf-8"))["segments"]
        ]
        for p in sorted(folder.rglob("*.json"))
    }


def test_a_local_cluster_of_two_workers_matches_a_local_run_and_keeps_the_keys(
    tmp_path: Path, repo_root: Path, seed_path: Path
) -> None:
    shutil.copytree(repo_root / "glossary", tmp_path / "glossary")
    names = [f"r{i}.txt" for i in range(6)] + ["sub/deep/x.txt"]
    write_releases(seed_path, tmp_path / "input", names)
    (tmp_path / "input" / "english.txt").write_text(ENGLISH, encoding="utf-8")
    common = ["--engine", "apertium", "--no-tm"]

    on_cluster = bilingue(tmp_path, "batch", "input", "out", "--cluster", "local:2", *common)
    local = bilingue(tmp_path, "batch", "input", "local", *common)
    assert local.returncode == 1, local.stderr
    again = bilingue(tmp_path, "batch", "input", "out", "--cluster", "local:2", *common)

    assert on_cluster.returncode == 1, on_cluster.stderr  # the English release
    summary = on_cluster.stdout.strip().splitlines()[-1]
    assert summary.startswith("8 file(s): 7 translated, 1 skipped, 0 failed; 0 unchanged")
    skipped = [line for line in on_cluster.stderr.splitlines() if "english.txt" in line]
    assert len(skipped) == 1 and "not a French document" in skipped[0]
    assert str(tmp_path / "input" / "english.txt") in skipped[0]  # not the worker's copy
    assert targets(tmp_path / "out") == targets(tmp_path / "local")
    assert "sub/deep/x.json" in targets(tmp_path / "out")
    sidecar = json.loads((tmp_path / "out" / "r0.json").read_text("utf-8"))
    assert sidecar["source_file"] == str(tmp_path / "input" / "r0.txt")
    assert (
        again.stdout.strip()
        .splitlines()[-1]
        .startswith("8 file(s): 0 translated, 1 skipped, 0 failed; 7 unchanged")
    )


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path, seed_path: Path) -> None:
    write_releases(seed_path, tmp_path / "input", ["a.txt"])

    result = bilingue(
        tmp_path, "batch", "input", "out", "--engine", "apertium", "--cluster", "local:zero"
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --cluster local:zero: local:N needs a number of workers, e.g. local:2"
    ]


APPROVED = "The agreement was approved by the memory, word for word."


def drafts(folder: Path) -> dict[str, list[tuple[str, str, str, list[Any]]]]:
    """Every segment's source, English, origin and suggestions, per sidecar."""
    return {
        str(p.relative_to(folder)): [
            (s["source"], s["target"], s["origin"], s["suggestions"])
            for s in json.loads(p.read_text("utf-8"))["segments"]
        ]
        for p in sorted(folder.rglob("*.json"))
    }


def sources(path: Path) -> list[str]:
    from bilingue.api import prepare_file

    return [s.source for s in prepare_file(path).segments() if s.translate]


def remember(root: Path, pairs: list[tuple[str, str]]) -> None:
    from bilingue.tm import TmUnit, open_memory

    with open_memory(root / ".bilingue" / "tm.sqlite") as memory:
        memory.add(TmUnit(source, target, author="reviewer") for source, target in pairs)


@pytest.fixture
def remembered_releases(tmp_path: Path, repo_root: Path, seed_path: Path) -> tuple[str, str]:
    """Six releases and a memory holding an approved pair for a sentence all of them
    share (exact) and a near copy of one release's own opening (fuzzy)."""
    shutil.copytree(repo_root / "glossary", tmp_path / "glossary")
    paths = write_releases(seed_path, tmp_path / "input", [f"r{i}.txt" for i in range(6)])
    shared = sorted(set(sources(paths[0])) & set(sources(paths[1])))[0]
    opening = sources(paths[3])[0]
    near = opening.replace("internationale", "européenne")
    assert near != opening
    remember(tmp_path, [(shared, APPROVED), (near, "A near match, for the reviewer.")])
    return shared, opening


def test_a_cluster_run_reads_the_memory_as_a_local_run_does(
    tmp_path: Path,
    remembered_releases: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers are threads here, so the real Apertium engine they build can be watched."""
    from contextlib import contextmanager

    from distributed import Client, LocalCluster

    from bilingue.api import translate_paths
    from bilingue.config import load_settings
    from tests.test_batch_runs import ApertiumSpy

    shared, opening = remembered_releases

    @contextmanager
    def threaded(address: str) -> Iterator[Any]:
        # Dask is untyped (as in bilingue.api.cluster).
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        )
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client

    monkeypatch.setattr("bilingue.api.cluster.connect", threaded)
    settings = load_settings(root=tmp_path, overrides={"engine": "apertium"}, environ={})
    spy = ApertiumSpy(monkeypatch)

    on_cluster = translate_paths(
        [tmp_path / "input"], tmp_path / "out", settings, cluster="local:2"
    )
    sent_by_workers = list(spy.sent)
    local = translate_paths([tmp_path / "input"], tmp_path / "local", settings)

    assert len(on_cluster.done) == 6 and not on_cluster.notes
    assert drafts(tmp_path / "out") == drafts(tmp_path / "local")
    assert [r.from_memory for r in on_cluster.done] == [r.from_memory for r in local.done]
    for segments in drafts(tmp_path / "out").values():
        assert (shared, APPROVED, "tm", []) in segments
    assert shared not in sent_by_workers  # answered by the memory on the driver
    r3 = drafts(tmp_path / "out")["r3.json"]
    [suggested] = [s for s in r3 if s[0] == opening]
    assert suggested[2] == "mt" and suggested[3][0]["target"] == "A near match, for the reviewer."


def test_a_pair_approved_after_a_cluster_run_redoes_only_its_document(
    tmp_path: Path, remembered_releases: tuple[str, str], seed_path: Path
) -> None:
    """Real worker processes: documents travel pickled both ways."""
    first = bilingue(
        tmp_path, "batch", "input", "out", "--engine", "apertium", "--cluster", "local:2"
    )
    assert first.returncode == 0, first.stderr
    assert "from memory" in first.stderr and "not read" not in first.stderr
    opening = sources(tmp_path / "input" / "r1.txt")[0]
    remember(tmp_path, [(opening, "The opening, as the reviewer approved it.")])

    again = bilingue(
        tmp_path, "batch", "input", "out", "--engine", "apertium", "--cluster", "local:2"
    )

    assert again.returncode == 0, again.stderr
    assert (
        again.stdout.strip()
        .splitlines()[-1]
        .startswith("6 file(s): 1 translated, 0 skipped, 0 failed; 5 unchanged")
    )
    redone = drafts(tmp_path / "out")["r1.json"]
    assert (opening, "The opening, as the reviewer approved it.", "tm", []) in redone
    assert (remembered_releases[0], APPROVED, "tm", []) in redone
