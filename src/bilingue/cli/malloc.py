"""glibc malloc settings for translating commands, set by re-executing before Python starts.

CTranslate2 allocates and frees large buffers at every decoding step; with glibc's
defaults each comes from a fresh mmap, so a fresh process pays a page fault per
page again and again. Keeping freed memory in the heap (a high mmap threshold and
trim threshold) cut the system time of the Transformer-base benchmark from 5.1 s
to 0.8 s, page faults from 1.9 M to 0.1 M, and wall time by 1.2×, peak RSS
unchanged (benchmarks/RESULTS.md, section 4). The allocator reads these variables
once, when it initialises: setting them from Python is too late, so the command
runs itself again with them, once. Variables the user set are kept as they are;
``BILINGUE_MALLOC=default`` turns this off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

__all__ = ["MALLOC_SETTINGS", "TRANSLATING_COMMANDS", "malloc_environment", "reexec_tuned"]

MALLOC_SETTINGS = {
    "MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
    "MALLOC_TRIM_THRESHOLD_": str(256 * 1024 * 1024),
    "MALLOC_TOP_PAD_": str(64 * 1024 * 1024),
    "MALLOC_ARENA_MAX": "2",
}
TRANSLATING_COMMANDS = frozenset({"translate", "batch"})
_MARK = "BILINGUE_MALLOC"


def malloc_environment(argv: Sequence[str], environ: Mapping[str, str]) -> dict[str, str] | None:
    """The environment to run ``argv`` again with, or None when it should run as is."""
    if environ.get(_MARK) or not sys.platform.startswith("linux"):
        return None
    if not TRANSLATING_COMMANDS.intersection(argv[1:]):
        return None  # `--help`, `models`, `glossary`… never load a model
    if any(name.startswith("MALLOC_") for name in environ):
        return None  # the user tuned the allocator: theirs stands
    return {**environ, **MALLOC_SETTINGS, _MARK: "tuned"}


def reexec_tuned(argv: Sequence[str]) -> None:
    """Run this command again with :data:`MALLOC_SETTINGS` where that helps; else return."""
    env = malloc_environment(argv, os.environ)
    script = argv[0] if argv else ""
    if env is None or not os.path.isfile(script):
        return
    try:
        os.execve(sys.executable, [sys.executable, script, *argv[1:]], env)
    except OSError:
        return  # cannot re-run: run as is, only slower
