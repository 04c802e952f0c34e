"""Translation-memory tasks: its statistics, TMX import and export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.config import Settings

if TYPE_CHECKING:
    from bilingue.tm import TmStats

__all__ = ["TmImport", "tm_export", "tm_import", "tm_stats"]


def tm_stats(settings: Settings) -> TmStats:
    """What the workspace's memory holds; an absent memory is empty (and not created)."""
    from bilingue.tm import TmStats, open_memory

    path = settings.resolve(settings.tm)
    if not path.exists():
        return TmStats(path, 0, 0, 0, "", "", ())
    with open_memory(path) as memory:
        return memory.stats()


@dataclass(frozen=True)
class TmImport:
    """What `bilingue tm import` did with one TMX file."""

    path: Path
    read: int  # French→English units in the file
    added: int  # pairs the memory did not have
    skipped: int  # units without both languages, or blank
    memory: Path


def tm_import(tmx: Path, settings: Settings) -> TmImport:
    """Add a TMX file's French→English units to the memory, all or nothing.

    The whole file is read and checked before the memory is touched, and stored in
    one transaction: a bad file or an interruption leaves the memory as it was.
    """
    from bilingue.formats.tmx import read_tmx
    from bilingue.tm import open_memory

    content = read_tmx(tmx)
    path = settings.resolve(settings.tm)
    with open_memory(path) as memory:
        added = memory.add(content.units)
    return TmImport(tmx, len(content.units), added, content.skipped, path)


def tm_export(tmx: Path, settings: Settings) -> int:
    """Write every unit of the memory to a TMX 1.4b file; return how many."""
    from importlib.metadata import version

    from bilingue.formats.tmx import write_tmx
    from bilingue.tm import open_memory

    path = settings.resolve(settings.tm)
    if not path.exists():
        # Nothing to export is still a valid (empty) TMX; no memory is created for it.
        return write_tmx([], tmx, tool_version=version("bilingue"))
    with open_memory(path) as memory:
        return write_tmx(memory.units(), tmx, tool_version=version("bilingue"))
