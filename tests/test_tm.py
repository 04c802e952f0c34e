"""The translation memory against real SQLite: storing, exact and fuzzy matching, errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.errors import TmError
from bilingue.tm import SCHEMA_VERSION, TmUnit, TranslationMemory, match_key, open_memory

SOURCE = "Le CNES et Roscosmos signent un accord de coopération."
TARGET = "CNES and Roscosmos sign a cooperation agreement."


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with open_memory(tmp_path / "ws" / ".bilingue" / "tm.sqlite") as opened:
        yield opened


def unit(source: str = SOURCE, target: str = TARGET, **meta: str) -> TmUnit:
    return TmUnit(source, target, **meta)


def test_opening_creates_the_folder_and_a_wal_database(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tm.sqlite"
    with open_memory(path) as memory:
        assert memory.stats().units == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_unit_keeps_everything_it_was_stored_with(memory: TranslationMemory) -> None:
    stored = unit(
        document="release.docx",
        segment_id="p3.s1",
        created="2026-11-25T21:00:00Z",
        engine="apertium",
        glossary_version="space-2",
        author="Claire",
    )
    assert memory.add([stored]) == 1
    found = memory.exact(SOURCE)
    assert found is not None
    assert found.unit == stored
    assert found.score == 100.0
    assert list(memory.units()) == [stored]


def test_storing_a_pair_again_refreshes_it_instead_of_duplicating(
    memory: TranslationMemory,
) -> None:
    assert memory.add([unit(author="A", created="2026-01-01T00:00:00Z")]) == 1
    assert memory.add([unit(author="B", created="2026-02-01T00:00:00Z")]) == 0
    assert [u.author for u in memory.units()] == ["B"]
    assert memory.stats().units == 1


def test_blank_sides_are_not_stored(memory: TranslationMemory) -> None:
    assert memory.add([unit(target="  "), unit(source=""), unit()]) == 1
    assert memory.stats().units == 1


@pytest.mark.parametrize(
    "variant",
    [
        "Le CNES et Roscosmos signent un accord de coopération.",
        "Le\u00a0CNES  et Roscosmos\tsignent un accord de coopération. ",
        "Le CNES et Roscosmos signent un accord de coope\u0301ration.",  # decomposed é
    ],
)
def test_exact_match_ignores_whitespace_and_unicode_form(
    memory: TranslationMemory, variant: str
) -> None:
    memory.add([unit()])
    found = memory.exact(variant)
    assert found is not None and found.unit.target == TARGET


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        (
            "L'agence a dit : « c'est prêt » !",
            "L’agence a dit\u202f: «\u00a0c’est prêt\u00a0»\u202f!",
        ),
        ("Pourquoi ?", "Pourquoi?"),
        ("Il a dit “oui”…", 'Il a dit "oui"...'),
        ("Lancement prévu à 10h ; retour à 12h.", "Lancement prévu à 10h; retour à 12h."),
    ],
)
def test_exact_match_ignores_typography(memory: TranslationMemory, stored: str, asked: str) -> None:
    memory.add([unit(source=stored, target="EN")])
    found = memory.exact(asked)
    assert found is not None and found.unit.source == stored


def test_exact_match_keeps_case_and_words(memory: TranslationMemory) -> None:
    memory.add([unit()])
    assert memory.exact(SOURCE.replace("Le CNES", "le CNES")) is None
    assert memory.exact(SOURCE.replace("un accord", "deux accords")) is None
    assert memory.exact("") is None


def test_the_most_recent_approval_wins(memory: TranslationMemory) -> None:
    memory.add(
        [
            unit(target="Old English.", created="2026-01-01T00:00:00Z"),
            unit(target="New English.", created="2026-03-01T00:00:00Z"),
            unit(target="Middle English.", created="2026-02-01T00:00:00Z"),
        ]
    )
    found = memory.exact(SOURCE)
    assert found is not None and found.unit.target == "New English."


def test_a_failed_batch_stores_nothing(memory: TranslationMemory) -> None:
    memory.add([unit(source="Avant.", target="Before.")])

    def units_then_failure() -> object:
        yield unit()
        raise RuntimeError("reader broke")

    with pytest.raises(RuntimeError):
        memory.add(units_then_failure())  # type: ignore[arg-type]
    assert [u.source for u in memory.units()] == ["Avant."]
    assert memory.exact(SOURCE) is None
    assert memory.fuzzy(SOURCE) == []


def test_fuzzy_scores_close_sources_and_drops_far_ones(memory: TranslationMemory) -> None:
    memory.add(
        [
            unit(),
            unit(source="Le CNES et la NASA signent un accord de coopération.", target="NASA"),
            unit(source="La météo est clémente à Kourou ce matin.", target="Weather"),
        ]
    )
    asked = "Le CNES et Roscosmos signent un nouvel accord de coopération."
    matches = memory.fuzzy(asked)
    assert [m.unit.target for m in matches] == [TARGET, "NASA"]
    assert all(75.0 <= m.score < 100.0 for m in matches)
    assert matches[0].score > matches[1].score
    assert memory.fuzzy(asked, threshold=95.0) == []
    assert len(memory.fuzzy(asked, limit=1)) == 1


def test_fuzzy_includes_the_exact_match_at_100(memory: TranslationMemory) -> None:
    memory.add([unit(), unit(source=SOURCE.replace("un accord", "l'accord"), target="the")])
    matches = memory.fuzzy(SOURCE.replace(" ", "\u00a0", 1))
    assert matches[0].score == 100.0 and matches[0].unit.target == TARGET
    assert matches[1].score < 100.0


def test_fuzzy_finds_a_match_among_many_similar_units(memory: TranslationMemory) -> None:
    # Thousands of units sharing the common words: the candidate index must still
    # reach the one that shares the rare ones.
    filler = [
        unit(
            source=f"Le CNES et le partenaire {n} signent un accord de coopération.", target=f"{n}"
        )
        for n in range(3000)
    ]
    wanted = unit(source="Le CNES et Arianespace signent un contrat de lancement.", target="W")
    memory.add([*filler, wanted])
    matches = memory.fuzzy("Le CNES et Arianespace signent un contrat de lancements.")
    assert matches and matches[0].unit.target == "W"


def test_stats_count_units_sources_documents_and_dates(memory: TranslationMemory) -> None:
    memory.add(
        [
            unit(document="a.docx", engine="apertium", created="2026-01-02T00:00:00Z"),
            unit(target="Other.", document="a.docx", engine="argos", created="2026-03-04T00:00Z"),
            unit(source="Bonjour.", target="Hello.", document="b.txt", engine="apertium"),
        ]
    )
    stats = memory.stats()
    assert (stats.units, stats.sources, stats.documents) == (3, 2, 2)
    assert (stats.oldest, stats.newest) == ("2026-01-02T00:00:00Z", "2026-03-04T00:00Z")
    assert stats.engines == (("apertium", 2), ("argos", 1))


def test_a_memory_is_shared_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with open_memory(path) as writer, open_memory(path) as reader:
        writer.add([unit()])
        assert reader.exact(SOURCE) is not None


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    path.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(TmError, match="not a bilingue translation memory") as caught:
        open_memory(path)
    assert caught.value.path == str(path)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(TmError, match="something else"):
        open_memory(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    open_memory(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(TmError, match="newer bilingue"):
        open_memory(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TmError, match="is a folder"):
        open_memory(tmp_path)


@given(st.text())
def test_match_key_is_idempotent(text: str) -> None:
    assert match_key(match_key(text)) == match_key(text)


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"])))
def test_match_key_ignores_no_break_spaces_and_apostrophes(text: str) -> None:
    typographic = text.replace(" ", "\u00a0").replace("'", "\u2019")
    assert match_key(typographic) == match_key(text)


def test_keys_made_by_other_rules_are_rebuilt_on_open(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with open_memory(path) as memory:
        memory.add([unit()])
    # As if an older bilingue had normalised differently and indexed nothing.
    db = sqlite3.connect(path)
    db.execute("UPDATE units SET key = 'stale'")
    db.execute("DELETE FROM postings")
    db.execute("UPDATE meta SET value = '0' WHERE key = 'keys'")
    db.commit()
    db.close()
    with open_memory(path) as memory:
        assert memory.exact(SOURCE) is not None
        assert memory.fuzzy(SOURCE.replace("un accord", "deux accords"))
