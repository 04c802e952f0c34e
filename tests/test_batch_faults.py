"""Batch faults through the real CLI and Apertium: bad inputs fail alone with one line
each, a full output disk stops the run cleanly, a killed run resumes."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import bilingue.api.runs
from bilingue.cli import cli
from bilingue.engines.apertium import apertium_available
from tests.releases import write_releases

pytestmark = pytest.mark.skipif(
    not apertium_available(), reason="Apertium fr-es/eng-spa is not installed"
)

ENGLISH = (
    "The French space agency met its Russian counterpart in Moscow on Friday. Both "
    "agencies reviewed their cooperation on launchers and the space station.\n"
)


@pytest.fixture
def workspace(
    tmp_path: Path, repo_root: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    shutil.copytree(repo_root / "glossary", tmp_path / "glossary")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def batch(*args: str) -> Result:
    return CliRunner().invoke(cli, ["batch", "input", "output", "--engine", "apertium", *args])


def pairs_complete(output: Path) -> list[str]:
    """Stems of complete output pairs; fails on a lone file, a temp file or a bad JSON."""
    import json

    from docx import Document as DocxDocument

    names = sorted(str(p.relative_to(output)) for p in output.rglob("*") if p.is_file())
    assert not [n for n in names if n.endswith(".tmp")], names  # nothing half-written
    stems = sorted(n.removesuffix(".json") for n in names if n.endswith(".json"))
    assert sorted(n.removesuffix(".review.docx") for n in names if n.endswith(".docx")) == stems
    for stem in stems:
        json.loads((output / f"{stem}.json").read_text("utf-8"))
        DocxDocument(str(output / f"{stem}.review.docx"))
    return stems


@pytest.mark.parametrize("quiet", [False, True])
def test_bad_inputs_fail_alone_with_one_line_each(
    workspace: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    source = workspace / "input"
    write_releases(seed_path, source, ["one.txt", "sub/two.txt", "sub/three.txt", "gone.txt"])
    (source / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (source / "empty.txt").write_bytes(b"")
    (source / "english.txt").write_text(ENGLISH, encoding="utf-8")
    problems = {
        "corrupt.docx": "not a DOCX file",
        "empty.txt": "empty document",
        "english.txt": "not a French document",
        "gone.txt": "",
    }
    plan = bilingue.api.runs.plan_tree

    def plan_then_vanish(*args: object, **kwargs: object) -> object:
        planned = plan(*args, **kwargs)  # type: ignore[arg-type]
        (source / "gone.txt").unlink()  # listed, then deleted before its turn
        return planned

    monkeypatch.setattr(bilingue.api.runs, "plan_tree", plan_then_vanish)

    result = batch("--quiet") if quiet else batch()

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, problem in problems.items():
        lines = [line for line in result.stderr.splitlines() if f"{source / name}:" in line]
        assert len(lines) == 1 and problem in lines[0], (name, result.stderr)
    assert pairs_complete(workspace / "output") == ["one", "sub/three", "sub/two"]
    assert (
        result.stdout.strip()
        .splitlines()[-1]
        .startswith("7 file(s): 3 translated, 1 skipped, 3 failed; 0 unchanged;")
    )


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    return mounted.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "160k"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_full_output_disk_stops_the_run_with_no_truncated_file(
    workspace: Path, seed_path: Path, small_disk: Path
) -> None:
    write_releases(seed_path, workspace / "input", [f"r{i:02}.txt" for i in range(12)])

    result = CliRunner().invoke(
        cli, ["batch", "input", str(small_disk / "out"), "--engine", "apertium"]
    )

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "the output disk is full" in errors[0], result.stderr
    written = pairs_complete(small_disk / "out")
    assert len(written) < 12  # the disk did fill up


def test_disk_full_while_writing_is_one_error_and_leaves_nothing_half_written(
    workspace: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where no tmpfs can be mounted, the same fault injected: the third DOCX write
    # fills the disk part-way through.
    write_releases(seed_path, workspace / "input", [f"r{i:02}.txt" for i in range(5)])
    import bilingue.formats.review_docx as review_docx

    real = review_docx.write_review_docx
    writes = 0

    def filling(doc: object, path: Path, **kwargs: object) -> None:
        nonlocal writes
        writes += 1
        if writes == 3:
            path.write_bytes(b"PK\x03\x04 half a file")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(doc, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review_docx, "write_review_docx", filling)

    result = batch()

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "the output disk is full" in errors[0], result.stderr
    assert "free some space and run again" in errors[0]
    assert pairs_complete(workspace / "output") == ["r00", "r01"]


def test_a_killed_run_loses_only_documents_in_flight_and_the_next_does_the_rest(
    workspace: Path, seed_path: Path
) -> None:
    count = 24
    write_releases(seed_path, workspace / "input", [f"r{i:02}.txt" for i in range(count)])
    script = Path(sys.executable).with_name("bilingue")
    command = [str(script), "batch", "input", "output", "--engine", "apertium"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not list((workspace / "output").glob("*.json")) and time.monotonic() < deadline:
        if run.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {run.communicate()}")
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.communicate()
    for stale in (workspace / "output").glob(".*.tmp"):
        stale.unlink()  # what the kill interrupted mid-write (never a finished name)
    survived = pairs_complete(workspace / "output")
    assert 0 < len(survived) < count

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600)

    assert resumed.returncode == 0, resumed.stderr
    done = count - len(survived)
    assert (
        resumed.stdout.strip()
        .splitlines()[-1]
        .startswith(
            f"{count} file(s): {done} translated, 0 skipped, 0 failed; {len(survived)} unchanged"
        )
    )
    assert len(pairs_complete(workspace / "output")) == count
