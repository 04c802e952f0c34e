"""Data bilingue derives from its dependencies' files, kept in the user's cache folder.

Parsing a dependency's data in every process is a fixed cost of every short release
(gender-guesser's 61,000 first names: 0.3 s). What is derived from one data file is
written once, named after that file's size and modification time (so an upgrade
makes a new entry), and read back after checking its length and checksum (so a
damaged entry is rebuilt, never trusted). A folder that cannot be written only
means the work is done again next time. ``BILINGUE_CACHE_DIR`` chooses the folder
(default ``$XDG_CACHE_HOME/bilingue``, else ``~/.cache/bilingue``).
"""

from __future__ import annotations

import contextlib
import os
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["CACHE_DIR_VARIABLE", "cache_dir", "cached_lines", "source_key"]

CACHE_DIR_VARIABLE = "BILINGUE_CACHE_DIR"


def cache_dir() -> Path:
    """Where bilingue keeps what it can always rebuild."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bilingue"


def source_key(source: Path) -> str:
    """What identifies one version of a data file: its size and modification time."""
    stat = source.stat()
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def cached_lines(name: str, source: Path, build: Callable[[], Iterable[str]]) -> list[str]:
    """The lines ``build`` derives from ``source``, from the cache when it holds them.

    Lines must not contain a line break.
    """
    path = cache_dir() / f"{name}-{source_key(source)}.txt"
    lines = _read(path)
    if lines is not None:
        return lines
    lines = list(build())
    _write(path, lines)
    return lines


def _header(body: bytes, count: int) -> bytes:
    return f"{zlib.crc32(body):08x} {count}\n".encode("ascii")


def _read(path: Path) -> list[str] | None:
    """The entry's lines, or None when it is missing, unreadable or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    try:
        lines = body.decode("utf-8").split("\n") if body else []
    except UnicodeDecodeError:
        return None
    return lines if header + b"\n" == _header(body, len(lines)) else None


def _write(path: Path, lines: list[str]) -> None:
    """Write the entry whole (a temporary file moved into place), or not at all."""
    body = "\n".join(lines).encode("utf-8")
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(_header(body, len(lines)) + body)
        os.replace(partial, path)
    except OSError:
        # Read-only or full: built again next time, nothing else changes.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
