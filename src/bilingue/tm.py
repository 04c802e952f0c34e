"""The translation memory: approved French→English pairs in one SQLite file.

One file per workspace (``.bilingue/tm.sqlite``), in WAL mode, every write one
transaction, so a process killed mid-write leaves the memory as of its last commit.

Matching works on a *match key* (:func:`match_key`): the source with whitespace and
typography normalised, so a pair approved in a Word file with no-break spaces and
curly apostrophes is found again in a plain-text release with straight ones. Case
is kept: ``Le CNES`` and ``le CNES`` are different sources, because the English
differs (sentence start, acronym against word) and an exact match is reused with
no engine and no edit.

Fuzzy matches are scored by rapidfuzz (``fuzz.ratio`` on match keys, 0–100) over a
few hundred candidates, never the whole memory: a posting table maps each word of
a key, with the key's length, to its units. A ratio of at least *t* bounds the
candidate's length (see :func:`_length_window`), and the query's rarest words pick
the candidates; a pair scoring *t* shares most words, so it shares some rare one.
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from bilingue.errors import TmError

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

SCHEMA_VERSION = 1

# Typography that varies between a Word file, a PDF and a plain-text release of the
# same sentence without changing a word of it.
_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (French spacing before ;:!?)
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u2019": "'",  # right single quotation mark, the typographic apostrophe
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',  # « and » become plain quotes; the spaces inside go below
        "\u00bb": '"',
        "\u2011": "-",  # non-breaking hyphen
        "\u2026": "...",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u2060": None,  # word joiner
        "\ufeff": None,
    }
)
_SPACES = re.compile(r"\s+")
# French puts a space before ; : ! ? and inside « »; English and many files do not.
_SPACE_BEFORE = re.compile(r" (?=[;:!?])")
_QUOTE_SPACES = re.compile(r'" ([^"]*?) ?"')
_WORD = re.compile(r"\w+")

# Candidate selection: a word in more postings than this (within the length window)
# is too common to pick candidates with; at most this many candidates are scored.
_COMMON = 1000
_CANDIDATES = 200


def match_key(text: str) -> str:
    """``text`` as the memory compares it: typography and whitespace normalised, case kept."""
    text = unicodedata.normalize("NFC", text).translate(_CHARACTERS)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE.sub("", text)
    return _QUOTE_SPACES.sub(r'"\1"', text)


def utc_now() -> str:
    """The current time as :attr:`TmUnit.created` holds it: ISO 8601, UTC, seconds."""
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _words(key: str) -> set[str]:
    return set(_WORD.findall(key.casefold()))


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    """Key lengths that can score ``threshold``: ratio = 2·common/(a+b)·100 and
    common ≤ min(a, b), so the shorter must be at least t/(200−t) of the longer."""
    t = max(min(threshold, 100.0), 1.0)
    return math.ceil(length * t / (200 - t)), math.floor(length * (200 - t) / t)


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
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for unit in units:
                    added += self._store(unit)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise self._error("cannot write", err) from err
        return added

    def _store(self, unit: TmUnit) -> int:
        if not unit.source.strip() or not unit.target.strip():
            return 0
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
            return 0
        unit_id = cursor.lastrowid
        self._db.executemany(
            "INSERT OR IGNORE INTO postings (word, length, unit) VALUES (?, ?, ?)",
            [(word, len(key), unit_id) for word in _words(key)],
        )
        return 1

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
        from rapidfuzz import fuzz

        key = match_key(source)
        if not key or limit < 1:
            return []
        ids = self._candidates(key, threshold)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._query(
            f"SELECT key, {_UNIT_COLUMNS} FROM units WHERE id IN ({marks}) "
            "ORDER BY created DESC, id DESC",
            tuple(ids),
        )
        scored: list[TmMatch] = []
        for row in rows:
            score = 100.0 if row[0] == key else fuzz.ratio(key, row[0], score_cutoff=threshold)
            if score >= threshold:
                # An exact score is kept for equal keys only: 99.96 is not a 100% match.
                scored.append(TmMatch(_unit(row[1:]), 100.0 if row[0] == key else min(score, 99.9)))
        scored.sort(key=lambda match: -match.score)  # stable: recency kept on ties
        return scored[:limit]

    def _candidates(self, key: str, threshold: float) -> list[int]:
        low, high = _length_window(len(key), threshold)
        counted: list[tuple[int, str]] = []
        for word in _words(key):
            (count,) = self._query(
                "SELECT count(*) FROM (SELECT 1 FROM postings "
                "WHERE word = ? AND length BETWEEN ? AND ? LIMIT ?)",
                (word, low, high, _COMMON),
            )[0]
            if count:
                counted.append((count, word))
        if not counted:
            return []
        counted.sort()
        rare = [word for count, word in counted if count < _COMMON]
        # Enough rare words that a candidate differing in a third of them still
        # shares one; only common words: the three least common bound the work.
        wanted = max(8, len(counted) // 3 + 1)
        chosen = rare[:wanted] if rare else [word for _, word in counted[:3]]
        marks = ",".join("?" * len(chosen))
        rows = self._query(
            f"SELECT unit FROM postings WHERE word IN ({marks}) AND length BETWEEN ? AND ? "
            "GROUP BY unit ORDER BY count(*) DESC, unit DESC LIMIT ?",
            (*chosen, low, high, _CANDIDATES),
        )
        return [row[0] for row in rows]

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

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
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
    except sqlite3.DatabaseError as err:
        db.close()
        raise TmError(
            f"not a bilingue translation memory ({err})",
            path=path,
            hint="point the `tm` setting at another file, or move this one away",
        ) from err
    except TmError as err:
        db.close()
        raise TmError(err.message, path=path, hint=err.hint) from err
    return TranslationMemory(db, path)


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
    # FULL: a commit reaches the disk before add() returns, so what `review import`
    # reported stored survives a power cut too, not only a killed process.
    db.execute("PRAGMA synchronous = FULL")
    if version == 0:
        # One script, one transaction: a memory has its whole schema or none.
        db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
