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
from pathlib import Path

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
