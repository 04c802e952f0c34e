"""Run keys: whether a document's outputs are already what this run would write.

A document is skipped when its sidecar records the same run key this run computes.
The key hashes everything that changes the outputs: the source file's bytes, the
glossary entries, the engine and its model, the settings that change a translation
(beam size, whether the memory is read, the English typography) and the bilingue
version. Anything else
(threads, batch sizes, the input's path or modification time) does not change what
is written, so it is not in the key: moving a folder or touching a file redoes
nothing.

The translation memory's contents are not in the key either: an approved pair
added later would otherwise redo every document after each review import. Instead,
when the memory changed since a document was written (its units and newest date
are recorded beside the key), the document is redone only if the memory now
answers one of its sources with English other than what it holds
(:func:`memory_changes`): a few indexed lookups per document.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bilingue.config import Settings
from bilingue.document import EngineInfo
from bilingue.glossary import Glossary

__all__ = [
    "Recorded",
    "RunKeys",
    "glossary_version",
    "memory_changes",
    "recorded",
]


def _version() -> str:
    """The installed bilingue's version, from its package metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bilingue")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def glossary_version(glossary: Glossary) -> str:
    """A digest of the glossary's entries (not of its files' bytes: a comment changes nothing)."""
    return hashlib.sha256(repr(glossary.entries).encode("utf-8")).hexdigest()[:16]


class RunKeys:
    """The run-wide part of every key, hashed once; :meth:`key` adds the document."""

    def __init__(self, glossary: Glossary, engine: EngineInfo, settings: Settings) -> None:
        self.glossary = glossary_version(glossary)
        self.engine = engine
        parts = {
            "bilingue": _version(),
            "glossary": self.glossary,
            "engine": [engine.name, engine.model, engine.version],
            "beam_size": settings.beam_size,
            "use_tm": settings.use_tm,
            "typography": settings.english if settings.typography else None,
        }
        self._run = json.dumps(parts, sort_keys=True).encode("utf-8")

    def key(self, source: Path) -> str:
        """The run key of ``source``; "" when it is not a regular file (a FIFO would
        block the read: the reader refuses it, with its message). OSError when it
        cannot be read."""
        if not stat.S_ISREG(os.stat(source).st_mode):
            return ""
        digest = hashlib.sha256(self._run)
        with open(source, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


@dataclass(frozen=True)
class Recorded:
    """What a sidecar says of the last successful run: its key, and the review DOCX
    contents bilingue knows (as it wrote it, as it last imported it)."""

    key: str = ""
    written_review: str = ""
    imported_review: str = ""
    # (source, target) of each translated segment, to see what the memory would change.
    pairs: tuple[tuple[str, str], ...] = ()
    memory_stamp: str = ""
    replaced_review: str = ""  # the DOCX the last one replaced (see ReviewRecord)


def recorded(sidecar: Path) -> Recorded:
    """The sidecar's record; empty when missing, unreadable or written before run keys."""
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Recorded()
    if not isinstance(data, dict):
        return Recorded()
    # The sidecar's review record (formats/review_binding.py) holds the key.
    review = data.get("review")
    review = review if isinstance(review, dict) else {}
    values = (
        review.get("run_key", ""),
        review.get("docx_sha256", ""),
        review.get("imported_sha256", ""),
        review.get("memory_stamp", ""),
        review.get("replaced_sha256", ""),
    )
    key, written, imported, stamp, replaced = (v if isinstance(v, str) else "" for v in values)
    segments = data.get("segments")
    pairs = tuple(
        (segment["source"], segment.get("target") or "")
        for segment in (segments if isinstance(segments, list) else [])
        if isinstance(segment, dict)
        and segment.get("translate")
        and isinstance(segment.get("source"), str)
        and isinstance(segment.get("target") or "", str)
    )
    return Recorded(key, written, imported, pairs, stamp, replaced)


def memory_changes(last: Recorded, exact: Callable[[str], str | None]) -> bool:
    """Whether the memory now holds an approved English, for one of the document's
    sources, that differs from the English it was written with (``exact`` gives the
    memory's target for a source, or None)."""
    for source, target in last.pairs:
        remembered = exact(source)
        if remembered is not None and remembered != target:
            return True
    return False
