"""The process the kill test kills: a glossary add, a batch, a model install, in turn.

    python -m tests.hostile.kill_child WORKSPACE ITERATION MODEL_FILE

Each step's completion is appended (and fsynced) to WORKSPACE/progress.log with its
time, so the test knows which edits were acknowledged before the kill and must have
survived, and where each step starts and ends (to aim the kills at all three).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bilingue.cli import cli


def _call(*args: str) -> int:
    try:
        result = cli.main(args=list(args), prog_name="bilingue", standalone_mode=False)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return result if isinstance(result, int) else 0


def _log(workspace: Path, line: str) -> None:
    with open(workspace / "progress.log", "a", encoding="utf-8") as out:
        out.write(f"{line}\t{time.time():.3f}\n")
        out.flush()
        os.fsync(out.fileno())


def main() -> int:
    workspace, iteration, model = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.chdir(workspace)
    source = f"sonde Kill{iteration:03d}"
    if _call("glossary", "add", source, f"Kill{iteration:03d} probe", "--type", "name") == 0:
        _log(workspace, f"added\t{source}")
    code = _call("batch", "input", "output", "--engine", "apertium", "--no-tm")
    _log(workspace, f"batch\t{code}")
    code = _call("models", "install", "--file", model)
    _log(workspace, f"install\t{code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
