"""How many CPU threads a run uses, and how CTranslate2's translators share them.

``threads`` is the whole run's budget: by default every core this process may run
on (``os.sched_getaffinity``, so a container, ``taskset`` or a batch scheduler's
CPU set is honoured where ``os.cpu_count()`` would count the whole host).
CTranslate2 spends it two ways: ``inter_threads`` translators decode different
batches side by side, and each uses ``intra_threads`` threads inside one batch.
A run queues all its token-budgeted batches at once (engines/batching.py), so
translators side by side keep every core busy; on 2 cores two translators of one
thread decoded the Transformer-base benchmark in 22 s against 24 s for one of two
threads (benchmarks/README.md). But each translator holds its own working
buffers, and a pooled flush of 16 documents makes a few dozen batches: past four
translators the batches run out before the translators do, so the extra threads
go inside each translator instead.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

__all__ = ["MAX_TRANSLATORS", "ThreadPlan", "available_cores", "plan_threads"]

# Translators side by side before extra threads go inside each one (see above).
MAX_TRANSLATORS = 4


def available_cores() -> int:
    """The CPUs this process may run on (its affinity), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux: no affinity to read
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ThreadPlan:
    """CTranslate2's ``inter_threads`` and ``intra_threads`` for one run."""

    inter_threads: int  # translators decoding batches side by side
    intra_threads: int  # threads inside each translator

    @property
    def total(self) -> int:
        return self.inter_threads * self.intra_threads


def plan_threads(
    threads: int = 0, inter_threads: int = 0, intra_threads: int = 0, *, cores: int = 0
) -> ThreadPlan:
    """Share ``threads`` (0: ``cores``, else :func:`available_cores`) among translators.

    Values given explicitly win: both given are used as they are; one given takes
    the budget left for the other (at least one). With neither, up to
    :data:`MAX_TRANSLATORS` translators of one thread, then more threads in each:
    2 → 2×1, 4 → 4×1, 6 → 3×2, 8 → 4×2, 16 → 4×4. The plan never uses more than
    the budget unless explicit values ask for it.
    """
    if threads < 0 or inter_threads < 0 or intra_threads < 0:
        raise ValueError("threads, inter_threads and intra_threads must be ≥ 0 (0: automatic)")
    budget = threads or cores or available_cores()
    if inter_threads and intra_threads:
        return ThreadPlan(inter_threads, intra_threads)
    if inter_threads:
        return ThreadPlan(inter_threads, max(1, budget // inter_threads))
    if intra_threads:
        return ThreadPlan(max(1, budget // intra_threads), intra_threads)
    intra = math.ceil(budget / MAX_TRANSLATORS)
    return ThreadPlan(budget // intra, intra)
