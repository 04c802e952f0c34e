"""Stale temporary files: a killed run's leftovers go at the next write, a live run's stay."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bilingue.safeio import atomic_write_text, clean_stale_temps, ensure_output_dir


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_runs_temps_go_at_the_next_write_and_nothing_else(tmp_path: Path) -> None:
    pid = dead_pid()
    stale = [
        tmp_path / f".x-en.docx.{pid}-0a1b2c3d.tmp",
        tmp_path / f".x-en.json.{pid}-deadbeef.old",
    ]
    keep = [
        tmp_path / f".x-en.docx.{os.getppid()}-0a1b2c3d.tmp",  # a live process's write
        tmp_path / ".hidden-notes.tmp",  # not our pattern
        tmp_path / "x-en.docx",
    ]
    for path in stale + keep:
        path.write_bytes(b"x")
    atomic_write_text(tmp_path / "y.txt", "y")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([p.name for p in keep] + ["y.txt"])


def test_a_folder_is_swept_once_per_process_unless_forced(tmp_path: Path) -> None:
    ensure_output_dir(tmp_path)
    leftover = tmp_path / f".a.txt.{dead_pid()}-00000000.tmp"
    leftover.write_bytes(b"")
    assert clean_stale_temps(tmp_path) == []
    assert clean_stale_temps(tmp_path, force=True) == [leftover]


def test_old_style_names_go_only_when_older_than_this_process(tmp_path: Path) -> None:
    old = tmp_path / ".a.txt.0123abcd.tmp"
    new = tmp_path / ".b.txt.0123abcd.tmp"
    old.write_bytes(b"")
    new.write_bytes(b"")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert clean_stale_temps(tmp_path, force=True) == [old]
    assert new.exists()
