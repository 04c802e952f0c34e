"""One Apertium pair's pipeline kept running for a whole run, fed NUL-framed batches.

Starting ``apertium`` costs about a third of a second (a shell script, gawk filters
and ten modules that each load their transducers); the text itself takes
milliseconds. So each pair's pipeline starts once and every batch is streamed
through it: with ``-z`` each module flushes its output at every NUL, and the
pipeline answers a batch of *n* NUL-terminated segments with exactly *n* NULs.

The command is the pair's mode file as ``apertium-wblank-mode -z`` writes it, run by
bash: what ``apertium -f none -z`` runs, minus its gawk wrappers, which read ahead
past a NUL and so never answer while the input stays open. Where the mode file or
``apertium-wblank-mode`` cannot be found, :func:`pipeline_command` says so (None) and
the engine starts one ``apertium`` per batch instead.

Every segment the engine sends has content (its marker superblanks), so an empty
answer is the NUL a module writes at end of input: a module upstream died. A
pipeline that dies (killed, crashed) is started again by the engine; one
that times out is killed with its whole process group, so no stale output can
reach the next batch.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from bilingue.errors import EngineError

__all__ = ["PipelineDied", "StagePipeline", "pipeline_command"]

_READ_CHUNK = 1 << 16


class PipelineDied(EngineError):
    """The pipeline's process ended before answering the whole batch."""


def _mode_file(executable: str, pair: str) -> Path | None:
    """The installed mode file of ``pair`` beside the ``apertium`` script's prefix."""
    prefix = Path(executable).resolve().parent.parent
    for candidate in (prefix / "share" / "apertium" / "modes" / f"{pair}.mode",):
        if candidate.is_file():
            return candidate
    return None


def pipeline_command(executable: str, pair: str, *, unknown_marks: bool) -> list[str] | None:
    """The command that runs ``pair`` NUL-flushed and stays up, or None where unknown."""
    mode = _mode_file(executable, pair)
    wblank = shutil.which("apertium-wblank-mode")
    bash = shutil.which("bash")
    if mode is None or wblank is None or bash is None:
        return None
    try:
        done = subprocess.run(
            [wblank, "-z", str(mode)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    script = done.stdout.strip()
    if done.returncode != 0 or not script:
        return None
    # The mode's $1 is the generator's option (-g keeps unknown-word marks, -n drops
    # them: what `apertium -u` chooses) and $2 the tagger's (none by default).
    return [bash, "-c", script, "bash", "-g" if unknown_marks else "-n", ""]


class StagePipeline:
    """A long-lived pipeline for one pair: :meth:`run` sends a batch and reads its answer."""

    def __init__(self, command: list[str], pair: str) -> None:
        self.command = command
        self.pair = pair
        self.starts = 0  # how many processes this pipeline has started (tests, benchmarks)
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """The running process's id (its process group's too), or None."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def run(self, stream: bytes, count: int, timeout: float) -> bytes:
        """The pipeline's output for ``stream``, which holds ``count`` NUL-ended segments.

        PipelineDied when the process ended before answering (the caller may retry on
        a fresh one); EngineError on a time-out or an answer with too many segments.
        """
        with self._lock:
            process = self._running()
            writer = threading.Thread(target=self._write, args=(process, stream), daemon=True)
            writer.start()
            try:
                out = self._read(process, count, timeout)
            except EngineError:
                self._stop()
                raise
            finally:
                writer.join(timeout=1.0)
            return out

    def start(self) -> None:
        """Start the process now if it is not running, without sending it anything."""
        with self._lock:
            self._running()

    def close(self) -> None:
        """End the pipeline now: its process group is killed and reaped.

        Nothing is owed: run() reads a batch's whole answer before it returns. Closing
        the input and waiting for every module to wind down cost a short release
        40 ms per pair.
        """
        with self._lock:
            self._stop()

    def _running(self) -> subprocess.Popen[bytes]:
        process = self._process
        if process is not None and process.poll() is None:
            return process
        self._stop()
        # Kept open for the process's life (closed by _stop): where its errors go.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            # A new session makes bash and its modules one process group to kill.
            process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                start_new_session=True,
            )
        except OSError as err:
            raise EngineError(f"apertium {self.pair} cannot start: {err}") from err
        self._process = process
        self.starts += 1
        return process

    @staticmethod
    def _write(process: subprocess.Popen[bytes], stream: bytes) -> None:
        # A thread of its own: the pipeline's pipes hold only so much, so the answer
        # must be read while the batch is still being written.
        assert process.stdin is not None
        try:
            process.stdin.write(stream)
            process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the reader sees the process end and says so

    def _read(self, process: subprocess.Popen[bytes], count: int, timeout: float) -> bytes:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        deadline = time.monotonic() + timeout
        chunks: list[bytes] = []
        seen = 0
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while seen < count:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise EngineError(
                        f"apertium {self.pair} timed out after {timeout:.1f} s",
                        hint="translate smaller batches or raise the engine's time-out",
                    )
                chunk = os.read(fd, _READ_CHUNK)
                if not chunk:
                    raise PipelineDied(
                        f"apertium {self.pair} stopped{self._stderr_tail()}",
                        hint=f"run `apertium {self.pair}` on the same text to see the full error",
                    )
                chunks.append(chunk)
                seen += chunk.count(b"\0")
        out = b"".join(chunks)
        if out.startswith(b"\0") or b"\0\0" in out:
            # Segments always have content (their markers): an empty one is the NUL a
            # module writes at end of input, so a module upstream has died.
            raise PipelineDied(
                f"apertium {self.pair} lost a module{self._stderr_tail()}",
                hint=f"run `apertium {self.pair}` on the same text to see the full error",
            )
        if seen != count or not out.endswith(b"\0"):
            raise EngineError(
                f"apertium {self.pair} returned {seen} segments for {count}",
                hint="no translation was kept; report this input",
            )
        return out

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return f": {lines[-1]}" if lines else ""

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            # The whole group: every module of the pipeline, not only bash.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5.0)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
