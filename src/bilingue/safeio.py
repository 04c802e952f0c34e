"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bilingue.errors import OutputError

__all__ = ["atomic_output", "atomic_write_bytes", "atomic_write_text", "check_output_dir"]


def check_output_dir(folder: Path) -> None:
    """Raise OutputError unless ``folder`` is an existing, writable directory."""
    if not folder.exists():
        raise OutputError("output folder does not exist", path=folder, hint="create it first")
    if not folder.is_dir():
        raise OutputError("output path is not a folder", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("output folder is not writable", path=folder)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``path``, on failure it vanishes.

    A reader of ``path`` therefore sees either the old file or the complete new one,
    never half of one, even if the process dies mid-write.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_output_dir(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write here ({err.strerror})", path=folder) from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write file ({err.strerror})", path=path) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))
