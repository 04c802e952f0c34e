"""Kill test (issue 12): a batch, a glossary add and a model install, each killed at
random points with SIGKILL; after every kill each output is complete and valid or
absent, the glossary parses with no acknowledged entry lost, the packages folder holds
the old or the new model, and the next complete run leaves no temporary files.

CI runs KILL_TEST_ITERATIONS (default 40); `make kill-test` runs 200.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from devtools.synthetic_argos import SYNTHETIC_NAME, synthetic_metadata

pytestmark = pytest.mark.apertium

ITERATIONS = int(os.environ.get("KILL_TEST_ITERATIONS", "40"))
REPO = Path(__file__).resolve().parents[2]
RELEASES = [
    "Le Centre national d'études spatiales a signé un accord avec l'agence russe.\n\n"
    "La coopération portera sur l'exploration de Mars et de la Lune.\n",
    "Toulouse, le 17 mai 2013. Le lanceur Soyouz décollera de Kourou en juin.\n\n"
    "Les ingénieurs du CNES préparent la campagne de lancement depuis trois mois.\n",
]


def _variant(source: Path, dest: Path, version: str) -> Path:
    """``source`` with its metadata's package_version set to ``version``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == f"{SYNTHETIC_NAME}/metadata.json":
                data = json.dumps(synthetic_metadata(package_version=version)).encode()
            new.writestr(info, data)
    return dest


def _env(workspace: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        ARGOS_PACKAGES_DIR=str(workspace.parent / "packages"),
        HOME=str(workspace.parent / "home"),
        PYTHONPATH=f"{REPO / 'src'}:{REPO}",
    )
    return env


def _start(workspace: Path, iteration: int, model: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.hostile.kill_child",
            str(workspace),
            str(iteration),
            str(model),
        ],
        cwd=REPO,
        env=_env(workspace),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _progress(workspace: Path) -> list[list[str]]:
    log = workspace / "progress.log"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [line.split("\t") for line in lines]


def _acknowledged(workspace: Path) -> list[str]:
    return [fields[1] for fields in _progress(workspace) if fields[0] == "added"]


def _phases(workspace: Path, started: float) -> list[tuple[float, float]]:
    """(start, end) seconds after Popen of the add, the batch and the install."""
    ends = [float(fields[-1]) - started for fields in _progress(workspace)[-3:]]
    return [(0.0, ends[0]), (ends[0], ends[1]), (ends[1], ends[2])]


def _check_outputs(output: Path) -> None:
    """Every output complete, and every pair one the next run recognises as its own: the
    DOCX is the one the sidecar records, or the one it replaced (killed between the
    renames), never one the next run would refuse as possible review work."""
    import docx

    from bilingue.formats.review_binding import file_sha256
    from bilingue.formats.sidecar_json import read_sidecar_and_record

    for path in output.iterdir():
        if path.name.startswith("."):
            continue  # temporary files: only checked after the next complete run
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
            review = path.with_name(path.stem + ".review.docx")
            assert review.exists(), f"{path} without DOCX"
            _, record = read_sidecar_and_record(path)
            assert record is not None and record.knows(file_sha256(review)), (
                f"{review} is not the DOCX {path.name} records or replaced"
            )
        elif path.name.endswith(".review.docx"):
            docx.Document(str(path))
            partner = path.with_name(path.name.removesuffix(".review.docx") + ".json")
            assert partner.exists(), f"{path} without its JSON"


def _check_batches(workspace: Path) -> None:
    """Every batch that ran to its end translated everything: a pair a killed run left
    was redone, never refused as possible review work."""
    codes = [fields[1] for fields in _progress(workspace) if fields[0] == "batch"]
    assert set(codes) <= {"0"}, f"batch exit codes after kills: {codes}"


def _check_glossary(workspace: Path) -> None:
    from bilingue.glossary.store import read_tsv

    entries = read_tsv(workspace / "glossary" / "custom.tsv")
    sources = {entry.source for entry in entries}
    lost = [s for s in _acknowledged(workspace) if s not in sources]
    assert lost == [], f"acknowledged glossary entries lost: {lost}"


def _check_model(packages: Path, versions: set[str]) -> None:
    from bilingue.packages import list_installed

    installed = list_installed(packages)  # recovers an install killed between renames
    assert [p.name for p in installed] == [SYNTHETIC_NAME], installed
    package = installed[0]
    assert package.complete
    metadata = json.loads((packages / SYNTHETIC_NAME / "metadata.json").read_text())
    assert metadata["package_version"] in versions


def _temporary_files(workspace: Path) -> list[str]:
    roots = [workspace / "output", workspace / "glossary", workspace.parent / "packages"]
    return sorted(
        str(path.relative_to(workspace.parent))
        for root in roots
        for path in root.iterdir()
        if path.name.startswith(".") and not path.name.endswith(".lock")
    )


def test_random_kills_never_leave_broken_outputs_lost_entries_or_a_missing_model(
    tmp_path: Path, synthetic_argosmodel: Path
) -> None:
    workspace = tmp_path / "ws"
    (workspace / "input").mkdir(parents=True)
    (workspace / "output").mkdir()
    (workspace / "glossary").mkdir()
    for number, text in enumerate(RELEASES):
        (workspace / "input" / f"release-{number}.txt").write_text(text, encoding="utf-8")
    models = [
        _variant(synthetic_argosmodel, tmp_path / "old.argosmodel", "1.0"),
        _variant(synthetic_argosmodel, tmp_path / "new.argosmodel", "2.0"),
    ]
    # One complete run first: it sets up the model and times the three steps.
    started = time.time()
    assert _start(workspace, 0, models[0]).wait(timeout=300) == 0
    phases = _phases(workspace, started)
    _check_model(workspace.parent / "packages", {"1.0"})

    rng = random.Random(int(os.environ.get("KILL_TEST_SEED", "20130517")))
    kills = 0
    for iteration in range(1, ITERATIONS + 1):
        # Aim at each step in turn (the install is short; uniform times would miss it),
        # at a uniformly random moment inside it.
        low, high = phases[iteration % 3]
        child = _start(workspace, iteration, models[iteration % 2])
        time.sleep(rng.uniform(low, high))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait(timeout=300)
        _check_outputs(workspace / "output")
        _check_batches(workspace)
        _check_glossary(workspace)
        _check_model(workspace.parent / "packages", {"1.0", "2.0"})

    # The next complete run sweeps whatever the killed runs left behind.
    assert _start(workspace, ITERATIONS + 1, models[0]).wait(timeout=300) == 0
    _check_outputs(workspace / "output")
    _check_batches(workspace)
    _check_glossary(workspace)
    _check_model(workspace.parent / "packages", {"1.0"})
    assert _temporary_files(workspace) == []
    assert kills >= ITERATIONS // 2, f"only {kills} of {ITERATIONS} runs were killed mid-way"
    shutil.rmtree(workspace.parent / "packages", ignore_errors=True)
