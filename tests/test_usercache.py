"""usercache: derived data kept per source file, rebuilt when damaged, never required."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bilingue import usercache
from bilingue.stages import names


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(usercache.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "data.txt"
    path.write_text("raw data", encoding="utf-8")
    return path


class _Builder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.calls = 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return self.lines


def test_built_once_then_read_back(cache: Path, source: Path) -> None:
    build = _Builder(["Élodie", "jean-yves", ""])
    assert usercache.cached_lines("names", source, build) == ["Élodie", "jean-yves", ""]
    assert usercache.cached_lines("names", source, build) == ["Élodie", "jean-yves", ""]
    assert build.calls == 1
    assert len(list(cache.iterdir())) == 1


def test_a_changed_source_gets_a_new_entry(cache: Path, source: Path) -> None:
    usercache.cached_lines("names", source, _Builder(["a"]))
    source.write_text("other raw data", encoding="utf-8")
    assert usercache.cached_lines("names", source, _Builder(["b"])) == ["b"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"alpha", b"alphx"),  # a changed byte
        lambda data: b"\xff\xfe" + data,  # not UTF-8
        lambda data: b"",  # empty
    ],
)
def test_a_damaged_entry_is_rebuilt(cache: Path, source: Path, damage: object) -> None:
    usercache.cached_lines("names", source, _Builder(["alpha", "beta"]))
    (entry,) = cache.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    build = _Builder(["alpha", "beta"])
    assert usercache.cached_lines("names", source, build) == ["alpha", "beta"]
    assert build.calls == 1
    assert usercache.cached_lines("names", source, _Builder([])) == ["alpha", "beta"]


def test_a_cache_folder_that_cannot_be_made_still_answers(cache: Path, source: Path) -> None:
    cache.write_text("a file in the way", encoding="utf-8")
    build = _Builder(["alpha"])
    assert usercache.cached_lines("names", source, build) == ["alpha"]
    assert usercache.cached_lines("names", source, build) == ["alpha"]
    assert build.calls == 2
    assert cache.read_text(encoding="utf-8") == "a file in the way"


def test_the_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(usercache.CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cache_dir() == tmp_path / "bilingue"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.cache_dir() == tmp_path / "home" / ".cache" / "bilingue"


def test_first_names_from_the_cache_match_gender_guesser(cache: Path) -> None:
    import gender_guesser.detector as gender

    detector = gender.Detector(case_sensitive=False)
    names._first_names.cache_clear()
    try:
        first = names._first_names()
        names._first_names.cache_clear()
        again = names._first_names()  # read back from the file just written
    finally:
        names._first_names.cache_clear()
    assert first == again == frozenset(detector.names)
    assert any(path.name.startswith("first-names-") for path in cache.iterdir())
    for word in ["Joël", "Jean-Yves", "Adrian", "Vladimir", "Station", "Roscosmos", "Ève"]:
        expected = detector.get_gender(word.split("-")[0]) != "unknown"
        assert names.is_first_name(word) == expected, word
    assert os.environ[usercache.CACHE_DIR_VARIABLE] == str(cache)
