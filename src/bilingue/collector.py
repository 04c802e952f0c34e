"""Pausing Python's cyclic garbage collector while a stage builds a large acyclic structure.

Stages and writers turn one document into another: tens of thousands of new frozen
segments, term hits, tuples and dicts that form no reference cycle (reference
counting frees them all). The cyclic collector still counts every new container and,
as they pile up, runs collections that walk every surviving one, the whole document
included, and find nothing. The number of those walks grows with the document, so a
stage's cost per segment grew with its size: translate's bookkeeping cost 1.4× more
per segment at 20,000 segments than at 1,000, 1.0× with the collector paused
(benchmarks/bench_stages.py). Pausing it while the structure is built makes the cost
linear again; garbage left meanwhile is collected as usual once it resumes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

# Threads (batch --threads) run stages at once: the collector resumes when the last
# one finishes, and only if it ran when the first one started.
_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside the block (also a decorator), then as it was.

    Only for code that builds acyclic data: a cycle made inside is collected late,
    not lost.
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
