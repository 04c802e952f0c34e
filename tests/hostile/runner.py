"""Run the bilingue CLI in a child process under a memory ceiling and report its peak.

The child gets an address-space limit (so a regression fails with MemoryError instead
of taking the machine down) and reports its own ru_maxrss, which is the peak of that
one process, not of every child pytest ever started.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Outcome", "run_bilingue", "snapshot"]

CEILING_BYTES = 3 * 1024**3

_CHILD = """
import resource, sys
{prelude}
from bilingue.cli import cli
code = 0
try:
    cli.main(args=sys.argv[1:], prog_name="bilingue")
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
finally:
    with open(sys.argv[0] + ".rss", "w") as out:
        out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    peak_mb: float


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CEILING_BYTES, CEILING_BYTES))


def run_bilingue(workspace: Path, *args: str, timeout: float = 120, prelude: str = "") -> Outcome:
    """``bilingue ARGS`` run in ``workspace`` with a private HOME and packages folder;
    ``prelude`` is Python run in the child first (a test hook: where to die)."""
    script = workspace.parent / f".{workspace.name}-child.py"
    script.write_text(_CHILD.replace("{prelude}", prelude), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        HOME=str(workspace.parent / "home"),
        ARGOS_PACKAGES_DIR=str(workspace.parent / "packages"),
        XDG_DATA_HOME=str(workspace.parent / "data"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"),
        LC_ALL="C.UTF-8",
    )
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=workspace,
        env=env,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
    )
    rss_file = Path(str(script) + ".rss")
    peak_kb = int(rss_file.read_text()) if rss_file.exists() else -1
    return Outcome(
        code=done.returncode,
        stdout=done.stdout.decode("utf-8", "replace"),
        stderr=done.stderr.decode("utf-8", "replace"),
        peak_mb=peak_kb / 1024,
    )


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (and its parent's siblings) with size and mtime."""
    found: dict[str, tuple[int, int]] = {}
    for path in root.parent.rglob("*"):
        if path.is_file() and not path.name.endswith(("-child.py", "-child.py.rss")):
            info = path.lstat()
            found[str(path.relative_to(root.parent))] = (info.st_size, info.st_mtime_ns)
    return found
