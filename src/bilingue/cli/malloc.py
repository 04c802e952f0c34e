"""glibc malloc settings for translating commands, applied with ``mallopt`` as they start.

CTranslate2 allocates and frees large buffers at every decoding step; with glibc's
defaults each comes from a fresh mmap, so a process pays a page fault per page again
and again. Keeping freed memory in the heap (a high mmap threshold and trim
threshold) cut the system time of the Transformer-base benchmark from 5.1 s to 0.8 s,
page faults from 1.9 M to 0.1 M, and wall time by 1.2×, peak RSS unchanged
(benchmarks/RESULTS.md, section 4). ``mallopt`` changes the same parameters as the
``MALLOC_*`` variables, for every allocation after the call, so the command needs no
second process: measured on that model, 0.06 M page faults with ``mallopt`` against
0.05 M with the variables and 0.20 M untuned. A user who set ``MALLOC_*`` keeps their
own settings; ``BILINGUE_MALLOC=default`` turns this off.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

__all__ = ["MALLOC_SETTINGS", "TRANSLATING_COMMANDS", "malloc_settings", "tune_allocator"]

# mallopt parameter numbers from glibc's <malloc.h>, with the values that measured best.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -2, -3, -8
MALLOC_SETTINGS: dict[int, int] = {
    M_MMAP_THRESHOLD: 32 * 1024 * 1024,
    M_TRIM_THRESHOLD: 256 * 1024 * 1024,
    M_TOP_PAD: 64 * 1024 * 1024,
    M_ARENA_MAX: 2,
}
TRANSLATING_COMMANDS = frozenset({"translate", "batch"})
_OFF = "BILINGUE_MALLOC"


def malloc_settings(argv: Sequence[str], environ: Mapping[str, str]) -> dict[int, int]:
    """The ``mallopt`` settings to apply for ``argv``: none where they would not help."""
    if environ.get(_OFF) == "default" or not sys.platform.startswith("linux"):
        return {}
    if not TRANSLATING_COMMANDS.intersection(argv[1:]):
        return {}  # `--help`, `models`, `glossary`… never load a model
    if any(name.startswith("MALLOC_") for name in environ):
        return {}  # the user tuned the allocator: theirs stands
    return dict(MALLOC_SETTINGS)


def tune_allocator(argv: Sequence[str], environ: Mapping[str, str]) -> int:
    """Apply :func:`malloc_settings` through glibc's ``mallopt``; how many were applied.

    Anything but glibc (musl, macOS) has no ``mallopt``, or rejects a parameter: the
    command then runs with the allocator as it is, only slower.
    """
    settings = malloc_settings(argv, environ)
    if not settings:
        return 0
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return 0
    return sum(1 for param, value in settings.items() if mallopt(param, value) == 1)
