"""Where a batch run stands: the events a run reports, for a front end to render.

The library never prints. A run calls its ``on_progress`` callback with a
:class:`RunProgress` once when it has planned its inputs (nothing settled yet) and
again each time a document settles (translated, unchanged, skipped or failed); the
CLI draws a bar or writes lines from these events (cli/progress.py).

The time left is estimated from source bytes: documents differ in length far more
than in count, and a document's bytes are known before it is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bilingue.batch import FileResult, FileStatus

__all__ = ["ProgressCounter", "RunProgress"]


@dataclass(frozen=True)
class RunProgress:
    """A batch run's progress after one more document settled (``result``), or at its start."""

    result: FileResult | None  # None: the run has planned its inputs, nothing settled yet
    documents_done: int  # settled so far, whatever their status
    documents_total: int
    segments_done: int  # segments of the documents translated so far
    seconds: float  # since the run began
    bytes_done: int = 0  # source bytes of the documents settled
    bytes_total: int = 0

    @property
    def rate(self) -> float:
        """Segments translated per second so far (0 before the first one)."""
        return self.segments_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, from the pace so far over source bytes; None until there is a pace."""
        if self.documents_done >= self.documents_total:
            return 0.0
        if self.bytes_done <= 0 or self.seconds <= 0 or self.bytes_total <= 0:
            return None
        left = max(self.bytes_total - self.bytes_done, 0)
        return self.seconds * left / self.bytes_done


class ProgressCounter:
    """Counts a run's settled documents and builds the events its callback gets."""

    def __init__(
        self,
        sizes: Mapping[Path, int],
        on_progress: Callable[[RunProgress], None] | None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sizes = sizes  # source bytes of each planned input
        self.total = len(sizes)
        self.bytes_total = sum(sizes.values())
        self.on_progress = on_progress
        self.clock = clock
        self.began = clock()
        self.documents = 0
        self.segments = 0
        self.bytes = 0

    def start(self) -> None:
        """Report the planned run, before any document settles."""
        self._report(None)

    def settle(self, result: FileResult) -> None:
        """Count ``result`` and report where the run stands."""
        self.documents += 1
        self.bytes += self.sizes.get(result.path, 0)
        if result.status is FileStatus.DONE:
            self.segments += result.segments
        self._report(result)

    def _report(self, result: FileResult | None) -> None:
        if self.on_progress is None:
            return
        self.on_progress(
            RunProgress(
                result=result,
                documents_done=self.documents,
                documents_total=self.total,
                segments_done=self.segments,
                seconds=self.clock() - self.began,
                bytes_done=self.bytes,
                bytes_total=self.bytes_total,
            )
        )
