"""The translation memory: approved French→English pairs, matched exactly or fuzzily.

``keys`` says how a source is normalised and indexed, ``store`` keeps the units in
SQLite. Import from here: ``from bilingue.tm import TmUnit, open_memory``.
"""

from __future__ import annotations

from bilingue.tm.keys import match_key
from bilingue.tm.store import (
    SCHEMA_VERSION,
    TmMatch,
    TmStats,
    TmUnit,
    TranslationMemory,
    open_memory,
    utc_now,
)

__all__ = [
    "SCHEMA_VERSION",
    "TmMatch",
    "TmStats",
    "TmUnit",
    "TranslationMemory",
    "match_key",
    "open_memory",
    "utc_now",
]
