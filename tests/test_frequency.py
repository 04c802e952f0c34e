"""bilingue.frequency answers exactly as wordfreq, from an index that may be missing or bad."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from wordfreq import get_frequency_list, zipf_frequency

from bilingue import frequency, usercache

LANGUAGES = ("fr", "en", "es")
# Plain words, compounds and everything the index leaves to wordfreq: apostrophes,
# digits, capitals, ligatures, other scripts, unknown words and empty parts.
TRICKY = [
    "espace", "Espace", "ESPACE", "porte-parole", "Porte-Parole", "accord-cadre",
    "coopé", "coopération", "inaugurations", "inaugu", "a", "à", "À", "y", "ça", "œuvre",
    "Œuvre", "oeuvre", "être", "naïve", "straße", "ß", "ÿ", "aujourd'hui", "aujourd’hui",
    "l'espace", "l’espace", "don't", "it's", "co-op", "-", "a-", "-a", "a--b", "mars2020",
    "2013", "x86", "πάντα", "москва", "日本", "xyzzyqw", "zzqx-espace", "espace-zzqx",
    "inter-nationale", "jean-yves", "e-mail", "ñandú", "canción", "señor", "œ", "",
]  # fmt: skip


# Elisions and apostrophes: wordfreq splits some at the apostrophe, not others.
APOSTROPHES = [
    "l'espace", "L'Espace", "l’espace", "d'euros", "qu'il", "qu’il", "s'il", "n'a",
    "jusqu'à", "jusqu'ici", "aujourd'hui", "aujourd’hui", "presqu'île", "l'homme",
    "l'yaourt", "l'ébauche", "l'äpfel", "c'bon", "l'l'a", "d'l'espace", "don't", "it's",
    "company's", "o'clock", "rock'n'roll", "l'", "'a", "a''b", "l'-espace", "porte-l'avion",
    "grand-mère's", "dell'arte", "all'interno", "d'Europe", "ESA's", "y'all",
]  # fmt: skip


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no index opened yet in this process."""
    monkeypatch.setenv(usercache.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    frequency._index.cache_clear()
    yield tmp_path / "cache"
    frequency._index.cache_clear()


def _sample(lang: str) -> list[str]:
    """Every 97th word of wordfreq's list, across all its frequency bands."""
    words = [word for bucket in get_frequency_list(lang, "best") for word in bucket]
    return words[::97]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_same_answers_as_wordfreq(lang: str) -> None:
    sample = _sample(lang)
    elided = [f"{head}{word}" for head in ("l'", "d’", "qu'", "jusqu'") for word in sample[::25]]
    words = sample + TRICKY + APOSTROPHES + elided
    words += [f"{a}-{b}" for a, b in itertools.pairwise(TRICKY + APOSTROPHES)]
    differ = [
        (word, frequency.zipf(word, lang), zipf_frequency(word, lang))
        for word in words
        if frequency.zipf(word, lang) != zipf_frequency(word, lang)
    ]
    assert differ == []
    assert frequency._index(lang) is not None  # the index answered, not wordfreq


def test_a_second_process_answers_without_importing_wordfreq() -> None:
    words = [("coopération", "fr"), ("porte-parole", "fr"), ("l'espace", "fr"), ("don't", "en")]
    for word, lang in words:
        frequency.zipf(word, lang)  # builds the indexes if this session has not
    code = (
        "import sys\nfrom bilingue import frequency\n"
        f"print(*(frequency.zipf(w, lang) for w, lang in {words!r}))\n"
        "print('wordfreq' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.split()
    assert out == [*(str(zipf_frequency(w, lang)) for w, lang in words), "False"]


def test_a_corrupt_index_is_rebuilt(fresh_cache: Path) -> None:
    expected = zipf_frequency("coopération", "fr")
    assert frequency.zipf("coopération", "fr") == expected
    (index,) = fresh_cache.glob("wordfreq-fr-*.sqlite3")
    index.write_bytes(b"not a database at all" * 100)
    frequency._index.cache_clear()
    assert frequency.zipf("coopération", "fr") == expected
    assert index.read_bytes().startswith(b"SQLite format 3")
    assert list(fresh_cache.glob("*.partial")) == []


def test_a_truncated_index_is_rebuilt(fresh_cache: Path) -> None:
    frequency.zipf("espace", "fr")
    (index,) = fresh_cache.glob("wordfreq-fr-*.sqlite3")
    index.write_bytes(index.read_bytes()[:8192])
    frequency._index.cache_clear()
    assert frequency.zipf("médiateur", "fr") == zipf_frequency("médiateur", "fr")
    assert index.stat().st_size > 8192


def test_an_index_damaged_while_open_hands_over_to_wordfreq(fresh_cache: Path) -> None:
    frequency.zipf("espace", "fr")
    (index,) = fresh_cache.glob("wordfreq-fr-*.sqlite3")
    opened = frequency._index("fr")
    assert opened is not None
    index.write_bytes(index.read_bytes()[:8192])  # the same file, cut short under it
    words = ["zygomatique", "abaissement", "coopération", "yaourt", "porte-parole"]
    assert [frequency.zipf(w, "fr") for w in words] == [zipf_frequency(w, "fr") for w in words]
    assert opened.broken  # the index noticed, and wordfreq answered


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_an_unwritable_cache_folder_still_answers(fresh_cache: Path) -> None:
    fresh_cache.mkdir()
    fresh_cache.chmod(0o500)
    try:
        assert frequency.zipf("coopération", "fr") == zipf_frequency("coopération", "fr")
        assert frequency._index("fr") is None
    finally:
        fresh_cache.chmod(0o700)


def test_a_cache_path_that_is_a_file_still_answers(fresh_cache: Path) -> None:
    fresh_cache.write_text("in the way", encoding="utf-8")
    assert frequency.zipf("coopération", "fr") == zipf_frequency("coopération", "fr")
    assert frequency._index("fr") is None
    assert fresh_cache.read_text(encoding="utf-8") == "in the way"


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(usercache.CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cache_dir() == tmp_path / "bilingue"
    monkeypatch.setenv(usercache.CACHE_DIR_VARIABLE, str(tmp_path / "mine"))
    assert usercache.cache_dir() == tmp_path / "mine"
