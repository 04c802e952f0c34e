"""Batch progress: the library's events (bilingue/progress.py) and the CLI's two renderings
of them (cli/progress.py), a bar redrawn on a terminal and plain lines elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bilingue.batch import FileResult, FileStatus
from bilingue.cli.progress import ProgressView, duration
from bilingue.progress import ProgressCounter, RunProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def done(name: str, segments: int) -> FileResult:
    return FileResult(path=Path(name), status=FileStatus.DONE, segments=segments)


def test_the_counter_reports_the_plan_then_each_settled_document() -> None:
    clock = Clock()
    events: list[RunProgress] = []
    sizes = {Path("a.txt"): 1000, Path("b.txt"): 3000, Path("c.txt"): 4000}
    counter = ProgressCounter(sizes, events.append, clock=clock)

    counter.start()
    clock.now += 10
    counter.settle(done("a.txt", 20))
    clock.now += 10
    counter.settle(FileResult(path=Path("b.txt"), status=FileStatus.UNCHANGED, segments=99))
    counter.settle(FileResult(path=Path("c.txt"), status=FileStatus.FAILED, error="c.txt: bad"))

    assert [(e.documents_done, e.segments_done, e.bytes_done) for e in events] == [
        (0, 0, 0),
        (1, 20, 1000),
        (2, 20, 4000),  # an unchanged document's segments were not translated by this run
        (3, 20, 8000),
    ]
    assert events[0].result is None and events[0].eta is None
    assert events[1].rate == pytest.approx(2.0)
    # 10 s for 1,000 of 8,000 bytes: 70 s for the 7,000 left.
    assert events[1].eta == pytest.approx(70.0)
    assert events[2].eta == pytest.approx(20.0 * 4000 / 4000)
    assert events[-1].eta == 0.0
    assert {e.documents_total for e in events} == {3}


def test_the_counter_without_a_callback_reports_nothing() -> None:
    counter = ProgressCounter({Path("a.txt"): 10}, None)
    counter.start()
    counter.settle(done("a.txt", 3))
    assert counter.segments == 3


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, "--"), (0.0, "0s"), (44.6, "45s"), (252, "4m12s"), (3600, "1h00m"), (7500, "2h05m")],
)
def test_duration(seconds: float | None, shown: str) -> None:
    assert duration(seconds) == shown


def events(results: list[FileResult], step: float = 10.0) -> list[RunProgress]:
    out: list[RunProgress] = [RunProgress(None, 0, len(results), 0, 0.0, 0, 100 * len(results))]
    segments = 0
    for index, result in enumerate(results, start=1):
        segments += result.segments
        out.append(
            RunProgress(
                result, index, len(results), segments, step * index, 100 * index, 100 * len(results)
            )
        )
    return out


RESULTS = [
    done("a.txt", 30),
    FileResult(path=Path("b.txt"), status=FileStatus.FAILED, error="b.txt: empty document"),
    done("c.txt", 50),
    done("d.txt", 20),
]


def test_on_a_terminal_one_line_is_redrawn_with_documents_segments_rate_and_eta(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    stream = io.StringIO()
    view = ProgressView(stream, terminal=True)

    for event in events(RESULTS):
        view(event)

    frames = stream.getvalue().split("\r")[1:]
    assert len(frames) == 5  # the plan, then one redraw per document
    assert frames[0].startswith("[---") and " 0/4 documents · 0 segments" in frames[0]
    assert "ETA --" in frames[0]
    # After two documents: 30 segments in 20 s, half the bytes left at that pace.
    assert (
        " 2/4 documents (1 not translated) · 30 segments · 1.5 segments/s · ETA 20s" in (frames[2])
    )
    assert frames[-1].startswith("[####")
    assert frames[-1].endswith(
        "4/4 documents (1 not translated) · 100 segments · 2.5 segments/s · ETA 0s\x1b[K\n"
    )
    assert all(len(f.replace("\x1b[K", "").rstrip("\n")) <= 99 for f in frames)
    assert "[1/4]" not in stream.getvalue()
    assert view.problems == 1 and not view.lines


def test_elsewhere_each_document_gets_a_line_and_progress_lines_come_at_intervals() -> None:
    stream = io.StringIO()
    view = ProgressView(stream, terminal=False, interval=15.0)

    for event in events(RESULTS):
        view(event)
    view.close()  # no bar drawn: nothing to end

    lines = stream.getvalue().splitlines()
    assert lines == [
        "[1/4] ok    a.txt →  (30 segments, terms 0/0, QA 0 flagged (0 errors), )",
        "[2/4] FAIL  b.txt: empty document",
        "progress: 2/4 documents · 30 segments · 1.5 segments/s · ETA 20s",
        "[3/4] ok    c.txt →  (50 segments, terms 0/0, QA 0 flagged (0 errors), )",
        "[4/4] ok    d.txt →  (20 segments, terms 0/0, QA 0 flagged (0 errors), )",
    ]
    assert "\r" not in stream.getvalue()
    assert view.lines


def test_quiet_shows_nothing_but_still_counts_problems() -> None:
    for terminal in (True, False):
        stream = io.StringIO()
        view = ProgressView(stream, quiet=True, terminal=terminal, interval=0.0)
        for event in events(RESULTS):
            view(event)
        view.close()
        assert stream.getvalue() == ""
        assert view.problems == 1 and not view.lines


def test_a_bar_left_open_by_a_failed_run_is_ended_by_close() -> None:
    stream = io.StringIO()
    view = ProgressView(stream, terminal=True)
    for event in events(RESULTS)[:2]:
        view(event)
    assert not stream.getvalue().endswith("\n")

    view.close()
    view.close()

    assert stream.getvalue().endswith("\x1b[K\n")


def test_the_bar_fits_the_width_of_the_terminal_it_is_drawn_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fcntl
    import os
    import pty
    import struct
    import termios

    monkeypatch.setenv("COLUMNS", "200")  # stdout's width, not the terminal's
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    with open(follower, "w", encoding="utf-8", closefd=True) as terminal:
        view = ProgressView(terminal)
        for event in events(RESULTS):
            view(event)
    shown = os.read(leader, 65536).decode("utf-8")
    os.close(leader)

    frames = [f.replace("\x1b[K", "").strip("\r\n") for f in shown.split("\r") if f.strip()]
    assert view.terminal and len(frames) == 5
    assert all(len(frame) <= 59 for frame in frames)
    assert frames[-1].startswith("[#")
    assert frames[-1].endswith("] 4/4 docs · 100 seg · 2.5 seg/s · ETA 0s")
