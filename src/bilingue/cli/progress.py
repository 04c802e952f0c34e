"""Batch progress on stderr: a bar redrawn on a terminal, plain lines otherwise, nothing if quiet.

Rendered from the library's :class:`~bilingue.progress.RunProgress` events. On a
terminal one line is redrawn in place: documents settled out of the total with a
bar, segments translated, segments per second and the time left. Elsewhere (a log,
a pipe, CI) every document gets its own line as it settles, and a ``progress:``
line with the same figures follows at most every ``interval`` seconds of the run,
so a long run's log shows its pace without a line per redraw.
"""

from __future__ import annotations

import os
import shutil
from typing import TextIO

from bilingue.batch import FileResult, FileStatus
from bilingue.progress import RunProgress

__all__ = ["ProgressView", "duration", "render_result"]

_CLEAR_TO_END = "\x1b[K"


def duration(seconds: float | None) -> str:
    """A time left as people read it: ``45s``, ``4m12s``, ``2h05m``; ``--`` when unknown."""
    if seconds is None:
        return "--"
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def render_result(result: FileResult, index: int, total: int, *, debug: bool = False) -> str:
    """One document's line: ``[i/n] ok …``, ``same``, ``note``, ``skip`` or ``FAIL``."""
    prefix = f"[{index}/{total}]"
    if result.status is FileStatus.DONE:
        outputs = ", ".join(str(p) for p in result.outputs)
        terms = f"terms {result.terms_found}/{result.terms_expected}"
        qa = f"QA {result.qa_flagged} flagged ({result.qa_errors} errors)"
        if result.from_memory:
            terms += f", {result.from_memory} from memory"
        return (
            f"{prefix} ok    {result.path} → {outputs} "
            f"({result.segments} segments, {terms}, {qa}, {result.engine})"
        )
    if result.status is FileStatus.UNCHANGED:
        line = f"{prefix} same  {result.path} (outputs up to date)"
        return f"{line}\n{prefix} note  {result.error}" if result.error else line
    label = "skip " if result.status is FileStatus.SKIPPED else "FAIL "
    line = f"{prefix} {label} {result.error}"
    if result.detail and debug:
        line += "\n" + result.detail.rstrip("\n")
    return line


def _figures(event: RunProgress) -> str:
    return (
        f"{event.segments_done:,} segments · {event.rate:.1f} segments/s · "
        f"ETA {duration(event.eta)}"
    )


class ProgressView:
    """Renders a run's progress events on ``stream`` (stderr in the CLI)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        quiet: bool = False,
        terminal: bool | None = None,
        interval: float = 30.0,
        debug: bool = False,
    ) -> None:
        self.stream = stream
        self.quiet = quiet
        self.terminal = stream.isatty() if terminal is None else terminal
        self.interval = interval
        self.debug = debug
        self.problems = 0  # documents skipped or failed so far
        self._drawn = False  # a bar line is on screen, not yet ended
        self._last_line = 0.0  # the run's seconds at the last plain progress line

    @property
    def lines(self) -> bool:
        """Whether each document got its own line (so each problem was already shown)."""
        return not self.quiet and not self.terminal

    def __call__(self, event: RunProgress) -> None:
        result = event.result
        if result is not None and result.status in (FileStatus.SKIPPED, FileStatus.FAILED):
            self.problems += 1
        if self.quiet:
            return
        if self.terminal:
            if event.documents_total:
                self._draw(event)
        elif result is not None:
            index, total = event.documents_done, event.documents_total
            self._write(render_result(result, index, total, debug=self.debug))
            if event.seconds - self._last_line >= self.interval and not self._finished(event):
                self._last_line = event.seconds
                self._write(
                    f"progress: {event.documents_done}/{event.documents_total} documents · "
                    + _figures(event)
                )

    def close(self) -> None:
        """End the bar's line, so whatever is written next starts on its own line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    @staticmethod
    def _finished(event: RunProgress) -> bool:
        return event.documents_done >= event.documents_total

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _columns(self) -> int:
        """The width of the terminal the bar is drawn on (stderr, whatever stdout is)."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):  # not a real terminal (a test's buffer)
            columns = 0
        # A terminal that reports no size (a fresh pty says 0): $COLUMNS, else 80.
        return columns or shutil.get_terminal_size((80, 24)).columns

    def _draw(self, event: RunProgress) -> None:
        done, total = event.documents_done, event.documents_total
        problems = f" ({self.problems} not translated)" if self.problems else ""
        width = self._columns() - 1
        # The full wording, else a short one (a narrow terminal still sees rate and ETA).
        tails = (
            f" {done}/{total} documents{problems} · {_figures(event)}",
            f" {done}/{total} docs · {event.segments_done:,} seg · {event.rate:.1f} seg/s"
            f" · ETA {duration(event.eta)}",
        )
        for tail in tails:
            room = width - len(tail) - 2
            if room >= 10:
                filled = room * done // total
                line = "[" + "#" * filled + "-" * (room - filled) + "]" + tail
                break
        else:
            line = tails[-1].strip()[:width]
        self.stream.write("\r" + line + _CLEAR_TO_END)
        self.stream.flush()
        self._drawn = True
        if self._finished(event):
            self.close()
