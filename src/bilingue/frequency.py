"""Word frequencies on wordfreq's Zipf scale, from a compact on-disk index of its lists.

``zipf(word, lang)`` returns exactly what ``wordfreq.zipf_frequency(word, lang)`` does.
wordfreq itself costs a short release dear: importing it takes 0.33 s (regex,
langcodes, ftfy) and each language's list 0.16 s more to unpack into a dict, paid by
every process for French, English and Spanish (clean, names and qa). So the first
lookup in a language builds an SQLite index of wordfreq's own list (word → its
frequency bucket) in the user's cache folder, once per machine and wordfreq data
file; later processes open it in about a millisecond and look words up on disk.

Only words of Latin letters, hyphens and apostrophes are answered from the index
(``médiateur``, ``porte-parole``, ``l'espace``), cut into tokens by the rules
wordfreq's tokenizer applies to them; its rules for anything else (digits, other
scripts, other signs) are not copied: such a word, a language without
an index, an index that cannot be written (read-only home) or read (corrupt file)
all go to wordfreq itself, as before. The folder is bilingue.usercache's.
"""

from __future__ import annotations

import math
import os
import re
import threading
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from bilingue.usercache import cache_dir, source_key

if TYPE_CHECKING:
    import sqlite3

__all__ = ["zipf"]

# Bump when the index's layout changes: older files are then ignored.
_FORMAT = 1
# Languages whose wordfreq preprocessing is NFC, case folding and its regex tokenizer,
# and nothing else (no transliteration, mark removal or dotless i).
_INDEXED = frozenset({"en", "es", "fr"})
# Letters that are each a word character wordfreq keeps whole, stable under NFC and
# folding to one lowercase letter. A hyphen always separates two tokens; an
# apostrophe between letters (' or ’) joins them, except after an elision below.
_LETTERS = "a-zA-Zà-öø-ÿÀ-ÖØ-ÞœŒ"
_PART = rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)*"
_PLAIN = re.compile(rf"{_PART}(?:-{_PART})*")
# wordfreq's tokenizer cuts a token's first one or two letters off at a straight
# apostrophe before one of these vowels ("l'espace" → "l", "espace"; "qu'il"), and
# nowhere else ("aujourd'hui", "don't", and "l’espace" with a curly one, stay whole).
_ELISION = re.compile(rf"([{_LETTERS}]{{1,2}})'(?=[aehiouyáéíóúàèìòùâêîôûåïöœ])")
# wordfreq's zipf_frequency asks word_frequency for at least Zipf 0, i.e. 1e-9.
_MINIMUM = 10**0 / 1e9


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang``, as ``wordfreq.zipf_frequency`` gives it."""
    if lang in _INDEXED and _PLAIN.fullmatch(word):
        index = _index(lang)
        if index is not None:
            buckets = index.buckets(_tokens(word))
            if buckets is not None:
                return _zipf_of(buckets)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


def _tokens(word: str) -> list[str]:
    """wordfreq's tokens for a word ``_PLAIN`` matches: case folded, curly quotes uncurled."""
    tokens: list[str] = []
    for part in word.casefold().split("-"):
        while elided := _ELISION.match(part):
            tokens.append(elided.group(1))
            part = part[elided.end() :]
        tokens.append(part.replace("’", "'"))
    return tokens


def _zipf_of(buckets: list[int | None]) -> float:
    """wordfreq's arithmetic: tokens combined by 1/f = Σ 1/fᵢ, rounded as it rounds."""
    if any(bucket is None for bucket in buckets):
        freq = _MINIMUM
    else:
        one_over = 0.0
        for bucket in buckets:
            assert bucket is not None
            one_over += 1.0 / 10 ** (-bucket / 100)
        unrounded = max(1.0 / one_over, _MINIMUM)
        leading_zeroes = math.floor(-math.log(unrounded, 10))
        freq = round(unrounded, leading_zeroes + 3)
    return round(math.log(freq, 10) + 9, 2)


class _Index:
    """One language's index: word → wordfreq bucket (frequency 10^(-bucket/100))."""

    def __init__(self, path: Path, source: str) -> None:
        import sqlite3  # not at module import: `bilingue --help` never needs it

        self._sqlite = sqlite3
        self.path = path
        self.source = source
        self._lock = threading.Lock()
        self._pid = -1
        self._connection: sqlite3.Connection | None = None
        self.broken = False

    def _connect(self) -> sqlite3.Connection:
        # A connection must not cross a fork (cluster workers): one per process.
        if self._connection is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self._connection = self._sqlite.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._connection

    def valid(self) -> bool:
        """Whether the file is a complete index of ``source`` (corrupt or partial: no)."""
        try:
            with self._lock:
                rows = dict(self._connect().execute("SELECT key, value FROM meta"))
                probe = rows.get("probe", "")
                found = (
                    self._connect()
                    .execute("SELECT bucket FROM words WHERE word = ?", (probe,))
                    .fetchone()
                )
        except self._sqlite.Error:
            return False
        expected = {"format": str(_FORMAT), "source": self.source}
        return all(rows.get(k) == v for k, v in expected.items()) and (
            found is not None and str(found[0]) == rows.get("probe_bucket")
        )

    def buckets(self, tokens: list[str]) -> list[int | None] | None:
        """Each token's bucket (None: not in the list); None when the index failed."""
        if self.broken:
            return None
        try:
            with self._lock:
                connection = self._connect()
                found = [
                    connection.execute("SELECT bucket FROM words WHERE word = ?", (t,)).fetchone()
                    for t in tokens
                ]
        except self._sqlite.Error:
            self.broken = True  # damaged after opening: wordfreq answers from now on
            return None
        return [None if row is None else int(row[0]) for row in found]


def _wordlist_file(lang: str) -> Path | None:
    """wordfreq's data file for ``lang`` (its 'large' list), found without importing it."""
    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"large_{lang}.msgpack.gz"
    return path if path.is_file() else None


@cache
def _index(lang: str) -> _Index | None:
    """``lang``'s index, built on first use; None when it can be neither read nor built."""
    wordlist = _wordlist_file(lang)
    if wordlist is None:
        return None
    key = source_key(wordlist)
    source = f"{wordlist.name}:{key}"
    path = cache_dir() / f"wordfreq-{lang}-{key}.v{_FORMAT}.sqlite3"
    import sqlite3

    if path.is_file():
        index = _Index(path, source)
        if index.valid():
            return index
    try:
        _build(path, lang, source)
    except (OSError, sqlite3.Error):
        return None  # unwritable cache folder, full disk: wordfreq in memory, as before
    index = _Index(path, source)
    return index if index.valid() else None


def _build(path: Path, lang: str, source: str) -> None:
    """Write the index for ``lang`` beside ``path`` and move it into place whole."""
    import sqlite3

    from wordfreq import get_frequency_list

    buckets = get_frequency_list(lang, "best")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        partial.unlink(missing_ok=True)
        connection = sqlite3.connect(partial)
        try:
            connection.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE words (word TEXT PRIMARY KEY, bucket INTEGER) WITHOUT ROWID;"
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            )
            # A word in two buckets keeps the last, as wordfreq's own dict does.
            rows = {word: bucket for bucket, words in enumerate(buckets) for word in words}
            # In key order the B-tree is filled page by page: 10x faster than list order.
            connection.executemany("INSERT INTO words VALUES (?, ?)", sorted(rows.items()))
            probe = next(iter(rows))
            meta = {
                "format": str(_FORMAT),
                "source": source,
                "probe": probe,
                "probe_bucket": str(rows[probe]),
            }
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            connection.commit()
        finally:
            connection.close()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
