"""A fresh workspace per hostile case, and the check that a run wrote only where it may."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.runner import Outcome, run_bilingue, snapshot

# A plain Apertium run peaks near 200 MB; the bombs reached 2-8 GB before the limits.
PEAK_MB = 500


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for folder in ("input", "output"):
        (root / folder).mkdir(parents=True)
    return root


Run = Callable[..., Outcome]


@pytest.fixture
def run_contained(workspace: Path) -> Run:
    """Run bilingue; fail if it wrote anywhere but the allowed folders or ran over PEAK_MB."""

    def run(*args: str, may_write: tuple[str, ...] = ("ws/output",)) -> Outcome:
        before = snapshot(workspace)
        outcome = run_bilingue(workspace, *args)
        after = snapshot(workspace)
        changed = {
            name
            for name in set(before) | set(after)
            if before.get(name) != after.get(name) and not name.startswith(("home/", "data/"))
        }
        outside = sorted(n for n in changed if not n.startswith(tuple(f + "/" for f in may_write)))
        assert outside == [], f"written outside {may_write}: {outside}\n{outcome.stderr}"
        assert outcome.peak_mb < PEAK_MB, f"peak {outcome.peak_mb:.0f} MB\n{outcome.stderr}"
        return outcome

    return run
