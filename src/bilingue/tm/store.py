"""The memory's SQLite file: storing units, exact and fuzzy lookups, statistics.

One file per workspace (``.bilingue/tm.sqlite``), in WAL mode, every write one
transaction, so a process killed mid-write leaves the memory as of its last commit.

Fuzzy matches are scored by rapidfuzz (``fuzz.ratio`` on match keys, 0–100) over a
bounded set of candidates, never the whole memory. A posting table maps each index
token (word or word pair) of a key, with the key's length, to its units. A ratio of
at least *t* bounds the candidate's length (:func:`~bilingue.tm.keys.length_window`);
a unit scoring *t* shares most of the query's tokens, so it holds one of its rarest
(prefix filtering), and the rarest tokens pick the candidates.
"""

from __future__ import annotations

import heapq
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from bilingue.errors import TmError
from bilingue.tm.keys import KEYS_VERSION, index_tokens, length_window, match_key

__all__ = [
    "SCHEMA_VERSION",
    "TmMatch",
    "TmStats",
    "TmUnit",
    "TranslationMemory",
    "open_memory",
    "utc_now",
]

SCHEMA_VERSION = 1

# Candidate selection: token counts stop at _COMMON (counting further costs more than
# it tells); at most _CANDIDATES units, those sharing most probed tokens, are scored.
_COMMON = 1000
_CANDIDATES = 500
# Postings are inserted sorted, this many at a time (about 20 MB of tuples).
_POSTINGS_BATCH = 200_000


def utc_now() -> str:
    """The current time as :attr:`TmUnit.created` holds it: ISO 8601, UTC, seconds."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class TmUnit:
    """One approved pair and where it came from."""

    source: str
    target: str
    document: str = ""  # source file NAME (no path)
    segment_id: str = ""
    created: str = ""  # ISO 8601, UTC, as utc_now() writes it: 2026-11-25T21:30:00Z
    engine: str = ""
    glossary_version: str = ""
    author: str = ""


@dataclass(frozen=True)
class TmMatch:
    """A unit found for a source; ``score`` is 100.0 for an exact match (after
    normalisation), else the rapidfuzz ratio of the two match keys."""

    unit: TmUnit
    score: float


@dataclass(frozen=True)
class TmStats:
    """What `bilingue tm stats` reports."""

    path: Path
    units: int
    sources: int  # distinct match keys
    documents: int
    oldest: str
    newest: str
    engines: tuple[tuple[str, int], ...]  # (engine, units), most units first


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    key TEXT NOT NULL,
    document TEXT NOT NULL DEFAULT '',
    segment_id TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT '',
    engine TEXT NOT NULL DEFAULT '',
    glossary_version TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    UNIQUE (source, target)
);
CREATE INDEX IF NOT EXISTS units_by_key ON units (key, created);
CREATE TABLE IF NOT EXISTS postings (
    word TEXT NOT NULL,
    length INTEGER NOT NULL,
    unit INTEGER NOT NULL,
    PRIMARY KEY (word, length, unit)
) WITHOUT ROWID;
"""
_UNIT_COLUMNS = "source, target, document, segment_id, created, engine, glossary_version, author"


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _unit(row: tuple[Any, ...]) -> TmUnit:
    return TmUnit(*row)


class TranslationMemory:
    """An open memory; use as a context manager or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def add(self, units: Iterable[TmUnit]) -> int:
        """Store ``units`` in one transaction; return how many pairs were new.

        A pair already stored (same source and target) takes the newer unit's
        document, segment, date, engine, glossary version and author. Units with a
        blank source or target are not stored.
        """
        added = 0
        postings: list[tuple[str, int, int]] = []
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for unit in units:
                    stored = self._store(unit)
                    if stored is not None:
                        added += 1
                        postings += _postings_of(*stored)
                    if len(postings) >= _POSTINGS_BATCH:
                        _insert_postings(self._db, postings)
                _insert_postings(self._db, postings)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise self._error("cannot write", err) from err
        return added

    def _store(self, unit: TmUnit) -> tuple[int, str] | None:
        """Insert or refresh one unit; (id, key) if it is new, to be indexed."""
        if not unit.source.strip() or not unit.target.strip():
            return None
        key = match_key(unit.source)
        values = (
            unit.source,
            unit.target,
            key,
            unit.document,
            unit.segment_id,
            unit.created,
            unit.engine,
            unit.glossary_version,
            unit.author,
        )
        cursor = self._db.execute(
            "INSERT INTO units (source, target, key, document, segment_id, created, engine, "
            "glossary_version, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source, target) DO NOTHING",
            values,
        )
        if cursor.rowcount == 0:
            self._db.execute(
                "UPDATE units SET document = ?, segment_id = ?, created = ?, engine = ?, "
                "glossary_version = ?, author = ? WHERE source = ? AND target = ?",
                (*values[3:], unit.source, unit.target),
            )
            return None
        return int(cursor.lastrowid or 0), key

    def exact(self, source: str) -> TmMatch | None:
        """The most recent unit whose source has the same match key, or None."""
        key = match_key(source)
        if not key:
            return None
        row = self._query(
            f"SELECT {_UNIT_COLUMNS} FROM units WHERE key = ? "
            "ORDER BY created DESC, id DESC LIMIT 1",
            (key,),
        )
        return TmMatch(_unit(row[0]), 100.0) if row else None

    def fuzzy(self, source: str, *, threshold: float = 75.0, limit: int = 3) -> list[TmMatch]:
        """Up to ``limit`` units scoring ``threshold`` or more, best first (exact ones
        included, at 100.0); on a tie, the most recent first."""
        from rapidfuzz import fuzz, process

        key = match_key(source)
        if not key or limit < 1:
            return []
        ids = self._candidates(key, threshold)
        if not ids:
            return []
        keys = dict(self._query(f"SELECT id, key FROM units WHERE id IN ({_marks(ids)})", ids))
        scores = {
            unit: 100.0 if found == key else min(score, 99.9)  # 99.96 is not a 100% match
            for found, score, unit in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
            )
        }
        if not scores:
            return []
        # Every unit tied with the last one kept, so recency can break the tie.
        floor = sorted(scores.values(), reverse=True)[:limit][-1]
        best = [unit for unit, score in scores.items() if score >= floor]
        rows = self._query(
            f"SELECT id, {_UNIT_COLUMNS} FROM units WHERE id IN ({_marks(best)}) "
            "ORDER BY created DESC, id DESC",
            best,
        )
        matches = [TmMatch(_unit(row[1:]), scores[row[0]]) for row in rows]
        matches.sort(key=lambda match: -match.score)  # stable: recency kept on ties
        return matches[:limit]

    def _candidates(self, key: str, threshold: float) -> list[int]:
        """Units worth scoring against ``key``: a few thousand at most, never a scan."""
        low, high = length_window(len(key), threshold)
        tokens = index_tokens(key)
        counted: list[tuple[int, int, str]] = []
        for token in tokens:
            (count,) = self._query(
                "SELECT count(*) FROM (SELECT 1 FROM postings "
                "WHERE word = ? AND length BETWEEN ? AND ? LIMIT ?)",
                (token, low, high, _COMMON),
            )[0]
            if count:
                # Past the cap counts are equal: a word pair is rarer than a word.
                counted.append((count, -len(token), token))
        counted.sort()
        (units,) = self._query("SELECT coalesce(max(id), 0) FROM units", [])[0]
        # Prefix filtering: a unit that scores the threshold differs in at most about
        # two tokens in five, so it holds one of the query's rarest 2/5 + 1. Those
        # under _COMMON are read whole; commoner ones only near the query's length.
        # Each shared token weighs its rarity: sharing rare tokens counts most.
        rare: dict[int, float] = defaultdict(float)
        common: dict[int, float] = defaultdict(float)
        for count, _, token in counted[: max(8, len(tokens) * 2 // 5 + 1)]:
            weight = math.log(1 + units / count)
            found = rare if count < _COMMON else common
            for (unit,) in self._postings(token, len(key), low, high, count):
                found[unit] += weight
        for unit, weight in rare.items():
            if unit in common:
                common[unit] += weight
        best = heapq.nlargest(_CANDIDATES, rare, key=rare.__getitem__)
        best += heapq.nlargest(_CANDIDATES, common, key=common.__getitem__)
        return list(dict.fromkeys(best))

    def _postings(
        self, token: str, length: int, low: int, high: int, count: int
    ) -> list[tuple[Any, ...]]:
        if count < _COMMON:
            return self._query(
                "SELECT unit FROM postings WHERE word = ? AND length BETWEEN ? AND ?",
                (token, low, high),
            )
        # Too common to read whole: the units nearest the query's length, since the
        # ones that score high are about as long as it is.
        half = _COMMON // 2
        return self._query(
            "SELECT unit FROM postings WHERE word = ? AND length BETWEEN ? AND ? "
            "ORDER BY length LIMIT ?",
            (token, length, high, half),
        ) + self._query(
            "SELECT unit FROM postings WHERE word = ? AND length BETWEEN ? AND ? "
            "ORDER BY length DESC LIMIT ?",
            (token, low, length - 1, half),
        )

    def units(self) -> Iterator[TmUnit]:
        """Every unit, oldest stored first (what `bilingue tm export` writes)."""
        try:
            for row in self._db.execute(f"SELECT {_UNIT_COLUMNS} FROM units ORDER BY id"):
                yield _unit(row)
        except sqlite3.Error as err:
            raise self._error("cannot read", err) from err

    def stats(self) -> TmStats:
        """Counts and dates over the whole memory."""
        units, sources, documents, oldest, newest = self._query(
            "SELECT count(*), count(DISTINCT key), count(DISTINCT NULLIF(document, '')), "
            "coalesce(min(NULLIF(created, '')), ''), coalesce(max(created), '') FROM units",
            (),
        )[0]
        engines = self._query(
            "SELECT engine, count(*) AS n FROM units GROUP BY engine ORDER BY n DESC, engine",
            (),
        )
        return TmStats(
            self.path,
            units,
            sources,
            documents,
            oldest,
            newest,
            tuple((engine, count) for engine, count in engines),
        )

    def _query(self, sql: str, parameters: Sequence[object]) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as err:
            raise self._error("cannot read", err) from err

    def _error(self, action: str, err: sqlite3.Error) -> TmError:
        return TmError(
            f"{action} the translation memory ({err})",
            path=self.path,
            hint="check the disk and permissions; `bilingue tm export` keeps a TMX copy",
        )


def open_memory(path: Path) -> TranslationMemory:
    """Open the memory at ``path``, creating its folder and schema when new."""
    path = Path(path)
    if path.is_dir():
        raise TmError("is a folder, not a translation memory file", path=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise TmError(f"cannot create its folder ({err.strerror})", path=path) from err
    try:
        # Autocommit mode: add() issues BEGIN IMMEDIATE/COMMIT itself, one per call.
        db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    except sqlite3.Error as err:
        raise TmError(f"cannot open ({err})", path=path) from err
    try:
        _prepare(db)
    except sqlite3.OperationalError as err:
        # Locked past the timeout, read-only file or folder, disk full: the file may
        # be a fine memory, so do not call it something else.
        db.close()
        raise TmError(
            f"cannot open ({err})",
            path=path,
            hint="check the file and its folder are writable, or run with --no-tm",
        ) from err
    except sqlite3.DatabaseError as err:
        db.close()
        raise TmError(
            f"not a bilingue translation memory ({err})",
            path=path,
            hint="move it away, point the `tm` setting at another file, or run with --no-tm",
        ) from err
    except TmError as err:
        db.close()
        raise TmError(err.message, path=path, hint=err.hint) from err
    return TranslationMemory(db, path)


def _postings_of(unit: int, key: str) -> list[tuple[str, int, int]]:
    return [(token, len(key), unit) for token in index_tokens(key)]


def _insert_postings(db: sqlite3.Connection, postings: list[tuple[str, int, int]]) -> None:
    """Insert and clear ``postings``, in index order: each index page is then written
    once, not once per unit (a 100,000-unit import is I/O-bound otherwise)."""
    postings.sort()
    db.executemany("INSERT OR IGNORE INTO postings (word, length, unit) VALUES (?, ?, ?)", postings)
    postings.clear()


def _keys_version(db: sqlite3.Connection) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = 'keys'").fetchone()
    return str(row[0]) if row else ""


def _rekey(db: sqlite3.Connection) -> None:
    """Recompute keys and postings if they were made by another version of the rules."""
    if _keys_version(db) == KEYS_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have done it while this one waited for the lock.
        if _keys_version(db) != KEYS_VERSION:
            db.execute("DELETE FROM postings")
            postings: list[tuple[str, int, int]] = []
            for unit, source in db.execute("SELECT id, source FROM units").fetchall():
                key = match_key(source)
                db.execute("UPDATE units SET key = ? WHERE id = ?", (key, unit))
                postings += _postings_of(unit, key)
            _insert_postings(db, postings)
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('keys', ?)", (KEYS_VERSION,)
            )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _prepare(db: sqlite3.Connection) -> None:
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise TmError(
            f"written by a newer bilingue (schema {version}, this one reads {SCHEMA_VERSION})",
            hint="upgrade bilingue",
        )
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and tables:
        raise TmError("an SQLite file of something else (no bilingue schema)")
    db.execute("PRAGMA journal_mode = WAL")
    # A large import reorders index pages all through one transaction: 64 MB of
    # page cache keeps that in memory instead of spilling pages to the WAL.
    db.execute("PRAGMA cache_size = -65536")
    # FULL: a commit reaches the disk before add() returns, so what `review import`
    # reported stored survives a power cut too, not only a killed process.
    db.execute("PRAGMA synchronous = FULL")
    if version == 0:
        # One script, one transaction: a memory has its whole schema or none.
        db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
    _rekey(db)
