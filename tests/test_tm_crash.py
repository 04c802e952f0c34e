"""`kill -9` during a memory write leaves a readable memory holding whole transactions."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bilingue.tm import open_memory

BATCH = 50

# The child writes batches of BATCH units, one transaction each, and reports every
# commit on stdout; with ``big`` it then writes one very large transaction.
WRITER = """
import sys
from pathlib import Path
from bilingue.tm import TmUnit, open_memory

path, big, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
with open_memory(path) as memory:
    if big:
        print("start", flush=True)
        memory.add(TmUnit(f"Grande phrase numéro {n} du lot.", f"Big {n}.") for n in range(big))
        print("done", flush=True)
    batch = 0
    while True:
        memory.add(
            TmUnit(f"Phrase {batch} numéro {n} du communiqué.", f"Sentence {batch}-{n}.")
            for n in range(size)
        )
        print(batch, flush=True)
        batch += 1
"""


def _start(path: Path, big: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(big), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill(child: subprocess.Popen[str]) -> str:
    """Kill -9 the child; return what it printed and nobody read yet."""
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)  # reaps the child and closes its pipes
    assert child.returncode == -signal.SIGKILL
    return rest


def _check_readable(path: Path) -> int:
    with open_memory(path) as memory:
        units = memory.stats().units
        # Every stored unit is findable: the index was committed with it.
        assert all(memory.exact(unit.source) for unit in memory.units())
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    return units


@pytest.mark.parametrize("commits_before_kill", [1, 3, 7, 12, 20])
def test_a_killed_writer_leaves_its_committed_batches(
    tmp_path: Path, commits_before_kill: int
) -> None:
    path = tmp_path / "tm.sqlite"
    child = _start(path)
    assert child.stdout is not None
    reported = -1
    while reported < commits_before_kill - 1:
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "writer ended"
        reported = int(line)
    _kill(child)  # the writer is, almost always, inside its next transaction
    units = _check_readable(path)
    assert units % BATCH == 0, "a transaction was half stored"
    assert units >= (reported + 1) * BATCH, "a reported commit was lost"


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_a_writer_killed_inside_one_large_transaction_stores_none_of_it(
    tmp_path: Path, delay: float
) -> None:
    path = tmp_path / "tm.sqlite"
    with open_memory(path) as memory:
        memory.add([])  # the schema exists before the child starts
    big = 200_000
    child = _start(path, big)
    assert child.stdout is not None
    assert child.stdout.readline() == "start\n"
    time.sleep(delay)
    finished = "done" in _kill(child)
    units = _check_readable(path)
    if finished:
        assert units >= big
    else:
        assert units == 0, "the large transaction was half stored"
